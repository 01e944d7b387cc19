"""Dimension of a neuromanifold by exact (modular) Jacobian ranks.

The dimension of M = closure of im(mu) equals the generic rank of the
Jacobian of mu: theta -> f_theta. algnet computes the rank of the matrix
whose rows are gradients in theta of <c_i, f_theta(z_i)> at a random point
theta_0, random inputs z_i and random output covectors c_i, all integers,
reduced modulo a word-size prime p (reverse mode on the straight-line
program: no symbolic expansion). The rows form a sketch of the Jacobian of
theta -> (coefficients of f_theta): about as many rows as its rank suffice.

What is proved
--------------
* rank_p(J) <= rank_QQ(J(theta_0)) <= generic rank = dim M: the modular
  rank is a **proved lower bound**.
* dim M <= min(ambient, N - s), where s is the rank of the tangent vectors
  of the known symmetry group's orbit at theta_0 (they lie in the kernel of
  the Jacobian, which is checked). When the lower bound meets this upper
  bound the dimension is **certified**.
* Otherwise the answer holds with probability at least 1 - eps, with eps the
  Schwartz–Zippel bound k (deg_theta f + deg_x f) / p for a k x k minor,
  multiplied over independent primes (and assuming p is not one of the
  finitely many primes dividing every nonzero maximal minor).

Examples
--------
>>> from algnet import parse_spec
>>> res = dimension(parse_spec("linear 4-2-3"), seed=0)
>>> res.dimension, res.expected, res.certified
(10, 10, True)
>>> dimension(parse_spec("dense 3-2-1 r=2"), seed=0).dimension   # sums of 2 squares in 3 vars: defective
5
"""


from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.analyses.dimension_estimate import (FAST_PRIME_BOUND, LARGE_SKETCH, SKIP_TANGENTS_ABOVE,
                                                check_dimension_resources, estimate_dimension, sketch_block_rows)
from algnet.analyses.dimension_result import DimensionResult
from algnet.analyses.local_rank import LocalRankResult, local_rank
from algnet.architectures.spec import parse_spec
from algnet.core.backends import ModP
from algnet.core.fastla import PartialRank, centred_buffer, rank_mod_p_auto, rank_profile_blas, store_rows
from algnet.core.matrix import gf_method
from algnet.analyses.shared import network_primes
from algnet.core.primes import check_primes
from algnet.errors import NotApplicableError, NumericalError

__all__ = ["DimensionResult", "dimension", "local_rank", "LocalRankResult", "jacobian_sketch", "estimate_dimension"]

#: The method named in every result of :func:`dimension`.
METHOD = "jacobian-sketch rank mod p (reverse mode on the straight-line program)"


def jacobian_sketch(net, theta, rows: int, p: int, rng, block: int | None = None,
                    centred: bool = False, progress=None) -> np.ndarray:
    """``rows`` random rows of the Jacobian of mu at ``theta`` modulo ``p``:
    gradients of <c_i, f_theta(z_i)> with z_i, c_i uniform in GF(p).

    The rows are evaluated in blocks of ``block`` rows (default:
    :func:`~algnet.analyses.dimension_estimate.sketch_block_rows`, about its ``BLOCK_BYTES`` of
    gradients and of the evaluation's windows per block) written into one
    preallocated matrix, so the peak memory is the sketch itself plus one
    block, whatever the layer widths.

    With ``centred`` the matrix is float64 centred residues, the layout that
    :func:`algnet.core.fastla.rank_profile_blas` eliminates in place
    (``overwrite=True``): the rank then needs no second copy of the sketch.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 2-1-2")
    >>> jacobian_sketch(net, [1, 2, 3, 4], 3, 101, np.random.default_rng(0)).shape
    (3, 4)
    """
    Z = rng.integers(0, p, size=(rows,) + tuple(net.input_shape), dtype=np.int64)
    C = rng.integers(0, p, size=(rows,) + tuple(net.output_shape), dtype=np.int64)
    th = np.asarray(theta, dtype=np.int64) % p
    N = net.n_params
    if block is None:
        block = sketch_block_rows(net)
    if rows <= block and not centred:
        return net.jacobian(th, Z, C=C, p=p)
    out = centred_buffer(rows, N) if centred else np.empty((rows, N), dtype=np.int64)
    for i in range(0, rows, block):
        J = net.jacobian(th, Z[i:i + block], C=C[i:i + block], p=p)
        if centred:
            store_rows(out, i, J, p)
        else:
            out[i:i + block] = J
        if progress is not None:
            progress(J.shape[0])
    return out


