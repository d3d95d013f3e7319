#!/usr/bin/env bash
# What an adopter does, end to end: packs the plugins, creates a Backstage app
# with @backstage/create-app of the release in backstage.json, installs the
# tarballs into it by the README's "Add Readiness to your Backstage app" steps,
# registers an example component, starts the app and checks in headless
# Chromium that the component's page shows the stop-work banner and the
# readiness card. When a README step does not work as written, fix the README,
# not this script.
#
# The app runs without the internet: SQLite in memory, guest sign-in, the
# catalog and the component's repository from local files, advisories from a
# directory (the OSV records in examples/advisories).
#
# Environment:
#   READINESS_TARBALLS  a directory holding the packed plugins; without it they
#                       are built and packed here
#   FRESH_APP_DIR       where the app is created (default: in a temporary
#                       directory, removed afterwards unless FRESH_APP_KEEP=1)
#   FRESH_APP_PORT      the backend's port (default 7017)
#   FRESH_APP_OUTPUT    where the screenshot goes (default e2e-output/)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

# create-app refuses Node 20, and its app's install cannot build
# better-sqlite3 there.
. scripts/ci/use-node.sh

release=$(node -p 'require("./backstage.json").version')
port=${FRESH_APP_PORT:-7017}
base=http://localhost:$port
output=${FRESH_APP_OUTPUT:-$repo/e2e-output}
work=$(mktemp -d)
app=${FRESH_APP_DIR:-$work/app}
backend=
. scripts/e2e/stop-session.sh
cleanup() {
  [ -z "$backend" ] || stop_session "$backend"
  if [ "${FRESH_APP_KEEP:-}" = 1 ]; then
    echo "fresh-app: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
step() { printf '\n=== fresh-app: %s (%ss)\n' "$1" "$SECONDS"; }
fail() {
  echo "fresh-app: $*"
  [ -f "$work/backend.log" ] && tail -40 "$work/backend.log"
  exit 1
}

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
fi
if curl -s -o /dev/null "$base"; then
  fail "something already listens on port $port; stop it or set FRESH_APP_PORT"
fi

# --- Pack -------------------------------------------------------------------
# `yarn pack` rewrites workspace:^ ranges to versions (npm pack does not).
tarballs=${READINESS_TARBALLS:-}
if [ -z "$tarballs" ]; then
  step "build and pack the plugins"
  tarballs=$work/tarballs
  node scripts/yarn.js tsc
  node scripts/yarn.js backstage-cli repo build
  for plugin in readiness-common readiness-node readiness-backend readiness; do
    (cd "plugins/$plugin" &&
      node ../../scripts/yarn.js pack --out "$tarballs/%s-%v.tgz" >/dev/null)
  done
fi
tarball() {
  local found
  found=$(ls "$tarballs"/@readiness-"$1"-[0-9]*.tgz 2>/dev/null | head -1)
  if [ -z "$found" ]; then
    echo "fresh-app: no tarball of @readiness/$1 in $tarballs" >&2
    return 1
  fi
  echo "$found"
}
common=$(tarball plugin-readiness-common)
node_pkg=$(tarball plugin-readiness-node)
backend_pkg=$(tarball plugin-readiness-backend)
frontend_pkg=$(tarball plugin-readiness)

# --- Create the app ---------------------------------------------------------
# Yarn on PATH, as create-app asks for one; the app then runs the Yarn release
# its template vendors.
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec node %q "$@"\n' "$repo/.yarn/releases/yarn-4.18.1.cjs" \
  >"$work/bin/yarn"
chmod +x "$work/bin/yarn"
export PATH="$work/bin:$PATH"
# An adopter's first install writes the app's lockfile; CI=true would make
# Yarn refuse to.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

step "create an app with @backstage/create-app of Backstage $release"
create_app=$(node scripts/e2e/create-app-version.mjs "$release")
mkdir -p "$app"
BACKSTAGE_APP_NAME=readiness-fresh-app \
  npx --yes "@backstage/create-app@$create_app" --path "$app"
cd "$app"

# --- The README's steps -----------------------------------------------------
step "install the tarballs (README: Add Readiness to your Backstage app)"
# Until the packages are published: -common and -node from their tarballs.
node -e '
  const fs = require("fs");
  const [common, nodePkg] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  pkg.resolutions = {
    ...pkg.resolutions,
    "@readiness/plugin-readiness-common": `file:${common}`,
    "@readiness/plugin-readiness-node": `file:${nodePkg}`,
  };
  fs.writeFileSync("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
' "$common" "$node_pkg"
yarn --cwd packages/backend add "@readiness/plugin-readiness-backend@file:$backend_pkg"
yarn --cwd packages/app add "@readiness/plugin-readiness@file:$frontend_pkg"
# The plugins must use the app's copies of catalog-react, catalog-node and the
# rest, not bring their own.
node "$repo/scripts/e2e/shared-copies.mjs" yarn.lock

# packages/backend/src/index.ts: the plugin, before backend.start().
node -e '
  const fs = require("fs");
  const file = "packages/backend/src/index.ts";
  const src = fs.readFileSync(file, "utf8");
  const line = "backend.add(import(\"@readiness/plugin-readiness-backend\"));\n";
  if (!src.includes("backend.start();")) throw new Error(`no backend.start() in ${file}`);
  fs.writeFileSync(file, src.replace("backend.start();", `${line}\nbackend.start();`));
'
# packages/app/src/App.tsx: the feature, in createApp's features.
node -e '
  const fs = require("fs");
  const file = "packages/app/src/App.tsx";
  let src = fs.readFileSync(file, "utf8");
  if (!/features: \[/.test(src)) throw new Error(`no features list in ${file}`);
  src = `import readinessPlugin from "@readiness/plugin-readiness/alpha";\n${src}`;
  fs.writeFileSync(file, src.replace(/features: \[/, "features: [readinessPlugin, "));
'

# app-config.yaml: the banner in the app's own app.extensions list, and the
# configuration for a portal without GitHub (README: Configuration).
cp -r "$repo/examples/claude-flow" "$repo/examples/advisories" examples/
cat >examples/readiness.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: claude-flow
  description: Orchestrates multi-agent workflows (Rust).
  annotations:
    backstage.io/source-location: dir:./claude-flow/
spec:
  type: service
  lifecycle: production
  owner: guests
YAML
NODE_PATH="$repo/node_modules" node -e '
  const fs = require("fs");
  const YAML = require("yaml");
  const doc = YAML.parseDocument(fs.readFileSync("app-config.yaml", "utf8"));
  const extensions = doc.getIn(["app", "extensions"]);
  if (!YAML.isSeq(extensions)) throw new Error("no app.extensions list in app-config.yaml");
  extensions.items.unshift(doc.createNode("entity-card:readiness/stop-work-banner"));
  doc.getIn(["catalog", "locations"]).items.push(
    doc.createNode({ type: "file", target: "../../examples/readiness.yaml" }),
  );
  doc.set("readiness", doc.createNode({
    repository: { allowedLocalRoots: ["../../examples"] },
    advisories: { directory: "../../examples/advisories" },
    collectors: Object.fromEntries(["catalog", "repository"].map(id => [id, {
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 5 },
      },
    }])),
  }));
  fs.writeFileSync("app-config.yaml", doc.toString());
'

# --- Not Readiness steps ------------------------------------------------------
# The created app's caret ranges resolve a signals backend newer than its
# backend-defaults (^0.18.0), which then fails the whole backend's startup with
# "httpRouter.addWebSocketHandler is not a function". That is the app's own
# problem, with or without Readiness; leave the signals backend out.
node -e '
  const fs = require("fs");
  const file = "packages/backend/src/index.ts";
  const src = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, src.replace(/^backend\.add\(import\(.@backstage\/plugin-signals-backend.\)\);\n/m, ""));
'
# The created app's TechDocs generator runs in Docker, which CI has not; the
# backend serves the built app on one port.
cat >"$work/app-config.ci.yaml" <<YAML
app:
  baseUrl: $base
backend:
  baseUrl: $base
  listen:
    port: $port
  cors:
    origin: $base
techdocs:
  generator:
    runIn: local
YAML

step "type-check and build the app"
yarn tsc
yarn workspace app build

step "start the backend"
setsid yarn workspace backend start \
  --config "$app/app-config.yaml" --config "$work/app-config.ci.yaml" \
  >"$work/backend.log" 2>&1 &
backend=$!
ready=
for _ in $(seq 180); do
  curl -sf -o /dev/null "$base/.backstage/health/v1/readiness" && ready=1 && break
  kill -0 "$backend" 2>/dev/null || fail "the backend exited"
  sleep 1
done
[ -n "$ready" ] || fail "the backend did not get ready"
token=$(curl -sf -X POST "$base/api/auth/guest/refresh" |
  node -pe 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token') ||
  fail "no guest token"
# The entity page does not retry: wait for claude-flow's first report.
reported=
for _ in $(seq 180); do
  if curl -sf -H "Authorization: Bearer $token" \
    "$base/api/readiness/v1/entities/component/default/claude-flow" |
    node -e 'process.exit(JSON.parse(require("fs").readFileSync(0)).stopWork.active ? 0 : 1)' \
      2>/dev/null; then
    reported=1
    break
  fi
  sleep 1
done
[ -n "$reported" ] || fail "claude-flow got no report with an active stop-work order"

step "check the entity page in headless Chromium"
mkdir -p "$output"
cd "$repo"
node scripts/e2e/screenshot.mjs \
  "$base/catalog/default/component/claude-flow" \
  "$output/fresh-app-claude-flow.png" \
  'Stop work: claude-flow must not be deployed' \
  'Minimum Viable System' \
  'RUSTSEC-2024-0363 (sqlx 0.7.2)' ||
  fail "the created app's entity page did not show the banner and the card"
step "passed"
echo "fresh-app: passed"
