#!/usr/bin/env bash
# The full test suite on an isolated stack (own ports, throw-away data dir), stopped afterwards.
#   npm test                      everything
#   npm test -- --grep projector  a subset (arguments go to mocha)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT_DIR"
export WSA_DATA_DIR="${WSA_DATA_DIR:-$LOCAL_DIR/data/test}"

bash scripts/install.sh
t0=$(date +%s)

cleanup() {
  step "Stopping the test stack"
  node --import tsx scripts/stack/cli.ts down --profile test --wipe || true
}
trap cleanup EXIT

step "Starting the test stack (PostgreSQL and the Operaton engine host on test ports)"
node --import tsx scripts/stack/cli.ts up --profile test --fresh

step "Type check, lint (eslint and the layer rules), format"
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.ui.json
npm run --silent lint
npx prettier --check . >/dev/null || { npx prettier --check .; die "formatting: run npm run format"; }

step "Running tests"
if [ "$#" -gt 0 ]; then npx mocha "$@"; else npx mocha 'test/**/*.test.ts'; fi
[ -d test-artifacts/screenshots ] && echo "browser test screenshots: test-artifacts/screenshots/"
step "Test suite done in $(( $(date +%s) - t0 ))s"
