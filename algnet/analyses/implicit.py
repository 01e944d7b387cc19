"""Implicit equations of a small neuromanifold, degree by degree.

:func:`implicitize` returns a minimal generating set of the ideal I(M) of
the neuromanifold's closure up to a degree D, with integer, primitive
coefficients in the function-space coordinates (``net.coordinate_names()``:
``c[x0^2]``, ``c1[x0*x1]``, or the matrix entries ``a[i,j]`` of a linear
network). No Groebner bases and no symbolic expansion are used:

1. points of M are sampled over GF(p) by evaluating the network at random
   parameters (a batch of parameters at one fixed set of unisolvent inputs,
   one product with the inverse monomial evaluation matrix);
2. in each degree e and each graded piece (see :mod:`algnet.analyses.hilbert`:
   the largest diagonal torus preserving M grades the ideal), the kernel of
   the monomial evaluation matrix is computed with flint in reduced echelon
   form; the products of the lower-degree generators with monomials span a
   subspace of it, and the rows of the echelon form whose leading monomials
   that subspace misses are the new generators;
3. new generators are lifted to QQ by Chinese remaindering over several
   primes and rational reconstruction, accepted when a further prime agrees;
4. every equation is checked to vanish exactly, over QQ, at fresh random
   rational points of M (exact interpolation of f_theta for integer theta).

What is proved and what is probable (stated in the result):

* An equation that does not vanish on M passes the exact check at k
  independent random points with probability at most (e delta / (2B+1))^k
  (Schwartz-Zippel for g(mu(theta)), delta the degree of theta -> f_theta,
  parameters uniform in [-B, B]).
* Given that the equations vanish on M, completeness up to degree D does not
  depend on the sample: the kernel of a sampled evaluation matrix modulo p
  can only be larger than the degree-e part of I(M), and it is spanned by the
  equations found. It does depend on the grading, which is found at random
  points (tangency of the torus' vector fields; probabilistic).
* Whether the equations already cut out M near a generic point is decided
  from the rank of their Jacobian at an integer point of M (a rank modulo p
  is a lower bound, so equality with ambient - dim M is a proof given dim M).

Examples
--------
>>> from algnet import parse_spec
>>> res = implicitize(parse_spec("linear 3-1-2"), max_degree=2, seed=0)   # 2x3 rank <= 1
>>> res.equations()
['a[0,0]*a[1,1] - a[0,1]*a[1,0]', 'a[0,0]*a[1,2] - a[0,2]*a[1,0]', 'a[0,1]*a[1,2] - a[0,2]*a[1,1]']
>>> res.hilbert_function, res.complete_up_to_degree, res.cuts_out
((1, 6, 18), 2, True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

import numpy as np

from algnet.analyses.hilbert import (
    MAX_MONOMIALS,
    MAX_PIECE,
    _encode,
    _Engine,
    _network_dimension,
    _rank,
    _rref,
    _summarize,
    parameter_degree,
)
from algnet.core.crt import rational_reconstruction
from algnet.errors import ParameterError, ReconstructionError, TooLargeError

__all__ = ["ImplicitResult", "implicitize", "Generator"]

VERIFY_BOUND = 2**20


@dataclass(frozen=True)
class Generator:
    """One equation: integer coefficients on monomials of the coordinates.

    ``terms`` is a tuple of ``(monomial, coefficient)`` with ``monomial`` a
    tuple of ``(coordinate index, exponent)`` pairs (the constant is ``()``).
    """

    degree: int
    terms: tuple
    weight: tuple = ()

    def to_string(self, names) -> str:
        """The polynomial in the given coordinate names (``*``, ``^``, ``+``, ``-``)."""
        out = []
        for mono, c in self.terms:
            m = "*".join(names[v] if a == 1 else f"{names[v]}^{a}" for v, a in mono)
            a = abs(c)
            body = m if (m and a == 1) else (f"{a}*{m}" if m else str(a))
            out.append(("- " if c < 0 else "+ ") + body)
        s = " ".join(out)
        return s[2:] if s.startswith("+ ") else "-" + s[2:]

    def evaluate(self, point) -> object:
        """Exact value at a point (sequence of ints/Fractions indexed by coordinate)."""
        total = 0
        for mono, c in self.terms:
            t = c
            for v, a in mono:
                t = t * point[v] ** a
            total += t
        return total


@dataclass(frozen=True)
class ImplicitResult:
    """Equations of the neuromanifold's closure up to ``max_degree``.

    Attributes
    ----------
    generators : tuple[Generator]
        Minimal generators, by degree (homogeneous for cones).
    hilbert_function : tuple[int]
        H(0..complete_up_to_degree) (and the partial degree if interrupted).
    new_per_degree : tuple[int]
        Number of new generators in each degree.
    complete_up_to_degree : int
        The generators (with their multiples) span I(M) in every degree up to this one.
    verified : bool
        Every generator vanishes exactly at ``verify_points`` fresh random rational points of M.
    certified : bool
        Every generator was also proved to vanish on M: its composition with
        the parametrization, expanded symbolically (flint), is zero. Done when
        the expansion is small (``certify="auto"``) or asked for.
    cuts_out : bool or None
        The equations' Jacobian at a point of M has rank ambient - dim M, so
        M is a component of the variety they define (set-theoretically equal near that point).
    claims : str
        What is proved and what holds with high probability, with the bounds.
    """

    spec: str
    coordinate_names: tuple
    max_degree: int
    generators: tuple
    hilbert_function: tuple
    new_per_degree: tuple
    complete_up_to_degree: int
    homogeneous: bool
    verified: bool
    certified: bool
    verify_points: int
    false_pass_bound: float
    dimension: int
    ambient: int
    jacobian_rank: int
    cuts_out: bool | None
    hilbert_dimension: int | None
    hilbert_degree: int | None
    hilbert_evidence: str
    grading: str
    primes: tuple
    seed: int | None
    method: str
    claims: str
    partial: bool = False
    seconds: float = field(default=0.0, compare=False)

    # --------------------------------------------------------------- access
    @property
    def generator_degrees(self) -> tuple:
        return tuple(g.degree for g in self.generators)

    def equations(self) -> list[str]:
        """The generators as strings in the documented coordinate names."""
        return [g.to_string(self.coordinate_names) for g in self.generators]

    def __len__(self):
        return len(self.generators)

    def __repr__(self):
        degs = {}
        for d in self.generator_degrees:
            degs[d] = degs.get(d, 0) + 1
        gen = ", ".join(f"{n} of degree {d}" for d, n in sorted(degs.items())) or "none"
        return (f"ImplicitResult({self.spec!r}: generators {gen}; complete up to degree "
                f"{self.complete_up_to_degree}; H = {list(self.hilbert_function)}; dim {self.dimension} of "
                f"{self.ambient}; cuts out M near a generic point: {self.cuts_out}; verified exactly at "
                f"{self.verify_points} points each (false pass <= {self.false_pass_bound:.1e})"
                f"{'; proved symbolically' if self.certified and self.generators else ''}; primes "
                f"{list(self.primes)}, seed {self.seed}" + (", PARTIAL" if self.partial else "") + ")")

    # -------------------------------------------------------------- exports
    def to_sympy(self):
        """List of sympy expressions in symbols named by the coordinates."""
        from algnet.analyses.export import to_sympy

        return to_sympy(self)

    def to_macaulay2(self) -> str:
        """A Macaulay2 script defining the ring and the ideal ``I``."""
        from algnet.analyses.export import to_macaulay2

        return to_macaulay2(self)

    def to_singular(self) -> str:
        """A Singular script defining the ring and the ideal ``I``."""
        from algnet.analyses.export import to_singular

        return to_singular(self)

    def to_latex(self) -> str:
        """The equations as a LaTeX ``align*`` environment."""
        from algnet.analyses.export import to_latex

        return to_latex(self)

    def to_text(self) -> str:
        """A readable report with the equations."""
        from algnet.analyses.export import to_text

        return to_text(self)

    def as_dict(self) -> dict:
        """JSON-ready dictionary (see the ``--format json`` keys)."""
        from algnet.analyses.export import to_json_dict

        return to_json_dict(self)


# ------------------------------------------------------------ internal gens
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
        codes = _encode(comb, N + 1)
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
    _, piv = _rref(Pf, p)
    taken = set(int(i) for i in piv)
    new = tuple(i for i in range(len(free)) if i not in taken)
    return free, new, K[list(new)] if new else K[:0]


def _solve_piece(engine, piece, e, gens, points, max_primes, stats):
    """New generators of one graded piece (lifted and verified) and its Hilbert value."""
    primes = list(engine.primes)
    for attempt in range(3):
        offset = attempt * (piece.size + 8)
        data = {}
        p0 = primes[0]
        free, new, rows = _piece_at_prime(engine, piece, e, gens, p0, offset)
        h = piece.size - len(free)
        if not new:
            return [], h
        data[p0] = (tuple(free), new, rows)
        used = [p0]
        lifted = None
        for q in primes[1:max_primes]:
            fq, nq, rq = _piece_at_prime(engine, piece, e, gens, q, offset)
            data[q] = (tuple(fq), nq, rq)
            used.append(q)
            # best pattern: smallest kernel (a kernel mod p only grows at unlucky primes/points)
            best = min(((len(v[0]), -sum(1 for w in data.values() if w[:2] == v[:2])), v[:2])
                       for v in data.values())[1]
            group = [r for r in used if data[r][:2] == best]
            if len(group) < 2:
                continue
            lifted = _lift_rows({r: data[r][2] for r in group}, group)
            if lifted is not None:
                stats["primes"].update(group)
                break
        if lifted is None:
            continue
        fbest = best[0]
        h = piece.size - len(fbest)
        out = []
        ok = True
        for row in lifted:
            ints = _primitive(row)
            nz = [j for j, v in enumerate(ints) if v != 0]
            g = _Gen(e, piece.key, piece.idx[nz], [ints[j] for j in nz])
            if not all(_eval_gen(g, pt) == 0 for pt in points):
                ok = False
                stats["rejected"] += 1
                break
            out.append(g)
        if ok:
            return out, h
    raise ReconstructionError(
        f"{engine.net.spec}: the equations of a degree-{e} piece could not be lifted to QQ and verified",
        hint="use more primes (primes=...) or another seed")


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
    import flint

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
    ctx = flint.fmpq_mpoly_ctx.get(tuple(f"t{i}" for i in range(net.n_params)), "degrevlex")
    mu = [ctx.from_dict({e: flint.fmpq(c.numerator, c.denominator) for e, c in d.items()}) if d
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
    return _rank(J.astype(np.int64), p)


def implicitize(net, max_degree: int = 3, seed=None, primes=None, grading: str = "auto",
                verify_points: int = 3, time_limit: float | None = None, force: bool = False,
                max_monomials: int = MAX_MONOMIALS, max_piece: int = MAX_PIECE, max_primes: int = 8,
                certify="auto", show_progress: bool = False) -> ImplicitResult:
    """Minimal generators of the ideal of the neuromanifold's closure up to ``max_degree``.

    Parameters
    ----------
    net : Network
        A polynomial network (linear, dense, conv, attention, ...).
    max_degree : int
        Largest degree D of the equations sought.
    seed : int, optional
        Seed of every random choice (sample points, verification points); stored.
    primes : sequence of int, optional
        Primes below 2^28 (default: the largest ones); at least two are used
        for every new equation.
    grading : {"auto", "total", "none"}
        See :func:`algnet.analyses.hilbert.hilbert_function`.
    verify_points : int
        Number of fresh exact rational points of M each equation must vanish at.
    time_limit : float, optional
        Seconds; return the degrees finished by then (``partial`` set,
        ``complete_up_to_degree`` says how far the answer is complete).
    force : bool
        Skip the size guard.
    max_monomials, max_piece : int
        Size guard: total monomials up to degree D, largest graded piece.
    max_primes : int
        Give up lifting an equation after this many primes.
    certify : {"auto", True, False}
        Also prove that every equation vanishes on M by expanding its
        composition with the parametrization (flint). "auto": when the
        expansion and the composition are small; True: up to 100x larger.
    show_progress : bool
        tqdm progress bar over graded pieces.

    Returns
    -------
    ImplicitResult

    Raises
    ------
    TooLargeError
        When the estimated work exceeds the limits (with the estimate and a cheaper route).
    ReconstructionError
        When an equation cannot be lifted and verified with ``max_primes`` primes.

    Notes
    -----
    Cost per degree e: for each graded piece of n monomials, one echelon form
    of an (n + 4) x n matrix over GF(p), and a second prime only for pieces
    that contain new equations. Ctrl-C returns the degrees finished so far,
    marked partial.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> res = implicitize(parse_spec("dense 2-2-3 r=2"), max_degree=3, seed=1)
    >>> res.generator_degrees, res.hilbert_function, res.cuts_out
    ((3,), (1, 9, 45, 164), True)
    """
    t0 = time.perf_counter()
    if not isinstance(max_degree, int) or max_degree < 1:
        raise ParameterError(f"max_degree={max_degree!r} must be a positive integer", hint="e.g. max_degree=3")
    if verify_points < 1:
        raise ParameterError("verify_points must be >= 1", hint="every equation is checked exactly")
    engine = _Engine(net, seed=seed, primes=primes, grading=grading)
    N = engine.N
    names = tuple(net.coordinate_names())
    dim = _network_dimension(net, engine, seed)
    points = _exact_points(net, verify_points, seed)
    pdeg = parameter_degree(net, seed=0)
    p = engine.primes[0]
    gens: list[_Gen] = []
    H = [1]
    new_per = [0]
    complete = 0
    partial = False
    stats = {"primes": {p}, "rejected": 0}
    pbar = None
    if dim == N:
        H = [engine.level_count(e) for e in range(max_degree + 1)]
        new_per = [0] * (max_degree + 1)
        complete = max_degree
        method = "the Jacobian of the parametrization has full rank: M is dense, the ideal is zero"
    else:
        method = ("kernels of monomial evaluation matrices at points of M sampled mod p, graded pieces; "
                  "multimodular lifting; exact verification")
        if show_progress:
            from tqdm.auto import tqdm

            pbar = tqdm(desc="implicitize pieces", unit="piece")
        try:
            for e in range(1, max_degree + 1):
                if e == 2:
                    engine.set_linear([int(g.idx[0, 0]) for g in gens if g.level == 1])
                if e == 2 and time_limit is None:  # the whole job, estimated before the expensive degrees
                    engine.check_size(max_degree, max_monomials, max_piece, force, "implicitization")
                try:
                    engine.check_size(e, max_monomials, max_piece, force, "implicitization")
                except TooLargeError:
                    if time_limit is None:
                        raise
                    partial = True
                    break
                h_e, new_e = 0, []
                lower = [g for g in gens if g.level >= 2 or e == 1]
                for piece in engine.level(e).values():
                    found, h = _solve_piece(engine, piece, e, lower, points, max_primes, stats)
                    new_e += found
                    h_e += h
                    if pbar is not None:
                        pbar.update(1)
                    if time_limit is not None and time.perf_counter() - t0 > time_limit:
                        raise TimeoutError
                new_e.sort(key=lambda g: tuple(int(v) for v in g.idx[0]))
                gens += new_e
                H.append(h_e)
                new_per.append(len(new_e))
                complete = e
        except (KeyboardInterrupt, TimeoutError):
            partial = True
        finally:
            if pbar is not None:
                pbar.close()
    generators = tuple(_to_generator(g, N) for g in gens)
    if certify:
        scale = 100 if certify is True else 1
        certified, cert_reason = _certify(net, gens, N, 20_000 * scale, 2e5 * scale)
    else:
        certified, cert_reason = False, "not attempted (certify=False)"
    jr = _gens_jacobian_rank(gens, points[0], N, p)
    cuts = (N - jr == dim) if gens or dim == N else False
    stab, hdim, hdeg, _, _, hev = _summarize(net, engine, H, dim, 2)
    false_pass = max(((g.degree * pdeg) / (2 * VERIFY_BOUND + 1)) ** verify_points for g in generators) \
        if generators else 0.0
    claims = _claims(net, engine, generators, complete, max_degree, dim, N, jr, cuts, pdeg, verify_points,
                     false_pass, partial, stab, hdim, hdeg, hev)
    if generators:
        claims = (f"Proved: every equation vanishes on M ({cert_reason}).\n" if certified else
                  f"Not proved symbolically ({cert_reason}).\n") + claims
    return ImplicitResult(
        spec=net.spec, coordinate_names=names, max_degree=max_degree, generators=generators,
        hilbert_function=tuple(H), new_per_degree=tuple(new_per), complete_up_to_degree=complete,
        homogeneous=engine.homogeneous, verified=True, certified=certified, verify_points=verify_points, false_pass_bound=false_pass,
        dimension=dim, ambient=N, jacobian_rank=jr, cuts_out=cuts, hilbert_dimension=hdim, hilbert_degree=hdeg,
        hilbert_evidence=hev, grading=engine.grading.description, primes=tuple(sorted(stats["primes"],
                                                                                       reverse=True)),
        seed=seed, method=method, claims=claims, partial=partial, seconds=time.perf_counter() - t0)


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
