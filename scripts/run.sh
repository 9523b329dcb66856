#!/usr/bin/env bash
# Builds Veil and launches it. Until the workstation GUI exists this is veil-cli: its help, or the
# arguments you pass (e.g. scripts/run.sh --data-dir /tmp/veil vault init).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel "$(nproc)" --target veil-cli
if (($# == 0)); then
    set -- --help
fi
exec build/default/app/cli/veil-cli "$@"
