-- Optimistic locking of cluster rows: a change and a concurrent health check must not overwrite each other.
-- Existing rows start at version 0.
alter table cluster add column version bigint not null default 0;
