// Crypto primitives against published vectors: Wycheproof AES-GCM and Ed25519, RFC 8032, RFC 7914.
#include "TestSupport.h"
#include "crypto/AesGcm.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"
#include "crypto/Scrypt.h"
#include "crypto/Sha256.h"

#include <QJsonArray>
#include <QtTest>

using namespace veil;
using namespace veil::crypto;

class TestCrypto : public QObject
{
    Q_OBJECT

private slots:
    void wycheproofAesGcm256()
    {
        const QJsonObject suite = test::loadJson(QStringLiteral("aes_gcm_test.json"));
        int valid = 0;
        int invalid = 0;
        int valid96 = 0;
        for (const QJsonValue &groupValue : suite.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject group = groupValue.toObject();
            if (group.value(QStringLiteral("keySize")).toInt() != 256)
                continue;
            for (const QJsonValue &testValue : group.value(QStringLiteral("tests")).toArray()) {
                const QJsonObject tc = testValue.toObject();
                const QByteArray key = test::hex(tc.value(QStringLiteral("key")));
                const QByteArray iv = test::hex(tc.value(QStringLiteral("iv")));
                const QByteArray aad = test::hex(tc.value(QStringLiteral("aad")));
                const QByteArray msg = test::hex(tc.value(QStringLiteral("msg")));
                const QByteArray ct = test::hex(tc.value(QStringLiteral("ct")));
                const QByteArray tag = test::hex(tc.value(QStringLiteral("tag")));
                const QString result = tc.value(QStringLiteral("result")).toString();
                const QByteArray id = "tcId " + QByteArray::number(tc.value(QStringLiteral("tcId")).toInt());
                auto opened = aesgcm::decrypt(key, iv, aad, ct + tag);
                if (iv.isEmpty() || iv.size() > 128) {
                    // Outside what GCM in OpenSSL accepts: refused clearly, never a wrong answer.
                    QCOMPARE(opened.error().code, QStringLiteral("crypto_input"));
                } else if (result == QLatin1String("valid")) {
                    QVERIFY2(opened.ok(), id.constData());
                    QCOMPARE(opened.value(), msg);
                    auto sealed = aesgcm::encrypt(key, iv, aad, msg);
                    QVERIFY2(sealed.ok(), id.constData());
                    QCOMPARE(sealed.value(), ct + tag);
                    ++valid;
                    valid96 += iv.size() == 12 ? 1 : 0;
                } else if (result == QLatin1String("invalid")) {
                    QVERIFY2(!opened.ok() || opened.value() != msg, id.constData());
                    ++invalid;
                }
            }
        }
        // Exact counts for tests/data/aes_gcm_test.json: proves every vector was read and checked.
        QCOMPARE(valid, 75);
        QCOMPARE(invalid, 27);
        QCOMPARE(valid96, 39);
    }

    void wycheproofEd25519()
    {
        const QJsonObject suite = test::loadJson(QStringLiteral("ed25519_test.json"));
        int checked = 0;
        for (const QJsonValue &groupValue : suite.value(QStringLiteral("testGroups")).toArray()) {
            const QJsonObject group = groupValue.toObject();
            const QByteArray pk =
                test::hex(group.value(QStringLiteral("publicKey")).toObject().value(QStringLiteral("pk")));
            for (const QJsonValue &testValue : group.value(QStringLiteral("tests")).toArray()) {
                const QJsonObject tc = testValue.toObject();
                const bool expected = tc.value(QStringLiteral("result")).toString() == QLatin1String("valid");
                const bool actual = ed25519::verify(pk, test::hex(tc.value(QStringLiteral("msg"))),
                                                    test::hex(tc.value(QStringLiteral("sig"))));
                const QByteArray id = "tcId " + QByteArray::number(tc.value(QStringLiteral("tcId")).toInt());
                QVERIFY2(actual == expected, id.constData());
                ++checked;
            }
        }
        QCOMPARE(checked, suite.value(QStringLiteral("numberOfTests")).toInt());
    }

