"""The paths of a warm count (:mod:`.warm`): the tracker options of its E paths (:func:`_options`), the detour of
paths that failed (:func:`_detour`), the complex target of a call (:func:`_call_target`) and the per-call result
(:class:`WarmSolution`). Split from :mod:`.warm` when that module reached 600 lines.

Examples
--------
>>> s = WarmSolution(np.zeros((1, 2)), 1, "one path")
>>> s.complete and not s.partial
True
"""

from __future__ import annotations

import math

import numpy as np
from algnet.homotopy.tracker import whole

__all__ = ["WarmSolution"]


def _options(paths: int = 0):
    """The tracker options of the warm paths (:func:`_make_options`); below :data:`_ONE_CALL_BELOW` paths the
    kernel tracks them all in one call (``stop_batch=1``)."""
    global _OPTIONS
    if _OPTIONS is None:
        from dataclasses import replace

        o = _make_options()
        _OPTIONS = (o, replace(o, stop_batch=1.0))
    return _OPTIONS[1] if 0 < paths < _ONE_CALL_BELOW else _OPTIONS[0]


_OPTIONS = None

#: below this many paths one kernel call tracks every warm path to its end (``stop_batch=1``): the default
#: (a return to Python after each quarter of the paths stopped) took about 5 kernel calls for 6 paths.
#: One call takes about 12% less CPU per warm ``ed_degree`` on linear 2-1-2 and dense 2-1-1 r=3; from 16 paths on
#: one call takes 15-50% more CPU
_ONE_CALL_BELOW = 16


def _make_options():
    from algnet.homotopy.tracker import TrackerOptions

    # The tracker's default stop_batch (one kernel call for all E paths, stop_batch=1, takes the same
    # evaluations and 15-50% more CPU from 16 paths on: warm calls on linear 3-1-3 and conv k=2,3 r=2 about twice
    # as fast with the default; conv k=2,2 r=2 (14 paths,
    # path by path either way) unchanged; the same counts). Step control aiming at a Newton contraction of 0.003
    # (default 0.001): a path that jumped cannot make the count wrong here (E certified distinct images are all of
    # them, whichever path led where), only send the call to the full route. Evaluations per call over 40 seeds
    # (no path failed, no call short of E): linear 2-1-2 694 -> 630, dense 2-1-1 r=3 400 -> 370,
    # conv k=2,2 r=2 1926 -> 1830; 0.01 took more (851 on linear 2-1-2), as did looser predictor tolerances
    # without the contraction target (908-1117) and two corrector iterations (806)
    # The default cap of 5000 steps (paths take 6-60; a few crawl: linear 2-1-2 seed 13, 563 steps; conv k=2,2 r=2
    # seeds 67 and 92 of 0-99 reach the cap, about 170 ms). A path that fails, and the starts of paths that end on
    # one image, are tracked once more through a random intermediate target (:func:`_detour`) before the call goes
    # to the full route. Capped at 1000 steps, more calls went there (seeds 0-99: conv k=2,2 r=2 4 against 2,
    # linear 3-1-3 8 against 3; the counts right either way)
    # One thread: a warm call is a few milliseconds of CPU, measured in CPU seconds against Macaulay2; main's
    # two-thread path-by-path kernel (below 16 paths, where a core is idle) shortens the critical path by 1.3-1.4x
    # at n <= 6 for more CPU in all (and gains nothing without an idle core)
    # The first step: initial_step at max_step (0.5), so that the tracker's first-step rule (at most FIRST_STEP_MOTION
    # (1 + |x|) / |dx/dt|, algnet.homotopy.tracker_options) alone sets it, instead of at most 0.05 and a growth of at
    # most 3x a step from there: 5-22% fewer evaluations on the warm paths of loaded structures (bench/HISTORY.md)
    # Full Newton iterations only (light_evaluations off): a simplified second iteration (the prediction's Jacobian)
    # contracts poorly where the Jacobian is ill-conditioned (condition ~2e3 on conv k=2,2 r=2: second update 1.5e-3
    # of the first, the third 0.17 of the second), the step is rejected after three iterations, halved, accepted,
    # and grown back to the same size: conv k=2,2 r=2 seed 0 one path 50 steps with 36 rejections, 86 rounds;
    # without light iterations 34 rounds and 11 rejections in all, seed 5 3333 -> 2430 rounds (660 -> 3 rejected)
    return TrackerOptions(target_contraction=0.003, threads=1, initial_step=0.5, light_evaluations=False)


