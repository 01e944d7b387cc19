"""``algnet critical SPEC`` (or ``--map FILE``): critical points of a quadratic loss on the neuromanifold.

The flags come from the registered analysis ``critical``
(:mod:`algnet.analyses.critical.catalog`). Counts that are only lower bounds
(Ctrl-C, a failed trace test, a point lost on the way to the target) are
printed as ``critical points >= N (...; lower bound)``; the exit status is then
non-zero (130 after Ctrl-C). The printed answer and the exit status always
agree: a Ctrl-C during the analysis makes the result partial (a lower bound,
exit 130); one that arrives after the analysis returned is held back while the
complete answer is printed (exit 0), and in the ``algnet`` process ignored from then
to the exit, through the interpreter's shutdown (:func:`held_sigint`). A Ctrl-C in
the last step of the analysis, before it returns, means no answer: nothing is
printed as one, exit 130.
"""

from __future__ import annotations

from contextlib import contextmanager

from algnet.cli._common import (add_analysis_arguments, add_network_arguments, exit_status, interrupted,
                                partial_reason, print_json, run_analysis)


def add_parser(sub, name: str, analysis: str, example: str, help: str, description: str):
    """A sub-command for a registered critical-point analysis: SPEC or --map, its flags, --progress."""
    p = sub.add_parser(name, help=help, description=description)
    add_network_arguments(p, example)
    add_analysis_arguments(p, analysis, progress=True)
    return p


def register(sub):
    p = add_parser(sub, "critical", "critical", "conv k=2,2 r=2",
                   help="critical points of the loss (count, pure/spurious, real, types)",
                   description="All complex critical points of L = loss o mu modulo the known symmetries, by "
                               "monodromy in the target with a trace test and Krawczyk certificates; pure and "
                               "spurious points; for real ones whether real weights reach them, their loss and "
                               "Hessian type. Ctrl-C prints what was found as a lower bound (exit 130).")
    p.add_argument("--data", default=None, metavar="FILE.npz",
                   help="regression data instead of --loss: an .npz with arrays X (samples x inputs) and Y "
                        "(samples x outputs)")
    p.add_argument("--no-classify", dest="classify", action="store_false",
                   help="the count alone: the critical points for a generic complex target, without the "
                        "classification at the real target (pure/spurious, real, Hessian types); classify=False "
                        "in Python")
    add_cache_flag(p)       # the full classification never takes the warm route; --no-classify counts may
    p.set_defaults(func=run, loss=None)     # None: the analysis' default (generic); a --loss given is seen in run


def add_cache_flag(p):
    """``--no-cache`` (``algnet ed-degree``): neither read nor write the on-disk store of solved network structures
    (only counts by the warm route use it)."""
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the store of solved network structures ($ALGNET_CACHE_DIR, else "
                        "~/.cache/algnet/critical); counts by the warm route only")


def structure_cache(args):
    """The store switched on or off for the command (``--no-cache``): a context manager.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from algnet.analyses.critical.structure_store import enabled
    >>> with structure_cache(SimpleNamespace(no_cache=True)):
    ...     enabled()
    False
    """
    from algnet.analyses.critical.structure_store import caching

    return caching(not getattr(args, "no_cache", False))


def load_data(path, force: bool = False):
    """(X, Y) from an .npz file with arrays X and Y, as float64 after their headers (real numbers, at least one
    row) and their size are checked (:func:`algnet.data_files.load_arrays`); ParameterError otherwise."""
    from algnet.data_files import load_arrays

    X, Y = load_arrays(path, ["X", "Y"], force=force,
                       hint="a smaller data file (fewer samples)")
    return X, Y


