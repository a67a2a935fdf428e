#!/usr/bin/env bash
# KubeAtlas launcher: Keycloak and its tokens.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# Keycloak (realm kubeatlas imported from deploy/local/keycloak)
# ---------------------------------------------------------------------------------------------------------------
start_keycloak() {
  if pid_alive keycloak; then return 0; fi
  port_open "$KEYCLOAK_PORT" && die "Port $KEYCLOAK_PORT is taken by another process; cannot start Keycloak"
  local java21
  java21=$(find_java21) || die "Keycloak needs a JDK 21 or newer. Install one (apt-get install openjdk-21-jdk-headless,
or any Temurin 21+) or set KUBEATLAS_JAVA21_HOME to its home."
  # the realm with this installation's client secret; Keycloak imports a realm (and makes its admin) only into an
  # empty database, so it starts over whenever the realm or a secret changed
  local realm="$KEYCLOAK_HOME/data/import/kubeatlas-realm.json" stamp
  mkdir -p "$KEYCLOAK_HOME/data/import"
  rm -f "$realm"
  (umask 077; sed "s/\${KUBEATLAS_SERVICE_CLIENT_SECRET}/$(secret "$SERVICE_SECRET")/" \
    "$ROOT/deploy/local/keycloak/kubeatlas-realm.json" > "$realm")
  stamp=$({ cat "$realm"; secret "$KEYCLOAK_ADMIN_SECRET"; } | sha256sum | cut -d' ' -f1)
  if [[ "$(cat "$KEYCLOAK_HOME/data/import.stamp" 2>/dev/null)" != "$stamp" ]]; then
    rm -rf "$KEYCLOAK_HOME/data/h2"; echo "$stamp" > "$KEYCLOAK_HOME/data/import.stamp"
  fi
  (
    KC_BOOTSTRAP_ADMIN_PASSWORD=$(secret "$KEYCLOAK_ADMIN_SECRET")
    export JAVA_HOME="$java21" KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin KC_BOOTSTRAP_ADMIN_PASSWORD \
      JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m"
    start_bg keycloak "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" \
      --import-realm --hostname-strict=false --cache=local
  )
  wait_for "Keycloak on 127.0.0.1:$KEYCLOAK_PORT" "${KUBEATLAS_KEYCLOAK_TIMEOUT:-300}" \
    http_ok "http://127.0.0.1:$KEYCLOAK_PORT/realms/kubeatlas/.well-known/openid-configuration" \
    || die "Keycloak did not start; see $LOGS/keycloak.log"
}

token() { # user [password]
  local user=$1 pass=${2:-$1} body
  body=$(curl -sS --max-time 10 -X POST "http://127.0.0.1:$KEYCLOAK_PORT/realms/kubeatlas/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=kubeatlas-cli \
    --data-urlencode "username=$user" --data-urlencode "password=$pass" --data-urlencode scope=openid) \
    || die "Keycloak is not reachable on 127.0.0.1:$KEYCLOAK_PORT; run ./kubeatlas up first"
  local access
  access=$(printf '%s' "$body" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [[ -n "$access" ]] || die "No token for '$user': $(printf '%s' "$body" | sed -n 's/.*"error_description":"\([^"]*\)".*/\1/p')"
  printf '%s\n' "$access"
}
