"""The trace test asks its residual to be explained by the endpoints' own accuracy, not only to be small next to the
sum of all moduli (where a few very large points hide a missing small one).

Truths: the trace of a proper subset of a solution set that monodromy permutes transitively is not affine along a
generic pencil (the trace test's theorem); here the subsets are one root of an irreducible quadratic, and the fiber
of the mixed-power network without one of its 15 image points (tests/test_trace_badly_scaled.py: 15 images of 4
points each, by hand and by Macaulay2).
"""

import sys
from pathlib import Path

import numpy as np

from algnet.homotopy.monodromy.trace import trace_test
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

sys.path.insert(0, str(Path(__file__).parent))


def test_a_small_root_beside_a_large_one_is_not_a_complete_set():
    # x^2 - (1e7 + 1) x = p at p = -1e7: roots 1 and 1e7; the small root alone moves almost linearly (its trace's
    # second difference is 7e-10 of its size), far more than its own accuracy explains
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1, (1,): -(1e7 + 1)}]))
    X, p0, v = np.array([[1.0 + 0j], [1e7 + 0j]]), np.array([-1e7 + 0j]), np.array([(1 + 0.5j) * 1e6])
    assert trace_test(fam, X, p0, direction=v, seed=0).passed
    small = trace_test(fam, X[:1], p0, direction=v, seed=0)
    assert not small.passed and small.residual < 1e-6        # the relative residual alone let it pass


def test_mixed_power_fiber_without_one_image_fails(monkeypatch):
    import algnet.homotopy.monodromy as mono
    from algnet.analyses.fibers_homotopy import homotopy_fiber_count
    from algnet.analyses.network_input import finite_actions
    from test_trace_badly_scaled import _fiber_setup

    calls = []

    def spy(fam, X, p0, **kw):
        calls.append((fam, X, p0, kw))
        return trace_test(fam, X, p0, **kw)
    monkeypatch.setattr(mono, "trace_test", spy)
    net, theta0, gauge, _ = _fiber_setup(2)
    r = homotopy_fiber_count(net, theta0, gauge, 6, 2, group_actions=finite_actions(net)[0], certify=False)
    assert r.trace_test_passed and (r.images, r.solutions) == (15, 60)
    fam, X, p0, kw = calls[-1]
    f = kw["functional"](X)                    # linear in the image: equal on the 4 points of an image
    classes = {}
    for i, key in enumerate(np.round(f, 6)):
        classes.setdefault(key, []).append(i)
    assert sorted(len(c) for c in classes.values()) == [4] * 15
    tests = [trace_test(fam, np.delete(X, c, axis=0), p0, **kw) for c in classes.values()]
    assert not any(t.passed for t in tests) and all(t.failed_paths == 0 for t in tests)
    assert min(t.residual for t in tests) < 1e-6      # some passed on the relative residual alone
