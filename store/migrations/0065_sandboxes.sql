-- Up Migration
-- Sandboxes on request (issue 20, docs/sandbox.md): an organisation asks the platform's gateway
-- for its sandbox; the sandbox provisioner (scripts/stack/sandbox-provisioner.ts) starts a
-- stack of its own for it (engine host with the movable clock, database, gateway, workers,
-- simulators) and stops it on request or when idle, its data kept. One row per organisation.
create table read_model.sandboxes (
  organisation text primary key,
  -- REQUESTED → STARTING → RUNNING; STOP_REQUESTED → STOPPED; FAILED (error says why)
  state text not null check (
    state in ('REQUESTED', 'STARTING', 'RUNNING', 'STOP_REQUESTED', 'STOPPED', 'FAILED')
  ),
  -- the port slot of a started sandbox on this host (unique among those not stopped)
  slot integer,
  gateway_url text,
  -- the sandbox's own token issuer: its tokens open no other gateway
  jwt_secret text not null,
  pid integer,
  error text,
  requested_by text not null,
  requested_at timestamptz not null,
  started_at timestamptz,
  stopped_at timestamptz,
  last_used_at timestamptz not null
);
create unique index sandboxes_slot on read_model.sandboxes (slot)
  where state in ('STARTING', 'RUNNING', 'STOP_REQUESTED');
create index sandboxes_to_act on read_model.sandboxes (state)
  where state in ('REQUESTED', 'STOP_REQUESTED');
