"""The summary page of the atlas (``OUT/README.md``): bounds, commands, counts, and every defective
architecture grouped by its explanation (unexplained ones flagged).

Examples
--------
>>> rows = [{"spec": "dense 3-2-1 r=2", "dimension": 5, "ktb": 6, "expected": 6, "defective": True,
...          "explanation": "Alexander-Hirschowitz (last layer)", "reason": "r", "certified": False,
...          "method": "m", "probability_bound": 1e-14}]
>>> print(_group_table(rows).splitlines()[2])
| dense 3-2-1 r=2 | 5 | 6 | 6 | 1 | no (P[wrong] <= 1e-14) | - |
"""

from __future__ import annotations

import os
from collections import defaultdict

__all__ = ["write_summary"]

_GROUPS = ("bottleneck", "Alexander-Hirschowitz (last layer)", "quadratic last activation",
           "Strassen's equation (three quadrics)", "relations among the first layer's outputs", "defective sub-network",
           "defect proved by a computed bound", "no known explanation", "above the expected count")
_WHY = {
    "bottleneck": "narrow layers bound the dimension and the bound is met: a layer of width k factors the network "
                  "as f = g(h_1, ..., h_k), and the parameters of the head h and of the tail g overlap in the "
                  "rescalings (or, when the head's outputs are independent, in GL_k) of those k neurons "
                  "(`algnet.formulas.dense_dimension_bound`; the expected dimension of these rows)",
    "Alexander-Hirschowitz (last layer)": "two layers and one output: the neuromanifold is a secant variety of a "
                                          "Veronese variety, defective by the Alexander–Hirschowitz theorem "
                                          "(for squares: quadrics of rank <= k), and its dimension is met",
    "quadratic last activation": "the last activation is a square: the output is a sum of k squares of the "
                                 "previous layer's outputs, a quadratic form in them invariant under the "
                                 "orthogonal group O(k), and the bound this gives is met",
    "Strassen's equation (three quadrics)": "a piece `dense 4-5-3 r=2` (three quaternary quadrics sum_i c_ji l_i^2 "
                                            "in one five-term decomposition) lies in a hypersurface: by Strassen's "
                                            "theorem on tensors of border rank 5 in C^3 x C^4 x C^4 the skew matrix "
                                            "A1 A2^-1 A3 - A3 A2^-1 A1 of the three symmetric slices has rank <= 2, "
                                            "so its Pfaffian vanishes (Strassen 1983; "
                                            "`algnet.formulas.dense_dimension_bound`), and the bound of narrow "
                                            "layers with that piece's dimension 29 (not 30) is met",
    "relations among the first layer's outputs": "the first layer maps d_0 inputs to d_0 + 1 powers l_i^r, whose "
                                                 "image is a hypersurface of degree e <= r^(d_0 - 1); when the "
                                                 "tail fills its ambient space and its outputs have degree D >= e "
                                                 "in those powers, adding multiples of the hypersurface's equation "
                                                 "to an output changes nothing (e.g. `dense 2-3-5-5-2 r=4,2,2`: "
                                                 "three binary quartics lie on a plane quartic, 6 + 30 - 2 - 3 = "
                                                 "31; `algnet.formulas.dense_dimension_bound`)",
    "defective sub-network": "the bound above, with the certified dimension of a defective smaller network (a "
                             "row of this atlas such as `dense 3-5-2 r=3`, or a piece outside its bound that the "
                             "dimension analysis certified on the way) in place of its count, is met: the "
                             "defect is inherited from that sub-network (named in the file's `reason`)",
    "defect proved by a computed bound": "the dimension is below every bound of narrow layers and secant theorems, "
                                         "and algnet proved the smaller value from the network's own polynomials: "
                                         "the minors of a flattening of the output (e.g. `dense 3-5-2 r=3`, the "
                                         "fifth secant variety of the Segre-Veronese variety P^1 x P^2 embedded by "
                                         "O(1, 3): a 6 x 6 catalecticant flattening of the two output cubics has "
                                         "rank <= 5 on it), polynomial vector fields in the kernel of the Jacobian "
                                         "(hidden symmetries), or equations proved to vanish (the route is in the "
                                         "file's `reason`)",
    "no known explanation": "**flagged**: none of the explanations above applies",
    "above the expected count": "**flagged**: the dimension exceeds a proved bound, so a computation is wrong",
}


def _cert(r) -> str:
    if r.get("certified"):
        return "yes"
    pb = r.get("probability_bound")
    return "no" + (f" (P[wrong] <= {pb:.0e})" if isinstance(pb, (int, float)) else "")


