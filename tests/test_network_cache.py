"""``Network.n_params`` is cached per ``param_shapes`` tuple: the count stays right when the shapes change."""

from algnet import parse_spec


def test_n_params_counts_the_shapes():
    # hand count: dense 2-3-1 has W1 (3 x 2) and W2 (1 x 3); linear 4-2-3 has 2*4 + 3*2
    assert parse_spec("dense 2-3-1 r=2").n_params == 9
    assert parse_spec("linear 4-2-3").n_params == 14


def test_n_params_follows_new_shapes():
    net = parse_spec("linear 2-1-2")
    assert net.n_params == 4
    net.param_shapes = (("W1", (2, 5)), ("W2", (3, 2)))     # a new tuple: counted anew (10 + 6)
    assert net.n_params == 16
    assert len(net.unflatten(list(range(16)))["W2"]) == 3
