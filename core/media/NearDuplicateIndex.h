// Finds stored PDQ hashes within a Hamming radius of a query without comparing against all of them:
// multi-index hashing. The 256 bits are cut into 16 slices of 16 bits; two hashes within distance r < 32
// agree to within one bit on at least one slice (pigeonhole: 16 slices x 2 bits = 32 > r). So a query
// probes, per slice, the bucket of its own value and those of its one-bit neighbours, and compares only
// what it finds there. Exact: no neighbour within the radius is ever missed.
//
// Each bucket keeps its entries (96 bits of the hash from outside the slice, and where the hash is) in one
// contiguous region of a per-slice arena, so a probe reads a short run of cache lines and rejects almost
// every candidate there; a lookup asks for all its buckets' memory before reading any.
#pragma once

#include "media/PdqHasher.h"

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace veil::media {

namespace detail {
struct NearDuplicateStore;
}

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
    ~NearDuplicateIndex();
    NearDuplicateIndex(NearDuplicateIndex &&) noexcept;
    NearDuplicateIndex &operator=(NearDuplicateIndex &&) noexcept;

    // ids are the caller's (row numbers, say); the same id may not be inserted twice.
    void insert(quint32 id, const PdqHash &hash);
    qsizetype size() const;

    // Every stored hash within radius (<= MaxRadius), nearest first, ties by id.
    std::vector<Match> query(const PdqHash &hash, int radius) const;
    // The nearest within radius (ties: the smaller id), if any.
    std::optional<Match> nearest(const PdqHash &hash, int radius) const;

    // nearest() for each hash. Like every const member, safe to call from several threads at once (say, on
    // halves of a batch) as long as no insert runs meanwhile.
    std::vector<std::optional<Match>> nearestEach(std::span<const PdqHash> hashes, int radius) const;
    // The nearest among the hashes inserted after the first `since`, by linear scan. With nearestEach this
    // makes batched incremental clustering exact: look a batch up against the index as it stands, then walk
    // the batch, checking each hash also against what the batch itself has inserted so far.
    std::optional<Match> nearestSince(const PdqHash &hash, int radius, qsizetype since) const;

private:
    std::unique_ptr<detail::NearDuplicateStore> m_store; // created with the first hash
};

} // namespace veil::media
