"""The public surface of the real package, for test_api_docs.py (the API reference against the code).

argv[1..]: qualified names the reference documents (e.g. "auroraview.WebView.emit"). Reports
  surface  {name: kind} of every public name: auroraview.__all__; the public members of those
           classes and of the classes of auroraview.host, auroraview.hosts and its adapters and
           auroraview.core's state, commands and channel (own attributes and those of a private
           mixin they derive from, and the public attributes their __init__ assigns); those
           modules' public functions and classes
  lookup   {name: {"kind", "params", "bases"}} for each name asked: kind is "class", "function",
           "property" (a Qt signal too), "attribute" or "missing"; params the signature as [name, kind, repr of the
           default or null] (a method's self left out); bases a class's base class names

The adapters import their host's modules: the stand-ins of tests/python/stand_ins play them.
"""
import ast
import importlib
import inspect
import json
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stand_ins"))

from harness import report  # noqa: E402

import auroraview  # noqa: E402

INSTANCE = object()  # resolve(): an attribute that only instances have (assigned in __init__)
MISSING = object()  # resolve(): no such name (None is a value: a dataclass field's default)
QT_SIGNALS = ("pyqtSignal", "Signal")  # a Qt signal of a class (PyQt's, PySide's): read as an attribute
MODULES = ["auroraview.host", "auroraview.hosts", "auroraview.hosts.maya", "auroraview.hosts.houdini",
           "auroraview.hosts.nuke", "auroraview.core.state", "auroraview.core.commands", "auroraview.core.channel"]


def init_attributes(cls):
    """Public attributes that cls's own __init__ assigns on self."""
    init = vars(cls).get("__init__")
    if not inspect.isfunction(init):
        return []
    try:
        source = inspect.getsource(init)
    except OSError:  # a generated __init__ (a dataclass's): its fields are class attributes
        return []
    tree = ast.parse(textwrap.dedent(source))
    return sorted({node.attr for node in ast.walk(tree)
                   if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                   and isinstance(node.value, ast.Name) and node.value.id == "self"
                   and not node.attr.startswith("_")})


def members(cls, qualname, surface):
    # A class's own members, and those of the package's private mixins it derives from directly
    # (WebView's from auroraview.core._features), which are the class's in the reference.
    mixins = [base for base in cls.__bases__ if base.__module__.startswith("auroraview.")
              and base.__module__.rpartition(".")[2].startswith("_")]
    for owner in [cls, *mixins]:
        for name, value in vars(owner).items():
            if not name.startswith("_"):
                surface[f"{qualname}.{name}"] = kind_of(owner, name, value)
    for name in init_attributes(cls):
        surface.setdefault(f"{qualname}.{name}", "attribute")


def kind_of(owner, name, value):
    if inspect.isclass(value):
        return "class"
    if isinstance(value, property) or type(value).__name__ in QT_SIGNALS:
        return "property"
    if callable(value) or isinstance(value, (staticmethod, classmethod)):
        return "function"
    return "attribute"


def public_surface():
    surface = {}
    for name in auroraview.__all__:
        value = getattr(auroraview, name)
        surface[f"auroraview.{name}"] = kind_of(auroraview, name, value)
        if inspect.isclass(value):
            members(value, f"auroraview.{name}", surface)
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module_name:
                continue
            surface[f"{module_name}.{name}"] = kind_of(module, name, value)
            if inspect.isclass(value):
                members(value, f"{module_name}.{name}", surface)
    return surface


def resolve(qualname):
    """(owner, name, value) of a dotted name; value is MISSING when it does not exist."""
    parts = qualname.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        owner, rest = None, parts[cut:]
        for i, part in enumerate(rest):
            owner = obj
            if inspect.isclass(obj) and part in init_attributes(obj) and i == len(rest) - 1:
                return owner, part, INSTANCE
            # A module's attribute may come from its __getattr__ (auroraview.QtWebView does).
            found_by_getattr = (inspect.isclass(obj) or inspect.ismodule(obj)) and hasattr(obj, part)
            if part not in vars(obj) and not found_by_getattr:
                return owner, part, MISSING
            obj = vars(obj)[part] if part in vars(obj) else getattr(obj, part)
        return owner, parts[-1], obj
    return None, qualname, MISSING


def params_of(owner, value):
    if inspect.isclass(value):
        signature = inspect.signature(value)
    elif isinstance(value, (staticmethod, classmethod)):
        signature = inspect.signature(value.__get__(None, owner))
    else:
        signature = inspect.signature(value)
        if inspect.isclass(owner) and inspect.isfunction(value):
            signature = signature.replace(parameters=list(signature.parameters.values())[1:])
    return [[p.name, p.kind.name, None if p.default is p.empty else repr(p.default)]
            for p in signature.parameters.values()]


def lookup(qualname):
    owner, name, value = resolve(qualname)
    if value is MISSING:
        return {"kind": "missing"}
    if value is INSTANCE:
        return {"kind": "attribute"}
    kind = kind_of(owner, name, value)
    entry = {"kind": kind}
    if kind == "class":
        entry["bases"] = [base.__name__ for base in value.__bases__]
    if kind in ("class", "function"):
        try:
            entry["params"] = params_of(owner, value)
        except ValueError as e:  # a builtin without a text signature
            entry["params_error"] = str(e)
    return entry


report({"surface": public_surface(), "lookup": {name: lookup(name) for name in sys.argv[1:]}})
