"""superposition loss1: an out-of-range --full-loss names that option; a negative L_0 weight is refused."""

import pytest

from algnet.cli import main
from algnet.errors import ParameterError
from algnet.superposition.certify import certify_polygon_minimum
from algnet.superposition.loss1 import polygon_analysis


def _err(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "algnet: error" in err and "Traceback" not in err
    return err


@pytest.mark.parametrize("s", ["2", "0", "1", "-0.5"])
def test_full_loss_sparsity_outside_0_1_names_the_option(capsys, s):
    err = _err(capsys, ["superposition", "loss1", "--polygon", "5", f"--full-loss={s}"])
    assert "--full-loss" in err and "--sparsity" not in err


def test_negative_l0_weight_is_refused(capsys):
    # lambda = S / (1 - S) >= 0 for every sparsity S in [0, 1): a negative weight is no sparsity at all
    err = _err(capsys, ["superposition", "loss1", "--polygon", "5", "--l0-weight=-1"])
    assert "negative" in err and "--l0-weight" in err and "+ -1 L_0" not in err
    for call in (lambda: polygon_analysis(5, l0_weight=-1), lambda: certify_polygon_minimum(5, l0_weight="-1/2")):
        with pytest.raises(ParameterError):
            call()


def test_positive_l0_weight_still_runs(capsys):
    assert main(["superposition", "loss1", "--polygon", "5", "--l0-weight", "9"]) == 0
    assert "L_1 + 9 L_0" in capsys.readouterr().out
