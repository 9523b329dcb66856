#!/usr/bin/env bash
# Builds the libFuzzer target with clang and runs it over the seed corpus for a bounded number of runs
# with a fixed seed, so CI's fuzz run is reproducible (the same inputs every time, whatever the speed).
# Usage: scripts/fuzz.sh [runs] [seed]   (defaults 150000, 1). A crash fails the run and leaves crash-* files.
# For open-ended fuzzing: build/fuzz/fuzz_payload -max_total_time=3600 CORPUS_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-150000}"
seed="${2:-1}"

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$(nproc)"
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/data/fuzz-payload/* "$corpus/"
build/fuzz/fuzz_payload -runs="$runs" -seed="$seed" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
