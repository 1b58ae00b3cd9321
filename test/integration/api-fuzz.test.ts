import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/stack/versions.js';
import { getHarness } from '../support/harness.js';
import type { Principal } from '../../gateway/auth.js';

/**
 * Property-based fuzzing driven by the OpenAPI document (schemathesis, installed by
 * scripts/install.sh into .local/venv): valid and invalid requests for every operation,
 * including the stateful phase that follows a started case to its status. Passes when no
 * response is a 5xx, and every status code, content type and body is the one documented.
 * Bounded: FUZZ_MAX_EXAMPLES per operation (default 10), fixed seed (FUZZ_SEED) so a failure
 * reproduces; run with another seed to explore.
 */
// Where scripts/install.sh puts it: the shared downloads (WSA_LOCAL_DIR) or the checkout's .local.
const LOCAL_DIR = process.env.WSA_LOCAL_DIR ?? path.join(ROOT_DIR, '.local');
const ST = path.join(LOCAL_DIR, 'venv', 'bin', 'st');
/** Its own caller, so the cases the fuzzer starts can be found and cancelled afterwards. */
const FUZZER: Principal = { subject: 'fuzz-employer', role: 'employer', organisation: '12345678' };

describe('gateway: property-based fuzzing from the OpenAPI document', function () {
  this.timeout(300_000);

  it('finds no server error and no response that breaks the document', async () => {
    expect(existsSync(ST), `${ST} (installed by scripts/install.sh)`).to.equal(true);
    const h = await getHarness();
    const token = await h.token(FUZZER);
    const seed = process.env.FUZZ_SEED ?? '20261123';
    const args = [
      'run',
      `${h.gatewayUrl}/api/openapi.json`,
      '-H',
      `Authorization: Bearer ${token}`,
      '--max-examples',
      process.env.FUZZ_MAX_EXAMPLES ?? '10',
      '--seed',
      seed,
      '--checks',
      'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
      '--generation-database',
      'none',
      // One worker: with threads, CPython 3.11's ast.parse (used by hypothesis) can fail
      // with "AST constructor recursion depth mismatch" — a tool error, not an API finding.
      '--workers',
      '1',
      '--no-color',
      // No --max-time: with a budget, schemathesis keeps fuzzing until it is spent.
      '--request-timeout',
      '10',
      // The event stream never ends by itself (its own test reads it: event-stream.test.ts).
      '--exclude-operation-id',
      'stream-events',
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve, reject) => {
        const child = spawn(ST, args, {
          // Its cache and reports go under .local, not into the repository.
          cwd: LOCAL_DIR,
          env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' },
        });
        let output = '';
        child.stdout.on('data', (d) => (output += String(d)));
        child.stderr.on('data', (d) => (output += String(d)));
        child.on('error', reject);
        child.on('close', (c) => resolve({ code: c, output }));
      },
    );
    // The cases it started would otherwise wait on timers that later tests' clock moves fire.
    const { rows: started } = await h.pool.query<{ process_instance_key: string }>(
      `select i.process_instance_key from read_model.cases c
       join read_model.case_instances i on i.case_id = c.id where c.created_by = $1`,
      [FUZZER.subject],
    );
    for (const link of started)
      await h.engine.cancelInstance(link.process_instance_key, 'fuzz test').catch(() => undefined);
    // The webhooks it subscribed would be sent every later test's events.
    await h.pool.query('delete from read_model.webhook_subscriptions where created_by = $1', [
      FUZZER.subject,
    ]);
    // The sandbox it asked for would be started by a provisioner (sandbox-provisioning.test.ts).
    await h.pool.query('delete from read_model.sandboxes where requested_by = $1', [
      FUZZER.subject,
    ]);
    const summary = output.slice(output.indexOf('SUMMARY'));
    expect(code, `schemathesis (seed ${seed}) failed:\n${output.slice(-6000)}`).to.equal(0);
    expect(summary).to.match(/Tested: \d+/);
    expect(summary).to.match(/\d+ generated, \d+ passed/);
  });
});
