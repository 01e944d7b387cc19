"""One monodromy attempt of :func:`algnet.analyses.degree.degree`.

The witness system, the monodromy search, the trace test, the optional fiber
count and Krawczyk's certification, run once with one seed. Whatever step a
Ctrl-C interrupts, the witness points found so far are kept and the attempt
is marked partial, with ``stop_reason`` naming the step (the degree is then
a lower bound). :func:`~algnet.analyses.degree.degree` retries attempts whose
trace test fails.

Examples
--------
>>> from algnet import parse_spec
>>> out = monodromy_attempt(parse_spec("linear 2-1-2"), 3, 0, degree_options())
>>> out["degree"], out["trace_test_passed"]
(2, True)
"""

from __future__ import annotations

import logging
import time

import numpy as np

from algnet.guards import time_cap

__all__ = ["monodromy_attempt", "monodromy_route", "TRACE_TOLERANCE", "CONE_LOOP_SCALE", "DEGREE_STOP_BATCH",
           "DEGREE_STOP_ALL_BELOW", "DEGREE_START_CHUNK", "degree_options"]

#: The degree route's trace test passes below this relative residual. Measured (seed 0): complete witness
#: sets give 1e-15 to 1e-13 (conv k=2,2,2 r=2, dense 3-2-3 r=2, linear 6-2-4, dense 2-2-1 r=7, conv k=3,2,2
#: r=2: 48 to 384 points); leaving one point out gives at least 1.2e-4, 7.1e-5, 2.2e-4, 1.5e-3 and 5.2e-6,
#: and on dense 2-2-2-1 r=3 (seed 1) 6.5e-7: there the solver's default 1e-6 passed 69 of its 70 points.
#: The smallest such signal shrinks about like 1 / degree.
TRACE_TOLERANCE = 1e-9


#: ``loop_scale`` of the degree route's monodromy when the network is homogeneous (its image a cone): random
#: nodes about as large as p0 instead of 10 times (``MonodromyOptions.loop_scale``). On a cone the loops
#: permute the witness points alike at every scale: the same paths per seed at 0.5, 1, 2, 3, 10 and 30 (conv
#: k=3,3 r=2 and conv k=2,2,2 r=2, seeds 0-5; linear 3-1-3, conv k=2,3, linear 4-2-4, dense 3-2-2 r=2, dense
#: 3-2-3 r=2, seeds 0-3; one path of 2,127 differs on conv k=3,3 seed 5), while the paths are shorter:
#: evaluations per path at 10 -> 1: 65.8 -> 59.8 (conv k=3,3), 83.1 -> 70.7 (conv k=2,2,2), 84.8 -> 80.1
#: (linear 4-2-4), 89.6 -> 80.4 (dense 3-2-2). A network with biases keeps 10 (not a cone: there the scale
#: changes the loops).
CONE_LOOP_SCALE = 1.0

#: ``TrackerOptions.stop_batch`` of the degree route: a call of the tracker returns when three quarters of the
#: paths under way have stopped (the default 0.25: a quarter). Each return costs Python work (endpoint keys,
#: the graph, new transports), which on the small cases weighs as much as the tracking. On ``bench_degree``'s
#: cases (the same paths on every seed, +-1 on two) 0.75 takes 0.70-0.97x the CPU of 0.25, 0.5 lies in between,
#: and 0.9 or 1.0 lose on dense 3-2-3 (the graph then waits for the slowest paths).
DEGREE_STOP_BATCH = 0.75

#: ``TrackerOptions.stop_all_below`` of the degree route: with fewer than 16 paths under way (the path-by-path
#: kernel) a call of the tracker tracks them all to their end instead of returning at three quarters of them (each
#: return costs the solver's Python work: endpoints, keys, the graph, new transports). On ``bench_degree``'s cases
#: (seeds 0-19): the same degrees, every trace test passed, nearly the same paths (endpoints then leave the
#: path-by-path kernel, which rounds unlike the batched one), 0.88-0.98x the CPU; 32 (blocks of 16 run on too):
#: no better than 16.
DEGREE_STOP_ALL_BELOW = 16

