import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ProjectionReader } from '../../gateway/data/projection-reader.js';
import { caseViewsFrom } from '../../read-model/instance-view.js';
import { getHarness, type Harness } from '../support/harness.js';

/**
 * A case's instances come from one statement (the status read): the same views, in the same
 * order, as walking the tree one primary-key read at a time.
 */
describe('read model: a case’s instances in one read', function () {
  let h: Harness;
  const ids: string[] = [];
  before(async () => {
    h = await getHarness();
  });
  after(async () => {
    await h.pool.query('delete from read_model.process_instances where id = any($1::text[])', [
      ids,
    ]);
  });

  /** Stores a bare view (what the reader needs of it: its key and its children). */
  async function store(name: string, children: string[], parent = '-1'): Promise<string> {
    const id = `${name}-${randomUUID()}`;
    ids.push(id);
    const view = {
      _id: id,
      bpmnProcessId: name,
      children: Object.fromEntries(children.map((c) => [c, { elementId: 'Call' }])),
      elements: {},
      history: [],
      variables: [],
      timers: {},
      incidents: {},
    };
    await h.pool.query(
      `insert into read_model.process_instances
         (id, view, revision, bpmn_process_id, process_definition_key, parent_id, state)
       values ($1, $2, 1, $3, $3, $4, 'ACTIVE')`,
      [id, view, name, parent],
    );
    return id;
  }

  it('returns the root, then each level of called instances, as the step-by-step walk does', async () => {
    const grandchild = await store('grandchild', []);
    const second = await store('second', []);
    // A child the projection has not stored yet is left out, as before.
    const first = await store('first', [grandchild, `missing-${randomUUID()}`]);
    const root = await store('root', [first, second]);
    await store('unrelated', []);

    const reader = new ProjectionReader(h.pool);
    const oneRead = (await reader.caseInstances(root)).map((v) => v._id);
    const rootView = (await reader.instance(root))!;
    const stepByStep = (await caseViewsFrom(rootView, (k) => reader.instance(k))).map((v) => v._id);
    expect(oneRead).to.deep.equal(stepByStep);
    expect(oneRead).to.have.members([root, first, second, grandchild]);
    expect(oneRead[0]).to.equal(root);
    expect(oneRead.indexOf(grandchild)).to.be.greaterThan(oneRead.indexOf(second));
    expect(await reader.caseInstances(`missing-${randomUUID()}`)).to.deep.equal([]);
  });
});
