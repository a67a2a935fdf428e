-- Names given to versions; a tag names one version of a resource
create table version_tag (
    tracked_id bigint      not null references tracked_resource (id) on delete cascade,
    tag        text        not null,
    number     integer     not null,
    created_by text        not null,
    created_at timestamptz not null,
    primary key (tracked_id, tag)
);
create index version_tag_by_tag on version_tag (tag);

-- How long a cluster's versions are kept: the newest N per resource and/or those younger than D days; the newest
-- version of each resource and tagged versions are always kept
create table retention_policy (
    cluster       text primary key,
    keep_versions integer,
    keep_days     integer,
    updated_by    text        not null,
    updated_at    timestamptz not null
);
