#!/usr/bin/env bash
# Proves that the launcher never touches a database it did not create:
#   1. a foreign `kubeatlas` database (a table, a row) exists on the server;
#   2. `./kubeatlas up` from a fresh state directory runs the whole platform in a database of its own;
#   3. `./kubeatlas up` with KUBEATLAS_DB_NAME=kubeatlas (a fresh state directory) refuses to start;
#   4. `./kubeatlas reset` drops this installation's database only;
#   5. the next `./kubeatlas up` starts in a new, empty database;
# and after each step the foreign row is still there.
#
# It runs against a throw-away PostgreSQL server of its own (initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin)
# on port 55432, so no real database is ever involved; the platform's ports (8080-8085, 8180, 9092, 6443) must be
# free. Usage: deploy/local/check-database-safety.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_PORT=${CHECK_PG_PORT:-55432}
WORK=$(mktemp -d /tmp/kubeatlas-db-safety.XXXXXX)
chmod 755 "$WORK"
STATE="$WORK/state"
export KUBEATLAS_KEYCLOAK_TIMEOUT=${KUBEATLAS_KEYCLOAK_TIMEOUT:-900} KUBEATLAS_SERVICE_TIMEOUT=${KUBEATLAS_SERVICE_TIMEOUT:-600} KUBEATLAS_DB_HOST=127.0.0.1 KUBEATLAS_DB_PORT=$PG_PORT KUBEATLAS_DB_USER=postgres KUBEATLAS_STATE="$STATE"
unset KUBEATLAS_DB_NAME KUBEATLAS_DB_PASSWORD

say() { printf '\033[1m--\033[0m %s\n' "$*" >&2; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

pg_bin() { # tool -> path
  command -v "$1" 2>/dev/null && return 0
  ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 | grep . || fail "$1 (PostgreSQL server binaries) not found"
}
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA -d "$@"; }
foreign_row() { sql kubeatlas -c "select note from orders where id = 42"; }
check_foreign() {
  [[ "$(foreign_row)" == "someone else's order" ]] || fail "the foreign row is gone ($1)"
  [[ -z "$(sql kubeatlas -c "select 1 from pg_namespace where nspname = 'cluster_service'")" ]] \
    || fail "a KubeAtlas service wrote into the foreign database ($1)"
  say "foreign row still there, no KubeAtlas schema in it ($1)"
}

cleanup() {
  local rc=$?
  "$ROOT/kubeatlas" down >/dev/null 2>&1 || true
  as_pg "$(pg_bin pg_ctl)" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  if (( rc != 0 )) && [[ -d "$STATE/logs" ]]; then
    rm -rf "${WORK}.logs"; cp -r "$STATE/logs" "${WORK}.logs"; echo "Logs kept in ${WORK}.logs" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "A throw-away PostgreSQL server on 127.0.0.1:$PG_PORT"
(exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null && fail "port $PG_PORT is taken"
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
as_pg "$(pg_bin initdb)" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_pg "$(pg_bin pg_ctl)" -D "$WORK/pg" -l "$WORK/pg.log" -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" -w start >/dev/null

say "A foreign database 'kubeatlas' with a table and a row"
sql postgres -c "create database kubeatlas"
sql kubeatlas -c "create table orders (id int primary key, note text); insert into orders values (42, 'someone else''s order')"

# the build and the fetched Kafka and Keycloak belong to the checkout, not to the state directory: reuse them when
# the checkout's own state has them (Keycloak re-imports its realm there on the checkout's next up)
mkdir -p "$STATE"
[[ -f "$ROOT/.kubeatlas/build.stamp" ]] && cp -p "$ROOT/.kubeatlas/build.stamp" "$STATE/"
[[ -d "$ROOT/.kubeatlas/dist" ]] && ln -s "$ROOT/.kubeatlas/dist" "$STATE/dist"

say "./kubeatlas up with a fresh state directory"
"$ROOT/kubeatlas" up
check_foreign "after up"
db=$(cat "$STATE/database"); id=$(cat "$STATE/installation")
[[ "$db" == "kubeatlas_$id" ]] || fail "expected database kubeatlas_$id, the state says $db"
[[ "$(sql "$db" -c "select id from kubeatlas_installation")" == "$id" ]] || fail "$db does not carry the marker $id"
[[ "$(sql "$db" -c "select count(*) from cluster_service.cluster")" -ge 1 ]] \
  || fail "the platform did not store its clusters in $db"
say "the platform runs in $db, marked with installation $id"

say "KUBEATLAS_DB_NAME=kubeatlas with another fresh state directory must refuse"
if out=$(KUBEATLAS_STATE="$WORK/other" KUBEATLAS_DB_NAME=kubeatlas "$ROOT/kubeatlas" up 2>&1); then
  fail "up into the foreign database was not refused"
fi
grep -q "never uses, resets or drops a database it did not create" <<<"$out" || fail "unexpected refusal: $out"
check_foreign "after the refused up"

say "./kubeatlas reset"
"$ROOT/kubeatlas" reset
check_foreign "after reset"
[[ -z "$(sql postgres -c "select 1 from pg_database where datname = '$db'")" ]] || fail "reset left $db"
[[ ! -e "$STATE/installation" && ! -e "$STATE/database" ]] || fail "reset kept the installation id"
say "reset dropped $db and nothing else"

say "A database marked by another installation is not dropped by reset either"
"$ROOT/kubeatlas" up --no-sandbox >/dev/null 2>&1 || fail "second up failed"
db2=$(cat "$STATE/database")
[[ "$db2" != "$db" ]] || fail "the second installation reused $db"
[[ "$(sql "$db2" -c "select count(*) from cluster_service.cluster")" == 0 ]] \
  || fail "the fresh installation runs against earlier data"
say "after reset, up starts over in the new empty database $db2"
"$ROOT/kubeatlas" down >/dev/null 2>&1 || true
sql "$db2" -c "update kubeatlas_installation set id = 'someone-else'"
"$ROOT/kubeatlas" reset
[[ -n "$(sql postgres -c "select 1 from pg_database where datname = '$db2'")" ]] || fail "reset dropped a database marked by another installation"
check_foreign "at the end"
say "reset left $db2 alone once its marker named another installation"
echo "Database safety: all checks passed"
