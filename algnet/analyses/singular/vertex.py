"""The vertex of a cone: the origin of function space as a stratum of the neuromanifold.

When every output coefficient of the network is a homogeneous polynomial of one degree e >= 1 in the
parameters (no biases), mu(t theta) = t^e mu(theta), so the neuromanifold M is a cone (over C every
scalar is a t^e) and its closure contains the origin f = 0 = mu(0). A cone is its own tangent cone at
the vertex, so the vertex is a smooth point only when M is a linear space; M (irreducible) is a linear
space exactly when its linear span has dimension dim M. Both facts are read off the symbolic expansion
of the outputs, exactly:

* homogeneity: every term has the same total degree in the parameters;
* span: writing each coefficient as c_j(theta) = sum_m A[j, m] theta^m over the parameter monomials m,
  the span of M is the column space of A (the monomials are linearly independent functions), so
  dim span M = rank A over QQ.

The vertex is singular when rank A > dim M (a proof when dim M is certified), and no row is given when M
is a linear space, when the map is not homogeneous in the parameters, or when the expansion is too large
(:data:`MAX_TERMS`).

Hidden biases without output biases (``layers Linear(2, 1, bias=True), Power(2), Linear(1, 1, bias=True),
Power(2), Linear(1, 1)``: c (a (l)^2 + b)^2) break the homogeneity but not the cone: a rational weight w
giving every monomial the weighted degree 1 (:func:`~algnet.analyses.singular.constants.weighted_cone`,
exact) scales mu by s^q under theta_p -> s^(q w_p), and no monomial is constant, so M is a cone with vertex
f = 0 = mu(0) all the same (``parameter_degree`` None; the Jacobian rank at theta = 0 is then computed, the
coefficients of the degree-1 monomials). Networks with output biases are left to
:mod:`~algnet.analyses.singular.constants` (f = 0 is one of their constant functions).

Examples
--------
>>> from algnet import parse_spec
>>> v = cone_vertex(parse_spec("linear 2-1-2"), dimension=3)   # rank <= 1 2 x 2 matrices: det = 0
>>> v.singular, v.span_dimension, v.parameter_degree
(True, 4, 2)
>>> cone_vertex(parse_spec("linear 2-2-2"), dimension=4) is None   # all 2 x 2 matrices: a linear space
True
>>> net = parse_spec("layers Linear(2, 1, bias=True), Power(2), Linear(1, 1, bias=True), Power(2), Linear(1, 1)")
>>> v = cone_vertex(net, dimension=4)       # c (a (l)^2 + b)^2, l affine: a weighted cone, dim 4 in C^15
>>> v.parameter_degree, v.span_dimension, v.rank
(None, 15, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

from algnet.analyses.span import MAX_TERMS, span_dimension

__all__ = ["ConeVertex", "cone_vertex", "MAX_TERMS"]


@dataclass(frozen=True)
class ConeVertex:
    """The origin of function space, the vertex of the cone M (:func:`cone_vertex`).

    ``parameter_degree`` e (mu(t theta) = t^e mu(theta); None for a weighted cone), ``span_dimension`` (dim
    of the linear span of M, exact), ``dimension`` (dim M), ``singular`` (span_dimension > dimension),
    ``certified`` (dim M is), ``proves``, ``rank`` (exact rank of the Jacobian of mu at theta = 0).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> v = cone_vertex(parse_spec("dense 2-1-1 r=2"), dimension=2)     # c (a x + b y)^2: squares, a quadric cone
    >>> v.parameter_degree, v.span_dimension, v.singular
    (3, 3, True)
    """

    parameter_degree: int
    span_dimension: int
    dimension: int
    singular: bool
    certified: bool
    proves: str
    rank: int = 0


def cone_vertex(net, dimension: int, dimension_certified: bool = True, terms=None):
    """The vertex row of the cone M, or None (M not a homogeneous cone, a linear space, or too large).

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
    >>> cone_vertex(parse_spec("linear 3-2-3"), dimension=8).singular    # rank <= 2 3 x 3 matrices
    True
    """
    from algnet.analyses.singular.constants import _terms, jacobian_rank_at_zero, output_translations, weighted_cone

    terms = _terms(net) if terms is None else terms
    if terms is None:
        return None

    rows, degrees = terms
    if 0 in degrees or not rows:
        return None
    if len(degrees) == 1:
        (e,) = degrees
        why = f"every output coefficient is homogeneous of degree {e} in the parameters"
    elif output_translations(net, terms) is None and weighted_cone(sorted({m for r in rows.values() for m in r})):
        e = None
        why = ("every monomial of the output coefficients has weighted degree 1 for one rational weight on the "
               "parameters (exact rank), and none is constant")
    else:
        return None
    span = span_dimension(net, terms=terms)
    if span <= dimension:        # M is its span: a linear space, smooth at the origin
        return None
    proves = (f"{why}, so M is a cone with "
              f"vertex f = 0 = mu(0); its linear span has dimension {span} (exact rank of the coefficient "
              f"matrix) > dim M = {dimension}, so M is not a linear space and the vertex is singular"
              + ("" if dimension_certified else " (dim M probabilistic)"))
    rank = 0 if e is not None else jacobian_rank_at_zero(rows, net.n_params)
    return ConeVertex(e, span, dimension, True, bool(dimension_certified), proves, rank)
