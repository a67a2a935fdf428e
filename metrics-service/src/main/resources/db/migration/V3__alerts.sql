-- Alert rules: a metric of a kind of target compared with a threshold for a duration; built-in ones ship enabled
create table alert_rule (
    id               text primary key,
    name             text             not null,
    target_kind      text             not null,
    metric           text             not null,
    comparison       text             not null,
    threshold        double precision not null,
    duration_seconds integer          not null,
    severity         text             not null,
    cluster          text,
    enabled          boolean          not null default true,
    builtin          boolean          not null default false
);

-- Alerts: one per rule, cluster and target while pending or firing; kept once resolved
create table alert (
    id          text primary key,
    rule_id     text             not null references alert_rule (id) on delete cascade,
    cluster     text             not null,
    target      text             not null,
    state       text             not null,
    value       double precision not null,
    since       timestamptz      not null,
    updated_at  timestamptz      not null,
    resolved_at timestamptz
);
create unique index alert_active on alert (rule_id, cluster, target) where state <> 'resolved';
create index alert_recent on alert (updated_at desc);

insert into alert_rule (id, name, target_kind, metric, comparison, threshold, duration_seconds, severity, builtin) values
    ('node-cpu-high', 'Node CPU above 90% for 5m', 'node', 'cpu.usage.percent', '>', 90, 300, 'warning', true),
    ('node-memory-high', 'Node memory above 90% for 5m', 'node', 'memory.usage.percent', '>', 90, 300, 'warning', true),
    ('node-not-ready', 'Node NotReady for 1m', 'node', 'ready', '<', 1, 60, 'critical', true),
    ('pod-memory-near-limit', 'Pod memory above 90% of its limit for 5m', 'pod', 'memory.of.limit.percent', '>', 90, 300, 'warning', true);
