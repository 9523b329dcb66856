// The vault end to end on real files: round trips, wrong passphrase, tampering, crypto-shredding,
// crash safety of blob writes, and no plaintext anywhere on disk.
#include "TestSupport.h"
#include "crypto/Random.h"
#include "store/Schema.h"
#include "vault/EvidenceStore.h"
#include "vault/Vault.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

namespace {
const QByteArray passphrase = "correct horse battery staple";
}

class TestVault : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto db = store::Database::open(m_dir->filePath(QStringLiteral("veil.db")));
        QVERIFY(db.ok());
        m_db = std::move(db.value());
        QVERIFY(store::migrate(*m_db, store::workstationMigrations()).ok());
    }

    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void createThenUnlock()
    {
        QVERIFY(!vault::Vault::exists(*m_db));
        auto created = vault::Vault::create(*m_db, blobDir(), passphrase);
        QVERIFY(created.ok());
        QVERIFY(vault::Vault::exists(*m_db));
        QCOMPARE(created.value()->kdfParams().n, quint64(1) << 15);
        QCOMPARE(created.value()->kdfParams().r, 8u);
        QVERIFY(created.value()->createItem(QStringLiteral("item-1")).ok());
        auto sealed =
            created.value()->sealField(QStringLiteral("item-1"), QStringLiteral("prompt"), "a prompt");
        QVERIFY(sealed.ok());

        auto unlocked = vault::Vault::unlock(*m_db, blobDir(), passphrase);
        QVERIFY(unlocked.ok());
        QCOMPARE(unlocked.value()
                     ->openField(QStringLiteral("item-1"), QStringLiteral("prompt"), sealed.value())
                     .value(),
                 QByteArray("a prompt"));
        QCOMPARE(vault::Vault::create(*m_db, blobDir(), passphrase).error().code,
                 QStringLiteral("vault_exists"));
    }

    void wrongPassphraseDecryptsNothing()
    {
        QVERIFY(vault::Vault::create(*m_db, blobDir(), passphrase).ok());
        auto unlocked = vault::Vault::unlock(*m_db, blobDir(), "wrong horse");
        QVERIFY(!unlocked.ok());
        QCOMPARE(unlocked.error().code, QStringLiteral("wrong_passphrase"));
        QCOMPARE(unlocked.error().message, QStringLiteral("wrong passphrase"));
        QCOMPARE(vault::Vault::unlock(*m_db, blobDir(), "").error().code, QStringLiteral("wrong_passphrase"));
    }

    void weakKdfParametersRefused()
    {
        crypto::ScryptParams weak;
        weak.n = 1 << 14;
        auto created = vault::Vault::create(*m_db, blobDir(), passphrase, weak);
        QCOMPARE(created.error().code, QStringLiteral("kdf_params"));
        QVERIFY(!vault::Vault::exists(*m_db));
        QCOMPARE(vault::Vault::create(*m_db, blobDir(), "").error().code, QStringLiteral("empty_passphrase"));
    }

    void changePassphraseKeepsData()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase).value().release();
        std::unique_ptr<vault::Vault> owned(v);
        QVERIFY(owned->createItem(QStringLiteral("i")).ok());
        const QByteArray sealed = owned->sealField(QStringLiteral("i"), QStringLiteral("f"), "kept").value();
        crypto::ScryptParams stronger;
        stronger.n = 1 << 16;
        QVERIFY(owned->changePassphrase("new passphrase", stronger).ok());
        QCOMPARE(vault::Vault::unlock(*m_db, blobDir(), passphrase).error().code,
                 QStringLiteral("wrong_passphrase"));
        auto reopened = vault::Vault::unlock(*m_db, blobDir(), "new passphrase");
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.value()->kdfParams().n, quint64(1) << 16);
        QCOMPARE(reopened.value()->openField(QStringLiteral("i"), QStringLiteral("f"), sealed).value(),
                 QByteArray("kept"));
    }

    void fieldsAreBoundToItemAndField()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        auto &vault = *v.value();
        QVERIFY(vault.createItem(QStringLiteral("a")).ok());
        QVERIFY(vault.createItem(QStringLiteral("b")).ok());
        QCOMPARE(vault.createItem(QStringLiteral("a")).error().code, QStringLiteral("item_exists"));
        const QByteArray sealed =
            vault.sealField(QStringLiteral("a"), QStringLiteral("prompt"), "text").value();
        QCOMPARE(vault.openField(QStringLiteral("a"), QStringLiteral("statement"), sealed).error().code,
                 QStringLiteral("auth_failed"));
        QCOMPARE(vault.openField(QStringLiteral("b"), QStringLiteral("prompt"), sealed).error().code,
                 QStringLiteral("auth_failed"));
        QCOMPARE(vault.openField(QStringLiteral("zzz"), QStringLiteral("prompt"), sealed).error().code,
                 QStringLiteral("item_unknown"));
    }

    void blobRoundTripAndTamper()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        auto &vault = *v.value();
        QVERIFY(vault.createItem(QStringLiteral("x")).ok());
        const QByteArray plain = crypto::randomBytes(300000);
        auto blobId = vault.storeBlob(QStringLiteral("x"), QStringLiteral("media"), plain);
        QVERIFY(blobId.ok());
        QCOMPARE(vault.loadBlob(QStringLiteral("x"), QStringLiteral("media"), blobId.value()).value(), plain);

        QFile file(blobDir() + QLatin1Char('/') + blobId.value() + QStringLiteral(".blob"));
        QVERIFY(file.exists());
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(150000);
        char byte = 0;
        file.getChar(&byte);
        file.seek(150000);
        file.putChar(char(byte ^ 0x40));
        file.close();
        auto tampered = vault.loadBlob(QStringLiteral("x"), QStringLiteral("media"), blobId.value());
        QVERIFY(!tampered.ok());
        QCOMPARE(tampered.error().code, QStringLiteral("auth_failed"));
    }

    void shreddingMakesEvidenceUnrecoverable()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        auto &vault = *v.value();
        vault::EvidenceStore evidence(*m_db, vault);
        auto info = evidence.import(crypto::randomBytes(5000), QStringLiteral("e.png"));
        QVERIFY(info.ok());
        auto wrapped = m_db->prepare("SELECT wrapped_key FROM item_keys WHERE item_id = ?");
        wrapped->bind(1, info->id);
        QVERIFY(wrapped->step().value());
        const QByteArray wrappedKey = wrapped->blob(0);
        wrapped.value() = m_db->prepare("SELECT 1").value(); // release the read cursor
        QVERIFY(test::treeContains(m_dir->path(), wrappedKey));
        QCOMPARE(QDir(blobDir()).entryList(QDir::Files).size(), 1);

        QVERIFY(evidence.shred(info->id).ok());
        QVERIFY(vault.isShredded(info->id));
        QCOMPARE(evidence.read(info->id).error().code, QStringLiteral("item_shredded"));
        QCOMPARE(evidence.shred(info->id).error().code, QStringLiteral("item_shredded"));
        QCOMPARE(QDir(blobDir()).entryList(QDir::Files).size(), 0);
        // The wrapped data key is gone from the database file and its WAL, not just unlinked.
        QVERIFY(!test::treeContains(m_dir->path(), wrappedKey));
        QCOMPARE(evidence.shred(QStringLiteral("nope")).error().code, QStringLiteral("evidence_unknown"));
    }

    void aShredIsSeenByEverySealAndEveryRead()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        auto &vault = *v.value();
        QVERIFY(vault.createItem(QStringLiteral("kept")).ok());
        auto sealed = vault.sealField(QStringLiteral("kept"), QStringLiteral("prompt"), "first");
        QVERIFY(sealed.ok()); // its key is now kept for the next seal
        QVERIFY(vault.shredItem(QStringLiteral("kept")).ok());
        QCOMPARE(vault.sealField(QStringLiteral("kept"), QStringLiteral("prompt"), "again").error().code,
                 QStringLiteral("item_shredded"));
        QCOMPARE(
            vault.openField(QStringLiteral("kept"), QStringLiteral("prompt"), sealed.value()).error().code,
            QStringLiteral("item_shredded"));

        // Shredded through another connection (a worker's): this vault's reads see it at once.
        QVERIFY(vault.createItem(QStringLiteral("other")).ok());
        auto sealedOther = vault.sealField(QStringLiteral("other"), QStringLiteral("prompt"), "secret");
        QVERIFY(sealedOther.ok());
        auto second = store::Database::open(m_db->path());
        QVERIFY(second.ok());
        auto worker = vault.attach(*second.value());
        QVERIFY(worker->shredItem(QStringLiteral("other")).ok());
        QCOMPARE(vault.openField(QStringLiteral("other"), QStringLiteral("prompt"), sealedOther.value())
                     .error()
                     .code,
                 QStringLiteral("item_shredded"));
    }

    void anItemCreatedAgainAfterARollbackSealsWithItsNewKey()
    {
        // Ingest creates an item and seals its fields inside a transaction that may roll back and be
        // retried: the key kept for sealing must not outlive the creation it came from.
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        auto &vault = *v.value();
        {
            auto tx = store::Transaction::begin(*m_db);
            QVERIFY(vault.createItem(QStringLiteral("retried")).ok());
            QVERIFY(vault.sealField(QStringLiteral("retried"), QStringLiteral("prompt"), "first try").ok());
        } // rolled back: no item, no key
        QVERIFY(!vault.hasItem(QStringLiteral("retried")));
        QVERIFY(vault.createItem(QStringLiteral("retried")).ok());
        auto sealed = vault.sealField(QStringLiteral("retried"), QStringLiteral("prompt"), "second try");
        QVERIFY(sealed.ok());
        auto opened = vault.openField(QStringLiteral("retried"), QStringLiteral("prompt"), sealed.value());
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        QCOMPARE(opened.value(), QByteArray("second try"));
    }

    void evidenceRoundTripWithoutPlaintextOnDisk()
    {
        auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
        vault::EvidenceStore evidence(*m_db, *v.value());
        const QByteArray marker = "VEIL-PLAINTEXT-MARKER-" + crypto::randomBytes(16).toHex();
        const QByteArray plain = marker + crypto::randomBytes(70000) + marker;
        auto info = evidence.import(plain, QStringLiteral("secret-name-") + QString::fromLatin1(marker) +
                                               QStringLiteral(".jpg"));
        QVERIFY(info.ok());
        QCOMPARE(info->size, plain.size());
        QCOMPARE(evidence.read(info->id).value(), plain);
        QCOMPARE(evidence.info(info->id)->name, info->name);
        QVERIFY(m_db->exec("PRAGMA wal_checkpoint(PASSIVE)").ok());
        QVERIFY(!test::treeContains(m_dir->path(), marker));
        QVERIFY(!test::treeContains(m_dir->path(), plain.mid(1000, 48)));
        QVERIFY(!test::treeContains(m_dir->path(), info->sha256.toLatin1()));
        QVERIFY(!test::treeContains(m_dir->path(), QByteArray::fromHex(info->sha256.toLatin1())));
    }

    void halfWrittenTempFileIsIgnoredAndCleaned()
    {
        QByteArray blobId;
        QByteArray plain = crypto::randomBytes(1000);
        {
            auto v = vault::Vault::create(*m_db, blobDir(), passphrase);
            QVERIFY(v.value()->createItem(QStringLiteral("c")).ok());
            blobId = v.value()->storeBlob(QStringLiteral("c"), QStringLiteral("m"), plain).value().toLatin1();
        }
        // A crash mid-write leaves a temp file behind; it never became a blob.
        QFile stray(blobDir() + QStringLiteral("/.tmp-") + crypto::randomId());
        QVERIFY(stray.open(QIODevice::WriteOnly));
        stray.write(crypto::randomBytes(77));
        stray.close();
        auto unlocked = vault::Vault::unlock(*m_db, blobDir(), passphrase);
        QVERIFY(unlocked.ok());
        QVERIFY(!stray.exists());
        QCOMPARE(unlocked.value()
                     ->loadBlob(QStringLiteral("c"), QStringLiteral("m"), QString::fromLatin1(blobId))
                     .value(),
                 plain);
        QCOMPARE(unlocked.value()
                     ->loadBlob(QStringLiteral("c"), QStringLiteral("m"), QStringLiteral("../etc/passwd"))
                     .error()
                     .code,
                 QStringLiteral("io_error"));
    }

private:
    QString blobDir() const { return m_dir->filePath(QStringLiteral("blobs")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::Database> m_db;
};

QTEST_GUILESS_MAIN(TestVault)
#include "tst_vault.moc"
