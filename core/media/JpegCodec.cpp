#include "media/ImageCodecs.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE and size_t declared first
#include <vector>

#include <jerror.h>
#include <jpeglib.h>

namespace veil::media::codec {

namespace {

// libjpeg reports a fatal error by calling error_exit, which must not return: we jump back to the setjmp in
// the function that started the work. Those functions keep no C++ object with a destructor alive across
// the jump, and free libjpeg's state on the way out.
struct JumpOnError
{
    jpeg_error_mgr pub; // first: libjpeg hands us a pointer to it
    std::jmp_buf jump;
};

[[noreturn]] void jumpOnError(j_common_ptr cinfo)
{
    std::longjmp(reinterpret_cast<JumpOnError *>(cinfo->err)->jump, 1);
}

// Warnings (corrupt data libjpeg recovered from) are not printed: nothing a file says reaches a terminal.
void stayQuiet(j_common_ptr) {}

// Every scan is a full pass over the image: the limit on scans was checked on our parser's count, and
// libjpeg must not decode one more than that (a scan hidden from the parser would otherwise cost a pass).
struct ScanBound
{
    jpeg_progress_mgr pub; // first: libjpeg hands us a pointer to it
    int maxScans;
};

void checkScans(j_common_ptr cinfo)
{
    auto *bound = reinterpret_cast<ScanBound *>(cinfo->progress);
    if (reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > bound->maxScans) {
        cinfo->err->msg_code = JERR_BAD_PROGRESSION;
        cinfo->err->error_exit(cinfo);
    }
}

// Compressed bytes into a vector through a fixed staging buffer. (jpeg_mem_dest frees its buffer as it
// grows but only reports the new one at the end: after an error we could not tell which one to free.)
struct VectorDestination
{
    jpeg_destination_mgr pub; // first: libjpeg hands us a pointer to it
    std::vector<uchar> *out;
    JOCTET staging[16384];
};

void startStaging(j_compress_ptr cinfo)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    dest->pub.next_output_byte = dest->staging;
    dest->pub.free_in_buffer = sizeof dest->staging;
}

void appendStaged(j_compress_ptr cinfo, size_t n)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    bool appended = true;
    try {
        dest->out->insert(dest->out->end(), dest->staging, dest->staging + n);
    } catch (...) {
        appended = false; // no jump from inside a catch block: leave it first
    }
    if (!appended) {
        cinfo->err->msg_code = JERR_OUT_OF_MEMORY;
        cinfo->err->error_exit(reinterpret_cast<j_common_ptr>(cinfo));
    }
}

boolean emptyStaging(j_compress_ptr cinfo)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    appendStaged(cinfo, sizeof dest->staging);
    startStaging(cinfo);
    return TRUE;
}

void finishStaging(j_compress_ptr cinfo)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    appendStaged(cinfo, sizeof dest->staging - dest->pub.free_in_buffer);
}

void cmykRowToBgr(const JSAMPLE *cmyk, uchar *bgr, JDIMENSION width)
{
    // OpenCV's conversion (icvCvt_CMYK2BGR_8u_C4C3R), kept so CMYK files hash as they did.
    for (JDIMENSION i = 0; i < width; ++i, cmyk += 4, bgr += 3) {
        const int k = cmyk[3];
        bgr[2] = uchar(k - ((255 - cmyk[0]) * k >> 8));
        bgr[1] = uchar(k - ((255 - cmyk[1]) * k >> 8));
        bgr[0] = uchar(k - ((255 - cmyk[2]) * k >> 8));
    }
}

