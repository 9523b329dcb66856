// veil: the review workstation. Everything is built and wired here — workspace, sync engine, the
// Workstation the QML sees, the image provider — and handed to the QML engine.
#include "DemoService.h"
#include "RenditionProvider.h"
#include "Workstation.h"

#include <QCommandLineParser>
#include <QDirIterator>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(VeilPlugin)

using namespace veil;

namespace {

const QUrl mainQml(QStringLiteral("qrc:/Veil/qml/Main.qml"));

// Loads every QML file of the module: a broken import or typo fails here, not in front of a reviewer.
int selfTest(QQmlEngine &engine)
{
    int failures = 0, loaded = 0;
    QDirIterator it(QStringLiteral(":/Veil/qml"), {QStringLiteral("*.qml")}, QDir::Files);
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
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("veil"));
    QGuiApplication::setOrganizationName(QStringLiteral("veil"));
    QGuiApplication::setApplicationVersion(QStringLiteral(VEIL_VERSION));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Run on a seeded reference service, in a throwaway data dir."));
    const QCommandLineOption dataDirOption(QStringLiteral("data-dir"),
                                           QStringLiteral("A data directory made by veil-cli init."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QStringLiteral("Load every QML file and exit."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE once loaded, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption stateOption(
        QStringLiteral("state"), QStringLiteral("With --screenshot: queue | review | revealed | decision."),
        QStringLiteral("STATE"), QStringLiteral("review"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), QStringLiteral("Window size, e.g. 1920x1080."), QStringLiteral("WxH"));
    parser.addOptions({demoOption, dataDirOption, selfTestOption, screenshotOption, stateOption, sizeOption});
    parser.process(app);

    QQmlApplicationEngine engine;
    if (parser.isSet(selfTestOption))
        return selfTest(engine);

    std::unique_ptr<gui::DemoService> demo;
    std::unique_ptr<Workspace> workspace;
    std::unique_ptr<sync::SyncEngine> ownEngine;
    Workspace *ws = nullptr;
    sync::SyncEngine *engineRef = nullptr;
    if (parser.isSet(demoOption) || !parser.isSet(dataDirOption)) {
        if (!parser.isSet(demoOption))
            std::fprintf(stderr,
                         "veil: no --data-dir given; starting the demo (first-run setup is not built yet)\n");
        auto started = gui::DemoService::start();
        if (!started.ok()) {
            std::fprintf(stderr, "veil: the demo could not start: %s\n",
                         qPrintable(started.error().toString()));
            return 1;
        }
        demo = std::move(started).value();
        ws = &demo->workspace();
        engineRef = &demo->engine();
    } else {
        auto opened = Workspace::open(parser.value(dataDirOption), false);
        if (!opened.ok()) {
            std::fprintf(stderr, "veil: %s\n", qPrintable(opened.error().toString()));
            return 1;
        }
        workspace = std::move(opened).value();
        QByteArray passphrase = qgetenv("VEIL_PASSPHRASE");
        if (auto unlocked = workspace->unlock(passphrase); !unlocked.ok()) {
            std::fprintf(stderr, "veil: %s (set VEIL_PASSPHRASE; the unlock screen is not built yet)\n",
                         qPrintable(unlocked.error().toString()));
            return 1;
        }
        passphrase.fill('\0');
        ownEngine = std::make_unique<sync::SyncEngine>(*workspace);
        ws = workspace.get();
        engineRef = ownEngine.get();
    }

    gui::Workstation workstation(*ws, *engineRef, demo != nullptr);
    gui::Workstation::setInstance(&workstation);
    (void)workstation.sync();
    engine.addImageProvider(QStringLiteral("veil"), new gui::RenditionProvider(workstation));
    engine.setInitialProperties({{QStringLiteral("screenshotState"),
                                  parser.isSet(screenshotOption) ? parser.value(stateOption) : QString()}});
    engine.load(mainQml);
    if (engine.rootObjects().isEmpty())
        return 1;

    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    if (const QStringList size = parser.value(sizeOption).split(QLatin1Char('x')); window && size.size() == 2)
        window->resize(size[0].toInt(), size[1].toInt());
    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(1500, &app, [window, file] {
            const bool saved = window && window->grabWindow().save(file);
            std::printf("%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    const int code = app.exec();
    // Ctrl+Q: one last push; what the service does not take now stays in the outbox.
    (void)engineRef->push();
    return code;
}
