"""Cost of one evaluation of the witness systems' tapes (values, Jacobian, parameter derivative).

For each system of ``bench/bench_tracker.py`` (the eight of issue 16) and conv k=2,2,2,2 r=2 the
witness family of the monodromy degree route is built (``witness_setup``, seed 0) and recorded
(:func:`algnet.homotopy.compiled_homotopy.family_tape`). Printed per system: unknowns n, instructions,
derivative lanes written per evaluation (:meth:`Tape.lane_work`), CPU seconds of recording, and
microseconds of process CPU per evaluation, path by path (``tape_eval_batch`` over 64 random
points, repeated) and in blocks of 32 paths (the kernel the tracker uses). ``--check`` compares the
tape's values and Jacobians with the numpy evaluation of the same family at random points.

``--degree``: the degree by monodromy of each system (seeds 0-2, no certification), recorded by forward
passes and by the route the cost model chooses, interleaved; median CPU seconds.

``--track``: paths per CPU second of the compiled tracker on 256 paths from random starts, both routes.

``--endpoints OUT.npz``: the compiled tracker (one thread, blocks of 32) on the 256 paths of
``bench/bench_tracker.py`` per system, best of three: CPU seconds, evaluations, endpoints and statuses saved
to OUT.npz; ``--compare A.npz B.npz`` prints the paths per CPU second of both, their ratio, and how far the
endpoints of two such runs (e.g. two source trees, run alternately with ``PYTHONPATH``) are apart.

``--kernels [--ref OLD_BLOCKS.py [--lu-ref OLD_BLOCK_LU.py]] [--tracker] [--block B]``: CPU per path of the
block kernels of :mod:`algnet.homotopy.blocks` (blocks of 32, or B) on the tapes of the systems with n = 6, 10,
12, 16, 20 (``--tracker``: the tracker's own tapes, n = 8, 10, 12, 16): the evaluation with the Jacobian, the
light evaluation, and the LU (factorization and two solves); with ``--ref`` the same kernels of another
version of blocks.py (and its LU from ``--lu-ref``), interleaved (A, B, A, B, ...; the median of five).

Measurements and what they decided, by date: ``bench/HISTORY.md``, section ``bench/bench_tape.py``.

Usage: ``python bench/bench_tape.py [--quick] [--check] [--degree] [--track] [--endpoints OUT.npz]
[--compare A.npz B.npz] [--kernels [--ref FILE [--lu-ref FILE]] [--tracker] [--block B]] [spec ...]``
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

CASES = ["linear 3-1-3", "conv k=2,3 s=1,1 r=2", "conv k=3,3 s=1,1 r=2", "linear 4-2-4", "dense 3-2-2 r=2",
         "conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-3 r=2", "linear 6-2-4", "conv k=2,2,2,2 s=1,1,1,1 r=2"]


def family(spec, seed=0):
    from algnet import parse_spec
    from algnet.analyses.degree_pilot import witness_setup
    from algnet.analyses.network_input import network_dimension

    net = parse_spec(spec)
    dim = network_dimension(net, seed)
    return witness_setup(net, dim, seed=seed, coordinate_slice=True).family


def per_eval_path_by_path(tape, X, P, DP, min_cpu=0.3):
    from algnet.homotopy.kernels import tape_eval_batch

    N, n = X.shape
    k = len(tape.outputs)
    F, J, Ht = np.empty((N, k), complex), np.empty((N, k, n), complex), np.empty((N, k), complex)
    tape_eval_batch(*tape.args, n, X[:2], P[:2], DP[:2], F[:2], J[:2], Ht[:2])   # compile / load
    reps, c0 = 0, time.process_time()
    while True:
        tape_eval_batch(*tape.args, n, X, P, DP, F, J, Ht)
        reps += 1
        c = time.process_time() - c0
        if c > min_cpu:
            return 1e6 * c / (reps * N)


def per_eval_blocks(tape, X, P, DP, min_cpu=0.3, B=32):
    from algnet.homotopy import blocks
    from algnet.homotopy.batched import _scratch
    from algnet.homotopy.blocks import _evaluate

    N, n = X.shape
    m = P.shape[1]
    values, outs = tape.args[6], tape.args[7]
    tp = _block_tp(blocks, tape)
    S = _scratch(values, n, B, 1)
    S = (S[0][0], S[1][0], S[2][0], S[3][0])
    x = np.empty((2, n, B))
    x[0], x[1] = X[:B].real.T, X[:B].imag.T
    PP = np.empty((4, m, B))
    PP[0], PP[1], PP[2], PP[3] = P[:B].real.T, P[:B].imag.T, (P[:B] + DP[:B]).real.T, (P[:B] + DP[:B]).imag.T
    tq = np.zeros(B)
    k = len(outs)
    F, Jb, Ht = np.empty((2, k, B)), np.empty((2, k, n, B)), np.empty((2, k, B))
    _evaluate(tp, S, x, tq, PP, F, Jb, Ht)
    reps, c0 = 0, time.process_time()
    while True:
        _evaluate(tp, S, x, tq, PP, F, Jb, Ht)
        reps += 1
        c = time.process_time() - c0
        if c > min_cpu:
            return 1e6 * c / (reps * B)


def check(fam, tape, X, P, DP):
    """Largest relative difference of (F, J, Ht) between the tape and the family's numpy evaluation."""
    F, J = fam.evaluate(X, P)
    Ht = -DP
    worst = 0.0
    for i in range(X.shape[0]):
        f, j, h = tape.evaluate(X[i], P[i], DP[i])
        s = 1 + np.abs(F[i]).max() + np.abs(J[i]).max()
        worst = max(worst, np.abs(f - F[i]).max() / s, np.abs(j - J[i]).max() / s, np.abs(h - Ht[i]).max() / s)
    return worst


