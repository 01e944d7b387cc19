"""The symbolic expansion shared by the upper-bound routes.

Both routes that *prove* an upper bound on dim M need the outputs of the
network as explicit polynomials in the parameters and the inputs (flint
``fmpq_mpoly``): the hidden-symmetry route differentiates them, the
flattening route reads off coefficient matrices. The expansion is estimated
first (:meth:`algnet.architectures.base.Network.estimate_terms`) and refused
above a limit, so these routes never start what they cannot finish.

Examples
--------
>>> from algnet import parse_spec
>>> ex = Expansion.of(parse_spec("dense 2-1-1 r=2"))
>>> ex.n_params, len(ex.polys), ex.characters().shape[1]
(3, 1, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from algnet.errors import TooLargeError

__all__ = ["Expansion", "MAX_TERMS", "poly_from_terms"]

#: Largest symbolic expansion (terms, summed over the outputs) the upper-bound routes start.
MAX_TERMS = 60_000


@dataclass
class Expansion:
    """Outputs of ``net`` as polynomials in (parameters, inputs).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ex = Expansion.of(parse_spec("linear 1-1-1"))
    >>> ex.n_params, [str(f) for f in ex.polys]
    (2, ['W1[0,0]*W2[0,0]*x0'])
    """

    net: object
    ctx: object
    polys: list
    n_params: int

    @classmethod
    def of(cls, net, max_terms: int = MAX_TERMS) -> "Expansion":
        """Expand ``net`` (refused with TooLargeError above ``max_terms`` estimated terms).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> len(Expansion.of(parse_spec("linear 2-1-2")).polys)
        2
        """
        est = net.estimate_terms()
        if est > max_terms:
            raise TooLargeError(f"{net.spec}: symbolic expansion estimated at {est} terms (limit {max_terms})",
                                terms=est, hint="the probabilistic dimension stays available")
        ctx, polys = net.expand(max_terms=max_terms, force=True)
        return cls(net, ctx, list(polys), net.n_params)

    def raw_terms(self) -> list:
        """(output, exponent tuple, coefficient) of every term (cached)."""
        cache = self.__dict__.get("_raw")
        if cache is None:
            cache = [(o, tuple(m), c) for o, f in enumerate(self.polys) for m, c in zip(f.monoms(), f.coeffs())]
            self.__dict__["_raw"] = cache
        return cache

    def terms(self):
        """(output, x-exponents, theta-exponents) of every term."""
        N = self.n_params
        for o, mono, _ in self.raw_terms():
            yield o, mono[N:], mono[:N]

    def characters(self) -> np.ndarray:
        """A basis (rows) of the integer weights a with f(t^a theta) = t^k f(theta)
        coefficientwise: a . beta is the same for all parameter exponents beta of
        one output coefficient (the diagonal torus that grades the Jacobian's kernel).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> Expansion.of(parse_spec("linear 1-2-1")).characters().shape   # f = (a1 b1 + a2 b2) x
        (3, 4)
        """
        from algnet.core.numbers import fmpz_mat

        first: dict = {}
        diffs = set()
        for o, xe, be in self.terms():
            key = (o, xe)
            b0 = first.setdefault(key, be)
            if be != b0:
                diffs.add(tuple(x - y for x, y in zip(be, b0)))
        N = self.n_params
        if not diffs:
            return np.eye(N, dtype=np.int64)
        D = fmpz_mat([list(d) for d in sorted(diffs)])
        X, nullity = D.nullspace()
        cols = [[int(X[i, j]) for i in range(N)] for j in range(nullity)]
        return np.array(cols, dtype=np.int64).reshape(nullity, N)

    def derivative(self, o: int, j: int):
        """d f_o / d theta_j (cached)."""
        cache = self.__dict__.setdefault("_deriv", {})
        if (o, j) not in cache:
            cache[(o, j)] = self.polys[o].derivative(j)
        return cache[(o, j)]

    def poly(self, terms: dict):
        """The polynomial sum c * prod theta_k over ``{monomial (tuple of indices): Fraction}``."""
        return poly_from_terms(self.ctx, terms)


def poly_from_terms(ctx, terms: dict):
    """The polynomial of the context ``ctx`` (flint's fmpq_mpoly context) that is the sum of c * prod x_k over
    ``{monomial (tuple of variable indices, repeated for powers): rational c}``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from algnet.core.numbers import fmpq_mpoly_ctx
    >>> ctx = fmpq_mpoly_ctx.get(("x", "y"), "lex")
    >>> poly_from_terms(ctx, {(0, 0, 1): Fraction(1, 2), (): 3})
    1/2*x^2*y + 3
    """
    from algnet.core.numbers import fmpq

    nv = len(ctx.gens())
    out = {}
    for mono, c in terms.items():
        e = [0] * nv
        for k in mono:
            e[k] += 1
        c = Fraction(c)
        out[tuple(e)] = fmpq(c.numerator, c.denominator)
    return ctx.from_dict(out)
