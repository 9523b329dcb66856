#include "LayoutCheck.h"

#include <QQuickItem>
#include <QQuickWindow>

#include <algorithm>

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
        // A combo box sizes itself to its widest entry or a fixed width: its shown text can still be wider.
        if (item->inherits("QQuickComboBox")) {
            const auto *content = item->property("contentItem").value<QQuickItem *>();
            if (content && content->width() > 0 && content->width() + 1 < content->implicitWidth())
                squeezed = true;
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

} // namespace

QStringList clippedControls(QQuickWindow *window)
{
    QStringList found;
    if (!window)
        return found;
    walk(window->contentItem(), QRectF(0, 0, window->width(), window->height()), &found);
    return found;
}

} // namespace veil::gui
