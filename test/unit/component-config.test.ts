import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../common/env.js';
import { loadGatewayConfig } from '../../gateway/config.js';
import { loadProjectorConfig } from '../../projector/config.js';
import { loadSimulatorsConfig } from '../../simulators/config.js';
import { loadWorkersConfig } from '../../workers/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What a component needs at the least (the engine account, the token secret). */
const minimal = {
  AUTH_JWT_SECRET: 'a-secret',
  ENGINE_USER: 'gateway',
  ENGINE_PASSWORD: 'gateway-password',
};

/** Starts a component's main module with only these variables; it must stop at once. */
function start(main: string, env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stderr: run.stderr };
}

/** Each component's one configuration, validated at start: a bad value names its variable. */
describe('component configuration', function () {
  this.timeout(120_000);

  describe('gateway', () => {
    it('has its defaults, and reads each variable typed', () => {
      const c = loadGatewayConfig({
        ...minimal,
        GATEWAY_PORT: '3100',
        DEV_SIGN_IN: 'true',
        OPENAPI_RESPONSE_VALIDATION: 'log',
      });
      expect(c.port).to.equal(3100);
      expect(c.host).to.equal('127.0.0.1');
      expect(c.devSignIn).to.equal(true);
      expect(c.responseValidation).to.equal('log');
      expect(c.documentMaxBytes).to.equal(10 * 1024 * 1024);
      expect(c.engine.restUrl).to.equal('http://127.0.0.1:8090/engine-rest');
      expect(c.webAssetsDir).to.equal(undefined);
      expect(loadGatewayConfig(minimal).responseValidation).to.equal('strict');
    });

    it('refuses a missing secret, a port that is no number, a wrong switch: each named', () => {
      expect(() =>
        loadGatewayConfig({ ...minimal, AUTH_JWT_SECRET: '', GATEWAY_PORT: 'abc' }),
      ).to.throw(
        ConfigError,
        'environment variable AUTH_JWT_SECRET is required; environment variable GATEWAY_PORT must be an integer, got "abc"',
      );
      expect(() => loadGatewayConfig({ ...minimal, GATEWAY_PORT: '70000' })).to.throw(
        'environment variable GATEWAY_PORT must be <= 65535, got "70000"',
      );
      expect(() => loadGatewayConfig({ ...minimal, DEV_SIGN_IN: 'yes' })).to.throw(
        'environment variable DEV_SIGN_IN must be a boolean, got "yes"',
      );
      expect(() => loadGatewayConfig({ ...minimal, OPENAPI_RESPONSE_VALIDATION: 'none' })).to.throw(
        'environment variable OPENAPI_RESPONSE_VALIDATION must be one of strict, log, off',
      );
      expect(() => loadGatewayConfig({ ...minimal, DATABASE_URL: 'mysql://x' })).to.throw(
        'environment variable DATABASE_URL must be a postgres:// URL, got "mysql://x"',
      );
      expect(() => loadGatewayConfig({ ...minimal, ENGINE_PASSWORD: '' })).to.throw(
        'environment variable ENGINE_PASSWORD is required',
      );
    });

    it('stops at start on a non-numeric port, naming it', () => {
      const run = start('gateway/main.ts', { ...minimal, GATEWAY_PORT: 'abc' });
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.contain(
        'environment variable GATEWAY_PORT must be an integer, got "abc"',
      );
    });
  });

  describe('workers', () => {
    it('use their own engine account when set, and the partners on the simulators by default', () => {
      const c = loadWorkersConfig({
        ...minimal,
        ENGINE_WORKERS_USER: 'workers',
        ENGINE_WORKERS_PASSWORD: 'workers-password',
        SIMULATORS_PORT: '4999',
        PARTNER_BA_URL: 'http://ba.example/api',
      });
      expect(c.engine.user).to.equal('workers');
      expect(c.partners.ba).to.equal('http://ba.example/api');
      expect(c.partners.bva).to.equal('http://127.0.0.1:4999/bva');
      expect(c.backlogPollMs).to.equal(5000);
      expect(c.metricsPort).to.equal(0);
      expect(() => loadWorkersConfig({ ...minimal, ENGINE_WORKERS_USER: 'workers' })).to.throw(
        'environment variable ENGINE_WORKERS_PASSWORD is required',
      );
      expect(() => loadWorkersConfig({ ...minimal, PARTNER_AZR_URL: 'azr' })).to.throw(
        'environment variable PARTNER_AZR_URL must be an http:// or https:// URL, got "azr"',
      );
    });

    it('stop at start on a non-numeric metrics port, naming it', () => {
      const run = start('workers/main.ts', { ...minimal, WORKERS_METRICS_PORT: 'abc' });
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.contain(
        'environment variable WORKERS_METRICS_PORT must be an integer, got "abc"',
      );
    });
  });

  describe('projector', () => {
    it('has its defaults, and refuses a batch size below 1', () => {
      const c = loadProjectorConfig({});
      expect(c.consumer).to.equal('wsa-read-model');
      expect(c.outboxKeepMs).to.equal(24 * 3_600_000);
      expect(() => loadProjectorConfig({ PROJECTOR_BATCH_SIZE: '0' })).to.throw(
        'environment variable PROJECTOR_BATCH_SIZE must be >= 1, got "0"',
      );
    });

    it('stops at start on a non-numeric metrics port, naming it', () => {
      const run = start('projector/main.ts', { PROJECTOR_METRICS_PORT: 'abc' });
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.contain(
        'environment variable PROJECTOR_METRICS_PORT must be an integer, got "abc"',
      );
    });
  });

  describe('simulators', () => {
    it('have their defaults, and refuse a gateway that is no URL', () => {
      const c = loadSimulatorsConfig({});
      expect(c.port).to.equal(4010);
      expect(c.gatewayUrl).to.equal(undefined);
      expect(() => loadSimulatorsConfig({ GATEWAY_URL: 'gateway:3000' })).to.throw(
        'environment variable GATEWAY_URL must be an http:// or https:// URL, got "gateway:3000"',
      );
    });

    it('follow the wall clock by default, the engine clock only with its URL and account', () => {
      expect(loadSimulatorsConfig({}).clock).to.equal('wall');
      expect(() => loadSimulatorsConfig({ SIMULATORS_CLOCK: 'engine' })).to.throw(
        'environment variable ENGINE_URL is required with SIMULATORS_CLOCK=engine',
      );
      expect(() => loadSimulatorsConfig({ SIMULATORS_CLOCK: 'sandbox' })).to.throw(
        'environment variable SIMULATORS_CLOCK must be one of wall, engine, got "sandbox"',
      );
      const c = loadSimulatorsConfig({
        SIMULATORS_CLOCK: 'engine',
        ENGINE_URL: 'http://127.0.0.1:18090',
        ENGINE_USER: 'gateway',
        ENGINE_PASSWORD: 'secret',
      });
      expect(c.clock).to.equal('engine');
      expect(c.engineUrl).to.equal('http://127.0.0.1:18090');
    });

    it('stop at start on a non-numeric port, naming it', () => {
      const run = start('simulators/main.ts', { SIMULATORS_PORT: 'abc' });
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.contain(
        'environment variable SIMULATORS_PORT must be an integer, got "abc"',
      );
    });
  });
});
