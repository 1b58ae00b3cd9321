-- Up Migration
-- What the workers' partner adapters sent to which authority, when (for a person's copy,
-- Art. 15 (1) (c) GDPR): the field names sent, never their values. One row per call,
-- repeated calls of a retried task are one (its idempotency key).
create table read_model.data_transfers (
  id text primary key,
  process_instance_id text,
  case_id text,
  recipient text not null,
  endpoint text not null,
  fields text[] not null,
  at timestamptz not null
);
create index data_transfers_by_case on read_model.data_transfers (case_id);
create index data_transfers_by_instance on read_model.data_transfers (process_instance_id);
