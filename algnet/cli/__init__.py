"""The ``algnet`` command line.

Each sub-command lives in its own module ``algnet/cli/<name>.py`` that
defines ``register(subparsers)``; it adds one parser and sets its ``func``
default to a callable ``func(args) -> int`` (the exit code). Modules are
discovered at start-up, so a new analysis adds a command without touching
this file.

Examples
--------
>>> from algnet.cli import main
>>> main(["dim", "linear 2-1-2", "--json"])  # doctest: +SKIP
0
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from algnet.errors import AlgnetError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every discovered sub-command.

    Examples
    --------
    >>> p = build_parser()
    >>> "dim" in p.format_help()
    True
    """
    parser = argparse.ArgumentParser(
        prog="algnet",
        description="Computer algebra for neuromanifolds (the function spaces of neural networks).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    algnet's own errors are printed as one message with its hint (exit 2),
    never as a traceback.

    Examples
    --------
    >>> main(["dim", "nonsense 1-2"])  # doctest: +SKIP
    2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except AlgnetError as e:
        print(f"algnet: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("algnet: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
