#!/usr/bin/env bash
# npm run bench: services if missing, a production build only when .next is absent, then the dashboard benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f .services/env ]]; then
  bash scripts/services.sh
fi
# shellcheck disable=SC1091
source .services/env

if [[ ! -f .next/BUILD_ID ]]; then
  echo "[bench] no production build in .next: running npx next build"
  npx next build
fi

npx tsx bench/dashboard-bench.ts
echo
echo "[bench] search latency over 1,000 generated runbooks"
npx tsx bench/search-latency.ts
# Triage needs live targets: the demo stack's settings when it runs (npm run demo, or scripts/demo-stack.sh up).
DEMO_ENV="${DEMO_ENV:-.services/demo/dashboard.env}"
if [[ -f "$DEMO_ENV" ]]; then
  echo
  echo "[bench] triage wall time vs its slowest step (demo stack from $DEMO_ENV)"
  (set -a; source "$DEMO_ENV"; set +a; npx tsx --conditions=react-server bench/triage-wall-time.ts)
else
  echo "[bench] triage: skipped, no demo stack settings at $DEMO_ENV (start it with: bash scripts/demo-stack.sh up)"
fi
