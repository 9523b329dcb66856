#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each over its seed corpus for a bounded number of runs
# with a fixed seed, so CI's fuzz run is reproducible (the same inputs every time, whatever the speed):
# fuzz_payload (JSON, escalations, verdicts) and fuzz_decode (image sniffing, limits, decode, PDQ, blur).
# Usage: scripts/fuzz.sh [payload runs] [seed] [decode runs]   (defaults 150000, 1, 100000).
# A crash fails the run and leaves crash-* files.
# For open-ended fuzzing: build/fuzz/fuzz_decode -max_total_time=3600 CORPUS_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-150000}"
seed="${2:-1}"
decode_runs="${3:-100000}"

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --parallel "$(nproc)"
corpus=$(mktemp -d)
images=$(mktemp -d)
trap 'rm -rf "$corpus" "$images"' EXIT
cp tests/data/fuzz-payload/* "$corpus/"
build/fuzz/fuzz_payload -runs="$runs" -seed="$seed" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
# Decoders print their complaints about broken input on stderr: keep only libFuzzer's own lines.
cp tests/data/fuzz-decode/* "$images/"
build/fuzz/fuzz_decode -runs="$decode_runs" -seed="$seed" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 "$images" 2>&1 | grep -E '^(#|stat::|INFO: Running|==[0-9]+==|SUMMARY|.*ERROR|artifact_prefix|Test unit)' | tail -n 15
