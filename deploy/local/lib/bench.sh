#!/usr/bin/env bash
# KubeAtlas launcher: benchmarks and fault tests.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.
# The benchmarks are Java (bench/, dev.kubeatlas.bench.Bench): they measure, call the services and print the figures.
# The launcher hands them the stack's settings and does the process control they ask for (./kubeatlas restart,
# start, stop, kill, start-sandbox).

BENCH_JAR="$ROOT/bench/target/kubeatlas-bench.jar"
BENCH_CLASSPATH="$ROOT/bench/target/bench.classpath"   # its dependencies, written by the build

bench_build_needed() {
  [[ -f "$BENCH_JAR" && -s "$BENCH_CLASSPATH" ]] || return 0
  [[ -n "$(find "$ROOT/bench/src" "$ROOT/bench/pom.xml" -newer "$BENCH_JAR" -print -quit)" ]]
}

cmd_bench() { # [gateway|workload|history|metrics|fault-history] [args...]; KUBEATLAS_BENCH_JVM_OPTS: the JVM's options
  need_tools
  if bench_build_needed; then   # the bench module alone: the running services' jars stay as they are
    say "Building the benchmarks (mvn -pl bench package)"
    mvn -B -q -f "$ROOT/pom.xml" -pl bench package -DskipTests \
      || die "Could not build the benchmarks; run ./kubeatlas build first"
  fi
  # the options are words (by default the JVM picks its collector: G1 on a machine like this one)
  # shellcheck disable=SC2086
  KUBEATLAS_STATE="$STATE" KUBEATLAS_LAUNCHER="$ROOT/kubeatlas" KUBEATLAS_SERVICES="${SERVICES[*]}" \
  KUBEATLAS_GATEWAY_PORT="$GATEWAY_PORT" KUBEATLAS_KEYCLOAK_PORT="$KEYCLOAK_PORT" KUBEATLAS_KAFKA_PORT="$KAFKA_PORT" \
  KUBEATLAS_DB_HOST="$(db_host)" KUBEATLAS_DB_PORT="$(db_port)" KUBEATLAS_DB_USER="${KUBEATLAS_DB_USER:-postgres}" \
  KUBEATLAS_DB_NAME="$(db_name)" \
    java ${KUBEATLAS_BENCH_JVM_OPTS:--Xmx2g} -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
      -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider -Dslf4j.internal.verbosity=WARN \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "$BENCH_JAR:$(cat "$BENCH_CLASSPATH")" dev.kubeatlas.bench.Bench "$@"
}

cmd_start_sandbox() { # bench-NAME PORT HEAP [SANDBOX-ARGS...]: a mock API server for a benchmark, waited for until it serves
  local name=${1:-} port=${2:-} heap=${3:-}
  [[ $name =~ ^bench-[a-z0-9-]+$ && $port =~ ^[0-9]+$ && $heap =~ ^[0-9]+[mg]$ ]] \
    || die "usage: ./kubeatlas start-sandbox bench-NAME PORT HEAP [SANDBOX-ARGS...]"
  shift 3
  [[ -f "$ROOT/sandbox/target/kubeatlas-sandbox.jar" ]] || die "No sandbox jar; run ./kubeatlas build"
  stop_one "$name"
  port_open "$port" && die "Port $port is taken; the benchmark cluster needs it"
  start_bg "$name" java "-Xmx$heap" -XX:+UseSerialGC -jar "$ROOT/sandbox/target/kubeatlas-sandbox.jar" --port "$port" "$@"
  wait_for "benchmark cluster $name on 127.0.0.1:$port" "${KUBEATLAS_SANDBOX_TIMEOUT:-1200}" \
    grep -q "serving at" "$LOGS/$name.log" \
    || { stop_one "$name"; die "The benchmark cluster did not start; see $LOGS/$name.log"; }
  grep "^Serving" "$LOGS/$name.log" >&2 || true
}
