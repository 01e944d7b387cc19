"""bench/bench_degree.py: the coefficient map handed to NumericalImplicitization, and that referee."""

import importlib.util
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "bench_degree.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_degree_ni", _PATH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_coefficient_map_of_a_linear_network(bench):
    # linear 2-1-2: f = W2 W1 x, W1 = (a0 a1), W2 = (b0 b1)^T: coefficients b_i a_j (a hand computation)
    n, comps = bench.coefficient_map("linear 2-1-2")
    assert n == 4 and len(comps) == 4
    products = sorted(tuple(sorted(k for k, e in enumerate(m) if e)) for d in comps for m in d)
    assert products == [(0, 2), (0, 3), (1, 2), (1, 3)]
    assert all(list(d.values()) == [Fraction(1)] for d in comps)


@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
def test_numerical_implicitization_referee(bench):
    # 2x2 matrices of rank <= 1: a quadric cone, degree 2
    dt, msg = bench.run_ni("linear 2-1-2")
    assert dt is not None and dt > 0 and msg.endswith("degree 2")


def _bench_tracker():
    path = Path(__file__).resolve().parent.parent / "bench" / "bench_tracker.py"
    spec = importlib.util.spec_from_file_location("bench_tracker_t", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_tracker_bench_systems_are_the_degree_slicing_systems():
    import numpy as np

    bench = _bench_tracker()
    fam, dim = bench.slicing_family("linear 3-1-3")
    # rank <= 1 3x3 matrices: dim 5 of 6 parameters; one gauge coordinate fixed by a coordinate slice, solved by
    # substitution with its value held fixed as the degree route tracks it: 5 unknowns, the 5 offsets c
    assert dim == 5 and fam.n_vars == 5 and fam.full_vars == 6 and np.count_nonzero(fam.family.A) == 1
    assert fam.n_params == 5 and fam.kept == list(range(5))
    X, P0, P1 = bench.paths_and_target(fam, 4)
    F, _ = fam.evaluate(X, P0)
    assert np.max(np.abs(F)) < 1e-12          # the start points solve their start systems
    T = fam.full(X)
    F, _ = fam.family.evaluate(T, fam.family_parameters(P0))
    assert np.max(np.abs(F)) < 1e-12          # and their full points the full witness system at (c, b)
    assert np.all(T[:, fam.pinned] == fam.values) and np.all(P1[:, 0] != P0[:, 0])   # b fixed, c moves
    full, _ = bench.slicing_family("linear 3-1-3", pin=False)
    Xf, P0f, P1f = bench.paths_and_target(full, 4)
    assert np.array_equal(Xf[:, fam.free], X)       # the same random free unknowns
    assert np.allclose(full.start_parameters(T), fam.family_parameters(P0), rtol=0, atol=1e-13)
    rows = bench.run_case("linear 3-1-3", N=8, n_numpy=4, monodromy=False)
    assert [r["case"].split(": ")[1] for r in rows] == ["compiled", "light / all full",
                                                        "contraction / fixed step control", "batched / path by path"]
    assert "numpy engine steps equal" in rows[0]["note"] and "same steps: True" in rows[3]["note"]
    assert "statuses equal" in rows[1]["note"] and "statuses equal" in rows[2]["note"]
    row = bench.threads_rows("linear 3-1-3", N=64, repeats=1)     # one thread against two: the same endpoints
    assert row["case"] == "linear 3-1-3: threads" and "statuses equal" in row["note"]
