-- The resource types a diagnosis could not read (refused to the caller or to the cluster's credentials), each with
-- the problem it was refused with: the findings were made without them
alter table diagnosis add column unread jsonb not null default '[]';
