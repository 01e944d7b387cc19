"""The Krawczyk test of approximate solutions (ball and disc arithmetic): one point, or a batch at once.

For an approximate solution x~ of a square system F, a box
X = x~ + [-rho, rho]^{2n} (real and imaginary parts), and a floating
approximate inverse Y of F'(x~), the Krawczyk operator

    K(X) = x~ - Y F(x~) + (I - Y F'(X)) (X - x~)

is evaluated in complex ball arithmetic (python-flint ``acb``/``acb_mat``,
rigorous enclosures) by :func:`krawczyk`. If K(X) lies in the interior of X then X contains
exactly one solution of F and F' is invertible on X (Krawczyk 1969; Moore
1977; Rump, *Verification methods*, Acta Numerica 2010, Thm. 8.1 for the
complex case). If F has real coefficients and a box is certified around a real
center, the box is invariant under conjugation, so its unique solution is
real: this certifies real solutions.

Systems with ``evaluate_interval(X, radii, p, hessian)`` (rigorous float64
disc enclosures of F and F' over a batch of polydiscs, e.g. the gradient
systems of :mod:`algnet.analyses.critical.system`) are certified all at
once by :func:`krawczyk_batch`: the same Krawczyk test in disc arithmetic
(:mod:`algnet.homotopy.discs`) on polydiscs X = {|x_i - x~_i| <= rho}. For x in
X, x - Y F(x) = x~ - Y F(x~) + (I - Y M)(x - x~) with M = int_0^1 F'(x~ + t(x - x~)) dt,
whose entries lie in the (convex) discs of F'(X); so the map x -> x - Y F(x)
sends X into K(X), and K(X) inside the interior of X gives a zero in X
(Brouwer). The inclusion also bounds |I - Y M| rho < rho row by row, so
||I - Y M||_inf < 1: every such M is invertible and the zero is unique (two
zeros x1, x2 would give M (x1 - x2) = 0). Whole witness sets, with the distinctness of their boxes and images,
are certified by :func:`algnet.homotopy.certify.certify`.

Examples
--------
>>> import numpy as np
>>> from algnet.homotopy.systems import PolynomialSystem
>>> S = PolynomialSystem.from_terms([{(2,): 1, (0,): -2}])          # x^2 = 2
>>> ok, rho, center = krawczyk(S, np.array([1.41421356]))
>>> ok, bool(abs(center[0] - 2 ** 0.5) < 1e-12)
(True, True)
"""

from __future__ import annotations

import numpy as np

from algnet.core.numbers import acb, acb_mat, arb, ball_precision
from algnet.homotopy.disc_rules import box_fits, inclusion_mid, inclusion_radius, inside as within, row_bound
from algnet.homotopy.systems import System
from algnet.interrupts import ctrl_c_safe

__all__ = ["complex_ball", "krawczyk", "krawczyk_batch"]


def complex_ball(z, rad):
    """The complex ball of center ``z`` with radius ``rad`` in its real and in its imaginary part.

    >>> b = complex_ball(1 + 2j, 0.5)
    >>> b.real.contains(1.4) and b.imag.contains(1.6) and not b.real.contains(1.6)
    True
    """
    return acb(arb(float(z.real), rad), arb(float(z.imag), rad))


def _point(z):
    return acb(float(z.real), float(z.imag))


