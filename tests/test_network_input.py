"""The helpers of :mod:`algnet.analyses.network_input` against what they promise."""

import numpy as np
import pytest

from algnet.analyses.network_input import as_network, finite_actions, kernel_coordinates, network_dimension
from algnet.errors import ParameterError, SpecError


@pytest.mark.parametrize("q, n, e", [(3, 5, 2), (6, 9, 3), (4, 4, 0), (2, 7, 5)])
def test_kernel_coordinates_cut_the_kernel_transversally(q, n, e):
    # fixing the chosen coordinates leaves no kernel direction: the kernel basis restricted to them
    # is invertible (independent check: the rank of the stacked system [J; unit rows at S] is n)
    rng = np.random.default_rng(q * 100 + n)
    J = rng.normal(size=(q, n - e)) @ rng.normal(size=(n - e, n))          # rank n - e, corank e
    S = kernel_coordinates(J, e)
    assert len(S) == e == len(set(S.tolist()))
    stacked = np.vstack([J, np.eye(n)[S]])
    assert np.linalg.matrix_rank(stacked) == n


def test_kernel_coordinates_avoid_coordinates_the_kernel_does_not_move():
    # the kernel of J is spanned by e_2: only coordinate 2 can fix it
    J = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    assert kernel_coordinates(J, 1).tolist() == [2]


def test_as_network_refuses_other_objects():
    with pytest.raises(ParameterError, match="got list"):
        as_network([1, 2])
    with pytest.raises(SpecError):
        as_network("linear")


def test_dimension_and_symmetries_of_known_networks():
    # dim of n x m matrices of rank <= r: r (n + m - r); 3 x 3 rank 1 -> 5, 4 x 3 rank 2 -> 10
    assert network_dimension(as_network("linear 3-1-3"), seed=0) == 5
    assert network_dimension(as_network("linear 3-2-4"), seed=0) == 10
    # permuting the 3 hidden neurons: the actions map a parameter vector to another one of the same fiber
    net = as_network("dense 2-3-1 r=2")
    acts, desc = finite_actions(net)
    theta = net.random_params(seed=1).astype(float)[None, :]
    X = np.random.default_rng(2).normal(size=(5, 2))
    for act in acts:
        moved = act(theta)
        assert not np.allclose(moved, theta)
        assert np.allclose(_values(net, moved[0], X), _values(net, theta[0], X))
    assert acts and desc != "none used"


def _values(net, theta, X):
    return np.asarray(net.evaluate(list(theta), X), dtype=float)