def run_case(spec, do_check=False):
    from algnet.homotopy.tape import record

    fam = family(spec)
    c0 = time.process_time()
    tape = record(fam)
    rec = time.process_time() - c0
    rng = np.random.default_rng(1)
    n, m = fam.n_vars, fam.n_params
    X = (rng.normal(size=(64, n)) + 1j * rng.normal(size=(64, n))) / np.sqrt(2)
    P = fam.start_parameters(X) + 0.1 * (rng.normal(size=(64, m)) + 1j * rng.normal(size=(64, m)))
    DP = rng.normal(size=(64, m)) + 1j * rng.normal(size=(64, m))
    row = dict(spec=spec, n=n, instructions=tape.size, lanes=tape.lane_work(), record_cpu=rec,
               us_path=per_eval_path_by_path(tape, X, P, DP), us_block=per_eval_blocks(tape, X, P, DP),
               route=getattr(fam.values, "recorded_route", None) or "-")
    if do_check:
        row["check"] = check(fam, tape, X[:8], P[:8], DP[:8])
    return row


def degree_runs(specs, seeds=(0, 1, 2)):
    """Degree by monodromy (no certification, no fiber) with each recording route, interleaved: CPU seconds,
    degree, paths; the median over the seeds."""
    from algnet.analyses.degree import degree
    from algnet.analyses.witness import NetworkValues

    degree("linear 2-1-2", method="monodromy", seed=0, certify=False)      # numba loaded
    for spec in specs:
        got = {}
        for seed in seeds:
            for route in ("forward", "auto"):
                NetworkValues.trace_route = route
                c0 = time.process_time()
                r = degree(spec, method="monodromy", seed=seed, certify=False)
                got.setdefault(route, []).append((time.process_time() - c0, r.degree, r.paths))
        NetworkValues.trace_route = "auto"
        med = {k: sorted(v)[len(v) // 2] for k, v in got.items()}
        print(f"{spec:34s} forward {med['forward'][0]:7.3f} s  auto {med['auto'][0]:7.3f} s  "
              f"ratio {med['forward'][0] / med['auto'][0]:5.2f}  degrees {[d for _, d, _ in got['forward']]} "
              f"{[d for _, d, _ in got['auto']]}  paths {[p for *_, p in got['forward']]} "
              f"{[p for *_, p in got['auto']]}", flush=True)


def tracking_runs(specs, N=256):
    """Paths per CPU second of the compiled tracker (one thread, blocks of 32) on N paths from random starts
    to one random target (as bench/bench_tracker.py), the tape recorded by forward passes and by the chosen
    route, interleaved, best of two; and whether the endpoints agree."""
    from algnet.homotopy.compiled_homotopy import family_tape
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    opt = TrackerOptions(engine="compiled", threads=1)
    for spec in specs:
        fam = family(spec)
        rng = np.random.default_rng(1)
        n, m = fam.n_vars, fam.n_params
        X = (rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))) / np.sqrt(2)
        P0 = fam.start_parameters(X)
        p1 = P0[0] + (rng.normal(size=m) + 1j * rng.normal(size=m)) * np.sqrt(np.mean(np.abs(P0[0]) ** 2))
        P1 = np.ascontiguousarray(np.broadcast_to(p1, P0.shape))
        best, ends = {}, {}
        for _ in range(2):
            for route in ("forward", "auto"):
                fam.values.trace_route = route
                f = type(fam)(fam.values, fam.R, fam.A)        # a fresh family: its own recorded tape
                family_tape(f)
                H = ParameterHomotopy(f, P0, P1)
                track(ParameterHomotopy(f, P0[:8], P1[:8]), X[:8], opt)       # kernels loaded
                c0 = time.process_time()
                res = track(H, X, opt)
                c = time.process_time() - c0
                best[route] = min(best.get(route, np.inf), c)
                ends[route] = res
        a, b = ends["forward"], ends["auto"]
        same = (np.array(a.status) == np.array(b.status)).mean()
        ok = np.array(a.status) == "success"
        dx = np.max(np.abs(a.x[ok] - b.x[ok])) if ok.any() else 0.0
        print(f"{spec:34s} paths/CPU-s forward {N / best['forward']:8.0f}  auto {N / best['auto']:8.0f}  "
              f"ratio {best['forward'] / best['auto']:5.2f}  same status {same:.3f}  max endpoint diff {dx:.1e}",
              flush=True)


