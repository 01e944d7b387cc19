"""The nearest-point solver keeps critical points of its own system (voronoi20: targets all dropped)."""

from dataclasses import replace

import numpy as np
import pytest

import algnet.analyses.critical.special as special
from algnet.analyses.critical.nearest import _rescued
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.solve import solve_slice
from algnet.analyses.critical.system import example_family


def test_rescued_keeps_first_run_when_rescue_returns_another_system(monkeypatch):
    """special_metric_solve returns the generic metric's run when its own trace test fails: points of another
    system at another p0. The solver must then keep its own run (whose points solve its system)."""
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(0)
    first = solve_slice(fam, rng)
    X, p0 = first[0].solutions, first[1]
    assert np.max(residuals(fam, X, p0)) < 1e-8
    other_p0 = p0 + 1.0
    bad = (replace(first[0], solutions=X + 0.3), other_p0, first[2])
    monkeypatch.setattr(special, "special_metric_rescue", lambda fam, rng, *a, **k: bad)
    res, q0, _ = _rescued(fam, rng, first)
    assert res is first[0] and q0 is p0


def test_rescued_takes_rescue_whose_points_solve(monkeypatch):
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(1)
    first = solve_slice(fam, rng)
    good = (replace(first[0]), first[1], first[2])      # a different object whose points solve the system
    monkeypatch.setattr(special, "special_metric_rescue", lambda fam, rng, *a, **k: good)
    assert _rescued(fam, rng, first)[0] is good[0]
