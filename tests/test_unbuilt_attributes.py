"""A dense or linear network answers its structural attributes from the spec without building its layers: every
value is checked against the same network after its layers are built (the independent truth: the values the layers
derive), over many widths, activation degrees, biases and polynomial activations."""

import itertools

import pytest

from algnet import parse_spec
from algnet.architectures.dense import DenseNetwork, LinearNetwork
from algnet.architectures.layers import Linear, Polynomial, Power, Sequential
from algnet.architectures.layers.base import PlannedLayer
from algnet.architectures.scalar_layers import without_scalar_layers

NAMES = ("param_shapes", "input_shape", "output_shape", "degree", "homogeneous", "polynomial", "n_params",
         "ambient_dimension", "n_inputs", "n_outputs")


def _specs():
    widths = [(2, 1), (1, 1), (2, 1, 2), (2, 1, 1), (1, 1, 1), (3, 2, 1), (1, 1, 2), (2, 1, 1, 1), (2, 3, 1, 1),
              (1, 1, 1, 1), (3, 1, 1, 2, 1), (2, 2, 2, 2)]
    for w in widths:
        for bias in (False, True):
            yield lambda w=w, bias=bias: LinearNetwork(w, bias=bias)
            if len(w) < 3:          # no hidden layer: no activation (a dense network of one layer is refused)
                continue
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


def test_unbuilt_values_equal_the_dense_formulas():
    # a second truth, from the definition of the dense network (not from the layers): W_l is d_l x d_(l-1) (and b_l
    # has d_l entries), the degree is the product of the hidden activations' degrees, the outputs are forms without
    # bias when every activation is a monomial
    for make in SPECS:
        net = make()
        w, L = net.widths, net.L
        n = sum(w[l] * w[l - 1] + (w[l] if net.bias else 0) for l in range(1, L + 1))
        degree = 1
        for r in net.hidden_degrees():
            degree *= r
        monomial = net.act is None or sum(c != 0 for c in net.act) == 1
        assert (net.n_params, net.degree, net.input_shape, net.output_shape) == (n, degree, (w[0],), (w[-1],))
        assert net.homogeneous == (not net.bias and (L == 1 or monomial)), net.spec
        assert "sequence" not in vars(net), net.spec


class _Planned(Sequential):
    """A composition given by a plan on inputs with a second axis (samples of a token, as attention's)."""

    def __init__(self, plan, input_shape):
        self.plan = plan
        self._build_later("_made_plan", input_shape)

    def _plan(self):
        return list(self.plan)


def test_a_plan_with_a_given_input_shape_answers_as_its_built_layers():
    plans = [[PlannedLayer(Linear, d_in=2, d_out=3, bias=True), PlannedLayer(Polynomial, coeffs=(1, 0, 2)),
              PlannedLayer(Linear, d_in=3, d_out=1)],
             [PlannedLayer(Linear, d_in=2, d_out=1), PlannedLayer(Power, r=3), PlannedLayer(Linear, d_in=1, d_out=2)]]
    for plan in plans:
        for shape in ((2,), (2, 4)):
            lazy, built = _Planned(plan, shape), _Planned(plan, shape).ensure_built()
            got = _attrs(lazy)
            assert "sequence" not in vars(lazy)
            assert got == _attrs(built) and got["output_shape"][1:] == shape[1:]


def test_a_plan_of_a_class_without_argument_facts_builds():
    from algnet.architectures.layers import Conv1d

    net = _Planned([PlannedLayer(Conv1d, in_channels=1, out_channels=1, kernel_size=2)], (3,))
    assert net.output_shape == (2,) and "sequence" in vars(net)             # not known from the plan: built
