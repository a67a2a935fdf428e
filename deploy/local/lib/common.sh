#!/usr/bin/env bash
# KubeAtlas launcher: output, processes and ports, prerequisites, the fetched Kafka and Keycloak.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'kubeatlas: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # description timeout-seconds command...
  local what=$1 timeout=$2; shift 2
  local start=$SECONDS
  until "$@"; do
    if (( SECONDS - start >= timeout )); then return 1; fi
    sleep 0.5
  done
  say "$what ready after $((SECONDS - start)) s"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

pid_alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_bg() { # name command... ; starts detached in its own session, log in $LOGS/name.log
  local name=$1; shift
  : > "$LOGS/$name.log"
  setsid nohup "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

stop_one() { # name
  local name=$1 pid
  [[ -f "$RUN/$name.pid" ]] || return 0
  pid=$(cat "$RUN/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$RUN/$name.pid"
}

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------------------------
need_tools() {
  command -v java >/dev/null || die "Java 17+ is required (java not found)"
  command -v mvn >/dev/null || die "Apache Maven is required (mvn not found)"
  command -v curl >/dev/null || die "curl is required"
}

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }

find_java21() { # prints a JAVA_HOME with Java 21+
  local candidates=() home
  [[ -n "${KUBEATLAS_JAVA21_HOME:-}" ]] && candidates+=("$KUBEATLAS_JAVA21_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [[ -d "$home" ]] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    if [[ -x "$home/bin/java" ]] && (( $(java_major "$home/bin/java" || echo 0) >= 21 )); then
      echo "$home"; return 0
    fi
  done
  return 1
}

fetch_dist() { # maven profiles, comma-separated (kafka, keycloak)
  say "Fetching $1 through Maven (once)"
  mvn -B -q -f "$ROOT/deploy/local/pom.xml" -P"$1" package -Dstack.dir="$DIST" \
    || die "Could not fetch $1 from Maven Central"
}

ensure_dist() {
  local missing=()
  [[ -d "$KAFKA_LIBS" ]] || missing+=(kafka)
  [[ -x "$KEYCLOAK_HOME/bin/kc.sh" ]] || missing+=(keycloak)
  if (( ${#missing[@]} )); then fetch_dist "$(IFS=,; echo "${missing[*]}")"; fi
}

ensure_kafka_libs() {
  [[ -d "$KAFKA_LIBS" ]] || fetch_dist kafka
}