#: ``MonodromyOptions.start_chunk`` of the degree route: once Good–Turing's estimate of the share of random starts
#: landing on a point no start has hit is below 0.3, the starts tracked when the graph grows go 8 at a time, the
#: next chunk only while that share is at least ``start_unseen`` (0.2); the first batch of 32 is sent whole (on
#: degree-6 cases it finds every point in 16 of 20 seeds, and the run ends after the trace edges). On
#: ``bench_degree``'s cases (the same degrees and passing trace tests on every run) this takes up to 12% fewer
#: paths per witness point (linear 4-2-4, dense 3-2-2), the same elsewhere. Chunks whatever the share cost
#: linear 6-2-4 6-10% more CPU for the same paths (the last chunk of a round tracked nearly alone); chunking the
#: first batch too lost on the degree-6 cases, whose last point is one that few starts reach; no restarts at all
#: lost on dense 3-2-3 (10.19 -> 13.40 paths a point).
DEGREE_START_CHUNK = 8


def degree_options(net=None, **changes):
    """The degree route's monodromy options: ``MonodromyOptions(max_loops_no_progress=3,
    trace_tolerance=TRACE_TOLERANCE, trace_first=True, start_chunk=DEGREE_START_CHUNK, growth="found",
    tracker=TrackerOptions(stop_batch=DEGREE_STOP_BATCH, stop_all_below=DEGREE_STOP_ALL_BELOW))``,
    with ``loop_scale=CONE_LOOP_SCALE`` when ``net`` is given and homogeneous, and with ``changes``.

    ``growth="found"`` (:class:`~algnet.homotopy.monodromy.MonodromyOptions`, ``edge_after`` 4): the graph
    grows by an edge between two of its nodes (one path per known point) after a round that found at least 4
    new points at p0, else by a new random node (two paths per known point). Measured
    (``bench_degree``'s options, path counts; the same degrees and passing trace tests on every run), paths per
    witness point, median over seeds 0-2 / median (mean) over seeds 0-19, ``"node"`` -> ``"found"``: conv k=3,3
    6.33 / 9.00 (10.56) -> 6.33 / 9.00 (10.61), linear 4-2-4 9.00 / 9.00 (10.32) -> 9.00 / 9.00 (10.37), dense
    3-2-2 13.67 / 9.67 (10.25) -> the same, conv k=2,2,2 14.50 / 14.42 (15.97) -> 14.50 / 14.50 (16.50), dense
    3-2-3 10.19 / 11.84 (13.76) -> 9.09 / 11.49 (13.24), linear 6-2-4 21.61 / 11.91 (15.19) -> 13.61 / 11.61
    (14.46); linear 3-1-3 and conv k=2,3 the same paths on every seed. ``edge_after`` 2 (an edge after any
    round that found two points): conv k=2,2,2 14.67 / 14.58 (16.94), dense 3-2-3 9.09 / 10.48 (12.95),
    linear 6-2-4 11.61 / 11.61 (14.36); 3: conv k=2,2,2 14.67 / 14.58 (16.74), linear 6-2-4 14.61 / 11.61;
    2 and an edge only after a node: linear 6-2-4 22.61 / 12.11. Where edges do not pay (conv k=2,2,2: after
    rounds that found 3 points, 0 of 5 edges found one) the last points wait for a new node; where they do
    (linear 6-2-4, dense 3-2-3) a round that found several points means several are still missing, and a loop
    of either kind finds some, the edge at half the price.

    ``trace_first`` (:class:`~algnet.homotopy.monodromy.MonodromyOptions`): the starting graph's random node
    joins only when p0 and the trace points are saturated without a passing test. Measured
    (``bench_degree``'s options, seeds 0-5): where the 32 random starts find every point the run
    ends after the two trace edges: linear 3-1-3 62/62/60/62/61/62 -> 44/44/62/62/44/44 paths, conv k=2,3
    r=2 60-62 -> 44 on all six seeds, linear 4-2-3 60/106/60/61/58/62 -> 44/106/44/44/44/44, the same
    degrees; conv k=3,3 r=2, linear 4-2-4, dense 3-2-2 r=2, conv k=2,2,2 r=2 and dense 2-2-1 r=7 tracked the
    same paths on every seed (the points known at each saturation do not depend on when the random node
    joins). Fewer starts (16 or 12) with it: means 41-56 paths over ten seeds against 44-50, and more spread.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> degree_options().trace_tolerance, degree_options(max_loops=5).max_loops, degree_options().tracker.stop_batch
    (1e-09, 5, 0.75)
    >>> degree_options().loop_scale, degree_options(parse_spec("conv k=2,2 r=2")).loop_scale
    (10.0, 1.0)
    >>> degree_options().growth, degree_options().edge_after
    ('found', 4)
    """
    from algnet.homotopy.monodromy import MonodromyOptions
    from algnet.homotopy.tracker import TrackerOptions

    base = {"max_loops_no_progress": 3, "trace_tolerance": TRACE_TOLERANCE, "trace_first": True,
            "start_chunk": DEGREE_START_CHUNK, "growth": "found",
            "tracker": TrackerOptions(stop_batch=DEGREE_STOP_BATCH, stop_all_below=DEGREE_STOP_ALL_BELOW)}
    if net is not None and getattr(net, "homogeneous", False):
        base["loop_scale"] = CONE_LOOP_SCALE
    return MonodromyOptions(**{**base, **changes})


