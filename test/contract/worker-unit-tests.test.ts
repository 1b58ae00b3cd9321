import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerCatalogue } from '../../workers/registry.js';

/**
 * Every worker in the registry has a unit test (issue 17): a `describe('worker <topic>', ...)`
 * in a file of test/unit/workers/ that runs its handler with fake adapters (success, business
 * error, partner failure, idempotency key; see support.ts). A new worker without one fails here.
 */
const UNIT_TESTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../unit/workers');

const testFiles = readdirSync(UNIT_TESTS)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(path.join(UNIT_TESTS, f), 'utf8') }));

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('contract: every worker has a unit test', () => {
  it('finds the worker unit tests', () => {
    expect(testFiles.length).to.be.greaterThan(0);
  });

  for (const { type } of workerCatalogue())
    it(`${type} has a describe('worker ${type}') in test/unit/workers/`, () => {
      const block = new RegExp(`describe\\(\\s*['"\`]worker ${escaped(type)}['"\`]`);
      const files = testFiles.filter((t) => block.test(t.text)).map((t) => t.file);
      expect(
        files,
        `no unit test for worker ${type} in test/unit/workers/*.test.ts`,
      ).to.have.length(1);
    });
});
