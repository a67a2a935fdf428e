#!/usr/bin/env bash
# KubeAtlas launcher: up, infra, env, down, status, reset, logs, rotate-key; restart, start, stop, kill.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

cmd_up() {
  local kubeconfig="" context="" name="" sandbox=1
  while (( $# )); do
    case $1 in
      --kubeconfig) kubeconfig=$2; shift 2;;
      --context) context=$2; shift 2;;
      --name) name=$2; shift 2;;
      --no-sandbox) sandbox=0; shift;;
      *) die "unknown option for up: $1";;
    esac
  done
  [[ -z "$kubeconfig" || -r "$kubeconfig" ]] || die "Cannot read kubeconfig $kubeconfig"
  need_tools
  local t0=$SECONDS
  ensure_postgres
  ensure_dist
  if build_needed; then build; fi
  local t_built=$SECONDS
  start_kafka kafka "$KAFKA_PORT" 9093 "$STATE/data/kafka"
  secret "$SERVICE_SECRET" >/dev/null; secret "$KEYCLOAK_ADMIN_SECRET" >/dev/null   # before Keycloak and services race
  start_keycloak &
  local kc=$!
  (( sandbox )) && start_sandbox
  local s
  for s in "${SERVICES[@]}"; do start_service "${s%%:*}" "${s##*:}"; done
  wait "$kc" || die "Keycloak did not start; see $LOGS/keycloak.log"
  for s in "${SERVICES[@]}"; do wait_service "${s%%:*}" "${s##*:}"; done
  (( sandbox )) && register_cluster sandbox "$STATE/sandbox.kubeconfig" "" '"tags":{"env":"demo"},"description":"Simulated demo shop"'
  if [[ -n "$kubeconfig" ]]; then
    [[ -n "$name" ]] || name=$(printf '%s' "${context:-$(sed -n 's/^current-context: *//p' "$kubeconfig" | head -1)}" \
      | tr 'A-Z_.:/@' 'a-z-----' | sed 's/[^a-z0-9-]//g; s/^-*//; s/-*$//' | cut -c1-63)
    register_cluster "${name:-cluster}" "$kubeconfig" "$context"
  fi
  cat <<EOF

KubeAtlas is up (${SECONDS}s; $((SECONDS - t_built))s after the build).
  Gateway:   http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters
  Token:     ./kubeatlas token admin|operator|viewer   (local users, password = user name)
  Example:   curl -H "Authorization: Bearer \$(./kubeatlas token viewer)" http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters
  Status:    ./kubeatlas status      Logs: ./kubeatlas logs SERVICE      Stop: ./kubeatlas down
  Keycloak:  http://127.0.0.1:$KEYCLOAK_PORT/admin   (user kcadmin, password in $KEYCLOAK_ADMIN_SECRET)
EOF
}

service_port() { # name -> its port, or nothing when it is not a service
  local s
  for s in "${SERVICES[@]}"; do [[ ${s%%:*} == "$1" ]] && { echo "${s##*:}"; return 0; }; done
  return 1
}

cmd_env() { # SERVICE: prints the environment the launcher gives that service (eval it before mvn quarkus:dev)
  local name=${1:-}
  service_port "$name" >/dev/null || die "usage: ./kubeatlas env SERVICE; services: $(printf '%s ' "${SERVICES[@]%%:*}")"
  [[ -s "$INSTALLATION_FILE" && -s "$DATABASE_FILE" ]] || die "No installation yet: run ./kubeatlas infra (or up) first"
  service_env "$name"
}

cmd_infra() { # [SERVICE] [--no-sandbox]: Kafka, Keycloak and the sandbox, no services; prints how to run one service
  local sandbox=1 service=""
  while (( $# )); do
    case $1 in
      --no-sandbox) sandbox=0; shift;;
      -*) die "unknown option for infra: $1";;
      *) service_port "$1" >/dev/null || die "infra: '$1' is not a service ($(printf '%s ' "${SERVICES[@]%%:*}"))"
         service=$1; shift;;
    esac
  done
  need_tools
  ensure_postgres
  ensure_dist
  if (( sandbox )) && [[ ! -f "$ROOT/sandbox/target/kubeatlas-sandbox.jar" ]]; then build; fi
  start_kafka kafka "$KAFKA_PORT" 9093 "$STATE/data/kafka"
  secret "$SERVICE_SECRET" >/dev/null; secret "$KEYCLOAK_ADMIN_SECRET" >/dev/null
  start_keycloak &
  local kc=$!
  (( sandbox )) && start_sandbox
  wait "$kc" || die "Keycloak did not start; see $LOGS/keycloak.log"
  local name=${service:-cluster-service}
  {
    echo
    echo "KubeAtlas infrastructure is up, no service runs:"
    echo "  PostgreSQL: $(db_host):$(db_port), database $(db_name)"
    echo "  Kafka:      127.0.0.1:$KAFKA_PORT"
    echo "  Keycloak:   http://127.0.0.1:$KEYCLOAK_PORT/realms/kubeatlas   (./kubeatlas token admin|operator|viewer)"
    (( sandbox )) && echo "  Sandbox:    http://127.0.0.1:$SANDBOX_PORT, kubeconfig $STATE/sandbox.kubeconfig"
    echo
    echo "Run one service in dev mode against it (the environment ./kubeatlas up gives that service):"
    echo "  ./kubeatlas build    # once, so that the service's sibling modules are in the local Maven repository"
    echo "  (eval \"\$(./kubeatlas env $name)\" && cd $name && mvn quarkus:dev)"
    echo "Other services run as in ./kubeatlas up when started the same way; ./kubeatlas down stops everything."
    echo
    echo "The environment of $name:"
  } >&2
  service_env "$name"
}

