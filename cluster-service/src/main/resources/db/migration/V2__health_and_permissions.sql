-- How often the health monitor checks each cluster, and what its credentials may do (from the last full test)
alter table cluster add column check_interval_seconds integer;
alter table cluster add column permissions text;
alter table cluster add column status_since timestamptz;
alter table cluster add column credentials_revision integer not null default 1;
update cluster set status_since = coalesce(last_check_at, created_at);

-- One row per health check; kept for kubeatlas.clusters.health.retention
create table cluster_health_check (
    id                 bigserial primary key,
    cluster_name       text        not null references cluster (name) on delete cascade,
    checked_at         timestamptz not null,
    status             text        not null,
    reason             text,
    latency_millis     bigint,
    kubernetes_version text,
    nodes_ready        integer,
    nodes_total        integer,
    not_ready_nodes    text
);
create index cluster_health_check_by_cluster on cluster_health_check (cluster_name, checked_at desc);

-- Every change of a cluster's status, kept as long as the cluster is registered
create table cluster_status_change (
    id              bigserial primary key,
    cluster_name    text        not null references cluster (name) on delete cascade,
    changed_at      timestamptz not null,
    previous_status text,
    status          text        not null,
    reason          text
);
create index cluster_status_change_by_cluster on cluster_status_change (cluster_name, changed_at desc);
