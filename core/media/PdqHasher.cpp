#include "media/PdqHasher.h"

#include <QByteArray>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace veil::media {

namespace {

constexpr int Side = 64;
constexpr int DctSide = 16;
constexpr int DownsampleDims = 512;
constexpr float LumaR = 0.299f, LumaG = 0.587f, LumaB = 0.114f;

// The reference stores float(float scale * double cosine): keep that exact rounding.
const std::array<float, DctSide * Side> &dctMatrix()
{
    static const std::array<float, DctSide *Side> matrix = [] {
        std::array<float, DctSide * Side> m{};
        const float scale = float(std::sqrt(2.0 / 64.0));
        for (int i = 0; i < DctSide; ++i)
            for (int j = 0; j < Side; ++j)
                m[i * Side + j] = float(scale * std::cos((M_PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
        return m;
    }();
    return matrix;
}

int windowSize(int oldDimension)
{
    return (oldDimension + 2 * Side - 1) / (2 * Side);
}

// One box-filter pass with the reference's four phases (the window grows in, slides, shrinks out).
void box1D(const float *in, float *out, int length, int stride, int window)
{
    const int half = (window + 2) / 2;
    const int phase1 = half - 1, phase2 = window - half + 1, phase3 = length - window, phase4 = half - 1;
    int li = 0, ri = 0, oi = 0;
    float sum = 0.0f, count = 0.0f;
    for (int i = 0; i < phase1; ++i, ri += stride) {
        sum += in[ri];
        count++;
    }
    for (int i = 0; i < phase2; ++i, ri += stride, oi += stride) {
        sum += in[ri];
        count++;
        out[oi] = sum / count;
    }
    for (int i = 0; i < phase3; ++i, li += stride, ri += stride, oi += stride) {
        sum += in[ri];
        sum -= in[li];
        out[oi] = sum / count;
    }
    for (int i = 0; i < phase4; ++i, li += stride, oi += stride) {
        sum -= in[li];
        count--;
        out[oi] = sum / count;
    }
}

// The same filter down the columns, all columns at once, row by row: each column's sum sees the same
// additions and subtractions in the same order as box1D with a stride (so the bits are the reference's),
// but memory is read sequentially instead of one cache line per pixel.
void boxColumns(const float *in, float *out, int rows, int cols, int window, std::vector<float> &sum)
{
    const int half = (window + 2) / 2;
    const int phase1 = half - 1, phase2 = window - half + 1, phase3 = rows - window, phase4 = half - 1;
    sum.assign(size_t(cols), 0.0f);
    float *s = sum.data();
    float count = 0.0f;
    auto inRow = [&](int r) { return in + qsizetype(r) * cols; };
    auto outRow = [&](int r) { return out + qsizetype(r) * cols; };
    int li = 0, ri = 0, oi = 0;
    for (int i = 0; i < phase1; ++i, ++ri) {
        const float *add = inRow(ri);
        for (int j = 0; j < cols; ++j)
            s[j] += add[j];
        count++;
    }
    for (int i = 0; i < phase2; ++i, ++ri, ++oi) {
        const float *add = inRow(ri);
        float *o = outRow(oi);
        count++;
        for (int j = 0; j < cols; ++j) {
            s[j] += add[j];
            o[j] = s[j] / count;
        }
    }
    for (int i = 0; i < phase3; ++i, ++li, ++ri, ++oi) {
        const float *add = inRow(ri), *sub = inRow(li);
        float *o = outRow(oi);
        for (int j = 0; j < cols; ++j) {
            s[j] += add[j];
            s[j] -= sub[j];
            o[j] = s[j] / count;
        }
    }
    for (int i = 0; i < phase4; ++i, ++li, ++oi) {
        const float *sub = inRow(li);
        float *o = outRow(oi);
        count--;
        for (int j = 0; j < cols; ++j) {
            s[j] -= sub[j];
            o[j] = s[j] / count;
        }
    }
}

void jarosz(float *a, float *b, int rows, int cols, std::vector<float> &sum)
{
    const int alongRows = windowSize(cols), alongCols = windowSize(rows);
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < rows; ++i)
            box1D(a + qsizetype(i) * cols, b + qsizetype(i) * cols, cols, 1, alongRows);
        boxColumns(b, a, rows, cols, alongCols, sum);
    }
}

int quality(const float (&block)[Side][Side])
{
    int gradientSum = 0;
    for (int i = 0; i < Side - 1; ++i)
        for (int j = 0; j < Side; ++j)
            gradientSum += std::abs(int(((block[i][j] - block[i + 1][j]) * 100) / 255));
    for (int i = 0; i < Side; ++i)
        for (int j = 0; j < Side - 1; ++j)
            gradientSum += std::abs(int(((block[i][j] - block[i][j + 1]) * 100) / 255));
    return std::min(gradientSum / 90, 100);
}

} // namespace

QString PdqHash::toHex() const
{
    QString out;
    out.reserve(64);
    for (int w = 3; w >= 0; --w)
        out += QStringLiteral("%1").arg(words[w], 16, 16, QLatin1Char('0'));
    return out;
}

Result<PdqHash> PdqHash::fromHex(QStringView hex)
{
    if (hex.size() != 64)
        return makeError(QStringLiteral("invalid_hash"), QStringLiteral("a PDQ hash is 64 hex digits"));
    PdqHash hash;
    for (int w = 0; w < 4; ++w) {
        bool ok = false;
        hash.words[3 - w] = hex.mid(w * 16, 16).toULongLong(&ok, 16);
        if (!ok)
            return makeError(QStringLiteral("invalid_hash"), QStringLiteral("a PDQ hash is 64 hex digits"));
    }
    return hash;
}

Result<QList<PdqHash>> PdqHash::listFromCsv(const QByteArray &csv, qsizetype maxHashes)
{
    QList<PdqHash> hashes;
    const QList<QByteArray> lines = csv.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        auto hash = fromHex(QString::fromLatin1(line.split(',').first().trimmed()));
        if (!hash.ok())
            return makeError(QStringLiteral("invalid_hash_list"),
                             QStringLiteral("line %1: not a 64-digit PDQ hash").arg(i + 1));
        if (hashes.size() == maxHashes)
            return makeError(QStringLiteral("invalid_hash_list"),
                             QStringLiteral("more than %1 hashes").arg(maxHashes));
        hashes.append(hash.value());
    }
    if (hashes.isEmpty())
        return makeError(QStringLiteral("invalid_hash_list"), QStringLiteral("the file holds no hashes"));
    return hashes;
}

