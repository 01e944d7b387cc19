"""hilbert_function: ranks of graded evaluation matrices degree by degree, and the summary."""

from __future__ import annotations

import time
from math import comb

import numpy as np

from algnet.analyses.hilbert.engine import MAX_MONOMIALS, MAX_PIECE, PIECES_BUDGET, GradedEngine, check_setup
from algnet.analyses.hilbert.exact import ExactRanks, checked_grading, dimension_floor
from algnet.analyses.hilbert.ranking import PieceRanks
from algnet.analyses.hilbert.result import HilbertResult
from algnet.analyses.hilbert.series import hilbert_polynomial_from_values
from algnet.analyses.network_input import network_dimension
from algnet.analyses.shared import check_seed, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.core.backends import FlintExact
from algnet.core.numbers import fmpq_poly, fmpz_poly
from algnet.errors import ParameterError, TooLargeError

__all__ = ["hilbert_function", "hilbert_summary", "parameter_degree"]


def parameter_degree(net, seed=0) -> int:
    """Degree of the coordinates of f_theta as polynomials in theta (along a random line).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> parameter_degree(parse_spec("dense 2-2-2-1 r=2"))     # 1 + 2 + 4
    7
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(-50, 51, size=net.n_params)
    b = rng.integers(-50, 51, size=net.n_params)
    th = np.empty(net.n_params, dtype=object)
    for i in range(net.n_params):
        th[i] = fmpq_poly([int(a[i]), int(b[i])])
    X = net.random_inputs(1, seed=seed, bound=50)
    out = net.evaluate(th, X, backend=FlintExact())
    return max(int(v.degree()) if isinstance(v, (fmpz_poly, fmpq_poly)) else 0 for v in np.ravel(out))


def hilbert_summary(engine, values, jac_dim: int, min_evidence: int = 2) -> tuple:
    """Whether the Hilbert function ``values`` (degrees 0, 1, ...) has become polynomial, and what it says.

    Returns ``(stabilized, dimension, degree, polynomial, numerator, evidence)``: the Hilbert series
    Q(t)/(1-t)^k fitted to the values, accepted when its last ``min_evidence`` coefficients of Q
    vanish and the dimension it gives agrees with the Jacobian rank ``jac_dim`` (a heuristic, no
    regularity bound); ``dimension``, ``degree`` and ``polynomial`` are None / () otherwise.
    ``engine`` (a :class:`~algnet.analyses.hilbert.engine.GradedEngine`) tells whether the grading
    is homogeneous and the number of coordinates.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.hilbert.engine import GradedEngine
    >>> eng = GradedEngine(parse_spec("linear 2-1-2"), seed=0)     # the quadric cone det = 0 in C^4
    >>> stab, dim, deg = hilbert_summary(eng, [1, 4, 9, 16, 25, 36], 3)[:3]
    >>> stab, dim, deg
    (True, 3, 2)
    >>> hilbert_summary(eng, [1, 4, 9], 3)[0]                      # too few values to tell
    False
    """
    hom = engine.homogeneous
    # K[c]/I(M) has Hilbert series Q(t)/(1-t)^n with n the number of variables: no larger k is needed
    fit = hilbert_polynomial_from_values(values, min_evidence, max_k=engine.N + 1)
    dim = deg = None
    poly, num = (), ()
    if fit is None:
        evidence = (f"no numerator Q(t) with {min_evidence} vanishing trailing coefficients up to degree "
                    f"{len(values) - 1}")
        stab = False
    else:
        k, Q, P, trailing = fit
        dim_fit = k if hom else k - 1
        num = tuple(Q)
        if dim_fit == jac_dim:
            stab = True
            dim, deg, poly = dim_fit, int(sum(Q)), tuple(P)
            evidence = (f"Hilbert series Q(t)/(1-t)^{k} with Q = {list(Q)}: the last {trailing} computed "
                        f"coefficients of Q vanish (heuristic: no regularity bound used); dimension {dim_fit} "
                        f"agrees with the Jacobian rank")
        else:
            stab = False
            evidence = (f"apparent numerator Q = {list(Q)} over (1-t)^{k} gives dimension {dim_fit}, but the "
                        f"Jacobian rank gives {jac_dim}: H has not become polynomial yet (compute more degrees)")
    return stab, dim, deg, poly, num, evidence


@records_dimension
def hilbert_function(net, up_to: int = 4, seed=None, primes=None, grading: str = "auto",
                     min_evidence: int = 2, max_monomials: int = MAX_MONOMIALS, max_piece: int = MAX_PIECE,
                     force: bool = False, time_limit: float | None = None, until_stable: bool = False,
                     show_progress: bool = False) -> HilbertResult:
    """Hilbert function of M's coordinate ring up to degree ``up_to``, and the
    Hilbert polynomial (hence dimension and degree) when it has visibly
    become polynomial.

    Parameters
    ----------
    net : Network or str
        A polynomial network (or its spec).
    up_to : int
        Largest degree e.
    seed : int, optional
        Seed of the random points (drawn when not given; stored in the result).
    primes : sequence of int, optional
        Primes (< 2^28); the first is used for the ranks, the second to
        reconstruct the grading.
    grading : {"auto", "total", "none"}
        "auto" detects the largest diagonal torus preserving M and works
        graded piece by graded piece; "total" uses only the total degree
        (cones); "none" no grading at all.
    min_evidence : int
        Number of vanishing trailing coefficients of the Hilbert-series
        numerator required before the polynomial is declared.
    max_monomials, max_piece, force :
        Refuse (TooLargeError) above these sizes unless ``force=True``.
    time_limit : float, optional
        Seconds; stop after the graded piece at which the limit passes, or
        before a degree whose listing of monomials would pass it (extrapolated
        from the degree below), and keep the complete degrees (result marked
        partial, ``stopped`` says why).
    until_stable : bool
        Stop at the first degree where the Hilbert polynomial is determined
        (``up_to`` is then the largest degree tried); a degree beyond the size
        limits ends the computation instead of raising. This is the mode for
        computing a degree (``algnet degree --method hilbert``).
    show_progress : bool
        tqdm progress bar over graded pieces.

    Returns
    -------
    HilbertResult

    Raises
    ------
    TooLargeError
        When the estimated number of monomials or the largest graded piece
        is above the limits (names the estimate and cheaper routes).

    Notes
    -----
    Cost: one rank of a (h + 4) x n matrix modulo p per graded piece of n
    monomials (h its rank), a second one modulo another prime when h < n,
    plus one network evaluation per sample point. Pieces whose coordinates
    are algebraically independent on M (full-rank Jacobian rows, a proof) are
    skipped. A piece is ranked over QQ as well only when that can change the
    answer: the two primes disagree, its rank is below a proved floor from
    degree e - 1, or a bad prime has shown (the screening dropped a prime,
    the grading failed its check over QQ, a piece was raised over QQ); then
    every piece below full rank is, within a budget
    (:mod:`~algnet.analyses.hilbert.ranking`). Equal ranks at two primes are
    wrong only if both are bad for the piece: ``exact_check`` says which
    pieces rest on that, which no probability covers.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> h = hilbert_function(parse_spec("conv k=2,2 r=2"), up_to=5, seed=1)
    >>> h.values, h.dimension, h.degree
    ((1, 5, 14, 27, 44, 65), 3, 4)
    >>> hilbert_function(parse_spec("linear 4-2-3"), up_to=12, until_stable=True, seed=0).values
    (1, 12, 78, 360, 1320)
    """
    t0 = time.perf_counter()
    from algnet.guards import check_time_limit

    time_limit = check_time_limit(time_limit)
    if isinstance(up_to, bool) or not isinstance(up_to, int) or up_to < 0:
        raise ParameterError(f"up_to={up_to!r} must be a non-negative integer", hint="e.g. up_to=4")
    if isinstance(min_evidence, bool) or not isinstance(min_evidence, int) or min_evidence < 1:
        # 0 would accept any numerator (no vanishing coefficient asked): a Hilbert polynomial from no evidence
        raise ParameterError(f"min_evidence={min_evidence!r} must be a positive integer", hint="e.g. min_evidence=2")
    net = parse_spec(net)
    seed = check_seed(seed)
    check_setup(net, grading, force, time_limit, "Hilbert function")
    jac_dim = network_dimension(net, seed) if getattr(net, "polynomial", True) else 0   # else the engine refuses
    # modulo a prime at which the map's Jacobian has a lower rank the map is another map: such primes are skipped
    engine = GradedEngine(net, seed=seed, primes=primes, grading=grading,
                          rank=jac_dim if jac_dim < net.ambient_dimension else None)
    jac_dim = max(jac_dim, engine.rank or 0)       # a rank mod p is a proved lower bound of dim M too
    engine.rank_passes = 2      # a piece below full rank is ranked at the second prime too (PieceRanks)
    N = engine.N
    exact = ExactRanks(net, seed, parameter_degree(net, seed=0))
    graded = ""
    suspect = (f"the screening dropped the primes {', '.join(map(str, engine.screened))} (the Jacobian lost rank "
               f"there)" if engine.screened else "")
    if jac_dim < N:     # a torus found modulo bad primes can be too large: checked over QQ when small
        g, graded = checked_grading(engine, exact)
        if g is not engine.grading:
            engine.grading, engine.levels = g, {}
            suspect = suspect or "the grading found modulo the primes failed its check over QQ"
    ranks = PieceRanks(engine, exact, suspect)
    values = [1]
    partial, stopped = False, ""
    p = engine.primes[0]
    if jac_dim == N:
        top = min(up_to, min_evidence) if until_stable else up_to
        _check_dominant_size(net, top, force, time_limit)
        values = [engine.level_count(e) if engine.homogeneous else comb(N + e, e) for e in range(top + 1)]
        method = "dominant: the Jacobian has full rank (ideal zero), H(e) counts all monomials"
    else:
        method = "ranks of evaluation matrices at random points of M mod p, graded pieces"
        pbar = None
        if show_progress:
            from tqdm.auto import tqdm

            pbar = tqdm(desc="hilbert pieces", unit="piece")
        try:
            if up_to >= 1:
                engine.check_size(1, max_monomials, max_piece, force, "Hilbert function", time_limit=time_limit)
                engine.set_linear(ranks.linear())
                values.append(ranks.sums[1])       # affine M: the constant 1 is in level 1 too
            if time_limit is None and not until_stable:
                engine.check_size(up_to, max_monomials, max_piece, force, "Hilbert function", budget=PIECES_BUDGET)
            partial, stopped = _higher_degrees(engine, ranks, values, up_to, (max_monomials, max_piece, force),
                                               (t0, time_limit), until_stable, (jac_dim, min_evidence), pbar)
        except KeyboardInterrupt:
            partial = True
        except TimeoutError:
            partial, stopped = True, f"stopped at the time limit ({time_limit:g} s) in degree {len(values)}"
        finally:
            if pbar is not None:
                pbar.close()
        values[1:] = [ranks.sums.get(d, 0) for d in range(1, len(values))]
    stab, dim, deg, poly, num, evidence = hilbert_summary(engine, values, jac_dim, min_evidence)
    if jac_dim == N and stab:
        evidence = (f"exact: the ideal of M is zero (dim M = {N} coordinates), Hilbert series 1/(1-t)^{N}"
                    if engine.homogeneous else
                    f"exact: the ideal of M is zero (dim M = {N} coordinates), H(e) = C({N} + e, e)")
    pdeg = exact.pdeg
    # dominant: a rank mod p equal to the number N of coordinates is a proved lower bound meeting the upper bound
    # N, so the ideal of M is zero and H(e) counts all monomials, with no probability of error
    # otherwise one union bound over every graded piece of every degree e (Schwartz-Zippel on a maximal minor of
    # rank h, degree h e pdeg in the sampled parameters): sum over e of H(e) e pdeg / p for the whole list
    # (the integer points of the exact ranks are drawn from a range of at least p: the same bound covers them)
    # a piece accepted on two primes' equal ranks is wrong only if both are bad for it (no probability covers that:
    # the result says so) or the draw was unlucky at a good one: the bound at the smaller prime covers that
    pmin = min(p, engine.primes[1])
    bound = 0.0 if jac_dim == N else sum(h * e for e, h in enumerate(values)) * pdeg / pmin
    check = "" if jac_dim == N else "; ".join(t for t in (ranks.describe(engine.primes[:2]), graded) if t)
    low = next((e for e, h in enumerate(values) if h < dimension_floor(jac_dim, e, engine.homogeneous)), None)
    if ranks.bad and exact.skipped:
        # p lowered ranks checked over QQ: the ranks not checked may be lowered too (no probability claimed)
        bound, stab, dim, deg, poly = 1.0, False, None, None, ()
        evidence = f"no Hilbert polynomial from lower bounds: {check}"
    elif low is not None:
        # proved wrong: a rank not checked over QQ was lowered by a bad prime; no probability is claimed
        bound, stab, dim, deg, poly = 1.0, False, None, None, ()
        check = (f"H({low}) = {values[low]} is below {dimension_floor(jac_dim, low, engine.homogeneous)}, a "
                 f"proved lower bound from dim M >= {jac_dim}: the prime {p} is a bad one for pieces not ranked "
                 f"over QQ; the values are lower bounds only, with no probability of being exact ({check})")
        evidence = "no Hilbert polynomial: " + check
    return HilbertResult(
        spec=net.spec, values=tuple(values), homogeneous=engine.homogeneous, stabilized=stab, dimension=dim,
        degree=deg, polynomial=poly, numerator=num, stabilization=evidence, jacobian_dimension=jac_dim, ambient=N,
        grading=engine.grading.description,
        pieces=tuple(len(engine.levels[e]) if e in engine.levels else 0 for e in range(len(values))),
        method=method, primes=(p, engine.primes[1]), seed=seed, probability_bound=min(1.0, bound),
        partial=partial, seconds=time.perf_counter() - t0, ideal_zero=jac_dim == N, exact_check=check,
        stopped=stopped)


def _higher_degrees(engine, ranks: PieceRanks, values: list, up_to: int, limits: tuple, clock: tuple,
                    until_stable: bool, summary: tuple, pbar) -> tuple:
    """Degrees 2..``up_to``, appended to ``values``: (partial, why it stopped). ``limits`` (max_monomials,
    max_piece, force), ``clock`` (t0, time_limit): under a time limit a degree whose listing of monomials
    (extrapolated from the previous one's measured seconds) would pass the limit is not started, and the ranking
    stops (TimeoutError) after the graded piece at which the limit passes; ``summary`` (jac_dim, min_evidence)
    decides ``until_stable``."""
    t0, time_limit = clock
    listed = None
    for e in range(2, up_to + 1):
        values[1:] = [ranks.sums[d] for d in range(1, e)]      # an exact rank can raise an earlier degree
        if until_stable and hilbert_summary(engine, values, *summary)[0]:
            break
        if time_limit is not None or until_stable:
            try:
                engine.check_size(e, *limits, "Hilbert function", time_limit=time_limit)
            except TooLargeError:
                return True, f"degree {e} above the size limits"
        if time_limit is not None and listed is not None and e not in engine.levels:
            need = listed[0] * engine.level_count(e) / max(listed[1], 1)
            if time.perf_counter() - t0 + need > time_limit:
                return True, (f"stopped at the time limit ({time_limit:g} s): listing the monomials of degree {e} "
                              f"would pass it (about {need:.1f} s more)")
        t = time.perf_counter()
        level = engine.level(e)
        listed = (time.perf_counter() - t, engine.level_count(e))
        for piece in level.values():
            ranks.rank(piece, e)
            if pbar is not None:
                pbar.update(1)
            if time_limit is not None and time.perf_counter() - t0 > time_limit:
                raise TimeoutError
        values.append(ranks.sums.get(e, 0))
    return False, ""


#: the dominant case lists C(N + e - 1, e) for e = 0..up_to and summarises the series: 3.7 CPU s and 170 MiB
#: peak for up_to = 10^6 (N = 3); up_to = 10^8 ran for minutes without a word
DOMINANT_SECONDS_PER_DEGREE = 5e-6
DOMINANT_BYTES_PER_DEGREE = 200


def _check_dominant_size(net, top: int, force: bool, time_limit) -> None:
    from algnet.guards import DEFAULT_BUDGET, check_resources

    # the project's default budget (CPU seconds), not the graded pieces' ranking budget PIECES_BUDGET: listing
    # binomials is another cost
    check_resources(f"{net.spec}: Hilbert function of a dominant map up to degree {top} (all monomials; "
                    f"about {DOMINANT_SECONDS_PER_DEGREE * (top + 1):.0f} CPU s)",
                    memory=DOMINANT_BYTES_PER_DEGREE * (top + 1), seconds=DOMINANT_SECONDS_PER_DEGREE * (top + 1),
                    time_limit=DEFAULT_BUDGET if time_limit is None else time_limit, force=force,
                    stops_at_time_limit=False,
                    hint="a smaller up_to (the ideal of M is zero: H(e) = C(N + e - 1, e), or C(N + e, e) when "
                         "M is not a cone)")
