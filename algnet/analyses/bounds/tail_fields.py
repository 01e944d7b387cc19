"""Kernel fields of a layered network's tail, proved on its head's image.

When the full symbolic expansion of a network is too large, a vector field
that moves only the parameters of its last layers (the *tail*) can still be
proved to lie in the kernel of the Jacobian of mu. Split f = T(H(x)) after
layer k, with head H(theta_h, x) and tail T(theta_t, y). For a field v whose
components v_j (j in the tail) are polynomials in all parameters,

    D_v f = sum_j v_j dT/dtheta_j (theta_t, H(theta_h, x))
          = sum_gamma theta_t^gamma sum_m c_(gamma, m)(theta_h) H(theta_h, x)^m,

where D_v T = sum_(gamma, m) c_(gamma, m)(theta_h) theta_t^gamma y^m is
expanded in the ring of (theta, y) (the tail is small) and H^m are products
of the head's outputs (the head is small). D_v f = 0 exactly when every
inner sum vanishes in QQ[theta_h, x]: a relation among the head's outputs
(for instance a rank-one head output y = u w^T, on which a next attention
layer sees K^T Q only through its symmetric part) can make a field that is
not a kernel field of the tail alone one of the network. Each sum is
expanded exactly (flint), so a field that passes is **proved**. When the
head is too large to expand, a field is proved instead on a rank-one
image of the head, proved layer by layer (:mod:`.low_rank`).

The fields are searched as in :mod:`~algnet.analyses.bounds.fields` (a
linear system modulo p for the coefficients of components of degree <= e,
rational reconstruction), without a grading, and counted together with the
known symmetries' tangents at an integer point: dim M <= N - rank, the rank
taken modulo p (a lower bound of the generic rank of proved fields).

Examples
--------
>>> from algnet import parse_spec
>>> r = tail_fields_bound(parse_spec("attention d=2,2,2 a=1,2 t=2"), target=8, seed=0)
>>> r.upper_bound, r.split, len(r.fields)
(8, 1, 1)
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from algnet.errors import AlgnetError, TooLargeError

__all__ = ["TailFields", "tail_fields_bound", "MAX_HEAD_PRODUCT_TERMS"]

#: Largest expansion (terms, summed over the outputs) of the head and of the tail the route starts.
MAX_PIECE_TERMS = 20_000
#: Largest number of terms of all the products of the head's outputs a proof may form (1,154,790 for attention
#: d=3,3,2 a=1,2 t=2 take 0.2 CPU s; 2,178,000 for d=3,2,2 a=1,2 t=3 0.5 CPU s,
#: about 32 bytes a term); refused above (the field is then not proved).
MAX_HEAD_PRODUCT_TERMS = 5_000_000


@dataclass(frozen=True)
class TailFields:
    """Fields proved through the split after layer ``split``, and the bound they prove.

    ``fields`` are the proved fields beyond the known symmetries (dicts as in
    :class:`~algnet.analyses.bounds.fields.KernelFields`), ``formulas`` their formulas, ``rank`` the rank
    modulo ``prime`` of the known symmetries' tangents (``known_rank``) and the fields together at ``point``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> r = tail_fields_bound(parse_spec("attention d=2,2,2 a=1,2 t=2"), target=8, seed=0)
    >>> isinstance(r, TailFields), r.rank, r.known_rank
    (True, 12, 11)
    """

    split: int
    fields: tuple
    formulas: tuple
    rank: int
    known_rank: int
    n_params: int
    prime: int
    max_degree: int
    head_fields: int = 0
    point: tuple = ()
    rank_one_from: int | None = None
    by_head_products: bool = True

    @property
    def upper_bound(self) -> int:
        return self.n_params - self.rank

    def describe(self) -> str:
        """The proof, in one sentence.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> tail_fields_bound(parse_spec("attention d=2,2,2 a=1,2 t=2"), target=8, seed=0).describe()[:40]
        '1 polynomial vector fields of degree <= '
        """
        nt = len(self.fields) - self.head_fields
        head = (f"; {self.head_fields} moving only the first {self.split} layers' parameters, proved (exact expansion "
                f"of those layers, or this route on them when they are too large) to lie in the kernel of their own "
                f"Jacobian" if self.head_fields else "")
        products = ("the tail's derivative, expanded over QQ, composed with exact products of the head's outputs "
                    "vanishes")
        rank_one = None if self.rank_one_from is None else (
            "that image has rank one" + (f" (layer {self.rank_one_from} on any input, the next ones on u w^T: "
                                         f"2 x 2 minors expanded over QQ)" if self.rank_one_from else
                                         " (a single row or column)")
            + " and the tail's derivative, expanded over QQ on u w^T with all parameters free, vanishes")
        how = " or ".join(h for h in (products if self.by_head_products or rank_one is None else None, rank_one) if h)
        return (f"{len(self.fields)} polynomial vector fields of degree <= {self.max_degree} beyond the known "
                f"symmetries: {nt} moving only the parameters after layer {self.split}, proved to lie in the "
                f"kernel of the Jacobian of mu on the image of the first {self.split} layers ({how}){head}; with the "
                f"known symmetries' tangents ({self.known_rank}) rank {self.rank} at an integer point (mod "
                f"{self.prime}): dim M <= {self.n_params} - {self.rank} = {self.upper_bound}; fields: "
                + " | ".join(self.formulas))


class _TailProof:
    """Exact proof that a field moving only the tail's parameters lies in the kernel (a callable)."""

    def __init__(self, net, k: int, max_terms: int = MAX_PIECE_TERMS):
        from algnet.architectures.base import Exact
        from algnet.core.numbers import fmpq_mpoly_ctx

        head, tail = split_layers(net, k)
        N, nh = net.n_params, head.n_params
        for piece in (head, tail):
            est = piece.estimate_terms()
            if est > max_terms:
                raise TooLargeError(f"{piece.spec}: expansion estimated at {est} terms (limit {max_terms})", terms=est)
        _check_split(net, head, tail)
        self.N, self.nh = N, nh
        self.hctx, self.hpolys = head.expand(max_terms=max_terms, force=True)
        self.nx = len(self.hctx.gens()) - nh
        ny = len(self.hpolys)
        ctx = fmpq_mpoly_ctx.get(tuple(net.param_names() + [f"_y{i}" for i in range(ny)]), "degrevlex")
        gens = ctx.gens()
        theta = np.empty(tail.n_params, dtype=object)
        theta[:] = list(gens[nh:N])
        Y = np.empty((1,) + tuple(head.output_shape), dtype=object)
        Y.reshape(-1)[:] = list(gens[N:])
        out = tail.evaluate(theta, Y, backend=Exact())
        self.ctx = ctx
        self.tpolys = [ctx.from_dict({}) + v if not hasattr(v, "derivative") else v for v in out[0]]
        self._pow, self._deriv, self.product_terms = {}, {}, 0

    def _power(self, m):
        """prod_i h_i^m_i in the head's ring (cached; refused above :data:`MAX_HEAD_PRODUCT_TERMS` in all)."""
        got = self._pow.get(m)
        if got is None:
            got = self.hctx.from_dict({(0,) * (self.nh + self.nx): 1})
            for h, e in zip(self.hpolys, m):
                if e:
                    got = got * h ** e
            self.product_terms += len(got)
            if self.product_terms > MAX_HEAD_PRODUCT_TERMS:
                raise TooLargeError(f"products of the head's outputs exceed {MAX_HEAD_PRODUCT_TERMS} terms",
                                    terms=self.product_terms)
            self._pow[m] = got
        return got

    def _poly(self, terms: dict):
        from algnet.analyses.bounds.symbolic import poly_from_terms

        return poly_from_terms(self.ctx, terms)

    def __call__(self, fld: dict) -> bool:
        """True when sum_j v_j d f / d theta_j is exactly zero (on the head's image)."""
        if any(j < self.nh for j in fld):
            return False
        comps = {j: self._poly(t) for j, t in fld.items()}
        try:
            return all(self._vanishes(o, comps) for o in range(len(self.tpolys)))
        except TooLargeError:
            return False

    def _vanishes(self, o: int, comps: dict) -> bool:
        D = None
        for j, v in comps.items():
            if (o, j) not in self._deriv:
                self._deriv[(o, j)] = self.tpolys[o].derivative(j)
            t = v * self._deriv[(o, j)]
            D = t if D is None else D + t
        if D is None or D.is_zero():
            return True
        N, nh = self.N, self.nh
        groups: dict = {}
        for mono, c in zip(D.monoms(), D.coeffs()):
            by_tail = groups.setdefault(tuple(mono[nh:N]), {}).setdefault(tuple(mono[N:]), {})
            by_tail[tuple(mono[:nh]) + (0,) * self.nx] = c
        for by_m in groups.values():
            total = None
            for m, hterms in by_m.items():
                t = self.hctx.from_dict(hterms) * self._power(m)
                total = t if total is None else total + t
            if not total.is_zero():
                return False
        return True


