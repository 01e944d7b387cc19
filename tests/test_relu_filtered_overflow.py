"""The filtered exact engine on weights and boxes whose float64 products overflow: the overflowed values prove
nothing (their signs are left to exact arithmetic) and are no business of the user's (no RuntimeWarning from the
engine on stderr; the command line printed several).

Truth: the exact engine without the float filter (``filtered=False``, every sign in integer arithmetic) gives the
same regions, patterns and vertices."""

import random
import warnings

import pytest

from algnet import parse_spec
from algnet.relu.regions import linear_regions

ENGINE = ("filtered", "float_products")      # the filtered engine's modules (filtered*.py, float_products.py)


def _theta(net, seed, e):
    rng = random.Random(seed)
    return [rng.randint(-9, 9) * 10**e if rng.random() < 0.5 else rng.randint(-9, 9) for _ in range(net.n_params)]


def _exact_data(part):
    return sorted((r.pattern, tuple(sorted(r.vertices))) for r in part.regions)


@pytest.mark.parametrize("seed,e,box", [(2, 307, 10**200), (0, 200, 10**200), (1, 307, 2)],
                         ids=["1e307-weights-1e200-box", "1e200-weights-1e200-box", "1e307-weights-small-box"])
def test_overflowing_products_are_decided_exactly_and_quietly(seed, e, box):
    net = parse_spec("relu 2-4-3-1")
    theta = _theta(net, seed, e)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = linear_regions(net, theta, box=(-box, box, -box, box))
    noisy = [str(w.message) for w in caught if any(m in str(w.filename) for m in ENGINE)]
    assert not noisy, noisy
    truth = linear_regions(net, theta, box=(-box, box, -box, box), filtered=False)
    assert got.count == truth.count and _exact_data(got) == _exact_data(truth)
