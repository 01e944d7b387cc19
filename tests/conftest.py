import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def random_point():
    """``random_point(net, inputs, seed, bound)``: the network (a spec is parsed), integer parameters
    drawn with ``seed`` and ``inputs`` integer inputs drawn with ``seed + 1``, entries bounded by ``bound``."""
    from algnet.architectures.spec import parse_spec

    def make(net, inputs: int, seed: int, bound: int):
        net = parse_spec(net)
        return net, net.random_params(seed=seed, bound=bound), net.random_inputs(inputs, seed=seed + 1, bound=bound)

    return make
