#!/usr/bin/env bash
# Runs the demo stack the dashboard points at: `demo-stack.sh up | down | status`.
# up    starts (or reuses) Redis, FerretDB, seed data, the demo API + external service, the traffic
#       generator, prometheus-redis-exporter, Prometheus and Alertmanager, all on 127.0.0.1, each in its
#       own session (setsid) with its pid in $STATE_DIR/pids; a part that cannot start is reported in
#       $STATE_DIR/status.json and the rest still comes up. Writes $STATE_DIR/dashboard.env.
# down  stops every process group recorded in $STATE_DIR/pids and checks their ports are free.
# Exit codes: 0 all good, 1 usage or a port still busy after down, 2 some part failed (see status.json).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${STATE_DIR:-$ROOT/.services/demo}"
mkdir -p "$STATE_DIR" || exit 1
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
export STATE_DIR
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

DEMO_REDIS_PORT="${DEMO_REDIS_PORT:-6380}"
DEMO_MONGO_PORT="${DEMO_MONGO_PORT:-27018}"
DEMO_FERRETDB_DEBUG_PORT="${DEMO_FERRETDB_DEBUG_PORT:-8089}"
DEMO_API_PORT="${DEMO_API_PORT:-4000}"
DEMO_EXTERNAL_PORT="${DEMO_EXTERNAL_PORT:-4001}"
PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
ALERTMANAGER_PORT="${ALERTMANAGER_PORT:-9093}"
REDIS_EXPORTER_PORT="${REDIS_EXPORTER_PORT:-9121}"
DASHBOARD_PORT="${DASHBOARD_PORT:-3000}"
DASHBOARD_URL="${DASHBOARD_URL:-http://127.0.0.1:$DASHBOARD_PORT}"
DEMO_MONGO_DATABASE="${DEMO_MONGO_DATABASE:-aiplatform}"

PIDS_FILE="$STATE_DIR/pids"
STATUS_FILE="$STATE_DIR/status.json"
RUN_DIR="$STATE_DIR/run"
MON_DIR="$STATE_DIR/monitoring"
TOKEN_FILE="$STATE_DIR/alerts-token"
AUTH_SECRET_FILE="$STATE_DIR/auth-secret"
ACCOUNTS_FILE="$STATE_DIR/accounts.txt"
DASHBOARD_DATA_DIR="$STATE_DIR/data"
PARTS=(redis mongodb seed api external-service traffic redis-exporter prometheus alertmanager)

REDIS_URL_DEMO="redis://127.0.0.1:$DEMO_REDIS_PORT"
MONGO_URL_DEMO="mongodb://127.0.0.1:$DEMO_MONGO_PORT/"
API_URL="http://127.0.0.1:$DEMO_API_PORT"
EXTERNAL_URL="http://127.0.0.1:$DEMO_EXTERNAL_PORT"
PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
ALERTMANAGER_URL="http://127.0.0.1:$ALERTMANAGER_PORT"

declare -A PART_OK=() PART_TEXT=() PART_PID=() PART_PORTS=()

# --- small helpers ---------------------------------------------------------------------------

strip_colors() { sed 's/\x1b\[[0-9;]*m//g'; }
last_line() { printf '%s\n' "$1" | strip_colors | grep -v '^[[:space:]]*$' | tail -n 1; }
json_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/ }
  s=${s//$'\t'/ }
  printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\037')"
}
# pid_alive PID: running, not a zombie (an orphan waits for its reaper, and kill -0 still succeeds then).
pid_alive() {
  [ -n "${1:-}" ] || return 1
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}

# What a recorded pid's command line must contain, so a recycled pid is never signalled.
expected_cmd() {
  case "$1" in
    redis) echo redis-server ;;
    mongodb) echo ferretdb ;;
    api) echo demo/server.ts ;;
    traffic) echo demo/traffic-cli.ts ;;
    redis-exporter) echo redis-exporter ;;
    prometheus) echo prometheus ;;
    alertmanager) echo alertmanager ;;
    *) echo "$1" ;;
  esac
}

owned_pid() { # NAME PID: true when PID is alive and still runs what NAME started
  pid_alive "$2" && ps -o args= -p "$2" 2>/dev/null | grep -q -- "$(expected_cmd "$1")"
}

recorded_pid() { [ -f "$PIDS_FILE" ] && awk -v n="$1" '$1 == n { print $2 }' "$PIDS_FILE" | tail -n 1; }

