"""The ``pedw`` command line.

Exit codes: 0 success; 1 a data or user error (one line naming the file and the fix; the
traceback only with ``--debug``); 2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from pedw.errors import PedwError

__all__ = ["build_parser", "main"]

_EPILOG = """examples:
  pedw datasets                 list the real sample data shipped with pedw
"""


def _cmd_datasets(args: argparse.Namespace) -> int:
    from pedw import datasets

    table = datasets.list_datasets()[["name", "file", "producer", "licence"]]
    print(table.to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``pedw`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser with all subcommands.
    """
    parser = argparse.ArgumentParser(
        prog="pedw",
        description="Productivity and decent-work analytics.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser(
        "datasets",
        help="list the sample datasets shipped with pedw",
        description="List the real sample datasets shipped with pedw, with producer and licence.",
        epilog="example:\n  pedw datasets",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=_cmd_datasets)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pedw`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit code: 0 ok, 1 data/user error, 2 usage error.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except (PedwError, FileNotFoundError, IsADirectoryError, PermissionError) as err:
        if args.debug:
            raise
        print(f"pedw: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
