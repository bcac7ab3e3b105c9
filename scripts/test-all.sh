#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what is missing, starts the services,
# then runs lint, typecheck, runbook validation, unit, integration, build and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# Reports live outside test-results/, which Playwright empties when it starts.
REPORTS="$STATE_DIR/reports"
mkdir -p "$STATE_DIR" "$REPORTS"

step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }

step "dependencies"
bash scripts/ensure-deps.sh

step "services (Redis, MongoDB-compatible server, Chromium, Prometheus)"
bash scripts/services.sh
source "$STATE_DIR/env"

step "lint"
npm run --silent lint

step "typecheck"
npm run --silent typecheck

step "runbooks"
npm run --silent runbooks:check

step "unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"

step "production build"
npx next build

step "demo stack for end-to-end tests"
export STATE_DIR_DEMO="$STATE_DIR/e2e-demo"
# slow-query at 2 % (24 unindexed lookups a minute at 20 req/s): the 1-minute window of its fault test holds
# well over the 5 operations the check needs to judge, even on a machine where traffic runs slower.
E2E_ENV=(DEMO_FAULT_SLOW_QUERY_SHARE=0.02 STATE_DIR="$STATE_DIR_DEMO" DEMO_REDIS_PORT=6391 DEMO_MONGO_PORT=27031 DEMO_FERRETDB_DEBUG_PORT=8091
  DEMO_API_PORT=4100 DEMO_EXTERNAL_PORT=4101 PROMETHEUS_PORT=9190 ALERTMANAGER_PORT=9193
  REDIS_EXPORTER_PORT=9221 DASHBOARD_PORT=3100)
trap 'env "${E2E_ENV[@]}" bash scripts/demo-stack.sh down >/dev/null 2>&1 || true' EXIT
env "${E2E_ENV[@]}" bash scripts/demo-stack.sh up
set -a
source "$STATE_DIR_DEMO/dashboard.env"
set +a

step "end-to-end tests (Playwright, production build, Debian Chromium)"
E2E_PORT=3100 PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright.json" \
  npx playwright test --reporter=list,json

step "summary"
node scripts/summarize-tests.mjs "$REPORTS/vitest.json" "$REPORTS/playwright.json"
