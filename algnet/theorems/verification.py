"""``algnet verify``: recompute published theorems on small cases.

Each module in :mod:`algnet.theorems.checks` defines
``checks(quick: bool) -> list[Check]``. A :class:`Check` names the theorem
and the case and holds a callable that *computes* the answer with algnet's
own methods and returns it with the prediction. :func:`verify` runs them
all (with a progress bar when asked) and collects one :class:`Row` each,
with the seeds and primes actually used (those of the analyses the check ran
through :func:`run_analysis`, or the ``seed`` its result states).

Examples
--------
>>> res = verify(quick=True, only="determinantal dimension")
>>> res.all_agree
True
"""

from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Check", "Row", "VerifyResult", "verify", "all_checks", "run_analysis"]


def run_analysis(name: str, network, seed=0, **options):
    """Run the registered analysis ``name`` (:mod:`algnet.registry`) on a Network or spec.

    The checks compute through this one entry point, so a row runs the same
    code, with the same option checks, as ``algnet <command>`` and a sweep.

    Examples
    --------
    >>> run_analysis("dimension", "linear 3-1-3").dimension
    5
    """
    from algnet.registry import get_analysis

    res = get_analysis(name).run(network, seed=seed, **options)
    if _RUNS:
        _RUNS[-1].append(res)       # the row records the seed and primes this run used
    return res


_RUNS: list = []        # one list per check under way: the results of its run_analysis calls


def _used(results) -> tuple:
    """The seeds and the primes recorded in the evidence of ``results`` (each once, in order of use)."""
    seeds, primes = [], []
    for r in results:
        ev = getattr(r, "evidence", None)
        seed = getattr(ev if ev is not None else r, "seed", None)
        if seed is not None and seed not in seeds:
            seeds.append(seed)
        for p in getattr(ev, "primes", None) or ():
            if p not in primes:
                primes.append(p)
    return seeds, primes


@dataclass(frozen=True)
class Check:
    """One case of one theorem, computed lazily.

    ``compute()`` returns a mapping with keys ``computed``, ``predicted``
    and optionally ``agree`` (defaults to ``computed == predicted``),
    ``method``, ``certified`` (bool), ``detail`` (str), ``seed`` and ``primes``.
    The seeds and primes of the analyses run through :func:`run_analysis` are
    recorded by themselves; a check that draws at random otherwise states its
    ``seed`` (``None`` when nothing random is drawn), else its row disagrees.

    Examples
    --------
    >>> c = Check("1 + 1 = 2", "integers", "arithmetic", lambda: {"computed": 1 + 1, "predicted": 2, "seed": None})
    >>> run_check(c).agree
    True
    """

    theorem: str
    case: str
    source: str
    compute: Callable[[], dict]
    slow: bool = False          # minutes: run only by ``verify(slow=True)`` (``algnet verify --slow``)


@dataclass(frozen=True)
class Row:
    """One line of the verification table.

    Examples
    --------
    >>> row = run_check(Check("2^10", "integers", "arithmetic", lambda: {"computed": 2**10, "predicted": 1000,
    ...                                                        "seed": None}))
    >>> row.computed, row.predicted, row.agree
    (1024, 1000, False)
    """

    theorem: str
    case: str
    computed: Any
    predicted: Any
    agree: bool
    method: str = ""
    certified: bool | None = None
    detail: str = ""
    source: str = ""
    seconds: float = 0.0
    seed: Any = None            # the seed used (a list when the check used several), None: nothing random drawn
    primes: tuple = ()

    def as_dict(self) -> dict:
        return {
            "theorem": self.theorem,
            "case": self.case,
            "computed": _jsonable(self.computed),
            "predicted": _jsonable(self.predicted),
            "agree": self.agree,
            "method": self.method,
            "certified": self.certified,
            "detail": self.detail,
            "source": self.source,
            "seconds": round(self.seconds, 3),
            "seed": _jsonable(self.seed),
            "primes": _jsonable(self.primes),
        }


