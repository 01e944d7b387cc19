"""The float engine's low-margin vertex decisions re-checked in exact rationals: models whose float count equals
the exact engine's (a second, independent method) are proved, and a model whose float count misses regions of
the exact one stays flagged. Truth: the exact engine's count, and lines through a vertex by construction."""

import numpy as np
import pytest

from algnet.relu.float_check import MARGIN_THRESHOLD, recheck_vertex_decisions
from algnet.relu.model import PLModel
from algnet.relu.model_regions import model_regions
from algnet.relu.model_regions_float import model_regions_float
from algnet.relu.slices import Slice

torch = pytest.importorskip("torch")
nn = torch.nn

from torch_helpers import bn_group_pool_model  # noqa: E402


def _bn_group_pool(seed):
    from algnet.relu import from_torch_model

    return from_torch_model(bn_group_pool_model(seed), input_shape=(1, 4, 4))


@pytest.mark.parametrize("seed", [0, 2, 5])
def test_right_counts_through_concurrent_lines_are_proved(seed):
    pm = _bn_group_pool(seed)
    part = model_regions_float(pm, box=(-1, 1, -1, 1))
    exact = model_regions(pm, box=(-1, 1, -1, 1)).count
    assert (part.count, part.lower_bound) == (exact, exact)
    assert part.verdict == "proved lower bound" and part.margin >= MARGIN_THRESHOLD


@pytest.mark.parametrize("seed", [0, 4])
def test_small_cnn_on_the_first_two_pixels_is_proved(seed):
    from algnet.relu import from_torch_model
    from algnet.relu.data import small_cnn

    torch.set_num_threads(1)
    pm = from_torch_model(small_cnn(2, seed=seed).eval(), input_shape=(1, 8, 8))
    part = model_regions_float(pm, box=(-1, 1, -1, 1))
    exact = model_regions(pm, box=(-1, 1, -1, 1)).count
    assert (part.count, part.lower_bound, part.verdict) == (exact, exact, "proved lower bound")


def test_a_wrong_count_stays_flagged():
    pm = _bn_group_pool(1)
    part = model_regions_float(pm, box=(-1, 1, -1, 1))
    exact = model_regions(pm, box=(-1, 1, -1, 1)).count
    assert part.count != exact and part.lower_bound <= exact
    assert part.verdict == "possibly wrong"


def test_recheck_tells_a_line_through_the_vertex_from_one_beside_it():
    # units x, y, x + y, x - 1/2: the third line passes through the vertex (0, 0), the fourth beside it
    m = PLModel.from_layers([([[1, 0], [0, 1], [1, 1], [1, 0]], [0, 0, 0, -0.5]), ([[1, 1, 1, 1]], [0])])
    sl = Slice.standard(2)
    x, y = [1.0, 0.0, 0.0, (2, 0, -1)], [0.0, 1.0, 0.0, (2, 1, -1)]            # node 2: the relu; units 0, 1
    d, h = [1.0, 1.0, 0.0, (2, 2, -1)], [1.0, 0.0, -0.5, (2, 3, -1)]
    at = lambda sign, line: [(2, (0.5, 0.5), x, y, line, sign, 3.0)]          # noqa: E731
    assert recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), at(0.0, d)) == np.inf
    assert recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), at(1.0, d)) == np.inf
    assert recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), at(1.0, h)) == 3.0   # x - 1/2 < 0 there
    assert recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), at(0.0, h)) == 3.0   # not on it
    assert recheck_vertex_decisions(m, sl, (-1, 1, -1, 1), at(-1.0, h)) == np.inf


def test_recheck_takes_each_line_by_its_identity_and_refuses_a_float_line_of_another():
    # units x, y, x + y, x + y: the same line twice; the float line must round the exact line its identity names
    m = PLModel.from_layers([([[1, 0], [0, 1], [1, 1], [1, 1]], [0, 0, 0, 0]), ([[1, 1, 1, 1]], [0])])
    sl, box = Slice.standard(2), (-1, 1, -1, 1)
    x, y = [1.0, 0.0, 0.0, (2, 0, -1)], [0.0, 1.0, 0.0, (2, 1, -1)]
    for unit in (2, 3):                                      # two units, one line: each identity is its own match
        assert recheck_vertex_decisions(m, sl, box, [(2, (0.5, 0.5), x, y, [1.0, 1.0, 0.0, (2, unit, -1)], 1.0,
                                                      3.0)]) == np.inf
    for line in ([1.0, 1.0, 0.0, (2, 0, -1)], [-1.0, -1.0, 0.0, (2, 2, -1)], [1.0, 1.0, 0.0, None]):
        # the identity of x = 0 on the line x + y = 0; the line reversed (the sign would be the other's); none
        assert recheck_vertex_decisions(m, sl, box, [(2, (0.5, 0.5), x, y, line, 1.0, 3.0)]) == 3.0
    side = [0.0, 1.0, -1.0, (0, 2, -1)]                      # the box's side y = 1 meets x = 0 at (0, 1)
    assert recheck_vertex_decisions(m, sl, box, [(2, (0.5, 0.5), x, side, [1.0, 1.0, 0.0, (2, 2, -1)], 1.0,
                                                  3.0)]) == np.inf
    assert recheck_vertex_decisions(m, sl, box, [(2, (0.5, 0.5), x, side, [1.0, 1.0, 0.0, (2, 2, -1)], -1.0,
                                                  3.0)]) == 3.0
