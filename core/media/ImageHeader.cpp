#include "media/ImageHeader.h"

#include <QByteArray>

#include <cstring>

namespace veil::media {

namespace {

Error badHeader(const QString &why)
{
    return makeError(QStringLiteral("media_bad_header"), why);
}

Error unsupported(const QString &why)
{
    return makeError(QStringLiteral("media_unsupported_format"), why);
}

// Bounds-checked big/little-endian reads: out-of-range reads yield 0 and set ok = false.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes) : m_bytes(bytes) {}

    bool has(qsizetype pos, qsizetype n) const { return pos >= 0 && n >= 0 && pos <= m_bytes.size() - n; }
    quint8 u8(qsizetype pos) const { return has(pos, 1) ? quint8(m_bytes[pos]) : 0; }
    quint32 be16(qsizetype pos) const { return (quint32(u8(pos)) << 8) | u8(pos + 1); }
    quint32 le16(qsizetype pos) const { return (quint32(u8(pos + 1)) << 8) | u8(pos); }
    quint32 be32(qsizetype pos) const { return (be16(pos) << 16) | be16(pos + 2); }
    quint32 le32(qsizetype pos) const { return (le16(pos + 2) << 16) | le16(pos); }
    quint32 le24(qsizetype pos) const { return (quint32(u8(pos + 2)) << 16) | le16(pos); }
    QByteArrayView mid(qsizetype pos, qsizetype n) const
    {
        return has(pos, n) ? m_bytes.sliced(pos, n) : QByteArrayView();
    }
    qsizetype size() const { return m_bytes.size(); }
    qsizetype indexOfFF(qsizetype from) const
    {
        if (from >= m_bytes.size())
            return -1;
        const void *hit = std::memchr(m_bytes.data() + from, 0xFF, size_t(m_bytes.size() - from));
        return hit ? static_cast<const char *>(hit) - m_bytes.data() : -1;
    }

private:
    QByteArrayView m_bytes;
};

bool isSof(quint8 marker)
{
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageHeader> readJpeg(const Reader &r)
{
    ImageHeader header;
    header.format = ImageFormat::Jpeg;
    bool haveSof = false;
    bool haveEoi = false;
    qsizetype pos = 2;
    while (pos < r.size()) {
        if (r.u8(pos) != 0xFF)
            return badHeader(QStringLiteral("JPEG: expected a marker at byte %1").arg(pos));
        while (pos < r.size() && r.u8(pos) == 0xFF) // fill bytes
            ++pos;
        if (pos >= r.size())
            break;
        const quint8 marker = r.u8(pos++);
        if (marker == 0xD9) { // EOI
            haveEoi = true;
            break;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue;
        // FF 00 is no marker: libjpeg skips it as junk and reads on, so a length after it would hide what
        // follows (another frame header, more scans) from this parser but not from the decoder.
        if (marker == 0x00)
            return badHeader(
                QStringLiteral("JPEG: stray bytes where a marker should be at byte %1").arg(pos - 1));
        const qsizetype length = r.has(pos, 2) ? qsizetype(r.be16(pos)) : 0;
        if (length < 2 || !r.has(pos, length)) {
            if (header.jpegScans > 0)
                break; // cut off after image data began: truncated, judged below
            return badHeader(QStringLiteral("JPEG: segment length runs past the end"));
        }
        if (isSof(marker) && !haveSof) {
            if (length < 8)
                return badHeader(QStringLiteral("JPEG: short frame header"));
            header.height = int(r.be16(pos + 3));
            header.width = int(r.be16(pos + 5));
            haveSof = true;
        } else if (marker == 0xE1 && header.orientation == 1 &&
                   r.mid(pos + 2, 6) == QByteArrayView("Exif\0\0", 6)) {
            header.orientation = exifOrientation(r.mid(pos + 8, length - 8));
        }
        pos += length;
        if (marker == 0xDA) { // SOS: skip the entropy-coded data up to the next real marker
            if (!haveSof)
                return badHeader(QStringLiteral("JPEG: scan before frame header"));
            ++header.jpegScans;
            while (pos + 1 < r.size()) {
                const qsizetype ff = r.indexOfFF(pos); // memchr: this loop walks the whole file
                if (ff < 0) {
                    pos = r.size();
                    break;
                }
                pos = ff;
                const quint8 next = r.u8(pos + 1);
                if (pos + 1 < r.size() && next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF)
                    break;
                ++pos;
            }
            if (pos + 1 >= r.size())
                break; // truncated data: the decoder will judge it
        }
    }
    if (!haveSof)
        return badHeader(QStringLiteral("JPEG: no frame header"));
    if (header.width == 0 || header.height == 0)
        return badHeader(QStringLiteral("JPEG: zero width or height"));
    header.truncated = !haveEoi;
    return header;
}

Result<ImageHeader> readPng(const Reader &r)
{
    ImageHeader header;
    header.format = ImageFormat::Png;
    if (!r.has(8, 25) || r.be32(8) != 13 || r.mid(12, 4) != QByteArrayView("IHDR"))
        return badHeader(QStringLiteral("PNG: the first chunk is not a 13-byte IHDR"));
    const quint32 width = r.be32(16), height = r.be32(20);
    if (width == 0 || height == 0 || width > 0x7FFFFFFF || height > 0x7FFFFFFF)
        return badHeader(QStringLiteral("PNG: invalid dimensions"));
    header.width = int(width);
    header.height = int(height);
    // Look for eXIf before the image data; stop at IDAT, or after a bounded number of chunks.
    qsizetype pos = 33;
    for (int chunks = 0; chunks < 64 && r.has(pos, 12); ++chunks) {
        const quint32 length = r.be32(pos);
        const QByteArrayView type = r.mid(pos + 4, 4);
        if (type == QByteArrayView("acTL"))
            return unsupported(QStringLiteral("animated PNG is not supported"));
        if (type == QByteArrayView("IDAT") || !r.has(pos + 8, qsizetype(length)))
            break;
        if (type == QByteArrayView("eXIf"))
            header.orientation = exifOrientation(r.mid(pos + 8, length));
        pos += 12 + qsizetype(length);
    }
    return header;
}

Result<ImageHeader> readWebP(const Reader &r)
{
    ImageHeader header;
    header.format = ImageFormat::WebP;
    qsizetype pos = 12;
    int canvasW = 0, canvasH = 0;
    for (int chunks = 0; chunks < 64 && r.has(pos, 8); ++chunks) {
        const QByteArrayView type = r.mid(pos, 4);
        const quint32 length = r.le32(pos + 4);
        const qsizetype body = pos + 8;
        if (!r.has(body, qsizetype(length)))
            return badHeader(QStringLiteral("WebP: chunk runs past the end"));
        if (type == QByteArrayView("VP8X")) {
            if (length < 10)
                return badHeader(QStringLiteral("WebP: short VP8X chunk"));
            if (r.u8(body) & 0x02)
                return unsupported(QStringLiteral("animated WebP is not supported"));
            canvasW = int(r.le24(body + 4)) + 1;
            canvasH = int(r.le24(body + 7)) + 1;
        } else if (header.width != 0 && (type == QByteArrayView("VP8 ") || type == QByteArrayView("VP8L"))) {
            // libwebp decodes the first frame: a second one is not what it would show.
            return badHeader(QStringLiteral("WebP: more than one image frame"));
        } else if (type == QByteArrayView("VP8 ")) {
            if (length < 10 || r.u8(body + 3) != 0x9D || r.u8(body + 4) != 0x01 || r.u8(body + 5) != 0x2A)
                return badHeader(QStringLiteral("WebP: bad VP8 frame header"));
            header.width = int(r.le16(body + 6) & 0x3FFF);
            header.height = int(r.le16(body + 8) & 0x3FFF);
        } else if (type == QByteArrayView("VP8L")) {
            if (length < 5 || r.u8(body) != 0x2F)
                return badHeader(QStringLiteral("WebP: bad VP8L header"));
            const quint32 bits = r.le32(body + 1);
            header.width = int(bits & 0x3FFF) + 1;
            header.height = int((bits >> 14) & 0x3FFF) + 1;
        } else if (type == QByteArrayView("EXIF")) {
            header.orientation = exifOrientation(r.mid(body, length));
        } else if (type == QByteArrayView("ANIM") || type == QByteArrayView("ANMF")) {
            return unsupported(QStringLiteral("animated WebP is not supported"));
        }
        pos = body + qsizetype(length) + (length & 1);
    }
    if (header.width == 0 || header.height == 0)
        return badHeader(QStringLiteral("WebP: no image frame"));
    // A canvas that disagrees with its frame is how decoders get confused: refuse it.
    if (canvasW != 0 && (canvasW != header.width || canvasH != header.height))
        return badHeader(QStringLiteral("WebP: canvas and frame sizes differ"));
    return header;
}

} // namespace

QString formatName(ImageFormat format)
{
    switch (format) {
    case ImageFormat::Jpeg:
        return QStringLiteral("jpeg");
    case ImageFormat::Png:
        return QStringLiteral("png");
    case ImageFormat::WebP:
        return QStringLiteral("webp");
    }
    return {};
}

int exifOrientation(QByteArrayView tiff)
{
    const Reader r(tiff);
    if (!r.has(0, 8))
        return 1;
    bool little;
    if (r.mid(0, 4) == QByteArrayView("II*\0", 4))
        little = true;
    else if (r.mid(0, 4) == QByteArrayView("MM\0*", 4))
        little = false;
    else
        return 1;
    auto u16 = [&](qsizetype p) { return little ? r.le16(p) : r.be16(p); };
    auto u32 = [&](qsizetype p) { return little ? r.le32(p) : r.be32(p); };
    const qsizetype ifd = qsizetype(u32(4));
    if (!r.has(ifd, 2))
        return 1;
    const int count = int(u16(ifd));
    for (int i = 0; i < count && i < 512; ++i) {
        const qsizetype entry = ifd + 2 + qsizetype(i) * 12;
        if (!r.has(entry, 12))
            return 1;
        if (u16(entry) == 0x0112 && u16(entry + 2) == 3) { // SHORT: the value sits in the entry itself
            const int value = int(u16(entry + 8));
            return value >= 1 && value <= 8 ? value : 1;
        }
    }
    return 1;
}

Result<ImageHeader> readImageHeader(QByteArrayView bytes)
{
    const Reader r(bytes);
    if (bytes.isEmpty())
        return makeError(QStringLiteral("media_empty"), QStringLiteral("the media file is empty"));
    if (r.has(0, 3) && r.u8(0) == 0xFF && r.u8(1) == 0xD8 && r.u8(2) == 0xFF)
        return readJpeg(r);
    if (r.mid(0, 8) == QByteArrayView("\x89PNG\r\n\x1a\n", 8))
        return readPng(r);
    if (r.mid(0, 4) == QByteArrayView("RIFF") && r.mid(8, 4) == QByteArrayView("WEBP"))
        return readWebP(r);
    if (r.mid(0, 4) == QByteArrayView("GIF8"))
        return unsupported(
            QStringLiteral("GIF is not supported: ask the service for a PNG or WebP rendition"));
    return unsupported(QStringLiteral("not a JPEG, PNG or WebP image (unrecognised magic bytes)"));
}

} // namespace veil::media
