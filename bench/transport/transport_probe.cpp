// transport_probe: measures, in one run, the JS <-> native transports that Qt 6 WebEngine offers
// the AuroraView for C shim, so the choice of transport rests on numbers from this machine.
//
//   cmake -S bench/transport -B /tmp/tp && cmake --build /tmp/tp
//   export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu
//   /tmp/tp/transport_probe [--n-fire 20000] [--n-emit 20000] [--n-rpc 2000] [--only fire,emit,...]
//
// Output: one JSON line per measurement on stdout, then a summary table (markdown). Qt and
// Chromium log to stderr. README.md beside this file explains every row and the conclusions.
//
// JS -> native ("fire"): the page sends N envelopes {"type":"event","event":"export_scene",...},
// one per transport message or joined into JSON arrays of 100 / 1000. The clock starts when native
// asks the page to start (one runJavaScript hop, ~0.2 ms) and stops when the native side has
// counted N envelopes in the UTF-8 bytes it received (what the shim hands to core: no parsing).
//   qwebchannel_js  QWebChannel + qrc:///qtwebchannel/qwebchannel.js, slot post(QString)
//   raw_invoke      qt.webChannelTransport.send() of a hand-built InvokeMethod (type 6) message
//   raw_setprop     qt.webChannelTransport.send() of a SetProperty (type 9) message: no response
//   console         console.debug(prefix + text) -> QWebEnginePage::javaScriptConsoleMessage
//   scheme_fetch    fetch("avbench://ipc/post?" + encodeURIComponent(text)) -> url scheme handler
//                   (Qt 6.4: "URL scheme "avbench" is not supported", FetchApiAllowed is 6.6+)
//   scheme_xhr      the same URL with XMLHttpRequest GET, which Qt 6.4 lets through
// Native -> JS ("emit"): native pushes N events ["update_data",{"frame":i,...}] to window.__d,
// which takes a batch (array of events), one event per delivery or 100 / 1000 / all N; the clock
// stops when the page reports that it has handled all N (one JS -> native hop).
//   run_js              runJavaScript("__d([...])"): the batch is an object literal V8 compiles
//   run_js_json         runJavaScript("__dj('[...]')"): the same JSON as a string for JSON.parse
//   qwebchannel_signal  signal pushed(QString) of the JSON text, received through qwebchannel.js
//   raw_signal          the same signal received by a hand-written onmessage (no qwebchannel.js)
// RPC: 2000 sequential awaited calls sent the fire way; native answers each with runJavaScript or
// the pushed signal (or, for the QWebChannel reference, a slot's return value). Round trips are
// timed natively, from the arrival of call k to the arrival of call k+1 (performance.now() is
// coarsened to 100 us in pages). Throughput runs are repeated (--repeat, median shown).
// docstart: is qt.webChannelTransport usable synchronously from a DocumentCreation script?
// frames: which frames (and so which origins) can reach native through each transport.
// qjson_cost: what parsing each transport message into a QJsonObject costs (Qt does it on the
// browser side of the QWebChannel transport), against a plain scan of the same bytes.
// protocol: what becomes of messages that break the QWebChannel protocol.
// hardening: the bridge keeps the transport private and freezes window.qt at DocumentCreation;
// can page scripts still hijack the inbound (native -> JS) side?

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>
#include <QWebChannel>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineScript>
#include <QWebEngineScriptCollection>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>
#include <QWebEngineUrlSchemeHandler>
#include <QWebEngineView>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {

constexpr char kScheme[] = "avbench";
constexpr char kConsolePrefix[] = "avipc:";
constexpr char kEnvelopeMarker[] = "\"type\":\"event\"";  // once per envelope in the wire text

QElapsedTimer g_clock;
qint64 nowNs() { return g_clock.nsecsElapsed(); }

enum class Via { WebChannel, Console, Scheme };
const char *viaName(Via v)
{
    return v == Via::WebChannel ? "transport" : v == Via::Console ? "console" : "scheme";
}

class Probe;
Probe *g_probe = nullptr;

// ---------------------------------------------------------------------------------------------
// The three native receivers: a QObject published on the QWebChannel, a page that overrides
// javaScriptConsoleMessage, and a URL scheme handler.

class Bridge : public QObject
{
    Q_OBJECT
    // raw_setprop writes this property; the NOTIFY signal is never emitted (it only silences
    // QWebChannel's "has no notify signal" warning).
    Q_PROPERTY(QString inbox READ inbox WRITE setInbox NOTIFY inboxChanged)
public:
    using QObject::QObject;
    QString inbox() const { return {}; }
    void setInbox(const QString &text);
public slots:
    void post(const QString &text);
    void report(const QString &json);
    QString call(const QString &json);
signals:
    void pushed(const QString &batch);
    void inboxChanged();
};

class Page : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;
protected:
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int line,
                                  const QString &source) override;
private:
    int m_logged = 0;
};

class SchemeHandler : public QWebEngineUrlSchemeHandler
{
public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;
    void requestStarted(QWebEngineUrlRequestJob *job) override;
    QByteArray appHtml;    // served for avbench://app/...   (navigation target of docstart)
    QByteArray frameHtml;  // served for avbench://other/... (cross-origin iframe of frames)
};

// One view with its own page, channel and bridge; made fresh for every measurement so that
// no state (pending promises, signal connections, garbage) leaks from one to the next.
struct Rig
{
    Bridge bridge;
    QWebChannel channel;
    QWebEngineView view;
    Page *page;
    explicit Rig(quint32 world = QWebEngineScript::MainWorld)
        : page(new Page(&view))
    {
        view.setPage(page);
        channel.registerObject(QStringLiteral("bridge"), &bridge);
        page->setWebChannel(&channel, world);
        view.resize(800, 600);
        view.show();
    }
    ~Rig() { page->setWebChannel(nullptr); }
    void addScript(const QString &name, const QString &source,
                   QWebEngineScript::InjectionPoint at, quint32 world)
    {
        QWebEngineScript s;
        s.setName(name);
        s.setSourceCode(source);
        s.setInjectionPoint(at);
        s.setWorldId(world);
        s.setRunsOnSubFrames(false);
        page->scripts().insert(s);
    }
};

// ---------------------------------------------------------------------------------------------
// The page used by fire / emit / rpc. %HEAD% is empty or the qwebchannel.js <script> tag;
// %CFG% carries the method and property indices (from QMetaObject) and the console prefix.

