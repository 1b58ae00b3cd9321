import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../common/db.js';

/**
 * Sandboxes on request (`read_model.sandboxes`, docs/sandbox.md): the gateway records an
 * organisation's request and its stop; the sandbox provisioner claims them, starts or stops the
 * organisation's own stack and writes back where it runs. All state is here, so the provisioner
 * may restart.
 */
export type SandboxState =
  'REQUESTED' | 'STARTING' | 'RUNNING' | 'STOP_REQUESTED' | 'STOPPED' | 'FAILED';

export interface Sandbox {
  organisation: string;
  state: SandboxState;
  slot: number | null;
  gatewayUrl: string | null;
  /** The sandbox's own token issuer; never answered. */
  jwtSecret: string;
  pid: number | null;
  error: string | null;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  stoppedAt: Date | null;
  lastUsedAt: Date;
}

type Row = {
  organisation: string;
  state: SandboxState;
  slot: number | null;
  gateway_url: string | null;
  jwt_secret: string;
  pid: number | null;
  error: string | null;
  requested_by: string;
  requested_at: Date;
  started_at: Date | null;
  stopped_at: Date | null;
  last_used_at: Date;
};

const fromRow = (r: Row): Sandbox => ({
  organisation: r.organisation,
  state: r.state,
  slot: r.slot,
  gatewayUrl: r.gateway_url,
  jwtSecret: r.jwt_secret,
  pid: r.pid,
  error: r.error,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  startedAt: r.started_at,
  stoppedAt: r.stopped_at,
  lastUsedAt: r.last_used_at,
});

export class SandboxesStore {
  constructor(private readonly db: Queryable) {}

  async get(organisation: string): Promise<Sandbox | null> {
    const { rows } = await this.db.query<Row>(
      'select * from read_model.sandboxes where organisation = $1',
      [organisation],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * Asks for the organisation's sandbox: a new one, or a stopped or failed one again (its data
   * and issuer kept). A sandbox starting or running stays as it is (the same request twice is
   * one sandbox).
   */
  async request(organisation: string, by: string): Promise<Sandbox> {
    const { rows } = await this.db.query<Row>(
      `insert into read_model.sandboxes
         (organisation, state, jwt_secret, requested_by, requested_at, last_used_at)
       values ($1, 'REQUESTED', $2, $3, now(), now())
       on conflict (organisation) do update set
         state = case when sandboxes.state in ('STOPPED', 'FAILED') then 'REQUESTED'
                      else sandboxes.state end,
         error = case when sandboxes.state in ('STOPPED', 'FAILED') then null
                      else sandboxes.error end,
         requested_by = excluded.requested_by,
         requested_at = case when sandboxes.state in ('STOPPED', 'FAILED') then now()
                             else sandboxes.requested_at end,
         last_used_at = now()
       returning *`,
      [organisation, randomBytes(32).toString('base64url'), by],
    );
    return fromRow(rows[0]!);
  }

  /** Asks to stop it (data kept); false when there is none to stop. */
  async requestStop(organisation: string): Promise<Sandbox | null> {
    const { rows } = await this.db.query<Row>(
      `update read_model.sandboxes
          set state = case when state = 'REQUESTED' then 'STOPPED' else 'STOP_REQUESTED' end,
              stopped_at = case when state = 'REQUESTED' then now() else stopped_at end
        where organisation = $1 and state in ('REQUESTED', 'STARTING', 'RUNNING')
        returning *`,
      [organisation],
    );
    return rows[0] ? fromRow(rows[0]) : this.get(organisation);
  }

  /** The organisation used its sandbox (a token taken): idle stops count from here. */
  async touch(organisation: string): Promise<void> {
    await this.db.query(
      'update read_model.sandboxes set last_used_at = now() where organisation = $1',
      [organisation],
    );
  }

  /**
   * Claims the next requested sandbox for starting, with the lowest free port slot (1, 2, …);
   * null when none waits or all `maxSlots` are taken.
   */
  async claimStart(maxSlots: number): Promise<Sandbox | null> {
    const { rows } = await this.db.query<Row>(
      `with free as (
         select s as slot from generate_series(1, $1::int) s
          where s not in (select slot from read_model.sandboxes
                           where slot is not null
                             and state in ('STARTING', 'RUNNING', 'STOP_REQUESTED'))
          order by s limit 1),
       next as (
         select organisation from read_model.sandboxes
          where state = 'REQUESTED' order by requested_at limit 1 for update skip locked)
       update read_model.sandboxes b
          set state = 'STARTING', slot = free.slot, error = null
         from free, next
        where b.organisation = next.organisation
        returning b.*`,
      [maxSlots],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async started(organisation: string, gatewayUrl: string, pid: number): Promise<void> {
    await this.db.query(
      `update read_model.sandboxes
          set state = case when state = 'STARTING' then 'RUNNING' else state end,
              gateway_url = $2, pid = $3, started_at = now(), last_used_at = now()
        where organisation = $1`,
      [organisation, gatewayUrl, pid],
    );
  }

  async failed(organisation: string, error: string): Promise<void> {
    await this.db.query(
      `update read_model.sandboxes
          set state = 'FAILED', error = $2, slot = null, gateway_url = null, pid = null
        where organisation = $1`,
      [organisation, error.slice(0, 2000)],
    );
  }

  /** Those to stop: asked to, or running and idle since `idleBefore`. */
  async toStop(idleBefore: Date): Promise<Sandbox[]> {
    const { rows } = await this.db.query<Row>(
      `select * from read_model.sandboxes
        where state = 'STOP_REQUESTED' or (state = 'RUNNING' and last_used_at < $1)`,
      [idleBefore],
    );
    return rows.map(fromRow);
  }

  async stopped(organisation: string): Promise<void> {
    await this.db.query(
      `update read_model.sandboxes
          set state = 'STOPPED', slot = null, gateway_url = null, pid = null, stopped_at = now()
        where organisation = $1`,
      [organisation],
    );
  }
}
