// Finds stored PDQ hashes within a Hamming radius of a query without comparing against all of them:
// multi-index hashing. The 256 bits are cut into 16 slices of 16 bits; two hashes within distance r < 32
// agree to within one bit on at least one slice (pigeonhole: 16 slices x 2 bits = 32 > r). So a query
// probes, per slice, its own value and its 16 one-bit neighbours — 272 direct-addressed buckets — and only
// the hashes found there are compared in full. Exact: no neighbour within the radius is ever missed.
#pragma once

#include "media/PdqHasher.h"

#include <QList>

#include <array>
#include <vector>

namespace veil::media {

class NearDuplicateIndex
{
public:
    static constexpr int MaxRadius = 31; // the pigeonhole bound above

    struct Match
    {
        quint32 id;
        int distance;
    };

    NearDuplicateIndex();

    // ids are the caller's (row numbers, say); the same id may not be inserted twice.
    void insert(quint32 id, const PdqHash &hash);
    qsizetype size() const { return qsizetype(m_hashes.size()); }

    // Every stored hash within radius (<= MaxRadius), nearest first.
    std::vector<Match> query(const PdqHash &hash, int radius) const;
    // The nearest within radius, if any.
    std::optional<Match> nearest(const PdqHash &hash, int radius) const;

private:
    static constexpr int Slices = 16;
    // A bucket entry carries half of the hash (the two 64-bit words away from its slice), so most candidates
    // are rejected while scanning the bucket sequentially, without touching the full hash elsewhere in
    // memory: random hashes differ in ~64 of those 128 bits, far over any radius.
    struct Entry
    {
        quint32 position;
        quint32 half[4];
    };
    std::vector<PdqHash> m_hashes;
    std::vector<quint32> m_ids;
    // m_buckets[slice][value]: entries whose slice has that value.
    std::vector<std::vector<std::vector<Entry>>> m_buckets;
};

} // namespace veil::media
