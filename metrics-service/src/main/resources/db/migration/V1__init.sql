-- metrics-service owns schema metrics_service. The shared tables (outbox, processed events, known clusters) come from
-- db/kubeatlas-support; the tables of its own features are added by later migrations.
comment on schema metrics_service is 'KubeAtlas metrics-service';