const char kBenchHtml[] = R"HTML(<!doctype html><html><head><meta charset="utf-8">%HEAD%
<script>
'use strict';
const CFG = %CFG%;
let ch = null, seq = 1;
const T = () => window.qt.webChannelTransport;
// The QWebChannel protocol by hand: InvokeMethod (6) must carry an id (Qt answers every call
// with a Response (10)); SetProperty (9) is never answered.
function rawInvoke(idx, text) {
  T().send('{"type":6,"object":"bridge","method":' + idx + ',"args":[' + JSON.stringify(text) + '],"id":' + (seq++) + '}');
}
function rawSetProp(text) {
  T().send('{"type":9,"object":"bridge","property":' + CFG.inbox + ',"value":' + JSON.stringify(text) + '}');
}
function report(obj) {
  const s = JSON.stringify(obj);
  if (ch) ch.objects.bridge.report(s); else rawInvoke(CFG.report, s);
}
window.addEventListener('error', e => report({error: String(e.message)}));
window.schemeErr = {n: 0, last: ''};
function schemeError(e) {
  if (++schemeErr.n === 1) report({error: 'scheme request failed: ' + String(e)});
  schemeErr.last = String(e);
}
const schemeUrl = t => 'avbench://ipc/post?' + encodeURIComponent(t);
const senders = {
  qwebchannel_js: t => { ch.objects.bridge.post(t); },
  raw_invoke: t => rawInvoke(CFG.post, t),
  raw_setprop: rawSetProp,
  console: t => console.debug(CFG.prefix + t),
  scheme_fetch: t => { fetch(schemeUrl(t), {mode: 'no-cors', cache: 'no-store'}).catch(schemeError); },
  // Fire-and-forget: the request has reached the handler whatever happens to the response, so
  // XHR errors are counted, not treated as failures.
  scheme_xhr: t => { const x = new XMLHttpRequest(); x.open('GET', schemeUrl(t)); x.onerror = () => { schemeErr.n++; }; x.send(); },
};
const envelope = i => JSON.stringify({type: 'event', event: 'export_scene', detail: {path: '/tmp/x.fbx', format: 'fbx', i: i}});
window.__fire = function (kind, n, batch) {
  const send = senders[kind], t0 = performance.now();
  if (batch <= 1) {
    for (let i = 0; i < n; i++) send(envelope(i));
  } else {
    for (let i = 0; i < n; i += batch) {
      const part = [];
      for (let j = i; j < i + batch && j < n; j++) part.push(envelope(j));
      send('[' + part.join(',') + ']');
    }
  }
  return performance.now() - t0;
};
// native -> JS: every delivery is a batch (array) of [event, data]
let seen = 0, target = -1, frames = 0;  // frames: the handler reads every event it gets
const pending = new Map();
window.__expect = n => { seen = 0; frames = 0; target = n; return true; };
window.__dj = text => window.__d(JSON.parse(text));
window.__d = function (batch) {
  for (const ev of batch) {
    if (ev[0] === 'update_data') {
      frames += ev[1].frame;
      if (++seen === target) report({done: 'emit', seen: seen});
    } else if (ev[0] === '__auroraview_call_result') {
      const resolve = pending.get(ev[1].id);
      if (resolve) { pending.delete(ev[1].id); resolve(ev[1].result); }
    }
  }
};
window.__rpc = async function (kind, n) {
  const send = senders[kind], t0 = performance.now();
  for (let i = 1; i <= n; i++) {
    const text = JSON.stringify({type: 'call', id: i, method: 'api.rename_object', params: {old_name: 'cube1', new_name: 'hero_cube'}});
    if (kind === 'qwebchannel_return') JSON.parse(await ch.objects.bridge.call(text));
    else await new Promise(resolve => { pending.set(i, resolve); send(text); });
  }
  report({done: 'rpc', js_mean_us: (performance.now() - t0) * 1000 / n});
};
if (CFG.mode === 'qwc') {
  new QWebChannel(T(), c => {
    ch = c;
    c.objects.bridge.pushed.connect(s => window.__d(JSON.parse(s)));
    report({ready: 'qwc'});
  });
} else {
  // Raw client: the Init handshake (type 3) shows where the indices come from, ConnectToSignal
  // (type 7) subscribes to pushed(QString). Then every transport message lands in onmessage:
  // signals (type 1) are dispatched, the Responses (10) Qt sends to each InvokeMethod dropped.
  T().onmessage = m => {
    const msg = JSON.parse(m.data);
    if (msg.type === 1) return window.__d(JSON.parse(msg.args[0]));
    if (msg.id !== 'init') return;
    const b = msg.data.bridge, idx = (list, name) => (list.find(x => x[0] === name) || [])[1];
    T().send(JSON.stringify({type: 7, object: 'bridge', signal: CFG.pushed}));
    report({ready: 'raw', handshake: {post: idx(b.methods, 'post'), report: idx(b.methods, 'report'),
            call: idx(b.methods, 'call'), pushed: idx(b.signals, 'pushed'),
            inbox: (b.properties.find(p => p[1] === 'inbox') || [])[0]}});
  };
  T().send(JSON.stringify({type: 3, id: 'init'}));
}
</script></head><body>transport probe</body></html>)HTML";

// DocumentCreation script (raw transport): try the transport synchronously, then keep a private
// reference, delete the page-visible window.qt, and send again through the private reference.
const char kDocstartRawJs[] = R"JS((function () {
  var token = 'raw-' + Math.random().toString(36).slice(2);
  var r = {token: token, url: location.href, qt: typeof window.qt,
           transport: !!(window.qt && window.qt.webChannelTransport), sent: false, hidden_sent: false, error: null};
  function msg(t) {
    return '{"type":6,"object":"bridge","method":%POST%,"args":[' +
           JSON.stringify(JSON.stringify({type: 'docstart', token: t})) + '],"id":1}';
  }
  try {
    var tr = window.qt.webChannelTransport;
    tr.send(msg(token));
    r.sent = true;
    delete window.qt;
    tr.send(msg(token + '-hidden'));
    r.hidden_sent = true;
    r.qt_after_delete = typeof window.qt;
  } catch (e) { r.error = String(e); }
  window.__docstart = r;
})();)JS";

// DocumentCreation script (qwebchannel.js, whose source is prepended): the channel's objects only
// exist after the Init round trip, so a post is possible only from the init callback.
const char kDocstartQwcJs[] = R"JS(
(function () {
  var t0 = performance.now(), token = 'qwc-' + Math.random().toString(36).slice(2);
  var r = {token: token, transport: !!(window.qt && window.qt.webChannelTransport), constructed: false,
           objects_sync: false, ready_ms: -1, error: null};
  window.__docstart = r;
  try {
    var c = new QWebChannel(window.qt.webChannelTransport, function (ch) {
      r.ready_ms = performance.now() - t0;
      ch.objects.bridge.post(JSON.stringify({type: 'docstart', token: token}));
    });
    r.constructed = true;
    r.objects_sync = !!(c.objects && c.objects.bridge);
  } catch (e) { r.error = String(e); }
})();)JS";

// Hardening (DocumentCreation, MainWorld): keep private references, subscribe to pushed(QString),
// echo every signal back through post(QString), then freeze qt and qt.webChannelTransport.
// Qt looks up window.qt.webChannelTransport.onmessage for every native -> JS message, so window.qt
// must stay; frozen, page scripts can no longer swap the receiver.
const char kHardeningJs[] = R"JS((function () {
  var qtObj = window.qt, tr = qtObj.webChannelTransport;
  function invoke(text) {
    tr.send('{"type":6,"object":"bridge","method":%POST%,"args":[' + JSON.stringify(text) + '],"id":1}');
  }
  tr.onmessage = function (m) {
    var msg = JSON.parse(m.data);
    if (msg.type === 1) invoke(JSON.stringify({type: 'echo', text: msg.args[0]}));
  };
  tr.send('{"type":7,"object":"bridge","signal":%PUSHED%}');
  Object.freeze(tr);
  Object.freeze(qtObj);
  Object.defineProperty(window, 'qt', {value: qtObj, writable: false, configurable: false, enumerable: false});
})();)JS";

// The page's own (hostile) attempts, in strict mode so that refusals throw.
const char kHardeningHtml[] = R"HTML(<!doctype html><html><body><script>
'use strict';
window.attempts = {};
function attempt(name, f) { try { f(); attempts[name] = 'allowed'; } catch (e) { attempts[name] = String(e); } }
attempt('replace_onmessage', () => { qt.webChannelTransport.onmessage = () => { window.hijacked = 'onmessage'; }; });
attempt('replace_window_qt', () => { window.qt = {webChannelTransport: {onmessage: () => { window.hijacked = 'qt'; }}}; });
attempt('delete_window_qt', () => { delete window.qt; });
attempts.page_can_still_send = typeof qt.webChannelTransport.send === 'function';
</script>hardening</body></html>)HTML";

// Runs in a frame (main, same-origin srcdoc iframe, cross-origin iframe): tries every transport.
const char kFrameProbeJs[] = R"JS(function (name) {
  var r = {frame: name, origin: location.origin, transport: !!(window.qt && window.qt.webChannelTransport),
           sent: false, error: null};
  function payload(via) { return JSON.stringify({type: 'probe', via: via, frame: name}); }
  try {
    window.qt.webChannelTransport.onmessage = function () {};
    window.qt.webChannelTransport.send('{"type":6,"object":"bridge","method":%POST%,"args":[' +
                                       JSON.stringify(payload('transport')) + '],"id":1}');
    r.sent = true;
  } catch (e) { r.error = String(e); }
  console.debug('%PREFIX%' + payload('console'));
  var x = new XMLHttpRequest();
  x.open('GET', 'avbench://ipc/post?' + encodeURIComponent(payload('scheme')));
  x.send();
  setTimeout(function () {  // a transport installed late would show up here
    r.transport_after_500ms = !!(window.qt && window.qt.webChannelTransport);
    parent.postMessage(JSON.stringify(r), '*');
  }, 500);
})JS";

// ---------------------------------------------------------------------------------------------

struct Stats
{
    double mean = 0, p50 = 0, p99 = 0, max = 0;
};
Stats statsUs(std::vector<double> v)
{
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    for (double x : v)
        s.mean += x;
    s.mean /= v.size();
    s.p50 = v[v.size() / 2];
    s.p99 = v[std::min(v.size() - 1, size_t(v.size() * 0.99))];
    s.max = v.back();
    return s;
}

