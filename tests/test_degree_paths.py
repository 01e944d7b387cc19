"""The degree route's monodromy search (options of bench/bench_degree.py: not told the theorem's count) against the
theorems on the bench cases of issue 16: linear networks (determinantal varieties, Harris, Algebraic Geometry,
Ex. 19.10) and stride-1 convolutional networks (Shahverdi-Marchetti-Kohn, arXiv:2410.00722, Thm. 2.8), over
several seeds. Whatever the scheduler's choices (random starts in chunks, how the graph grows), the count is the
theorem's and the trace test passes."""

import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_monodromy import degree_options
from algnet.theorems import formulas

BENCH = dict(method="monodromy", fiber=False, certify=False, confirm=False, force=True, attempts=1)


def _truth(spec):
    kind = spec.split()[0]
    if kind == "linear":
        widths = [int(w) for w in spec.split()[1].split("-")]
        return formulas.determinantal_degree(widths[-1], widths[0], min(widths[1:-1]))
    ks = [int(k) for k in spec.split()[1][2:].split(",")]
    return formulas.conv_degree(ks, 2)


def _blind_run(spec, seed):
    return degree(spec, seed=seed, options=degree_options(parse_spec(spec), stop_at_expected=False), **BENCH)


def test_truth_agrees_with_the_specs_own_theorem():
    for spec in ("linear 3-1-3", "linear 6-2-4", "conv k=2,2,2 s=1,1,1 r=2"):
        assert _truth(spec) == parse_spec(spec).expected_degree()[0]


@pytest.mark.parametrize("spec", ["linear 4-2-4", "conv k=3,3 s=1,1 r=2"])
def test_bench_cases_reach_the_theorem(spec):
    for seed in (0, 1):
        r = _blind_run(spec, seed)
        assert r.degree == _truth(spec) and r.trace_test_passed and not r.partial, r


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4",
                                  "conv k=2,2,2 s=1,1,1 r=2", "linear 6-2-4"])
def test_bench_cases_reach_the_theorem_over_seeds(spec):
    for seed in range(5):
        r = _blind_run(spec, seed)
        assert r.degree == _truth(spec) and r.trace_test_passed and not r.partial, (seed, r)