@ctrl_c_safe
def krawczyk(system: System, x, p=None, radius: float | None = None, real: bool = False):
    """One Krawczyk test; returns (success, radius used, refined center).

    The center is first refined by three floating Newton steps and two
    Newton steps at 128-bit precision; a point whose refinement moves by more
    than 1e-6 (relative) is not certified (it did not approximate that root).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem
    >>> S = PolynomialSystem.from_terms([{(2,): 1, (0,): -2}])
    >>> krawczyk(S, np.array([1.41421356]))[0]
    True
    """
    x = np.asarray(x, dtype=np.complex128).copy()
    x0 = x.copy()
    n = x.shape[0]
    P = None if p is None else np.asarray(p, dtype=np.complex128)[None, :]
    for _ in range(3):
        F, J = system.evaluate(x[None, :], P)
        try:
            x = x - np.linalg.solve(J[0], F[0])
        except np.linalg.LinAlgError:
            return False, 0.0, x
    if real:
        x = x.real.astype(np.complex128)
    F, J = system.evaluate(x[None, :], P)
    try:
        Yf = np.linalg.inv(J[0])
    except np.linalg.LinAlgError:
        return False, 0.0, x
    scale = 1.0 + float(np.max(np.abs(x)))
    pb = None if p is None else [_point(q) for q in np.asarray(p, dtype=np.complex128)]
    Y = acb_mat(n, n)
    for i in range(n):
        for j in range(n):
            Y[i, j] = _point(Yf[i, j])
    # the center is refined beyond double precision (ill-conditioned points)
    with ball_precision(128):
        xc = [_point(z) for z in x]
        for _ in range(2 if not real else 0):
            Fx, _ = system.evaluate_ball(xc, pb)
            Fm = acb_mat(n, 1)
            for i in range(n):
                Fm[i, 0] = Fx[i]
            step_vec = Y * Fm
            xc = [(xc[i] - step_vec[i, 0]).mid() for i in range(n)]
        Fx, _ = system.evaluate_ball(xc, pb)
        Fm = acb_mat(n, 1)
        for i in range(n):
            Fm[i, 0] = Fx[i]
        YF = Y * Fm
        step = max(float(abs(YF[i, 0]).upper()) for i in range(n))
        radii = [radius] if radius is not None else [max(16 * step, 1e-25 * scale) * f
                                                      for f in (1.0, 1e3, 1e6, 1e9, 1e12)]
        for rho in radii:
            if not np.isfinite(rho) or rho > 1e-2 * scale:
                continue
            r = arb(rho)
            Xb = [acb(arb(z.real, r), arb(z.imag, r)) for z in xc]
            _, JX = system.evaluate_ball(Xb, pb)
            D = acb_mat(n, 1)
            for j in range(n):
                D[j, 0] = acb(arb(0, r), arb(0, r))
            K = (acb_mat(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)]) - Y * JX) * D
            ok = True
            for i in range(n):
                d = K[i, 0] - YF[i, 0]
                if not (d.real.abs_upper() < r and d.imag.abs_upper() < r):
                    ok = False
                    break
            if ok:
                xf = np.array([complex(float(z.real.mid()), float(z.imag.mid())) for z in xc])
                if np.max(np.abs(xf - x0)) > 1e-6 * scale:
                    return False, 0.0, x  # the root found is not the one the point approximated
                # the float center is within 1e-16 |x| of the ball center: widen accordingly
                return True, rho + 2e-16 * scale, xf
    return False, 0.0, x


def _newton(system, X, P, steps: int):
    """Floating Newton steps on the rows of X; returns (X, ok) (ok False: singular Jacobian)."""
    ok = np.ones(X.shape[0], dtype=bool)
    for _ in range(steps):
        F, J = system.evaluate(X, P)
        with np.errstate(all="ignore"):
            try:
                d = np.linalg.solve(J, F[..., None])[..., 0]
            except np.linalg.LinAlgError:
                d = np.zeros_like(X)
                for i in range(X.shape[0]):
                    try:
                        d[i] = np.linalg.solve(J[i], F[i])
                    except np.linalg.LinAlgError:
                        ok[i] = False
        d[~np.all(np.isfinite(d), axis=1)] = 0
        X = X - d
    return X, ok & np.all(np.isfinite(X), axis=1)


