"""New generators of a graded piece: kernels mod p minus the products of lower generators,
lifted to QQ by Chinese remaindering and rational reconstruction, checked at exact points."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import numpy as np

from algnet.analyses.hilbert.engine import encode_rows
from algnet.core.matrix import Matrix
from algnet.analyses.implicit.result import Generator
from algnet.core.crt import rational_reconstruction
from algnet.errors import ReconstructionError


@dataclass
class _Gen:
    level: int
    key: tuple
    idx: np.ndarray  # (t, level) variable indices, padded with N
    coefs: list  # python ints

    def mod(self, p):
        return np.array([c % p for c in self.coefs], dtype=np.int64)


def _lift_rows(residues: dict, primes: list):
    """CRT + rational reconstruction of equal-shape residue matrices; None if not stable.

    Reconstruct from all primes but the last, accept if the last agrees.
    """
    *base, last = primes
    M = 1
    X = None
    for q in base:
        r = residues[q].astype(object)
        if X is None:
            X, M = r % q, q
        else:
            t = ((r - X) * pow(M, -1, q)) % q
            X = X + M * t
            M *= q
    out = []
    for row in X:
        fr = []
        for v in row:
            v = int(v)
            if v == 0:
                fr.append(Fraction(0))
                continue
            try:
                fr.append(rational_reconstruction(v, M))
            except ReconstructionError:
                return None
        out.append(fr)
    rl = residues[last]
    for row, rr in zip(out, rl):
        for f, y in zip(row, rr):
            if (f.numerator - int(y) * f.denominator) % last:
                return None
    return out


def _primitive(row):
    den = 1
    for f in row:
        den = den * f.denominator // gcd(den, f.denominator)
    ints = [int(f * den) for f in row]
    g = 0
    for v in ints:
        g = gcd(g, v)
    g = g or 1
    lead = next(v for v in ints if v != 0)
    if lead < 0:
        g = -g
    return [v // g for v in ints]


def _products(engine, piece, e, gens, p):
    """Rows (mod p) of the products g * m landing in ``piece`` (columns = piece monomials)."""
    N = engine.N
    blocks = []
    for g in gens:
        d = e - g.level
        if d < 0 or (d == 0 and engine.homogeneous):
            continue
        if d == 0:
            mons = np.zeros((1, 0), dtype=np.int64)
        else:
            diff = tuple(a - b for a, b in zip(piece.key, g.key)) if piece.key else ()
            mp = engine.mono_level(d).get(diff)
            if mp is None:
                continue
            mons = mp.idx
        q, t = mons.shape[0], g.idx.shape[0]
        comb = np.concatenate([np.repeat(g.idx[None, :, :], q, axis=0),
                               np.repeat(mons[:, None, :], t, axis=1)], axis=2)  # (q, t, e)
        comb = np.sort(comb, axis=2).reshape(q * t, e)
        codes = encode_rows(comb, N + 1)
        pos = np.searchsorted(piece.codes, codes)
        if np.any(pos >= len(piece.codes)) or np.any(piece.codes[np.minimum(pos, len(piece.codes) - 1)] != codes):
            raise ReconstructionError("a product of generators left its graded piece",  # pragma: no cover
                                      hint="the grading is wrong; use grading='total' or 'none'")
        cols = piece.order[pos]
        P = np.zeros((q, piece.size), dtype=np.int64)
        np.add.at(P, (np.repeat(np.arange(q), t), cols), np.tile(g.mod(p), q))
        blocks.append(np.mod(P, p))
    if not blocks:
        return np.zeros((0, piece.size), dtype=np.int64)
    return np.vstack(blocks)


def _piece_at_prime(engine, piece, e, gens, p, offset):
    free, K = engine.piece_kernel(piece, p, offset=offset)
    if len(free) == 0:
        return free, (), K
    P = _products(engine, piece, e, gens, p)
    Pf = P[:, free] if P.shape[0] else np.zeros((0, len(free)), dtype=np.int64)
    piv = Matrix(Pf, p).pivots() if Pf.shape[0] else ()      # rank profile: BLAS route above 200
    taken = set(int(i) for i in piv)
    new = tuple(i for i in range(len(free)) if i not in taken)
    return free, new, K[list(new)] if new else K[:0]


def _solve_piece(engine, piece, e, gens, points, max_primes, stats):
    """New generators of one graded piece (lifted and verified) and its Hilbert value.

    The piece's kernel is computed modulo one prime after another. Modulo any prime it contains the reduction of
    I(M)_e (an equation with integer coefficients vanishes on M modulo every prime), so it is never smaller than
    I(M)_e; it is larger at a bad prime for the piece (one dividing every maximal minor of the evaluation matrix,
    e.g. a prime dividing a coefficient difference of the map) or at unlucky points. The pattern (leading
    columns, new columns) with the smallest kernel, seen at two primes or more, is lifted to QQ; equations that
    fail the exact check at points of M show that the primes they were lifted from were bad or too few (with
    c = 1 modulo p and q, every coefficient that is a polynomial in c is the same small number modulo both, and
    one of them reconstructs it, the other agrees): those primes are set aside for this piece and the scan goes
    on with further primes, drawn as they are needed (``stats["pool"]``, a
    :class:`~algnet.analyses.implicit.prime_pool.PrimePool`, or the engine's primes), at most ``max_primes``.
    """
    pool = iter(stats.get("pool", engine.primes))
    primes = [next(pool)]               # the primes tried
    p0 = primes[0]
    free, new, rows = _piece_at_prime(engine, piece, e, gens, p0, 0)
    if not new:     # the kernel mod p0 (never smaller than I(M)_e) is spanned by the products: nothing new
        stats["primes"].add(p0)
        return [], piece.size - len(free)
    data = {p0: (tuple(free), new, rows)}
    rejected = []           # primes whose lifted equations failed the exact check (bad or too few)
    while len(primes) < max_primes and (q := next(pool, None)) is not None:
        primes.append(q)
        fq, nq, rq = _piece_at_prime(engine, piece, e, gens, q, 0)
        data[q] = (tuple(fq), nq, rq)
        best, group = _best_pattern(data)
        if len(group) < 2:
            continue
        if not best[1]:     # the smallest kernel, at two primes, is spanned by the products: nothing new
            stats["primes"].update(group)
            return [], piece.size - len(best[0])
        lifted = _lift_rows({r: data[r][2] for r in group}, group)
        if lifted is None:
            continue
        out = _checked(lifted, piece, e, points)
        if out is None:
            stats["rejected"] += 1
            rejected += group
            for r in group:
                del data[r]
            continue
        stats["primes"].update(group)
        return out, piece.size - len(best[0])
    if rejected:
        raise ReconstructionError(
            f"{engine.net.spec}: the equations of a degree-{e} piece found modulo {len(primes)} primes failed the "
            f"exact check at points of M (the primes {', '.join(map(str, rejected))} were set aside: bad for "
            "this piece, or too few to reconstruct the coefficients)",
            hint="give other primes (primes=...), or more of them (max_primes=...)")
    if len(_best_pattern(data)[1]) < 2:
        raise ReconstructionError(
            f"{engine.net.spec}: the kernels of a degree-{e} piece modulo the {len(primes)} primes tried disagree "
            "(a prime that is bad for this piece, or unlucky points), and no smallest one was seen at two primes",
            hint="give more primes (primes=... or max_primes=...)")
    raise ReconstructionError(
        f"{engine.net.spec}: the equations of a degree-{e} piece could not be lifted to QQ with {len(primes)} primes",
        hint=f"the coefficients may need more than {len(primes)} primes of 28 bits: "
             "implicitize(..., max_primes=...) (on the command line --max-primes N); or another seed")


def _best_pattern(data: dict):
    """The pattern (leading columns, new columns) with the smallest kernel (a kernel mod p only grows at bad
    primes or unlucky points), the most primes agreeing on it breaking ties; and the primes showing it."""
    counts: dict = {}
    for v in data.values():
        counts[v[:2]] = counts.get(v[:2], 0) + 1
    if not counts:
        return None, []
    best = min(counts, key=lambda pat: (len(pat[0]), -counts[pat], pat))
    return best, [r for r in data if data[r][:2] == best]


def _checked(lifted, piece, e, points):
    """The lifted rows as primitive integer generators, or None when one does not vanish at a point of M."""
    out = []
    for row in lifted:
        ints = _primitive(row)
        nz = [j for j, v in enumerate(ints) if v != 0]
        g = _Gen(e, piece.key, piece.idx[nz], [ints[j] for j in nz])
        if not all(_eval_gen(g, pt) == 0 for pt in points):
            return None
        out.append(g)
    return out


def _eval_gen(g: _Gen, pt) -> object:
    total = 0
    for row, c in zip(g.idx, g.coefs):
        t = c
        for v in row:
            t = t * pt[v]
        total += t
    return total


def _to_generator(g: _Gen, N: int) -> Generator:
    terms = []
    for row, c in zip(g.idx, g.coefs):
        mono = {}
        for v in row:
            v = int(v)
            if v < N:
                mono[v] = mono.get(v, 0) + 1
        terms.append((tuple(sorted(mono.items())), int(c)))
    deg = max((sum(a for _, a in m) for m, _ in terms), default=0)
    return Generator(deg, tuple(terms), tuple(g.key))
