import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';

/**
 * `npm run token -- <demo user|role> [authority|organisation]`: the argument is honoured (a
 * token for the organisation or authority asked for), and a malformed one is refused with the
 * reason, never replaced by a default.
 */
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args]).then(
    ({ stdout }) => ({ code: 0, stdout: stdout.trim(), stderr: '' }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );

describe('token command', function () {
  this.timeout(30_000);

  it('issues an employer token for the organisation named, demo user or role', async () => {
    const demo = await run('employer', '87654321');
    expect(demo.code, demo.stderr).to.equal(0);
    expect(decodeJwt(demo.stdout)).to.include({
      sub: 'demo-employer-muster-pflege',
      role: 'employer',
      org: '87654321',
    });
    const role = await run('employer', '11112222');
    expect(decodeJwt(role.stdout)).to.include({ role: 'employer', org: '11112222' });
    expect(decodeJwt((await run('employer')).stdout)).to.include({ org: '12345678' });
  });

  it('issues a caseworker token for the authority named', async () => {
    const demo = await run('ba-caseworker', 'ABH');
    expect(demo.code, demo.stderr).to.equal(0);
    expect(decodeJwt(demo.stdout)).to.include({ role: 'caseworker', authority: 'ABH' });
    expect(decodeJwt((await run('partner', 'BVA')).stdout)).to.include({ authority: 'BVA' });
  });

  it('refuses a malformed organisation or authority, and an argument a role does not take', async () => {
    for (const [args, reason] of [
      [['employer', '8765'], /organisation.*8 digits/],
      [['employer', 'ACME GmbH'], /organisation.*8 digits/],
      [['caseworker', 'POLICE'], /authority.*BA/],
      [['applicant', '87654321'], /takes no/],
      [['employer', '87654321', 'extra'], /usage/],
    ] as [string[], RegExp][]) {
      const res = await run(...args);
      expect(res.code, args.join(' ')).to.equal(2);
      expect(res.stdout, args.join(' ')).to.equal('');
      expect(res.stderr, args.join(' ')).to.match(reason);
    }
  });
});
