-- Every mutation attempted through the API, successful or not
create table audit_entry (
    id          bigserial primary key,
    at          timestamptz not null,
    actor       text        not null,
    roles       text        not null,
    cluster     text        not null,
    action      text        not null,
    resource    text        not null,
    namespace   text,
    name        text,
    dry_run     boolean     not null,
    outcome     text        not null,
    status      integer     not null,
    detail      text
);
create index audit_entry_at on audit_entry (at desc);
create index audit_entry_cluster on audit_entry (cluster, at desc);
create index audit_entry_actor on audit_entry (actor, at desc);

-- The last version of each watched object the change stream published, so that a relist after an outage or a
-- restart publishes only what changed, and deletions that happened meanwhile are noticed
create table observed_object (
    cluster          text not null,
    resource         text not null,
    uid              text not null,
    namespace        text,
    name             text not null,
    resource_version text not null,
    content_hash     text not null,
    primary key (cluster, uid)
);
create index observed_object_by_type on observed_object (cluster, resource);
