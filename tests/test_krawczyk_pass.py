"""The batched Krawczyk test's first pass in one compiled call (disc_tape.ExactEnclosure.krawczyk_pass) and the
compiled slice rank rule. Truth: exact critical points known in closed form (Eckart-Young: the critical images of
the Frobenius distance from diag(1, 2) on 2 x 2 matrices of rank <= 1 are the rank-one truncations diag(1, 0) and
diag(0, 2), integers), a point of a positive-dimensional critical set (the distance from the identity: every
rank-one projection is critical, so the gradient's Jacobian along the slice is singular there), the generic pass
of certify (numpy disc products on the same enclosures: another program for the same formulas) and numpy's SVD."""

from pathlib import Path

import numpy as np
import pytest

from algnet.analyses.critical.disc_tape import exact_tape
from algnet.analyses.critical.refine import CompiledEnclosureView, certify_points
from algnet.analyses.critical.system import example_family
from algnet.analyses.critical.warm_views import slice_rank_ok
from algnet.homotopy.certify import krawczyk_batch


def _onto_fiber(fam, y, x):
    """Gauss-Newton from x onto the fiber of the image y (well conditioned), float64."""
    for _ in range(40):
        Y, J = fam.first_order(x[None, :])
        x = x - np.linalg.lstsq(J[0], Y[0] - y, rcond=None)[0]
    return x


def _truncations(target, images):
    fam = example_family("linear 2-1-2", "frobenius", target=target)
    X = np.array([_onto_fiber(fam, np.array(y, dtype=np.complex128), np.array([1.0, 1.0, 1.0], dtype=complex))
                  for y in images])
    return fam, X


class _Generic:
    """The view without its compiled first pass: certify's numpy route on the same enclosures."""

    def __init__(self, view):
        self.view = view
        self.n_vars, self.n_params, self.real = view.n_vars, view.n_params, view.real
        self.evaluate, self.evaluate_interval = view.evaluate, view.evaluate_interval
        self.residual_ball = view.residual_ball          # (the retry's 128-bit residual, as the view has it)


def test_enclosures_contain_the_exact_critical_points():
    """The two rank-one truncations of diag(1, 2), certified through the compiled pass: both certified and distinct,
    and the image discs over the certified polydiscs contain the exact integer images."""
    exact = [[1, 0, 0, 0], [0, 0, 0, 2]]
    fam, X = _truncations([1.0, 0.0, 0.0, 2.0], exact)
    view = CompiledEnclosureView(fam, exact_tape(fam))
    assert callable(getattr(view, "krawczyk_pass", None))
    c = certify_points(fam, X, fam.loss.u, key_interval=fam.image_interval)
    assert (c.certified, c.distinct, c.batched) == (2, 2, 2)
    m, r = view.image_interval(c.centers, c.radii)
    assert np.all(np.abs(m - np.array(exact)) <= r)
    assert np.all((c.radii > 0) & (c.radii < 1e-6))


@pytest.mark.parametrize("shift", [1e-3, -1e-3j])
def test_a_point_off_by_a_thousandth_is_not_certified(shift):
    """A critical point moved by 1e-3 in one coordinate: the compiled pass (as a tracker's endpoints are tested, no
    Newton step first) does not certify it, nor does certify_points with its Newton steps (it moved too far)."""
    fam, X = _truncations([1.0, 0.0, 0.0, 2.0], [[1, 0, 0, 0], [0, 0, 0, 2]])
    bad = X.copy()
    bad[:, 0] += shift
    view = CompiledEnclosureView(fam, exact_tape(fam))
    ok, rad, _ = krawczyk_batch(view, bad, fam.loss.u, refine=False)
    assert not ok.any()
    ok2, _, _ = krawczyk_batch(view, X, fam.loss.u, refine=False)       # the points themselves: certified
    assert ok2.all()
    c = certify_points(fam, bad, fam.loss.u, refine=True, charts=False)
    assert c.certified == 0


