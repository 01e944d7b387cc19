"""Hilbert function and polynomial against independent truths.

Truths: the Segre coordinate ring (H(e) = binom(e+m-1, e) binom(e+n-1, e)),
polynomial rings, the determinantal degree formula (Harris Ex. 19.10), the
convolutional degree formula (Shahverdi-Marchetti-Kohn), the Jacobian
dimension, and Singular's multiplicity of the eliminated ideal when installed.
"""

import shutil
import subprocess
from math import comb

import pytest

from algnet import parse_spec
from algnet.analyses.hilbert import hilbert_function, hilbert_numerator, hilbert_polynomial_from_values
from algnet.errors import TooLargeError
from algnet.theorems.formulas import conv_degree, determinantal_degree


def test_segre_values():
    # 3x4 matrices of rank <= 1: the Segre embedding of P^2 x P^3
    h = hilbert_function(parse_spec("linear 4-1-3"), up_to=5, seed=3)
    assert h.values == tuple(comb(e + 2, 2) * comb(e + 3, 3) for e in range(6))
    assert h.stabilized and h.dimension == 6 and h.degree == determinantal_degree(3, 4, 1) == 10


@pytest.mark.parametrize("spec,m,n,r,stops", [("linear 4-2-3", 3, 4, 2, 4), ("linear 4-2-4", 4, 4, 2, 6)])
def test_determinantal_degree(spec, m, n, r, stops):
    h = hilbert_function(parse_spec(spec), up_to=10, seed=0, until_stable=True)
    # stops two degrees after the last nonzero coefficient of the numerator Q (h-vector)
    assert h.stabilized and h.up_to == stops
    assert h.degree == determinantal_degree(m, n, r)
    assert h.dimension == r * (m + n - r)
    # the fields the degree command (issue 4) reads
    assert isinstance(h.values, tuple) and h.polynomial and h.polynomial[0] == 1


def test_conv_degree():
    h = hilbert_function(parse_spec("conv k=2,2 r=2"), up_to=5, seed=0)
    assert (h.dimension, h.degree) == (3, conv_degree([2, 2], 2))
    # leading coefficient of the Hilbert polynomial: degree / (dim - 1)!
    assert h.polynomial[-1] * 2 == h.degree


def test_not_stabilized_is_reported():
    h = hilbert_function(parse_spec("linear 4-2-4"), up_to=3, seed=0)
    assert not h.stabilized and h.degree is None
    assert "up to degree 3" in h.stabilization or "not become polynomial" in h.stabilization


def test_polynomial_ring_numerator():
    vals = [comb(4 + e - 1, e) for e in range(7)]
    assert hilbert_numerator(vals, 4) == [1, 0, 0, 0, 0, 0, 0]
    k, Q, P, ev = hilbert_polynomial_from_values(vals)
    assert (k, Q, ev) == (4, [1], 6)


def test_dominant_and_graded_routes_agree():
    net = parse_spec("dense 2-2-3 r=2")
    a = hilbert_function(net, up_to=4, seed=0)
    b = hilbert_function(net, up_to=4, seed=9, grading="total")
    assert a.values == b.values
    c = hilbert_function(parse_spec("dense 2-3-4 r=2"), up_to=3, seed=0)
    assert c.values == tuple(comb(11 + e, e) for e in range(4)) and c.degree == 1


def test_guard_and_time_limit():
    with pytest.raises(TooLargeError) as err:
        hilbert_function(parse_spec("linear 6-4-6"), up_to=9, seed=0)
    assert err.value.hint
    h = hilbert_function(parse_spec("dense 3-3-3 r=2"), up_to=9, seed=0, time_limit=1.5)
    assert h.partial and len(h.values) < 10


@pytest.mark.skipif(shutil.which("Singular") is None, reason="Singular not installed")
def test_degree_agrees_with_singular(tmp_path):
    from algnet.analyses.export import elimination_script

    net = parse_spec("dense 3-2-2 r=2")
    h = hilbert_function(net, up_to=5, seed=0)
    f = tmp_path / "d.sing"
    f.write_text(elimination_script(net, "singular").replace("print(E);", "ideal J = std(E); print(dim(J));"
                                                             " print(mult(J));") + "\nquit;\n")
    out = subprocess.run(["Singular", "-q", str(f)], capture_output=True, text=True, timeout=120).stdout.split()
    # E lives in the ring with the parameters too: its dimension counts them as free variables
    assert h.stabilized and (h.dimension, h.degree) == (int(out[0]) - net.n_params, int(out[1]))


def test_probability_bound_covers_every_graded_piece_of_every_degree():
    # 2x2 matrices of rank <= 1: the quadric cone of P^3, H(e) = (e + 1)^2; a_ij = w2_i w1_j has degree 2 in the
    # parameters. A rank h at degree e fails with probability <= h e 2 / p (Schwartz-Zippel on a maximal minor),
    # so the statement about all of H(1..4) needs the union (4*1 + 9*2 + 16*3 + 25*4) * 2 / p = 340 / p
    h = hilbert_function("linear 2-1-2", up_to=4, seed=0)
    assert h.values == (1, 4, 9, 16, 25)
    assert h.probability_bound >= 340 / h.primes[0]
