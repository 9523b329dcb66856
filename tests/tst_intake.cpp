// The pipeline's intake over real HTTP on loopback: media uploaded by hash (checked, decoded, stored once),
// escalations filed in batches by external id (idempotent, per-item results, bad input refused alone), a
// pipeline token that can do nothing else, and a filed escalation that reaches a reviewer's workstation,
// is decided there and whose signed verdict names the uploaded evidence.
#include "IntakeSupport.h"
#include "MediaRenderer.h"
#include "ServiceFixture.h"
#include "TestSupport.h"
#include "common/Base64Url.h"
#include "crypto/Ed25519.h"
#include "crypto/Sha256.h"
#include "media/FaceDetector.h"
#include "media/SyntheticImage.h"
#include "queue/ReviewQueue.h"
#include "servicestore/EscalationIntake.h"
#include "servicestore/ServiceSchema.h"
#include "sla/SlaClock.h"
#include "store/Migrations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace veil;

namespace {

using Reply = test::HttpReply;

} // namespace

class TestIntake : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_service = std::make_unique<test::Service>(m_dir->filePath(QStringLiteral("svc")), 0);
        m_pipeline = m_service->token(QStringLiteral("prompt-filter"), QStringLiteral("pipeline"));
        auto image = media::drawSynthetic(5, 1);
        QVERIFY(image.ok());
        m_jpeg = image->bytes;
        m_mime = image->mime;
        m_sha = crypto::sha256Hex(m_jpeg);
    }
    void cleanup()
    {
        m_service.reset();
        m_dir.reset();
    }

    void mediaIsCheckedDecodedAndStoredOnce()
    {
        Reply first = put(m_sha, m_jpeg, m_pipeline);
        QCOMPARE(first.status, 201);
        QCOMPARE(first.json.value(QStringLiteral("mime")).toString(), m_mime);
        QVERIFY(first.json.value(QStringLiteral("width")).toInt() > 0);
        QCOMPARE(first.json.value(QStringLiteral("size")).toInteger(), m_jpeg.size());
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 200); // the same bytes again: nothing new
        QCOMPARE(m_service->store->media(m_sha)->second, m_jpeg);

        // Bytes that are not what the hash says.
        Reply wrong = put(QString(64, QLatin1Char('0')), m_jpeg, m_pipeline);
        QCOMPARE(wrong.status, 400);
        QCOMPARE(code(wrong), QStringLiteral("hash_mismatch"));
        // Not an image: text under its own hash.
        const QByteArray text = "just some text, not an image";
        Reply notImage = put(crypto::sha256Hex(text), text, m_pipeline);
        QCOMPARE(notImage.status, 415);
        QCOMPARE(code(notImage), QStringLiteral("unsupported_media"));
        // An image the safe decoder refuses: cut off after its header.
        const QByteArray cut = m_jpeg.left(m_jpeg.size() / 3);
        Reply truncated = put(crypto::sha256Hex(cut), cut, m_pipeline);
        QCOMPARE(truncated.status, 422);
        QCOMPARE(code(truncated), QStringLiteral("undecodable_media"));
        // A reviewer's token uploads nothing.
        Reply reviewer = put(m_sha, m_jpeg, m_service->token(QStringLiteral("alice")));
        QCOMPARE(reviewer.status, 403);
        // None of the refused bytes were kept.
        QVERIFY(!m_service->store->media(crypto::sha256Hex(text)));
        QVERIFY(!m_service->store->media(crypto::sha256Hex(cut)));
    }

    void escalationsAreFiledOnceEachAndRefusedAlone()
    {
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 201);
        const QJsonObject good = filing(QStringLiteral("pf:1001"));
        QJsonObject missingMedia = filing(QStringLiteral("pf:1002"));
        missingMedia.insert(QStringLiteral("media"), QJsonArray{QString(64, QLatin1Char('b'))});
        QJsonObject badPriority = filing(QStringLiteral("pf:1003"));
        badPriority.insert(QStringLiteral("priority"), 7);
        QJsonObject unknownCategory = filing(QStringLiteral("pf:1004"));
        unknownCategory.insert(QStringLiteral("category"), QStringLiteral("made_up"));
        QJsonObject badScore = filing(QStringLiteral("pf:1005"));
        badScore.insert(QStringLiteral("scores"), QJsonObject{{QStringLiteral("nsfw"), 3}});
        QJsonObject future = filing(QStringLiteral("pf:1006"));
        future.insert(QStringLiteral("created_at"), QStringLiteral("2099-01-01T00:00:00Z"));

        Reply batch = file({good, missingMedia, badPriority, unknownCategory, badScore, future});
        QCOMPARE(batch.status, 200);
        const QJsonArray results = batch.json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 6);
        QCOMPARE(status(results, 0), QStringLiteral("created"));
        const QString itemId = results.at(0)[QStringLiteral("item_id")].toString();
        QVERIFY(itemId.startsWith(QStringLiteral("in-")));
        QCOMPARE(status(results, 1), QStringLiteral("rejected"));
        QCOMPARE(results.at(1)[QStringLiteral("code")].toString(), QStringLiteral("media_missing"));
        for (int i = 2; i < 6; ++i) {
            QCOMPARE(status(results, i), QStringLiteral("rejected"));
            QCOMPARE(results.at(i)[QStringLiteral("code")].toString(), QStringLiteral("invalid_escalation"));
            QVERIFY(!results.at(i)[QStringLiteral("message")].toString().isEmpty());
        }
        QCOMPARE(m_service->store->itemCount().value(), 1); // the refused ones left nothing

        // A retry of the same filing: the same item, nothing new. The same id with another body: refused.
        Reply retry = file({good});
        QCOMPARE(status(retry.json.value(QStringLiteral("results")).toArray(), 0),
                 QStringLiteral("duplicate"));
        QCOMPARE(
            retry.json.value(QStringLiteral("results")).toArray().at(0)[QStringLiteral("item_id")].toString(),
            itemId);
        QJsonObject changed = good;
        changed.insert(QStringLiteral("prompt"), QStringLiteral("another prompt"));
        const QJsonArray conflict = file({changed}).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(status(conflict, 0), QStringLiteral("rejected"));
        QCOMPARE(conflict.at(0)[QStringLiteral("code")].toString(), QStringLiteral("intake_conflict"));
        QCOMPARE(m_service->store->itemCount().value(), 1);

        // What the service signed is the filing, due when the policy's SLA says.
        const QJsonObject payload = m_service->store->itemPayload(itemId).value();
        QCOMPARE(payload.value(QStringLiteral("prompt")).toString(),
                 good.value(QStringLiteral("prompt")).toString());
        QCOMPARE(payload.value(QStringLiteral("category")).toString(), QStringLiteral("hate_symbol"));
        QCOMPARE(payload.value(QStringLiteral("media")).toArray().at(0)[QStringLiteral("sha256")].toString(),
                 m_sha);
        const auto clock = sla::SlaClock::fromPolicy(m_service->api->policy()).value();
        const qint64 target =
            clock.targetFor(QStringLiteral("escalations"), QStringLiteral("hate_symbol"), 2)->targetMs;
        QCOMPARE(m_service->store->itemTimes(itemId)->dueAtMs,
                 QDateTime::fromString(good.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs)
                         .toMSecsSinceEpoch() +
                     target);

        // Whole-batch refusals.
        QCOMPARE(post(QStringLiteral("/v1/escalations"), {{QStringLiteral("escalations"), QJsonArray()}},
                      m_pipeline)
                     .status,
                 400);
        QJsonArray tooMany;
        for (int i = 0; i <= service::MaxEscalationsPerBatch; ++i)
            tooMany.append(good);
        QCOMPARE(
            post(QStringLiteral("/v1/escalations"), {{QStringLiteral("escalations"), tooMany}}, m_pipeline)
                .status,
            400);
        QCOMPARE(post(QStringLiteral("/v1/escalations"), {{QStringLiteral("escalations"), QJsonArray{good}}},
                      m_service->token(QStringLiteral("sam"), QStringLiteral("supervisor")))
                     .status,
                 403);
    }

    void aPipelineTokenFilesAndDoesNothingElse()
    {
        QCOMPARE(get(QStringLiteral("/v1/policy"), m_pipeline).status, 200);
        QCOMPARE(post(QStringLiteral("/v1/leases/claim"),
                      {{QStringLiteral("queue"), QStringLiteral("escalations")}}, m_pipeline)
                     .status,
                 403);
        QCOMPARE(post(QStringLiteral("/v1/devices"), {{QStringLiteral("public_key"), QStringLiteral("x")}},
                      m_pipeline)
                     .status,
                 403);
        QCOMPARE(get(QStringLiteral("/v1/verdicts/feed"), m_pipeline).status, 403);
        QCOMPARE(get(QStringLiteral("/v1/media/") + m_sha, m_pipeline).status, 403);
    }

    // The whole path: filed by a pipeline, claimed and verified by a workstation, decided, and the signed
    // verdict at the service names the uploaded file.
    void aFiledEscalationIsReviewedAndItsVerdictNamesTheEvidence()
    {
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 201);
        const QJsonArray results =
            file({filing(QStringLiteral("pf:2001"))}).json.value(QStringLiteral("results")).toArray();
        const QString itemId = results.at(0)[QStringLiteral("item_id")].toString();
        QVERIFY(!itemId.isEmpty());

        test::Seat seat(m_dir->filePath(QStringLiteral("ws")), *m_service, QStringLiteral("alice"));
        QVERIFY(seat.engine->syncOnce(10).ok());
        queue::ReviewQueue queue(*seat.ws);
        auto item = queue.item(itemId);
        QVERIFY2(item.ok(), "the filed escalation reached the workstation");
        QCOMPARE(item->category, QStringLiteral("hate_symbol"));
        QCOMPARE(item->priority, 2);
        QCOMPARE(item->mediaSha256, QStringList{m_sha});
        auto verdict = queue.decide(itemId, QStringLiteral("remove"), {QStringLiteral("hate_symbol")}, {},
                                    QStringLiteral("test"));
        QVERIFY(verdict.ok());
        QVERIFY(seat.engine->syncOnce(10).ok());
        const auto stored = m_service->store->verdict(verdict->verdictId);
        QVERIFY(stored.has_value());
        const QJsonObject body = QJsonDocument::fromJson(stored->body).object();
        QCOMPARE(body.value(QStringLiteral("item_id")).toString(), itemId);
        QCOMPARE(body.value(QStringLiteral("decision")).toString(), QStringLiteral("remove"));
        QCOMPARE(body.value(QStringLiteral("evidence_sha256")).toArray(), QJsonArray{m_sha});
    }

    // Faces are not looked for at ingest (most of its CPU once): the review view finds them, ahead in a
    // worker when a blurred view is rendered, or on demand when a clear view is asked for first; once per
    // file, and the clear view never shows a face either way.
    void facesAreFoundWhenTheReviewViewNeedsThem()
    {
        QFile photo(test::dataPath(QStringLiteral("faces/messi5.jpg")));
        QVERIFY(photo.open(QIODevice::ReadOnly));
        const QByteArray messi = photo.readAll();
        // The same photo re-encoded: another file, the same faces.
        std::vector<uchar> encoded;
        const std::vector<uchar> raw(messi.begin(), messi.end());
        QVERIFY(cv::imencode(".jpg", cv::imdecode(raw, cv::IMREAD_COLOR), encoded,
                             {cv::IMWRITE_JPEG_QUALITY, 80}));
        const QByteArray copy(reinterpret_cast<const char *>(encoded.data()), qsizetype(encoded.size()));
        const QString shaA = crypto::sha256Hex(messi), shaB = crypto::sha256Hex(copy);
        QCOMPARE(put(shaA, messi, m_pipeline).status, 201);
        QCOMPARE(put(shaB, copy, m_pipeline).status, 201);
        QJsonObject one = filing(QStringLiteral("pf:4001")), two = filing(QStringLiteral("pf:4002")),
                    three = filing(QStringLiteral("pf:4003"));
        one[QStringLiteral("media")] = two[QStringLiteral("media")] = QJsonArray{shaA};
        three[QStringLiteral("media")] = QJsonArray{shaB};
        const QJsonArray results = file({one, two, three}).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 3);
        const auto itemOf = [&](int i) { return results.at(i)[QStringLiteral("item_id")].toString(); };

        test::Seat seat(m_dir->filePath(QStringLiteral("ws")), *m_service, QStringLiteral("alice"));
        QVERIFY(seat.engine->syncOnce(10).ok());
        media::MediaCatalog catalog(seat.ws->database());
        QVERIFY(!catalog.faces(shaA)->known);
        QVERIFY(!catalog.faces(shaB)->known);

        auto detector = media::FaceDetector::load();
        QVERIFY(detector.ok());
        const auto facesIn = [&](const QImage &image) {
            const QImage bgr = image.convertToFormat(QImage::Format_BGR888);
            const cv::Mat mat(bgr.height(), bgr.width(), CV_8UC3, const_cast<uchar *>(bgr.constBits()),
                              size_t(bgr.bytesPerLine()));
            return detector.value()->detect(mat.clone()).value().size();
        };
        gui::MediaRenderer renderer(std::move(seat.ws->openPeer()).value(), {}, detector.value());
        media::RenditionOptions blurred, clear, revealed;
        clear.mode = revealed.mode = media::RenditionMode::Clear;
        revealed.revealFaces = true;

        // A thumbnail (never revealed) starts no scan.
        QVERIFY(renderer.render(itemOf(0), {}, blurred, false).ok());
        QVERIFY(renderer.waitForFaceSearches());
        QCOMPARE(renderer.faceSearchCount(), 0);
        QVERIFY(!catalog.faces(shaA)->known);
        // The first item's blurred view: a worker finds the faces meanwhile, for the file.
        QVERIFY(renderer.render(itemOf(0), {}, blurred).ok());
        QVERIFY(renderer.waitForFaceSearches());
        QCOMPARE(renderer.faceSearchCount(), 1);
        const auto found = catalog.faces(shaA);
        QVERIFY(found->known && !found->faces.isEmpty());
        // The second item holds the same file: its clear view uses them, with no second search; the faces
        // are hidden, the rest is the picture.
        const QImage guarded = renderer.render(itemOf(1), {}, clear).value();
        const QImage shown = renderer.render(itemOf(1), {}, revealed).value();
        QCOMPARE(renderer.faceSearchCount(), 1);
        QCOMPARE(facesIn(guarded), size_t(0));
        QVERIFY(facesIn(shown) >= 1);
        const int belowFaces =
            std::min(guarded.height() - 1, int((found->faces.first().bottom() + 0.05) * guarded.height()));
        QCOMPARE(guarded.pixel(2, belowFaces), shown.pixel(2, belowFaces));

        // The copy, revealed before any search ran: found on demand, still hidden, and kept.
        const QImage onDemand = renderer.render(itemOf(2), {}, clear).value();
        QCOMPARE(renderer.faceSearchCount(), 2);
        QCOMPARE(facesIn(onDemand), size_t(0));
        QVERIFY(facesIn(renderer.render(itemOf(2), {}, revealed).value()) >= 1);
        QVERIFY(catalog.faces(shaB)->known);
        QCOMPARE(catalog.faces(shaB)->faces.size(), found->faces.size());
    }

    // Verdict delivery: the pipeline reads, by cursor, the verdicts on the items it filed (and no others),
    // each verifiable with the key that signed it, under its own external id.
    void verdictsComeBackToThePipelineThatFiledThem()
    {
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 201);
        QCOMPARE(file({filing(QStringLiteral("pf:3001")), filing(QStringLiteral("pf:3002"))})
                     .json.value(QStringLiteral("results"))
                     .toArray()
                     .size(),
                 2);
        QVERIFY(service::seedEscalations(*m_service->store, 1, 9, m_service->now).ok()); // not the pipeline's
        test::Seat seat(m_dir->filePath(QStringLiteral("ws")), *m_service, QStringLiteral("alice"));
        QVERIFY(seat.engine->syncOnce(10).ok());
        queue::ReviewQueue queue(*seat.ws);
        const auto open = queue.openItems();
        QCOMPARE(open->size(), 3);
        QMap<QString, QString> decided; // item id -> decision
        for (const queue::QueueItem &item : open.value()) {
            const QString decision = item.itemId.startsWith(QStringLiteral("in-")) && decided.isEmpty()
                                         ? QStringLiteral("no_violation")
                                         : QStringLiteral("remove");
            const QStringList labels =
                decision == QLatin1String("remove") ? QStringList{item.category} : QStringList{};
            QVERIFY(queue.decide(item.itemId, decision, labels, {}, QStringLiteral("test")).ok());
            decided.insert(item.itemId, decision);
        }
        QVERIFY(seat.engine->syncOnce(10).ok());

        // Page by page (one a page), then nothing new at the last cursor.
        QStringList externalIds;
        qint64 cursor = 0;
        for (int page = 0; page < 3; ++page) {
            const Reply reply =
                get(QStringLiteral("/v1/intake/verdicts?limit=1&cursor=%1").arg(cursor), m_pipeline);
            QCOMPARE(reply.status, 200);
            const QJsonArray verdicts = reply.json.value(QStringLiteral("verdicts")).toArray();
            if (page == 2) {
                QVERIFY(verdicts.isEmpty());
                QCOMPARE(qint64(reply.json.value(QStringLiteral("next_cursor")).toDouble()), cursor);
                break;
            }
            QCOMPARE(verdicts.size(), 1);
            const QJsonObject v = verdicts.at(0).toObject();
            const QByteArray body = v.value(QStringLiteral("verdict")).toString().toUtf8();
            const QByteArray key = fromBase64Url(v.value(QStringLiteral("device_public_key")).toString());
            // What a receiver checks: the reviewer's signature over the exact bytes, by the key named.
            QVERIFY(crypto::ed25519::verify(key, body,
                                            fromBase64Url(v.value(QStringLiteral("signature")).toString())));
            QCOMPARE(v.value(QStringLiteral("key_id")).toString(), crypto::ed25519::keyId(key));
            const QJsonObject signedVerdict = QJsonDocument::fromJson(body).object();
            const QString itemId = v.value(QStringLiteral("item_id")).toString();
            QCOMPARE(signedVerdict.value(QStringLiteral("item_id")).toString(), itemId);
            QCOMPARE(signedVerdict.value(QStringLiteral("decision")).toString(), decided.value(itemId));
            externalIds << v.value(QStringLiteral("external_id")).toString();
            cursor = qint64(reply.json.value(QStringLiteral("next_cursor")).toDouble());
            QCOMPARE(qint64(v.value(QStringLiteral("seq")).toDouble()), cursor);
        }
        externalIds.sort();
        QCOMPARE(externalIds, (QStringList{QStringLiteral("pf:3001"), QStringLiteral("pf:3002")}));

        // A cursor or limit that is not a number is refused, not read as 0.
        QCOMPARE(get(QStringLiteral("/v1/intake/verdicts?cursor=abc"), m_pipeline).status, 400);
        QCOMPARE(get(QStringLiteral("/v1/intake/verdicts?limit=0"), m_pipeline).status, 400);
        // Another pipeline sees none of them; a reviewer cannot read this feed.
        const QByteArray other = m_service->token(QStringLiteral("classifier"), QStringLiteral("pipeline"));
        QVERIFY(get(QStringLiteral("/v1/intake/verdicts"), other)
                    .json.value(QStringLiteral("verdicts"))
                    .toArray()
                    .isEmpty());
        QCOMPARE(get(QStringLiteral("/v1/intake/verdicts"), m_service->token(QStringLiteral("bob"))).status,
                 403);
    }

    // External ids are each pipeline's own: another pipeline filing the same id (even the same body) gets its
    // own item, learns nothing of the first one, and the verdict on it goes to it alone.
    void externalIdsAreEachPipelinesOwn()
    {
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 201);
        const QJsonObject same = filing(QStringLiteral("shared:1"));
        const QString first = file({same})
                                  .json.value(QStringLiteral("results"))
                                  .toArray()
                                  .at(0)[QStringLiteral("item_id")]
                                  .toString();
        const QByteArray other = m_service->token(QStringLiteral("classifier"), QStringLiteral("pipeline"));
        const QJsonObject answer =
            file({same}, other).json.value(QStringLiteral("results")).toArray().at(0).toObject();
        QJsonObject changed = same;
        changed.insert(QStringLiteral("prompt"), QStringLiteral("another"));
        const QJsonObject conflict =
            file({changed}, other).json.value(QStringLiteral("results")).toArray().at(0).toObject();
        QCOMPARE(answer.value(QStringLiteral("status")).toString(), QStringLiteral("created"));
        QVERIFY(answer.value(QStringLiteral("item_id")).toString() != first);
        // Its own id again with another body: its own conflict, not the first pipeline's item.
        QCOMPARE(conflict.value(QStringLiteral("code")).toString(), QStringLiteral("intake_conflict"));
        QCOMPARE(m_service->store->itemCount().value(), 2);
    }

    // The operator imports a list of known material's PDQ hashes with the service's own command while it
    // serves; a variant of a listed image filed afterwards is marked in the filing's answer, in the signed
    // payload and at the reviewer's workstation; an unrelated image is not. Bad lists are refused whole.
    void hashListMatchesAreMarkedAtIntake()
    {
        const auto known = media::drawFloodMember(7, 1, 0).value();
        const auto variant = media::drawFloodMember(7, 1, 4).value();
        const QString knownSha = crypto::sha256Hex(known.bytes),
                      variantSha = crypto::sha256Hex(variant.bytes);
        QCOMPARE(put(knownSha, known.bytes, m_pipeline).status, 201);
        auto knownHash = m_service->store->families().mediaHash(knownSha);
        QVERIFY(knownHash.ok() && knownHash->has_value());
        const QString svcDir = m_dir->filePath(QStringLiteral("svc"));
        const auto import = [&](const QByteArray &csv, const QString &label) {
            QFile list(m_dir->filePath(QStringLiteral("list.csv")));
            if (!list.open(QIODevice::WriteOnly | QIODevice::Truncate) || list.write(csv) != csv.size())
                qFatal("cannot write the list");
            list.close();
            QProcess cli;
            cli.start(QStringLiteral(VEIL_SERVICE_PATH),
                      {QStringLiteral("--data-dir"), svcDir, QStringLiteral("--database"),
                       test::serviceDatabase(svcDir), QStringLiteral("hashlist"), QStringLiteral("import"),
                       QStringLiteral("--file"), list.fileName(), QStringLiteral("--label"), label});
            if (!cli.waitForFinished(60000))
                qFatal("veil-service hashlist import hung");
            return std::make_pair(
                cli.exitCode(), QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError()));
        };
        // Something filed before any list: the service's index of lists is loaded, empty, and must notice
        // the list the operator's command adds.
        QCOMPARE(put(m_sha, m_jpeg, m_pipeline).status, 201);
        QCOMPARE(
            status(
                file({filing(QStringLiteral("pf:before"))}).json.value(QStringLiteral("results")).toArray(),
                0),
            QStringLiteral("created"));
        // Refused whole: a bad line, a file of comments only, no label; nothing imported.
        const QByteArray good = "# known flood sources\n" + (*knownHash.value()).hash.toHex().toLatin1() +
                                ",flood-1\n" + QByteArray(64, 'f') + "\n";
        auto refused = import(good + "not-a-hash\n", QStringLiteral("bad"));
        QCOMPARE(refused.first, 1);
        QVERIFY2(refused.second.contains(QLatin1String("line 4")), qPrintable(refused.second));
        QVERIFY(refused.second.contains(QLatin1String("invalid_hash_list")));
        QCOMPARE(import("# nothing\n", QStringLiteral("empty")).first, 1);
        QCOMPARE(import(good, QStringLiteral("  ")).first, 1);
        auto imported = import(good, QStringLiteral("known-flood"));
        QCOMPARE(imported.first, 0);
        QVERIFY2(imported.second.contains(QLatin1String("imported 2 hashes")), qPrintable(imported.second));
        QCOMPARE(import(good, QStringLiteral("known-flood")).first, 1); // a label names one list

        QCOMPARE(put(variantSha, variant.bytes, m_pipeline).status, 201);
        QJsonObject listed = filing(QStringLiteral("pf:listed"));
        listed[QStringLiteral("media")] = QJsonArray{variantSha};
        const QJsonArray filings{listed, filing(QStringLiteral("pf:unlisted"))};
        const QJsonArray results = file(filings).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        const QJsonArray marks = results.at(0)[QStringLiteral("hash_list_matches")].toArray();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.at(0)[QStringLiteral("list")].toString(), QStringLiteral("known-flood"));
        const int distance = marks.at(0)[QStringLiteral("distance")].toInt();
        QVERIFY(distance > 0 && distance <= 31); // a variant, not the listed file itself
        QVERIFY(!results.at(1).toObject().contains(QStringLiteral("hash_list_matches")));
        // A retry is answered the same, marks included.
        const QJsonArray again = file({listed}).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(status(again, 0), QStringLiteral("duplicate"));
        QCOMPARE(again.at(0)[QStringLiteral("hash_list_matches")].toArray(), marks);

        // Signed into the payload, and shown at the workstation as a hash-list match of that label.
        const QString itemId = results.at(0)[QStringLiteral("item_id")].toString();
        const QString unlistedId = results.at(1)[QStringLiteral("item_id")].toString();
        test::Seat seat(m_dir->filePath(QStringLiteral("ws")), *m_service, QStringLiteral("alice"));
        QVERIFY(seat.engine->syncOnce(10).ok());
        media::MediaCatalog catalog(seat.ws->database());
        auto shown = catalog.hashListMatches(itemId);
        QVERIFY(shown.ok());
        QCOMPARE(shown->size(), 1);
        QCOMPARE(shown->first().label, QStringLiteral("known-flood"));
        QCOMPARE(shown->first().distance, distance);
        QVERIFY(catalog.hashListMatches(unlistedId)->isEmpty());

        // Many overlapping lists: the filing is taken with the nearest 16 marked, not refused.
        for (int i = 0; i < 17; ++i)
            QVERIFY(m_service->store->hashLists().import(good, QStringLiteral("list-%1").arg(i), 1).ok());
        QJsonObject crowded = listed;
        crowded[QStringLiteral("external_id")] = QStringLiteral("pf:crowded");
        const QJsonArray more = file({crowded}).json.value(QStringLiteral("results")).toArray();
        QCOMPARE(status(more, 0), QStringLiteral("created"));
        QCOMPARE(more.at(0)[QStringLiteral("hash_list_matches")].toArray().size(), 16);
    }

    // A service database from before intake (v10) keeps its tokens when it gains the pipeline role.
    void anOlderServiceKeepsItsTokens()
    {
        const QString dir = m_dir->filePath(QStringLiteral("old"));
        QVERIFY(QDir().mkpath(dir));
        const char *insert = "INSERT INTO tokens(token_hash, reviewer, role, created_at) VALUES ('h', "
                             "'alice', 'moderator', 1)";
        if (test::onPostgres()) {
            // The same on PostgreSQL: its migration 11 widens the role CHECK in place.
            auto db = pg::Connection::open(test::serviceDatabase(dir));
            QVERIFY(db.ok());
            QCOMPARE(pg::migrate(*db.value(), service::servicePgMigrations().first(10)).value(), 10);
            QVERIFY(db.value()->exec(insert).ok());
            QVERIFY(!db.value()->exec("INSERT INTO tokens VALUES ('p', 'pf', 'pipeline', 1)").ok());
        } else {
            auto db = store::Database::open(dir + QStringLiteral("/service.db"));
            QVERIFY(db.ok());
            QCOMPARE(store::migrate(*db.value(), service::serviceMigrations().first(10)).value(), 10);
            QVERIFY(db.value()->run(insert).ok());
        }
        auto store = service::ServiceStore::open(dir, test::serviceDatabase(dir));
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message));
        auto stmt =
            store.value()->database().prepare("SELECT reviewer, role FROM tokens WHERE token_hash = 'h'");
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->text(0), QStringLiteral("alice"));
        QVERIFY(store.value()->createToken(QStringLiteral("pf"), QStringLiteral("pipeline")).ok());
        QVERIFY(!store.value()->createToken(QStringLiteral("x"), QStringLiteral("root")).ok());
    }

