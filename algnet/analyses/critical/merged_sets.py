"""Critical sets off the coordinate subspaces met by the zero-pattern search (:mod:`.zero_patterns`): where neurons
merge.

Where two neurons have proportional incoming weights (w_j = t w_i) they merge into one: the network is the smaller one
with the output weight a_i + t^r a_j (r the degree of a homogeneous activation), and every critical point of the
smaller network is a critical set of the larger one of dimension at least 1 modulo its rescalings (Fukumizu-Amari
2000: the gradient in w_i is a_i times the smaller network's gradient in the merged weights, the gradient in a_i its
gradient in the merged output weight). No coordinate subspace holds such a set, but it passes through w_j = 0 (t = 0),
a zero pattern the search solves: there its point lies on a larger critical set, and when no searched pattern holds
that set's generic points it is kept, with its dimension measured in the parameters (:func:`larger_set_off_patterns`).
dense 2-2-1 r=2 has four (w1 || w2 over the four critical points of l on the rank-one quadrics; Macaulay2's
decomposition of the critical ideal), each reported before as an isolated point while the result said complete.

Without rescalings (an activation that is not homogeneous, e.g. act=0,1,1: sigma(t) = t + t^2) two neurons of one
hidden layer merge only when their incoming weights (and biases) are EQUAL: then a_i sigma(<w, x>) + a_j sigma(<w, x>)
= (a_i + a_j) sigma(<w, x>), so every critical point of the network with neuron j removed (a stratum of the spurious
search, where neuron j's weights are 0) is a critical set {w_j = w_i, a_i + a_j = a} of dimension at least the
output width (the gradient in w_i, w_j is a_i / a, a_j / a times the smaller network's gradient in w, the one in
a_i, a_j its gradient in a; Fukumizu-Amari 2000). No zero pattern meets it (it does not pass through w_j = 0):
:func:`equal_neuron_copies` builds a point of it from each stratum point. dense 2-2-1 act=0,1,1, Q = I, target
u = (0, 1, 2, 1, -1, 1): w1 = w2 = (1, 0), a1 + a2 = 1 is such a line (Macaulay2's minimal primes; before: not
reported, the result said complete). So is a neuron dead at its output without rescalings: a_j = 0 and w_j anywhere
on the cone <g, sigma(<w_j, x>)> = 0 is a set of dimension (inputs) - (outputs) over the smaller network's critical
point, with no rescaling to quotient it by (:func:`dead_output_points`; the same example: a2 = 0, w2 = (s, 0)).
"""

from __future__ import annotations

import numpy as np

__all__ = ["larger_set_off_patterns", "equal_neuron_copies", "equal_neuron_sets", "dead_output_points", "EQUAL_NEURONS",
           "DEAD_OUTPUT", "is_neuron_set",
           "without_points_on_sets", "unsolved_neuron_stratum"]

#: the source of a critical set of neurons with equal incoming weights (a network without rescalings)
EQUAL_NEURONS = "{}, neurons {} and {} of hidden layer {} equal (merged)"
#: the source of a critical set of a neuron whose outgoing weights are 0 (a network without rescalings)
DEAD_OUTPUT = "{}, neuron {} of hidden layer {} with outgoing weights 0"


def larger_set_off_patterns(full, u, blocks, theta, pdim, near, complete):
    """(a point, its dimension modulo the symmetries) of the larger critical set through the critical point theta of a
    zero pattern (local dimension ``pdim`` in the parameters; ``near``: critical points found near theta) when no
    searched subspace holds its generic points, else None. Its generic points are taken to have the zero blocks of the
    point of ``near`` with the fewest (the largest branch); they are searched when that pattern was (a key of
    ``complete``), and they are the main solve's when d mu has full rank there (the fiber of a pure point).

    Why: where two neurons have proportional incoming weights they merge into one (the network is the smaller one with
    the output weight a_i + t^r a_j, Fukumizu-Amari 2000), and every critical point of the smaller network is a
    critical set of dimension at least 1 modulo the rescalings of the larger one, on no coordinate subspace. With a
    homogeneous activation that set passes through the zero pattern w_j = 0, a_j = 0 (t = 0), where this search finds
    it: dense 2-2-1 r=2 has four such sets (w1 || w2, Macaulay2's decomposition of the critical ideal), each reported
    before as an isolated point of the stratum of one neuron while the result said complete.

    Examples
    --------
    With no critical points near theta there is no larger set through it:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-2-1 r=2", seed=0)
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> larger_set_off_patterns(full, L.u, [], np.zeros(net.n_params), 1, [], {}) is None
    True
    """
    from algnet.analyses.critical.paths import _jacobian_ranks
    from algnet.analyses.critical.zero_patterns import _zero_blocks
    from algnet.analyses.network_input import network_dimension

    if not near:
        return None
    z = min(near, key=lambda w: (len(_zero_blocks(w, blocks)), float(np.linalg.norm(w - theta))))
    if _zero_blocks(z, blocks) in complete:
        return None
    dim = getattr(full, "_network_dimension", None)
    if dim is None:
        dim = full._network_dimension = network_dimension(full.net, 0)
    if int(_jacobian_ranks(full, np.asarray(z, dtype=np.complex128)[None, :])[0][0]) >= dim:
        return None
    d = pdim - max(_orbit_rank(full.net, w) for w in [theta] + list(near))
    return (_real_point_near(full, z, theta, blocks, u), d) if d > 0 else None


