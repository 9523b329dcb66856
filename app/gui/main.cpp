// veil: the review workstation. Everything is built and wired here — workspace, sync engine, the
// Workstation the QML sees, the image provider — and handed to the QML engine. Built a second time, with
// VEIL_DEMO, as veil-demo (app/demo): the same workstation, on the reference service in-process.
#include "Language.h"
#include "LayoutCheck.h"
#include "RenditionProvider.h"
#include "Session.h"
#include "WindowPlacement.h"
#ifdef VEIL_DEMO
#include "DemoService.h"
#endif

#include <QApplication>
#include <QCommandLineParser>
#include <QDirIterator>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(VeilPlugin)

using namespace veil;

namespace {

const QUrl mainQml(QStringLiteral("qrc:/Veil/Main.qml"));
const QUrl gateQml(QStringLiteral("qrc:/Veil/Gate.qml"));

// Loads every QML file of the module: a broken import or typo fails here, not in front of a reviewer.
int selfTest(QQmlEngine &engine)
{
    int failures = 0, loaded = 0;
    QDirIterator it(QStringLiteral(":/Veil"), {QStringLiteral("*.qml")}, QDir::Files);
    while (it.hasNext()) {
        const QString path = it.next();
        QQmlComponent component(&engine, QUrl(QStringLiteral("qrc") + path));
        ++loaded;
        if (component.isError()) {
            ++failures;
            for (const QQmlError &error : component.errors())
                std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        }
    }
    std::printf("self-test: %d QML files, %d failed\n", loaded, failures);
    return failures == 0 && loaded > 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv); // Qt Charts' QML types (the supervisor desk) need QApplication
#ifdef VEIL_DEMO
    constexpr bool demoBuild = true;
    const gui::DemoStarter startDemo = &gui::DemoService::start;
#else
    constexpr bool demoBuild = false;
    const gui::DemoStarter startDemo;
#endif
    QApplication::setApplicationName(QStringLiteral("veil"));
    QGuiApplication::setOrganizationName(QStringLiteral("veil"));
    QGuiApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));

    gui::Language::install(); // before any window: the system's language, or the reviewer's choice
    // Fusion: a desktop style that takes every colour from the palette (Appearance's light or dark), with
    // visible check boxes and tabs; Basic looked dated and hid both in the dark.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Run on a seeded reference service, in a throwaway data dir (the default)."));
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QStringLiteral("The data directory (default: the user's)."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QStringLiteral("Load every QML file and exit."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE once loaded, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption stateOption(
        QStringLiteral("state"),
        QStringLiteral("With --screenshot: queue | families | review | revealed | decision | family | undo | "
                       "focus | desk | log "
                       "| record | qa."),
        QStringLiteral("STATE"), QStringLiteral("review"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Window size, e.g. 1920x1080."), QStringLiteral("WxH"));
    const QCommandLineOption roleOption(
        QStringLiteral("role"), QStringLiteral("Start as moderator (default), appeals or supervisor."),
        QStringLiteral("ROLE"), QStringLiteral("moderator"));
    const QCommandLineOption checkLayoutOption(
        QStringLiteral("check-layout"),
        QStringLiteral("With --screenshot: list every control cut off or squeezed; exit 1 if there is one."));
    parser.addOptions(
        {dataDirOption, selfTestOption, screenshotOption, stateOption, sizeOption, checkLayoutOption});
    if (demoBuild)
        parser.addOptions({demoOption, roleOption});
    parser.process(app);

    if (parser.isSet(selfTestOption)) {
        QQmlEngine testEngine;
        return selfTest(testEngine);
    }

    // veil-demo: straight into the demo, unless --data-dir names a workspace. veil: --data-dir (or the
    // default data directory): setup on first run, else unlock —
    // by VEIL_PASSPHRASE when set, otherwise on the gate screen.
    const bool demo = demoBuild && !parser.isSet(dataDirOption);
    const QString dataDir = parser.isSet(dataDirOption)
                                ? parser.value(dataDirOption)
                                : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    gui::Session session(demo ? QString() : dataDir, startDemo);
    gui::Session::setInstance(&session);
    if (session.stage() == gui::Session::Failed) {
        std::fprintf(stderr, "veil: %s\n", qPrintable(session.openError()));
        return 1;
    }
    QString failure;
    if (demo)
        failure = session.startDemo(60, parser.value(roleOption));
    else if (session.stage() == gui::Session::Unlock && qEnvironmentVariableIsSet("VEIL_PASSPHRASE"))
        failure = session.unlock(qEnvironmentVariable("VEIL_PASSPHRASE"));
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "veil: %s\n", qPrintable(failure));
        return 1;
    }

    // Declared after the session, so the QML goes before the objects it points at. The workstation's
    // window gets an engine of its own: a demo role switch rebuilds it around the new Workstation.
    QQmlApplicationEngine gateEngine;
    std::unique_ptr<QQmlApplicationEngine> engine;
    gui::WindowPlacement placement;
    const auto workstationWindow = [&]() -> QQuickWindow * {
        return engine && !engine->rootObjects().isEmpty()
                   ? qobject_cast<QQuickWindow *>(engine->rootObjects().first())
                   : nullptr;
    };
    auto openWorkstation = [&] {
        engine = std::make_unique<QQmlApplicationEngine>();
        engine->addImageProvider(QStringLiteral("veil"), new gui::RenditionProvider(*session.workstation()));
        engine->setInitialProperties(
            {{QStringLiteral("screenshotState"),
              parser.isSet(screenshotOption) ? parser.value(stateOption) : QString()}});
        engine->load(mainQml);
        if (engine->rootObjects().isEmpty())
            return false;
        auto *window = qobject_cast<QQuickWindow *>(engine->rootObjects().first());
        if (const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
            window && size.size() == 2)
            window->resize(size[0].toInt(), size[1].toInt());
        else if (window)
            placement.restore(*window); // as the reviewer left it: before a role switch, or last session
        if (parser.isSet(screenshotOption)) {
            // Once the first sync has brought the queue in (it runs in the background), and the window
            // has settled.
            const QString file = parser.value(screenshotOption);
            const bool checkLayout = parser.isSet(checkLayoutOption);
            auto shoot = [window, file, checkLayout] {
                QTimer::singleShot(1500, window, [window, file, checkLayout] {
                    const QImage shot = window->grabWindow();
                    const bool saved = shot.save(file);
                    std::printf("%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
                    const QStringList clipped =
                        checkLayout ? gui::clippedControls(window) + gui::lowContrast(window, shot)
                                    : QStringList();
                    for (const QString &line : clipped)
                        std::printf("clipped: %s\n", qPrintable(line));
                    QCoreApplication::exit(saved && clipped.isEmpty() ? 0 : 1);
                });
            };
            gui::Workstation *workstation = session.workstation();
            if (workstation->isSyncing())
                QObject::connect(workstation, &gui::Workstation::syncFinished, window, shoot,
                                 Qt::SingleShotConnection);
            else
                shoot();
        }
        return true;
    };
    // Queued: the switch is asked for from the QML that is about to be torn down.
    QObject::connect(
        &session, &gui::Session::workstationReplaced, &app,
        [&] {
            if (QQuickWindow *window = workstationWindow())
                placement.remember(*window);
            engine.reset();
            session.dropRetired();
            if (!openWorkstation())
                QCoreApplication::exit(1);
        },
        Qt::QueuedConnection);
    if (session.stage() == gui::Session::Ready) {
        if (!openWorkstation())
            return 1;
    } else {
        gateEngine.load(gateQml);
        if (gateEngine.rootObjects().isEmpty())
            return 1;
        QObject *gate = gateEngine.rootObjects().first();
        if (parser.isSet(screenshotOption)) {
            auto *window = qobject_cast<QQuickWindow *>(gate);
            const QString file = parser.value(screenshotOption);
            QTimer::singleShot(1000, window, [window, file] {
                const bool saved = window->grabWindow().save(file);
                std::printf("%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        }
        QObject::connect(&session, &gui::Session::ready, &app, [&, gate] {
            if (auto *window = qobject_cast<QQuickWindow *>(gate))
                window->close();
            if (!openWorkstation())
                QCoreApplication::exit(1);
        });
    }

    const int code = app.exec();
    // Where the window was, for the next session (not a scripted run's fixed size).
    if (QQuickWindow *window = workstationWindow(); window && !parser.isSet(sizeOption))
        placement.remember(*window);
    // Ctrl+Q: the worker finishes what it was doing, then one last push from here; what the service does
    // not take now stays in the outbox.
    if (session.workstation()) {
        session.workstation()->stopWorker();
        session.workstation()
            ->decisions()
            ->endGracePeriods(); // leaving ends the undo grace: the held verdicts go now
    }
    if (session.engine())
        (void)session.engine()->push();
    return code;
}
