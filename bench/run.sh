#!/usr/bin/env bash
# npm run bench: everything it needs, started by itself on a fresh clone — npm dependencies, the services (scripts/services.sh,
# idempotent), a production build when .next is missing or older than the sources, private redis-servers
# (started by bench/dashboard-bench.ts and bench/keyspace-analysis.ts), and the demo stack for triage on free ports in a temporary directory
# (stopped at the end) unless DEMO_ENV names one that is already up. BENCH_DEMO=0 skips triage.
# The exposition-parse bench needs promtool (Debian's prometheus package, which scripts/services.sh installs).
set -euo pipefail
cd "$(dirname "$0")/.."

# npm dependencies first: the service checks themselves use the MongoDB driver.
bash scripts/ensure-deps.sh
bash scripts/services.sh
# shellcheck disable=SC1091
source .services/env
if ! command -v redis-server >/dev/null 2>&1; then
  # shellcheck source=scripts/lib.sh
  (source scripts/lib.sh && ensure_apt redis-server redis-server)
fi

stale=""
if [[ ! -f .next/BUILD_ID ]]; then
  stale="no production build in .next"
elif [[ -n "$(find app lib components proxy.ts instrumentation.ts next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]]; then
  stale="sources are newer than the build in .next"
fi
if [[ -n "$stale" ]]; then
  echo "[bench] $stale: running npx next build"
  npx next build
fi

# A CHECK row makes a benchmark exit 1: note it, run the rest, and exit 1 at the end.
status=0
npx tsx bench/dashboard-bench.ts || status=1
echo
echo "[bench] search latency over 1,000 generated runbooks"
npx tsx bench/search-latency.ts || status=1
echo
echo "[bench] exposition parse of a generated 5 MB /metrics vs promtool check metrics"
if ! command -v promtool >/dev/null 2>&1; then
  # shellcheck source=scripts/lib.sh
  (source scripts/lib.sh && ensure_apt promtool prometheus) || echo "[bench] could not install promtool (Debian's prometheus package)"
fi
npx tsx bench/exposition-parse.ts || status=1
echo
echo "[bench] first-load JavaScript of /runbooks/high-error-rates in Chromium (compressed, as transferred)"
npx tsx bench/first-load-js.ts || status=1
echo
echo "[bench] keyspace analysis (the redis-cli --memkeys step) vs redis-cli --memkeys on 1,000,000 keys (a private redis-server)"
npx tsx bench/keyspace-analysis.ts || status=1

# Triage needs live targets: the demo stack's settings (DEMO_ENV), else a demo stack of our own on free ports.
if [[ "${BENCH_DEMO:-1}" == "0" ]]; then
  echo "[bench] triage: skipped (BENCH_DEMO=0)"
  exit "$status"
fi
DEMO_ENV="${DEMO_ENV:-}"
if [[ -z "$DEMO_ENV" ]]; then
  demo_dir="$(mktemp -d "${TMPDIR:-/tmp}/rb-bench-demo.XXXXXX")"
  # Nine free loopback ports, chosen by the kernel (none of the fixed test ports).
  read -r -a ports <<<"$(node -e '
    const net = require("node:net");
    (async () => {
      const servers = [];
      for (let i = 0; i < 9; i++) {
        const s = net.createServer();
        await new Promise((r) => s.listen(0, "127.0.0.1", r));
        servers.push(s);
      }
      console.log(servers.map((s) => s.address().port).join(" "));
      for (const s of servers) s.close();
    })();
  ')"
  demo_vars=(STATE_DIR="$demo_dir" DEMO_REDIS_PORT="${ports[0]}" DEMO_MONGO_PORT="${ports[1]}"
    DEMO_FERRETDB_DEBUG_PORT="${ports[2]}" DEMO_API_PORT="${ports[3]}" DEMO_EXTERNAL_PORT="${ports[4]}"
    PROMETHEUS_PORT="${ports[5]}" ALERTMANAGER_PORT="${ports[6]}" REDIS_EXPORTER_PORT="${ports[7]}"
    DASHBOARD_PORT="${ports[8]}")
  cleanup() {
    env "${demo_vars[@]}" bash scripts/demo-stack.sh down >/dev/null 2>&1 || true
    rm -rf "$demo_dir"
  }
  trap cleanup EXIT
  echo
  echo "[bench] starting a demo stack for triage in $demo_dir (ports ${ports[*]})"
  if ! env "${demo_vars[@]}" bash scripts/demo-stack.sh up >"$demo_dir/up.log" 2>&1; then
    echo "[bench] demo stack: some part failed; triage runs against what is up. Its log ends:"
    tail -n 5 "$demo_dir/up.log"
  fi
  DEMO_ENV="$demo_dir/dashboard.env"
fi
echo
echo "[bench] triage wall time vs its slowest step (demo stack from $DEMO_ENV)"
(set -a; source "$DEMO_ENV"; set +a; npx tsx --conditions=react-server bench/triage-wall-time.ts) || status=1
exit "$status"
