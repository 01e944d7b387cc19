"""Degree of neuromanifolds: monodromy against theorems, exact routes and itself."""

import json
import importlib.util

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.errors import NotApplicableError, ParameterError
from algnet.theorems.formulas import conv_degree, determinantal_degree

# (spec, known degree, source)
KNOWN = [
    ("linear 2-1-2", determinantal_degree(2, 2, 1), "determinantal, THEOREMS.md 1"),
    ("linear 3-1-3", determinantal_degree(3, 3, 1), "determinantal, THEOREMS.md 1"),
    ("linear 4-2-3", determinantal_degree(3, 4, 2), "determinantal, THEOREMS.md 1"),
    ("conv k=2,2 s=1,1 r=2", conv_degree([2, 2], 2), "conv formula, THEOREMS.md 3"),
    ("conv k=2,3 s=1,1 r=2", conv_degree([2, 3], 2), "conv formula, THEOREMS.md 3"),
    ("dense 2-1-1 r=3", 3, "rational normal curve of degree 3 (Veronese, d^(n-1))"),
    ("dense 3-1-1 r=2", 4, "Veronese surface v_2(P^2), degree 2^2"),
    ("dense 2-2-1 r=4", 3, "secant variety of the rational normal quartic: 3x3 catalecticant determinant"),
]


@pytest.mark.parametrize("spec,known,source", KNOWN, ids=[k[0] for k in KNOWN])
def test_known_degrees_certified(spec, known, source):
    r = degree(spec, method="monodromy", seed=11, fiber=False)
    assert r.degree == known, source
    assert r.trace_test_passed and r.trace_test_residual < 1e-8
    # Krawczyk certificates: every witness point certified, images pairwise distinct
    assert r.certified == r.certified_distinct == known
    assert r.witness_function.shape == (known, parse_spec(spec).ambient_dimension)


def test_two_seeds_same_degree():
    a = degree("conv k=2,2 s=1,1 r=2", seed=1, fiber=False, certify=False)
    b = degree("conv k=2,2 s=1,1 r=2", seed=2, fiber=False, certify=False)
    assert a.degree == b.degree == conv_degree([2, 2], 2)


def test_same_seed_reproduces():
    a = degree("linear 2-1-2", method="monodromy", seed=5, fiber=False, certify=False)
    b = degree("linear 2-1-2", method="monodromy", seed=5, fiber=False, certify=False)
    assert a.degree == b.degree and a.paths == b.paths
    assert np.allclose(a.witness_parameters, b.witness_parameters)


def test_fiber_counts_by_hand():
    # linear 2-1-2: fiber {(t w1, w2 / t)}; one affine equation a t + b / t = c has 2 roots
    assert degree("linear 2-1-2", method="monodromy", seed=3, certify=False, fiber=True).fiber_points == 2
    # dense 3-1-1 r=2: fiber {(t w, a / t^2)}; alpha t + beta / t^2 = gamma has 3 roots
    assert degree("dense 3-1-1 r=2", seed=3, certify=False, fiber=True).fiber_points == 3


def test_witness_points_lie_on_the_variety():
    # 2x2 matrices of rank <= 1: the witness points have determinant 0
    r = degree("linear 2-1-2", method="monodromy", seed=4, fiber=False, certify=False)
    for c in r.witness_function:
        a = np.array(c).reshape(2, 2)
        assert abs(np.linalg.det(a)) < 1e-8 * (1 + np.abs(a).max() ** 2)


def test_formula_method_and_its_limits():
    r = degree("linear 4-2-3", method="formula")
    assert (r.degree, r.method) == (6, "formula") and "determinantal" in r.reason
    with pytest.raises(NotApplicableError):      # binary quartics, sums of 2 fourth powers: a hypersurface
        degree("dense 2-2-1 r=4", method="formula")
    # binary cubics: the generic one is a sum of 2 cubes (Sylvester), so M = C^4, a linear space of degree 1
    assert degree("dense 2-2-1 r=3", method="formula").degree == 1
    with pytest.raises(NotApplicableError):      # r = 1 and a stride: no theorem (rank <= 1 2 x 2 matrices, deg 2)
        degree("conv k=2,2 s=2,1 r=1", method="formula")
    # r = 1, stride 1: the convolutional formula does not apply, but binary quadratics factor over C, so M is all of
    # C^3 (a linear space, degree 1: a theorem too)
    r = degree("conv k=2,2 s=1,1 r=1", method="formula")
    assert r.degree == 1 and "linear space" in r.reason and r.evidence.certified
    with pytest.raises(ParameterError):
        degree("linear 2-1-2", method="bogus")


def test_auto_says_what_it_chose():
    r = degree("linear 2-1-2", seed=0, fiber=False, certify=False)
    assert r.method == "formula" and r.reason.startswith("auto: a theorem applies")
    r = degree("dense 2-2-1 r=4", seed=0, fiber=False, certify=False)
    assert r.method == "monodromy" and r.reason.startswith("auto: no theorem applies")


