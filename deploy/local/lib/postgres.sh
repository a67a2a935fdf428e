#!/usr/bin/env bash
# KubeAtlas launcher: this installation's PostgreSQL database.
# Sourced by ./kubeatlas, which sets ROOT, STATE and the ports; not run on its own.

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL: one database per installation, created once by this launcher and recognised by a marker inside it
# (table public.kubeatlas_installation holding the installation id that the state directory keeps too). A database
# without this installation's marker -- someone else's data, or another KubeAtlas checkout's -- is never written
# to, never reset and never dropped.
# ---------------------------------------------------------------------------------------------------------------
INSTALLATION_FILE="$STATE/installation"   # this installation's id, made with its database
DATABASE_FILE="$STATE/database"           # the name of this installation's database

db_host() { echo "${KUBEATLAS_DB_HOST:-127.0.0.1}"; }
db_port() { echo "${KUBEATLAS_DB_PORT:-5432}"; }

psql_in() { # database psql-arguments...
  local db=$1; shift
  PGPASSWORD="${KUBEATLAS_DB_PASSWORD:-}" psql -h "$(db_host)" -p "$(db_port)" -U "${KUBEATLAS_DB_USER:-postgres}" \
    -d "$db" -v ON_ERROR_STOP=1 -qtA "$@"
}

db_name() { # the database this installation uses (before the first up: the one it would ask for)
  if [[ -s "$DATABASE_FILE" ]]; then cat "$DATABASE_FILE"; else echo "${KUBEATLAS_DB_NAME:-kubeatlas}"; fi
}

db_exists() { [[ "$(psql_in postgres -c "select 1 from pg_database where datname = '$1'")" == 1 ]]; }

db_marker() { # database -> the installation id its marker carries; empty when it has none (not made by KubeAtlas)
  psql_in "$1" -c "select id from public.kubeatlas_installation limit 1" 2>/dev/null || true
}

describe_owner() { # marker -> who the database belongs to, for messages
  if [[ -n "$1" ]]; then echo "another KubeAtlas installation ($1)"; else echo "data KubeAtlas did not create"; fi
}

postgres_reachable() { (exec 3<>"/dev/tcp/$(db_host)/$(db_port)") 2>/dev/null; }

write_marker() { # database id: the marker table inside the database, and the database recorded as this installation's
  psql_in "$1" >/dev/null <<SQL || return 1
create table public.kubeatlas_installation (id text primary key, state_dir text not null,
  created_at timestamptz not null default now());
insert into public.kubeatlas_installation (id, state_dir) values ('$2', '${STATE//\'/\'\'}');
comment on database "$1" is 'KubeAtlas installation $2';
SQL
  echo "$2" > "$INSTALLATION_FILE"; echo "$1" > "$DATABASE_FILE"
}

create_database() { # name id: creates the database and its marker; on failure drops only the database it just created
  local db=$1 id=$2
  psql_in postgres -c "create database \"$db\"" >/dev/null || die "Could not create database $db"
  if ! write_marker "$db" "$id"; then
    psql_in postgres -c "drop database if exists \"$db\" with (force)" >/dev/null || true
    die "Could not mark database $db as this installation's"
  fi
  say "Created database $db for this installation ($id)"
}

new_installation() { # a fresh state directory: a new id, and none of this directory's earlier data
  local legacy_db=${KUBEATLAS_DB_NAME:-kubeatlas} legacy
  # earlier versions marked the database with a comment holding the id kept in data/database.<name>: adopt it
  legacy=$(cat "$STATE/data/database.$legacy_db" 2>/dev/null || true)
  if [[ -n "$legacy" ]] && db_exists "$legacy_db" && [[ -z "$(db_marker "$legacy_db")" ]] \
     && [[ "$(psql_in postgres -c "select shobj_description(oid, 'pg_database') from pg_database
             where datname = '$legacy_db'")" == "kubeatlas-state:$legacy" ]]; then
    write_marker "$legacy_db" "$legacy" || die "Could not mark database $legacy_db as this installation's"
    rm -f "$STATE"/data/database.*
    say "Database $legacy_db (made by an earlier launcher for this state directory) now carries its marker"
    return
  fi
  if [[ -d "$STATE/data/kafka" ]]; then   # Kafka data would remember clusters an empty database has never seen
    cmd_down >/dev/null 2>&1 || true
    rm -rf "$STATE/data/kafka"
  fi
  rm -f "$STATE"/data/database.* "$DATABASE_FILE"   # a database named without its installation id is not ours to use
  mkdir -p "$STATE"
  head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$INSTALLATION_FILE"
}

