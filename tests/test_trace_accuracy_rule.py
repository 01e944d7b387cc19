"""Every trace test (the monodromy solver's on its graph, the critical route's full-size one, ``trace_test``) asks its
residual to be explained by the points' own accuracy, not only to be small next to the sum of all moduli.

Truths (by hand):

* x^2 - (1e7 + 1) x = p at p = -1e7 has the two roots 1 and 1e7 (a quadratic: two roots, sum 1e7 + 1 for every p, an
  affine trace); the root 1 alone is a proper subset of an irreducible fiber (the discriminant (1e7 + 1)^2 + 4p is
  not a square in C[p]), so its trace is not affine: along p0 + s 1e6 its second difference is about
  2 (1e6)^2 / (1e7)^3 = 2e-9, relative 7e-10 of its moduli (below the relative tolerance 1e-6), while its own
  accuracy is rounding (1e-16).
* x^2 + c y = p1, x^2 - c y = p2 (c = 1e-12) has the two roots x = +-sqrt((p1 + p2) / 2), y = (p1 - p2) / (2c)
  (tests/test_trace_badly_scaled.py): y (about 1e7) carries errors of about 1e-3 (the rounding of p1 - p2 over c),
  x of about 1e-16; the x coordinate of one root alone has the second difference of sqrt (about 0.04), 110 times the
  Newton errors summed over both coordinates but 1e14 times x's own.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

from algnet.analyses.critical.full_trace import full_trace_test
from algnet.homotopy.monodromy import MonodromyOptions, monodromy_solve
from algnet.homotopy.monodromy.trace import trace_test
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

sys.path.insert(0, str(Path(__file__).parent))

B = 1e7 + 1


def _quadratic():
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1, (1,): -B}]))
    return fam, np.array([[1.0 + 0j], [1e7 + 0j]]), np.array([-1e7 + 0j]), np.array([(1 + 0.5j) * 1e6])


def _solve(fam, x0, p0, v, weights, seed):
    trace = {"trace_weights": np.array([1.0 + 0.5j, 0.7 - 0.2j][:fam.n_vars])} if weights else {
        "trace_functional": lambda X: X @ np.array([1.0 + 0.5j, 0.7 - 0.2j][:fam.n_vars])}
    return monodromy_solve(fam, x0, p0, seed=seed, options=MonodromyOptions(expected=len(x0)), trace_direction=v,
                           **trace)


@pytest.mark.parametrize("weights", [False, True])
def test_the_solver_does_not_pass_the_small_root_alone(weights):
    fam, X, p0, v = _quadratic()
    for seed in (0, 1):
        alone = _solve(fam, X[:1], p0, v, weights, seed)
        assert len(alone.solutions) == 1 and alone.trace is not None and alone.trace.residual < 1e-6
        assert not alone.trace.passed and alone.stop_reason != "trace test passed"
        both = _solve(fam, X, p0, v, weights, seed)
        assert len(both.solutions) == 2 and both.trace.passed and both.stop_reason == "trace test passed"


def _relative_residual(fam):
    def residual(Y, p):
        R = fam.evaluate(Y, np.broadcast_to(p, (len(Y), 1)))[0][:, 0]
        return np.abs(R) / (np.abs(Y[:, 0]) ** 2 + B * np.abs(Y[:, 0]) + np.abs(p[0]))
    return residual


@pytest.mark.parametrize("one_sided", [False, True])
def test_the_full_size_trace_test_does_not_pass_the_small_root_alone(one_sided):
    fam, X, p0, v = _quadratic()

    def run(Y):
        return full_trace_test(fam, Y, p0, v, lambda Z: Z[:, 0], np.random.default_rng(0),
                               residual=_relative_residual(fam), key=lambda Z: Z, one_sided=one_sided)[0]
    alone, both = run(X[:1]), run(X)
    assert alone.residual < 1e-6 and alone.failed_paths == 0 and not alone.passed
    assert both.passed and both.paths == (2 if one_sided else 4)


def test_one_badly_scaled_root_fails_with_the_default_form():
    # the random form's large y term hid x's trace (110 times the Newton errors of both coordinates summed)
    from test_trace_badly_scaled import _two_roots

    fam, X, p0, v = _two_roots()
    for seed in range(3):
        assert trace_test(fam, X, p0, direction=v, seed=seed).passed
        for Y in (X[:1], X[1:]):
            r = trace_test(fam, Y, p0, direction=v, seed=seed)
            assert r.residual < 1e-6 and r.failed_paths == 0 and not r.passed


def test_the_solver_holds_each_key_coordinate_to_its_own_errors():
    # trace weights sum the keys (here the points): the same hiding, seen coordinate by coordinate
    from test_trace_badly_scaled import _two_roots

    fam, X, p0, v = _two_roots()
    for seed in (0, 1):
        alone = _solve(fam, X[:1], p0, v, True, seed)
        assert len(alone.solutions) == 1 and alone.trace.residual < 1e-6 and not alone.trace.passed
        both = _solve(fam, X, p0, v, True, seed)
        assert len(both.solutions) == 2 and both.trace.passed


def test_the_large_root_alone_fails_on_a_line_where_the_missing_root_shows():
    # the root 1e7 alone: its trace's second difference is minus the missing root's, about 2 |v|^2 / (1e7)^3, against
    # endpoints accurate to their rounding (about 1e-9). At |v| = 1.1e8 that is 2.5e-5, 1e4 times the rounding: seen
    # (the rounding of the sums no longer takes the accuracy factor). At |v| = 1.1e6 it is 2.5e-9, the rounding
    # itself: no rule on these endpoints can tell the two sets apart, the test passes the large root alone there.
    fam, X, p0, _ = _quadratic()
    v = np.array([(1 + 0.5j) * 1e8])
    assert trace_test(fam, X, p0, direction=v, seed=0).passed
    alone = trace_test(fam, X[1:], p0, direction=v, seed=0)
    assert alone.residual < 1e-11 and alone.failed_paths == 0 and not alone.passed
