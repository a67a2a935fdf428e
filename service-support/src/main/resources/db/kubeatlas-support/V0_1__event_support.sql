-- Tables every data-owning service has in its own schema: the transactional outbox, the record of events it has
-- handled (deduplication), and its own view of the registered clusters.
create table outbox_event (
    id          uuid primary key,
    topic       text        not null,
    record_key  text        not null,
    event_type  text        not null,
    payload     text        not null,
    created_at  timestamptz not null
);
create index outbox_event_created_at on outbox_event (created_at);

create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);
create index processed_event_processed_at on processed_event (processed_at);

create table known_cluster (
    name               text primary key,
    display_name       text,
    provider           text,
    status             text,
    kubernetes_version text,
    sandbox            boolean     not null default false,
    registered_at      timestamptz,
    updated_at         timestamptz,
    last_event_id      text
);
