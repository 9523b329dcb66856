#include "media/NearDuplicateIndex.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

// The build targets baseline x86-64, where std::popcount is a library call: the comparing loops are also
// compiled for POPCNT (every x86-64 since 2008), picked at load time, and where AVX-512 has a vector popcount
// (Ice Lake, Zen 4 and later) a bucket's entries are compared sixteen at a time. (Not under ThreadSanitizer,
// whose instrumented load-time resolvers crash.)
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__SANITIZE_THREAD__)
#include <immintrin.h>
#define VEIL_NDI_POPCNT __attribute__((target_clones("popcnt", "default")))
#define VEIL_NDI_AVX512 __attribute__((target("avx512f,avx512vpopcntdq")))
#else
#define VEIL_NDI_POPCNT
#endif

namespace veil::media {

namespace {

// New hashes enter the buckets this many at a time, their memory asked for ahead; lookups scan the few
// waiting (all of them below this many: an index that small allocates no buckets at all).
constexpr size_t TailLimit = 128;

// Region sizes: 4, 8, 12, 16, 24, 32, 48, ... entries, each 1.33-2x the one before: a bucket leaves about a
// fifth of its region empty and moves O(log n) times as it grows.
quint32 capacityFor(quint32 count)
{
    if (count <= 8)
        return count <= 4 ? 4 : 8;
    const int b = std::bit_width(count - 1);
    return count <= 3u << (b - 2) ? 3u << (b - 2) : 1u << b;
}

// Big arrays straight from the kernel in 2 MB pages (transparent huge pages, asked for before first use:
// recycled heap memory is in 4 KB pages already). A lookup touches hundreds of random places, nearly each a
// TLB miss with 4 KB pages; fresh memory costs a fault per 2 MB, not per 4 KB.
constexpr size_t HugePage = size_t(2) << 20;

template <typename T> struct PageAllocator : std::allocator<T>
{
    PageAllocator() = default;
    template <typename U> PageAllocator(const PageAllocator<U> &) {}
    template <typename U> void construct(U *p) { ::new (static_cast<void *>(p)) U; } // grown without zeroing
    static size_t length(size_t n)
    {
        return n * sizeof(T) < HugePage ? 0 : (n * sizeof(T) + HugePage - 1) / HugePage * HugePage;
    }
    T *allocate(size_t n)
    {
#ifdef __linux__
        if (length(n) > 0) { // such mappings start on a 2 MB boundary (Linux 6.7 on)
            void *p = mmap(nullptr, length(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                throw std::bad_alloc();
            madvise(p, length(n), MADV_HUGEPAGE); // a hint: refused, plain pages
            return static_cast<T *>(p);
        }
#endif
        return static_cast<T *>(::operator new(n * sizeof(T), std::align_val_t(64))); // regions line-aligned
    }
    void deallocate(T *p, [[maybe_unused]] size_t n)
    {
#ifdef __linux__
        if (length(n) > 0)
            return void(munmap(p, length(n)));
#endif
        ::operator delete(p, std::align_val_t(64));
    }
};
template <typename T> using Array = std::vector<T, PageAllocator<T>>;

// An entry of slice s (in word s / 4) is 96 bits of the hash from outside the slice: the next word whole and
// the low half of the one after. A random hash differs in ~48 of them, over the radius in all but 4 cases
// in 10,000, so almost every candidate is rejected while scanning its bucket, without reading the hash.
std::array<quint32, 3> fingerprintOf(const PdqHash &hash, int s)
{
    const quint64 next = hash.words[(s / 4 + 1) % 4];
    return {quint32(next), quint32(next >> 32), quint32(hash.words[(s / 4 + 2) % 4])};
}

struct Bucket
{
    quint32 start = 0, count = 0; // its region is at word 4 * start of the slice's arena
};

// A bucket's region: `capacity` fingerprints packed (three words each: a bucket of 16 is three cache lines,
// 64-byte aligned), then as many positions in the index, read only for the rare candidate.
struct Region
{
    quint32 *words;
    quint32 capacity;
    quint32 &position(quint32 j) const { return words[3 * capacity + j]; }
    void put(quint32 j, const PdqHash &hash, int s, quint32 p) const
    {
        const auto fingerprint = fingerprintOf(hash, s);
        std::copy(fingerprint.begin(), fingerprint.end(), words + 3 * j);
        position(j) = p;
    }
};

// A full region moves to the next size, its old place kept for the next bucket growing to that size; the
// slice is repacked once such places add up to half of what is in use.
struct Slice
{
    Array<quint32> arena;
    std::array<std::vector<quint32>, 66> spares; // free regions by size: 2 * bit width, + 1 for a power of 2
    quint64 used = 0, spare = 0;                 // entries in regions in use / free
    Region at(quint32 start, quint32 capacity) { return {arena.data() + 4 * size_t(start), capacity}; }
    auto &unused(quint32 capacity)
    {
        return spares[size_t(2 * std::bit_width(capacity) + std::has_single_bit(capacity))];
    }
};

} // namespace

namespace detail {

struct NearDuplicateStore
{
    Array<PdqHash> hashes;
    Array<quint32> ids;
    size_t indexed = 0;    // hashes [0, indexed) are in the buckets, the tail after them is scanned
    int bits = 0;          // of a key; 0 until the first TailLimit hashes
    Array<Bucket> buckets; // slice s's from s << bits
    std::array<Slice, 16> slices;

    quint32 key(size_t p, int s) const { return quint32(hashes[p].slice(s)) >> (16 - bits); }
    Bucket &bucket(int s, quint32 key) { return buckets[(size_t(s) << bits) + key]; }
    void flush();
    void pack(int s);
    void add(int s, quint32 key, quint32 position);
};

void NearDuplicateStore::flush()
{
    const size_t from = indexed, to = hashes.size();
    indexed = to;
    // Keys of 2-4 entries a bucket when (re)built, re-keyed once that passes 8; the slice's full 16 bits from
    // 2^17 hashes on. Fewer bits make longer buckets to scan, more bits more probes (1 + bits per slice).
    if (bits == 0 || (bits < 16 && (to >> (bits + 3)) > 0)) {
        bits = std::clamp(int(std::bit_width(to)) - 2, 8, 16);
        buckets.assign(size_t(16) << bits, Bucket{});
        for (int s = 0; s < 16; ++s)
            pack(s);
        return;
    }
    // Each hash's 16 buckets are asked for while the one before is written.
    for (size_t p = from; p <= to; ++p) {
        for (int s = 0; s < 16 && p < to; ++s)
            __builtin_prefetch(&bucket(s, key(p, s)), 1);
        for (int s = 0; s < 16 && p > from; ++s)
            add(s, key(p - 1, s), quint32(p - 1));
    }
    for (int s = 0; s < 16; ++s)
        if (slices[s].spare > slices[s].used / 2)
            pack(s);
}

// Lays slice s out afresh from the hashes: counting sort by key, each bucket in a region of its size.
void NearDuplicateStore::pack(int s)
{
    Slice &slice = slices[s];
    Bucket *first = &bucket(s, 0), *last = first + (size_t(1) << bits);
    std::fill(first, last, Bucket{});
    for (size_t p = 0; p < indexed; ++p)
        ++bucket(s, key(p, s)).count;
    slice = Slice{}; // freed first: the old arena and the new are never both held
    for (Bucket *b = first; b != last; ++b) {
        b->start = quint32(slice.used);
        slice.used += b->count > 0 ? capacityFor(b->count) : 0;
    }
    slice.arena.reserve(8 * slice.used); // room to double without copying; untouched room costs no memory
    slice.arena.resize(4 * slice.used);
    std::vector<quint32> filled(size_t(last - first));
    for (size_t p = 0; p < indexed; ++p) {
        const Bucket &b = first[key(p, s)];
        slice.at(b.start, capacityFor(b.count)).put(filled[key(p, s)]++, hashes[p], s, quint32(p));
    }
}

void NearDuplicateStore::add(int s, quint32 key, quint32 position)
{
    Slice &slice = slices[s];
    Bucket &b = bucket(s, key);
    const quint32 capacity = capacityFor(b.count + 1), old = b.count > 0 ? capacityFor(b.count) : 0;
    if (capacity != old) { // to a region of the next size: a free one, else a new one at the end
        std::vector<quint32> &unused = slice.unused(capacity);
        quint32 start = quint32(slice.arena.size() / 4);
        if (unused.empty()) {
            slice.arena.resize(slice.arena.size() + 4 * size_t(capacity));
        } else {
            start = unused.back();
            unused.pop_back();
            slice.spare -= capacity;
        }
        if (old > 0) {
            const Region from = slice.at(b.start, old), to = slice.at(start, capacity);
            std::copy_n(from.words, 3 * b.count, to.words);
            std::copy_n(&from.position(0), b.count, &to.position(0));
            slice.unused(old).push_back(b.start);
        }
        slice.spare += old;
        slice.used += capacity - old;
        b.start = start;
    }
    slice.at(b.start, capacity).put(b.count++, hashes[position], s, position);
}

} // namespace detail

namespace {

using Store = detail::NearDuplicateStore;

struct Found
{
    quint32 position;
    int distance;
};

inline int distanceOf(const PdqHash &x, const PdqHash &y)
{
    return std::popcount(x.words[0] ^ y.words[0]) + std::popcount(x.words[1] ^ y.words[1]) +
           std::popcount(x.words[2] ^ y.words[2]) + std::popcount(x.words[3] ^ y.words[3]);
}

VEIL_NDI_POPCNT void linearScan(const PdqHash &hash, int radius, const PdqHash *hashes, size_t from,
                                size_t to, std::vector<Found> &found)
{
    for (size_t p = from; p < to; ++p)
        if (const int d = distanceOf(hash, hashes[p]); d <= radius)
            found.push_back({quint32(p), d});
}

struct Probe
{
    const Bucket *bucket;
    const quint32 *words;
    quint32 count;
    int slice;
};

// One lookup: all the buckets' heads asked for before any is read (the misses overlap), then likewise
// their entries, then the comparing.
struct Lookup
{
    const Store &store;
    const PdqHash &hash;
    const int radius;
    size_t probeCount = 0;
    std::array<Probe, 16 * 17> probes;
    std::vector<Found> found;

    Lookup(const Store &store, const PdqHash &hash, int radius);
    void check(const Probe &probe, quint32 j)
    {
        const quint32 position = probe.words[3 * capacityFor(probe.count) + j];
        if (const int d = distanceOf(hash, store.hashes[position]); d <= radius)
            found.push_back({position, d});
    }
};

VEIL_NDI_POPCNT void scanScalar(Lookup &lookup)
{
    for (const Probe &probe : std::span(lookup.probes.data(), lookup.probeCount)) {
        const auto q = fingerprintOf(lookup.hash, probe.slice);
        const quint64 low = q[0] | quint64(q[1]) << 32;
        for (quint32 j = 0; j < probe.count; ++j) {
            quint64 bits;
            std::memcpy(&bits, probe.words + 3 * j, sizeof bits);
            if (std::popcount(bits ^ low) + std::popcount(probe.words[3 * j + 2] ^ q[2]) <= lookup.radius)
                lookup.check(probe, j);
        }
    }
}

#ifdef VEIL_NDI_AVX512
// Sixteen entries a step: their fingerprints loaded in three vectors, regrouped into first, second and
// third words, each compared with the query's in one vector popcount.
VEIL_NDI_AVX512 void scanAvx512(Lookup &lookup)
{
    // Word k of entry i is word 3i + k of the 48: two-source permutes take it from the first two vectors
    // (indices below 32), then with the third (16 + its index there).
    const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    __m512i spread[6];
    for (int k = 0; k < 3; ++k) {
        const __m512i word =
            _mm512_add_epi32(_mm512_mullo_epi32(lane, _mm512_set1_epi32(3)), _mm512_set1_epi32(k));
        spread[2 * k] = word;
        spread[2 * k + 1] = _mm512_mask_blend_epi32(_mm512_cmplt_epi32_mask(word, _mm512_set1_epi32(32)),
                                                    _mm512_sub_epi32(word, _mm512_set1_epi32(16)), lane);
    }
    const __m512i limit = _mm512_set1_epi32(lookup.radius);
    for (const Probe &probe : std::span(lookup.probes.data(), lookup.probeCount)) {
        const auto q = fingerprintOf(lookup.hash, probe.slice);
        for (quint32 j = 0; j < probe.count; j += 16) {
            const quint32 n = std::min(probe.count - j, 16u);
            const quint64 words = n == 16 ? ~quint64(0) : (quint64(1) << (3 * n)) - 1;
            const quint32 *w = probe.words + 3 * j;
            // A masked load still reads its cache line: a vector with nothing of the bucket's reads the first
            // again, not one never asked for (selected, not branched on: counts vary).
            const __m512i a = _mm512_maskz_loadu_epi32(__mmask16(words), w);
            const __m512i b = _mm512_maskz_loadu_epi32(__mmask16(words >> 16), n > 5 ? w + 16 : w);
            const __m512i c = _mm512_maskz_loadu_epi32(__mmask16(words >> 32), n > 10 ? w + 32 : w);
            __m512i bits = _mm512_setzero_si512();
            for (size_t k = 0; k < 3; ++k) {
                const __m512i ab = _mm512_permutex2var_epi32(a, spread[2 * k], b);
                const __m512i word = _mm512_permutex2var_epi32(ab, spread[2 * k + 1], c);
                const __m512i diff = _mm512_xor_si512(word, _mm512_set1_epi32(int(q[k])));
                bits = _mm512_add_epi32(bits, _mm512_popcnt_epi32(diff));
            }
            const auto valid = __mmask16((1u << n) - 1);
            for (unsigned hit = _mm512_mask_cmple_epu32_mask(valid, bits, limit); hit; hit &= hit - 1)
                lookup.check(probe, j + quint32(std::countr_zero(hit)));
        }
    }
}
#endif

Lookup::Lookup(const Store &store, const PdqHash &hash, int radius) : store(store), hash(hash), radius(radius)
{
    // Radius <= 15 needs only exact slice matches (16 slices x 1 bit); above, one-bit neighbours too. A
    // neighbour in the bits below the key shares the query's bucket.
    const int perSlice = radius >= 16 ? store.bits + 1 : 1;
    for (int s = 0; s < 16 && store.bits > 0; ++s) {
        const Bucket *buckets = store.buckets.data() + (size_t(s) << store.bits);
        const quint32 key = quint32(hash.slice(s)) >> (16 - store.bits);
        for (int p = 0; p < perSlice; ++p) {
            const Bucket *bucket = &buckets[p == 0 ? key : key ^ (1u << (p - 1))];
            __builtin_prefetch(bucket);
            probes[probeCount++] = {bucket, nullptr, 0, s};
        }
    }
    for (Probe &probe : std::span(probes.data(), probeCount)) {
        probe.count = probe.bucket->count;
        probe.words = store.slices[size_t(probe.slice)].arena.data() + 4 * size_t(probe.bucket->start);
        for (quint32 line = 0; line < std::min(3 * probe.count, 128u); line += 16)
            __builtin_prefetch(probe.words + line);
    }
#ifdef VEIL_NDI_AVX512
    static const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
    if (avx512)
        scanAvx512(*this);
    else
#endif
        scanScalar(*this);
    linearScan(hash, radius, store.hashes.data(), store.indexed, store.hashes.size(), found);
}

// Nearest first, ties by id; a near hash agrees with the query on several slices and is found once per
// slice (ids are unique).
std::vector<NearDuplicateIndex::Match> sorted(const std::vector<Found> &found, const Store &store)
{
    std::vector<NearDuplicateIndex::Match> matches;
    for (const Found &f : found)
        matches.push_back({store.ids[f.position], f.distance});
    std::sort(matches.begin(), matches.end(), [](const auto &x, const auto &y) {
        return x.distance != y.distance ? x.distance < y.distance : x.id < y.id;
    });
    const auto same = [](const auto &x, const auto &y) { return x.id == y.id; };
    matches.erase(std::unique(matches.begin(), matches.end(), same), matches.end());
    return matches;
}

} // namespace

NearDuplicateIndex::NearDuplicateIndex() = default;
NearDuplicateIndex::~NearDuplicateIndex() = default;
NearDuplicateIndex::NearDuplicateIndex(NearDuplicateIndex &&) noexcept = default;
NearDuplicateIndex &NearDuplicateIndex::operator=(NearDuplicateIndex &&) noexcept = default;

void NearDuplicateIndex::insert(quint32 id, const PdqHash &hash)
{
    if (!m_store)
        m_store = std::make_unique<detail::NearDuplicateStore>();
    m_store->hashes.push_back(hash);
    m_store->ids.push_back(id);
    if (m_store->hashes.size() - m_store->indexed >= TailLimit)
        m_store->flush();
}

qsizetype NearDuplicateIndex::size() const
{
    return m_store ? qsizetype(m_store->hashes.size()) : 0;
}

std::vector<NearDuplicateIndex::Match> NearDuplicateIndex::query(const PdqHash &hash, int radius) const
{
    if (!m_store)
        return {};
    return sorted(Lookup(*m_store, hash, std::clamp(radius, 0, MaxRadius)).found, *m_store);
}

std::optional<NearDuplicateIndex::Match> NearDuplicateIndex::nearest(const PdqHash &hash, int radius) const
{
    const std::vector<Match> matches = query(hash, radius);
    return matches.empty() ? std::nullopt : std::optional(matches.front());
}

std::vector<std::optional<NearDuplicateIndex::Match>>
NearDuplicateIndex::nearestEach(std::span<const PdqHash> hashes, int radius) const
{
    std::vector<std::optional<Match>> results;
    for (const PdqHash &hash : hashes)
        results.push_back(nearest(hash, radius));
    return results;
}

std::optional<NearDuplicateIndex::Match> NearDuplicateIndex::nearestSince(const PdqHash &hash, int radius,
                                                                          qsizetype since) const
{
    if (!m_store)
        return std::nullopt;
    std::vector<Found> found;
    linearScan(hash, std::clamp(radius, 0, MaxRadius), m_store->hashes.data(),
               size_t(std::clamp<qsizetype>(since, 0, size())), m_store->hashes.size(), found);
    const std::vector<Match> matches = sorted(found, *m_store);
    return matches.empty() ? std::nullopt : std::optional(matches.front());
}

} // namespace veil::media
