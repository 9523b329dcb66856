#include "media/NearDuplicateIndex.h"

#include <algorithm>

namespace veil::media {

NearDuplicateIndex::NearDuplicateIndex() : m_buckets(Slices, std::vector<std::vector<quint32>>(1 << 16)) {}

void NearDuplicateIndex::insert(quint32 id, const PdqHash &hash)
{
    const auto position = quint32(m_hashes.size());
    m_hashes.push_back(hash);
    m_ids.push_back(id);
    m_seen.push_back(0);
    for (int s = 0; s < Slices; ++s)
        m_buckets[s][hash.slice(s)].push_back(position);
}

std::vector<NearDuplicateIndex::Match> NearDuplicateIndex::query(const PdqHash &hash, int radius) const
{
    radius = std::clamp(radius, 0, MaxRadius);
    std::vector<Match> matches;
    if (++m_generation == 0) { // wrapped: forget every mark
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_generation = 1;
    }
    // Radius <= 15 needs only exact slice matches (16 slices x 1 bit); above, one-bit neighbours too.
    const int flips = radius >= Slices ? 16 : 0;
    for (int s = 0; s < Slices; ++s) {
        const quint16 value = hash.slice(s);
        for (int flip = -1; flip < flips; ++flip) {
            const quint16 probe = flip < 0 ? value : quint16(value ^ (1u << flip));
            for (const quint32 position : m_buckets[s][probe]) {
                if (m_seen[position] == m_generation)
                    continue;
                m_seen[position] = m_generation;
                const int distance = hash.distance(m_hashes[position]);
                if (distance <= radius)
                    matches.push_back({m_ids[position], distance});
            }
        }
    }
    std::sort(matches.begin(), matches.end(), [](const Match &a, const Match &b) {
        return a.distance != b.distance ? a.distance < b.distance : a.id < b.id;
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
