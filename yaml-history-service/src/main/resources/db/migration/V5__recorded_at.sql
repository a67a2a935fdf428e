-- When each version was stored (its "at" is when the change happened): the gap is the ingest latency
alter table resource_version add column recorded_at timestamptz not null default clock_timestamp();
