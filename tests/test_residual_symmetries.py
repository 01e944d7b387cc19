"""A Residual block x + f(x) keeps the symmetries of f that fix f's input and output: here the rescaling and the
permutations of the hidden neurons of f = W2 (W1 x)^2. Truth by hand: (s W1[i, :], s^-2 W2[:, i]) leaves
W2 (W1 x)^2 unchanged, so its tangent is (W1[i, :], -2 W2[:, i]); a permutation of the rows of W1 with the columns
of W2 as well (3! = 6 of them)."""

import numpy as np

from algnet import parse_spec

SPEC = "layers Linear(2, 2), Residual([Linear(2, 3), Power(2), Linear(3, 2)]), Linear(2, 2)"


def _hand_tangents(net, theta):
    P = net.unflatten(theta)
    rows = []
    for i in range(3):
        t = {k: np.zeros(np.shape(v)) for k, v in P.items()}
        t["W2"][i, :] = P["W2"][i, :]              # the block's first layer (W2 of the network): neuron i's row
        t["W3"][:, i] = -2 * P["W3"][:, i]         # the block's last layer: neuron i's column
        rows.append(net.flatten(t))
    return np.array(rows, dtype=float)


def test_the_hidden_neurons_of_a_residual_block_keep_their_rescalings():
    net = parse_spec(SPEC)
    theta = net.random_params(seed=0)
    known = np.array(net.symmetry_tangents(theta), dtype=float)
    hand = _hand_tangents(net, theta)
    # the known tangents span the hand-built ones, and no more
    assert np.linalg.matrix_rank(known) == 3 == np.linalg.matrix_rank(np.vstack([known, hand]))


def test_the_hidden_neurons_of_a_residual_block_keep_their_permutations():
    net = parse_spec(SPEC)
    assert net.finite_symmetry_order() == 6
    theta = net.random_params(seed=0)
    X = net.random_inputs(5, seed=1)
    moved = np.array([g(np.array([theta]))[0] for g in net.finite_actions()])
    for t in moved:
        assert not np.array_equal(t, theta)
        assert np.array_equal(net.evaluate(t, X), net.evaluate(theta, X))
