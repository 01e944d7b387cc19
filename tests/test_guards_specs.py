"""Specs whose mere construction or first evaluation outgrows the machine: refused in seconds with one
message (never a traceback, never the machine's memory)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from algnet.architectures.layers.groupconv import cyclic
from algnet.errors import TooLargeError

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args):
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "algnet", *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    return out, time.perf_counter() - t


def test_cyclic_group_table_checked_against_the_memory_limit(monkeypatch):
    # the n x n int64 table made in place and a boolean mask: 9 n^2 bytes, by hand 9 * 10^10 = 83.8 GiB for n = 10^5
    with pytest.raises(TooLargeError) as e:
        cyclic(100_000)
    assert e.value.memory_bytes == 9 * 10**10 and "100000 x 100000 multiplication table" in str(e.value)
    assert e.value.hint.startswith("a smaller n") and "force" not in e.value.hint
    assert cyclic(5).table[2].tolist() == [2, 3, 4, 0, 1]          # Z/5: 2 + j mod 5
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    with pytest.raises(TooLargeError):
        cyclic(11)                                                  # 9 * 121 = 1089 bytes > 1 KiB


def test_gconv_layers_share_one_group_table(monkeypatch):
    # gconv n=5000 layers=3 held four 5000 x 5000 tables (one per layer, deep-copied, and its transpose) before any
    # estimate: 0.8 GiB to parse the spec; one now. And Z/n is a group by construction: Group()'s checks
    # (associativity: n^3 steps, hours at n = 5000) are not run on it
    import numpy as np

    from algnet import parse_spec
    from algnet.architectures.layers.groupconv import Group, GroupConv

    net = parse_spec("gconv n=7 layers=3 r=2")
    convs = [lay for lay in net.sequence if isinstance(lay, GroupConv)]
    assert len(convs) == 3 and all(np.shares_memory(c._index, convs[0]._index) for c in convs)
    G = convs[0].group
    assert G.table[3].tolist() == [3, 4, 5, 6, 0, 1, 2] and ((np.arange(7) + G.inverse) % 7 == 0).all()
    assert G == Group(G.table) and G.identity == 0           # the table passes Group()'s checks

    def unchecked(*args, **kwargs):
        raise AssertionError("Group() checks run on Z/n")

    monkeypatch.setattr(Group, "__init__", unchecked)
    assert cyclic(6).table[5].tolist() == [5, 0, 1, 2, 3, 4]


def test_cli_gconv_and_an_unestimated_allocation_end_in_one_message():
    out, sec = _cli("dim", "gconv n=100000 layers=2 r=2")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr
    assert "multiplication table" in out.stderr and "GiB" in out.stderr and "a smaller n" in out.stderr
    # lightning attention over 10^5 tokens: two 10^5 x 10^5 arrays per head at a single input, by hand
    # 2 * 10^10 numbers (+ 10^6 for the input, outputs and projections) of 16 bytes = 298.0 GiB: refused by the
    # estimate when the network is built (it used to reach the system's allocator), one message, exit 2
    out, sec = _cli("dim", "attention d=2 a=2 t=100000")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "one evaluation at a single input" in out.stderr and "298.0 GiB" in out.stderr
    assert "hint: a smaller network" in out.stderr


# ------------------------------------------------------------------------------------- sizes at spec level
def test_force_lifts_size_refusals_but_not_an_explicit_time_limit(monkeypatch):
    from algnet import parse_spec
    from algnet.analyses.dimension_estimate import check_dimension_resources
    from algnet.analyses.hilbert.engine import check_setup
    from algnet.guards import check_resources

    # the memory refusal is lifted by force; a default budget (the caller's run stops at its limit) too
    net = parse_spec("dense 30-30-30 r=2")          # a 1802 x 1800 sketch: 1802 * 1800 * 8 bytes > 1 KiB by hand
    assert net.n_params == 1800
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1K")
    with pytest.raises(TooLargeError, match="of memory"):
        check_dimension_resources(net)
    assert check_dimension_resources(net, force=True)["rows"] == 1802
    monkeypatch.delenv("ALGNET_MEMORY_LIMIT")
    assert check_resources("a capped step", seconds=50.0, time_limit=10.0, force=True) > 0
    # the rank cannot stop midway: an explicit time limit below its estimate refuses it, forced or not (the
    # estimate has at least 1802 * 1800 entries evaluated at 2.7e7 per CPU second: 0.12 s > 0.01 s)
    for force in (False, True):
        with pytest.raises(TooLargeError, match="above the time limit of 0.01 s") as e:
            check_dimension_resources(net, force=force, time_limit=0.01)
        assert "a larger time_limit=" in e.value.hint and "runs it anyway" not in e.value.hint
    # the Hilbert function's set-up, likewise (refused without force by its default budget in its doctest)
    with pytest.raises(TooLargeError, match="time limit"):
        check_setup(net, "auto", True, 0.01, "Hilbert function")
    # forced, no limit given: no refusal (on a machine that has the 49.6 GiB it estimates; on a smaller one force
    # cannot make the memory and it is refused: tests/test_guards_witness_memory.py)
    import algnet.guards as g

    monkeypatch.setattr(g, "machine_memory", lambda: 2**50)
    check_setup(net, "auto", True, None, "Hilbert function")


def test_cli_force_with_a_time_limit_is_refused_in_one_message():
    out, sec = _cli("dim", "dense 30-30-30 r=2", "--force", "--time-limit", "0.01")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "above the time limit" in out.stderr and "--force lifts the size limits" in out.stderr


def test_absurd_activation_exponents_are_refused_before_listing_coefficients():
    from algnet import parse_spec
    from algnet.architectures.layers import Power
    from algnet.architectures.layers.activations import MAX_EXPONENT

    for spec in ("dense 2-2-1 r=1000000000", "dense 2-2-2-1 r=2,1000000000", "conv k=2,2 r=1000000000",
                 "gconv n=3 layers=2 r=1000000000", "layers Linear(2, 2), Power(1000000000), Linear(2, 1)"):
        t = time.process_time()
        with pytest.raises(TooLargeError, match="1000000001 coefficients") as e:
            parse_spec(spec).n_params
        assert time.process_time() - t < 2 and e.value.exponent == 10**9
    with pytest.raises(TooLargeError):
        Power(MAX_EXPONENT + 1)
    assert Power(MAX_EXPONENT).r == MAX_EXPONENT
    # below the limit the network still computes: (2 * 3)^3 by hand
    from algnet.architectures.layers import Linear, Sequential

    assert Sequential(Linear(1, 1), Power(3)).evaluate([2], [[3]]).tolist() == [[216]]


def test_conv_index_is_the_hand_table_and_a_large_filter_builds_in_seconds(monkeypatch):
    from algnet import parse_spec
    from algnet.analyses.dimension_estimate import check_dimension_resources
    from algnet.architectures.layers.conv import conv_index

    # length 5, filter 2, stride 2, circular: windows start at 0, 2, 4; tap 1 reads 1, 3, 5 mod 5 = 0
    idx, m = conv_index((5,), (2,), (2,), True)
    assert m == (3,) and idx.tolist() == [[0, 2, 4], [1, 3, 0]]
    # 2-d, 2 x 3 input, 2 x 2 filter, valid: windows at columns 0 and 1; tap (a, b) reads row a, column j + b
    idx, m = conv_index((2, 3), (2, 2), (1, 1), False)
    assert m == (1, 2) and idx.tolist() == [[0, 1], [1, 2], [3, 4], [4, 5]]
    t = time.process_time()
    net = parse_spec("conv k=1000,1000 r=2")     # a 1000 x 1000 index table: was a Python double loop of minutes
    assert net.n_params == 2000 and time.process_time() - t < 10
    # its sketch evaluates 1000 x 1000 windows per sample (it used to ask numpy for 10.4 GiB, then was refused at
    # 62.5 GiB: 2 * 10^6 windows x 24 bytes x 1398 rows per block); the blocks now follow the windows: by hand
    # 64 MiB / (24 bytes x 2,002,000 entries) = 1 row per block, and the 2002 rows' windows are in the time:
    # 2002 x 2,002,000 entries at SAMPLE_ENTRY_CPU_SECONDS, about a minute, refused under a 10 s time limit
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "4G")
    with pytest.raises(TooLargeError, match="evaluation and rank") as e:
        check_dimension_resources(net, time_limit=10)
    assert e.value.memory_bytes < 200 * 2**20 and e.value.seconds > 30


def test_attention_work_is_counted_by_hand_and_huge_token_counts_are_refused_at_build():
    from algnet import parse_spec

    # d=2 a=2 t=3: input 6; output 6; V X, K X, Q X: 3 * (2 + 2 + 2) = 18; X^T K^T Q X and its product: 2 * 9 + 6
    assert parse_spec("attention d=2 a=2 t=3").evaluation_entries() == 6 + 6 + 18 + 24
    with pytest.raises(TooLargeError, match="one evaluation at a single input") as e:
        parse_spec("attention d=2 a=2 t=100000")
    assert e.value.entries == 2 * 10**5 + 2 * 10**5 + 6 * 10**5 + 2 * 10**10 + 2 * 10**5


def test_map_sizes_are_bounded_before_sympy_expands():
    from algnet import parse_spec

    cases = {"map x^1000000000; y": "degree 1000000000",
             # binom(1003, 3) = 1003 * 1002 * 1001 / 6 = 167668501 monomials of degree 1000 in 4 variables
             "map (x+y+z+w)^1000; x": "1.68e+08 terms",
             "map 3^100000000*x; y": "bits",                      # 10^8 log2(3) = 1.6e8 bits
             "map 2^2^2^2^2^2*x; y": "bits"}                      # 2^65536 as an exponent
    for spec, what in cases.items():
        t = time.process_time()
        with pytest.raises(TooLargeError, match="before expanding") as e:
            parse_spec(spec)
        assert what in str(e.value) and time.process_time() - t < 5, spec
    assert parse_spec("map (x+y)^3; x").estimate_terms() == 4 + 1       # x^3 + 3x^2y + 3xy^2 + y^3; x
    from algnet.architectures.polymap import PolynomialMap

    with pytest.raises(TooLargeError, match="exponent 1000000000"):
        PolynomialMap([{(10**9,): 1}], ["t"])


def test_cli_map_with_a_huge_exponent_ends_in_one_message():
    out, sec = _cli("dim", "map x^1000000000; y")
    assert out.returncode == 2 and sec < 60 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "degree 1000000000 above the limit" in out.stderr and "hint:" in out.stderr


def test_depth_is_bounded_before_the_layers_are_listed():
    from algnet import parse_spec
    from algnet.architectures.sequential import MAX_LAYERS

    deep_linear = "linear " + "-".join(["2"] * 20001)                 # 20000 layers: quadratic junctions, minutes
    for spec, layers in (("attention d=2 a=2 t=2 layers=1000000000", 10**9),
                         ("gconv n=3 layers=100000 r=2", 2 * 10**5 - 1),          # a Power between group convolutions
                         (deep_linear, 20000)):
        t = time.process_time()
        with pytest.raises(TooLargeError, match=f"{layers} layers, above the limit of {MAX_LAYERS}") as e:
            parse_spec(spec).n_params
        assert time.process_time() - t < 5 and len(str(e.value)) < 400, spec
    # at the limit the check passes (tests/test_bad_inputs.py runs a 3000-layer network's dimension)
    from algnet.architectures.sequential import check_depth

    assert check_depth(MAX_LAYERS, "at the limit") == MAX_LAYERS
    with pytest.raises(TooLargeError):
        check_depth(MAX_LAYERS + 1, "one more")
