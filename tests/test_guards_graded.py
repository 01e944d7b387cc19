"""Guards of the graded pieces (Hilbert function, implicitization): the time of all pieces is estimated
before the first one and refused above the default CPU budget when no time limit is given; listing the
monomials of a degree is checked against the memory limit before they are built."""

import time
from math import comb

import pytest

import algnet.analyses.hilbert.compute as hilbert_compute
import algnet.analyses.implicit.compute as implicit_compute
from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function
from algnet.analyses.hilbert.engine import GradedEngine
from algnet.analyses.implicit import implicitize
from algnet.errors import TooLargeError

# linear 3-2-3: the 3 x 3 matrices of rank <= 2 in 9 coordinates, the hypersurface det = 0 (one cubic), so by
# hand H(2) = C(10, 2) = 45 and H(3) = C(11, 3) - 1 = 164.
SPEC = "linear 3-2-3"


def _estimate(spec, degree, rank_passes=1):
    engine = GradedEngine(parse_spec(spec), seed=0)
    engine.set_linear(engine.linear_leading_vars(engine.primes[0]))
    engine.rank_passes = rank_passes        # the Hilbert function ranks a piece below full rank at two primes
    return engine.estimate(degree)


def test_hilbert_refused_above_the_default_budget_with_the_degree_that_fits(monkeypatch):
    est = _estimate(SPEC, 3, rank_passes=2)["by_degree"]
    assert 0 < est[2] < est[3]
    monkeypatch.setattr(hilbert_compute, "PIECES_BUDGET", (est[2] + est[3]) / 2)
    t = time.process_time()
    with pytest.raises(TooLargeError) as e:
        hilbert_function(SPEC, up_to=3, seed=0)
    assert time.process_time() - t < 10
    msg = str(e.value)
    assert "up to degree 3" in msg and "default budget" in msg and "of CPU" in msg
    assert "up_to=2" in e.value.hint and "time_limit=" in e.value.hint and "force=True" in e.value.hint
    assert e.value.seconds == pytest.approx(est[3], rel=0.01)
    # the route named in the hint is not refused, and the values are the hand-computed ones
    assert hilbert_function(SPEC, up_to=2, seed=0).values == (1, 9, comb(10, 2))
    # forced, or with a time limit (the pieces then stop at the limit instead), the full run goes through
    assert hilbert_function(SPEC, up_to=3, seed=0, force=True).values[3] == comb(11, 3) - 1
    assert hilbert_function(SPEC, up_to=3, seed=0, time_limit=300).values[3] == comb(11, 3) - 1


def test_implicitize_refused_above_the_default_budget(monkeypatch):
    monkeypatch.setattr(implicit_compute, "PIECES_BUDGET", 1e-9)
    with pytest.raises(TooLargeError) as e:
        implicitize(SPEC, max_degree=3, seed=0, certify=False)
    assert "implicitization up to degree 3" in str(e.value) and "default budget" in str(e.value)
    # the lower degree offered is one its own checks let run (degree 1 is not budgeted in implicitize)
    assert "max_degree=1" in e.value.hint and "force=True" in e.value.hint
    assert implicitize(SPEC, max_degree=1, seed=0, certify=False).complete_up_to_degree == 1
    r = implicitize(SPEC, max_degree=3, seed=0, certify=False, force=True)
    assert [g.degree for g in r.generators] == [3] and r.complete_up_to_degree == 3      # the determinant


def test_cli_refusal_names_the_flags(monkeypatch, capsys):
    from algnet.cli import main

    monkeypatch.setattr(hilbert_compute, "PIECES_BUDGET", 1e-9)
    assert main(["hilbert", SPEC, "--up-to", "3"]) == 2
    err = capsys.readouterr().err
    assert "default budget" in err and "--time-limit" in err and "--force" in err
    assert "Traceback" not in err
    # no lower --up-to is offered: at this budget even up_to=1 is refused
    assert "--up-to" not in err.split("hint:")[1]
    with pytest.raises(TooLargeError):
        hilbert_function(SPEC, up_to=1, seed=0)


def test_listing_the_monomials_is_checked_against_the_memory_limit(monkeypatch):
    engine = GradedEngine(parse_spec(SPEC), seed=0)
    engine.set_linear(engine.linear_leading_vars(engine.primes[0]))
    k = engine.grading.weights.shape[0]
    # by hand: C(9 + 8 - 1, 8) = 12870 monomials of degree 8 (homogeneous) in the 9 coordinates
    assert engine.level_count(8) == comb(16, 8)
    assert engine.level_bytes(8) == comb(16, 8) * max(56 + 24 * 8, 8 * 8 * k + 24 * k + 16 * 8) > 2**20
    monkeypatch.setenv("ALGNET_MEMORY_LIMIT", "1M")
    first = min(e for e in range(2, 9) if comb(9 + e - 1, e) * max(56 + 24 * e, 8 * e * k + 24 * k + 16 * e) > 2**20)
    with pytest.raises(TooLargeError) as e:
        engine.check_size(8, 10**7, 10**6, False, "Hilbert function")
    assert f"listing the {comb(9 + first - 1, first)} monomials of degree {first}" in str(e.value)
    assert f"up_to={first - 1}" in e.value.hint and "grading='total'" in e.value.hint
    assert first not in engine.levels and 8 not in engine.levels          # refused before the listing
    assert engine.check_size(first - 1, 10**7, 10**6, False, "Hilbert function") == first - 1
