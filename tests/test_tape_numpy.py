"""The numpy route of a tape (algnet.homotopy.tape_numpy) for a process that has not imported numba. Truths: the
compiled kernels (another implementation of the same instructions), Eckart-Young / the Chern-class formula for the
counts (computed without any homotopy), and numba's absence from a fresh process checked in that process."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.analyses.critical.disc_tape import exact_tape
from algnet.analyses.critical.system import example_family
from algnet.analyses.critical.warm import MetricGradient, warm_start
from algnet.analyses.critical.warm_paths import _call_target, _options
from algnet.analyses.critical.loss import network_and_loss
from algnet.homotopy.compiled_homotopy import family_tape
from algnet.homotopy.kernels import tape_eval_batch
from algnet.homotopy.monodromy import track_parameters
from algnet.homotopy.tape_numpy import MAX_PATHS, eval_rows, track_numpy


def _tapes(spec):
    fam = example_family(spec, "generic")
    return [family_tape(MetricGradient(fam), map_parameters=True), exact_tape(fam).tape, fam._image_tape()]


@pytest.mark.parametrize("staged", [False, True])
@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_eval_rows_agrees_with_the_compiled_kernel(spec, staged):
    rng = np.random.default_rng(5)
    for t in _tapes(spec):
        N, n, m, k = (5 if not staged else 16), t.n_vars, t.param_registers, len(t.outputs)
        X = rng.normal(size=(N, n)) + 1j * rng.normal(size=(N, n))
        P = rng.normal(size=(N, m)) + 1j * rng.normal(size=(N, m))
        DP = rng.normal(size=(N, m)) + 1j * rng.normal(size=(N, m))
        F, J, Ht = np.empty((N, k), complex), np.empty((N, k, n), complex), np.empty((N, k), complex)
        tape_eval_batch(*t.args, n, X, P, DP, F, J, Ht)
        for a, b in zip((F, J, Ht), eval_rows(t, X, P, DP, staged=staged)):
            assert b.shape == a.shape
            assert np.max(np.abs(a - b)) <= 1e-12 * (1 + np.max(np.abs(a)))


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3", "conv k=2,2 r=2"])
def test_levels_hold_every_instruction_once_after_what_it_reads(spec):
    # the definition of the levels: each instruction once, in one level, and every register it reads written at
    # an earlier level or not written by the tape at all (an unknown, a parameter or a constant); a DOT's
    # coefficients summed per register
    from algnet.homotopy.tape_numpy import _levels

    for t in _tapes(spec):
        code, idx, idx2, coef = t.code.tolist(), t.dot_idx.tolist(), t.dot_idx2.tolist(), t.dot_coef.tolist()
        written_at, seen = {}, []
        for k, groups in enumerate(_levels(t)):
            for op, c, a, b, _ in groups:
                seen += [(op, int(x)) for x in c]
                written_at.update((int(x), k) for x in c)
        assert sorted(seen) == sorted((ins[0], ins[3]) for ins in code)
        for k, groups in enumerate(_levels(t)):
            for op, c, a, b, _ in groups:
                for i, reg in enumerate(c.tolist()):
                    ins = next(x for x in code if x[3] == reg)
                    reads = ([idx[j] for j in range(ins[1], ins[2])] + [idx2[j] for j in range(ins[1], ins[2])
                                                                         if idx2[j] >= 0]
                             if op == 3 else [ins[1], ins[2]])
                    assert all(written_at.get(r, -1) < k for r in reads)
                    if op == 3:
                        used, C = a[0], a[1]
                        want = {}
                        for j in range(ins[1], ins[2]):
                            if idx2[j] < 0:
                                want[idx[j]] = want.get(idx[j], 0) + coef[j]
                        got = {int(u): C[i, j] for j, u in enumerate(used.tolist()) if C[i, j] != 0}
                        assert got == {r: v for r, v in want.items() if v != 0}
                    else:
                        assert (a[i], b[i]) == (ins[1], ins[2])


def test_staged_evaluation_against_the_hand_derivatives():
    """f = x0 x1 p + (x0 - 2 x1)^2 - 3: F, J = (x1 p + 2 (x0 - 2 x1), x0 p - 4 (x0 - 2 x1)) and Ht = x0 x1 dp by hand,
    at 16 rows (the stages' term-by-term route and the matrix route both: two products of depth 1, one of depth 2)."""
    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(2, 1)
    x0, x1, p = b.x[0], b.x[1], b.p[0]
    t = b.finish([x0 * x1 * p + (x0 - 2 * x1) * (x0 - 2 * x1) - 3])
    rng = np.random.default_rng(2)
    X, P, DP = (rng.normal(size=(16, s)) + 1j * rng.normal(size=(16, s)) for s in (2, 1, 1))
    u, v, q, dq = X[:, 0], X[:, 1], P[:, 0], DP[:, 0]
    F = u * v * q + (u - 2 * v) ** 2 - 3
    J = np.stack([v * q + 2 * (u - 2 * v), u * q - 4 * (u - 2 * v)], axis=1)
    for a, c in zip((F[:, None], J[:, None, :], (u * v * dq)[:, None]), eval_rows(t, X, P, DP, staged=True)):
        assert c.shape == a.shape and np.max(np.abs(a - c)) <= 1e-13 * (1 + np.max(np.abs(a)))


def test_staged_evaluation_with_a_factor_whose_terms_cancel():
    """A DOT x1 - x1 (terms that cancel: a zero form) times x0, then plus x0 x1, written as instructions by hand
    (the builder would simplify it away): the zero factor forms no product (truth: the compiled kernel)."""
    import copy

    from algnet.homotopy.tape import TapeBuilder

    b = TapeBuilder(2, 0)
    t = copy.copy(b.finish([b.x[0] * b.x[1]]))
    # registers 0, 1 (x0, x1); 2 = DOT(x1, -x1); 3 = r2 * x0; 4 = x0 * x1; 5 = DOT(r3, r4)
    t.code = np.array([[3, 0, 2, 2], [2, 2, 0, 3], [2, 0, 1, 4], [3, 2, 4, 5]], dtype=np.int64)
    t.dot_idx, t.dot_idx2 = np.array([1, 1, 3, 4]), np.array([-1, -1, -1, -1])
    t.dot_coef = np.array([1.0, -1.0, 1.0, 1.0], dtype=complex)
    t.values, t.lo, t.hi = np.zeros(6, dtype=complex), np.array([0, 1, 1, 0, 0, 0]), np.array([1, 2, 2, 2, 2, 2])
    t.outputs = np.array([5])
    # 2 rows (the stages' operand forms by matrix) and 5,000 (term by term: above DENSE_WORK and REAL_WORK)
    rng = np.random.default_rng(4)
    for N in (2, 5000):
        X = rng.normal(size=(N, 2)) + 1j * rng.normal(size=(N, 2))
        Z = np.zeros((N, 0), complex)
        F, J, Ht = np.empty((N, 1), complex), np.empty((N, 1, 2), complex), np.empty((N, 1), complex)
        tape_eval_batch(*t.args, 2, X, Z, Z, F, J, Ht)
        assert np.allclose(F[:, 0], X[:, 0] * X[:, 1])
        for a, c in zip((F, J, Ht), eval_rows(t, X, Z, Z, staged=True)):
            assert np.max(np.abs(a - c)) <= 1e-14 * (1 + np.max(np.abs(a)))


def test_eval_rows_changes_with_its_input():
    t = _tapes("linear 2-1-2")[0]
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, t.n_vars)) + 0j
    P = rng.normal(size=(2, t.param_registers)) + 0j
    F1 = eval_rows(t, X, P, np.zeros_like(P))[0]
    F2 = eval_rows(t, X + 0.1, P, np.zeros_like(P))[0]
    assert np.max(np.abs(F1 - F2)) > 1e-3


