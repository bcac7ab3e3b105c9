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

exec npx tsx bench/dashboard-bench.ts
