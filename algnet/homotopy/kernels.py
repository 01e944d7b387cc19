"""Compiled kernels (numba): tape evaluation with derivatives, small LU solves, predictor–corrector steps.

Why numba, measured (2-core machine shared with other jobs, so ratios rather than absolute times): the numpy tracker
of :mod:`algnet.homotopy.tracker` spends about 3.5 ms of Python per predictor–corrector step whatever the number of
paths (degree of linear 4-2-4 by monodromy, seed 1: 388 steps, 1.37 s of 1.67 s in ``_step`` and the network
evaluator; numpy's batched ``solve`` alone 0.3 s for 2,480 calls). Monodromy keeps few paths under way (tens to a
few hundred: a transport exists only when the path before it has ended), so batching in numpy cannot amortise that
overhead; a compiled loop over the paths that takes the steps of every path until paths stop removes it, and costs
one Python call per batch of stops instead of one per step. Measured after the change, same machine and load: the
degree of linear 4-2-4 (seed 1) spends 0.51 s of CPU instead of 1.67 s, of which the kernel 0.35 s; the kernel costs
1.1-1.8 ns per derivative lane of the tape and evaluation (linear 6-2-4: 13 us per evaluation; conv k=2,2,2,2 r=2:
190 us, recorded by forward passes; 1.65 and 6.7-9.6 us now, see witness_coefficients). A C code generator would
need a compiler at install time; numba is a wheel. JIT compilation (about 8 s of CPU for this module) is cached on
disk (:mod:`algnet.homotopy.kernel_cache`), so it is paid once per source.

Where the time goes (``bench/bench_tracker.py`` prints these figures): a degree by monodromy spends most of its
time inside :func:`advance` (87% on conv k=2,2,2 r=2), so Python overhead between kernel calls is not the cost.
Inside the kernel the tape dominates: about 1.3-2 ns per derivative lane and evaluation, against 0.24-2.6 us for
the LU of the two right-hand sides at n = 6-20; a path costs 85-110 evaluations (16-20 steps of five
evaluations). What was tried against the per-lane cost and not adopted: (1) one numba function generated per
system from the tape (straight-line code): no faster than this interpreter, and minutes of LLVM compile time;
(2) one-dimensional row views in the interpreter's lane loops: slower; (3) fastmath contraction and
reassociation: no change; (4) eliminating the unknowns pinned by the coordinate gauge slices: fewer unknowns, but
the parameter lane then widens every register's lane interval; (5) cubic Hermite predictors and, in the batched
kernel, cubic to septic ones through 2-4 points: 2.0-4.1x RK4's steps, fewer paths per CPU second (their record
is in ``bench/_tracker_predictors.py``); series predictors (Taylor or Padé from the tape in power-series
arithmetic: one full evaluation a step) were slower than RK4 as well. What helps: the path-batched kernel of
:mod:`algnet.homotopy.batched` (blocks of 32 paths, paths innermost, real and imaginary parts apart: the tape
2.4-3.2x less CPU per evaluation), recording slicing blocks in row-reduced form
(:func:`algnet.homotopy.tape._reduce_output_blocks`), and two threads (:mod:`algnet.homotopy.path_groups`: the
paths of a call in groups of whole blocks pulled by Python threads, the kernel releasing the GIL; numba's threads
left the second core idle, see there). The LU of :mod:`algnet.homotopy.blocks` (paths innermost) costs per path
about what the one here does; the paths in chunks of 4-16 per elimination step were slower. Compiling this module
and :mod:`algnet.homotopy.batched` from scratch takes tens of seconds of CPU, cached on disk (the compile profile
is in :mod:`algnet.homotopy.batched`). ``_step`` keeps |xc| for the step control, |V| only at a first step.

The light evaluations (:func:`_run_light`: values and one tangent lane, H_x w + H_t, where a factorization already
exists; the third RK4 stage and the simplified Newton iterations, ``TrackerOptions.light_evaluations``): their
measurements are in ``bench/bench_tracker.py``. CPU per path of a light against a full evaluation (blocks of
32): 0.49 against 1.09 us on dense 3-2-3, 1.05 against 4.93 on linear 6-2-4, 1.36 against 1.97 on conv k=2,2,2.

The step is the one of :class:`~algnet.homotopy.tracker.PathTracker` (RK4 predictor with the velocity reused from
the last corrector evaluation and the light third stage, Newton corrector with the contraction test and rate
acceptance and the simplified iterations, the same step-size rule and the same statuses), path by path instead of
batch by batch, so both engines take the same steps up to rounding. Status codes: 0 tracking, 1 reached t = 1, 2
near the end (step collapsed within ``endgame_start``), 3 diverged, 4 failed (step too small), 5 max steps.

Reference counting: numba increfs and decrefs every array argument of a compiled call (``NRT_incref``,
``NRT_decref``: an atomic add each), and a path's attempt makes about 20 calls with 4-16 arrays each (``_step``
with its work tuple, ``_predict``, three ``_velocity``, ``_run_tape``, the LU helpers). perf (samples attributed
to the functions of ``advance``'s compiled library, 64 paths of dense 3-2-2 r=2 tracked to the end) put 36% of the
kernel's samples in those two functions, more than the LU. The helpers here and in :mod:`~algnet.homotopy.path_lu`
allocate nothing, so they are compiled with ``_nrt=False`` (``_BORROW``): no counting inside them; ``advance``,
``_scratch`` and the public evaluators allocate and keep it. numba compiles a callee with its caller's setting, so
a helper without counting may call only helpers that allocate nothing either (an allocation there is a typing
error, not a silent leak). The arithmetic is unchanged: the same machine code but for the counting calls, and
``advance`` on 64 paths of the bench systems takes 1.26-1.47x less CPU, endpoints, steps and evaluations bit for
bit. In degree runs the
path-by-path kernel takes the calls with fewer than 16 paths under way: 13-41% of the tracking kernels' CPU on
the five cases of ``bench/_ab_rates.py`` (``bench/_tracker_degree_work.py``). ``_maxabs`` takes squared moduli
and ``hypot`` only near the largest (the value of ``_maxabs_hypot`` bit for bit; 1-3% of the kernel).
"""

