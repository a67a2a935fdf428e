#!/usr/bin/env bash
# KubeAtlas launcher: Kafka brokers (the stack's and the tests').
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# Kafka (KRaft, single node: broker and controller in one process)
# ---------------------------------------------------------------------------------------------------------------
start_kafka() { # name port controller-port data-dir
  local name=$1 port=$2 cport=$3 data=$4
  if pid_alive "$name"; then return 0; fi
  port_open "$port" && die "Port $port is taken by another process; cannot start Kafka ($name) there"
  mkdir -p "$data"
  cat > "$data/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  cat > "$data/log4j2.properties" <<EOF
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
EOF
  local java_cmd=(java -Xms128m -Xmx512m -XX:+UseSerialGC "-Dlog4j2.configurationFile=$data/log4j2.properties" -cp "$KAFKA_LIBS/*")
  if [[ ! -f "$data/logs/meta.properties" ]]; then
    local cluster_id
    cluster_id=$("${java_cmd[@]}" kafka.tools.StorageTool random-uuid 2>"$LOGS/$name-format.log") \
      && "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$data/server.properties" \
         >>"$LOGS/$name-format.log" 2>&1 \
      || die "Kafka storage format failed; see $LOGS/$name-format.log"
  fi
  start_bg "$name" "${java_cmd[@]}" kafka.Kafka "$data/server.properties"
  wait_for "Kafka ($name) on 127.0.0.1:$port" 90 port_open "$port" || die "Kafka did not start; see $LOGS/$name.log"
}
