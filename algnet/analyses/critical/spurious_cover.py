"""Which strata the spurious search solves, and whether they reach the whole rank-drop locus of d mu.

:func:`_candidate_strata` (the degeneration lattice of ``algnet singular``), :func:`_search_strata` (a polynomial
map's linear subspaces of rank drop instead), :func:`strata_cover_rank_drop` (coverage, proved or not, with the
reason) and :func:`_search_points` (a polynomial map's isolated points of rank drop). Split out of
:mod:`~algnet.analyses.critical.spurious`, which re-exports them.

Examples
--------
>>> from algnet import parse_spec
>>> strata_cover_rank_drop(parse_spec("conv k=2,2 r=1"))[0]
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["strata_cover_rank_drop"]

def _candidate_strata(net):
    from algnet.analyses.singular import stratum_networks

    try:
        strata = stratum_networks(net, depth=2)
    except Exception:
        strata = []
    return [(sp.name, S) for sp, S in strata if tuple(getattr(sp, "zero", ())) or tuple(getattr(sp, "ties", ()))
            or type(S).__name__ != "SlicedNetwork"]


def _search_strata(net):
    """The strata the spurious search solves: a polynomial map's linear subspaces where d mu drops rank and the map
    is not constant (:meth:`~algnet.architectures.polymap.PolynomialMap.rank_drop_cover`), each once; other
    networks' :func:`_candidate_strata`."""
    cover = getattr(net, "rank_drop_cover", None)
    if cover is None:
        return _candidate_strata(net)
    from algnet.analyses.singular.derived import SlicedNetwork

    c = cover()
    return [(a, SlicedNetwork(net, np.array(B, dtype=np.int64), a)) for a, B in zip(c.labels, c.bases)]


def strata_cover_rank_drop(net) -> tuple:
    """``(covered, note)``: whether the strata of :func:`_search_strata` reach every critical point of L where
    d mu drops rank, as far as this package can prove it; when not, the spurious (and total) counts are lower
    bounds and ``note`` says why.

    A linear stride-one convolution chain multiplies its filters as polynomials p_1 ... p_m; d mu drops rank
    exactly where two factors share a root (Kohn-Merkh-Montufar-Trager, arXiv:2108.01538), and a stratum's own
    monodromy misses the points where its parametrization drops rank in turn: a further coincidence of roots.
    A coincidence pattern P holds isolated critical points of L for a generic target only when the rank r of
    d mu at a generic point of P equals dim mu(P) (else J^T (y - u) = 0 is r conditions on fewer unknowns). So
    the search covers the locus when (a) every filter has length 2 and at most
    :data:`~algnet.architectures.sequential_strata.MAX_TIED_FILTERS` of them: every partition into equal filters is a
    stratum; or (b) two filters, one of length 2 (t - a): the pattern (t - a)^(m+2) s (one more root of p_1 at
    a, m >= 1) has r = k_1 (d mu's image: the multiples of gcd = t - a) > dim = k_1 - m. Otherwise (two longer
    filters sharing two roots: r = dim; a pair sharing a root combined with another coincidence) the strata
    do not reach every pattern. A polynomial map: its linear subspaces where d mu drops rank, split from
    the minors of d mu (:func:`~algnet.architectures.polymap_strata.rank_drop_cover`), covered or not as the
    minors show. Other networks (and maps too large to split): the strata of the degeneration lattice are taken
    to cover the locus (for linear networks every critical point arises on them, Trager-Kohn-Bruna); not
    proved here. A strided chain (a stride above one before the last layer) multiplies p_1(t) p_2(t^s_1) ...:
    the theorem above is for stride one, so no coverage is claimed.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [strata_cover_rank_drop(parse_spec(s))[0] for s in ("conv k=2,2,2 r=1", "conv k=3,2 r=1", "conv k=3,3,2 r=1")]
    [True, True, False]
    >>> strata_cover_rank_drop(parse_spec("conv k=3,3 r=1"))[1]  # doctest: +ELLIPSIS
    'the strata searched do not cover the rank-drop locus of d mu (filter lengths [3, 3]: ...'
    >>> [strata_cover_rank_drop(parse_spec(s))[0] for s in ("map x^2; y^2", "map x^3 + 3*x*y^2 - 3*x; y")]
    [True, False]
    >>> strata_cover_rank_drop(parse_spec("conv k=2,2,2 s=2,2,1 r=1"))[0]  # strided: the theorem does not apply
    False
    """
    from algnet.architectures.sequential_strata import MAX_TIED_FILTERS

    cover = getattr(net, "rank_drop_cover", None)
    if cover is not None:                       # a polynomial map: its linear strata, from d mu's minors
        c = cover()
        if c.covered is not None:
            return c.covered, c.note if c.covered else (f"the strata searched do not cover the rank-drop locus of "
                                                        f"d mu ({c.note})")
    filters = getattr(net, "_linear_conv_filters", lambda: [])()
    if not filters and _strided_conv_chain(net):
        return False, ("the strata searched do not cover the rank-drop locus of d mu (a strided convolution chain: "
                       "its filters multiply as p_1(t) p_2(t^s_1) ..., whose rank drops are not only shared roots "
                       "of the filters; no theorem here says the degeneration lattice reaches them); spurious "
                       "points there are not searched")
    ks = [int(k) for _, k in filters if k >= 2]
    if len(ks) < 2:
        return True, "no two filters can share a root" if filters else "the strata of the degeneration lattice"
    if all(k == 2 for k in ks) and len(ks) <= MAX_TIED_FILTERS:
        return True, "every partition of the length-2 filters into equal filters is a stratum"
    if len(ks) == 2 and min(ks) == 2:
        return True, "one pair of filters shares a root; further coincidences hold no critical point (rank > dim)"
    why = ("more than two filters, one longer than 2: a pair sharing a root combined with another coincidence "
           "is no stratum" if len(ks) > 2 and max(ks) > 2 else
           f"more than {MAX_TIED_FILTERS} length-2 filters: pairs of equal filters only" if max(ks) == 2 else
           "two filters longer than 2 sharing more than one root are no stratum")
    return False, (f"the strata searched do not cover the rank-drop locus of d mu (filter lengths {ks}: {why}); "
                   "spurious points there are not searched")


def _strided_conv_chain(net) -> bool:
    """Whether ``net`` is a chain of single-channel valid 1-D convolutions with a stride above one before its last
    layer (the last layer's stride never enters its one output): the stride-one theorem does not apply to it."""
    from algnet.architectures.layers.conv import Conv1d

    seq = getattr(net, "sequence", None)
    if not seq or not all(isinstance(lay, Conv1d) and lay.single and lay.padding == "valid" and not lay._layout
                          for lay in seq):
        return False
    return any(lay.stride[0] != 1 for lay in seq[:-1])


def _search_points(net) -> list:
    """(label, theta) of the isolated points where a polynomial map drops rank off its linear strata, exact
    points of :func:`~algnet.architectures.polymap_strata.rank_drop_cover` evaluated to complex parameters
    (30 digits, then rounded); other networks: none.

    Examples
    --------
    >>> from algnet.architectures.polymap import parametrization
    >>> [(a, t.real.round(6).tolist()) for a, t in _search_points(parametrization(["t^3 - 6*t", "t^4 - 4*t^2"]))]
    [('t = -sqrt(2)', [-1.414214]), ('t = sqrt(2)', [1.414214])]
    """
    cover = getattr(net, "rank_drop_cover", None)
    if cover is None:
        return []
    c = cover()
    return [(a, np.array([complex(v.evalf(30)) for v in p], dtype=np.complex128))
            for a, p in zip(c.point_labels, c.points)]
