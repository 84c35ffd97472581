"""The error table (av_error.h's AV_ERRNO_MAP, as _core.error_codes() gives it in
scenarios/error_codes.py) against every other place that names its codes: the error code tables
of the protocol and guide pages (EN, 中文) and the AuroraViewErrorCode union of the JS
declarations list exactly its protocol codes, in its order; stats()["rejected"] has a key for
each of its codes but OK. docs.test.js checks the JS reference pages against the union."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE_PAGES = ["docs/protocol.md", "docs/zh/protocol.md",
              "docs/guide/en/communication.md", "docs/guide/zh/communication.md"]
#: A table of error codes: its first header cell is one of these, one code a row, in backticks.
CODE_HEADERS = {"code", "`code`", "错误码"}
UNION = re.compile(r"export type AuroraViewErrorCode =(.*?);", re.S)
#: A member of the union, with the doc comment before it if any.
MEMBER = re.compile(r'(?:/\*\*(.*?)\*/\s*)?\|\s*"([A-Z_]+)"', re.S)
#: How the declarations mark a code the bridge raises itself, never native.
BRIDGE_OWN = "Not from native"


@pytest.fixture(scope="module")
def table(run_scenario):
    return run_scenario("error_codes")


@pytest.fixture(scope="module")
def protocol_codes(table):
    return [name for name, _, protocol, _ in table["codes"] if protocol]


def table_codes(page):
    """The codes of a page's error code tables, in page order."""
    codes = []
    for block in re.split(r"\n(?!\|)", (ROOT / page).read_text()):
        rows = [line for line in block.split("\n") if line.startswith("|")]
        if rows and rows[0].split("|")[1].strip() in CODE_HEADERS:
            codes += [re.match(r"^\| `([A-Z_]+)` \|", row)[1] for row in rows[2:]]
    return codes


def declared_union():
    """[(code, doc comment or ""), ...] of the one AuroraViewErrorCode union in bridge_js/*.d.ts."""
    unions = [m[1] for f in sorted((ROOT / "bridge_js").glob("*.d.ts")) for m in UNION.finditer(f.read_text())]
    assert len(unions) == 1, "AuroraViewErrorCode is declared once in bridge_js/*.d.ts"
    return [(code, " ".join(comment.split())) for comment, code in MEMBER.findall(unions[0])]


def test_the_table_is_ok_then_negative_codes_with_unique_names(table):
    names = [name for name, _, _, _ in table["codes"]]
    values = [value for _, value, _, _ in table["codes"]]
    assert table["codes"][0] == ["OK", 0, False, "success"]
    assert all(value < 0 for value in values[1:])
    assert len(set(names)) == len(names) and len(set(values)) == len(values)
    assert all(isinstance(protocol, bool) and message for _, _, protocol, message in table["codes"])


@pytest.mark.parametrize("page", CODE_PAGES)
def test_each_page_lists_exactly_the_protocol_codes(page, protocol_codes):
    assert table_codes(page) == protocol_codes


def test_the_js_declarations_are_the_protocol_codes_and_the_bridges_own(table, protocol_codes):
    union = declared_union()
    native = [code for code, comment in union if not comment.startswith(BRIDGE_OWN)]
    assert native == protocol_codes
    bridge_js = "".join(f.read_text() for f in (ROOT / "bridge_js").glob("*.js"))
    names = {name for name, _, _, _ in table["codes"]}
    for code in (code for code, comment in union if comment.startswith(BRIDGE_OWN)):
        assert code not in names, f"{code} is marked as the bridge's own but is a code of the table"
        assert f'"{code}"' in bridge_js, f"{code} is marked as the bridge's own but bridge_js never raises it"


def test_stats_rejected_has_every_code_but_ok(table):
    assert list(table["rejected"]) == [name for name, value, _, _ in table["codes"] if value != 0]
    assert set(table["rejected"].values()) == {0}
