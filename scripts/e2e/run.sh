#!/usr/bin/env bash
# End-to-end test of the portal in headless Chromium: builds the app, starts
# the backend (which serves the built app) on the example catalog, waits for
# the first collection, then opens claude-flow's entity page and checks that
# the stop-work banner and the readiness card show, with the risk register
# (critical, high and manageable risks) and the remediation timeline (due
# dates and owners), and its history with a regression, then the scorecard page,
# the catalog filtered to components under stop-work and the agent-platform
# system's page with its roll-up card. Their screenshots go to
# E2E_SCREENSHOT_DIR (default: a new temporary folder), as
# entity-claude-flow.png, entity-history.png, scorecard.png, catalog-tier-filter.png and
# system-rollup.png; `yarn screenshots` sets it to docs/screenshots to
# refresh the README's pictures. A relative folder is taken from the
# repository's root.
#
# E2E_PORT (default 7007) is the backend's port; the backend serves the app.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${E2E_PORT:-7007}
base=http://localhost:$port
shots=${E2E_SCREENSHOT_DIR:-$(mktemp -d)}
mkdir -p "$shots"
echo "e2e: screenshots go to $shots"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
fi

# Another server on the port would answer in our backend's place.
if curl -s -o /dev/null "$base"; then
  echo "e2e: something already listens on port $port; stop it or set E2E_PORT"
  exit 1
fi

node scripts/yarn.js workspace app build

log=$(mktemp)
# The port, on top of app-config.yaml and app-config.e2e.yaml.
port_config=$(mktemp --suffix=.yaml)
printf 'app:\n  baseUrl: %s\nbackend:\n  baseUrl: %s\n  listen:\n    port: %s\n  cors:\n    origin: %s\n' \
  "$base" "$base" "$port" "$base" >"$port_config"
setsid node scripts/yarn.js workspace backend start \
  --config "$PWD/app-config.yaml" --config "$PWD/app-config.e2e.yaml" \
  --config "$port_config" >"$log" 2>&1 &
backend=$!
# The backend runs in its own session; stop everything in it.
. scripts/e2e/stop-session.sh
stop_backend() {
  stop_session "$backend"
  rm -f "$port_config"
}
trap stop_backend EXIT

fail() { echo "e2e: $*"; tail -40 "$log"; exit 1; }

for _ in $(seq 90); do
  curl -sf -o /dev/null "$base/.backstage/health/v1/readiness" && break
  kill -0 $backend 2>/dev/null || fail "the backend exited"
  sleep 1
done
token=$(curl -sf -X POST "$base/api/auth/guest/refresh" |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token') ||
  fail "no guest token"

# The entity page does not retry, so wait until claude-flow has a report
# collected from its repository.
for _ in $(seq 90); do
  if curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/entities/component/default/claude-flow" |
    node -e 'const r=JSON.parse(require("fs").readFileSync(0));process.exit(r.stopWork.active?0:1)' 2>/dev/null; then
    break
  fi
  sleep 1
done

# The examples' stand-in pipelines post their evidence shortly after start:
# payments-api then reaches Enterprise Grade and inventory-api Production
# Ready. This repository's own packages are in the catalog with reports too.
tier_of() {
  curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/entities/component/default/$1" |
    node -e 'const r=JSON.parse(require("fs").readFileSync(0));console.log(r.tier??"none")' 2>/dev/null
}
for _ in $(seq 90); do
  [ "$(tier_of payments-api)" = enterprise ] &&
    [ "$(tier_of inventory-api)" = production ] && break
  sleep 1
done
for expected in payments-api:enterprise inventory-api:production \
  plugin-readiness-common:none; do
  actual=$(tier_of "${expected%%:*}")
  [ "$actual" = "${expected#*:}" ] ||
    fail "${expected%%:*}: expected tier ${expected#*:}, got '${actual}'"
  echo "found: ${expected%%:*} at tier $actual"
done

# Their dependencies' licenses (payments-api's package-lock.json,
# inventory-api's bom.json) pass the demo's readiness.licenses allow list.
for name in payments-api inventory-api; do
  licenses=$(curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/entities/component/default/$name" |
    node -e 'const r=JSON.parse(require("fs").readFileSync(0));const c=r.checks.find(c=>c.id==="compliance.licenses");console.log(c?`${c.status}: ${c.summary}`:"missing")' 2>/dev/null)
  case "$licenses" in
  pass:*) echo "found: $name compliance.licenses $licenses" ;;
  *) fail "$name: expected compliance.licenses to pass, got '$licenses'" ;;
  esac
