"""linear 4-2-2-5, Frobenius loss, seed 3015909246: "5 of 6 critical points pure" checked against the theorem.

Trager-Kohn-Bruna (THEOREMS 8): for the Frobenius loss the critical images are the Eckart-Young truncations of the
target on every rank stratum (here 5 x 4 of rank <= 2: C(4, 2) = 6 of rank 2, C(4, 1) = 4 of rank 1, and 0), and
only those of top rank are pure. The truncations are computed here by hand from the target's SVD (its singular
values are distinct: 3.18, 2.93, 1.37, 0.38, so all 11 are nondegenerate). Every image the run reports is one of
the truncations, and it is pure exactly when it has rank two. Until 2026-12-05 the run found 5 of the 6 rank-two
images (a path lost on the way to the real target: its slice representative ran out along the fiber as the
critical image shrank; partial, a lower bound); with paths re-charted where they stall
(algnet.analyses.critical.rechart) the count is complete: all 11 truncations, 6 pure, none lost.
"""

import itertools

import numpy as np
import pytest

from algnet.analyses.critical import critical_points
from algnet.analyses.critical.loss import network_and_loss

SPEC, SEED = "linear 4-2-2-5", 3015909246


@pytest.mark.slow
def test_every_truncation_found_and_pure_iff_top_rank():
    _, L, _ = network_and_loss(SPEC, "frobenius", seed=SEED)
    T = np.asarray(L.u, dtype=float).reshape(5, 4)          # coordinates a[i, j]: output i, input j
    U, s, Vt = np.linalg.svd(T, full_matrices=False)
    assert np.min(np.diff(-s)) > 0.2                        # distinct singular values: 11 nondegenerate images
    truncations = {S: (U[:, list(S)] * s[list(S)]) @ Vt[list(S)] for k in range(3)
                   for S in itertools.combinations(range(4), k)}
    r = critical_points(SPEC, loss="frobenius", seed=SEED)
    seen = set()
    for p in r.points:
        img = np.asarray(p.image).real.reshape(5, 4)
        S = min(truncations, key=lambda S: np.abs(truncations[S] - img).max())
        assert np.abs(truncations[S] - img).max() < 1e-6, p
        assert p.pure == (len(S) == 2), (S, p.pure)         # pure iff top rank (TKB)
        seen.add(S)
    assert r.pure == sum(len(S) == 2 for S in seen) == 6    # Eckart-Young: C(4, 2)
    assert r.function_space_points == len(seen) == 11
    assert not r.partial and r.lost == 0 and r.partial_reason is None
    assert r.certified_real >= 6                            # the pure points certified at the real target
