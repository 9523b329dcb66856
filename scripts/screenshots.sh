#!/usr/bin/env bash
# Regenerates docs/screenshots/ from `veil-demo` (synthetic media only), on the offscreen platform with
# Qt Quick's software renderer, so it runs on a machine without a display.
# Usage: scripts/screenshots.sh [WIDTHxHEIGHT]   (default 1280x800)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1280x800}"
scripts/install-deps.sh >/dev/null
cmake --preset default >/dev/null
cmake --build --preset default --target veil veil-demo
mkdir -p docs/screenshots
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software VEIL_THEME=light
# The reviewer's own settings (blur strength, theme) must not change the pictures.
settings=$(mktemp -d)
export XDG_CONFIG_HOME="$settings"
for state in queue families review revealed decision family undo focus; do
    build/default/app/demo/veil-demo --size "$size" --screenshot "docs/screenshots/$state.png" --state "$state"
done
build/default/app/demo/veil-demo --size 1920x1080 --screenshot docs/screenshots/review-1920x1080.png --state review
build/default/app/demo/veil-demo --role supervisor --size "$size" --screenshot docs/screenshots/desk.png --state desk
for state in log record qa; do
    build/default/app/demo/veil-demo --role supervisor --size "$size" --screenshot "docs/screenshots/desk-$state.png" \
        --state "$state"
done
build/default/app/demo/veil-demo --role appeals --size "$size" --screenshot docs/screenshots/appeal.png --state review
VEIL_THEME=dark build/default/app/demo/veil-demo --screenshot docs/screenshots/decision-dark.png --state decision
VEIL_LANGUAGE=de build/default/app/demo/veil-demo --size "$size" --screenshot docs/screenshots/review-de.png --state review
# A small window (1024 x 700; the smallest, 1024 x 600, is checked by ctest), light and dark, English and
# German, for the review view, the appeal view and the desk, each checked by geometry as ctest does
# (scripts/check-layout.sh).
for view in "moderator review" "appeals review" "supervisor desk"; do
    set -- $view
    scripts/check-layout.sh build/default/app/demo/veil-demo docs/screenshots/layout "$1" "$2" 1024x700
done
rm -f docs/screenshots/layout/*.log
# First run: the setup screen of a fresh data directory.
fresh=$(mktemp -d)
trap 'rm -rf "$fresh" "$settings"' EXIT
build/default/app/gui/veil --data-dir "$fresh/data" --screenshot docs/screenshots/setup.png
