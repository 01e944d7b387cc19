"""The tracker's per-path arrays made by its first add (none before it), a parameter vector mapped by the product of
one row, and the warm call's metric test from its first entry: each against a second way of computing the same."""

from types import SimpleNamespace

import numpy as np
import pytest

from algnet.homotopy.compiled import CompiledPathTracker
from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import PathTracker, TrackerOptions


def _square():
    return ParameterHomotopy(OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}])), [1.0], [4.0 + 1j])


@pytest.mark.parametrize("cls", [PathTracker, CompiledPathTracker])
def test_before_the_first_add_every_per_path_array_has_no_rows(cls):
    tr = cls(_square(), 1, TrackerOptions(initial_step=0.25))
    for name, tail, dtype, _ in tr._fields():
        a = getattr(tr, name)
        assert a.shape == (0,) + tail and a.dtype == np.dtype(dtype)
    assert tr.size == 0 and tr.active == 0
    tr.interrupt()                                   # nothing to mark
    with pytest.raises(AttributeError):
        tr.no_such_attribute


@pytest.mark.parametrize("cls", [PathTracker, CompiledPathTracker])
def test_the_first_add_fills_the_arrays_as_np_full_does(cls):
    X0 = np.array([[1.0], [-1.0 + 0.5j], [2.0]])
    tr = cls(_square(), 1, TrackerOptions(initial_step=0.25))
    assert tr.add(X0).tolist() == [0, 1, 2]
    for name, tail, dtype, fill in tr._fields():
        want = np.array(X0, dtype=dtype) if fill is None else np.full((3,) + tail, fill, dtype=dtype)
        got = getattr(tr, name)
        assert got.dtype == want.dtype and got.shape == want.shape and got.flags.c_contiguous
        if got.dtype == object:
            assert got.tolist() == want.tolist()
        else:
            assert got.tobytes() == want.tobytes()        # bit for bit (NaN, signed zeros)
    X0[0, 0] = 7.0
    assert tr.X[0, 0] == 1.0                               # the start points were copied
    assert tr.add(np.array([[3.0]])).tolist() == [3] and tr.size == 4 and tr.status[3] == "tracking"


def test_one_parameter_vector_is_mapped_as_a_block_of_one_row():
    from algnet.homotopy.tape_params import apply_map

    rng = np.random.default_rng(5)
    for m, q in [(20, 14), (7, 30), (1, 3), (64, 65)]:
        Q = rng.normal(size=(q, m)) + 1j * rng.normal(size=(q, m))
        QT = np.ascontiguousarray(Q.T)
        P = rng.normal(size=m) * 10.0 ** rng.uniform(-4, 4) + 1j * rng.normal(size=m)
        row = np.empty((1, q), dtype=np.complex128)
        np.matmul(P.reshape(1, m)[0:64], QT, out=row[0:64])      # the blocks' product of the earlier route
        assert apply_map(Q, P, QT).tobytes() == row[0].tobytes()
        assert apply_map(Q, P).tobytes() == row[0].tobytes()
        assert np.allclose(apply_map(Q, P), Q @ P)


def test_the_call_targets_metric_test_agrees_with_allclose():
    from algnet.analyses.critical.warm_paths import _call_target

    rng = np.random.default_rng(3)
    m = 2
    for trial in range(400):
        Q = rng.normal(size=(m, m))
        Q = Q + Q.T
        P = np.concatenate([Q.reshape(-1), rng.normal(size=m) + 1j * rng.normal(size=m)]).astype(np.complex128)
        k = trial % 4       # 0: P*'s metric, 1: near it (first entry), 2: near it (last entry), 3: far
        scale = 10.0 ** rng.uniform(-9, -4)
        if k == 1:
            P[0] += scale * (1 + abs(Q[0, 0]))
        elif k == 2:
            P[m * m - 1] += scale * (1 + abs(Q[-1, -1]))
        elif k == 3:
            P[0] += 1.0
        w = SimpleNamespace(P=P)
        L = SimpleNamespace(m=m, Q=Q, u=np.array([1.0, 2.0]))
        p0 = _call_target(w, L, np.random.default_rng(0))
        if np.allclose(P[:m * m], Q.reshape(-1)):
            assert not np.array_equal(p0, P[m * m:])           # P*'s metric: a target drawn
        else:
            assert np.array_equal(p0, P[m * m:]) and p0 is not P  # another metric: P*'s target, a copy
