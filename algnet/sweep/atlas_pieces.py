"""Smaller networks outside the atlas's bound that its unexplained defects are made of.

A dense row whose dimension is below every bound of narrow layers and secant theorems
(:func:`algnet.formulas.dense_dimension_bound`) and that is not certified may inherit its defect from a
*piece* of that bound (a head or a tail of a factorization at a narrow layer) that is not a row of the atlas,
e.g. ``dense 4-5-3 r=2`` (three outputs) inside ``dense 4-5-3-1 r=2``. :func:`outside_pieces` computes the
dimensions of those pieces (seed 0, the atlas's options), each with its own evidence, so that the summary can
say which piece the defect would come from, and whether that piece's dimension is proved.

A row certified through smaller networks (its bound uses their certified dimensions, named in
``upper_bound_source``) keeps their evidence in ``depends_on`` (:func:`fill_depends_on`), each record naming
its network in ``subject``.

Examples
--------
>>> rows = [{"spec": "dense 2-2-3-1 r=3", "dimension": 6, "certified": True}]
>>> outside_pieces(rows)            # meets its bound: nothing to look for
[]
"""

from __future__ import annotations

__all__ = ["outside_pieces", "used_pieces", "piece_evidence", "fill_depends_on"]

#: How the theorem route names the smaller networks it used (``algnet.analyses.bounds``).
_PIECES_MARK = "certified dimensions of the pieces: "


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


def used_pieces(upper_bound_source) -> list[tuple[str, int]]:
    """(spec, certified dimension) of the smaller networks a proved bound used, as named in its source.

    Examples
    --------
    >>> used_pieces("narrow layers and secant theorems: dim M <= 22 (algnet.formulas.dense_dimension_bound: "
    ...             "defective piece dense 3-5-2 r=3, bottleneck at layer 1); certified dimensions of the pieces: "
    ...             "dense 3-5-2 r=3 = 19 (flattening)")
    [('dense 3-5-2 r=3', 19)]
    >>> used_pieces("ambient dimension"), used_pieces(None)
    ([], [])
    """
    text = upper_bound_source or ""
    if _PIECES_MARK not in text:
        return []
    out = []
    for item in text.split(_PIECES_MARK, 1)[1].split("; "):
        spec, _, rest = item.rpartition(" = ")
        out.append((spec.strip(), int(rest.split()[0])))
    return out


def piece_evidence(spec: str, seed: int = 0, dimension: int | None = None):
    """The evidence of a smaller network's dimension, computed as the bound that used it computed it
    (``prefer_theorems``, same seed), naming the network in ``subject`` as given; its own pieces, if any, in
    ``depends_on``. With ``dimension``, a different or uncertified result raises NumericalError (the row's
    certificate would not stand).

    Examples
    --------
    Two ternary cubics as sums of five cubes of the same linear forms are defective (the fifth secant of
    P^1 x P^2 embedded by O(1, 3) is a hypersurface in its 20-dimensional space):

    >>> ev = piece_evidence("dense 3-5-2 r=3", dimension=19)
    >>> ev.subject, ev.certified, ev.proves
    ('dense 3-5-2 r=3', True, 'dim M = 19')
    """
    from algnet.analyses.bounds import piece_dimension
    from algnet.errors import NumericalError

    res = piece_dimension(spec, int(seed))    # the result the bound from theorems used
    if dimension is not None and (res.dimension != dimension or not res.certified):
        raise NumericalError(f"{spec}: the bound used its certified dimension {dimension}, but it computes to "
                             f"{res.dimension} ({'certified' if res.certified else 'not certified'}) with seed {seed}",
                             hint="this is a bug in the bound or in the rank; please report it")
    return res.evidence.with_(subject=spec)    # its own pieces are in its depends_on (algnet.analyses.bounds)


def fill_depends_on(rows) -> int:
    """Put the evidence of the smaller networks a certified row's bound used into its ``depends_on`` (rows
    that have one are left alone); returns the number of rows filled. A cheap pass over written rows: each
    piece is computed once per process (:func:`piece_evidence`, the row's seed).

    Examples
    --------
    >>> rows = [{"spec": "dense 2-3-5-2 r=4,3", "dimension": 22, "certified": True, "seed": 0,
    ...          "upper_bound_source": "narrow layers and secant theorems: dim M <= 22 (...); certified dimensions "
    ...                                "of the pieces: dense 3-5-2 r=3 = 19 (flattening)"},
    ...         {"spec": "dense 2-2-2 r=2", "dimension": 6, "certified": True,
    ...          "upper_bound_source": "ambient dimension"}]
    >>> fill_depends_on(rows), [d["subject"] for d in rows[0]["depends_on"]], "depends_on" in rows[1]
    (1, ['dense 3-5-2 r=3'], False)
    """
    filled = 0
    for r in rows:
        if not r.get("certified") or r.get("depends_on"):
            continue
        pieces = used_pieces(r.get("upper_bound_source"))
        if pieces:
            r["depends_on"] = [piece_evidence(s, r.get("seed", 0), d).as_dict() for s, d in pieces]
            filled += 1
    return filled
