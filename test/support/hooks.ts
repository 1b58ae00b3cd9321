import { closeHarness } from './harness.js';

/** Root hooks: stop the in-process components once every test has run. */
export const mochaHooks = {
  async afterAll() {
    await closeHarness();
  },
};