def endpoint_runs(specs, out, N=256, repeats=3):
    """Track the N paths of bench/bench_tracker.py per system (compiled engine, one thread), best CPU of
    ``repeats``; save CPU seconds, evaluations, endpoints and statuses to ``out``."""
    import os

    from bench_tracker import paths_and_target, slicing_family

    from algnet.homotopy.compiled_homotopy import family_tape
    from algnet.homotopy.homotopies import ParameterHomotopy
    from algnet.homotopy.tracker import TrackerOptions, track

    opt = TrackerOptions(engine="compiled", threads=1)
    saved = {"load": os.getloadavg()[0]}
    for s, spec in enumerate(specs):
        fam, _ = slicing_family(spec)
        family_tape(fam)
        X, P0, P1 = paths_and_target(fam, N)
        H = ParameterHomotopy(fam, P0, P1)
        track(ParameterHomotopy(fam, P0[:16], P1[:16]), X[:16], opt)      # kernels loaded
        best = np.inf
        for _ in range(repeats):
            c0 = time.process_time()
            res = track(H, X, opt)
            best = min(best, time.process_time() - c0)
        saved.update({f"{s}_cpu": best, f"{s}_ev": res.evaluations, f"{s}_x": res.x,
                      f"{s}_status": np.array(res.status, dtype=str), f"{s}_spec": spec})
        print(f"{spec:34s} {N / best:8.0f} paths/CPU-s  {1e6 * best / res.evaluations:6.2f} us/eval", flush=True)
    np.savez(out, **saved)


def compare_endpoints(a, b):
    """Paths per CPU second of two ``--endpoints`` files, their ratio and the largest endpoint distance."""
    A, Bz = np.load(a), np.load(b)
    print(f"load {float(A['load']):.1f} / {float(Bz['load']):.1f}")
    s = 0
    while f"{s}_cpu" in A.files:
        sa, sb = A[f"{s}_status"], Bz[f"{s}_status"]
        ok = (sa == "success") & (sb == "success")
        dx = float(np.max(np.abs(A[f"{s}_x"][ok] - Bz[f"{s}_x"][ok]), initial=0.0))
        N = len(sa)
        ca, cb = float(A[f"{s}_cpu"]), float(Bz[f"{s}_cpu"])
        print(f"{str(A[f'{s}_spec']):34s} {N / ca:8.0f} {N / cb:8.0f} paths/CPU-s  ratio {ca / cb:5.2f}  "
              f"evals {int(A[f'{s}_ev'])} {int(Bz[f'{s}_ev'])}  same status {(sa == sb).mean():.3f}  "
              f"max endpoint diff {dx:.1e}", flush=True)
        s += 1


TRACKER_CASES = ["dense 3-2-2 r=2", "dense 3-2-3 r=2", "linear 4-2-4", "linear 6-2-4"]
KERNEL_CASES = ["conv k=2,2,2 s=1,1,1 r=2", "dense 3-2-2 r=2", "dense 3-2-3 r=2", "linear 4-2-4", "linear 6-2-4"]