def monodromy_attempt(net, dim: int, seed: int, opt, *, fiber: bool = False, fiber_slice: str = "coordinate",
                      certify: bool = True, show_progress: bool = False, fiber_time: float = 60.0,
                      scale: float = 1.0, pin="fixed", pilot=None) -> dict:
    """Run the monodromy route once; returns the fields of a DegreeResult (a dict), ``search_from_pilot`` and
    ``trace_note`` (what a passed trace test could not see, :func:`~algnet.analyses.degree_probes.scale_probes`).

    ``scale`` multiplies the random start parameters (a retry on another
    scale changes the conditioning of the paths, not the variety). With ``pin``
    (and a coordinate slice) the search tracks the witness system with its slice
    equations solved by substitution (:func:`~algnet.analyses.witness_system.witness_setup`):
    n - e unknowns, and with ``pin="fixed"`` (the default) the slice values b held
    fixed, only the offsets c moving (``"moving"``: b moves too; False: the full
    system); the witness points, their images, the trace test and the
    certification are those of the full system (the pinned weights put back; the
    certification at the full parameters (c, b)).

    ``pilot`` (a :class:`~algnet.analyses.degree_pilot.PilotRun`): when it finished its search and that
    search is this attempt's (the same :func:`~algnet.analyses.degree_pilot.search_fingerprint`: network,
    dim, seed, witness system and options), its result is taken instead of searching again
    (``search_from_pilot`` True; the steps after the search run as always). A pilot that did not finish, or
    searched anything else, is not used.

    Examples
    --------
    2x2 matrices of rank <= 1 (the determinant hypersurface, degree 2):

    >>> from algnet import parse_spec
    >>> out = monodromy_attempt(parse_spec("linear 2-1-2"), 3, 0, degree_options())
    >>> out["degree"], out["certified_distinct"], out["witness_function"].shape, out["partial"]
    (2, 2, (2, 4), False)
    """
    from algnet.analyses.witness_system import witness_setup
    from algnet.analyses.witness_discs import WitnessDiscFamily
    from algnet.core.backends import Complex
    from algnet.core.monomials import evaluate_monomials
    from algnet.homotopy.certify import certify as _certify
    from algnet.homotopy.monodromy import monodromy_solve, trace_test

    ws = witness_setup(net, dim, seed=seed, coordinate_slice=fiber_slice == "coordinate", scale=scale, pin=pin)
    rng, vals, fam, p0, theta0, R = ws.rng, ws.values, ws.family, ws.p0, ws.theta0, ws.R
    e, q = net.n_params - dim, vals.q
    K, Z = vals.K, vals.Z
    vc, pscale = ws.trace_direction, ws.parameter_scale
    c0 = ws.tracked_params(p0)      # the tracked family's parameters (the offsets c with the fixed pins)
    res = _pilot_search(pilot, net, dim, seed, ws, opt, fiber_slice == "coordinate", scale, pin)
    reused = res is not None
    res = res if reused else monodromy_solve(ws.tracked, theta0, c0, seed=ws.solver_seed, options=opt, key=vals.values,
                          trace_direction=ws.tracked_params(vc), trace_weights=ws.trace_weights,
                          parameter_scale=ws.tracked_params(pscale), sampler=ws.sampler,
                          show_progress=show_progress)
    paths, loops = res.paths, res.loops
    failures = dict(res.path_failures)
    tr = res.trace
    partial = res.partial
    stop = res.stop_reason if not partial else f"{_stopped_by()} during the monodromy search"
    reps = res.solutions
    d = reps.shape[0]
    fiber_points, fiber_note = None, ""
    cert = dist = real = None
    step = "the trace test"
    trace_note = ""
    try:
        if tr is None and d and not partial:
            tr = trace_test(ws.tracked, reps, c0, direction=ws.tracked_params(vc), functional=ws.trace_functional,
                            seed=int(rng.integers(2**31)), options=opt, columns=trace_columns(ws))
            paths += tr.paths
        if tr is not None and tr.passed and d and not partial:
            from algnet.analyses.degree_probes import scale_probes

            tr, probe_paths, trace_note = scale_probes(ws, reps, tr, seed, opt)
            paths += probe_paths
            if not tr.passed:
                stop = ("the trace test passed on the search's line but failed on a line as long as the offsets of "
                        "random points or the largest image (a point far out of the search's scale is missing)")
        if fiber and not partial:
            step = "the fiber count"
            fiber_points, fiber_note, fpaths, floops, ffail, fpartial = _fiber_count(
                net, vals, R, ws.A_random, theta0, p0, pscale, e, dim, opt, rng, fiber_time)
            paths += fpaths
            loops += floops
            for k_, v_ in ffail.items():
                failures[k_] = failures.get(k_, 0) + v_
            if fpartial:
                fiber_note += " (interrupted or capped: a lower bound)"
        if certify and d and not partial:
            step = "certification"
            dfam = WitnessDiscFamily.of(fam)     # the whole witness set at once in disc arithmetic
            c = _certify(dfam, reps, p0, key_ball=fam.image_ball, key_interval=dfam.image_interval)
            cert, dist, real = c.certified, c.distinct, c.real
    except KeyboardInterrupt:
        partial = True
        stop = f"{_stopped_by()} during {step}"
    Vm = np.asarray(evaluate_monomials(Z.reshape(K, -1), net.output_monomials(), Complex()), dtype=np.complex128)
    # the keys the solver returns are these values (``key=vals.values``) at the points it returns
    vals_reps = res.keys if d else np.zeros((0, q))
    coeffs = np.linalg.solve(Vm, vals_reps.reshape(d, K, net.n_outputs).transpose(1, 0, 2).reshape(K, -1))
    coeffs = coeffs.reshape(K, d, net.n_outputs).transpose(1, 2, 0).reshape(d, K * net.n_outputs)
    return dict(degree=int(d), fiber_points=fiber_points, fiber_note=fiber_note, witness_function=coeffs,
                witness_parameters=reps, paths=int(paths), loops=int(loops), path_failures=failures,
                trace_test_residual=None if tr is None else tr.residual,
                trace_test_passed=None if tr is None else tr.passed, certified=cert, certified_distinct=dist,
                real=real, stop_reason=stop, evaluator=vals.evaluator, partial=partial, search_from_pilot=reused,
                trace_note=trace_note)


