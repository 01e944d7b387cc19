"""Neuromanifold: analyses computed once, the dimension shared, the seed recorded."""

import functools
import importlib.util
from math import comb

import pytest

import algnet
import algnet.analyses.degree as degree_module
import algnet.analyses.dimension as dimension_module
from algnet import Neuromanifold, parse_spec
from algnet.errors import NotApplicableError, ParameterError


def _counting(monkeypatch, module, name, network=None):
    calls = []
    original = getattr(module, name)

    @functools.wraps(original)  # the registry reads the options from the signature
    def wrapper(net, *args, **kwargs):
        if network is None or net is network:
            calls.append(net)
        return original(net, *args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_dimension_is_computed_once_and_shared(monkeypatch):
    M = Neuromanifold("linear 2-1-2", seed=4)
    calls = _counting(monkeypatch, dimension_module, "dimension", M.network)
    M.degree(method="monodromy")
    M.equations(max_degree=2)
    M.hilbert_function(up_to=3)
    M.singular_strata(depth=1)
    M.fibers(method="none")
    assert M.dimension().dimension == 3
    assert len(calls) == 1
    # every result that used the dimension keeps the same evidence of it
    ev = M.dimension().evidence
    for res in (M.degree(method="monodromy"), M.equations(max_degree=2), M.hilbert_function(up_to=3),
                M.singular_strata(depth=1),
                M.fibers(method="none")):
        assert res.depends_on == (ev,)
        # a degree certified by a theorem does not rest on the computed dimension; everything else does
        assert res.evidence.depends_on == (() if res is M.degree() and res.evidence.certified else (ev,))
        assert res.seed == M.seed == 4
    assert len(calls) == 1


def test_a_second_call_does_not_recompute(monkeypatch):
    from algnet.registry import get_analysis

    get_analysis("degree")  # the registry reads the function's defaults before it is replaced
    M = Neuromanifold(parse_spec("linear 3-1-3"), seed=0)
    calls = _counting(monkeypatch, degree_module, "degree")
    first = M.degree(method="monodromy")
    assert M.degree(method="monodromy") is first and len(calls) == 1
    # other options are another computation
    assert M.degree(method="formula") is not first and len(calls) == 2
    # 3x3 matrices of rank <= 1: the Segre variety P^2 x P^2, degree binom(4, 2) = 6, dimension 5 (affine cone)
    assert first.degree == comb(4, 2) and M.dimension().dimension == 5
    assert M.degree(method="monodromy") is first and len(calls) == 2     # cached: no third computation
    assert M.witness_set[0].shape == (6, 9)   # 6 witness points in the 9 coordinates


def test_seed_is_drawn_and_recorded():
    M = Neuromanifold("linear 2-1-2")
    assert isinstance(M.seed, int) and M.seed >= 0
    assert M.dimension().seed == M.seed
    assert repr(M).startswith("Neuromanifold('linear 2-1-2', seed=")
    with pytest.raises(ParameterError):
        Neuromanifold("linear 2-1-2", seed=-1)
    with pytest.raises(ParameterError):
        Neuromanifold("linear 2-1-2", seed=True)


@pytest.mark.parametrize("method", ["critical_points", "ed_degree"])
def test_a_second_seed_for_the_critical_analyses_is_refused(method):
    # the seed is the object's (the other analyses refuse seed= through the registry); a second one was passed on
    # twice and raised Python's TypeError ("got multiple values for keyword argument 'seed'")
    M = Neuromanifold("linear 2-1-2", seed=0)
    with pytest.raises(ParameterError, match="seed"):
        getattr(M, method)(seed=3)
    assert not M.computed


def test_exported_and_accepts_networks_and_specs():
    assert algnet.Neuromanifold is Neuromanifold
    net = parse_spec("dense 2-2-1 r=2")
    M = Neuromanifold(net, seed=1)
    assert M.network is net and M.spec == "dense 2-2-1 r=2"
    # binary quadratic forms: a sum of two squares of linear forms is every form (dimension 3)
    assert M.dimension().dimension == 3


@pytest.mark.skipif(importlib.util.find_spec("algnet.architectures.polymap") is None,
                    reason="polynomial maps not available")
def test_polynomial_map():
    M = Neuromanifold(algnet.parametrization(["s^3", "s^2*t", "s*t^2", "t^3"]), seed=0)
    # the twisted cubic (cone over it): dimension 2, degree 3, three quadrics
    assert M.dimension().dimension == 2
    assert M.equations(max_degree=2).generator_degrees == (2, 2, 2)
    assert M.degree().degree == 3


def test_critical_points_without_the_module_is_a_clear_error():
    M = Neuromanifold("linear 2-1-2", seed=0)
    if importlib.util.find_spec("algnet.analyses.critical") is None:
        with pytest.raises(NotApplicableError):
            M.critical_points()


@pytest.mark.skipif(importlib.util.find_spec("algnet.analyses.critical") is None,
                    reason="critical-point analysis not available")
def test_critical_points_and_ed_degree_share_the_dimension(monkeypatch):
    M = Neuromanifold("linear 3-1-2", seed=0)
    calls = _counting(monkeypatch, dimension_module, "dimension", M.network)
    # Eckart-Young: 2x3 matrices of rank <= 1 have Frobenius ED degree binom(2, 1) = 2
    assert M.ed_degree(metric="frobenius").ed_degree == comb(2, 1)
    first = M.critical_points(loss="frobenius")
    assert M.critical_points(loss="frobenius") is first and first.seed == 0
    assert len(calls) == 1


def test_option_keys_are_hashable_and_content_based():
    import numpy as np

    from algnet.neuromanifold import _key

    a, b = _key({"target": np.arange(3), "loss": [1, 2]}), _key({"loss": (1, 2), "target": np.arange(3)})
    assert a == b and hash(a) == hash(b)
    assert _key({"target": np.arange(3)}) != _key({"target": np.arange(1, 4)})
    assert hash(_key({"Q": {"x": 1}}))


def test_seed_is_checked_like_the_analyses_seed():
    # a numpy integer is a seed for every analysis, so for the object too (it was refused); a seed of 2^63 or
    # more is refused when the object is made, not by its first analysis
    import numpy as np

    M = Neuromanifold("linear 2-1-2", seed=np.int64(3))
    assert M.seed == 3 and type(M.seed) is int and M.dimension().seed == 3
    with pytest.raises(ParameterError):
        Neuromanifold("linear 2-1-2", seed=2**64)


def test_relu_analyses_run_through_the_object():
    # run(name) takes any registered analysis; the ReLU ones used to be refused because the object first computed
    # the (polynomial) dimension, "not a polynomial network: use algnet.relu.functional_dimension"
    M = Neuromanifold("relu 2-3-1", seed=0)
    fd = M.run("fd")
    # D' = 13 parameters - 3 hidden neurons (Grigsby-Lindsey-Meyerhoff-Wu), attained by a shallow generic network
    assert fd.values["bound"] == 13 - 3 and fd.values["fd"] == 10 and fd.evidence.certified
    assert fd.evidence.seed == 0 and M.run("functional_dimension") is fd
    with pytest.raises(NotApplicableError):        # a polynomial analysis is still refused, by the analysis
        M.degree()


def test_the_record_of_an_array_option_is_json():
    # as_dict() is "JSON-ready": a target given as an array was recorded as raw bytes (json.dumps raised TypeError)
    import json

    import numpy as np

    M = Neuromanifold("linear 2-1-2", seed=0)
    target = np.array([[1, 2], [3, 5]])
    M.critical_points(loss="frobenius", target=target)
    record = json.loads(json.dumps(M.as_dict()))
    assert record["results"][1]["options"] == {"loss": "frobenius", "target": [[1, 2], [3, 5]]}
    assert "target=[[1, 2], [3, 5]]" in M.summary() and "\\x" not in M.summary()


def test_a_misspelt_option_of_the_critical_analyses_is_refused_before_any_work():
    # the other analyses check their options through the registry; these passed them on, and a misspelling raised
    # Python's TypeError ("unexpected keyword argument 'los'") after the dimension had been computed
    M = Neuromanifold("linear 2-1-2", seed=0)
    with pytest.raises(ParameterError, match="'los'") as e:
        M.critical_points(los="frobenius")
    assert "did you mean 'loss'" in str(e.value) and not M.computed
