-- Up Migration
-- The read model and the gateway's own records.
-- Every query the gateway, tasklist, monitoring and projector make has a btree index below;
-- the comment on each index names its query.

-- One row per process instance: the whole InstanceView (projector/instance-view.ts) as JSONB,
-- beside the columns queries filter by. Written by the projector only, one batch per
-- transaction, guarded by `revision` (a write must follow the revision it read).
create table read_model.process_instances (
  id text primary key,
  view jsonb not null,
  revision bigint not null,
  bpmn_process_id text not null,
  process_definition_key text not null,
  parent_id text not null,
  state text not null,
  case_id text,
  open_incidents int not null default 0,
  updated_at timestamptz not null default now()
);
-- A process owner's running instances of one deployed version (before a migration).
create index process_instances_active_by_definition
  on read_model.process_instances (process_definition_key, id) where state = 'ACTIVE';
-- The operators' incident list: few rows ever match, so the index stays small.
create index process_instances_with_incidents
  on read_model.process_instances (id) where open_incidents > 0;
-- Case roots (facts rebuild) in key order.
create index process_instances_roots on read_model.process_instances (id) where parent_id = '-1';

-- caseId -> root process instance key; inserted once by the gateway or, after a crash, the projector.
create table read_model.case_instances (
  case_id text primary key,
  process_instance_key text not null,
  linked_by text not null
);
-- "Which case is this instance?" (replayed starts, tests).
create index case_instances_by_instance on read_model.case_instances (process_instance_key);

-- Each case's facts (monitoring/case-facts.ts), derived by the projector after every batch.
-- The KPIs aggregate these columns; the operators' search filters and sorts them.
create table read_model.case_facts (
  root_key text primary key,
  facts jsonb not null,
  basis bigint not null,
  case_id text,
  procedure text,
  state text not null,
  started_at bigint,
  ended_at bigint,
  open_incidents int not null default 0
);
-- The operators' search by case id.
create index case_facts_by_case on read_model.case_facts (case_id);
-- The operators' search: newest first, optionally by procedure.
create index case_facts_newest on read_model.case_facts (started_at desc nulls last);
create index case_facts_by_procedure
  on read_model.case_facts (procedure, started_at desc nulls last);
-- Prediction history: the most recently completed cases of each procedure.
create index case_facts_completed
  on read_model.case_facts (procedure, ended_at desc) where state = 'COMPLETED';

-- Open user tasks, one row per task and candidate group (authority): a caseworker's list is
-- an index range of their authority, filtered and sorted by the database.
create table read_model.inbox_tasks (
  candidate_group text not null,
  user_task_key text not null,
  task jsonb not null,
  case_id text,
  process_instance_key text not null,
  bpmn_process_id text not null,
  assignee text,
  due_date timestamptz,
  created_at timestamptz not null,
  escalated_at timestamptz,
  primary key (candidate_group, user_task_key)
);
-- The inbox sorted by due date (the default), and by creation.
create index inbox_tasks_by_due
  on read_model.inbox_tasks (candidate_group, due_date asc nulls last, created_at);
create index inbox_tasks_by_created on read_model.inbox_tasks (candidate_group, created_at);
-- Removing a finished task from every group it was in.
create index inbox_tasks_by_key on read_model.inbox_tasks (user_task_key);

-- Every deployed version of every model, with its XML; written once per key.
create table read_model.deployed_definitions (
  key text primary key,
  kind text not null,
  id text not null,
  version int not null,
  resource_name text not null,
  xml text not null,
  deployed_at timestamptz not null
);
-- The versions of one model, newest first; the newest of each model.
create index deployed_definitions_versions
  on read_model.deployed_definitions (kind, id, version desc);

-- Markers of one-time derivations (`case_facts` with its version).
create table read_model.projection_meta (
  name text primary key,
  version int not null,
  built_at timestamptz not null
);

-- The gateway's own records ------------------------------------------------------------------

-- Who started a case and what it is; never changed after insert.
create table read_model.cases (
  id text primary key,
  procedure text not null,
  created_by text not null,
  created_by_role text not null,
  employer_id text,
  applicant_id text,
  created_at timestamptz not null,
  linked_case_id text
);
-- The parties' case lists, newest first (and the operators' search by applicant).
create index cases_by_creator on read_model.cases (created_by, created_at desc);
create index cases_by_applicant on read_model.cases (applicant_id, created_at desc);
create index cases_by_employer on read_model.cases (employer_id, created_at desc);

-- One per `<subject>:<Idempotency-Key>`: one key starts at most one case.
create table read_model.start_requests (
  scope text primary key,
  case_id text not null,
  procedure text not null,
  request_hash text not null,
  start_attempt_at timestamptz not null
);
create index start_requests_by_case on read_model.start_requests (case_id);

-- Message deliveries, once per idempotency key.
create table read_model.message_deliveries (
  id text primary key,
  case_id text not null,
  message_name text not null,
  sent_by text not null,
  request_hash text not null,
  at timestamptz not null
);

-- Documents: metadata, bytes (separate, so a listing never reads file bodies), checks.
create table read_model.documents (
  id text primary key,
  case_id text not null,
  type text not null,
  name text not null,
  content_type text not null,
  size int not null,
  sha256 text not null,
  uploaded_at timestamptz not null,
  uploaded_by jsonb not null
);
create index documents_by_case on read_model.documents (case_id, uploaded_at);
create table read_model.document_files (
  id text primary key,
  content bytea not null
);
create table read_model.document_checks (
  id text primary key,
  document_id text not null,
  case_id text not null,
  result text not null,
  method text not null,
  authority text not null,
  checked_by text not null,
  checked_at timestamptz not null
);
create index document_checks_by_case on read_model.document_checks (case_id);

-- Access the applicant granted to an agent or employer.
create table read_model.case_grants (
  id text primary key,
  case_id text not null,
  role text not null,
  grantee text not null,
  granted_by text not null,
  granted_at timestamptz not null
);
create index case_grants_by_case on read_model.case_grants (case_id);
create index case_grants_by_grantee on read_model.case_grants (role, grantee);

-- Once-only: what an applicant gave in their first application.
create table read_model.profiles (
  subject text primary key,
  person jsonb not null,
  travel_document jsonb,
  from_case_id text not null,
  since timestamptz not null
);

-- Notices (Bescheide), written once by the notice.issue worker.
create table read_model.notices (
  id text primary key,
  case_id text not null,
  notice jsonb not null,
  issued_at timestamptz not null
);
create index notices_by_case on read_model.notices (case_id);

-- Once-only evidence: the latest verification of a fact per person.
create table read_model.evidence (
  id text primary key,
  subject text not null,
  fact text not null,
  result text not null,
  authority text not null,
  basis text not null,
  case_id text not null,
  verified_at timestamptz not null,
  valid_until timestamptz not null
);

-- The hash-chained audit log (common/audit-log.ts): one chain per writer process, appended
-- in transactions (entries and the chain's head together), registered in audit_chains.
create table read_model.audit_chains (
  log text not null,
  chain text not null,
  opened_at text not null,
  head_seq bigint not null default 0,
  head_hash text not null,
  closed_seq bigint,
  closed_hash text,
  closed_at text,
  primary key (log, chain)
);
create table read_model.audit_log (
  log text not null,
  chain text not null,
  seq bigint not null,
  at text not null,
  prev_hash text not null,
  hash text not null,
  event jsonb not null,
  case_id text,
  primary key (log, chain, seq)
);
-- Who accessed a case.
create index audit_log_by_case on read_model.audit_log (case_id) where case_id is not null;
