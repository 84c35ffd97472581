// avhost: the AuroraView reference host, a stand-in for a Maya/Houdini-style
// application. A Qt 6 main window with dock areas, an embedded CPython with
// a console, a timeline, host plugins, and deferred execution for its Python.
//
//   avhost [--plugin PATH]... [--exec CODE]... [--script FILE] [--quit-after MS]
//          [--size WxH] [Qt options] [-- ARGS...]
//
// At the first turn of the event loop: the plugins load, then each --exec
// runs as if typed in the console, then the --script file runs (sys.argv is
// [FILE, ARGS...]). Errors are shown in the console; the host keeps running.
// The exit code is the one given to avhost.quit() or sys.exit(), else 0.
#include "avhost_module.h"
#include "console.h"
#include "host_context.h"
#include "host_window.h"
#include "plugin_manager.h"
#include "python_host.h"
#include "timeline.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <string>

HostContext &host()
{
    static HostContext context;
    return context;
}

void requestQuit(int code)
{
    QMetaObject::invokeMethod(qApp, [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
}

namespace {

// The dark theme of DCC applications.
void applyTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x25), text(0xdc, 0xdf, 0xe4);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x36, 0x39, 0x3f));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x86, 0x8f));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x74, 0x7a));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x74, 0x7a));
    app.setPalette(p);
}

struct Options {
    QStringList plugins, execs, scriptArgs;
    QString script;
    int quitAfterMs = -1;
    QSize size{1440, 900};
};

const char kUsage[] =
    "usage: avhost [--plugin PATH]... [--exec CODE]... [--script FILE] [--quit-after MS]\n"
    "              [--size WxH] [Qt options] [-- ARGS...]\n"
    "  --plugin PATH    load the host plugin at PATH (repeatable)\n"
    "  --exec CODE      run CODE in the Python console, after the plugins (repeatable)\n"
    "  --script FILE    run the Python file FILE after --exec; sys.argv is [FILE, ARGS...]\n"
    "  --quit-after MS  quit after MS milliseconds\n"
    "  --size WxH       the main window's size (default 1440x900)\n";

[[noreturn]] void usageError(const char *message)
{
    fprintf(stderr, "avhost: %s\n%s", message, kUsage);
    exit(2);
}

// Takes avhost's own options out of argv (before QApplication sees them:
// Qt has a -plugin option of its own) and leaves the rest for Qt.
Options parse(int *argc, char **argv)
{
    Options o;
    int kept = 1;
    for (int i = 1; i < *argc; i++) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QLatin1String("--")) {
            for (i++; i < *argc; i++)
                o.scriptArgs << QString::fromLocal8Bit(argv[i]);
            break;
        }
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            fputs(kUsage, stdout);
            exit(0);
        }
        static const char *const withValue[] = {"--plugin", "--exec", "--script", "--quit-after", "--size"};
        QString name, value;
        for (const char *option : withValue) {
            const QString flag = QString::fromLatin1(option);
            if (arg == flag) {
                if (i + 1 >= *argc)
                    usageError((std::string(option) + " needs a value").c_str());
                name = flag;
                value = QString::fromLocal8Bit(argv[++i]);
            } else if (arg.startsWith(flag + QLatin1Char('='))) {
                name = flag;
                value = arg.mid(flag.size() + 1);
            }
        }
        if (name.isEmpty()) {
            argv[kept++] = argv[i]; // Qt's (-platform, -style, ...)
            continue;
        }
        bool ok = true;
        if (name == QLatin1String("--plugin")) {
            o.plugins << value;
        } else if (name == QLatin1String("--exec")) {
            o.execs << value;
        } else if (name == QLatin1String("--script")) {
            o.script = value;
        } else if (name == QLatin1String("--quit-after")) {
            o.quitAfterMs = value.toInt(&ok);
            if (!ok || o.quitAfterMs < 0)
                usageError("--quit-after needs milliseconds (an int >= 0)");
        } else {
            const QStringList wh = value.split(QLatin1Char('x'));
            bool okh = false;
            if (wh.size() == 2)
                o.size = QSize(wh[0].toInt(&ok), wh[1].toInt(&okh));
            if (wh.size() != 2 || !ok || !okh || o.size.width() < 320 || o.size.height() < 240)
                usageError("--size needs WxH, at least 320x240");
        }
    }
    *argc = kept;
    argv[kept] = nullptr;
    return o;
}

// What the command line asked for, run at the first turn of the event loop.
void startUp(const Options &o)
{
    Console *console = host().console;
    for (const QString &path : o.plugins) {
        QString canonical, error;
        if (!host().plugins->load(path, &canonical, &error))
            console->error(error);
    }
    for (const QString &code : o.execs)
        console->submit(code);
    if (!o.script.isEmpty()) {
        console->info(QStringLiteral("running %1").arg(o.script));
        host().python->runFile(o.script);
    }
}

} // namespace

int main(int argc, char **argv)
{
    // What Qt WebEngine wants from a host that may show web views from plugins.
    const Options options = parse(&argc, argv);
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("avhost"));
    for (const QString &arg : QCoreApplication::arguments().mid(1))
        usageError(("unknown option " + arg.toStdString()).c_str());
    applyTheme(app);

    auto window = std::make_unique<HostWindow>();
    window->resize(options.size);
    PythonHost python;
    host().window = window.get();
    host().console = window->console();
    host().timeline = window->timeline();
    host().python = &python;

    QStringList pyArgv{options.script.isEmpty() ? QStringLiteral("avhost") : options.script};
    pyArgv += options.scriptArgs;
    QString error;
    if (!python.initialize(pyArgv, &error))
        window->console()->error(error); // the host runs on, without Python
    auto plugins = std::make_unique<PluginManager>(window.get(), &python);
    host().plugins = plugins.get();

    QObject::connect(window->console(), &Console::submitted, [&python](const QString &code) {
        host().console->echo(code);
        python.runConsole(code);
    });
    QObject::connect(window->timeline(), &Timeline::frameChanged, [](int frame) { avhostDispatchFrame(frame); });
    QObject::connect(window.get(), &HostWindow::loadPluginRequested, [](const QString &path) {
        QString canonical, why;
        if (!host().plugins->load(path, &canonical, &why))
            host().console->error(why);
    });
    QObject::connect(window.get(), &HostWindow::unloadPluginsRequested, [] { host().plugins->unloadAll(); });

    window->show();
    window->console()->info(QStringLiteral("avhost: Python %1, Qt %2")
                                .arg(QString::fromLatin1(Py_GetVersion()).section(QLatin1Char(' '), 0, 0),
                                     QString::fromLatin1(qVersion())));
    QTimer::singleShot(0, &app, [&options] { startUp(options); });
    if (options.quitAfterMs >= 0)
        QTimer::singleShot(options.quitAfterMs, &app, [ms = options.quitAfterMs] {
            host().console->info(QStringLiteral("--quit-after %1 ms: quitting").arg(ms));
            QCoreApplication::exit(0);
        });

    const int rc = app.exec();

    // Teardown in dependency order: plugins (they close their panels); then
    // the windows, whose views call into Python as they go (the avhost
    // module refuses its window functions from here on, and output goes to
    // the terminal only); Python last.
    plugins.reset();
    python.underGil([] { host() = HostContext{}; }); // Python threads may be printing
    QApplication::closeAllWindows();
    window.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    python.finalize();
    return rc;
}
