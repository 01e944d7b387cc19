"""The Newton count of a gauge-fixed fiber (``identifiability(method="newton")``, :mod:`algnet.analyses.fibers`):
Gauss-Newton from the symmetry images of theta_0 and from random real and complex starts, each end point kept when
it solves and is new, a real one snapped to rationals and verified exactly; the count is a proved lower bound.

Examples
--------
>>> from algnet import parse_spec
>>> from algnet.analyses.fibers import gauge_coordinates
>>> net = parse_spec("dense 2-2-2 r=2")
>>> theta0 = net.random_params(seed=0)
>>> found, partial = _newton_count(net, theta0, gauge_coordinates(net, theta0), 4, np.random.default_rng(0))
>>> len(found) >= 1, partial          # theta_0 itself, at least (the count is a lower bound)
(True, False)
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from algnet.core.backends import Complex

__all__: list = []


def _newton_count(net, theta0, gauge, starts, rng, max_seconds=30.0, cpu: bool = False, show_progress=False):
    from algnet.analyses.singular import exact_values, sample_inputs

    X, Xn = sample_inputs(net, int(rng.integers(1 << 20)))
    p_exact = exact_values(net, theta0, X)
    target = net.evaluate(np.asarray(theta0, dtype=np.complex128), Xn, backend=Complex()).ravel()
    found = [(np.asarray(theta0, dtype=np.complex128), tuple(theta0))]  # theta_0 is in the gauge-fixed fiber
    clock = time.process_time if cpu else time.perf_counter
    t_end = clock() + (math.inf if max_seconds is None else max_seconds)
    scale = max(1.0, float(np.sqrt(np.mean(np.square(np.asarray(theta0, dtype=float))))))
    free = [i for i in range(net.n_params) if i not in set(gauge)]
    from tqdm.auto import tqdm

    bar = tqdm(total=starts, desc="Newton starts", unit="start", disable=not show_progress, leave=False)
    try:
        ran = _newton_starts(net, theta0, gauge, starts, rng, (clock, t_end), scale, free, X, Xn, p_exact, target,
                             found, bar)
    except KeyboardInterrupt:  # keep the points found (the count is a lower bound either way)
        return found, True
    finally:
        bar.close()
    return found, ran < starts   # the time cap stopped the starts: partial, like a capped monodromy count


def _newton_starts(net, theta0, gauge, starts, rng, deadline, scale, free, X, Xn, p_exact, target, found, bar=None):
    """Gauss-Newton from the symmetry images of theta_0 moved into the gauge slice (:func:`_symmetry_seeds`), then
    from random starts, until ``deadline`` = (clock, time); appends the new fiber points to ``found``; returns the
    random starts run (counted on ``bar``, a progress bar, when given)."""
    from algnet.analyses.singular import levenberg_marquardt

    clock, t_end = deadline

    for s in _symmetry_seeds(net, theta0, gauge):
        if clock() > t_end:
            return 0
        real = bool(np.max(np.abs(s.imag)) < 1e-8 * (1 + np.max(np.abs(s))))
        x, res = levenberg_marquardt(net, target.real if real else target, Xn, s.real if real else s,
                                     fixed=list(gauge), iters=80, real=real)
        _keep(net, np.asarray(x, dtype=np.complex128), res, X, p_exact, found)
    for k in range(starts):
        if clock() > t_end:
            return k
        real = k % 2 == 0  # alternate real and complex starts (real fiber points converge more often)
        x0 = np.asarray(theta0, dtype=np.complex128).copy()
        x0[free] = (rng.standard_normal(len(free)) + (0 if real else 1j) * rng.standard_normal(len(free))) * scale
        x, res = levenberg_marquardt(net, target.real if real else target, Xn, x0.real if real else x0,
                                     fixed=list(gauge), iters=80, real=real)
        _keep(net, np.asarray(x, dtype=np.complex128), res, X, p_exact, found)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(points=len(found), refresh=False)
    return starts


def _symmetry_seeds(net, theta0, gauge):
    """Starts on the gauge slice from the known finite symmetries
    (:func:`algnet.analyses.fibers_homotopy.symmetry_fiber_points`); [] when the network
    declares none, its group has more than 720 elements (10! is 3.6 million), or the transport fails."""
    from algnet.analyses.fibers_homotopy import symmetry_fiber_points
    from algnet.analyses.network_input import finite_actions
    from algnet.errors import AlgnetError

    acts, _ = finite_actions(net)
    order = net.finite_symmetry_order()
    if not acts or order is None or order > 720:
        return []
    try:
        dim = net.n_params - len(gauge)
        pts = symmetry_fiber_points(net, theta0, gauge, dim, 0, acts)
    except (AlgnetError, ValueError, np.linalg.LinAlgError):
        return []
    return list(pts)          # theta_0 among them: dropped as a repeat


def _keep(net, x, res, X, p_exact, found):
    """Append the Newton end point x to ``found`` when it solves (residual <= 1e-9) and is new; a real one
    snapped to rationals is verified exactly."""
    from algnet.analyses.singular import exact_values

    if res > 1e-9:
        return
    if any(np.linalg.norm(x - y) < 1e-6 * (1 + np.linalg.norm(y)) for y, _ in found):
        return
    exact = None
    if np.max(np.abs(x.imag)) < 1e-7:
        q = [Fraction(float(v.real)).limit_denominator(10**4) for v in x]
        q = [int(v) if v.denominator == 1 else v for v in q]
        if all(a == b for a, b in zip(exact_values(net, q, X), p_exact)):
            exact = tuple(q)
    found.append((x, exact))
