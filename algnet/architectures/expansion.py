"""Explicit polynomials of a network: the size of its symbolic expansion, estimated first, and the expansion.

:class:`Expansion` is a base of :class:`~algnet.architectures.base.Network`: it bounds the number of terms and the
degree in the parameters of the outputs by evaluating the forward pass over counting arithmetics
(:class:`~algnet.core.backends.TermBound`, :class:`~algnet.core.backends.DegreeBound`), and expands the outputs as
flint polynomials in parameters and inputs (refused above a term limit unless forced) or in the inputs at a rational
parameter.

Examples
--------
>>> from algnet import parse_spec
>>> net = parse_spec("dense 2-2-1 r=2")
>>> net.estimate_terms(), net.parameter_degree()    # sum_j v_j (a_j x0 + b_j x1)^2: 3 terms a neuron; 1 + 2
(6, 3)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from algnet.core.backends import DegreeBound, Exact, TermBound
from algnet.core.slp import Node, Program
from algnet.errors import ParameterError, TooLargeError

__all__ = ["Expansion"]


class Expansion:
    """Term and degree bounds of the symbolic expansion of a network's outputs, and the expansion itself.

    A base of :class:`~algnet.architectures.base.Network` (it uses the network's ``forward``, ``param_shapes``,
    ``input_shape``, ``evaluate`` and names).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 1-1-1")
    >>> isinstance(net, Expansion), net.estimate_terms()
    (True, 1)
    """

    def estimate_terms(self, param_terms=None) -> int:
        """Upper bound on the number of terms of the fully symbolic expansion
        (parameters and inputs as variables), summed over the outputs. ``param_terms`` (flat, one count per
        parameter): each parameter a polynomial of that many terms in other variables (a stratum's
        parametrization, :meth:`DerivedNetwork.estimate_terms`); default one term each.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> net = parse_spec("linear 1-1-1")                # w2 w1 x: 1 term; (a + b)(c + d) x: 4
        >>> net.estimate_terms(), net.estimate_terms([2, 2])
        (1, 4)
        """
        B = TermBound()
        P = self._program(np.zeros(self.n_params, dtype=np.int64), B)
        if param_terms is not None:
            counts = self.unflatten(np.asarray(param_terms, dtype=np.float64))
            for name, node in P.params.items():
                node.value = np.asarray(counts[name], dtype=np.float64).reshape(np.shape(node.value))
        y = self.forward(P, P.input(np.zeros((1,) + tuple(self.input_shape))))
        return int(min(np.sum(y.value), 1e18))

    def parameter_degree(self) -> int:
        """Upper bound on the total degree of the outputs in the parameters.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> parse_spec("dense 3-2-2-1 r=2").parameter_degree()   # 1 + 2 + 4
        7
        """
        B = DegreeBound()
        P = Program(B, {})
        # every parameter has degree 1: one read-only value per array (no memory of the parameters' size, so
        # a 10000 x 10000 weight matrix costs nothing; DegreeBound.matmul does not expand it)
        P.params = {name: Node(np.broadcast_to(np.float64(1.0), tuple(shape)), is_param=True, name=name)
                    for name, shape in self.param_shapes}
        y = self.forward(P, P.input(np.zeros((1,) + tuple(self.input_shape))))
        return int(np.max(y.value))

    def expand(self, max_terms: int = 200_000, force: bool = False):
        """Explicit polynomials of the outputs in parameters and inputs.

        Returns ``(ctx, polys)``: a flint ``fmpq_mpoly_ctx`` whose variables
        are the parameter names followed by the input names, and one
        ``fmpq_mpoly`` per output. Refused with an estimate when the bound of
        :meth:`estimate_terms` exceeds ``max_terms`` unless ``force=True``.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ctx, (f,) = parse_spec("linear 1-1-1").expand()
        >>> str(f)
        'W1[0,0]*W2[0,0]*x0'
        """
        from algnet.core.numbers import fmpq_mpoly_ctx

        est = self.estimate_terms()
        if est > max_terms and not force:
            raise TooLargeError(
                f"{self.spec}: the symbolic expansion may have up to {est} terms (limit {max_terms})",
                terms=est,
                hint="use evaluation-based analyses (dimension, implicitize, degree), expand_at(theta), or force=True")
        pnames = self.param_names()
        xnames = self.input_names()
        ctx = fmpq_mpoly_ctx.get(tuple(pnames + xnames), "degrevlex")
        gens = ctx.gens()
        theta = np.empty(self.n_params, dtype=object)
        for i in range(self.n_params):
            theta[i] = gens[i]
        X = np.empty((1,) + tuple(self.input_shape), dtype=object)
        X.reshape(-1)[:] = list(gens[self.n_params:])
        out = self.evaluate(theta, X, backend=Exact())
        return ctx, [ctx.from_dict({}) + v if isinstance(v, int) else v for v in out[0]]

    def expand_at(self, theta):
        """Explicit polynomials of f_theta in the inputs (exact rational theta).

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ctx, (f,) = parse_spec("dense 2-2-1 r=2").expand_at([1, 0, 0, 1, 1, 1])
        >>> str(f)
        'x0^2 + x1^2'
        """
        from algnet.core.numbers import fmpq, fmpq_mpoly_ctx

        ctx = fmpq_mpoly_ctx.get(tuple(self.input_names()), "degrevlex")
        gens = ctx.gens()
        th = np.array([_to_fmpq(t) for t in np.asarray(theta, dtype=object).ravel()], dtype=object)
        X = np.empty((1,) + tuple(self.input_shape), dtype=object)
        X.reshape(-1)[:] = list(gens)
        out = self.evaluate(th, X, backend=Exact())
        return ctx, [v if not isinstance(v, (int, fmpq)) else ctx.from_dict({}) + v for v in out[0]]


def _to_fmpq(t):
    from algnet.core.numbers import fmpq, fmpz

    if isinstance(t, Fraction):
        return fmpq(t.numerator, t.denominator)
    if isinstance(t, (int, np.integer)):
        return fmpq(int(t))
    if isinstance(t, (fmpq, fmpz)):
        return fmpq(t)
    if isinstance(t, str):
        f = Fraction(t)
        return fmpq(f.numerator, f.denominator)
    raise ParameterError(f"parameter {t!r} is not an exact rational", hint="use ints or fractions.Fraction")
