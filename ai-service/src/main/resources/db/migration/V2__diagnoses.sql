-- Diagnoses as they were answered: the cluster and scope asked about, who asked, when, how long it took, and the
-- findings (the API's JSON array)
create table diagnosis (
    id          uuid        primary key,
    cluster     text        not null,
    namespace   text,
    resource    text,
    name        text,
    started_at  timestamptz not null,
    duration_ms bigint      not null,
    actor       text        not null,
    findings    jsonb       not null
);
create index diagnosis_by_cluster on diagnosis (cluster, started_at desc);
