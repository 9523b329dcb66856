#include "media/NearDuplicateIndex.h"

#include <algorithm>
#include <array>
#include <bit>

namespace veil::media {

namespace {

// Slices 0-7 live in words 0-1, slices 8-15 in words 2-3: an entry keeps the other two words.
int firstHalfWord(int slice)
{
    return slice < 8 ? 2 : 0;
}

} // namespace

NearDuplicateIndex::NearDuplicateIndex() = default;

void NearDuplicateIndex::insert(quint32 id, const PdqHash &hash)
{
    // The buckets (~25 MB) come with the first hash: an index left empty (no hash list imported) costs
    // nothing, and opening one is not paid before it is used.
    if (m_buckets.empty())
        m_buckets.assign(Slices, std::vector<std::vector<Entry>>(1 << 16));
    const auto position = quint32(m_hashes.size());
    m_hashes.push_back(hash);
    m_ids.push_back(id);
    for (int s = 0; s < Slices; ++s) {
        const int w = firstHalfWord(s);
        Entry entry{position,
                    {quint32(hash.words[w]), quint32(hash.words[w] >> 32), quint32(hash.words[w + 1]),
                     quint32(hash.words[w + 1] >> 32)}};
        m_buckets[s][hash.slice(s)].push_back(entry);
    }
}

std::vector<NearDuplicateIndex::Match> NearDuplicateIndex::query(const PdqHash &hash, int radius) const
{
    radius = std::clamp(radius, 0, MaxRadius);
    std::vector<Match> matches;
    if (m_buckets.empty())
        return matches;
    // Radius <= 15 needs only exact slice matches (16 slices x 1 bit); above, one-bit neighbours too.
    const int probes = radius >= Slices ? 17 : 1;
    // The buckets sit at random places in memory: ask for all of them before reading any, so the cache
    // misses overlap instead of queueing one after another.
    std::array<const std::vector<Entry> *, Slices * 17> buckets;
    int n = 0;
    for (int s = 0; s < Slices; ++s) {
        const quint16 value = hash.slice(s);
        for (int p = 0; p < probes; ++p) {
            const quint16 probe = p == 0 ? value : quint16(value ^ (1u << (p - 1)));
            buckets[n] = &m_buckets[s][probe];
            __builtin_prefetch(buckets[n]);
            ++n;
        }
    }
    for (int i = 0; i < n; ++i)
        if (!buckets[i]->empty())
            __builtin_prefetch(buckets[i]->data());
    for (int i = 0; i < n; ++i) {
        const int s = i / probes;
        const int w = firstHalfWord(s);
        const quint64 qa = hash.words[w], qb = hash.words[w + 1];
        for (const Entry &e : *buckets[i]) {
            const quint64 a = quint64(e.half[0]) | (quint64(e.half[1]) << 32);
            const quint64 b = quint64(e.half[2]) | (quint64(e.half[3]) << 32);
            if (std::popcount(a ^ qa) + std::popcount(b ^ qb) > radius)
                continue;
            const int distance = hash.distance(m_hashes[e.position]);
            if (distance <= radius)
                matches.push_back({e.position, distance});
        }
    }
    // A near hash agrees with the query on several slices and is found once per slice: keep one of each.
    std::sort(matches.begin(), matches.end(), [](const Match &x, const Match &y) {
        return x.id != y.id ? x.id < y.id : x.distance < y.distance;
    });
    matches.erase(std::unique(matches.begin(), matches.end(),
                              [](const Match &x, const Match &y) { return x.id == y.id; }),
                  matches.end());
    for (Match &m : matches)
        m.id = m_ids[m.id]; // positions to the caller's ids
    std::sort(matches.begin(), matches.end(), [](const Match &x, const Match &y) {
        return x.distance != y.distance ? x.distance < y.distance : x.id < y.id;
    });
    return matches;
}

std::optional<NearDuplicateIndex::Match> NearDuplicateIndex::nearest(const PdqHash &hash, int radius) const
{
    const std::vector<Match> matches = query(hash, radius);
    if (matches.empty())
        return std::nullopt;
    return matches.front();
}

} // namespace veil::media
