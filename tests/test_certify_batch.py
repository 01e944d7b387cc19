"""The batched Krawczyk test (float64 discs) against exact arithmetic and against the ball route."""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses.critical.loss import make_loss
from algnet.analyses.critical.solve import _to_target, solve_slice
from algnet.analyses.critical.system import gradient_family
from algnet.homotopy.certify import certify, krawczyk_batch
from algnet.homotopy.discs import Disc, DiscBackend, disc_matmul, point_matmul


def _exact(z):
    return Fraction(z.real), Fraction(z.imag)


def _inside(exact, m, r):
    """|exact - m| <= r, decided in rational arithmetic."""
    er, ei = exact
    mr, mi = _exact(complex(m))
    return (er - mr) ** 2 + (ei - mi) ** 2 <= Fraction(float(r)) ** 2


def _adversarial_numbers(rng, k):
    base = [1.0, 1 + 2.0 ** -52, 1 - 2.0 ** -53, 2.0 ** 60, 3.0 ** 35, 1e-310, 2.0 ** -1070, 1 / 3, -0.1, 1e300]
    re = np.array(base + list(rng.normal(size=k) * 10.0 ** rng.integers(-20, 20, size=k)))
    im = np.array(base[::-1] + list(rng.normal(size=k) * 10.0 ** rng.integers(-20, 20, size=k)))
    return re + 1j * im


@pytest.mark.filterwarnings("ignore:overflow")
def test_disc_operations_enclose_exact_rational_results():
    rng = np.random.default_rng(0)
    a = _adversarial_numbers(rng, 40)
    b = np.roll(a, 3) * (1 + 1e-16) - np.roll(a, 3)      # cancellation-heavy partners
    b[::2] = np.roll(a, 7)[::2]
    A, B = Disc(a), Disc(b)
    for op, f in (("+", lambda x, y: x + y), ("-", lambda x, y: x - y), ("*", lambda x, y: x * y)):
        D = f(A, B)
        for i in range(len(a)):
            (xr, xi), (yr, yi) = _exact(a[i]), _exact(b[i])
            if op == "*":
                ex = (xr * yr - xi * yi, xr * yi + xi * yr)
            elif op == "+":
                ex = (xr + yr, xi + yi)
            else:
                ex = (xr - yr, xi - yi)
            if np.isfinite(D.m[i]) and np.isfinite(D.r[i]):
                assert _inside(ex, D.m[i], D.r[i]), (op, a[i], b[i])
    # a rational constant is enclosed, and 3 * (1/3) - 1 contains 0 while the float value is not 0
    third = DiscBackend().const(Fraction(1, 3))
    z = third * 3 - 1
    assert _inside((Fraction(0), Fraction(0)), z.m, z.r)


def test_disc_matmul_encloses_cancelling_sums():
    rng = np.random.default_rng(1)
    n = 64
    A = rng.normal(size=(3, n)) + 1j * rng.normal(size=(3, n))
    v = rng.normal(size=(n, 1)) * 1e8 + 1j * rng.normal(size=(n, 1))
    v[-1] = -(A[0, :-1] @ v[:-1, 0]) / A[0, -1]       # row 0 cancels to (almost) zero
    D = point_matmul(A, Disc(v))
    E = disc_matmul(Disc(A), Disc(v))
    for i in range(3):
        ex = [sum((_exact(A[i, j])[0] * _exact(v[j, 0])[0] - _exact(A[i, j])[1] * _exact(v[j, 0])[1]
                   for j in range(n)), Fraction(0)),
              sum((_exact(A[i, j])[0] * _exact(v[j, 0])[1] + _exact(A[i, j])[1] * _exact(v[j, 0])[0]
                   for j in range(n)), Fraction(0))]
        assert _inside(ex, D.m[i, 0], D.r[i, 0])
        assert _inside(ex, E.m[i, 0], E.r[i, 0])


class _Third:
    """F(x) = 3 x - 1 (root 1/3, not a float): fl(1/3) makes 3 x - 1 round to exactly 0."""

    n_vars, n_params, real, has_ball = 1, 0, True, False

    def evaluate(self, X, P=None):
        X = np.atleast_2d(X)
        return 3 * X - 1, np.full((X.shape[0], 1, 1), 3.0 + 0j)

    def evaluate_interval(self, Xm, xr, p=None, hessian=True):
        D = Disc(np.atleast_2d(Xm), np.asarray(xr, dtype=float)[:, None]) * 3 - 1
        rows = int(np.broadcast_to(np.asarray(hessian, dtype=bool), (D.m.shape[0],)).sum())
        return D, (Disc(np.full((rows, 1, 1), 3.0 + 0j)) if rows else None)


