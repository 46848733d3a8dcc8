#!/usr/bin/env bash
# Runs every test: type checks, unit tests, integration tests on a real
# PostgreSQL (started by the tests), a production build, and the end-to-end
# tests in Debian's Chromium against a platform the tests start themselves.
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

step "end-to-end tests (Chromium)"
npm run test -w e2e
