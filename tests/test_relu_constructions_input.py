"""Hand-built networks: region counts against theory, and bad input refused with algnet's own errors."""

import math

import pytest

from algnet.errors import AlgnetError, ParameterError
from algnet.relu.constructions import affine_network, arrangement_network, montufar_network
from algnet.relu.regions import linear_regions


@pytest.mark.parametrize("hidden", [[2, 3], [3, 2], [2, 2, 3], [4, 2]])
def test_montufar_counts(hidden):
    # Montufar-Pascanu-Cho-Bengio (2014), Thm. 4 for n_0 = 1: prod_(i<L) n_i (n_L + 1) pieces on [0, 1]
    part = linear_regions(*montufar_network(hidden), box=(0, 1, -1, 1))
    assert part.count == math.prod(hidden[:-1]) * (hidden[-1] + 1)


@pytest.mark.parametrize("hidden", [[2.5, 3], [2, 3.0], [True, 3], 3, "23", [2, "3"]])
def test_montufar_rejects_non_integer_widths(hidden):
    # 2.5 used to become 2 silently (a 1-2-3-1 network for a request of width 2.5); "23" / 3 raised raw errors
    with pytest.raises(ParameterError):
        montufar_network(hidden)


def test_arrangement_counts_lines():
    # three generic lines: 1 + 3 + 3 = 7 regions (Zaslavsky); three concurrent lines: 6
    assert linear_regions(*arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, 1)]), plane=True).count == 7
    assert linear_regions(*arrangement_network([(1, 0, 0), (0, 1, 0), (1, 1, 0)]), plane=True).count == 6


@pytest.mark.parametrize("lines, out", [([(1, 0, 0), (0, 1, 0)], [1]), ([(1, 0, 0), (0, 1, 0)], [1, 2, 3]),
                                        ([(1, 0)], None), ([(1, 0, "x")], None), ([(1, 0, float("nan"))], None),
                                        ("abc", None)])
def test_arrangement_rejects_bad_input(lines, out):
    # out=[1] for two lines used to give a theta of 8 entries for a 9-parameter network, silently
    with pytest.raises(ParameterError):
        arrangement_network(lines, out=out)


def test_affine_network_bad_widths():
    with pytest.raises(AlgnetError):
        affine_network([2, 3.5, 1])
    net, th = affine_network([3, 2, 1])
    assert len(th) == net.n_params
