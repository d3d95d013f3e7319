#!/usr/bin/env bash
# End-to-end test of the portal in headless Chromium: builds the app, starts
# the backend (which serves the built app) on the example catalog, waits for
# the first collection, then opens claude-flow's entity page and checks that
# the stop-work banner and the readiness card show. The screenshot goes to
# docs/screenshots/entity-claude-flow.png; the scorecard page's to
# docs/screenshots/scorecard.png.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
fi

node scripts/yarn.js workspace app build

log=$(mktemp)
setsid node scripts/yarn.js workspace backend start \
  --config "$PWD/app-config.yaml" --config "$PWD/app-config.e2e.yaml" >"$log" 2>&1 &
backend=$!
trap 'kill -- -$backend 2>/dev/null || true' EXIT

fail() { echo "e2e: $*"; tail -40 "$log"; exit 1; }

for _ in $(seq 90); do
  curl -sf -o /dev/null localhost:7007/.backstage/health/v1/readiness && break
  kill -0 $backend 2>/dev/null || fail "the backend exited"
  sleep 1
done
token=$(curl -sf -X POST localhost:7007/api/auth/guest/refresh |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token') ||
  fail "no guest token"

# The entity page does not retry, so wait until claude-flow has a report
# collected from its repository.
for _ in $(seq 90); do
  if curl -sf -H "Authorization: Bearer $token" \
    localhost:7007/api/readiness/v1/entities/component/default/claude-flow |
    node -e 'const r=JSON.parse(require("fs").readFileSync(0));process.exit(r.stopWork.active?0:1)' 2>/dev/null; then
    break
  fi
  sleep 1
done

node scripts/e2e/screenshot.mjs \
  http://localhost:7007/catalog/default/component/claude-flow \
  docs/screenshots/entity-claude-flow.png \
  'Stop work: claude-flow must not be deployed' \
  'vulnerabilities patched 0/2' \
  'Minimum Viable System' \
  'RUSTSEC-2024-0363 (sqlx 0.7.2)' ||
  fail "the entity page did not show the banner and the card"

node scripts/e2e/screenshot.mjs \
  http://localhost:7007/readiness \
  docs/screenshots/scorecard.png \
  'Tier distribution' \
  'claude-flow' \
  'Payments API' ||
  fail "the scorecard page did not list the components"
echo "e2e: passed"
