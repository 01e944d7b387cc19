"""An empty ``--only`` is refused (it used to select every theorem silently)."""

import subprocess
import sys

import pytest

from algnet.errors import ParameterError
from algnet.theorems.verification import verify


@pytest.mark.parametrize("only", ["", "   "])
def test_empty_only_is_refused(only):
    with pytest.raises(ParameterError, match="empty theorem name"):
        verify(quick=True, only=only)


def test_empty_only_on_the_command_line():
    p = subprocess.run([sys.executable, "-m", "algnet", "verify", "--quick", "--only", ""],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 2, (p.returncode, p.stdout[-500:], p.stderr[-500:])
    assert "empty theorem name" in p.stderr and "Traceback" not in p.stderr