def trace_columns(ws):
    """The terms of the witness system's trace functional v(theta) . w, one column a value (their row sums are
    ``ws.trace_functional``): the trace test holds each value's trace to its own errors too.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.witness_system import witness_setup
    >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    >>> T = ws.theta0[None, :]
    >>> bool(np.allclose(trace_columns(ws)(T).sum(axis=1), ws.trace_functional(T)))
    True
    """
    w = ws.trace_weights

    def terms(T):
        return ws.values.values(T) * w
    return terms


def _pilot_search(pilot, net, dim, seed, ws, opt, coordinate_slice, scale, pin):
    """The finished search of ``pilot`` when it is provably this attempt's (module doc of
    :mod:`~algnet.analyses.degree_pilot`: the same fingerprint), else None."""
    if pilot is None or not pilot.finished or pilot.search is None or not pilot.fingerprint:
        return None
    from algnet.analyses.degree_pilot import search_fingerprint

    mine = search_fingerprint(net, dim, seed, ws, opt, coordinate_slice=coordinate_slice, scale=scale, pin=pin)
    return pilot.search if mine == pilot.fingerprint else None


def _fiber_count(net, vals, R, A_random, theta0, p0, pscale, e, dim, opt, rng, fiber_time):
    """Points of a generic fiber cut by e random affine equations (monodromy in b only), time-capped."""
    from dataclasses import replace

    from algnet.analyses.degree import NetworkWitnessFamily
    from algnet.analyses.network_input import finite_actions
    from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve

    n = net.n_params
    ffam = NetworkWitnessFamily(vals, R, A_random)
    acts, desc = finite_actions(net)
    if e == 0:
        fres = monodromy_solve(ffam, theta0, ffam.start_parameters(theta0)[0], seed=int(rng.integers(2**31)),
                               options=MonodromyOptions(max_loops=0, tracker=opt.tracker), group_actions=acts)
        count = fres.solutions.shape[0]
        # no loop is taken in a finite fiber: the count is the orbit of the known finite symmetries, a lower
        # bound (a map's fiber beyond its roots of unity and parameter permutations, e.g. (x + y, x y^2))
        note = (f"finite generic fiber (no slice needed): at least {count} (a lower bound: the orbit of the known "
                f"finite symmetries: {desc}; no monodromy search inside a finite fiber; "
                "algnet.analyses.fibers counts it)")
        return count, note, fres.paths, 0, dict(fres.path_failures), fres.partial
    vb = np.zeros(dim + e, dtype=np.complex128)
    vb[dim:] = (rng.normal(size=e) + 1j * rng.normal(size=e)) * np.sqrt(np.mean(np.abs(p0[dim:]) ** 2))
    wt = rng.normal(size=n) + 1j * rng.normal(size=n)
    fopt = replace(opt, max_loops=min(opt.max_loops, 50))
    if opt.loop_scale == CONE_LOOP_SCALE:
        # the fiber slice is affine in theta, not a cone: its loops need the far nodes (dense 3-1-1 r=2, seed 3:
        # 2 of its 3 fiber points at the cone's scale)
        fopt = replace(fopt, loop_scale=MonodromyOptions().loop_scale)
    t0 = time.perf_counter()
    with time_cap(fiber_time) as cap:
        fres = monodromy_solve(ffam, theta0, ffam.start_parameters(theta0)[0], seed=int(rng.integers(2**31)),
                               options=fopt, group_actions=acts, free_parameters=np.arange(dim, dim + e),
                               trace_direction=vb, trace_functional=lambda T: T @ wt, parameter_scale=pscale)
    capped = cap.expired or time.perf_counter() - t0 >= fiber_time
    ftr = "trace test passed" if (fres.trace is not None and fres.trace.passed) else "trace test not passed"
    note = (f"generic fiber (dimension {e}) cut by {e} random affine equations; seeded by known "
            f"finite symmetries: {desc}; {ftr}")
    return fres.solutions.shape[0], note, fres.paths, fres.loops, dict(fres.path_failures), fres.partial or capped


