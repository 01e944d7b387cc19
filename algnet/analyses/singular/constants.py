"""The constant functions: the apex of the neuromanifold of a network with output biases.

The counterpart of :mod:`algnet.analyses.singular.vertex` (the vertex f = 0 of a cone, networks without biases).
Write the coordinates of f = mu(theta) as its constant terms (one per output) and the others, pi(f). Read off the
symbolic expansion, exactly:

* **translations**: for every output o a parameter b_o (its *output bias*) occurs in exactly one monomial of the
  whole expansion, the monomial b_o itself, in the constant term of output o. Then pi(f) does not depend on
  the b_o and the constant term of o is (nonzero) * b_o + (terms without b_o), so
  M = pi(M) x C^k (k outputs): M is invariant under adding constant functions, and every constant function
  is in M (all other parameters 0, see below).
* **cone**: some rational weight w on the parameters gives every monomial of a non-constant coefficient the same
  weighted degree 1 (exact rank: a monomial m0 of those is not in the QQ-span of their differences m - m0).
  Scaling theta_p by s^(q w_p) (q a common denominator) multiplies pi(f) by s^q, and over C every scalar is
  such a power, so pi(M) is a cone with vertex 0; no monomial of pi is constant, so pi(mu) = 0 at the
  parameters with every non-bias entry 0.
* **span**: dim span M = rank over QQ of the coefficient matrix (:func:`~algnet.analyses.span.span_dimension`)
  = dim span pi(M) + k, and dim pi(M) = dim M - k.

So the constant functions {0} x C^k form a stratum of dimension k, and M is, at each of them, a cone with that
point as vertex (p + t (f - p) is in M for f in M and p constant). A cone is smooth at its vertex only when it
is a linear space, and the irreducible M is one exactly when dim span M = dim M: otherwise every constant
function is a singular point of M (a proof when dim M is certified). This covers dense and linear networks
with biases (linear 3-1-3 bias: M = rank <= 1 3 x 3 matrices x C^3, the constants are rank 0; dense 2-1-1 r=2
bias: c (a x + b y + e)^2 + d, the constants are the vertex of a cone over a cubic scroll, times C).

Examples
--------
>>> from algnet import parse_spec
>>> c = constant_functions(parse_spec("linear 3-1-3 bias"), dimension=8)
>>> c.singular, c.dimension, c.span_dimension, c.output_biases
(True, 3, 12, (7, 8, 9))
>>> constant_functions(parse_spec("dense 2-2-1 r=2 bias"), dimension=6) is None   # M = C^6, a linear space
True
"""

from __future__ import annotations

from dataclasses import dataclass

from algnet.analyses.span import MAX_TERMS, coefficient_terms, span_dimension
from algnet.errors import TooLargeError

__all__ = ["ConstantFunctions", "constant_functions", "output_translations", "weighted_cone", "jacobian_rank_at_zero"]


@dataclass(frozen=True)
class ConstantFunctions:
    """The stratum of the constant functions of M (:func:`constant_functions`).

    ``output_biases`` (one parameter index per output, the others set to 0 give the stratum), ``dimension``
    (k, the number of outputs), ``rank`` (exact rank of the Jacobian of mu there), ``span_dimension`` (of M),
    ``manifold_dimension`` (dim M), ``singular`` (span > dim M), ``certified`` (dim M is), ``proves``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> c = constant_functions(parse_spec("dense 2-1-1 r=2 bias"), dimension=4)   # c (a x + b y + e)^2 + d
    >>> c.dimension, c.rank, c.span_dimension, c.singular
    (1, 1, 6, True)
    """

    output_biases: tuple
    dimension: int
    rank: int
    span_dimension: int
    manifold_dimension: int
    singular: bool
    certified: bool
    proves: str


def _terms(net):
    """The network's symbolic expansion (:func:`coefficient_terms`), or None when it is not polynomial, has no
    parameters or is above :data:`MAX_TERMS`."""
    if not getattr(net, "polynomial", True) or net.n_params == 0:
        return None
    try:
        return coefficient_terms(net, MAX_TERMS)
    except TooLargeError:
        return None


