"""The capped silent phases of a fiber count show a bar of their seconds against the cap, and a Ctrl-C in the
Groebner check of a monodromy count returns that count as a lower bound.

conv k=2,2 r=1 multiplies two linear filters: modulo the rescaling, its fiber is the two orders of the roots of
the quadratic product (2 points, by hand)."""

import algnet.analyses.fibers_modular as fm
from algnet import parse_spec
from algnet.analyses.fibers_modular import MODULAR_CHECK_CPU, _modular_check

SPEC, THETA, GAUGE = "conv k=2,2 r=1", [2, 3, 5, 7], (0,)


def test_the_groebner_check_shows_its_cap_as_the_total(capsys):
    count, modular, primes, note, stopped = _modular_check(parse_spec(SPEC), THETA, GAUGE, 1, 1, None, False,
                                                           show_progress=True)
    assert (count, modular, stopped) == (2, 2, False)
    err = capsys.readouterr().err
    assert "checking the count: a Groebner basis over GF(" in err
    assert f"/{MODULAR_CHECK_CPU:.1f} CPU s" in err


def test_no_bar_without_progress(capsys):
    assert _modular_check(parse_spec(SPEC), THETA, GAUGE, 1, 1, None, False)[0] == 2
    assert capsys.readouterr().err == ""


def test_ctrl_c_in_the_groebner_check_keeps_the_monodromy_count_as_a_lower_bound(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fm, "_modular_counts", interrupted)
    count, modular, primes, note, stopped = _modular_check(parse_spec(SPEC), THETA, GAUGE, 1, 1, None, False)
    assert (count, modular, primes, stopped) == (1, None, (), True)
    assert "interrupted" in note