ensure_postgres() { # makes sure this installation's database exists; exports KUBEATLAS_DB_NAME
  postgres_reachable || die "PostgreSQL is not reachable at $(db_host):$(db_port). Start one (Debian: apt-get install postgresql && pg_ctlcluster 15 main start),
or point KUBEATLAS_DB_HOST / KUBEATLAS_DB_PORT / KUBEATLAS_DB_USER / KUBEATLAS_DB_PASSWORD at yours."
  command -v psql >/dev/null || die "psql is needed to create this installation's database (apt-get install postgresql-client)"
  if [[ -n "${KUBEATLAS_DB_NAME:-}" && ! "$KUBEATLAS_DB_NAME" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    die "KUBEATLAS_DB_NAME must be a lower-case PostgreSQL name (letters, digits, _): '$KUBEATLAS_DB_NAME'"
  fi
  [[ -s "$INSTALLATION_FILE" ]] || new_installation
  local id db marker
  id=$(cat "$INSTALLATION_FILE")
  if [[ -s "$DATABASE_FILE" ]]; then
    db=$(cat "$DATABASE_FILE")
    if [[ -n "${KUBEATLAS_DB_NAME:-}" && "$KUBEATLAS_DB_NAME" != "$db" ]]; then
      die "This installation's database is $db (see $DATABASE_FILE), but KUBEATLAS_DB_NAME names $KUBEATLAS_DB_NAME.
Unset it, or run ./kubeatlas reset first to start this installation over in another database."
    fi
    if db_exists "$db"; then
      marker=$(db_marker "$db")
      [[ "$marker" == "$id" ]] || die "Database $db on $(db_host):$(db_port) does not carry this installation's marker ($id):
it holds $(describe_owner "$marker"). KubeAtlas leaves it untouched. Run ./kubeatlas reset to forget it and start
this installation over in a database of its own."
      export KUBEATLAS_DB_NAME="$db"
      return 0
    fi
    say "Database $db of this installation is gone; its local Kafka data goes too"
    cmd_down >/dev/null 2>&1 || true
    rm -rf "$STATE/data/kafka"
  else
    db=${KUBEATLAS_DB_NAME:-kubeatlas}
    if db_exists "$db"; then
      marker=$(db_marker "$db")
      if [[ -n "${KUBEATLAS_DB_NAME:-}" ]]; then
        die "Database $db on $(db_host):$(db_port) exists and holds $(describe_owner "$marker").
KubeAtlas never uses, resets or drops a database it did not create. Name a database that does not exist yet
with KUBEATLAS_DB_NAME (KubeAtlas creates it), or unset KUBEATLAS_DB_NAME to let it make kubeatlas_$id."
      fi
      say "Database $db exists and holds $(describe_owner "$marker"); leaving it untouched"
      db="kubeatlas_$id"
      db_exists "$db" && die "Database $db exists already and is not this installation's; leaving it untouched"
    fi
  fi
  create_database "$db" "$id"
  export KUBEATLAS_DB_NAME="$db"
}

drop_installation_database() { # drops this installation's database, and only when it carries this installation's marker
  [[ -s "$DATABASE_FILE" && -s "$INSTALLATION_FILE" ]] || return 0
  local db id marker
  db=$(cat "$DATABASE_FILE"); id=$(cat "$INSTALLATION_FILE")
  postgres_reachable || die "PostgreSQL is not reachable at $(db_host):$(db_port); this installation's database $db
cannot be dropped. Start it and run ./kubeatlas reset again (nothing was forgotten)."
  db_exists "$db" || return 0
  marker=$(db_marker "$db")
  if [[ "$marker" == "$id" ]]; then
    psql_in postgres -c "drop database \"$db\" with (force)" >/dev/null || die "Could not drop database $db"
    say "Dropped database $db (this installation's)"
  else
    say "Database $db holds $(describe_owner "$marker"), not this installation's marker; left untouched"
  fi
}
