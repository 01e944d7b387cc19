"""The exported Macaulay2 / Singular scripts run as they are, for every kind of coordinate name.

Truth: a hand derivation. ``dense 2-1-1 r=2 bias`` computes f = v (w0 x0 + w1 x1 + b)^2 + b2: its quadratic,
linear and constant coefficients are those of v (w0, w1, b)^T (w0, w1, b), a rank-one symmetric 3 x 3 matrix (the
cone over the Veronese surface), with the constant term made free by b2. Forgetting the (1,1) entry projects the
Veronese surface from a point on it, onto the cubic scroll (dimension 2, degree 3, ideal of three quadrics); the free
constant adds one dimension: dim M = 4, degree 3. Macaulay2 and Singular recompute both from the exported ideal.
"""

import shutil
import subprocess

import pytest

from algnet import parse_spec
from algnet.analyses.export import elimination_script, sanitize_names
from algnet.analyses.implicit import implicitize


def _runs(cmd):
    if shutil.which(cmd[0]) is None:
        return False
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except Exception:
        return False


HAS_M2 = _runs(["M2", "--version"])
HAS_SINGULAR = _runs(["Singular", "-v", "-q", "--no-rc", "-c", "quit;"])


@pytest.fixture(scope="module")
def bias_result():
    net = parse_spec("dense 2-1-1 r=2 bias")      # one output with a constant term: coordinate c[1]
    return net, implicitize(net, max_degree=2, seed=0)


@pytest.mark.skipif(not HAS_M2, reason="Macaulay2 not installed")
def test_macaulay2_script_of_a_network_with_a_constant_term_runs(bias_result, tmp_path):
    net, res = bias_result
    assert "c[1]" in res.coordinate_names
    f = tmp_path / "a.m2"
    f.write_text(res.to_macaulay2() + "\nprint(dim I, degree I);\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(f)], capture_output=True, text=True, timeout=120)
    assert "(4, 3)" in out.stdout, out.stderr[-500:]
    g = tmp_path / "b.m2"
    g.write_text(elimination_script(net, "m2", res) + "\nexit 0\n")
    out = subprocess.run(["M2", "--script", str(g)], capture_output=True, text=True, timeout=120)
    assert "EQUAL" in out.stdout and "DIFFERENT" not in out.stdout, out.stderr[-500:]


@pytest.mark.skipif(not HAS_SINGULAR, reason="Singular not installed")
def test_singular_script_of_a_network_with_a_constant_term_runs(bias_result, tmp_path):
    _, res = bias_result
    f = tmp_path / "a.sing"
    f.write_text(res.to_singular() + "\nideal J = std(I); print(dim(J)); print(mult(J));\nquit;\n")
    out = subprocess.run(["Singular", "-q", str(f)], capture_output=True, text=True, timeout=120).stdout.split()
    assert out[-2:] == ["4", "3"]


def test_sanitized_names_have_a_digit_so_no_word_of_either_system():
    for spec in ("dense 2-1-1 r=2 bias", "dense 1-1-1 act=1,1", "linear 2-1-2 bias", "conv k=2,2 r=2"):
        san = sanitize_names(parse_spec(spec).coordinate_names())
        assert len(set(san)) == len(san)
        assert all(s.isalnum() and s[0].isalpha() and any(ch.isdigit() for ch in s) for s in san), san