def krawczyk_batch(system: System, X, p=None, radius=None, refine: bool = True, real: bool = False):
    """The Krawczyk test on many points at once, in rigorous float64 disc arithmetic.

    ``system`` must implement ``evaluate_interval`` (module doc). Each center is first refined by two
    floating Newton steps (``refine``; a point that moves by more than 1e-6 relative is not
    certified: it did not approximate that root); ``real``: the centers are replaced by their real
    parts (with a real system a certified box is then conjugation-invariant, so its zero is real).
    The first radius of each polydisc is 64 times the last floating Newton step (at least 1e-8 of
    the point's size), tested in the same run of the program that encloses F at the centers; a
    point it does not certify is tried once more, with a radius from the rigorous Newton step bound
    |Y F(x~)| and the contraction bound c of |I - Y F'(X)| (4 |Y F(x~)| / (1 - c)), when c < 0.9;
    where the rounding radius of F(x~) exceeds its midpoint, F(x~) is first enclosed at 128 bits by
    the system's ``residual_ball`` (when it has one). A system with ``parameters_bound`` true evaluates F and F'
    at its own parameters (``evaluate`` is given none; the enclosures are given ``p``).
    ``radius`` forces one radius. A system with ``krawczyk_pass`` (compiled enclosures:
    :meth:`algnet.analyses.critical.disc_tape.ExactEnclosure.krawczyk_pass`) takes the inverses, the first radii,
    the enclosures and the inclusion test of points tested as they are (``refine`` and ``real`` False, every one
    finite) in one compiled call: the same test with the same rounding bounds (its Y from its own elimination: any
    Y keeps the test valid).

    Returns ``(ok, radii, centers)``: ``ok[i]`` when the polydisc {|x - centers[i]| <= radii[i]}
    (coordinatewise) is proved to hold exactly one zero. A False is "not decided here", never a proof
    that there is no zero.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet.analyses.critical.system import example_family
    >>> fam = example_family("linear 2-1-2", "generic")
    >>> ok, rad, c = krawczyk_batch(fam, np.zeros((1, 3)), fam.loss.u)    # not a critical point
    >>> bool(ok[0])
    False
    """
    with np.errstate(all="ignore"):    # overflow gives non-finite discs: those points are undecided
        return _krawczyk_batch(system, X, p, radius, refine, real)


