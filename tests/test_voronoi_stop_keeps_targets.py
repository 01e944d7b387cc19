"""A Ctrl-C or a time limit while Voronoi targets are sampled keeps every target finished before it.

Before, targets were solved 16 at a time and a stop lost the batch under way: on linear 3-2-3, whose targets can
take minutes each, a stop in the first batch returned nothing at all. Now the batches start at one target and
double while they are fast. A stop while the cell of the point is measured returns a partial result (the
dimension undecided) instead of raising. The stops are stand-ins for Ctrl-C; the nearest distances are checked
against Eckart-Young (the nearest rank-one matrix to U is its truncation, at squared distance sigma_2(U)^2).
"""

import importlib

import numpy as np

from algnet.analyses.critical.nearest import NearestPointSolver

vmod = importlib.import_module("algnet.analyses.critical.voronoi")      # the module (the package exports the function)


def test_a_stop_during_sampling_keeps_the_targets_done(monkeypatch):
    seen = []
    real = NearestPointSolver.nearest

    def nearest(self, U, *a, **k):
        U = np.atleast_2d(U)
        if sum(u.shape[0] for u in seen) + U.shape[0] > 5:
            raise KeyboardInterrupt          # the stand-in: a stop while this batch is solved
        seen.append(U.copy())
        return real(self, U, *a, **k)

    monkeypatch.setattr(NearestPointSolver, "nearest", nearest)
    r = vmod.voronoi("linear 2-1-2", samples=20, seed=3)
    done = sum(u.shape[0] for u in seen)
    assert r.partial and r.partial_reason == "interrupted"
    assert done >= 3 and r.samples == done and sum(r.counts.values()) + r.dropped == done
    assert r.dropped == 0 and set(r.counts) == {"smooth (top stratum)"}
    # Eckart-Young: each nearest squared distance is the smaller squared singular value of the 2 x 2 target
    U = np.concatenate(seen)
    truth = [np.linalg.svd(u.reshape(2, 2), compute_uv=False)[1] ** 2 for u in U]
    assert np.allclose([d for _, d in r.nearest], truth, rtol=1e-8, atol=1e-10)
    lo, hi = r.intervals["smooth (top stratum)"]
    assert lo < 1.0 == hi                   # the Wilson interval over the targets done, not over 20


def test_a_stop_while_the_cell_is_measured_returns_a_partial_result(monkeypatch):
    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(vmod, "cell_dimension", stop)
    r = vmod.voronoi("linear 2-1-2", point=[1.0, 2.0, 0.5, -1.0], samples=5, seed=0)
    assert r.partial and r.point_dimension is None and r.samples == 0
    assert "not decided" in r.method
