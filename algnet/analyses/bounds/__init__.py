"""Proved upper bounds on the dimension of a neuromanifold.

The modular Jacobian rank of :func:`algnet.analyses.dimension.dimension` is
a proved *lower* bound on dim M. It is certified when it meets a proved
upper bound. Besides the ambient dimension and the known symmetry orbits,
this package proves upper bounds that see defects, each from the
network's own polynomials (never from a family's expected value):

* :mod:`~algnet.analyses.bounds.flattenings`: a flattening of the output
  whose rank is bounded on M (catalecticants, Koszul flattenings, the
  end-to-end matrix of a linear network); its minors are equations of M
  and their tangent space bounds dim M;
* :mod:`~algnet.analyses.bounds.fields`: polynomial vector fields proved to
  lie in the kernel of the Jacobian of mu (the known symmetries, and the
  *hidden symmetries* beyond them, with formulas);
* :mod:`~algnet.analyses.bounds.composition`: the factorization of a layered
  network through a smaller one (its head's parameters and its tail's
  neuromanifold, whose dimension is bounded the same ways);
* :mod:`~algnet.analyses.bounds.tail_fields`: kernel fields moving only the
  last layers' parameters, proved on the image of the first layers (no
  expansion of the whole network: the tail's and the head's separately; or,
  when the head is too large, on its rank-one image proved layer by layer,
  :mod:`~algnet.analyses.bounds.low_rank`);
* :mod:`~algnet.analyses.bounds.equations`: equations proved to vanish on M
  (implicitization with symbolic proofs) and their Jacobian at a point of M;
* :mod:`~algnet.analyses.bounds.reduction`: a smaller network with the same
  neuromanifold (declared by the architecture, with its proof), whose proved
  bound is M's; tried first.

:func:`upper_bound` tries the others in that order (the cheaper first) until one
meets the target; a bound the network proves from theorems
(``net.proved_dimension_bound()``: narrow layers and secant theorems for
dense power networks) is tried after them, or first with ``theorems_first``
(no polynomial is expanded then: the atlas's common case).

Examples
--------
>>> from algnet import parse_spec
>>> b = upper_bound(parse_spec("dense 3-3-3-1 r=2"), target=12, seed=0)
>>> b.value, b.route
(12, 'hidden symmetries')
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from algnet.errors import NumericalError, TooLargeError

__all__ = ["ProvedUpperBound", "upper_bound", "piece_dimension"]


@dataclass(frozen=True)
class ProvedUpperBound:
    """dim M <= ``value``, proved by ``route``; ``detail`` says how.

    ``depends_on`` holds the evidence (:class:`algnet.evidence.Evidence`, naming its network in ``subject``)
    of the smaller networks' dimensions the proof uses: the certified dimension of a defective piece (the
    route from theorems) or the proved bound of a tail network (the factorization route).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> b = upper_bound(parse_spec("dense 3-2-1 r=2"), target=5, seed=0)    # quadrics of rank <= 2 in 3 variables
    >>> isinstance(b, ProvedUpperBound), b.value, b.route
    (True, 5, 'flattening')
    """

    value: int
    route: str
    detail: str
    hidden_symmetries: tuple = ()
    depends_on: tuple = ()


#: The route name of the kernel fields of a tail proved on the head's image (:mod:`.tail_fields`).
TAIL_ROUTE = "hidden symmetries of a tail"
#: The route name of the bound a network proves from theorems (:func:`_theorem_bound`).
THEOREM_ROUTE = "narrow layers and secant theorems"


def _theorem_bound(net, target: int, seed=0, time_limit: float = 30.0, pieces: bool = True):
    """The network's own proved bound (``net.proved_dimension_bound()``, e.g. narrow layers and
    Alexander-Hirschowitz for dense power networks), the cheapest route: no polynomial is expanded.

    When it is above ``target`` (and ``pieces``), the dimensions of the smaller networks it is made of
    (``net.dimension_bound_pieces()``) are computed (certified, within ``time_limit``) and put in place of
    their bounds: a defective piece lowers the bound. A bound below ``target`` (a proved lower bound)
    contradicts a proof: raised as a NumericalError.
    """
    fn = getattr(net, "proved_dimension_bound", None)
    got = fn() if fn is not None else None
    if got is None:
        return None
    used = {}
    if pieces and got[0] > target and hasattr(net, "dimension_bound_pieces"):
        used = _certified_pieces(net.dimension_bound_pieces(), seed, time.process_time() + time_limit)
        if used:
            got = fn({k: v[0] for k, v in used.items()})
    value, source = int(got[0]), got[1]
    if value < target:
        raise NumericalError(f"{net.spec}: the proved bound {value} ({source}) is below the proved lower bound "
                             f"{target} (modular rank)",
                             hint="this is a bug in the bound's derivation or in the rank; please report it")
    named = {k: v for k, v in used.items() if f"defective piece {k}" in source}
    detail = f"dim M <= {value} ({source})" + (
        "; certified dimensions of the pieces: " + "; ".join(f"{k} = {v[0]} ({v[1]})" for k, v in named.items())
        if named else "")
    return ProvedUpperBound(value, THEOREM_ROUTE, detail, depends_on=tuple(v[2] for v in named.values()))


#: Dimensions of pieces already computed in this process: (spec, seed) -> (DimensionResult, the ``bound_time``
#: it was computed with). A certified piece serves every later call; an uncertified one only calls with at
#: most :data:`RETRY_FACTOR` times its time (:func:`_cached_piece`).
_PIECES: dict = {}

#: An uncertified piece is computed again for a call allowing more than this many times the ``bound_time`` it
#: had: a piece that no time certifies costs at most log2(longest / shortest limit) extra computations (the
#: atlas asks for the same pieces row after row, each time with what is left of its own limit).
RETRY_FACTOR = 2.0


def _cached_piece(spec: str, seed: int, bound_time: float):
    """The piece computed before that a call with ``bound_time`` may reuse, or None: a certified piece
    always; an uncertified one only when it had at least 1 / :data:`RETRY_FACTOR` of ``bound_time`` (with
    more time its bound search may still certify it: a piece left uncertified by a short limit is computed
    again under a longer one)."""
    got = _PIECES.get((spec, int(seed)))
    if got is None:
        return None
    res, had = got
    return res if res.certified or bound_time <= RETRY_FACTOR * had else None


def piece_dimension(spec: str, seed: int = 0, bound_time: float = 30.0):
    """The dimension of a smaller network that a bound uses (a piece), computed once per process and seed
    (``prefer_theorems``, no pivots; ``bound_time`` for its own bound): a certified piece is reused by every
    later call, an uncertified one only by calls with at most :data:`RETRY_FACTOR` times the ``bound_time`` it
    had (a longer limit computes it again). The bound from theorems and the atlas read the same result, so a row and its
    refreshed copy carry the same evidence.

    Examples
    --------
    >>> r = piece_dimension("dense 3-5-2 r=3")    # two ternary cubics, sums of the same five cubes: 19 < 20
    >>> r.dimension, r.certified, piece_dimension("dense 3-5-2 r=3") is r
    (19, True, True)
    """
    from algnet.analyses.dimension import dimension

    res = _cached_piece(spec, seed, bound_time)
    if res is None:
        res = dimension(spec, seed=int(seed), prefer_theorems=True, bound_time=bound_time, pivots=False)
        _PIECES[(spec, int(seed))] = (res, float(bound_time))
    return res


def _certified_pieces(specs, seed, deadline) -> dict:
    """spec -> (certified dimension, the route that certified it, its evidence with ``subject`` = spec) for the
    pieces done before ``deadline``."""
    from algnet.errors import AlgnetError

    out = {}
    for spec in specs:
        left = deadline - time.process_time()
        if left <= 0.5 and _cached_piece(spec, seed, left) is None:
            break
        try:
            r = piece_dimension(spec, seed, bound_time=left)
        except AlgnetError:
            continue
        if r.certified:
            out[spec] = (r.dimension, r.upper_bound_source.split(":")[0], r.evidence.with_(subject=spec))
    return out


def upper_bound(net, target: int, seed=0, time_limit: float = 30.0, max_degree: int = 2,
                theorems_first: bool = False):
    """The smallest proved upper bound on dim M found, stopping at ``target``.

    Parameters
    ----------
    net : Network
    target : int
        The lower bound to meet (a route stops as soon as it proves it).
    seed : int
    time_limit : float
        CPU seconds for the searches (CPU time of this process, not wall clock: the bound found, and so the
        route named in a result, does not depend on the machine's load; the equations route, last, gives
        its implicitization what is left, at most 10 CPU s).
    max_degree : int
        Largest degree of the kernel fields tried.
    theorems_first : bool
        Try the network's bound from theorems (``net.proved_dimension_bound()``, e.g. narrow layers and
        secant theorems for dense power networks) before the searches, and stop there when it meets the
        target: no polynomial is expanded (the atlas's common case; the searches' hidden symmetries are then
        not listed). By default it is used after the searches, when none of them meets the target.

    Returns
    -------
    ProvedUpperBound or None
        None when no route applies.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> upper_bound(parse_spec("linear 6-2-3-5"), target=18).route
    'flattening'
    >>> upper_bound(parse_spec("dense 3-3-3-1 r=2"), target=12, theorems_first=True).route
    'narrow layers and secant theorems'
    """
    from algnet.analyses.bounds.equations import NESTED

    if NESTED.get():  # a dimension computed inside the equations route: no second search
        return None
    t0 = time.process_time()
    reduced = _reduction(net, target, seed, time_limit / 2)
    if reduced is not None and reduced.value <= target:
        return reduced
    theorem = _theorem_bound(net, target, seed, time_limit / 2, pieces=theorems_first)
    if theorems_first and theorem is not None and theorem.value <= target:
        return theorem
    best = _searched_bound(net, target, seed, time_limit, max_degree, t0)
    if theorem is not None and not theorems_first and theorem.value > target and (best is None or best.value > target):
        theorem = _theorem_bound(net, target, seed, time_limit / 2, pieces=True)
    if theorem is not None and (best is None or (best.value > target and theorem.value < best.value)):
        best = theorem
    if reduced is not None and (best is None or reduced.value < best.value):
        best = reduced
    return best


def _reduction(net, target: int, seed, time_limit: float):
    """The bound of a smaller network with the same neuromanifold (:mod:`.reduction`), or None. A bound below
    ``target`` (a proved lower bound) contradicts a proof: raised as a NumericalError."""
    from algnet.analyses.bounds.reduction import REDUCTION_ROUTE, reduction_bound

    got = reduction_bound(net, seed=seed, time_limit=time_limit)
    if got is None:
        return None
    if got[0] < target:
        raise NumericalError(f"{net.spec}: the proved bound {got[0]} ({got[1]}) is below the proved lower bound "
                             f"{target} (modular rank)",
                             hint="this is a bug in the bound's derivation or in the rank; please report it")
    return ProvedUpperBound(got[0], REDUCTION_ROUTE, got[1], depends_on=(got[2],))


def _searched_bound(net, target, seed, time_limit, max_degree, t0):
    """The searched routes of :func:`upper_bound` (flattenings, kernel fields, factorization, equations)."""
    from algnet.analyses.bounds.composition import composition_bound
    from algnet.analyses.bounds.fields import kernel_fields
    from algnet.analyses.bounds.flattenings import flattening_bound
    from algnet.analyses.bounds.symbolic import Expansion

    from algnet.analyses.bounds.equations import equations_bound
    from algnet.analyses.bounds.tail_fields import tail_fields_bound

    best = None
    try:
        ex = Expansion.of(net)
    except (TooLargeError, NotImplementedError, TypeError):
        # too large, or a network whose program cannot be evaluated over polynomials: only the
        # factorization route
        ex = None
    if ex is not None:
        fb = flattening_bound(net, seed=seed, expansion=ex, deadline=t0 + max(5.0, time_limit / 3))
        if fb is not None and (best is None or fb.upper_bound < best.value):
            best = ProvedUpperBound(fb.upper_bound, "flattening", fb.describe())
            if fb.upper_bound <= target:
                return best
        kf = kernel_fields(net, target=net.n_params - target, seed=seed, expansion=ex, max_degree=max_degree,
                           deadline=t0 + max(5.0, time_limit / 6))
        if best is None or kf.upper_bound < best.value:
            detail = (f"{kf.rank} polynomial vector fields of degree <= {kf.max_degree} proved (exact expansion "
                      f"over QQ) to lie in the kernel of the Jacobian of mu, independent at an integer point (rank "
                      f"mod {kf.prime}): dim M <= {net.n_params} - {kf.rank} = {kf.upper_bound}; "
                      f"{len(kf.hidden)} of them beyond the known symmetries")
            best = ProvedUpperBound(kf.upper_bound, "hidden symmetries", detail, kf.formulas)
        if best.value <= target:
            return best
    cb = composition_bound(net, seed=seed, time_limit=max(1.0, time_limit - (time.process_time() - t0)),
                           target=target)
    if cb is not None and (best is None or cb[0] < best.value):
        best = ProvedUpperBound(cb[0], "factorization through a smaller network", cb[1], depends_on=cb[2:])
    left = time_limit - (time.process_time() - t0)
    if (best is None or best.value > target) and left > 0.5:
        tf = tail_fields_bound(net, target, seed=seed, max_degree=max_degree,
                               deadline=time.process_time() + min(left, max(2.0, time_limit / 2)))
        if tf is not None and (best is None or tf.upper_bound < best.value):
            best = ProvedUpperBound(tf.upper_bound, TAIL_ROUTE, tf.describe(), tf.formulas)
    left = time_limit - (time.process_time() - t0)
    if (best is None or best.value > target) and left > 1.0:
        eb = equations_bound(net, seed=seed, time_limit=min(left, 10.0))
        if eb is not None and (best is None or eb[0] < best.value):
            best = ProvedUpperBound(eb[0], "equations", eb[1])
    return best
