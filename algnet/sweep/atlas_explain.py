"""Explanations of the atlas's defective dimensions, and its derived columns (expected, KTB count, defect).

A dimension below the naive count is explained by the proof of :func:`algnet.formulas.dense_dimension_bound`
that meets it (narrow layers, Alexander-Hirschowitz in the last layer, a quadratic last activation, Strassen's
equation, relations among the first layer's outputs), by a defective sub-network (the bound with the
dimensions of the atlas's other rows as pieces is met), or by the bound that certified it; otherwise it is
flagged (:func:`explain`). :func:`explain_rows` adds the derived columns to the rows of a section.

Examples
--------
>>> explain("dense 3-2-1 r=2", 5)[0]
'Alexander-Hirschowitz (last layer)'
>>> explain("dense 3-3-2 r=2", 12)[0] is None     # not defective
True
"""

from __future__ import annotations

__all__ = ["explain", "explain_rows", "explain_section"]


def _dense_key(net):
    """(widths, degrees) of a bias-free dense power network with every degree >= 2, else None."""
    from algnet.sweep.summary import is_power_network

    widths = getattr(net, "widths", None)
    if (widths is None or getattr(net, "bias", False) or not is_power_network(net)
            or not hasattr(net, "hidden_degrees")):
        return None
    degs = tuple(int(x) for x in net.hidden_degrees())
    if not degs or any(x < 2 for x in degs):
        return None
    return tuple(int(w) for w in widths), degs


def _group(reasons, key) -> str:
    if any(x.startswith("defective piece") for x in reasons):
        return "defective sub-network"
    if any(x.startswith("Strassen") for x in reasons):
        return "Strassen's equation (three quadrics)"
    if any(x.startswith("relations among") for x in reasons):
        return "relations among the first layer's outputs"
    if any(x.startswith("Alexander-Hirschowitz") for x in reasons) or (
            len(key[0]) == 3 and any(x.startswith("sums of squares") for x in reasons)):
        return "Alexander-Hirschowitz (last layer)"
    if any(x.startswith(("sums of squares", "quadratic form")) for x in reasons):
        return "quadratic last activation"
    return "bottleneck"


#: Routes of :func:`algnet.analyses.bounds.upper_bound` that compute a bound (every route but the theorem route,
#: ``THEOREM_ROUTE``): the searched ones, the kernel fields of a tail (``TAIL_ROUTE``, among them the rank-one
#: proof) and the bound of a smaller network with the same neuromanifold (``REDUCTION_ROUTE``).
#: tests/test_atlas_explain_routes.py checks that every route the bounds code builds is here.
_SEARCHED = ("flattening", "hidden symmetries", "factorization through a smaller network", "equations",
             "hidden symmetries of a tail", "same neuromanifold as a smaller network")


def explain(spec, dimension: int, known: dict | None = None, certified_bound: str | None = None,
            probable: dict | None = None) -> tuple:
    """(group, reason) of a dimension below the naive count, or (None, reason) when it is not defective.

    The naive count is the Kileel–Trager–Bruna count for dense power networks and the network's own
    expected dimension otherwise. For dense power networks the explanation is the proof of
    :func:`algnet.formulas.dense_dimension_bound` that meets the dimension: narrow layers only
    (``bottleneck``), an Alexander–Hirschowitz secant in a two-layer one-output network, or sums of squares
    in the last layer (``quadratic last activation``); ``known`` (pieces ``(widths, degrees)`` -> dimension,
    e.g. the atlas's other rows) adds ``defective sub-network``: the bound with those pieces' dimensions is
    met. ``certified_bound`` (the ``upper_bound_source`` of a certified row) adds two more: the bound of
    narrow layers with a defective piece outside the atlas (certified by the dimension analysis itself,
    ``defective sub-network``), and a bound found by algnet's search (a flattening's minors, hidden
    symmetries, equations: ``defect proved by a computed bound``). Anything else is ``no known
    explanation``; its reason says when the bound would be met with ``probable`` pieces (dimensions computed
    but not certified). A dimension above the bound (which is proved) is flagged.

    Examples
    --------
    >>> explain("dense 2-2-3-1 r=3", 6)      # f = g(l1^3, l2^3), g a binary cubic: 4 + 4 - 2
    ('bottleneck', 'narrow layers bound the dimension by 6 (bottleneck at layer 1; the count is 8)')
    >>> explain("dense 3-4-2-1 r=2", 11)[0]  # q1^2 + q2^2 = (q1 + i q2)(q1 - i q2)
    'quadratic last activation'
    """
    from algnet.architectures.spec import parse_spec
    from algnet.formulas import dense_dimension_bound
    from algnet.sweep.summary import ktb_count, network_expected_dimension

    net = parse_spec(spec)
    expected, _ = network_expected_dimension(net)
    naive = ktb_count(net)
    naive = expected if naive is None else naive
    if naive is None:
        return None, "no expected dimension known"
    key = _dense_key(net)
    bound, reasons = dense_dimension_bound(*key) if key else (expected, ())
    if dimension > naive or (bound is not None and dimension > bound):
        return "above the expected count", (f"dimension {dimension} above the bound {min(naive, bound or naive)}: "
                                            "a proved bound is exceeded, so a computation is wrong")
    if dimension == naive:
        return None, f"dimension {dimension} = expected {naive}"
    if key is None:
        if expected is not None and expected < naive and dimension == expected:
            return "bottleneck", f"narrow layers bound the dimension: {expected} (the naive count is {naive})"
        return "no known explanation", f"dimension {dimension} below the count {naive}"
    if dimension < bound and known:
        bound, reasons = dense_dimension_bound(*key, known=known)
    if dimension < bound:
        group, reason = _certified_reason(dimension, bound, naive, certified_bound)
        if group == "no known explanation" and probable:
            b2, r2 = dense_dimension_bound(*key, known=probable)
            used = [x[len("defective piece "):] for x in r2 if x.startswith("defective piece")]
            doubt = [u for u in used if _key_of(u) not in (known or {})]
            if b2 == dimension and doubt:
                reason += (f"; the bound is met with the computed dimension of {', '.join(doubt)} (not certified)"
                           + "".join(f" and the certified one of {u}" for u in used if u not in doubt))
        return group, reason
    group = _group(reasons, key)
    if group == "bottleneck":
        return group, f"narrow layers bound the dimension by {bound} ({', '.join(reasons)}; the count is {naive})"
    return group, f"the bound {bound} is met ({', '.join(reasons)}; the count is {naive})"


