"""_core.json_dumps (the C encoder of emit() and call results) beside
json.dumps(ensure_ascii=False, separators=(",", ":"), allow_nan=False): the same text for every
value, the same exception type for every value json refuses; bytes in the protocol's tagged form. No view is needed. Reports the
values that differed, by repr, and the errors each side raised."""
import enum
import json
import random

from harness import report

import auroraview  # noqa: F401  (loads the shim _core resolves against)
from auroraview import _core


def reference(value, default=None):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=default)


class Color(enum.IntEnum):
    RED = 1


class Ratio(float):
    pass


class Ordered(dict):
    """A dict subclass whose items() json honours."""

    def items(self):
        return sorted(super().items())


def random_value(rng, depth=0):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-(2**70), 2**70)
    if kind == 2:
        return rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-30, 30)
    if kind in (3, 4, 5):
        return "".join(chr(rng.choice([rng.randrange(0, 0x80), rng.randrange(0x80, 0xD800), rng.randrange(0xE000, 0x110000)]))
                       for _ in range(rng.randrange(12)))
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    if kind == 7:
        return tuple(random_value(rng, depth + 1) for _ in range(rng.randrange(5)))
    return {random_value(rng, 4) if rng.random() < 0.5 else rng.choice([1, -2, 0.5, None, True]): random_value(rng, depth + 1)
            for _ in range(rng.randrange(5))}


fixed = [
    None, True, False, 0, -1, 2**63 - 1, -(2**63), 2**64, -(10**40), Color.RED,
    0.0, -0.0, 1.5, 1e16, 1e-7, 1e300, 5e-324, 0.1 + 0.2, Ratio(2.5),
    "", "plain", 'q"uote', "back\\slash", "\n\r\t\b\f", "\x00\x01\x1f\x7f", "ünï©ødé ✓", "😀𝄞",
    "</script>", "\u2028\u2029",
    [], {}, (), [1, [2, [3, [4]]]], (1, "two", None),
    {"a": 1, "b": [True, {"c": None}]}, {1: "int key", 2.5: "float key", None: "n", True: "t", False: "f"},
    Ordered(b=1, a=2), {"x": (1, 2)}, [{"k": "v"}] * 3, "x" * 5000, list(range(1000)),
]
rng = random.Random(20261124)
values = fixed + [random_value(rng) for _ in range(2000)]

differed = [repr(v)[:200] for v in values if _core.json_dumps(v) != reference(v)]


def error_of(fn):
    """The exception fn raised, as "Type: message", or None."""
    try:
        fn()
    except Exception as e:  # what is compared is which exception, so any
        return f"{type(e).__name__}: {e}"
    return None


refused = {}
for name, value in {
    "nan": float("nan"), "inf": [float("inf")], "object": object(), "set": {1},
    "tuple key": {(1, 2): 0}, "lone surrogate": "\ud800",
}.items():
    ours, theirs = error_of(lambda: _core.json_dumps(value)), error_of(lambda: reference(value).encode())
    refused[name] = [ours and ours.split(":")[0], theirs and theirs.split(":")[0]]

circular = []
circular.append(circular)
deep = []
node = deep
for _ in range(5000):
    node.append([])
    node = node[0]


def default(obj):
    if isinstance(obj, complex):
        return {"re": obj.real, "im": obj.imag}
    raise TypeError("cannot encode " + type(obj).__name__)


calls = []


def mutating_default(obj):
    """Clears the list it is called from: the encoder must not read freed items."""
    calls.append(1)
    holder.clear()
    return None


holder = [object(), "tail", object()]

report({
    "compared": len(values),
    "differed": differed,
    "refused": refused,
    "circular": error_of(lambda: _core.json_dumps(circular)),
    "deep": error_of(lambda: _core.json_dumps(deep)),
    "default": [_core.json_dumps([1j, 2], default), reference([1j, 2], default)],
    "default_error": error_of(lambda: _core.json_dumps([object()], default)),
    "mutating": [_core.json_dumps(holder, mutating_default), len(calls)],
    # Binary values take the protocol's tagged form (json.dumps refuses them; docs/protocol.md).
    "binary": [_core.json_dumps(v) for v in (b"", b"\x00\xffab", bytearray(b"a"), memoryview(b"ab"))],
    "binary_back": [repr(_core.json_loads(t)) for t in (
        '{"__auroraview_bytes__":"AP9hYg=="}', '{"__auroraview_bytes__":"AP9hYg"}', '[{"__auroraview_bytes__":""}]',
        '{"__auroraview_bytes__":"YQ==","other":1}', '{"__auroraview_bytes__":1}')],
    "binary_bad": error_of(lambda: _core.json_loads('{"__auroraview_bytes__":"a!=="}')),
})
