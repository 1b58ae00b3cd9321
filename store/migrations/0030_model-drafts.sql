-- Up Migration
-- The modeler's drafts (issue 18): a process owner's unsaved edits of a model, kept on the
-- server so they survive a closed tab. One draft per owner and model (by file name): two
-- owners editing one model do not overwrite each other's work; the deploy of either is
-- guarded by the live version it was based on (`base_key`).
create table read_model.model_drafts (
  owner text not null,
  name text not null,
  content text not null,
  -- a form's English texts (forms/<id>.en.json) edited beside it; null for BPMN and DMN
  translation text,
  -- the deployed version the edits started from (the engine's definition id); null when the
  -- editor did not start from the live version (a repository file that differs from it)
  base_key text,
  updated_at timestamptz not null default now(),
  primary key (owner, name)
);

-- The change note of each deployment through the gateway ("Blue Card thresholds 2027"),
-- shown in the modeler's version list. Keyed by the engine's deployment id.
create table read_model.model_deployment_notes (
  deployment_id text primary key,
  note text not null,
  deployed_by text not null,
  deployed_at timestamptz not null default now()
);
