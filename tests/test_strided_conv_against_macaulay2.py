"""Strided polynomial and linear convolutions against Macaulay2.

Valid 1-D convolutions with stride s (filters from the input side, one output; an input of length
s_1(n_1 - 1) + k_1 ...). With stride 2 in the first layer and k_1 = 3 the windows overlap. No closed form in
THEOREMS.md covers strides (algnet says "no theorem applies"), so the referee is Macaulay2's kernel of the map
from the filters to the output's coefficients, written here by hand (sympy expansion of the network in this file,
in algnet's monomial order): its dimension, degree and the ideal itself (equal to algnet's equations).
"""

import shutil

import pytest
import sympy as sp
from test_polynomial_maps_against_macaulay2 import _m2    # the Macaulay2 runner of the polynomial-map tests

import algnet

pytestmark = pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")


def _hand_conv(ks, ss, r, monomials):
    """Coefficients (strings) of the single output in the given monomial order, and the filter names."""
    n = 1
    for k, s in zip(reversed(ks), reversed(ss)):
        n = s * (n - 1) + k
    xs = sp.symbols(f"x0:{n}")
    h, params = list(xs), []
    for l, (k, s) in enumerate(zip(ks, ss)):
        w = sp.symbols(f"w{l}_0:{k}")
        params += [str(v) for v in w]
        h = [sum(w[j] * h[s * i + j] for j in range(k)) for i in range((len(h) - k) // s + 1)]
        if l < len(ks) - 1:
            h = [t ** r for t in h]
    assert len(h) == 1
    P = sp.Poly(sp.expand(h[0]), *xs)
    coeffs = [sp.expand(P.coeff_monomial(tuple(m))) for m in monomials]
    return [str(c).replace("**", "^") if c != 0 else "0_R" for c in coeffs], params


CASES = [((2, 2), (2, 1), 2, 3), ((3, 2), (2, 1), 2, 4), ((3, 2), (2, 1), 1, 3), ((3, 2), (3, 1), 1, 3),
         pytest.param((2, 3), (2, 1), 2, 3, marks=pytest.mark.slow)]


@pytest.mark.parametrize("ks, ss, r, max_degree", CASES)
def test_strided_conv_against_macaulay2(ks, ss, r, max_degree):
    spec = f"conv k={','.join(map(str, ks))} s={','.join(map(str, ss))} r={r}"
    net = algnet.parse_spec(spec)
    coeffs, params = _hand_conv(ks, ss, r, net.output_monomials())
    m = len(coeffs)
    im = algnet.implicitize(net, max_degree=max_degree, seed=0)
    eqs = [g.to_string([f"y{i}" for i in range(m)]) for g in im.generators]
    res = _m2(f"""R = QQ[{','.join(params)}]; S = QQ[{','.join(f'y{i}' for i in range(m))}];
I = ker map(R, S, {{{', '.join(coeffs)}}}); J = ideal({', '.join(eqs) or '0_S'});
print("DIM " | toString dim I); print("DEG " | toString degree I); print("SAME " | toString(I == J));""")
    d = algnet.dimension(net, seed=0)
    assert d.dimension == int(res["DIM"]) and d.certified
    assert res["SAME"] == "true" and im.complete_up_to_degree >= max_degree
    g = algnet.degree(net, seed=0)
    assert g.degree == int(res["DEG"]) and not g.partial
