-- Up Migration
-- Whom a case is about (given and family name, as the start named them: the applicant, or the
-- family member of a family reunification case), so that the status and the case lists tell
-- cases apart. Written once with the case; older cases have none.
alter table read_model.cases add column subject jsonb;
