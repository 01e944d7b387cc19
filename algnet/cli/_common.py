"""Shared pieces of the analysis sub-commands (``dim``, ``degree``, ``implicit``, ``singular``, ``fibers``).

* :func:`add_network_arguments` / :func:`network_from_args`: a network is
  given either as a SPEC string or as ``--map FILE`` (one polynomial per
  line, the variables are the parameters), exactly one of them.
* :func:`add_analysis_arguments` / :func:`run_analysis`: the flags of a
  registered analysis (:mod:`algnet.registry`) and one call that runs it with
  the seed actually used.
* :func:`print_result`: a result as JSON or as its summary, marked when
  partial, and the exit status that goes with it.
* Exit statuses: :data:`EXIT_PARTIAL` when a result is only a bound (time
  limit, size cap, failed completeness test), :data:`EXIT_INTERRUPTED` (130)
  when Ctrl-C cut the computation short.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser(prog="algnet dim")
>>> add_network_arguments(p)
>>> add_analysis_arguments(p, "dimension")
>>> args = p.parse_args(["linear 2-1-2", "--seed", "3"])
>>> network_from_args(args).spec, args.seed
('linear 2-1-2', 3)
"""

from __future__ import annotations

import json
import re
import secrets
import signal
import sys

from algnet.interrupts import forget_sigints_again, interrupt_again, put_off_here, sigint_is_new

__all__ = ["add_network_arguments", "network_from_args", "add_analysis_arguments", "run_analysis",
           "seed_from_args", "json_text", "print_json", "print_result", "exit_status", "clear_interrupted",
           "later_step",
           "EXIT_OK", "EXIT_ERROR", "EXIT_PARTIAL", "EXIT_INTERRUPTED"]

EXIT_OK = 0
#: algnet refused the input or the work (its own error, printed with a hint in CLI syntax).
EXIT_ERROR = 2
#: The printed result is a bound, not the answer (time limit, size cap, failed completeness test).
EXIT_PARTIAL = 3
#: Ctrl-C: what was finished is printed, marked partial.
EXIT_INTERRUPTED = 130

_INTERRUPTED = {"flag": False}


def add_network_arguments(parser, example: str = "dense 3-2-1 r=2") -> None:
    """A positional SPEC and ``--map FILE``; :func:`network_from_args` requires exactly one."""
    parser.add_argument("spec", nargs="?", default=None, metavar="SPEC",
                        help=f'network spec, e.g. "{example}" (quote it); or give --map FILE')
    parser.add_argument("--map", dest="map_file", default=None, metavar="FILE",
                        help="a polynomial map instead of SPEC: one polynomial per line (variables, integers, "
                             "+ - * /, ^ and parentheses); the variables are the parameters")
    parser.set_defaults(_parser=parser)


def network_from_args(args):
    """The Network named by ``args.spec`` or read from ``args.map_file`` (exactly one of them).

    A missing or doubled network is a command-line syntax error (usage
    message, exit status 2).
    """
    spec, path = getattr(args, "spec", None), getattr(args, "map_file", None)
    parser = getattr(args, "_parser", None)
    if (spec is None) == (path is None):
        msg = ("give a network: SPEC (e.g. \"linear 4-2-3\") or --map FILE" if spec is None
               else "give either SPEC or --map FILE, not both")
        if parser is not None:
            parser.error(msg)
        from algnet.errors import ParameterError

        raise ParameterError(msg, hint="algnet dim \"linear 4-2-3\"  or  algnet dim --map FILE")
    if path is not None:
        from algnet.architectures import polymap

        return polymap.load_map(path)
    from algnet.architectures.spec import parse_spec

    return parse_spec(spec)


def _seed(text) -> int:
    import argparse

    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if v < 0 or v >= 2**63:
        raise argparse.ArgumentTypeError(f"{v} is not in 0 .. 2^63-1")
    return v


def add_analysis_arguments(parser, analysis: str, seed: bool = True, progress: bool = False,
                           json_flag: bool = True) -> None:
    """``--seed``, the flags of the registered ``analysis`` (typed, with help), ``--json``, ``--progress``."""
    from algnet.registry import get_analysis

    if seed:
        parser.add_argument("--seed", type=_seed, default=None,
                            help="random seed (drawn and printed when not given; recorded in the result)")
    get_analysis(analysis).add_arguments(parser)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print JSON")
    if progress:
        parser.add_argument("--progress", action="store_true", help="show progress bars")
    parser.set_defaults(_analysis=analysis)


def seed_from_args(args) -> int:
    """``args.seed``, or a fresh seed drawn (and stored on ``args``) when none was given."""
    if getattr(args, "seed", None) is None:
        args.seed = secrets.randbits(32)
    return args.seed


