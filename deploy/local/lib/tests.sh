#!/usr/bin/env bash
# KubeAtlas launcher: the test broker and the test command.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# Tests: unit and @QuarkusTest suites against real PostgreSQL and a real Kafka broker, then end-to-end
# ---------------------------------------------------------------------------------------------------------------
test_broker_name() { # port -> the process name of the test broker on that port
  if [[ $1 == "$TEST_KAFKA_PORT" ]]; then echo test-kafka; else echo "test-kafka-$1"; fi
}

cmd_test_broker() { # [PORT] [--owner PID]: a throw-away broker (controller on PORT+1); with --owner, it stops when PID ends
  local port=$TEST_KAFKA_PORT owner=""
  while (( $# )); do
    case $1 in
      --owner) owner=${2:?--owner needs a process id}; shift 2;;
      [0-9]*) port=$1; shift;;
      *) die "usage: ./kubeatlas test-broker [PORT] [--owner PID]";;
    esac
  done
  [[ $port =~ ^[0-9]+$ ]] && (( port > 1024 && port < 65535 )) || die "test-broker: bad port '$port'"
  local name
  name=$(test_broker_name "$port")
  need_tools
  ensure_kafka_libs
  if [[ -n "$owner" ]]; then   # fresh data for a broker that lives only as long as its owner
    pid_alive "$name" || rm -rf "$STATE/data/$name"
  fi
  start_kafka "$name" "$port" $((port + 1)) "$STATE/data/$name"
  if [[ -n "$owner" ]]; then
    setsid nohup bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop-test-broker "$3" --pid "$4"' \
      owner-watch "$owner" "$ROOT/kubeatlas" "$port" "$(cat "$RUN/$name.pid")" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  fi
}

cmd_stop_test_broker() { # [PORT] [--pid PID]: with --pid, only when that broker process still runs there
  local port=$TEST_KAFKA_PORT only="" name
  while (( $# )); do
    case $1 in
      --pid) only=${2:?--pid needs a process id}; shift 2;;
      [0-9]*) port=$1; shift;;
      *) die "usage: ./kubeatlas stop-test-broker [PORT] [--pid PID]";;
    esac
  done
  name=$(test_broker_name "$port")
  [[ -z "$only" || "$(cat "$RUN/$name.pid" 2>/dev/null)" == "$only" ]] || return 0
  if pid_alive "$name"; then say "Stopping $name"; stop_one "$name"; fi
  if [[ $name != test-kafka ]]; then rm -rf "$STATE/data/$name"; fi
}

TEST_BROKER_STARTED=0
TEST_STACK_STARTED=0

test_cleanup() { # stops what the test command started, whatever way it ends
  if (( TEST_STACK_STARTED )); then cmd_down >/dev/null 2>&1 || true; fi
  if (( TEST_BROKER_STARTED )); then stop_one test-kafka || true; fi
}

cmd_test() {
  need_tools
  ensure_postgres
  ensure_dist
  local rc=0
  trap test_cleanup EXIT
  if ! pid_alive test-kafka; then
    rm -rf "$STATE/data/test-kafka"
    TEST_BROKER_STARTED=1
    cmd_test_broker
  fi
  say "Unit and service tests (PostgreSQL database 'test', Kafka on 127.0.0.1:$TEST_KAFKA_PORT)"
  KUBEATLAS_TEST_KAFKA="127.0.0.1:$TEST_KAFKA_PORT" mvn -B -f "$ROOT/pom.xml" install || rc=$?
  if (( rc != 0 )); then say "Tests failed"; return $rc; fi
  touch "$STATE/build.stamp"
  if ! http_ok "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"; then
    TEST_STACK_STARTED=1
    cmd_up
  fi
  say "End-to-end tests through the gateway with Keycloak tokens"
  KUBEATLAS_SERVICE_CLIENT_SECRET=$(secret "$SERVICE_SECRET") KUBEATLAS_STATE="$STATE" \
    mvn -B -f "$ROOT/pom.xml" -Pe2e -pl e2e-tests surefire:test || rc=$?
  (( rc == 0 )) && say "All tests passed" || say "End-to-end tests failed"
  return $rc
}
