"""Upper bounds on dim M from flattenings (catalecticants and Koszul flattenings).

A flattening is a linear map F from the function space to matrices. If the
network's output is linear in a block of parameters, f = sum_{j in B}
theta_j g_j, then grouping the j whose g_j involve the same parameters,
f = sum_G f_G and rank F(f) <= sum_G rank F(f_G) <= rho, where each
rank F(f_G) is the **exact** rank of a matrix of polynomials (fraction-free
elimination over QQ[theta], flint). For a shallow network f_G = c l^r is a
power of a linear form, whose catalecticant has rank one and whose Koszul
flattenings have rank binom(n - 1, p): this certifies the
Alexander–Hirschowitz exceptions; for a linear network with a narrow layer,
F(f) is the end-to-end matrix and rho the narrow width. Nothing here knows
the family: the linear block, the groups and their ranks are read off the
symbolic expansion.

Every point of M then has rank F <= rho, so the (rho + 1)-minors of F are
equations of M. At f0 = mu(theta0) with rank F(f0) = rho (mod p, hence
exactly, since rho is proved), the Zariski tangent space of
{f : rank F(f) <= rho} is {g : u^T F(g) w = 0 for u in coker F(f0), w in
ker F(f0)}, and dim M <= dim of that space = ambient - rank of these
conditions (a rank mod p is a lower bound, so the bound stays proved).

Examples
--------
>>> from algnet import parse_spec
>>> b = flattening_bound(parse_spec("dense 3-5-1 r=4"), seed=0)
>>> b.upper_bound, b.flattening, b.rho              # sums of 5 fourth powers: a 6x6 catalecticant of rank 5
(14, 'catalecticant (2, 2)', 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import factorial, prod

import numpy as np

from algnet.analyses.bounds.symbolic import Expansion
from algnet.core.linalg import kernel_mod_p, rank_mod_p
from algnet.core.monomials import monomials
from algnet.analyses.shared import network_primes

__all__ = ["FlatteningBound", "flattening_bound"]

#: Largest flattening (rows x columns) tried.
MAX_ENTRIES = 4000
#: Largest rank of one group's flattening computed symbolically (cost grows fast with it).
MAX_SYMBOLIC_RANK = 8
#: Largest product of term counts in one step of the symbolic elimination (beyond it: no bound from it).
MAX_PRODUCT_TERMS = 200_000


def _mod(q, p):
    return int(q.p) * pow(int(q.q), -1, p) % p


@dataclass(frozen=True)
class FlatteningBound:
    """dim M <= ``upper_bound``, proved by the flattening named in ``flattening``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> b = flattening_bound(parse_spec("linear 3-1-3"), seed=0)     # 3 x 3 matrices of rank <= 1: 3 + 3 - 1
    >>> isinstance(b, FlatteningBound), b.upper_bound, b.rho
    (True, 5, 1)
    """

    spec: str
    upper_bound: int
    flattening: str
    shape: tuple
    rho: int
    groups: int
    block: str
    conditions: int

    def describe(self) -> str:
        return (f"{self.flattening} flattening ({self.shape[0]}x{self.shape[1]}) has rank <= {self.rho} on M "
                f"(output linear in {self.block}: {self.groups} groups, exact ranks over QQ[theta]); tangent "
                f"space of rank <= {self.rho} at a point of M has dimension {self.upper_bound}")


def _flattenings(n, D, outputs):
    """(name, rows, cols, entries) with entries[(o, gamma)] = list of (row, col, scalar)."""
    out = []
    for a in range(0, D):
        if a == 0 and outputs == 1:
            continue
        if a > D - a and outputs == 1:
            continue  # the transpose of a smaller one
        rows = [(o, al) for o in range(outputs) for al in monomials(n, a)]
        cols = monomials(n, D - a)
        if len(rows) * len(cols) > MAX_ENTRIES or len(rows) < 2 or len(cols) < 2:
            continue
        ri = {r: i for i, r in enumerate(rows)}
        ent = {}
        for ci, be in enumerate(cols):
            for o in range(outputs):
                for al in monomials(n, a):
                    ga = tuple(x + y for x, y in zip(al, be))
                    sc = prod(factorial(g) for g in ga) // prod(factorial(b) for b in be)
                    ent.setdefault((o, ga), []).append((ri[(o, al)], ci, sc))
        out.append((f"catalecticant ({a}, {D - a})" if outputs == 1 else f"outputs x catalecticant ({a}, {D - a})",
                    len(rows), len(cols), ent))
    if outputs == 1:
        for p in range(1, n - 1):
            for a in range(0, D - 1):
                I_list = list(combinations(range(n), p))
                J_list = list(combinations(range(n), p + 1))
                cols = [(I, al) for I in I_list for al in monomials(n, a)]
                rows = [(J, be) for J in J_list for be in monomials(n, D - a - 1)]
                if len(rows) * len(cols) > MAX_ENTRIES:
                    continue
                ri = {r: i for i, r in enumerate(rows)}
                ent = {}
                for ci, (I, al) in enumerate(cols):
                    for j in range(n):
                        if j in I:
                            continue
                        J = tuple(sorted(I + (j,)))
                        sign = -1 if sum(1 for i in I if i < j) % 2 else 1
                        for be in monomials(n, D - a - 1):
                            ga = list(x + y for x, y in zip(al, be))
                            ga[j] += 1
                            ga = tuple(ga)
                            # d_j d^alpha x^gamma = gamma!/(gamma - alpha - e_j)! x^beta
                            sc = prod(factorial(g) for g in ga) // prod(factorial(b) for b in be)
                            ent.setdefault((0, ga), []).append((ri[(J, be)], ci, sign * sc))
                out.append((f"Koszul (p={p}, a={a})", len(rows), len(cols), ent))
    return out


def _arrays(ent, nmono, mindex, p):
    """The flattening as arrays: entry (R[i], C[i]) gets S[i] times coordinate I[i]."""
    R, C, I, S = [], [], [], []
    for (o, ga), lst in ent.items():
        idx = o * nmono + mindex[ga]
        for r, c, s in lst:
            R.append(r)
            C.append(c)
            I.append(idx)
            S.append(s % p)
    return (np.array(R, dtype=np.int64), np.array(C, dtype=np.int64), np.array(I, dtype=np.int64),
            np.array(S, dtype=np.int64))


def _linear_blocks(ex: Expansion, net):
    """Parameter blocks (name, indices) in which every output is homogeneous of degree one."""
    out, start = [], 0
    raw = ex.raw_terms()
    for name, shape in net.param_shapes:
        k = prod(shape)
        idx = list(range(start, start + k))
        start += k
        if all(sum(m[i] for i in idx) == 1 for _, m, _ in raw):
            out.append((name, idx))
    return out


def _block_groups(ex: Expansion, idx, within=None):
    """Split f = sum_{j in block} theta_j g_j by the parameters the g_j involve (only those in ``within``, a set of
    parameter indices, when given: a coarser split); for each group G the coefficients {(output, x-exponents):
    polynomial in theta} of f_G (one pass over the terms). Any split is valid (f is the sum of its groups); a
    coarser one can have a smaller total rank: in linear 4-3-2-3-4 the terms of W3 grouped by the row of W2 they
    involve are 2 groups of rank one (the bottleneck), by all their parameters 6."""
    N = ex.n_params
    block = set(idx)
    support: dict = {}
    rows = []
    for o, mono, c in ex.raw_terms():
        j = next(i for i in idx if mono[i])
        support.setdefault(j, set()).update(k for k in range(N) if mono[k] and k != j and k not in block
                                            and (within is None or k in within))
        rows.append((j, o, mono, c))
    group_of, groups = {}, {}
    for j, sup in support.items():
        group_of[j] = groups.setdefault(frozenset(sup), len(groups))
    acc = [dict() for _ in groups]
    for j, o, mono, c in rows:
        acc[group_of[j]].setdefault((o, mono[N:]), {})[mono[:N] + (0,) * (len(mono) - N)] = c
    return [{k: ex.ctx.from_dict(v) for k, v in a.items()} for a in acc]


class _OutOfTime(Exception):
    pass


def _symbolic_rank(M, cap, deadline=None):
    """Exact rank over QQ(theta) of a matrix of fmpq_mpoly (fraction-free elimination);
    returns cap + 1 as soon as the rank exceeds ``cap``; raises _OutOfTime past ``deadline``."""
    import time
    M = [row[:] for row in M]
    nr, nc = len(M), len(M[0]) if M else 0
    prev = None
    rank = 0
    rows, cols = list(range(nr)), list(range(nc))
    while rows and cols:
        best = None
        for i in rows:
            for j in cols:
                if not M[i][j].is_zero():
                    t = len(M[i][j])
                    if best is None or t < best[0]:
                        best = (t, i, j)
        if best is None:
            break
        _, pi, pj = best
        rank += 1
        if rank > cap:
            return rank
        rows.remove(pi)
        cols.remove(pj)
        piv = M[pi][pj]
        for i in rows:
            for j in cols:
                if deadline is not None and time.process_time() > deadline:
                    raise _OutOfTime
                if max(len(piv) * len(M[i][j]), len(M[i][pj]) * len(M[pi][j])) > MAX_PRODUCT_TERMS:
                    raise _OutOfTime  # one product alone would take seconds
                v = piv * M[i][j] - M[i][pj] * M[pi][j]
                M[i][j] = v if prev is None else v / prev
        prev = piv
    return rank


def flattening_bound(net, seed=0, expansion: Expansion | None = None, max_group_terms: int = 5000,
                     deadline: float | None = None):
    """The best upper bound on dim M proved by a flattening, or None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> flattening_bound(parse_spec("linear 6-2-3-5"), seed=0).upper_bound   # 5x6 matrices of rank <= 2
    18
    """
    from algnet.architectures.spec import parse_spec

    net = parse_spec(net)
    if not net.homogeneous:
        return None
    ex = expansion or Expansion.of(net)
    p = network_primes(net, 1)[0]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 57]))
    n, D, O = net.n_inputs, net.degree, net.n_outputs
    monos = net.output_monomials()
    mindex = {m: i for i, m in enumerate(monos)}
    amb = net.ambient_dimension
    theta0 = rng.integers(-2**20, 2**20, size=net.n_params)
    f0 = [c % p if isinstance(c, int) else c for out in net.coefficients(theta0, p=p) for c in out]
    g = rng.integers(0, p, size=amb)
    flats = _flattenings(n, D, O)
    pt = [int(v) for v in rng.integers(1, 1000, size=len(ex.ctx.gens()))]
    blocks = []  # (name, groups, coefficients, their values at a random point mod p), computed once
    starts = np.cumsum([0] + [prod(shape) for _, shape in net.param_shapes])
    for bname, idx in _linear_blocks(ex, net):
        splits = [(bname, _block_groups(ex, idx))]
        for (other, _), a, b in zip(net.param_shapes, starts[:-1], starts[1:]):
            if other != bname:       # coarser: grouped by the parameters of one other block only
                coarse = _block_groups(ex, idx, within=set(range(int(a), int(b))))
                if 1 < len(coarse) < min(len(c) for _, c in splits):
                    splits.append((f"{bname} (grouped by {other})", coarse))
        for name, coefs in splits:
            if any(sum(len(v) for v in c.values()) > max_group_terms for c in coefs):
                continue
            blocks.append((name, coefs, coefs, [{k: _mod(v(*pt), p) for k, v in c.items()} for c in coefs]))
    best = None
    for name, nr, nc, ent in flats if blocks else ():
        R_, C_, I_, S_ = _arrays(ent, len(monos), mindex, p)

        def build(vec):
            M = np.zeros((nr, nc), dtype=np.int64)
            np.add.at(M, (R_, C_), np.asarray(vec, dtype=np.int64)[I_] % p * S_ % p)
            return M % p

        def build_from(vals):
            vec = np.zeros(amb, dtype=np.int64)
            for (o, ga), v in vals.items():
                vec[o * len(monos) + mindex[ga]] = v
            return build(vec)

        full = rank_mod_p(build(g), p)
        for bname, groups, coefs, values in blocks:
            if not groups or len(groups) >= full:      # no groups (a block the output does not involve): no bound
                continue
            # cheap filter: a group's rank at a random point (mod p) is a lower bound on its generic rank
            lows = []
            for vals in values:
                lows.append(rank_mod_p(build_from(vals), p))
                if sum(lows) >= full or lows[-1] > MAX_SYMBOLIC_RANK:
                    break
            if sum(lows) >= full or max(lows) > MAX_SYMBOLIC_RANK:
                continue
            rho = 0
            for coef in coefs:
                zero = ex.ctx.from_dict({})
                M = [[zero for _ in range(nc)] for _ in range(nr)]
                for (o, ga), lst in ent.items():
                    v = coef.get((o, ga))
                    if v is None:
                        continue
                    for r, c, s in lst:
                        M[r][c] = M[r][c] + v * s
                try:
                    rho += _symbolic_rank(M, full - 1 - rho, deadline)
                except _OutOfTime:  # this flattening costs too much: no bound from it
                    rho = full
                if rho >= full:
                    break
            if rho >= full:
                continue
            F0 = build(f0)
            if rank_mod_p(F0, p) != rho:
                continue
            U = kernel_mod_p(F0.T, p)  # left kernel (rows)
            W = kernel_mod_p(F0, p)
            conds = np.zeros((U.shape[0] * W.shape[0], amb), dtype=np.int64)
            for (o, ga), lst in ent.items():
                col = o * len(monos) + mindex[ga]
                acc = np.zeros((U.shape[0], W.shape[0]), dtype=np.int64)
                for r, c, s in lst:
                    acc = (acc + np.outer(U[:, r], W[:, c] * (s % p) % p)) % p
                conds[:, col] = acc.ravel()
            ub = amb - rank_mod_p(conds, p)
            if best is None or ub < best.upper_bound:
                best = FlatteningBound(net.spec, ub, name, (nr, nc), rho, len(groups), bname, conds.shape[0])
    return best
