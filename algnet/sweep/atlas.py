"""The atlas of neurovarieties: dimensions (and conv degrees) of every small architecture, with a summary
of the defective ones grouped by their explanation.

Sections (each a sweep of one analysis over grids, seed 0, into one store):

* ``dense``: dense polynomial networks ``x^r`` of depth L = 2, 3, 4 (number of weight layers), every width
  1..5, one and two outputs, activation degrees 2..4 (one degree per activation layer when the spec grammar
  has per-layer degrees, else one degree for all layers);
* ``conv``: convolutional networks with filters of size 2..4 (stride 1), depth 1..3, r = 2, 3 (dimension);
* ``conv-degree``: the degree of the same convolutional networks, by monodromy where the theorem's degree is at
  most :data:`MONODROMY_DEGREE_CAP`, else the theorem's value in a row marked ``method: "formula (theorem)"``,
  ``computed: false``;
* ``attention``: lightning self-attention with d, a = 1..4, t = 2, 3 tokens, 1..3 layers.

Each section is written to ``OUT/<section>.json`` (``.json.gz`` when larger than 1 MB; the command that made
it, the bound, one row per architecture with the result and its evidence), and ``OUT/README.md`` lists every
defective architecture (dimension below the Kileel–Trager–Bruna count) grouped by its explanation (see
:func:`~algnet.sweep.atlas_explain.explain`): a bottleneck (the bound of
:func:`algnet.formulas.dense_dimension_bound` from narrow layers is met), Alexander–Hirschowitz in the last
layer (two layers, one output, a defective secant of a Veronese variety), a quadratic last activation (sums of
squares of the previous layer's outputs), a defective
sub-network (the bound with the dimensions of the atlas's other rows as pieces is met), or no known
explanation (flagged).

Examples
--------
>>> sorted(SECTIONS)
['attention', 'conv', 'conv-degree', 'dense']
>>> explain("dense 3-2-1 r=2", 5)[0]
'Alexander-Hirschowitz (last layer)'
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
from algnet.sweep.atlas_explain import explain, explain_rows, explain_section

__all__ = ["SECTIONS", "Section", "generate_atlas", "atlas_rows", "explain", "explain_rows", "explain_section",
           "refresh_section", "dense_grids", "read_section", "example_atlas"]


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
    """One part of the atlas: an analysis over grids, with the size bound stated in words.

    Examples
    --------
    >>> SECTIONS["dense"].analysis, SECTIONS["conv-degree"].analysis
    ('dimension', 'degree')
    >>> Section("tiny", "dimension", ("linear 2-1-2",), "one architecture").grids
    ('linear 2-1-2',)
    """

    name: str
    analysis: str
    grids: tuple
    bound: str
    options: tuple = ()
    where: str | None = None
    #: architectures of the grids outside ``where`` (or refused as too large) get a row with the theorem's
    #: value (the network's ``expected_degree``), marked ``method: "formula (theorem)"`` and ``computed: false``
    formula_outside: bool = False
    #: the hypotheses under which the section's expected values (theorems) are applied, stated on the page
    hypotheses: str = ""


#: conv-degree: monodromy when the theorem's degree is at most this (the cost grows with the degree: about three
#: paths per witness point); larger degrees (up to 3.3e7 in this bound) get the theorem's value, marked as such.
MONODROMY_DEGREE_CAP = 200


def _conv_grids():
    """The convolutional grids: one layer has no activation (no ``r=``: the r=2 and r=3 rows were the same network).

    Examples
    --------
    >>> _conv_grids()[:2]
    ('conv k={2..4}', 'conv k={2..4},{2..4} r={2,3}')
    """
    k = "{2..4}"
    return tuple(f"conv k={','.join([k] * L)}" + (" r={2,3}" if L > 1 else "") for L in (1, 2, 3))


SECTIONS = {
    "dense": Section("dense", "dimension", tuple(dense_grids()),
                     "dense x^r networks, depth L = 2..4 weight layers, widths 1..5, outputs 1 or 2, "
                     "activation degrees 2..4" + (" chosen per layer" if _per_layer_degrees() else ""),
                     options=(("prefer_theorems", True),)),
    "conv": Section("conv", "dimension", _conv_grids(),
                    "convolutional networks, filters of size 2..4, stride 1, depth 1..3, r = 2, 3 (depth 2, 3)"),
    "conv-degree": Section("conv-degree", "degree", _conv_grids(),
                           "the convolutional networks above (degree): by monodromy where the theorem's degree is "
                           f"at most {MONODROMY_DEGREE_CAP} (about {3 * MONODROMY_DEGREE_CAP} paths, minutes on 2 "
                           "cores), else the degree of Shahverdi-Marchetti-Kohn's theorem, marked "
                           "method 'formula (theorem)', not computed",
                           options=(("method", "monodromy"), ("fiber", False)),
                           where=f"expected_degree <= {MONODROMY_DEGREE_CAP}", formula_outside=True),
    "attention": Section("attention", "dimension", ("attention d={1..4} a={1..4} t={2,3} layers={1..3}",),
                         "lightning self-attention, d and a = 1..4, t = 2, 3 tokens, 1..3 layers",
                         hypotheses="the expected dimension (the Henry-Marchetti-Kohn count) is applied only under "
                                    "its hypotheses: t >= 2 tokens; every attention rank a_i <= d_(i-1) (the width "
                                    "of the layer's input); for several layers, non-increasing hidden widths "
                                    "d_i <= d_(i-1) for 0 < i < l (the output width d_l is free); and no rank-one "
                                    "layer followed by a layer of higher rank (its output v w^T lets the next layer "
                                    "see K^T Q only through its symmetric part: `attention d=2,2,2 a=1,2 t=2` has "
                                    "dimension 8 where the count says 9). Rows outside them have no expected value "
                                    "(no defect is claimed); their dimension is computed and certified like every "
                                    "other row"),
}


# ------------------------------------------------------------------ generation
def _command(section, out, db, workers, scheduler, where):
    parts = ["algnet", "sweep", "atlas", "--out", out, "--only", section]
    if where:
        parts += ["--where", where]
    return " ".join(shlex.quote(p) for p in parts)


def atlas_rows(db, section: Section, specs, previous: dict | None = None) -> list[dict]:
    """The atlas rows of one section from a sweep store (one per spec, seed 0).

    ``previous`` (a section document written before): architectures the store has not computed keep their row
    from it, marked ``earlier_run`` (the date of that document; the evidence is that run's).

    Examples
    --------
    >>> import os
    >>> out, sec = example_atlas()
    >>> rows = atlas_rows(os.path.join(out, "atlas.sqlite"), sec, ["dense 3-2-1 r=2", "dense 2-2-1 r=2"])
    >>> rows[0]["dimension"], rows[0]["certified"], rows[1]["error"]        # the second was not swept
    (5, True, 'not computed')
    """
    from algnet.sweep.store import Store
    from algnet.sweep.tasks import resolve

    name = resolve(section.analysis).name
    with Store(db, create=False) as st:
        got = {}
        for a, sp, sd, op, status, res, sec in st.raw(analysis=name):
            got[sp] = (status, json.loads(res), sec or 0.0)
    out = []
    for spec in specs:
        status, res, sec = got.get(spec, ("missing", {}, 0.0))
        row = {"spec": spec, "seconds": round(sec, 3)}
        if section.formula_outside and (status == "missing" or res.get("error") == "TooLargeError"):
            out.append(_formula_row(spec, res if status != "missing" else None))
            continue
        if status != "ok":
            row.update(error=res.get("error", "not computed"), message=res.get("message"))
            out.append(row)
            continue
        ev = res.get("evidence") or {}
        if name == "dimension":
            row.update(dimension=res["dimension"], ambient=res.get("ambient"), parameters=res.get("parameters"))
        else:
            row.update({k: res.get(k) for k in ("degree", "dimension") if k in res})
        # a degree row: the bound that certified the dimension it used (the dimension column)
        row.update(certified=ev.get("certified", res.get("certified")), method=ev.get("method", res.get("method")),
                   proves=ev.get("proves"), probability_bound=ev.get("probability_bound"), seed=ev.get("seed", 0),
                   upper_bound=res.get("upper_bound", res.get("dimension_upper_bound")),
                   upper_bound_source=res.get("upper_bound_source", res.get("dimension_upper_bound_source")),
                   depends_on=ev.get("depends_on") or None)
        out.append(row)
    if previous:
        old = {r["spec"]: r for r in previous.get("rows", ()) if "error" not in r}
        for i, r in enumerate(out):
            if r.get("error") == "not computed" and r["spec"] in old:
                out[i] = dict(old[r["spec"]], earlier_run=previous.get("generated", "unknown"))
    out = [{k: v for k, v in r.items() if v is not None} for r in out]
    if name == "dimension":
        from algnet.sweep.atlas_pieces import fill_depends_on

        fill_depends_on(out)
    return out


def _formula_row(spec, refused) -> dict:
    """A row with the theorem's degree, not computed (said in ``method``, ``computed`` and ``note``)."""
    from algnet.architectures.spec import parse_spec

    net = parse_spec(spec)
    try:
        got = net.expected_degree()
    except Exception as e:   # noqa: BLE001 - no theorem: the row says so
        got, why = None, str(e)
    if got is None:
        return {"spec": spec, "error": "not computed", "message": "outside the monodromy cap and no theorem applies"
                + (f" ({why})" if "why" in locals() else "")}
    note = (f"not computed: monodromy refused ({refused.get('message')})" if refused else
            f"not computed: the theorem's degree {got[0]} is above this atlas's monodromy cap "
            f"({MONODROMY_DEGREE_CAP})")
    return {"spec": spec, "degree": int(got[0]), "method": "formula (theorem)", "source": got[1], "computed": False,
            "certified": True, "proves": f"deg M = {got[0]} by the theorem ({got[1]}), not by a computation",
            "note": note}


def refresh_section(out: str, name: str) -> dict:
    """Recompute the derived columns of a written section (no task is run) and rewrite it and the summary.

    For a change of the expected dimensions or of the explanations: the dimensions and their evidence stay.
    Certified rows whose bound used smaller networks and have no ``depends_on`` get their pieces' evidence
    (:func:`algnet.sweep.atlas_pieces.fill_depends_on`: one dimension computation per distinct piece). The
    document records when (``refreshed``; ``generated`` stays the date of the run that computed the rows).

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> _ = _write_section(out, "dense", {"section": "dense", "analysis": "dimension", "bound": "b", "command": "c",
    ...                                   "rows": [{"spec": "dense 2-2-3-1 r=3", "dimension": 6}]})
    >>> doc = refresh_section(out, "dense")
    >>> doc["rows"][0]["explanation"], "refreshed" in doc
    ('bottleneck', True)
    """
    doc = read_section(out, name)
    if doc is None:
        raise ParameterError(f"no section {name!r} in {out}", hint="algnet sweep atlas --out DIR --only " + name)
    if doc["analysis"] == "dimension":
        from algnet.sweep.atlas_pieces import fill_depends_on

        fill_depends_on(doc["rows"])
        explain_section(doc)
    doc["refreshed"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _write_section(out, name, doc)
    from algnet.sweep.atlas_page import write_summary

    write_summary(out)
    return doc


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
    """The section document written by :func:`generate_atlas` (None when absent).

    Examples
    --------
    >>> out, _ = example_atlas()
    >>> doc = read_section(out, "dense")
    >>> [(r["spec"], r["dimension"], r["defective"]) for r in doc["rows"]]
    [('dense 3-2-1 r=2', 5, True), ('dense 3-3-2 r=2', 12, False)]
    >>> read_section(out, "conv") is None
    True
    """
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
                   sections: dict | None = None, compute: bool = True) -> dict:
    """Compute (or resume) the atlas and write ``OUT/<section>.json`` and ``OUT/README.md``.

    Parameters
    ----------
    out : directory of the atlas files
    only : section names (default all)
    db : sweep store (default ``OUT/atlas.sqlite``; resumable)
    workers, scheduler : as for :func:`algnet.sweep.run_sweep`
    where : a filter on the architectures (a slice of the atlas)
    sections : optional replacements of sections by name (e.g. smaller grids for a quick slice)
    compute : False writes the files from what the store holds, running nothing (while a long run goes on, or
        to publish a partial atlas): the architectures not computed yet keep their row of the section file
        already there, marked ``earlier_run`` (counted in ``from_earlier_run``), or are listed as not computed
        (``not_computed``); the section is marked ``partial``; the same command without it resumes

    Returns
    -------
    dict : per section, the number of rows, defective rows and failed tasks.

    Examples
    --------
    A slice of the atlas with a section of two architectures (the real sections take hours):

    dense 3-2-1 r=2 computes the sums of two squares of linear forms in 3 variables: the quadrics of
    rank <= 2, the hypersurface det = 0 in the 6 quadrics, dimension 5, below the count 6 (defective);
    dense 3-3-2 r=2 fills its ambient space of pairs of quadrics (dimension 12).

    >>> import os, tempfile
    >>> out = tempfile.mkdtemp()
    >>> sec = Section("dense", "dimension", ("dense 3-2-1 r=2", "dense 3-3-2 r=2"), "two architectures")
    >>> report = generate_atlas(out, only="dense", sections={"dense": sec}, show_progress=False)
    >>> report
    {'dense': {'rows': 2, 'defective': 1, 'failed': 0}}
    >>> sorted(os.listdir(out))
    ['README.md', 'atlas.sqlite', 'dense.json']
    >>> read_section(out, "dense")["rows"][0]["explanation"]
    'Alexander-Hirschowitz (last layer)'
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
        if compute:
            res = run_sweep(sec.analysis, specs, "0", db, options=dict(sec.options), workers=workers,
                            scheduler=scheduler, show_progress=show_progress)
            if res.partial:
                raise KeyboardInterrupt
        elif not os.path.exists(db):
            raise ParameterError(f"no store {db} to write the atlas from", hint="run without --no-compute first")
        if sec.formula_outside:
            specs = grid(*sec.grids, where=where)
        previous = None if compute else read_section(out, n)
        if previous is not None and previous.get("where") != _both(sec.where, where):
            previous = None
        rows = atlas_rows(db, sec, specs, previous)
        doc = {"section": n, "analysis": sec.analysis, "bound": sec.bound, "grids": list(sec.grids),
               "where": _both(sec.where, where), "options": dict(sec.options),
               "command": _command(n, out, db, workers, scheduler, where),
               "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "task_seconds": round(sum(r.get("seconds", 0.0) for r in rows), 1),
               "wall_seconds_this_run": round(time.time() - t0, 1), "rows": rows}
        if sec.analysis == "dimension":
            explain_section(doc)
        missing = sum(r.get("error") == "not computed" for r in rows)
        earlier = sum("earlier_run" in r for r in rows)
        if missing or earlier:
            doc["partial"] = True
            doc["not_computed"] = missing
            doc["from_earlier_run"] = earlier
        _write_section(out, n, doc)
        report[n] = {"rows": len(rows), "defective": sum(bool(r.get("defective")) for r in rows),
                     "failed": sum("error" in r for r in rows) - missing}
        if missing or earlier:
            report[n]["not_computed"] = missing
            report[n]["from_earlier_run"] = earlier
    from algnet.sweep.atlas_page import write_summary

    write_summary(out)
    return report


def example_atlas(out: str | None = None) -> tuple:
    """A two-architecture atlas (one dense section) written into ``out`` (default a fresh temporary
    directory), for examples and tests; returns ``(out, section)``.

    dense 3-2-1 r=2 computes the sums of two squares of linear forms in 3 variables: the quadrics of rank
    <= 2, the hypersurface det = 0 in the 6 quadrics, dimension 5, below the count 6 (defective); dense 3-3-2
    r=2 fills its ambient space of pairs of quadrics (dimension 12).

    Examples
    --------
    >>> out, sec = example_atlas()
    >>> [(r["spec"], r["dimension"], r["certified"]) for r in read_section(out, "dense")["rows"]]
    [('dense 3-2-1 r=2', 5, True), ('dense 3-3-2 r=2', 12, True)]
    """
    import tempfile

    out = out or tempfile.mkdtemp()
    sec = Section("dense", "dimension", ("dense 3-2-1 r=2", "dense 3-3-2 r=2"), "two architectures")
    generate_atlas(out, only="dense", sections={"dense": sec}, show_progress=False)
    return out, sec
