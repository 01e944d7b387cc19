"""The monodromy degree route's witness system (one sample input per output monomial, a K x K matrix of monomial
values) is estimated before anything is drawn: refused with its size and a cheaper route, and one larger than the
machine is refused even under force (before, `degree "attention d=4,3,3,2 a=2,2,2 t=3" --force` tried to
allocate 108 GiB)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from algnet import parse_spec
from algnet.analyses.degree import degree
from algnet.analyses.degree_estimate import witness_memory
from algnet.errors import TooLargeError
from algnet.guards import machine_memory

ROOT = Path(__file__).resolve().parent.parent
ATTENTION = "attention d=4,3,3,2 a=2,2,2 t=3"


def test_witness_memory_by_hand():
    # linear 2-1-2: K = 2 monomials (x1, x2) of degree one, input size 2, q = 2 K = 4 values, n = 4 parameters,
    # dim 3: 16 (2 K 2 + dim q + 4 * 8 q (n + 1) + 3 K^2) = 16 (8 + 12 + 640 + 12) = 10,752 bytes
    assert witness_memory(parse_spec("linear 2-1-2"), 3) == 10_752
    # dense 15-2-1 r=6: K = C(20, 6) = 38,760 sextics in 15 variables: the K x K step alone is 48 K^2 bytes
    assert witness_memory(parse_spec("dense 15-2-1 r=6"), 30) > 48 * 38_760 ** 2


@pytest.mark.parametrize("kwargs", [{}, {"force": True}, {"method": "monodromy"},
                                    {"method": "monodromy", "force": True, "time_limit": 100.0}])
def test_attention_beyond_the_machine_is_refused_with_its_size(kwargs):
    with pytest.raises(TooLargeError) as e:
        degree(ATTENTION, seed=0, **kwargs)
    assert e.value.memory_bytes > machine_memory() and "more than this machine has" in str(e.value)
    assert "1203322288 sample inputs" in str(e.value)           # C(38, 11) monomials of degree 27 in 12 inputs
    assert "force" not in e.value.hint and "algnet dim" in e.value.hint
    assert "method='formula'" not in e.value.hint               # no theorem gives an attention network's degree


def test_a_witness_system_above_the_limit_is_refused_then_forced(monkeypatch):
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "4K")                  # below the 10,752 bytes above
    with pytest.raises(TooLargeError) as e:
        degree("linear 2-1-2", method="monodromy", seed=0)
    assert e.value.memory_bytes == 10_752 and "force=True" in e.value.hint
    assert degree("linear 2-1-2", method="monodromy", seed=0, force=True).degree == 2   # the determinant


def test_cli_degree_force_on_attention_is_one_message():
    out = subprocess.run([sys.executable, "-m", "algnet", "degree", ATTENTION, "--force"], capture_output=True,
                         text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "out of memory" not in out.stderr
    assert "cannot run here, forced or not" in out.stderr and "algnet dim" in out.stderr
    assert "--method formula" not in out.stderr                   # no theorem gives an attention network's degree


CONV = "conv k=20,20,20 r=2"      # 521,855 monomials of degree 4 in 58 inputs: every K x K matrix is TiB


def test_forced_analyses_on_a_huge_coefficient_space_are_refused_not_allocated():
    from algnet.analyses.critical import critical_points
    from algnet.analyses.fibers import identifiability
    from algnet.analyses.hilbert import hilbert_function

    for run in (lambda: hilbert_function(CONV, seed=0, force=True),           # the sampler's K x K matrix
                lambda: critical_points(CONV, seed=0, force=True, classify=False),   # the coefficient map
                lambda: identifiability(CONV, seed=0, force=True)):           # unisolvent points
        with pytest.raises(TooLargeError, match="more than this machine has") as e:
            run()
        assert e.value.memory_bytes > machine_memory() and "force" not in e.value.hint


def test_unisolvent_points_checked_against_the_machine(monkeypatch):
    import algnet.guards as g
    from algnet.architectures.interpolation import unisolvent_points
    from algnet.core.backends import ModP

    monkeypatch.setattr(g, "machine_memory", lambda: 10**6)
    with pytest.raises(TooLargeError) as e:        # 48 * 4097^2 bytes by hand: 805,701,552 > 10^6
        unisolvent_points(1, [(i,) for i in range(4097)], ModP(101), seed=0)
    assert e.value.memory_bytes == 48 * 4097 ** 2
