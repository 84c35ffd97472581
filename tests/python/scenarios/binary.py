"""Binary values both ways (issue 19, deliverable 1), driven by a real page: for several sizes,
a call whose params hold a Uint8Array, an ArrayBuffer, an Int16Array and a DataView (nested in
objects and arrays), that Python echoes with bytes, bytearray and memoryview of its own; an event
of the page's bytes; an emit of Python's; state both ways; a channel message. Each side checks
the other's bytes by value (a pattern both compute) and by type."""
from harness import report

import auroraview

SIZES = [0, 1, 65536, 1 << 20]


def pattern(n, seed):
    return bytes((i * 7 + seed) & 255 for i in range(n))


PAGE = """<!doctype html><script>
const SIZES = %s;
const pattern = (n, seed) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 7 + seed) & 255; return b; };
const same = (a, b) => a instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
const T = {timeout: 60000};
const emitted = {};
auroraview.on("bytes_back", (d) => { emitted[d.n] = d; });
(async () => {
  await auroraview.whenReady();
  const out = {calls: {}, emits: {}};
  for (const n of SIZES) {
    const u8 = pattern(n, 1);
    const i16 = new Int16Array(pattern(n - (n %% 2), 2).buffer);
    const params = {n, u8, nested: [pattern(n, 3).buffer, {view: new DataView(pattern(n + 4, 4).buffer, 4, n)}], i16};
    const r = await auroraview.call("api.echo", params, T);
    out.calls[n] = {
      python_saw: r.python_saw,
      u8: same(r.u8, u8), buffer: same(r.nested[0], pattern(n, 3)), view: same(r.nested[1].view, pattern(n + 4, 4).subarray(4)),
      i16: same(r.i16, new Uint8Array(i16.buffer)),
      own: [same(r.own.bytes, pattern(n, 5)), same(r.own.list[0], pattern(n, 6)), same(r.own.list[1], pattern(n, 7))],
    };
    auroraview.send_event("page_bytes", {n, data: pattern(n, 8), list: [new Uint8Array(0), pattern(n, 9)]});
    await auroraview.call("api.emit_back", n, T);
    const e = emitted[n];
    out.emits[n] = e ? [same(e.data, pattern(n, 10)), same(e.list[0], pattern(n, 11)), same(e.list[1], pattern(n, 12)), same(e.event_echo, pattern(n, 8))] : "none";
  }
  // A value that looks like the tag but is not one (a number in it) stays an object.
  out.look_alike = await auroraview.call("api.echo_raw", {__auroraview_bytes__: 5}, T);
  out.text_with_tag = await auroraview.call("api.echo_raw", ["__auroraview_bytes__"], T);
  out.not_base64 = await auroraview.call("api.echo_raw", [{__auroraview_bytes__: "a!"}], T).then(
    (v) => ({ok: v}), (e) => ({code: e.code, name: e.name, message: e.message}));
  // State both ways.
  auroraview.state.thumb = pattern(300, 13);
  out.state_python_saw = await auroraview.call("api.state_seen", undefined, T);
  out.state_from_python = same(auroraview.state.icon, pattern(200, 14));
  // A channel message.
  const ch = auroraview.channel("frames");
  const frame = new Promise((resolve) => ch.onMessage(resolve));
  auroraview.send_event("open_channel");
  const got = await frame;
  out.channel = same(got.frame, pattern(1000, 15));
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)}));
</script>""" % SIZES

out = {"events": {}}
view = auroraview.WebView(title="binary", html=PAGE)
view.state["icon"] = pattern(200, 14)


def saw(value, n, seed, skip=0):
    return [type(value).__name__, value == pattern(n + skip, seed)[skip:]]


@view.bind_call("api.echo")
def echo(n, u8, nested, i16):
    python_saw = {"u8": saw(u8, n, 1), "buffer": saw(nested[0], n, 3), "view": saw(nested[1]["view"], n, 4, skip=4),
                  "i16": saw(i16, n - n % 2, 2)}
    own = {"bytes": pattern(n, 5), "list": [bytearray(pattern(n, 6)), memoryview(pattern(n, 7))]}
    return {"python_saw": python_saw, "u8": u8, "nested": nested, "i16": i16, "own": own}


@view.bind_call("api.echo_raw")
def echo_raw(*args, **kwargs):
    return kwargs or list(args)


@view.on("page_bytes")
def page_bytes(detail):
    n = detail["n"]
    out["events"][n] = [saw(detail["data"], n, 8), saw(detail["list"][0], 0, 0), saw(detail["list"][1], n, 9)]
    out.setdefault("last_event", {})[n] = detail["data"]


@view.bind_call("api.emit_back")
def emit_back(n):
    view.emit("bytes_back", {"n": n, "data": pattern(n, 10), "list": [bytearray(pattern(n, 11)),
                                                                      memoryview(pattern(n, 12))],
                             "event_echo": out["last_event"].pop(n)})


@view.bind_call("api.state_seen")
def state_seen():
    return saw(view.state["thumb"], 300, 13)


@view.on("open_channel")
def open_channel(_):
    channel = view.create_channel("frames")
    channel.send({"frame": pattern(1000, 15)})


@view.on("report")
def on_report(page):
    out["page"] = page
    view.close()


view.show()
out.pop("last_event", None)
report(out)
