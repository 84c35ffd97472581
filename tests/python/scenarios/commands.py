"""Upstream AuroraView's commands from a real page: view.command in each of its forms, the page's
auroraview.invoke (and invokeCommand) resolving with the result or rejecting with the
CommandError's code, message and details; the registry's Python side; and the page's
getBoundMethods / isMethodBound, which follow Python's bind_call."""
import asyncio

from harness import report

import auroraview
from auroraview.core.commands import CommandError, CommandErrorCode, CommandRegistry

PAGE = """<!doctype html><script>
const registered = [];
auroraview.on("__command_registered__", (m) => registered.push([m.name, m.params]));
async function attempt(promise) {
  try { return {ok: await promise}; }
  catch (e) { return {code: e.code, name: e.name, message: e.message, details: e.details}; }
}
auroraview.on("run", async () => {
  const r = {};
  r.greet = await attempt(auroraview.invoke("greet", {name: "Alice"}));
  r.default_arg = await attempt(auroraview.invoke("greet"));
  r.positional = await attempt(auroraview.invoke("add_numbers", [2, 3]));
  r.keyword = await attempt(auroraview.invoke("add_numbers", {x: 1, y: 2}));
  r.async_command = await attempt(auroraview.invoke("slow_double", {n: 21}));
  r.named = await attempt(auroraview.invoke("export", {path: "/tmp/x"}));
  r.invoke_command = await attempt(auroraview.invokeCommand("direct"));
  r.denied = await attempt(auroraview.invoke("error_demo"));
  r.missing = await attempt(auroraview.invoke("nope"));
  r.bad_args = await attempt(auroraview.invoke("greet", {nme: "x"}));
  r.bad_args_type = await attempt(auroraview.invoke("greet", 5));
  r.raises = await attempt(auroraview.invoke("explode"));
  r.async_raises = await attempt(auroraview.invoke("async_explode"));
  r.not_json = await attempt(auroraview.invoke("not_json"));
  r.removed = await attempt(auroraview.invoke("temporary"));
  r.empty_name = await attempt(auroraview.invoke(""));
  r.registered = registered;
  r.bound = auroraview.getBoundMethods();
  r.is_bound = [auroraview.isMethodBound("api.first"), auroraview.isMethodBound("api.second")];
  r.ready = auroraview.isReady();
  auroraview.send_event("results", r);
});
auroraview.on("bound_check", () => auroraview.send_event("bound_seen",
  {bound: auroraview.getBoundMethods(), second: auroraview.isMethodBound("api.second")}));
</script>"""

out = {}
view = auroraview.WebView(title="commands", html=PAGE)


@view.command
def greet(name="World"):
    return f"Hello, {name}!"


@view.command("add_numbers")
def add(x, y):
    return x + y


@view.command
async def slow_double(n):
    await asyncio.sleep(0.01)
    return n * 2


@view.command(name="export")
def export_scene(path):
    return {"written": path}


def direct():
    return "registered with commands.register(fn)"


view.commands.register(direct)


@view.command
def error_demo():
    raise CommandError(CommandErrorCode.PERMISSION_DENIED, "This is a demo error", {"demo": True})


@view.command
def explode():
    raise ValueError("boom")


@view.command
async def async_explode():
    await asyncio.sleep(0)
    raise CommandError(CommandErrorCode.TIMEOUT, "took too long")


@view.command
def not_json():
    return object()


@view.command
def temporary():
    return 1


commands = view.commands
out["unregister"] = [commands.unregister("temporary"), commands.unregister("temporary")]
out["registry"] = {"list": commands.list_commands(), "len": len(commands), "has": commands.has_command("greet"),
                   "in": "export" in commands, "repr": repr(commands),
                   "python_invoke": commands.invoke("add_numbers", x=40, y=2),
                   "same_object": view.commands is commands}
try:
    commands.invoke("nope")
except KeyError as e:
    out["python_invoke_unknown"] = str(e)
error = CommandError(CommandErrorCode.INVALID_ARGUMENTS, "m", {"k": 1})
out["error"] = {"to_dict": error.to_dict(), "repr": repr(error), "code": error.code.value,
                "bare": CommandError(CommandErrorCode.UNKNOWN, "n").to_dict()}
out["alone"] = {"list": CommandRegistry().list_commands()}

view.bind_call("api.first", lambda: 1)
view.on_ready(lambda url: view.emit("run"))


@view.on("results")
def results(r):
    out["page"] = r
    view.bind_call("api.second", lambda: 2)  # after the page is ready: it hears of it first
    view.emit("bound_check")


@view.on("bound_seen")
def bound_seen(r):
    out["after_bind"] = r
    view.close()


view.show()
replacement = CommandRegistry(view)  # upstream's CommandRegistry(webview): it becomes the view's
out["adopted"] = view.commands is replacement and view.commands is not commands
report(out)
