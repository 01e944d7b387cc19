"""Spec grids: brace ranges and lists in every combination, de-duplication, filters, clear errors."""

import itertools

import pytest

import algnet
from algnet.errors import ParameterError, SpecError, TooLargeError
from algnet.grids import count_grid, expand_braces, grid


def test_every_combination_in_order():
    specs = algnet.grid("dense {2..4}-{1..4}-{1..4} r={2,3}")
    expect = [f"dense {a}-{b}-{c} r={r}" for a, b, c, r in itertools.product(range(2, 5), range(1, 5), range(1, 5),
                                                                              (2, 3))]
    assert specs == expect and len(specs) == 96 == count_grid("dense {2..4}-{1..4}-{1..4} r={2,3}")


def test_steps_lists_and_literal_commas():
    assert expand_braces("{1..7..3}") == ["1", "4", "7"]
    assert expand_braces("k={2,3},{1..2}") == ["k=2,1", "k=2,2", "k=3,1", "k=3,2"]
    assert grid("conv k={2,3},2 r=2") == ["conv k=2,2 s=1,1 r=2", "conv k=3,2 s=1,1 r=2"]


def test_deduplication_after_canonical_form():
    # spaces and repeated alternatives give the same canonical spec once
    assert grid("linear {2,2}-1-2", "linear  2-1-2", "linear {2..3}-1-2") == ["linear 2-1-2", "linear 3-1-2"]


@pytest.mark.parametrize("bad", ["dense {4..2}-1 r=2", "dense {2..}-1 r=2", "dense {2,}-1 r=2", "dense {}-1 r=2",
                                 "dense {2..3-1 r=2", "dense 2}-1 r=2", "dense {{2,3}}-1 r=2", "dense {1..5..0}-1"])
def test_bad_grids_are_spec_errors(bad):
    with pytest.raises(SpecError) as e:
        grid(bad)
    assert e.value.hint


def test_invalid_combination_is_named():
    with pytest.raises(SpecError, match="'dense 2-0-1 r=2'"):
        grid("dense 2-{0,1}-1 r=2")


def test_too_large_grid_is_refused_before_expansion():
    with pytest.raises(TooLargeError) as e:
        grid("dense {1..100}-{1..100}-{1..100} r={2..9}")
    assert e.value.specs == 100 ** 3 * 8


def test_where_filter():
    specs = grid("dense {2..3}-{1..3}-{1..3}-1 r={2,3}", where="depth <= 3 and widths[1] > widths[2] and r == 2")
    assert specs == [f"dense {a}-{b}-{c}-1 r=2" for a in (2, 3) for b in (1, 2, 3) for c in (1, 2, 3) if b > c]
    assert grid("linear {2..5}-1-2", where="parameters >= 7") == ["linear 5-1-2"]   # 5 x 1 + 1 x 2 weights
    assert grid("conv k={2,3},{2,3} r=2", where="kernel_sizes[0] == 3 and len(kernel_sizes) == 2") == [
        "conv k=3,2 s=1,1 r=2", "conv k=3,3 s=1,1 r=2"]


@pytest.mark.parametrize("bad", ["__import__('os').system('true')", "widths.__class__", "open('x')",
                                 "[x for x in widths]", "lambda: 1", "depth <", "nonsense > 2", "'a' * 10**9"])
def test_unsafe_or_bad_filters_are_rejected(bad):
    with pytest.raises(ParameterError):
        grid("linear 2-1-2", where=bad)


def test_cli_grid_and_where(tmp_path, capsys):
    from algnet.cli import main
    from algnet.sweep import load_results

    db = str(tmp_path / "g.sqlite")
    assert main(["sweep", "dim", "--grid", "linear {2,3}-1-{2,3}", "--where", "inputs != outputs", "--seeds", "0",
                 "--db", db, "--no-progress"]) == 0
    rows = load_results(db)
    # determinantal: rank-one m x n matrices have dimension m + n - 1
    assert sorted((r["spec"], r["dimension"]) for r in rows) == [("linear 2-1-3", 4), ("linear 3-1-2", 4)]
    assert main(["sweep", "dim", "--grid", "linear {2..3}-1-2", "--where", "inputs > 9", "--db", db]) == 2
    assert "kept none" in capsys.readouterr().err


def test_grids_build_no_layers(monkeypatch):
    # expanding and filtering a grid parses specs without building the networks' layers (the cost of a
    # 36k-spec grid is the parsing); a network builds them when one of their attributes is read
    from algnet.architectures.sequential import Sequential

    def refuse(*a, **k):
        raise AssertionError("layers built while expanding a grid")

    monkeypatch.setattr(Sequential, "_build", refuse)
    specs = grid("dense {2..5}-{1..5}-{1..5}-{1,2} r={2..4},{2..4}", where="widths[1] <= widths[2] and r != 3")
    # 4 input widths, 15 pairs w1 <= w2, 2 outputs, 9 degree pairs but r=3,3 (written r=3) filtered out
    assert len(specs) == 4 * 15 * 2 * 8
    monkeypatch.undo()


@pytest.mark.parametrize("spec", ["dense 3-2-1 r=2", "dense 2-3-2-2 r=2,4", "dense 2-2-1 act=0,1,1", "linear 3-2-4",
                                  "dense 2-2-1 r=3 bias"])
def test_lazy_networks_equal_built_ones(spec):
    import numpy as np

    from algnet.architectures.spec import parse_spec

    lazy, built = parse_spec(spec), parse_spec(spec).ensure_built()
    assert "_lazy" in vars(lazy) and "_lazy" not in vars(built)
    assert lazy.spec == built.spec and lazy.symmetry_description == built.symmetry_description
    for attr in ("param_shapes", "input_shape", "output_shape", "degree", "homogeneous", "polynomial", "n_params"):
        assert getattr(lazy, attr) == getattr(built, attr), attr
    theta = np.arange(1, built.n_params + 1) % 7 - 3
    x = np.arange(1, built.n_inputs + 1) % 5 - 2
    assert np.array_equal(lazy.evaluate(theta, x[None, :]), built.evaluate(theta, x[None, :]))


def test_forced_grid_checked_against_the_machine_and_shows_progress(monkeypatch, capsys):
    import pytest

    from algnet import grids
    from algnet.errors import TooLargeError

    # 1000^4 = 10^12 specs, 200 bytes each by the measured rate: 2 x 10^14 bytes, more than any machine here;
    # forced, it was expanded until the process was killed
    with pytest.raises(TooLargeError) as e:
        grids.expand_braces("dense {1..1000}-{1..1000}-{1..1000}-{1..1000} r=2", force=True)
    assert e.value.specs == 10**12 and e.value.memory_bytes == 200 * 10**12 and "more than this machine" in str(e.value)
    # a forced grid above the limit parses with a progress bar (9 million specs: minutes, silent before)
    monkeypatch.setattr(grids, "MAX_GRID", 3)
    assert len(grids.grid("linear {2,3}-1-{2,3}", force=True, show_progress=True)) == 4
    assert "grid linear {2,3}-1-{2,3}" in capsys.readouterr().err
