"""The LU of one path's Jacobian (algnet.homotopy.path_lu) against numpy.linalg.solve (LAPACK's zgesv) and against
exact complex quotients computed with Python's fractions.

Checked: solutions of random, ill-conditioned and badly scaled systems agree with LAPACK's to the accuracy that
the condition number allows; the real-arithmetic quotient and reciprocal equal the exactly rounded values to a few
units in the last place, also where |d|^2 leaves the range of the fast form (the fallback to complex division);
a zero pivot still reports a singular matrix and turns a later solve into nan.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet.homotopy.path_lu import _lu_apply, _lu_factor, _lu_solve2, _quotient, _reciprocal

EPS = np.finfo(float).eps


def _exact_quotient(s: complex, d: complex) -> complex:
    """s / d in rational arithmetic, rounded once per part at the end (the truth the float forms approximate)."""
    sr, si, dr, di = (Fraction(v) for v in (s.real, s.imag, d.real, d.imag))
    m = dr * dr + di * di
    return complex(float((sr * dr + si * di) / m), float((si * dr - sr * di) / m))


def _solve(A, b):
    A = np.array(A, complex)
    x = np.array(b, complex)
    piv = np.empty(len(A), np.int64)
    ok = _lu_solve2(A, x, x, False, piv)
    return ok, x


@pytest.mark.parametrize("n", [1, 2, 5, 12, 16, 20])
def test_random_systems_match_lapack(n):
    rng = np.random.default_rng(n)
    for _ in range(20):
        A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
        b = rng.normal(size=n) + 1j * rng.normal(size=n)
        ok, x = _solve(A, b)
        ref = np.linalg.solve(A, b)
        kappa = np.linalg.cond(A)
        assert ok
        assert np.max(np.abs(x - ref)) <= 50 * n * kappa * EPS * np.max(np.abs(ref))


@pytest.mark.parametrize("kappa", [1e4, 1e8, 1e12])
def test_ill_conditioned_systems_have_small_backward_error(kappa):
    """Partial pivoting is backward stable: the residual |A x - b| is near eps |A| |x| whatever the condition
    number (the forward error is checked against LAPACK's within kappa eps)."""
    n = 12
    rng = np.random.default_rng(7)
    U, _ = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
    A = U @ np.diag(np.logspace(0, -np.log10(kappa), n)) @ V
    b = rng.normal(size=n) + 1j * rng.normal(size=n)
    ok, x = _solve(A, b)
    assert ok
    resid = np.max(np.abs(A @ x - b))
    assert resid <= 100 * n * EPS * np.max(np.abs(A)) * np.max(np.abs(x))
    ref = np.linalg.solve(A, b)
    assert np.max(np.abs(x - ref)) <= 100 * n * kappa * EPS * np.max(np.abs(ref))


@pytest.mark.parametrize("scale", [1e-200, 1e-150, 1e150, 1e200])
def test_badly_scaled_systems_use_the_fallback_and_stay_accurate(scale):
    """Pivots with |d|^2 outside [1e-290, 1e290] (scale 1e+-150, 1e+-200) take numba's complex division; the
    solution of (scale A) x = scale b is the solution of A x = b."""
    rng = np.random.default_rng(3)
    n = 8
    A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
    b = rng.normal(size=n) + 1j * rng.normal(size=n)
    ok, x = _solve(scale * A, scale * b)
    ref = np.linalg.solve(A, b)
    assert ok and np.all(np.isfinite(x))
    assert np.max(np.abs(x - ref)) <= 50 * n * np.linalg.cond(A) * EPS * np.max(np.abs(ref))


def test_quotient_and_reciprocal_against_exact_rational_values():
    rng = np.random.default_rng(11)
    exps = rng.uniform(-140, 140, size=(400, 4))
    vals = rng.normal(size=(400, 4)) * 10.0 ** exps
    for sr, si, dr, di in vals:
        s, d = complex(sr, si), complex(dr, di)
        for got, want in ((_quotient(s, d), _exact_quotient(s, d)), (_reciprocal(d), _exact_quotient(1 + 0j, d))):
            assert abs(got - want) <= 4 * EPS * abs(want)
    for d in (complex(1e-160, 3e-161), complex(2e160, -1e160), complex(0.0, 1e-300), complex(5e300, 0.0)):
        for got, want in ((_quotient(1 + 2j, d), _exact_quotient(1 + 2j, d)), (_reciprocal(d), _exact_quotient(1, d))):
            assert abs(got - want) <= 4 * EPS * abs(want)


def test_zero_pivot_is_singular_and_a_later_solve_is_nan():
    A = np.array([[1.0, 2.0], [2.0, 4.0]], complex)        # rank 1: the second pivot is zero
    piv = np.empty(2, np.int64)
    assert not _lu_factor(A, piv)
    b = np.array([1.0, 1.0], complex)
    _lu_apply(A, piv, b)
    assert np.all(np.isnan(b))
    assert np.isnan(_quotient(1 + 1j, 0j)) and np.isnan(_reciprocal(0j))


@pytest.mark.parametrize("n", [1, 3, 12, 20])
def test_two_right_hand_sides_in_one_pass_equal_two_single_solves_bit_for_bit(n):
    """_lu_apply2 performs on each right-hand side the operations of _lu_apply (the reference here), so the
    results must be identical, including a nan from a zero pivot."""
    from algnet.homotopy.path_lu import _lu_apply2

    rng = np.random.default_rng(100 + n)
    for trial in range(10):
        A = rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))
        if trial == 9 and n > 1:
            A[:, 0] = 0.0                                   # singular: a zero pivot
        piv = np.zeros(n, np.int64)     # a factorization stopped at a zero pivot leaves the later entries as they were
        _lu_factor(A, piv)
        b = rng.normal(size=n) + 1j * rng.normal(size=n)
        c = rng.normal(size=n) * 1e-8 + 1j * rng.normal(size=n) * 1e8
        b1, c1, b2, c2 = b.copy(), c.copy(), b.copy(), c.copy()
        _lu_apply(A, piv, b1)
        _lu_apply(A, piv, c1)
        _lu_apply2(A, piv, b2, c2)
        assert np.array_equal(b1, b2, equal_nan=True) and np.array_equal(c1, c2, equal_nan=True)
        assert trial != 9 or n == 1 or np.isnan(b2[0])         # the unknown of the zero pivot
