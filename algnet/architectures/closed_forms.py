"""What a network declares about its neuromanifold for the closed-form ED degrees.

:class:`ClosedForms` is a base of :class:`~algnet.architectures.base.Network`: every method answers "not known"
(None or False) and the family that owns a fact overrides it (linear: Eckart-Young, the Segre variety and its
dual, biases as a free factor; dense: Veronese and vector-times-power varieties, sums of squares; conv: the
Segre-Veronese variety of the filters, non-overlapping windows). The analyses
(:mod:`algnet.analyses.critical.ed`, :mod:`algnet.analyses.critical.chern`) ask the network and test no family.

Examples
--------
>>> from algnet import parse_spec
>>> parse_spec("conv k=2,2 s=2,1 r=2").rank_one_tensors(), parse_spec("dense 3-2-1 r=2").rank_one_tensors()
(((2, 2), (2, 1), ('bombieri',)), None)
"""

from __future__ import annotations

__all__ = ["ClosedForms"]


class ClosedForms:
    """Defaults (nothing known) of the structural facts behind the closed-form ED degrees; families override.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("map s^2; s*t; t^2")          # the Veronese conic, but a map declares nothing
    >>> net.expected_ed_degree(), net.segre_veronese(), net.symmetric_matrices(), net.bias_free_factor()
    (None, None, None, None)
    """

    def expected_ed_degree(self):
        """(ED degree, source) of the neuromanifold for the Frobenius metric from a theorem, or None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("linear 4-2-3").expected_ed_degree()[0]      # Eckart-Young: binom(3, 2)
        3
        >>> parse_spec("dense 3-2-1 r=2").expected_ed_degree() is None
        True
        """
        return None

    def segre_veronese(self):
        """``(dims, degrees, source)`` when the neuromanifold is known to be the (cone over the)
        Segre-Veronese variety P^dims[0] x ... embedded by O(degrees), else None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("conv k=2,3 r=2").segre_veronese()[:2]
        ((1, 2), (2, 1))
        """
        return None

    def dual_segre_veronese(self):
        """``(dims, degrees, source)`` when the projectively dual variety of the neuromanifold is known to be
        the Segre-Veronese variety P^dims[0] x ... embedded by O(degrees), else None. A variety and its dual
        have the same generic ED degree (Draisma-Horobet-Ottaviani-Sturmfels-Thomas 2016, Thm. 5.2).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("linear 3-2-3").dual_segre_veronese()[:2]     # det = 0 is dual to rank one
        ((2, 2), (1, 1))
        >>> parse_spec("conv k=2,3 r=2").dual_segre_veronese() is None
        True
        """
        return None

    def segre_veronese_isometric(self) -> bool:
        """True when :meth:`segre_veronese` is a vector times a power of a linear form AND the Bombieri-Weyl
        metric of the coefficients is the Frobenius norm of the partially symmetric tensors (an isometry, so
        the Bombieri-Weyl ED degree is Friedland-Ottaviani's count); False when unknown or only a linear image.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> dense, conv = parse_spec("dense 3-1-2 r=2"), parse_spec("conv k=2,2 r=2")     # conv: a linear image
        >>> dense.segre_veronese_isometric(), conv.segre_veronese_isometric()
        (True, False)
        """
        return False

    def rank_one_tensors(self):
        """(tensor factor sizes, degrees, metrics) when the coefficients are, up to zeros, the rank-one
        (partially symmetric) tensors of S^d_1(C^k_1) x ... and the listed metrics are their Frobenius norm
        (an isometry); else None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("conv k=2,2,2 s=2,2,1 r=1").rank_one_tensors()
        ((2, 2, 2), (1, 1, 1), ('frobenius', 'bombieri'))
        >>> parse_spec("linear 2-1-2").rank_one_tensors() is None
        True
        """
        return None

    def symmetric_matrices(self):
        """(n, s) when the neuromanifold is the quadrics x^T S x with S the symmetric n x n matrices of rank <= s,
        the Bombieri-Weyl norm of the quadric being the Frobenius norm of S; else None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 4-2-1 r=2").symmetric_matrices(), parse_spec("linear 4-2-1").symmetric_matrices()
        ((4, 2), None)
        """
        return None

    def bias_free_factor(self):
        """The bias-free network N_0 when the neuromanifold is M_0 x C^m with the biases a free factor whose
        minimization leaves a generic quadratic form on M_0 (so the generic ED degree is M_0's); else None.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("linear 3-1-3 bias").bias_free_factor().spec
        'linear 3-1-3'
        >>> parse_spec("dense 3-1-3 r=2 bias").bias_free_factor() is None
        True
        """
        return None
