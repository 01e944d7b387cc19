"""The images of theta_0 under the known finite symmetries are points of the gauge-fixed fiber; those that keep the
pinned coordinates (all of them when nothing is pinned) need no transport. Here the transport by a parameter
homotopy whose ends coincide failed, and the Newton count started from theta_0 alone.

Linear(2, 1), sigma, Linear(1, 1), sigma, Linear(1, 2) with sigma = t + t^3 (odd): no continuous symmetry (nothing
pinned), the signs of the two hidden units (each taken back by the next layer's weight): 4 images, each a point of
the fiber, checked by evaluating the network at them.
"""

import numpy as np

from algnet import parse_spec
from algnet.analyses.fibers_homotopy import symmetry_fiber_points
from algnet.analyses.network_input import finite_actions
from algnet.core.backends import Complex

SPEC = "layers Linear(2, 1), Polynomial(0, 1, 0, 1), Linear(1, 1), Polynomial(0, 1, 0, 1), Linear(1, 2)"


def test_every_symmetry_image_is_kept_when_nothing_is_pinned():
    net = parse_spec(SPEC)
    th = [3, -2, 5, 7, 2]
    assert net.finite_symmetry_order() == 4
    pts = symmetry_fiber_points(net, th, (), net.n_params, 0, finite_actions(net)[0])
    assert pts.shape == (4, 5)
    X = np.array([[1.0, 0.5], [-0.3, 2.0], [0.7, -1.1]], dtype=np.complex128)
    f0 = net.evaluate(np.asarray(th, dtype=np.complex128), X, backend=Complex())
    for p in pts:
        assert np.allclose(net.evaluate(p, X, backend=Complex()), f0, rtol=1e-12)
    assert len({tuple(np.round(p.real, 9)) for p in pts}) == 4
