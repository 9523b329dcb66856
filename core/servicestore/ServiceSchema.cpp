// The reference service's SQLite schema, one migration per version (store::migrate applies what a
// database lacks, in order, each in a transaction).
#include "servicestore/ServiceSchema.h"

namespace veil::service {

namespace {

constexpr const char *v1 = R"sql(
CREATE TABLE service_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('moderator', 'appeals', 'supervisor')),
    created_at INTEGER NOT NULL
);
CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL,
    public_key BLOB NOT NULL UNIQUE,
    key_id TEXT NOT NULL UNIQUE,
    enrolled_at INTEGER NOT NULL
);
CREATE TABLE media (sha256 TEXT PRIMARY KEY, mime TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE items (
    item_id TEXT PRIMARY KEY,
    queue TEXT NOT NULL CHECK (queue IN ('escalations', 'appeals')),
    payload TEXT NOT NULL,
    signature BLOB NOT NULL,
    media TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'decided')),
    lease_id TEXT UNIQUE,
    lease_device TEXT,
    lease_expires_at INTEGER
);
CREATE INDEX items_claimable ON items(queue, state, due_at);
CREATE TABLE verdicts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    verdict_id TEXT NOT NULL UNIQUE,
    item_id TEXT NOT NULL REFERENCES items(item_id),
    body TEXT NOT NULL,
    signature BLOB NOT NULL,
    key_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
);
)sql";

// v2: appeals — which verdict an appeal item contests and who made it (four-eyes).
constexpr const char *v2 = R"sql(
ALTER TABLE items ADD COLUMN appeal_of TEXT;
ALTER TABLE items ADD COLUMN original_reviewer TEXT;
)sql";

// v3: verdicts the service answered with a conflict (lease lost, decided elsewhere), kept for supervisors.
constexpr const char *v3 = R"sql(
CREATE TABLE conflicts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    verdict_id TEXT NOT NULL UNIQUE,
    item_id TEXT NOT NULL,
    body TEXT NOT NULL,
    signature BLOB NOT NULL,
    key_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    code TEXT NOT NULL,
    at INTEGER NOT NULL
);
)sql";

// v4: skips. An item a reviewer gave back with a reason (wellness, language, conflict) is not offered to
// that reviewer again.
constexpr const char *v4 = R"sql(
CREATE TABLE item_skips (
    item_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (item_id, reviewer)
);
)sql";

// v5: each item's claim history (first and last claim by anyone, how often: skips and expired leases
// included) and when it was decided, so time to decision is measurable.
constexpr const char *v5 = R"sql(
ALTER TABLE items ADD COLUMN first_claimed_at INTEGER;
ALTER TABLE items ADD COLUMN last_claimed_at INTEGER;
ALTER TABLE items ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN decided_at INTEGER;
)sql";

// v6: the audit witness (AuditWitness): each device's last accepted audit checkpoint, and the checkpoints
// refused as a rollback, truncation or fork of what was seen before, for supervisors.
constexpr const char *v6 = R"sql(
CREATE TABLE audit_heads (
    device_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    entry_hash TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE TABLE audit_alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at INTEGER NOT NULL
);
)sql";

// v7: QA re-reviews (QaReviews): a supervisor's blind decision beside the original verdict.
constexpr const char *v7 = R"sql(
CREATE TABLE qa_reviews (
    item_id TEXT PRIMARY KEY,
    verdict_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    decision TEXT NOT NULL,
    labels TEXT NOT NULL,
    at INTEGER NOT NULL
);
)sql";

// v8: SLA pauses the lease holder reported (SlaPauses): since when the clock stands, by which device (a
// pause holds only while that device's lease does), and how long it stood in all; the due time moves by
// each pause when it ends.
constexpr const char *v8 = R"sql(
ALTER TABLE items ADD COLUMN sla_paused_at INTEGER;
ALTER TABLE items ADD COLUMN sla_paused_device TEXT;
ALTER TABLE items ADD COLUMN sla_paused_ms INTEGER NOT NULL DEFAULT 0;
)sql";

// v9: corrections. A verdict carrying "supersedes" replaces an accepted verdict on the same item; the
// replaced verdict keeps its row (the feed and exports keep every signed decision) and names its successor.
constexpr const char *v9 = R"sql(
ALTER TABLE verdicts ADD COLUMN superseded_by TEXT;
)sql";

// v10: claims carry the client's request id, so a retried claim gets the same leases, not new ones.
constexpr const char *v10 = R"sql(
CREATE TABLE claim_requests (
    device_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    lease_ids TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, request_id)
);
)sql";

