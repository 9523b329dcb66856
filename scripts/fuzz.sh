#!/usr/bin/env bash
# Builds the libFuzzer target with clang and runs it for a bounded time over the seed corpus.
# Usage: scripts/fuzz.sh [seconds]   (default 60). A crash fails the run and leaves crash-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$(nproc)"
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/data/fuzz-payload/* "$corpus/"
build/fuzz/fuzz_payload -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
