// Meta's PDQ perceptual hash (256 bits + a 0-100 quality), implemented from the published algorithm
// (pdqhash-2017-10-09): luma, two Jarosz box-filter passes, decimation to 64x64, a 16x16 DCT, and a
// threshold at the median. The float arithmetic follows the reference step for step, so the same luma
// input gives the same bits.
#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace veil::media {

struct PdqHash
{
    // Bit k (0-255) is bit k % 64 of words[k / 64]; hex is most significant first, like the reference.
    std::array<quint64, 4> words{};

    QString toHex() const;
    // Error "invalid_hash": not 64 hex digits.
    static Result<PdqHash> fromHex(QStringView hex);
    static PdqHash fromBytes(QByteArrayView bytes); // 32 bytes, as toBytes
    // A hash-list file as ThreatExchange and NCMEC-style exports give them: one hash per line, in its first
    // comma-separated column; blank lines and '#' comments skipped. Error "invalid_hash_list" naming the
    // first bad line, or saying the file holds none; at most `maxHashes`.
    static Result<QList<PdqHash>> listFromCsv(const QByteArray &csv, qsizetype maxHashes = 10'000'000);
    QByteArray toBytes() const;

    int distance(const PdqHash &other) const;
    // The i-th 16-bit slice (0-15), for the multi-index.
    quint16 slice(int i) const { return quint16(words[i / 4] >> ((i % 4) * 16)); }
    bool operator==(const PdqHash &) const = default;
};

struct PdqResult
{
    PdqHash hash;
    int quality = 0;
    // The hash of the image mirrored left to right, where it was asked for (the service at upload, the
    // workstation's ingest: a flood re-posts mirrored copies). Hashed from flipped pixels, not derived from
    // the DCT as the reference's dihedral "flip X" does: with PDQ's asymmetric sampling that shortcut lands
    // 10-15 bits off a mirrored copy's hash (measured on the PDQ test photos and flood drawings), half the
    // radius.
    std::optional<PdqHash> mirrored;
};

class PdqHasher
{
public:
    // The reference's core: luma (rows x cols, row-major) in, hash out. The buffer is used as scratch.
    PdqResult hashLuma(std::vector<float> &luma, int rows, int cols);

    // From decoded pixels in stored order (CV_8UC1 or BGR). Like the reference tool, images over 512 px on
    // either side are first resampled (nearest neighbour) to 512x512: PDQ looks at 64x64 anyway.
    PdqResult hashImage(const cv::Mat &pixels);
    // The hash of the pixels mirrored left to right: the same as hashImage of cv::flip(pixels, 1), bit for
    // bit, without the flipped copy.
    PdqHash hashMirrored(const cv::Mat &pixels);

private:
    void fillLuma(const cv::Mat &pixels, bool mirrored);

    // Kept between images: a fresh megabyte per image cost page faults and zeroing worth a fifth of
    // hashing at ingest.
    std::vector<float> m_luma;
    std::vector<float> m_scratch;
    std::vector<float> m_columnSums;
    std::vector<int> m_sourceColumn; // the source column each sampled column reads
    int m_lumaRows = 0, m_lumaCols = 0;
};

} // namespace veil::media
