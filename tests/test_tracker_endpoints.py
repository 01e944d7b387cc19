"""Endpoint classification: a well-conditioned endpoint where Newton has not converged is not a solution.

(The compiled tracker refines in numba and then classifies with the same ``PathTracker.finish``.)
"""

import numpy as np

from algnet.homotopy.homotopies import StraightLineHomotopy
from algnet.homotopy.systems import PolynomialSystem
from algnet.homotopy.tracker import TrackerOptions, make_tracker


def test_stalled_endpoint_that_is_not_a_solution_is_failed():
    F = PolynomialSystem.from_terms([{(2,): 1, (0,): 1}])      # x^2 + 1: roots +-i; x = 100 is far from both
    G = PolynomialSystem.from_terms([{(2,): 1, (0,): -1}])
    opt = TrackerOptions(engine="numpy", final_newton_iterations=1)
    P = make_tracker(StraightLineHomotopy(G, F, gamma=np.exp(0.7j)), 1, opt)
    P.add(np.array([[100.0 + 0j], [1.0j]]))
    P.T[:] = 1.0
    P.status[:] = "reached"                                    # as if both paths had stopped at t = 1
    P.finish(np.arange(2))
    r = P.result()
    assert r.status == ("failed", "success")
    assert abs(r.x[1, 0] - 1j) < 1e-12