def _orbit_rank(net, z) -> int:
    """The dimension of the symmetry orbit at z (the rank of the symmetry tangents there)."""
    from algnet.analyses.critical.spurious import _sym_tangents

    T = _sym_tangents(net, np.asarray(z, dtype=np.complex128))
    return int(np.linalg.matrix_rank(T, tol=1e-8 * max(1.0, float(np.max(np.abs(T), initial=0.0))))) if T.size else 0


def _real_point_near(full, z, theta, blocks, u, tries: int = 4):
    """A real critical point with z's zero blocks and theta's image (z a point of the critical set through theta off its
    zero pattern), when that image is real: a real point r of theta's orbit (a rotation of the phases of its
    rescalings), then a critical point at a pinned distance from r along a real kernel direction of the Hessian there
    (Gauss-Newton from real data stays real); else z."""
    from algnet.analyses.critical.posdim import hessian_corank, hessian_floor, pinned_project
    from algnet.analyses.critical.spurious import _critical, seen_image
    from algnet.analyses.critical.symmetry_class import _family_weights, real_in_orbit
    from algnet.analyses.critical.zero_patterns import _zero_blocks

    y = full.image(np.asarray(theta, dtype=np.complex128)[None, :])[0]
    W = _family_weights(full)
    if W is None or np.max(np.abs(y.imag)) > 1e-9 * (1 + np.max(np.abs(y))):
        return z
    r = real_in_orbit(W, np.asarray(theta, dtype=np.complex128))
    if r is None or not _critical(full, np.asarray(r, dtype=np.complex128), u):
        return z
    r = np.asarray(r).real.astype(np.complex128)
    corank, _ = hessian_corank(full.evaluate(r[None, :], u)[1][0], floor=hessian_floor(full, r, u))
    if not corank:
        return z
    K = np.linalg.svd(full.evaluate(r[None, :], u)[1][0].real)[2][-corank:].T
    rng, s, want = np.random.default_rng(5), 1e-3 * (1.0 + float(np.max(np.abs(r)))), _zero_blocks(z, blocks)
    for _ in range(tries):
        d = K @ rng.normal(size=corank)
        w = pinned_project(full, r, s * d / np.linalg.norm(d), u)
        if w is None or np.max(np.abs(np.imag(w))) > 1e-12 * (1 + np.max(np.abs(w))):
            continue
        w = np.asarray(w).real.astype(np.complex128)
        if (_critical(full, w, u) and _zero_blocks(w, blocks) == want
                and seen_image(full.image(w[None, :])[0], [y])):
            return w
    return z


def is_neuron_set(source: str) -> bool:
    """Whether ``source`` labels a set of equal neurons or of a neuron dead at its output (:func:`equal_neuron_sets`).

    Examples
    --------
    >>> is_neuron_set(EQUAL_NEURONS.format("widths 2-1-1", 1, 2, 1)), is_neuron_set("widths 2-1-1")
    (True, False)
    """
    s = str(source)
    return s.endswith(EQUAL_NEURONS.split("}")[-1]) or s.endswith(DEAD_OUTPUT.split("}")[-1])