from __future__ import annotations

import numpy as np

from algnet.homotopy.kernel_cache import kernel_njit
from algnet.homotopy.path_lu import _lu_apply, _lu_apply2, _lu_factor, _lu_solve2  # noqa: F401  (endpoint kernels' too)
from algnet.homotopy.tracker_options import FIRST_RETRY_FLOOR, FIRST_STEP_MOTION, SECOND_UPDATE_FLOOR

_NP = dict(error_model="numpy")     # x / 0 = inf/nan, failing the path, not ZeroDivisionError (complex: _cdiv)
_BORROW = dict(_NP, _nrt=False)     # no reference counting (see the module doc): helpers that allocate nothing

__all__ = ["tape_eval_one", "tape_eval_batch", "advance", "step_factor", "OPTION_FIELDS", "STATUS_NAMES"]

STATUS_NAMES = ("tracking", "reached", "near_end", "diverged", "failed", "max_steps")
OPTION_FIELDS = ("max_step", "min_step", "step_growth", "predictor_tolerance", "corrector_tolerance",
                 "max_corrector_iterations", "contraction", "max_steps", "divergence_norm", "endgame_start",
                 "reuse_velocity", "newton_rate_acceptance", "light_evaluations", "light_newton_limit",
                 "target_contraction", "tolerance_range_low", "tolerance_range_high")


@kernel_njit(**_BORROW)
def decode(code, k):
    """Instruction k of a tape: (op, a, b, c) (see :class:`algnet.homotopy.tape.TapeBuilder`)."""
    return code[k, 0], code[k, 1], code[k, 2], code[k, 3]


@kernel_njit(**_BORROW)
def _load(reg, n, x, p):
    """Registers of the unknowns x and of the parameters p."""
    for j in range(n):
        reg[j] = x[j]
    for i in range(p.shape[0]):
        reg[n + i] = p[i]


