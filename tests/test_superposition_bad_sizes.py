"""`algnet superposition` with a non-positive number of features or hidden dimensions names the bad option
(it said "m=2 >= n=0: no superposition is needed")."""

import pytest

from algnet.cli import main


@pytest.mark.parametrize("argv, name", [(["--n", "0"], "--n 0"), (["--n", "-3"], "--n -3"),
                                        (["--n", "5", "--m", "0"], "--m 0")])
def test_non_positive_sizes_are_named(argv, name, capsys):
    assert main(["superposition", *argv]) == 2
    err = capsys.readouterr().err
    assert name in err and "positive integer" in err and "Traceback" not in err