def _neurons(net) -> list:
    """(layer, incoming indices, outgoing indices) of every hidden neuron of a dense network (its row of W_layer and
    its bias, its column of W_(layer+1)), else []."""
    if type(net).__name__ != "DenseNetwork":
        return []
    arrays, i0 = {}, 0
    for name, shape in net.param_shapes:
        arrays[name] = (i0, shape)
        i0 += int(np.prod(shape))
    out = []
    for layer in range(1, len(net.widths) - 1):
        (s, (h, n)), (s2, (m, _)) = arrays[f"W{layer}"], arrays[f"W{layer + 1}"]
        for j in range(h):
            inc = list(range(s + j * n, s + (j + 1) * n))
            if f"b{layer}" in arrays:
                inc.append(arrays[f"b{layer}"][0] + j)
            out.append((layer, inc, [s2 + k * h + j for k in range(m)]))
    return out


def equal_neuron_copies(net, theta) -> list:
    """(i, j, layer, theta') for each hidden neuron j of a dense network whose weights are all 0 at theta (incoming
    row, bias, outgoing column) and each live neuron i of its layer: theta' has neuron j's incoming weights and bias
    equal to neuron i's and the outgoing weights of i split in halves between them (the same function: a point of the
    set of equal neurons over theta's image, module doc). [] for networks other than dense ones.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> [(i, j, k, t.tolist()) for i, j, k, t in equal_neuron_copies(parse_spec("dense 2-2-1 act=0,1,1"),
    ...                                                              np.array([1.0, 2, 0, 0, 4, 0]))]
    [(0, 1, 1, [1.0, 2.0, 1.0, 2.0, 2.0, 2.0])]
    """
    theta = np.asarray(theta)
    neurons = _neurons(net)
    scale = 1e-12 * (1.0 + float(np.max(np.abs(theta), initial=0.0)))
    out = []
    for j, (layer, inc_j, out_j) in enumerate(neurons):
        if np.max(np.abs(theta[inc_j + out_j])) > scale:
            continue
        for i, (layer_i, inc_i, out_i) in enumerate(neurons):
            if layer_i != layer or np.max(np.abs(theta[out_i])) <= scale or np.max(np.abs(theta[inc_i])) <= scale:
                continue
            t = theta.copy()
            t[inc_j] = theta[inc_i]
            t[out_i] = t[out_j] = theta[out_i] / 2
            out.append((_index(neurons, i), _index(neurons, j), layer, t))
    return out


def _index(neurons, k) -> int:
    """The index of neuron k of ``neurons`` within its layer."""
    return sum(1 for lay, _, _ in neurons[:k] if lay == neurons[k][0])


def dead_output_points(full, theta, u, rng, iterations: int = 40) -> list:
    """(j, layer, theta') for each hidden neuron j whose weights are all 0 at the critical point theta: theta' has
    neuron j's outgoing weights 0 and its incoming weights (and bias) moved, by Gauss-Newton with minimum-norm steps
    from a random complex start, to where the gradient in the outgoing weights, <g, sigma(<w_j, x> + b_j)>, vanishes
    (the gradient in the others is theta's: 0). Without rescalings that cone has dimension (inputs + bias) - (outputs)
    over the image: a critical set of the neuron dead at its output (dense 2-2-1 act=0,1,1: curves, Macaulay2's
    minimal primes); those not found are left out.

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-2-1 act=0,1,1", loss=np.eye(6), target=[0.0, 1, 2, 1, -1, 1])
    >>> full = GradientFamily(net, L, (), [], rng)
    >>> [(j, k, bool(abs(t[5]) == 0)) for j, k, t in dead_output_points(full, np.array([1, 0, 0, 0, 1, 0j]), L.u, rng)]
    [(1, 1, True)]
    """
    theta = np.asarray(theta, dtype=np.complex128)
    neurons = _neurons(full.net)
    scale = 1e-12 * (1.0 + float(np.max(np.abs(theta), initial=0.0)))
    out = []
    for k, (layer, inc, outs) in enumerate(neurons):
        if np.max(np.abs(theta[inc + outs])) > scale:
            continue
        # a real start first when theta is real (Gauss-Newton from real data stays real: a real point of the set)
        real = np.max(np.abs(theta.imag)) <= 1e-9 * (1.0 + float(np.max(np.abs(theta))))
        base = theta.real.astype(np.complex128) if real else theta
        for imag in ((0.0, 1.0) if real else (1.0,)):
            x = _dead_output_newton(full, base, u, inc, outs, rng, imag, iterations)
            if x is not None:
                out.append((_index(neurons, k), layer, x))
                break
    return out


