"""The ReLU analyses in the registry return what the sweep store expects (same keys and values as algnet.sweep)."""

import pytest

from algnet.errors import ParameterError
from algnet.registry import get_analysis
from algnet.theorems.formulas import zaslavsky_regions


@pytest.mark.parametrize("name, spec, opts", [("fd", "relu 2-3-1", {}), ("fd", "relu 3-3-2", {}),
                                              ("regions", "relu 2-4-1", {"plane": True})])
def test_registry_matches_the_sweep_analyses(name, spec, opts):
    from algnet.sweep import legacy

    old = legacy.ANALYSES[name](spec, 5, **opts)
    new = get_analysis(name).run(spec, seed=5, **opts).as_dict()
    for k, v in old.items():
        assert k in new and (k == "method" or new[k] == v), k       # the method is named more precisely
    assert new["seed"] == 5 and "certified" in new


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
