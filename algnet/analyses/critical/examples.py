"""Set-up of the critical-point modules' examples and tests: a network's gradient family and its critical points."""

from __future__ import annotations

import numpy as np

__all__ = ["example_points"]


def example_points(spec: str, loss="frobenius", target=None, seed: int = 0, at_target: bool = True):
    """``(family, points, p)``: the set-up of examples and tests. The gradient family of
    :func:`~.system.example_family` (``spec``, ``loss``, ``seed``, ``target``), its critical points on the
    slice solved by monodromy at a generic complex target p0 (:func:`~.solve.solve_slice`) and, with
    ``at_target``, tracked to the real target u (:func:`~.paths._to_target`); ``p`` is u or p0.

    Examples
    --------
    Rank-one approximations of diag(3, 1) (Eckart-Young: the two rank-one truncations, at squared
    distances 1 and 9):

    >>> fam, X, u = example_points("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> sorted(round(float(fam.loss.value(y.real[None, :], u)[0]), 9) for y in fam.image(X))
    [1.0, 9.0]
    """
    from algnet.analyses.critical.paths import _to_target
    from algnet.analyses.critical.solve import solve_slice
    from algnet.analyses.critical.system import example_family

    fam = example_family(spec, loss, seed=seed, target=target)
    rng = np.random.default_rng(seed)
    res, p0, _ = solve_slice(fam, rng)
    if not at_target:
        return fam, res.solutions, p0
    return fam, _to_target(fam, res.solutions, p0, fam.loss.u, rng)[0], fam.loss.u
