"""`algnet fibers --starts N` / `--max-unknowns N` are honoured or refused, never silently ignored (before,
--method homotopy --starts 5 ran as if no --starts had been given)."""

import pytest

from algnet.analyses.fibers import identifiability
from algnet.cli import main
from algnet.errors import ParameterError


@pytest.mark.parametrize("method, option", [("homotopy", {"starts": 5}), ("groebner", {"starts": 5}),
                                            ("none", {"starts": 5}), ("newton", {"max_unknowns": 5}),
                                            ("homotopy", {"max_unknowns": 5}), ("none", {"max_unknowns": 5}),
                                            ("none", {"max_seconds": 5.0})])
def test_an_option_the_method_never_uses_is_refused(method, option):
    with pytest.raises(ParameterError, match=f"not used with method '{method}'"):
        identifiability("dense 2-2-2 r=2", seed=0, method=method, **option)


def test_the_command_line_names_the_flag_and_the_route(capsys):
    assert main(["fibers", "dense 2-2-2 r=2", "--method", "homotopy", "--starts", "5"]) == 2
    err = capsys.readouterr().err
    assert "option --starts 5 is not used with method 'homotopy' (a monodromy count)" in err
    assert "hint: drop --starts, or --method newton" in err


def test_auto_says_when_its_route_did_not_use_starts():
    r = identifiability("dense 2-2-2 r=2", seed=0, starts=5)          # auto: a Groebner count
    assert r.count_method.startswith("groebner") and "starts=5 not used (a Groebner count ran)" in r.reason
    r = identifiability("dense 2-2-2 r=2", seed=0, max_unknowns=0)    # auto: no Groebner count, by max_unknowns
    assert not r.count_method.startswith("groebner") and "not used" not in r.reason


def test_starts_is_honoured_by_the_newton_count():
    r = identifiability("dense 2-2-2 r=2", seed=0, method="newton", starts=3)
    assert "up to 3 random starts" in r.count_method and "not used" not in r.reason
