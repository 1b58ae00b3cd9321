import type { Pool, PoolClient, Queryable } from '../../common/db.js';

/**
 * Webhook subscriptions and their deliveries (`read_model.webhook_subscriptions`,
 * `webhook_deliveries`, `webhook_fanout`): all state of the dispatcher is here, so a restart
 * loses nothing. A delivery is claimed with `for update skip locked` and leased by moving its
 * next try ahead; a dispatcher that dies mid-try leaves it due again after the lease
 * (at-least-once; receivers deduplicate by `webhook-id`, the event id).
 */
export interface WebhookSubscription {
  id: string;
  ownerKind: 'organisation' | 'agent';
  owner: string;
  url: string;
  /** Only for signing; never answered after creation. */
  secret: string;
  procedures: string[];
  caseIds: string[];
  eventTypes: string[];
  afterEventId: string;
  createdBy: string;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  body: Record<string, unknown>;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

type SubRow = {
  id: string;
  owner_kind: WebhookSubscription['ownerKind'];
  owner: string;
  url: string;
  secret: string;
  procedures: string[];
  case_ids: string[];
  event_types: string[];
  after_event_id: string;
  created_by: string;
  created_at: Date;
};

const subFromRow = (r: SubRow): WebhookSubscription => ({
  id: r.id,
  ownerKind: r.owner_kind,
  owner: r.owner,
  url: r.url,
  secret: r.secret,
  procedures: r.procedures,
  caseIds: r.case_ids,
  eventTypes: r.event_types,
  afterEventId: String(r.after_event_id),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

type DeliveryRow = {
  id: string;
  subscription_id: string;
  event_id: string;
  body: Record<string, unknown>;
  state: WebhookDelivery['state'];
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
};

const deliveryFromRow = (r: DeliveryRow): WebhookDelivery => ({
  id: String(r.id),
  subscriptionId: r.subscription_id,
  eventId: String(r.event_id),
  body: r.body,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
});

const SUB_COLUMNS =
  'id, owner_kind, owner, url, secret, procedures, case_ids, event_types, after_event_id::text, created_by, created_at';
const DELIVERY_COLUMNS =
  'd.id::text, d.subscription_id, d.event_id::text, d.body, d.state, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at';

/**
 * Claims due deliveries ($1 at most, $3 per subscription, none of the subscriptions $4) and
 * leases them for $2 ms (see
 * `WebhooksStore.claimDue`).
 */
export const CLAIM_DUE_SQL = `with due as (
         select id from read_model.webhook_deliveries
          where id in (
            select id from (
              select id, row_number() over (partition by subscription_id
                                            order by next_attempt_at, id) as n
                from read_model.webhook_deliveries
               where state = 'pending' and next_attempt_at <= now()
                 and subscription_id <> all($4::text[])) x
             where n <= $3)
          order by next_attempt_at, id limit $1 for update skip locked)
       update read_model.webhook_deliveries d
          set attempts = d.attempts + 1, last_attempt_at = now(),
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         from due, read_model.webhook_subscriptions s
        where d.id = due.id and s.id = d.subscription_id
       returning d.id::text, d.subscription_id, d.event_id::text, d.body, d.attempts, s.url, s.secret`;

/** A claimed delivery with what its try needs. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  body: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
}

export class WebhooksStore {
  constructor(private readonly db: Queryable) {}

  /** Saves a subscription; it receives the events after the newest one stored now. */
  async create(s: Omit<WebhookSubscription, 'afterEventId'>): Promise<WebhookSubscription> {
    const { rows } = await this.db.query<SubRow>(
      `insert into read_model.webhook_subscriptions
         (id, owner_kind, owner, url, secret, procedures, case_ids, event_types, after_event_id,
          created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8,
               (select coalesce(max(id), 0) from read_model.case_events), $9, $10)
       returning ${SUB_COLUMNS}`,
      [
        s.id,
        s.ownerKind,
        s.owner,
        s.url,
        s.secret,
        s.procedures,
        s.caseIds,
        s.eventTypes,
        s.createdBy,
        s.createdAt,
      ],
    );
    return subFromRow(rows[0]!);
  }

  async list(ownerKind: string, owner: string): Promise<WebhookSubscription[]> {
    const { rows } = await this.db.query<SubRow>(
      `select ${SUB_COLUMNS} from read_model.webhook_subscriptions
        where owner_kind = $1 and owner = $2 order by created_at, id limit 100`,
      [ownerKind, owner],
    );
    return rows.map(subFromRow);
  }

  async get(id: string): Promise<WebhookSubscription | null> {
    const { rows } = await this.db.query<SubRow>(
      `select ${SUB_COLUMNS} from read_model.webhook_subscriptions where id = $1`,
      [id],
    );
    return rows[0] ? subFromRow(rows[0]) : null;
  }

  /** Changes a subscription's address and filters (its secret and deliveries stay). */
  async update(
    id: string,
    change: Pick<WebhookSubscription, 'url' | 'procedures' | 'caseIds' | 'eventTypes'>,
  ): Promise<WebhookSubscription | null> {
    const { rows } = await this.db.query<SubRow>(
      `update read_model.webhook_subscriptions
          set url = $2, procedures = $3, case_ids = $4, event_types = $5
        where id = $1 returning ${SUB_COLUMNS}`,
      [id, change.url, change.procedures, change.caseIds, change.eventTypes],
    );
    return rows[0] ? subFromRow(rows[0]) : null;
  }

  /** Deletes a subscription with its deliveries. */
  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      'delete from read_model.webhook_subscriptions where id = $1',
      [id],
    );
    return rowCount === 1;
  }

