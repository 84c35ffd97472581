"""CommandRegistry as upstream AuroraView's command_registry_demo uses it: a registry made without
a view, commands registered by each decorator form, CommandError raised with a code and details,
every command exposed to the page through bind_call("api.<name>") wrappers that call
commands.invoke(name, **kwargs), and direct invocation from Python. The page here is this
project's: buttons whose handlers call auroraview.api.*, clicked in turn, and an output line."""
from harness import report

import auroraview
from auroraview.core.commands import CommandError, CommandErrorCode, CommandRegistry

PAGE = """<!doctype html>
<button id="greet" onclick="show(auroraview.api.greet({name: 'Maya'}))">greet</button>
<button id="calc" onclick="show(auroraview.api.calculate({a: 6, b: 7, op: 'multiply'}))">calc</button>
<button id="bad_op" onclick="show(auroraview.api.calculate({a: 1, b: 2, op: 'power'}))">bad op</button>
<button id="add_user" onclick="show(auroraview.api.add_user({name: 'Cy', email: 'cy@example.com'}))">add</button>
<button id="denied" onclick="show(auroraview.api.error_demo())">error</button>
<button id="list" onclick="show(auroraview.api.list_commands())">list</button>
<pre id="output"></pre>
<script>
let shown;
function show(promise) {
  shown = promise.then(
    (value) => { document.getElementById("output").textContent = JSON.stringify(value); },
    (e) => { document.getElementById("output").textContent = "error " + JSON.stringify({name: e.name, message: e.message}); });
}
auroraview.on("click_all", async () => {
  const seen = {};
  for (const id of ["greet", "calc", "bad_op", "add_user", "denied", "list"]) {
    document.getElementById(id).click();
    await shown;
    seen[id] = document.getElementById("output").textContent;
  }
  auroraview.send_event("clicked", seen);
});
</script>"""

out = {}
view = auroraview.WebView(title="command registry", html=PAGE)
commands = CommandRegistry()
users = [{"id": 1, "name": "Ann"}]


@commands.register
def greet(name="World"):
    return f"Hello, {name}!"


@commands.register("calculate")
def calculate_two(a, b, op="add"):
    operations = {"add": a + b, "multiply": a * b}
    if op not in operations:
        raise CommandError(CommandErrorCode.INVALID_ARGUMENTS, f"Unknown operation: {op}",
                           {"valid_operations": list(operations)})
    return operations[op]


@commands.register
def add_user(name, email):
    users.append({"id": len(users) + 1, "name": name, "email": email})
    return {"ok": True, "count": len(users)}


@commands.register
def error_demo():
    raise CommandError(CommandErrorCode.PERMISSION_DENIED, "not allowed here", {"demo": True})


@commands.register
def list_commands():
    return {"commands": commands.list_commands(), "count": len(commands)}


def exposed(name):
    return lambda **kwargs: commands.invoke(name, **kwargs)


for command_name in commands.list_commands():
    view.bind_call(f"api.{command_name}", exposed(command_name))

out["python"] = {"greet": commands.invoke("greet", name="Test"), "calculate": commands.invoke("calculate", a=10, b=5),
                 "list": commands.list_commands()}
try:
    commands.invoke("calculate", a=1, b=2, op="power")
except CommandError as e:
    out["python_error"] = [e.code.name, e.message, e.details]
view.on_ready(lambda url: view.emit("click_all"))


@view.on("clicked")
def clicked(seen):
    out["page"] = seen
    out["users"] = users
    view.close()


view.show()
report(out)
