"""What the equations prove: exact points of M, the symbolic certificate, the Jacobian rank of
the equations (cut out near a generic point), and the statement of the claims."""

from __future__ import annotations

from fractions import Fraction

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


def _gens_jacobian_rank(gens, point, N, p) -> int:
    """Rank mod p of the Jacobian of the equations at an exact (integer) point of M."""
    if not gens:
        return 0
    cp = [int(Fraction(v).numerator * pow(Fraction(v).denominator, -1, p)) % p for v in point]
    J = np.zeros((len(gens), N), dtype=object)
    for i, g in enumerate(gens):
        for row, c in zip(g.idx, g.coefs):
            row = [int(v) for v in row if v < N]
            for j, v in enumerate(row):
                if j > 0 and row[j - 1] == v:
                    continue
                a = row.count(v)
                t = c * a
                rest = list(row)
                rest.remove(v)
                for u in rest:
                    t = t * cp[u] % p
                J[i, v] = (J[i, v] + t) % p
    return rank_mod_p(J.astype(np.int64), p)


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
            lines.append(f"Not (yet) cut out: the Jacobian of the equations has rank {jr} at a point of M (mod p, a "
                         f"lower bound), ambient - dim M = {N - dim}; equations of higher degree are needed or the "
                         f"rank is unlucky.")
    if stab:
        lines.append(f"Hilbert polynomial (heuristic): dimension {hdim}, degree {hdeg}; {hev}.")
    else:
        lines.append(f"Hilbert polynomial not determined: {hev}.")
    if partial:
        lines.append("PARTIAL result.")
    return "\n".join(lines)