@kernel_njit(fastmath=False, **_BORROW)
def _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, dp, F, J, Ht):
    """reg/dreg hold the constants and zero tangents; writes F, J (rows: outputs), Ht = dF/dp . dp."""
    _load(reg, n, x, p)
    for i in range(p.shape[0]):
        dreg[n + i, n] = dp[i]
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        l0 = lo[c]
        l1 = hi[c]
        if op == 2:
            ra = reg[a]
            rb = reg[b]
            reg[c] = ra * rb
            for l in range(l0, l1):
                dreg[c, l] = ra * dreg[b, l] + rb * dreg[a, l]
        elif op == 3:
            acc = 0j
            for l in range(l0, l1):
                dreg[c, l] = 0
            for t in range(a, b):
                r = didx[t]
                co = dcoef[t]
                r2 = didx2[t]
                if r2 < 0:
                    acc += co * reg[r]
                    for l in range(lo[r], hi[r]):
                        dreg[c, l] += co * dreg[r, l]
                else:
                    va = reg[r]
                    vb = reg[r2]
                    acc += co * va * vb
                    ca = co * vb
                    cb = co * va
                    for l in range(lo[r], hi[r]):
                        dreg[c, l] += ca * dreg[r, l]
                    for l in range(lo[r2], hi[r2]):
                        dreg[c, l] += cb * dreg[r2, l]
            reg[c] = acc
        elif op == 0:
            reg[c] = reg[a] + reg[b]
            for l in range(l0, l1):
                dreg[c, l] = dreg[a, l] + dreg[b, l]
        else:
            reg[c] = reg[a] - reg[b]
            for l in range(l0, l1):
                dreg[c, l] = dreg[a, l] - dreg[b, l]
    for i in range(outs.shape[0]):
        o = outs[i]
        F[i] = reg[o]
        for j in range(n):
            J[i, j] = dreg[o, j]
        Ht[i] = dreg[o, n]


@kernel_njit(**_BORROW)
def _run_light(code, didx, didx2, dcoef, reg, dl, outs, n, x, w, p, dp, F, G):
    """Values F and one directional derivative G = J w + dF/dp . dp (a single tangent lane ``dl`` per
    register, zero for the constants): the light evaluation of TrackerOptions.light_evaluations."""
    _load(reg, n, x, p)
    for j in range(n + p.shape[0]):     # the tangent: w on the unknowns, dp on the parameters
        dl[j] = w[j] if j < n else dp[j - n]
    for k in range(code.shape[0]):
        op, a, b, c = decode(code, k)
        if op == 2:
            ra = reg[a]
            rb = reg[b]
            reg[c] = ra * rb
            dl[c] = ra * dl[b] + rb * dl[a]
        elif op == 3:
            acc = 0j
            dacc = 0j
            for t in range(a, b):
                r = didx[t]
                co = dcoef[t]
                r2 = didx2[t]
                if r2 < 0:
                    acc += co * reg[r]
                    dacc += co * dl[r]
                else:
                    va = co * reg[r]
                    vb = reg[r2]
                    acc += va * vb
                    dacc += va * dl[r2] + co * vb * dl[r]
            reg[c] = acc
            dl[c] = dacc
        elif op == 0:
            reg[c] = reg[a] + reg[b]
            dl[c] = dl[a] + dl[b]
        else:
            reg[c] = reg[a] - reg[b]
            dl[c] = dl[a] - dl[b]
    for i in range(outs.shape[0]):
        F[i] = reg[outs[i]]
        G[i] = dl[outs[i]]


@kernel_njit(**_NP)
def _scratch(values, n):
    reg = values.copy()
    dreg = np.zeros((values.shape[0], n + 1), dtype=np.complex128)
    for j in range(n):
        dreg[j, j] = 1.0
    return reg, dreg


