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


@pytest.mark.parametrize("seed", [0, 1, 4])
def test_linear_3223_every_truncation_reached_on_the_first_slice(seed):
    # linear 3-2-2-3, seeds 0, 1, 4 (bench/_critical_losses.py): one of three paths to u was lost on the first slice
    # (the detours and three other charts through the start lost it; a second slice solved afresh found it)
    fam, X0, p0, u, rng, tr = _first_slice("linear 3-2-2-3", seed)
    assert tr.passed and X0.shape[0] == 3                      # C(3, 2) = 3 at the generic complex target
    X, _, lost = _to_target(fam, X0, p0, u, rng)
    assert lost == 0 and X.shape[0] == 3
    assert np.all(residuals(fam, X, u) <= 1e-6)
    Y = _img(fam, X)
    T = _truncations(u, (3, 3), 2)
    hits = sorted(int(np.argmin([np.abs(y - t).max() for t in T])) for y in Y)
    assert hits == [0, 1, 2]                                    # each truncation once
    assert all(min(np.abs(y - t).max() for t in T) < 1e-8 for y in Y)