def _estimate_seconds(net, dim, paths):
    """Seconds for ``paths`` paths: one timed batched evaluation of the network, ~60 steps per path."""
    from algnet.analyses.witness import NetworkValues

    rng = np.random.default_rng(0)
    K = net.monomial_count()
    Z = rng.normal(size=(K,) + tuple(net.input_shape)) + 0j
    vals = NetworkValues(net, Z, rng)
    T = rng.normal(size=(8, net.n_params)) + 0j
    t = time.perf_counter()
    vals(T)
    per_point = (time.perf_counter() - t) / 8
    return paths * 60 * per_point


def monodromy_route(net, seed, options, certify, fiber, fiber_slice, show_progress, force, fiber_time, attempts,
                    known, reason, t0, confirm: bool = True, pilot=None):
    """The monodromy route of :func:`~algnet.analyses.degree.degree`: the path estimate against a
    known degree, attempts while the trace test fails, the Hilbert polynomial as a fallback and (with
    ``confirm``, when no theorem applies) as a confirmation; a count whose completeness could not be
    checked is returned as a lower bound. ``pilot``: the guard's monodromy pilot; its search, when it
    finished and is the first attempt's own, is that attempt's (:func:`monodromy_attempt`; the log says so,
    the result does not: it is the same either way).

    Examples
    --------
    2x2 matrices of rank <= 1 (degree 2, a theorem: Harris, Algebraic Geometry, Ex. 19.10); no known value
    passed in and no confirmation asked for, so only the trace test vouches for completeness:

    >>> import time
    >>> from algnet import parse_spec
    >>> r = monodromy_route(parse_spec("linear 2-1-2"), 0, None, True, False, "coordinate", False, False, 60.0, 3,
    ...                     None, "", time.perf_counter(), confirm=False)
    >>> r.degree, r.method, r.trace_test_passed, r.seed
    (2, 'monodromy', True, 0)
    """
    from dataclasses import replace

    from algnet.analyses.degree import MAX_PATHS, DegreeResult
    from algnet.errors import NotApplicableError, TooLargeError

    from algnet.analyses.shared import dimension_result

    reason = reason or "monodromy on a witness set cut by random affine slices; trace test for completeness"
    dres = dimension_result(net, seed=seed)
    dim = int(dres.dimension)
    if dim == 0:
        raise NotApplicableError(f"{net.spec}: the neuromanifold is a point", hint="its degree is 1")
    if known is not None and not force:
        paths = 3 * known[0]  # monodromy tracks about three paths per witness point, and the trace test
        if known[0] > MAX_PATHS:
            secs = _estimate_seconds(net, dim, paths)
            raise TooLargeError(
                f"{net.spec}: the degree is {known[0]} ({known[1]}); monodromy would track about {paths} paths "
                f"(estimated {secs:.0f} s)", paths=paths, seconds=secs,
                hint="method='formula' gives the theorem's value; force=True runs monodromy anyway")
    # threads: the tracker's default (TrackerOptions.threads=0: a second thread for rounds of two blocks or more
    # where other jobs leave a core idle), whatever the degree
    opt = options or degree_options(net)
    if known is not None and opt.expected is None:
        # the theorem's value: the progress bar's total, and the search stops there to let the trace test decide
        # (a failing test resumes the search; the count returned is always the one found)
        opt = replace(opt, expected=int(known[0]))
        reason += f"; the theorem's count {known[0]} was the search's stopping hint (the trace test decides)"
    best, tried = None, []
    for k in range(attempts):
        sub = seed if k == 0 else int(np.random.SeedSequence([seed, k]).generate_state(1)[0])
        o = opt if k == 0 else replace(opt, max_loops_no_progress=opt.max_loops_no_progress + 3 * k)
        scale = (1.0, 1.0, 1e3, 1e-3)[k % 4]
        out = monodromy_attempt(net, dim, sub, o, fiber=fiber, fiber_slice=fiber_slice, certify=certify,
                                show_progress=show_progress, fiber_time=fiber_time, scale=scale,
                                pilot=pilot if k == 0 else None)
        if out.pop("search_from_pilot"):
            # whether the guard's pilot finished within its CPU cap depends on the machine: the result does not
            # say (its text is the same either way, as every field: the same computation); the log does
            logging.getLogger("algnet").info("algnet: %s: the monodromy search was the guard's pilot's (it "
                                             "finished; taken, not run again)", net.spec)
        tried.append(f"seed {sub}, scale {scale:g}: {out['degree']} points, trace test "
                     f"{'passed' if out['trace_test_passed'] else 'failed'}")
        if best is None or _proved(out) > _proved(best) or out["trace_test_passed"]:
            best = out
        if out["partial"] or out["trace_test_passed"]:
            break
    confirmation = ""
    if len(tried) > 1:
        reason += "; attempts: " + "; ".join(tried)
    note = best.pop("trace_note", "")
    if note and best["trace_test_passed"]:
        reason += "; " + note
    if best["trace_test_passed"] and not best["partial"] and known is not None:
        if known[0] == best["degree"]:
            confirmation = f"theorem: {known[1]}"
        else:
            reason += f"; DISAGREES with the theorem's value {known[0]} ({known[1]})"
    if best["trace_test_passed"] is False and not best["partial"]:
        try:
            h = _hilbert_fallback(net, seed, dres)
        except KeyboardInterrupt:       # the count found stays, as the lower bound it is
            h = None
            reason += f"; {_stopped_by()} during the Hilbert polynomial's fallback"
        if h is not None and h.degree >= _proved(best):
            return _hilbert_answer(net, dim, h, f"the trace test failed in {len(tried)} monodromy attempts (largest "
                                   f"count {best['degree']}, {_proved(best)} of them certified distinct: the lower "
                                   "bound the Hilbert polynomial's degree must meet)", seed, t0)
        best = dict(best, partial=True, stop_reason=f"trace test failed in {len(tried)} attempts: a lower bound")
    elif best["trace_test_passed"] and not best["partial"] and not confirmation and not confirm:
        reason += "; no cross-check (confirm=False): the count rests on the trace test alone (numerical evidence)"
    elif best["trace_test_passed"] and not best["partial"] and not confirmation:
        try:
            h = _hilbert_fallback(net, seed, dres, time_limit=5.0)
        except KeyboardInterrupt:       # the finished count stays; it is only not cross-checked
            h = None
            reason += (f"; the Hilbert polynomial's cross-check was {_stopped_by()}: the count rests on the "
                       "trace test alone (numerical evidence)")
        if h is not None and h.degree == best["degree"]:
            confirmation = (f"Hilbert polynomial agrees (degree {h.degree}, up to degree {h.up_to}): two "
                            "independent routes")
        elif h is not None and h.degree > best["degree"]:
            # points the trace test could not see (far out, past its probes): the monodromy count is only a lower
            # bound, and the answer is the Hilbert polynomial's, as when the trace test fails
            return _hilbert_answer(net, dim, h, f"the trace test passed with {best['degree']} points, but the "
                                   "Hilbert polynomial's degree is larger: witness points are missing where the trace "
                                   f"test cannot see ({best['degree']} is a lower bound the Hilbert polynomial meets)",
                                   seed, t0)
        elif h is not None:     # a smaller Hilbert degree: neither route is confirmed, and the result says so
            reason += (f"; DISAGREES with the Hilbert polynomial's degree {h.degree} (up to degree {h.up_to}, "
                       "a heuristic stabilisation)")
    return DegreeResult(net.spec, dimension=int(dim), ambient=net.ambient_dimension, n_params=net.n_params,
                        fiber_dimension=net.n_params - dim, method="monodromy", reason=reason, seed=seed,
                        seconds=time.perf_counter() - t0, confirmation=confirmation, **best)


