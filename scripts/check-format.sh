#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format's layout.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.h' 2>/dev/null || find core app tests bench -name '*.cpp' -o -name '*.h')
if ((${#files[@]} == 0)); then
    mapfile -t files < <(find core app tests bench -name '*.cpp' -o -name '*.h')
fi
# A file deleted in the work tree but still in the index is not checked.
existing=()
for f in "${files[@]}"; do [[ -f "$f" ]] && existing+=("$f"); done
files=("${existing[@]}")
clang-format --dry-run -Werror "${files[@]}"
echo "check-format: ${#files[@]} files clean"
