#include "store/Schema.h"

namespace veil::store {

namespace {

// v1: the vault — its wrapped key and KDF parameters, per-item data keys, sealed blobs, evidence.
constexpr const char *v1 = R"sql(
CREATE TABLE vault_meta (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    shredded_at INTEGER
);
CREATE TABLE item_keys (
    item_id TEXT PRIMARY KEY REFERENCES items(id),
    wrapped_key BLOB NOT NULL
);
CREATE TABLE blobs (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items(id),
    field TEXT NOT NULL,
    sealed_size INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX blobs_by_item ON blobs(item_id);
CREATE TABLE evidence (
    id TEXT PRIMARY KEY REFERENCES items(id),
    blob_id TEXT,
    sealed_meta BLOB,
    created_at INTEGER NOT NULL
);
)sql";

// v2: the device's Ed25519 signing key; the private seed is sealed by the vault key.
constexpr const char *v2 = R"sql(
CREATE TABLE device_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key BLOB NOT NULL,
    sealed_seed BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
)sql";

// v3: the tamper-evident audit chain and its signed checkpoints.
constexpr const char *v3 = R"sql(
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_id TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE TABLE audit_checkpoint (
    seq INTEGER PRIMARY KEY,
    entry_hash TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    key_id TEXT NOT NULL,
    signature BLOB NOT NULL
);
)sql";

// v4: the outbox of signed verdicts. body holds the canonical JSON exactly as signed; state moves from
// pending to accepted | duplicate | rejected | conflicted, and nothing is ever deleted silently.
constexpr const char *v4 = R"sql(
CREATE TABLE outbox (
    verdict_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    body TEXT NOT NULL,
    signature BLOB NOT NULL,
    key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'accepted', 'duplicate', 'rejected', 'conflicted')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
)sql";

// v5: the link to a moderation service (token sealed by the vault key, the service's pinned signing
// key), the local review queue (sensitive fields sealed per item) and quarantined input.
constexpr const char *v5 = R"sql(
CREATE TABLE service_link (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL,
    sealed_token BLOB NOT NULL,
    device_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL,
    service_public_key BLOB NOT NULL,
    clock_offset_ms INTEGER NOT NULL DEFAULT 0,
    last_sync_at INTEGER,
    last_error TEXT
);
CREATE TABLE queue_items (
    item_id TEXT PRIMARY KEY REFERENCES items(id),
    queue TEXT NOT NULL,
    lease_id TEXT NOT NULL,
    lease_expires_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    priority INTEGER NOT NULL,
    due_at_ms INTEGER NOT NULL,
    scores TEXT NOT NULL,
    model_version TEXT NOT NULL,
    media TEXT NOT NULL,
    sealed_prompt BLOB NOT NULL,
    sealed_account BLOB NOT NULL,
    payload_signature BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decided', 'released')),
    ingested_at INTEGER NOT NULL
);
CREATE INDEX queue_by_due ON queue_items(state, due_at_ms, priority);
CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    item_id TEXT,
    reason_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
);
)sql";

// v6: an optional pin on the service's TLS public key (SHA-256 of its SubjectPublicKeyInfo).
constexpr const char *v6 = R"sql(
ALTER TABLE service_link ADD COLUMN tls_pin BLOB;
)sql";

// v7: appeals in the local queue — the contested verdict and its reviewer, the user's statement sealed.
constexpr const char *v7 = R"sql(
ALTER TABLE queue_items ADD COLUMN appeal TEXT;
ALTER TABLE queue_items ADD COLUMN sealed_statement BLOB;
)sql";

// v8: the media pipeline — facts per media file (PDQ hash, face boxes; no pixels), near-duplicate clusters
// (leader-based: cluster_id is the leader's item id), imported PDQ hash lists and the items they match.
constexpr const char *v8 = R"sql(
CREATE TABLE media_facts (
    item_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    orientation INTEGER NOT NULL,
    pdq BLOB NOT NULL,
    pdq_quality INTEGER NOT NULL,
    faces TEXT,
    PRIMARY KEY (item_id, sha256)
);
CREATE TABLE clusters (
    item_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL,
    distance INTEGER NOT NULL,
    pdq BLOB NOT NULL
);
CREATE INDEX clusters_by_cluster ON clusters(cluster_id);
CREATE TABLE hash_lists (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    entries INTEGER NOT NULL
);
CREATE TABLE hash_list_entries (
    list_id INTEGER NOT NULL REFERENCES hash_lists(id),
    hash BLOB NOT NULL
);
CREATE TABLE hash_matches (
    item_id TEXT NOT NULL,
    list_id INTEGER NOT NULL REFERENCES hash_lists(id),
    distance INTEGER NOT NULL,
    PRIMARY KEY (item_id, list_id)
);
)sql";

