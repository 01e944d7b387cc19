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
import re
import sys

from algnet.errors import AlgnetError

__all__ = ["main", "build_parser", "cli_syntax", "enable_crash_stacks"]

#: Python entry points named in hints, and the sub-command that does the same.
_COMMANDS = {"dimension": "dim", "degree": "degree", "implicitize": "implicit", "strata": "singular",
             "identifiability": "fibers", "is_singular": "singular"}
_KEYWORD = re.compile(r"(?<![-\w])([a-z][a-z0-9_]*)=(True|False|'[^']*'|\"[^\"]*\"|[^\s,;)]*)")
_CALL = re.compile(r"\b(" + "|".join(_COMMANDS) + r")\(([^()]*)\)")


#: Words of the spec grammar: never rewritten as flags, even if an analysis has an option of that name.
_SPEC_WORDS = {"r", "k", "s", "d", "a", "t", "n", "dout", "layers", "act", "bias", "params", "input_shape"}


def _option_names() -> set:
    try:
        from algnet.registry import analyses

        return ({o.name for a in analyses().values() for o in a.options} | {"seed"}) - _SPEC_WORDS
    except AlgnetError:  # pragma: no cover - a broken provider must not hide the original error
        return {"seed", "force", "method"}


def cli_syntax(text: str, names=None) -> str:
    """Rewrite Python keywords and calls in a hint as command-line syntax.

    ``force=True`` becomes ``--force``, ``certify=False`` ``--no-certify``,
    ``method='formula'`` ``--method formula``, ``degree(method='monodromy')``
    ``algnet degree --method monodromy``; only the names of analysis options
    (``names``, default: every registered option and ``seed``) are rewritten,
    so spec tokens such as ``r=2`` stay as they are.

    Examples
    --------
    >>> cli_syntax("use method='formula', lower max_degree=3, or pass force=True")
    'use --method formula, lower --max-degree 3, or pass --force'
    >>> cli_syntax("lower max_degree, or set a time_limit=")
    'lower --max-degree, or set a --time-limit'
    >>> cli_syntax("use dimension() or degree(method='monodromy'); the spec needs r=2")
    'use algnet dim or algnet degree --method monodromy; the spec needs r=2'
    >>> cli_syntax("e.g. box=(-1, 1, -1, 1) (CLI: --box=-1,1,-1,1)", names={"box"})
    'e.g. box=(-1, 1, -1, 1) (CLI: --box=-1,1,-1,1)'
    """
    names = _option_names() if names is None else set(names)

    def keyword(m):
        name, value = m.group(1), m.group(2)
        # a flag already (--box=-1,1,-1,1: "--box=..." would become "----box ...") or a Python tuple or list
        # ("box=(-1" would become "--box (-1")
        if name not in names or value.startswith(("(", "[")):
            return m.group(0)
        flag = "--" + name.replace("_", "-")
        if value == "True":
            return flag
        if value == "False":
            return "--no-" + name.replace("_", "-")
        value = value.strip("'\"")
        return f"{flag} {value}" if value else flag

    def call(m):
        inner = _KEYWORD.sub(keyword, m.group(2)).replace(",", "")
        return f"algnet {_COMMANDS[m.group(1)]}" + (f" {inner.strip()}" if inner.strip() else "")

    def bare(m):  # an option named in prose ("lower max_degree")
        return "--" + m.group(1).replace("_", "-") if m.group(1) in names else m.group(0)

    text = _KEYWORD.sub(keyword, _CALL.sub(call, text))
    return re.sub(r"(?<![-\w])([a-z]+_[a-z0-9_]+)\b(?!=)", bare, text)


