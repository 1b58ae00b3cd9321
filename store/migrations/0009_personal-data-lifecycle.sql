-- Up Migration
-- Personal data over its whole life (docs/data-protection.md).

-- One row per ended case: when each data class falls due for erasure (from the decision table
-- wsa-retention, evaluated once when the case is first seen ended) and when it was erased.
-- The row itself holds no personal data (a random case id, procedure, outcome, dates) and
-- stays as the record that the erasure happened.
create table read_model.erasure_cases (
  case_id text primary key,
  procedure text not null,
  outcome text not null,
  ended_at timestamptz not null,
  -- {"documents": iso date, "caseData": …, "notices": …, "technicalLogs": …}
  due jsonb not null,
  -- the legal basis of each period, as the table gave it
  basis jsonb not null,
  -- {"documents": iso date erased, …}; a class is erased at most once
  erased jsonb not null default '{}'::jsonb,
  planned_at timestamptz not null default now()
);
-- The job's next work: rows with a class not yet erased.
create index erasure_cases_open on read_model.erasure_cases (ended_at)
  where not (erased ?& array['documents', 'caseData', 'notices', 'technicalLogs']);

-- Legal holds (a running appeal, a court order): while one is active the case is not erased.
-- Placed and released by a caseworker of an authority taking part in the case.
create table read_model.legal_holds (
  id text primary key,
  case_id text not null,
  reason text not null,
  authority text not null,
  placed_by text not null,
  placed_at timestamptz not null,
  released_by text,
  released_at timestamptz
);
create index legal_holds_active on read_model.legal_holds (case_id) where released_at is null;

-- A secret per person (account subject): the audit log names a person by a keyed hash of
-- their id under this key. Erasing the person deletes the key, and the audit entries can no
-- longer be linked to them (crypto-shredding), while their hashes, and so the chain, stay.
create table read_model.person_keys (
  subject text primary key,
  key bytea not null,
  created_at timestamptz not null default now()
);
