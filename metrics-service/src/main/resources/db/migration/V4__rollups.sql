-- Rollups of the raw samples: 5-minute buckets (resolution 300) from the samples, 1-hour buckets (3600) from the
-- 5-minute ones; sum and count, so averages of averages stay exact
create table metric_rollup (
    resolution integer          not null,
    cluster    text             not null,
    target     text             not null,
    metric     text             not null,
    bucket     timestamptz      not null,
    sum        double precision not null,
    count      integer          not null,
    min        double precision not null,
    max        double precision not null,
    primary key (resolution, cluster, target, metric, bucket)
);
create index metric_rollup_bucket on metric_rollup (resolution, bucket);

-- Per-cluster collection settings; a cluster without a row is collected on the default interval
create table collection_setting (
    cluster          text primary key,
    interval_seconds integer     not null check (interval_seconds between 5 and 3600),
    updated_by       text        not null,
    updated_at       timestamptz not null
);
