"""The atlas of neurovarieties: dimensions (and conv degrees) of every small architecture, with a summary
of the defective ones grouped by their explanation.

Sections (each a sweep of one analysis over grids, seed 0, into one store):

* ``dense``: dense polynomial networks ``x^r`` of depth L = 2, 3, 4 (number of weight layers), every width
  1..5, one and two outputs, activation degrees 2..4 (one degree per activation layer when the spec grammar
  has per-layer degrees, else one degree for all layers);
* ``conv``: convolutional networks with filters of size 2..4 (stride 1), depth 1..3, r = 2, 3 (dimension);
* ``conv-degree``: the degree of the convolutional networks whose filter sizes sum to at most 6;
* ``attention``: lightning self-attention with d, a = 1..4, t = 2, 3 tokens, 1..3 layers.

Each section is written to ``OUT/<section>.json`` (``.json.gz`` when larger than 1 MB; the command that made it, the bound, one row per
architecture with the result and its evidence), and ``OUT/README.md`` lists every defective architecture
(dimension below the naive parameter count) grouped by its explanation: a bottleneck (the network's own
expected dimension, which accounts for narrow layers, is met), Alexander–Hirschowitz in the last layer
(two layers, one output, a defective secant of a Veronese variety, whose dimension is met), a quadratic last
activation, or no known explanation (flagged).

Examples
--------
>>> sorted(SECTIONS)
['attention', 'conv', 'conv-degree', 'dense']
>>> explain("dense 3-2-1 r=2", 5)
('Alexander-Hirschowitz (last layer)', 'sums of 2 squares of linear forms in 3 variables: dimension 5')
>>> explain("dense 3-3-2 r=2", 12)[0] is None     # not defective
True
"""

from __future__ import annotations

import json
import os
import shlex
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from algnet.errors import ParameterError, SpecError

__all__ = ["SECTIONS", "Section", "generate_atlas", "atlas_rows", "explain", "dense_grids", "read_section"]


def _per_layer_degrees() -> bool:
    from algnet.architectures.spec import parse_spec

    try:
        parse_spec("dense 2-2-2-1 r=2,3")
        return True
    except SpecError:
        return False


def dense_grids(max_depth: int = 4, max_width: int = 5, outputs=(1, 2), degrees=(2, 3, 4)) -> list[str]:
    """The grids of the dense section (per-layer degrees when the grammar has them).

    Examples
    --------
    >>> dense_grids(2, 3, (1,), (2,))
    ['dense {1..3}-{1..3}-{1} r={2}']
    """
    w = f"{{1..{max_width}}}"
    outs = "{" + ",".join(map(str, outputs)) + "}"
    degs = "{" + ",".join(map(str, degrees)) + "}"
    per_layer = _per_layer_degrees()
    grids = []
    for L in range(2, max_depth + 1):
        r = ",".join([degs] * (L - 1)) if per_layer else degs
        grids.append(f"dense {'-'.join([w] * L)}-{outs} r={r}")
    return grids


@dataclass(frozen=True)
class Section:
    """One part of the atlas: an analysis over grids, with the size bound stated in words."""

    name: str
    analysis: str
    grids: tuple
    bound: str
    options: tuple = ()
    where: str | None = None


def _conv_grids():
    k = "{2..4}"
    return tuple(f"conv k={','.join([k] * L)} r={{2,3}}" for L in (1, 2, 3))


SECTIONS = {
    "dense": Section("dense", "dimension", tuple(dense_grids()),
                     "dense x^r networks, depth L = 2..4 weight layers, widths 1..5, outputs 1 or 2, "
                     "activation degrees 2..4" + (" chosen per layer" if _per_layer_degrees() else "")),
    "conv": Section("conv", "dimension", _conv_grids(),
                    "convolutional networks, filters of size 2..4, stride 1, depth 1..3, r = 2, 3"),
    "conv-degree": Section("conv-degree", "degree", _conv_grids(),
                           "the convolutional networks above with filter sizes summing to at most 6 (degree; "
                           "larger ones have degrees in the thousands, beyond monodromy in this atlas's time budget)",
                           options=(("fiber", False),), where="sum(kernel_sizes) <= 6"),
    "attention": Section("attention", "dimension", ("attention d={1..4} a={1..4} t={2,3} layers={1..3}",),
                         "lightning self-attention, d and a = 1..4, t = 2, 3 tokens, 1..3 layers"),
}


