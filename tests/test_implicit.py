"""Implicitization: equations of small neuromanifolds against independent truths.

Truths used: the (r+1)-minors of a symbolic matrix (sympy), the
determinantal and convolutional degree formulas, hand derivations
(ranks of quadrics in a pencil), coefficients computed by sympy from the
closed-form network formula (attention), Singular / Macaulay2 elimination
when installed, and invariants (seed independence of the canonical
generators, agreement of gradings).
"""

import itertools
from fractions import Fraction
import json
import shutil
import subprocess

import numpy as np
import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.export import elimination_script, sanitize_names
from algnet.analyses.implicit import implicitize
from algnet.cli import main
from algnet.errors import TooLargeError
from algnet.theorems.formulas import conv_degree, determinantal_degree, determinantal_minors_count


def _minors(m, n, k):
    A = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"a[{i},{j}]"))
    return [A.extract(list(r), list(c)).det() for r in itertools.combinations(range(m), k)
            for c in itertools.combinations(range(n), k)]


def _same_up_to_scaling(ours, theirs):
    """Each polynomial of ``ours`` is a nonzero multiple of a distinct one of ``theirs``."""
    used = set()
    for f in ours:
        for i, g in enumerate(theirs):
            if i in used:
                continue
            q = sympy.cancel(f / g)
            if q.is_number and q != 0:
                used.add(i)
                break
        else:
            return False
    return len(used) == len(theirs) == len(ours)


@pytest.mark.parametrize("spec,m,n,r", [("linear 4-2-3", 3, 4, 2), ("linear 4-2-4", 4, 4, 2),
                                        ("linear 3-1-3", 3, 3, 1)])
def test_determinantal_generators_are_the_minors(spec, m, n, r):
    res = implicitize(parse_spec(spec), max_degree=r + 1, seed=0)
    assert len(res.generators) == determinantal_minors_count(m, n, r)
    assert set(res.generator_degrees) == {r + 1}
    assert _same_up_to_scaling(res.to_sympy(), _minors(m, n, r + 1))
    assert res.cuts_out and res.verified and res.complete_up_to_degree == r + 1


def test_linear_4_2_3_degree_from_hilbert():
    res = implicitize(parse_spec("linear 4-2-3"), max_degree=5, seed=2)
    assert res.generator_degrees == (3, 3, 3, 3)
    assert res.hilbert_degree == determinantal_degree(3, 4, 2) == 6
    assert res.hilbert_dimension == res.dimension == 10


def test_dense_2_2_3_one_cubic_is_the_determinant():
    # f_i = a_i l1^2 + b_i l2^2: the 3x3 coefficient matrix has rank <= 2 (hand derivation)
    res = implicitize(parse_spec("dense 2-2-3 r=2"), max_degree=4, seed=0)
    assert res.generator_degrees == (3,)
    net = parse_spec("dense 2-2-3 r=2")
    C = sympy.Matrix(3, 3, lambda i, j: sympy.Symbol(net.coordinate_names()[3 * i + j]))
    assert _same_up_to_scaling(res.to_sympy(), [C.det()])
    assert res.hilbert_function == (1, 9, 45, 164, 486)  # a cubic hypersurface in 9 variables
    assert [sympy.binomial(8 + e, e) - (sympy.binomial(5 + e, e - 3) if e >= 3 else 0) for e in range(5)] \
        == list(res.hilbert_function)


def test_dense_3_2_2_contains_the_pencil_discriminants():
    # f0, f1 lie in span(l1^2, l2^2): every member s f0 + t f1 is a quadric of rank <= 2, so the
    # coefficients of det(s S0 + t S1) in s, t (S_i the symmetric matrices) are in the ideal.
    net = parse_spec("dense 3-2-2 r=2")
    res = implicitize(net, max_degree=3, seed=0)
    names = net.coordinate_names()
    s, t = sympy.symbols("s t")

    def sym(k):
        c = {n: sympy.Symbol(n) for n in names}
        p = f"c{k}"
        return sympy.Matrix([[c[f"{p}[x0^2]"], c[f"{p}[x0*x1]"] / 2, c[f"{p}[x0*x2]"] / 2],
                             [c[f"{p}[x0*x1]"] / 2, c[f"{p}[x1^2]"], c[f"{p}[x1*x2]"] / 2],
                             [c[f"{p}[x0*x2]"] / 2, c[f"{p}[x1*x2]"] / 2, c[f"{p}[x2^2]"]]])

    disc = sympy.Poly(sympy.expand((s * sym(0) + t * sym(1)).det()), s, t).coeffs()
    gens = res.to_sympy()
    syms = [sympy.Symbol(n) for n in names]
    basis = sorted({m for g in gens for m in sympy.Poly(g, *syms).monoms()} |
                   {m for d in disc for m in sympy.Poly(d, *syms).monoms()})
    from algnet.core.linalg import rank_qq

    def coeffs(f):
        d = sympy.Poly(f, *syms).as_dict()
        return [Fraction(str(d.get(m, 0))) for m in basis]

    G = [coeffs(g) for g in gens]
    rg = rank_qq(G)
    for d in disc:
        assert rank_qq(G + [coeffs(d)]) == rg  # d is a combination of the generators
    assert res.cuts_out


