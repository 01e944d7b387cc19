"""Dimension against THEOREMS.md, plus invariants."""

import json

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.dimension import dimension, jacobian_sketch, local_rank
from algnet.core import default_primes, rank_mod_p
from algnet.errors import ModulusError, NotApplicableError, SpecError
from algnet.theorems import formulas as F


@pytest.mark.parametrize("widths", ["2-1-2", "4-2-3", "3-2-4", "5-3-4", "4-2-2-5", "3-3-3", "5-2-4-6"])
def test_linear_networks_are_determinantal(widths):
    ws = [int(x) for x in widths.split("-")]
    res = dimension(f"linear {widths}", seed=0)
    assert res.dimension == F.determinantal_dimension(ws[-1], ws[0], min(ws))


@pytest.mark.parametrize("widths,r", [("3-2-2", 2), ("3-3-3", 2), ("4-3-2", 3), ("2-2-2-2", 2), ("3-3-3-3", 2)])
def test_dense_expected_dimension(widths, r):
    ws = [int(x) for x in widths.split("-")]
    res = dimension(f"dense {widths} r={r}", seed=1)
    assert res.dimension == F.dense_expected_dimension(ws, r)
    assert res.certified


@pytest.mark.parametrize("n,k,r", [(3, 2, 2), (4, 3, 2), (3, 5, 4), (4, 2, 3), (5, 7, 3)])
def test_alexander_hirschowitz(n, k, r):
    res = dimension(f"dense {n}-{k}-1 r={r}", seed=2)
    assert res.dimension == F.veronese_secant_dimension(n, r, k)
    if F.alexander_hirschowitz_defective(n, r, k):
        assert res.defect == 1 or res.defect > 0
        assert res.certified and res.probability_bound == 0.0   # a proved upper bound sees the defect
        plain = dimension(f"dense {n}-{k}-1 r={r}", seed=2, certify=False)
        assert not plain.certified and 0 < plain.probability_bound < 1e-6


@pytest.mark.parametrize("k,s", [("2,2", "1,1"), ("2,3", "1,1"), ("3,2,2", "1,1,1"), ("2,3", "2,1"), ("4,2", "1,3")])
def test_conv_dimension(k, s):
    ks = [int(x) for x in k.split(",")]
    res = dimension(f"conv k={k} s={s} r=2", seed=3)
    assert res.dimension == F.conv_dimension(ks) and res.certified


@pytest.mark.parametrize("d,a,dout,t,layers", [(2, 2, 1, 2, 1), (3, 2, 2, 2, 1), (2, 1, 2, 2, 2), (2, 2, 2, 2, 2)])
def test_attention_dimension(d, a, dout, t, layers):
    res = dimension(f"attention d={d} a={a} dout={dout} t={t} layers={layers}", seed=4)
    assert res.dimension == F.attention_dimension(d, a, dout, layers)


def test_same_seed_reproduces_and_is_recorded():
    a = dimension("dense 3-3-2 r=2", seed=42)
    b = dimension("dense 3-3-2 r=2", seed=42)
    assert a == b and a.seed == 42
    c = dimension("dense 3-3-2 r=2")
    assert isinstance(c.seed, int)


def test_two_primes_agree():
    ps = default_primes(3)
    a = dimension("conv k=3,2,2 r=2", seed=5, primes=[ps[0]])
    b = dimension("conv k=3,2,2 r=2", seed=5, primes=[ps[2]])
    assert a.dimension == b.dimension and a.primes != b.primes


def test_rank_invariant_under_change_of_input_coordinates():
    net = parse_spec("dense 3-2-2 r=3")
    p = default_primes(1)[0]
    rng = np.random.default_rng(0)
    theta = rng.integers(0, p, size=net.n_params)
    Z = rng.integers(0, p, size=(40, 3))
    C = rng.integers(0, p, size=(40, 2))
    A = np.array([[1, 2, 0], [0, 1, 5], [3, 0, 1]])  # det 31, invertible
    J1 = net.jacobian(theta, Z, C=C, p=p)
    J2 = net.jacobian(theta, (Z.astype(object) @ A.T.astype(object)) % p, C=C, p=p)
    assert rank_mod_p(J1, p) == rank_mod_p(J2, p) == F.dense_expected_dimension([3, 2, 2], 3) == 8


