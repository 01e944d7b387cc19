"""Paths to the real target that stall on their chart (deep linear networks, Frobenius loss) re-charted where they
stall (algnet.analyses.critical.rechart). Truth: Eckart-Young (THEOREMS 8), the rank-two truncations of the target
computed here from its SVD; the points found must be certified and distinct like any other."""

import itertools

import numpy as np
import pytest

from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.paths import _img, _to_target
from algnet.analyses.critical.posdim import residuals
from algnet.analyses.critical.small import remembered_dimension, remembered_network
from algnet.analyses.critical.solve import _full_rank, expected_count, solve_slice
from algnet.analyses.critical.system import gradient_family


def _truncations(u, shape, r):
    U, s, Vt = np.linalg.svd(np.asarray(u, dtype=float).reshape(shape), full_matrices=False)
    return [((U[:, list(S)] * s[list(S)]) @ Vt[list(S)]).ravel() for S in itertools.combinations(range(len(s)), r)]


def _first_slice(spec, seed):
    """The set-up of critical_points' classification up to the homotopy to the real target (its draws)."""
    net = remembered_network(spec)
    rng = np.random.default_rng(seed)
    L = make_loss(net, "frobenius", None, rng, None)
    dim = remembered_dimension(net, seed)
    fam = gradient_family(net, L, rng, dim)
    res, p0, tr = solve_slice(fam, rng, expected=expected_count(net, L.kind), tangent_restarts=False, restarts=0)
    X0 = res.solutions
    return fam, X0[_full_rank(fam, X0, dim)[1]], p0, L.u, rng, tr


# bench/_critical_losses.py, main 1946407 (2026-12-05): linear 3-2-2-3 seeds 0, 1, 4 lost one of three points on the
# first slice (the detours and three other charts through the start lost it; a second slice solved afresh found
# it); seed 20 lost it on every slice (partial); seeds 23 and 32 ended a detour on a rank-deficient point (2 of 3
# pure, not reported lost); seed 45 is where an ill-conditioned representative moved back to the first slice was
# judged rank-deficient (an early version of the re-charting); linear 4-2-4 seed 8 lost one of six on every slice
# (seeds 0 and 20 by default, about 1 CPU s each; the rest slow)
CASES = [("linear 3-2-2-3", (3, 3), s) if s in (0, 20) else pytest.param("linear 3-2-2-3", (3, 3), s,
                                                                      marks=pytest.mark.slow)
         for s in (0, 1, 4, 20, 23, 32, 45)] + [pytest.param("linear 4-2-4", (4, 4), 8, marks=pytest.mark.slow)]


@pytest.mark.parametrize("spec, shape, seed", CASES)
def test_every_truncation_reached_on_the_first_slice(spec, shape, seed):
    fam, X0, p0, u, rng, tr = _first_slice(spec, seed)
    n = len(_truncations(u, shape, 2))                          # Eckart-Young: C(min(m, n), 2)
    assert tr.passed and X0.shape[0] == n                       # all of them at the generic complex target
    X, _, lost = _to_target(fam, X0, p0, u, rng)
    assert lost == 0 and X.shape[0] == n
    assert np.all(residuals(fam, X, u) <= 1e-6)
    full, crit = _full_rank(fam, X, fam.dimension)
    assert full.all() and crit.all()                            # regular points of the top stratum
    Y = _img(fam, X)
    T = _truncations(u, shape, 2)
    hits = sorted(int(np.argmin([np.abs(y - t).max() for t in T])) for y in Y)
    assert hits == list(range(n))                               # each truncation once
    assert all(min(np.abs(y - t).max() for t in T) < 1e-8 for y in Y)
