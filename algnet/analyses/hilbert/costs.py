"""The cost model of the graded engine: the size limits, the measured rates of its matrices, and the estimate
and check of the set-up (samplers per prime, the grading detection) before any graded piece."""

from __future__ import annotations

#: default limits (measured on a 2-core machine: a 3000 x 3000 nmod_mat rref
#: with conversions takes ~10 s; 3 million monomials need ~1 GB of indices)
MAX_MONOMIALS = 3_000_000
MAX_PIECE = 4000
#: Peak bytes per entry of one evaluation matrix's echelon form (int64 matrix, its residues as Python
#: ints, flint's fmpz_mat/nmod_mat and the nmod entries read back): measured 80 at n = 800 and 1600.
RREF_BYTES_PER_ENTRY = 80
#: CPU seconds per entry of the conversions (numpy residues to flint's nmod_mat and back: most of the set-up)
#: and per entry x column of flint's rref (measured, loaded machine: 1.2 s CPU for a 1604 x 1600 kernel;
#: ~1 s for the 936-column rrefs of the grading of dense 12-12-12 r=2, whose conversions took 5.8 s).
#: 3.5e-7 puts the set-up ladder of bench/bench_guards.py (126 to 1470 coordinates, five runs)
#: at estimate / measured CPU 0.84-1.29 (5e-7 gave 1.2-1.7; a single 1600 x 1000
#: matrix measured 5.5e-7).
CONVERT_SECONDS = 3.5e-7
RREF_RATE = 5e9
#: Peak bytes per entry of the set-up's largest residue matrix (:func:`estimate_setup`), an upper bound: the
#: set-up holds more than one echelon form's copies (the Jacobian, its transposed echelon form and the stacked
#: weight conditions). With RREF_BYTES_PER_ENTRY (80) the estimate was 0.65-0.79 of the measured peak on 15
#: networks from 126 to 1820 coordinates (dense, four-layer dense, conv; linear 0.83-1.18; dense 16-16-16 r=2 0.77):
#: below it, not above
#: (bench/bench_guards.py's set-up child, peak resident set above the warmed-up process; the table
#: in :func:`estimate_setup`). 144 puts the ladder (19 networks) at 1.2-1.54 x the measured peak.
SETUP_BYTES_PER_ENTRY = 144

#: CPU seconds of one graded piece of n monomials (its (n + 4) x n evaluation matrix: sampling, the
#: conversions and the echelon form): PIECE_SECONDS + (n + 4) n PIECE_ENTRY_SECONDS + (n + 4) n^2 / PIECE_RREF_RATE.
#: Fitted (relative least squares) to the Hilbert function's pieces of linear 4-2-4 up to 6 and 7, dense 3-3-1 r=3
#: up to 8 and 9, dense 3-3-3 r=2 up to 6 (1 to 24 CPU s): estimate / measured CPU
#: 0.95-1.06 (the set-up's constants gave 0.37-3.4: per-piece overhead too high, the echelon form 15x too fast);
#: bench/bench_guards.py --pieces reruns the ladder.
PIECE_SECONDS = 4.5e-5
PIECE_ENTRY_SECONDS = 4.5e-7
PIECE_RREF_RATE = 4.4e8
#: The implicitization's seconds per piece (kernels lifted over several primes, products of lower generators,
#: exact checks) instead of PIECE_SECONDS: the same ladder (linear 4-2-4 up to 6, dense 3-3-1 r=3 up to 7 and 8,
#: dense 3-3-3 r=2 up to 5; 1.2-6.1 CPU s) at estimate / measured CPU 0.77-1.39 (with
#: PIECE_SECONDS: 0.28 on linear 4-2-4's 11,917 small pieces).
IMPLICIT_PIECE_SECONDS = 3e-4
#: CPU seconds of a piece in algebraically independent coordinates, which is not ranked (its coordinates' rank
#: looked up, or taken once for a new set of them): measured 0.4-16 microseconds a piece (wall clock, loaded
#: 2-core machine) on linear 3-2-3 up to degree 5 (756 such pieces of 802), linear 4-2-4 up to 4 (1540 of 1725),
#: dense 3-2-1 r=2 up to 6 (195 of 245); formerly each was estimated as a ranked piece (PIECE_SECONDS and its
#: matrix): linear 3-2-3 up to 6 and linear 4-2-4 up to 5 were estimated at 6.5x and 4.2x the CPU their pieces
#: took (now 1.6x)
SKIPPED_PIECE_SECONDS = 1.5e-5
#: CPU seconds per unit of the exact ranks over QQ (:data:`~algnet.analyses.hilbert.exact.EXACT_BUDGET`'s units,
#: n (n + 4) e deg for a piece of n monomials at degree e): measured 4.3-12e-7 (linear 3-2-3 up to 5, linear 4-2-4
#: up to 6, linear 3-1-3 up to 4, dense 3-2-1 r=2 up to 6, dense 3-3-1 r=3 up to 8, dense 3-3-3 r=2 up to 5,
#: conv k=2,2 r=2 up to 5; 0.02-0.43 CPU s a run)
EXACT_UNIT_SECONDS = 8e-7


