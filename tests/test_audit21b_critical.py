"""audit21b: published and hand-computed cases of the critical-point analyses that no issue listed.

Each test asserts a value from the literature or a hand computation (cited), never a number algnet produced.
"""

import numpy as np
import pytest

from algnet.analyses.critical.loss import network_and_loss
from algnet.analyses.critical.posdim import image_dimension
from algnet.analyses.critical.system import GradientFamily


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_isotropic_branch_of_linear_212_at_target_zero(seed):
    """linear 2-1-2 (y = c a^T), Frobenius loss, target 0: L = (a^T a)(c^T c). By hand the critical set through
    theta = 0 is {a = 0} and {c = 0} (the fiber over 0) and the isotropic products a^T a = c^T c = 0, whose images
    c a^T are four complex lines through 0: the critical images near 0 have dimension 1 (image_dimension said 0:
    its samples all fell into the fiber over 0)."""
    net, L, rng = network_and_loss("linear 2-1-2", loss="frobenius", target=[0.0] * 4)
    full = GradientFamily(net, L, (), [], rng)
    assert image_dimension(full, np.zeros(4), L.u, rng=np.random.default_rng(seed))[0] == 1


@pytest.mark.parametrize("seed", [0, 3])
def test_fiber_branches_do_not_count(seed):
    """dense 3-1-1-1 r=2 (y = w3 w2^2 (a . x)^4), generic loss: every critical point near theta = 0 lies in the
    fiber over 0 ({w2 = 0}, {a = 0}, {w3 = 0, <(a . x)^4, Q u> = 0}; by hand): dimension 0, also with the
    image-pinned samples (none can satisfy an image condition on the fiber)."""
    net, L, rng = network_and_loss("dense 3-1-1-1 r=2", loss="generic", seed=seed)
    full = GradientFamily(net, L, (), [], rng)
    assert image_dimension(full, np.zeros(net.n_params), L.u, rng=np.random.default_rng(seed))[0] == 0