# ------------------------------------------------------------------ explanations
def _last_degree(net):
    r = getattr(net, "r", None)
    if isinstance(r, (tuple, list)):
        return r[-1]
    return r


def explain(spec, dimension: int) -> tuple:
    """(group, reason) of a dimension below the naive count, or (None, reason) when it is not defective.

    The naive count is the Kileel–Trager–Bruna count for dense power networks and the network's own
    expected dimension otherwise.
    """
    from algnet.architectures.spec import parse_spec
    from algnet.sweep.summary import _expected, _ktb
    from algnet.theorems.formulas import alexander_hirschowitz_defective, veronese_secant_dimension

    net = parse_spec(spec)
    expected, _ = _expected(net)
    naive = _ktb(net)
    naive = expected if naive is None else naive
    if naive is None:
        return None, "no expected dimension known"
    if dimension > naive:
        return "above the expected count", (f"dimension {dimension} above the count {naive}: the count does not "
                                            "apply here (or a computation is wrong)")
    if dimension == naive:
        return None, f"dimension {dimension} = expected {naive}"
    if expected is not None and expected < naive and dimension == expected:
        return "bottleneck", f"narrow layers bound the dimension: {expected} (the naive count is {naive})"
    widths = getattr(net, "widths", None)
    r = _last_degree(net)
    if widths is not None and len(widths) == 3 and widths[-1] == 1 and isinstance(r, int):
        n, k = widths[0], widths[1]
        if alexander_hirschowitz_defective(n, r, k) and dimension == veronese_secant_dimension(n, r, k):
            what = "squares" if r == 2 else f"{r}-th powers"
            return ("Alexander-Hirschowitz (last layer)",
                    f"sums of {k} {what} of linear forms in {n} variables: dimension {dimension}")
    if r == 2:
        return "quadratic last activation", ("every output is a quadratic form in the previous layer's outputs "
                                             f"(dimension {dimension}, naive count {naive})")
    return "no known explanation", f"dimension {dimension} below the naive count {naive}"


# ------------------------------------------------------------------ generation
def _command(section, out, db, workers, scheduler, where):
    parts = ["algnet", "sweep", "atlas", "--out", out, "--only", section]
    if where:
        parts += ["--where", where]
    return " ".join(shlex.quote(p) for p in parts)


def atlas_rows(db, section: Section, specs) -> list[dict]:
    """The atlas rows of one section from a sweep store (one per spec, seed 0)."""
    from algnet.sweep.store import Store
    from algnet.sweep.summary import _expected, _ktb
    from algnet.sweep.tasks import resolve

    from algnet.architectures.spec import parse_spec

    name = resolve(section.analysis).name
    with Store(db, create=False) as st:
        got = {}
        for a, sp, sd, op, status, res, sec in st.raw(analysis=name):
            got[sp] = (status, json.loads(res), sec or 0.0)
    out = []
    for spec in specs:
        status, res, sec = got.get(spec, ("missing", {}, 0.0))
        row = {"spec": spec, "seconds": round(sec, 3)}
        if status != "ok":
            row.update(error=res.get("error", "not computed"), message=res.get("message"))
            out.append(row)
            continue
        ev = res.get("evidence") or {}
        if name == "dimension":
            net = parse_spec(spec)
            expected, source = _expected(net)
            ktb = _ktb(net)
            d = res["dimension"]
            group, reason = explain(net, d)
            row.update(dimension=d, ambient=res.get("ambient"), parameters=res.get("parameters"), expected=expected,
                       expected_source=source, ktb=ktb, defect=None if expected is None else expected - d,
                       defective=group is not None and d < (ktb if ktb is not None else expected),
                       explanation=group)
        else:
            row.update({k: res.get(k) for k in ("degree", "dimension") if k in res})
        row.update(certified=ev.get("certified", res.get("certified")), method=ev.get("method", res.get("method")),
                   proves=ev.get("proves"), probability_bound=ev.get("probability_bound"), seed=ev.get("seed", 0))
        out.append({k: v for k, v in row.items() if v is not None})
    return out