@kernel_njit(**_NP)
def tape_eval_one(code, didx, didx2, dcoef, lo, hi, values, outs, n, x, p, dp, F, J, Ht):
    """Values F (k,), Jacobian J (k, n) and dF/dp . dp Ht (k,) of a tape at one point (in place).

    Examples
    --------
    x^2 + 3 x at x = 2: value 10, derivative 7 (``Tape.evaluate`` wraps this call).

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 0)
    >>> t = b.finish([b.x[0] * b.x[0] + 3 * b.x[0]])
    >>> F, J, Ht = np.empty(1, complex), np.empty((1, 1), complex), np.empty(1, complex)
    >>> tape_eval_one(*t.args, 1, np.array([2.0 + 0j]), np.zeros(0, complex), np.zeros(0, complex), F, J, Ht)
    >>> t.restore(F, J, Ht)[0].real.tolist(), t.restore(F, J, Ht)[1].real.tolist()
    ([10.0], [[7.0]])
    """
    reg, dreg = _scratch(values, n)
    _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, p, dp, F, J, Ht)


@kernel_njit(**_NP)
def tape_eval_batch(code, didx, didx2, dcoef, lo, hi, values, outs, n, X, P, DP, F, J, Ht):
    """Rows of X (N, n) at parameters P (N, m), directions DP (N, m): F (N, n), J (N, n, n), Ht (N, n).

    Examples
    --------
    x^2 - p at x = 1, 2, 3 and p = 1 (direction dp = 1): values 0, 3, 8, derivatives 2 x, and -1.

    >>> import numpy as np
    >>> from algnet.homotopy.tape import TapeBuilder
    >>> b = TapeBuilder(1, 1)
    >>> t = b.finish([b.x[0] * b.x[0] - b.p[0]])
    >>> X = np.array([[1.0], [2.0], [3.0]], complex)
    >>> P, DP = np.ones((3, 1), complex), np.ones((3, 1), complex)
    >>> F, J, Ht = np.empty((3, 1), complex), np.empty((3, 1, 1), complex), np.empty((3, 1), complex)
    >>> tape_eval_batch(*t.args, 1, X, P, DP, F, J, Ht)
    >>> F.real.ravel().tolist(), J.real.ravel().tolist(), Ht.real.ravel().tolist()
    ([0.0, 3.0, 8.0], [2.0, 4.0, 6.0], [-1.0, -1.0, -1.0])
    """
    reg, dreg = _scratch(values, n)
    for k in range(X.shape[0]):
        _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, X[k], P[k], DP[k], F[k], J[k], Ht[k])


@kernel_njit(**_BORROW)
def _maxabs_hypot(v):
    """The largest modulus of v by ``hypot`` (``abs``), entry by entry (a NaN propagates)."""
    s = 0.0
    for i in range(v.shape[0]):
        a = abs(v[i])
        if not a <= s:       # NaN propagates
            s = a
    return s


@kernel_njit(**_BORROW)
def _maxabs(v):
    """The largest modulus of v: :func:`_maxabs_hypot`'s value bit for bit, with ``hypot`` only where the squared
    modulus is within 1e-13 of the largest (:func:`algnet.homotopy.batched._maxabs`: a modulus below that is below
    the largest's hypot after the rounding of both); non-finite entries and squares outside [1e-290, 1e290] go to
    :func:`_maxabs_hypot`."""
    m = 0.0
    for i in range(v.shape[0]):
        a = v[i].real * v[i].real + v[i].imag * v[i].imag
        if a > m:
            m = a
        elif a != a:                # nan
            return _maxabs_hypot(v)
    if not (m >= 1e-290 and m <= 1e290):
        return _maxabs_hypot(v)
    lo = m * (1.0 - 1e-13)
    s = 0.0
    for i in range(v.shape[0]):
        if v[i].real * v[i].real + v[i].imag * v[i].imag >= lo:
            s = max(s, np.hypot(v[i].real, v[i].imag))
    return s


@kernel_njit(**_BORROW)
def _finite(v):
    for i in range(v.shape[0]):
        if not (np.isfinite(v[i].real) and np.isfinite(v[i].imag)):
            return False
    return True


@kernel_njit(**_BORROW)
def _params_at(p0, p1, t, P, DP):
    for i in range(p0.shape[0]):
        P[i] = (1.0 - t) * p0[i] + t * p1[i]
        DP[i] = p1[i] - p0[i]


