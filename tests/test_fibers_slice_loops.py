"""The loops of the pinned values that group a fiber's slice points into components (``slice_classes``) reach far
enough to join points of one irreducible fiber, and keep looping while classes still merge."""

from algnet import parse_spec
from algnet.analyses.fibers import gauge_coordinates
from algnet.analyses.fibers_homotopy import homotopy_fiber_count

#: f = e (a x + b) + e (c (a x + b) + d)^2. With u = c a, v = c b + d (birational in c, d for a != 0) its coefficients
#: are e u^2, e a + 2 e u v, e b + e v^2; given them, the fiber is {e u^2 = A2, a = A1/e - 2 u v, b = A0/e - v^2}:
#: u in C* and v in C are free (e, a, b follow), so the fiber is irreducible, C* x C, one orbit of the 2-dimensional
#: connected symmetries. Pinning a and b leaves 4 points: 2 values of e, and (c, d) against (-c, -d).
RESIDUAL_SQUARE = "layers Linear(1,1,bias=True), Residual([Linear(1,1,bias=True), Power(2)]), Linear(1,1)"


def test_slice_points_of_an_irreducible_fiber_form_one_class():
    net = parse_spec(RESIDUAL_SQUARE)
    theta0 = [3, -2, 5, 7, 2]
    gauge = gauge_coordinates(net, theta0)
    assert tuple(gauge) == (0, 1)       # a and b
    r = homotopy_fiber_count(net, theta0, gauge, 3, seed=3, components=True, certify=False)
    assert r.count == 4
    # seed 3 joined them in 2 classes of 2 (the loops' radius never enclosed the branch points that swap the signs)
    assert list(r.slice_classes) == [4]