// v11: escalation intake. A moderation pipeline has its own role (it files escalations and uploads media,
// nothing else); SQLite cannot widen a CHECK in place, so tokens is rebuilt with its rows. Each filed
// escalation is remembered by its pipeline and the pipeline's external id (ids are each pipeline's own) with
// the hash of what was filed, so a retry gets the same answer and a different body under the same id is
// refused. Verdicts are found by item, so a pipeline's delivery reads its own items' verdicts only.
constexpr const char *v11 = R"sql(
CREATE TABLE tokens_v11 (
    token_hash TEXT PRIMARY KEY,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('moderator', 'appeals', 'supervisor', 'pipeline')),
    created_at INTEGER NOT NULL
);
INSERT INTO tokens_v11 SELECT token_hash, reviewer, role, created_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_v11 RENAME TO tokens;
CREATE TABLE intake (
    pipeline TEXT NOT NULL,
    external_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    item_id TEXT NOT NULL UNIQUE,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (pipeline, external_id)
);
CREATE INDEX verdicts_by_item ON verdicts(item_id, seq);
)sql";

// v12: near-duplicate families (NearDuplicateFamilies): each uploaded file's PDQ hash, and each filed item's
// family (its representative's item id) with the hash it joined by. Items under live leases are found by
// device, so a claim knows which families are being worked, and by whom, without a scan of every item.
constexpr const char *v12 = R"sql(
CREATE TABLE media_pdq (
    sha256 TEXT PRIMARY KEY,
    pdq BLOB NOT NULL,
    quality INTEGER NOT NULL
);
CREATE TABLE families (
    item_id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    distance INTEGER NOT NULL,
    pdq BLOB NOT NULL
);
CREATE INDEX families_by_family ON families(family_id);
CREATE INDEX items_leased ON items(lease_expires_at) WHERE state = 'queued' AND lease_device IS NOT NULL;
)sql";

// v13: verdicts pushed to pipelines (WebhookSubscriptions): each pipeline's URL, what it acknowledged and
// the retry state; appeal items found by the verdict they contest, so an appeal's outcome reaches the
// pipeline that filed the original item.
constexpr const char *v13 = R"sql(
CREATE TABLE webhooks (
    pipeline TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    cursor INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    last_delivered_at INTEGER NOT NULL
);
CREATE INDEX items_by_appeal ON items(appeal_of) WHERE appeal_of IS NOT NULL;
)sql";

// v14: who holds a lease and how: the reviewer (their skips are what frees a member of the family they
// hold) and whether it was a given-back member taken alone (that does not make its device the family's).
constexpr const char *v14 = R"sql(
ALTER TABLE items ADD COLUMN lease_reviewer TEXT;
ALTER TABLE items ADD COLUMN lease_alone INTEGER NOT NULL DEFAULT 0;
UPDATE items SET lease_reviewer = (SELECT d.reviewer FROM devices d WHERE d.device_id = items.lease_device)
    WHERE lease_device IS NOT NULL;
UPDATE items SET lease_alone = 1 WHERE lease_device IS NOT NULL
    AND EXISTS (SELECT 1 FROM item_skips k WHERE k.item_id = items.item_id);
)sql";

// v15: hash lists at the service (IntakeHashLists): imported lists of PDQ hashes, and each filed item's
// matches against them.
constexpr const char *v15 = R"sql(
CREATE TABLE hash_lists (
    list_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    imported_at INTEGER NOT NULL,
    entries INTEGER NOT NULL
);
CREATE TABLE hash_list_entries (
    list_id INTEGER NOT NULL REFERENCES hash_lists(list_id),
    hash BLOB NOT NULL
);
CREATE TABLE item_hash_matches (
    item_id TEXT NOT NULL,
    list_id INTEGER NOT NULL REFERENCES hash_lists(list_id),
    distance INTEGER NOT NULL,
    PRIMARY KEY (item_id, list_id)
);
)sql";

// v16: each file's mirrored hash beside its hash (PdqResult::mirrored), so a mirrored variant joins its
// family and a mirrored copy of listed material is marked.
constexpr const char *v16 = R"sql(
ALTER TABLE media_pdq ADD COLUMN mirrored BLOB;
)sql";

// v17: each webhook subscription's generation (new on every PUT), so an answer to a POST made for an
// earlier subscription never moves the cursor of the one set since.
constexpr const char *v17 = R"sql(
ALTER TABLE webhooks ADD COLUMN generation TEXT NOT NULL DEFAULT '';
)sql";