def _krawczyk_batch(system, X, p, radius, refine, real):
    X = np.array(X, dtype=np.complex128, ndmin=2)       # a copy
    k, n = X.shape
    if k == 0:
        return np.zeros(k, dtype=bool), np.zeros(k), X
    # the parameters on every row (a copy by ndarray.repeat: numpy's broadcast_to is a dozen Python calls; none for
    # a system whose evaluate ignores them, its parameters bound)
    P = (None if p is None or getattr(system, "parameters_bound", False) else
         np.asarray(p, dtype=np.complex128)[None, :].repeat(k, axis=0))
    # (the hot path of a warm count -- a few points, every one finite and invertible -- takes the fewest numpy
    # calls: each costs microseconds at these sizes; see bench/bench_critical.py)
    scale = 1.0 + np.maximum.reduce(np.abs(X), axis=1)      # (nan where a coordinate is: max propagates it)
    # the inverses, the guessed radii and the first pass in one compiled call (the system's compiled enclosures, for
    # points tested as they are; None: a size not finite or a singular Jacobian, the steps below)
    fused = getattr(system, "krawczyk_pass", None) if not refine and not real else None
    first = F = None
    if fused is not None:
        F, J = system.evaluate(X, P)
        first = fused(X, F, J, radius, p, scale)
    if first is not None:
        Y, guess, live, radii, ym, yr, step, ok, contraction = first
    else:
        ok = np.zeros(k, dtype=bool)
        radii = np.zeros(k)
        live = np.isfinite(scale)           # finite exactly where the whole row is
        every = bool(live.all())
        if not every:
            X[~live] = 0
        X0 = X.copy() if refine else None
        if refine:
            X, good = _newton(system, X, P, 1)
            live &= good
            every = bool(live.all())
        if F is None or not every:       # (evaluated above at these very points: the same values)
            F, J = system.evaluate(X, P)
        X, Y, guess, every = _inverses_and_radii(X, X0, F, J, live, scale, radius, refine, real)
        ym, yr, step, contraction = _first_pass(system, X, p, Y, guess, every, scale, live, ok, radii)
    if radius is None and not ok.all():      # (every point certified at the first radius: nothing to retry)
        from algnet.homotopy.discs import Disc, point_matmul

        # once more where the contraction |I - Y F'(X)| was below 1 but the radius too small for the
        # rigorous Newton step bound; where float64 rounding swamps F(x~) itself, F(x~) is enclosed at
        # 128 bits first (``residual_ball``, when the system has it). Where rounding alone makes the
        # contraction >= 1, no box helps: the ball route takes over.
        # (a noisy point whose contraction was >= 0.9 at the first guess is tried too: the guess, at least
        # 1e-8 of the point's size, can be far larger than the step bound at 128 bits -- conv k=2,2 r=2, seed 0:
        # disc radius of F(x~) 2e-9 against a residual of 2e-11 sent one point of 14 to the ball route, 12 ms)
        # A point whose contraction was >= 0.9 at the first guess while its float step bound is far below the guess
        # (the guess's floor, 1e-8 of the point's size, too large a box for the curvature: conv k=2,2 r=2, 38 of
        # 100 warm calls, seeds 0-99, each with one such point) is first tried in the same float discs at
        # 4 |Y F(x~)| / (1 - 0.5), the retry's own radius with the contraction taken as 0.5; only where that
        # fails does it go on as below (its contraction at the guess kept), F(x~) at 128 bits or the ball route.
        # (0.6 of the 1.35 ms of such a call's certification was the 128-bit residual and its bookkeeping.)
        big = np.nonzero(live & ~ok & np.isfinite(contraction) & (contraction >= 0.9) & (8 * step < guess))[0]
        if big.size:
            rho = 8 * step[big]
            _, H = system.evaluate_interval(X[big], rho, p, hessian=True)
            _krawczyk_inclusion(big, rho, H, Y, ym, yr, scale, live, ok, radii)
        todo = np.nonzero(live & ~ok & (contraction < 0.9))[0]
        fine = callable(getattr(system, "residual_ball", None))
        cand = np.nonzero(live & ~ok & np.isfinite(contraction))[0] if fine else todo
        if cand.size and fine:
            noisy = cand[yr[cand].max(axis=1) > np.abs(ym[cand]).max(axis=1)]
            if noisy.size:
                gm, gr = system.residual_ball(X[noisy], p)
                YF = point_matmul(Y[noisy], Disc(gm[..., None], gr[..., None]))
                ym[noisy], yr[noisy] = YF.m[..., 0], np.broadcast_to(YF.r, YF.m.shape)[..., 0]
                step[noisy] = np.maximum.reduce(np.abs(ym[noisy]) + yr[noisy], axis=1)
                shrunk = noisy[(contraction[noisy] >= 0.9) & (8 * step[noisy] < guess[noisy])]
                todo = np.union1d(todo, shrunk)
        if todo.size:
            c = np.where(contraction[todo] < 0.9, contraction[todo], 0.5)
            rho = 4 * step[todo] / (1 - c)
            _, H = system.evaluate_interval(X[todo], rho, p, hessian=True)
            _krawczyk_inclusion(todo, rho, H, Y, ym, yr, scale, live, ok, radii)
    return ok, radii, X


def _inverses_and_radii(X, X0, F, J, live, scale, radius, refine, real):
    """The approximate inverses Y of the Jacobians J, the second Newton step (``refine``; ``live`` cleared where a
    point moved by more than 1e-6 relative), the real parts (``real``) and the guessed first radii:
    ``(X, Y, guess, every)`` (``every``: all rows live; a row not live has its centre set to 0)."""
    k = X.shape[0]
    every = bool(live.all())
    try:                         # one batched inverse; point by point when one of them is singular
        if every:
            Y = np.linalg.inv(J)
        else:
            Y = np.zeros_like(J)
            idx = np.nonzero(live)[0]
            Y[idx] = np.linalg.inv(J[idx])
    except np.linalg.LinAlgError:
        Y = np.zeros_like(J)
        for i in np.nonzero(live)[0]:
            try:
                Y[i] = np.linalg.inv(J[i])
            except np.linalg.LinAlgError:
                live[i] = False
    d = np.matmul(Y, F[..., None])[..., 0]
    if refine:    # the second Newton step; a point that moved far did not approximate this root
        X = X - d
        live &= np.all(np.isfinite(X), axis=1) & (np.maximum.reduce(np.abs(X - X0), axis=1) <= 1e-6 * scale)
    if real:
        X = X.real.astype(np.complex128)
    every = bool(live.all())
    if not every:
        X[~live] = 0
    guess = (np.full(k, float(radius)) if radius is not None else
             np.maximum(64 * np.maximum.reduce(np.abs(d), axis=1), 1e-8 * scale))
    guess[~np.isfinite(guess)] = 0
    return X, Y, guess, every


