-- Up Migration
-- The projector's position in the engine's outbox (engine_events, written by the engine host
-- in the engine's own transactions): the last applied (txid, seq), written in the same
-- transaction as the views it produced. One row per read model (consumer).
create table read_model.outbox_cursors (
  consumer text primary key,
  txid xid8 not null,
  seq bigint not null,
  updated_at timestamptz not null default now()
);

-- Deployed versions are read from the engine's repository now (gateway/data/definitions.ts).
drop table if exists read_model.deployed_definitions;
