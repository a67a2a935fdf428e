-- One row per resource ever seen (cluster, type, namespace or '_', name); its versions below
create table tracked_resource (
    id             bigserial primary key,
    cluster        text    not null,
    resource       text    not null,
    namespace      text    not null,
    name           text    not null,
    kind           text,
    api_version    text,
    uid            text,
    latest_version integer not null default 0,
    deleted        boolean not null default false,
    last_change_at timestamptz,
    unique (cluster, resource, namespace, name)
);

-- Each distinct content of a resource, numbered 1, 2, 3... without gaps. The manifest is gzip-compressed JSON;
-- a deletion has none (its content is the version before it).
create table resource_version (
    id               bigserial primary key,
    tracked_id       bigint      not null references tracked_resource (id) on delete cascade,
    number           integer     not null,
    content_hash     text,
    manifest         bytea,
    change_type      text        not null,
    actor            text,
    source           text        not null,
    at               timestamptz not null,
    resource_version text,
    summary          text,
    event_id         text        not null,
    unique (tracked_id, number)
);
create index resource_version_at on resource_version (at desc);

-- Rollbacks applied and not yet seen on the change stream: the version they produce says what it rolled back to
create table pending_rollback (
    tracked_id       bigint      not null references tracked_resource (id) on delete cascade,
    resource_version text        not null,
    target_version   integer     not null,
    actor            text        not null,
    created_at       timestamptz not null,
    primary key (tracked_id, resource_version)
);
