"""bench/bench_degree.py: the slicing systems handed to PHCpack and Bertini, and the referees themselves."""

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "bench_degree.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_degree", _PATH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _evaluate(polys, x):
    return np.array([sum(c * np.prod(x ** np.array(m)) for m, c in p.items()) for p in polys])


def test_slicing_system_passes_through_its_point(bench):
    names, polys, theta0 = bench.slicing_system("linear 3-1-3", seed=0, point=True)
    assert names == [f"t{k:03d}" for k in range(6)]
    assert len(polys) == 6  # dim M = 5 slices and one gauge coordinate
    assert np.max(np.abs(_evaluate(polys, theta0))) < 1e-12
    x = np.random.default_rng(1).normal(size=6) + 0j
    assert np.max(np.abs(_evaluate(polys, x))) > 1e-3


def test_bezout_counts(bench):
    # x*y - 1, x + y in groups {x}, {y}: bidegrees (1,1) twice, coefficient of a*b in (a+b)^2
    polys = [{(1, 1): 1.0, (0, 0): -1.0}, {(1, 0): 1.0, (0, 1): 1.0}]
    assert bench.bezout_counts(polys, [[0], [1]]) == (2, 2)
    assert bench.bezout_counts(polys, [[0, 1]]) == (2, 2)
    names, polys = bench.slicing_system("linear 4-2-3", seed=0)
    assert bench.variable_groups("linear 4-2-3") == [list(range(8)), list(range(8, 14))]
    assert bench.bezout_counts(polys, bench.variable_groups("linear 4-2-3")) == (1024, 210)


def test_bertini_input(bench):
    names, polys = bench.slicing_system("linear 3-1-3", seed=0)
    text = bench.bertini_input(names, polys, bench.variable_groups("linear 3-1-3"))
    assert text.count("variable_group") == 2
    assert "e+" not in text
    assert text.splitlines()[2] == "function f000,f001,f002,f003,f004,f005;"


def test_bertini_referee(bench):
    if bench.bertini_python()[0] is None:
        pytest.skip("bertini (PyPI bertini2) not installed")
    names, polys = bench.slicing_system("linear 3-1-3", seed=0)
    dt, cpu, msg = bench.run_bertini(names, polys, bench.variable_groups("linear 3-1-3"))
    assert dt is not None and cpu > 0, msg
    if "finite endpoints" in msg:  # bertini2 4.x; bertini 2.0.0 has no finite/infinite split
        assert "10 paths, 6 finite endpoints" in msg


def test_bertini_and_algnet_find_the_same_solutions(bench):
    """One slicing system solved by Bertini 2 (multihomogeneous start, 10 paths) and by algnet's total-degree
    homotopy (32 paths): the same finite solutions, as many as the theorem says (3x3 matrices of rank <= 1 have
    degree 6, Harris Ex. 19.10; a linear network's gauge slice meets each fiber once)."""
    from algnet.homotopy.solve import total_degree_solve
    from algnet.homotopy.systems import PolynomialSystem
    from algnet.theorems.formulas import determinantal_degree

    if bench.bertini_python()[0] is None:
        pytest.skip("bertini (PyPI bertini2) not importable by BERTINI_PYTHON, this Python or /tmp/bertini_venv")
    names, polys = bench.slicing_system("linear 3-1-3", seed=0)
    out, why = bench.bertini_solve(names, polys, bench.variable_groups("linear 3-1-3"), seed=0)
    assert out is not None, why
    if "points" not in out:
        pytest.skip(f"{out['version']} reports no finite solutions (bertini2 4.x does)")
    r = total_degree_solve(PolynomialSystem.from_terms(polys), seed=0, endgame=False)
    assert determinantal_degree(3, 3, 1) == 6
    assert out["failed"] == 0 and out["finite"] == out["nonsingular"] == len(r.solutions) == 6, (out, r)
    theirs = np.array([[complex(*z) for z in x] for x in out["points"]])
    dist = np.abs(r.solutions[:, None, :] - theirs[None, :, :]).max(axis=2)     # (algnet, bertini)
    scale = 1 + np.abs(theirs).max()
    assert sorted(dist.argmin(axis=1)) == list(range(6))                        # a bijection
    assert dist.min(axis=1).max() < 1e-8 * scale
    assert np.max(np.abs(_evaluate(polys, theirs[0]))) < 1e-8 * scale ** 3


def test_phc_referee(bench):
    if shutil.which("phc") is None:
        pytest.skip("phc not installed")
    names, polys = bench.slicing_system("linear 3-1-3", seed=0)
    dt, cpu, msg = bench.run_phc(names, polys)
    assert dt is not None and cpu > 0 and msg == "6 regular solutions", msg


def test_paths_table_rows(bench, capsys):
    """--paths-table: one row per case and seed, the theorem's degree (3x3 matrices of rank <= 1: 6, Harris
    Ex. 19.10), paths per point = paths / degree, the random starts among the paths; then the medians."""
    rows = bench.paths_rows(["linear 3-1-3"], seeds=[0, 1])
    assert [(r["case"], r["seed"]) for r in rows] == [("linear 3-1-3", 0), ("linear 3-1-3", 1)]
    for r in rows:
        assert r["degree"] == 6 and r["trace_passed"]
        assert r["paths_per_point"] == r["paths"] / 6 and 0 < r["start_paths"] < r["paths"] and r["cpu_s"] > 0
    bench.print_paths_table(rows)
    out = capsys.readouterr().out
    assert "median over 2 seeds" in out and "degrees [6], trace test passed 2/2" in out