def test_pivots_witness_the_rank():
    net = parse_spec("dense 3-2-2 r=2")
    res = dimension(net, seed=7)
    assert len(res.pivots) == res.dimension
    p = res.primes[0]
    rng = np.random.default_rng(1)
    J = jacobian_sketch(net, rng.integers(0, p, size=net.n_params), 20, p, rng)
    assert rank_mod_p(J[:, list(res.pivots)], p) == res.dimension


def test_local_rank_drops_on_the_singular_locus():
    # 3x3 matrices of rank <= 2 (linear 3-2-3); a rank-1 point lies in Sing = rank <= 1
    net = parse_spec("linear 3-2-3")
    generic = local_rank(net, net.random_params(seed=1, bound=9))
    W1 = np.array([[1, 2, 3], [0, 0, 0]])
    W2 = np.array([[1, 0], [2, 0], [0, 0]])
    special = local_rank(net, np.concatenate([W1.ravel(), W2.ravel()]))
    assert generic.rank == F.determinantal_dimension(3, 3, 2) and generic.certified
    assert special.rank < generic.rank and special.certified


def test_json_keys():
    d = dimension("dense 3-2-1 r=2", seed=0).as_dict()
    for k in ["spec", "dimension", "ambient", "parameters", "expected", "fiber_dimension", "certified", "method",
              "seed", "primes"]:
        assert k in d
    json.dumps(d)


def test_errors():
    with pytest.raises(SpecError):
        dimension("dense 3-2-1")
    with pytest.raises(ModulusError):
        dimension("dense 3-2-1 r=2", primes=[91])
    with pytest.raises(SpecError):
        dimension(3.5)


def test_relu_is_refused_with_a_hint():
    try:
        net = parse_spec("relu 2-3-1")
    except SpecError:
        pytest.skip("relu family not yet available")
    with pytest.raises(NotApplicableError):
        dimension(net)


def test_ctrl_c_before_the_elimination_is_a_partial_result(monkeypatch):
    """A Ctrl-C that lands after the sketch but before the elimination has proved a column (its input
    checks, on a loaded machine) gives a partial result (a trivial lower bound), not a raw interrupt."""
    from algnet.analyses import dimension as dim_mod

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dim_mod, "rank_profile_blas", interrupted)
    res = dim_mod.dimension("dense 19-17-2 r=2", seed=0, certify=False)     # 359 x 357: the float64 route
    assert res.partial and res.dimension == 0 and not res.certified and res.probability_bound == 1.0
    assert "interrupted after 0 of 357 columns" in res.reason


def test_ctrl_c_while_the_second_prime_is_evaluated_keeps_the_first_rank(monkeypatch):
    """dense 3-2-1 r=2 (sums of two squares of ternary linear forms: the 3 x 3 symmetric matrices of rank <= 2, a
    determinant hypersurface, dimension 5 in 6) ranks a second prime, its rank 5 being below the symmetry bound
    8 - 2 = 6. A Ctrl-C while that prime's rows are evaluated (half of a large run) used to lose the first prime's
    complete rank with a bare interrupt; it is a partial result with that rank as the proved lower bound."""
    from algnet.analyses import dimension as dim_mod

    calls = []
    original = dim_mod.jacobian_sketch

    def second_interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(dim_mod, "jacobian_sketch", second_interrupted)
    res = dim_mod.dimension("dense 3-2-1 r=2", seed=0, certify=False)
    assert len(calls) == 2 and res.partial and res.dimension == 5 and not res.certified
    assert "interrupted after 0 of 8 columns" in res.reason and "earlier prime" in res.reason
