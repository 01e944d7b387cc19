"""The degree route tracks the witness system with its coordinate slices solved by substitution
(PinnedFamily): the same degree and the same witness images as the full system (the second method kept as
``pin=False``), and the theorems' values where there is one (THEOREMS.md 1 and 3)."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree_monodromy import degree_options, monodromy_attempt
from algnet.analyses.network_input import network_dimension
from algnet.theorems.formulas import conv_degree, determinantal_degree

CASES = [("linear 4-2-4", 0, determinantal_degree(4, 4, 2)),
         ("conv k=2,2,2 r=2", 1, conv_degree([2, 2, 2], 2)),
         ("dense 3-2-2 r=2", 2, None)]         # 15 (issue 16's table, NumericalImplicitization): no theorem here


def _same_rows(A, B, tol=1e-7):
    """Every row of A equals one row of B (relative max norm), one to one."""
    if A.shape != B.shape:
        return False
    free = list(range(len(B)))
    for a in A:
        d = [np.max(np.abs(B[j] - a)) / (1 + np.max(np.abs(a))) for j in free]
        k = int(np.argmin(d))
        if d[k] > tol:
            return False
        free.pop(k)
    return True


@pytest.mark.parametrize("spec, seed, known", CASES, ids=[c[0] for c in CASES])
def test_pinned_route_gives_the_degree_and_witness_images_of_the_full_system(spec, seed, known):
    from algnet.analyses.degree_pilot import witness_setup

    net = parse_spec(spec)
    dim = network_dimension(net, seed)
    ws = witness_setup(net, dim, seed=seed)
    e = net.n_params - dim
    assert ws.tracked.n_vars == net.n_params - e > 0 and e > 0       # the search has e fewer unknowns
    opt = degree_options(net)
    full, pinned = (monodromy_attempt(net, dim, seed, opt, certify=True, pin=p) for p in (False, True))
    assert pinned["trace_test_passed"] and full["trace_test_passed"]
    assert pinned["degree"] == full["degree"] == pinned["certified_distinct"]
    if known is not None:
        assert pinned["degree"] == known
    # the same images f_theta (the witness points of M), whichever weights in their fibers were kept
    assert _same_rows(pinned["witness_function"], full["witness_function"])
    # the returned weights are full points of the witness system: they solve it and lie on the slices
    F, _ = ws.family.evaluate(pinned["witness_parameters"], ws.p0)
    assert np.abs(F).max() < 1e-8 * (1 + np.abs(ws.p0).max())


def test_trace_test_and_pilot_take_full_points_of_the_pinned_family():
    from algnet.analyses.degree_pilot import monodromy_pilot, witness_setup
    from algnet.homotopy.monodromy import monodromy_solve, trace_test

    net = parse_spec("linear 3-1-3")
    dim = network_dimension(net, 0)
    ws = witness_setup(net, dim, seed=0)
    c0 = ws.tracked_params(ws.p0)           # the tracked family's parameters: the offsets (fixed pins)
    res = monodromy_solve(ws.tracked, ws.theta0, c0, seed=ws.solver_seed, options=degree_options(net),
                          key=ws.values.values, sampler=ws.sampler,
                          parameter_scale=ws.tracked_params(ws.parameter_scale))
    assert res.solutions.shape == (determinantal_degree(3, 3, 1), net.n_params)
    args = dict(direction=ws.tracked_params(ws.trace_direction), functional=ws.trace_functional, seed=3)
    assert trace_test(ws.tracked, res.solutions, c0, **args).passed
    assert not trace_test(ws.tracked, res.solutions[:-1], c0, **args).passed   # one point short fails
    p = monodromy_pilot(net, dim, seed=0, seconds=5)
    assert p.finished and p.points == determinantal_degree(3, 3, 1)