def test_conv_degree_four():
    res = implicitize(parse_spec("conv k=2,2 r=2"), max_degree=5, seed=0)
    assert res.hilbert_degree == conv_degree([2, 2], 2) == 4
    assert res.hilbert_dimension == 3
    # the coefficient of x0*x2 vanishes identically: (a0 x0 + a1 x1)^2 and (a0 x1 + a1 x2)^2 have no x0 x2
    assert res.equations()[0] == "c[x0*x2]"
    assert res.cuts_out


def test_attention_equations_vanish_on_the_closed_form():
    """Lightning attention d=2 a=2 dout=1 t=2: linear equations and one quartic (the report);
    checked on coefficients of f(X) = V X X^T K^T Q X expanded by sympy (not by the network code)."""
    net = parse_spec("attention d=2 a=2 dout=1 t=2")
    res = implicitize(net, max_degree=5, seed=0)
    assert res.new_per_degree[:5] == (0, 34, 0, 0, 1)
    assert res.hilbert_dimension == res.dimension == 5 and res.hilbert_degree == 4
    rng = np.random.default_rng(5)
    X = sympy.Matrix(2, 2, lambda i, j: sympy.Symbol(f"x{i}_{j}"))
    gens = res.to_sympy()
    names = net.coordinate_names()
    for _ in range(2):
        Q, K = (sympy.Matrix(2, 2, [int(v) for v in rng.integers(-9, 10, 4)]) for _ in range(2))
        V = sympy.Matrix(1, 2, [int(v) for v in rng.integers(-9, 10, 2)])
        F = (V * X * X.T * K.T * Q * X).applyfunc(sympy.expand)
        vals = {}
        for n in names:
            out, mono = n.split("[")
            j = int(out[1:])
            term = sympy.sympify(mono[:-1].replace("^", "**"), locals={s.name: s for s in X})
            vals[sympy.Symbol(n)] = sympy.Poly(F[0, j], *list(X)).coeff_monomial(term)
        assert all(sympy.expand(g.subs(vals)) == 0 for g in gens)


def test_generators_do_not_depend_on_the_seed_and_gradings_agree():
    net = parse_spec("conv k=2,2 r=2")
    a = implicitize(net, max_degree=4, seed=0)
    b = implicitize(net, max_degree=4, seed=123)
    c = implicitize(net, max_degree=4, seed=0, grading="total")
    assert a.equations() == b.equations()
    assert a.hilbert_function == c.hilbert_function and a.generator_degrees == c.generator_degrees
    d = implicitize(net, max_degree=4, seed=0, grading="none")  # affine (degree <= e) route
    assert d.generator_degrees == a.generator_degrees
    assert list(d.hilbert_function) == list(np.cumsum(a.hilbert_function))


def test_dominant_network_has_no_equations():
    res = implicitize(parse_spec("dense 2-3-4 r=2"), max_degree=4, seed=0)
    assert res.generators == () and res.dimension == res.ambient == 12
    assert res.hilbert_function == tuple(int(sympy.binomial(11 + e, e)) for e in range(5))


def test_size_guard_and_time_limit():
    with pytest.raises(TooLargeError) as err:
        implicitize(parse_spec("linear 6-4-6"), max_degree=8, seed=0)
    assert "monomials" in str(err.value) and err.value.hint
    res = implicitize(parse_spec("dense 2-2-2-2 r=2"), max_degree=12, seed=0, time_limit=2)
    assert res.partial and res.complete_up_to_degree < 12
    assert "not reached" in res.claims