// v9: indexes in the queue view's two orders, so a page of 100,000 open items is an index walk, not a sort.
constexpr const char *v9 = R"sql(
CREATE INDEX queue_open_by_due ON queue_items(state, due_at_ms, priority DESC, item_id);
CREATE INDEX queue_open_by_priority ON queue_items(state, priority DESC, due_at_ms, item_id);
)sql";

// v10: the service's policy document as last fetched, so decisions can be made offline; a skip is taken
// off the queue at once and given back to the service when it answers (skip_reason set, state still open).
constexpr const char *v10 = R"sql(
ALTER TABLE service_link ADD COLUMN policy_json TEXT;
ALTER TABLE queue_items ADD COLUMN skip_reason TEXT;
)sql";

// v11: SLA breaches, one row per item (sla::BreachLog).
constexpr const char *v11 = R"sql(
CREATE TABLE sla_breaches (
    item_id TEXT PRIMARY KEY,
    queue TEXT NOT NULL,
    target_ms INTEGER NOT NULL,
    due_at_ms INTEGER NOT NULL,
    lateness_ms INTEGER NOT NULL,
    recorded_at_ms INTEGER NOT NULL
);
)sql";

// v12: each item's SLA clock (queue::SlaLedger): when it started (created, or the user notified of an
// appeal), its target, warning and due times from the policy, pauses, the service's first and last claim and
// claim count (skips and expired leases included), and when it was decided. NULL in rows from before: the
// service's due time then stands, with the warning an hour before it.
constexpr const char *v12 = R"sql(
ALTER TABLE queue_items ADD COLUMN sla_started_at INTEGER;
ALTER TABLE queue_items ADD COLUMN sla_target_ms INTEGER;
ALTER TABLE queue_items ADD COLUMN warn_at_ms INTEGER;
ALTER TABLE queue_items ADD COLUMN sla_paused_at INTEGER;
ALTER TABLE queue_items ADD COLUMN sla_paused_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_items ADD COLUMN first_claimed_at INTEGER;
ALTER TABLE queue_items ADD COLUMN last_claimed_at INTEGER;
ALTER TABLE queue_items ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE queue_items ADD COLUMN decided_at INTEGER;
)sql";

// v13: the last audit checkpoint the service accepted from this workstation (its witness; see
// SyncEngine::sendCheckpoint): the next one sends the chain's links from there.
constexpr const char *v13 = R"sql(
ALTER TABLE service_link ADD COLUMN audit_seen_seq INTEGER NOT NULL DEFAULT 0;
)sql";

// v14: the team's settings as last fetched from the service (team::TeamSettings), for offline work.
constexpr const char *v14 = R"sql(
ALTER TABLE service_link ADD COLUMN team_json TEXT;
)sql";

// v15: supervisors' copy of the team's decisions (the service's verdict feed, sync::SyncEngine::pullFeed)
// with the cursor to go on from, and reference items: media of an item someone else decided, fetched into
// the vault under an id of its own for a supervisor to look at (blurred by default), shredded when done.
constexpr const char *v15 = R"sql(
CREATE TABLE decision_feed (
    seq INTEGER PRIMARY KEY,
    verdict_id TEXT NOT NULL UNIQUE,
    item_id TEXT NOT NULL,
    queue TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decision TEXT NOT NULL,
    category TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    decided_at_ms INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    media TEXT NOT NULL
);
CREATE INDEX decision_feed_by_time ON decision_feed(decided_at_ms);
CREATE TABLE reference_items (
    vault_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('qa', 'record')),
    category TEXT NOT NULL,
    media TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
ALTER TABLE service_link ADD COLUMN feed_cursor INTEGER NOT NULL DEFAULT 0;
)sql";

// v16: SLA pauses and resumptions waiting to be reported to the service (SyncEngine::pushSlaReports), in
// the order they happened, so its clock of the item follows the reviewer's, offline work included.
constexpr const char *v16 = R"sql(
CREATE TABLE sla_reports (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('pause', 'resume')),
    reason TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);
)sql";

