#!/bin/bash
# The official image's first-start behaviour, in short: an empty $PGDATA gets a cluster whose
# superuser is $POSTGRES_USER with $POSTGRES_PASSWORD (scram-sha-256 over TCP from anywhere on
# the container's network), and a database $POSTGRES_DB; then postgres runs in the foreground.
set -euo pipefail
if [[ ${1:-} == postgres && ! -s $PGDATA/PG_VERSION ]]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  user=${POSTGRES_USER:-postgres}
  chmod 0700 "$PGDATA"
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [[ -n ${POSTGRES_DB:-} && $POSTGRES_DB != postgres ]]; then
    createdb --username="$user" "$POSTGRES_DB"
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "initialized $PGDATA (user $user, database ${POSTGRES_DB:-postgres})"
fi
if [[ ${1:-} == postgres ]]; then
  exec "$@" -c listen_addresses='*'
fi
exec "$@"
