#!/usr/bin/env bash
# Checks the include graph of core/: its areas (one folder each) form no cycle, and core includes
# nothing from app/ and no GUI header. Prints the area graph with --graph. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# One edge "from to" per area that includes another area's header, e.g. "queue outbox".
edges=$(grep -rEo '^#include "[a-z]+/[A-Za-z0-9_]+\.h"' core --include='*.h' --include='*.cpp' |
    sed -E 's#^core/([a-z]+)/[^:]+:\#include "([a-z]+)/.*#\1 \2#' |
    awk '$1 != $2' | sort -u)

if [[ "${1:-}" == "--graph" ]]; then
    echo "$edges" | awk '{ deps[$1] = deps[$1] " " $2 } END { for (a in deps) print a " ->" deps[a] }' | sort
    exit 0
fi

status=0
# tsort reports every loop it finds on stderr; no loop means the areas are layered.
if ! loops=$(echo "$edges" | tsort 2>&1 >/dev/null) || [[ -n "$loops" ]]; then
    echo "check-includes: core's areas include each other in a cycle:" >&2
    echo "$loops" >&2
    status=1
fi

# Every include target is an area of core (an include of app/ or of a missing area is a layer break).
for area in $(echo "$edges" | awk '{ print $2 }' | sort -u); do
    if [[ ! -d "core/$area" ]]; then
        echo "check-includes: core includes \"$area/...\", which is not an area of core" >&2
        status=1
    fi
done

if gui=$(grep -rnE '^#include <(QtGui|QtQuick|QtQml|QtWidgets|QGuiApplication|QQuick|QQml|QImage|QPixmap)' \
    core --include='*.h' --include='*.cpp'); then
    echo "check-includes: core includes a GUI header:" >&2
    echo "$gui" >&2
    status=1
fi

if ((status == 0)); then
    echo "check-includes: $(echo "$edges" | wc -l) area edges in core, no cycle, no GUI header"
fi
exit $status
