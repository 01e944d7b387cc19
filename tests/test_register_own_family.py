"""Registering a spec family of one's own (algnet.architectures.spec.register_family).

On the base: a family named 'MyNet' was registered but no spec could reach it ("unknown family (did you mean
'MyNet'?)": parse_spec reads the first word in lower case); register_family('dense') silently replaced the
built-in dense family for the whole process; a parser's own ValueError escaped as a traceback and a parser
returning 42 made parse_spec return 42.
"""

import pytest

from algnet.architectures.layers import Linear, Power, Sequential
from algnet.architectures.spec import _FAMILIES, parse_spec, register_family
from algnet.errors import ParameterError, SpecError


@pytest.fixture
def own():
    added = []

    def reg(name, fn):
        register_family(name)(fn)
        added.append(name.lower())

    yield reg
    for name in added:
        _FAMILIES.pop(name, None)


def _quadratic(tokens, spec):
    n = int(tokens[0]) if tokens else 2
    return Sequential(Linear(n, 2), Power(2), Linear(2, 1))


def test_a_family_with_capitals_is_reached_by_its_specs(own):
    own("ProbeQuad", _quadratic)
    # Linear(3, 2), Power(2), Linear(2, 1): 3*2 + 2*1 = 8 parameters (by hand)
    assert parse_spec("ProbeQuad 3").n_params == 8
    assert parse_spec("probequad 3").n_params == 8


def test_a_built_in_family_cannot_be_replaced():
    with pytest.raises(ParameterError, match="'dense' is registered twice"):
        register_family("dense")(_quadratic)
    # the built-in family is untouched: dense 3-2-1 r=2 has 3*2 + 2*1 = 8 parameters
    assert parse_spec("dense 3-2-1 r=2").spec == "dense 3-2-1 r=2"
    assert parse_spec("dense 3-2-1 r=2").n_params == 8


def test_a_name_no_spec_can_reach_is_refused():
    for name in ("two words", "", "3d", "a;b"):
        with pytest.raises(ParameterError, match="cannot be a spec family"):
            register_family(name)


def test_a_failing_or_wrong_parser_is_named(own):
    def failing(tokens, spec):
        raise ValueError("no such width")

    own("probefail", failing)
    own("probeint", lambda tokens, spec: 42)
    with pytest.raises(SpecError, match="probefail.*ValueError: no such width"):
        parse_spec("probefail 1")
    with pytest.raises(SpecError, match="returned a int, not a network"):
        parse_spec("probeint 1")
