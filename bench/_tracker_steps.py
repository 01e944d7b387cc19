"""The tracker's steps against the steps its corrector would accept: histograms and a greedy oracle.

Measures, with the numpy engine (the compiled engines take the same steps up to rounding,
``tests/test_tracker_compiled.py``), on the paths of a system:

* :func:`record_steps`: every step attempt of a ``track`` call, through wrappers of the tracker's corrector and
  step tolerance (:class:`StepRecorder`): its Newton iterations and outcome, its first update (the prediction error,
  relative) against the error the step was sized for (the adapted tolerance after the path's previous, accepted,
  step), and the corrector's contraction theta = second / first update;
* :func:`histogram`: those records binned (printed by ``main``);
* :func:`oracle_path`: the steps of a greedy oracle that knows the path: from each point the largest step on a
  geometric grid (ratio 1.2, scanned upwards from the last step / 1.2^6 to the first failure) at which the
  tracker's own predictor and corrector accept and land within ``1e-8`` (relative) of a tight tracking of the path
  (predictor tolerance 1e-9, steps <= 0.02). A bound on what a step control could save with
  this predictor and corrector, not a tracker: it needs the path it tracks;
* :func:`monodromy_paths`: the transports a monodromy degree run tracks (start points, start and target
  parameters), captured at the scheduler, so that the histograms are of the paths the degree route tracks;
* :func:`light_k4`, :func:`predictor`: the RK4 prediction with its fourth stage light (``--variants``);
* :func:`taylor_track`, :func:`compare_taylor` (``--taylor``): a Taylor / Pade (2, 1) step with one LU
  (:mod:`algnet.homotopy.taylor`) and its step from the series, against RK4 on the monodromy transports: counts,
  endpoints of every path, the kernel work modelled by :func:`kernel_work`.

Run ``python bench/_tracker_steps.py [--oracle N] [--variants] [--taylor] [CASE;CASE]`` (default linear 6-2-4, oracle on
8 paths). The measurements and what they decided are in ``bench/HISTORY.md`` (section ``bench/bench_tracker.py``,
2026-12-05 04:20 and 07:22 UTC).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

RATIO_BINS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, np.inf)
THETA_BINS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.2, np.inf)


class StepRecorder:
    """Per step attempt of the numpy tracker: (path, iterations, accepted, first update relative to 1 + |x|, the
    tolerance the step was sized for (NaN after a rejection or at a path's first step), second / first update)."""

    def __init__(self):
        self.rows = []
        self._tol = {}          # path -> the tolerance after its last step (NaN if that step was rejected)
        self._last = None

    def correct(self, orig, H, x, xp, tn, idx, opt):
        from algnet.homotopy.newton import _norm

        xc, vn, first, second, iters, ok = r = orig(H, x, xp, tn, idx, opt)
        rel = first / (1 + _norm(xc))
        with np.errstate(divide="ignore", invalid="ignore"):
            theta = second / first
        for a, i in enumerate(np.asarray(idx).tolist()):
            self.rows.append((i, int(iters[a]), bool(ok[a]), float(rel[a]), self._tol.get(i, np.nan),
                              float(theta[a])))
        self._last = (np.asarray(idx).tolist(), ok)
        return r

    def tolerance(self, orig, first, second, xnorm, opt):
        tol = orig(first, second, xnorm, opt)
        idx, ok = self._last
        for a, i in enumerate(idx):
            self._tol[i] = float(tol[a]) if ok[a] else np.nan
        return tol


@contextmanager
def recording():
    """A :class:`StepRecorder` wrapped around the numpy tracker's corrector and step tolerance for the block."""
    from algnet.homotopy import tracker as T

    rec = StepRecorder()
    oc, ot = T._correct, T._step_tolerance
    T._correct = lambda *a: rec.correct(oc, *a)
    T._step_tolerance = lambda *a: rec.tolerance(ot, *a)
    try:
        yield rec
    finally:
        T._correct, T._step_tolerance = oc, ot


def record_steps(fam, X, P0, P1, options=None):
    """(TrackResult, StepRecorder) of the numpy engine's tracking of the rows of X from P0 to P1."""
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    opt = options or TrackerOptions(engine="numpy")
    with recording() as rec:
        res = track(ParameterHomotopy(fam, P0, P1), X, opt)
    return res, rec


def histogram(rec):
    """Counts of a recorder's steps: by iterations and outcome; first update / target of the accepted and of the
    rejected steps (:data:`RATIO_BINS`); theta of the accepted steps (:data:`THETA_BINS`); median ratios."""
    R = np.array([r[1:] for r in rec.rows], dtype=float).reshape(-1, 5)
    it, ok, rel, tol, theta = R.T
    ok = ok > 0
    out = {f"{'accepted' if a else 'rejected'} {k} it": int(np.sum((ok == a) & (it == k)))
           for a in (True, False) for k in (1, 2, 3)}
    ratio = rel / tol
    m = np.isfinite(ratio)
    out["ratio accepted"] = np.histogram(ratio[m & ok], RATIO_BINS)[0].tolist()
    out["ratio rejected"] = np.histogram(ratio[m & ~ok], RATIO_BINS)[0].tolist()
    out["theta accepted"] = np.histogram(theta[ok & np.isfinite(theta)], THETA_BINS)[0].tolist()
    out["median ratio accepted"] = float(np.median(ratio[m & ok])) if (m & ok).any() else np.nan
    out["median ratio rejected"] = float(np.median(ratio[m & ~ok])) if (m & ~ok).any() else np.nan
    return out


def _reference(fam, p0, p1, x, t, h):
    """The path's point at t + h from (x, t), tracked tightly."""
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    tight = TrackerOptions(engine="numpy", predictor_tolerance=1e-9, tolerance_range=(1.0, 1.0), max_step=0.02)
    pa, pb = (1 - t) * p0 + t * p1, (1 - t - h) * p0 + (t + h) * p1
    return track(ParameterHomotopy(fam, pa[None], pb[None]), x[None], tight).x[0]


def _attempt(H, x, v, t, hh, opt):
    """The tracker's own step from (x, t) with velocity v and step hh: (accepted, point, velocity, t)."""
    from algnet.homotopy import tracker as T

    idx = np.array([0])
    xp = T._rk4(H, x[None], np.array([t]), np.array([hh]), v[None], idx, opt.light_evaluations)
    tn = 1.0 if 1.0 - (t + hh) < 1e-15 else t + hh
    xc, vn, _, _, _, ok = T._correct(H, x[None], xp, np.array([tn]), idx, opt)
    return bool(ok[0]), xc[0], vn[0], tn


def oracle_path(fam, p0, p1, x0, ratio=1.2, on_path=1e-8, max_steps=400):
    """Steps of the greedy oracle (module doc) along the path from x0 at p0 to p1: (steps, attempts, attempts that
    the corrector accepted off the path by more than ``on_path``, reached t = 1)."""
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.newton import Counted, _velocity
    from algnet.homotopy.tracker import TrackerOptions

    opt = TrackerOptions(engine="numpy")
    H = Counted(ParameterHomotopy(fam, p0[None], p1[None]))
    x, t, h = np.array(x0, dtype=np.complex128), 0.0, 1e-3
    v = _velocity(H, x[None], np.array([t]), np.array([0]))[0]
    steps = tries = off = 0
    with np.errstate(all="ignore"):
        while t < 1.0 and steps < max_steps:
            best, hk = None, max(h / ratio ** 6, 1e-7)
            while True:
                hh = min(hk, 1.0 - t)
                good, xc, vn, tn = _attempt(H, x, v, t, hh, opt)
                tries += 1
                if good:
                    xr = _reference(fam, p0, p1, x, t, hh)
                    if np.max(np.abs(xr - xc)) > on_path * (1 + np.max(np.abs(xr))):
                        good = False
                        off += 1
                if not good:
                    break
                best = (hh, xc, vn, tn)
                if hh >= 1.0 - t:
                    break
                hk *= ratio
            if best is None:
                h = hk / 4
                if h < 1e-10:
                    break
                continue
            h, x, v, t = best
            steps += 1
    return steps, tries, off, bool(t >= 1.0)


def light_k4(refinements):
    """An RK4 prediction (``tracker._rk4``'s signature) whose fourth stage is not a full evaluation but
    ``refinements`` light ones solved with the second stage's factorization (at t + h/2), from the guess 2 k3 - k1:
    two factorizations a step instead of three (the corrector's first iteration keeps its own)."""
    from algnet.homotopy.newton import batched_solve

    def rk4(H, x, t, hh, k1, idx, light):
        _, J2, Ht2 = H.evaluate(x + (hh / 2)[:, None] * k1, t + hh / 2, idx)
        k2 = -batched_solve(J2, Ht2)
        _, r = H.evaluate_light(x + (hh / 2)[:, None] * k2, t + hh / 2, k2, idx)
        k3 = k2 - batched_solve(J2, r)
        x4, k4 = x + hh[:, None] * k3, 2 * k3 - k1
        for _ in range(refinements):
            _, r = H.evaluate_light(x4, t + hh, k4, idx)
            k4 = k4 - batched_solve(J2, r)
        return x + (hh / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
    return rk4


@contextmanager
def predictor(rk4):
    """The numpy tracker's RK4 prediction replaced by ``rk4`` (e.g. :func:`light_k4`) for the block."""
    from algnet.homotopy import tracker as T

    orig, T._rk4 = T._rk4, rk4
    try:
        yield
    finally:
        T._rk4 = orig


def monodromy_paths(spec, seed=0):
    """(family, X, P0, P1): the transports of ``degree(spec, method="monodromy", seed=seed, fiber=False,
    certify=False, force=True)``, captured where the monodromy scheduler submits them (the same family object)."""
    from algnet.analyses.degree import degree
    from algnet.homotopy.monodromy import scheduler as S

    got = []
    cls = S.Scheduler
    orig = cls.submit

    def submit(self, X, P0, P1, jobs):
        got.append((self.family, np.array(X, dtype=np.complex128), np.array(P0), np.array(P1)))
        return orig(self, X, P0, P1, jobs)

    cls.submit = submit
    try:
        degree(spec, method="monodromy", seed=seed, fiber=False, certify=False, force=True)
    finally:
        cls.submit = orig
    fam = got[0][0]
    return (fam,) + tuple(np.concatenate([g[k] for g in got if g[0] is fam]) for k in (1, 2, 3))


TAYLOR_K = 4        # x_0 .. x_4: the Pade (2, 1) and its error coefficient


def taylor_track(fam, X, P0, P1, tol=1e-6, beta=0.4, growth=2.0, max_steps=400, light_tol=1e-4, lagged=False):
    """The prototype Taylor / Pade tracker (module doc of :mod:`algnet.homotopy.taylor`): per step the Taylor coefficients
    x_0 .. x_4 at the current point (one LU, four series sweeps), the Pade (2, 1) prediction, the step
    min(beta * pole distance, (tol (1 + |x|) / err)^(1/4), growth * last step, 1 - t), then the numpy tracker's
    own corrector (``tracker._correct``: the same acceptance as RK4, its second iteration simplified below
    ``LIGHT_NEWTON_LIMIT * light_tol``, its ``predictor_tolerance``, 1e-4 as RK4's); a rejected step halves.
    ``lagged``: the coefficients from the factorization of the corrector's first iteration of the last accepted step
    (H_x at its prediction, not at the corrected point: no LU of their own but at a path's first step).
    Returns (X, status array ('success' or 'failed'), steps, rejected, counts): counts of the corrector's (and the
    endpoint refinement's) full and light evaluations, of the series sweeps and of the Taylor step's own Jacobians
    and LUs (rows), totals over the paths."""
    from algnet.homotopy import tracker as T
    from algnet.homotopy.compiled_homotopy import CompiledParameterHomotopy
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.newton import Counted, _norm, _refine
    from algnet.homotopy.taylor import pade_predict, path_coefficients
    from algnet.homotopy.tracker import TrackerOptions

    opt = TrackerOptions(engine="numpy", predictor_tolerance=light_tol)
    C0 = CompiledParameterHomotopy(ParameterHomotopy(fam, P0, P1))
    H = Counted(C0)
    N = X.shape[0]
    x, t = np.array(X, dtype=np.complex128), np.zeros(N)
    cap = np.full(N, np.inf)            # after a rejection: at most half the rejected step
    last = np.full(N, np.inf)
    steps, rej = np.zeros(N, dtype=np.int64), np.zeros(N, dtype=np.int64)
    live = np.ones(N, dtype=bool)
    sweeps = own = 0
    Jl, have = None, np.zeros(N, dtype=bool)
    with np.errstate(all="ignore"):
        while live.any():
            a = np.flatnonzero(live)
            J = np.empty((a.size, x.shape[1], x.shape[1]), dtype=np.complex128)
            fresh = ~have[a] if lagged else np.ones(a.size, dtype=bool)
            if fresh.any():
                J[fresh] = C0.evaluate(x[a[fresh]], t[a[fresh]], a[fresh])[1]
                own += int(fresh.sum())
            if lagged and (~fresh).any():
                J[~fresh] = Jl[a[~fresh]]
            C = path_coefficients(C0, x[a], t[a], TAYLOR_K, idx=a, J=J)
            sweeps += TAYLOR_K * a.size
            _, pole, err = pade_predict(C, np.zeros(a.size))
            xn = 1 + _norm(x[a])
            h = np.minimum(beta * pole, (tol * xn / np.maximum(err, 1e-300)) ** 0.25)
            h = np.minimum(np.minimum(np.minimum(h, growth * last[a]), np.minimum(cap[a], opt.max_step)), 1.0 - t[a])
            xp, _, _ = pade_predict(C, h)
            tn = np.where(1.0 - (t[a] + h) < 1e-15, 1.0, t[a] + h)
            xc, _, _, _, _, ok = T._correct(H, x[a], xp, tn, a, opt)
            good, bad = a[ok], a[~ok]
            if lagged and good.size:
                if Jl is None:
                    Jl = np.empty((N,) + J.shape[1:], dtype=np.complex128)
                Jl[good] = C0.evaluate(xp[ok], tn[ok], good)[1]      # the corrector's first Jacobian, again
                have[good] = True
            x[good], t[good], last[good], cap[good] = xc[ok], tn[ok], h[ok], np.inf
            steps[good] += 1
            rej[bad] += 1
            cap[bad] = h[~ok] / 2
            live[a] = (t[a] < 1.0) & (cap[a] > opt.min_step) & (steps[a] + rej[a] < max_steps)
    done = t >= 1.0
    if done.any():
        d = np.flatnonzero(done)
        x[d] = _refine(H, x[d], np.ones(d.size), d, opt.final_newton_iterations)[0]
    status = np.where(done, "success", "failed")
    return x, status, steps, rej, dict(full=H.rows - H.light, light=H.light, sweeps=sweeps, own=own)


#: kernel costs per path (us, batched kernel, ``bench_tape.py --kernels --tracker``, 2026-12-05, load 9.1): tape
#: with Jacobian, light tape, LU with two solves
KERNEL_COSTS = {"linear 6-2-4": (0.47, 0.30, 1.10), "dense 3-2-3 r=2": (0.41, 0.16, 0.44),
                "linear 4-2-4": (0.27, 0.16, 0.54)}


def kernel_work(costs, full, light, sweeps, lus, sweep_lights=1.0, solve=0.1):
    """Modelled kernel us a path: ``full`` evaluations (tape with Jacobian + LU), ``light`` ones (light tape + a
    solve, ``solve`` x the LU's cost), ``sweeps`` series sweeps at ``sweep_lights`` light tapes each (+ a solve),
    ``lus`` factorizations beyond the full evaluations'."""
    tj, lt, lu = costs
    return full * (tj + lu) + light * (lt + solve * lu) + sweeps * (sweep_lights * lt + solve * lu) + lus * lu


def compare_taylor(spec, seed=0, settings=((1e-3, 2.0, 1e-4, False),), n_max=None):
    """RK4 (the numpy tracker) against :func:`taylor_track` on the monodromy transports of ``spec``: per path
    counts, statuses and endpoints (every path's endpoint against RK4's), the modelled kernel work."""
    fam, X, P0, P1 = monodromy_paths(spec, seed)
    if n_max:
        X, P0, P1 = X[:n_max], P0[:n_max], P1[:n_max]
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    N = X.shape[0]
    ref = track(ParameterHomotopy(fam, P0, P1), X, TrackerOptions(engine="numpy"))
    rk = dict(full=(ref.evaluations - ref.light_evaluations) / N, light=ref.light_evaluations / N,
              steps=ref.steps.mean(), rejected=ref.rejected.mean())
    okr = np.array(ref.status) == "success"
    costs = KERNEL_COSTS.get(spec)
    out = [dict(spec=spec, N=N, engine="rk4", **rk, success=int(okr.sum()),
                work=None if costs is None else kernel_work(costs, rk["full"], rk["light"], 0, 0))]
    for tol, beta, light_tol, lagged in settings:
        xt, st, s, r, c = taylor_track(fam, X, P0, P1, tol=tol, beta=beta, light_tol=light_tol, lagged=lagged)
        both = okr & (st == "success")
        scale = 1 + np.max(np.abs(ref.x[both]), axis=1)
        diff = np.max(np.abs(xt[both] - ref.x[both]), axis=1) / scale
        name = f"taylor tol={tol:g} beta={beta:g} light {light_tol:g}{' lagged' if lagged else ''}"
        row = dict(spec=spec, N=N, engine=name, full=c["full"] / N,
                   light=c["light"] / N, sweeps=c["sweeps"] / N, own=c["own"] / N, steps=s.mean(), rejected=r.mean(),
                   success=int((st == "success").sum()), jumps=int(np.sum(diff > 1e-6)),
                   max_diff=f"{diff.max(initial=0.0):.1e}",
                   lost=np.flatnonzero(okr & (st != "success")).tolist())
        if costs is not None:       # the Taylor step's own Jacobians and LUs as full evaluations
            row["work"] = kernel_work(costs, row["full"] + row["own"], row["light"], row["sweeps"], 0)
            row["work_sweep2"] = kernel_work(costs, row["full"] + row["own"], row["light"], row["sweeps"], 0, 2.2)
        out.append(row)
    return out


def main(argv):
    n_oracle = 8
    variants = "--variants" in argv
    if "--taylor" in argv:
        for spec in ([a for a in argv if not a.startswith("--")] or ["linear 6-2-4"])[0].split(";"):
            for row in compare_taylor(spec.strip(), settings=((3e-4, 2.0, 1e-4, False), (1e-3, 2.0, 1e-4, False),
                                                             (1e-3, 2.0, 1e-4, True), (1e-2, 1.0, 1e-4, True))):
                print("   ", row)
        return
    argv = [a for a in argv if a != "--variants"]
    if "--oracle" in argv:
        n_oracle = int(argv[argv.index("--oracle") + 1])
        argv = [a for a in argv if a not in ("--oracle", str(n_oracle))]
    specs = (argv[0] if argv else "linear 6-2-4").split(";")
    for spec in specs:
        fam, X, P0, P1 = monodromy_paths(spec.strip())
        res, rec = record_steps(fam, X, P0, P1)
        N = X.shape[0]
        print(f"{spec}: {N} monodromy paths, {res.summary()}, steps {res.steps.mean():.2f} + rejected "
              f"{res.rejected.mean():.2f} a path")
        for k, v in histogram(rec).items():
            print(f"   {k}: {v}")
        if variants:
            for k in (1, 2):
                with predictor(light_k4(k)):
                    r2, rec2 = record_steps(fam, X, P0, P1)
                same = r2.status == res.status
                ok = np.array(res.status) == "success"
                d = float(np.max(np.abs(r2.x[ok] - res.x[ok]), initial=0.0))
                print(f"   fourth stage light x{k}: full {(r2.evaluations - r2.light_evaluations) / N:.1f} light "
                      f"{r2.light_evaluations / N:.1f} (RK4: {(res.evaluations - res.light_evaluations) / N:.1f}, "
                      f"{res.light_evaluations / N:.1f}), steps {r2.steps.mean():.2f} + {r2.rejected.mean():.2f}; "
                      f"statuses {'the same' if same else 'DIFFER'}, endpoints within {d:.1e}")
        if n_oracle:
            rng = np.random.default_rng(0)
            pick = rng.choice(np.flatnonzero(np.array(res.status) == "success"), size=min(n_oracle, N), replace=False)
            o = [oracle_path(fam, P0[i], P1[i], X[i]) for i in pick]
            print(f"   oracle on {len(pick)} paths: steps {np.mean([a[0] for a in o]):.2f} a path against the "
                  f"tracker's {res.steps[pick].mean():.2f} + {res.rejected[pick].mean():.2f} rejected; attempts "
                  f"accepted off the path {sum(a[2] for a in o)}; reached t = 1: {sum(a[3] for a in o)}")


if __name__ == "__main__":
    main(sys.argv[1:])
