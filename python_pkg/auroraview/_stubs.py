"""`python -m auroraview stubs my_tool:api`: TypeScript declarations of a tool's bound API, from
its Python type hints, so that `auroraview.api.get_data(...)` is typed in the page's editor.

The declaration augments the bridge package's AuroraViewTypedApi (bridge_js/auroraview.d.ts),
which types `auroraview.api`. Each method takes what bind_call passes on (WebView.bind_call):
an object of keyword arguments, an array of positional ones, a single JSON scalar as the one
argument, or nothing; each form only where the Python signature accepts it. Results are the
return hint, in a Promise.
"""
import collections.abc
import dataclasses
import enum
import importlib
import inspect
import json
import sys
import types
import typing

from ._bindings import BRIDGE_NAMES

BRIDGE_MODULE = "@auroraview/bridge/auroraview.js"
#: Names the bridge's api proxy keeps for itself: auroraview.api.<these> is not a call.
PROXY_OWN = ("then", "toJSON", "toString", "valueOf")
#: Names the declaration itself uses: a tool's type of one of these names gets a "_" added.
TS_OWN = {"Record", "Promise", "Array", "CallOptions", "AuroraViewApi", "AuroraViewTypedApi"}
TS_RESERVED = set("""break case catch class const continue debugger default delete do else enum export extends
false finally for function if import in instanceof new null return super switch this throw true try typeof var
void while with implements interface let package private protected public static yield await""".split())
_UNION_TYPE = getattr(types, "UnionType", None)  # X | Y, Python 3.10+
_REQUIRED = getattr(typing, "Required", None)  # Python 3.11+
_NOT_REQUIRED = getattr(typing, "NotRequired", None)
# Tuples, not sets: a hint need not be hashable.
_SEQUENCES = (list, set, frozenset, collections.deque, collections.abc.Sequence, collections.abc.MutableSequence,
              collections.abc.Set, collections.abc.MutableSet, collections.abc.Collection, collections.abc.Iterable)
_MAPPINGS = (dict, collections.OrderedDict, collections.defaultdict, collections.abc.Mapping,
             collections.abc.MutableMapping)
_AWAITABLES = (collections.abc.Awaitable, collections.abc.Coroutine)
_PRIMITIVES = {bool: "boolean", int: "number", float: "number", str: "string", type(None): "null"}
_SCALAR_TS = ("string", "number", "boolean", "null")


class StubError(Exception):
    """A target that cannot be typed: the message says what to give instead."""


