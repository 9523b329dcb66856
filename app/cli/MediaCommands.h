// veil-cli's media commands on plain files: they read what support staff hand them and write no evidence.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace veil::cli {

// "hash,quality,path" per file, the reference pdq-photo-hasher's format. Bad files: a line on err, exit 1.
int printPdq(const QStringList &files, QTextStream &out, QTextStream &err);

// Writes one rendition of file as PNG (mode: blurred | pixelated | grayscale | clear). Faces stay blurred
// in clear and grayscale unless revealFaces.
int renderFile(const QString &file, const QString &mode, const QString &outFile, bool revealFaces,
               QTextStream &err);

} // namespace veil::cli
