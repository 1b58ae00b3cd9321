-- Up Migration
-- A message's idempotency record is claimed before the engine gets the message and confirmed
-- after it took it: a record never confirmed (the gateway died, or the database went away
-- before the claim could be freed) is not a delivery, so a retry delivers the message instead
-- of answering "already delivered".
alter table read_model.message_deliveries add column delivered_at timestamptz;
update read_model.message_deliveries set delivered_at = at where delivered_at is null;