def _on_sigint(signum, frame):
    _INTERRUPTED["flag"] = True
    # counted once (algnet.guards.sigint_count(): loops see a Ctrl-C that an inner step swallowed), also when it was
    # put off below or by counting_sigint's handler (interrupt_again)
    sigint_is_new()
    if frame is not None and put_off_here(frame, compiler=False):
        # where raising breaks the process (algnet.interrupts.put_off_here): numba's boxing of a kernel's result (a
        # NULL in the returned tuple, then SIGSEGV), llvmlite's code (a ctypes callback from LLVM prints the
        # KeyboardInterrupt and loses it, numba then fails "no compiled object yet"), an import, a finalizer (e.g. a
        # progress bar's: "Exception ignored in ... __del__"). Tripped again shortly, it lands in ordinary code.
        # The command line's exception, compiler=False: raised in numba's compiler (cli._ctrl_c_notice)
        interrupt_again()
        return
    raise KeyboardInterrupt


def run_analysis(args, network=None, **extra):
    """Run the registered analysis of this sub-command on the network of ``args``.

    The options come from the flags (converted and checked by the registry),
    the seed is the one given or a drawn one (``args.seed`` is updated), and
    a Ctrl-C that the analysis turns into a partial result is remembered for
    :func:`exit_status`.
    """
    from algnet.registry import get_analysis

    analysis = get_analysis(args._analysis)
    if network is None:
        network = network_from_args(args)
    options = analysis.options_from_args(args)
    seed = seed_from_args(args)
    if getattr(args, "progress", False):
        extra.setdefault("show_progress", True)
    _INTERRUPTED["flag"] = False
    forget_sigints_again()      # a Ctrl-C tripped again after an earlier call ended is not this call's
    previous = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread (e.g. called from a worker): keep the handler
        previous = None
    try:
        return analysis.function(network, seed=seed, **options, **extra)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def later_step(step, *args, **kwargs):
    """``(step(*args, **kwargs), False)``, or ``(None, True)`` after Ctrl-C: for a step of a command that runs
    after its main result is finished (a count of regions after the local complexity, a certificate after the
    exact loss, ...), so that a Ctrl-C there keeps what was finished. The Ctrl-C is noted as in
    :func:`run_analysis`: :func:`exit_status` is then 130.

    Examples
    --------
    >>> later_step(sum, [1, 2])
    (3, False)
    >>> def cut():
    ...     raise KeyboardInterrupt
    >>> later_step(cut), exit_status(False)
    ((None, True), 130)
    >>> clear_interrupted()
    """
    try:
        return step(*args, **kwargs), False
    except KeyboardInterrupt:
        _INTERRUPTED["flag"] = True
        return None, True


def interrupted() -> bool:
    """Whether Ctrl-C arrived during the last :func:`run_analysis` of the command line call under way
    (:func:`algnet.cli.main` clears it when a call starts and when it ends)."""
    return _INTERRUPTED["flag"]


def clear_interrupted() -> None:
    """Forget a Ctrl-C noted by :func:`run_analysis`: the flag belongs to one command line call, not to the
    process (an in-process ``main([...])`` that got Ctrl-C must not make a later call's exit status 130).

    Examples
    --------
    >>> _INTERRUPTED["flag"] = True
    >>> clear_interrupted(); interrupted(), exit_status(False)
    (False, 0)
    """
    _INTERRUPTED["flag"] = False