def _key_of(spec):
    from algnet.architectures.spec import parse_spec

    return _dense_key(parse_spec(spec))


def _certified_reason(dimension, bound, naive, certified_bound) -> tuple:
    """The group of a dimension below the bound of narrow layers, from the bound that certified it."""
    from algnet.analyses.bounds import THEOREM_ROUTE

    src = certified_bound or ""
    route = src.split(":")[0]
    if route == THEOREM_ROUTE and "defective piece" in src:
        return "defective sub-network", (f"the bound of narrow layers with the certified dimension of a smaller "
                                         f"network in place of its count is met: {src.split(': ', 1)[1]}; "
                                         f"the count is {naive}")
    if route in _SEARCHED:
        return "defect proved by a computed bound", f"dimension {dimension} below the bound {bound} of narrow " \
                                                    f"layers (count {naive}), proved by {src}"
    return "no known explanation", (f"dimension {dimension} below the bound {bound} (count {naive}) that "
                                    "narrow layers and secant defects give"
                                    + ("" if not src else f"; not certified (best proved bound: {src})"))


def explain_section(doc) -> dict:
    """The derived columns of a dimension section (:func:`explain_rows`), with the pieces outside the atlas
    that its unexplained rows are made of (:func:`algnet.sweep.atlas_pieces.outside_pieces`, in
    ``doc["pieces"]``, used as known pieces).

    Examples
    --------
    >>> doc = explain_section({"rows": [{"spec": "dense 2-1-2-1 r=2", "dimension": 2, "certified": True}]})
    >>> doc["rows"][0]["explanation"], doc["pieces"]
    ('bottleneck', [])
    """
    from algnet.sweep.atlas_pieces import outside_pieces

    rows = doc["rows"]
    pieces = outside_pieces([r for r in rows if "dimension" in r])
    explain_rows(rows, pieces)
    doc["pieces"] = pieces
    return doc


def explain_rows(rows, pieces=()) -> list[dict]:
    """Add the derived columns of dimension rows in place: ``expected`` (the network's expected dimension,
    which knows narrow layers; its source in ``expected_source``), ``ktb`` (the Kileel–Trager–Bruna count),
    ``defect`` = expected − dimension, ``defective`` (below the KTB count, or below the expected value when
    there is no count), ``explanation`` and ``reason`` (:func:`explain`, with the certified dimensions of the
    other rows and of ``pieces`` (dicts with ``spec``, ``dimension``, ``certified``) as known pieces, and the
    uncertified ones as probable pieces). Used when the atlas is written and to refresh its files after a
    change of the formulas.

    Examples
    --------
    >>> rows = explain_rows([{"spec": "dense 3-5-2 r=3", "dimension": 19, "certified": True},
    ...                      {"spec": "dense 5-5-3-5-2 r=3,4,3", "dimension": 51}])
    >>> [(r["ktb"], r["defect"], r["explanation"]) for r in rows]
    [(20, 1, 'no known explanation'), (52, 1, 'defective sub-network')]
    """
    from algnet.architectures.spec import parse_spec
    from algnet.sweep.summary import ktb_count, network_expected_dimension

    nets = {r["spec"]: parse_spec(r["spec"]) for r in rows if "dimension" in r}
    known, probable = {}, {}
    for r in list(rows) + list(pieces):
        if "dimension" in r:
            key = _dense_key(nets.get(r["spec"]) or parse_spec(r["spec"]))
            if key is not None:
                probable[key] = r["dimension"]
                if r.get("certified"):
                    known[key] = r["dimension"]
    for r in rows:
        if "dimension" not in r:
            continue
        net, d = nets[r["spec"]], r["dimension"]
        expected, source = network_expected_dimension(net)
        ktb = ktb_count(net)
        group, reason = explain(net, d, known, r.get("upper_bound_source") if r.get("certified") else None,
                                probable)
        naive = ktb if ktb is not None else expected
        r.update(expected=expected, expected_source=source, ktb=ktb,
                 defect=None if expected is None else expected - d,
                 defective=group is not None and naive is not None and d < naive,
                 explanation=group, reason=reason if group is not None else None)
        for k in [k for k, v in r.items() if v is None]:
            del r[k]
    return rows