def _clip(text: str, width: int) -> str:
    """Shorten a table cell (the JSON output keeps the full text)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _jsonable(x):
    if isinstance(x, (int, float, str, bool)) or x is None:
        return x
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return str(x)


@dataclass(frozen=True)
class VerifyResult:
    """All rows; ``all_agree`` is False if any row disagrees or failed.

    Examples
    --------
    >>> row = run_check(Check("1 + 1 = 2", "integers", "arithmetic",
    ...                       lambda: {"computed": 1 + 1, "predicted": 2, "seed": None}))
    >>> res = VerifyResult((row,))
    >>> res.all_agree, res.table().splitlines()[-1]
    (True, '1 rows, 1 agree, 0 disagree')
    """

    rows: tuple[Row, ...] = field(default_factory=tuple)
    partial: bool = False

    @property
    def all_agree(self) -> bool:
        return all(r.agree for r in self.rows) and not self.partial

    def table(self) -> str:
        """The rows as a plain-text table."""
        head = ("theorem", "case", "computed", "predicted", "agree", "method", "cert")
        body = [
            (
                _clip(r.theorem, 48),
                _clip(r.case, 56),
                _clip(str(r.computed), 28),
                _clip(str(r.predicted), 28),
                "yes" if r.agree else "NO",
                _clip(r.method, 40),
                {True: "yes", False: "no", None: "-"}[r.certified],
            )
            for r in self.rows
        ]
        widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]
        fmt = "  ".join("{:<%d}" % w for w in widths)
        lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
        lines += [fmt.format(*b) for b in body]
        n_bad = sum(not r.agree for r in self.rows)
        lines.append("")
        lines.append(f"{len(self.rows)} rows, {len(self.rows) - n_bad} agree, {n_bad} disagree"
                     + (" (interrupted: partial)" if self.partial else ""))
        return "\n".join(lines)

    def __repr__(self) -> str:
        n_bad = sum(not r.agree for r in self.rows)
        return f"VerifyResult(rows={len(self.rows)}, disagree={n_bad}, partial={self.partial})"


def all_checks(quick: bool = False, slow: bool = False) -> list[Check]:
    """Collect the checks of every module in :mod:`algnet.theorems.checks` (the slow ones only if ``slow``).

    Examples
    --------
    >>> len(all_checks(quick=True)) > 0
    True
    """
    from algnet.theorems import checks as pkg

    out: list[Check] = []
    for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{mod.name}")
        fn = getattr(module, "checks", None)
        if fn is not None:
            out.extend(fn(quick))
    return [c for c in out if slow and not quick or not c.slow]


def run_check(check: Check) -> Row:
    """Run one check; an exception becomes a disagreeing row, not a crash.

    The row records the seeds and primes used: those of the analyses run through :func:`run_analysis`,
    and the ``seed`` / ``primes`` the check's result states.

    Examples
    --------
    >>> row = run_check(Check("dim", "linear 2-1-2", "-", lambda: {"computed": run_analysis(
    ...     "dimension", "linear 2-1-2", seed=5).dimension, "predicted": 3}))
    >>> row.agree, row.seed, len(row.primes) > 0
    (True, 5, True)
    >>> run_check(Check("t", "c", "s", lambda: {"computed": 1, "predicted": 1})).detail
    'the check states no seed (None when it draws nothing at random) and ran no analysis through run_analysis'
    """
    t0 = time.perf_counter()
    _RUNS.append([])
    try:
        out = check.compute()
        computed, predicted = out["computed"], out["predicted"]
        agree = bool(out.get("agree", computed == predicted))
        seeds, primes = _used(_RUNS[-1])
        detail = out.get("detail", "")
        if "seed" in out and out["seed"] is not None and out["seed"] not in seeds:
            seeds.insert(0, out["seed"])
        primes += [p for p in out.get("primes", ()) if p not in primes]
        if "seed" not in out and not _RUNS[-1]:
            agree, detail = False, ("the check states no seed (None when it draws nothing at random) and ran no "
                                    "analysis through run_analysis" + (f"; {detail}" if detail else ""))
        return Row(check.theorem, check.case, computed, predicted, agree,
                   out.get("method", ""), out.get("certified"), detail,
                   check.source, time.perf_counter() - t0,
                   seeds[0] if len(seeds) == 1 else tuple(seeds) or None, tuple(primes))
    except Exception as e:  # reported in the table, never swallowed silently
        return Row(check.theorem, check.case, "error", "-", False, "", None,
                   f"{type(e).__name__}: {e}", check.source, time.perf_counter() - t0)
    finally:
        _RUNS.pop()


def verify(quick: bool = False, only: str | None = None, show_progress: bool = False,
           slow: bool = False) -> VerifyResult:
    """Run every theorem check and return the table.

    Parameters
    ----------
    quick : bool
        Only the small cases (seconds, used by the tests).
    only : str, optional
        Keep checks whose theorem name contains this substring (a text that
        matches none raises ParameterError listing the theorems).
    show_progress : bool
        Show a tqdm progress bar.
    slow : bool
        Also the rows marked slow (minutes each; not with ``quick``).

    Returns
    -------
    VerifyResult
        Ctrl-C returns the rows finished so far, marked ``partial``.

    Examples
    --------
    >>> r = verify(quick=True, only="conv dimension")
    >>> r.all_agree and len(r.rows) > 0
    True
    """
    if only is not None and not str(only).strip():
        from algnet.errors import ParameterError

        raise ParameterError("an empty theorem name matches every theorem",
                             hint="give part of a theorem's name (algnet verify --list names them), or leave it out")
    checks = all_checks(quick, slow)
    if only is not None:
        names = sorted({c.theorem for c in checks})
        checks = [c for c in checks if str(only).lower() in c.theorem.lower()]
        if not checks:
            import difflib

            from algnet.errors import ParameterError

            close = difflib.get_close_matches(str(only), names, n=3, cutoff=0.4)
            raise ParameterError(f"no theorem name contains {str(only)!r}",
                                 hint=(f"did you mean {', '.join(map(repr, close))}? " if close else "")
                                 + "theorems: " + "; ".join(names))
    rows: list[Row] = []
    partial = False
    it = checks
    if show_progress:
        from tqdm.auto import tqdm

        it = tqdm(checks, desc="verify", unit="case")
    from algnet.guards import sigint_count

    try:
        for c in it:
            before = sigint_count()
            row = run_check(c)
            if sigint_count() > before:   # the row's analysis turned Ctrl-C into a partial result: stop here
                raise KeyboardInterrupt
            rows.append(row)
    except KeyboardInterrupt:
        partial = True
    return VerifyResult(tuple(rows), partial)
