"""The command line: sub-commands, JSON, errors without tracebacks."""

import json
import subprocess
import sys

from algnet.cli import main


def test_dim_json(capsys):
    assert main(["dim", "linear 4-2-3", "--json", "--seed", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dimension"] == 10 and out["certified"] is True and out["seed"] == 1


def test_dim_text(capsys):
    assert main(["dim", "conv k=2,2 r=2", "--seed", "0"]) == 0
    assert "dimension       3" in capsys.readouterr().out


def test_bad_spec_is_a_clean_error():
    proc = subprocess.run([sys.executable, "-m", "algnet", "dim", "dense 3-y-1 r=2"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "3-y-1" in proc.stderr and "grammar" in proc.stderr


def test_verify_quick_json(capsys):
    code = main(["verify", "--quick", "--json", "--only", "dimension"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["all_agree"] and len(out["rows"]) > 10
