"""Functional dimension deficits of small ReLU networks, computed by hand.

Weights are listed as W1, b1, W2, b2, ... (row-major). On the input line, F = c + sum_i v_i (w_i x + b_i)_+ and the
batch Jacobian's columns are functions of x; their span is found by hand from the derivatives
(d/dc = 1, d/dv_i = (w_i x + b_i)_+, d/dw_i = v_i x H_i, d/db_i = v_i H_i with H_i the indicator of the active
side), the functional dimension of Grigsby-Lindsey-Meyerhoff-Wu (arXiv:2209.04036):

* two kinks at one point with opposite orientations (F = |x|): span {1, H(x), H(-x), x H(x), x H(-x)} has the
  relation 1 = H(x) + H(-x): 4, one below D' = 5;
* two kinks at one point with one orientation (w = 1, 2): span {1, H(x), x H(x)}: 3;
* two separate kinks (x = 0, 1): 5 = D';
* a second hidden layer of width one that is always active (F = relu(relu(x) + 1)): F = u v (w x + b)_+ + (u c + d)
  has 3 functional parameters; one that is never active (relu(-relu(x) - 1) = 0): only the output bias, 1;
  one active beyond a second kink (relu(relu(x) - 1)): F = u v w (x - x_1)_+ + d: 3. D' = 4.
"""

import pytest

from algnet import parse_spec
from algnet.relu import functional_dimension
from algnet.relu.regions import linear_regions

CASES = [
    ("relu 1-2-1", [1, -1, 0, 0, 1, 1, 0], 4, 2),          # |x|
    ("relu 1-2-1", [1, 2, 0, 0, 1, 1, 0], 3, 2),           # relu(x) + relu(2x)
    ("relu 1-2-1", [1, 1, 0, -1, 1, 1, 0], 5, 3),          # relu(x) + relu(x - 1)
    ("relu 1-1-1-1", [1, 0, 1, 1, 1, 0], 3, 2),            # relu(relu(x) + 1): stably active
    ("relu 1-1-1-1", [1, 0, -1, -1, 1, 0], 1, 2),          # relu(-relu(x) - 1) = 0: stably unactivated
    ("relu 1-1-1-1", [1, 0, 1, -1, 1, 0], 3, 3),           # relu(relu(x) - 1)
]


@pytest.mark.parametrize("spec, theta, fd, regions", CASES)
def test_functional_dimension_deficits_by_hand(spec, theta, fd, regions):
    net = parse_spec(spec)
    res = functional_dimension(net, theta)
    assert res.functional_dimension == fd and res.certified
    assert res.bound == net.n_params - sum(net.widths[1:-1])
    # the activation regions of the whole line: one per kink of any neuron, plus one
    assert linear_regions(net, theta, plane=True).count == regions


def test_one_input_domain_is_an_interval_not_a_box():
    # it was printed 'box [-1, 1] x [-1, 1]' and 'whole plane' for an input line
    net, theta = parse_spec("relu 1-2-1"), [1, 1, 0, -1, 1, 1, 0]
    part = linear_regions(net, theta, box=(-2, 2))
    assert part.count == 3 and part.domain_text() == "interval [-2, 2]"
    assert "interval [-2, 2] of" in part.evidence.proves
    assert linear_regions(net, theta, plane=True).domain_text() == "whole line"
    wide = parse_spec("relu 2-2-1")
    assert linear_regions(wide, wide.random_params(seed=0), plane=True).domain_text() == "whole plane"
