"""Kernel fields of a layer whose input has rank one, proved layer by layer.

A layered network whose outputs are matrices (attention: d x t, t tokens)
may have intermediate outputs of rank one for every parameter and input
(an attention layer of rank a = 1 computes (V X X^T k^T)(q X), a column
times a row; with one token every output is a column). Over an
algebraically closed field a matrix of rank <= 1 is a product u w^T, so

* the first ``k`` layers' output has rank <= 1 when some layer j <= k does on
  a generic input (its 2 x 2 minors vanish in QQ[theta_j, x]) and every later
  layer up to k maps u w^T (u, w symbolic) to a matrix whose 2 x 2 minors
  vanish in QQ[theta, u, w] (by induction on the layers);
* a field v moving only the parameters after layer k is then a kernel field
  of mu when D_v T(theta, u w^T) = 0 in QQ[theta, u, w] (T the layers after
  k; all parameters and u, w are free symbols, so the identity holds in
  particular on the first layers' image).

Each step is an exact expansion (flint) of one layer, or of the tail, on a
symbolic rank-one input: nothing of the whole network, nor of its first
layers together, is expanded (their expansion is what makes
:class:`~algnet.analyses.bounds.tail_fields._TailProof` refuse deep networks:
``attention d=2,2,2,2 a=1,2,2 t=2``'s first two layers, estimated 524,288
terms). When the first layers' output has a single row or column the rank
condition is empty and T is taken on a generic input. For an attention
layer on u w^T the field dQ = C K (C skew) moves K^T Q by the skew K^T C K
and u^T K^T C K u = 0: the field found for rank-one layer outputs
(:mod:`~algnet.analyses.bounds.tail_fields`), now past several layers.

Examples
--------
>>> from algnet import parse_spec
>>> proof = low_rank_proof(parse_spec("attention d=2,2,2,2 a=1,2,2 t=2"), 2)
>>> proof.nh, proof.rank_from
(20, 1)
"""

from __future__ import annotations

import numpy as np

from algnet.errors import AlgnetError, TooLargeError

__all__ = ["LowRankProof", "low_rank_proof"]

#: Largest estimated expansion (terms, summed over the outputs, on a generic input) of one layer or of the tail.
MAX_TERMS = 20_000


def _ring(names):
    from algnet.core.numbers import fmpq_mpoly_ctx

    return fmpq_mpoly_ctx.get(tuple(names), "degrevlex")


def _rank_one_input(ctx, first: int, shape):
    """(Y = u w^T as an object array of shape (1,) + shape, in generators first, first + 1, ...)."""
    g = ctx.gens()
    d, t = shape
    u, w = g[first:first + d], g[first + d:first + d + t]
    Y = np.empty((1, d, t), dtype=object)
    for i in range(d):
        for j in range(t):
            Y[0, i, j] = u[i] * w[j]
    return Y


def _minors_vanish(out, shape) -> bool:
    """The 2 x 2 minors of the (d x t) output (flattened row-major) are zero polynomials."""
    d, t = shape
    F = np.asarray(out, dtype=object).reshape(d, t)
    for i in range(d):
        for i2 in range(i + 1, d):
            for j in range(t):
                for j2 in range(j + 1, t):
                    if not (F[i, j] * F[i2, j2] - F[i, j2] * F[i2, j]).is_zero():
                        return False
    return True


def _layer_net(layer, in_shape, max_terms):
    from algnet.architectures.sequential import Sequential

    one = Sequential(layer, input_shape=in_shape)
    est = one.estimate_terms()
    if est > max_terms:
        raise TooLargeError(f"{one.spec}: expansion estimated at {est} terms (limit {max_terms})", terms=est)
    return one


def _rank_mod_p(net, in_shape, p: int = 268_435_399, seed: int = 3) -> int:
    """The rank modulo ``p`` of the (matrix) output of ``net`` at a random parameter and input: above 1, the
    output is not of rank one (the exact check is skipped)."""
    from algnet.core.linalg import rank_mod_p

    rng = np.random.default_rng(seed)
    theta = rng.integers(0, p, size=net.n_params, dtype=np.int64)
    X = rng.integers(0, p, size=(1,) + tuple(in_shape), dtype=np.int64)
    out = np.asarray(net.evaluate(theta, X, p=p), dtype=np.int64) % p
    return rank_mod_p(out.reshape(tuple(net.output_shape)), p)


def _outputs_rank_one(layer, in_shape, rank_one_input: bool, max_terms) -> bool:
    """Exact: the layer's output has rank <= 1 for all parameters, on a rank-one input (u w^T) or on any."""
    from algnet.architectures.base import Exact

    one = _layer_net(layer, in_shape, max_terms)
    if len(one.output_shape) != 2 or (not rank_one_input and _rank_mod_p(one, in_shape) > 1):
        return False
    n = one.n_params
    if rank_one_input:
        ctx = _ring([f"_p{i}" for i in range(n)] + [f"_u{i}" for i in range(in_shape[0])]
                    + [f"_w{j}" for j in range(in_shape[1])])
        Y = _rank_one_input(ctx, n, in_shape)
    else:
        size = int(np.prod(in_shape))
        ctx = _ring([f"_p{i}" for i in range(n)] + [f"_x{i}" for i in range(size)])
        Y = np.empty((1,) + tuple(in_shape), dtype=object)
        Y.reshape(-1)[:] = list(ctx.gens()[n:])
    theta = np.empty(n, dtype=object)
    theta[:] = list(ctx.gens()[:n])
    out = one.evaluate(theta, Y, backend=Exact())[0]
    return _minors_vanish(out, one.output_shape)