def _stopped_by() -> str:
    """What stopped the step that just raised KeyboardInterrupt, in words: an expired time cap (the call's time
    limit), else the user's Ctrl-C.

    Examples
    --------
    >>> _stopped_by()
    'interrupted (Ctrl-C)'
    """
    from algnet.time_caps import armed_caps

    if any(cap.expired for cap in armed_caps()):
        return "stopped at the time limit"
    return "interrupted (Ctrl-C)"


def within_time_limit(spec: str, time_limit, t0: float, run):
    """``run()`` (the degree route after its guard) under a wall-clock cap of what is left of ``time_limit``
    seconds since ``t0`` (``time.perf_counter()``): at the limit every step (the search, the trace test, the
    certification, the Hilbert polynomial's cross-check or fallback) stops as by Ctrl-C and the route returns what
    it has, marked partial (a lower bound) where the count is not complete or not checked. A limit reached before
    the route had a count to return raises TooLargeError. No limit: ``run()`` as it is.

    Examples
    --------
    >>> within_time_limit("linear 2-1-2", None, 0.0, lambda: "ran")
    'ran'
    >>> import time
    >>> from algnet.errors import TooLargeError
    >>> def slow():
    ...     time.sleep(5)
    >>> try:
    ...     within_time_limit("linear 2-1-2", 0.2, time.perf_counter(), slow)
    ... except TooLargeError as e:
    ...     print(str(e).splitlines()[0])
    linear 2-1-2: the time limit of 0.2 s was reached before the degree route had a count to return
    """
    if time_limit is None:
        return run()
    from algnet.errors import TooLargeError
    from algnet.guards import format_seconds

    left = max(time_limit - (time.perf_counter() - t0), 1e-3)
    cap = None
    try:
        # repeat: an interrupt swallowed where Python cannot pass it on is sent again (time_cap)
        with time_cap(left, repeat=2.0, counted=True) as cap:
            return run()
    except KeyboardInterrupt:
        if cap is None or not cap.expired:      # the user's Ctrl-C
            raise
        raise TooLargeError(f"{spec}: the time limit of {format_seconds(time_limit)} was reached before the degree "
                            "route had a count to return", seconds=float(time_limit),
                            hint="a larger time_limit=, or method='hilbert' or 'formula' where they apply") from None


