"""`algnet regions --box -5,5,-1,1`: argparse reads the negative value as an option; the error names --box=..."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_negative_box_value_error_names_the_equals_form():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "algnet", "regions", "relu 2-3-1", "--box", "-5,5,-1,1"],
                       capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=300)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "--box=-5,5,-1,1" in r.stderr


def test_the_equals_form_works():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "algnet", "regions", "relu 2-3-1", "--box=-5,5,-1,1", "--json"],
                       capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=300)
    assert r.returncode == 0, r.stderr
    import json

    assert json.loads(r.stdout)["box"] == ["-5", "5", "-1", "1"]