def load(spec):
    """The object named by 'module:attribute' (the attribute may be dotted)."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise StubError(f"{spec!r}: give module:attribute, e.g. my_tool:api (an API object, a class, "
                        "a list or dict of functions)")
    try:
        obj = importlib.import_module(module_name)
    except ImportError as e:
        raise StubError(f"cannot import {module_name!r}: {e} (run it from the tool's directory, or set "
                        "PYTHONPATH)") from None
    for part in attribute.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise StubError(f"{module_name} has no {attribute!r} ({part!r} is missing)") from None
    return obj


def methods_of(target):
    """[(name, function, drops its first parameter)] as bind_api(target) binds them: the public
    callables of an API object; of a class, the methods its instances would bind; a list or
    tuple of functions by their names; a dict name -> function; a single function."""
    if isinstance(target, dict):
        return [(str(name), fn, False) for name, fn in target.items() if callable(fn)]
    if isinstance(target, (list, tuple)):
        return [(fn.__name__, fn, False) for fn in target if callable(fn)]
    if isinstance(target, types.ModuleType):
        raise StubError(f"{target.__name__} is a module: name the API object, class or functions in it (module:api)")
    if inspect.isclass(target):
        found = []
        for name in dir(target):
            if name.startswith("_"):
                continue
            static = inspect.getattr_static(target, name)
            if isinstance(static, staticmethod):
                found.append((name, static.__func__, False))
            elif isinstance(static, classmethod):
                found.append((name, getattr(target, name), False))
            elif inspect.isfunction(static):
                found.append((name, static, True))
        return found
    if inspect.isfunction(target) or inspect.isbuiltin(target):
        return [(target.__name__, target, False)]
    return [(name, getattr(target, name), False) for name in dir(target)
            if not name.startswith("_") and callable(getattr(target, name))]


class _Writer:
    """Python hints -> TypeScript, collecting the interfaces the hints need."""

    def __init__(self, warn):
        self._warn = warn
        self._warned = set()
        self.interfaces = []  # declaration texts, in first-use order
        self._names = {}  # class -> its interface name

    def warn(self, message):
        if message not in self._warned:  # a hint is read once per form of params
            self._warned.add(message)
            self._warn(message)

    # ---- hints ------------------------------------------------------------------------------

    def ts(self, hint, where):
        if hint is inspect.Parameter.empty or hint is typing.Any or hint is object:
            return "unknown"
        if hint is None:
            return "null"
        if isinstance(hint, (str, typing.ForwardRef)):
            self.warn(f"{where}: the hint {hint!r} could not be resolved: typed unknown")
            return "unknown"
        if hasattr(hint, "__supertype__"):  # typing.NewType
            return self.ts(hint.__supertype__, where)
        if isinstance(hint, typing.TypeVar):
            return "unknown"
        if hint in (bytes, bytearray, memoryview):
            return "Uint8Array"  # the bridge carries bytes both ways (docs/protocol.md, "Binary values")
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Union or (_UNION_TYPE is not None and origin is _UNION_TYPE):
            return _union(self.ts(arg, where) for arg in args)
        if origin is typing.Literal:
            return _union(_literal(value) for value in args)
        if origin is tuple:
            if not args or args == ((),):
                return "[]" if args else "unknown[]"
            if len(args) == 2 and args[1] is Ellipsis:
                return _array(self.ts(args[0], where))
            return "[" + ", ".join(self.ts(arg, where) for arg in args) + "]"
        if origin in _SEQUENCES or hint in _SEQUENCES:
            return _array(self.ts(args[0], where) if args else "unknown")
        if origin in _MAPPINGS or hint in _MAPPINGS:
            key = self._key(args[0], where) if args else "string"
            return f"Record<{key}, {self.ts(args[1], where) if len(args) > 1 else 'unknown'}>"
        if origin in _AWAITABLES:
            return self.ts(args[-1], where) if args else "unknown"
        if isinstance(hint, type):
            return self._class(hint, where)
        self.warn(f"{where}: no TypeScript form for {hint!r}: typed unknown")
        return "unknown"

    def _key(self, hint, where):
        if typing.get_origin(hint) is typing.Literal and all(isinstance(v, str) for v in typing.get_args(hint)):
            return self.ts(hint, where)
        return "string"  # JSON's keys are strings

    def _class(self, cls, where):
        if issubclass(cls, enum.Enum):
            values = [member.value for member in cls]
            if issubclass(cls, (int, str)) and all(isinstance(v, (int, str)) for v in values):
                return _union(_literal(v) for v in values)
            self.warn(f"{where}: the enum {cls.__name__} is not JSON (only str and int enums are): typed unknown")
            return "unknown"
        for base, name in _PRIMITIVES.items():
            if cls is base:
                return name
        if _is_typeddict(cls) or dataclasses.is_dataclass(cls) or _is_namedtuple(cls):
            return self._interface(cls, where)
        if issubclass(cls, tuple):
            return "unknown[]"
        for base, name in _PRIMITIVES.items():
            if issubclass(cls, base):
                return name
        self.warn(f"{where}: {cls.__qualname__} is not JSON (it reaches the page only through a json_default): "
                  "typed unknown")
        return "unknown"

    def _interface(self, cls, where):
        if cls in self._names:
            return self._names[cls]
        name = cls.__name__ + ("_" if cls.__name__ in TS_OWN else "")
        taken = set(self._names.values())
        base, n = name, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        self._names[cls] = name  # before the fields: a class may refer to itself
        hints = _hints(cls, self.warn, f"{cls.__qualname__}")
        if _is_namedtuple(cls):  # JSON makes it an array
            items = [(field, hints.get(field, inspect.Parameter.empty), False) for field in cls._fields]
            self.interfaces.append(_doc(_class_doc(cls)) + f"export type {name} = "
                                   + self._tuple(items, None, cls.__qualname__) + ";\n")
            return name
        if dataclasses.is_dataclass(cls):
            fields = [(f.name, hints.get(f.name, inspect.Parameter.empty), False) for f in dataclasses.fields(cls)]
            note = ("A dataclass: it reaches the page as this object only through a json_default\n"
                    "such as dataclasses.asdict; from the page, Python receives a dict.")
        else:
            fields = _typeddict_fields(cls, hints)
            note = ""
        doc = "\n\n".join(filter(None, [_class_doc(cls), note]))
        lines = [f"  {_prop(field)}{'?' if opt else ''}: {self.ts(hint, f'{cls.__qualname__}.{field}')};"
                 for field, hint, opt in fields]
        self.interfaces.append(_doc(doc) + f"export interface {name} {{\n" + "\n".join(lines) + "\n}\n")
        return name

    # ---- one method --------------------------------------------------------------------------

    def method(self, name, fn, drop_first, where):
        """The declaration of one method: its JSDoc and its signature."""
        try:
            signature = inspect.signature(fn)
        except (TypeError, ValueError):
            self.warn(f"{where}: its signature cannot be read: typed (params?: unknown) => Promise<unknown>")
            return f"{_prop(name)}(params?: unknown, options?: CallOptions): Promise<unknown>;\n"
        params = list(signature.parameters.values())[1 if drop_first else 0:]
        hints = _hints(fn, self.warn, where)
        typed = [(p, hints.get(p.name, inspect.Parameter.empty)) for p in params]
        forms = self._forms(typed, where)
        result = hints.get("return", inspect.Parameter.empty)
        returns = self.ts(result, f"{where} (its result)")
        python = name + str(_plain_annotations(signature.replace(parameters=params)))
        doc = "\n\n".join(filter(None, [inspect.getdoc(fn) if not isinstance(fn, type) else None,
                                         f"Python: `{python}`"]))
        optional = "?" if not any(_required(p) for p, _ in typed) else ""
        return (_doc(doc) + f"{_prop(name)}(params{optional}: {_union(forms)}, "
                f"options?: CallOptions): Promise<{returns}>;\n")

    def _forms(self, typed, where):
        """The shapes params may take for this signature (bind_call: object -> **kwargs, array ->
        *args, a scalar -> one argument)."""
        P = inspect.Parameter
        positional = [(p, h) for p, h in typed if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
        keywords = [(p, h) for p, h in typed if p.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)]
        var_args = [(p, h) for p, h in typed if p.kind == P.VAR_POSITIONAL]
        var_kw = any(p.kind == P.VAR_KEYWORD for p, _ in typed)
        forms = []
        if not any(_required(p) for p, _ in typed if p.kind == P.POSITIONAL_ONLY):
            if keywords or var_kw:
                props = [f"{_prop(p.name)}{'' if _required(p) else '?'}: {self.ts(h, f'{where}({p.name})')}"
                         for p, h in keywords]
                if var_kw:
                    props.append("[key: string]: unknown")
                forms.append("{ " + "; ".join(props) + " }")
            else:
                forms.append("Record<string, never>")
        if not any(_required(p) for p, _ in typed if p.kind == P.KEYWORD_ONLY):
            rest = self.ts(var_args[0][1], f"{where}(*{var_args[0][0].name})") if var_args else None
            forms.append(self._tuple([(p.name, h, not _required(p)) for p, h in positional], rest, where))
            first_only = positional and not any(_required(p) for p, _ in typed if p is not positional[0][0])
            if first_only:
                scalar = self._scalar(positional[0][1], f"{where}({positional[0][0].name})")
                if scalar:
                    forms.append(scalar)
        return forms

    def _tuple(self, items, rest, where):
        labelled = not any(name in TS_RESERVED for name, _, _ in items)
        parts = []
        for name, hint, optional in items:
            ts = self.ts(hint, f"{where}({name})")
            if labelled:
                parts.append(f"{name}{'?' if optional else ''}: {ts}")
            else:
                parts.append(f"({ts})?" if optional else ts)
        if rest is not None:
            parts.append(f"...{'args: ' if labelled else ''}{_array(rest)}")
        return "[" + ", ".join(parts) + "]"

    def _scalar(self, hint, where):
        """The JSON scalars among hint's types (a lone scalar is passed as the one argument)."""
        ts = self.ts(hint, where)
        if ts == "unknown":
            return _union(_SCALAR_TS)
        members = _split_union(ts)
        kept = [m for m in members if m in _SCALAR_TS or m[:1] in ('"', "-") or m[:1].isdigit()
                or m in ("true", "false")]
        return _union(kept) if kept else None


