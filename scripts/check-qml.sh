#!/usr/bin/env bash
# Fails when qmllint finds anything in the workstation's QML (it reads the built module's type
# information, so run it after a build). Usage: scripts/check-qml.sh [build dir]   (default build/default)
#
# Then the compiler's pass (qmllint --compiler warning). No binding may read through a QVariant: what C++
# hands QML is typed (QObjects, or Q_GADGET value types such as itemDetails, deskSummary). Bindings the
# compiler leaves for other reasons (untyped functions, instructions Qt 6.4's compiler lacks) are a
# ratchet: the count may fall, never rise. Lower the ceiling as it falls.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
qmllint=/usr/lib/qt6/bin/qmllint
[[ -x "$qmllint" ]] || qmllint=$(command -v qmllint6 || command -v qmllint)
mapfile -t files < <(find qml -name '*.qml' | sort)
"$qmllint" -I "$build/qml" "${files[@]}"
echo "check-qml: ${#files[@]} files clean"

max_uncompiled=61 # bindings and functions the compiler cannot compile
max_variant=0      # of them, reads through a QVariant
report=$("$qmllint" --compiler warning -I "$build/qml" "${files[@]}" 2>&1 || true)
uncompiled=$(grep -c '^Warning: ' <<<"$report" || true)
variant=$(grep -c 'from QVariant' <<<"$report" || true)
if ((uncompiled > max_uncompiled || variant > max_variant)); then
    echo "check-qml: the QML compiler now leaves $uncompiled bindings uncompiled ($variant through a QVariant);" \
        "the ceiling is $max_uncompiled ($max_variant). Type the new binding, or see qmllint --compiler warning." >&2
    exit 1
fi
echo "check-qml: compiler pass $uncompiled uncompiled (ceiling $max_uncompiled), $variant through QVariant (ceiling $max_variant)"

# No QObject type QML reaches has more than max_members public members there (issue 15: focused
# controllers, not a god object): its Q_PROPERTYs, Q_INVOKABLEs and public slots. Gadgets (value types)
# are data, not counted.
max_members=13
wide=$(awk -v max="$max_members" '
    function flush() { if (cls != "" && n > max) printf "%s:%s has %d\n", file, cls, n; cls = ""; n = 0; slots = 0 }
    FNR == 1 { flush() }
    /^class [A-Za-z]+ : public Q/ { flush(); cls = $2; file = FILENAME; next }
    /^struct / { flush() }
    cls != "" && /^ *Q_PROPERTY\(|^ *Q_INVOKABLE / { n++ }
    cls != "" && /^public slots:/ { slots = 1; next }
    cls != "" && /^(public|protected|private|signals)[ a-z]*:/ { slots = 0 }
    cls != "" && slots && /\);/ { n++ }
    END { flush() }
' app/gui/*.h)
if [[ -n "$wide" ]]; then
    echo "check-qml: a type exposes more than $max_members members to QML; split it:" >&2
    echo "$wide" >&2
    exit 1
fi
echo "check-qml: no QML type exposes more than $max_members members"
