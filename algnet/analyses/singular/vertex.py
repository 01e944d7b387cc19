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

Examples
--------
>>> from algnet import parse_spec
>>> v = cone_vertex(parse_spec("linear 2-1-2"), dimension=3)   # rank <= 1 2 x 2 matrices: det = 0
>>> v.singular, v.span_dimension, v.parameter_degree
(True, 4, 2)
>>> cone_vertex(parse_spec("linear 2-2-2"), dimension=4) is None   # all 2 x 2 matrices: a linear space
True
"""

from __future__ import annotations

from dataclasses import dataclass

from algnet.analyses.span import MAX_TERMS, coefficient_terms, span_dimension
from algnet.errors import TooLargeError

__all__ = ["ConeVertex", "cone_vertex", "MAX_TERMS"]


@dataclass(frozen=True)
class ConeVertex:
    """The origin of function space, the vertex of the cone M (:func:`cone_vertex`).

    ``parameter_degree`` e (mu(t theta) = t^e mu(theta)), ``span_dimension`` (dim of the linear span of M,
    exact), ``dimension`` (dim M), ``singular`` (span_dimension > dimension), ``certified`` (dim M is),
    ``proves``.

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


def cone_vertex(net, dimension: int, dimension_certified: bool = True):
    """The vertex row of the cone M, or None (M not a homogeneous cone, a linear space, or too large).

    Parameters
    ----------
    net : Network
    dimension : int
        dim M.
    dimension_certified : bool
        Whether ``dimension`` is proved (the verdict is certified only then).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> cone_vertex(parse_spec("linear 3-2-3"), dimension=8).singular    # rank <= 2 3 x 3 matrices
    True
    """
    if not getattr(net, "polynomial", True) or net.n_params == 0:
        return None
    try:
        terms = coefficient_terms(net, MAX_TERMS)
    except TooLargeError:
        return None
    rows, degrees = terms
    if len(degrees) != 1 or 0 in degrees or not rows:
        return None
    (e,) = degrees
    span = span_dimension(net, terms=terms)
    if span <= dimension:        # M is its span: a linear space, smooth at the origin
        return None
    proves = (f"every output coefficient is homogeneous of degree {e} in the parameters, so M is a cone with "
              f"vertex f = 0 = mu(0); its linear span has dimension {span} (exact rank of the coefficient "
              f"matrix) > dim M = {dimension}, so M is not a linear space and the vertex is singular"
              + ("" if dimension_certified else " (dim M probabilistic)"))
    return ConeVertex(e, span, dimension, True, bool(dimension_certified), proves)
