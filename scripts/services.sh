#!/usr/bin/env bash
# Makes sure every service the tests need is installed and running on loopback, then
# writes their addresses to .services/env (sourced by the test scripts). Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$STATE_DIR"

# --- Redis: REDIS_URL if reachable, else 127.0.0.1:6379, else install and start one.
if [ -n "${REDIS_URL:-}" ] && redis_url_ok "$REDIS_URL"; then
  log "Redis: using REDIS_URL"
else
  ensure_apt redis-cli redis-tools
  if ! redis_url_ok "redis://127.0.0.1:6379"; then
    ensure_apt redis-server redis-server
    log "Redis: starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log"
    wait_port 6379 10 Redis || die "redis-server did not start (see $STATE_DIR/redis.log)"
  fi
  REDIS_URL="redis://127.0.0.1:6379"
  log "Redis: $REDIS_URL"
fi
redis_url_ok "$REDIS_URL" || die "Redis at $REDIS_URL does not answer PING"

# --- MongoDB-compatible server: MONGODB_URL if set, else FerretDB (SQLite) on 27017.
if [ -n "${MONGODB_URL:-}" ]; then
  log "MongoDB: using MONGODB_URL"
else
  if port_open 27017; then
    log "MongoDB: something already listens on 127.0.0.1:27017; reusing it"
  else
    rm -rf "$STATE_DIR/ferretdb"
    log "MongoDB: starting FerretDB on 127.0.0.1:27017 (data in $STATE_DIR/ferretdb)"
    start_ferretdb 27017 8088 "$STATE_DIR/ferretdb" "$STATE_DIR/ferretdb.log"
  fi
  MONGODB_URL="mongodb://127.0.0.1:27017/"
fi
node "$ROOT_DIR/scripts/wait-mongo.mjs" "$MONGODB_URL" 30 || die "the MongoDB-compatible server at ${MONGODB_URL%%@*}... did not answer ping (see $STATE_DIR/ferretdb.log)"

# --- PostgreSQL: POSTGRES_URL if it answers, else 127.0.0.1:5432, else install Debian's and start its cluster.
# postgres_url_ok URL: true when psql can log in there and run SELECT 1 (within 3 s).
postgres_url_ok() { PGCONNECT_TIMEOUT=3 timeout 5 psql -X -At -d "$1" -c 'SELECT 1' 2>/dev/null | grep -qx 1; }
ensure_apt psql postgresql-client
if [ -n "${POSTGRES_URL:-}" ] && postgres_url_ok "$POSTGRES_URL"; then
  log "PostgreSQL: using POSTGRES_URL"
else
  POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
  if ! postgres_url_ok "$POSTGRES_URL"; then
    ensure_apt pg_ctlcluster postgresql
    log "PostgreSQL: starting the Debian cluster on 127.0.0.1:5432"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start \
      >"$STATE_DIR/postgres-start.log" 2>&1 || true
    wait_port 5432 30 PostgreSQL || die "PostgreSQL did not listen on 127.0.0.1:5432 (see $STATE_DIR/postgres-start.log)"
    # The tests log in as postgres without a password on loopback, as on a developer machine.
    if ! postgres_url_ok "$POSTGRES_URL"; then
      hba="$(ls -d /etc/postgresql/*/main | sort -V | tail -1)/pg_hba.conf"
      log "PostgreSQL: allowing trust logins from 127.0.0.1 in $hba"
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main reload \
        >>"$STATE_DIR/postgres-start.log" 2>&1 || true
    fi
  fi
  log "PostgreSQL: $POSTGRES_URL"
fi
postgres_url_ok "$POSTGRES_URL" || die "PostgreSQL at ${POSTGRES_URL##*@} does not answer SELECT 1"

# --- Binaries the integration and end-to-end tests launch themselves.
ensure_apt chromium chromium
ensure_apt prometheus prometheus
ensure_apt prometheus-alertmanager prometheus-alertmanager
ensure_apt prometheus-redis-exporter prometheus-redis-exporter
ensure_apt git git

cat >"$STATE_DIR/env" <<ENV
export REDIS_URL='$REDIS_URL'
export MONGODB_URL='$MONGODB_URL'
export POSTGRES_URL='$POSTGRES_URL'
export CHROMIUM_PATH='/usr/bin/chromium'
ENV
log "ready: Redis, MongoDB-compatible server, PostgreSQL, Chromium, Prometheus, Alertmanager, redis-exporter"
