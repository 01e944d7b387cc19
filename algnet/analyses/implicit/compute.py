"""implicitize: generators degree by degree and graded piece by graded piece."""

from __future__ import annotations

import time

from algnet.analyses.hilbert.compute import hilbert_summary, parameter_degree
from algnet.analyses.hilbert.engine import MAX_MONOMIALS, MAX_PIECE, GradedEngine
from algnet.analyses.hilbert.engine import PIECES_BUDGET, check_setup
from algnet.analyses.implicit.lifting import _Gen, _solve_piece, _to_generator
from algnet.analyses.implicit.prime_pool import PrimePool
from algnet.analyses.implicit.proofs import VERIFY_BOUND, _certify, _claims, _exact_points, _gens_jacobian_rank
from algnet.analyses.implicit.result import ImplicitResult
from algnet.analyses.network_input import network_dimension
from algnet.analyses.shared import check_seed, network_primes, records_dimension
from algnet.architectures.spec import parse_spec
from algnet.core.primes import check_primes
from algnet.errors import ParameterError, TooLargeError

#: Most primes an equation's coefficients are lifted from: 1000 primes of 28 bits reconstruct coefficients of
#: about 4000 digits (numerator and denominator); each prime costs a kernel of every graded piece
MAX_LIFT_PRIMES = 1000

__all__ = ["implicitize"]


