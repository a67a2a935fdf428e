#!/usr/bin/env bash
# KubeAtlas launcher: build, secrets and keys, the services and the sandbox, registering clusters.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# Build and services
# ---------------------------------------------------------------------------------------------------------------
build_needed() {
  local stamp="$STATE/build.stamp" s
  [[ -f "$stamp" ]] || return 0
  for s in "${SERVICES[@]}"; do [[ -f "$ROOT/${s%%:*}/target/quarkus-app/quarkus-run.jar" ]] || return 0; done
  [[ -f "$ROOT/sandbox/target/kubeatlas-sandbox.jar" ]] || return 0
  [[ -n "$(find "$ROOT" -path "$STATE" -prune -o -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]]
}

build() {
  say "Building KubeAtlas (mvn install -DskipTests)"
  mvn -B -q -f "$ROOT/pom.xml" install -DskipTests || die "Build failed"
  touch "$STATE/build.stamp"
}

KEYS="$STATE/secrets/keys"   # kubeconfig encryption keys: <id>.key files, the active id in "active"
BACKUP_KEYS="$STATE/secrets/backup-keys"   # backup archive keys, the same layout
VALUE_DIGEST_KEY="$STATE/secrets/value-digest.key"   # the HMAC key of Secret value digests

new_key() { # id [dir]
  local dir=${2:-$KEYS}
  head -c 32 /dev/urandom | base64 > "$dir/$1.key"; chmod 600 "$dir/$1.key"
}

active_key_id() { # [dir first-id]: makes the first key on first use
  local dir=${1:-$KEYS} first=${2:-k1}
  if [[ ! -f "$dir/active" ]]; then
    mkdir -p "$dir"; chmod 700 "$STATE/secrets" "$dir"
    if [[ $dir == "$KEYS" && -f "$STATE/secrets/encryption.key" ]]; then   # the single key of earlier versions
      mv "$STATE/secrets/encryption.key" "$KEYS/k1.key"
    else
      new_key "$first" "$dir"
    fi
    echo "$first" > "$dir/active"
  fi
  cat "$dir/active"
}

SERVICE_SECRET="$STATE/secrets/service-client.secret"         # client secret of kubeatlas-services in the realm
KEYCLOAK_ADMIN_SECRET="$STATE/secrets/keycloak-admin.password" # password of Keycloak's admin, user kcadmin

secret() { # file: prints this installation's secret kept there, made (random, mode 600) on first use
  if [[ ! -s "$1" ]]; then
    mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$1")
  fi
  cat "$1"
}

service_env() { # name: the environment the launcher gives that service, as shell export lines; secrets are not
  # printed but read from their files ($(cat FILE)) when the lines are evaluated
  local name=$1 q
  secret "$SERVICE_SECRET" >/dev/null
  printf 'export KUBEATLAS_DB_HOST=%q KUBEATLAS_DB_PORT=%q KUBEATLAS_DB_USER=%q KUBEATLAS_DB_NAME=%q\n' \
    "$(db_host)" "$(db_port)" "${KUBEATLAS_DB_USER:-postgres}" "$(db_name)"
  printf 'export KUBEATLAS_KAFKA_BOOTSTRAP=%q KUBEATLAS_OIDC_URL=%q\n' \
    "127.0.0.1:$KAFKA_PORT" "http://127.0.0.1:$KEYCLOAK_PORT/realms/kubeatlas"
  printf -v q '%q' "$SERVICE_SECRET"
  printf 'export KUBEATLAS_SERVICE_CLIENT_SECRET="$(cat %s)"\n' "$q"
  case $name in
    cluster-service)
      # the local stack registers its sandbox at 127.0.0.1:6443; loopback servers are refused everywhere else
      printf 'export KUBEATLAS_ENCRYPTION_KEY_ID=%q KUBEATLAS_ENCRYPTION_KEY_DIR=%q KUBEATLAS_CLUSTERS_ALLOW_LOOPBACK=%q\n' \
        "$(active_key_id)" "$KEYS" "${KUBEATLAS_CLUSTERS_ALLOW_LOOPBACK:-true}";;
    workload-service)
      if [[ ! -s "$VALUE_DIGEST_KEY" ]]; then   # the key of Secret value digests (HMAC-SHA256), made once
        mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
        (umask 077; head -c 32 /dev/urandom | base64 > "$VALUE_DIGEST_KEY")
      fi
      printf 'export KUBEATLAS_VALUE_DIGEST_KEY_FILE=%q\n' "$VALUE_DIGEST_KEY";;
    yaml-history-service)
      printf 'export KUBEATLAS_BACKUP_KEY_ID=%q KUBEATLAS_BACKUP_KEY_DIR=%q\n' "$(active_key_id "$BACKUP_KEYS" b1)" "$BACKUP_KEYS";;
  esac
}

start_service() { # name port
  local name=$1 port=$2 env
  if pid_alive "$name"; then return 0; fi
  port_open "$port" && die "Port $port is taken by another process; cannot start $name"
  env=$(service_env "$name") || die "Could not prepare the environment of $name"
  (
    eval "$env"
    # shellcheck disable=SC2086
    start_bg "$name" java $SERVICE_JVM_OPTS -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar"
  )
}

wait_service() { # name port
  wait_for "$1 on 127.0.0.1:$2" "${KUBEATLAS_SERVICE_TIMEOUT:-120}" http_ok "http://127.0.0.1:$2/q/health/ready" \
    || die "$1 did not become healthy; see $LOGS/$1.log (./kubeatlas logs $1)"
}

start_sandbox() {
  if pid_alive sandbox; then return 0; fi
  port_open "$SANDBOX_PORT" && die "Port $SANDBOX_PORT is taken by another process; cannot start the sandbox cluster"
  start_bg sandbox java -Xmx128m -XX:+UseSerialGC -jar "$ROOT/sandbox/target/kubeatlas-sandbox.jar" \
    --port "$SANDBOX_PORT" --kubeconfig "$STATE/sandbox.kubeconfig"
  wait_for "Sandbox cluster on 127.0.0.1:$SANDBOX_PORT" 60 http_ok "http://127.0.0.1:$SANDBOX_PORT/version" \
    || die "The sandbox did not start; see $LOGS/sandbox.log"
}

json_string() { # escapes stdin as a JSON string
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r//g' | awk 'BEGIN{ORS=""} {if (NR>1) print "\\n"; print} END{print ""}' | sed -e 's/^/"/' -e 's/$/"/'
}

register_cluster() { # name kubeconfig-file [context] [extra-json]
  local name=$1 file=$2 context=${3:-} extra=${4:-} body code
  body="{\"name\":\"$name\",\"kubeconfig\":$(json_string < "$file")"
  [[ -n "$context" ]] && body+=",\"context\":\"$context\""
  [[ -n "$extra" ]] && body+=",$extra"
  body+="}"
  code=$(curl -sS -o "$STATE/register.out" -w '%{http_code}' --max-time 30 -X POST \
    -H "Authorization: Bearer $(token admin)" -H 'Content-Type: application/json' \
    --data-binary @- "http://127.0.0.1:$GATEWAY_PORT/api/v1/clusters" <<<"$body")
  case $code in
    201) say "Registered cluster '$name'";;
    409) say "Cluster '$name' is already registered";;
    *) cat "$STATE/register.out" >&2; echo >&2; die "Registering cluster '$name' failed (HTTP $code)";;
  esac
}
