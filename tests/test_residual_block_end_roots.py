"""The roots of unity a Residual's block keeps at its end (x + sigma(W x) with sigma(-t) = sigma(t)) are known
finite symmetries, counted once.

Truth: the generic fiber of each network, counted by hand and by a Groebner basis (Macaulay2, ``dim`` 0 and
``degree`` of the ideal mu(theta) = mu(theta_0) at a random integer theta_0), and the group the listed actions
generate, each element checked to keep the network's outputs exactly.
"""

import numpy as np
import pytest

from algnet import parse_spec

# spec -> order of the group of the finite symmetries (all the generic fiber where the fiber is finite)
CASES = {
    # (w_i . x)^2 fixes the row w_i up to its sign: fiber 4 (by hand; Macaulay2: degree 4)
    "layers Residual([Linear(2, 2), Power(2)])": 4,
    # the same block after a linear layer: the rows of W up to sign, once (Macaulay2: a fiber of 4 points)
    "layers Linear(2, 2), Residual([Linear(2, 2), Power(2)])": 4,
    # nested blocks: x + A x + (W (x + A x))^2 ... the rows of the inner W up to sign (Macaulay2: 4 points)
    "layers Residual([Linear(2, 2), Residual([Linear(2, 2), Power(2)])])": 4,
    # two blocks, each block's rows up to sign: 2^2 * 2^2
    "layers Residual([Linear(2, 2), Power(2)]), Residual([Linear(2, 2), Power(2)])": 16,
    # a block in a Product's branch: its rows up to sign keep the branch
    "layers Product(Residual([Linear(2, 2), Power(2)]), Linear(2, 2))": 4,
    # reflections t -> -1 - t of t + t^2 (a bias): not counted twice with the junction through the block
    "layers Linear(2, 2, bias=True), Residual([Linear(2, 2, bias=True), Polynomial(0, 1, 1)]), Linear(2, 1)": 8,
}


def _orbit(net, theta):
    gens = net.finite_actions()
    seen = {tuple(theta)}
    todo = [np.array(theta)]
    while todo:
        t = todo.pop()
        for g in gens:
            u = g(t[None, :])[0]
            key = tuple(u)
            if key not in seen:
                seen.add(key)
                todo.append(u)
    return seen


@pytest.mark.parametrize("spec", sorted(CASES))
def test_block_end_roots_counted_once(spec):
    net = parse_spec(spec)
    rng = np.random.default_rng(5)
    theta = rng.integers(-9, 10, net.n_params)
    X = rng.integers(-9, 10, (4, int(np.prod(net.input_shape)))).tolist()
    orbit = _orbit(net, theta)
    assert len(orbit) == CASES[spec] == net.finite_symmetry_order()
    f0 = net.evaluate(theta.tolist(), X).tolist()
    for t in orbit:
        assert net.evaluate(list(t), X).tolist() == f0