#: ModP integer matrix products (multiply-adds per second, measured 1.4e9 on this machine).
MATMUL_RATE = 1.4e9
#: Default budget (seconds) of the set-up (samplers, grading detection) when no time limit is given.
SETUP_SECONDS = 60.0
#: Default budget (CPU seconds) of the graded pieces when no time limit is given (as the singular strata and
#: the critical points: 10 min); with a time limit, the pieces stop at the limit (a partial result) instead.
PIECES_BUDGET = 600.0
#: Points per prime the grading detection typically samples (until two more leave the weights unchanged).
GRADING_POINTS = 5


def estimate_setup(net, grading: str = "auto") -> dict:
    """Estimated peak memory (bytes) and CPU seconds of the set-up before the first graded piece.

    Each sampler (two primes) inverts the m x m Vandermonde matrix of the
    output monomials; detecting the grading takes, at :data:`GRADING_POINTS`
    points per prime, the Jacobian (coordinates Nc x parameters P; m^2 P
    multiply-adds per output), the echelon form of its transpose (P x Nc), and
    the echelon form of the weight conditions found so far stacked with the
    point's new ones: up to Nc + codim rows of Nc columns, codim = Nc - dim M
    >= Nc - P. Every echelon form converts its residues to flint and back
    (:data:`CONVERT_SECONDS` per entry, 3.5-5.5e-7 s CPU per entry for a 1600 x
    1000 residue matrix), which is most of the set-up. The memory is
    :data:`SETUP_BYTES_PER_ENTRY` per entry of the largest matrix, an upper
    bound of the measured peak (no floor is needed: five networks of 16 to 45
    coordinates peaked at 0.17-0.57 of their estimates of 46-437 KiB; only
    conv k=2,2 r=2, 12 KiB measured against 7.5 KiB, is under, by the 4 KiB
    pages of the resident set). From counts only: nothing is built. Seconds
    are CPU seconds; on a shared machine the wall clock is longer
    (:func:`algnet.guards.load_factor`).

    Estimate / measured peak (resident set above the warmed-up process;
    the estimate at 80 bytes an entry in parentheses):

    ====================  ======  =========  ==========  ===========
    spec                  coords  meas. MiB  est. MiB    est./meas.
    ====================  ======  =========  ==========  ===========
    dense 6-6-6 r=2       126     2.7        3.4 (2.0)   1.26 (0.76)
    dense 10-10-10 r=2    550     55.4       71.3 (41.1) 1.29 (0.74)
    dense 14-14-14 r=2    1470    434        532 (303)   1.23 (0.70)
    dense 16-16-16 r=2    2176    870        1182 (672)  1.36 (0.77)
    dense 5-5-5-5 r=2     350     25.6       30.8 (17.5) 1.20 (0.68)
    dense 7-7-7-7 r=2     1470    450        570         1.27
    linear 10-5-10        100     1.1        1.7 (1.1)   1.54 (0.95)
    linear 14-7-14        196     5.0        6.5 (4.1)   1.29 (0.83)
    linear 26-13-26       676     58.5       76.8        1.31
    conv k=3,3,3 r=2      210     8.9        11.9 (6.6)  1.34 (0.75)
    conv k=5,5,5 r=2      1820    637        907 (504)   1.42 (0.79)
    ====================  ======  =========  ==========  ===========

    So ``dense 30-30-30 r=2`` (13950 coordinates) needs about 39 GiB by the
    measured 114 bytes an entry (estimated 49.6 GiB): above this 23 GiB machine,
    refused even under ``force``, as before (when the estimate said 27.9 GiB).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> small, big = estimate_setup(parse_spec("linear 3-1-3")), estimate_setup(parse_spec("dense 30-30-30 r=2"))
    >>> small["seconds"] < 1 < SETUP_SECONDS < big["seconds"]
    True
    """
    m, P = net.monomial_count(), net.n_params
    Nc = m * net.n_outputs
    r = min(Nc, P)
    codim = max(Nc - P, 1)
    vander = SETUP_BYTES_PER_ENTRY * m * m, 2 * m * m * CONVERT_SECONDS + m ** 3 / RREF_RATE
    if grading == "none":
        memory, seconds = vander[0], 2 * vander[1]
    else:
        rows = min(Nc + codim, 2 * Nc)          # the weight conditions stacked with one point's new ones
        point = (net.n_outputs * m * m * P / MATMUL_RATE + (Nc * P + rows * Nc) * CONVERT_SECONDS
                 + (r * r * max(Nc, P) + rows * Nc * Nc / 2) / RREF_RATE)
        memory = max(vander[0], SETUP_BYTES_PER_ENTRY * Nc * max(P, rows) + 8 * 4 * Nc * P)
        seconds = 2 * vander[1] + 2 * GRADING_POINTS * point
    return {"monomials": m, "coordinates": Nc, "memory": memory, "seconds": seconds}