QString envelopeText(int i)
{
    return QStringLiteral(R"({"type":"event","event":"export_scene","detail":{"path":"/tmp/x.fbx","format":"fbx","i":%1}})")
            .arg(i);
}
// JSON text as a JS single-quoted string literal (JSON never holds a raw newline, but be safe).
QString jsStringLiteral(const QString &text)
{
    QString out;
    out.reserve(text.size() + 16);
    out += QLatin1Char('\'');
    for (QChar c : text) {
        switch (c.unicode()) {
        case '\\': out += QLatin1String("\\\\"); break;
        case '\'': out += QLatin1String("\\'"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        default: out += c;
        }
    }
    out += QLatin1Char('\'');
    return out;
}

QString eventText(int i)
{
    return QStringLiteral(R"(["update_data",{"frame":%1,"objects":["cube","sphere"]}])").arg(i);
}

// CPU used by other processes while a measurement ran (this machine is shared): busy jiffies
// of the whole machine (/proc/stat) minus those this process and its descendants (the
// QtWebEngineProcess zygotes and renderers) used in the same window, as a percentage of all
// cores. Linux only; -1 elsewhere.
class CpuMeter
{
public:
    void start() { m_start = sample(); }
    double otherPercent() const
    {
        const Sample end = sample();
        const double all = double(end.total - m_start.total);
        if (m_start.total < 0 || all <= 0)
            return -1;
        qint64 ours = 0;  // per process, so that a renderer exiting in the window does not count
        for (auto it = end.ours.begin(); it != end.ours.end(); ++it)
            ours += it.value() - m_start.ours.value(it.key(), 0);
        const double other = double(end.busy - m_start.busy - ours);
        return std::round(std::max(0.0, other) / all * 1000) / 10;
    }
private:
    struct Sample
    {
        qint64 total = -1, busy = 0;
        QHash<qint64, qint64> ours;  // pid -> utime + stime
    };
    static Sample sample()
    {
        Sample s;
        QFile stat(QStringLiteral("/proc/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            return s;
        const QList<QByteArray> f = stat.readLine().simplified().split(' ');  // cpu user nice system idle iowait ...
        if (f.size() < 8)
            return s;
        s.total = 0;
        for (int i = 1; i <= 8 && i < f.size(); ++i)  // user .. steal (guest time is inside user)
            s.total += f[i].toLongLong();
        s.busy = s.total - f[4].toLongLong() - f[5].toLongLong();
        QHash<qint64, std::pair<qint64, qint64>> procs;  // pid -> (ppid, utime + stime)
        for (const QString &name : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool isPid = false;
            const qint64 pid = name.toLongLong(&isPid);
            QFile ps(QStringLiteral("/proc/%1/stat").arg(name));
            if (!isPid || !ps.open(QIODevice::ReadOnly))
                continue;
            const QByteArray line = ps.readAll();
            const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');  // fields 3..
            if (rest.size() > 12)
                procs.insert(pid, {rest[1].toLongLong(), rest[11].toLongLong() + rest[12].toLongLong()});
        }
        const qint64 self = QCoreApplication::applicationPid();
        for (auto it = procs.begin(); it != procs.end(); ++it)
            for (qint64 p = it.key(), hops = 0; p > 1 && hops < 16; p = procs.value(p).first, ++hops)
                if (p == self) {
                    s.ours.insert(it.key(), it.value().second);
                    break;
                }
        return s;
    }
    Sample m_start;
};

class Probe : public QObject
{
public:
    int nFire = 20000, nEmit = 20000, nRpc = 2000, repeat = 3, runTimeoutMs = 60000, settleMs = 30000;
    SchemeHandler *scheme = nullptr;

    // ---- inbound: every transport ends here -------------------------------------------------
    void intake(Via via, const QString &text, const QString &meta = {})
    {
        const qint64 t = nowNs();
        switch (m_mode) {
        case Mode::Count: {
            const QByteArray utf8 = text.toUtf8();  // what the shim would hand to core
            ++m_msgs;
            m_bytes += utf8.size();
            m_envelopes += utf8.count(kEnvelopeMarker);
            if (m_tDone < 0 && m_envelopes >= m_expected) {
                m_tDone = t;
                poke();
            }
            break;
        }
        case Mode::Rpc:
            m_rpcArrivals.push_back(t);
            answerCall(text.toUtf8());
            break;
        case Mode::Collect:
            m_collected.push_back({via, text, meta});
            poke();
            break;
        case Mode::Idle:  // e.g. late Responses after a run timed out
            break;
        }
    }
    QString onSlotCall(const QString &json)  // the QWebChannel return-value RPC reference
    {
        if (m_mode == Mode::Rpc)
            m_rpcArrivals.push_back(nowNs());
        return QString::fromUtf8(QJsonDocument(callResult(json.toUtf8())).toJson(QJsonDocument::Compact));
    }
    void onReport(const QString &json)
    {
        const qint64 t = nowNs();
        const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        if (o.contains(QLatin1String("error")))
            std::fprintf(stderr, "[page error] %s\n", qPrintable(json));
        m_reports.push_back({t, o});
        poke();
    }

    // ---- measurements ----------------------------------------------------------------------
    void checkIndices();
    void fire(const QString &kind, int batch);
    void emitEvents(const QString &kind, int batch);
    void rpc(const QString &kind, const QString &answer);
    void docstartRaw();
    void docstartQwc();
    void docstartAppWorld();
    void frames();
    void hardening();
    void protocol();
    void qjsonCost();
    void machine(const char *when);
    void printSummary() const;
    bool failed() const { return m_failures > 0; }

private:
    enum class Mode { Idle, Count, Rpc, Collect };
    QJsonObject fireOnce(const QString &kind, int batch);
    QJsonObject emitOnce(const QString &kind, int batch);
    void measure(QJsonObject head, const std::function<QJsonObject()> &once);
    struct Msg { Via via; QString text, meta; };
    struct Report { qint64 t; QJsonObject o; };

    void poke()
    {
        if (m_loop && m_until && m_until())
            m_loop->quit();
    }
    // Runs the event loop until pred() holds, the timeout passes or the renderer dies.
    bool waitFor(std::function<bool()> pred, int timeoutMs)
    {
        if (pred())
            return true;
        QEventLoop loop;
        QTimer timer;
        timer.setSingleShot(true);
        connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(timeoutMs);
        auto *outerLoop = m_loop;
        auto outerUntil = std::move(m_until);
        m_loop = &loop;
        m_until = [&] { return m_crashed || pred(); };
        loop.exec();
        m_loop = outerLoop;
        m_until = std::move(outerUntil);
        return pred();
    }
    void sleepMs(int ms) { waitFor([] { return false; }, ms); }
    // On a shared machine, waits (up to settleMs) for other processes to leave the CPUs mostly
    // idle before a timed run; every timed row reports other_cpu_pct so the effect stays visible.
    void settle()
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < settleMs) {
            CpuMeter cpu;
            cpu.start();
            sleepMs(250);
            const double other = cpu.otherPercent();
            if (other < 15)
                return;
        }
    }
    std::optional<Report> awaitReport(size_t from, const char *key, int timeoutMs)
    {
        auto find = [this, from, key]() -> const Report * {
            for (size_t i = from; i < m_reports.size(); ++i)
                if (m_reports[i].o.contains(QLatin1String(key)))
                    return &m_reports[i];
            return nullptr;
        };
        if (!waitFor([&] { return find() != nullptr; }, timeoutMs))
            return std::nullopt;
        return *find();
    }
    QVariant evalJs(const QString &src, quint32 world = 0, int timeoutMs = 10000)
    {
        auto box = std::make_shared<std::optional<QVariant>>();
        m_rig->page->runJavaScript(src, world, [this, box](const QVariant &v) {
            *box = v;
            poke();
        });
        waitFor([&] { return box->has_value(); }, timeoutMs);
        return box->value_or(QVariant());
    }
    QJsonObject evalJson(const QString &expr, quint32 world = 0)
    {
        return QJsonDocument::fromJson(evalJs(QStringLiteral("JSON.stringify(%1)").arg(expr), world)
                                               .toString().toUtf8()).object();
    }

    Rig &newRig(quint32 world = QWebEngineScript::MainWorld)
    {
        m_rig.reset();
        m_rig = std::make_unique<Rig>(world);
        m_crashed = false;
        m_loads = 0;
        connect(m_rig->page, &QWebEnginePage::renderProcessTerminated, this, [this](auto status, int code) {
            std::fprintf(stderr, "[probe] render process terminated: status %d code %d\n", int(status), code);
            m_crashed = true;
            poke();
        });
        connect(m_rig->page, &QWebEnginePage::loadFinished, this, [this](bool ok) {
            if (!ok)
                std::fprintf(stderr, "[probe] load failed: %s\n", qPrintable(m_rig->page->url().toString()));
            ++m_loads;
            poke();
        });
        return *m_rig;
    }
    QString benchHtml(bool withQwebchannelJs) const
    {
        const QMetaObject *mo = &Bridge::staticMetaObject;
        const QJsonObject cfg{
            {"mode", withQwebchannelJs ? "qwc" : "raw"},
            {"post", mo->indexOfMethod("post(QString)")},
            {"report", mo->indexOfMethod("report(QString)")},
            {"call", mo->indexOfMethod("call(QString)")},
            {"pushed", mo->indexOfMethod("pushed(QString)")},
            {"inbox", mo->indexOfProperty("inbox")},
            {"prefix", kConsolePrefix},
        };
        return QString::fromUtf8(kBenchHtml)
                .replace(QLatin1String("%HEAD%"),
                         withQwebchannelJs ? QLatin1String(R"(<script src="qrc:///qtwebchannel/qwebchannel.js"></script>)")
                                           : QLatin1String(""))
                .replace(QLatin1String("%CFG%"), QString::fromUtf8(QJsonDocument(cfg).toJson(QJsonDocument::Compact)));
    }
    static QString withIndices(const char *js)
    {
        return QString::fromUtf8(js)
                .replace(QLatin1String("%POST%"), QString::number(Bridge::staticMetaObject.indexOfMethod("post(QString)")))
                .replace(QLatin1String("%PUSHED%"), QString::number(Bridge::staticMetaObject.indexOfMethod("pushed(QString)")))
                .replace(QLatin1String("%PREFIX%"), QLatin1String(kConsolePrefix));
    }
    // Loads the bench page in a fresh rig and waits for its "ready" report.
    std::optional<QJsonObject> loadBench(bool withQwebchannelJs)
    {
        Rig &rig = newRig();
        const size_t from = m_reports.size();
        rig.page->setHtml(benchHtml(withQwebchannelJs));
        auto r = awaitReport(from, "ready", 30000);
        if (!r) {
            std::fprintf(stderr, "[probe] bench page never became ready (qwebchannel.js: %d)\n", withQwebchannelJs);
            return std::nullopt;
        }
        return r->o;
    }
    bool navigate(const std::function<void()> &start)
    {
        const int before = m_loads;
        start();
        return waitFor([&] { return m_loads > before; }, 30000);
    }
    QJsonObject callResult(const QByteArray &callJson) const
    {
        const QJsonObject call = QJsonDocument::fromJson(callJson).object();
        const QJsonObject params = call.value(QLatin1String("params")).toObject();
        return QJsonObject{{"old", params.value(QLatin1String("old_name"))},
                           {"new", params.value(QLatin1String("new_name"))},
                           {"id", call.value(QLatin1String("id"))}};
    }
    void answerCall(const QByteArray &callJson)
    {
        const QJsonObject r = callResult(callJson);
        const QJsonObject res{{"id", r.value(QLatin1String("id"))}, {"ok", true}, {"result", r}};
        const QString batch = QStringLiteral(R"([["__auroraview_call_result",%1]])")
                                      .arg(QString::fromUtf8(QJsonDocument(res).toJson(QJsonDocument::Compact)));
        if (m_answerBySignal)
            emit m_rig->bridge.pushed(batch);
        else
            m_rig->page->runJavaScript(QLatin1String("__d(") + batch + QLatin1Char(')'));
    }
    void row(QJsonObject o)
    {
        // The scheme rows are references whose failures are findings (fetch() is refused by Qt
        // 6.4, XHR floods lose requests); any other failure makes the exit code 1.
        if (o.value(QLatin1String("ok")) == false
            && !o.value(QLatin1String("transport")).toString().startsWith(QLatin1String("scheme")))
            ++m_failures;
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        m_rows.push_back(std::move(o));
    }

    std::unique_ptr<Rig> m_rig;
    Mode m_mode = Mode::Idle;
    qint64 m_expected = 0, m_envelopes = 0, m_msgs = 0, m_bytes = 0, m_tDone = -1;
    std::vector<qint64> m_rpcArrivals;
    std::vector<Msg> m_collected;
    std::vector<Report> m_reports;
    std::vector<QJsonObject> m_rows;
    QEventLoop *m_loop = nullptr;
    std::function<bool()> m_until;
    bool m_crashed = false, m_answerBySignal = false;
    int m_loads = 0, m_failures = 0;
};

void Bridge::setInbox(const QString &text) { if (g_probe) g_probe->intake(Via::WebChannel, text); }
void Bridge::post(const QString &text) { if (g_probe) g_probe->intake(Via::WebChannel, text); }
void Bridge::report(const QString &json) { if (g_probe) g_probe->onReport(json); }
QString Bridge::call(const QString &json) { return g_probe ? g_probe->onSlotCall(json) : QString(); }

void Page::javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &message, int line,
                                    const QString &source)
{
    if (!g_probe)
        return;
    if (message.startsWith(QLatin1String(kConsolePrefix)))
        g_probe->intake(Via::Console, message.mid(int(sizeof kConsolePrefix) - 1), source);
    else if (++m_logged <= 10)  // page errors, e.g. Chromium's own "Fetch API cannot load ..."
        std::fprintf(stderr, "[js] %s:%d: %s%s\n", qPrintable(source.left(60)), line, qPrintable(message.left(300)),
                     m_logged == 10 ? " (further console messages of this page not shown)" : "");
}

void SchemeHandler::requestStarted(QWebEngineUrlRequestJob *job)
{
    const QUrl url = job->requestUrl();
    auto *body = new QBuffer(job);
    if (url.host() == QLatin1String("ipc")) {
        if (g_probe)
            g_probe->intake(Via::Scheme,
                        QString::fromUtf8(QByteArray::fromPercentEncoding(url.query(QUrl::FullyEncoded).toLatin1())),
                        job->initiator().toString());
    } else if (url.host() == QLatin1String("app")) {
        body->setData(appHtml);
    } else if (url.host() == QLatin1String("other")) {
        body->setData(frameHtml);
    } else {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    body->open(QIODevice::ReadOnly);
    job->reply(url.host() == QLatin1String("ipc") ? "text/plain" : "text/html", body);
}

// ---------------------------------------------------------------------------------------------

void Probe::checkIndices()
{
    auto ready = loadBench(false);
    const QMetaObject *mo = &Bridge::staticMetaObject;
    const QJsonObject meta{{"post", mo->indexOfMethod("post(QString)")},
                           {"report", mo->indexOfMethod("report(QString)")},
                           {"call", mo->indexOfMethod("call(QString)")},
                           {"pushed", mo->indexOfMethod("pushed(QString)")},
                           {"inbox", mo->indexOfProperty("inbox")}};
    const QJsonObject hs = ready ? ready->value(QLatin1String("handshake")).toObject() : QJsonObject();
    row({{"test", "webchannel_indices"}, {"metaobject", meta}, {"handshake", hs}, {"ok", bool(ready) && hs == meta}});
}

// One run on a fresh page: returns ok, msgs_per_s and the details.
QJsonObject Probe::fireOnce(const QString &kind, int batch)
{
    QJsonObject o;
    if (!loadBench(kind == QLatin1String("qwebchannel_js"))) {
        o["ok"] = false;
        return o;
    }
    m_mode = Mode::Count;
    m_expected = nFire;
    m_envelopes = m_msgs = m_bytes = 0;
    m_tDone = -1;
    auto jsLoopMs = std::make_shared<double>(-1);
    const size_t from = m_reports.size();
    const qint64 t0 = nowNs();
    m_rig->page->runJavaScript(QStringLiteral("__fire('%1',%2,%3)").arg(kind).arg(nFire).arg(batch), 0,
                               [jsLoopMs](const QVariant &v) { *jsLoopMs = v.toDouble(); });
    auto pageError = [this, from] {
        return std::any_of(m_reports.begin() + from, m_reports.end(),
                           [](const Report &r) { return r.o.contains(QLatin1String("error")); });
    };
    const bool ok = waitFor([&] { return m_tDone >= 0 || pageError(); }, runTimeoutMs) && m_tDone >= 0;
    m_mode = Mode::Idle;
    evalJs(QStringLiteral("0"));  // flushes the __fire callback (callbacks arrive in order)
    o["ok"] = ok;
    o["received"] = m_envelopes;
    o["transport_msgs"] = m_msgs;
    o["bytes"] = m_bytes;
    o["js_send_loop_ms"] = std::round(*jsLoopMs * 10) / 10;
    if (ok) {
        const double s = (m_tDone - t0) / 1e9;
        o["ms"] = std::round(s * 1e4) / 10;
        o["msgs_per_s"] = std::round(nFire / s);
    }
    if (kind.startsWith(QLatin1String("scheme")))
        o["request_errors"] = evalJson(QStringLiteral("schemeErr"));
    for (auto it = m_reports.begin() + from; it != m_reports.end(); ++it)
        if (it->o.contains(QLatin1String("error")))
            o["error"] = it->o.value(QLatin1String("error"));
    return o;
}

// kind: run_js (runJavaScript("__d([...])"), an object literal the page compiles as script),
// run_js_json (runJavaScript("__dj('...')"), the same JSON as a string literal for JSON.parse),
// qwebchannel_signal (pushed(QString) received through qwebchannel.js), raw_signal (the same
// signal received by a hand-written onmessage, no qwebchannel.js).
QJsonObject Probe::emitOnce(const QString &kind, int batch)
{
    QJsonObject o;
    if (!loadBench(kind == QLatin1String("qwebchannel_signal"))) {
        o["ok"] = false;
        return o;
    }
    evalJs(QStringLiteral("__expect(%1)").arg(nEmit));
    const size_t from = m_reports.size();
    const qint64 t0 = nowNs();
    int deliveries = 0;
    for (int i = 0; i < nEmit; i += batch, ++deliveries) {
        QString json = QStringLiteral("[");
        for (int j = i; j < i + batch && j < nEmit; ++j) {
            if (j > i)
                json += QLatin1Char(',');
            json += eventText(j);
        }
        json += QLatin1Char(']');
        if (kind == QLatin1String("run_js"))
            m_rig->page->runJavaScript(QLatin1String("__d(") + json + QLatin1Char(')'));
        else if (kind == QLatin1String("run_js_json"))
            m_rig->page->runJavaScript(QLatin1String("__dj(") + jsStringLiteral(json) + QLatin1Char(')'));
        else
            emit m_rig->bridge.pushed(json);
    }
    const qint64 tQueued = nowNs();
    auto done = awaitReport(from, "done", runTimeoutMs);
    o["ok"] = bool(done);
    o["transport_msgs"] = deliveries;
    o["native_queue_ms"] = std::round((tQueued - t0) / 1e5) / 10;
    if (done) {
        const double s = (done->t - t0) / 1e9;
        o["ms"] = std::round(s * 1e4) / 10;
        o["msgs_per_s"] = std::round(nEmit / s);
    }
    return o;
}

// Repeats a throughput run (fresh page each time, stops at the first failure) and prints one
// row: the run with the median rate, plus every rate measured.
void Probe::measure(QJsonObject head, const std::function<QJsonObject()> &once)
{
    std::vector<QJsonObject> runs;
    while (int(runs.size()) < repeat) {
        m_rig.reset();  // the previous page's renderer winds down outside the measured window
        settle();
        CpuMeter cpu;
        cpu.start();
        runs.push_back(once());
        runs.back()["other_cpu_pct"] = cpu.otherPercent();
        if (!runs.back().value(QLatin1String("ok")).toBool())
            break;
    }
    const bool ok = runs.back().value(QLatin1String("ok")).toBool();
    QJsonArray rates;
    for (const QJsonObject &r : runs)
        rates.append(r.value(QLatin1String("msgs_per_s")));
    if (ok)
        std::sort(runs.begin(), runs.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a.value(QLatin1String("msgs_per_s")).toDouble() < b.value(QLatin1String("msgs_per_s")).toDouble();
        });
    const QJsonObject &pick = ok ? runs[runs.size() / 2] : runs.back();
    for (auto it = pick.begin(); it != pick.end(); ++it)
        head[it.key()] = it.value();
    head["runs_msgs_per_s"] = rates;
    row(head);
}

void Probe::fire(const QString &kind, int batch)
{
    measure({{"test", "fire"}, {"transport", kind}, {"batch", batch}, {"n", nFire}},
            [&] { return fireOnce(kind, batch); });
}

void Probe::emitEvents(const QString &kind, int batch)
{
    measure({{"test", "emit"}, {"transport", kind}, {"batch", batch}, {"n", nEmit}},
            [&] { return emitOnce(kind, batch); });
}

// kind: how JS sends the call; answer: run_js (runJavaScript("__d([...])")) or signal
// (pushed(QString) over the same transport), or the slot's return value (qwebchannel_return).
void Probe::rpc(const QString &kind, const QString &answer)
{
    const bool qwc = kind.startsWith(QLatin1String("qwebchannel"));
    QJsonObject o{{"test", "rpc"}, {"transport", kind}, {"answer", answer}, {"n", nRpc}};
    if (!loadBench(qwc)) {
        o["ok"] = false;
        return row(o);
    }
    m_answerBySignal = answer == QLatin1String("signal");
    settle();
    CpuMeter cpu;
    cpu.start();
    m_rpcArrivals.clear();
    m_rpcArrivals.reserve(nRpc);
    m_mode = Mode::Rpc;
    const size_t from = m_reports.size();
    const qint64 t0 = nowNs();
    m_rig->page->runJavaScript(QStringLiteral("__rpc('%1',%2)").arg(kind).arg(nRpc));
    auto done = awaitReport(from, "done", runTimeoutMs);
    m_mode = Mode::Idle;
    o["ok"] = bool(done) && int(m_rpcArrivals.size()) == nRpc;
    o["calls_seen"] = int(m_rpcArrivals.size());
    if (done) {
        std::vector<double> rt;
        for (size_t k = 1; k < m_rpcArrivals.size(); ++k)
            rt.push_back((m_rpcArrivals[k] - m_rpcArrivals[k - 1]) / 1e3);
        const Stats s = statsUs(rt);
        o["mean_us"] = std::round(s.mean);
        o["p50_us"] = std::round(s.p50);
        o["p99_us"] = std::round(s.p99);
        o["max_us"] = std::round(s.max);
        o["js_mean_us"] = std::round(done->o.value(QLatin1String("js_mean_us")).toDouble());
        o["total_ms"] = std::round((done->t - t0) / 1e5) / 10;
    }
    o["other_cpu_pct"] = cpu.otherPercent();
    row(o);
}

// Is qt.webChannelTransport usable synchronously at DocumentCreation (MainWorld channel)?
// Three fresh views, four navigations each: first setHtml of a new view, a second setHtml,
// a navigation to another origin (avbench://app/, may swap the renderer process), reload().
void Probe::docstartRaw()
{
    const QString html = QStringLiteral("<!doctype html><html><body>docstart</body></html>");
    scheme->appHtml = html.toUtf8();
    int total = 0, sync = 0, delivered = 0, hiddenDelivered = 0;
    QJsonArray failures;
    for (int v = 0; v < 3; ++v) {
        Rig &rig = newRig();
        rig.addScript(QStringLiteral("docstart"), withIndices(kDocstartRawJs),
                      QWebEngineScript::DocumentCreation, QWebEngineScript::MainWorld);
        const std::vector<std::pair<const char *, std::function<void()>>> navs{
                {"setHtml (new view)", [&] { rig.page->setHtml(html); }},
                {"setHtml again", [&] { rig.page->setHtml(html); }},
                {"load avbench://app/ (other origin)", [&] { rig.page->load(QUrl(QStringLiteral("avbench://app/probe.html"))); }},
                {"reload", [&] { rig.page->triggerAction(QWebEnginePage::Reload); }},
        };
        for (const auto &[name, start] : navs) {
            m_collected.clear();
            m_mode = Mode::Collect;
            const bool loaded = navigate(start);
            const QJsonObject r = evalJson(QStringLiteral("window.__docstart || null"));
            const QString token = r.value(QLatin1String("token")).toString();
            auto seen = [&](const QString &t) {
                return std::any_of(m_collected.begin(), m_collected.end(), [&](const Msg &m) {
                    return m.text.contains(QLatin1String("\"") + t + QLatin1String("\""));
                });
            };
            const bool got = !token.isEmpty() && waitFor([&] { return seen(token); }, 3000);
            const bool gotHidden = !token.isEmpty() && waitFor([&] { return seen(token + QLatin1String("-hidden")); }, 1000);
            m_mode = Mode::Idle;
            ++total;
            const bool ok = loaded && r.value(QLatin1String("sent")).toBool();
            sync += ok;
            delivered += got;
            hiddenDelivered += gotHidden;
            if (!ok || !got)
                failures.append(QJsonObject{{"nav", name}, {"view", v}, {"page", r}, {"delivered", got}});
        }
    }
    row({{"test", "docstart"}, {"transport", "raw_transport"}, {"world", "MainWorld"},
         {"navigations", total}, {"sync_send_ok", sync}, {"delivered", delivered},
         {"delivered_after_delete_window_qt", hiddenDelivered}, {"failures", failures},
         {"ok", sync == total && delivered == total}});
}

// qwebchannel.js injected at DocumentCreation: the QWebChannel can be constructed at once, but
// its objects exist only after the Init round trip.
void Probe::docstartQwc()
{
    QFile js(QStringLiteral(":/qtwebchannel/qwebchannel.js"));
    if (!js.open(QIODevice::ReadOnly)) {
        row({{"test", "docstart"}, {"transport", "qwebchannel_js"}, {"ok", false},
             {"error", "qrc :/qtwebchannel/qwebchannel.js not readable"}});
        return;
    }
    const QString html = QStringLiteral("<!doctype html><html><body>docstart</body></html>");
    scheme->appHtml = html.toUtf8();
    Rig &rig = newRig();
    rig.addScript(QStringLiteral("qwc"), QString::fromUtf8(js.readAll()) + QString::fromUtf8(kDocstartQwcJs),
                  QWebEngineScript::DocumentCreation, QWebEngineScript::MainWorld);
    QJsonArray runs;
    std::vector<double> readyMs;
    int total = 0, constructed = 0, objectsSync = 0, delivered = 0;
    const std::vector<std::function<void()>> navs{
            [&] { rig.page->setHtml(html); }, [&] { rig.page->setHtml(html); },
            [&] { rig.page->load(QUrl(QStringLiteral("avbench://app/probe.html"))); },
            [&] { rig.page->triggerAction(QWebEnginePage::Reload); }};
    for (const auto &start : navs) {
        m_collected.clear();
        m_mode = Mode::Collect;
        navigate(start);
        const bool got = waitFor([&] { return !m_collected.empty(); }, 5000);
        m_mode = Mode::Idle;
        const QJsonObject r = evalJson(QStringLiteral("window.__docstart || null"));
        ++total;
        constructed += r.value(QLatin1String("constructed")).toBool();
        objectsSync += r.value(QLatin1String("objects_sync")).toBool();
        delivered += got;
        if (r.value(QLatin1String("ready_ms")).toDouble() >= 0)
            readyMs.push_back(r.value(QLatin1String("ready_ms")).toDouble());
        runs.append(r);
    }
    const Stats s = statsUs(readyMs);
    row({{"test", "docstart"}, {"transport", "qwebchannel_js"}, {"world", "MainWorld"},
         {"navigations", total}, {"constructed_sync", constructed}, {"objects_sync", objectsSync},
         {"post_after_init_delivered", delivered}, {"init_round_trip_ms_mean", std::round(s.mean * 10) / 10},
         {"init_round_trip_ms_max", std::round(s.max * 10) / 10}, {"runs", runs},
         {"ok", constructed == total && delivered == total}});
}

// Channel in ApplicationWorld: does the page's MainWorld see qt at all, and is the transport
// synchronous in an ApplicationWorld DocumentCreation script?
void Probe::docstartAppWorld()
{
    const QString html = QStringLiteral("<!doctype html><html><body>docstart</body></html>");
    Rig &rig = newRig(QWebEngineScript::ApplicationWorld);
    rig.addScript(QStringLiteral("mw"), QStringLiteral("window.__mw = {qt: typeof window.qt};"),
                  QWebEngineScript::DocumentCreation, QWebEngineScript::MainWorld);
    rig.addScript(QStringLiteral("aw"), withIndices(kDocstartRawJs), QWebEngineScript::DocumentCreation,
                  QWebEngineScript::ApplicationWorld);
    QJsonArray runs;
    int total = 0, mainSeesQt = 0, sync = 0, delivered = 0;
    for (int k = 0; k < 3; ++k) {
        m_collected.clear();
        m_mode = Mode::Collect;
        navigate([&] { rig.page->setHtml(html); });
        const QJsonObject aw = evalJson(QStringLiteral("window.__docstart || null"), QWebEngineScript::ApplicationWorld);
        const QJsonObject mw = evalJson(QStringLiteral("window.__mw || null"));
        const QString mwLater = evalJs(QStringLiteral("typeof window.qt")).toString();
        const QString token = aw.value(QLatin1String("token")).toString();
        const bool got = !token.isEmpty() && waitFor([&] {
            return std::any_of(m_collected.begin(), m_collected.end(),
                               [&](const Msg &m) { return m.text.contains(token); });
        }, 3000);
        m_mode = Mode::Idle;
        ++total;
        mainSeesQt += mw.value(QLatin1String("qt")).toString() != QLatin1String("undefined")
                || mwLater != QLatin1String("undefined");
        sync += aw.value(QLatin1String("sent")).toBool();
        delivered += got;
        runs.append(QJsonObject{{"main_world_at_creation", mw}, {"main_world_after_load", mwLater}, {"app_world", aw}});
    }
    row({{"test", "docstart"}, {"transport", "raw_transport"}, {"world", "ApplicationWorld"},
         {"navigations", total}, {"main_world_sees_qt", mainSeesQt}, {"app_world_sync_send_ok", sync},
         {"delivered", delivered}, {"runs", runs}, {"ok", sync == total && delivered == total && mainSeesQt == 0}});
}

// Which frames can reach native, per transport: the main frame, a same-origin srcdoc iframe and
// a cross-origin iframe (avbench://other/). The channel is in MainWorld.
void Probe::frames()
{
    const QString probeJs = withIndices(kFrameProbeJs);
    scheme->frameHtml = (QStringLiteral("<!doctype html><html><body><script>(") + probeJs
                         + QStringLiteral(")('cross-origin iframe');</script></body></html>")).toUtf8();
    const QString html = QStringLiteral(
            "<!doctype html><html><body><script>\n"
            "window.__frames = [];\n"
            "addEventListener('message', e => window.__frames.push(JSON.parse(e.data)));\n"
            "const probe = %1;\n"
            "probe('main frame');\n"
            "const a = document.createElement('iframe');\n"
            "a.srcdoc = '<script>(' + probe.toString() + ')(\"same-origin srcdoc iframe\")<' + '/script>';\n"
            "document.body.appendChild(a);\n"
            "const b = document.createElement('iframe');\n"
            "b.src = 'avbench://other/frame.html';\n"
            "document.body.appendChild(b);\n"
            "</script></body></html>").arg(probeJs);
    Rig &rig = newRig();
    m_collected.clear();
    m_mode = Mode::Collect;
    navigate([&] { rig.page->setHtml(html); });
    waitFor([&] { return evalJs(QStringLiteral("window.__frames.length")).toInt() >= 3; }, 10000);
    sleepMs(1000);  // stragglers: there is no "all delivered" signal for the ones that get dropped
    m_mode = Mode::Idle;
    const QJsonArray frameReports = QJsonDocument::fromJson(
            evalJs(QStringLiteral("JSON.stringify(window.__frames)")).toString().toUtf8()).array();
    QJsonArray out;
    for (const QJsonValue &f : frameReports) {
        QJsonObject fo = f.toObject();
        const QString name = fo.value(QLatin1String("frame")).toString();
        QJsonObject reached;
        for (Via via : {Via::WebChannel, Via::Console, Via::Scheme}) {
            QString meta;
            bool got = false;
            for (const Msg &m : m_collected) {
                const QJsonObject p = QJsonDocument::fromJson(m.text.toUtf8()).object();
                if (m.via == via && p.value(QLatin1String("frame")).toString() == name) {
                    got = true;
                    meta = m.meta;
                }
            }
            reached[QLatin1String(viaName(via))] = got;
            if (got && via == Via::Scheme)
                fo["scheme_initiator"] = meta;
            if (got && via == Via::Console)
                fo["console_source"] = meta.left(60);
        }
        fo["reaches_native"] = reached;
        out.append(fo);
    }
    row({{"test", "frames"}, {"world", "MainWorld"}, {"frames", out}, {"ok", out.size() == 3}});
}

// What the transport does with messages that break the QWebChannel protocol; a valid message
// sent last shows the page keeps working. Qt's own complaints go to stderr.
void Probe::protocol()
{
    if (!loadBench(false))
        return row({{"test", "protocol"}, {"ok", false}});
    const int post = Bridge::staticMetaObject.indexOfMethod("post(QString)");
    const std::vector<std::pair<const char *, QString>> cases{
            {"invoke without id", QStringLiteral(R"('{"type":6,"object":"bridge","method":%1,"args":["case-1"]}')").arg(post)},
            {"invoke by method name", QStringLiteral(R"('{"type":6,"object":"bridge","method":"post","args":["case-2"],"id":9}')")},
            {"JSON array, not object", QStringLiteral(R"('["case-3"]')")},
            {"not JSON", QStringLiteral(R"('{"case-4"')")},
            {"not a string", QStringLiteral(R"({type: 6, object: 'bridge', method: %1, args: ['case-5'], id: 9})").arg(post)},
            {"valid invoke", QStringLiteral(R"('{"type":6,"object":"bridge","method":%1,"args":["case-6"],"id":9}')").arg(post)},
    };
    QJsonArray out;
    for (size_t i = 0; i < cases.size(); ++i) {
        m_collected.clear();
        m_mode = Mode::Collect;
        const QString thrown = evalJs(QStringLiteral("(() => { try { window.qt.webChannelTransport.send(%1); return ''; }"
                                                     " catch (e) { return String(e); } })()").arg(cases[i].second)).toString();
        const bool got = waitFor([&] { return !m_collected.empty(); }, 1000);
        m_mode = Mode::Idle;
        std::fprintf(stderr, "[protocol] case %d (%s): %s\n", int(i + 1), cases[i].first, got ? "delivered" : "not delivered");
        out.append(QJsonObject{{"case", cases[i].first}, {"delivered", got}, {"thrown", thrown}});
    }
    row({{"test", "protocol"}, {"cases", out}, {"ok", out.last()[QLatin1String("delivered")].toBool()}});
}

void Probe::hardening()
{
    Rig &rig = newRig();
    rig.addScript(QStringLiteral("bridge"), withIndices(kHardeningJs), QWebEngineScript::DocumentCreation,
                  QWebEngineScript::MainWorld);
    QJsonArray runs;
    int echoed = 0, hijacked = 0, total = 0;
    for (int k = 0; k < 2; ++k) {
        m_collected.clear();
        m_mode = Mode::Collect;
        navigate([&] {
            if (k == 0)
                rig.page->setHtml(QString::fromUtf8(kHardeningHtml));
            else
                rig.page->triggerAction(QWebEnginePage::Reload);
        });
        const QString text = QStringLiteral("ping-%1").arg(k);
        emit rig.bridge.pushed(text);
        const bool got = waitFor([&] {
            return std::any_of(m_collected.begin(), m_collected.end(),
                               [&](const Msg &m) { return m.text.contains(text); });
        }, 3000);
        m_mode = Mode::Idle;
        const QJsonObject attempts = evalJson(QStringLiteral("window.attempts"));
        const QString hijack = evalJs(QStringLiteral("String(window.hijacked)")).toString();
        ++total;
        echoed += got;
        hijacked += hijack != QLatin1String("undefined");
        runs.append(QJsonObject{{"attempts", attempts}, {"hijacked", hijack}, {"signal_reached_bridge", got}});
    }
    row({{"test", "hardening"}, {"world", "MainWorld"}, {"navigations", total}, {"signal_reached_bridge", echoed},
         {"hijacked", hijacked}, {"runs", runs}, {"ok", echoed == total && hijacked == 0}});
}

// What Qt's parse of every QWebChannel transport message into a QJsonObject costs on the
// native side, per transport message and per envelope, against a plain scan of the payload.
void Probe::qjsonCost()
{
    const int post = Bridge::staticMetaObject.indexOfMethod("post(QString)");
    for (int batch : {1, 100, 1000}) {
        QString payload;
        if (batch == 1) {
            payload = envelopeText(7);
        } else {
            payload = QStringLiteral("[");
            for (int i = 0; i < batch; ++i)
                payload += (i ? QStringLiteral(",") : QString()) + envelopeText(i);
            payload += QLatin1Char(']');
        }
        const QByteArray args = QJsonDocument(QJsonArray{payload}).toJson(QJsonDocument::Compact);
        const QByteArray msg = R"({"type":6,"object":"bridge","method":)" + QByteArray::number(post)
                + R"(,"args":)" + args + R"(,"id":12345})";
        const QByteArray payloadUtf8 = payload.toUtf8();
        auto timeIt = [](const std::function<qint64()> &f) {
            qint64 sink = 0, iters = 0;
            QElapsedTimer t;
            t.start();
            while (t.nsecsElapsed() < 300'000'000) {
                sink += f();
                ++iters;
            }
            return std::pair<double, qint64>(double(t.nsecsElapsed()) / iters, sink);
        };
        // Browser side of the transport: QJsonDocument::fromJson -> QJsonObject, then what the
        // publisher does to reach the slot (args array -> QString), then the shim's toUtf8().
        const auto [parseNs, c0] = timeIt([&] { return qint64(QJsonDocument::fromJson(msg).object().size()); });
        const auto [fullNs, c1] = timeIt([&] {
            const QJsonObject o = QJsonDocument::fromJson(msg).object();
            const QString s = o.value(QLatin1String("args")).toArray().at(0).toString();
            return qint64(s.toUtf8().count(kEnvelopeMarker)) + o.value(QLatin1String("method")).toInt();
        });
        const auto [scanNs, c2] = timeIt([&] { return qint64(payloadUtf8.count(kEnvelopeMarker)); });
        row({{"test", "qjson_cost"}, {"batch", batch}, {"msg_bytes", msg.size()},
             {"fromjson_ns_per_msg", std::round(parseNs)}, {"fromjson_MB_per_s", std::round(msg.size() / parseNs * 1e3)},
             {"to_utf8_payload_ns_per_msg", std::round(fullNs)},
             {"to_utf8_payload_ns_per_envelope", std::round(fullNs / batch)},
             {"scan_ns_per_envelope", std::round(scanNs / batch * 10) / 10},
             {"ok", c0 > 0 && c1 > 0 && c2 > 0}});
    }
}

// Where and under what load the numbers were taken (other work on a 2-core machine skews them).
void Probe::machine(const char *when)
{
    QFile f(QStringLiteral("/proc/loadavg"));
    const QString load = f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2)
                                                     : QStringLiteral("n/a");
    row({{"test", "machine"}, {"when", when}, {"qt", qVersion()}, {"cores", QThread::idealThreadCount()},
         {"loadavg", load}, {"ok", true}});
}

