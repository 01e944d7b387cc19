"""Implicit equations of classical varieties, checked against Singular's elimination and against hand facts.

Truth: the ideal of the image closure of t -> p(t) is the elimination ideal (y - p(t)) intersected with QQ[y]
(Cox-Little-O'Shea, Ideals, Varieties, and Algorithms, ch. 3, Closure Theorem), computed here by Singular's
``eliminate`` when Singular is installed. Hand facts: the twisted cubic cone is cut out by the three 2 x 2 minors
of [[y0, y1, y2], [y1, y2, y3]]; the monomial curve (t^3, t^4, t^5) needs one quadric and two cubics; the
rank <= 2 matrices of size 3 x 4 are cut out by the four maximal minors (Eagon-Northcott), the rank <= 2
matrices of size 3 x 3 by the determinant.
"""

import shutil
import subprocess
from itertools import combinations

import pytest
import sympy

from algnet import parse_spec
from algnet.analyses.implicit import implicitize
from algnet.architectures.polymap import parametrization

MAPS = {
    "twisted cubic cone": (["s^3", "s^2*t", "s*t^2", "t^3"], 2),
    "rational normal quartic cone": (["s^4", "s^3*t", "s^2*t^2", "s*t^3", "t^4"], 2),
    "Veronese surface cone": (["x^2", "y^2", "z^2", "x*y", "x*z", "y*z"], 2),
    "nodal cubic": (["t^2 - 1", "t^3 - t"], 3),
    "cusp": (["t^2", "t^3"], 3),
    "affine quadric surface": (["(1/2)*s^2 + 3", "s*t", "t^2"], 2),
    "monomial curve (3, 4, 5)": (["t^3", "t^4", "t^5"], 3),
    "Segre quadric": (["a*c", "a*d", "b*c", "b*d"], 2),
}


def _singular_elimination(polys, params):
    """Generators of the elimination ideal from Singular (``eliminate`` then ``std``), as sympy expressions."""
    ys = [f"y{i}" for i in range(len(polys))]
    body = ",".join(f"{y}-({p})" for y, p in zip(ys, polys))
    script = (f"ring r = 0, ({','.join(params + ys)}), dp;\n"
              f"short = 0;\nideal I = {body};\n"
              f"ideal E = std(eliminate(I, {'*'.join(params)}));\n"
              "print(E);\nquit;\n")
    out = subprocess.run(["Singular", "-q"], input=script, capture_output=True, text=True, timeout=60).stdout
    gens = [ln.strip().rstrip(",") for ln in out.splitlines() if ln.strip()]
    return [sympy.sympify(g.replace("^", "**")) for g in gens]


def _same_ideal(a, b, ys):
    ga, gb = sympy.groebner(a, *ys, order="grevlex"), sympy.groebner(b, *ys, order="grevlex")
    return all(ga.reduce(g)[1] == 0 for g in b) and all(gb.reduce(g)[1] == 0 for g in a)


@pytest.mark.skipif(shutil.which("Singular") is None, reason="Singular not installed")
@pytest.mark.parametrize("name", sorted(MAPS))
def test_equations_generate_the_elimination_ideal_computed_by_singular(name):
    polys, degree = MAPS[name]
    net = parametrization(polys)
    res = implicitize(net, max_degree=degree, seed=0)
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    truth = _singular_elimination(polys, net.param_names())
    assert max(sympy.Poly(g, *ys).total_degree() for g in truth) <= degree    # Singular's generators fit
    assert _same_ideal(res.to_sympy(), truth, ys)
    assert res.certified and res.cuts_out


def test_twisted_cubic_cone_is_cut_out_by_the_three_minors():
    res = implicitize(parametrization(MAPS["twisted cubic cone"][0]), max_degree=3, seed=0)
    y0, y1, y2, y3 = [sympy.Symbol(n) for n in res.coordinate_names]
    minors = [y0 * y2 - y1 ** 2, y0 * y3 - y1 * y2, y1 * y3 - y2 ** 2]
    assert _same_ideal(res.to_sympy(), minors, [y0, y1, y2, y3])
    assert list(res.hilbert_function) == [3 * e + 1 for e in range(4)]     # H(e) = 3e + 1 of the twisted cubic


def _span_rank(polys, ys):
    rows = [sympy.Poly(p, *ys).as_dict() for p in polys]
    monos = sorted({m for r in rows for m in r})
    return sympy.Matrix([[r.get(m, 0) for m in monos] for r in rows]).rank()


@pytest.mark.parametrize("spec, rows, cols", [("linear 3-2-3", 3, 3), ("linear 4-2-3", 3, 4)])
def test_bottleneck_linear_network_equations_span_the_maximal_minors(spec, rows, cols):
    res = implicitize(parse_spec(spec), max_degree=3, seed=0)
    ys = [sympy.Symbol(n) for n in res.coordinate_names]
    A = sympy.Matrix(rows, cols, ys)                      # coordinates a[i, j] in row-major order
    minors = [A.extract(list(range(rows)), list(c)).det() for c in combinations(range(cols), rows)]
    eqs = res.to_sympy()
    assert len(eqs) == len(minors)
    assert _span_rank(eqs, ys) == _span_rank(minors, ys) == _span_rank(eqs + minors, ys)
