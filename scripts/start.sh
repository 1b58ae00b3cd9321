#!/usr/bin/env bash
# The whole stack locally with demo data: installs what is missing, starts PostgreSQL, the
# Operaton engine host, the partner simulators, projector, workers and gateway, deploys the models,
# loads demo cases and prints where everything is. Ctrl-C stops it all; data is kept in
# .local/data/dev (delete that folder, or run `npm run reset`, to start over).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT_DIR"
bash scripts/install.sh
exec node --import tsx scripts/stack/cli.ts run --profile dev