def _first_pass(system, X, p, Y, guess, every, scale, live, ok, radii):
    """The first pass of :func:`krawczyk_batch` on the live rows: one run of the system's disc enclosures for G at
    every centre and G' over the polydiscs of radii ``guess``, the discs of Y G(x~) and the inclusion test (``live``,
    ``ok``, ``radii`` set in place). Returns ``(ym, yr, step, contraction)``."""
    from algnet.homotopy.discs import _new, point_matmul

    k = X.shape[0]
    idx = np.arange(k) if every else np.nonzero(live)[0]
    mask = np.arange(k + idx.size) >= k            # F' over the polydiscs only
    Gc, H = system.evaluate_interval(np.concatenate([X, X[idx]]), np.concatenate([np.zeros(k), guess[idx]]), p,
                                     hessian=mask)
    gm = Gc.m[:k]
    YF = point_matmul(Y, _new(gm[..., None], _full(Gc.r, Gc.m.shape)[:k, :, None]))
    ym, yr = YF.m[..., 0], _full(YF.r, YF.m.shape)[..., 0].copy()
    step = np.maximum.reduce(np.abs(ym) + yr, axis=1)
    live &= np.isfinite(step)
    contraction = np.full(k, np.inf)
    if idx.size:
        contraction[idx] = _krawczyk_inclusion(idx, guess[idx], H, Y, ym, yr, scale, live, ok, radii)
    return ym, yr, step, contraction


def _full(r, shape):
    """``r`` broadcast to ``shape`` (``r`` itself when it has that shape already: a disc's radii usually do)."""
    return r if r.shape == shape else np.broadcast_to(r, shape)


_EYES: dict = {}


def _eye(n: int):
    """The identity (1, n, n), made once per size (read only)."""
    e = _EYES.get(n)
    if e is None:
        e = _EYES[n] = np.eye(n)[None]
        e.flags.writeable = False
    return e


def _krawczyk_inclusion(todo, rho, H, Y, ym, yr, scale, live, ok, radii):
    """K(X) - x~ = -Y F(x~) + (I - Y F'(X)) (X - x~) inside the open polydiscs of radii ``rho``:
    sets ``ok`` and ``radii`` for the rows ``todo`` that pass (in place); returns the contraction
    bound max_i sum_j |I - Y F'(X)|_ij per row."""
    from algnet.homotopy.discs import point_matmul

    n = Y.shape[1]
    R = point_matmul(Y if todo.size == Y.shape[0] else Y[todo], H)   # Y F'(X) (todo: every row, or increasing)
    rows = np.add.reduce(row_bound(np.abs(_eye(n) - R.m), _full(R.r, R.m.shape)), axis=2)   # |I - Y F'(X)| by row
    Krad = inclusion_radius(rows, rho[:, None], yr[todo], n)
    inside = np.logical_and.reduce(within(inclusion_mid(np.abs(ym[todo])), Krad, rho[:, None]), axis=1)
    inside &= live[todo] & box_fits(rho, scale[todo])
    ok[todo[inside]] = True
    radii[todo[inside]] = rho[inside]
    c = np.maximum.reduce(rows, axis=1)
    return np.where(np.isfinite(c), c, np.inf)
