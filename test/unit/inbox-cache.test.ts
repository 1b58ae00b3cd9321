import { expect } from 'chai';
import { InboxCache } from '../../gateway/data/inbox-cache.js';
import type { TaskInbox, TaskInboxStore } from '../../projector/task-inbox.js';

/** The in-memory copy of the task inboxes: served at once, refreshed behind the request. */
describe('inbox cache', () => {
  function fakeStore() {
    const calls = { get: 0, revision: 0 };
    let inbox: TaskInbox = { _id: 'ABH', tasks: {}, revision: 1 };
    let failing = false;
    const store = {
      async get() {
        calls.get += 1;
        if (failing) throw new Error('store down');
        return structuredClone(inbox);
      },
      async revision() {
        calls.revision += 1;
        if (failing) throw new Error('store down');
        return inbox.revision;
      },
    } as unknown as TaskInboxStore;
    return {
      store,
      calls,
      change: () => (inbox = { ...inbox, revision: inbox.revision + 1 }),
      fail: (f: boolean) => (failing = f),
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 5));

  it('loads once, serves from memory, and reloads only a changed inbox after maxAge', async () => {
    let now = 0;
    const s = fakeStore();
    const cache = new InboxCache(s.store, 1000, () => now);
    expect((await cache.get('ABH'))!.revision).to.equal(1);
    await cache.get('ABH');
    expect(s.calls).to.deep.equal({ get: 1, revision: 0 });

    now = 1500; // stale, unchanged: the revision is checked, the document not read again
    expect((await cache.get('ABH'))!.revision).to.equal(1);
    await settle();
    expect(s.calls).to.deep.equal({ get: 1, revision: 1 });

    s.change();
    now = 3000; // stale and changed: the old copy now, the new one next
    expect((await cache.get('ABH'))!.revision).to.equal(1);
    await settle();
    expect((await cache.get('ABH'))!.revision).to.equal(2);
    expect(s.calls.get).to.equal(2);
  });

  it('keeps serving the last copy while the store is down', async () => {
    let now = 0;
    const s = fakeStore();
    const cache = new InboxCache(s.store, 1000, () => now);
    await cache.get('ABH');
    s.fail(true);
    now = 2000;
    expect((await cache.get('ABH'))!.revision).to.equal(1);
    await settle();
    expect((await cache.get('ABH'))!.revision).to.equal(1);
  });
});