def _error_text(e: AlgnetError, args) -> str:
    names = {k for k in vars(args) if not k.startswith("_")} - _SPEC_WORDS
    sweep = getattr(args, "command", None) == "sweep"
    if not sweep:       # a sweep takes the analysis' options as --option NAME=VALUE, not as flags of its own
        names |= _option_names()
    text = e.message if e.hint is None else f"{e.message}\n  hint: {cli_syntax(e.hint, names)}"
    # messages of the registry's option checks name the option as a keyword: show it as a flag (in a sweep, as
    # the --option it came from)
    # (not a "--option" already there: the hint "e.g. --option batch=40" read "----option batch=40")
    return re.sub(r"(?<![-\w])option ([a-z][a-z0-9_]*)=", lambda m: f"--option {m.group(1)}=" if sweep
                  else f"option --{m.group(1).replace('_', '-')} ", text)


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
    from algnet import __version__

    parser.add_argument("--version", action="version", version=f"algnet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    from algnet.cli._examples import decorate

    decorate(parser)        # examples at the end of every --help, descriptions where a command had none
    return parser


def enable_crash_stacks() -> bool:
    """Python's ``faulthandler`` on stderr, for fatal signals only (SIGSEGV, SIGFPE, SIGABRT, SIGBUS, SIGILL):
    a crash in compiled code (numba, BLAS) leaves the stack of every thread instead of no output. Ctrl-C and
    the other signals are untouched. Returns whether it is on (False when stderr has no file descriptor,
    e.g. in a notebook).

    Examples
    --------
    >>> import faulthandler
    >>> enable_crash_stacks() == faulthandler.is_enabled()
    True
    """
    import faulthandler

    if faulthandler.is_enabled():
        return True
    try:
        faulthandler.enable(file=sys.stderr, all_threads=True)
    except (AttributeError, ValueError, OSError, RuntimeError):     # stderr without a file descriptor
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code.

    algnet's own errors are printed as one message with its hint (exit 2),
    never as a traceback; a Ctrl-C anywhere in the call (loading the
    sub-commands, parsing, the work) ends it with one line and 130. The
    Ctrl-C noted by the analysis (:func:`algnet.cli._common.interrupted`)
    belongs to this call: cleared when it starts and when it ends.

    Examples
    --------
    >>> main(["dim", "nonsense 1-2"])  # doctest: +SKIP
    2
    """
    import signal

    from algnet.cli._common import clear_interrupted

    clear_interrupted()
    try:
        enable_crash_stacks()
        try:
            if getattr(signal.getsignal(signal.SIGINT), "algnet_loading", False):
                signal.signal(signal.SIGINT, signal.default_int_handler)   # loaded: Ctrl-C is KeyboardInterrupt again
        except ValueError:      # not the main thread
            pass
        from algnet.cli.critical import cli_process

        if cli_process():       # a Ctrl-C that numba's compiling holds back gets a line at once (_ctrl_c_notice)
            from algnet.cli._ctrl_c_notice import install

            install()
        return _run(argv)
    except KeyboardInterrupt:   # outside the sub-command's own handling (e.g. while parsing the command line)
        print("algnet: interrupted", file=sys.stderr)
        return 130
    except ImportError as e:
        # a Ctrl-C that landed inside an import (the sub-commands import lazily) leaves that module half
        # initialized, and the next import of it fails (seen once in 9 timed Ctrl-C of `algnet dim` in CI): an
        # interrupted run, not a defect
        if "partially initialized module" not in str(e):
            raise
        print("algnet: interrupted", file=sys.stderr)
        return 130
    finally:
        clear_interrupted()
        from algnet.cli.critical import cli_process

        if cli_process():
            # the answer (or "interrupted") is out: a Ctrl-C during the interpreter's shutdown changes nothing
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # Under ``python -m``, a Ctrl-C that ended a string exec/eval (numba and dataclasses generate code
            # that way) leaves CPython's "unhandled KeyboardInterrupt" flag set even though algnet caught it,
            # and the interpreter then kills itself with SIGINT after printing the answer (8 of 60 random
            # interrupts of `algnet critical`; strace: kill(self, SIGINT) at exit). The flag is reset at the
            # start of every string exec, so one harmless exec clears it.
            exec("pass", {})


def _run(argv) -> int:
    try:
        parser = build_parser()
    except KeyboardInterrupt:       # while the sub-commands load
        print("algnet: interrupted", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):     # no command: a command-line syntax error (exit 2, as argparse's own)
        parser.print_help(sys.stderr)
        print("algnet: error: give a command, e.g. algnet dim \"linear 4-2-3\"", file=sys.stderr)
        return 2
    from algnet.cli._compile_notice import install
    from algnet.guards import sigint_count

    install()       # one line on a terminal if this run compiles a kernel (first use on this machine)
    before = sigint_count()
    try:
        return int(args.func(args) or 0)
    except AlgnetError as e:
        print(f"algnet: error: {_error_text(e, args)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("algnet: interrupted", file=sys.stderr)
        return 130
    except MemoryError as e:
        # an allocation the system refused (numpy says how much): no estimate caught this input, but the machine
        # is intact; one message, not a traceback (seen: attention t=100000, a t x t x t array of 149 GiB)
        detail = str(e).strip()
        print(f"algnet: error: out of memory{': ' + detail if detail else ''}\n  hint: the input is too large "
              "for this machine's memory (no estimate caught it before the work started); a smaller network "
              "or fewer samples", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into e.g. `head`, which closed early
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:   # last: MemoryError and BrokenPipeError have their own answers above
        # a Ctrl-C that landed inside compiled code's machinery (numba's first compilation of a kernel: a
        # "RuntimeError: no compiled object yet", or numba's own error wrapping the interrupt) arrives as another
        # exception; after a Ctrl-C the run was interrupted, not broken
        if sigint_count() == before:
            raise
        print(f"algnet: interrupted ({type(e).__name__} in the work under way when Ctrl-C arrived)", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
