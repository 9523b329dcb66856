// Renders the SVG icon to the PNG sizes desktops look for (hicolor NxN/apps), at build time, so the SVG
// is the only icon source in the repository. Usage: veil-render-icon ICON.svg OUT_DIR SIZE...
#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: veil-render-icon ICON.svg OUT_DIR SIZE...\n");
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        std::fprintf(stderr, "veil-render-icon: cannot read %s\n", qPrintable(args.at(1)));
        return 1;
    }
    for (const QString &size : args.mid(3)) {
        const int px = size.toInt();
        if (px < 8 || px > 1024)
            return 2;
        QImage image(px, px, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args.at(2)).arg(px);
        QDir().mkpath(dir);
        if (!image.save(dir + QStringLiteral("/org.veil.Veil.png"))) {
            std::fprintf(stderr, "veil-render-icon: cannot write %s\n", qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
