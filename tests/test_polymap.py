"""Arbitrary polynomial maps (algnet.parametrization, load_map) against classical varieties."""

from itertools import product
from math import comb

import numpy as np
import pytest

import algnet
from algnet import load_map, parametrization, parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.dimension import dimension
from algnet.core.backends import Complex, Exact, ModP
from algnet.errors import SpecError


def _veronese(n, d):
    """Degree-d Veronese of P^(n-1): all monomials of degree d in x1..xn (dim n, degree d^(n-1))."""
    xs = [f"x{i}" for i in range(1, n + 1)]
    out = []
    for e in product(range(d + 1), repeat=n):
        if sum(e) == d:
            out.append("*".join(f"{x}^{k}" for x, k in zip(xs, e) if k) or "1")
    return out


def _segre(m, n):
    """Segre P^(m-1) x P^(n-1) (cone over it: dim m+n-1, degree binom(m+n-2, m-1))."""
    return [f"a{i}*b{j}" for i in range(m) for j in range(n)]


def test_evaluation_matches_sympy_on_every_backend():
    net = parametrization(["s^2 - t/3", "s*t + 2", "t^3"])
    theta = [3, 5]
    want = [9 - 5 / 3, 17, 125]
    assert [float(v) for v in net.evaluate(theta, [[0]])[0]] == pytest.approx(want)
    assert net.evaluate(theta, [[0]], p=101)[0].tolist() == [int((27 - 5) * pow(3, -1, 101) % 101), 17, 125 % 101]
    assert np.allclose(net.evaluate(theta, [[0]], backend=Complex())[0], want)
    # Jacobian against the hand derivative: d/ds = (2s, t, 0), d/dt = (-1/3, s, 3t^2)
    J = net.jacobian(theta, [[0]], backend=Exact())
    assert [float(v) for v in np.ravel(J)] == pytest.approx([6, -1 / 3, 5, 3, 0, 75])


def test_spec_round_trip_and_params_order():
    net = parametrization(["a^2 + b", "b"], params=["b", "a"])
    assert net.param_names() == ["b", "a"]
    assert parse_spec(net.spec) == net
    assert net.evaluate([2, 3], [[1]]).tolist() == [[11, 2]]


@pytest.mark.parametrize("d", [2, 3, 4])
def test_rational_normal_curve(d):
    net = parametrization([f"s^{d - i}*t^{i}" for i in range(d + 1)])
    assert dimension(net, seed=3).dimension == 2
    assert degree(net, seed=3).degree == d


@pytest.mark.parametrize("m,n", [(2, 2), (2, 3)])
def test_segre(m, n):
    net = parametrization(_segre(m, n))
    assert dimension(net, seed=1).dimension == m + n - 1
    assert degree(net, seed=1).degree == comb(m + n - 2, m - 1)


@pytest.mark.parametrize("n,d", [(2, 3), (3, 2)])
def test_veronese(n, d):
    net = parametrization(_veronese(n, d))
    assert dimension(net, seed=2).dimension == n
    assert degree(net, seed=2).degree == d ** (n - 1)


def test_affine_curve_degree():
    # (t, t^2, t^3) meets a generic hyperplane a + b t + c t^2 + e t^3 = 0 in 3 points
    assert degree(parametrization(["t", "t^2", "t^3"]), seed=5).degree == 3


def test_flint_and_sympy_inputs():
    import flint
    import sympy

    ctx = flint.fmpq_mpoly_ctx.get(("u", "v"), "lex")
    u, v = ctx.gens()
    a = parametrization([u**2, u * v / 3, v**2])
    s, t = sympy.symbols("u v")
    b = parametrization([s**2, s * t / 3, t**2])
    assert a == b
    assert a.evaluate([3, 6], [[0]]).tolist() == [[9, 6, 36]]


def test_load_map(tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("# twisted cubic\ns^3\n\ns^2*t\ns*t^2  # comment\nt^3\n")
    net = load_map(f)
    assert net.n_outputs == 4 and net.param_names() == ["s", "t"]
    assert dimension(net, seed=0).dimension == 2


@pytest.mark.parametrize("text,where", [("s^2\ns*(t\n", "line 2"), ("s\n\n1/s\n", "line 3"),
                                        ("1\n2\n", "no parameters"), ("\n# nothing\n", "no polynomial")])
def test_bad_map_files(tmp_path, text, where):
    f = tmp_path / "bad.txt"
    f.write_text(text)
    with pytest.raises(SpecError) as e:
        load_map(f)
    assert where in str(e.value)


def test_bad_polynomials():
    with pytest.raises(algnet.AlgnetError):
        parametrization(["1.5*s"])
    with pytest.raises(SpecError, match="not parameters"):
        parametrization(["s*t"], params=["s"])
    with pytest.raises(SpecError):
        load_map("/nonexistent/map.txt")


def test_torus_symmetries_of_a_map():
    # Segre: (a, b) -> (s a, b / s) fixes every product a_i b_j; the tangent lies in the Jacobian kernel
    net = parametrization(_segre(2, 3))
    p = 268435399
    theta = net.random_params(seed=4) % p
    T = net.symmetry_tangents(theta, p=p)
    assert T.shape == (1, 5)
    assert not np.any(ModP(p).matmul(net.jacobian(theta, [[0]], p=p), T.T))
    res = dimension(net, seed=0)
    assert res.certified and res.dimension == 4
    # no torus for the rational normal curve (its exponents span the plane)
    assert parametrization(["s^3", "s^2*t", "s*t^2", "t^3"]).symmetry_tangents([1, 2]).shape == (0, 2)


def test_constant_map_with_a_declared_parameter_is_a_point():
    # t -> (2, 3): the image is the point (2, 3) (by hand); building the map once failed in sympy's ilcm
    net = parse_spec("map 2; 3 params=t")
    assert net.n_params == 1 and net.evaluate([5], [[0]]).tolist() == [[2, 3]]
    assert dimension(net, seed=0).dimension == 0
    from algnet.analyses.implicit import implicitize

    assert implicitize(net, max_degree=2, seed=0).equations() == ["y0 - 2", "y1 - 3"]
