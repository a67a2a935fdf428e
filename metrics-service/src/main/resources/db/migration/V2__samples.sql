-- Raw samples of the periodic collection: one row per target (node/NAME, pod/NS/NAME, cluster), metric and time
create table metric_sample (
    cluster text             not null,
    target  text             not null,
    metric  text             not null,
    at      timestamptz      not null,
    value   double precision not null
);
create index metric_sample_series on metric_sample (cluster, target, metric, at);
create index metric_sample_at on metric_sample (at);
