"""A command line's first count of a stored structure: what it imports (none of the small routes' solvers, none of
the modules that record a tape; of the rest, only its network family's module: the others load with the package,
while ``import algnet`` loads no analysis), the float centres its certification starts from, and the numpy tracker's
reductions written without numpy's Python layers. Truth: the generic ED degree of
2 x 2 matrices of rank <= 1 (the Chern-class formula of the Segre variety, :func:`segre_veronese_ged`, no homotopy);
the family's own numpy gradient and Jacobian (the network's program, no tape); numpy's own np.max, np.all, np.clip,
np.full and np.stack on the same arrays, NaN and infinities included (bit for bit)."""

import os
import subprocess
import sys

import numpy as np
import pytest

from algnet.analyses.critical import ed_degree
from algnet.analyses.critical.chern import segre_veronese_ged
from algnet.homotopy import tracker
from algnet.homotopy.tracker import TrackerOptions

_COUNT = ("import sys\n"
          "import algnet\n"
          "lean = sorted(m for m in sys.modules if m.startswith('algnet.analyses'))\n"
          "from algnet.analyses.critical import ed_degree\n"
          "before = set(sys.modules)\n"
          "r = ed_degree('linear 2-1-2', metric='generic', seed={seed})\n"
          "during = sorted(set(sys.modules) - before)\n"
          "solvers = ['algnet.analyses.critical.' + m for m in\n"
          "           ('multihom', 'multihom_solve', 'multihom_start', 'total_degree')]\n"
          "recording = ['algnet.homotopy.' + m for m in ('tape_tracer', 'tape_blocks', 'tape_inline')]\n"
          "print(lean, during)\n"
          "print(r.ed_degree, r.critical.certified_distinct, 'loaded from the cache' in r.critical.completeness,\n"
          "      [m for m in solvers + recording if m in sys.modules])\n")


def _fresh_count(seed, modules=False):
    out = subprocess.run([sys.executable, "-c", _COUNT.format(seed=seed)], capture_output=True, text=True,
                         env=dict(os.environ), timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    return (lines[-1], lines[-2]) if modules else lines[-1]


def test_a_stored_structures_count_imports_none_of_the_routes_solvers(structure_store_dir):
    truth = segre_veronese_ged([1, 1], [1, 1])          # 6
    assert ed_degree("linear 2-1-2", metric="generic", seed=1).ed_degree == truth      # solved and stored
    _fresh_count(2)          # the entry's first load (its tapes written and checked)
    # a later process: the family from the record's slice and cut, no plan, start system or homotopy module, and
    # no module of a tape's recording (the stored tapes are evaluated, not recorded)
    got, modules = _fresh_count(3, modules=True)
    assert got == f"{truth} {truth} True []"
    # the modules every stored structure's count runs are loaded with the package (its import, not the count):
    # the count imports only its network family's module; ``import algnet`` alone loads none of the analyses
    assert modules == "[] ['algnet.architectures.dense']", (
        f"{modules}: a module every stored structure's count imports belongs in algnet.analyses.critical.PRELOADED")


def test_the_certifications_centres_by_the_staged_tape_are_the_familys_gradient(monkeypatch):
    import algnet.homotopy.tape_numpy as tape_numpy
    from algnet.analyses.critical.system import example_family
    from algnet.analyses.critical.warm import MetricGradient
    from algnet.analyses.critical.warm_views import TapeCenters
    from algnet.homotopy.compiled_homotopy import family_tape

    fam = example_family("linear 2-1-2", "generic")
    MG = MetricGradient(fam)
    view = TapeCenters(fam, family_tape(MG, map_parameters=True), MG.parameters(fam.Q, fam.loss.u))
    rng = np.random.default_rng(7)
    X = rng.normal(size=(5, 3)) + 1j * rng.normal(size=(5, 3))
    monkeypatch.setattr(tape_numpy, "compiled_loaded", lambda: False)      # a process without numba: numpy
    G, H = view.evaluate(X)
    G0, H0 = fam.evaluate(X, fam.loss.u)
    scale = 1 + np.abs(G0).max()
    assert G.shape == G0.shape and H.shape == H0.shape
    assert np.abs(G - G0).max() <= 1e-12 * scale and np.abs(H - H0).max() <= 1e-12 * (1 + np.abs(H0).max())


def _odd_rows(rng, shape):
    a = rng.normal(size=shape) * 10.0 ** rng.integers(-300, 300, size=shape)
    a.reshape(-1)[:: 7] = np.nan
    a.reshape(-1)[3:: 11] = np.inf
    a.reshape(-1)[5:: 13] = -np.inf
    a.reshape(-1)[2:: 17] = 0.0
    return a


@pytest.mark.parametrize("options", [TrackerOptions(), TrackerOptions(target_contraction=0.0),
                                     TrackerOptions(target_contraction=float("nan"))])
@np.errstate(all="ignore")          # (as the tracker's steps run: overflow and NaN are its data here)
def test_step_tolerance_is_numpys_formula(options):
    rng = np.random.default_rng(3)
    for _ in range(20):
        first, second, xn = (np.abs(_odd_rows(rng, (40,))) for _ in range(3))
        rel = first / (1 + xn)
        want = np.full(np.shape(rel), options.predictor_tolerance)
        if options.target_contraction > 0:          # the formula with np.full and np.clip, as first written
            known = (first > 0) & np.isfinite(second) & np.isfinite(rel)
            s2 = np.maximum(np.where(known, second, 1.0), tracker.SECOND_UPDATE_FLOOR * (1 + xn))
            adapted = rel * options.target_contraction * first / s2
            lo, hi = options.tolerance_range
            want = np.where(known, np.clip(adapted, lo * options.predictor_tolerance,
                                           hi * options.predictor_tolerance), want)
        got = tracker._step_tolerance(first, second, xn, options)
        assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True)


@np.errstate(all="ignore")
def test_the_trackers_reductions_are_numpys():
    rng = np.random.default_rng(5)
    for _ in range(20):
        v = _odd_rows(rng, (6, 3)) + 1j * _odd_rows(rng, (6, 3))
        w = _odd_rows(rng, (6, 3)) - 1j * _odd_rows(rng, (6, 3))
        assert np.array_equal(tracker._maxabs(v), np.max(np.abs(v), axis=-1), equal_nan=True)
        b = np.isfinite(v)
        assert np.array_equal(tracker._every(b), np.all(b, axis=1))
        assert np.array_equal(tracker._negated_pair(v, w), -np.stack([v, w], axis=2), equal_nan=True)
    assert np.isnan(tracker._nan_rows(4)).all() and tracker._nan_rows(4).shape == (3, 4)
