"""The polynomial algebra of activation chains (algnet.architectures.activation_symmetry), against exact evaluation.

``chain_polynomial`` is the composite of the chain: checked at rational points by evaluating the activations one
after another (Horner, exact Fractions). ``_centered`` gives v = -c_(D-1) / (D c_D) and sigma(v + s) = sum_j g_j s^j:
checked at D + 1 rational points s (a polynomial of degree D is fixed by D + 1 values). ``unit_roots`` is a pure
function of the chain: the same answer on a new call, from a remembered value, as from a fresh computation, and
sigma(v + zeta s) = zeta^j (sigma(v + s) - k0) + k0 for zeta a primitive m-th root of unity (numerically, at random
complex s).
"""

from __future__ import annotations

import cmath
from fractions import Fraction

import numpy as np
import pytest

from algnet.architectures import activation_symmetry as A
from algnet.architectures.layers import Polynomial, Power, Product

CHAINS = [
    [Power(2)], [Power(3)], [Power(5)], [Polynomial(0, 1, 1)], [Polynomial(1, 2, 1)], [Polynomial(5, 0, 1, 0, 1)],
    [Polynomial(0, 1, 1), Power(2)], [Power(2), Polynomial(Fraction(1, 3), 0, 2)], [Product(Power(1), Power(2))],
    [Polynomial(0, 1, 0, 0, 1)], [Polynomial(2, -3, 0, 1)], [Power(1), Power(3)], [Polynomial(Fraction(-1, 2), 1, 1)],
]


def _horner(coeffs, t):
    out = Fraction(0)
    for c in reversed(coeffs):
        out = out * t + c
    return out


def _apply(chain, t):
    """The chain evaluated at t, activation by activation (Product: its two chains multiplied)."""
    for act in chain:
        if isinstance(act, Product):
            t = _apply(act.left, t) * _apply(act.right, t)
        else:
            t = _horner([Fraction(c) for c in act.coeffs], t)
    return t


@pytest.mark.parametrize("chain", CHAINS, ids=repr)
def test_chain_polynomial_is_the_composite(chain):
    c = A.chain_polynomial(chain)
    assert all(type(x) is Fraction for x in c) and c[-1] != 0
    for t in (Fraction(0), Fraction(1), Fraction(-2), Fraction(3, 7), Fraction(-5, 3), Fraction(11, 2)):
        assert _horner(c, t) == _apply(chain, t)


@pytest.mark.parametrize("chain", CHAINS, ids=repr)
def test_centered_expansion(chain):
    c = A.chain_polynomial(chain)
    if len(c) < 3:
        return
    D = len(c) - 1
    for _ in range(2):          # the second call: the remembered value, returned as a new list
        v, g = A._centered(c)
        assert v == -c[D - 1] / (D * c[D]) and len(g) == D + 1 and all(type(x) is Fraction for x in g)
        for k in range(D + 1):
            s = Fraction(2 * k - 3, 5)
            assert _horner(g, s) == _horner(c, v + s)
        g.append(Fraction(99))          # a caller's list: the remembered expansion is not changed by it


@pytest.mark.parametrize("chain", CHAINS, ids=repr)
@pytest.mark.parametrize("taken_back", [False, True])
def test_unit_roots_act_on_the_chain(chain, taken_back):
    got = A.unit_roots(chain, taken_back)
    A._UNIT_ROOTS.clear()
    A._CENTERED.clear()
    assert A.unit_roots(chain, taken_back) == got       # remembered = computed afresh
    if got is None:
        return
    v, m, j = got
    c = [complex(x) for x in A.chain_polynomial(chain)]
    k0 = complex(A._centered(A.chain_polynomial(chain))[1][0])
    sigma = np.polynomial.Polynomial(c)
    zeta = cmath.exp(2j * cmath.pi / m)
    if not taken_back:
        assert j == 0
    rng = np.random.default_rng(0)
    for s in rng.normal(size=4) + 1j * rng.normal(size=4):
        lhs = sigma(complex(v) + zeta * s)
        rhs = zeta ** j * (sigma(complex(v) + s) - k0) + k0
        assert abs(lhs - rhs) <= 1e-9 * (1 + abs(rhs))


def test_centered_keeps_the_kind_of_number():
    """A remembered Fraction expansion is not handed to integer coefficients equal to it (1 == Fraction(1))."""
    frac = A._centered([Fraction(1), Fraction(2), Fraction(1)])
    ints = A._centered([1, 2, 1])
    assert frac[0] == ints[0] == -1 and type(frac[0]) is Fraction and type(ints[0]) is float