class _Proofs:
    """The exact proof of a tail field: by the head's expansion (:class:`_TailProof`, when it could be made),
    else, or when it refuses a field (products of the head's outputs too large), on the head's rank-one image
    (:class:`~algnet.analyses.bounds.low_rank.LowRankProof`, made on first use). ``nh`` is None when neither
    applies; ``by_head`` and ``rank_from`` record which proved a field."""

    def __init__(self, net, k: int, first):
        self.net, self.k, self.first = net, k, first
        self._second, self.rank_from, self.by_head = False, None, False
        self.nh = first.nh if first is not None else getattr(self._rank_one(), "nh", None)

    def _rank_one(self):
        from algnet.analyses.bounds.low_rank import low_rank_proof

        if self._second is False:
            self._second = low_rank_proof(self.net, self.k)
        return self._second

    def __call__(self, fld: dict) -> bool:
        if self.first is not None and self.first(fld):
            self.by_head = True
            return True
        second = self._rank_one()
        if second is not None and second(fld):
            self.rank_from = second.rank_from
            return True
        return False


def split_layers(net, k: int):
    """(head, tail): the network's first ``k`` layers and the rest as two :class:`Sequential` networks, each with
    parameters (AlgnetError where a side has none or the parameters do not split there).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> head, tail = split_layers(parse_spec("attention d=2 a=2 t=1 layers=3"), 1)
    >>> head.n_params + tail.n_params == parse_spec("attention d=2 a=2 t=1 layers=3").n_params
    True
    """
    from algnet.architectures.sequential import Sequential

    seq = net.sequence
    head = Sequential(*seq[:k], input_shape=net.input_shape)
    tail = Sequential(*seq[k:], input_shape=head.output_shape)
    if head.n_params == 0 or tail.n_params == 0 or head.n_params + tail.n_params != net.n_params:
        raise AlgnetError(f"{net.spec}: no split of the parameters after layer {k}")
    return head, tail


