"""The trace test on regular solutions whose coordinates have very different sizes.

The tracker calls an endpoint singular when its Jacobian, rows equilibrated, has a condition number above 1e10;
rescaling the unknowns changes that number but not whether the Jacobian is singular. The trace test now tests such
endpoints again with the columns equilibrated too (:func:`algnet.homotopy.tracker_rescue.rescue_scaled`).

Truths:

* x^2 + c y = p1, x^2 - c y = p2 has the two roots x = +-sqrt((p1 + p2) / 2), y = (p1 - p2) / (2c) (by hand): both
  regular for every c != 0, their sum affine in p, one root alone not (sqrt is not affine).
* f = W3 (W2 (W1 x)^2)^3 (layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1)) is
  c1 q1^3 + c2 q2^3 with q_j = b_j1 l1^2 + b_j2 l2^2, l_k = (W1 x)_k: a sum of two cubes of binary quadratics.
  Then f = (q1 + q2)(q1 + w q2)(q1 + w^2 q2) (w^3 = 1, the c_j absorbed): three quadratics of the pencil <q1, q2>.
  For f generic on M only one of the 15 ways to pair its six roots gives three dependent quadratics (deg M = 15, the
  15 pairings), so the pencil is determined; in it the binary cubic g(u, v) = u^3 + v^3 with f = g(q1, q2) has a
  unique Waring decomposition (Sylvester), and the pencil's two squares l1^2, l2^2 are determined up to scale.
  Modulo the torus of rescalings (4 dimensions, fixed by pinning W1[k, 0] and W2[j, 0]) the fiber is the 2 x 2
  orders of the hidden neurons: 4 points. Macaulay2 checks it at a random integer point (second method).
"""

import shutil
import subprocess
import tempfile

import numpy as np
import pytest

from algnet.homotopy.homotopies import ParameterHomotopy
from algnet.homotopy.monodromy.trace import trace_test
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem
from algnet.homotopy.tracker import track
from algnet.homotopy.tracker_rescue import equilibrated_condition, rescue_scaled

SPEC = "layers Linear(2,2), Power(2), Linear(2,2), Power(3), Linear(2,1)"


def _two_roots(c=1e-12):
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2, 0): 1, (0, 1): c}, {(2, 0): 1, (0, 1): -c}]))
    p0 = np.array([4 + 1j + 1e-5, 4 + 1j - 1e-5])
    x, y = np.sqrt((p0[0] + p0[1]) / 2), (p0[0] - p0[1]) / (2 * c)       # |y| = 1e7, under the divergence norm
    v = (1 + 0.5j) * np.ones(2) + 1e-5j * np.array([1, -1])               # keeps |y| near 1e7 along the line
    return fam, np.array([[x, y], [-x, y]]), p0, v


def test_the_tracker_calls_the_badly_scaled_roots_singular():
    # the premise: the row-equilibrated condition number is about |2x| / c = 4e12, rows and columns equilibrated 1
    fam, X, p0, v = _two_roots()
    tr = track(ParameterHomotopy(fam, p0, p0 + v), X)
    assert tr.status == ("singular", "singular")
    _, J = fam.evaluate(tr.x, np.broadcast_to(p0 + v, (2, 2)))
    assert np.all(equilibrated_condition(J) < 10)


def test_trace_test_passes_both_badly_scaled_roots():
    fam, X, p0, v = _two_roots()
    r = trace_test(fam, X, p0, direction=v, seed=0)
    assert r.passed and r.failed_paths == 0 and r.paths == 4


def test_trace_test_still_fails_one_root_alone():
    fam, X, p0, v = _two_roots()
    r = trace_test(fam, X[:1], p0, direction=v, seed=0, functional=lambda Y: Y[:, 0])
    assert not r.passed and r.failed_paths == 0 and r.residual > 1e-4


def test_rescue_keeps_the_roots_at_their_true_values():
    fam, X, p0, v = _two_roots()
    p1 = p0 + v
    x1, y1 = np.sqrt((p1[0] + p1[1]) / 2), (p1[0] - p1[1]) / 2e-12
    ok, Z, cond = rescue_scaled(fam, np.array([[x1, y1], [-x1, y1]]) * (1 + 1e-9), np.broadcast_to(p1, (2, 2)))
    assert ok.all() and np.all(cond < 10)
    assert np.allclose(Z[:, 0], [x1, -x1], rtol=1e-12) and np.allclose(Z[:, 1], y1, rtol=1e-9)


