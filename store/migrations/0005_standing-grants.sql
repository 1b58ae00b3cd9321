-- Up Migration
-- Standing grants: an organisation lets an agent act in its name; a person lets an agent or
-- an employer (organisation) act for them, which includes giving their once-only data. Not
-- tied to a case (case grants are `case_grants`).
create table read_model.standing_grants (
  id text primary key,
  grantor_kind text not null check (grantor_kind in ('organisation', 'person')),
  grantor text not null,
  role text not null check (role in ('agent', 'employer')),
  grantee text not null,
  granted_by text not null,
  granted_at timestamptz not null,
  unique (grantor_kind, grantor, role, grantee)
);
create index standing_grants_by_grantee on read_model.standing_grants (role, grantee);

-- Profiles written from an application another account started were never the person's own
-- word (an employer or agent named their account): forget them, the person's next own
-- application keeps their data.
delete from read_model.profiles p
 using read_model.cases c
 where c.id = p.from_case_id and c.created_by <> p.subject;
