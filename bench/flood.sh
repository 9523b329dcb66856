#!/usr/bin/env bash
# The flood, end to end through real processes: a veil-service on loopback, `veil-service flood` posting
# ITEMS family members in FAMILIES families plus UNIQUE unrelated items through the intake, a workstation
# (veil-cli) claiming and ingesting them all, then clearing the queue the fastest way a reviewer can — one
# decision per near-duplicate cluster (`decide --cluster`), one per lone item — and pushing the verdicts.
# Prints intake and ingest items/s, the decisions needed, and checks at the service that every item has
# exactly one accepted (signature-verified) verdict. Needs python3 (Debian's, for the arithmetic and JSON).
#   bench/flood.sh [ITEMS FAMILIES UNIQUE] [BUILD_DIR]    defaults: 10000 50 500 build/default
set -euo pipefail
items=${1:-10000}
families=${2:-50}
unique=${3:-500}
build=$(realpath "${4:-build/default}")
service=$build/app/service/veil-service
cli=$build/app/cli/veil-cli
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
now() { date +%s.%N; }
rate() { python3 -c "import sys; n, a, b = map(float, sys.argv[1:]); print(f'{n / (b - a):.1f}')" "$@"; }
seconds() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{b - a:.1f}')" "$@"; }

"$service" --data-dir "$work/svc" --listen 127.0.0.1:0 --lease-seconds 7200 > "$work/svc.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q listening "$work/svc.log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/svc.log" || true)
[ -n "$url" ] || { echo "flood.sh: the service did not start:" >&2; cat "$work/svc.log" >&2; exit 1; }
url=${url%%$'\n'*}
pipeline=$("$service" --data-dir "$work/svc" token create --reviewer flood-bench --role pipeline)
moderator=$("$service" --data-dir "$work/svc" token create --reviewer bench-moderator --role moderator)
total=$((items + unique))

t0=$(now)
"$service" flood --service "$url" --token "$pipeline" --items "$items" --families "$families" --unique "$unique" \
    2> "$work/flood.log" || { echo "flood.sh: the flood failed:" >&2; tail -3 "$work/flood.log" >&2; exit 1; }
t1=$(now)
echo "intake: $total items in $(seconds "$t0" "$t1") s: $(rate "$total" "$t0" "$t1") items/s"

export VEIL_PASSPHRASE=flood-bench-passphrase
"$cli" --data-dir "$work/ws" init --service "$url" --token "$moderator" > /dev/null
t2=$(now)
ingested=0
while :; do
    round=$("$cli" --data-dir "$work/ws" sync --claim 100)
    leased=$(grep -o 'leased [0-9]*' <<< "$round" | grep -o '[0-9]*')
    got=$(grep -o 'ingested [0-9]*' <<< "$round" | grep -o '[0-9]*')
    ingested=$((ingested + got))
    [ "$leased" -eq 0 ] && break # the service has nothing more (quarantined items count as leased)
done
t3=$(now)
echo "ingest: $ingested items in $(seconds "$t2" "$t3") s (veil-cli sync --claim 100): $(rate "$ingested" "$t2" "$t3") items/s"

# Clear the queue: the most urgent open item each time; its whole cluster when it has one.
decisions=0
t4=$(now)
while :; do
    next=$("$cli" --data-dir "$work/ws" queue list --json | sed -n 1p)
    [ -z "$next" ] && break
    read -r id open <<< "$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(r["item_id"], r.get("cluster_open") or 1)' "$next")"
    if [ "$open" -gt 1 ]; then
        "$cli" --data-dir "$work/ws" decide "$id" --decision remove --label violence_gore --cluster > /dev/null || { echo "decide --cluster $id failed" >&2; exit 1; }
    else
        "$cli" --data-dir "$work/ws" decide "$id" --decision remove --label violence_gore > /dev/null
    fi
    decisions=$((decisions + 1))
done
t5=$(now)
# 200 verdicts go a round; the queue is empty, so a round claims nothing more.
while "$cli" --data-dir "$work/ws" sync --claim 1 | grep -qv '^pushed 0 '; do :; done
echo "decisions to clear $ingested items: $decisions (veil-cli decide [--cluster], $(seconds "$t4" "$t5") s)"

"$service" --data-dir "$work/svc" verdicts export > "$work/verdicts.jsonl"
python3 - "$work/verdicts.jsonl" "$total" <<'PY'
import json, sys, collections
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
items = collections.Counter(json.loads(l["verdict"])["item_id"] if isinstance(l.get("verdict"), str) else l.get("item_id") for l in lines)
twice = [i for i, n in items.items() if n > 1]
print(f"at the service: {len(lines)} accepted verdicts on {len(items)} items of {sys.argv[2]}; decided twice: {len(twice)}")
sys.exit(0 if len(items) == int(sys.argv[2]) and not twice else 1)
PY
