-- Up Migration
-- A document is its case, its type and its bytes: the same file given as a second type is a
-- second document of that type (ids are short, `doc-` and 24 hex digits; documents stored
-- before keep their `<case id>:<sha256>` ids, and the bytes stay under that key for all of
-- them). An authority also sees the documents a party gave it in answer to its request,
-- whatever their type: one row per document and audience.
create unique index documents_by_case_type_content
  on read_model.documents (case_id, type, sha256);
create table read_model.document_shares (
  document_id text not null,
  audience text not null,
  case_id text not null,
  shared_at timestamptz not null,
  primary key (document_id, audience)
);
create index document_shares_by_case on read_model.document_shares (case_id);