@kernel_njit(**_BORROW)
def _velocity(tp, reg, dreg, n, x, t, p0, p1, P, DP, F, J, Ht, piv, out):
    """out = -H_x^{-1} H_t at (x, t), J left factorized (pivots piv); NaN if singular."""
    code, didx, didx2, dcoef, lo, hi, outs = tp
    _params_at(p0, p1, t, P, DP)
    _run_tape(code, didx, didx2, dcoef, lo, hi, reg, dreg, outs, n, x, P, DP, F, J, Ht)
    for i in range(n):
        out[i] = -Ht[i]
    if not _lu_solve2(J, out, out, False, piv):
        for i in range(n):
            out[i] = np.nan
    return 1


@kernel_njit(**_BORROW)
def _light_solve(tp, reg, dl, n, x, t, p0, p1, P, DP, F, G, w, A, piv, dx, v):
    """A light evaluation at (x, t) along (w, 1) solved with the factorization (A, piv): the
    simplified Newton update dx = -A^{-1} F and the refined velocity v = w - A^{-1} (H_x w + H_t)."""
    code, didx, didx2, dcoef, lo, hi, outs = tp
    _params_at(p0, p1, t, P, DP)
    _run_light(code, didx, didx2, dcoef, reg, dl, outs, n, x, w, P, DP, F, G)
    for j in range(n):
        dx[j] = -F[j]
    _lu_apply2(A, piv, dx, G)
    for j in range(n):
        v[j] = w[j] - G[j]


@kernel_njit(**_BORROW)
def _predict(tp, reg, dreg, dl, n, x, t, hh, p0, p1, k1, w, light):
    """The RK4 prediction at t + hh into xs (tracker._rk4); returns (full, light) evaluations."""
    (P, DP, F, J, Ht, k2, k3, k4, xs, xc, dx, vn, G, J2, piv2, piv) = w
    for j in range(n):
        xs[j] = x[j] + (hh / 2) * k1[j]
    _velocity(tp, reg, dreg, n, xs, t + hh / 2, p0, p1, P, DP, F, J2, Ht, piv2, k2)
    for j in range(n):
        xs[j] = x[j] + (hh / 2) * k2[j]
    if light:
        _light_solve(tp, reg, dl, n, xs, t + hh / 2, p0, p1, P, DP, F, G, k2, J2, piv2, dx, k3)
    else:
        _velocity(tp, reg, dreg, n, xs, t + hh / 2, p0, p1, P, DP, F, J, Ht, piv, k3)
    for j in range(n):
        xs[j] = x[j] + hh * k3[j]
    _velocity(tp, reg, dreg, n, xs, t + hh, p0, p1, P, DP, F, J, Ht, piv, k4)
    for j in range(n):
        xs[j] = x[j] + (hh / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j])
    return 3, (1 if light else 0)


@kernel_njit(**_BORROW)
def step_factor(first, second, xnorm, iters, opt, retry=False):
    """Factor of the next step after a corrector with first and second updates ``first``, ``second``
    (NaN if none) at a point of max-norm ``xnorm`` in ``iters`` iterations: the step control of
    ``PathTracker._step`` (tracker._step_tolerance), shared by both compiled kernels; ``retry``: the
    step was rejected before the path's first accepted step (``FIRST_RETRY_FLOOR``).

    Examples
    --------
    A first update at the tolerance 1e-4 and no second update: 0.8 (the safety factor); a corrector
    that contracted by 1e-5 (target 0.001): the adapted tolerance 1e-4 x 0.001 / 1e-5 = 1e-2 is capped
    at 1e-3, factor 0.8 x 10^0.2:

    >>> import numpy as np
    >>> from algnet.homotopy.compiled import option_array
    >>> from algnet.homotopy.tracker_options import TrackerOptions
    >>> o = option_array(TrackerOptions())
    >>> round(step_factor(1e-4, np.nan, 0.0, 1, o), 4), round(step_factor(1e-4, 1e-9, 0.0, 2, o), 4)
    (0.8, 1.2679)
    """
    growth, ptol, target, lo, hi = opt[2], opt[3], opt[14], opt[15] * opt[3], opt[16] * opt[3]
    rel = first / (1.0 + xnorm)
    tol = ptol
    if target > 0 and first > 0 and np.isfinite(second) and np.isfinite(rel):
        # a second update at the rounding level says only that the contraction is fast
        s2 = max(second, SECOND_UPDATE_FLOOR * (1.0 + xnorm))
        tol = min(max(rel * target * first / s2, lo), hi)
    fac = 0.8 * (tol / max(rel, 1e-300)) ** 0.2      # RK4: local error O(h^5)
    if retry:
        return min(max(fac, FIRST_RETRY_FLOOR), 0.5) if np.isfinite(fac) and np.isfinite(rel) else 0.5
    if not np.isfinite(fac):
        fac = growth
    fac = min(max(fac, 0.5), growth)
    if iters > 2:
        fac = min(fac, 1.0)
    return fac