// v17: undo and corrections. A verdict withdrawn in its grace period (never sent) stays in the outbox as
// 'withdrawn', one a correction replaced at the service as 'superseded' (SQLite cannot widen a CHECK in
// place: the table is rebuilt, rows kept as they were); an item reopened to correct a delivered verdict
// names the verdict its next one supersedes.
constexpr const char *v17 = R"sql(
CREATE TABLE outbox_v17 (
    verdict_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    body TEXT NOT NULL,
    signature BLOB NOT NULL,
    key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'accepted', 'duplicate', 'rejected', 'conflicted', 'withdrawn',
                         'superseded')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
INSERT INTO outbox_v17 SELECT verdict_id, item_id, body, signature, key_id, created_at, state, attempts,
    next_attempt_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v17 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_item ON outbox(item_id, created_at);
ALTER TABLE queue_items ADD COLUMN supersedes TEXT;
)sql";

// v18: a QA sample's facts beside its media, as the review view shows them: the prompt sealed by the
// sample's own data key (shredded with it), source, model and scores in the clear.
constexpr const char *v18 = R"sql(
ALTER TABLE reference_items ADD COLUMN sealed_prompt BLOB;
ALTER TABLE reference_items ADD COLUMN facts TEXT;
)sql";

// v19: a hostile or broken service. When the link was made (no decided_at is signed before it), why the
// service's clock was last not taken, and the earlier choice on an item that needs deciding again (its
// verdict could not be delivered on the lease it was signed for).
constexpr const char *v19 = R"sql(
ALTER TABLE service_link ADD COLUMN enrolled_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE service_link ADD COLUMN clock_warning TEXT;
ALTER TABLE queue_items ADD COLUMN earlier_decision TEXT;
)sql";

// v20: a queue item's media files in their own rows instead of a JSON list in the item's row. A page of
// the queue read and parsed that list for every row; now it reads the hashes from a narrow index, and
// the item's row (read whole by the counts) is narrower. Rows keep the list's order (ord), which is the
// order a verdict names its evidence in.
constexpr const char *v20 = R"sql(
CREATE TABLE queue_media (
    item_id TEXT NOT NULL REFERENCES queue_items(item_id),
    ord INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    blob_id TEXT NOT NULL,
    PRIMARY KEY (item_id, ord)
) WITHOUT ROWID;
INSERT INTO queue_media(item_id, ord, sha256, mime, size, blob_id)
    SELECT q.item_id, CAST(j.key AS INTEGER), json_extract(j.value, '$.sha256'),
           COALESCE(json_extract(j.value, '$.mime'), ''), COALESCE(json_extract(j.value, '$.size'), 0),
           COALESCE(json_extract(j.value, '$.blob_id'), '')
    FROM queue_items q, json_each(q.media) j;
ALTER TABLE queue_items DROP COLUMN media;
)sql";

// v21: media facts found by the file's SHA-256, so the same file arriving with another item is not decoded
// and analysed again (MediaCatalog::analyse).
constexpr const char *v21 = R"sql(
CREATE INDEX media_facts_by_sha256 ON media_facts(sha256);
)sql";

// v22: a family's members found from the index alone (the grouped queue asks, for every open item, whether
// another member comes first): the cluster's item ids live in the index beside its id.
constexpr const char *v22 = R"sql(
DROP INDEX clusters_by_cluster;
CREATE INDEX clusters_by_cluster ON clusters(cluster_id, item_id);
)sql";

// v23: each file's left-right mirrored PDQ hash beside its own (NULL for files analysed before): a file
// re-posted after a restart finds the cluster it joined mirrored, and hash lists match both orientations.
constexpr const char *v23 = R"sql(
ALTER TABLE media_facts ADD COLUMN pdq_mirrored BLOB;
)sql";

constexpr Migration migrations[] = {{1, v1},   {2, v2},   {3, v3},   {4, v4},   {5, v5},   {6, v6},
                                    {7, v7},   {8, v8},   {9, v9},   {10, v10}, {11, v11}, {12, v12},
                                    {13, v13}, {14, v14}, {15, v15}, {16, v16}, {17, v17}, {18, v18},
                                    {19, v19}, {20, v20}, {21, v21}, {22, v22}, {23, v23}};

} // namespace

std::span<const Migration> workstationMigrations()
{
    return migrations;
}

} // namespace veil::store
