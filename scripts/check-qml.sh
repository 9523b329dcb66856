#!/usr/bin/env bash
# Fails when qmllint finds anything in the workstation's QML (it reads the built module's type
# information, so run it after a build). Usage: scripts/check-qml.sh [build dir]   (default build/default)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
qmllint=/usr/lib/qt6/bin/qmllint
[[ -x "$qmllint" ]] || qmllint=$(command -v qmllint6 || command -v qmllint)
mapfile -t files < <(find qml -name '*.qml' | sort)
"$qmllint" -I "$build/qml" "${files[@]}"
echo "check-qml: ${#files[@]} files clean"
