import { inTransaction, type Pool, type PoolClient } from '../common/db.js';
import { reduceInstance } from './instance-view.js';
import { caseIdOf, type InstanceView } from '../read-model/instance-view.js';
import type { EngineEvent } from './engine-events.js';
import { saveCursor, type OutboxCursor } from './outbox.js';
import { inboxChanges, touchedUserTasks } from './task-inbox.js';
import { TaskInboxStore, type InboxChange } from '../read-model/task-inbox.js';
import { CaseFactsStore } from './case-facts-store.js';
import { findViews, writeViews } from '../read-model/view-store.js';
import { procedureForProcess, type Procedure } from '../processes/registry.js';
import { deriveCaseEvents } from './case-events.js';
import { insertCaseEvents, type NewCaseEvent } from '../read-model/case-events.js';

/**
 * Applies the projector's batches to the read model. A batch is one transaction: the views
 * it changes (each guarded by the revision it was read at), the case links, the authorities'
 * inboxes, the facts of the cases it touched and the outbox cursor after the batch — all or
 * nothing.
 */
export class InstanceStore {
  private readonly facts: CaseFactsStore;

  constructor(
    private readonly pool: Pool,
    /** The procedures, for the cases' facts and events (steps, statutory deadlines). */
    private readonly procedures: Map<string, Procedure>,
    /** Runs first in every batch's transaction: throws if this writer may not write. */
    private readonly fence: (client: PoolClient) => Promise<void> = async () => undefined,
  ) {
    this.facts = new CaseFactsStore(procedures);
  }

  async apply(
    eventsByInstance: Map<string, EngineEvent[]>,
    /** Where the batch ends in the outbox: stored with the views it produced. */
    position?: { consumer: string; cursor: OutboxCursor },
  ): Promise<void> {
    try {
      await inTransaction(this.pool, async (client) => {
        await this.fence(client);
        await this.applyViews(client, eventsByInstance);
        if (position) await saveCursor(client, position.consumer, position.cursor);
      });
    } catch (err) {
      this.facts.forget();
      throw err;
    }
  }

  private async applyViews(
    client: PoolClient,
    eventsByInstance: Map<string, EngineEvent[]>,
  ): Promise<void> {
    const stored = await findViews(client, [...eventsByInstance.keys()], true);
    const inbox: InboxChange[] = [];
    const touched: InstanceView[] = [];
    const changed: InstanceView[] = [];
    const links: { caseId: string; processInstanceKey: string }[] = [];
    const events: NewCaseEvent[] = [];
    for (const [key, records] of eventsByInstance) {
      const current = stored.get(key) ?? null;
      const { view, changed: isChanged } = reduceInstance(current, key, records);
      if (!isChanged) {
        if (current) {
          inbox.push(...inboxChanges(current, touchedUserTasks(current, records)));
          touched.push(current);
        }
        continue;
      }
      view.revision = (current?.revision ?? 0) + 1;
      // A field operators can query ("which cases have an open incident?") without the map.
      view.openIncidents = Object.values(view.incidents).filter((i) => i.state === 'OPEN').length;
      changed.push(view);
      touched.push(view);
      events.push(
        ...deriveCaseEvents(
          current,
          view,
          procedureForProcess(this.procedures, view.bpmnProcessId),
        ),
      );
      inbox.push(...inboxChanges(view, touchedUserTasks(view, records)));
      const caseId = caseIdOf(view);
      // The gateway links the case right after starting it; this closes the window where it
      // crashed in between (see gateway/use-cases/start-case.ts).
      if (caseId && view.parentProcessInstanceKey === '-1' && (!current || !caseIdOf(current)))
        links.push({ caseId, processInstanceKey: key });
    }
    await writeViews(client, changed);
    for (const link of links)
      await client.query(
        `insert into read_model.case_instances (case_id, process_instance_key, linked_by)
         values ($1, $2, 'projector') on conflict (case_id) do nothing`,
        [link.caseId, link.processInstanceKey],
      );
    await TaskInboxStore.apply(client, inbox);
    // What parties may see changed: events, in this transaction (exactly once per change).
    await insertCaseEvents(client, events);
    await this.facts.update(client, touched);
  }
}
