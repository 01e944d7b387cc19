"""Smaller networks outside the atlas's bound that its unexplained defects are made of.

A dense row whose dimension is below every bound of narrow layers and secant theorems
(:func:`algnet.formulas.dense_dimension_bound`) and that is not certified may inherit its defect from a
*piece* of that bound (a head or a tail of a factorization at a narrow layer) that is not a row of the atlas,
e.g. ``dense 4-5-3 r=2`` (three outputs) inside ``dense 4-5-3-1 r=2``. :func:`outside_pieces` computes the
dimensions of those pieces (seed 0, the atlas's options), each with its own evidence, so that the summary can
say which piece the defect would come from, and whether that piece's dimension is proved.

Examples
--------
>>> rows = [{"spec": "dense 2-2-3-1 r=3", "dimension": 6, "certified": True}]
>>> outside_pieces(rows)            # meets its bound: nothing to look for
[]
"""

from __future__ import annotations

__all__ = ["outside_pieces"]


def _below_bound(row) -> bool:
    from algnet.architectures.spec import parse_spec

    net = parse_spec(row["spec"])
    got = getattr(net, "proved_dimension_bound", lambda: None)()
    return got is not None and row["dimension"] < got[0]


def outside_pieces(rows, seed: int = 0) -> list[dict]:
    """Pieces (specs not among ``rows``) of the uncertified rows below their bound, with their dimensions,
    when these are below their own bound (the pieces a defect can be inherited from).

    Each piece is ``{spec, dimension, ktb, certified, probability_bound, upper_bound_source}``; a piece that
    cannot be computed is left out.

    Examples
    --------
    >>> outside_pieces([{"spec": "dense 3-5-2-1 r=3", "dimension": 19}])[0]["spec"]    # 19 < 20: its piece
    'dense 3-5-2 r=3'
    """
    from algnet.analyses.dimension import dimension
    from algnet.architectures.spec import parse_spec
    from algnet.errors import AlgnetError

    have = {r["spec"] for r in rows}
    wanted = []
    for r in rows:
        if "dimension" in r and not r.get("certified") and _below_bound(r):
            net = parse_spec(r["spec"])
            wanted += [p for p in getattr(net, "dimension_bound_pieces", lambda: [])() if p not in have]
    out = []
    for spec in dict.fromkeys(wanted):
        try:
            res = dimension(spec, seed=seed, prefer_theorems=True, pivots=False)
        except AlgnetError:
            continue
        if not _below_bound({"spec": spec, "dimension": res.dimension}):
            continue    # meets the bound of narrow layers: no defect to inherit
        out.append({"spec": spec, "dimension": res.dimension, "ktb": parse_spec(spec).ktb_dimension(),
                    "certified": res.certified, "probability_bound": res.probability_bound,
                    "upper_bound_source": res.upper_bound_source})
    return out
