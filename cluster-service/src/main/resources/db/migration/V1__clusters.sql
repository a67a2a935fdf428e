create table cluster (
    name               text primary key,
    display_name       text,
    description        text,
    provider           text        not null,
    region             text,
    tags               text        not null default '{}',
    server             text        not null,
    context_name       text        not null,
    auth_kind          text        not null,
    sandbox            boolean     not null default false,
    kubernetes_version text,
    status             text        not null,
    status_reason      text,
    nodes_ready        integer,
    nodes_total        integer,
    namespace_count    integer,
    latency_millis     bigint,
    last_check_at      timestamptz,
    kubeconfig_key_id  text        not null,
    kubeconfig_nonce   bytea       not null,
    kubeconfig_cipher  bytea       not null,
    created_at         timestamptz not null,
    created_by         text,
    updated_at         timestamptz not null
);
create index cluster_status on cluster (status);
create index cluster_provider on cluster (provider);