def test_rescue_refuses_a_double_root():
    # x^2 = p at p = 0: the Jacobian 2x vanishes at the root whatever the scaling
    fam = OffsetFamily(PolynomialSystem.from_terms([{(2,): 1}]))
    ok, _, cond = rescue_scaled(fam, np.array([[1e-7]]), np.array([[0.0]]))
    assert not ok[0]


def _fiber_setup(seed):
    from algnet import parse_spec
    from algnet.analyses.dimension import local_rank
    from algnet.analyses.fibers import gauge_coordinates
    from algnet.analyses.fibers_torus import torus_gauge

    net = parse_spec(SPEC)
    rng = np.random.default_rng(seed)
    theta0 = [int(v) * int(s) for v, s in zip(rng.integers(1, 30, size=net.n_params),
                                              rng.choice([-1, 1], size=net.n_params))]
    assert local_rank(net, theta0, seed=seed, certify=False).rank == 6        # dim M = 6: 10 weights, 4 rescalings
    gauge, per_orbit = torus_gauge(net, theta0, gauge_coordinates(net, theta0))
    return net, theta0, gauge, per_orbit


@pytest.mark.parametrize("seed", [1, 2, 6])
def test_mixed_power_fiber_count_is_complete(seed):
    # seeds whose trace paths failed (82, 96 and 55 of 120: endpoints with coordinates from 1e-3 to 1e7 called
    # singular): the 15 image points (deg M) x 4 fiber points are found and the trace test passes
    from algnet.analyses.fibers_homotopy import homotopy_fiber_count
    from algnet.analyses.network_input import finite_actions

    net, theta0, gauge, per_orbit = _fiber_setup(seed)
    assert len(gauge) == 4 and per_orbit == 1
    r = homotopy_fiber_count(net, theta0, gauge, 6, seed, group_actions=finite_actions(net)[0])
    assert r.trace_test_passed and r.trace_test_failed_paths == 0 and r.complete
    assert (r.count, r.images, r.solutions, r.certified) == (4, 15, 60, 4)
    assert net.finite_symmetry_order() == 4


def test_mixed_power_identifiability_is_numerically_complete():
    # the whole command: the count passes its trace test, so no Groebner check mod p is needed (sympy's did not
    # finish in 20 CPU s on seeds 0-6 of this network) and the count is no longer a lower bound
    from algnet.analyses.fibers import identifiability

    r = identifiability(SPEC, seed=1)
    assert r.fiber_count == 4 == r.finite_symmetry_order and r.count_status == "numerical"
    assert r.trace_test_passed and r.certified_points == 4 and r.modular_count is None and not r.partial


_M2 = """
S = QQ[a11,a12,a21,a22,b11,b12,b21,b22,c1,c2][x,y];
l1 = a11*x + a12*y; l2 = a21*x + a22*y;
h1 = b11*l1^2 + b12*l2^2; h2 = b21*l1^2 + b22*l2^2;
co = flatten entries last coefficients (c1*h1^3 + c2*h2^3);
R = QQ[a11,a12,a21,a22,b11,b12,b21,b22,c1,c2];
co = apply(co, p -> sub(p, R));
th = {THETA};
pt = map(QQ, R, th);
I = ideal(apply(co, p -> p - pt(p)) | {a11 - th#0, a21 - th#2, b11 - th#4, b21 - th#6});
print(#co, dim I, degree I);
"""


@pytest.mark.slow      # Macaulay2's start and basis: about 5 CPU s, 12 s under load
@pytest.mark.skipif(shutil.which("M2") is None, reason="Macaulay2 not installed")
def test_mixed_power_fiber_against_macaulay2():
    # M2's own expansion of the map; the gauge pins the first weight of each hidden neuron of both layers (the torus
    # meets that slice once). Its degree counts the fiber over the integer point with multiplicities; Krawczyk's test
    # proves 4 distinct points over a random complex one: 4 simple points
    from algnet.analyses.fibers_homotopy import homotopy_fiber_count
    from algnet.analyses.network_input import finite_actions

    net, theta0, gauge, _ = _fiber_setup(1)
    with tempfile.NamedTemporaryFile("w", suffix=".m2") as fh:
        fh.write(_M2.replace("THETA", ", ".join(map(str, theta0))))
        fh.flush()
        out = subprocess.run(["M2", "--script", fh.name], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["(7,", "0,", "4)"]
    r = homotopy_fiber_count(net, theta0, gauge, 6, 1, group_actions=finite_actions(net)[0])
    assert r.count == r.certified == 4