def _check_split(net, head, tail, p: int = 268_435_399) -> None:
    """f = tail(head(x)) with the network's parameter order (head's first) at a random point modulo ``p``:
    the orders of parameters and of the head's outputs the proof relies on (AlgnetError otherwise)."""
    rng = np.random.default_rng(7)
    theta = rng.integers(0, p, size=net.n_params, dtype=np.int64)
    X = rng.integers(0, p, size=(2,) + tuple(net.input_shape), dtype=np.int64)
    Y = head.evaluate(theta[:head.n_params], X, p=p).reshape((2,) + tuple(head.output_shape))
    got = tail.evaluate(theta[head.n_params:], Y, p=p)
    if not np.array_equal(np.asarray(got) % p, np.asarray(net.evaluate(theta, X, p=p)) % p):
        raise AlgnetError(f"{net.spec}: the split after {len(head.sequence)} layers does not compose to the network")


def tail_fields_bound(net, target: int, seed=0, max_degree: int = 2, deadline: float | None = None, _depth: int = 0):
    """The best :class:`TailFields` bound over the splits of a layered network (the smallest tail first,
    stopping when the bound meets ``target``, the proved lower bound on dim M), or None.

    Runs only on networks made of layers (``net.sequence``); each split's head and tail must expand within
    :data:`MAX_PIECE_TERMS` terms (estimated first). Besides the tail's fields, the kernel fields of the
    head's own map (proved on the head's expansion; they are kernel fields of mu since f = T(H)) are counted
    when the tail's are not enough. ``deadline`` is a ``time.process_time()`` value.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> tail_fields_bound(parse_spec("attention d=2,2,2 a=1,2 t=2"), target=8, seed=0).upper_bound
    8
    >>> tail_fields_bound(parse_spec("linear 2-1-2"), target=3) is None          # one layer of parameters
    True
    """
    from algnet.architectures.sequential import Sequential

    seq = getattr(net, "sequence", None)
    if not isinstance(net, Sequential) or seq is None or len(seq) < 2:
        return None
    best = None
    for k in range(len(seq) - 1, 0, -1):
        if deadline is not None and time.process_time() > deadline:
            break
        got = _split_fields(net, k, target, seed, max_degree, deadline, _depth)
        if got is not None and got.fields and (best is None or got.upper_bound < best.upper_bound):
            best = got
        if best is not None and best.upper_bound <= target:
            break
    return best


