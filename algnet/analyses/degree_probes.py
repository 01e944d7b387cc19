"""The degree route's trace test at the scales of the variety, not only at the scale of its slice.

The trace test of :func:`~algnet.analyses.degree_monodromy.monodromy_attempt` moves the offsets c of the witness
slice along a line c0 + s v with |v| about |c0|. A missing witness point whose own scale is many orders beyond
moves along that line so nearly affinely that its share of the residual is below the rounding of the others: the
test passes on an incomplete set (map s^20; s^19 at c0 about 6e-5, seed 7: 19 points found, the missing one at
|s| = 3, image 3e9). Conversely a few very large witness points make the accuracy the test allows so loose that
many small ones can be missing (map s^50; s^49, seed 3: 27 of 50 points, one of them with image 1e9, passed).
:func:`scale_probes` repeats the test on a line as long as the offsets of random start points (at the route's
scale and, when the values are not homogeneous, at scales up to :data:`PROBE_SCALES`) and as the largest image of
a witness point: there every point, present or missing, moves at its own scale and a missing one shows.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
>>> out = monodromy_attempt(parse_spec("map s^20; s^19"), 1, 7, degree_options(), certify=False)
>>> out["degree"], out["trace_test_passed"]          # 19 of the 20 points found: the probe fails
(19, False)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

__all__ = ["probe_steps", "scale_probes", "PROBE_RATIO", "PROBE_LEG", "PROBE_RUNGS", "PROBE_SAMPLES",
           "PROBE_SCALES", "PROBE_SHORTER", "PROBE_DIVERGENCE_SHARE"]

#: a probe runs when the offsets of random start points, or the images of the witness points, reach this many times
#: beyond the trace direction's size
PROBE_RATIO = 1e2
#: the longest rung of a probe's walk, relative to the distance from c0 walked so far (or to the trace direction's
#: size): a path from c0 to c0 + 1e12 v failed for every point of map s^25; s^24 (the tracker's smallest step,
#: 1e-12 of the path, cannot resolve its start), 1e10 passed
PROBE_LEG = 1e8
#: a probe line whose paths failed is tried again this many times shorter (down to the last length seen, or
#: :data:`PROBE_RATIO`): dense 2-2-1 act=1,1,1/3 has witness coordinates growing like the offsets, beyond the
#: tracker's ``divergence_norm`` on a line 1e8 times longer than the trace direction
PROBE_SHORTER = 1e3
#: at most this many rungs: lines up to PROBE_LEG ** PROBE_RUNGS times the trace direction
PROBE_RUNGS = 20
#: how many random start points give the offsets' scale, at each of :data:`PROBE_SCALES`
PROBE_SAMPLES = 15
#: the scales of the random start points (times the route's own) whose offsets set a probe's line, when the
#: network's values are not homogeneous (on a cone every scale looks alike: the route's own only), below the
#: tracker's reach (:data:`PROBE_DIVERGENCE_SHARE`, which is also sampled). A missing witness point farther out
#: than start points this large can still hide (the result says so).
PROBE_SCALES = (1.0, 1e2, 1e4, 1e6)
#: and up to this share of the tracker's ``divergence_norm`` (the tracker's own reach: paths are declared diverged
#: beyond it, and map s^12; s^11 + 10000*s at the route's scale 1000, start points at 1e9, failed every path)
PROBE_DIVERGENCE_SHARE = 1e-1


def _homogeneous(values, T) -> bool:
    """Whether the values v are homogeneous of one degree at the points T: v(2T) = 2^k v(T) for one k.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> from algnet.analyses.witness import NetworkValues
    >>> Z = np.ones((2, 1), dtype=complex)
    >>> T = np.array([[0.7 + 0.2j]])
    >>> rng = np.random.default_rng(0)
    >>> _homogeneous(NetworkValues(parse_spec("map s^3; s^2"), Z, rng).values, T)
    False
    >>> _homogeneous(NetworkValues(parse_spec("map s^3; 2*s^3"), Z, rng).values, T)
    True
    """
    with np.errstate(all="ignore"):
        a, b = np.abs(values(T)), np.abs(values(2 * T))
        k = np.log2(b[a > 0] / a[a > 0])
    return bool(k.size and np.all(np.isfinite(k)) and np.ptp(k) < 1e-6)


def probe_steps(ws, full, c0, limit: float = 1e8) -> tuple:
    """(steps, scale): the lines :func:`scale_probes` walks, as multiples of the trace direction, largest first (at
    most two: the largest finite offset size of :data:`PROBE_SAMPLES` random start points at each of
    :data:`PROBE_SCALES`, and the largest offset a witness point's image gives, |v(theta_i)| |R_j| / sqrt(q): a
    random row j against it; each only when above :data:`PROBE_RATIO`), and the largest start-point scale
    sampled (up to :data:`PROBE_DIVERGENCE_SHARE` times ``limit``, the tracker's ``divergence_norm``: points
    beyond are diverged paths to it). ``full``: the witness points (rows, all the network's parameters). The
    samples come from a generator of their own: every draw of the route stays as it was.

    Examples
    --------
    map s^20; s^19 at seed 7: its witness points crowd near 0 (|s| about 0.6, offsets about 6e-5) where random
    start points give offsets up to 1e5:

    >>> from algnet import parse_spec
    >>> from algnet.analyses.witness_system import witness_setup
    >>> ws = witness_setup(parse_spec("map s^20; s^19"), dim=1, seed=7)
    >>> steps, scale = probe_steps(ws, ws.theta0[None, :], ws.tracked_params(ws.p0))
    >>> steps[0] > 1e6, scale > 1e6          # start points up to 1e7 (the tracker's reach 1e8, a tenth)
    (True, True)
    """
    size = float(np.sqrt(np.mean(np.abs(ws.tracked_params(ws.trace_direction)) ** 2))) or 1.0
    side = np.random.default_rng(np.random.SeedSequence([int(full.shape[0]), 11]))
    R, q = ws.R, ws.values.q
    T = ws.sampler(side, PROBE_SAMPLES)
    big = float(np.sqrt(np.mean(np.abs(T) ** 2)))       # the route's own scale: no start point beyond the limit
    top = PROBE_DIVERGENCE_SHARE * limit / max(big, 1e-300)
    scales = [1.0] if _homogeneous(ws.values.values, T[:2]) else [1.0] + [
        s for s in PROBE_SCALES[1:] if s < top] + ([top] if top > 1 else [])
    with np.errstate(all="ignore"):
        C = np.vstack([ws.values.values(s * T) @ R.T for s in scales])
        typical = np.sqrt(np.mean(np.abs(C) ** 2, axis=1))
        V = ws.values.values(full)
        rows = float(np.sqrt(np.mean(np.sum(np.abs(R) ** 2, axis=1))))
        images = np.sqrt(np.sum(np.abs(V) ** 2, axis=1)) * rows / np.sqrt(q)
    steps = []
    for h in (typical, images):
        h = h[np.isfinite(h)]
        if h.size and np.max(h) > PROBE_RATIO * size:
            steps.append(float(np.max(h)) / size)
    return sorted(steps, reverse=True), float(scales[-1])


def scale_probes(ws, reps, tr, seed, opt) -> tuple:
    """The trace test ``tr`` that passed, repeated on the longest line of :func:`probe_steps`: (the probe when it
    failed, else ``tr``; the paths the probe and its walk tracked; a note on what the test could not see, or "").

    The line of length H is reached in rungs at most :data:`PROBE_LEG` times longer than the distance walked
    (a single path across more decades leaves the tracker's smallest step): the points carried from c0 to
    c0 + h_1 v, c0 + h_2 v, ..., with a trace test at each base (step the next rung's length; past c0 in a
    random direction of v's size: back along v the line would pass c0, near the offsets where points meet, at a
    speed the tracker cannot resolve). At step H every point, present or missing, is at about that scale, so the
    test there sees a missing point of any scale up to H. A probe whose traces are not affine fails the test; a
    probe or a transport whose paths fail ends the walk there (failed paths are no evidence of a missing point),
    and the note says how far the test saw, as it does when lines longer than PROBE_LEG ** PROBE_RUNGS are cut.

    Examples
    --------
    map s^20; s^19, seed 0: all 20 points found; the probe passes too

    >>> from algnet import parse_spec
    >>> from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
    >>> out = monodromy_attempt(parse_spec("map s^20; s^19"), 1, 0, degree_options(), certify=False)
    >>> out["degree"], out["trace_test_passed"]
    (20, True)
    """
    from algnet.analyses.degree_monodromy import trace_columns
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.monodromy import trace_test
    from algnet.homotopy.pinned import free_unknowns, full_points
    from algnet.homotopy.tracker import track
    from algnet.homotopy.tracker_rescue import rescue_singular

    c0 = ws.tracked_params(ws.p0)
    v = ws.tracked_params(ws.trace_direction)
    X = np.asarray(reps, dtype=np.complex128)
    if X.shape[1] != ws.tracked.n_vars:         # full points of a pinned family: its unknowns
        X = free_unknowns(ws.tracked, X, c0)
    steps, scale = probe_steps(ws, full_points(ws.tracked, X, c0), c0, opt.tracker.divergence_norm)
    if not steps:
        return tr, 0, ""
    reach = min(steps[0], PROBE_LEG ** PROBE_RUNGS)
    side = np.random.default_rng(np.random.SeedSequence([int(X.shape[0]), 13]))
    paths, t, Y, seen = 0, 0.0, X, 0.0
    while True:
        h = min(reach, PROBE_LEG * max(t, 1.0))
        u = v if t == 0 else (side.normal(size=v.shape) + 1j * side.normal(size=v.shape)) * np.sqrt(
            np.mean(np.abs(v) ** 2) / 2)
        while True:     # shorter lines while paths fail (they leave the tracker's reach: divergence_norm)
            probe = trace_test(ws.tracked, Y, c0 + t * v, direction=u, functional=ws.trace_functional, seed=seed,
                               options=opt, step=h, columns=trace_columns(ws))
            paths += probe.paths
            if not probe.passed and not probe.failed_paths:       # the traces are not affine: incomplete
                return replace(probe, paths=tr.paths + paths), paths, ""
            if probe.passed or h / PROBE_SHORTER <= max(seen, PROBE_RATIO):
                break
            h /= PROBE_SHORTER
        if not probe.passed or h >= reach:
            break
        seen = h
        nxt = track(ParameterHomotopy(ws.tracked, c0 + t * v, c0 + h * v), Y, opt.tracker)   # the next rung
        if nxt.partial:
            raise KeyboardInterrupt
        Y, ok, _, _ = rescue_singular(ws.tracked, nxt.x, nxt.success, nxt.status, c0 + h * v,
                                      opt.tracker.singular_condition)
        paths += Y.shape[0]
        if not ok.all():
            break
        t = h
    seen = h if probe.passed else seen
    note = (f"trace test also on a line {seen:.1e} times longer" if seen >= steps[0] else
            f"trace test also on lines up to {seen:.1e} times longer, not {steps[0]:.1e} "
            f"({'its paths failed beyond' if seen < reach else 'the longest line walked'})")
    note += (f", as long as the offsets of random start points up to {scale:g} times the route's scale and the "
             "largest witness image")
    return tr, paths, note + ": a missing witness point farther out would not show"
