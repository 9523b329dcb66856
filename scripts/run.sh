#!/usr/bin/env bash
# Builds Veil and launches the workstation on its embedded demo service (`veil-demo`: a seeded reference
# service in-process on a loopback port, a throwaway data dir). Without a display (no DISPLAY or
# WAYLAND_DISPLAY, e.g. over ssh), it runs the same demo headless with veil-cli instead: one sync, the
# queue, one decision pushed back, and the audit chain verified.
# With arguments, runs veil-cli with them instead (e.g. scripts/run.sh --data-dir D audit verify).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel "$(nproc)" --target veil veil-demo veil-cli veil-service >/dev/null
cli=build/default/app/cli/veil-cli
service=build/default/app/service/veil-service
if (($# > 0)); then
    exec "$cli" "$@"
fi
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" || "${QT_QPA_PLATFORM:-}" == offscreen ]]; then
    exec build/default/app/demo/veil-demo
fi
echo "== no display: running the demo headless (veil-cli); on a desktop this opens the workstation"

demo=$(mktemp -d /tmp/veil-demo.XXXXXX)
trap 'kill "$service_pid" 2>/dev/null || true; rm -rf "$demo"' EXIT
export VEIL_PASSPHRASE="demo passphrase (throwaway)"
token=$("$service" --data-dir "$demo/service" token create --reviewer demo-moderator --role moderator)
"$service" --data-dir "$demo/service" --listen 127.0.0.1:0 --seed 30 >"$demo/service.out" 2>/dev/null &
service_pid=$!
for _ in $(seq 100); do grep -q listening "$demo/service.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$demo/service.out")
echo "== DEMO: synthetic escalations only, served at $url"
"$cli" --data-dir "$demo/ws" init --service "$url" --token "$token"
"$cli" --data-dir "$demo/ws" sync
echo "== queue (most urgent first)"
"$cli" --data-dir "$demo/ws" queue list | head -n 10
# The most urgent item, removed under the label its own category takes (the policy's category_labels).
first_line=$("$cli" --data-dir "$demo/ws" queue list --json | head -n 1)
first=$(sed -n 's/.*"item_id":"\([^"]*\)".*/\1/p' <<<"$first_line")
category=$(sed -n 's/.*"category":"\([^"]*\)".*/\1/p' <<<"$first_line")
echo "== deciding $first ($category): remove, labelled $category"
"$cli" --data-dir "$demo/ws" decide "$first" --decision remove --label "$category" --rationale "demo decision"
"$cli" --data-dir "$demo/ws" sync
"$cli" --data-dir "$demo/ws" audit verify
