"""python -m auroraview <command>: the package's command line.

    python -m auroraview stubs my_tool:api > api.d.ts
        TypeScript declarations of the methods bind_api binds from my_tool's `api`, typed from
        their Python hints, for the page's project (docs: "Typed pages").
"""
import argparse
import sys

from . import _stubs


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m auroraview", description="AuroraView's command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    stubs = commands.add_parser(
        "stubs", help="TypeScript declarations of a tool's bound API, from its Python type hints",
        description="Writes TypeScript declarations that type auroraview.<namespace>.<name>(params) in a page's "
                    "project for the methods bind_api(target, namespace) binds. The target's module is imported "
                    "(its top level runs).")
    stubs.add_argument("target", help="module:attribute, the attribute an API object, a class, or a list or dict "
                                      "of functions (e.g. my_tool:api)")
    stubs.add_argument("--namespace", default="api",
                       help="the namespace the tool binds under: 'api' (the default) or 'api.<name>'")
    stubs.add_argument("-o", "--output", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    try:
        text = _stubs.generate(args.target, args.namespace)
    except _stubs.StubError as e:
        parser.exit(1, f"auroraview stubs: {e}\n")
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