def test_rounding_adversarial_center():
    x = np.array([[1 / 3 + 0j]])
    assert (3 * x - 1)[0, 0] == 0                # a naive float test sees an exact zero at x
    dist = float(abs(Fraction(1, 3) - Fraction(1 / 3)))
    ok, _, _ = krawczyk_batch(_Third(), x, radius=dist / 4, refine=False)
    assert not ok[0]                              # the polydisc does not contain 1/3: never certified
    ok, rad, _ = krawczyk_batch(_Third(), x, radius=dist * 64, refine=False)
    assert ok[0] and rad[0] == dist * 64          # it does: certified
    ok, rad, _ = krawczyk_batch(_Third(), x, refine=False)
    assert ok[0] and rad[0] >= dist               # the automatic radius covers the rounding error


def _points(spec, seed, loss="generic"):
    net = parse_spec(spec)
    rng = np.random.default_rng(seed)
    L = make_loss(net, loss, rng=rng)
    fam = gradient_family(net, L, rng)
    res, p0, _ = solve_slice(fam, rng)
    return fam, L, res.solutions, p0, rng


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_batched_agrees_with_ball_route(spec):
    fam, L, X, p0, rng = _points(spec, 3)
    fast = certify(fam, X, p0, key_ball=fam.image_ball, key_interval=fam.image_interval)
    ball = certify(fam, X, p0, key_ball=fam.image_ball, batched=False)
    assert fast.batched == fast.certified == ball.certified == X.shape[0]
    assert fast.distinct == ball.distinct
    # the certified boxes hold the same zeros: they overlap
    gap = np.abs(fast.centers - ball.centers)
    assert np.all(gap <= 2 * (fast.radii + ball.radii)[:, None])
    # perturbed far from every zero: neither route certifies
    bad = X + 0.3 * (1 + np.abs(X)) * np.exp(2j * np.pi * rng.random(X.shape))
    f2 = certify(fam, bad, p0)
    b2 = certify(fam, bad, p0, batched=False)
    assert f2.certified == b2.certified == 0


def test_small_box_off_the_zero_is_refused():
    fam, L, X, p0, rng = _points("conv k=2,2 r=2", 0)
    ok, rad, C = krawczyk_batch(fam, X, p0)
    assert ok.all()
    delta = 1e-7 * (1 + np.abs(C)) * np.exp(2j * np.pi * rng.random(C.shape))
    off = np.max(np.abs(delta), axis=1)
    for i in range(C.shape[0]):   # a polydisc that misses the certified zero
        ok_i, _, _ = krawczyk_batch(fam, C[i:i + 1] + delta[i], p0, radius=off[i] / 10, refine=False)
        assert not ok_i[0]
    ok2, _, C2 = krawczyk_batch(fam, C + delta, p0)     # refined back onto the same zeros
    assert ok2.all() and np.all(np.abs(C2 - C) <= 1e-9 * (1 + np.abs(C)))


def test_real_points_of_a_real_system_agree():
    net = parse_spec("linear 2-1-2")
    rng = np.random.default_rng(5)
    L = make_loss(net, "frobenius", rng=rng)
    fam = gradient_family(net, L, rng, slice="pinned")
    res, p0, _ = solve_slice(fam, rng)
    X, _, lost = _to_target(fam, res.solutions, p0, L.u, rng)
    assert lost == 0
    fast = certify(fam, X, L.u)
    ball = certify(fam, X, L.u, batched=False)
    assert fast.certified == ball.certified == X.shape[0]
    assert fast.real == ball.real > 0
    assert np.array_equal(fast.real_mask, ball.real_mask)


@pytest.mark.parametrize("refine", [False, True])
def test_rows_that_are_not_finite_or_singular_leave_the_others_as_they_are(refine):
    # the batched test's rows are independent: a non-finite row, or one whose Jacobian is singular (the inverse
    # then point by point), is not certified and every other row gets the certificate it gets alone
    fam, L, X, p0, rng = _points("dense 2-1-1 r=3", 1)
    ok0, rad0, C0 = krawczyk_batch(fam, X, p0, refine=refine)
    assert ok0.all()
    bad = np.vstack([X, np.full((1, X.shape[1]), np.nan), np.full((1, X.shape[1]), np.inf)])
    ok, rad, C = krawczyk_batch(fam, bad, p0, refine=refine)
    assert ok.tolist() == [True] * X.shape[0] + [False, False]
    assert np.array_equal(rad[:X.shape[0]], rad0) and np.array_equal(C[:X.shape[0]], C0)

    class SingularFirst:            # the family with the Jacobian of its first row set to zero
        def __init__(self, f):
            self.f = f
            self.evaluate_interval = f.evaluate_interval

        def evaluate(self, Y, P=None):
            F, J = self.f.evaluate(Y, P)
            J = J.copy()
            J[0] = 0
            return F, J

    ok2, rad2, C2 = krawczyk_batch(SingularFirst(fam), X, p0, refine=refine)
    assert not ok2[0] and ok2[1:].all()
    if not refine:      # (with refine, the first row's Newton step is skipped too, the others' taken as before)
        assert np.array_equal(rad2[1:], rad0[1:]) and np.array_equal(C2[1:], C0[1:])