def _hilbert_answer(net, dim, h, why: str, seed, t0):
    """The DegreeResult answered by the Hilbert polynomial ``h`` where the monodromy count is only a lower bound
    (``why`` says which count and why)."""
    from algnet.analyses.degree import DegreeResult

    return DegreeResult(net.spec, int(h.degree), dim, net.ambient_dimension, net.n_params, net.n_params - dim,
                        "hilbert", f"{why}; Hilbert polynomial up to degree {h.up_to} ({h.stabilization})", seed,
                        time.perf_counter() - t0)


def _proved(out: dict) -> int:
    """The lower bound on deg M an attempt stands for: its points certified distinct by Krawczyk's test when
    that ran, else its count (two numerical copies of one point are two points found but one proved;
    :attr:`~algnet.analyses.degree.DegreeResult.lower_bound`).

    Examples
    --------
    >>> _proved({"degree": 7, "certified_distinct": 5}), _proved({"degree": 7, "certified_distinct": None})
    (5, 7)
    """
    cd = out.get("certified_distinct")
    return int(out["degree"]) if cd is None else min(int(out["degree"]), int(cd))


def _hilbert_fallback(net, seed, dres, time_limit: float = 20.0):
    """The Hilbert polynomial's degree when it is cheap and stabilises (None otherwise); it uses
    the same DimensionResult as the monodromy route (one dimension in the evidence).

    A Ctrl-C (or the expiry of an enclosing time cap) while it runs is raised on as KeyboardInterrupt:
    :func:`~algnet.analyses.hilbert.hilbert_function` turns it into a partial result, which would read as
    "not cheap" and be dropped, leaving the run going as if no Ctrl-C had come (its own ``time_limit`` and size
    refusals are not interrupts: None).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.analyses.shared import dimension_result
    >>> net = parse_spec("linear 2-1-2")
    >>> _hilbert_fallback(net, 0, dimension_result(net, seed=0)).degree     # 2x2 matrices of rank <= 1
    2
    """
    from algnet.analyses.shared import current_cache, network_primes, sharing
    from algnet.errors import AlgnetError
    from algnet.interrupts import seeing_interrupts

    with seeing_interrupts() as seen:
        try:
            from algnet.analyses.hilbert import hilbert_function

            with sharing(net, dimension=dres, cache=current_cache()):
                res = hilbert_function(net, up_to=12, seed=seed, until_stable=True, time_limit=time_limit,
                                       primes=network_primes(net, 8))      # none divides a constant of net
        except (AlgnetError, ImportError):
            res = None
    if seen.interrupted:
        raise KeyboardInterrupt
    if res is None or res.partial or not res.stabilized or res.degree is None or res.dimension != dres.dimension:
        return None
    return res
