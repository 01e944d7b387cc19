"""A residual square block read by one output: the fiber's directions beyond the declared group, derived by hand.

f(x) = W3 (y + (W2 y + b2)^2) + b3 with y = W1 x + b1 (``Linear(2,2), Residual([Linear(2,2), Power(2)]),
Linear(2,1)``, biases optional). The declared group is the rescaling of each unit through the block
(y_i -> t y_i, the block's row i by sqrt(t), the readers of unit i by 1/t; with biases also the translations).
The generic fiber is larger, and every extra direction is a symmetry of f at that point:

* the stabilizer of the readout: G with W3 G = W3 (G = I + N, W3 N = 0: 2 directions for a 1 x 2 readout) acts
  by y -> G y (W1, b1 -> G W1, G b1) and W2 -> W2 G^-1; the block's output moves by N y only, which W3 kills;
* the orthogonal group of the squares' weights: W3 (h o h) = h^T diag(W3) h is kept by h -> R h with
  R^T diag(W3) R = diag(W3) (R = I + A, A = [[0, c1], [-c0, 0]] to first order): W2, b2 -> R W2, R b2.

So the fiber dimension is declared + 2 + 1 (Macaulay2: the fiber ideal of the unbiased net over
theta = (3,-2,5,7,-1,4,2,-3,6,5) has dimension 5 = 2 + 2 + 1). The test checks, exactly over QQ on a Jacobian of f
built here by hand, that these fields and the declared tangents lie in its kernel and span all of it, and that
algnet's fiber dimension is that sum (the extra dimensions are reported as not identifiable, not counted).
"""
import sympy as sp
import pytest

from algnet import parse_spec
from algnet.analyses.fibers import identifiability
from algnet.analyses.shared import dimension_result

SPEC = "layers Linear(2,2{b}), Residual([Linear(2,2{b}), Power(2)]), Linear(2,1{b})"


def _hand_map(bias):
    x = sp.Matrix(sp.symbols("x0:2"))
    W1, W2, W3 = (sp.Matrix(r, 2, sp.symbols(f"{n}0:{2 * r}")) for n, r in (("a", 2), ("w", 2), ("c", 1)))
    b1, b2, b3 = (sp.Matrix(r, 1, sp.symbols(f"{n}0:{r}")) if bias else sp.zeros(r, 1)
                  for n, r in (("p", 2), ("q", 2), ("s", 1)))
    y = W1 * x + b1
    h = W2 * y + b2
    f = sp.expand((W3 * (y + h.applyfunc(lambda t: t ** 2)) + b3)[0])
    blocks = [W1, b1, W2, b2, W3, b3] if bias else [W1, W2, W3]
    return f, x, (W1, b1, W2, b2, W3, b3), [v for m in blocks for v in m]


def _hand_fields(mats, bias, point):
    """The 3 extra directions (flat, in the order of the parameters) at the point."""
    W1, b1, W2, b2, W3, b3 = (m.subs(point) for m in mats)
    c0, c1 = W3
    n = sp.Matrix([c1, -c0])                     # W3 n = 0
    fields = []
    for u in (sp.Matrix([[1, 0]]), sp.Matrix([[0, 1]])):
        N = n * u
        fields.append((N * W1, N * b1, -W2 * N, sp.zeros(2, 1), sp.zeros(1, 2), sp.zeros(1, 1)))
    A = sp.Matrix([[0, c1], [-c0, 0]])           # A^T diag(W3) + diag(W3) A = 0
    fields.append((sp.zeros(2, 2), sp.zeros(2, 1), A * W2, A * b2, sp.zeros(1, 2), sp.zeros(1, 1)))
    keep = range(6) if bias else (0, 2, 4)
    return [[v for i in keep for v in blocks[i]] for blocks in fields]


@pytest.mark.parametrize("bias", [False, True])
def test_extra_fiber_directions_of_a_scalar_readout_are_derived(bias):
    net = parse_spec(SPEC.format(b=", bias=True" if bias else ""))
    f, x, mats, params = _hand_map(bias)
    assert len(params) == net.n_params
    theta = [3, -2, 5, 7, -1, 4, 2, -3, 6, 5, 1, -2, 3, 2, -1][:net.n_params]
    if bias:  # algnet's flat order: W1, b1, W2, b2, W3, b3 (param_shapes says which)
        assert [n for n, _ in net.param_shapes] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    point = dict(zip(params, theta))
    coeffs = sp.Poly(f, *x).coeffs()
    J = sp.Matrix([[sp.diff(c, v) for v in params] for c in coeffs]).subs(point)
    kernel = net.n_params - J.rank()
    declared = sp.Matrix([[sp.Rational(round(v)) for v in row] for row in net.symmetry_tangents(theta)])
    assert declared.shape[0] and (J * declared.T).is_zero_matrix
    extra = sp.Matrix(_hand_fields(mats, bias, point))
    assert (J * extra.T).is_zero_matrix
    assert sp.Matrix.vstack(declared, extra).rank() == declared.rank() + 3 == kernel
    d = dimension_result(net, seed=1)
    assert (d.fiber_dimension, d.symmetry_dimension) == (kernel, declared.rank())


def test_the_unexplained_fiber_dimensions_are_reported_as_such():
    r = identifiability(parse_spec(SPEC.format(b="")), seed=1, method="none")
    assert not r.identifiable_up_to_dimension and r.fiber_count is None and r.only_known_symmetries is None
    assert "5 > 2" in r.reason and "3 fiber dimension(s) that no declared symmetry explains" in r.reason