def test_exports_parse_and_json_keys(capsys):
    res = implicitize(parse_spec("linear 3-1-2"), max_degree=2, seed=0)
    assert "ring R = 0, (a0j0, a0j1, a0j2, a1j0, a1j1, a1j2), dp;" in res.to_singular()
    assert "R = QQ[a0j0, a0j1, a0j2, a1j0, a1j1, a1j2];" in res.to_macaulay2()
    assert res.to_latex().count("&= 0") == 3
    assert main(["implicit", "linear 3-1-2", "--max-degree", "2", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    for key in ("spec", "generators", "generator_degrees", "hilbert_function", "verified",
                "complete_up_to_degree", "seed", "primes"):
        assert key in d
    assert d["generators"] == res.equations() and d["verified"] is True
    assert main(["implicit", "linear 3-1-2", "-d", "2", "--format", "sympy"]) == 0
    src = capsys.readouterr().out
    scope = {}
    exec(src, scope)
    assert len(scope["I"]) == 3
    assert main(["implicit", "linear 6-4-6", "-d", "9"]) == 2


def test_sanitized_names_are_unique_and_valid():
    names = parse_spec("attention d=2 a=2 dout=1 t=2").coordinate_names()
    san = sanitize_names(names)
    assert len(set(san)) == len(san) and all(s.isalnum() and s[0].isalpha() for s in san)


def _runs(cmd):
    exe = shutil.which(cmd[0])
    if exe is None:
        return False
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except Exception:
        return False


@pytest.mark.skipif(not _runs(["Singular", "-v", "-q", "--no-rc", "-c", "quit;"]), reason="Singular not installed")
@pytest.mark.parametrize("spec", ["linear 3-1-3", "conv k=2,2 r=2", "dense 3-2-2 r=2"])
def test_singular_elimination_gives_the_same_ideal(spec, tmp_path):
    net = parse_spec(spec)
    res = implicitize(net, max_degree=4, seed=0)
    f = tmp_path / "a.sing"
    f.write_text(elimination_script(net, "singular", res) + "\nquit;\n")
    out = subprocess.run(["Singular", "-q", str(f)], capture_output=True, text=True, timeout=120).stdout
    assert "EQUAL" in out and "DIFFERENT" not in out


@pytest.mark.skipif(not _runs(["M2", "--version"]), reason="Macaulay2 not installed")
def test_macaulay2_kernel_gives_the_same_ideal(tmp_path):
    net = parse_spec("conv k=2,2 r=2")
    res = implicitize(net, max_degree=4, seed=0)
    f = tmp_path / "a.m2"
    f.write_text(elimination_script(net, "m2", res) + "\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=120).stdout
    assert "EQUAL" in out and "DIFFERENT" not in out
    g = tmp_path / "b.m2"  # the exported script pastes as is
    g.write_text(res.to_macaulay2() + "\nprint(dim I, degree I);\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(g)], capture_output=True, text=True, timeout=120).stdout
    assert "(3, 4)" in out


def test_symbolic_certificate_accepts_true_and_rejects_false_equations():
    from algnet.analyses.implicit.lifting import _eval_gen, _Gen
    from algnet.analyses.implicit.proofs import _certify, _exact_points

    net = parse_spec("linear 2-1-2")  # 2x2 rank <= 1: a00 a11 - a01 a10 (coordinates 0, 1, 2, 3)
    res = implicitize(net, max_degree=2, seed=0)
    assert res.certified and "Proved" in res.claims
    good = _Gen(2, (), np.array([[0, 3], [1, 2]]), [1, -1])
    bad = _Gen(2, (), np.array([[0, 3], [1, 2]]), [1, 1])
    assert _certify(net, [good], 4, 10**4, 1e5)[0]
    assert not _certify(net, [bad], 4, 10**4, 1e5)[0]
    pts = _exact_points(net, 2, seed=0)
    assert all(_eval_gen(good, pt) == 0 for pt in pts) and any(_eval_gen(bad, pt) != 0 for pt in pts)


def test_bad_input_is_refused_with_a_hint():
    from algnet.errors import NotApplicableError, ParameterError

    with pytest.raises(NotApplicableError):
        implicitize(parse_spec("relu 2-3-1"), max_degree=2)
    with pytest.raises(ParameterError):
        implicitize(parse_spec("linear 2-1-2"), max_degree=0)
    with pytest.raises(ParameterError):
        implicitize(parse_spec("linear 2-1-2"), max_degree=2, grading="weird")
