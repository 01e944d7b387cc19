"""Tasks of a sweep: analysis names, seeds, task keys, and computing one task.

A task is (analysis, spec, seed, options). The analysis comes from the one
registry of analyses (:mod:`algnet.registry`; CLI names such as ``dim`` are
aliases and are stored under the canonical name); its options are checked
and converted by the registry before any task runs. A task's row is the
full JSON of the result (``as_dict()``) with its evidence record.

Examples
--------
>>> resolve("dim").name
'dimension'
>>> task_key("dim", "linear  2-1-2", 3, {})
('dimension', 'linear 2-1-2', 3, '{}')
>>> count_seeds("5..2")
Traceback (most recent call last):
...
algnet.errors.ParameterError: empty seed range '5..2' (its end is below its start)
  hint: write --seeds 2..5
"""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass
from typing import Callable

from algnet.errors import AlgnetError, ParameterError, TooLargeError

__all__ = ["resolve", "parse_seeds", "count_seeds", "task_key", "run_task", "run_tasks", "SweepAnalysis",
           "MAX_TASKS"]

#: Sweeps of more tasks than this are refused unless forced (estimate in the error).
MAX_TASKS = 2_000_000

_SEEDS_HINT = "seeds are A..B (inclusive, A <= B) or a comma list of non-negative integers, e.g. --seeds 0..9"


@dataclass(frozen=True)
class SweepAnalysis:
    """What a sweep needs of an analysis: its canonical name, an option checker and a JSON runner.

    Examples
    --------
    >>> a = resolve("dimension")
    >>> a.name, a.run_json("linear 2-1-2", 0)["dimension"]      # det = 0 in the 2x2 matrices: dimension 3
    ('dimension', 3)
    """

    name: str
    check_options: Callable
    run_json: Callable
    summary: str = ""


def _from_registry(a) -> SweepAnalysis:
    return SweepAnalysis(a.name, a.check_options, lambda spec, seed, **o: _full_json(a, spec, seed, o), a.summary)


def _full_json(a, spec, seed, options) -> dict:
    from algnet.analyses.shared import sharing
    from algnet.architectures.spec import parse_spec

    net = parse_spec(spec)
    with sharing() as cache:
        res = a.run(net, seed=seed, **options)
    d = res.as_dict()
    ev = getattr(res, "evidence", None)
    if ev is not None and "evidence" not in d:
        d["evidence"] = ev.as_dict()
    used = cache.get(net)
    if used is not None and "upper_bound_source" not in d:
        # the analysis used the network's dimension (a degree, equations, ...): keep the proved bound that
        # certified it next to the dimension's evidence (which is in the evidence's depends_on)
        d["dimension_upper_bound"] = int(used.upper_bound)
        d["dimension_upper_bound_source"] = used.upper_bound_source
    elif "upper_bound_source" not in d and d.get("method") == "formula" and d.get("dimension") is not None:
        # a degree by a theorem takes dim M from the theorem, not from a Jacobian rank: the theorem is the bound
        _theorem_bound(net, d)
    return d


def _theorem_bound(net, d: dict) -> None:
    """Record in ``d`` the theorem's dim M as the proved bound of the record's dimension, when the network has a
    closed-form dimension (:meth:`expected_dimension`) equal to it."""
    from algnet.errors import NotApplicableError

    try:
        exp = net.expected_dimension() if hasattr(net, "expected_dimension") else None
    except NotApplicableError:
        exp = None
    if exp is not None and int(exp[0]) == int(d["dimension"]):
        d["dimension_upper_bound"] = int(exp[0])
        d["dimension_upper_bound_source"] = f"theorem: {exp[1]}"


def resolve(name: str) -> SweepAnalysis:
    """The analysis called ``name`` (registry first, then the sweep's own ReLU adapters).

    Raises ParameterError (with "did you mean") for unknown names.

    Examples
    --------
    >>> resolve("dim").name, resolve("fd").name               # an alias of the registry; a ReLU adapter
    ('dimension', 'fd')
    >>> resolve("dimensoin")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: ...
    """
    from algnet.registry import analysis_names, get_analysis
    from algnet.sweep import legacy

    try:
        return _from_registry(get_analysis(name))
    except ParameterError as e:
        if name in legacy.ANALYSES:
            fn = legacy.ANALYSES[name]
            return SweepAnalysis(name, legacy.option_checker(name, fn), fn, (fn.__doc__ or "").strip())
        known = sorted(set(legacy.ANALYSES) | set(analysis_names()))
        raise ParameterError(e.message, hint=(e.hint or "").split("known:")[0] + "known: " + ", ".join(known)) from None


def known_analyses() -> dict:
    """Canonical names of everything a sweep can run, with a one-line summary.

    Examples
    --------
    >>> "dimension" in known_analyses()
    True
    """
    from algnet.registry import analyses
    from algnet.sweep import legacy

    out = {n: a.summary for n, a in analyses().items()}
    for n, fn in legacy.ANALYSES.items():
        out.setdefault(n, (fn.__doc__ or "").strip().splitlines()[0])
    return out