def test_a_point_of_a_singular_solution_is_not_certified():
    """The distance from the identity: the rank-one projections form a curve of critical points, so on the slice
    the gradient's Jacobian is singular at diag(0, 1)'s fiber point: never certified (the Krawczyk test proves a
    unique root, with an invertible Jacobian)."""
    fam, X = _truncations([1.0, 0.0, 0.0, 1.0], [[0, 0, 0, 1]])
    G, H = fam.evaluate(X, fam.loss.u)
    sv = np.linalg.svd(H[0], compute_uv=False)
    assert np.abs(G).max() < 1e-12 and sv[-1] < 1e-12 * sv[0]        # a critical point, singular
    view = CompiledEnclosureView(fam, exact_tape(fam))
    ok, _, _ = krawczyk_batch(view, X, fam.loss.u, refine=False)
    assert not ok.any()
    assert certify_points(fam, X, fam.loss.u).certified == 0


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_compiled_pass_agrees_with_the_numpy_pass(spec):
    """Critical points of three structures, and the same points perturbed by 1e-9 and 1e-5: the compiled first pass
    and certify's numpy pass on the same enclosures certify the same points with the same radii (to the last
    bits) and centres, and a certified polydisc around a perturbed point contains the point before the
    perturbation."""
    from algnet.analyses.critical.paths import example_points

    fam, X, p0 = example_points(spec, "generic", at_target=False)
    rng = np.random.default_rng(0)
    for eps in (0.0, 1e-9, 1e-5):
        Z = X + eps * (rng.normal(size=X.shape) + 1j * rng.normal(size=X.shape))
        view = CompiledEnclosureView(fam, exact_tape(fam))
        a = krawczyk_batch(view, Z, p0, refine=False)
        b = krawczyk_batch(_Generic(view), Z, p0, refine=False)
        assert a[0].tolist() == b[0].tolist()
        assert np.array_equal(a[2], b[2])
        # the first radius is the same number; a retried point's radius comes from |Y G(x~)|'s disc, whose rounding
        # bounds the two programs compute in other orders (the last bits)
        assert np.allclose(a[1], b[1], rtol=1e-12, atol=0)
        if eps == 0.0:
            assert a[0].all()
        # a certified polydisc around a moved point holds the critical point it was moved from
        assert np.all(np.abs(Z - X)[a[0]] <= a[1][a[0], None])


def test_compiled_slice_rank_rule_agrees_with_numpy():
    """Slice Jacobians of rank 3, 2 and 1 with singular values spread from 1 to 1e-3 and from 1 to 1e-12: the
    compiled rank rule gives numpy's answer for dim = 1, 2, 3."""
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(5)
    J, X = [], rng.normal(size=(12, 3)) + 0j
    for i in range(12):
        U, _ = np.linalg.qr(rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4)))
        V, _ = np.linalg.qr(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))
        s = [[1.0, 0.5, 1e-3], [1.0, 1e-3, 1e-12], [1.0, 1e-12, 0.0]][i % 3]
        J.append(U[:, :3] @ np.diag(s) @ V * (1 + i))
    J = np.array(J)
    for dim in (1, 2, 3):
        want = slice_rank_ok(fam, X, J, dim)
        assert want.any() or dim == 1
        assert slice_rank_ok(fam, X, J, dim, compiled=True).tolist() == want.tolist()


def test_compiled_slice_rank_rule_agrees_with_numpy_on_graded_jacobians():
    """300 random 4 x 3 slice Jacobians with singular values spread over 14 decades (so that many lie on either side
    of the rule's 1e-7): the compiled rule and numpy's SVD decide alike for every dim."""
    fam = example_family("linear 2-1-2")
    rng = np.random.default_rng(7)
    J = []
    for _ in range(300):
        A = rng.normal(size=(4, 3)) + 1j * rng.normal(size=(4, 3))
        J.append(A @ np.diag(10.0 ** -rng.uniform(0, 14, size=3)) @ np.linalg.qr(rng.normal(size=(3, 3)))[0])
    J, X = np.array(J), rng.normal(size=(300, 3)) + 0j
    for dim in (1, 2, 3):
        want = slice_rank_ok(fam, X, J, dim)
        assert 0 < int(want.sum()) < 300
        assert slice_rank_ok(fam, X, J, dim, compiled=True).tolist() == want.tolist()


def test_compiled_disjointness_counts_as_numpy():
    """Image discs of 3-14 points, some pairs overlapping in every coordinate, some in all but one: the compiled
    count of points apart from all others is the numpy small-pairs count (distinct_count without it)."""
    from algnet.analyses.critical.disc_tape import ExactEnclosure
    from algnet.homotopy.certify import distinct_count

    rng = np.random.default_rng(11)
    for _ in range(200):
        k, q = int(rng.integers(3, 15)), int(rng.integers(1, 6))
        M = rng.normal(size=(k, q)) + 1j * rng.normal(size=(k, q))
        R = 10.0 ** rng.uniform(-10, -1, size=(k, q))
        M[1] = M[0] + R[0] * 0.5                            # overlapping in every coordinate
        M[2, 1:] = M[0, 1:]                                 # overlapping in all but the first
        key = lambda C, r, M=M, R=R: (M, R)                 # noqa: E731 (the discs as a key of the points)
        C, rad, mask = np.zeros((k, 1)), np.zeros(k), np.ones(k, dtype=bool)
        want = distinct_count(C, rad, mask, mask, None, key)
        assert want <= k - 2
        assert distinct_count(C, rad, mask, mask, None, key, ExactEnclosure.count_apart) == want


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_one_sweep_gives_the_two_runs_discs_bit_for_bit(spec):
    """The centres' and the polydiscs' discs from one sweep per point (disc_eval_pair) are those of disc_eval's
    two runs (rows at radius 0 without the Jacobian, rows at the radii with it), bit for bit, at random points of
    three structures with radii from 1e-12 to 1e-2."""
    from algnet.analyses.critical.disc_kernel import disc_eval, disc_eval_pair

    fam = example_family(spec, "generic")
    E = exact_tape(fam)
    t, S = E.tape, E.system
    n, K = S.n_vars, len(t.outputs)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(5, n)) + 1j * rng.normal(size=(5, n))
    rad = 10.0 ** rng.uniform(-12, -2, size=5)
    P = S.parameters(fam.Q, fam.loss.u)

    def out():
        return [np.zeros((10, K), complex), np.zeros((10, K)), np.zeros((10, K, n), complex), np.zeros((10, K, n))]

    one, two = out(), out()
    disc_eval_pair(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, n, X, rad, P, *one)
    disc_eval(t.code, t.dot_idx, t.dot_idx2, t.dot_coef, t.lo, t.hi, t.values, t.outputs, n, np.concatenate([X, X]),
              np.concatenate([np.zeros(5), rad]), P, np.arange(10) >= 5, *two)
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
    assert np.array_equal(one[2][5:], two[2][5:]) and np.array_equal(one[3][5:], two[3][5:])
    assert np.all(one[1][5:] >= one[1][:5])        # a wider polydisc, a wider disc


