#include "media/ImageCodecs.h"

#include <cstring>
#include <vector>

#include <png.h>
#include <zlib.h>

namespace veil::media::codec {

namespace {

// libpng reports a fatal error through this, which must not return: png_longjmp goes back to the setjmp in
// the function that started the work. Nothing is printed — no text from a file reaches a terminal.
[[noreturn]] void jumpOnError(png_structp png, png_const_charp)
{
    png_longjmp(png, 1);
}

void stayQuiet(png_structp, png_const_charp) {}

struct Input
{
    const png_byte *data;
    size_t size;
    size_t position;
};

void readFromMemory(png_structp png, png_bytep target, size_t length)
{
    auto *input = static_cast<Input *>(png_get_io_ptr(png));
    if (length > input->size - input->position)
        png_error(png, "truncated");
    std::memcpy(target, input->data + input->position, length);
    input->position += length;
}

void appendToVector(png_structp png, png_bytep data, size_t length)
{
    auto *out = static_cast<std::vector<uchar> *>(png_get_io_ptr(png));
    try {
        out->insert(out->end(), data, data + length);
    } catch (...) {
        png_error(png, "out of memory"); // an exception must not unwind through libpng's C frames
    }
}

void flushNothing(png_structp) {}

// The transforms are OpenCV's PngDecoder::readData for an 8-bit, at most three-channel target, so the
// pixels are the ones imdecode gave: 16-bit stripped to 8, palettes and low-bit greys expanded, alpha
// stripped (not composited), colour as BGR, grey+alpha as grey in three channels.
DecodeOutcome readPng(Input *input, const ImageHeader &header, cv::Mat *out)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, jumpOnError, stayQuiet);
    if (!png)
        return DecodeOutcome::OutOfMemory;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        return DecodeOutcome::OutOfMemory;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return DecodeOutcome::Corrupt;
    }
    png_set_read_fn(png, input, readFromMemory);
    // Text, ICC profiles and suggested palettes change no pixel; libpng would inflate every compressed one
    // (a thousand 8 MB zTXt chunks from an 8 MB file). Skipped unread; any other ancillary chunk is held to
    // 1 MB and 64 of them.
    static const png_byte skipped[] = "tEXt\0zTXt\0iTXt\0iCCP\0sPLT\0eXIf\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped, int(sizeof skipped / 5));
    png_set_chunk_malloc_max(png, 1 << 20);
    png_set_chunk_cache_max(png, 64);
    png_read_info(png, info);
    png_uint_32 width = 0;
    png_uint_32 height = 0;
    int depth = 0;
    int colourType = 0;
    png_get_IHDR(png, info, &width, &height, &depth, &colourType, nullptr, nullptr, nullptr);
    if (width != png_uint_32(header.width) || height != png_uint_32(header.height)) {
        png_destroy_read_struct(&png, &info, nullptr);
        return DecodeOutcome::NotAsInspected;
    }
    const bool colour = colourType != PNG_COLOR_TYPE_GRAY;
    if (depth == 16)
        png_set_strip_16(png);
    png_set_strip_alpha(png);
    if (colourType == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if ((colourType & PNG_COLOR_MASK_COLOR) == 0 && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (colourType & PNG_COLOR_MASK_COLOR)
        png_set_bgr(png);
    else if (colour)
        png_set_gray_to_rgb(png);
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    const int channels = colour ? 3 : 1;
    // The row libpng will write must be exactly the row we allocate: a transform we did not foresee would
    // otherwise write past it.
    if (width == 0 || height == 0 || width > 0x7FFFFFFF / 4 || height > 0x7FFFFFFF ||
        png_get_rowbytes(png, info) != size_t(width) * size_t(channels) ||
        png_get_channels(png, info) != channels || png_get_bit_depth(png, info) != 8) {
        png_destroy_read_struct(&png, &info, nullptr);
        return DecodeOutcome::Corrupt;
    }
    try {
        out->create(int(height), int(width), channels == 1 ? CV_8UC1 : CV_8UC3);
    } catch (...) {
        png_destroy_read_struct(&png, &info, nullptr);
        return DecodeOutcome::OutOfMemory;
    }
    for (int pass = 0; pass < passes; ++pass)
        for (png_uint_32 y = 0; y < height; ++y)
            png_read_row(png, out->ptr(int(y)), nullptr);
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    return DecodeOutcome::Decoded;
}

bool writePng(const cv::Mat &image, int level, std::vector<uchar> *out)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, jumpOnError, stayQuiet);
    if (!png)
        return false;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, out, appendToVector, flushNothing);
    // OpenCV's choices, so files keep the bytes they had: an explicit level with zlib's default strategy;
    // otherwise the Sub filter, level 1 and run-length matching.
    if (level >= 0) {
        png_set_compression_level(png, level);
        png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
    } else {
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
        png_set_compression_level(png, Z_BEST_SPEED);
        png_set_compression_strategy(png, Z_RLE);
    }
    const int channels = image.channels();
    png_set_IHDR(png, info, png_uint_32(image.cols), png_uint_32(image.rows), 8,
                 channels == 1   ? PNG_COLOR_TYPE_GRAY
                 : channels == 3 ? PNG_COLOR_TYPE_RGB
                                 : PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    png_set_bgr(png);
    for (int y = 0; y < image.rows; ++y)
        png_write_row(png, image.ptr(y));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return true;
}

} // namespace

Result<cv::Mat> decodePng(QByteArrayView bytes, const ImageHeader &header, int reduction)
{
    if (!isReduction(reduction))
        return badReduction();
    Input input{reinterpret_cast<const png_byte *>(bytes.data()), size_t(bytes.size()), 0};
    cv::Mat pixels;
    const DecodeOutcome outcome = readPng(&input, header, &pixels);
    if (outcome != DecodeOutcome::Decoded)
        return decodeError(outcome, "PNG");
    return reduceExactly(std::move(pixels), reduction, "PNG");
}

Result<QByteArray> encodePng(const cv::Mat &image, int level)
{
    if (image.empty() || image.depth() != CV_8U || image.channels() == 2 || image.channels() > 4 ||
        level < -1 || level > 9)
        return makeError(
            QStringLiteral("encode_failed"),
            QStringLiteral("a PNG is written from 8-bit grey, BGR or BGRA pixels at level -1 to 9"));
    std::vector<uchar> bytes;
    if (!writePng(image, level, &bytes))
        return makeError(QStringLiteral("encode_failed"),
                         QStringLiteral("libpng could not encode the image"));
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

} // namespace veil::media::codec
