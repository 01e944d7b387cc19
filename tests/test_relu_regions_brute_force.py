"""ReLU regions and functional dimension against an independent brute force.

The referee written here shares no code with algnet.relu: the regions are enumerated as the activation patterns
whose polyhedron {z : the pre-activations have those signs} has interior (one scipy/HiGHS linear programme per
partial pattern, maximising the slack; a set of inputs with a fixed pattern is an intersection of half-planes, so
convex, so one region per pattern); a region is bounded when no coordinate is unbounded on it (LP). The
functional dimension is the exact rank over QQ (Fractions, Gaussian elimination) of the Jacobian of
theta -> F_theta(z) by hand-written backpropagation at n_0 + 1 affinely independent rational points of every
region. Only the weight layout (``net.unflatten``) is taken from algnet, and the forward pass written here is
checked against ``net.evaluate``. Random rational weights (generic) and weights in {-1, 0, 1} (parallel and
concurrent lines, dead neurons, pre-activations identically zero on a region).
"""

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from algnet import parse_spec
from algnet.errors import NonSmoothPointError
from algnet.relu import functional_dimension, linear_regions


def _layers(net, theta):
    d = net.unflatten(theta)
    return [(np.array(d[f"W{i}"], dtype=object), np.array(d[f"b{i}"], dtype=object))
            for i in range(1, len(net.widths))]


def _slack(cons, n0):
    """max s with a.z + c >= s for every (a, c) in cons, s <= 1 (-1 when infeasible)."""
    if not cons:
        return 1.0, np.zeros(n0)
    A = np.array([np.r_[-a, 1.0] for a, _ in cons])
    b = np.array([c for _, c in cons])
    res = linprog(np.r_[np.zeros(n0), -1.0], A_ub=A, b_ub=b, bounds=[(None, None)] * n0 + [(None, 1.0)],
                  method="highs")
    return (res.x[-1], res.x[:n0]) if res.status == 0 else (-1.0, None)


def _regions(Ws, n0, box=None, tol=1e-9):
    """[(pattern, constraints, interior point)] of every activation region (of the box, or of R^n0)."""
    Wf = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in Ws]
    box_cons = []
    for i in range(n0 if box is not None else 0):
        e = np.eye(n0)[i]
        box_cons += [(e, -float(box[2 * i])), (-e, float(box[2 * i + 1]))]
    out = []

    def layer(k, M, m0, cons, pattern):
        if k == len(Wf) - 1:
            s, z = _slack(cons + box_cons, n0)
            if s > tol:
                out.append((tuple(pattern), cons, z))
            return
        P, p0 = Wf[k][0] @ M, Wf[k][0] @ m0 + Wf[k][1]

        def neuron(j, cons_j, signs):
            if _slack(cons_j + box_cons, n0)[0] <= tol:
                return
            if j == len(p0):
                D = np.diag(signs).astype(float)
                layer(k + 1, D @ P, D @ p0, cons_j, pattern + signs)
            elif not np.any(P[j]) and p0[j] == 0:        # identically zero here: cuts nothing, outputs 0
                neuron(j + 1, cons_j, signs + [0])
            else:
                neuron(j + 1, cons_j + [(P[j], p0[j])], signs + [1])
                neuron(j + 1, cons_j + [(-P[j], -p0[j])], signs + [0])

        neuron(0, cons, [])

    layer(0, np.eye(n0), np.zeros(n0), [], [])
    return out


def _bounded(cons, n0):
    A, b = np.array([-a for a, _ in cons]), np.array([c for _, c in cons])
    for i in range(n0):
        for sign in (1, -1):
            r = linprog(-sign * np.eye(n0)[i], A_ub=A, b_ub=b, bounds=[(None, None)] * n0, method="highs")
            if r.status == 3:
                return False
    return True


def _forward(Ws, z):
    h = np.array(z, dtype=object)
    acts = [h]
    for i, (W, b) in enumerate(Ws):
        a = W.dot(h) + b
        if i < len(Ws) - 1:
            h = np.array([v if v > 0 else Fraction(0) for v in a], dtype=object)
            acts.append(h)
        else:
            h = a
    return h, acts


def _jacobian_rows(Ws, z):
    """d F(z) / d theta (per output; the columns in any fixed order: the rank does not depend on it)."""
    _, acts = _forward(Ws, z)
    rows = []
    for o in range(Ws[-1][0].shape[0]):
        g = np.array([Fraction(int(i == o)) for i in range(Ws[-1][0].shape[0])], dtype=object)
        row = []
        for i in range(len(Ws) - 1, -1, -1):
            row += list(np.outer(g, acts[i]).reshape(-1)) + list(g)
            if i:
                g = Ws[i][0].T.dot(g) * np.array([1 if v > 0 else 0 for v in acts[i]])
        rows.append(row)
    return rows


