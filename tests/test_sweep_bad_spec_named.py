"""A bad --spec next to a --grid is reported as the --spec it is (it was "grid 'dense 3-2-1 r=0' gives the invalid
spec ...", naming a grid the user never wrote)."""

from algnet.cli import main


def test_a_bad_spec_beside_a_grid_is_named_as_a_spec(tmp_path, capsys):
    rc = main(["sweep", "dim", "--spec", "dense 3-2-1 r=0", "--grid", "dense {2..3}-1-1 r=2", "--seeds", "0",
               "--db", str(tmp_path / "s.sqlite"), "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "--spec 'dense 3-2-1 r=0'" in err and "r must be >= 1" in err
    assert "grid 'dense 3-2-1 r=0'" not in err and "Traceback" not in err
    assert not (tmp_path / "s.sqlite").exists()         # refused before the store is made
