#!/usr/bin/env bash
# Builds Veil and runs the whole test suite. Usage: scripts/test.sh [default|asan]
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${1:-default}"
scripts/install-deps.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

cmake --preset "$preset"
cmake --build --preset "$preset" --parallel "$(nproc)"
scripts/check-format.sh
scripts/check-includes.sh
scripts/check-tables.sh
scripts/check-openapi.sh
scripts/check-qml.sh "build/$preset"
ctest --preset "$preset" --parallel "$(nproc)"
