-- Up Migration
-- Events (issue 20): every change a party may see, derived by the projector in the batch that
-- made it (same transaction as the views and the cursor: exactly once per change). One row per
-- change with the full payload; each receiver gets its own minimised copy at delivery.
create table read_model.case_events (
  id bigserial primary key,
  type text not null,
  case_id text not null,
  -- the instance the change happened in (an authority sees only its part of a case)
  process_instance_key text not null,
  bpmn_process_id text not null,
  at timestamptz not null,
  data jsonb not null
);
create index case_events_by_case on read_model.case_events (case_id, id);

-- Webhook subscriptions: an employer's organisation or an agent (by account).
create table read_model.webhook_subscriptions (
  id text primary key,
  owner_kind text not null check (owner_kind in ('organisation', 'agent')),
  owner text not null,
  url text not null,
  secret text not null,
  procedures text[] not null default '{}',
  case_ids text[] not null default '{}',
  event_types text[] not null default '{}',
  -- events before the subscription existed are not sent
  after_event_id bigint not null,
  created_by text not null,
  created_at timestamptz not null
);
create index webhook_subscriptions_by_owner on read_model.webhook_subscriptions (owner_kind, owner);

-- One delivery per subscription and event: the receiver's minimised event, signed at each try.
create table read_model.webhook_deliveries (
  id bigserial primary key,
  subscription_id text not null references read_model.webhook_subscriptions (id) on delete cascade,
  event_id bigint not null,
  body jsonb not null,
  state text not null check (state in ('pending', 'delivered', 'dead')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_status int,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (subscription_id, event_id)
);
create index webhook_deliveries_due on read_model.webhook_deliveries (next_attempt_at)
  where state = 'pending';
create index webhook_deliveries_by_subscription on read_model.webhook_deliveries (subscription_id, id desc);

-- Where the fan-out from case_events to deliveries stands (one row, locked while fanning out).
create table read_model.webhook_fanout (
  name text primary key,
  last_event_id bigint not null
);
insert into read_model.webhook_fanout (name, last_event_id) values ('webhooks', 0);