def _rank(rows):
    M, rank = [list(map(Fraction, r)) for r in rows], 0
    for c in range(len(M[0])):
        piv = next((i for i in range(rank, len(M)) if M[i][c] != 0), None)
        if piv is None:
            continue
        M[rank], M[piv] = M[piv], M[rank]
        for i in range(len(M)):
            if i != rank and M[i][c] != 0:
                f = M[i][c] / M[rank][c]
                M[i] = [x - f * y for x, y in zip(M[i], M[rank])]
        rank += 1
    return rank


def _points(cons, z, n0, rng):
    """n0 + 1 rational points around the LP's interior point z, well inside the region."""
    slack = min((a @ z + c for a, c in cons), default=1.0)
    r = slack / (4 * (1 + max((np.linalg.norm(a) for a, _ in cons), default=1.0)))
    pts = [z] + [z + rng.uniform(-1, 1, n0) * r for _ in range(n0)]
    return [[Fraction(float(v)).limit_denominator(10**9) for v in p] for p in pts]


def _referee_fd(Ws, regions, n0):
    rng = np.random.default_rng(0)
    rows = []
    for _, cons, z in regions:
        for p in _points(cons, z, n0, rng):
            rows += _jacobian_rows(Ws, p)
    return _rank(rows)


def _check(spec, theta, box=None):
    net = parse_spec(spec)
    Ws, n0 = _layers(net, theta), net.widths[0]
    rng = np.random.default_rng(1)
    for _ in range(3):                       # the forward pass written here is the network's
        z = [Fraction(int(v), 7) for v in rng.integers(-20, 20, n0)]
        assert list(_forward(Ws, z)[0]) == list(net.evaluate(theta, [z])[0])
    regions = _regions(Ws, n0, box)
    part = linear_regions(net, theta, **({"box": box} if box else {"plane": True}))
    assert part.count == len(regions)
    if box is None:
        assert part.n_bounded == sum(_bounded(c, n0) for _, c, _ in regions)
        try:
            fd = functional_dimension(net, theta)
        except NonSmoothPointError:
            return                           # a neuron identically zero on a region whose output reaches F
        assert fd.functional_dimension == _referee_fd(Ws, regions, n0)


@pytest.mark.parametrize("spec, seed", [("relu 2-3-1", 0), ("relu 2-3-2-1", 0), ("relu 2-4-3-1", 1),
                                        ("relu 1-3-2-1", 0), ("relu 1-4-4-1", 3),
                                        pytest.param("relu 2-5-3-2", 4, marks=pytest.mark.slow)])
def test_regions_and_fd_random_weights(spec, seed):
    """Whole plane (or line): regions, bounded regions, functional dimension."""
    net = parse_spec(spec)
    _check(spec, net.random_params(seed=seed))


@pytest.mark.parametrize("spec, seed", [("relu 2-3-1", 0), ("relu 2-4-3-1", 2)])
def test_regions_in_a_box(spec, seed):
    net = parse_spec(spec)
    _check(spec, net.random_params(seed=seed), box=(-1, 1, -1, 1))


@pytest.mark.parametrize("spec", ["relu 2-3-2-1", "relu 1-3-2-1", "relu 2-4-2-1", "relu 2-2-2-2-1"])
def test_regions_and_fd_degenerate_weights(spec):
    """Weights in {-1, 0, 1}: parallel and concurrent lines, dead and identically-zero neurons (4 seeds each; 30
    seeds each agreed in a one-off longer run)."""
    net = parse_spec(spec)
    for s in range(4):
        _check(spec, [int(v) for v in np.random.default_rng(s).integers(-1, 2, net.n_params)])


@pytest.mark.parametrize("spec, seed", [("relu 3-2-2-1", 1), ("relu 3-3-1", 0)])
def test_three_inputs_slice_is_an_honest_lower_bound(spec, seed):
    """With 3 inputs a 2-D slice gives a lower bound, certified only when it reaches D'. The referee enumerates the
    regions of R^3 (same LP method) for the true functional dimension: relu 3-2-2-1 seed 1 has 10 (< D' = 13),
    relu 3-3-1 seed 0 has 13 = D'; the standard slice sees 8 and 10, neither certified."""
    from algnet.relu.regions import Slice

    net = parse_spec(spec)
    theta = net.random_params(seed=seed)
    Ws = _layers(net, theta)
    true = _referee_fd(Ws, _regions(Ws, 3), 3)
    fd = functional_dimension(net, theta, slice=Slice.standard(3))
    assert fd.functional_dimension <= true <= fd.bound
    assert fd.certified == (fd.functional_dimension == fd.bound)
