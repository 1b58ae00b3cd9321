/**
 * The full Blue Card chain (`wsa-application`) as the chain and fault benchmarks drive it:
 * our processes as deployed (simulators, projector, M worker and N gateway processes, each
 * worker and gateway process on its own engine node when there are several), the partner
 * simulators answering by themselves through the API (auto-answer, no delay), and a driver
 * that starts applications as an employer and follows each by its status until the automated
 * path is done: the visa granted, the case waiting for the arrival.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../common/db.js';
import { authConfig, issueToken } from '../../gateway/auth.js';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import {
  BENCH_SECRET,
  benchEnv,
  benchPorts,
  gatewayEnv,
  projectorEnv,
  services,
  workersEnv,
} from './bench-stack.js';

/** The chain's automated path ends here: the visa is granted, the case waits for entry. */
export const END_OF_AUTOMATED_PATH = 'AwaitArrival';
export const AUTO_ANSWERING = ['ba', 'recognition', 'mission', 'bva'] as const;
export const PARTNERS = ['ba', 'recognition', 'mission', 'bva', 'azr', 'eat'] as const;

export const simulatorsUrl = `http://127.0.0.1:${benchPorts.simulators}`;
export const gatewayUrl = (i: number) => `http://127.0.0.1:${benchPorts.gateway(i)}`;

/** Which engine node gateway i and workers process j talk to (spread over the nodes). */
export const gatewayNode = (i: number, engines: number) => i % engines;
export const workersNode = (j: number, engines: number) => (j + 1) % engines;

/** The ports the chain's processes listen on (checked free before the stack starts). */
export function chainPorts(gateways: number, workers: number): [number, string][] {
  return [
    [benchPorts.simulators, 'simulators'],
    [benchPorts.projectorMetrics, 'projector metrics'],
    ...Array.from({ length: gateways }, (_, i): [number, string] => [
      benchPorts.gateway(i),
      `gateway ${i + 1}`,
    ]),
    ...Array.from({ length: workers }, (_, j): [number, string] => [
      benchPorts.workersMetrics(j),
      `workers ${j + 1} metrics`,
    ]),
  ];
}

export async function startProjector(): Promise<void> {
  services.start('projector', 'projector/main.ts', projectorEnv());
  await services.waitHttp('projector', `http://127.0.0.1:${benchPorts.projectorMetrics}/metrics`);
}

export async function startWorkers(j: number, engines: number): Promise<void> {
  const name = `workers ${j + 1}`;
  services.start(name, 'workers/main.ts', workersEnv(j, workersNode(j, engines)));
  await services.waitHttp(name, `http://127.0.0.1:${benchPorts.workersMetrics(j)}/metrics`);
}

/**
 * Simulators, projector, workers and gateways; auto-answers on. One after another, each ready
 * before the next starts: every one of them applies the store's migrations at start, and
 * node-pg-migrate only *tries* its advisory lock — a second process migrating at the same
 * moment ends with "Another migration is already running".
 */
export async function startChainServices(
  gateways: number,
  workers: number,
  engines: number,
): Promise<void> {
  // Auto-answers reach the platform through the first gateway (GATEWAY_URL).
  services.start('simulators', 'simulators/main.ts', benchEnv);
  await services.waitHttp('simulators', `${simulatorsUrl}/health`);
  await startProjector();
  for (let j = 0; j < workers; j++) await startWorkers(j, engines);
  for (let i = 0; i < gateways; i++) {
    services.start(`gateway ${i + 1}`, 'gateway/main.ts', gatewayEnv(i, gatewayNode(i, engines)));
    await services.waitHttp(`gateway ${i + 1}`, `${gatewayUrl(i)}/ready`);
  }
  for (const partner of AUTO_ANSWERING) {
    const res = await fetch(`${simulatorsUrl}/${partner}/_sim/auto-answer`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, delayMs: 0, outcome: null }),
    });
    if (!res.ok) throw new Error(`auto-answer of ${partner}: ${res.status}`);
  }
}

export function employerToken(): Promise<string> {
  return issueToken(authConfig(BENCH_SECRET), {
    subject: 'bench-employer',
    role: 'employer',
    organisation: wsaExample.employer.employerId,
  });
}

