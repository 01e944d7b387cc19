"""The stratum of the constant functions of networks with biases (algnet.analyses.singular.constants).

Hand computations (each test says which):
* linear 3-1-3 bias: f = A x + c with A = W2 W1 of rank <= 1 and c = W2 b1 + b2 free, so
  M = (rank <= 1 3 x 3 matrices, dim 5) x C^3: dim 8 = 3*1 + 1*3 - 1 + 3. The rank <= 1 matrices are a cone
  that is not linear, singular exactly at A = 0: the constant functions, dimension 3, are the singular locus.
* linear 3-2-3 bias: M = (rank <= 2 matrices, dim 8) x C^3, dim 11; the rank <= 1 affine maps (dim 5 + 3 = 8)
  and the constants (dim 3) are singular (Sing of rank <= 2 is rank <= 1, whose own Sing is 0).
* dense 2-1-1 r=2 bias: f = c (a1 x + a2 y + b)^2 + d. As a symmetric 3 x 3 matrix Q of the quadratic form
  in (x, y, 1), c l^2 has rank <= 1 and d only moves Q33, so M = {[[q11, q12], [q12, q22], [q13, q23]] of
  rank <= 1} x C (Q33): the cone over a cubic scroll (dim 3) times C, dim 4, ambient 6. The three 2 x 2 minors
  vanish on M; their gradients vanish at the constants (all q but Q33 zero): the constants (dim 1) are the
  vertex line, singular.
"""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.singular import is_singular, rank_drop_locus, strata
from algnet.analyses.singular.constants import constant_functions, output_translations
from algnet.analyses.singular.primitives import exact_values


def _constants_row(spec):
    res = strata(parse_spec(spec), seed=0)
    return res, res.vertex


def test_linear_313_bias_constants_are_the_singular_stratum():
    res, row = _constants_row("linear 3-1-3 bias")
    assert res.dimension == 3 * 1 + 1 * 3 - 1 + 3          # hand: rank <= 1 matrices (5) x C^3
    assert row is not None and row.kind == "constant functions"
    assert (row.dimension, row.parameters, row.status, row.singular) == (3, 3, "singular", True)
    assert row.certified and row.rank == 3 and row.rank_drop
    # the row's point is a constant function: every weight 0, the output biases free (here 1, 1, 1)
    net = parse_spec("linear 3-1-3 bias")
    vals = [tuple(exact_values(net, row.point, [x])) for x in ([0, 0, 0], [1, 2, 3], [-5, 7, 2])]
    assert vals[0] == vals[1] == vals[2] == (1, 1, 1)
    assert ("constant functions (weights 0)", "singular point") in \
        [(d["name"], d["nature"]) for d in rank_drop_locus(res)]
    # a second method at a constant function (not the generic one of the row): exact fiber tangent spaces
    theta = [0] * 7 + [2, -1, 5]
    assert is_singular(net, theta=theta, seed=0).singular is True


def test_linear_313_bias_output_biases_are_b2():
    # layout W1 (3), b1 (1), W2 (3), b2 (3): only b2 translates the constant terms; b1 enters as W2 b1
    assert output_translations(parse_spec("linear 3-1-3 bias")) == (7, 8, 9)
    assert output_translations(parse_spec("linear 3-1-3")) is None


def test_linear_323_bias_rank_one_and_constants_singular():
    res, row = _constants_row("linear 3-2-3 bias")
    assert res.dimension == 8 + 3                           # hand: rank <= 2 3 x 3 matrices x C^3
    by = {s.name: s for s in res.strata}
    assert by["widths 3-1-3"].dimension == 5 + 3 and by["widths 3-1-3"].status == "singular"
    assert (row.dimension, row.status, row.rank) == (3, "singular", 3)
    c = constant_functions(parse_spec("linear 3-2-3 bias"), dimension=11)
    assert c.span_dimension == 12                           # all 3 x 3 matrices and the constants


