import type { TaskInbox, TaskInboxStore } from '../../projector/task-inbox.js';

/**
 * The authorities' task inboxes, kept in the gateway's memory. Reading a 10,000-task inbox
 * from the local store takes ~650 ms (bench/RESULTS.md), so a task list is answered from
 * memory and the copy is refreshed in the background when it is older than `maxAgeMs`:
 * first the revision alone, the whole document only when it changed. A list is therefore
 * at most about a second behind the projection, which is itself eventually consistent.
 */
export class InboxCache {
  private readonly entries = new Map<
    string,
    { inbox: TaskInbox | null; loadedAt: number; refreshing?: Promise<void> }
  >();

  constructor(
    private readonly store: TaskInboxStore,
    private readonly maxAgeMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(authority: string): Promise<TaskInbox | null> {
    const entry = this.entries.get(authority);
    if (!entry) {
      const inbox = await this.store.get(authority);
      this.entries.set(authority, { inbox, loadedAt: this.now() });
      return inbox;
    }
    if (this.now() - entry.loadedAt > this.maxAgeMs && !entry.refreshing)
      entry.refreshing = this.refresh(authority, entry).finally(
        () => (entry.refreshing = undefined),
      );
    return entry.inbox;
  }

  private async refresh(
    authority: string,
    entry: { inbox: TaskInbox | null; loadedAt: number },
  ): Promise<void> {
    try {
      const revision = await this.store.revision(authority);
      if (revision !== (entry.inbox?.revision ?? null))
        entry.inbox = await this.store.get(authority);
      entry.loadedAt = this.now();
    } catch {
      // The store is unavailable: keep serving the last copy; the next request tries again.
    }
  }
}
