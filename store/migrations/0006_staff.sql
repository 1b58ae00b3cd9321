-- Up Migration
-- The caseworker accounts the gateway has seen (from their tokens): the members of each
-- authority's candidate group a task may be assigned to, and whether they lead a team.
create table read_model.staff (
  subject text primary key,
  authority text not null,
  lead boolean not null default false,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index staff_by_authority on read_model.staff (authority);
