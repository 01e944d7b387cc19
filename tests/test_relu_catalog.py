"""The ReLU analyses in the registry return what the sweep store expects (same keys and values as algnet.sweep)."""

import pytest

from algnet.errors import ParameterError
from algnet.registry import get_analysis
from algnet.theorems.formulas import zaslavsky_regions


_SWEEP_KEYS = {"fd": ("widths", "depth", "width", "parameters", "bound", "fd", "exact", "scope", "regions", "method",
                       "attains_bound", "gap", "seed", "certified"),
               "regions": ("widths", "depth", "width", "parameters", "bound", "regions", "bounded", "vertices", "exact",
                           "seed", "certified")}


@pytest.mark.parametrize("name, spec, opts", [("fd", "relu 2-3-1", {}), ("fd", "relu 3-3-2", {}),
                                              ("regions", "relu 2-4-1", {"plane": True})])
def test_registry_rows_have_the_sweep_keys_and_agree_with_direct_calls(name, spec, opts):
    from algnet import parse_spec
    from algnet.relu import batch_functional_dimension, functional_dimension, linear_regions

    d = get_analysis(name).run(spec, seed=5, **opts).as_dict()
    assert all(k in d for k in _SWEEP_KEYS[name]) and d["seed"] == 5
    net = parse_spec(spec)
    theta = net.random_params(seed=5)
    if name == "regions":
        assert d["regions"] == linear_regions(net, theta, plane=True).count
    elif net.widths[0] <= 2:
        assert d["fd"] == functional_dimension(net, theta).functional_dimension and d["scope"] == "decisive set"
    else:
        # the batch rank at [-2, 2]^n0, or the spread inputs' when higher (regions far from the origin count too)
        from algnet.relu.spread import spread_functional_dimension

        b = batch_functional_dimension(net, theta, seed=5, on_nonsmooth="drop").rank
        assert d["fd"] == (b if b == net.dimension_bound else max(b, spread_functional_dimension(net, theta,
                                                                                                   seed=5).rank))
    if name == "fd":
        assert d["gap"] == d["bound"] - d["fd"] and d["attains_bound"] == (d["gap"] == 0)


def test_regions_count_and_evidence():
    r = get_analysis("regions").run("relu 2-5-1", seed=1, plane="yes")
    assert r.as_dict()["regions"] == zaslavsky_regions(5, 2) and r.evidence.certified and r.evidence.seed == 1


def test_local_complexity_entry_and_option_checks():
    a = get_analysis("lc")
    d = a.run("relu 3-8-1", seed=2, points="20", radius="0.5").as_dict()
    assert d["points"] == 20 and 0 <= d["mean"] <= 8 and d["seed"] == 2
    for bad in ({"radius": "-1"}, {"points": "0"}, {"raduis": "1"}):
        with pytest.raises(ParameterError):
            a.check_options(bad)
    with pytest.raises(ParameterError):
        get_analysis("fd").check_options({"exact": "bogus"})
    with pytest.raises(ParameterError):
        get_analysis("regions").check_options({"box": "1,0,0,1"})
