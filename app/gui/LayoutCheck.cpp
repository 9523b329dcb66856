#include "LayoutCheck.h"

#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>

#include <algorithm>
#include <cmath>

namespace veil::gui {

namespace {

bool inheritsAny(const QObject *object, std::initializer_list<const char *> classes)
{
    for (const char *name : classes)
        if (object->inherits(name))
            return true;
    return false;
}

QString describe(const QQuickItem *item)
{
    QString text = item->property("text").toString();
    if (text.isEmpty())
        text = item->property("displayText").toString();
    if (text.isEmpty())
        text = item->property("placeholderText").toString();
    if (text.isEmpty())
        text = item->objectName();
    QString type = QString::fromLatin1(item->metaObject()->className());
    type = type.section(QLatin1String("_QML"), 0, 0);
    const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    return QStringLiteral("%1 \"%2\" at %3,%4 %5x%6")
        .arg(type, text.left(40))
        .arg(r.x(), 0, 'f', 0)
        .arg(r.y(), 0, 'f', 0)
        .arg(r.width(), 0, 'f', 0)
        .arg(r.height(), 0, 'f', 0);
}

void walk(const QQuickItem *item, const QRectF &bounds, QStringList *found)
{
    if (!item->isVisible() || item->opacity() <= 0.0)
        return;
    // In a scrolling view what is out of sight vertically is scrolled, not clipped; sideways it is cut off
    // (our views scroll up and down only), so inside one only its left and right edges bound.
    if (inheritsAny(item, {"QQuickFlickable"})) {
        const QRectF view = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        const QRectF inner(std::max(view.left(), bounds.left()), -1e9,
                           std::min(view.right(), bounds.right()) - std::max(view.left(), bounds.left()),
                           2e9);
        for (const QQuickItem *child : item->childItems())
            walk(child, inner, found);
        return;
    }
    // An open popup (a dialog, the QA form) cuts off what lies past its own edges, inside the window too.
    if (inheritsAny(item, {"QQuickPopupItem"})) {
        const QRectF popup = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        for (const QQuickItem *child : item->childItems())
            walk(child, popup.intersected(bounds), found);
        return;
    }
    // Controls whose text cannot give way: cut off when outside the window or narrower than their content.
    // (Labels elide on purpose; delegates such as a queue row are walked into: their texts are checked.)
    const bool control =
        inheritsAny(item, {"QQuickButton", "QQuickCheckBox", "QQuickRadioButton", "QQuickComboBox",
                           "QQuickTabButton", "QQuickSpinBox", "QQuickTextField", "QQuickLabel"});
    if (control || item->inherits("QQuickText")) {
        if (item->width() <= 0 || item->height() <= 0)
            return;
        const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        const bool outside = r.left() < bounds.left() - 1 || r.top() < bounds.top() - 1 ||
                             r.right() > bounds.right() + 1 || r.bottom() > bounds.bottom() + 1;
        bool squeezed = control && !item->inherits("QQuickLabel") && !item->inherits("QQuickTextField") &&
                        item->width() + 1 < item->implicitWidth();
        // A control whose text wraps gives way in width; it is squeezed only when the lines do not fit its
        // height.
        if (const auto *content = item->property("contentItem").value<QQuickItem *>();
            squeezed && content && content->inherits("QQuickText") &&
            content->property("wrapMode").toInt() != 0)
            squeezed = content->property("contentHeight").toReal() > content->height() + 1;
        // A combo box sizes itself to its widest entry or a fixed width: its shown text can still be wider.
        if (item->inherits("QQuickComboBox")) {
            const auto *content = item->property("contentItem").value<QQuickItem *>();
            if (content && content->width() > 0 && content->width() + 1 < content->implicitWidth())
                squeezed = true;
            // A style's text field inside may report no overflow (Fusion's): measure the shown text itself.
            const QString shown = item->property("displayText").toString();
            if (content && content->width() > 0 && !shown.isEmpty()) {
                const qreal need =
                    QFontMetricsF(item->property("font").value<QFont>()).horizontalAdvance(shown);
                const qreal room = content->width() - content->property("leftPadding").toReal() -
                                   content->property("rightPadding").toReal();
                if (need > room + 1)
                    squeezed = true;
            }
        }
        // Text that neither wraps nor elides draws past its box when squeezed.
        if (item->inherits("QQuickText") && item->property("elide").toInt() == Qt::ElideNone &&
            item->property("wrapMode").toInt() == 0 &&
            item->property("contentWidth").toReal() > item->width() + 1)
            squeezed = true;
        if (outside || squeezed)
            found->append((outside ? QStringLiteral("outside the window: ") : QStringLiteral("squeezed: ")) +
                          describe(item));
        return; // a control's own parts are its business
    }
    for (const QQuickItem *child : item->childItems())
        walk(child, bounds, found);
}

// WCAG's relative luminance and contrast ratio.
double luminance(QRgb rgb)
{
    const auto channel = [](int value) {
        const double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(qRed(rgb)) + 0.7152 * channel(qGreen(rgb)) + 0.0722 * channel(qBlue(rgb));
}

double contrast(QRgb a, QRgb b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// What is drawn behind: the commonest colour of the area (`except` left out); then how far the most
// distinct pixel of `inside` stands from it (a glyph's stem, a check box's border or mark).
struct Measure
{
    QRgb background = 0;
    double ratio = 0;
};

Measure measure(const QImage &shot, const QRect &area, const QRect &inside, const QRect &except = {})
{
    QHash<QRgb, int> counts;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (!except.contains(x, y))
                ++counts[shot.pixel(x, y) | 0xff000000];
    Measure m;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > most) {
            most = it.value();
            m.background = it.key();
        }
    for (int y = inside.top(); y <= inside.bottom(); ++y)
        for (int x = inside.left(); x <= inside.right(); ++x)
            m.ratio = std::max(m.ratio, contrast(m.background, shot.pixel(x, y) | 0xff000000));
    return m;
}

QRect pixels(const QQuickItem *item, const QRectF &bounds, double scale)
{
    const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height())).intersected(bounds);
    return QRectF(r.x() * scale, r.y() * scale, r.width() * scale, r.height() * scale).toAlignedRect();
}

void walkContrast(const QQuickItem *item, QRectF bounds, const QImage &shot, double scale, QStringList *found)
{
    if (!item->isVisible() || item->opacity() <= 0.0 || !item->isEnabled())
        return;
    if (item->clip() || inheritsAny(item, {"QQuickFlickable"})) // what lies outside is not drawn
        bounds = bounds.intersected(item->mapRectToScene(QRectF(0, 0, item->width(), item->height())));
    const QRect image = shot.rect();
    if (inheritsAny(item, {"QQuickCheckBox", "QQuickRadioButton"})) {
        const auto *indicator = item->property("indicator").value<QQuickItem *>();
        if (indicator && indicator->isVisible()) {
            const QRect mark = pixels(indicator, bounds, scale).intersected(image);
            const QRect around = mark.adjusted(-4, -4, 4, 4).intersected(image);
            if (mark.width() > 4 && mark.height() > 4) {
                const Measure m = measure(shot, around, mark, mark);
                if (m.ratio < 3.0)
                    found->append(QStringLiteral("low contrast %1:1 (check mark, 3:1 needed): %2")
                                      .arg(m.ratio, 0, 'f', 1)
                                      .arg(describe(item)));
            }
        }
    }
    if (item->inherits("QQuickText") && !item->property("text").toString().trimmed().isEmpty()) {
        const QRect box = pixels(item, bounds, scale).intersected(image);
        if (box.width() >= 4 && box.height() >= 6) {
            const Measure m = measure(shot, box, box);
            if (m.ratio < 4.5)
                found->append(QStringLiteral("low contrast %1:1 (4.5:1 needed): %2")
                                  .arg(m.ratio, 0, 'f', 1)
                                  .arg(describe(item)));
        }
    }
    for (const QQuickItem *child : item->childItems())
        walkContrast(child, bounds, shot, scale, found);
}

} // namespace

QStringList lowContrast(QQuickWindow *window, const QImage &shot)
{
    QStringList found;
    if (!window || shot.isNull())
        return found;
    const double scale = shot.width() / std::max(1.0, double(window->width()));
    walkContrast(window->contentItem(), QRectF(0, 0, window->width(), window->height()), shot, scale, &found);
    return found;
}

QStringList clippedControls(QQuickWindow *window)
{
    QStringList found;
    if (!window)
        return found;
    walk(window->contentItem(), QRectF(0, 0, window->width(), window->height()), &found);
    return found;
}

} // namespace veil::gui