// v18: requests that cost the same however long the history (issue 18). Each item's SLA start as a column
// (filled from the payload at open for rows without one), so the summary reads open items through an index
// without parsing JSON; decision times as counts in fine buckets (SlaHistogram), added in each verdict's
// transaction; claims walk an index of queued items under no lease (held ones are not walked past) and
// find a device's own leases by device.
constexpr const char *v18 = R"sql(
ALTER TABLE items ADD COLUMN start_at INTEGER;
CREATE INDEX items_open ON items(due_at, item_id) WHERE state = 'queued';
CREATE INDEX items_unleased ON items(queue, due_at, priority DESC, item_id)
    WHERE state = 'queued' AND lease_id IS NULL;
CREATE INDEX items_by_device ON items(lease_device) WHERE state = 'queued' AND lease_device IS NOT NULL;
CREATE INDEX items_without_start ON items(item_id) WHERE start_at IS NULL;
CREATE TABLE sla_decided (
    queue TEXT NOT NULL,
    measure INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (queue, measure, bucket)
);
)sql";

// v19: several instances on one database. Claims forget old request ids by age (an index, not a scan of
// every answer kept); instances catch up with families other instances formed, in the order they were
// formed (families' rowid: SQLite's own key; an index on PostgreSQL).
constexpr const char *v19 = R"sql(
CREATE INDEX claim_requests_by_age ON claim_requests(created_at);
)sql";

// v20: decided cases archivable (CaseArchive). What is left of an archived item and its verdicts: its id
// and archive, each verdict's id and body hash (a verdict pushed again is still answered as the same one,
// an item filed or decided again is refused by name). Each item's media as rows (both ways indexed), so
// media no live item refers to can be found and dropped without a scan; decided escalations by decision time,
// conflicts by item, so finding and removing what is old enough costs the same at any history size. QA
// agreement as counts (qa_tallies: per reviewer each (decision, QA decision) pair, per label each (present,
// present) pair), added as each re-review is recorded and kept when it is archived; each re-review marked
// tallied and whether it disagrees (NULL: not tallied yet, as those recorded before), so the agreement
// costs what the counts cost and its disagreements are the newest ones, through an index.
constexpr const char *v20 = R"sql(
CREATE TABLE archived_items (
    item_id TEXT PRIMARY KEY,
    archive TEXT NOT NULL,
    archived_at INTEGER NOT NULL
);
CREATE TABLE archived_verdicts (
    verdict_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    body_sha256 TEXT NOT NULL
);
CREATE TABLE item_media (
    sha256 TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (sha256, item_id)
);
WITH RECURSIVE split(item_id, rest, sha256) AS (
    SELECT item_id, media || ',', '' FROM items
    UNION ALL
    SELECT item_id, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) FROM split
    WHERE rest <> '')
INSERT OR IGNORE INTO item_media(sha256, item_id) SELECT sha256, item_id FROM split WHERE sha256 <> '';
CREATE INDEX items_decided ON items(decided_at) WHERE state = 'decided' AND queue = 'escalations';
CREATE INDEX conflicts_by_item ON conflicts(item_id);
CREATE INDEX item_media_by_item ON item_media(item_id);
ALTER TABLE qa_reviews ADD COLUMN disagrees INTEGER;
CREATE INDEX qa_untallied ON qa_reviews(item_id) WHERE disagrees IS NULL;
CREATE INDEX qa_disagreements ON qa_reviews(at) WHERE disagrees = 1;
CREATE TABLE qa_tallies (
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    rating TEXT NOT NULL,
    qa_rating TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, subject, rating, qa_rating)
);
)sql";

// v21: verdicts by acceptance time with their reviewer, so the desk's pace of the last 24 hours
// (ReviewerPace) reads only those, from the index alone.
constexpr const char *v21 = R"sql(
CREATE INDEX verdicts_accepted ON verdicts(accepted_at, reviewer);
)sql";

constexpr store::Migration migrations[] = {{1, v1},   {2, v2},   {3, v3},   {4, v4},   {5, v5},   {6, v6},
                                           {7, v7},   {8, v8},   {9, v9},   {10, v10}, {11, v11}, {12, v12},
                                           {13, v13}, {14, v14}, {15, v15}, {16, v16}, {17, v17}, {18, v18},
                                           {19, v19}, {20, v20}, {21, v21}};

} // namespace

std::span<const store::Migration> serviceMigrations()
{
    return migrations;
}

} // namespace veil::service
