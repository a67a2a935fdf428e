-- The outbox relay claims rows for a while (a short transaction), sends them with no transaction open, and deletes
-- what the broker acknowledged (another short transaction). A claim that is never released (the instance died)
-- expires, and the rows are sent by the next relay.
alter table outbox_event add column claimed_until timestamptz;