@pytest.mark.skipif(importlib.util.find_spec("algnet.analyses.hilbert") is None, reason="hilbert.py missing")
@pytest.mark.parametrize("spec", ["linear 3-1-3", "dense 3-1-1 r=2", "conv k=2,2 s=1,1 r=2"])
def test_homotopy_degree_equals_hilbert_degree(spec):
    h = degree(spec, method="hilbert", seed=0)
    m = degree(spec, method="monodromy", seed=0, fiber=False, certify=False)
    assert h.degree == m.degree
    assert h.dimension == m.dimension


def test_cli_json(capsys):
    from algnet.cli import main

    assert main(["degree", "linear 2-1-2", "--seed", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for k in ("spec", "degree", "method", "paths", "trace_test_residual", "certified", "seed"):
        assert k in out
    assert out["degree"] == 2 and out["seed"] == 3
    assert main(["degree", "nonsense 1-2"]) == 2


@pytest.mark.slow
@pytest.mark.parametrize("spec,known", [
    ("dense 2-2-1 r=5", 6),                        # sigma_2 of the rational normal quintic: binom(4, 2)
    ("dense 2-2-1 r=7", 15),                       # sigma_2 of the rational normal curve of degree 7: binom(6, 2)
    ("linear 4-2-4", determinantal_degree(4, 4, 2)),
    ("linear 6-2-4", determinantal_degree(4, 6, 2)),  # 105
    ("conv k=3,3 s=1,1 r=2", conv_degree([3, 3], 2)),  # 24
    ("conv k=2,2,2 s=1,1,1 r=2", conv_degree([2, 2, 2], 2)),  # 48
    ("conv k=2,3,2 s=1,1,1 r=2", conv_degree([2, 3, 2], 2)),  # 192
    ("conv k=2,2 s=1,1 r=4", conv_degree([2, 2], 4)),
])
def test_larger_degrees(spec, known):
    r = degree(spec, method="monodromy", seed=0, fiber=False)
    assert r.degree == known and r.trace_test_passed
    assert r.certified_distinct == known


def test_rational_activation_coefficients_certify_and_agree_with_hilbert():
    # sigma(t) = 1 + t + t^2/3: the ball evaluation must take the rational coefficient
    # (it once failed with acb + Fraction), and the two independent routes must agree
    m = degree("dense 2-2-1 act=1,1,1/3", seed=1, fiber=False)
    h = degree("dense 2-2-1 act=1,1,1/3", method="hilbert", seed=0)
    assert m.trace_test_passed and m.certified_distinct == m.degree
    assert m.degree == h.degree


@pytest.mark.slow
@pytest.mark.parametrize("spec,known", [
    ("linear 3-1-3", determinantal_degree(3, 3, 1)),
    ("linear 3-2-3", determinantal_degree(3, 3, 2)),     # the determinant: 3
    ("conv k=3,2 s=1,1 r=2", conv_degree([3, 2], 2)),
    ("conv k=2,2 s=1,1 r=3", conv_degree([2, 2], 3)),
    ("dense 2-2-1 r=4", 3),                             # sigma_2 of the rational normal quartic: binom(3, 2)
    ("conv k=3,3 s=1,1 r=2", conv_degree([3, 3], 2)),
])
@pytest.mark.parametrize("seed", range(2, 7))
def test_degree_is_seed_independent(spec, known, seed):
    # monodromy's path counts vary with the seed; the degree, the trace test and the certificates must not
    r = degree(spec, method="monodromy", seed=seed)
    assert r.degree == known and r.trace_test_passed and r.certified_distinct == known


def test_confirm_false_leaves_the_count_on_the_trace_test(capsys):
    # the twisted cubic (rational normal curve of degree 3): no theorem of algnet applies, the truth is by hand
    from algnet.cli import main

    with_check = degree("dense 2-1-1 r=3", method="monodromy", seed=4, certify=False)
    alone = degree("dense 2-1-1 r=3", method="monodromy", seed=4, certify=False, confirm=False)
    assert with_check.degree == alone.degree == 3 and alone.trace_test_passed
    assert with_check.confirmation.startswith("Hilbert polynomial agrees")
    assert alone.confirmation == "" and "trace test alone" in alone.reason
    assert alone.evidence.certified is False and "numerical evidence" in alone.evidence.proves
    with pytest.raises(ParameterError):
        degree("dense 2-1-1 r=3", method="monodromy", confirm="no")
    assert main(["degree", "dense 2-1-1 r=3", "--method", "monodromy", "--no-certify", "--no-confirm",
                 "--seed", "4", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["degree"] == 3 and d["confirmation"] == "" and "trace test alone" in d["reason"]


def test_the_route_tracks_with_the_trackers_default_threads(monkeypatch):
    # no degree threshold for threads any more: every route takes the tracker's default (threads=0, a second
    # thread where a core is idle), with a theorem's degree or without
    from algnet.analyses import degree_monodromy as dm
    from algnet.homotopy.tracker import TrackerOptions

    seen = []
    real = dm.monodromy_attempt

    def spy(net, dim, seed, opt, **kw):
        seen.append(opt.tracker.threads)
        return real(net, dim, seed, opt, **kw)

    monkeypatch.setattr(dm, "monodromy_attempt", spy)
    r = degree("linear 3-1-3", method="monodromy", seed=1, certify=False)
    assert seen == [TrackerOptions().threads] == [0] and r.degree == determinantal_degree(3, 3, 1)
