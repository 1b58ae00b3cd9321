import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { engineComponent, startComponent, stopComponent } from '../../scripts/stack/infra.js';
import { getProfile, type StackProfile } from '../../scripts/stack/profiles.js';
import { eventually, getHarness, type Harness } from '../support/harness.js';

/**
 * The engine host (engine/) as its callers meet it: the REST API refuses callers without
 * valid credentials, the test clock exists only where the flag mounts it, and the outbox is
 * written in the engine's own transaction — a command that fails leaves no row.
 */
const profile = getProfile('test');
/** A process of the tests' own, in the Camunda 7 dialect (one day of history). */
const testProcess = (id: string, elements: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:wsa-test">
  <bpmn:process id="${id}" isExecutable="true" camunda:historyTimeToLive="P1D">
${elements}  </bpmn:process>
</bpmn:definitions>`;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('engine host: credentials, test clock, transactional outbox', function () {
  this.timeout(120_000);
  let h: Harness;
  const engineUrl = `http://127.0.0.1:${profile.engine.port}`;
  before(async () => {
    h = await getHarness();
  });

  it('refuses the REST API without credentials or with a wrong password', async () => {
    const call = (authorization?: string) =>
      fetch(`${engineUrl}/engine-rest/engine`, {
        headers: authorization ? { authorization } : {},
      }).then((r) => r.status);
    expect(await call()).to.equal(401);
    expect(await call(basic(profile.engine.gateway.user, 'wrong'))).to.equal(401);
    expect(await call(basic('nobody', profile.engine.gateway.password))).to.equal(401);
    expect(
      await call(basic(profile.engine.gateway.user, profile.engine.gateway.password)),
    ).to.equal(200);
    expect(
      await call(basic(profile.engine.workers.user, profile.engine.workers.password)),
    ).to.equal(200);
    // A wrong password does not lock the account out (every request carries Basic auth).
    expect(
      await fetch(`${engineUrl}/engine-rest/process-definition/count`, {
        headers: {
          authorization: basic(profile.engine.gateway.user, profile.engine.gateway.password),
        },
      }).then((r) => r.status),
    ).to.equal(200);
  });

  it('remembers a passed credentials check: repeated calls do not read the identity tables', async () => {
    // Reads of the engine's user table, as PostgreSQL counts them (an idle backend reports its
    // counts within 10 s). Without the cache every call reads it once for the password.
    const userTableReads = async () => {
      await h.pool.query('select pg_stat_clear_snapshot()');
      const { rows } = await h.pool.query<{ n: string }>(
        `select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as n
           from pg_stat_user_tables where relname = 'act_id_user'`,
      );
      return Number(rows[0]!.n);
    };
    const call = (password: string) =>
      fetch(`${engineUrl}/engine-rest/engine`, {
        headers: { authorization: basic(profile.engine.workers.user, password) },
      }).then((r) => r.status);
    expect(await call(profile.engine.workers.password)).to.equal(200);
    const before = await userTableReads();
    for (let i = 0; i < 40; i++) expect(await call(profile.engine.workers.password)).to.equal(200);
    // Wrong passwords are checked every time: they show that the count moves at all.
    for (let i = 0; i < 10; i++) expect(await call('wrong')).to.equal(401);
    await new Promise((r) => setTimeout(r, 11_000));
    const reads = (await userTableReads()) - before;
    expect(reads, 'the wrong-password checks read the user table').to.be.at.least(10);
    expect(reads, 'the 40 calls with the right password did not').to.be.below(40);
  });

  describe('a second node on the same database, configured as in production', () => {
    // No test clock, 5 s job wait: as a production node runs.
    const plain: StackProfile = { ...profile, engine: { ...profile.engine, testClock: false } };
    const node = 7;
    const url = `http://127.0.0.1:${profile.engine.port + node}`;
    const auth = basic(profile.engine.gateway.user, profile.engine.gateway.password);
    before(async () => {
      await startComponent(plain, engineComponent(plain, node), () => undefined);
    });
    after(async () => {
      await stopComponent(plain, 'engine', () => undefined, node);
    });

    it('mounts no test clock (404), while the test node does', async () => {
      expect(
        (await fetch(`${engineUrl}/engine-test/clock`, { headers: { authorization: auth } }))
          .status,
      ).to.equal(200);
      for (const path of ['/engine-test/clock', '/engine-test/clock/add'])
        expect(
          (
            await fetch(`${url}${path}`, {
              method: path.endsWith('add') ? 'POST' : 'GET',
              headers: { authorization: auth, 'content-type': 'application/json' },
              body: path.endsWith('add') ? JSON.stringify({ offsetMilli: 1 }) : undefined,
            })
          ).status,
          path,
        ).to.equal(404);
      expect((await fetch(`${url}/engine-rest/engine`)).status).to.equal(401);
    });

    it('wakes a worker waiting on one node for a task created on another', async () => {
      const topic = `wake-up-${randomUUID().slice(0, 8)}`;
      const id = `wake-${randomUUID().slice(0, 8)}`;
      await h.engine.deploy([
        {
          name: `${id}.bpmn`,
          content: testProcess(
            id,
            `
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="${topic}"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="F2" sourceRef="Work" targetRef="End" />
`,
          ),
        },
      ]);
      const json = { authorization: auth, 'content-type': 'application/json' };
      // A worker long-polls the test node for 20 s...
      const polling = Date.now();
      const fetched = fetch(`${engineUrl}/engine-rest/external-task/fetchAndLock`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          workerId: 'wake-up-test',
          maxTasks: 1,
          asyncResponseTimeout: 20_000,
          topics: [{ topicName: topic, lockDuration: 10_000 }],
        }),
      }).then(async (r) => ({ tasks: (await r.json()) as { id: string }[], at: Date.now() }));
      await new Promise((r) => setTimeout(r, 500));
      // ...while the task is created through the other node.
      const created = Date.now();
      const start = await fetch(`${url}/engine-rest/process-definition/key/${id}/start`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ businessKey: `wake-${topic}` }),
      });
      expect(start.status).to.equal(200);
      const { tasks, at } = await fetched;
      expect(tasks, 'the waiting fetch got the task').to.have.length(1);
      expect(at - created, 'woken, not waited out').to.be.below(3_000);
      expect(at - polling).to.be.below(10_000);
    });
  });

  it('carries in the outbox what the projector reads, while the engine keeps its own logs', async () => {
    const id = `outbox-kinds-${randomUUID().slice(0, 8)}`;
    const topic = `outbox-kinds-${randomUUID().slice(0, 8)}`;
    // An external task, a timer, and an async continuation before the end.
    await h.engine.deploy([
      {
        name: `${id}.bpmn`,
        content: testProcess(
          id,
          `
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="${topic}"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="Pause"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" camunda:asyncBefore="true"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="F2" sourceRef="Work" targetRef="Pause" />
    <bpmn:sequenceFlow id="F3" sourceRef="Pause" targetRef="End" />
`,
        ),
      },
    ]);
    const instance = await h.engine.startInstance(id, `kinds-${topic}`, {});
    const auth = basic(profile.engine.gateway.user, profile.engine.gateway.password);
    const json = { authorization: auth, 'content-type': 'application/json' };
    const [task] = (await (
      await fetch(`${engineUrl}/engine-rest/external-task/fetchAndLock`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          workerId: 'outbox-kinds',
          maxTasks: 1,
          asyncResponseTimeout: 5_000,
          topics: [{ topicName: topic, lockDuration: 10_000 }],
        }),
      })
    ).json()) as { id: string }[];
    const done = await fetch(`${engineUrl}/engine-rest/external-task/${task!.id}/complete`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ workerId: 'outbox-kinds' }),
    });
    expect(done.status).to.equal(204);
    await eventually(
      async () => {
        const { rows } = await h.pool.query(
          `select 1 from engine_events where process_instance_id = $1
             and type = 'HistoricProcessInstanceEventEntity:end'`,
          [instance],
        );
        return rows.length === 1 ? true : undefined;
      },
      'the instance ended (timer fired, async end run)',
      20_000,
    );

    const { rows } = await h.pool.query<{ type: string; job: string | null }>(
      `select type, payload->>'jobDefinitionType' as job from engine_events
        where process_instance_id = $1`,
      [instance],
    );
    const types = new Set(rows.map((r) => r.type));
    expect(types).to.include('HistoricActivityInstanceEventEntity:end');
    expect([...types].filter((t) => t.startsWith('HistoricExternalTaskLogEntity'))).to.deep.equal(
      [],
    );
    const jobs = rows.filter((r) => r.type.startsWith('HistoricJobLogEventEntity'));
    expect(jobs.map((r) => r.job)).to.include('timer-intermediate-transition');
    expect(
      jobs.filter((r) => !r.job?.startsWith('timer')),
      'no async-continuation logs',
    ).to.deep.equal([]);
    // The engine's own history keeps the logs the outbox leaves out.
    const logs = (await (
      await fetch(
        `${engineUrl}/engine-rest/history/external-task-log?processInstanceId=${instance}`,
        {
          headers: { authorization: auth },
        },
      )
    ).json()) as unknown[];
    expect(logs.length, 'external-task logs in the engine history').to.be.at.least(2);
  });

  it('gives scripts in the models the process variables, not the host’s Spring beans', async () => {
    const id = `script-bindings-${randomUUID().slice(0, 8)}`;
    // restClientBuilder is a prototype bean of every Spring Boot host: seen by a script, it
    // would be built anew on every evaluation (see engine/…/NoSpringBeansInScriptsPlugin).
    const feel = (expression: string) =>
      `<camunda:script scriptFormat="feel">${expression}</camunda:script>`;
    await h.engine.deploy([
      {
        name: `${id}.bpmn`,
        content: testProcess(
          id,
          `
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateThrowEvent id="Look"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:outputParameter name="beanSeen">${feel('if is defined(restClientBuilder) then "yes" else "no"')}</camunda:outputParameter>
      <camunda:outputParameter name="variableSeen">${feel('if is defined(probe) then probe else "no"')}</camunda:outputParameter>
    </camunda:inputOutput></bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:intermediateThrowEvent>
    <bpmn:userTask id="Wait" camunda:candidateGroups="SCRIPT-TEST"><bpmn:incoming>F2</bpmn:incoming></bpmn:userTask>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Look" />
    <bpmn:sequenceFlow id="F2" sourceRef="Look" targetRef="Wait" />
`,
        ),
      },
    ]);
    const instance = await h.engine.startInstance(id, `bindings-${id}`, { probe: 'yes' });
    const auth = basic(profile.engine.gateway.user, profile.engine.gateway.password);
    const variables = (await (
      await fetch(`${engineUrl}/engine-rest/process-instance/${instance}/variables`, {
        headers: { authorization: auth },
      })
    ).json()) as Record<string, { value: unknown }>;
    expect(variables.variableSeen?.value, 'a process variable').to.equal('yes');
    expect(variables.beanSeen?.value, 'a Spring bean').to.equal('no');
    await h.engine.cancelInstance(instance, 'script bindings test done');
  });

  it('writes the outbox in the engine’s transaction: a start that fails leaves no row', async () => {
    const id = `outbox-probe-${randomUUID().slice(0, 8)}`;
    // Start → an expression naming an unknown variable → the whole start rolls back.
    const model = testProcess(
      id,
      `
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Compute" camunda:expression="\${shouldFail ? notDefinedAnywhere : 1}"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:userTask id="Wait" camunda:candidateGroups="OUTBOX-TEST"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Compute" />
    <bpmn:sequenceFlow id="F2" sourceRef="Compute" targetRef="Wait" />
    <bpmn:sequenceFlow id="F3" sourceRef="Wait" targetRef="End" />
`,
    );
    await h.engine.deploy([{ name: `${id}.bpmn`, content: model }]);
    const rowsOf = async (businessKey: string) =>
      Number(
        (
          await h.pool.query<{ n: string }>(
            `select count(*) as n from engine_events
              where process_instance_id in (select process_instance_id from engine_events
                                             where payload->>'businessKey' = $1)`,
            [businessKey],
          )
        ).rows[0]!.n,
      );
    const failing = `fail-${randomUUID()}`;
    let refused = false;
    await h.engine.startInstance(id, failing, { shouldFail: true }).catch(() => (refused = true));
    expect(refused, 'the engine refused the start').to.equal(true);
    expect(await rowsOf(failing), 'no outbox row of the rolled-back start').to.equal(0);

    const passing = `pass-${randomUUID()}`;
    const instance = await h.engine.startInstance(id, passing, { shouldFail: false });
    expect(await rowsOf(passing), 'the committed start is in the outbox').to.be.greaterThan(3);
    await h.engine.cancelInstance(instance, 'outbox test done');
  });
});
