-- yaml-history-service owns schema yaml_history_service. The shared tables (outbox, processed events, known clusters) come from
-- db/kubeatlas-support; the tables of its own features are added by later migrations.
comment on schema yaml_history_service is 'KubeAtlas yaml-history-service';
