"""What the equations prove: exact points of M, the symbolic certificate, the Jacobian rank of
the equations (cut out near a generic point), and the statement of the claims."""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np

from algnet.core.linalg import rank_mod_p
from algnet.errors import TooLargeError

VERIFY_BOUND = 2**20


def _exact_points(net, count, seed):
    pts = []
    rng = np.random.default_rng(np.random.SeedSequence([int(np.random.SeedSequence(seed).entropy), 7777]))
    for _ in range(count):
        theta = [int(v) for v in rng.integers(-VERIFY_BOUND, VERIFY_BOUND + 1, size=net.n_params)]
        coeffs = net.coefficients(np.array(theta, dtype=object))
        pt = [c for out in coeffs for c in out]
        pt.append(1)  # the constant (index N)
        pts.append(pt)
    return pts


def _certify(net, gens, N, max_terms: int, max_work: float) -> tuple[bool, str]:
    """Prove g(mu(theta)) == 0 for every generator by symbolic composition (small networks)."""
    from algnet.core.numbers import fmpq, fmpq_mpoly_ctx

    from algnet.analyses.export import parametrization

    if not gens:
        return True, "no equations to prove"
    try:
        if net.estimate_terms() > max_terms:
            return False, f"symbolic expansion estimated above {max_terms} terms"
        mu_dicts = parametrization(net)
    except (TooLargeError, NotImplementedError) as e:  # pragma: no cover - guarded above
        return False, f"no symbolic expansion ({type(e).__name__})"
    L = np.array([max(len(d), 1) for d in mu_dicts] + [1], dtype=float)
    work = float(sum(np.prod(L[g.idx], axis=1).sum() for g in gens))
    if work > max_work:
        return False, f"symbolic composition estimated at {work:.1e} term products (limit {max_work:.0e})"
    ctx = fmpq_mpoly_ctx.get(tuple(f"t{i}" for i in range(net.n_params)), "degrevlex")
    mu = [ctx.from_dict({e: fmpq(c.numerator, c.denominator) for e, c in d.items()}) if d
          else ctx.from_dict({}) for d in mu_dicts]
    one = ctx.from_dict({(0,) * net.n_params: 1})
    for g in gens:
        total = ctx.from_dict({})
        for row, c in zip(g.idx, g.coefs):
            t = one * c
            for v in row:
                if v < N:
                    t = t * mu[v]
            total = total + t
        if total != 0:
            return False, "an equation does not vanish identically (please report)"
    return True, "each equation composed with the parametrization expands to zero (flint, exact)"


def _gens_jacobian_exact(gens, point, N) -> list:
    """The Jacobian of the equations at an exact point of M, exactly (rows of ints and Fractions)."""
    J = [[0] * N for _ in gens]
    for i, g in enumerate(gens):
        for row, c in zip(g.idx, g.coefs):
            row = [int(v) for v in row if v < N]
            for j, v in enumerate(row):
                if j > 0 and row[j - 1] == v:
                    continue
                rest = list(row)
                rest.remove(v)
                t = int(c) * row.count(v)
                for u in rest:
                    t = t * point[u]
                J[i][v] += t
    return J


def _gens_jacobian_rank(gens, point, N, primes=(), top=None) -> int:
    """Rank over QQ of the Jacobian of the equations at an exact point of M.

    ``top`` is an upper bound of that rank (ambient - d for a proved lower bound d of dim M: the equations
    vanish on M, so their Jacobian has rank <= ambient - dim M at every point of M). A rank modulo one of
    ``primes`` is a lower bound of the rank over QQ: when it reaches ``top`` it is the rank; otherwise the rank
    is computed exactly over QQ (modulo a prime dividing the coefficients of the map it can drop: at
    ``map s + t; s + c*t; s*t`` with c = 1 modulo every one of ``primes`` it is 0 there, 1 over QQ)."""
    if not gens:
        return 0
    from algnet.core.linalg import rank_qq

    J = _gens_jacobian_exact(gens, point, N)
    scaled = []
    for row in J:
        den = 1
        for v in row:
            den = den * Fraction(v).denominator // gcd(den, Fraction(v).denominator)
        scaled.append([int(Fraction(v) * den) for v in row])
    best = 0
    for p in primes:
        best = max(best, rank_mod_p(np.array([[v % p for v in row] for row in scaled], dtype=np.int64), p))
    cap = min(len(gens), N, N if top is None else top)
    return best if best >= cap else rank_qq(scaled)


def _claims(net, engine, gens, complete, D, dim, N, jr, cuts, pdeg, k, false_pass, partial, stab, hdim, hdeg,
            hev) -> str:
    lines = []
    if gens:
        lines.append(
            f"Verified: each equation ({len(gens)} in all) vanishes exactly (over QQ) at {k} fresh random points "
            f"of M (integer parameters uniform in [-{VERIFY_BOUND}, {VERIFY_BOUND}]). An equation of degree e "
            f"that does not vanish on M would pass with probability <= (e*{pdeg}/{2 * VERIFY_BOUND + 1})^{k} "
            f"<= {false_pass:.1e} (Schwartz-Zippel; {pdeg} = degree of theta -> f_theta).")
    else:
        lines.append("No equations found.")
    if dim == N:
        lines.append(f"Proved: the Jacobian of theta -> f_theta has full rank {N} (mod p, a lower bound), so M is "
                     "dense in the coefficient space and its ideal is zero in every degree.")
    else:
        lines.append(
            f"Complete up to degree {complete}: given that the equations vanish on M, they and their multiples "
            f"span I(M) in every degree <= {complete}. This does not rest on the sample being generic (a sampled "
            f"kernel mod p can only be larger than I(M)_e, and it is spanned by the equations); it rests on the "
            f"grading ({engine.grading.description}), found at random points mod p. The Hilbert function values "
            f"are exact under the same assumptions."
            + (f" Degrees {complete + 1}..{D} were not reached (time limit, size guard or interrupt)."
               if complete < D else ""))
        if cuts:
            lines.append(f"Cut out near a generic point: the Jacobian of the equations has rank {jr} = ambient {N} - "
                         f"dim {dim} at an integer point of M, so M is an irreducible component of the variety they "
                         f"define (set-theoretic equality near that point; dim M from algnet.analyses.dimension).")
        else:
            lines.append(f"Not (yet) cut out: the Jacobian of the equations has rank {jr} (exact, over QQ) at an "
                         f"integer point of M, ambient - dim M = {N - dim}; equations of higher degree are needed or "
                         f"that point is special (a singular point of M).")
    if stab:
        lines.append(f"Hilbert polynomial (heuristic): dimension {hdim}, degree {hdeg}; {hev}.")
    else:
        lines.append(f"Hilbert polynomial not determined: {hev}.")
    if partial:
        lines.append("PARTIAL result.")
    return "\n".join(lines)
