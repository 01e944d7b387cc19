"""A proven upper bound on the critical images of a quadratic loss, and the stopping rule it gives.

When the network declares (a registered theorem, :meth:`algnet.Network.segre_veronese`) that its coefficient map
factors through the Segre-Veronese variety X = P^{n_1} x ... x P^{n_k} embedded by O(a_1, ..., a_k) -- the
coefficients are linear combinations of the monomials of multidegree (a_1, ..., a_k) in the layer blocks -- the
neuromanifold M is pi(C(X)), the image of the affine cone over X under a linear map pi. Where pi is injective
(checked here exactly: :func:`span_rank`) M is linearly isomorphic to C(X), smooth away from its vertex, and for
a loss l(c) = (c - u)^T Q (c - u) with Q real positive definite ("generic", "frobenius", "bombieri") the
isolated critical points of l on the smooth part of M number at most

    B = gED(X)    (the Chern-class formula, :func:`.chern.segre_veronese_ged`; DHOST 2016, Thm. 5.8)

for EVERY target u and every such Q: the ED correspondence {(x, u, Q): x in M_reg, (x - u)^T Q T_x M = 0} is a
vector bundle over M_reg x {Q nondegenerate} (irreducible, its dimension that of the (u, Q) space), its projection
to the normal (u, Q) space has degree gED(X) (generic Q: X transversal to the isotropic quadric), and a fibre of
such a map has at most that many isolated points (Zariski's main theorem: the quasi-finite part embeds in the
normalisation, finite over a normal base, whose fibres have at most deg points; Sommese and Wampler 2005,
Thm. 7.1.1, for the non-singular isolated solutions). Q restricted to the span of M stays positive definite, so
a pi onto a proper subspace of the coefficients is as good as onto all of them.

The stopping rule (:func:`bound_reached`): a critical point of L = l o mu on a slice where d mu has full rank and
the slice is transversal to the fibre (mu o slice a local isomorphism onto M there) whose gradient system is
non-singular is a non-degenerate critical point of l on M; its image is not the vertex (a smooth germ of dimension
dim M inside a cone, at its vertex, makes the cone a linear space, and M is not one: dim M is below the dimension
of its span, checked by :func:`proven_image_bound`). So B such points with pairwise distinct images are every
isolated critical image on the smooth part of M: the search stops there, with no trace test. (d mu's full rank is
the numerical rank test every route applies to the points it counts.) The answer is always the number of points
found and certified, never B; with fewer than B found the trace test runs as before.

Examples
--------
>>> from algnet import parse_spec
>>> proven_image_bound(parse_spec("linear 2-1-2"), "generic", 3)[0]     # P1 x P1 in P3
6
>>> proven_image_bound(parse_spec("conv k=3,2 r=2"), "generic", 4) is None    # 12 monomials onto 10 coefficients
True
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["BOUND_KINDS", "STOP_PHRASE", "proven_image_bound", "span_rank", "bound_reached"]

#: the words by which a completeness statement says that a solve stopped at the proven bound (no trace test ran)
STOP_PHRASE = "stopped at the proven bound"

#: loss kinds whose metric Q is always real positive definite (every Q of the kind is nondegenerate, and stays so
#: on every subspace): the bound holds for every target and every metric of the kind
BOUND_KINDS = ("generic", "frobenius", "bombieri")

_BOUNDS: dict = {}     # per network structure and dimension: the candidate (B, monomials, source) or None
_SPANS: dict = {}      # per network structure: whether M spans as many dimensions as the embedding's coordinates


def proven_image_bound(net, kind: str, dim: int):
    """``(B, source)``: a proven upper bound B on the isolated critical images of the loss ``kind`` on the smooth
    part of the neuromanifold of ``net`` (dimension ``dim``), for every target and metric of that kind (module
    doc), with the theorems it rests on; None when algnet proves none. Remembered per network structure.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> B, source = proven_image_bound(parse_spec("dense 2-1-1 r=3"), "generic", 2)     # the twisted cubic
    >>> B, "Thm. 5.8" in source
    (7, True)
    >>> proven_image_bound(parse_spec("linear 2-1-2"), "data", 3) is None      # a data metric can be singular
    True
    """
    got = _candidate(net, kind, dim)
    return None if got is None or not _spans(net, got[1]) else (got[0], got[2])


def _candidate(net, kind, dim):
    """(B, monomials, source) when the network declares a Segre-Veronese variety of the cone's dimension (the span
    not checked yet), else None; remembered per network structure."""
    if kind not in BOUND_KINDS:
        return None
    key = _key(net) + (int(dim),)
    if key not in _BOUNDS:
        if len(_BOUNDS) > 256:
            _BOUNDS.clear()
        _BOUNDS[key] = _bound(net, int(dim))
    return _BOUNDS[key]


def _key(net):
    return type(net).__module__, type(net).__name__, str(getattr(net, "spec", id(net))), int(net.n_params)


def _spans(net, monomials) -> bool:
    key = _key(net)
    if key not in _SPANS:
        if len(_SPANS) > 256:
            _SPANS.clear()
        _SPANS[key] = span_rank(net, monomials) == monomials
    return _SPANS[key]


def _bound(net, dim):
    from algnet.analyses.critical.chern import segre_veronese_ged

    if hasattr(net, "basis") and hasattr(net, "parent"):      # a network on a subspace of another's parameters
        return None
    sv = net.segre_veronese()
    if sv is None:
        return None
    dims, degrees, source = sv
    monomials = math.prod(math.comb(n + a, a) for n, a in zip(dims, degrees))
    # the cone over X has dimension sum(dims) + 1; equal to the span's dimension only when X is a linear space
    if dim != sum(dims) + 1 or dim >= monomials or monomials > int(net.ambient_dimension):
        return None
    B = segre_veronese_ged(dims, degrees)
    return int(B), monomials, (
        f"gED of P^{tuple(dims)} embedded by O{tuple(degrees)} = {B} (Chern-class formula, Draisma-Horobet-"
        f"Ottaviani-Sturmfels-Thomas 2016, Thm. 5.8), M a linear isomorph of its cone ({source}; the {monomials} "
        f"coordinates of the embedding map onto a span of M of dimension {monomials}, by an exact rank modulo a "
        "prime); at most that many isolated critical images for every target and positive-definite metric "
        "(Sommese-Wampler 2005, Thm. 7.1.1)")


def span_rank(net, rows: int, p: int = 268_435_399, seed: int = 0) -> int:
    """A lower bound on the dimension of the linear span of the neuromanifold: the rank modulo the prime ``p`` of the
    outputs f_theta(z_k) at ``rows`` random integer parameters theta (rows) and random integer inputs z_k (at least
    as many values as the ambient dimension). A minor that does not vanish modulo p does not vanish over the
    integers, so the span has at least this dimension over QQ (and C).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> span_rank(parse_spec("linear 2-1-2"), 4), span_rank(parse_spec("conv k=2,2 r=2"), 6)   # 2 x 2; no x0 x2
    (4, 5)
    """
    from algnet.core.fastla import rank_mod_p_auto

    rng = np.random.default_rng(seed)
    outputs = max(1, int(net.n_outputs))
    K = -(-int(net.ambient_dimension) // outputs) + 2
    Z = rng.integers(0, p, size=(K,) + tuple(net.input_shape), dtype=np.int64)
    M = np.empty((int(rows), K * outputs), dtype=np.int64)
    for i in range(int(rows)):
        theta = rng.integers(0, p, size=int(net.n_params), dtype=np.int64)
        M[i] = np.asarray(net.evaluate(theta, Z, p=p), dtype=np.int64).reshape(-1) % p
    return int(rank_mod_p_auto(M, p))


def bound_reached(fam, sol, images=None):
    """``(B, source)`` when the small route's solution ``sol`` (after :func:`~.small._filtered`: one point per image,
    d mu of full rank) has exactly B points, B the proven bound (:func:`proven_image_bound`) of ``fam``'s network and
    loss kind, every one with d mu of full rank and the slice transversal to its fibre, their images pairwise distinct
    and the slice of dimension dim M; else None. ``images``: those of the points, when known. The points still have to
    be certified with pairwise disjoint image enclosures (the callers' Krawczyk test) for the stop to be proven.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> from algnet.analyses.critical.total_degree import TotalDegreeSolution
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> bound_reached(fam, TotalDegreeSolution(np.zeros((5, 3), complex), 9)) is None      # 5 of 6
    True
    """
    from algnet.analyses.critical.paths import _distinct
    from algnet.analyses.critical.slice_ranks import _full_rank

    X = sol.solutions
    dim = int(fam.dimension)
    if not X.shape[0] or sol.partial or int(fam.n_vars) != dim or int(fam.n_params) != int(fam.net.ambient_dimension):
        return None          # (the loss on every coefficient: Q positive definite on the whole span of M)
    got = _candidate(fam.net, getattr(fam.loss, "kind", None), dim)
    if got is None or X.shape[0] != got[0]:
        return None
    full, crit = _full_rank(fam, X, dim)
    if not (full.all() and crit.all()):
        return None
    Y = np.asarray(fam.image(X) if images is None or len(images) != X.shape[0] else images)
    if _distinct(Y) != X.shape[0]:
        return None
    B, monomials, source = got
    if B >= monomials and _numerical_rank(Y) < monomials:
        return None          # the images span less: pi is not injective (no proof needed to decline)
    return (B, source) if _spans(fam.net, monomials) else None


def _numerical_rank(Y) -> int:
    s = np.linalg.svd(np.asarray(Y, dtype=np.complex128), compute_uv=False)
    return int(np.sum(s > 1e-8 * s[0])) if s.size and s[0] > 0 else 0