def test_the_kernels_cache_is_keyed_on_the_rules_they_compile(tmp_path):
    """The compiled kernels evaluate the rounding rules of disc_rules (the functions numpy evaluates on arrays); their
    machine code is cached in the kernels' directory, whose key covers disc_rules.py: a changed rule is a new key."""
    from algnet.analyses.critical import disc_kernel, rank_kernel
    from algnet.homotopy import kernel_cache

    assert "disc_rules.py" in kernel_cache.KERNEL_SOURCES
    key = kernel_cache.source_key()
    assert key in disc_kernel.krawczyk_pass._cache._cache_path and key in rank_kernel.slice_ranks._cache._cache_path
    here = Path(kernel_cache.__file__).resolve().parent
    files = [here / f for f in kernel_cache.KERNEL_SOURCES]
    copy = tmp_path / "disc_rules.py"
    copy.write_text((here / "disc_rules.py").read_text() + "\n# a changed rule\n")
    assert kernel_cache.source_key([copy if f.name == "disc_rules.py" else f for f in files]) != key


def test_disc_rules_enclose_exact_rational_results():
    """The radius rules on arrays, against exact rational arithmetic (fractions): the discs of a sum, a product, a
    constant multiple and an inner product of float discs contain the exact results at the discs' extreme points."""
    from fractions import Fraction

    from algnet.homotopy.discs import Disc, point_matmul

    rng = np.random.default_rng(2)
    for _ in range(50):
        a, b = rng.normal(size=3), rng.normal(size=3)
        ra, rb = 10.0 ** rng.uniform(-16, -2, size=3), 10.0 ** rng.uniform(-16, -2, size=3)
        A, B = Disc(a + 0j, ra), Disc(b + 0j, rb)
        for d, exact in ((A + B, lambda x, y: x + y), (A * B, lambda x, y: x * y)):
            for sa in (-1, 1):
                for sb in (-1, 1):
                    for i in range(3):
                        x = Fraction(a[i]) + sa * Fraction(ra[i])
                        y = Fraction(b[i]) + sb * Fraction(rb[i])
                        assert abs(exact(x, y) - Fraction(d.m[i].real)) <= Fraction(d.r[i])
        c = 1.0 / 3.0
        s = A * c
        for i in range(3):
            for sa in (-1, 1):
                assert abs(Fraction(c) * (Fraction(a[i]) + sa * Fraction(ra[i])) - Fraction(s.m[i].real)) <= \
                    Fraction(s.r[i])
        M = rng.normal(size=(2, 3))
        D = point_matmul(M, Disc((a + 0j)[:, None], ra[:, None]))
        for i in range(2):
            exact = sum(Fraction(M[i, j]) * Fraction(a[j]) for j in range(3))
            spread = sum(abs(Fraction(M[i, j])) * Fraction(ra[j]) for j in range(3))
            assert abs(exact - Fraction(D.m[i, 0].real)) + spread <= Fraction(D.r[i, 0])


def test_a_root_listed_twice_is_certified_but_not_distinct():
    """The two rank-one truncations of diag(1, 2) and the first once more: all three certified by the compiled pass,
    whose count of disjoint image discs (taken by certify for the view's own image keys) leaves out the two copies of
    one root -- one distinct point, as for the numpy count of the same discs."""
    from algnet.homotopy.certify import certify, distinct_count

    fam, X = _truncations([1.0, 0.0, 0.0, 2.0], [[1, 0, 0, 0], [0, 0, 0, 2]])
    view = CompiledEnclosureView(fam, exact_tape(fam))
    X3 = X[[0, 1, 0]]
    c = certify(view, X3, fam.loss.u, key_interval=view.image_interval, refine=False)
    assert (c.certified, c.batched, c.distinct) == (3, 3, 1)
    assert view.apart_count(c.centers, c.radii) == 1                   # the count certify took
    assert view.apart_count(c.centers, 2 * c.radii) is None            # other discs: not counted there
    assert distinct_count(c.centers, c.radii, c.mask, c.mask, None, view.image_interval) == 1
    c2 = certify(view, X, fam.loss.u, key_interval=view.image_interval, refine=False)
    assert (c2.certified, c2.distinct) == (2, 2)
