-- Narrower scopes of a rule: pods (or quotas) of one namespace, a node (or the pods on it), pods by label selector
alter table alert_rule add column namespace text;
alter table alert_rule add column node text;
alter table alert_rule add column pod_selector text;

insert into alert_rule (id, name, target_kind, metric, comparison, threshold, duration_seconds, severity, builtin) values
    ('pod-restarts-increasing', 'Pod restarted in the last 10m', 'pod', 'restarts.increase', '>', 0, 0, 'warning', true),
    ('quota-near-limit', 'Quota at 90% or more', 'quota', 'used.percent', '>=', 90, 0, 'warning', true);
