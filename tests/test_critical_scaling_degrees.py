"""critical/total_degree.scaling_degrees (every layer's scaling degree at one random point) against the degrees read
off the expanded coefficient polynomials (net.expand(), python-flint): a second method."""

import pytest

from algnet import parse_spec
from algnet.analyses.critical.multihom import _groups, layer_degrees
from algnet.analyses.critical.total_degree import scaling_degree, scaling_degrees


def _expanded_degrees(net, blocks):
    """Per block: d when every monomial of every output has degree d in the block's parameters, else None."""
    _, polys = net.expand()
    n = net.n_params
    out = []
    for a, b in blocks:
        b = n if b is None else b
        degs = {sum(e[a:b]) for f in polys for e in f.to_dict()}
        out.append(degs.pop() if len(degs) == 1 and min(degs | {1}) >= 1 else None)
    return out


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,3 r=2", "dense 3-2-1 r=2",
                                  "linear 2-1-2 bias", "dense 2-2-1 r=2 bias"])
def test_scaling_degrees_against_the_expanded_polynomials(spec):
    net = parse_spec(spec)
    blocks = _groups(net) + [(0, None)]
    want = _expanded_degrees(net, blocks)
    assert scaling_degrees(net, blocks, s=1.29 - 0.35j, seed=11) == want
    assert [scaling_degree(net, a, b) for a, b in blocks] == want
    assert layer_degrees(net) == (None if None in want[:-1] else tuple(want[:-1]))