def lower_bound_reason(res, interrupted_word: str) -> str | None:
    """Why the counts of ``res`` are only lower bounds (None when they are the answer): ``interrupted_word``
    after Ctrl-C, else the result's own ``partial_reason``
    (:func:`~algnet.analyses.critical.results.incomplete_reason`).

    Examples
    --------
    >>> from algnet.analyses.critical import critical_points
    >>> r = critical_points("linear 2-1-2", seed=0, classify=False)      # complete: no reason, unless the last
    >>> lower_bound_reason(r, "interrupted") in (None, "interrupted")     # command run here got a Ctrl-C
    True
    """
    c = getattr(res, "critical", res)
    if interrupted():
        return interrupted_word
    if res.partial:     # the result's own reason (an ED degree's contradiction too), else its critical run's
        return getattr(res, "partial_reason", None) or getattr(c, "partial_reason", None) or interrupted_word
    return None


def cli_process() -> bool:
    """Whether this Python process is the ``algnet`` command itself (``python -m algnet`` or the console
    script), not a caller of :func:`algnet.cli.main` such as a test or a notebook.

    Examples
    --------
    >>> cli_process()                  # under the doctest runner
    False
    """
    import os
    import sys

    top = sys.modules.get("__main__")
    spec = getattr(top, "__spec__", None)
    if spec is not None and spec.name == "algnet.__main__":
        return True
    return os.path.basename(getattr(top, "__file__", "") or "") == "algnet"


@contextmanager
def held_sigint():
    """Within the block, a Ctrl-C outside :func:`~algnet.cli._common.run_analysis` (which installs its own
    handler and makes the result partial) is held back: once the analysis has returned, the answer is
    printed whole and the exit status is the answer's. Yields the list of held signals.

    In the ``algnet`` process itself Ctrl-C is ignored from the end of the block to the exit: after the
    answer is printed the only thing left is to exit with its status, and a Ctrl-C during the
    interpreter's shutdown (seconds, with numba and torch loaded) would otherwise kill the process with
    SIGINT (status 130) after a complete answer. Callers of :func:`algnet.cli.main` in Python get their
    own handler back.

    Examples
    --------
    >>> import signal
    >>> with held_sigint() as held:
    ...     signal.raise_signal(signal.SIGINT)      # held back, not a KeyboardInterrupt
    >>> len(held)
    1
    """
    import signal

    held: list = []
    try:
        previous = signal.signal(signal.SIGINT, lambda *a: held.append(a[0]))
    except ValueError:  # not the main thread
        yield held
        return
    try:
        yield held
    finally:
        # in the algnet process: ignored from here to the exit (SIG_IGN, which the interpreter keeps through
        # its shutdown, where it resets Python-level handlers to the default, i.e. death by SIGINT)
        signal.signal(signal.SIGINT, signal.SIG_IGN if cli_process() else previous)


def emit(args, res, why, text: str) -> int:
    """Print ``res`` as JSON (``partial`` and ``partial_reason`` set when ``why``) or ``text``; the exit
    status (0 for an answer, non-zero for a lower bound)."""
    if args.json:
        d = res.as_dict()
        if why is not None:
            d["partial"] = True
            d["partial_reason"] = why
        print_json(d)
    else:
        print(text)
    import sys

    sys.stdout.flush()          # the answer is out before the exit status is final
    return exit_status(why is not None)


def run(args) -> int:
    extra = {} if getattr(args, "classify", True) else {"classify": False}
    if args.data:
        if args.loss is not None:       # the data's loss was used and --loss silently ignored
            from algnet.errors import ParameterError

            raise ParameterError(f"--data and --loss {args.loss} both name the loss",
                                 hint="--data FILE.npz is the regression loss sum_i ||f(x_i) - y_i||^2: drop --loss")
        extra["loss"] = load_data(args.data, force=args.force)
    with held_sigint(), structure_cache(args):
        res = run_analysis(args, **extra)
        why = lower_bound_reason(res, partial_reason("stopped early"))
        from algnet.analyses.critical.results import CriticalResult

        text = res.summary(why) if isinstance(res, CriticalResult) else res.summary()
        return emit(args, res, why, text)
