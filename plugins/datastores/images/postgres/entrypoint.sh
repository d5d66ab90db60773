#!/bin/sh
# First start: initdb with the password from the environment, the database DATABASE_NAME, TCP on all
# addresses with password auth (local socket: trust, for docker exec). Then run the server as postgres.
set -eu
bin=/usr/lib/postgresql/current/bin
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}" >"$pwfile"
  chown postgres "$pwfile"
  as_pg "$bin/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [ "${DATABASE_NAME:-postgres}" != postgres ]; then
    echo "CREATE DATABASE \"$DATABASE_NAME\"" | as_pg "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "berth: initialized $PGDATA"
fi
unset POSTGRES_PASSWORD
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$PGDATA"
