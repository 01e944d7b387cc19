"""The numerical vanishing check of exact solves (polymap points, singular loci samples): a root of a quintic taken
as the root sympy's CRootOf names (truth: sympy's own evaluation of that root), a polynomial that vanishes at an
algebraic point accepted and one that does not refused (truth: the defining polynomial by hand)."""

import sympy

from algnet.analyses.singular import algebraic
from algnet.architectures.polymap_points import vanishes_numerically

x, y = sympy.symbols("x y")
QUINTIC = x**5 - x - 1          # one real root, two pairs of complex ones (no radicals)


def test_each_root_of_a_quintic_is_the_one_sympy_names():
    roots = sympy.Poly(QUINTIC, x).all_roots()
    for r in roots:
        assert vanishes_numerically(QUINTIC, {x: r})
        # x - y vanishes at (s, r) only for the root s that sympy evaluates to the value of r
        approx = complex(sympy.N(r, 30))
        for s in roots:
            same = abs(complex(sympy.N(s, 30)) - approx) < 1e-20
            assert vanishes_numerically(x - y, {x: s, y: r}) == same


def test_a_wrong_pairing_of_roots_is_refused():
    r1, r2 = sympy.CRootOf(QUINTIC, 1), sympy.CRootOf(QUINTIC, 2)       # complex conjugates
    assert vanishes_numerically([QUINTIC, y - x**2 - 1], {x: r1, y: r1**2 + 1})
    assert not vanishes_numerically([QUINTIC, y - x**2 - 1], {x: r1, y: r2**2 + 1})


def test_radicals_the_tolerance_and_free_symbols():
    c = sympy.cbrt(5)
    assert vanishes_numerically(x**3 - y, {x: c, y: 5}) and not vanishes_numerically(x**3 - y, {x: -c, y: 5})
    # relative to the largest term: 10^40 (x - 1) at x = 1 + 10^-70 is 10^-30, below 1e-30 * 10^40
    assert vanishes_numerically(10**40 * (x - 1), {x: 1 + sympy.Rational(1, 10**70)})
    assert not vanishes_numerically(x - 1, {x: 1 + sympy.Rational(1, 10**25)})
    assert vanishes_numerically(x - y, {x: 1})          # y is not given: nothing to check
    assert algebraic.vanishes_numerically is vanishes_numerically


def test_an_expression_with_a_radical_of_an_unknown():
    # sqrt(x) - y at x = 2: zero for y = sqrt(2) (sympy's principal root), not for y = -sqrt(2)
    f = sympy.sqrt(x) - y
    assert vanishes_numerically(f, {x: 2, y: sympy.sqrt(2)}) and not vanishes_numerically(f, {x: 2, y: -sympy.sqrt(2)})
    r = sympy.CRootOf(QUINTIC, 3)
    assert vanishes_numerically(x - y * r, {x: r, y: 1}) and not vanishes_numerically(x - y * r, {x: r, y: 2})