def output_translations(net, terms=None):
    """The output biases: one parameter index per output that translates that output's constant term and
    nothing else (module doc), or None (a network without them, or an expansion above :data:`MAX_TERMS`).

    ``terms`` reuses :func:`~algnet.analyses.span.coefficient_terms`.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> output_translations(parse_spec("linear 2-1-1 bias"))     # W1 (2), b1, W2, b2
    (4,)
    >>> output_translations(parse_spec("linear 2-1-1")) is None
    True
    """
    terms = _terms(net) if terms is None else terms
    if terms is None:
        return None
    rows = terms[0]
    outputs = sorted({o for o, _ in rows})
    seen = {}                        # parameter -> number of monomials of the expansion it occurs in
    for r in rows.values():
        for m in r:
            for p, a in enumerate(m):
                if a:
                    seen[p] = seen.get(p, 0) + 1
    found = []
    for o in outputs:
        const = next((r for (oo, xe), r in rows.items() if oo == o and not any(xe)), None)
        if const is None:
            return None
        alone = [p for p in range(net.n_params) if seen.get(p) == 1 and _unit(p, net.n_params) in const]
        if not alone:
            return None
        found.append(alone[-1])
    return tuple(found)


def _unit(p, n):
    return tuple(1 if i == p else 0 for i in range(n))


def weighted_cone(monomials) -> bool:
    """Whether a rational weight gives every monomial (exponent tuples) the weighted degree 1: exactly, the first
    monomial m0 is not in the QQ-span of the differences m - m0.

    Examples
    --------
    >>> weighted_cone([(2, 1), (1, 1)]), weighted_cone([(1, 0), (0, 1), (1, 1)])   # a^2 b, a b / a, b, a b
    (True, False)
    """
    from algnet.core.linalg import rank_qq

    m0 = monomials[0]
    if not any(m0):
        return False
    diffs = [[a - b for a, b in zip(m, m0)] for m in monomials[1:]]
    base = rank_qq(diffs) if diffs else 0
    return rank_qq(diffs + [list(m0)]) > base


def constant_functions(net, dimension: int, dimension_certified: bool = True, terms=None):
    """The stratum of the constant functions when M = (a cone) x (constants) is not a linear space, else None.

    None also for a network without output biases (:func:`output_translations`), whose non-constant part is
    not a weighted cone, or whose expansion is above :data:`MAX_TERMS`.

    Parameters
    ----------
    net : Network
    dimension : int
        dim M.
    dimension_certified : bool
        Whether ``dimension`` is proved (the verdict is certified only then).
    terms : tuple, optional
        The expansion of :func:`~algnet.analyses.span.coefficient_terms` when the caller has it (None: made here).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> c = constant_functions(parse_spec("linear 3-2-3 bias"), dimension=11)   # rank <= 2 affine maps
    >>> c.dimension, c.rank, c.singular
    (3, 3, True)
    """
    terms = _terms(net) if terms is None else terms
    if terms is None:
        return None
    rows = terms[0]
    B = output_translations(net, terms)
    if B is None:
        return None
    moving = sorted({m for (o, xe), r in rows.items() if any(xe) for m in r})
    if not moving or not weighted_cone(moving):
        return None
    k = len(B)
    span = span_dimension(net, terms=terms)
    if span <= dimension:        # M is its span: a linear space, smooth everywhere
        return None
    rank = jacobian_rank_at_zero(rows, net.n_params)
    proves = (f"each of the {k} outputs has a bias that only translates its constant term, and the non-constant "
              f"coefficients are weighted-homogeneous of one positive degree (exact rank), so M = (a cone) x C^{k} "
              f"and M is a cone with vertex at every constant function; its linear span has dimension {span} "
              f"(exact rank of the coefficient matrix) > dim M = {dimension}, so M is not a linear space and every "
              f"constant function is a singular point" + ("" if dimension_certified else " (dim M probabilistic)"))
    return ConstantFunctions(tuple(B), k, rank, span, int(dimension), True, bool(dimension_certified), proves)


def jacobian_rank_at_zero(rows, n) -> int:
    """Exact rank of the Jacobian of mu at theta = 0 from the rows of
    :func:`~algnet.analyses.span.coefficient_terms` (``n`` parameters): the coefficients of the degree-1
    monomials. The same rank at every constant function of :func:`constant_functions` (the output biases
    occur only in the monomials b_o).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.span import coefficient_terms
    >>> jacobian_rank_at_zero(coefficient_terms(parse_spec("linear 2-1-1 bias"))[0], 5)   # only b2 moves f
    1
    """
    from algnet.core.linalg import rank_qq

    A = [[r.get(_unit(p, n), 0) for p in range(n)] for r in rows.values()]
    return int(rank_qq(A))
