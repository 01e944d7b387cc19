"""Reading a sweep store: rows, flattened export (CSV, JSON, Parquet) and summaries with derived columns.

Summaries are one row per (analysis, spec, options) over the seeds, with
the columns users ask for:

* dimension: ``dimension`` (the values over seeds), ``expected`` (the
  network's own expected dimension, which knows its bottlenecks; its source
  in ``expected_source``), ``ktb`` (the Kileel–Trager–Bruna count
  min(#params − #hidden neurons, ambient) for dense power networks),
  ``defect`` = expected − dimension, ``defect_ktb``, ``certified`` (every
  seed certified), ``method``;
* fiber dimension against the known symmetries (``fiber_dimension``,
  ``symmetry_dimension``, ``hidden`` = their difference) when the rows
  have them;
* degree against the closed form when one applies (``formula``, ``agrees``);
* any other analysis: its main value(s) over seeds and ``certified``;
* ``partial``: how many of the stored results are partial (cut by a time limit, e.g. ``--option time_limit=...``),
  when any is.

Examples
--------
>>> import tempfile, os
>>> from algnet.sweep import run_sweep
>>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
>>> _ = run_sweep("dim", ["dense 3-2-1 r=2", "linear 4-2-3"], "0", db, show_progress=False)
>>> [(s["spec"], s["dimension"], s["ktb"], s["defect_ktb"]) for s in summarize(db)]
[('dense 3-2-1 r=2', [5], 6, 1), ('linear 4-2-3', [10], None, None)]
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

from algnet.errors import NotApplicableError, ParameterError
from algnet.sweep.store import Store

__all__ = ["load_results", "flatten", "export", "summarize", "fd_summary", "EXPORT_FORMATS", "ktb_count",
           "is_power_network", "network_expected_dimension"]

EXPORT_FORMATS = ("csv", "json", "parquet")


def load_results(db, analysis: str | None = None, status: str | None = "ok") -> list[dict]:
    """Stored rows as dicts (the result fields plus analysis, spec, seed, options, status, seconds).

    Rows whose checksum does not match raise :class:`~algnet.sweep.store.StoreError`.

    Examples
    --------
    >>> import tempfile, os
    >>> from algnet.sweep import run_sweep
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_sweep("regions", ["relu 2-3-1"], "0..1", db, show_progress=False)
    >>> [r["regions"] <= 7 for r in load_results(db)]
    [True, True]
    """
    if analysis is not None:
        from algnet.sweep.tasks import resolve

        analysis = resolve(analysis).name
    with Store(db, create=False) as st:
        return st.rows(analysis, status)


def flatten(d: dict, prefix: str = "") -> dict:
    """Nested dicts flattened to dotted keys; lists and tuples kept as JSON text.

    Examples
    --------
    >>> flatten({"a": 1, "evidence": {"method": "m", "primes": [2, 3]}})
    {'a': 1, 'evidence.method': 'm', 'evidence.primes': '[2, 3]'}
    """
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, (list, tuple)):
            out[key] = json.dumps(v, default=str)
        else:
            out[key] = v
    return out


def _flat_rows(db, analysis=None, status=None):
    rows = load_results(db, analysis=analysis, status=status)
    flat = [flatten(dict(r, options=json.dumps(r["options"], sort_keys=True))) for r in rows]
    first = ["analysis", "spec", "seed", "options", "status", "seconds"]
    cols = first + sorted({k for r in flat for k in r} - set(first))
    return flat, cols


def export(db, fmt: str = "csv", out=None, analysis: str | None = None, status: str | None = None) -> str | None:
    """Write every row (one per task, flattened keys) as CSV, JSON or Parquet.

    Parameters
    ----------
    db : store
    fmt : ``'csv'``, ``'json'`` or ``'parquet'`` (needs pyarrow)
    out : file path; None returns the text (CSV, JSON only)
    analysis, status : only these rows (default: all)

    Examples
    --------
    >>> import tempfile, os
    >>> from algnet.sweep import run_sweep
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_sweep("dim", ["linear 2-1-2"], "0", db, show_progress=False)
    >>> print(export(db, "csv").splitlines()[0][:40])
    analysis,spec,seed,options,status,second
    """
    if fmt not in EXPORT_FORMATS:
        raise ParameterError(f"unknown export format {fmt!r}", hint="--format csv|json|parquet")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise NotApplicableError("Parquet export needs pyarrow, which is not installed",
                                     hint="pip install pyarrow, or use --format csv|json") from None
        if out is None:
            raise ParameterError("Parquet export needs an output file", hint="--out FILE.parquet")
    if out is not None:     # before reading the store: a missing directory was a FileNotFoundError traceback after it
        _check_out(out)
    flat, cols = _flat_rows(db, analysis, status)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({c: [_parquet_value(r.get(c)) for r in flat] for c in cols})
        pq.write_table(table, str(out))
        return None
    if fmt == "json":
        text = json.dumps([{c: r.get(c) for c in cols} for r in flat], indent=1, default=str) + "\n"
    else:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for r in flat:
            w.writerow({c: "" if r.get(c) is None else r.get(c) for c in cols})
        text = buf.getvalue()
    if out is None:
        return text
    try:
        with open(out, "w") as fh:
            fh.write(text)
    except OSError as e:
        raise ParameterError(f"cannot write the export to {str(out)!r}: {e.strerror}",
                             hint="--out a writable file path") from None
    return None


def _check_out(out) -> None:
    """ParameterError unless ``out`` can be written: its directory exists and it is not a directory."""
    import os

    path = os.fspath(out)
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        why = ("is a directory" if os.path.isdir(path) else "is in a directory that does not exist"
               if not os.path.isdir(folder) else "is in a directory that cannot be written")
        raise ParameterError(f"cannot write the export to {path!r}: it {why}", hint="--out a writable file path")


def _parquet_value(v):
    return v if v is None or isinstance(v, (int, float, str, bool)) else str(v)


# ------------------------------------------------------------------ summaries
def ktb_count(net):
    """Kileel-Trager-Bruna count min(#params - #hidden neurons, ambient) for bias-free dense power networks
    (r >= 2, one degree or one per layer), else None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ktb_count(parse_spec("dense 3-2-1 r=2")), ktb_count(parse_spec("linear 4-2-3"))   # min(8 - 2, 6)
    (6, None)
    """
    from algnet.theorems.formulas import dense_expected_dimension

    r, widths = getattr(net, "r", None), getattr(net, "widths", None)
    if widths is None or getattr(net, "bias", False) or not is_power_network(net):
        return None
    if isinstance(r, int) and not isinstance(r, bool) and r >= 2:
        return dense_expected_dimension(widths, r)
    if isinstance(r, (tuple, list)) and r and all(isinstance(x, int) and x >= 2 for x in r):
        return min(net.n_params - sum(widths[1:-1]), net.ambient_dimension)
    return None


def is_power_network(net):
    """True when every activation of ``net`` is the pure power x^r (no lower-order terms).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> is_power_network(parse_spec("dense 2-2-1 r=2")), is_power_network(parse_spec("dense 2-2-1 act=1,0,1"))
    (True, False)
    """
    act = getattr(net, "act", None)
    if act in (None, ()):
        return True
    r = getattr(net, "r", None)
    return isinstance(r, int) and isinstance(act, (tuple, list)) and len(act) == r + 1 \
        and all(c == 0 for c in act[:-1]) and act[-1] == 1


def network_expected_dimension(net) -> tuple:
    """(expected dimension, its source) of the network's family, or (None, None) when it has none.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> network_expected_dimension(parse_spec("dense 2-1-2-1 r=2"))[0]     # width one bounds it: 3 - 1
    2
    """
    try:
        e = net.expected_dimension()
    except Exception:   # noqa: BLE001 - no expected value for this family
        return None, None
    if e is None:
        return None, None
    return e if isinstance(e, tuple) else (e, None)


def _order(v):
    """Numbers in numeric order before everything else (by text): sorting by str put 1010 before 348."""
    num = isinstance(v, (int, float)) and not isinstance(v, bool)
    return (0, v, "") if num else (1, 0, str(v))


def _values(rs, key):
    """The distinct scalar values of ``key`` over the rows, in order (lists and dicts, e.g. the critical points of
    a Morse row, are not values of a column)."""
    vals = sorted({r.get(key) for r in rs if r.get(key) is not None and not isinstance(r.get(key), (list, dict))},
                  key=_order)
    return vals


def _certified(r) -> bool:
    ev = r.get("evidence")
    if isinstance(ev, dict) and "certified" in ev:
        return bool(ev["certified"])
    return bool(r.get("certified"))


def _method(rs):
    ms = {(r.get("evidence") or {}).get("method") or r.get("method") for r in rs}
    ms.discard(None)
    return "; ".join(sorted(ms)) or None


def _dimension_columns(net, rs) -> dict:
    dims = _values(rs, "dimension")
    expected, source = network_expected_dimension(net)
    ktb = ktb_count(net)
    d = max(dims) if dims else None
    return {"dimension": dims, "expected": expected, "expected_source": source, "ktb": ktb,
            "defect": None if expected is None or d is None else expected - d,
            "defect_ktb": None if ktb is None or d is None else ktb - d,
            "ambient": rs[0].get("ambient"), "parameters": rs[0].get("parameters")}


def _fiber_columns(rs) -> dict:
    fib, sym = _values(rs, "fiber_dimension"), _values(rs, "symmetry_dimension")
    out = {"fiber_dimension": fib, "symmetry_dimension": sym[0] if len(sym) == 1 else sym}
    if fib and len(sym) == 1:
        out["hidden"] = min(fib) - sym[0]
    return out


def _degree_columns(net, rs) -> dict:
    degs = _values(rs, "degree")
    out = {"degree": degs, "formula": None, "agrees": None}
    try:
        from algnet.analyses.degree import degree

        f = degree(net, method="formula", seed=0)
        out["formula"] = getattr(f, "degree", None)
    except Exception:   # noqa: BLE001 - no closed form for this network
        return out
    if out["formula"] is not None and degs:
        out["agrees"] = degs == [out["formula"]]
    return out


#: the main values of an analysis' rows, the plotted one first (a critical-point row also holds the dimension of M,
#: an ED degree row the critical points: without the counts first, an ed_degree sweep was summarised without its
#: ED degree and plotted as the number of certified points)
_MAIN_KEYS = ("ed_degree", "critical_points", "dimension", "degree", "fd", "functional_dimension", "regions",
              "fiber_dimension", "count", "n_equations", "hilbert_polynomial")


def summarize(db, analysis: str | None = None) -> list[dict]:
    """One summary row per (analysis, spec, options) over the stored seeds (derived columns above).

    Examples
    --------
    m x n matrices of rank <= r have dimension r (m + n - r): 3 for 2x2 and 5 for 3x3 at r = 1,
    the same for every seed.

    >>> import os, tempfile
    >>> from algnet.sweep import run_sweep
    >>> db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    >>> _ = run_sweep("dimension", ["linear 2-1-2", "linear 3-1-3"], [0, 1], db, show_progress=False)
    >>> [(s["spec"], s["seeds"], s["dimension"], s["ambient"], s["defect"]) for s in summarize(db)]
    [('linear 2-1-2', 2, [3], 4, 0), ('linear 3-1-3', 2, [5], 9, 0)]
    """
    from algnet.architectures.spec import parse_spec

    rows = load_results(db, analysis=analysis)
    errors = load_results(db, analysis=analysis, status="error")
    by = defaultdict(list)
    for r in rows + errors:
        by[(r["analysis"], r["spec"], json.dumps(r["options"], sort_keys=True))].append(r)
    out = []
    for (a, spec, opts), rs in sorted(by.items()):
        ok = [r for r in rs if r["status"] == "ok"]
        s = {"analysis": a, "spec": spec, "options": json.loads(opts), "seeds": len(rs), "failed": len(rs) - len(ok)}
        refused = sum(r["status"] == "error" and r.get("error") == "TooLargeError" for r in rs)
        if refused:     # failed rows that the resource guards refused (estimate above the machine or the budget)
            s["refused"] = refused
        partial = sum(bool(r.get("partial")) for r in ok)
        if partial:     # stored results cut by a time limit or a guard (a degree's lower bound, equations up to e < d)
            s["partial"] = partial
        if ok:
            net = parse_spec(spec)
            if any("dimension" in r for r in ok) and a == "dimension":
                s.update(_dimension_columns(net, ok))
            if any("fiber_dimension" in r for r in ok):
                s.update(_fiber_columns(ok))
            if a == "degree" or any("degree" in r and isinstance(r["degree"], int) for r in ok) and a != "dimension":
                s.update(_degree_columns(net, ok))
            for k in _MAIN_KEYS:
                if k not in s and any(k in r and not isinstance(r[k], (list, dict)) for r in ok):
                    s[k] = _values(ok, k)
            s["certified"] = all(_certified(r) for r in ok)
            s["certified_seeds"] = sum(_certified(r) for r in ok)   # "certified: no" hid 4 certified seeds of 10
            s["method"] = _method(ok)
        out.append(s)
    return out


def fd_summary(rows) -> list[dict]:
    """Per architecture: number of seeds, fraction attaining D', gap histogram.

    Examples
    --------
    >>> fd_summary([{"spec": "relu 1-2-1", "fd": 5, "bound": 5, "depth": 1, "width": 2},
    ...             {"spec": "relu 1-2-1", "fd": 4, "bound": 5, "depth": 1, "width": 2}])[0]["fraction_attaining"]
    0.5
    """
    from collections import Counter

    by = defaultdict(list)
    for r in rows:
        if "fd" in r and "bound" in r:
            by[r["spec"]].append(r)
    out = []
    for spec, rs in sorted(by.items()):
        gaps = Counter(r["bound"] - r["fd"] for r in rs)
        out.append({"spec": spec, "depth": rs[0].get("depth"), "width": rs[0].get("width"), "bound": rs[0]["bound"],
                    "seeds": len(rs), "fraction_attaining": sum(r["fd"] == r["bound"] for r in rs) / len(rs),
                    "exact": sum(bool(r.get("exact")) for r in rs), "gap_histogram": dict(sorted(gaps.items()))})
    return out