interface Status {
  state: string;
  currentStages: { elementId: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts chains and follows them. A start the gateway refuses for now (503 while the engine
 * or the database is away, 409 while an earlier attempt with the key may still reach the
 * engine; any other 5xx is counted and retried too) is retried with the same Idempotency-Key
 * after its Retry-After, on the next
 * gateway; an answer 201/200 makes the case *accepted*: it must reach the arrival wait.
 */
export class ChainDriver {
  /** Idempotency key → case id of every accepted start. */
  readonly accepted = new Map<string, string>();
  /** Case id → when its start request was first sent. */
  readonly startedAt = new Map<string, number>();
  /** Case id → when the driver saw it at the end of the automated path. */
  readonly arrivedAt = new Map<string, number>();
  /** Case id → the last state/stages seen (for cases that did not arrive). */
  readonly lastSeen = new Map<string, string>();
  /** Cases that ended before the arrival wait (a refusal, an error end). */
  readonly endedEarly = new Map<string, string>();
  startRefusals = 0;
  startErrors = 0;
  /** Refused starts by status code (503, 409 start-in-progress, and any other 5xx). */
  readonly refusedBy = new Map<number, number>();
  statusFailures = 0;
  private next = 0;

  constructor(
    private readonly gateways: number,
    private readonly token: string,
    private readonly pollMs: number,
  ) {}

  private api(): string {
    return `${gatewayUrl(this.next++ % this.gateways)}/api/v1`;
  }

  /** Starts one application; resolves with its case id once a gateway accepted it. */
  async start(deadline = Infinity): Promise<string> {
    const key = randomUUID();
    const t = Date.now();
    for (;;) {
      let retryAfterMs = 1000;
      try {
        const res = await fetch(`${this.api()}/procedures/wsa-application/cases`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${this.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(wsaExample),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await res.json().catch(() => ({}))) as { caseId?: string; type?: string };
        if ((res.status === 201 || res.status === 200) && body.caseId) {
          const earlier = this.accepted.get(key);
          if (earlier && earlier !== body.caseId)
            throw new Error(`one key gave two cases: ${earlier}, ${body.caseId}`);
          this.accepted.set(key, body.caseId);
          this.startedAt.set(body.caseId, t);
          return body.caseId;
        }
        if (res.status < 500 && res.status !== 409 && res.status !== 429)
          throw new Error(`start answered ${res.status}: ${JSON.stringify(body)}`);
        this.startRefusals++;
        this.refusedBy.set(res.status, (this.refusedBy.get(res.status) ?? 0) + 1);
        retryAfterMs = Number(res.headers.get('retry-after') ?? 1) * 1000;
      } catch (err) {
        if ((err as Error).message.startsWith('start answered')) throw err;
        if ((err as Error).message.startsWith('one key')) throw err;
        this.startErrors++; // gateway unreachable or too slow: same key again
      }
      if (Date.now() > deadline) throw new Error(`start not accepted before the deadline`);
      await sleep(retryAfterMs);
    }
  }

  async status(caseId: string): Promise<Status | null> {
    try {
      const res = await fetch(`${this.api()}/cases/${caseId}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status !== 200) {
        await res.arrayBuffer();
        this.statusFailures++;
        return null;
      }
      return (await res.json()) as Status;
    } catch {
      this.statusFailures++;
      return null;
    }
  }

  /**
   * Follows a case by its status every `pollMs` (a portal page refreshing) until it waits for
   * the arrival; false when it ended otherwise or the deadline passed.
   */
  async follow(caseId: string, deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      await sleep(this.pollMs);
      const s = await this.status(caseId);
      if (!s) continue;
      this.lastSeen.set(
        caseId,
        `${s.state} at ${s.currentStages.map((x) => x.elementId).join(', ') || '–'}`,
      );
      if (s.currentStages.some((x) => x.elementId === END_OF_AUTOMATED_PATH)) {
        this.arrivedAt.set(caseId, Date.now());
        return true;
      }
      if (s.state === 'COMPLETED' || s.state === 'TERMINATED') {
        this.endedEarly.set(caseId, s.state);
        return false;
      }
    }
    return false;
  }

  /** A started chain's latency (first start request → seen at the arrival wait), ms. */
  latencies(): number[] {
    return [...this.arrivedAt].map(([id, at]) => at - this.startedAt.get(id)!);
  }
}

export interface LedgerCheck {
  /** Partner, request path and case with more than one side effect (distinct keys). */
  duplicates: string[];
  /** Accepted cases at the arrival wait without their BA request, appointment or BVA check. */
  missing: string[];
  effects: number;
  /** Calls repeated with a key already seen: retried, answered from the ledger, no new effect. */
  replayedCalls: number;
}

/**
 * The partner simulators' idempotency ledgers (`GET /<partner>/_sim/effects`: every side
 * effect with its key and the number of calls): each case must have caused each kind of side
 * effect once. A retried call with the same key is one effect; two keys for the same case and
 * request are two effects — a duplicate.
 */
export async function checkLedgers(arrived: string[]): Promise<LedgerCheck> {
  const perCase = new Map<string, number>();
  let effects = 0;
  let replayedCalls = 0;
  for (const partner of PARTNERS) {
    const res = await fetch(`${simulatorsUrl}/${partner}/_sim/effects`);
    if (!res.ok) throw new Error(`${partner} ledger: ${res.status}`);
    const list = (await res.json()) as { path: string; calls: number; body: { caseId?: string } }[];
    for (const e of list) {
      effects++;
      replayedCalls += e.calls - 1;
      const k = `${partner} ${e.path} case ${e.body?.caseId ?? '?'}`;
      perCase.set(k, (perCase.get(k) ?? 0) + 1);
    }
  }
  const duplicates = [...perCase].filter(([, n]) => n > 1).map(([k, n]) => `${k}: ${n}`);
  const expected = ['ba /zustimmung-requests', 'mission /appointments', 'bva /consultations'];
  const missing = arrived.flatMap((id) =>
    expected.filter((e) => !perCase.has(`${e} case ${id}`)).map((e) => `${e} case ${id}`),
  );
  return { duplicates, missing, effects, replayedCalls };
}

/**
 * What the platform itself must hold once per case: one root instance per case id (business
 * key) in the engine, one notice per kind and case.
 */
export async function checkOnce(q: Queryable): Promise<{ instances: string[]; notices: string[] }> {
  const instances = await q.query<{ k: string; n: string }>(
    `select business_key_ as k, count(*) as n from act_hi_procinst
      where proc_def_key_ = 'wsa-application' and super_process_instance_id_ is null
      group by business_key_ having count(*) > 1`,
  );
  const notices = await q.query<{ c: string; k: string; n: string }>(
    `select case_id as c, notice->>'kind' as k, count(*) as n from read_model.notices
      group by 1, 2 having count(*) > 1`,
  );
  return {
    instances: instances.rows.map((r) => `case ${r.k}: ${r.n} instances`),
    notices: notices.rows.map((r) => `case ${r.c}: ${r.n} notices ${r.k}`),
  };
}

/**
 * What the partners, the gateway and the engine know of a case (for one that did not arrive):
 * the side effects and auto-answers of the simulators, the message deliveries the gateway
 * recorded, and what the engine's instances of the case wait for.
 */
export async function explainCase(q: Queryable, caseId: string): Promise<string[]> {
  const lines: string[] = [];
  for (const partner of PARTNERS) {
    const effects = (await (await fetch(`${simulatorsUrl}/${partner}/_sim/effects`)).json()) as {
      path: string;
      calls: number;
      firstCallAt: string;
      body: { caseId?: string };
    }[];
    for (const e of effects.filter((x) => x.body?.caseId === caseId))
      lines.push(`${partner} effect ${e.path}: ${e.calls} call(s), first at ${e.firstCallAt}`);
    if (!(AUTO_ANSWERING as readonly string[]).includes(partner)) continue;
    const answers = (await (await fetch(`${simulatorsUrl}/${partner}/_sim/answers`)).json()) as {
      caseId: string;
      message: string;
      status: number;
      attempts: number;
    }[];
    for (const a of answers.filter((x) => x.caseId === caseId))
      lines.push(`${partner} auto-answer ${a.message}: ${a.status} after ${a.attempts} attempt(s)`);
  }
  const deliveries = await q.query<{ message_name: string; at: Date }>(
    'select message_name, at from read_model.message_deliveries where case_id = $1 order by at',
    [caseId],
  );
  for (const d of deliveries.rows)
    lines.push(`gateway recorded delivery ${d.message_name} at ${d.at.toISOString()}`);
  const waits = await q.query<{ proc: string; act: string | null; event: string | null }>(
    `select d.key_ as proc, x.act_id_ as act, s.event_name_ as event
       from act_ru_execution x
       join act_re_procdef d on d.id_ = x.proc_def_id_
       left join act_ru_event_subscr s on s.execution_id_ = x.id_
      where x.proc_inst_id_ in (select proc_inst_id_ from act_ru_execution where business_key_ = $1)
        and (x.act_id_ is not null or s.event_name_ is not null)`,
    [caseId],
  );
  for (const w of waits.rows)
    lines.push(`engine: ${w.proc} at ${w.act ?? '–'}${w.event ? ` waits for ${w.event}` : ''}`);
  const jobs = await q.query<{ n: string; locked: string | null }>(
    `select count(*) as n, max(lock_exp_time_)::text as locked from act_ru_job
      where process_instance_id_ in (select proc_inst_id_ from act_ru_execution where business_key_ = $1)`,
    [caseId],
  );
  if (jobs.rows[0] && Number(jobs.rows[0].n) > 0)
    lines.push(`engine: ${jobs.rows[0].n} job(s), lock until ${jobs.rows[0].locked ?? 'none'}`);
  return lines;
}
