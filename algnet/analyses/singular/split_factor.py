"""A factor in y^2 split across two filters of a strided linear convolution chain.

When every filter of a stride-1 group (one variable y = x^S) has length at most 2, none of them can hold a factor
g0 + g1 y^2 alone; two of them can hold it together, (c0 + c1 y) (c0 - c1 y) = c0^2 - c1^2 y^2, and a later filter
in y^2 can take the factor in their place: the product has two parametrizations (a double point of M).
"""

from __future__ import annotations

import numpy as np

from algnet.analyses.singular.derived import SharedRootNetwork, SlicedNetwork, _divide, slice_columns

__all__ = ["SplitFactorNetwork"]


class SplitFactorNetwork(SharedRootNetwork):
    """Filters ``p`` and ``q`` of one variable y hold c0 + c1 y and c0 - c1 y: w_p = (c0 + c1 y) p',
    w_q = (c0 - c1 y) q', so w_p w_q has the factor c0^2 - c1^2 y^2, a polynomial in the variable y^2 of the
    later filter ``receiver``, which can take it in exchange for one of its own linear factors.

    Parameters are the parent's, with ``p`` replaced by ``p.root`` (c0, c1) and ``p.rest`` (p'), ``q`` by
    ``q.rest`` (q').

    Examples
    --------
    >>> from algnet import parse_spec
    >>> s = SplitFactorNetwork(parse_spec("conv k=2,2,2 s=1,2,1 r=1"), "w1", "w2", "w3")
    >>> s.param_shapes, s.embed([2, 3, 1, 1, 5, 7]).tolist()      # w1 = 2 + 3x, w2 = 2 - 3x
    ((('w1.root', (2,)), ('w1.rest', (1,)), ('w2.rest', (1,)), ('w3', (2,))), [2, 3, 2, -3, 5, 7])
    >>> u = s.rational_sample([2, 3, 1, 1, 5, 7]); u                # w3 = (25 - 49 z) * 7: -h1/h0 a square
    [2, 3, 1, 1, 175, -343]
    >>> len(s.partner_spaces(u))
    1
    """

    def __init__(self, parent, p: str, q: str, receiver: str, label: str | None = None):
        super().__init__(parent, p, q, label or f"{p}, {q} split a factor in y^2")
        self.signs[q] = -1
        self.receiver = receiver

    def rational_sample(self, u):
        """``u`` with the receiver w = (w0, ..., w_(k-1)) replaced by (w0^2 - w1^2 z) (w1, ..., w_(k-1)) (w0 shifted
        where that factor would be special): its factor h0 + h1 z with -h1 / h0 a square, so that h splits into
        two rational linear factors in y."""
        from fractions import Fraction

        parts = self.unflatten(np.asarray(u, dtype=object))
        w = [int(x) for x in parts[self.receiver]]
        c = [int(x) for x in parts[f"{self.a}.root"]]
        e = w[:2]
        # e0^2 - e1^2 z must be none of the receiver's other factors nor c0^2 - c1^2 z (the two preimages one)
        while e[1] != 0 and (e[0] == 0 or (e[0] * c[1]) ** 2 == (e[1] * c[0]) ** 2
                             or sum(x * Fraction(e[0] ** 2, e[1] ** 2) ** i for i, x in enumerate(w[1:])) == 0):
            e[0] += 1
        prod_ = np.convolve(np.array([e[0] ** 2, -e[1] ** 2], dtype=object), np.array(w[1:], dtype=object))
        parts[self.receiver] = np.array(prod_, dtype=object)
        return [int(x) for x in self.flatten(parts)]

    def partner_spaces(self, u) -> list:
        """The second parametrization of embed(u): the receiver's factor e0^2 - e1^2 z split into p and q,
        (e0 + e1 y) p' and (e0 - e1 y) q', and c0^2 - c1^2 z moved into the receiver (from
        :meth:`rational_sample`); a :class:`SlicedNetwork` of the parent holding it (the three filters up to
        scale, the others free), for the fiber search. Empty when the receiver has no such rational factor."""
        parts = self.unflatten(np.asarray(u, dtype=object))
        c = [int(x) for x in parts[f"{self.a}.root"]]
        w = [int(x) for x in parts[self.receiver]]
        e = _square_split(w)
        if e is None:
            return []
        quot, rem = _divide(w, [e[0] ** 2, -e[1] ** 2])
        if rem:
            return []
        own = {self.a: np.convolve(np.array(e, dtype=object), np.array(parts[f"{self.a}.rest"], dtype=object)),
               self.b: np.convolve(np.array([e[0], -e[1]], dtype=object),
                                   np.array(parts[f"{self.b}.rest"], dtype=object)),
               self.receiver: np.convolve(np.array([c[0] ** 2, -c[1] ** 2], dtype=object),
                                          np.array(quot, dtype=object))}
        return [SlicedNetwork(self.parent, slice_columns(self.parent, own), f"{self.label}: the factor traded")]


def _square_split(w):
    """(e0, e1) integers with e0^2 - e1^2 z a factor of the ascending integer polynomial w (e1 != 0), or None."""
    import sympy as sp

    z = sp.Symbol("z")
    for fac, _ in sp.factor_list(sum(int(c) * z ** i for i, c in enumerate(w)), z)[1]:
        if sp.degree(fac, z) != 1:
            continue
        h0, h1 = int(fac.coeff(z, 0)), int(fac.coeff(z, 1))
        if h0 == 0 or h0 * h1 >= 0:
            continue
        h0, h1 = (h0, h1) if h0 > 0 else (-h0, -h1)
        r0, r1 = sp.sqrt(sp.Integer(h0)), sp.sqrt(sp.Integer(-h1))
        if r0.is_Integer and r1.is_Integer:
            return int(r0), int(r1)
        q = sp.sqrt(sp.Rational(-h1, h0))         # e1 / e0 rational: e = (den, num)
        if q.is_Rational:
            return int(q.q), int(q.p)
    return None