def test_dense_211_r2_bias_constants_vertex_line():
    net = parse_spec("dense 2-1-1 r=2 bias")
    res, row = _constants_row("dense 2-1-1 r=2 bias")
    assert res.dimension == 4 and res.ambient == 6           # hand: cone over a cubic scroll (3) x C
    assert (row.dimension, row.rank, row.status, row.certified) == (1, 1, "singular", True)
    # the hand model: the minors of [[q11, q12], [q12, q22], [q13, q23]] vanish on M, at random parameters
    rng = np.random.default_rng(5)
    for _ in range(3):
        a1, a2, b, c, d = (int(v) for v in rng.integers(-9, 10, size=5))
        q11, q12, q22, q13, q23 = c * a1 * a1, c * a1 * a2, c * a2 * a2, c * a1 * b, c * a2 * b
        assert q11 * q22 - q12 ** 2 == q11 * q23 - q12 * q13 == q12 * q23 - q22 * q13 == 0
        # and they are the network's coefficients: f(x, y) = q11 x^2 + 2 q12 x y + q22 y^2 + 2 q13 x + 2 q23 y + .
        f = lambda x, y: exact_values(net, [a1, a2, b, c, d], [[x, y]])[0]   # noqa: E731
        assert f(1, 0) - f(0, 0) == q11 + 2 * q13 and f(0, 1) - f(0, 0) == q22 + 2 * q23
        assert f(1, 1) - f(1, 0) - f(0, 1) + f(0, 0) == 2 * q12
    assert is_singular(net, theta=[0, 0, 0, 0, 3], seed=0).singular is True


def test_no_row_where_M_is_linear_or_without_output_biases():
    assert constant_functions(parse_spec("dense 2-2-1 r=2 bias"), dimension=6) is None   # M = C^6
    assert constant_functions(parse_spec("linear 3-1-1 bias"), dimension=4) is None      # all affine maps
    assert strata(parse_spec("dense 2-2-1 r=2 bias"), seed=0).vertex is None
    v = strata(parse_spec("linear 2-1-2"), seed=0).vertex                                 # no biases: f = 0
    assert v.kind == "cone vertex"


def test_polynomial_activation_with_constant_term():
    # sigma(t) = 1 + t^2: c (1 + l^2) + d = c l^2 + (c + d), the same M as dense 2-1-1 r=2 bias
    res, row = _constants_row("dense 2-1-1 act=1,0,1 bias")
    assert res.dimension == 4 and row is not None and row.dimension == 1 and row.singular


@pytest.mark.parametrize("spec", ["linear 3-1-3 bias", "dense 2-1-1 r=2 bias"])
def test_constants_row_in_json_and_table(spec):
    res = strata(parse_spec(spec), seed=0)
    d = res.as_dict()
    assert d["vertex"]["kind"] == "constant functions" and d["vertex"]["status"] == "singular"
    assert "constant functions (weights 0)" in res.table() and "constant functions" in repr(res)


def test_cli_lists_the_constants_stratum(capsys):
    from algnet.cli import main

    assert main(["singular", "linear 3-1-3 bias", "--seed", "0"]) == 0
    out = capsys.readouterr().out
    assert "constant functions (weights 0)" in out and "rank 3 < 8: singular point" in out
    assert "cone's vertex" not in out


def test_critical_origin_uses_the_constants_stratum():
    """spurious._weight_origin sets the output biases of the constants stratum (exact) and nothing else. With
    sigma(t) = 1 + t^2 the output weight c also has a nonzero gradient at theta = 0 (hidden unit sigma(0) = 1),
    and before, moving c with d made the Newton system singular: the best constant function was missed. By
    hand (Frobenius on the coefficients of 1, x, y, x^2, x y, y^2): at weights 0, f = d, so d = 3."""
    from algnet.analyses.critical.loss import network_and_loss
    from algnet.analyses.critical.spurious import GradientFamily, _critical, _weight_origin

    net, L, rng = network_and_loss("dense 2-1-1 act=1,0,1 bias", target=[3.0, 1.0, 2.0, -1.0, 0.5, 4.0])
    full = GradientFamily(net, L, (), [], rng)
    theta, found = _weight_origin(full, L.u)
    assert np.allclose(theta, [0, 0, 0, 0, 3.0], atol=1e-9) and found[0] is True
    assert _critical(full, theta, L.u)


