// The format codecs under SafeDecoder and the encoders Veil writes with, straight on libjpeg-turbo, libpng
// and libwebp. OpenCV's imgcodecs would do the same work but pulls in ~110 shared libraries (GDAL, HDF5,
// OpenEXR, GStreamer...) that every process then pays to load: ~90 ms of each veil-cli run (issue 19, P1).
// The decoders produce what cv::imdecode(IMREAD_ANYCOLOR | IMREAD_IGNORE_ORIENTATION [| REDUCED_*]) did,
// pixel for pixel (tst_media compares them on every test image), so PDQ hashes are unchanged.
// Callers check the header and limits first (inspectImage): these only decode.
#pragma once

#include "common/Result.h"
#include "media/ImageHeader.h"

#include <QByteArray>
#include <QByteArrayView>

#include <opencv2/core/mat.hpp>

namespace veil::media::codec {

// 8-bit pixels, stored orientation: CV_8UC1 for a one-component JPEG or a greyscale PNG, else BGR
// (alpha dropped, not composited; CMYK converted as OpenCV does). reduction 1, 2, 4 or 8: for JPEG through
// libjpeg's DCT scaling (ceil(size / reduction)), for PNG and WebP a full decode then an exact bilinear
// resize to floor(size / reduction). header is what inspectImage read and checked the limits on: a file
// whose library sees another size, or (JPEG) more scans than header.jpegScans, is refused before a pixel is
// allocated — our parser and the library must not disagree about what they decode.
// Errors: "invalid_argument" (reduction), "media_decode_failed" with the format's reason.
Result<cv::Mat> decodeJpeg(QByteArrayView bytes, const ImageHeader &header, int reduction = 1);
Result<cv::Mat> decodePng(QByteArrayView bytes, const ImageHeader &header, int reduction = 1);
Result<cv::Mat> decodeWebP(QByteArrayView bytes, const ImageHeader &header, int reduction = 1);

// image is CV_8UC1 or CV_8UC3 (BGR). Baseline JPEG with libjpeg's defaults (4:2:0, JFIF, no optimised
// Huffman tables) at quality 1-100. Error: "encode_failed".
Result<QByteArray> encodeJpeg(const cv::Mat &image, int quality);
// image is CV_8UC1, CV_8UC3 (BGR) or CV_8UC4 (BGRA). level 0-9 is zlib's; -1 picks speed (the Sub filter at
// level 1), what a rendition written for a person to look at wants. Error: "encode_failed".
Result<QByteArray> encodePng(const cv::Mat &image, int level = -1);

// For the decoders: what imdecode's IMREAD_REDUCED_* did for formats without scaled decoding, an exact
// bilinear resize to floor(size / reduction). Fails on an image smaller than the reduction.
Result<cv::Mat> reduceExactly(cv::Mat pixels, int reduction, const char *format);

// The decoders' shared refusals.
bool isReduction(int reduction);
Error badReduction();
Error notAsInspected(const char *format);
// How a decoder's read ended; decodeError gives the error for any but Decoded ("media_decode_failed").
enum class DecodeOutcome { Decoded, Corrupt, NotAsInspected, OutOfMemory };
Error decodeError(DecodeOutcome outcome, const char *format);

} // namespace veil::media::codec