@records_dimension
def implicitize(net, max_degree: int = 3, seed=None, primes=None, grading: str = "auto",
                verify_points: int = 3, time_limit: float | None = None, force: bool = False,
                max_monomials: int = MAX_MONOMIALS, max_piece: int = MAX_PIECE, max_primes: int = 24,
                certify="auto", show_progress: bool = False) -> ImplicitResult:
    """Minimal generators of the ideal of the neuromanifold's closure up to ``max_degree``.

    Parameters
    ----------
    net : Network or str
        A polynomial network (linear, dense, conv, attention, a polynomial map, ...) or its spec.
    max_degree : int
        Largest degree D of the equations sought.
    seed : int, optional
        Seed of every random choice (sample points, verification points); drawn
        when not given; stored.
    primes : sequence of int, optional
        Primes below 2^28 (default: the largest ones that divide no coefficient of the network: modulo such a
        prime the map is another map); at least two are used for every new equation.
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
        Give up lifting an equation after this many primes (each adds about 28 bits to the coefficients that
        can be reconstructed; more are taken only while the lifting fails). With ``primes`` given, those only.
        At most ``MAX_LIFT_PRIMES`` (1000).
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
    from algnet.guards import check_time_limit

    time_limit = check_time_limit(time_limit)
    if isinstance(max_degree, bool) or not isinstance(max_degree, int) or max_degree < 1:
        raise ParameterError(f"max_degree={max_degree!r} must be a positive integer", hint="e.g. max_degree=3")
    if isinstance(verify_points, bool) or not isinstance(verify_points, int) or verify_points < 1:
        raise ParameterError(f"verify_points={verify_points!r} must be a positive integer",
                             hint="every equation is checked exactly at verify_points=3 points or more")
    net = parse_spec(net)
    seed = check_seed(seed)
    check_setup(net, grading, force, time_limit, "implicitization")
    if isinstance(max_primes, bool) or not isinstance(max_primes, int) or max_primes < 2:
        raise ParameterError(f"max_primes={max_primes!r} must be an integer >= 2",
                             hint="e.g. max_primes=24")
    if max_primes > MAX_LIFT_PRIMES:
        raise ParameterError(f"up to {max_primes} primes to lift the equations from: the limit is {MAX_LIFT_PRIMES} "
                             f"({MAX_LIFT_PRIMES} primes of 28 bits lift coefficients of about 4000 digits, and each "
                             "prime costs a kernel of every graded piece)",
                             hint=f"max_primes={MAX_LIFT_PRIMES} or fewer; the default 24 lifts coefficients of about "
                                  "100 digits")
    # the default primes divide no constant of the network (map 268435399*x^2; y; x*y is (0, y, x*y) modulo the
    # largest default prime); more of them are drawn while an equation's coefficients fail to lift
    given = list(check_primes(primes)) if primes is not None else None
    dim = network_dimension(net, seed)
    engine, pool, grading_note = _checked_engine(net, seed, given, max_primes, grading, dim)
    dim = max(dim, engine.rank or 0)        # a rank mod p is a proved lower bound of dim M too
    N = engine.N
    names = tuple(net.coordinate_names())
    points = _exact_points(net, verify_points, seed)
    pdeg = parameter_degree(net, seed=0)
    # the primes the result rests on: those whose kernels gave the equations and the Hilbert function values
    stats = {"primes": set(), "rejected": 0, "pool": pool}
    if dim == N:
        _check_dominant_size(net, max_degree, force, time_limit)
        gens, H = [], [engine.level_count(e) for e in range(max_degree + 1)]
        new_per, complete, partial = [0] * (max_degree + 1), max_degree, False
        method = "the Jacobian of the parametrization has full rank: M is dense, the ideal is zero"
        stats["primes"].add(engine.primes[0])
    else:
        method = ("kernels of monomial evaluation matrices at points of M sampled mod p, graded pieces; "
                  "multimodular lifting; exact verification")
        gens, H, new_per, complete, partial = _graded_pieces(
            engine, points, max_degree, max_monomials, max_piece, max_primes, force, time_limit, t0,
            show_progress, stats)
    generators = tuple(_to_generator(g, N) for g in gens)
    left = None if time_limit is None else time_limit - (time.perf_counter() - t0)
    certified, cert_reason, stopped = _symbolic_proof(net, gens, N, certify, left)
    partial = partial or stopped
    # exact over QQ (a rank mod p can drop at a prime dividing coefficients of the map, and every prime tried can
    # be such a prime): the rank mod p settles it only when it reaches the upper bound N - dim
    jr = _gens_jacobian_rank(gens, points[0], N, engine.primes[:2], N - dim)
    cuts = (N - jr == dim) if gens or dim == N else False
    stab, hdim, hdeg, _, _, hev = hilbert_summary(engine, H, dim, 2)
    false_pass = max(((g.degree * pdeg) / (2 * VERIFY_BOUND + 1)) ** verify_points for g in generators) \
        if generators else 0.0
    claims = _claims(net, engine, generators, complete, max_degree, dim, N, jr, cuts, pdeg, verify_points,
                     false_pass, partial, stab, hdim, hdeg, hev)
    if grading_note:
        claims += "\n" + grading_note
    if generators:
        claims = (f"Proved: every equation vanishes on M ({cert_reason}).\n" if certified else
                  f"Not proved symbolically ({cert_reason}).\n") + claims
    return ImplicitResult(
        spec=net.spec, coordinate_names=names, max_degree=max_degree, generators=generators,
        hilbert_function=tuple(H), new_per_degree=tuple(new_per), complete_up_to_degree=complete,
        homogeneous=engine.homogeneous, verified=True, certified=certified, verify_points=verify_points,
        false_pass_bound=false_pass,
        dimension=dim, ambient=N, jacobian_rank=jr, cuts_out=cuts, hilbert_dimension=hdim, hilbert_degree=hdeg,
        hilbert_evidence=hev, grading=engine.grading.description, primes=tuple(sorted(stats["primes"],
                                                                                       reverse=True)),
        seed=seed, method=method, claims=claims, partial=partial, seconds=time.perf_counter() - t0)


def _checked_engine(net, seed, given, max_primes: int, grading, dim):
    """The graded engine on good primes, its grading checked over QQ, the primes to lift with, and a note.

    Modulo a prime at which the Jacobian of the map has lower rank the map is another map, whose image can have
    other linear equations and a larger torus (``map s + t; s + c*t; s*t`` with c = 1 modulo two primes is the
    plane y0 = y1 there, with a 2-torus; over QQ a quadric that is homogeneous for no torus): such primes are
    skipped (the screening of :class:`~algnet.analyses.hilbert.engine.GradedEngine`), and the torus found at
    the first two primes is checked over QQ at an integer point of M (a too large one would split the pieces and
    miss equations). The engine's primes are the first 8 (at most ``max_primes``) of the user's primes ``given``,
    or of the default ones; returns (engine, the :class:`~algnet.analyses.implicit.prime_pool.PrimePool` to lift
    with, note for the claims: '' when nothing to say)."""
    from algnet.analyses.hilbert.compute import parameter_degree as _pdeg
    from algnet.analyses.hilbert.exact import ExactRanks, checked_grading

    first = given[:8] if given is not None else network_primes(net, min(max(max_primes, 2), 8))
    engine = GradedEngine(net, seed=seed, primes=first, grading=grading,
                          rank=dim if dim < net.ambient_dimension else None)
    notes = []
    if engine.screened:
        notes.append(f"Skipped the primes {', '.join(map(str, engine.screened))}: modulo them the Jacobian of the "
                     "map has lower rank (the map is another map there).")
    # good primes first, then the others (drawn while an equation's coefficients fail to lift, up to max_primes)
    pool = PrimePool(net, engine.primes, max(max_primes, 2), skip=engine.screened, given=given)
    if dim < engine.N:
        g, why = checked_grading(engine, ExactRanks(net, seed, _pdeg(net, seed=0)))
        if g is not engine.grading:
            engine.grading, engine.levels = g, {}
            notes.append("The torus found modulo the first two primes failed its check over QQ (bad primes): the "
                         "coarser grading above was used.")
        elif why and "not checked" in why:
            notes.append(f"Note: {why}; the completeness above rests on the torus found modulo "
                         f"{engine.primes[0]}, {engine.primes[1]} (two bad primes could show a larger one).")
    return engine, pool, " ".join(notes)


def _check_dominant_size(net, top: int, force: bool, time_limit) -> None:
    """A dominant map has no equations, but its result lists H(e) for e = 0..top: refused when that list is
    too long (``implicit "linear 2-2-2" -d 10**12`` grew by 4 GB in 40 s and never returned)."""
    from algnet.analyses.hilbert.compute import DOMINANT_BYTES_PER_DEGREE, DOMINANT_SECONDS_PER_DEGREE
    from algnet.guards import DEFAULT_BUDGET, check_resources

    check_resources(f"{net.spec}: implicitization of a dominant map up to degree {top} (no equations; its "
                    f"Hilbert function lists all monomials, about {DOMINANT_SECONDS_PER_DEGREE * (top + 1):.0f} "
                    "CPU s)",
                    memory=DOMINANT_BYTES_PER_DEGREE * (top + 1), seconds=DOMINANT_SECONDS_PER_DEGREE * (top + 1),
                    time_limit=DEFAULT_BUDGET if time_limit is None else time_limit, force=force,
                    stops_at_time_limit=False,
                    hint="a smaller max_degree (M is dense in its coordinate space: the ideal is zero in every "
                         "degree)")


def _graded_pieces(engine, points, max_degree, max_monomials, max_piece, max_primes, force, time_limit, t0,
                   show_progress, stats):
    """The equations of degree 1, 2, ..., ``max_degree``, graded piece by graded piece, each size-checked
    before it starts; the time limit checked after every piece and enforced inside a long one; Ctrl-C or the
    limit keeps the degrees finished. Returns (generators, Hilbert function, new equations per degree,
    complete up to degree, partial)."""
    from algnet.guards import time_cap

    gens: list[_Gen] = []
    H, new_per, complete, partial = [1], [0], 0, False
    pbar = None
    if show_progress:
        from tqdm.auto import tqdm

        pbar = tqdm(desc="implicitize pieces", unit="piece")
    left = None if time_limit is None else max(time_limit - (time.perf_counter() - t0), 1e-3)
    try:
        # the limit is checked after every piece and, for one long piece, enforced inside it (as Ctrl-C)
        with time_cap(left, repeat=1.0):
            for e in range(1, max_degree + 1):
                if e == 2:
                    engine.set_linear([int(g.idx[0, 0]) for g in gens if g.level == 1])
                if e == 2 and time_limit is None:  # the whole job, estimated before the expensive degrees
                    engine.check_size(max_degree, max_monomials, max_piece, force, "implicitization",
                                      budget=PIECES_BUDGET)
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
    return gens, H, new_per, complete, partial


def _symbolic_proof(net, gens, N, certify, left):
    """The symbolic proof that every equation vanishes on M (:func:`_certify`) within the ``left`` seconds:
    (certified, reason, interrupted by Ctrl-C)."""
    if certify and left is not None and left <= 0:
        return False, "not attempted: the time limit was reached", False
    if not certify:
        return False, "not attempted (certify=False)", False
    from algnet.guards import time_cap

    scale = 100 if certify is True else 1
    try:
        with time_cap(left, repeat=1.0) as cap:      # the symbolic proof within the time left
            certified, reason = _certify(net, gens, N, 20_000 * scale, 2e5 * scale)
        return certified, reason, False
    except KeyboardInterrupt:  # keep the verified equations; only the symbolic proof is missing
        return False, ("stopped at the time limit" if cap.expired else "interrupted"), not cap.expired