void Probe::printSummary() const
{
    std::printf("\n| test | transport | batch | result | transport msgs | ms | other CPU %% |\n"
                "|---|---|---|---|---|---|---|\n");
    for (const QJsonObject &o : m_rows) {
        const QString test = o.value(QLatin1String("test")).toString();
        const bool ok = o.value(QLatin1String("ok")).toBool();
        auto num = [&](const char *k) { return QString::number(o.value(QLatin1String(k)).toDouble()); };
        QString result, msgs, ms;
        if (test == QLatin1String("fire") || test == QLatin1String("emit")) {
            result = ok ? num("msgs_per_s") + QStringLiteral(" msgs/s")
                        : QStringLiteral("FAILED (%1 of %2)").arg(num("received"), num("n"));
            msgs = num("transport_msgs");
            ms = ok ? num("ms") : QStringLiteral("-");
        } else if (test == QLatin1String("rpc")) {
            result = ok ? QStringLiteral("mean %1 / p50 %2 / p99 %3 us (answer: %4)")
                                  .arg(num("mean_us"), num("p50_us"), num("p99_us"), o.value(QLatin1String("answer")).toString())
                        : QStringLiteral("FAILED");
            msgs = num("n");
            ms = num("total_ms");
        } else if (test == QLatin1String("qjson_cost")) {
            result = QStringLiteral("fromJson %1 us/msg (%2 MB/s); to UTF-8 payload %3 ns/envelope; scan %4 ns/envelope")
                             .arg(QString::number(o.value(QLatin1String("fromjson_ns_per_msg")).toDouble() / 1e3, 'f', 1),
                                  num("fromjson_MB_per_s"), num("to_utf8_payload_ns_per_envelope"),
                                  num("scan_ns_per_envelope"));
        } else if (test == QLatin1String("docstart") || test == QLatin1String("hardening")) {
            QStringList parts;
            for (const char *k : {"sync_send_ok", "constructed_sync", "objects_sync", "delivered",
                                  "delivered_after_delete_window_qt", "post_after_init_delivered",
                                  "main_world_sees_qt", "app_world_sync_send_ok", "signal_reached_bridge", "hijacked"})
                if (o.contains(QLatin1String(k)))
                    parts << QStringLiteral("%1 %2/%3").arg(QLatin1String(k), num(k), num("navigations"));
            if (o.contains(QLatin1String("init_round_trip_ms_mean")))
                parts << QStringLiteral("init round trip %1 ms").arg(num("init_round_trip_ms_mean"));
            result = o.value(QLatin1String("world")).toString() + QLatin1String(": ") + parts.join(QLatin1String(", "));
        } else if (test == QLatin1String("machine")) {
            result = QStringLiteral("%1: Qt %2, %3 cores, loadavg %4")
                             .arg(o.value(QLatin1String("when")).toString(), o.value(QLatin1String("qt")).toString(),
                                  num("cores"), o.value(QLatin1String("loadavg")).toString());
        } else if (test == QLatin1String("protocol")) {
            QStringList parts;
            for (const QJsonValue &c : o.value(QLatin1String("cases")).toArray())
                parts << c[QLatin1String("case")].toString() + QLatin1String(": ")
                                + (c[QLatin1String("delivered")].toBool() ? QLatin1String("delivered") : QLatin1String("dropped"))
                                + (c[QLatin1String("thrown")].toString().isEmpty() ? QString()
                                   : QLatin1String(" (") + c[QLatin1String("thrown")].toString() + QLatin1Char(')'));
            result = parts.join(QLatin1String("; "));
        } else if (test == QLatin1String("frames")) {
            QStringList parts;
            for (const QJsonValue &f : o.value(QLatin1String("frames")).toArray()) {
                QStringList vias;
                const QJsonObject reached = f[QLatin1String("reaches_native")].toObject();
                for (auto it = reached.begin(); it != reached.end(); ++it)
                    if (it.value().toBool())
                        vias << it.key();
                parts << f[QLatin1String("frame")].toString() + QLatin1String(" -> ") + vias.join(QLatin1Char('+'));
            }
            result = QLatin1String("reach native: ") + parts.join(QLatin1String("; "));
        } else {
            result = ok ? QStringLiteral("ok") : QStringLiteral("FAILED");
        }
        std::printf("| %s | %s | %s | %s | %s | %s | %s |\n", qPrintable(test),
                    qPrintable(o.value(QLatin1String("transport")).toString()),
                    o.contains(QLatin1String("batch")) ? qPrintable(num("batch")) : "",
                    qPrintable(result), qPrintable(msgs), qPrintable(ms),
                    o.contains(QLatin1String("other_cpu_pct")) ? qPrintable(num("other_cpu_pct")) : "");
    }
    std::fflush(stdout);
}