def check_setup(net, grading: str, force: bool, time_limit, what: str) -> None:
    """Refuse (TooLargeError with the estimate) a set-up above the machine's memory, or longer than
    ``time_limit`` (default :data:`SETUP_SECONDS`) of wall clock (the CPU estimate times
    :func:`algnet.guards.load_factor`), unless ``force``.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> check_setup(parse_spec("linear 3-1-3"), "auto", False, None, "Hilbert function")    # small: passes
    >>> check_setup(parse_spec("dense 30-30-30 r=2"), "auto", False, None, "Hilbert function")
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: dense 30-30-30 r=2: the Hilbert function works in 13950 coordinates ...
    """
    from algnet.analyses.routes_estimate import cheaper_routes
    from algnet.guards import check_resources, format_bytes, format_seconds, load_factor

    # force lifts the size limits and the default budget, not a time limit given, nor a memory estimate above the
    # whole machine (check_resources: conv k=20,20,20 r=2 --force allocated its 521,855^2 monomial matrix, 1.98 TiB)
    est = estimate_setup(net, grading)
    f = load_factor(1)          # the set-up runs in one thread
    wall = est["seconds"] * f
    busy = f" of CPU, {format_seconds(wall)} at this machine's load" if f > 1.5 else ""
    check_resources(
        f"{net.spec}: the {what} works in {est['coordinates']} coordinates ({est['monomials']} monomials per "
        f"output); its set-up (sampling points of M, detecting the grading; estimated "
        f"{format_bytes(est['memory'])}, {format_seconds(est['seconds'])}{busy})",
        memory=est["memory"], seconds=wall,
        time_limit=None if force and time_limit is None else SETUP_SECONDS if time_limit is None else time_limit,
        force=force,
        stops_at_time_limit=time_limit is None,      # a time limit given holds under force (the set-up cannot stop)
        hint=lambda: cheaper_routes(net, memory=est["memory"], seconds=wall, time_limit=f"a time_limit= above "
                                    f"the estimate (default budget {format_seconds(SETUP_SECONDS)})"),
        coordinates=est["coordinates"])