def _block_tp(mod, tape):
    """The tape as ``mod`` (a version of blocks.py) takes it: its ``_block_tape`` (with the output map), or the
    eight arrays of the versions before it."""
    code, didx, didx2, coef, lo, hi, values, outs = tape.args
    cre, cim = np.ascontiguousarray(coef.real), np.ascontiguousarray(coef.imag)
    if hasattr(mod, "_block_tape"):
        return mod._block_tape(code, didx, didx2, cre, cim, lo, hi, outs, len(values))
    return (code, didx, didx2, cre, cim, lo, hi, outs)


def _load_blocks(path, name="blocks_ref"):
    """Another version of blocks.py (or block_lu.py) as a module (copied under a name of its own: its own numba
    cache files)."""
    import importlib.util
    import shutil
    import tempfile

    d = tempfile.mkdtemp()
    shutil.copy(path, Path(d) / f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, Path(d) / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def kernel_runs(specs, ref=None, B=32, rounds=5, min_cpu=0.15, lu_ref=None, tracker=False):
    """CPU microseconds per path of the block kernels: evaluation with the Jacobian, light evaluation, LU
    (factorization and two solves, the matrix copied in first; the copy's cost subtracted), for this
    blocks.py and (``ref``) another version, interleaved; the median of ``rounds``. ``lu_ref``: the ref's LU
    from that block_lu.py (else this tree's); ``tracker``: the tracker's own tapes and start points
    (``slicing_family`` and ``paths_and_target`` of ``bench/bench_tracker.py``) instead of the witness
    families'."""
    from numba import njit

    from algnet.homotopy import blocks
    from algnet.homotopy.batched import _scratch
    from algnet.homotopy.tape import record

    @njit
    def lu_loop(lu_solve, J0, J, b1, b2, c1, c2, live, ok, f, piv, reps):
        for _ in range(reps):
            J[...] = J0
            b1[...] = c1
            b2[...] = c2
            lu_solve(J, b1, b2, True, live, ok, f, piv)

    @njit
    def copy_loop(J0, J, b1, b2, c1, c2, reps):
        for _ in range(reps):
            J[...] = J0
            b1[...] = c1
            b2[...] = c2

    @njit
    def eval_loop(evaluate, tp, S, x, tq, PP, F, Jb, Ht, reps):
        for _ in range(reps):
            evaluate(tp, S, x, tq, PP, F, Jb, Ht)

    @njit
    def light_loop(evaluate_light, tp, S, x, w, tq, PP, F, G, reps):
        for _ in range(reps):
            evaluate_light(tp, S, x, w, tq, PP, F, G)

    mods = {"new": blocks} if ref is None else {"new": blocks, "ref": _load_blocks(ref)}
    lus = {name: mod._lu_solve for name, mod in mods.items()}
    if lu_ref is not None and ref is not None:
        lus["ref"] = _load_blocks(lu_ref, "block_lu_ref")._lu_solve

    def per_path(fn, *args):
        reps = 1
        while True:
            c0 = time.process_time()
            fn(*args, reps)
            c = time.process_time() - c0
            if c > min_cpu:
                return 1e6 * c / (reps * B)
            reps *= 2

    for spec in specs:
        rng = np.random.default_rng(1)
        if tracker:
            from bench_tracker import paths_and_target, slicing_family

            fam = slicing_family(spec)[0]
            X, P, P1 = paths_and_target(fam, B)
            DP = P1 - P
        else:
            fam = family(spec)
            X = (rng.normal(size=(B, fam.n_vars)) + 1j * rng.normal(size=(B, fam.n_vars))) / np.sqrt(2)
            P = fam.start_parameters(X)
            DP = rng.normal(size=(B, fam.n_params)) + 1j * rng.normal(size=(B, fam.n_params))
        tape = record(fam)
        n, m = fam.n_vars, fam.n_params
        code, didx, didx2, coef, lo, hi, values, outs = tape.args
        tps = {name: _block_tp(mod, tape) for name, mod in mods.items()}
        tp = tps["new"]
        S = _scratch(values, n, B, 1)
        S = (S[0][0], S[1][0], S[2][0], S[3][0], S[4][0], S[5][0])
        x = np.ascontiguousarray(np.stack([X.real.T, X.imag.T]))
        w = np.ascontiguousarray(np.stack([DP.real.T[:n], DP.imag.T[:n]])) if m >= n else x.copy()
        PP = np.ascontiguousarray(np.stack([P.real.T, P.imag.T, (P + DP).real.T, (P + DP).imag.T]))
        tq = np.full(B, 0.3)
        k = len(outs)
        F, Jb, Ht, G = np.empty((2, k, B)), np.empty((2, k, n, B)), np.empty((2, k, B)), np.empty((2, k, B))
        blocks._evaluate(tp, S, x, tq, PP, F, Jb, Ht)
        J0 = Jb.copy()
        c1, c2 = F.copy(), Ht.copy()
        live = np.ones(B, np.bool_)
        work = (Jb.copy(), F.copy(), Ht.copy(), np.zeros(B, np.bool_), np.empty((4, B)), np.zeros((n, B), np.int64))
        got = {name: {"eval": [], "light": [], "lu": []} for name in mods}
        for r in range(rounds + 1):                     # the first round loads / compiles
            for name, mod in mods.items():
                J, b1, b2, ok, f, piv = work
                e = per_path(eval_loop, mod._evaluate, tps[name], S, x, tq, PP, F, J, Ht)
                li = per_path(light_loop, mod._evaluate_light, tps[name], S, x, w, tq, PP, F, G)
                lu = (per_path(lu_loop, lus[name], J0, J, b1, b2, c1, c2, live, ok, f, piv)
                      - per_path(copy_loop, J0, J, b1, b2, c1, c2))
                if r:
                    got[name]["eval"].append(e)
                    got[name]["light"].append(li)
                    got[name]["lu"].append(lu)
        med = {name: {key: float(np.median(v)) for key, v in d.items()} for name, d in got.items()}
        row = "  ".join(f"{name}: eval {d['eval']:5.2f} light {d['light']:5.2f} LU {d['lu']:5.2f}"
                        for name, d in med.items())
        if ref is not None:
            row += "  ratio ref/new: " + " ".join(f"{key} {med['ref'][key] / med['new'][key]:4.2f}"
                                                   for key in ("eval", "light", "lu"))
        print(f"{spec:26s} n={n:2d} us/path  {row}", flush=True)


def main(argv):
    do_check = "--check" in argv
    if "--kernels" in argv:
        import os
        ref = argv[argv.index("--ref") + 1] if "--ref" in argv else None
        lu_ref = argv[argv.index("--lu-ref") + 1] if "--lu-ref" in argv else None
        B = int(argv[argv.index("--block") + 1]) if "--block" in argv else 32
        tracker = "--tracker" in argv
        print(f"load {os.getloadavg()[0]:.1f}")
        kernel_runs([a for a in argv if not a.startswith("--") and a not in (ref, lu_ref, str(B))]
                    or (TRACKER_CASES if tracker else KERNEL_CASES), ref, B=B, lu_ref=lu_ref, tracker=tracker)
        return
    if "--endpoints" in argv:
        out = argv[argv.index("--endpoints") + 1]
        endpoint_runs([a for a in argv if not a.startswith("--") and a != out] or CASES[:8], out)
        return
    if "--compare" in argv:
        i = argv.index("--compare")
        compare_endpoints(argv[i + 1], argv[i + 2])
        return
    if "--track" in argv:
        import os
        print(f"load {os.getloadavg()[0]:.1f}")
        tracking_runs([a for a in argv if not a.startswith("--")] or CASES)
        return
    if "--degree" in argv:
        import os
        print(f"load {os.getloadavg()[0]:.1f}")
        degree_runs([a for a in argv if not a.startswith("--")] or CASES[:8])
        return
    specs = [a for a in argv if not a.startswith("--")] or (CASES[5:7] if "--quick" in argv else CASES)
    import os
    print(f"load {os.getloadavg()[0]:.1f}")
    print(f"{'system':34s} {'n':>3s} {'instr':>7s} {'lanes':>8s} {'rec s':>6s} {'us/ev':>8s} {'us/ev B=32':>10s}"
          f"  {'route':12s}" + ("  check" if do_check else ""))
    for spec in specs:
        r = run_case(spec, do_check)
        print(f"{spec:34s} {r['n']:3d} {r['instructions']:7d} {r['lanes']:8d} {r['record_cpu']:6.2f} "
              f"{r['us_path']:8.2f} {r['us_block']:10.2f}  {r['route']:12s}" + (f"  {r['check']:.1e}" if do_check else ""), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