private:
    QJsonObject filing(const QString &externalId) const
    {
        return test::intakeFiling(externalId, m_sha, m_service->now);
    }
    static QString status(const QJsonArray &results, int i)
    {
        return results.at(i)[QStringLiteral("status")].toString();
    }
    static QString code(const Reply &reply) { return reply.code(); }
    Reply file(const QJsonArray &filings, const QByteArray &token = {})
    {
        return post(QStringLiteral("/v1/escalations"), {{QStringLiteral("escalations"), filings}},
                    token.isEmpty() ? m_pipeline : token);
    }
    Reply put(const QString &sha, const QByteArray &bytes, const QByteArray &token)
    {
        return send("PUT", QStringLiteral("/v1/media/") + sha, bytes, token);
    }
    Reply post(const QString &path, const QJsonObject &body, const QByteArray &token)
    {
        return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), token);
    }
    Reply get(const QString &path, const QByteArray &token) { return send("GET", path, {}, token); }
    Reply send(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &token)
    {
        return test::httpSend(m_nam, m_service->url.resolved(QUrl(path)), method, body, token);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<test::Service> m_service;
    QByteArray m_pipeline;
    QByteArray m_jpeg; // an image as a generator makes it (its type: m_mime)
    QString m_mime;
    QString m_sha;
    QNetworkAccessManager m_nam;
};

QTEST_MAIN(TestIntake)
#include "tst_intake.moc"