@kernel_njit(**_BORROW)
def _step(i, tp, reg, dreg, dl, n, X, T, h, status, steps, rejected, V, vok, P0, P1, opt, w, counts):
    """One predictor-corrector step of path i (see tracker.PathTracker._step); adds the full and the
    light evaluations to counts[0], counts[1]."""
    (P, DP, F, J, Ht, k2, k3, k4, xs, xc, dx, vn, G, J2, piv2, piv) = w
    max_step, min_step, ctol = opt[0], opt[1], opt[4]
    maxit, contraction, max_steps, divn, egs = int(opt[5]), opt[6], opt[7], opt[8], opt[9]
    reuse, rate_acc, light, limit = opt[10] != 0, opt[11] != 0, opt[12] != 0, opt[13] * opt[3]
    p0 = P0[i]
    p1 = P1[i]
    x = X[i]
    t = T[i]
    hh = min(h[i], 1.0 - t)
    if (not reuse) or (not vok[i]):
        counts[0] += _velocity(tp, reg, dreg, n, x, t, p0, p1, P, DP, F, J, Ht, piv, V[i])
        vok[i] = _finite(V[i])
    vmax = _maxabs(V[i]) if steps[i] == 0 and rejected[i] == 0 else 0.0     # FIRST_STEP_MOTION
    if vmax > 0 and np.isfinite(vmax):
        h[i] = min(h[i], FIRST_STEP_MOTION * (1.0 + _maxabs(x)) / vmax)
        hh = min(h[i], 1.0 - t)
    ev, lev = _predict(tp, reg, dreg, dl, n, x, t, hh, p0, p1, V[i], w, light)
    counts[0] += ev
    counts[1] += lev
    tn = t + hh
    if 1.0 - tn < 1e-15:
        tn = 1.0
    conv = False
    bad = not _finite(xs)
    heavy = True
    first = np.nan
    second = np.nan
    prev = np.nan
    iters = 0
    xn = 0.0
    for j in range(n):
        vn[j] = np.nan
        xc[j] = x[j] if bad else xs[j]
    for it in range(maxit):
        if conv or bad:
            break
        if heavy:
            _params_at(p0, p1, tn, P, DP)
            # the first iteration's factorization stays in J for the simplified iterations; later full ones
            # use J2, free after the predictor
            Jm = J if it == 0 else J2
            _run_tape(tp[0], tp[1], tp[2], tp[3], tp[4], tp[5], reg, dreg, tp[6], n, xc, P, DP, F, Jm, Ht)
            for j in range(n):
                dx[j] = -F[j]
                vn[j] = -Ht[j]
            ok = _lu_solve2(Jm, dx, vn, True, piv if it == 0 else piv2)
        else:
            # simplified Newton with the first iteration's factorization; the velocity refined along (vn, 1)
            _light_solve(tp, reg, dl, n, xc, tn, p0, p1, P, DP, F, G, vn, J, piv, dx, xs)
            for j in range(n):
                vn[j] = xs[j]
            counts[1] += 1
            ok = True
        counts[0] += 1
        fin = ok and _finite(dx)
        dn = _maxabs(dx) if fin else np.inf
        if fin:
            for j in range(n):
                xc[j] += dx[j]
        else:
            for j in range(n):
                vn[j] = np.nan
        iters += 1
        xn = _maxabs(xc)            # kept for the step control
        scale = ctol * (1.0 + xn)
        done_now = dn <= scale
        if it == 0:
            first = dn
            heavy = not (light and dn <= limit * (1.0 + xn))
        else:
            if it == 1:
                second = dn
                if light:           # a full second iteration: the third is simplified (tracker_options)
                    heavy = False
            if dn > contraction * first:
                bad = True
            if rate_acc and dn * dn <= scale * prev:
                done_now = True
        prev = dn
        if not fin:
            bad = True
        if done_now and fin:
            conv = True
    ok = conv and not bad
    if ok:
        for j in range(n):
            X[i, j] = xc[j]
        T[i] = tn
        steps[i] += 1
        if reuse:
            for j in range(n):
                V[i, j] = vn[j]
            vok[i] = _finite(vn)
    xn = xn if iters > 0 else _maxabs(xc)
    fac = step_factor(first, second, xn, iters, opt, (not ok) and steps[i] == 0)
    if ok:
        h[i] = min(hh * fac, max_step)
    else:
        rejected[i] += 1
        h[i] *= fac if steps[i] == 0 else 0.5
    # classify
    if T[i] >= 1.0:
        status[i] = 1
    elif (xn if ok else _maxabs(X[i])) > divn:      # accepted: X[i] = xc
        status[i] = 3
    elif h[i] < min_step:
        status[i] = 2 if 1.0 - T[i] <= egs else 4
    if status[i] == 0 and steps[i] + rejected[i] >= max_steps:
        status[i] = 5


