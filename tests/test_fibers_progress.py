"""``fibers`` shows progress (it had none: a Newton count of 10^5 starts or a monodromy count ran minutes in
silence): the Newton starts with their total, the monodromy search's points; ``algnet fibers --progress``."""

from algnet.analyses.fibers import identifiability
from algnet.cli import main


def test_newton_count_shows_its_starts_with_the_total(capsys):
    r = identifiability("dense 2-2-2 r=2", seed=0, method="newton", starts=6, show_progress=True)
    err = capsys.readouterr().err
    assert "Newton starts" in err and "/6 " in err and r.fiber_count >= 1       # the total, from the first display
    identifiability("dense 2-2-2 r=2", seed=0, method="newton", starts=6)
    assert "Newton starts" not in capsys.readouterr().err


def test_cli_progress_of_a_monodromy_count(capsys):
    assert main(["fibers", "dense 2-2-2 r=2", "--method", "homotopy", "--seed", "0", "--progress"]) == 0
    out, err = capsys.readouterr()
    assert "monodromy" in err and "fiber" in out
