"""One dimension lookup for the store of solved structures and the warm route (:func:`small.known_dimension`): a
network on a subspace of another's parameters has none (no warm route), a network on its own parameters has its
certified dimension, known without a seed once computed. Truth: the determinantal dimension r(m + n - r) of the
m x n matrices of rank <= r (THEOREMS 1)."""

import pytest

from algnet import parse_spec
from algnet.analyses.critical import warm
from algnet.analyses.critical.small import known_dimension
from algnet.analyses.singular.derived import SlicedNetwork
from algnet.errors import ParameterError


def test_own_network_dimension_then_known_without_a_seed():
    net = parse_spec("linear 3-1-2")
    assert known_dimension(net, seed=3) == 1 * (2 + 3 - 1)
    assert known_dimension(net) == 4                      # remembered: nothing computed
    assert warm.checked_dimension(net, 4, compute=False) == 4
    with pytest.raises(ParameterError, match="dim M = 3 was given, but the neuromanifold has dimension 4"):
        warm.checked_dimension(net, 3, compute=False)


def test_subspace_network_and_no_network_have_none():
    sliced = SlicedNetwork.from_constraints(parse_spec("linear 2-1-2"), zero=(0,), label="w = 0")
    assert known_dimension(sliced) is None and known_dimension(sliced, seed=0) is None
    assert known_dimension(None, seed=0) is None
    assert warm.checked_dimension(sliced, 7) == 7         # not checked: no warm route for it