  /** A subscription's deliveries, newest first, optionally only one state (e.g. the dead letters). */
  async deliveries(
    subscriptionId: string,
    state: WebhookDelivery['state'] | undefined,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from read_model.webhook_deliveries d
        where d.subscription_id = $1 and ($2::text is null or d.state = $2)
        order by d.id desc limit $3`,
      [subscriptionId, state ?? null, limit],
    );
    return rows.map(deliveryFromRow);
  }

  /** Sends a delivery again (delivered or dead): due now, with a fresh count of tries. */
  async redeliver(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const { rows } = await this.db.query<DeliveryRow>(
      `update read_model.webhook_deliveries d
          set state = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
        where d.id = $1::bigint and d.subscription_id = $2
        returning ${DELIVERY_COLUMNS}`,
      [deliveryId, subscriptionId],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  // --- the dispatcher's side ---

  /**
   * Runs `work` with the fan-out position locked (one fan-out at a time across dispatchers;
   * another one skips): `work` gets the position and returns the new one, written in the same
   * transaction as the deliveries it inserted.
   */
  static async fanOut(
    pool: Pool,
    work: (client: PoolClient, after: string) => Promise<string>,
  ): Promise<boolean> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ last: string }>(
        `select last_event_id::text as last from read_model.webhook_fanout
          where name = 'webhooks' for update skip locked`,
      );
      if (!rows[0]) {
        await client.query('rollback');
        return false;
      }
      const next = await work(client, rows[0].last);
      await client.query(
        `update read_model.webhook_fanout set last_event_id = $1::bigint where name = 'webhooks'`,
        [next],
      );
      await client.query('commit');
      return true;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  static async allSubscriptions(q: Queryable): Promise<WebhookSubscription[]> {
    const { rows } = await q.query<SubRow>(
      `select ${SUB_COLUMNS} from read_model.webhook_subscriptions order by id`,
    );
    return rows.map(subFromRow);
  }

  static async insertDeliveries(
    q: Queryable,
    rows: { subscriptionId: string; eventId: string; body: unknown }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `insert into read_model.webhook_deliveries (subscription_id, event_id, body, state, next_attempt_at)
       select x.s, x.e::bigint, x.b, 'pending', now()
         from jsonb_to_recordset($1::jsonb) as x(s text, e text, b jsonb)
       on conflict (subscription_id, event_id) do nothing`,
      [JSON.stringify(rows.map((r) => ({ s: r.subscriptionId, e: r.eventId, b: r.body })))],
    );
  }

  /**
   * Claims up to `limit` due deliveries, at most `perSubscription` of each subscription (a slow
   * or broken receiver does not hold up the others): each try counted and its next try moved
   * `leaseMs` ahead (if this dispatcher dies, another sends it then).
   */
  static async claimDue(
    q: Queryable,
    limit: number,
    leaseMs: number,
    perSubscription = 2,
    /** Subscriptions left out this time (those with enough tries in flight). */
    busy: string[] = [],
  ): Promise<ClaimedDelivery[]> {
    const { rows } = await q.query<{
      id: string;
      subscription_id: string;
      event_id: string;
      body: Record<string, unknown>;
      attempts: number;
      url: string;
      secret: string;
    }>(CLAIM_DUE_SQL, [limit, leaseMs, perSubscription, busy]);
    return rows.map((r) => ({
      id: r.id,
      subscriptionId: r.subscription_id,
      eventId: r.event_id,
      body: r.body,
      attempts: r.attempts,
      url: r.url,
      secret: r.secret,
    }));
  }

  /** The outcome of a try (only if no later try of the same delivery was claimed meanwhile). */
  static async settle(
    q: Queryable,
    d: ClaimedDelivery,
    outcome:
      | { delivered: true; status: number }
      | { delivered: false; status: number | null; error: string; retryInMs: number | null },
  ): Promise<void> {
    if (outcome.delivered)
      await q.query(
        `update read_model.webhook_deliveries
            set state = 'delivered', delivered_at = now(), last_status = $3, last_error = null
          where id = $1::bigint and attempts = $2`,
        [d.id, d.attempts, outcome.status],
      );
    else
      await q.query(
        `update read_model.webhook_deliveries
            set state = case when $5::double precision is null then 'dead' else 'pending' end,
                next_attempt_at = case when $5::double precision is null then next_attempt_at
                  else now() + make_interval(secs => $5::double precision / 1000) end,
                last_status = $3, last_error = $4
          where id = $1::bigint and attempts = $2 and state = 'pending'`,
        [d.id, d.attempts, outcome.status, outcome.error.slice(0, 500), outcome.retryInMs],
      );
  }
}