def _both(a, b):
    return f"({a}) and ({b})" if a and b else (a or b)


#: Section files larger than this are written gzip-compressed (``NAME.json.gz``).
GZIP_ABOVE = 1_000_000


def _write_section(out, name, doc) -> str:
    """One JSON document per section, one row per line (gzip-compressed when large)."""
    import gzip

    head = {k: v for k, v in doc.items() if k != "rows"}
    text = json.dumps(head, indent=1)[:-2] + ',\n "rows": [\n' + ",\n".join(
        json.dumps(r, separators=(",", ":")) for r in doc["rows"]) + "\n ]\n}\n"
    for ext in (".json", ".json.gz"):
        if os.path.exists(os.path.join(out, name + ext)):
            os.remove(os.path.join(out, name + ext))
    if len(text) > GZIP_ABOVE:
        path = os.path.join(out, name + ".json.gz")
        with gzip.GzipFile(path, "wb", mtime=0) as fh:
            fh.write(text.encode())
    else:
        path = os.path.join(out, name + ".json")
        with open(path, "w") as fh:
            fh.write(text)
    return path


def read_section(out: str, name: str) -> dict | None:
    """The section document written by :func:`generate_atlas` (None when absent)."""
    import gzip

    p = os.path.join(out, name + ".json")
    if os.path.exists(p):
        with open(p) as fh:
            return json.load(fh)
    if os.path.exists(p + ".gz"):
        with gzip.open(p + ".gz", "rt") as fh:
            return json.load(fh)
    return None


def generate_atlas(out: str = "data/atlas", only=None, db: str | None = None, workers: int = 1,
                   scheduler: str | None = None, where: str | None = None, show_progress: bool = True,
                   sections: dict | None = None) -> dict:
    """Compute (or resume) the atlas and write ``OUT/<section>.json`` and ``OUT/README.md``.

    Parameters
    ----------
    out : directory of the atlas files
    only : section names (default all)
    db : sweep store (default ``OUT/atlas.sqlite``; resumable)
    workers, scheduler : as for :func:`algnet.sweep.run_sweep`
    where : a filter on the architectures (a slice of the atlas)
    sections : optional replacements of sections by name (e.g. smaller grids for a quick slice)

    Returns
    -------
    dict : per section, the number of rows, defective rows and failed tasks.
    """
    from algnet.grids import grid
    from algnet.sweep.runner import run_sweep

    table = dict(SECTIONS, **(sections or {}))
    names = list(SECTIONS) if not only else ([only] if isinstance(only, str) else list(only))
    for n in names:
        if n not in table:
            raise ParameterError(f"unknown atlas section {n!r}", hint="sections: " + ", ".join(SECTIONS))
    if not os.path.isdir(out):
        raise ParameterError(f"the atlas directory {out} does not exist", hint=f"mkdir -p {out}")
    db = db or os.path.join(out, "atlas.sqlite")
    report = {}
    for n in names:
        sec = table[n]
        specs = grid(*sec.grids, where=_both(sec.where, where))
        t0 = time.time()
        res = run_sweep(sec.analysis, specs, "0", db, options=dict(sec.options), workers=workers,
                        scheduler=scheduler, show_progress=show_progress)
        if res.partial:
            raise KeyboardInterrupt
        rows = atlas_rows(db, sec, specs)
        doc = {"section": n, "analysis": sec.analysis, "bound": sec.bound, "grids": list(sec.grids),
               "where": _both(sec.where, where), "options": dict(sec.options), "command": _command(n, out, db, workers, scheduler, where),
               "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "task_seconds": round(sum(r.get("seconds", 0.0) for r in rows), 1),
               "wall_seconds_this_run": round(time.time() - t0, 1), "rows": rows}
        _write_section(out, n, doc)
        report[n] = {"rows": len(rows), "defective": sum(bool(r.get("defective")) for r in rows),
                     "failed": sum("error" in r for r in rows)}
    from algnet.sweep.atlas_page import write_summary

    write_summary(out)
    return report