# ---- helpers --------------------------------------------------------------------------------


def _hints(obj, warn, where):
    """obj's resolved type hints; a hint that does not resolve is left as its text (typed unknown)."""
    target = obj
    if inspect.ismethod(obj):
        target = obj.__func__
    try:
        return typing.get_type_hints(target)
    except Exception as e:  # NameError for a hint under `if TYPE_CHECKING:`, and the like
        warn(f"{where}: its hints could not all be resolved ({type(e).__name__}: {e})")
    raw = getattr(target, "__annotations__", None) or {}
    out = {}
    module = sys.modules.get(getattr(target, "__module__", None) or "")
    namespace = dict(vars(module)) if module else {}
    for key, value in raw.items():
        if isinstance(value, str):
            try:
                value = eval(value, namespace)  # noqa: S307 - the tool's own annotation text
            except Exception:
                pass
        out[key] = value
    return out


def _typeddict_fields(cls, hints):
    """[(key, hint, optional)] of a TypedDict. NotRequired[...] and Required[...] are read from
    the hints themselves too: with `from __future__ import annotations`, Python before 3.12 does
    not see them when it makes __optional_keys__."""
    try:
        marked = typing.get_type_hints(cls, include_extras=True)
    except Exception:
        marked = {}
    optional_keys = getattr(cls, "__optional_keys__", frozenset())
    fields = []
    for key, hint in hints.items():
        origin = typing.get_origin(marked.get(key))
        optional = key in optional_keys
        if origin is not None and origin in (_REQUIRED, _NOT_REQUIRED):
            optional = origin is _NOT_REQUIRED
        fields.append((key, hint, optional))
    return fields


