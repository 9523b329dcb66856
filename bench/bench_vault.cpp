// Vault and signing throughput. Sealing is compared with raw AES-256-GCM over the same bytes in the same
// run, so the vault's own overhead (key unwrap, AAD, envelope, file I/O) is visible.
#include "crypto/AesGcm.h"
#include "crypto/Ed25519.h"
#include "crypto/Random.h"
#include "crypto/Scrypt.h"
#include "store/Schema.h"
#include "vault/Vault.h"

#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace veil;

namespace {

struct VaultFixture
{
    QTemporaryDir dir;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<vault::Vault> vault;

    VaultFixture()
    {
        db = std::move(store::Database::open(dir.filePath(QStringLiteral("veil.db"))).value());
        (void)store::migrate(*db, store::workstationMigrations());
        vault = std::move(vault::Vault::create(*db, dir.filePath(QStringLiteral("blobs")), "bench").value());
        (void)vault->createItem(QStringLiteral("item"));
    }
};

VaultFixture &fixture()
{
    static VaultFixture f;
    return f;
}

void sizes(benchmark::internal::Benchmark *b)
{
    b->Arg(64 << 10)->Arg(1 << 20)->Arg(8 << 20);
}

void BM_RawAesGcmEncrypt(benchmark::State &state)
{
    const QByteArray key = crypto::randomBytes(32);
    const QByteArray nonce = crypto::randomBytes(12);
    const QByteArray data = crypto::randomBytes(state.range(0));
    for (auto _ : state)
        benchmark::DoNotOptimize(crypto::aesgcm::encrypt(key, nonce, "aad", data));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RawAesGcmEncrypt)->Apply(sizes);

void BM_VaultSealField(benchmark::State &state)
{
    auto &f = fixture();
    const QByteArray data = crypto::randomBytes(state.range(0));
    for (auto _ : state)
        benchmark::DoNotOptimize(f.vault->sealField(QStringLiteral("item"), QStringLiteral("media"), data));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VaultSealField)->Apply(sizes);

void BM_VaultOpenField(benchmark::State &state)
{
    auto &f = fixture();
    const QByteArray sealed =
        f.vault
            ->sealField(QStringLiteral("item"), QStringLiteral("media"), crypto::randomBytes(state.range(0)))
            .value();
    for (auto _ : state)
        benchmark::DoNotOptimize(f.vault->openField(QStringLiteral("item"), QStringLiteral("media"), sealed));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VaultOpenField)->Apply(sizes);

// Includes the durable write: temp file, fsync, rename, directory fsync, and the blob row.
void BM_VaultStoreBlob(benchmark::State &state)
{
    auto &f = fixture();
    const QByteArray data = crypto::randomBytes(state.range(0));
    for (auto _ : state)
        benchmark::DoNotOptimize(f.vault->storeBlob(QStringLiteral("item"), QStringLiteral("media"), data));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VaultStoreBlob)->Apply(sizes)->UseRealTime();

void BM_VaultLoadBlob(benchmark::State &state)
{
    auto &f = fixture();
    const QString id =
        f.vault
            ->storeBlob(QStringLiteral("item"), QStringLiteral("media"), crypto::randomBytes(state.range(0)))
            .value();
    for (auto _ : state)
        benchmark::DoNotOptimize(f.vault->loadBlob(QStringLiteral("item"), QStringLiteral("media"), id));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VaultLoadBlob)->Apply(sizes)->UseRealTime();

void BM_Ed25519Sign(benchmark::State &state)
{
    auto pair = crypto::ed25519::generate().value();
    const QByteArray message = crypto::randomBytes(256);
    for (auto _ : state)
        benchmark::DoNotOptimize(crypto::ed25519::sign(pair.seed, message));
    state.counters["per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ed25519Sign);

void BM_Ed25519Verify(benchmark::State &state)
{
    auto pair = crypto::ed25519::generate().value();
    const QByteArray message = crypto::randomBytes(256);
    const QByteArray signature = crypto::ed25519::sign(pair.seed, message).value();
    for (auto _ : state)
        benchmark::DoNotOptimize(crypto::ed25519::verify(pair.publicKey, message, signature));
    state.counters["per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ed25519Verify);

// What DeviceKey does: the seed is parsed once, so each signature is one scalar multiplication.
void BM_Ed25519SignParsedKey(benchmark::State &state)
{
    auto pair = crypto::ed25519::generate().value();
    const auto signer = crypto::ed25519::SigningKey::fromSeed(pair.seed).value();
    const QByteArray message = crypto::randomBytes(256);
    for (auto _ : state)
        benchmark::DoNotOptimize(signer.sign(message));
    state.counters["per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ed25519SignParsedKey);

void BM_Ed25519VerifyParsedKey(benchmark::State &state)
{
    auto pair = crypto::ed25519::generate().value();
    const auto verifier = crypto::ed25519::VerifyingKey::fromRaw(pair.publicKey).value();
    const QByteArray message = crypto::randomBytes(256);
    const QByteArray signature = crypto::ed25519::sign(pair.seed, message).value();
    for (auto _ : state)
        benchmark::DoNotOptimize(verifier.verify(message, signature));
    state.counters["per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ed25519VerifyParsedKey);

void BM_ScryptVaultDefault(benchmark::State &state)
{
    crypto::ScryptParams params; // the vault's defaults: N = 2^15, r = 8, p = 1
    params.salt = crypto::randomBytes(16);
    for (auto _ : state)
        benchmark::DoNotOptimize(crypto::deriveScrypt("benchmark passphrase", params));
}
BENCHMARK(BM_ScryptVaultDefault)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
