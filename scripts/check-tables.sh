#!/usr/bin/env bash
# Checks that every table has one owner: each SQL write (INSERT/REPLACE INTO, UPDATE, DELETE FROM) of a
# table appears only in its owner's files, and app/ prepares no SQL at all. Reads may join other tables
# inside an owner (docs/architecture.md, "Who owns which table"). Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# table owner-files (one class each; a class may span files named after it)
owners='
vault_meta      core/vault/Vault.cpp
items           core/vault/Vault.cpp
item_keys       core/vault/Vault.cpp
blobs           core/vault/Vault.cpp
evidence        core/vault/EvidenceStore.cpp
device_key      core/keys/DeviceKey.cpp
audit_log       core/audit/AuditLog.cpp
audit_checkpoint core/audit/AuditLog.cpp
outbox          core/outbox/Outbox.cpp
service_link    core/link/LinkStore.cpp
decision_feed   core/link/FeedStore.cpp
reference_items core/link/FeedStore.cpp
queue_items     core/queue/QueueStore.cpp core/queue/QueueStoreLeases.cpp
queue_media     core/queue/QueueStoreLeases.cpp
sla_reports     core/queue/SlaLedger.cpp
sla_breaches    core/sla/BreachLog.cpp
quarantine      core/sync/Ingestor.cpp
media_facts     core/media/MediaCatalog.cpp
clusters        core/media/MediaCatalog.cpp
hash_lists      core/media/MediaCatalog.cpp
hash_list_entries core/media/MediaCatalog.cpp
hash_matches    core/media/MediaCatalog.cpp
'
# The reference service's tables (veilservicestore); its "items" is the service's own.
service_owners='
tokens          core/servicestore/ServiceStore.cpp
devices         core/servicestore/ServiceStore.cpp
items           core/servicestore/ServiceStore.cpp core/servicestore/ServiceClaims.cpp core/servicestore/ServiceVerdictStore.cpp core/servicestore/ServiceStoreArchive.cpp
media           core/servicestore/ServiceStore.cpp core/servicestore/ServiceStoreArchive.cpp
item_media      core/servicestore/ServiceStore.cpp core/servicestore/ServiceStoreArchive.cpp
archived_items  core/servicestore/ServiceStoreArchive.cpp
archived_verdicts core/servicestore/ServiceStoreArchive.cpp
item_skips      core/servicestore/ServiceStore.cpp core/servicestore/ServiceClaims.cpp core/servicestore/ServiceStoreArchive.cpp
claim_requests  core/servicestore/ServiceClaims.cpp
webhooks        core/servicestore/WebhookSubscriptions.cpp
verdicts        core/servicestore/ServiceVerdictStore.cpp core/servicestore/ServiceStoreArchive.cpp
conflicts       core/servicestore/ServiceVerdictStore.cpp core/servicestore/ServiceStoreArchive.cpp
service_meta    core/servicestore/ServiceStore.cpp
sla_decided     core/servicestore/ServiceStore.cpp
qa_reviews      core/servicestore/QaReviews.cpp core/servicestore/QaReviewsTallies.cpp
qa_tallies      core/servicestore/QaReviewsTallies.cpp
audit_heads     core/servicestore/AuditWitness.cpp
audit_alerts    core/servicestore/AuditWitness.cpp
intake          core/servicestore/EscalationIntake.cpp
media_pdq       core/servicestore/NearDuplicateFamilies.cpp
families        core/servicestore/NearDuplicateFamilies.cpp
hash_lists      core/servicestore/IntakeHashLists.cpp
hash_list_entries core/servicestore/IntakeHashLists.cpp
item_hash_matches core/servicestore/IntakeHashLists.cpp
'

status=0
check() { # $1: owners list, $2..: files to search
    local list="$1"
    shift
    while read -r table files; do
        [[ -z "$table" ]] && continue
        while IFS=: read -r file line _; do
            if [[ " $files " != *" $file "* ]]; then
                echo "check-tables: $file:$line writes $table, which $files owns" >&2
                status=1
            fi
        done < <(grep -nE "(INSERT( OR [A-Z]+)? INTO|REPLACE INTO|UPDATE|DELETE FROM) $table\b" "$@" || true)
    done <<<"$list"
}

workstation=$(find core app -name '*.cpp' -not -path 'core/servicestore/*' -not -path 'app/service/*' \
    -not -name 'Schema.cpp' | sort)
service=$(find core/servicestore app/service -name '*.cpp' -not -name 'ServiceSchema.cpp' -not -name 'ServiceSchemaPg.cpp' | sort)
# shellcheck disable=SC2086
check "$owners" $workstation
# shellcheck disable=SC2086
check "$service_owners" $service

# Every table a schema creates has an owner above (a rebuilt table's temporary name_vNN aside).
unowned() { # $1: owners list, $2: schema file
    grep -oE 'CREATE TABLE [a-z_0-9]+' "$2" | awk '{print $3}' | grep -vE '_v[0-9]+$' | sort -u |
        while read -r table; do
            grep -qE "^$table " <<<"$1" || echo "check-tables: $2 creates $table, which has no owner here" >&2
        done
}
missing=$(unowned "$owners" core/store/Schema.cpp 2>&1; unowned "$service_owners" core/servicestore/ServiceSchema.cpp 2>&1;
    unowned "$service_owners" core/servicestore/ServiceSchemaPg.cpp 2>&1)
if [[ -n "$missing" ]]; then
    echo "$missing" >&2
    status=1
fi

if sql=$(grep -rnE '\b(prepare|queryRow|queryOne)\(|\.run\("|\.exec\("' app --include='*.cpp' --include='*.h'); then
    echo "check-tables: SQL outside core:" >&2
    echo "$sql" >&2
    status=1
fi

if ((status == 0)); then
    echo "check-tables: $(echo "$owners$service_owners" | grep -c .) tables, each written by its owner only; no SQL in app/"
fi
exit $status
