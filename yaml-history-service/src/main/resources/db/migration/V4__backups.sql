-- Scheduled backups: a scope, a cron expression (Unix, five fields) and how many of its backups to keep
create table backup_policy (
    name           text primary key,
    cluster        text        not null,
    namespaces     text        not null default '',
    kinds          text        not null default '',
    label_selector text,
    cron           text        not null,
    retain         integer     not null check (retain > 0),
    enabled        boolean     not null default true,
    created_by     text        not null,
    created_at     timestamptz not null,
    last_run_at    timestamptz,
    last_backup_id uuid,
    last_error     text
);

-- A backup's description; its archive (AES-256-GCM sealed tar.gz, the backup id as associated data) is kept apart,
-- so that listing backups never reads archives
create table backup (
    id             uuid primary key,
    cluster        text        not null,
    namespaces     text        not null default '',
    kinds          text        not null default '',
    label_selector text,
    policy         text references backup_policy (name) on delete set null,
    state          text        not null,
    created_by     text        not null,
    created_at     timestamptz not null,
    completed_at   timestamptz,
    object_count   integer     not null default 0,
    counts         text,
    size_bytes     bigint      not null default 0,
    error          text
);
create index backup_by_cluster on backup (cluster, created_at desc);
create index backup_by_policy on backup (policy, created_at desc);

create table backup_archive (
    backup_id  uuid primary key references backup (id) on delete cascade,
    key_id     text  not null,
    nonce      bytea not null,
    ciphertext bytea not null
);

-- What each restore did (or, in a dry run, would do), object by object
create table backup_restore (
    id             uuid primary key,
    backup_id      uuid        not null references backup (id) on delete cascade,
    target_cluster text        not null,
    mode           text        not null,
    dry_run        boolean     not null,
    created_by     text        not null,
    created_at     timestamptz not null,
    summary        text        not null,
    results        text        not null
);