class _Text(str):
    """An annotation written as text, shown without quotes in a signature."""

    def __repr__(self):
        return str(self)


def _plain_annotations(signature):
    """signature as the tool's source spells it: annotations without quotes, enum defaults by name."""
    def plain(annotation):
        return _Text(annotation) if isinstance(annotation, str) else annotation

    def default(value):
        return _Text(f"{type(value).__name__}.{value.name}") if isinstance(value, enum.Enum) else value

    params = [p.replace(annotation=plain(p.annotation), default=default(p.default))
              for p in signature.parameters.values()]
    return signature.replace(parameters=params, return_annotation=plain(signature.return_annotation))


def _is_typeddict(cls):
    return isinstance(cls, type) and issubclass(cls, dict) and hasattr(cls, "__required_keys__")


def _is_namedtuple(cls):
    return isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, "_fields")


def _required(param):
    return param.default is inspect.Parameter.empty and param.kind not in (
        inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def _class_doc(cls):
    doc = inspect.getdoc(cls)
    # dataclasses and NamedTuples make one from the signature when none is written
    if not doc or doc.startswith(f"{cls.__name__}(") or doc == inspect.getdoc(type(cls)):
        return ""
    for base in (dict, tuple):
        if doc == inspect.getdoc(base):
            return ""
    return doc


def _literal(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))