DecodeOutcome readJpeg(const unsigned char *data, unsigned long size, const ImageHeader &header,
                       int reduction, cv::Mat *out)
{
    jpeg_decompress_struct cinfo;
    JumpOnError err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jumpOnError;
    err.pub.output_message = stayQuiet;
    ScanBound bound{{}, std::max(header.jpegScans, 1)};
    bound.pub.progress_monitor = checkScans;
    // Set once every row is in: an error while reading what follows the image (as OpenCV did) keeps them.
    volatile bool rowsComplete = false;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return rowsComplete ? DecodeOutcome::Decoded : DecodeOutcome::Corrupt;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.progress = &bound.pub;
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.image_width != JDIMENSION(header.width) || cinfo.image_height != JDIMENSION(header.height)) {
        jpeg_destroy_decompress(&cinfo);
        return DecodeOutcome::NotAsInspected;
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = unsigned(reduction);
    const bool cmyk = cinfo.num_components == 4;
    if (cinfo.num_components == 1)
        cinfo.out_color_space = JCS_GRAYSCALE;
    else
        cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_BGR;
    jpeg_start_decompress(&cinfo);
    try {
        out->create(int(cinfo.output_height), int(cinfo.output_width),
                    cinfo.num_components == 1 ? CV_8UC1 : CV_8UC3);
    } catch (...) {
        jpeg_destroy_decompress(&cinfo);
        return DecodeOutcome::OutOfMemory;
    }
    // One row of CMYK from libjpeg's own pool (freed with it): no C++ allocation between setjmp and a jump.
    JSAMPARRAY cmykRow = cmyk ? (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo),
                                                           JPOOL_IMAGE, cinfo.output_width * 4, 1)
                              : nullptr;
    while (cinfo.output_scanline < cinfo.output_height) {
        uchar *row = out->ptr(int(cinfo.output_scanline));
        JSAMPROW target = cmyk ? cmykRow[0] : row;
        if (jpeg_read_scanlines(&cinfo, &target, 1) != 1) {
            jpeg_destroy_decompress(&cinfo);
            return DecodeOutcome::Corrupt;
        }
        if (cmyk)
            cmykRowToBgr(cmykRow[0], row, cinfo.output_width);
    }
    rowsComplete = true;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return DecodeOutcome::Decoded;
}

bool writeJpeg(const cv::Mat &image, int quality, std::vector<uchar> *out)
{
    jpeg_compress_struct cinfo;
    JumpOnError err;
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jumpOnError;
    err.pub.output_message = stayQuiet;
    if (setjmp(err.jump)) {
        jpeg_destroy_compress(&cinfo);
        return false;
    }
    jpeg_create_compress(&cinfo);
    VectorDestination dest;
    dest.pub.init_destination = startStaging;
    dest.pub.empty_output_buffer = emptyStaging;
    dest.pub.term_destination = finishStaging;
    dest.out = out;
    cinfo.dest = &dest.pub;
    cinfo.image_width = JDIMENSION(image.cols);
    cinfo.image_height = JDIMENSION(image.rows);
    cinfo.input_components = image.channels();
    cinfo.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<uchar *>(image.ptr(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return true;
}

} // namespace

Result<cv::Mat> decodeJpeg(QByteArrayView bytes, const ImageHeader &header, int reduction)
{
    if (!isReduction(reduction))
        return badReduction();
    cv::Mat pixels;
    const DecodeOutcome outcome =
        readJpeg(reinterpret_cast<const unsigned char *>(bytes.data()),
                 static_cast<unsigned long>(bytes.size()), header, reduction, &pixels);
    if (outcome != DecodeOutcome::Decoded)
        return decodeError(outcome, "JPEG");
    return pixels;
}

Result<QByteArray> encodeJpeg(const cv::Mat &image, int quality)
{
    if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3) ||
        quality < 1 || quality > 100)
        return makeError(QStringLiteral("encode_failed"),
                         QStringLiteral("a JPEG is written from 8-bit grey or BGR pixels at quality 1-100"));
    std::vector<uchar> bytes;
    if (!writeJpeg(image, quality, &bytes))
        return makeError(QStringLiteral("encode_failed"),
                         QStringLiteral("libjpeg could not encode the image"));
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

} // namespace veil::media::codec