def _split_fields(net, k, target, seed, max_degree, deadline, depth=0):
    """The :class:`TailFields` of the split after layer ``k`` (None when a piece is too large)."""
    from algnet.analyses.bounds.fields import _formula, _value, kernel_fields
    from algnet.core.linalg import rank_mod_p

    from algnet.analyses.shared import network_primes

    N = net.n_params
    try:
        proof = _Proofs(net, k, _TailProof(net, k))
    except (AlgnetError, NotImplementedError, TypeError):
        # the head too large to expand: proved on rank-one outputs of the head, layer by layer, when they are
        proof = _Proofs(net, k, None)
    if proof.nh is None:
        proof = None        # the tail's fields are not searched; the head's may still be
    kw = dict(target=N - target, seed=seed, deadline=deadline, verify=proof, start_known=True)
    if proof is not None:
        # the cheap search first: linear components in the tail's own parameters (a layer's skew fields on a
        # rank-one input); the full one only when these and the head's fields are not enough (CPU of `dimension`
        # on attention specs: about 3-4x less, e.g. d=3 a=2 t=1 layers=2 about 9 -> 3 s)
        kf = kernel_fields(net, max_degree=min(1, max_degree), columns=range(proof.nh, N), moved_only=True, **kw)
        p, point, fields = kf.prime, np.array(kf.point, dtype=np.int64), list(kf.fields)
    else:
        p = network_primes(net, 1)[0]
        point = np.random.default_rng(np.random.SeedSequence([int(seed), 31])).integers(0, p, size=N, dtype=np.int64)
        fields = []
    T = net.symmetry_tangents(point, p=p) % p
    known = rank_mod_p(T, p) if T.shape[0] else 0
    values = T
    for fld in fields:
        values = np.vstack([values, _value(fld, point, N, p)])
    rank = rank_mod_p(values, p) if values.shape[0] else 0
    nhead = 0
    if rank < N - target and (deadline is None or time.process_time() < deadline):
        for fld in _head_fields(net, k, seed, max_degree, deadline, depth):
            v = _value(fld, point, N, p)
            if rank_mod_p(np.vstack([values, v]), p) > rank:
                values, rank, nhead = np.vstack([values, v]), rank + 1, nhead + 1
                fields.append(fld)
            if rank >= N - target:
                break
    if proof is not None and rank < N - target and (deadline is None or time.process_time() < deadline):
        kf = kernel_fields(net, max_degree=max_degree, columns=range(proof.nh, N), start_rows=values[T.shape[0]:],
                           **kw)
        for fld in kf.fields:
            v = _value(fld, point, N, p)
            if rank_mod_p(np.vstack([values, v]), p) > rank:
                values, rank = np.vstack([values, v]), rank + 1
                fields.append(fld)
    names = net.param_names()
    return TailFields(k, tuple(fields), tuple(_formula(f, names) for f in fields), rank, known, N, p, max_degree,
                      nhead, tuple(int(t) for t in point), proof.rank_from if proof is not None else None,
                      proof is not None and proof.by_head)


def _head_fields(net, k, seed, max_degree, deadline, depth: int = 0):
    """Proved kernel fields of the first ``k`` layers' own map (parameter indices are the network's): by the
    head's expansion, or, when it is too large, by this route on the head (its own split: fields of a middle
    layer proved on the image of the layers before it)."""
    from algnet.analyses.bounds.fields import kernel_fields
    from algnet.analyses.bounds.symbolic import Expansion
    from algnet.analyses.dimension import dimension
    from algnet.architectures.sequential import Sequential

    head = Sequential(*net.sequence[:k], input_shape=net.input_shape)
    try:
        ex = Expansion.of(head, max_terms=MAX_PIECE_TERMS)
    except (AlgnetError, NotImplementedError, TypeError):
        ex = None
    if ex is not None:
        return list(kernel_fields(head, target=head.n_params, seed=seed, max_degree=max_degree, expansion=ex,
                                  deadline=deadline).fields)
    if depth >= 2 or len(head.sequence) < 2:
        return []
    try:
        lower = dimension(head, seed=seed, certify=False).dimension
    except AlgnetError:
        return []
    got = tail_fields_bound(head, lower, seed=seed, max_degree=max_degree, deadline=deadline, _depth=depth + 1)
    return list(got.fields) if got is not None else []
