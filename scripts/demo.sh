#!/usr/bin/env bash
# The README's first command: builds the dashboard and starts it on http://localhost:3000 with the demo
# stack around it (Redis, FerretDB, the demo API and its traffic, Prometheus, Alertmanager, redis-exporter).
# Ctrl-C stops everything this script started.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export NEXT_TELEMETRY_DISABLED=1
PORT="${PORT:-3000}"
DEMO_STATE="$STATE_DIR/demo"
mkdir -p "$STATE_DIR"

bash scripts/ensure-deps.sh || die "npm dependencies could not be installed"
ensure_apt redis-server redis-server

NEXT_PID=""
stop_all() {
  trap - INT TERM EXIT
  log "stopping the dashboard and the demo stack"
  [ -n "$NEXT_PID" ] && kill -- "-$NEXT_PID" 2>/dev/null
  STATE_DIR="$DEMO_STATE" DASHBOARD_PORT="$PORT" bash scripts/demo-stack.sh down
}
trap stop_all INT TERM EXIT

# A part that fails is reported in status.json (and shown by the dashboard); the rest still comes up.
STATE_DIR="$DEMO_STATE" DASHBOARD_PORT="$PORT" bash scripts/demo-stack.sh up \
  || log "some parts of the demo stack did not start; the dashboard shows which and why"
[ -f "$DEMO_STATE/dashboard.env" ] || die "the demo stack wrote no dashboard.env (see $DEMO_STATE)"

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib runbooks -newer .next/BUILD_ID -print -quit)" ]; then
  log "building the dashboard (next build)"
  npx next build >"$STATE_DIR/next-build.log" 2>&1 || die "next build failed (see $STATE_DIR/next-build.log)"
fi

set -a
source "$DEMO_STATE/dashboard.env"
set +a
# server.ts (npm start): records each request's peer for lib/auth; sign-in with the demo accounts below.
HOST=127.0.0.1 PORT="$PORT" setsid node --conditions=react-server --import tsx server.ts >"$STATE_DIR/dashboard.log" 2>&1 &
NEXT_PID=$!
wait_port "$PORT" 60 dashboard || die "the dashboard did not start (see $STATE_DIR/dashboard.log)"

cat <<INFO

  Dashboard:  http://localhost:$PORT
  Sign in:    $(awk '!/^#/ { printf "%s / %s (%s)\n              ", $2, $3, $1 }' "$DEMO_STATE/accounts.txt" 2>/dev/null)
  Faults:     npm run demo:fault -- <name> on|off
              error-rate  slow-responses  cache-bypass  cache-memory
              connection-hogging  slow-query  missing-metric  stuck-rate-limit
  Stack:      $DEMO_STATE/status.json   logs in $STATE_DIR/dashboard.log
  Stop:       Ctrl-C

INFO
wait "$NEXT_PID"