def _group_table(rows) -> str:
    lines = ["| spec | dimension | KTB count | expected | defect (vs KTB or expected) | certified | by the bound |",
             "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in rows:
        naive = r.get("ktb") if r.get("ktb") is not None else r.get("expected")
        lines.append(f"| {r['spec']} | {r['dimension']} | {r.get('ktb') if r.get('ktb') is not None else '-'} | "
                     f"{r.get('expected') if r.get('expected') is not None else '-'} | {naive - r['dimension']} | "
                     f"{_cert(r)} | {_route(r)} |")
    return "\n".join(lines)


def _route(r) -> str:
    """The route of the proved upper bound that certified a row (``-`` when unknown)."""
    return (r.get("upper_bound_source") or "-").split(":")[0]


def _routes(rows) -> str:
    """``route (count), ...`` of the certified rows, and the number not certified."""
    from collections import Counter

    c = Counter(_route(r) for r in rows if r.get("certified"))
    left = sum(not r.get("certified") for r in rows)
    parts = [f"{k} ({v})" for k, v in c.most_common()] + ([f"**not certified: {left}**"] if left else [])
    return "Certified by: " + "; ".join(parts) + "."


_TABLE_UP_TO = 150


def _compact_list(rows) -> str:
    """Long groups: one line per architecture family shape, ``spec: dimension/naive count`` (``*`` when not
    certified)."""
    by = defaultdict(list)
    for r in rows:
        naive = r.get("ktb") if r.get("ktb") is not None else r.get("expected")
        by[" ".join(r["spec"].split()[:1] + [str(r["spec"].split()[1].count("-") + 1) + " widths"])].append(
            f"`{r['spec']}` {r['dimension']}/{naive}" + ("" if r.get("certified") else "*"))
    lines = ["Each entry: `spec` dimension/naive count; `*`: not certified (probability bound in the file).", ""]
    for k, items in sorted(by.items()):
        lines.append(f"- {k}: " + "; ".join(items))
    return "\n".join(lines)


def _probable(rows) -> list:
    """Lines counting the unexplained rows whose bound is met with an uncertified piece's dimension."""
    import re
    from collections import Counter

    c = Counter()
    for r in rows:
        m = re.search(r"met with the computed dimension of (.+?) \(not certified\)", r.get("reason") or "")
        if m:
            c[m.group(1)] += 1
    return [f"{v} of them: the bound is met with the computed dimension of `{k}`, which is not certified (see "
            "the pieces below)." for k, v in c.most_common()] + ([""] if c else [])


def write_summary(out: str) -> str:
    """Write ``OUT/README.md`` from the section files present in ``out``; returns its path.

    Examples
    --------
    The quadrics of rank <= 2 in 3 variables (dense 3-2-1 r=2, dimension 5 below the count 6) are listed
    under the Alexander-Hirschowitz explanation:

    >>> import os, tempfile
    >>> from algnet.sweep.atlas import Section, generate_atlas
    >>> out = tempfile.mkdtemp()
    >>> sec = Section("dense", "dimension", ("dense 3-2-1 r=2",), "one architecture")
    >>> _ = generate_atlas(out, only="dense", sections={"dense": sec}, show_progress=False)
    >>> with open(write_summary(out)) as fh:
    ...     text = fh.read()
    >>> "| dense 3-2-1 r=2 | 5 | 6 | 6 | 1 | yes |" in text.split("## Alexander-Hirschowitz (last layer) (1)")[1]
    True
    """
    from algnet.sweep.atlas import SECTIONS, read_section

    docs = {}
    for n in SECTIONS:
        d = read_section(out, n)
        if d is not None:
            docs[n] = d
    text = ["# Atlas of neurovarieties", "",
            "Dimensions of the neuromanifolds of every small polynomial architecture below (and degrees of the "
            "convolutional ones), each computed by algnet with its evidence: the method, whether the value is "
            "certified (proved) or holds with the stated probability bound, and the seed. Generated by "
            "`algnet sweep atlas --out data/atlas` (resumable; `--workers N` or `--scheduler tcp://HOST:PORT` to "
            "run it on local processes or Dask; `--only SECTION` for one file).", "",
            "| file | analysis | architectures | rows | defective | certified | failed | command |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    defective = defaultdict(list)
    failed = []
    partial = []
    for n, d in docs.items():
        failed += [r for r in d["rows"] if "error" in r and r["error"] != "not computed"]
        rows = d["rows"]
        ok = [r for r in rows if "error" not in r]
        missing = sum(r.get("error") == "not computed" for r in rows)
        earlier = [r for r in rows if "earlier_run" in r]
        if missing or earlier:
            partial.append(f"- **`{n}` is partial**: {len(rows) - missing - len(earlier)} of its {len(rows)} "
                           f"architectures are computed by this run"
                           + (f"; {len(earlier)} rows are carried over from the earlier run of "
                              f"{earlier[0]['earlier_run']} (marked `earlier_run`, with that run's evidence)"
                              if earlier else "")
                           + (f"; {missing} are not computed yet (listed as `not computed`)" if missing else "")
                           + f". `{d['command']}` resumes it.")
        fname = f"{n}.json" + (".gz" if not os.path.exists(os.path.join(out, f"{n}.json")) else "")
        text.append(f"| `{fname}` | {d['analysis']} | {d['bound']} | {len(rows)} | "
                    f"{sum(bool(r.get('defective')) for r in ok)} | {sum(bool(r.get('certified')) for r in ok)} | "
                    f"{len(rows) - len(ok) - missing} | `{d['command']}` |")
        for r in ok:
            if r.get("explanation"):
                defective[r.get("explanation") or "no known explanation"].append(r)
    if partial:
        text += [""] + partial
    for n, d in docs.items():
        hyp = SECTIONS[n].hypotheses
        if hyp:
            outside = sum("error" not in r and r.get("expected") is None for r in d["rows"])
            text += ["", f"- **`{n}`**: {hyp} ({outside} of its {len(d['rows'])} rows are outside them)."]
    text += ["", "A dimension is *defective* when it is below the naive count: the Kileel–Trager–Bruna count "
             "min(#parameters − #hidden neurons, ambient) for dense power networks (column `ktb`), the network's "
             "own expected dimension otherwise. The column `expected` is the expected dimension algnet uses: for "
             "dense networks the count lowered by narrow layers (`algnet.formulas.dense_bottleneck_dimension`; "
             "`expected_source` says which one applies), and `defect` = expected − dimension. Failed rows "
             "(refused as too large, or not applicable) are listed in the files "
             "with their error. A row is certified when its modular rank (a proved lower bound) meets a proved "
             "upper bound, named in `upper_bound_source`: the ambient dimension, the known symmetry orbits, the "
             "bound of narrow layers and secant theorems (`algnet.formulas.dense_dimension_bound`, tried first: "
             "no search), or one found by algnet's search (flattenings, hidden symmetries, factorizations, "
             "equations); uncertified rows give the Schwartz–Zippel probability bound instead. A bound that uses "
             "the certified dimension of a smaller network names it, and the row keeps that network's evidence in "
             "`depends_on` (its spec in `subject`). In the degree section, `upper_bound_source` is the bound that "
             "certified the dimension the degree used (whose evidence is in `depends_on`). Each row carries "
             "the evidence of the run that computed it (the store is resumed, "
             "so rows computed by an earlier version of algnet keep its evidence); delete `atlas.sqlite` to "
             "recompute every row with the current certification.", ""]
    for g in _GROUPS:
        rows = sorted(defective.get(g, []), key=lambda r: (len(r["spec"]), r["spec"]))
        text += [f"## {g} ({len(rows)})", "", _WHY[g] + ".", ""] + ([_routes(rows), ""] if rows else [])
        if g == "no known explanation":
            text += _probable(rows)
        if len(rows) > _TABLE_UP_TO:
            text += [_compact_list(rows), ""]
        elif rows:
            text += [_group_table(rows), ""]
    pieces = [p for d in docs.values() for p in d.get("pieces", ())]
    if pieces:
        text += [f"## pieces outside the atlas ({len(pieces)})", "",
                 "Smaller networks (not rows of the atlas) whose bounds enter those of the rows flagged above and "
                 "whose dimension is below their own bound of narrow layers and secant theorems, computed with the "
                 "same options and seed to see where the defect comes from:", "",
                 "| spec | dimension | KTB count | certified | by the bound |", "| --- | ---: | ---: | --- | --- |"]
        text += [f"| {p['spec']} | {p['dimension']} | {p.get('ktb', '-')} | {_cert(p)} | {_route(p)} |"
                 for p in pieces] + [""]
    if failed:
        text += [f"## failed ({len(failed)})", "", "Tasks that ended with an error (reported, not hidden):", ""]
        text += [f"- `{r['spec']}`: {r['error']}: {r.get('message') or ''}" for r in failed] + [""]
    path = os.path.join(out, "README.md")
    with open(path, "w") as fh:
        fh.write("\n".join(text).rstrip() + "\n")
    return path
