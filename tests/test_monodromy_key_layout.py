"""The monodromy solver's keys built in the key function's layout, and ``Edge.record`` through ``Edge.sync``."""

import numpy as np
import pytest

from algnet import parse_spec
from algnet.errors import ParameterError
from algnet.analyses.witness import NetworkValues
from algnet.homotopy.monodromy.graph import Edge, SolutionSet
from algnet.homotopy.pinned import FixedPinFamily, PinnedFamily, full_points
from algnet.homotopy.systems import OffsetFamily, PolynomialSystem


def _family():
    G = PolynomialSystem.from_terms([{(1, 1, 0): 1, (0, 0, 1): 2}, {(0, 1, 0): 1}, {(0, 0, 1): 1, (1, 0, 0): 3}])
    return OffsetFamily(G)


@pytest.mark.parametrize("fixed", [False, True])
def test_full_points_in_fortran_order_are_the_same_numbers(fixed):
    fam = _family()
    pins = [(1, 1, 1)]
    pf = FixedPinFamily(fam, pins, [2.5 - 1j]) if fixed else PinnedFamily(fam, pins)
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 2)) + 1j * rng.normal(size=(7, 2))
    P = rng.normal(size=(7, pf.n_params)) + 1j * rng.normal(size=(7, pf.n_params))
    C, F = full_points(pf, X, P), full_points(pf, X, P, order="F")
    assert C.flags.c_contiguous and F.flags.f_contiguous and not F.flags.c_contiguous
    assert np.array_equal(C, F)
    pinned = np.full(7, 2.5 - 1j) if fixed else P[:, 1]
    assert np.array_equal(F[:, 1], pinned) and np.array_equal(F[:, [0, 2]], X)
    assert pf.full_needs_parameters is not fixed
    if fixed:                                        # a fixed pin's points need no parameters
        assert np.array_equal(full_points(pf, X, None, order="F"), C)
    with pytest.raises(ParameterError, match="unknown order"):
        full_points(pf, X, P, order="K")


def test_values_read_columns_the_same_bit_for_bit():
    net = parse_spec("dense 3-2-2 r=2")
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(6, 3)) + 1j * rng.normal(size=(6, 3))
    vals = NetworkValues(net, Z, rng)
    assert vals.values.points_order == "F"
    T = rng.normal(size=(11, net.n_params)) + 1j * rng.normal(size=(11, net.n_params))
    a = vals.values(T)
    b = vals.values(np.asfortranarray(T))
    assert a.tobytes() == b.tobytes()
    # and the values themselves against the network's own evaluation (an independent route)
    from algnet.core.backends import Complex

    ref = np.stack([net.evaluate(t, Z, backend=Complex()).reshape(-1) for t in T])
    assert np.allclose(a, ref, rtol=1e-12, atol=1e-12)


def test_solver_keys_do_not_depend_on_the_layout():
    from algnet.analyses.degree import degree
    from algnet.analyses.degree_monodromy import degree_options

    spec = "linear 3-1-3"
    opts = degree_options(parse_spec(spec), stop_at_expected=False)
    kw = dict(seed=1, options=opts, method="monodromy", fiber=False, certify=False, confirm=False, force=True)
    r_f = degree(spec, **kw)
    NetworkValues.values.points_order = "C"
    try:
        r_c = degree(spec, **kw)
    finally:
        NetworkValues.values.points_order = "F"
    assert r_f.degree == r_c.degree == 6          # rank <= 1 3x3 matrices: the Segre P2 x P2, degree 6
    assert (r_f.paths, r_f.loops, r_f.trace_test_residual) == (r_c.paths, r_c.loops, r_c.trace_test_residual)
    assert np.asarray(r_f.witness_function).tobytes() == np.asarray(r_c.witness_function).tobytes()


def test_record_extends_the_other_side_as_sync_does():
    nodes = [SolutionSet(np.zeros(1), 1, 1e-8, np.ones(1, dtype=complex)) for _ in range(2)]
    for v in (1, 2):
        nodes[0].find_or_add(np.array([v + 0j]), np.array([v + 0j]))
    e, f = Edge(0, 1), Edge(0, 1)
    e.sync(nodes)
    e.inflight[0] = 2
    for v in (5, 6, 7):                              # three points of node 1 appear after the last sync
        nodes[1].find_or_add(np.array([v + 0j]), np.array([v + 0j]))
    e.record(0, 1, 2, nodes)                         # point 1 of node 0 went to point 2 of node 1
    assert e.done[1].tolist() == [False, False, True] and e.match[1].tolist() == [-1, -1, 1]
    assert e.done[0].tolist() == [False, False] and e.match[0].tolist() == [-1, 2] and e.inflight.tolist() == [1, 0]
    f.sync(nodes)                                    # the same lengths as a full sync
    assert [len(x) for x in e.done] == [len(x) for x in f.done] == [2, 3]
    e.record(0, 0, 2, nodes)                         # a second point to the same partner: its first match stays
    assert e.match[1].tolist() == [-1, -1, 1] and e.match[0].tolist() == [2, 2]