def _dead_output_newton(full, theta, u, inc, outs, rng, imag, iterations):
    """Gauss-Newton with minimum-norm steps on the gradient in the outgoing weights ``outs`` over the incoming ones
    ``inc`` from a random start (imaginary part scaled by ``imag``): a critical point with them nonzero, or None."""
    from algnet.analyses.critical.spurious import _critical

    x = theta.copy()
    x[inc] = rng.normal(size=len(inc)) + 1j * imag * rng.normal(size=len(inc))
    for _ in range(iterations):
        G, H = full.evaluate(x[None, :], u)[:2]
        step = np.linalg.lstsq(H[0][np.ix_(outs, inc)], G[0][outs], rcond=1e-12)[0]
        x[inc] -= step
        if not np.all(np.isfinite(x)) or np.linalg.norm(step) <= 1e-14 * (1 + np.linalg.norm(x)):
            break
    ok = np.all(np.isfinite(x)) and np.max(np.abs(x[inc])) > 1e-6 and _critical(full, x, u)
    return x if ok else None


def equal_neuron_sets(full, u, dim, name, theta, merged, out) -> None:
    """The critical sets through the stratum point theta (a neuron's weights all 0) of a network without rescalings:
    the sets of two equal neurons (:func:`equal_neuron_copies`) and of a neuron dead at its output
    (:func:`dead_output_points`), each with its dimension modulo the symmetries (:func:`~.zero_patterns.
    quotient_dimension`; kept when positive), appended to ``out`` as CriticalPoints once per (image, neurons);
    ``merged`` the (image, neurons) kept so far. With rescalings nothing: :mod:`.zero_patterns` meets those sets.

    Examples
    --------
    dense 2-2-1 act=0,1,1 (sigma(t) = t + t^2), Q = I, target u = (0, 1, 2, 1, -1, 1) on (1, x1, x2, x1^2, x1 x2,
    x2^2): w = (1, 0), a = 1 is critical for one neuron; w1 = w2 = (1, 0), a1 + a2 = 1 and a2 = 0 with w2 on a curve
    are lines of critical points of two (Macaulay2's minimal primes):

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-2-1 act=0,1,1", loss=np.eye(6), target=[0.0, 1, 2, 1, -1, 1])
    >>> out = []
    >>> equal_neuron_sets(GradientFamily(net, L, (), [], rng), L.u, 5, "one neuron", np.array([1, 0, 0, 0, 1, 0j]),
    ...                   [], out)
    >>> [(p.source, p.dimension) for p in out]  # doctest: +NORMALIZE_WHITESPACE
    [('one neuron, neurons 1 and 2 of hidden layer 1 equal (merged)', 1),
     ('one neuron, neuron 2 of hidden layer 1 with outgoing weights 0', 1)]
    """
    from algnet.analyses.critical.spurious import _critical, _record, seen_image
    from algnet.analyses.critical.symmetry_class import torus_weights
    from algnet.analyses.critical.zero_patterns import quotient_dimension

    W = getattr(full, "_torus_weights", False)
    if W is False:
        W = full._torus_weights = torus_weights(full.net)
    if W is None or np.asarray(W).shape[0] or getattr(full.net, "r", None) == 1:
        return
    rng = np.random.default_rng(7)
    found = [((layer, min(i, j), max(i, j)), EQUAL_NEURONS.format(name, i + 1, j + 1, layer), t)
             for i, j, layer, t in equal_neuron_copies(full.net, theta)]
    found += [((layer, j), DEAD_OUTPUT.format(name, j + 1, layer), t) for j, layer, t in
              dead_output_points(full, theta, u, rng)]
    for key, label, t in found:
        y = full.image(t[None, :])[0]
        if any(k == key and seen_image(y, [z]) for z, k in merged) or not _critical(full, t, u):
            continue
        d = quotient_dimension(full, t, u)
        if d <= 0:
            continue
        p = _record(full, t, u, dim, label, [], None, set_dimension=d)
        if p is not None:
            merged.append((y, key))
            out.append(p)


