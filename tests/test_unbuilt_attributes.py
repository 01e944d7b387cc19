"""A dense or linear network answers its structural attributes from the spec without building its layers: every
value is checked against the same network after its layers are built (the independent truth: the values the layers
derive), over many widths, activation degrees, biases and polynomial activations."""

import itertools

import pytest

from algnet import parse_spec
from algnet.architectures.dense import DenseNetwork, LinearNetwork
from algnet.architectures.scalar_layers import without_scalar_layers

NAMES = ("param_shapes", "input_shape", "output_shape", "degree", "homogeneous", "polynomial", "n_params",
         "ambient_dimension", "n_inputs", "n_outputs")


def _specs():
    widths = [(2, 1), (1, 1), (2, 1, 2), (2, 1, 1), (1, 1, 1), (3, 2, 1), (1, 1, 2), (2, 1, 1, 1), (2, 3, 1, 1),
              (1, 1, 1, 1), (3, 1, 1, 2, 1), (2, 2, 2, 2)]
    for w in widths:
        for bias in (False, True):
            yield lambda w=w, bias=bias: LinearNetwork(w, bias=bias)
            for r in (1, 2, 3):
                yield lambda w=w, r=r, bias=bias: DenseNetwork(w, r=r, bias=bias)
            for act in ((0, 1, 1), (0, 0, 2), (1, 1), (0, 0, 0, 5), (2, 0, 1)):
                yield lambda w=w, act=act, bias=bias: DenseNetwork(w, act=act, bias=bias)
            hidden = len(w) - 2
            if hidden >= 2:
                for rs in itertools.product((1, 2, 3), repeat=hidden):
                    yield lambda w=w, rs=rs, bias=bias: DenseNetwork(w, r=rs, bias=bias)


SPECS = list(_specs())


def _attrs(net):
    return {name: getattr(net, name) for name in NAMES}


def test_unbuilt_values_equal_the_built_networks():
    assert len(SPECS) > 200
    for make in SPECS:
        lazy, built = make(), make().ensure_built()
        got = _attrs(lazy)
        assert "sequence" not in vars(lazy), lazy.spec                  # nothing was built to answer
        assert got == _attrs(built), lazy.spec
        assert not hasattr(lazy, "basis") and not hasattr(lazy, "parent"), lazy.spec
        assert "sequence" not in vars(lazy), lazy.spec


def test_scalar_layer_reduction_equals_the_layers_reduction():
    # the layer-based reduction of algnet.architectures.scalar_layers on the built network is the truth
    for make in SPECS:
        lazy, built = make(), make().ensure_built()
        mine, truth = lazy.without_scalar_layers(), without_scalar_layers(built)
        assert (mine is None) == (truth is None), lazy.spec
        if truth is not None:
            assert mine[0].spec == truth[0].spec and mine[1] == truth[1], lazy.spec


def test_unbuilt_network_still_builds_for_its_layers():
    net = parse_spec("dense 2-1-2 r=2")
    assert net.degree == 2 and "sequence" not in vars(net)
    assert len(net.sequence) == 3 and net.param_names()[0] == "W1[0,0]"
    with pytest.raises(AttributeError):
        net.basis


def test_networks_the_build_refuses_are_still_refused():
    # the build's own checks (depth, memory of one evaluation) are the truth: the same refusal as a built network's
    from algnet.errors import TooLargeError

    for spec in ("linear " + "-".join(["2"] * 5002), "dense 2-10000000000-1 r=2"):
        with pytest.raises(TooLargeError):
            parse_spec(spec).ensure_built()
        with pytest.raises(TooLargeError):
            parse_spec(spec).n_params