def _rank_and_pivots(J: np.ndarray, p: int, want_pivots: bool):
    """Rank of J mod p and (when asked) its pivot columns, the column rank profile.

    flint ``nmod_mat`` for small sketches, exact float64-BLAS elimination
    (:mod:`algnet.core.fastla`) above its measured crossover.
    """
    if not want_pivots:
        return rank_mod_p_auto(J, p), ()
    return rank_mod_p_auto(J, p, pivots=True)



def dimension(net, seed=None, primes=None, margin: int = 2, pivots: bool = True, certify: bool = True,
              bound_time: float = 30.0, force: bool = False, time_limit: float | None = None,
              show_progress: bool = False, prefer_theorems: bool = False) -> DimensionResult:
    """Dimension of the neuromanifold of ``net`` (a Network or a spec string).

    Parameters
    ----------
    net : Network or str
    seed : int, optional
        Seed of the random parameter point, inputs and covectors (drawn and
        recorded when None).
    primes : sequence of int, optional
        Primes below 2^28 to compute with. By default one prime, and a second
        one (with fresh random points) only when the first does not certify:
        the largest primes below 2^28, or below ``FAST_PRIME_BOUND`` = 2^21
        when the sketch has at least ``LARGE_SKETCH`` = 2000 rows and columns
        (its exact float64-BLAS rank then needs one matrix product per update
        instead of two, about twice as fast; the probability bound uses the
        prime actually used).
    margin : int
        Extra rows beyond min(N, ambient).
    pivots : bool
        Also return the pivot columns (costs an rref instead of a rank).
    certify : bool
        When the rank does not meet the ambient dimension or the known
        symmetry bound (a defective network), look for a proved upper bound
        that sees the defect (:func:`algnet.analyses.bounds.upper_bound`:
        flattenings, then proved kernel fields); the result names the bound.
    bound_time : float
        CPU seconds allowed for that search (not wall clock: the bound found does not depend on the load).
    force : bool
        Run even when the estimated memory exceeds the machine's limit
        (:func:`algnet.guards.memory_limit`); an explicit ``time_limit`` still holds.
    time_limit : float, optional
        Seconds; refuse (before computing) when the estimate is longer, also under ``force``.
    show_progress : bool
        Progress bars of the sketch's evaluation (rows) and elimination (columns).
        Ctrl-C during the elimination returns a result marked ``partial``:
        the columns already proved independent give a lower bound.
    prefer_theorems : bool
        For a defective rank, try the network's proved bound from theorems
        (narrow layers, secant theorems) before the searches and stop there
        when it meets the rank: much cheaper, but no hidden symmetry is listed
        (``upper_bound(theorems_first=True)``; the atlas uses it).

    Returns
    -------
    DimensionResult

    Raises
    ------
    NotApplicableError
        For networks that are not polynomial maps (ReLU: use the functional dimension).
    TooLargeError
        When the estimated memory or time of the sketch's rank exceeds the
        machine or ``time_limit`` (the estimate is in the message); decided
        in milliseconds, before any evaluation.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> r = dimension(parse_spec("conv k=2,3 r=2"), seed=1)
    >>> r.dimension, r.certified
    (4, True)
    """
    t0 = time.perf_counter()
    net, seed, primes = _checked_inputs(net, seed, primes, margin, pivots, certify, bound_time, force, time_limit,
                                        prefer_theorems)
    N, ambient = net.n_params, net.ambient_dimension
    nrows = min(N, ambient) + margin
    rng = np.random.default_rng(seed)
    ranks = _Ranks()
    deg = net.parameter_degree() + net.degree     # the Jacobian entries' degree in (theta, z, c) is at most this
    _ranks_modulo_primes(net, ranks, _prime_list(net, primes, nrows, N), primes is not None, nrows, pivots, rng,
                         show_progress, deg)
    if ranks.interrupted is not None:
        return _interrupted(net, ranks, seed, nrows, t0)
    if ranks.best < min(ambient, N - (ranks.symmetry or 0)):
        _exact_rank(net, ranks, nrows, rng, deg)
    upper, source, hidden, pieces = _upper_bound(net, ranks, certify, seed, bound_time, prefer_theorems)
    return _result(net, ranks, upper, source, hidden, seed, nrows, t0, pieces)