@kernel_njit(**_NP)
def advance(active, code, didx, didx2, dcoef, lo, hi, values, outs, n, X, T, h, status, steps, rejected, V, vok, P0, P1, opt,
            max_rounds, min_stopped):
    """Steps of the active paths in lockstep rounds until ``min_stopped`` of them have stopped (or
    ``max_rounds``; ``min_stopped = 1``: the first stop).

    Returns (number of rounds, evaluations, light evaluations among them). Every tracking path takes
    one step per round, as in one call of ``PathTracker.step``.

    Examples
    --------
    The compiled tracker calls it path by path (``block=1``); the endpoints are those of the numpy
    engine, here the square roots of 4 + i:

    >>> import numpy as np
    >>> from algnet.homotopy.systems import PolynomialSystem, OffsetFamily
    >>> from algnet.homotopy.homotopies import ParameterHomotopy
    >>> from algnet.homotopy.tracker import track, TrackerOptions
    >>> H = ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0 + 1j])
    >>> X0 = np.array([[1.0], [-1.0]])
    >>> a = track(H, X0, TrackerOptions(engine="compiled", block=1))
    >>> b = track(H, X0, TrackerOptions(engine="numpy"))
    >>> bool(np.allclose(a.x, b.x, atol=1e-12)), bool(np.allclose(a.x ** 2, 4 + 1j))
    (True, True)
    """
    m = P0.shape[1]
    reg, dreg = _scratch(values, n)
    dl = np.zeros(values.shape[0], np.complex128)
    c = np.complex128
    w = (np.empty(m, c), np.empty(m, c), np.empty(n, c), np.empty((n, n), c), np.empty(n, c), np.empty(n, c),
         np.empty(n, c), np.empty(n, c), np.empty(n, c), np.empty(n, c), np.empty(n, c), np.empty(n, c),
         np.empty(n, c), np.empty((n, n), c), np.empty(n, np.int64), np.empty(n, np.int64))
    tp = (code, didx, didx2, dcoef, lo, hi, outs)
    counts = np.zeros(2, np.int64)
    rounds = 0
    stopped = 0
    for r in range(max_rounds):
        rounds += 1
        for q in range(active.shape[0]):
            i = active[q]
            if status[i] != 0:
                continue
            _step(i, tp, reg, dreg, dl, n, X, T, h, status, steps, rejected, V, vok, P0, P1, opt, w, counts)
            if status[i] != 0:
                stopped += 1
        if stopped >= min_stopped:
            break
    return rounds, counts[0], counts[1]
