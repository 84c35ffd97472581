"""The docs site against the code: docs/api/python.md and docs/zh/api/python.md against the real
package (scenarios/api_surface.py imports it from the build tree), and the home pages' quick start
run in a real view (scenarios/guide.py: the page's snippet as a classic <script>, as a reader pastes
it, so a top-level await or a throw is reported as the page's error and fails the test).

A signature in an API page is a fenced block whose info string is "python signature", holding
one of (wrapped over lines as needed):
    class Name            a class (its constructor is not public)
    class Name(Base)      a class and its base
    Name(params)          a class's constructor or a function
    Name                  a property or an attribute
Name is dotted; one that does not start with "auroraview." is taken inside the package
("WebView.emit" is auroraview.WebView.emit). Parameters are compared with inspect.signature:
names, kinds (positional-only, keyword-only, *args, **kwargs) and defaults.
"""
import ast
import json
import re
import signal
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
API_PAGES = {"en": DOCS / "api" / "python.md", "zh": DOCS / "zh" / "api" / "python.md"}
HOME_PAGES = {"en": DOCS / "index.md", "zh": DOCS / "zh" / "index.md"}
SIGNATURE = re.compile(r"^```python signature\n(.*?)\n```$", re.M | re.S)
FORM = re.compile(r"(?P<cls>class )?(?P<name>[A-Za-z_][\w.]*)(?:\((?P<args>.*)\))?")
SNIPPET = re.compile(r"<!-- snippet: (\S+) -->\n```(\w+)\n(.*?)\n```", re.S)
FENCE = re.compile(r"^```", re.M)
KINDS = {"posonlyargs": "POSITIONAL_ONLY", "args": "POSITIONAL_OR_KEYWORD", "kwonlyargs": "KEYWORD_ONLY"}


def qualify(name):
    return name if name.startswith("auroraview.") else f"auroraview.{name}"


def default_repr(node):
    """repr() of a documented default: a literal, or an expression over the modules named here."""
    return repr(eval(compile(ast.Expression(node), "<default>", "eval"), {"signal": signal}))


def parameters(args):
    """[name, kind, repr of the default or None] of a documented parameter list."""
    spec = ast.parse(f"def _({args}): pass").body[0].args
    positional = spec.posonlyargs + spec.args
    defaults = [None] * (len(positional) - len(spec.defaults)) + spec.defaults
    out = []
    for arg, default in zip(positional, defaults):
        kind = KINDS["posonlyargs" if arg in spec.posonlyargs else "args"]
        out.append([arg.arg, kind, None if default is None else default_repr(default)])
    if spec.vararg:
        out.append([spec.vararg.arg, "VAR_POSITIONAL", None])
    for arg, default in zip(spec.kwonlyargs, spec.kw_defaults):
        out.append([arg.arg, "KEYWORD_ONLY", None if default is None else default_repr(default)])
    if spec.kwarg:
        out.append([spec.kwarg.arg, "VAR_KEYWORD", None])
    return out


def documented(lang):
    """[(qualified name, form, parameters or bases), ...] in page order."""
    found = []
    for block in SIGNATURE.findall(API_PAGES[lang].read_text()):
        text = " ".join(line.strip() for line in block.splitlines())
        match = FORM.fullmatch(text)
        assert match, f"{lang}: not a signature: {block!r}"
        name, args = qualify(match["name"]), match["args"]
        if match["cls"]:
            found.append((name, "class", [] if args is None else [b.strip() for b in args.split(",")]))
        elif args is not None:
            found.append((name, "call", parameters(args)))
        else:
            found.append((name, "attribute", None))
    return found


@pytest.fixture(scope="module")
def package(run_scenario):
    names = sorted({name for lang in API_PAGES for name, _, _ in documented(lang)})
    return run_scenario("api_surface", *names)


def test_both_languages_document_the_same_signatures():
    assert documented("zh") == documented("en")


@pytest.mark.parametrize("lang", sorted(API_PAGES))
def test_each_signature_matches_the_code(lang, package):
    wrong = []
    for name, form, detail in documented(lang):
        real = package["lookup"][name]
        if real["kind"] == "missing":
            wrong.append(f"{name}: documented, but the package has no such name")
        elif form == "class":
            if real["kind"] != "class":
                wrong.append(f"{name}: documented as a class, is a {real['kind']}")
            elif detail and detail != real["bases"]:
                wrong.append(f"{name}: documented bases {detail}, real {real['bases']}")
        elif form == "call":
            if real["kind"] not in ("class", "function"):
                wrong.append(f"{name}: documented as callable, is a {real['kind']}")
            elif "params" not in real:
                wrong.append(f"{name}: its signature cannot be read ({real.get('params_error')})")
            elif detail != real["params"]:
                wrong.append(f"{name}: documented {detail}\n    real {real['params']}")
        elif real["kind"] not in ("property", "attribute"):
            wrong.append(f"{name}: documented as an attribute, is a {real['kind']}: give its signature")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", sorted(API_PAGES))
def test_every_public_name_is_documented_and_nothing_else(lang, package):
    names = {name for name, _, _ in documented(lang)}
    surface = set(package["surface"])
    assert sorted(surface - names) == [], "public but not in the reference"
    assert sorted(names - surface) == [], "in the reference but not public"


def home_snippets(lang):
    text = HOME_PAGES[lang].read_text()
    found = {name: (kind, code) for name, kind, code in SNIPPET.findall(text)}
    assert len(FENCE.findall(text)) // 2 == len(found), f"{lang} home: a code block without a snippet marker"
    return found


def test_the_home_quick_start_is_the_same_in_both_languages():
    assert home_snippets("zh") == home_snippets("en")


def test_the_home_quick_start_runs(run_scenario, tmp_path):
    code = home_snippets("en")
    assert [code["home-py"][0], code["home-js"][0]] == ["python", "js"]
    spec = {"mode": "program", "python": [code["home-py"][1]], "js": [code["home-js"][1]],
            "extra_js": "", "page_stubs": ["render"], "py_stubs": [], "py_watch": [], "close_after": 1}
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    assert run_scenario("guide", spec_file)["observed"] == [["render", ["Hello, Maya!"]]]