def head_rank_one_from(net, k: int, max_terms: int = MAX_TERMS):
    """The layer j <= ``k`` from which on the outputs are proved to have rank <= 1 for every parameter and
    input (j = 0: the input itself has a single row or column), or None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> head_rank_one_from(parse_spec("attention d=2,2,2 a=2,1 t=2"), 2)      # the second layer has a = 1
    2
    >>> head_rank_one_from(parse_spec("attention d=2 a=2 t=2 layers=2"), 2) is None
    True
    """
    seq = net.sequence
    shape = tuple(net.input_shape)
    if len(shape) != 2:
        return None
    shapes = [shape] + [tuple(lay.out_shape) for lay in seq[:k]]       # the network's layers are bound
    if min(shapes[k]) == 1:
        return 0
    from algnet.architectures.sequential import Sequential

    if _rank_mod_p(Sequential(*seq[:k], input_shape=shape), shape) > 1:       # cheap: not rank one
        return None
    for j in range(k, 0, -1):          # the last layer that makes rank one on any input, then induction
        try:
            if not _outputs_rank_one(seq[j - 1], shapes[j - 1], False, max_terms):
                continue
            if all(_outputs_rank_one(seq[i - 1], shapes[i - 1], True, max_terms) for i in range(j + 1, k + 1)):
                return j
        except (AlgnetError, NotImplementedError, TypeError, AttributeError):
            continue
        return None
    return None


class LowRankProof:
    """Exact proof that a field moving only the parameters after layer ``k`` lies in the kernel of the
    Jacobian, when the first ``k`` layers' output is proved to have rank <= 1 (a callable, as
    :class:`~algnet.analyses.bounds.tail_fields._TailProof`). ``rank_from`` is the layer from which on the
    outputs have rank one (0: one row or column).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> LowRankProof(parse_spec("attention d=2 a=2 t=1 layers=3"), 2).rank_from
    0
    """

    def __init__(self, net, k: int, max_terms: int = MAX_TERMS):
        from algnet.architectures.base import Exact
        from algnet.analyses.bounds.tail_fields import _check_split, split_layers

        head, tail = split_layers(net, k)
        N, nh = net.n_params, head.n_params
        est = tail.estimate_terms()
        if est > max_terms:
            raise TooLargeError(f"{tail.spec}: expansion estimated at {est} terms (limit {max_terms})", terms=est)
        _check_split(net, head, tail)
        self.rank_from = head_rank_one_from(net, k, max_terms)
        if self.rank_from is None:
            raise AlgnetError(f"{net.spec}: the output of the first {k} layers is not proved to have rank one")
        shape = tuple(head.output_shape)
        names = list(net.param_names())
        if self.rank_from == 0:
            ctx = _ring(names + [f"_y{i}" for i in range(int(np.prod(shape)))])
            Y = np.empty((1,) + shape, dtype=object)
            Y.reshape(-1)[:] = list(ctx.gens()[N:])
        else:
            ctx = _ring(names + [f"_u{i}" for i in range(shape[0])] + [f"_w{j}" for j in range(shape[1])])
            Y = _rank_one_input(ctx, N, shape)
        theta = np.empty(tail.n_params, dtype=object)
        theta[:] = list(ctx.gens()[nh:N])
        out = tail.evaluate(theta, Y, backend=Exact())[0]
        self.ctx, self.N, self.nh = ctx, N, nh
        self.tpolys = [ctx.from_dict({}) + v if not hasattr(v, "derivative") else v for v in out]
        self._deriv = {}

    def __call__(self, fld: dict) -> bool:
        """True when sum_j v_j dT/dtheta_j (theta, u w^T) is exactly zero."""
        from algnet.analyses.bounds.symbolic import poly_from_terms

        if any(j < self.nh for j in fld):
            return False
        comps = {j: poly_from_terms(self.ctx, t) for j, t in fld.items()}
        for o, T in enumerate(self.tpolys):
            D = None
            for j, v in comps.items():
                if (o, j) not in self._deriv:
                    self._deriv[(o, j)] = T.derivative(j)
                t = v * self._deriv[(o, j)]
                D = t if D is None else D + t
            if D is not None and not D.is_zero():
                return False
        return True


def low_rank_proof(net, k: int):
    """A :class:`LowRankProof` for the split after layer ``k``, or None (outputs not proved rank one, no split
    there, or a piece too large).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> low_rank_proof(parse_spec("attention d=2 a=2 t=2 layers=2"), 1) is None       # full-rank outputs
    True
    """
    try:
        return LowRankProof(net, k)
    except (AlgnetError, NotImplementedError, TypeError, AttributeError):
        return None
