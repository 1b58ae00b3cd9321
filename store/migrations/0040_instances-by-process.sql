-- Up Migration
-- The operators' explorer of every deployed process (issue 18), also those without a case
-- (deployed by the modeler or by hand): a process's instances, most recently changed first.
create index process_instances_by_process
  on read_model.process_instances (bpmn_process_id, updated_at desc, id);
