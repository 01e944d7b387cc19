"""The degree route's random nodes at the size of p0 on cones (``CONE_LOOP_SCALE``) still find the theorems' degrees.

Truth: the degree formulas of stride-1 convolutional networks (Shahverdi-Marchetti-Kohn, Thm. 2.8) and of
determinantal varieties (Harris, Ex. 19.10), through ``algnet.theorems.formulas``; the search is not told them.
"""

import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_monodromy import CONE_LOOP_SCALE, degree_options
from algnet.homotopy.monodromy import MonodromyOptions
from algnet.theorems import formulas


@pytest.mark.parametrize("spec,truth", [("conv k=2,3 s=1,1 r=2", formulas.conv_degree([2, 3], 2)),
                                        ("linear 3-1-3", formulas.determinantal_degree(3, 3, 1))])
def test_cone_scale_finds_the_theorems_degree_blind(spec, truth):
    opt = degree_options(parse_spec(spec), stop_at_expected=False)
    assert opt.loop_scale == CONE_LOOP_SCALE
    for seed in (0, 1):
        r = degree(spec, method="monodromy", seed=seed, certify=False, fiber=False, confirm=False, attempts=1,
                   options=opt)
        assert r.degree == truth and r.trace_test_passed and not r.partial, r


def test_only_cones_get_the_cone_scale():
    """A network with biases is not a cone: its nodes stay at the default scale, as do options given by hand."""
    default = MonodromyOptions().loop_scale
    assert degree_options(parse_spec("dense 2-2-1 r=2 bias")).loop_scale == default
    assert degree_options().loop_scale == default
    assert degree_options(parse_spec("conv k=2,2 r=2"), loop_scale=5.0).loop_scale == 5.0
