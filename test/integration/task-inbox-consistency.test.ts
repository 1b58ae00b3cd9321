import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createPool, inTransaction } from '../../common/db.js';
import { TaskInboxStore, type InboxTask } from '../../read-model/task-inbox.js';
import { getHarness } from '../support/harness.js';

/**
 * A task list is one moment of the inbox: the page and the total come from the same
 * snapshot. They used to be two queries on two connections, so a batch the projector
 * committed between them gave a list whose total counted a task the page did not show (a
 * task 'missing' from the list) or showed one the total did not count.
 */
describe('task inbox: a list and its total are one moment', function () {
  this.timeout(60_000);

  it('never answers a total that disagrees with the page while the projector writes', async () => {
    await getHarness(); // the stack, its store migrated
    const pool = createPool(process.env.DATABASE_URL!, { max: 6, applicationName: 'tests' });
    const group = `CONSISTENCY-${randomUUID()}`;
    const task = (i: number): InboxTask => ({
      userTaskKey: `${group}-${i}`,
      caseId: null,
      processInstanceKey: randomUUID(),
      bpmnProcessId: 'job-change',
      elementId: 'ConfirmJobChange',
      candidateGroups: [group],
      assignee: null,
      dueDate: null,
      followUpDate: null,
      createdAt: new Date(),
      escalatesAt: null,
      escalatedAt: null,
    });
    const inboxes = new TaskInboxStore(pool);
    let writing = true;
    // The projector's side: tasks come and go, one batch transaction at a time.
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await inTransaction(pool, (c) => TaskInboxStore.apply(c, [{ kind: 'put', task: task(i) }]));
        await inTransaction(pool, (c) =>
          TaskInboxStore.apply(c, [
            { kind: 'remove', userTaskKey: `${group}-${i}`, groups: [group] },
          ]),
        );
      }
    })();
    const disagreements: string[] = [];
    try {
      for (let n = 0; n < 1000; n++) {
        const { tasks, total } = await inboxes.list(
          { authority: group },
          { sort: 'createdAt', limit: 500, offset: 0 },
          new Date(),
        );
        if (tasks.length !== total) disagreements.push(`${tasks.length} shown, total ${total}`);
      }
    } finally {
      writing = false;
      await writer;
      await pool.query('delete from read_model.inbox_tasks where candidate_group = $1', [group]);
      await pool.end();
    }
    expect(disagreements).to.deep.equal([]);
  });
});