@dataclass
class _Ranks:
    """What the primes have shown so far: the best modular rank (a proved lower bound), its pivots, the
    rank of the known symmetries' tangents (None: not computed), the primes used, and the probability
    bound of the rank (Schwartz-Zippel, multiplied over the primes)."""

    best: int = -1
    pivots: tuple = ()
    symmetry: int | None = 0
    primes: list = field(default_factory=list)
    probability: float = 1.0
    interrupted: tuple | None = None       # (PartialRank, prime) after Ctrl-C in the elimination
    best_prime: int | None = None           # the prime of ``best``
    exact: float | None = None              # probability bound of the exact rank over QQ, when computed

    def count(self, p: int, r: int, degree: int):
        """Record prime ``p``, whose sketch has rank ``r`` (entries of degree <= ``degree``)."""
        self.primes.append(p)
        self.probability *= min(1.0, max(r, 1) * degree / p)


def _checked_inputs(net, seed, primes, margin, pivots, certify, bound_time, force, time_limit,
                    prefer_theorems=False):
    """The network, the seed to use and the user's primes (or None); refuses bad input and too large work."""
    net = parse_spec(net)
    if not getattr(net, "polynomial", True):
        raise NotApplicableError(f"{net.spec} is not a polynomial network",
                                 hint="use algnet.relu.functional_dimension for ReLU networks")
    seed = _check_dimension_options(seed, margin, pivots, certify, bound_time, prefer_theorems)
    primes = check_primes(primes)
    check_dimension_resources(net, margin, force, time_limit, max(primes) if primes else None)
    return net, seed, primes


def _prime_list(net, primes, nrows: int, N: int) -> list:
    """The user's primes, or two default primes (below FAST_PRIME_BOUND for large sketches) that divide no
    constant of the network (modulo such a prime the map is another map: :func:`network_primes`)."""
    if primes is not None:
        return list(primes)
    return network_primes(net, 2, bound=FAST_PRIME_BOUND if min(nrows, N) >= LARGE_SKETCH else None)


#: Largest sketch (rows x parameters) whose rank is also computed exactly over QQ when the modular rank stays
#: below the known upper bound: a few milliseconds for the small maps and networks where it matters.
EXACT_SKETCH_ENTRIES = 2500
#: Largest degree of the Jacobian's entries for that exact rank (its integers have about 28 bits per degree).
EXACT_SKETCH_DEGREE = 24


def _exact_rank(net, ranks: "_Ranks", nrows: int, rng, deg: int) -> None:
    """The rank over QQ of a Jacobian sketch at a random integer point (entries in [0, 2^28)), into ``ranks``
    when small enough (``EXACT_SKETCH_ENTRIES``, ``EXACT_SKETCH_DEGREE``).

    A modular rank is a proved lower bound, but the Schwartz-Zippel bound of a rank below the generic one holds
    only when the prime divides none of the generic rank's minors (``map s + t; s + 268435400*t`` has rank 1
    modulo 268435399). The exact rank at an integer point needs no such prime: it is a proved lower bound, and
    it falls short of the generic rank g with probability at most (g x degree) / 2^28 (Schwartz-Zippel over
    the integers; g bounded by the sketch's size). ``deg``: the degree bound of the Jacobian's entries (the
    network's parameter degree plus its input degree, computed once by :func:`dimension`)."""
    from algnet.core.numbers import fmpq_mat

    N = net.n_params
    if nrows * N > EXACT_SKETCH_ENTRIES or deg > EXACT_SKETCH_DEGREE:
        return
    B = 2**28
    theta = [int(v) for v in rng.integers(0, B, size=N, dtype=np.int64)]
    Z = rng.integers(0, B, size=(nrows,) + tuple(net.input_shape), dtype=np.int64).astype(object)
    C = rng.integers(0, B, size=(nrows,) + tuple(net.output_shape), dtype=np.int64).astype(object)
    J = net.jacobian(theta, Z, C=C)
    R, r = fmpq_mat([[_fmpq(v) for v in row] for row in np.asarray(J).reshape(nrows, N)]).rref()
    r = int(r)
    # Schwartz-Zippel on a g x g minor of the generic rank g (unknown, at most the sketch's rows and columns):
    # the observed r is below g exactly when the bound is needed, so it cannot stand for g
    ranks.exact = min(1.0, max(1, min(nrows, N)) * deg / B)
    if r > ranks.best:
        pivots = tuple(next(j for j in range(N) if R[i, j] != 0) for i in range(r))
        ranks.best, ranks.pivots, ranks.best_prime = r, pivots, None


def _fmpq(v):
    from fractions import Fraction

    from algnet.core.numbers import fmpq

    f = Fraction(v)
    return fmpq(f.numerator, f.denominator)