@pytest.mark.parametrize("spec", ["linear 2-1-2", "dense 2-1-1 r=3"])
def test_numpy_tracking_of_a_warm_call_matches_the_compiled_one(spec):
    net, L, rng = network_and_loss(spec, "generic", seed=3)
    w = warm_start(net, "generic", 3 if spec == "linear 2-1-2" else 2)
    P1 = w.family.parameters(L.Q, _call_target(w, L, rng))
    a = track_parameters(w.family, w.X, w.P, P1, _options(w.count))
    b = track_numpy(w.family, w.X, w.P, P1, _options(w.count))
    assert a.status == b.status and all(s == "success" for s in b.status)
    assert np.max(np.abs(a.x - b.x)) <= 1e-9 * (1 + np.max(np.abs(a.x)))
    assert track_numpy(w.family, np.repeat(w.X, MAX_PATHS, axis=0), w.P, P1, _options(w.count)) is None


_FIRST = """
import json, sys
if sys.argv[2] == "numba":
    import numba
from algnet.analyses.critical import ed_degree, warm
seen = []
call = warm._warm_call
warm._warm_call = lambda *a, **k: seen.append(call(*a, **k)) or seen[-1]     # the warm call's images, kept
r = ed_degree(sys.argv[1], metric="generic", seed=int(sys.argv[3]))
c = r.critical
print(json.dumps({"ed": r.ed_degree, "cert": c.certified_distinct, "loaded": "loaded from the cache" in c.completeness,
                  "route": c.route, "numba": "numba" in sys.modules, "ma": "numpy.ma" in sys.modules,
                  "tempfile": "tempfile" in sys.modules,
                  "y": sorted([[v for z in y for v in (z.real, z.imag)] for y in (seen[-1][0].images if seen else [])],
                              key=lambda y: [round(v, 6) for v in y])}))
"""


def _fresh(spec, store, mode, seed=0):
    env = dict(os.environ, ALGNET_CACHE_DIR=str(store))
    out = subprocess.run([sys.executable, "-c", _FIRST, spec, mode, str(seed)], capture_output=True, text=True, env=env,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("spec, truth", [("linear 2-1-2", segre_veronese_ged([1, 1], [1, 1])),
                                         pytest.param("dense 2-1-1 r=3", 3 * 3 - 2, marks=pytest.mark.slow)])
def test_a_fresh_process_counts_a_stored_structure_without_numba(tmp_path, spec, truth):
    _fresh(spec, tmp_path, "numba", seed=1)         # solves and writes the structure
    first = _fresh(spec, tmp_path, "plain")         # its first load: points re-certified, tapes written
    plain = _fresh(spec, tmp_path, "plain")         # its tapes loaded and checked
    compiled = _fresh(spec, tmp_path, "numba")
    assert not first["numba"] and not plain["numba"] and compiled["numba"]
    # the count of a loaded structure whose tapes are stored imports neither numpy.ma (np.unique's, 8-13 ms) nor
    # tempfile (shutil, bz2, lzma): it writes nothing
    assert not plain["ma"] and not plain["tempfile"]
    for r in (first, plain, compiled):
        assert r["ed"] == r["cert"] == truth and r["loaded"] and r["route"] == "parameter homotopy"
    a, b = np.array(plain["y"]), np.array(compiled["y"])      # the same critical images, up to rounding
    assert a.shape == b.shape and a.shape[0] == truth and np.max(np.abs(a - b)) <= 1e-8 * (1 + np.max(np.abs(a)))