def without_points_on_sets(full, u, points) -> list:
    """``points`` without the isolated spurious points shown on a critical set found through a zero pattern off the
    coordinate subspaces (:func:`~.zero_patterns.is_through_pattern`), or a set of equal neurons or of a neuron dead
    at its output (:func:`is_neuron_set`; dense 2-2-1 act=0,1,1: the stratum point w2 = 0, a2 = 0 is on the curve
    a2 = 0, <g, sigma(<w2, x>)> = 0, Macaulay2's minimal primes), over the same image: the critical set through
    the point has dimension modulo the symmetries between 1 and the set's (:func:`~.zero_patterns._nearby_critical`),
    and every critical point found near it has the set's image. Such a point is no isolated point; with a homogeneous
    activation a neuron merged with another passes through w_j = 0, a_j = 0, where the stratum of one neuron meets
    the set (dense 2-2-1 r=2, Macaulay2's decomposition). A shared image alone is evidence, not proof: a point not
    shown on a set is kept.

    Examples
    --------
    A point over an image no set has is kept without a test:

    >>> from types import SimpleNamespace as P
    >>> from algnet.analyses.critical.zero_patterns import _THROUGH
    >>> s = P(dimension=1, image=(1.0,), pure=False, source=_THROUGH.format([0, 1]), theta=(1.0, 0.0))
    >>> a = P(dimension=0, image=(2.0,), pure=False, source="widths 2-1-1", theta=(0.0, 1.0))
    >>> without_points_on_sets(None, None, [a, s]) == [a, s]
    True
    """
    from algnet.analyses.critical.spurious import seen_image
    from algnet.analyses.critical.zero_patterns import is_through_pattern, is_zero_pattern, parameter_blocks

    sets = [q for q in points if q.dimension and (is_through_pattern(q.source) or is_neuron_set(q.source))]
    if not sets:
        return list(points)
    blocks = None
    out = []
    for p in points:
        y = np.asarray(p.image, dtype=np.complex128)
        over = [q for q in sets if seen_image(y, [np.asarray(q.image, dtype=np.complex128)])]
        if p.dimension or p.pure or is_zero_pattern(p.source) or not over:
            out.append(p)
            continue
        if blocks is None:
            from algnet.analyses.critical.symmetry_class import torus_weights

            W = torus_weights(full.net)
            blocks = parameter_blocks(W) if W is not None and np.asarray(W).shape[0] else []
        if not _shown_on(full, u, p, over, blocks):
            out.append(p)
    return out


def _shown_on(full, u, p, sets, blocks) -> bool:
    """Whether the critical point p lies on one of ``sets`` (of its image): the critical set through p has dimension
    modulo the symmetries between 1 and the largest of theirs, and the critical points found near p have their image
    (p is then no isolated point, and a set of that image stands for it)."""
    from algnet.analyses.critical.spurious import seen_image
    from algnet.analyses.critical.zero_patterns import _nearby_critical

    theta = np.asarray(p.theta, dtype=np.complex128)
    pdim, near = _nearby_critical(full, theta, u, 1e-3, 2, np.random.default_rng(3), blocks, None)
    d = pdim - max(_orbit_rank(full.net, z) for z in [theta] + list(near))
    y = np.asarray(p.image, dtype=np.complex128)
    same = [z for z in near if seen_image(full.image(np.asarray(z)[None, :])[0], [y])]
    return 0 < d <= max(q.dimension for q in sets) and len(same) == len(near)


def unsolved_neuron_stratum(full, name, dS, dim, report) -> None:
    """Says in ``report`` (an "uncovered" entry: the counts are lower bounds) that the sets of equal neurons and of
    neurons dead at their output over the critical points of the stratum ``name`` were not searched, when the network
    has no rescalings (:func:`equal_neuron_sets` builds them from the stratum's points) and the stratum is not solved
    because its image has the dimension ``dS`` of the network's (``dim``): its critical points where d mu drops rank
    (g != 0) are each a set of the larger network (dense 2-3-1 act=0,1,1 over the stratum 2-2-1).

    Examples
    --------
    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> from algnet.analyses.critical.system import GradientFamily
    >>> net, L, rng = network_and_loss("dense 2-3-1 act=0,1,1", seed=0)
    >>> report = {}
    >>> unsolved_neuron_stratum(GradientFamily(net, L, (), [], rng), "widths 2-2-1", 5, 5, report)
    >>> report["widths 2-2-1: sets of merged neurons"]["uncovered"][:60]
    'the stratum widths 2-2-1 (image of the dimension of the netw'
    """
    from algnet.analyses.critical.symmetry_class import torus_weights

    if report is None or dS < dim or type(full.net).__name__ != "DenseNetwork" or getattr(full.net, "r", None) == 1:
        return
    W = getattr(full, "_torus_weights", False)
    if W is False:
        W = full._torus_weights = torus_weights(full.net)
    if W is None or np.asarray(W).shape[0]:
        return
    report[f"{name}: sets of merged neurons"] = {
        "trace_test_passed": True, "lost": 0,
        "uncovered": (f"the stratum {name} (image of the dimension of the network's) was not solved: the sets of equal "
                      "neurons and of neurons dead at their output over its critical points where d mu drops rank "
                      "were not searched")}