def _ranks_modulo_primes(net, ranks: _Ranks, plist, user_primes: bool, nrows: int, pivots: bool, rng,
                         show_progress: bool, deg: int):
    """Sketch ranks modulo the primes, into ``ranks``; a second default prime only when the first does not
    meet the known upper bound. ``deg``: the degree bound of the Jacobian's entries (:func:`_exact_rank`)."""
    N, ambient = net.n_params, net.ambient_dimension
    for i, p in enumerate(plist):
        if i > 0 and not user_primes and ranks.best == min(ambient, N - ranks.symmetry):
            break
        theta = rng.integers(0, p, size=N, dtype=np.int64)
        try:
            r, piv = _sketch_rank(net, theta, nrows, p, rng, pivots, show_progress)
        except PartialRank as e:
            ranks.interrupted = (e, p)
            return
        if r == ambient and N > SKIP_TANGENTS_ABOVE:
            # the rank meets the ambient dimension: certified without the symmetry orbit, whose
            # tangent matrix (up to N x N) would cost more than the sketch (3000 linear layers)
            ranks.count(p, r, deg)
            ranks.best, ranks.pivots, ranks.symmetry, ranks.best_prime = r, piv, None, p
            return
        s = _symmetry_rank(net, theta, p, rng)
        ranks.count(p, r, deg)
        if r > ranks.best:
            ranks.best, ranks.pivots, ranks.best_prime = r, piv, p
        ranks.symmetry = max(ranks.symmetry, s)


def _sketch_rank(net, theta, nrows: int, p: int, rng, pivots: bool, show_progress: bool):
    """Rank (and pivots when asked) of a fresh ``nrows`` x N Jacobian sketch at ``theta`` modulo ``p``."""
    N = net.n_params
    fast = gf_method((nrows, N), p) == "fastla"
    try:
        # fastla: a float64 sketch eliminated in place (peak = the sketch + a few blocks, estimate_dimension)
        J = jacobian_sketch(net, theta, nrows, p, rng, centred=fast,
                            progress=_bar(show_progress, nrows, "Jacobian sketch (rows)") if fast else None)
    except KeyboardInterrupt:
        # Ctrl-C while the rows are evaluated (half of a large run): no column of this prime proved, but an
        # earlier prime's complete rank is kept (_interrupted), not lost with a bare interrupt
        raise PartialRank((), 0) from None
    if fast:
        try:
            r, piv = rank_profile_blas(J, p, overwrite=True,
                                       progress=_bar(show_progress, N, "rank mod p (columns)"))
        except PartialRank:
            raise
        except KeyboardInterrupt:  # before the elimination proper (its input checks): no column proved yet
            raise PartialRank((), 0) from None
        return r, (piv if pivots else ())
    return _rank_and_pivots(J, p, pivots)


def _symmetry_rank(net, theta, p: int, rng) -> int:
    """Rank modulo ``p`` of the known symmetry orbit's tangents at ``theta``, after checking that they lie
    in the kernel of the Jacobian (at two random inputs)."""
    T = net.symmetry_tangents(theta, p=p)
    if not T.shape[0]:
        return 0
    chk = net.jacobian(theta, rng.integers(0, p, size=(2,) + tuple(net.input_shape)),
                       C=rng.integers(0, p, size=(2,) + tuple(net.output_shape)), p=p)
    if np.any(ModP(p).matmul(np.mod(chk, p), np.mod(T.T, p)) != 0):
        raise NumericalError(f"{net.spec}: a symmetry tangent is not in the kernel of the Jacobian",
                             hint="this is a bug in the architecture's symmetry_tangents; please report it")
    return rank_mod_p_auto(T, p)


def _upper_bound(net, ranks: _Ranks, certify: bool, seed: int, bound_time: float, prefer_theorems: bool = False):
    """The proved upper bound, its source, the hidden symmetries behind it (when a search found one) and the
    evidence of the smaller networks it uses."""
    ambient = net.ambient_dimension
    upper = min(ambient, net.n_params - (ranks.symmetry or 0))
    source = "ambient dimension" if upper == ambient else "known symmetry orbits"
    if ranks.best < upper and certify:
        from algnet.analyses.bounds import upper_bound as _proved_upper_bound

        b = _proved_upper_bound(net, ranks.best, seed=seed, time_limit=bound_time, theorems_first=prefer_theorems)
        if b is not None and b.value < upper:
            return b.value, f"{b.route}: {b.detail}", b.hidden_symmetries, b.depends_on
    return upper, source, (), ()