# ------------------------------------------------------------------ seeds
def _parts(text):
    if not isinstance(text, str):
        return None
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or any(p == "" for p in parts):
        raise ParameterError(f"bad seeds {text!r}", hint=_SEEDS_HINT)
    out = []
    for p in parts:
        try:
            a, b = (int(x) for x in p.split("..")) if ".." in p else (int(p), int(p))
        except ValueError:
            raise ParameterError(f"bad seeds {text!r}", hint=_SEEDS_HINT) from None
        if b < a:
            raise ParameterError(f"empty seed range {p!r} (its end is below its start)", hint=f"write --seeds {b}..{a}")
        if a < 0:
            raise ParameterError(f"negative seed in {text!r}", hint=_SEEDS_HINT)
        out.append((a, b))
    return out


def count_seeds(text) -> int:
    """Number of seeds in a seed text (nothing is expanded).

    Examples
    --------
    >>> count_seeds("0..999999999")
    1000000000
    """
    parts = _parts(text)
    if parts is None:
        return len(list(text))
    return sum(b - a + 1 for a, b in parts)


def parse_seeds(text, limit: int | None = MAX_TASKS) -> list[int]:
    """``'0..9'`` (inclusive), ``'1,4,7'``, ``'5'`` or an iterable of ints; refuses more than ``limit`` seeds.

    Examples
    --------
    >>> parse_seeds("0..3"), parse_seeds("2,5")
    ([0, 1, 2, 3], [2, 5])
    """
    parts = _parts(text)
    if parts is None:
        seeds = []
        for s in text:
            if isinstance(s, bool) or not isinstance(s, int) and not (hasattr(s, "__index__")):
                raise ParameterError(f"seed {s!r} is not an integer", hint=_SEEDS_HINT)
            if int(s) < 0:
                raise ParameterError(f"negative seed {s!r}", hint=_SEEDS_HINT)
            seeds.append(int(s))
        if not seeds:
            raise ParameterError("no seeds given", hint=_SEEDS_HINT)
        return list(dict.fromkeys(seeds))
    n = count_seeds(text)
    if limit is not None and n > limit:
        raise TooLargeError(f"--seeds {text} has {n} seeds (limit {limit})", seeds=n,
                            hint="use a smaller seed range")
    out = []
    for a, b in parts:
        out += range(a, b + 1)
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------ tasks
def _options_json(options) -> str:
    return json.dumps(options or {}, sort_keys=True, default=str)


def task_key(analysis: str, spec: str, seed: int, options: dict) -> tuple:
    """Canonical (analysis, spec, seed, options-json) key (options checked and converted).

    Examples
    --------
    >>> task_key("fd", "relu  2-3-1", 4, {"max_regions": 100, "batch": 2})
    ('fd', 'relu 2-3-1', 4, '{"batch": 2, "max_regions": 100}')
    """
    from algnet.architectures.spec import parse_spec

    a = resolve(analysis)
    return (a.name, parse_spec(spec).spec, int(seed), _options_json(a.check_options(options or {})))


def _error_json(e: BaseException) -> dict:
    if isinstance(e, AlgnetError):
        return {"error": type(e).__name__, "message": e.message, "hint": e.hint}
    tb = traceback.extract_tb(e.__traceback__)
    where = f" at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else ""
    return {"error": type(e).__name__, "message": f"{e}{where}",
            "hint": "an unexpected error inside the analysis: please report it with the spec and the seed"}


def run_task(analysis: str, spec: str, seed: int, options_json: str) -> tuple:
    """Compute one task: (analysis, spec, seed, options, status, result-json, seconds).

    Errors become rows with status ``'error'`` and the result ``{error, message, hint}``.

    Examples
    --------
    >>> import json
    >>> row = run_task("dimension", "linear 2-1", 0, "{}")       # all 2x1 matrices: dimension 2
    >>> row[:5], json.loads(row[5])["dimension"]
    (('dimension', 'linear 2-1', 0, '{}', 'ok'), 2)
    >>> bad = run_task("dimension", "nonsense 1-2", 0, "{}")
    >>> bad[4], json.loads(bad[5])["error"]
    ('error', 'SpecError')
    """
    t0 = time.perf_counter()
    try:
        res = resolve(analysis).run_json(spec, seed, **json.loads(options_json))
        status = "ok"
    except Exception as e:   # noqa: BLE001 - every failure becomes a stored, reported row
        res = _error_json(e)
        status = "error"
    return (analysis, spec, seed, options_json, status, json.dumps(res, sort_keys=True, default=str),
            time.perf_counter() - t0)


def run_tasks(keys) -> list[tuple]:
    """:func:`run_task` over a list of keys (one chunk sent to a worker).

    Examples
    --------
    >>> rows = run_tasks([("dimension", "linear 2-1", 0, "{}"), ("dimension", "linear 2-1-2", 0, "{}")])
    >>> [(r[1], r[4]) for r in rows]
    [('linear 2-1', 'ok'), ('linear 2-1-2', 'ok')]
    """
    return [run_task(*k) for k in keys]