// Ends the process if the whole run takes too long, whatever the event loop is doing.
class Watchdog
{
public:
    explicit Watchdog(int seconds)
        : m_thread([this, seconds] {
              std::unique_lock<std::mutex> lock(m_mutex);
              if (!m_cv.wait_for(lock, std::chrono::seconds(seconds), [this] { return m_stop; })) {
                  std::printf("{\"test\":\"watchdog\",\"ok\":false,\"error\":\"total time limit of %d s reached\"}\n", seconds);
                  std::fflush(stdout);
                  std::_Exit(3);
              }
          })
    {}
    ~Watchdog()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace

int main(int argc, char **argv)
{
    g_clock.start();
    // Custom schemes must be registered before the QApplication exists.
    QWebEngineUrlScheme scheme(kScheme);
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Host);
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme | QWebEngineUrlScheme::CorsEnabled
                    | QWebEngineUrlScheme::LocalAccessAllowed);
    QWebEngineUrlScheme::registerScheme(scheme);
    QApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);

    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("JS <-> native transport probe for Qt WebEngine"));
    cli.addHelpOption();
    const QCommandLineOption nFire(QStringLiteral("n-fire"), "envelopes per JS -> native run", "N", "20000");
    const QCommandLineOption nEmit(QStringLiteral("n-emit"), "events per native -> JS run", "N", "20000");
    const QCommandLineOption nRpc(QStringLiteral("n-rpc"), "sequential calls per RPC run", "N", "2000");
    const QCommandLineOption only(QStringLiteral("only"), "comma list of groups: indices,fire,emit,rpc,docstart,frames,hardening,protocol,qjson",
                                  "LIST", "indices,fire,emit,rpc,docstart,frames,hardening,protocol,qjson");
    const QCommandLineOption repeat(QStringLiteral("repeat"), "runs per throughput measurement (median shown)", "R", "3");
    const QCommandLineOption settle(QStringLiteral("settle"), "seconds to wait at most, before each timed run, for other processes to idle", "S", "30");
    const QCommandLineOption runTimeout(QStringLiteral("run-timeout"), "seconds per measurement", "S", "60");
    const QCommandLineOption totalTimeout(QStringLiteral("total-timeout"), "seconds for the whole run", "S", "3600");
    cli.addOptions({nFire, nEmit, nRpc, repeat, only, settle, runTimeout, totalTimeout});
    cli.process(app);

    Watchdog watchdog(cli.value(totalTimeout).toInt());
    auto *handler = new SchemeHandler(&app);
    QWebEngineProfile::defaultProfile()->installUrlSchemeHandler(kScheme, handler);

    int rc = 0;
    {
        Probe probe;
        g_probe = &probe;
        probe.scheme = handler;
        probe.nFire = cli.value(nFire).toInt();
        probe.nEmit = cli.value(nEmit).toInt();
        probe.nRpc = cli.value(nRpc).toInt();
        probe.repeat = std::max(1, cli.value(repeat).toInt());
        probe.settleMs = cli.value(settle).toInt() * 1000;
        probe.runTimeoutMs = cli.value(runTimeout).toInt() * 1000;
        const QStringList groups = cli.value(only).split(QLatin1Char(','));

        probe.machine("start");
        if (groups.contains(QLatin1String("indices")))
            probe.checkIndices();
        if (groups.contains(QLatin1String("fire")))
        {
            for (const char *kind : {"qwebchannel_js", "raw_invoke", "raw_setprop", "console", "scheme_xhr"})
                for (int batch : {1, 100, 1000})
                    probe.fire(QString::fromLatin1(kind), batch);
            probe.fire(QStringLiteral("scheme_fetch"), 1);  // fails on Qt < 6.6: see README
        }
        if (groups.contains(QLatin1String("emit"))) {
            for (const char *kind : {"run_js", "run_js_json", "qwebchannel_signal", "raw_signal"})
                for (int batch : {1, 100, 1000, probe.nEmit})
                    probe.emitEvents(QString::fromLatin1(kind), batch);
        }
        if (groups.contains(QLatin1String("rpc"))) {
            const std::pair<const char *, const char *> rpcs[] = {
                    {"raw_setprop", "run_js"}, {"raw_setprop", "signal"}, {"raw_invoke", "run_js"},
                    {"raw_invoke", "signal"}, {"qwebchannel_js", "run_js"}, {"qwebchannel_return", "return value"}};
            for (const auto &[kind, answer] : rpcs)
                probe.rpc(QString::fromLatin1(kind), QString::fromLatin1(answer));
        }
        if (groups.contains(QLatin1String("docstart"))) {
            probe.docstartRaw();
            probe.docstartQwc();
            probe.docstartAppWorld();
        }
        if (groups.contains(QLatin1String("frames")))
            probe.frames();
        if (groups.contains(QLatin1String("hardening")))
            probe.hardening();
        if (groups.contains(QLatin1String("protocol")))
            probe.protocol();
        if (groups.contains(QLatin1String("qjson")))
            probe.qjsonCost();
        probe.machine("end");
        probe.printSummary();
        rc = probe.failed() ? 1 : 0;
        g_probe = nullptr;
    }
    return rc;
}

#include "transport_probe.moc"
