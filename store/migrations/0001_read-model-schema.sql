-- Up Migration
-- The read model's own schema, beside the engine's tables (public) in the same database.
create schema if not exists read_model;
