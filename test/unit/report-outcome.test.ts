import { expect } from 'chai';
import { isPassingReportError, reportWithRetry } from '../../workers/framework/report-outcome.js';

/**
 * Sending a task's outcome again when the engine refused it for a passing reason. The error
 * texts are the external task client's, as logged in CI when a timer on the same instance
 * committed first.
 */
const optimisticLock = new Error(
  "Response code 500 (Internal Server Error); Error: ENGINE-03005 Execution of 'UPDATE ExecutionEntity[136b2710]' failed. Entity was updated by another transaction concurrently.; Type: OptimisticLockingException; Code: 1",
);
const taskGone = new Error(
  'Response code 404 (Not Found); Error: External task with id 13a4adfd does not exist; Type: RestException',
);
const lockLost = new Error(
  "Response code 500 (Internal Server Error); Error: External Task 13a4adfd cannot be completed by worker 'b'. It is locked by worker 'a'.; Type: BadUserRequestException",
);

describe('worker: reporting a task outcome the engine refused for a moment', () => {
  it('tells passing refusals (concurrent update, broken connection) from final ones', () => {
    expect(isPassingReportError(optimisticLock)).to.equal(true);
    expect(isPassingReportError(new Error('read ECONNRESET'))).to.equal(true);
    expect(isPassingReportError(taskGone)).to.equal(false);
    expect(isPassingReportError(lockLost)).to.equal(false);
    expect(isPassingReportError('a string, not an Error')).to.equal(false);
  });

  it('sends the outcome again after a concurrent update, until the engine takes it', async () => {
    let calls = 0;
    const retried: number[] = [];
    const result = await reportWithRetry(
      async () => {
        calls++;
        if (calls < 3) throw optimisticLock;
        return 'taken';
      },
      (_err, attempt) => retried.push(attempt),
      [1, 1, 1],
    );
    expect(result).to.equal('taken');
    expect(calls).to.equal(3);
    expect(retried).to.deep.equal([1, 2]);
  });

  it('gives up on a final refusal at once, and after the last try on a passing one', async () => {
    let calls = 0;
    const final = await reportWithRetry(
      async () => {
        calls++;
        throw taskGone;
      },
      undefined,
      [1, 1, 1],
    ).catch((err: unknown) => err);
    expect(final).to.equal(taskGone);
    expect(calls).to.equal(1);

    calls = 0;
    const passing = await reportWithRetry(
      async () => {
        calls++;
        throw optimisticLock;
      },
      undefined,
      [1, 1, 1],
    ).catch((err: unknown) => err);
    expect(passing).to.equal(optimisticLock);
    expect(calls).to.equal(4);
  });
});
