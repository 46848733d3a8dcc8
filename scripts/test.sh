#!/usr/bin/env bash
# Runs every test: type checks, unit tests, integration tests on a real
# PostgreSQL (started by the tests), a production build, the TM Forum
# conformance kits, the end-to-end tests and the workflow demos in Debian's
# Chromium, each against a platform the step starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

step() { printf '\n==> %s\n' "$*"; }

step "type check"
npx turbo run typecheck --output-logs=errors-only

step "unit tests"
npx vitest run --project unit

step "integration tests (real PostgreSQL)"
npx vitest run --project integration

step "build"
npx turbo run build --output-logs=errors-only

# The conformance platform takes the 100 ports above E2E_PORT_BASE + 200, so one variable moves both.
step "TM Forum conformance kits (newman)"
CONFORMANCE_PORT_BASE="${CONFORMANCE_PORT_BASE:-$((${E2E_PORT_BASE:-3300} + 200))}" npm run conformance -w @cop-pilot/conformance

# The crash test's platform takes the ports from E2E_PORT_BASE + 400 to + 520.
step "crash test (SIGKILL while orders are in flight)"
CRASH_PORT_BASE="${CRASH_PORT_BASE:-$((${E2E_PORT_BASE:-3300} + 400))}" npm run test:crash

step "end-to-end tests (Chromium)"
npm run test -w e2e

# The demos start a platform of their own after the end-to-end one has stopped, on the same ports.
# Their screenshots go to a temporary folder, so the test command leaves docs/workflows as committed.
step "workflow demos (Chromium)"
demo_screenshots="$(mktemp -d)"
DEMO_SCREENSHOT_DIR="$demo_screenshots" npm run demos -w e2e
rm -rf "$demo_screenshots"