def _detour(family, X, P0, P1, rng):
    """Track the rows of X from P0 to P1 through a random complex point near the segment (another route for
    paths that failed on the straight one): ``(endpoints, success mask)``.

    Examples
    --------
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))      # x^2 = p
    >>> x, ok = _detour(fam, np.array([[1.0 + 0j]]), np.array([1.0 + 0j]), np.array([4.0 + 0j]),
    ...                 np.random.default_rng(0))
    >>> bool(ok[0]), bool(abs(x[0, 0] ** 2 - 4) < 1e-10)
    (True, True)
    """
    from algnet.homotopy.monodromy import track_parameters

    scale = float(np.sqrt(np.mean(np.abs(P1) ** 2))) or 1.0
    Pm = 0.5 * (P0 + P1) + 0.5 * scale * (rng.normal(size=P1.shape) + 1j * rng.normal(size=P1.shape))
    a = whole(track_parameters(family, X, P0, Pm, _options(X.shape[0])))
    b = whole(track_parameters(family, a.x, Pm, P1, _options(X.shape[0])))
    return b.x, a.success & b.success


class WarmSolution:
    """The per-call result of :func:`warm_count` in the shape the count routes return (``solutions``,
    ``paths``, ``loops``, ``path_failures``, ``excluded``, ``complete``, ``partial``, ``how``, ``trace``).

    Examples
    --------
    >>> s = WarmSolution(np.zeros((2, 3)), 2, "a note")
    >>> s.complete, s.paths, s.trace
    (True, 2, None)
    """

    def __init__(self, X, paths, how):
        self.solutions, self.paths, self.how = X, int(paths), how
        self.loops, self.path_failures, self.excluded = 0, {}, {}
        self.complete, self.partial, self.trace = True, False, None


def _call_target(w, L, rng):
    """The generic complex target p0 of a warm call: the structure's own (P*'s target part) when the call's metric
    differs from P*'s, so that only the metric moves along the paths; else (Q = I of "frobenius" every time) one
    drawn from ``rng`` at the scale of the target u.

    Any p0 at which (Q, p0) is generic serves (the count is complete given E certified images at (Q, p0), module
    doc), and a fixed generic p* with a metric Q drawn independently of it is generic with probability one (the
    discriminant meets the slice p = p* in a proper subvariety of the metrics); a non-generic one sends the call
    to the full route, never to a wrong count. Measured (the kernel's evaluations
    per call over seeds 100-159, structure solved at seed 0): linear 2-1-2 median 368 / mean 688 with a drawn p0,
    252 / 260 with P*'s (the long tail of crawling paths gone), no path failed either way.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.warm import warm_start
    >>> net, L, rng = network_and_loss("linear 2-1-2", "generic", seed=7)
    >>> w = warm_start(net, "generic", 3)
    >>> bool(np.array_equal(_call_target(w, L, rng), w.P[L.m * L.m:]))
    True
    """
    m = L.m
    Q = np.asarray(L.Q)
    # a first entry twice as far from P*'s as allclose allows: not close, whatever the rounding of its moduli
    # (the rule below without its numpy calls)
    if Q.size and abs(w.P.item(0) - Q.item(0)) > 2 * (1e-8 + 1e-5 * abs(Q.item(0))):
        return w.P[m * m:].copy()
    Q = Q.reshape(-1)
    # numpy's allclose (rtol 1e-5, atol 1e-8) on finite arrays, without its checks of the inputs (0.04 ms a call)
    if not np.logical_and.reduce(np.abs(w.P[:m * m] - Q) <= 1e-8 + 1e-5 * np.abs(Q)):
        return w.P[m * m:].copy()
    # the root mean square of u as numpy's mean and sqrt give it (its sum, divided by the count; sqrt correctly
    # rounded either way), without their Python layers
    a = np.abs(L.u) ** 2
    scale = math.sqrt(float(np.add.reduce(a, axis=None)) / a.size) or 1.0
    return (rng.normal(size=m) + 1j * rng.normal(size=m)) * (scale / np.sqrt(2))