record_pid() { # NAME PID PORTS(comma list)
  local tmp="$PIDS_FILE.tmp"
  { [ -f "$PIDS_FILE" ] && awk -v n="$1" '$1 != n' "$PIDS_FILE"; printf '%s %s %s\n' "$1" "$2" "${3:--}"; } >"$tmp"
  mv "$tmp" "$PIDS_FILE"
}

forget_pid() { [ -f "$PIDS_FILE" ] && awk -v n="$1" '$1 != n' "$PIDS_FILE" >"$PIDS_FILE.tmp" && mv "$PIDS_FILE.tmp" "$PIDS_FILE"; }

# group_of NAME PID: the process group to signal, or empty when the part shares this script's group.
group_of() {
  local pgid own
  pgid=$(ps -o pgid= -p "$2" 2>/dev/null | tr -d ' ')
  own=$(ps -o pgid= -p $$ | tr -d ' ')
  if [ -n "$pgid" ] && [ "$pgid" != "$own" ] && [ "$pgid" != 0 ]; then echo "$pgid"; fi
}

# group_alive PGID: some member of the process group is still running (zombies do not count).
group_alive() { ps -e -o pgid=,stat= 2>/dev/null | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }

# stop_parts NAME:PID...: SIGTERM to each part's process group (tsx and its node child, FerretDB) at
# once, up to 15 s for every member to exit, then SIGKILL to what is left.
stop_parts() {
  local entry name pid pgid i left targets=()
  for entry in "$@"; do
    name=${entry%%:*}
    pid=${entry#*:}
    owned_pid "$name" "$pid" || continue
    pgid=$(group_of "$name" "$pid")
    if [ -n "$pgid" ]; then kill -TERM -- "-$pgid" 2>/dev/null; targets+=("$name:g:$pgid")
    else kill -TERM "$pid" 2>/dev/null; targets+=("$name:p:$pid"); fi
  done
  [ ${#targets[@]} -gt 0 ] || return 0
  for ((i = 0; i < 150; i++)); do
    left=()
    for entry in "${targets[@]}"; do
      IFS=: read -r name kind id <<<"$entry"
      if [ "$kind" = g ]; then group_alive "$id" && left+=("$entry"); else pid_alive "$id" && left+=("$entry"); fi
    done
    [ ${#left[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  for entry in "${left[@]}"; do
    IFS=: read -r name kind id <<<"$entry"
    log "$name ignored SIGTERM for 15 s; sending SIGKILL"
    if [ "$kind" = g ]; then kill -KILL -- "-$id" 2>/dev/null; else kill -KILL "$id" 2>/dev/null; fi
  done
  sleep 0.2
}

stop_part() { stop_parts "$1:$2"; }

part_ok() { PART_OK[$1]=true; PART_TEXT[$1]=$2; write_status; log "ok   $1: $2"; }
part_fail() { PART_OK[$1]=false; PART_TEXT[$1]=$2; write_status; log "FAIL $1: $2"; }

write_status() {
  local name first=1
  {
    printf '{\n  "updatedAt": %s,\n  "stateDir": %s,\n  "parts": {' "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$(json_str "$STATE_DIR")"
    for name in "${PARTS[@]}"; do
      [ -n "${PART_OK[$name]:-}" ] || continue
      [ $first -eq 1 ] && first=0 || printf ','
      printf '\n    %s: {"ok": %s' "$(json_str "$name")" "${PART_OK[$name]}"
      if [ "${PART_OK[$name]}" = true ]; then printf ', "detail": %s' "$(json_str "${PART_TEXT[$name]}")"
      else printf ', "reason": %s' "$(json_str "${PART_TEXT[$name]}")"; fi
      [ -n "${PART_PID[$name]:-}" ] && printf ', "pid": %s' "${PART_PID[$name]}"
      [ -n "${PART_PORTS[$name]:-}" ] && printf ', "ports": [%s]' "${PART_PORTS[$name]}"
      printf '}'
    done
    printf '\n  }\n}\n'
  } >"$STATUS_FILE.tmp" && mv "$STATUS_FILE.tmp" "$STATUS_FILE"
}

# spawn NAME LOG CMD...: runs CMD in a new session (its own process group) and records its pid.
# A background child of a non-interactive shell is not a group leader, so setsid execs in place and $!
# is the command's own pid, which is also its process-group id.
spawn() {
  local name=$1 logfile=$2
  shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null &
  SPAWNED_PID=$!
}

# reuse NAME PORT...: true when the recorded process is alive and listening on every PORT.
reuse() {
  local name=$1 pid port
  shift
  pid=$(recorded_pid "$name")
  owned_pid "$name" "$pid" || return 1
  for port in "$@"; do
    if ! port_open "$port"; then
      log "$name (pid $pid) is running but not listening on $port; restarting it"
      stop_part "$name" "$pid"
      forget_pid "$name"
      return 1
    fi
  done
  PART_PID[$name]=$pid
  return 0
}

# busy PORT...: prints the first port already taken by a process this script did not start.
busy() {
  local port
  for port in "$@"; do
    if port_open "$port"; then echo "$port"; return 0; fi
  done
  return 1
}

# need_bin BIN PACKAGE: installs from Debian when missing; prints the reason and fails when it cannot.
need_bin() {
  local out
  command -v "$1" >/dev/null 2>&1 && return 0
  if ! out=$( (ensure_apt "$1" "$2") 2>&1); then
    printf '%s\n' "$out" | strip_colors >&2
    last_line "$out"
    return 1
  fi
}

# await_ports NAME PID SECONDS LOG PORT...: waits for every port; on failure stops the process and explains.
await_ports() {
  local name=$1 pid=$2 secs=$3 logfile=$4 port
  shift 4
  for port in "$@"; do
    if ! wait_port "$port" "$secs" "$name"; then
      local why="did not listen on 127.0.0.1:$port within ${secs}s"
      pid_alive "$pid" || why="exited before listening on 127.0.0.1:$port"
      why="$why; last log line: $(last_line "$(tail -n 20 "$logfile" 2>/dev/null)")"
      stop_part "$name" "$pid"
      forget_pid "$name"
      echo "$why (log: $logfile)"
      return 1
    fi
  done
}

# render TEMPLATE OUT: replaces ${VAR} for the stack's variables (no other text is touched).
render() {
  local tpl=$1 out=$2 var val content
  content=$(cat "$tpl") || return 1
  for var in STATE_DIR DASHBOARD_URL DASHBOARD_PORT DEMO_API_PORT DEMO_EXTERNAL_PORT REDIS_EXPORTER_PORT PROMETHEUS_PORT ALERTMANAGER_PORT; do
    val=${!var}
    # Quoted replacement: bash 5.2 would otherwise treat "&" in a value as the matched text.
    content=${content//\$\{$var\}/"$val"}
  done
  printf '%s\n' "$content" >"$out"
}

# --- parts -----------------------------------------------------------------------------------

demo_env() { # the environment of the node processes
  export DEMO_API_PORT DEMO_EXTERNAL_PORT DEMO_MONGO_DATABASE
  export DEMO_REDIS_URL="$REDIS_URL_DEMO" DEMO_MONGO_URL="$MONGO_URL_DEMO" DEMO_STATE_DIR="$STATE_DIR" DEMO_URL="$API_URL"
}

tsx_bin() {
  if [ -x "$ROOT/node_modules/.bin/tsx" ]; then echo "$ROOT/node_modules/.bin/tsx"; return 0; fi
  return 1
}

start_redis() {
  local port=$DEMO_REDIS_PORT why taken
  PART_PORTS[redis]=$port
  if reuse redis "$port"; then part_ok redis "reused (pid ${PART_PID[redis]}) on 127.0.0.1:$port"; return; fi
  if taken=$(busy "$port"); then part_fail redis "port $taken is in use by a process this script did not start (set DEMO_REDIS_PORT)"; return; fi
  if ! why=$(need_bin redis-server redis-server); then part_fail redis "$why"; return; fi
  mkdir -p "$STATE_DIR/redis"
  # A separate server with no persistence: faults change its maxmemory, never the machine's 6379.
  # Configured as a cache should be (a limit and an LRU policy), so a healthy demo shows green verdicts.
  spawn redis "$RUN_DIR/redis.log" redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$STATE_DIR/redis" --daemonize no --maxmemory 256mb --maxmemory-policy allkeys-lru
  local pid=$SPAWNED_PID
  record_pid redis "$pid" "$port"
  if why=$(await_ports redis "$pid" 10 "$RUN_DIR/redis.log" "$port"); then
    PART_PID[redis]=$pid
    part_ok redis "started (pid $pid) on 127.0.0.1:$port"
  else part_fail redis "$why"; fi
}

start_mongodb() {
  local port=$DEMO_MONGO_PORT dport=$DEMO_FERRETDB_DEBUG_PORT dir="$STATE_DIR/ferretdb" out pid taken
  PART_PORTS[mongodb]="$port, $dport"
  if reuse mongodb "$port"; then part_ok mongodb "FerretDB reused (pid ${PART_PID[mongodb]}) on 127.0.0.1:$port"; return; fi
  if taken=$(busy "$port" "$dport"); then
    part_fail mongodb "port $taken is in use by a process this script did not start (set DEMO_MONGO_PORT / DEMO_FERRETDB_DEBUG_PORT)"
    return
  fi
  rm -f "$dir/ferretdb.pid"
  # start_ferretdb (lib.sh) builds FerretDB once if needed and dies on failure: run it in its own
  # session so a failure stays in that shell and FerretDB is not in this script's process group.
  if ! out=$(setsid -w bash -c 'source "$1/scripts/lib.sh" && start_ferretdb "$2" "$3" "$4" "$5"' _ \
    "$ROOT" "$port" "$dport" "$dir" "$RUN_DIR/ferretdb.log" 2>&1); then
    printf '%s\n' "$out" | strip_colors >&2
    pid=$(cat "$dir/ferretdb.pid" 2>/dev/null)
    [ -n "$pid" ] && stop_part mongodb "$pid"
    part_fail mongodb "$(last_line "$out")"
    return
  fi
  pid=$(cat "$dir/ferretdb.pid" 2>/dev/null)
  record_pid mongodb "$pid" "$port,$dport"
  PART_PID[mongodb]=$pid
  part_ok mongodb "FerretDB started (pid $pid) on 127.0.0.1:$port, SQLite data in $dir"
}

seed_data() {
  local tsx out
  if [ "${PART_OK[mongodb]:-}" != true ]; then part_fail seed "skipped: the MongoDB-compatible server is not up"; return; fi
  if ! tsx=$(tsx_bin); then part_fail seed "node_modules/.bin/tsx is missing: run npm ci in $ROOT"; return; fi
  demo_env
  if out=$(cd "$ROOT" && timeout 180 "$tsx" demo/seed-cli.ts 2>&1); then
    printf '%s\n' "$out" >"$RUN_DIR/seed.log"
    part_ok seed "$(last_line "$out")"
  else
    printf '%s\n' "$out" >"$RUN_DIR/seed.log"
    part_fail seed "$(last_line "$out") (log: $RUN_DIR/seed.log)"
  fi
}

start_api() {
  local tsx why pid taken
  PART_PORTS[api]=$DEMO_API_PORT
  PART_PORTS[external-service]=$DEMO_EXTERNAL_PORT
  if reuse api "$DEMO_API_PORT" "$DEMO_EXTERNAL_PORT"; then
    PART_PID[external-service]=${PART_PID[api]}
    part_ok api "reused (pid ${PART_PID[api]}) at $API_URL"
    part_ok external-service "reused (same process as api) at $EXTERNAL_URL"
    return
  fi
  if taken=$(busy "$DEMO_API_PORT" "$DEMO_EXTERNAL_PORT"); then
    why="port $taken is in use by a process this script did not start (set DEMO_API_PORT / DEMO_EXTERNAL_PORT)"
    part_fail api "$why"; part_fail external-service "$why"; return
  fi
  if ! tsx=$(tsx_bin); then
    why="node_modules/.bin/tsx is missing: run npm ci in $ROOT"
    part_fail api "$why"; part_fail external-service "$why"; return
  fi
  demo_env
  spawn api "$RUN_DIR/api.log" "$tsx" "$ROOT/demo/server.ts"
  pid=$SPAWNED_PID
  record_pid api "$pid" "$DEMO_API_PORT,$DEMO_EXTERNAL_PORT"
  if why=$(await_ports api "$pid" 30 "$RUN_DIR/api.log" "$DEMO_EXTERNAL_PORT" "$DEMO_API_PORT"); then
    PART_PID[api]=$pid
    PART_PID[external-service]=$pid
    part_ok api "started (pid $pid) at $API_URL"
    part_ok external-service "started (same process as api) at $EXTERNAL_URL"
  else
    part_fail api "$why"; part_fail external-service "$why"
  fi
}

start_traffic() {
  local tsx pid
  if reuse traffic; then part_ok traffic "reused (pid ${PART_PID[traffic]})"; return; fi
  if [ "${PART_OK[api]:-}" != true ]; then part_fail traffic "skipped: the demo API is not up"; return; fi
  if ! tsx=$(tsx_bin); then part_fail traffic "node_modules/.bin/tsx is missing: run npm ci in $ROOT"; return; fi
  demo_env
  spawn traffic "$RUN_DIR/traffic.log" "$tsx" "$ROOT/demo/traffic-cli.ts"
  pid=$SPAWNED_PID
  record_pid traffic "$pid" -
  sleep 2
  if owned_pid traffic "$pid"; then
    PART_PID[traffic]=$pid
    part_ok traffic "started (pid $pid): 20 req/s to $API_URL"
  else
    forget_pid traffic
    part_fail traffic "exited at start: $(last_line "$(tail -n 20 "$RUN_DIR/traffic.log")") (log: $RUN_DIR/traffic.log)"
  fi
}

start_exporter() {
  local port=$REDIS_EXPORTER_PORT why pid taken
  PART_PORTS[redis-exporter]=$port
  if reuse redis-exporter "$port"; then part_ok redis-exporter "reused (pid ${PART_PID[redis-exporter]}) on 127.0.0.1:$port"; return; fi
  if taken=$(busy "$port"); then part_fail redis-exporter "port $taken is in use by a process this script did not start (set REDIS_EXPORTER_PORT)"; return; fi
  if ! why=$(need_bin prometheus-redis-exporter prometheus-redis-exporter); then part_fail redis-exporter "$why"; return; fi
  spawn redis-exporter "$RUN_DIR/redis-exporter.log" prometheus-redis-exporter \
    -redis.addr "$REDIS_URL_DEMO" -web.listen-address "127.0.0.1:$port" -connection-timeout 3s
  pid=$SPAWNED_PID
  record_pid redis-exporter "$pid" "$port"
  if why=$(await_ports redis-exporter "$pid" 10 "$RUN_DIR/redis-exporter.log" "$port"); then
    PART_PID[redis-exporter]=$pid
    part_ok redis-exporter "started (pid $pid) on 127.0.0.1:$port, scraping $REDIS_URL_DEMO"
  else part_fail redis-exporter "$why"; fi
}

render_monitoring() {
  mkdir -p "$MON_DIR"
  render "$ROOT/demo/monitoring/alerts.yml" "$MON_DIR/alerts.yml" &&
    render "$ROOT/demo/monitoring/prometheus.yml" "$MON_DIR/prometheus.yml" &&
    render "$ROOT/demo/monitoring/alertmanager.yml" "$MON_DIR/alertmanager.yml"
}

start_prometheus() {
  local port=$PROMETHEUS_PORT why pid out taken
  PART_PORTS[prometheus]=$port
  if ! why=$(need_bin prometheus prometheus); then part_fail prometheus "$why"; return; fi
  if command -v promtool >/dev/null 2>&1; then
    if ! out=$(promtool check config "$MON_DIR/prometheus.yml" 2>&1); then
      part_fail prometheus "promtool check config failed: $(last_line "$out")"
      return
    fi
  fi
  if reuse prometheus "$port"; then
    # Pick up a re-rendered config (e.g. another DASHBOARD_URL) without a restart.
    curl -fsS -m 5 -X POST "$PROMETHEUS_URL/-/reload" >/dev/null 2>&1 || log "prometheus: reload request failed"
    part_ok prometheus "reused (pid ${PART_PID[prometheus]}) at $PROMETHEUS_URL, config reloaded"
    return
  fi
  if taken=$(busy "$port"); then part_fail prometheus "port $taken is in use by a process this script did not start (set PROMETHEUS_PORT)"; return; fi
  mkdir -p "$STATE_DIR/prometheus"
  spawn prometheus "$RUN_DIR/prometheus.log" prometheus \
    --config.file="$MON_DIR/prometheus.yml" --storage.tsdb.path="$STATE_DIR/prometheus" \
    --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle
  pid=$SPAWNED_PID
  record_pid prometheus "$pid" "$port"
  if why=$(await_ports prometheus "$pid" 30 "$RUN_DIR/prometheus.log" "$port"); then
    PART_PID[prometheus]=$pid
    part_ok prometheus "started (pid $pid) at $PROMETHEUS_URL"
  else part_fail prometheus "$why"; fi
}

write_token() {
  local token=${ALERTS_TOKEN:-}
  if [ -z "$token" ] && [ -s "$TOKEN_FILE" ]; then token=$(cat "$TOKEN_FILE"); fi
  [ -n "$token" ] || token=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s' "$token" >"$TOKEN_FILE")
  chmod 600 "$TOKEN_FILE"
  ALERTS_TOKEN=$token
}

write_auth_secret() {
  local secret=""
  if [ -s "$AUTH_SECRET_FILE" ]; then secret=$(cat "$AUTH_SECRET_FILE"); fi
  [ -n "$secret" ] || secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s' "$secret" >"$AUTH_SECRET_FILE")
  chmod 600 "$AUTH_SECRET_FILE"
  AUTH_SECRET=$secret
}

# demo_password ROLE: the password accounts.txt already holds for ROLE, or a new random one.
demo_password() {
  local known=""
  [ -f "$ACCOUNTS_FILE" ] && known=$(awk -v r="$1" '$1 == r { print $3 }' "$ACCOUNTS_FILE" | tail -n 1)
  [ -n "$known" ] || known=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
  printf '%s' "$known"
}

# create_accounts: admin@demo.local, operator@demo.local and viewer@demo.local through the users CLI (the
# library hashes the passwords), listed with their passwords in accounts.txt (mode 600).
create_accounts() {
  local tsx role email password out rc lines=()
  if ! tsx=$(tsx_bin); then log "FAIL accounts: node_modules/.bin/tsx is missing: run npm ci in $ROOT"; return 1; fi
  for role in admin operator viewer; do
    email="$role@demo.local"
    password=$(demo_password "$role")
    # The CLI reads the same settings as the dashboard, from dashboard.env.
    out=$(cd "$ROOT" && set -a && . "$STATE_DIR/dashboard.env" && set +a &&
      printf '%s\n' "$password" | timeout 120 "$tsx" --conditions=react-server scripts/users.ts add "$email" --name "Demo $role" --role "$role" 2>&1)
    rc=$?
    if [ $rc -eq 3 ]; then
      out=$(cd "$ROOT" && set -a && . "$STATE_DIR/dashboard.env" && set +a &&
        printf '%s\n' "$password" | timeout 120 "$tsx" --conditions=react-server scripts/users.ts set-password "$email" 2>&1)
      rc=$?
    fi
    if [ $rc -ne 0 ]; then
      log "FAIL accounts: $email: $(last_line "$out")"
      return 1
    fi
    lines+=("$role $email $password")
  done
  (umask 077 && printf '# role e-mail password (demo accounts; written by scripts/demo-stack.sh)\n' >"$ACCOUNTS_FILE" &&
    printf '%s\n' "${lines[@]}" >>"$ACCOUNTS_FILE")
  chmod 600 "$ACCOUNTS_FILE"
  log "ok   accounts: admin@demo.local, operator@demo.local, viewer@demo.local (passwords in $ACCOUNTS_FILE)"
}

start_alertmanager() {
  local port=$ALERTMANAGER_PORT why pid out taken
  PART_PORTS[alertmanager]=$port
  if ! why=$(need_bin prometheus-alertmanager prometheus-alertmanager); then part_fail alertmanager "$why"; return; fi
  if command -v amtool >/dev/null 2>&1; then
    if ! out=$(amtool check-config "$MON_DIR/alertmanager.yml" 2>&1); then
      part_fail alertmanager "amtool check-config failed: $(last_line "$out")"
      return
    fi
  fi
  if reuse alertmanager "$port"; then
    curl -fsS -m 5 -X POST "$ALERTMANAGER_URL/-/reload" >/dev/null 2>&1 || log "alertmanager: reload request failed"
    part_ok alertmanager "reused (pid ${PART_PID[alertmanager]}) at $ALERTMANAGER_URL, config reloaded"
    return
  fi
  if taken=$(busy "$port"); then part_fail alertmanager "port $taken is in use by a process this script did not start (set ALERTMANAGER_PORT)"; return; fi
  mkdir -p "$STATE_DIR/alertmanager"
  # An empty cluster address turns off the HA gossip listener, which would otherwise bind 0.0.0.0:9094.
  spawn alertmanager "$RUN_DIR/alertmanager.log" prometheus-alertmanager \
    --config.file="$MON_DIR/alertmanager.yml" --storage.path="$STATE_DIR/alertmanager" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address=
  pid=$SPAWNED_PID
  record_pid alertmanager "$pid" "$port"
  if why=$(await_ports alertmanager "$pid" 20 "$RUN_DIR/alertmanager.log" "$port"); then
    PART_PID[alertmanager]=$pid
    part_ok alertmanager "started (pid $pid) at $ALERTMANAGER_URL, webhook $DASHBOARD_URL/api/alerts"
  else part_fail alertmanager "$why"; fi
}

write_config_yaml() {
  cat >"$STATE_DIR/config.yaml" <<YAML
# Demo AI SaaS platform configuration (written by scripts/demo-stack.sh).
# The secret-looking values are fake; they are here so the dashboard's redaction has something to hide.
app:
  name: ai-saas-demo
  environment: demo
  listen: $API_URL
  log_dir: $STATE_DIR/logs
redis:
  url: $REDIS_URL_DEMO
  redis_password: demo-secret
  cache_ttl_seconds: 300
mongodb:
  url: $MONGO_URL_DEMO
  database: $DEMO_MONGO_DATABASE
  max_pool_size: 10
  wait_queue_timeout_ms: 1000
rate_limit:
  max_requests: 100
  window_seconds: 60
external_service:
  url: $EXTERNAL_URL
  api_key: sk-demo-4f2a9c0e7b1d4e6f
auth:
  jwt_secret: demo-jwt-secret-do-not-use
YAML
}

# The machine's PostgreSQL (POSTGRES_URL, else 127.0.0.1:5432) for the PostgreSQL runbook; left unset (the
# runbook then says "not configured") when none answers.
find_postgres() {
  POSTGRES_URL_DEMO="${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  if ! command -v psql >/dev/null 2>&1 ||
    ! PGCONNECT_TIMEOUT=3 timeout 5 psql -X -At -d "$POSTGRES_URL_DEMO" -c 'SELECT 1' >/dev/null 2>&1; then
    log "PostgreSQL: none answers at ${POSTGRES_URL_DEMO##*@}; the PostgreSQL runbook will say not configured"
    POSTGRES_URL_DEMO=""
  fi
}

write_dashboard_env() {
  local f="$STATE_DIR/dashboard.env"
  (umask 077 && cat >"$f" <<ENV
# Dashboard configuration for the demo stack (scripts/demo-stack.sh up). Load it with
#   set -a; . $f; set +a
API_URL='$API_URL'
DEMO_URL='$API_URL'
PROMETHEUS_URL='$PROMETHEUS_URL'
PROMETHEUS_REDIS_JOB='redis'
ALERTMANAGER_URL='$ALERTMANAGER_URL'
EXTERNAL_SERVICES='external-service=$EXTERNAL_URL'
REDIS_URL='$REDIS_URL_DEMO'
MONGODB_URL='$MONGO_URL_DEMO'
MONGODB_DATABASE='$DEMO_MONGO_DATABASE'
POSTGRES_URL='$POSTGRES_URL_DEMO'
LOG_FILES='/var/log/error.log=$STATE_DIR/logs/error.log,/var/log/application.log=$STATE_DIR/logs/application.log'
CONFIG_FILES='config.yaml=$STATE_DIR/config.yaml'
GIT_REPO_PATH='$ROOT'
ENV_PREFIX='APP_'
APP_ENV='demo'
APP_NAME='ai-saas-demo'
APP_LOG_LEVEL='info'
APP_CACHE_TTL='300'
APP_RATE_LIMIT_MAX='100'
APP_API_KEY='sk-demo-4f2a9c0e7b1d4e6f'
EXPECTED_METRICS='agent_errors_total,http_requests_total,http_request_duration_seconds'
RATE_LIMIT_MAX='100'
ALERTS_TOKEN='$ALERTS_TOKEN'
DEMO_STATUS_FILE='$STATUS_FILE'
AUTH_MODE='local'
REMEDIATIONS_ENABLED='true'
AUTH_SECRET='$AUTH_SECRET'
DATA_DIR='$DASHBOARD_DATA_DIR'
DEMO_ACCOUNTS_FILE='$ACCOUNTS_FILE'
ENV
  )
  chmod 600 "$f"
}

# --- commands --------------------------------------------------------------------------------

cmd_up() {
  mkdir -p "$RUN_DIR" "$STATE_DIR/logs"
  log "demo stack: state in $STATE_DIR"
  write_token
  write_auth_secret
  write_config_yaml
  if ! render_monitoring; then log "could not render the monitoring configs into $MON_DIR"; fi
  start_redis
  start_mongodb
  seed_data
  start_api
  start_traffic
  start_exporter
  start_prometheus
  start_alertmanager
  find_postgres
  write_dashboard_env
  write_status

  local name failed=0
  create_accounts || failed=1
  for name in "${PARTS[@]}"; do [ "${PART_OK[$name]:-}" = true ] || failed=1; done
  cat >&2 <<EOF

  demo API          $API_URL   (faults: npm run demo:fault -- <name> on|off)
  external-service  $EXTERNAL_URL
  Redis (demo)      $REDIS_URL_DEMO
  FerretDB          $MONGO_URL_DEMO  database $DEMO_MONGO_DATABASE
  Prometheus        $PROMETHEUS_URL
  Alertmanager      $ALERTMANAGER_URL  → $DASHBOARD_URL/api/alerts
  redis-exporter    http://127.0.0.1:$REDIS_EXPORTER_PORT/metrics
  dashboard config  $STATE_DIR/dashboard.env   status $STATUS_FILE
  sign-in accounts  $ACCOUNTS_FILE
EOF
  if [ $failed -ne 0 ]; then
    log "some parts did not start; see the FAIL lines above and $STATUS_FILE"
    return 2
  fi
  log "demo stack is up"
}

cmd_down() {
  local name pid ports port busy_ports=() lines=()
  if [ ! -s "$PIDS_FILE" ]; then
    log "nothing recorded in $PIDS_FILE; nothing to stop"
  else
    mapfile -t lines <"$PIDS_FILE"
    # Two waves: everything that talks to the databases first (the API switches its faults off in
    # Redis on SIGTERM), then the databases. Each wave stops its parts in parallel.
    local wave1=() wave2=()
    for line in "${lines[@]}"; do
      read -r name pid ports <<<"$line"
      [ -n "${name:-}" ] || continue
      owned_pid "$name" "$pid" || continue
      log "stopping $name (pid $pid)"
      case "$name" in
        redis | mongodb) wave2+=("$name:$pid") ;;
        *) wave1+=("$name:$pid") ;;
      esac
    done
    [ ${#wave1[@]} -gt 0 ] && stop_parts "${wave1[@]}"
    [ ${#wave2[@]} -gt 0 ] && stop_parts "${wave2[@]}"
    for line in "${lines[@]}"; do
      read -r name pid ports <<<"$line"
      [ "${ports:--}" = - ] && continue
      for port in ${ports//,/ }; do
        port_open "$port" && busy_ports+=("$port")
      done
    done
    rm -f "$PIDS_FILE"
  fi
  for name in "${PARTS[@]}"; do PART_OK[$name]=false; PART_TEXT[$name]="stopped by scripts/demo-stack.sh down"; done
  write_status
  if [ ${#busy_ports[@]} -gt 0 ]; then
    log "still listening after down: ${busy_ports[*]}"
    ss -ltnp 2>/dev/null | grep -E ":($(IFS='|'; echo "${busy_ports[*]}"))\b" >&2
    return 1
  fi
  log "demo stack is down; its ports are free"
}

cmd_status() {
  local name pid ports port state rc=0
  if [ ! -s "$PIDS_FILE" ]; then
    log "demo stack is not running (no $PIDS_FILE)"
    [ -f "$STATUS_FILE" ] && cat "$STATUS_FILE"
    return 3
  fi
  printf '%-16s %-8s %-8s %s\n' PART PID STATE PORTS
  while read -r name pid ports; do
    [ -n "${name:-}" ] || continue
    state=running
    owned_pid "$name" "$pid" || { state=dead; rc=3; }
    local shown=""
    for port in ${ports//,/ }; do
      [ "$port" = - ] && continue
      if port_open "$port"; then shown+="$port(listening) "; else shown+="$port(closed) "; rc=3; fi
    done
    printf '%-16s %-8s %-8s %s\n' "$name" "$pid" "$state" "$shown"
  done <"$PIDS_FILE"
  printf '\nstatus file %s:\n' "$STATUS_FILE"
  cat "$STATUS_FILE"
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *)
    echo "usage: scripts/demo-stack.sh up|down|status" >&2
    echo "  ports (env): DEMO_REDIS_PORT=6380 DEMO_MONGO_PORT=27018 DEMO_FERRETDB_DEBUG_PORT=8089 DEMO_API_PORT=4000" >&2
    echo "               DEMO_EXTERNAL_PORT=4001 PROMETHEUS_PORT=9090 ALERTMANAGER_PORT=9093 REDIS_EXPORTER_PORT=9121" >&2
    echo "               DASHBOARD_PORT=3000 (DASHBOARD_URL), STATE_DIR=.services/demo, ALERTS_TOKEN" >&2
    exit 1
    ;;
esac
