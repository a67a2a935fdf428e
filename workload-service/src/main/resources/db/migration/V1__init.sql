-- workload-service owns schema workload_service. The shared tables (outbox, processed events, known clusters) come from
-- db/kubeatlas-support; the tables of its own features are added by later migrations.
comment on schema workload_service is 'KubeAtlas workload-service';
