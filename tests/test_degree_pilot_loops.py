"""The degree pilot's fresh loops: a subset of the marked points per loop, and the key matching they use."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.analyses import degree_pilot
from algnet.analyses.degree_pilot import _distinct, _match, monodromy_pilot


def _match_every_row(K, ref, tol=1e-6):
    """The definition: the nearest row of ``ref`` in max norm when within ``tol`` relative, else -1."""
    out = np.full(len(K), -1, dtype=np.int64)
    for i, key in enumerate(K):
        if not np.all(np.isfinite(key)):
            continue
        d = np.max(np.abs(ref - key), axis=1)
        j = int(np.argmin(d))
        if d[j] <= tol * (1 + float(np.max(np.abs(key)))):
            out[i] = j
    return out


@pytest.mark.parametrize("length", [1, 3, 40, 1485])
def test_match_agrees_with_comparing_every_row(length):
    """The projection filter is a necessary condition: the same answers as the full comparison, on copies
    perturbed inside the tolerance (matched), outside it by 3x and 1000x (not matched), and a NaN key."""
    rng = np.random.default_rng(length)
    ref = (rng.normal(size=(200, length)) + 1j * rng.normal(size=(200, length))) * 50
    inside = ref[rng.integers(0, 200, 60)] * (1 + 1e-8 * rng.normal(size=(60, length)))
    K = np.concatenate([inside, ref[:30] * (1 + 3e-6), ref[:30] + 1e-3 * 50])
    K[3, 0] = np.nan
    got, want = _match(K, ref), _match_every_row(K, ref)
    assert np.array_equal(got, want)
    assert (got[:60] >= 0).sum() == 59 and (got[60:] < 0).all()
    assert len(_distinct(np.concatenate([ref, ref * (1 + 1e-9), ref[:1] * np.nan]))) == 200
    assert _match(K[:0], ref).shape == (0,) and (_match(K, ref[:0]) == -1).all()


def test_pilot_loops_transport_a_subset(monkeypatch):
    """With LOOP_POINTS = 8 each fresh loop sends 8 of the marked points (3 paths each): conv k=3,2,2 r=2
    (degree 384, Shahverdi-Marchetti-Kohn Thm. 2.8) after a 0.25 CPU-s search knows more than 8."""
    from algnet.analyses.shared import dimension_result

    monkeypatch.setattr(degree_pilot, "LOOP_POINTS", 8)
    net = parse_spec("conv k=3,2,2 r=2")
    dim = int(dimension_result(net, seed=0).dimension)
    p = monodromy_pilot(net, dim, seed=0, seconds=0.25)
    assert not p.finished and p.points > 8
    assert p.loops >= 1 and p.moved <= 8 * p.loops
    assert p.loop_paths <= 3 * 8 * (p.loops + 1)
    assert p.points <= p.interval[0] <= p.estimate <= p.interval[1]
