-- The Prometheus of each cluster: found by discovery or set by an admin, reached through the API server's service
-- proxy; its state after the last detection or verification
create table prometheus_endpoint (
    cluster     text primary key,
    source      text        not null,
    status      text        not null,
    namespace   text,
    service     text,
    port        text,
    scheme      text,
    version     text,
    detail      text,
    checked_at  timestamptz not null,
    updated_by  text        not null
);