def _result(net, ranks: _Ranks, upper: int, source: str, hidden, seed: int, nrows: int, t0: float, pieces=()):
    """The :class:`DimensionResult`, with the reason it is certified or the probability that it is not."""
    N, ambient, best = net.n_params, net.ambient_dimension, ranks.best
    exp = net.expected_dimension()
    expected, expected_source = (exp if exp is not None else (None, None))
    certified = best == upper
    # the exact rank over QQ (_exact_rank) when it exceeded every modular rank (an unlucky prime)
    lower = "modular rank" if ranks.best_prime is not None else "exact rank over QQ at an integer point"
    prob = 0.0 if certified else (ranks.probability if ranks.exact is None else ranks.exact)
    if not certified and ranks.exact is not None:
        reason = (f"rank {best} (modular ranks, and the exact rank over QQ at a random integer point) is a proved "
                  f"lower bound; the proved upper bound is {upper}; equality with the generic rank holds with "
                  f"probability >= 1 - {prob:.1e} (Schwartz-Zippel over the integers)")
    elif not certified:
        reason = (f"modular rank {best} is a proved lower bound; the proved upper bound is {upper}; "
                  f"equality with the generic rank holds with probability >= 1 - {prob:.1e} (Schwartz-Zippel; "
                  f"unless each prime used divides every {best + 1} x {best + 1} minor of the Jacobian as a "
                  "polynomial: an unlucky prime)")
    elif best == ambient:
        reason = f"{lower} (proved lower bound) equals the ambient dimension"
    elif source == "known symmetry orbits":
        reason = (f"{lower} (proved lower bound) equals parameters minus the rank of the "
                  "known symmetry orbit's tangent space (proved upper bound)")
    else:
        reason = f"{lower} (proved lower bound) equals the proved upper bound from {source.split(':')[0]}"
    return DimensionResult(
        spec=net.spec, dimension=best, ambient=ambient, parameters=N, expected=expected,
        expected_source=expected_source, fiber_dimension=N - best, symmetry_dimension=ranks.symmetry,
        upper_bound=upper, defect=(expected - best) if expected is not None else None,
        pivots=ranks.pivots, certified=certified, reason=reason, probability_bound=prob, method=METHOD,
        primes=tuple(ranks.primes), seed=int(seed), rows=nrows, seconds=time.perf_counter() - t0,
        upper_bound_source=source, hidden_symmetries=tuple(hidden), depends_on=tuple(pieces))


def _bar(show: bool, total: int, desc: str):
    """A tqdm bar's ``update`` (closed when complete), or None."""
    if not show:
        return None
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="", leave=False)

    def update(k):
        bar.update(k)
        if bar.n >= total:
            bar.close()
    return update


def _interrupted(net, ranks: _Ranks, seed, nrows, t0) -> DimensionResult:
    """Ctrl-C during the elimination: the independent columns found so far, as a proved lower bound -- or,
    when an earlier prime's complete rank is larger, that rank with its own prime and pivots."""
    N, ambient = net.n_params, net.ambient_dimension
    e, p = ranks.interrupted
    reason = f"interrupted after {e.columns} of {N} columns modulo {p}: {len(e.pivots)} parameter directions proved " \
             "independent"
    lower, pivots = len(e.pivots), tuple(e.pivots)
    if ranks.best > lower:
        lower, pivots = ranks.best, tuple(ranks.pivots)
        reason += (f"; the complete rank {lower} modulo {ranks.best_prime} (an earlier prime) is the larger proved "
                   "lower bound")
    return DimensionResult(
        spec=net.spec, dimension=lower, ambient=ambient, parameters=N, expected=None, expected_source=None,
        fiber_dimension=N - lower, symmetry_dimension=None, upper_bound=min(ambient, N), defect=None,
        pivots=pivots, certified=False, reason=reason + " (a lower bound on the dimension)", probability_bound=1.0,
        method=METHOD, primes=tuple(ranks.primes) + (p,), seed=int(seed), rows=nrows,
        seconds=time.perf_counter() - t0, partial=True)



def _check_dimension_options(seed, margin, pivots, certify, bound_time, prefer_theorems=False):
    """The seed to use (drawn when None); bad options raise ParameterError."""
    import math
    import numbers

    from algnet.analyses.shared import check_seed
    from algnet.errors import ParameterError

    if isinstance(margin, bool) or not isinstance(margin, numbers.Integral) or margin < 0:
        raise ParameterError(f"margin={margin!r} must be a non-negative integer", hint="e.g. margin=2")
    for name, v in (("pivots", pivots), ("certify", certify), ("prefer_theorems", prefer_theorems)):
        if not isinstance(v, (bool, np.bool_)):
            raise ParameterError(f"{name}={v!r} must be True or False", hint=f"e.g. {name}=True")
    if isinstance(bound_time, bool) or not isinstance(bound_time, numbers.Real) or math.isnan(bound_time) \
            or bound_time <= 0:
        raise ParameterError(f"bound_time={bound_time!r} must be a positive number of seconds",
                             hint="e.g. bound_time=30")
    return check_seed(seed)