done

# Tall enough for the whole card, register and open timeline included.
SCREENSHOT_HEIGHT=3000 node scripts/e2e/screenshot.mjs \
  "$base/catalog/default/component/claude-flow" \
  "$shots"/entity-claude-flow.png \
  'Stop work: claude-flow must not be deployed' \
  'vulnerabilities patched 0/2' \
  'Minimum Viable System' \
  'RUSTSEC-2024-0363 (sqlx 0.7.2)' \
  'Risk register' \
  'Critical risks' \
  'known vulnerabilities in locked dependencies' \
  'High risks' \
  'Manageable risks' \
  'What is in place' \
  '>Remediation plan' \
  'Immediate: contain the stop-work order' \
  'Stabilise: resolve blockers' \
  ', due ' \
  'Owner:' \
  'orchestration-team' \
  'Depends on it' \
  'Web portal' ||
  fail "the entity page did not show the banner, the card, its risk register, its timeline and its dependents"

# claude-flow's stand-in CI posts a clean build first, then the broken one:
# its history shows the Clean build check's regression.
for _ in $(seq 60); do
  curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/entities/component/default/claude-flow/history" |
    node -e 'const h=JSON.parse(require("fs").readFileSync(0));process.exit(h.regressions.some(r=>r.checkId==="build.clean")?0:1)' 2>/dev/null &&
    break
  sleep 1
done
SCREENSHOT_HEIGHT=3000 node scripts/e2e/screenshot.mjs \
  "$base/catalog/default/component/claude-flow" \
  "$shots"/entity-history.png \
  'Readiness history' \
  'Clean build stopped passing on' \
  'Now: 97 compilation errors' \
  'build from example-ci' ||
  fail "the entity page did not show claude-flow's history with its regression"

# The demo seeds a campaign over the production components; it has
# progress once their reports are stored.
campaign=''
for _ in $(seq 60); do
  campaign=$(curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/campaigns/production-services-production-ready" |
    node -e 'const p=JSON.parse(require("fs").readFileSync(0));if(!p.total)process.exit(1);console.log(`${p.atTarget}/${p.total}`)' 2>/dev/null) &&
    break
  sleep 1
done
[ -n "$campaign" ] || fail "the demo campaign was not created or covers nothing"
echo "found: campaign production-services-production-ready at $campaign"

node scripts/e2e/screenshot.mjs \
  "$base/readiness" \
  "$shots"/scorecard.png \
  'Tier distribution' \
  'Campaigns' \
  'All production services at Production Ready by' \
  "${campaign%/*} of ${campaign#*/} at target" \
  'Not at target yet:' \
  'claude-flow' \
  'Payments API' \
  'By owner (including nested groups)' \
  'platform-team' \
  'agent-platform' ||
  fail "the scorecard page did not list the components, the campaign and the roll-ups"

# Every component, filtered on the readiness picker's "stop-work only":
# claude-flow stays, the Enterprise Grade payments-api goes.
node scripts/e2e/screenshot.mjs \
  "$base/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all&filters%5Breadiness%5D=stop-work" \
  "$shots"/catalog-tier-filter.png \
  'Readiness tier' \
  'claude-flow' \
  '!Payments API' ||
  fail "the catalog's readiness filter did not keep only claude-flow"

node scripts/e2e/screenshot.mjs \
  "$base/catalog/default/system/agent-platform" \
  "$shots"/system-rollup.png \
  'Readiness roll-up' \
  'under stop-work: a blocker holds this system' \
  'Holding it back' ||
  fail "the system page did not show the roll-up card"
echo "e2e: passed"