def _union(members):
    seen = []
    for member in members:
        for part in _split_union(member):
            if part not in seen:
                seen.append(part)
    if "unknown" in seen:
        return "unknown"
    seen = [m for m in seen if m != "never"] or ["never"]
    return " | ".join(seen)


def _split_union(ts):
    """The members of a top-level union (brackets, braces and string literals respected)."""
    parts, depth, start, quoted = [], 0, 0, False
    for i, ch in enumerate(ts):
        if quoted:
            quoted = ch != '"' or ts[i - 1] == "\\"
        elif ch == '"':
            quoted = True
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(ts[start:i].strip())
            start = i + 1
    parts.append(ts[start:].strip())
    return parts


def _array(ts):
    return f"({ts})[]" if len(_split_union(ts)) > 1 else f"{ts}[]"


def _prop(name):
    """name as a property name: itself when it is an identifier, else quoted."""
    return name if name.isidentifier() else json.dumps(name)


def _doc(text):
    if not text:
        return ""
    lines = text.replace("*/", "*\\/").splitlines()
    return "/**\n" + "".join(f" *{' ' if line else ''}{line}\n" for line in lines) + " */\n"


def generate(spec, namespace="api", warn=None):
    """The declaration file's text for the target spec ('module:attribute') bound under namespace."""
    warn = warn or (lambda message: print(f"auroraview stubs: {message}", file=sys.stderr))
    parts = namespace.split(".")
    if not all(part.isidentifier() for part in parts):
        raise StubError(f"--namespace {namespace}: give dotted names, such as api, api.scene or tool "
                        "(bind_api(obj, 'tool') is auroraview.tool.x)")
    if parts[0] != "api" and parts[0] in BRIDGE_NAMES:
        raise StubError(f"--namespace {namespace}: auroraview.{parts[0]} is the bridge's own, so methods bound "
                        f"under it are called with auroraview.call('{parts[0]}.x', params): choose another namespace")
    target = load(spec)
    writer = _Writer(warn)
    methods = []
    for name, fn, drop_first in sorted(methods_of(target), key=lambda m: m[0]):
        where = f"{namespace}.{name}"
        if name in PROXY_OWN:
            warn(f"{where}: auroraview.api keeps {name!r} for itself, so the page calls this one with "
                 f"auroraview.call({where!r}, params): not declared")
            continue
        methods.append(writer.method(name, fn, drop_first, where))
    if not methods:
        raise StubError(f"{spec}: nothing to declare: it has no public methods (bind_api binds the public callables "
                        "of an object, or give a class, a list or a dict of functions)")
    body = "".join(methods)
    for segment in reversed(parts[1:]):
        body = f"{segment}: AuroraViewApi & {{\n" + _indent(body) + "};\n"
    if parts[0] != "api":  # auroraview.<ns>: a member of the bridge itself
        body = f"readonly {parts[0]}: AuroraViewApi & {{\n" + _indent(body) + "};\n"
    command = f"python -m auroraview stubs {spec}" + (f" --namespace {namespace}" if namespace != "api" else "")
    header = (f"// Generated from a tool's Python type hints by:\n//   {command}\n"
              "// Do not edit: run it again when the tool changes. It types\n"
              f"// auroraview.{namespace}.<name>(params) for the methods bind_api(obj, \"{namespace}\") binds;\n"
              f"// other names on auroraview.{parts[0]} stay untyped.\n")
    text = header + f'import type {{ AuroraViewApi, CallOptions }} from "{BRIDGE_MODULE}";\n\n'
    text += "\n".join(writer.interfaces) + ("\n" if writer.interfaces else "")
    augmented = "AuroraViewTypedApi" if parts[0] == "api" else "AuroraViewBridge"
    text += f'declare module "{BRIDGE_MODULE}" {{\n  interface {augmented} {{\n'
    text += _indent(body, 2) + "  }\n}\n"
    return text


def _indent(text, times=1):
    pad = "  " * times
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))