def exit_status(partial: bool) -> int:
    """0 for a complete answer; 130 after Ctrl-C; :data:`EXIT_PARTIAL` for any other partial result.

    A Ctrl-C noted during the run while the analysis returned its answer as complete (``partial`` False: the
    interrupt landed in a step the analysis does without, e.g. degree's Hilbert cross-check after a monodromy
    count whose trace test passed) gets one line on stderr, so that a complete-looking answer with status 130
    is explained (status 130 alone says nothing).
    """
    if interrupted():
        if not partial:
            print("algnet: interrupted, but the analysis returned the answer above as complete (the Ctrl-C "
                  "landed in a step it does without, e.g. a cross-check, which the answer does not claim)",
                  file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_PARTIAL if partial else EXIT_OK


def partial_reason(default: str = "time limit or size cap") -> str:
    """Why a result is partial, in words: ``interrupted`` after Ctrl-C, else ``default``."""
    return "interrupted" if interrupted() else default


def json_text(data) -> str:
    """``data`` as indented JSON, with each array of plain values (numbers, strings, ...) on one line: a
    result with thousands of pivots stays a few dozen lines. The same document as ``json.dumps(data,
    default=str)``.

    Examples
    --------
    >>> print(json_text({"dimension": 3, "pivots": [0, 1, 3], "evidence": {"primes": [5, 7], "depends_on": []}}))
    {
     "dimension": 3,
     "pivots": [0, 1, 3],
     "evidence": {
      "primes": [5, 7],
      "depends_on": []
     }
    }
    """
    flat = {}

    def mark(o):
        if isinstance(o, dict):
            return {k: mark(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            if any(isinstance(x, (dict, list, tuple)) for x in o):
                return [mark(x) for x in o]
            key = f"\x00flat{len(flat)}\x00"
            flat[json.dumps(key)] = json.dumps(list(o), default=str)
            return key
        return o

    text = json.dumps(mark(data), indent=1, default=str)
    return re.sub(r'"\\u0000flat[0-9]+\\u0000"', lambda m: flat[m.group(0)], text)


#: the fields every result's JSON has at its top level (the standards: how, with which seed, what is proved)
STANDARD_FIELDS = ("method", "seed", "certified", "partial")


def with_standard_fields(data):
    """``data`` with :data:`STANDARD_FIELDS` at its top level, taken from its ``evidence`` where a result's own
    keys left them out (``singular``, ``fibers``, ``hilbert``, ``dim``); anything else is returned unchanged.

    Examples
    --------
    >>> d = with_standard_fields({"spec": "linear 2-1-2", "evidence": {"method": "m", "seed": 3, "certified": True,
    ...                                                                "partial": False}, "certified": False})
    >>> d["certified"], d["seed"], d["partial"], d["method"]
    (False, 3, False, 'm')
    """
    if isinstance(data, dict) and isinstance(data.get("evidence"), dict):
        missing = [k for k in STANDARD_FIELDS if k not in data and k in data["evidence"]]
        if missing:
            data = {**data, **{k: data["evidence"][k] for k in missing}}
    return data


def print_json(data) -> None:
    """Print ``data`` as indented JSON (one document on stdout; arrays of plain values on one line, see
    :func:`json_text`), with the :data:`STANDARD_FIELDS` of a result (:func:`with_standard_fields`)."""
    print(json_text(with_standard_fields(data)))
    sys.stdout.flush()


def print_result(args, res, partial_note: str, reason: str = "stopped early") -> int:
    """Print ``res`` (its ``as_dict()`` with ``--json``, else its ``summary()``) and return the exit status.

    A partial result (``res.evidence.partial``) is marked as such: ``"partial": true`` and
    ``"partial_reason"`` in the JSON, a line ``PARTIAL (<reason>): <partial_note>`` above the summary
    (the reason is ``interrupted`` after Ctrl-C, else ``reason``).

    Examples
    --------
    >>> import argparse
    >>> from algnet.analyses.dimension import dimension
    >>> res = dimension("linear 2-1-2", seed=0)
    >>> print_result(argparse.Namespace(json=False), res, "the dimension printed is a lower bound")
    spec            linear 2-1-2
    dimension       3   (expected 3)
    ...
    0
    """
    partial = res.evidence.partial
    if args.json:
        d = res.as_dict()
        if partial:
            d["partial"] = True
            d["partial_reason"] = partial_reason(reason)
        print_json(d)
    else:
        if partial:
            print(f"PARTIAL ({partial_reason(reason)}): {partial_note}")
        print(res.summary())
    return exit_status(partial)


def load_point_rows(args):
    """The points of --data FILE (.npz array X, or .npy), one row per point, like ``load_data``; a 1-D array is
    refused: whether its numbers are several points of one coordinate or one point is not said by the file (it
    was read as one point without a word).

    Examples
    --------
    >>> import argparse, numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.npy")
    >>> np.save(path, np.arange(4.0))
    >>> load_point_rows(argparse.Namespace(data=path, force=False))      # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: --data ...x.npy holds a 1-D array of 4 numbers: the points are the rows of a 2-D array
      hint: np.save(FILE, X.reshape(-1, 1)) for 4 points of one coordinate, or X.reshape(1, -1) for one point of 4
    coordinates
    """
    from algnet.cli._relu_common import load_data
    from algnet.data_files import array_headers
    from algnet.errors import ParameterError

    X = load_data(args)      # first: what is wrong with the file or its values (strings, dates, NaN) is said first
    headers = array_headers(args.data)
    entry = headers.get("X") or next(iter(headers.values()), None)     # load_data's array: X, else the first
    shape = entry[0] if entry else None
    if isinstance(shape, tuple) and len(shape) == 1 and shape[0] > 1:   # one number is one point either way
        n = shape[0]
        raise ParameterError(f"--data {args.data} holds a 1-D array of {n} numbers: the points are the rows of a 2-D "
                             "array", hint=f"np.save(FILE, X.reshape(-1, 1)) for {n} points of one coordinate, "
                                           f"or X.reshape(1, -1) for one point of {n} coordinates")
    return X