QByteArray PdqHash::toBytes() const
{
    QByteArray out(32, Qt::Uninitialized);
    for (int i = 0; i < 32; ++i)
        out[i] = char(words[i / 8] >> ((i % 8) * 8));
    return out;
}

PdqHash PdqHash::fromBytes(QByteArrayView bytes)
{
    PdqHash hash;
    for (int i = 0; i < 32 && i < bytes.size(); ++i)
        hash.words[i / 8] |= quint64(quint8(bytes[i])) << ((i % 8) * 8);
    return hash;
}

int PdqHash::distance(const PdqHash &other) const
{
    int d = 0;
    for (int i = 0; i < 4; ++i)
        d += std::popcount(words[i] ^ other.words[i]);
    return d;
}

PdqResult PdqHasher::hashLuma(std::vector<float> &luma, int rows, int cols)
{
    m_scratch.resize(luma.size());
    jarosz(luma.data(), m_scratch.data(), rows, cols, m_columnSums);

    float block[Side][Side];
    for (int i = 0; i < Side; ++i) {
        const int ini = int(((i + 0.5) * rows) / Side);
        for (int j = 0; j < Side; ++j) {
            const int inj = int(((j + 0.5) * cols) / Side);
            block[i][j] = luma[qsizetype(ini) * cols + inj];
        }
    }
    PdqResult result;
    result.quality = quality(block);

    // B = D A D^T, summed in the reference's order.
    const auto &d = dctMatrix();
    float t[DctSide][Side];
    for (int i = 0; i < DctSide; ++i)
        for (int j = 0; j < Side; ++j) {
            float sum = 0.0f;
            for (int k = 0; k < Side; ++k)
                sum += d[i * Side + k] * block[k][j];
            t[i][j] = sum;
        }
    std::array<float, DctSide * DctSide> dct;
    for (int i = 0; i < DctSide; ++i)
        for (int j = 0; j < DctSide; ++j) {
            float sum = 0.0f;
            for (int k = 0; k < Side; ++k)
                sum += t[i][k] * d[j * Side + k];
            dct[i * DctSide + j] = sum;
        }
    // The reference's Torben median of 256 values is the 128th smallest.
    std::array<float, DctSide *DctSide> sorted = dct;
    std::nth_element(sorted.begin(), sorted.begin() + 127, sorted.end());
    const float median = sorted[127];
    for (int k = 0; k < DctSide * DctSide; ++k)
        if (dct[k] > median)
            result.hash.words[k / 64] |= quint64(1) << (k % 64);
    return result;
}

PdqResult PdqHasher::hashImage(const cv::Mat &pixels)
{
    fillLuma(pixels, false);
    return hashLuma(m_luma, m_lumaRows, m_lumaCols);
}

PdqHash PdqHasher::hashMirrored(const cv::Mat &pixels)
{
    fillLuma(pixels, true);
    return hashLuma(m_luma, m_lumaRows, m_lumaCols).hash;
}

void PdqHasher::fillLuma(const cv::Mat &pixels, bool mirrored)
{
    // Larger images are sampled nearest-neighbour as the reference's CImg resize does it (source index
    // floor(x * old / new)), straight into luma: no resized copy, no per-pixel memcpy (a third of hashing).
    // Mirrored, column c of the flipped image is column (cols - 1 - c) of this one: the same pixels as
    // flipping first, without the copy.
    const bool downsample = pixels.rows > DownsampleDims || pixels.cols > DownsampleDims;
    const int rows = downsample ? DownsampleDims : pixels.rows;
    const int cols = downsample ? DownsampleDims : pixels.cols;
    m_sourceColumn.resize(size_t(cols));
    for (int x = 0; x < cols; ++x) {
        const int sampled = downsample ? int((double(x) * pixels.cols) / DownsampleDims) : x;
        m_sourceColumn[size_t(x)] = mirrored ? pixels.cols - 1 - sampled : sampled;
    }
    m_luma.resize(size_t(rows) * cols); // every element is written below
    const int channels = pixels.channels();
    for (int y = 0; y < rows; ++y) {
        const uchar *row = pixels.ptr(downsample ? int((double(y) * pixels.rows) / DownsampleDims) : y);
        float *out = m_luma.data() + qsizetype(y) * cols;
        if (channels == 1) {
            for (int x = 0; x < cols; ++x)
                out[x] = row[m_sourceColumn[size_t(x)]];
        } else { // BGR(A)
            for (int x = 0; x < cols; ++x) {
                const uchar *px = row + qsizetype(m_sourceColumn[size_t(x)]) * channels;
                out[x] = LumaR * px[2] + LumaG * px[1] + LumaB * px[0];
            }
        }
    }
    m_lumaRows = rows;
    m_lumaCols = cols;
}

} // namespace veil::media
