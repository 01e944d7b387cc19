"""Every name in ``algnet.__all__`` resolves (the analyses are imported lazily) to the object its module defines."""

import importlib

import pytest

import algnet

# where each lazily exported analysis is defined (a second, independent statement of the mapping)
HOMES = {"dimension": "algnet.analyses.dimension", "local_rank": "algnet.analyses.dimension",
         "degree": "algnet.analyses.degree", "implicitize": "algnet.analyses.implicit",
         "hilbert_function": "algnet.analyses.hilbert", "Neuromanifold": "algnet.neuromanifold",
         "grid": "algnet.grids", "critical_points": "algnet.analyses.critical.solve",
         "ed_degree": "algnet.analyses.critical.ed", "voronoi": "algnet.analyses.critical.voronoi"}


@pytest.mark.parametrize("name", sorted(HOMES))
def test_lazy_name_is_the_module_object(name):
    assert name in algnet.__all__
    assert getattr(algnet, name) is getattr(importlib.import_module(HOMES[name]), name)


def test_every_exported_name_resolves():
    for name in algnet.__all__:
        assert getattr(algnet, name) is not None


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_analysis'"):
        algnet.no_such_analysis