    void rfc8032SignatureIsExact()
    {
        SecureBuffer seed(
            QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        auto pub = ed25519::publicKeyFromSeed(seed);
        QVERIFY(pub.ok());
        QCOMPARE(pub->toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        auto sig = ed25519::sign(seed, QByteArray());
        QVERIFY(sig.ok());
        QCOMPARE(sig->toHex(),
                 QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
        QVERIFY(ed25519::verify(pub.value(), QByteArray(), sig.value()));
        QVERIFY(!ed25519::verify(pub.value(), QByteArray("x"), sig.value()));
    }

    void generatedKeysSignAndExport()
    {
        auto pair = ed25519::generate();
        QVERIFY(pair.ok());
        auto sig = ed25519::sign(pair->seed, "verdict");
        QVERIFY(sig.ok());
        QVERIFY(ed25519::verify(pair->publicKey, "verdict", sig.value()));
        auto pem = ed25519::publicKeyPem(pair->publicKey);
        QVERIFY(pem.ok());
        QVERIFY(pem->startsWith("-----BEGIN PUBLIC KEY-----\n"));
        QCOMPARE(ed25519::keyId(pair->publicKey), sha256Hex(pair->publicKey).left(16));
        QCOMPARE(ed25519::keyId(pair->publicKey).size(), 16);
        QVERIFY(
            !ed25519::sign(SecureBuffer(QByteArray(5, 'x')), "m").ok()); // malformed seed: error, no crash
        QVERIFY(!ed25519::verify(QByteArray(31, 'x'), "m", sig.value()));
    }

    void sha256KnownAnswer()
    {
        QCOMPARE(sha256Hex("abc"),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void scryptRfc7914Vector()
    {
        // RFC 7914 section 12, third vector (N = 16384, r = 8, p = 1).
        ScryptParams params;
        params.n = 16384;
        params.salt = "SodiumChloride";
        auto key = deriveScrypt("pleaseletmein", params);
        QVERIFY(key.ok());
        QCOMPARE(key->view().toByteArray().toHex(),
                 QByteArray("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"));
        QVERIFY(!params.meetsMinimum()); // below Veil's floor for vaults
    }

    void scryptRejectsMalformedParams()
    {
        ScryptParams params;
        params.salt = randomBytes(16);
        params.n = 1000; // not a power of two
        QCOMPARE(deriveScrypt("pw", params).error().code, QStringLiteral("kdf_params"));
        ScryptParams roundTrip = ScryptParams::fromJson(ScryptParams{}.toJson()).value();
        QCOMPARE(roundTrip.n, ScryptParams{}.n);
    }

    void sealedEnvelopeRejectsTamperAndWrongAad()
    {
        SecureBuffer key = randomSecret(32);
        const QByteArray sealed = aesgcm::seal(key, "aad", "secret evidence");
        QCOMPARE(sealed.size(), aesgcm::EnvelopeOverhead + 15);
        QCOMPARE(aesgcm::open(key, "aad", sealed).value(), QByteArray("secret evidence"));
        QCOMPARE(aesgcm::open(key, "other", sealed).error().code, QStringLiteral("auth_failed"));
        for (int i = 1; i < sealed.size(); i += 7) {
            QByteArray tampered = sealed;
            tampered[i] = char(tampered[i] ^ 0x01);
            QCOMPARE(aesgcm::open(key, "aad", tampered).error().code, QStringLiteral("auth_failed"));
        }
        QCOMPARE(aesgcm::open(key, "aad", sealed.left(10)).error().code, QStringLiteral("auth_failed"));
        QByteArray wrongVersion = sealed;
        wrongVersion[0] = 9;
        QCOMPARE(aesgcm::open(key, "aad", wrongVersion).error().code, QStringLiteral("format_version"));
        QVERIFY(aesgcm::seal(key, "aad", "same") !=
                aesgcm::seal(key, "aad", "same")); // fresh nonce each time
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
