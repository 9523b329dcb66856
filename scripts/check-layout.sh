#!/usr/bin/env bash
# The real window, as a team would first see it, checked by geometry: veil-demo opens ROLE's view STATE at
# each size, light and dark, English and German, saves a screenshot into OUT_DIR and lists every control
# cut off by the window's edge or squeezed narrower than its text (app/gui/LayoutCheck.cpp). Fails if one
# is. Run by ctest (tests/CMakeLists.txt); scripts/screenshots.sh refreshes docs/screenshots from the same.
# Usage: scripts/check-layout.sh VEIL_DEMO OUT_DIR ROLE STATE [SIZE...]   (default sizes: 1024x600 1024x700
# 1280x800 1920x1080)
set -uo pipefail
demo="$1" out="$2" role="$3" state="$4"
shift 4
sizes=("$@")
((${#sizes[@]})) || sizes=(1024x600 1024x700 1280x800 1920x1080)
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# The reviewer's own saved settings (reveal seconds, auto-refill) must not change what is checked.
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
export XDG_CONFIG_HOME="$settings"
mkdir -p "$out"
failed=0
for size in "${sizes[@]}"; do
    for theme in light dark; do
        for language in en de; do
            shot="$out/$role-$state-$size-$theme-$language.png"
            # Its log (QML warnings, a crash's reason) beside the screenshot.
            report=$(VEIL_THEME=$theme VEIL_LANGUAGE=$language timeout 120 "$demo" --role "$role" --size "$size" \
                --state "$state" --screenshot "$shot" --check-layout 2>"${shot%.png}.log")
            code=$?
            if ((code != 0)); then
                echo "FAIL $role $state $size $theme $language (exit $code)"
                grep '^clipped:' <<<"$report" | head -n 20
                tail -n 5 "${shot%.png}.log"
                failed=1
            else
                echo "ok   $role $state $size $theme $language"
            fi
        done
    done
done
exit $failed
