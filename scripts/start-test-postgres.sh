#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster for tests (initdb as user postgres under a temp dir,
# loopback only) and prints the TEST_DATABASE_URL on stdout. Installs PostgreSQL 15 from
# Debian if it is missing. Usage: eval "$(scripts/start-test-postgres.sh)"
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
PORT=${PGPORT_TEST:-54329}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "installing postgresql-15 from Debian…" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
fi
DIR=${PG_TEST_DIR:-$(mktemp -d /tmp/jineng-pg.XXXXXX)}
mkdir -p "$DIR"
chown postgres:postgres "$DIR" 2>/dev/null || true
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  su postgres -s /bin/bash -c "$PGBIN/initdb -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
fi
su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D '$DIR/data' -l '$DIR/log' -w -o \"-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >&2
echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
echo "export PG_TEST_DIR=$DIR"