cmd_down() {
  local s names=(gateway ai-service metrics-service yaml-history-service workload-service cluster-service bench-sandbox bench-metrics-sandbox sandbox keycloak kafka)
  local f
  for f in "$RUN"/bench-*.pid; do   # any other benchmark cluster
    [[ -e "$f" ]] && names+=("$(basename "$f" .pid)")
  done
  for s in "${names[@]}"; do
    if pid_alive "$s"; then say "Stopping $s"; fi
    stop_one "$s"
  done
  local busy=()
  for s in "${SERVICES[@]}"; do port_open "${s##*:}" && busy+=("${s##*:}"); done
  for s in $KEYCLOAK_PORT $KAFKA_PORT 9093 $SANDBOX_PORT; do port_open "$s" && busy+=("$s"); done
  if (( ${#busy[@]} )); then say "Still listening (not started by this launcher?): ${busy[*]}"; return 1; fi
  say "Stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# One process at a time (the benchmarks and fault tests use these): each with the settings up gives it, plus
# whatever this environment adds (KUBEATLAS_SERVICE_JVM_OPTS, KUBEATLAS_RATE_LIMIT_RPS, ...)
# ---------------------------------------------------------------------------------------------------------------
cmd_restart() { # SERVICE: stopped, started again, waited for until ready
  local name=${1:-} port
  port=$(service_port "$name") || die "usage: ./kubeatlas restart SERVICE; services: $(printf '%s ' "${SERVICES[@]%%:*}")"
  stop_one "$name"
  start_service "$name" "$port"
  wait_service "$name" "$port"
}

cmd_start() { # SERVICE|kafka: started unless it runs, waited for until ready
  local name=${1:-} port
  if [[ $name == kafka ]]; then start_kafka kafka "$KAFKA_PORT" 9093 "$STATE/data/kafka"; return; fi
  port=$(service_port "$name") || die "usage: ./kubeatlas start SERVICE|kafka; services: $(printf '%s ' "${SERVICES[@]%%:*}")"
  start_service "$name" "$port"
  wait_service "$name" "$port"
}

cmd_stop() { # NAME: a process this launcher started (a service, kafka, keycloak, sandbox, a benchmark cluster)
  local name=${1:-}
  [[ $name =~ ^[a-z0-9-]+$ ]] || die "usage: ./kubeatlas stop NAME"
  if pid_alive "$name"; then say "Stopping $name"; fi
  stop_one "$name"
}

cmd_kill() { # SERVICE: SIGKILL, no shutdown at all (fault tests)
  local name=${1:-} pid
  service_port "$name" >/dev/null || die "usage: ./kubeatlas kill SERVICE; services: $(printf '%s ' "${SERVICES[@]%%:*}")"
  pid_alive "$name" || die "$name is not running"
  pid=$(cat "$RUN/$name.pid")
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$RUN/$name.pid"
}

cmd_status() {
  local s name port state
  printf '%-22s %-8s %-6s %s\n' COMPONENT PID PORT STATE
  for s in kafka:$KAFKA_PORT keycloak:$KEYCLOAK_PORT sandbox:$SANDBOX_PORT "${SERVICES[@]}"; do
    name=${s%%:*}; port=${s##*:}
    if ! pid_alive "$name"; then state=stopped
    elif [[ $name == *service || $name == gateway ]]; then
      http_ok "http://127.0.0.1:$port/q/health/ready" && state=healthy || state=unhealthy
    else port_open "$port" && state=listening || state=starting; fi
    printf '%-22s %-8s %-6s %s\n' "$name" "$(cat "$RUN/$name.pid" 2>/dev/null || echo -)" "$port" "$state"
  done
}

cmd_reset() {
  cmd_down || true
  drop_installation_database
  rm -rf "$STATE/data" "$LOGS" "$RUN" "$STATE/sandbox.kubeconfig" "$INSTALLATION_FILE" "$DATABASE_FILE"
  say "Local state removed (Kafka data, this installation's database, logs); the next ./kubeatlas up starts empty"
}

cmd_logs() {
  local name=${1:-} follow=${2:-}
  [[ -n "$name" && -f "$LOGS/$name.log" ]] || die "usage: ./kubeatlas logs SERVICE [-f]; have: $(cd "$LOGS" && ls *.log 2>/dev/null | sed 's/\.log$//' | tr '\n' ' ')"
  if [[ "$follow" == -f ]]; then tail -n 200 -F "$LOGS/$name.log"; else tail -n 200 "$LOGS/$name.log"; fi
}

cmd_rotate_key() { # new key, cluster-service restarted with it active, every stored kubeconfig re-encrypted
  pid_alive cluster-service && http_ok "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" \
    || die "The platform is not running; start it with ./kubeatlas up"
  local old new n
  old=$(active_key_id)
  n=$(ls "$KEYS" | sed -n 's/^k\([0-9]*\)\.key$/\1/p' | sort -n | tail -1)
  new="k$((n + 1))"
  new_key "$new"; echo "$new" > "$KEYS/active"
  say "New key $new is active (was $old); restarting cluster-service"
  stop_one cluster-service; start_service cluster-service 8081; wait_service cluster-service 8081
  curl -fsS --max-time 60 -X POST -H "Authorization: Bearer $(token admin)" \
    "http://127.0.0.1:$GATEWAY_PORT/api/v1/admin/encryption/rotate" || die "Re-encryption failed; $old stays configured"
  echo
  say "Every kubeconfig is now sealed with $new. The old key files stay in $KEYS until you delete them."
}