def test_no_second_row_when_a_lattice_stratum_is_the_constants():
    # a stratum of the lattice whose generic point is a constant function is that stratum: no extra row
    from dataclasses import replace

    from algnet.analyses.dimension import dimension
    from algnet.analyses.singular.primitives import sample_inputs
    from algnet.analyses.singular.stratify import _constants_row

    net = parse_spec("dense 2-1-1 r=2 bias")
    dimM = dimension(net, seed=0)
    X, _ = sample_inputs(net, 0)
    res = strata(net, seed=0)
    row = res.vertex
    assert _constants_row(net, dimM, list(res.strata), X) == row
    as_lattice = replace(row, name="widths 2-0-1", kind="subnetwork")
    assert _constants_row(net, dimM, list(res.strata) + [as_lattice], X) is None
    # a stratum of that dimension whose point is not constant does not hide the row
    other = replace(row, name="other", point=(1, 0, 0, 1, 0))         # c (x)^2 + d: not constant
    assert _constants_row(net, dimM, list(res.strata) + [other], X) == row


def test_hidden_biases_without_output_bias_weighted_cone_vertex():
    # c (a (l)^2 + b)^2, l = a1 x + a2 y + e: not homogeneous in the parameters (c a^2 a1^4: degree 7, c b^2: 3),
    # but scaling c scales f, so M is a cone with vertex f = 0 (all six parameters 0). By hand: dim M = 4
    # (l up to a scalar absorbed by a and c: 6 parameters - 2), M spans the 15 coefficients of quartics in x, y:
    # not a linear space, so f = 0 is singular; every term has degree >= 3, so d mu = 0 at theta = 0
    spec = "layers Linear(2, 1, bias=True), Power(2), Linear(1, 1, bias=True), Power(2), Linear(1, 1)"
    net = parse_spec(spec)
    assert output_translations(net) is None
    res = strata(net, seed=0)
    assert res.dimension == 4 and res.vertex is not None and res.vertex.kind == "cone vertex"
    assert (res.vertex.rank, res.vertex.status) == (0, "singular")
    assert is_singular(net, theta=[0] * net.n_params, seed=0).singular is True


def test_activation_with_constant_term_weighted_cone_rank_one_at_the_vertex():
    # f = c1 s(l1) + c2 s(l2), s(t) = 1 + t + t^2, l_i = a_i . x: with A = [a1 a2], C = diag(c), the constant,
    # linear and quadratic parts are s = 1^T C 1, v = A C 1, Q = A C A^T, and v^T Q^-1 v = 1^T C 1 = s: a
    # hypersurface in C^6, dim 5 (hand). Scaling c scales f: a cone with vertex f = 0; at theta = 0 only
    # d f / d c_i = s(0) = 1 survives (both the constant 1): rank 1 (hand). Not a linear space: singular vertex
    from fractions import Fraction

    import sympy

    net = parse_spec("dense 2-2-1 act=1,1,1")
    rng = np.random.default_rng(11)
    for _ in range(3):                                  # the relation holds on the network's coefficients
        theta = [int(t) for t in rng.integers(1, 9, size=net.n_params)]
        f = lambda *x: Fraction(exact_values(net, theta, [list(x)])[0])   # noqa: E731
        s = f(0, 0)
        v = [(f(1, 0) - f(-1, 0)) / 2, (f(0, 1) - f(0, -1)) / 2]
        q11, q22 = (f(1, 0) + f(-1, 0)) / 2 - s, (f(0, 1) + f(0, -1)) / 2 - s
        q12 = (f(1, 1) - s - v[0] - v[1] - q11 - q22) / 2
        Q = sympy.Matrix([[q11, q12], [q12, q22]])
        assert Q.det() != 0 and (sympy.Matrix([v]) * Q.inv() * sympy.Matrix(v))[0] == s
    res = strata(net, seed=0)
    assert res.dimension == 5 and res.ambient == 6
    assert (res.vertex.kind, res.vertex.rank, res.vertex.status) == ("cone vertex", 1, "singular")
    assert is_singular(net, theta=[0] * net.n_params, seed=0).singular is True
