"""The witness system of the degree's monodromy route (:func:`witness_setup`, :class:`WitnessSetup`).

M cut by random slices: m = dim equations R v(theta) = c on the network's values v at random complex
sample inputs, and e = N - dim coordinate slices theta_S = b transversal to the fibers, tracked with the
slices solved by substitution and b held fixed (:class:`~algnet.homotopy.pinned.FixedPinFamily`). The
degree route (:func:`algnet.analyses.degree_monodromy.monodromy_attempt`) and its pilot
(:func:`algnet.analyses.degree_pilot.monodromy_pilot`) build their system here, so the same seed gives
the same system and the same search.

Examples
--------
>>> from algnet import parse_spec
>>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
>>> ws.family.n_vars, ws.tracked.n_vars, ws.tracked.n_params       # 4 weights, one pinned; 3 offsets
(4, 3, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.errors import ParameterError

__all__ = ["WitnessSetup", "witness_setup"]


@dataclass
class WitnessSetup:
    """The witness system of the degree's monodromy route, ready to solve (:func:`witness_setup`).

    ``family`` (a :class:`~algnet.analyses.degree.NetworkWitnessFamily`), ``values`` (the network's
    values at the sample points, also the key that identifies witness points), ``theta0`` and ``p0``
    (a start solution and its offsets), ``trace_direction`` / ``trace_functional`` (the trace test),
    ``parameter_scale`` (typical size of each offset), ``sampler`` (random start points), ``dim``,
    ``solver_seed`` (the seed of the monodromy search that the degree route draws next), and what was
    drawn on the way: ``R`` (the value equations), ``A_random`` (the random affine slice, drawn whatever slice is
    used: the fiber count cuts the fibers with it), ``trace_weights`` (w: the trace functional is v(theta) . w),
    ``rng`` (the generator, after the solver's seed: the route's later draws go on from it), ``seed`` (the seed the
    system was drawn with: ``witness_setup``'s, or the fresh one drawn for None: ``witness_setup(net, dim,
    seed=ws.seed)`` draws the same system), ``tracked`` (the family the search tracks: ``family`` with its
    coordinate slices solved by substitution and the slice values b held fixed, a
    :class:`~algnet.homotopy.pinned.FixedPinFamily` in n - e unknowns and the dim offsets c as its parameters, or
    the :class:`~algnet.homotopy.pinned.PinnedFamily` (b moving too), or ``family`` itself; its solutions stand for
    the points :func:`~algnet.homotopy.pinned.full_points` ``(tracked, X, p)`` of ``family``; :meth:`tracked_params`
    gives its parameters for ``family``'s: ``p0``, ``trace_direction`` and ``parameter_scale`` are ``family``'s).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    >>> F, _ = ws.family.evaluate(ws.theta0[None, :], ws.p0[None, :])     # theta0 solves the member at p0
    >>> bool(np.max(np.abs(F)) < 1e-10)
    True
    >>> ws.tracked.n_vars, ws.tracked.n_params, ws.tracked_params(ws.p0).shape   # 4 weights, 1 pinned
    (3, 3, (3,))
    >>> ws.tracked.full(ws.theta0[ws.tracked.free]).shape
    (1, 4)
    """

    family: object
    values: object
    theta0: np.ndarray
    p0: np.ndarray
    trace_direction: np.ndarray
    trace_functional: object
    parameter_scale: np.ndarray
    sampler: object
    dim: int
    solver_seed: int = 0
    R: np.ndarray = None
    A_random: np.ndarray = None
    trace_weights: np.ndarray = None
    rng: object = None
    tracked: object = None
    seed: int = None

    def tracked_params(self, p):
        """The tracked family's parameters for parameters p (..., dim + e) of ``family`` (or a direction,
        a scale per parameter): the offsets c only with the fixed pins, else p.

        Examples
        --------
        >>> from algnet import parse_spec
        >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
        >>> bool((ws.tracked_params(ws.p0) == ws.p0[:3]).all())
        True
        """
        from algnet.homotopy.pinned import tracked_parameters

        return tracked_parameters(self.tracked, p)


def _rms(x):
    """sqrt(mean |x|^2), without overflowing in the squares when the entries are huge (map s^1000; s^999).

    Examples
    --------
    >>> import numpy as np
    >>> round(float(_rms(np.array([3.0, 4.0j]))) ** 2, 9), float(_rms(np.array([3e300, 4e300]))) / 1e300
    (12.5, 3.5355339059327378)
    """
    x = np.abs(x)
    with np.errstate(over="ignore"):
        r = np.sqrt(np.mean(x ** 2))
    if np.isfinite(r) or not np.all(np.isfinite(x)):
        return r
    m = np.max(x)
    return m * np.sqrt(np.mean((x / m) ** 2))


def _pin_mode(pin):
    """``pin`` of :func:`witness_setup` as "fixed", "moving" or None (ParameterError otherwise).

    Examples
    --------
    >>> _pin_mode(True), _pin_mode("moving"), _pin_mode(False)
    ('fixed', 'moving', None)
    """
    if pin is True or pin == "fixed":
        return "fixed"
    if pin == "moving":
        return "moving"
    if pin is False or pin is None:
        return None
    raise ParameterError(f"pin={pin!r}", hint="pin is 'fixed' (or True), 'moving' or False")


def witness_setup(net, dim: int, seed=0, coordinate_slice: bool = True, scale: float = 1.0,
                  pin="fixed") -> WitnessSetup:
    """The witness system of M cut by random slices, as the monodromy degree route builds it.

    m = ``dim`` equations R v(theta) = c on the values v at random complex sample inputs, and
    e = N - dim slice equations A theta = b (a coordinate slice transversal to the fibers when
    ``coordinate_slice``, else random affine); ``scale`` multiplies the random start point. With
    ``pin`` and a coordinate slice the search tracks the system with the slice equations
    theta_j = b_k solved by substitution (``WitnessSetup.tracked``: n - e unknowns; the same paths,
    smaller Jacobians, see :class:`~algnet.homotopy.pinned.PinnedFamily`: 0.97x the paths per CPU second on
    conv k=2,3 (n 5 -> 4) to 1.38x on linear 4-2-4 (16 -> 12), whole degrees 0.97-1.36x with the same degrees
    and paths, ``bench/bench_tracker.py``). With ``pin="fixed"`` (the default; ``"moving"``: the
    earlier family, b among the parameters) the slice values b = theta0[S] are held fixed and only
    the dim offsets c move (:class:`~algnet.homotopy.pinned.FixedPinFamily`: b folded into the tape as
    constants; why monodromy in c alone is transitive, and its measurements: see there);
    the sampler draws new start points on the slice (theta_free random, theta_S = b) and
    :meth:`WitnessSetup.tracked_params` maps ``p0``, ``trace_direction`` and ``parameter_scale`` to the
    tracked family's. The
    degree route (:func:`algnet.analyses.degree_monodromy.monodromy_attempt`) builds its system with
    this function, so the same seed gives the same system and the same search (``solver_seed``): a
    pilot is the beginning of the real run.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("linear 2-1-2"), dim=3, seed=0)
    >>> ws.family.n_vars, ws.family.n_params, ws.p0.shape
    (4, 4, (4,))
    """
    from algnet.analyses.witness_family import NetworkWitnessFamily
    from algnet.analyses.network_input import kernel_coordinates
    from algnet.analyses.witness import NetworkValues

    rng = np.random.default_rng(seed)
    n = net.n_params
    e = n - dim
    K = net.monomial_count()
    Z = (rng.normal(size=(K,) + tuple(net.input_shape)) + 1j * rng.normal(size=(K,) + tuple(net.input_shape)))
    Z /= np.sqrt(2)
    vals = NetworkValues(net, Z, rng)
    q = vals.q
    R = (rng.normal(size=(dim, q)) + 1j * rng.normal(size=(dim, q))) / np.sqrt(2 * q)
    A_random = (rng.normal(size=(e, n)) + 1j * rng.normal(size=(e, n))) / np.sqrt(2 * n)
    theta0 = scale * (rng.normal(size=n) + 1j * rng.normal(size=n)) / np.sqrt(2)
    weights = _coordinate_weights(net, vals, n, scale, seed)
    R = R * weights[None, :]
    theta0 = _typical_start(vals, R, theta0, scale, seed, rng)
    A = A_random
    V0 = None
    if coordinate_slice:
        V0, J0 = vals(theta0[None, :])
        S = kernel_coordinates(J0[0], e)
        A = np.zeros((e, n), dtype=np.complex128)
        A[np.arange(e), S] = 1
    fam = NetworkWitnessFamily(vals, R, A)
    p0 = fam.start_parameters(theta0)[0] if V0 is None else fam.offsets(theta0[None, :], V0)[0]
    w = (rng.normal(size=q) + 1j * rng.normal(size=q)) * weights
    vc = np.zeros(dim + e, dtype=np.complex128)
    size_c = _rms(p0[:dim])          # the offsets' typical size (computed once)
    vc[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * size_c
    pscale = np.empty(dim + e)
    pscale[:dim] = size_c
    pscale[dim:] = _rms(p0[dim:]) if e else 1.0

    mode = _pin_mode(pin) if coordinate_slice and e else None
    fixed = p0[dim:].copy() if mode == "fixed" else None      # b = theta0[S], held by the constant pins

    def sampler(r, k):
        T = scale * (r.normal(size=(k, n)) + 1j * r.normal(size=(k, n))) / np.sqrt(2)
        if fixed is not None:
            T[:, S] = fixed          # new start points on the fixed slice theta_S = b: theta_free random
        return T

    solver_seed = int(rng.integers(2**31))
    tracked = fam
    if mode is not None:
        from algnet.homotopy.pinned import FixedPinFamily, PinnedFamily

        pins = [(dim + i, int(S[i]), dim + i) for i in range(e)]
        tracked = FixedPinFamily(fam, pins, fixed) if mode == "fixed" else PinnedFamily(fam, pins)
    return WitnessSetup(fam, vals, theta0, p0, vc, lambda T: vals.values(T) @ w, pscale, sampler, dim,
                        solver_seed, R, A_random, w, rng, tracked,
                        int(seed) if seed is not None else rng.bit_generator.seed_seq.entropy)


#: :func:`_coordinate_weights` rescales the coordinates of a polynomial map when their typical sizes differ by more
#: than this factor
SPREAD_COORDINATES = 1e6


def _coordinate_weights(net, vals, n: int, scale: float, seed) -> np.ndarray:
    """One weight per value of a polynomial map whose coordinates differ in size by more than
    :data:`SPREAD_COORDINATES` (map 268435399*s^2; s*t; t^2), else ones: the inverse of each coordinate's median
    size at random points. The slices R v = c and the trace functional then see every coordinate, not only the
    largest (with it the trace test failed on three attempts); rescaling coordinates changes neither M's degree
    nor the witness points' parameters. Networks keep ones (their values are one function at several inputs).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("map 268435399*s^2; s*t; t^2"), dim=2, seed=0)
    >>> w = _coordinate_weights(ws.values.net, ws.values, 2, 1.0, 0)
    >>> bool(w[0] * 268435399 < 10 * w[2])
    True
    """
    q = vals.q
    ones = np.ones(q)
    if getattr(net, "family", None) != "map":
        return ones
    side = np.random.default_rng(np.random.SeedSequence([int(seed or 0), 11]))
    T = scale * (side.normal(size=(TYPICAL_SAMPLES, n)) + 1j * side.normal(size=(TYPICAL_SAMPLES, n))) / np.sqrt(2)
    with np.errstate(all="ignore"):
        size = np.median(np.abs(vals.values(T)), axis=0)
    if not np.all(np.isfinite(size)) or not np.all(size > 0) or size.max() <= SPREAD_COORDINATES * size.min():
        return ones
    return 1.0 / size


#: :func:`_typical_start` replaces a start point whose offsets R v(theta0) are below this share of the median size
#: over random start points
ATYPICAL_OFFSETS = 1e-2
#: how many random start points :func:`_typical_start` draws (from its own generator: the route's draws unchanged)
TYPICAL_SAMPLES = 15


def _typical_start(vals, R, theta0, scale, seed, rng=None):
    """``theta0``, or, when its offsets c = R v(theta0) are far smaller than those of random start points (below
    :data:`ATYPICAL_OFFSETS` times their median size) or overflow (map s^1000; s^999 at |s| > 2), the random start
    point of median offsets (among those that neither overflow nor underflow to 0).

    The slices through an atypically small c pass near a singular point of M: most witness points then crowd
    there, their images tiny next to the others' (map s^20; s^19 at |s| = 0.43: 19 of the 20 images about 1e-7,
    one about 1), so that keys tell them apart badly, the loops (scaled like c) stay near that point, and a
    trace test, whose sums the large images fill, cannot see the small ones missing. The samples come from a
    generator of their own (seeded by ``seed``, or with ``seed`` None by the entropy of the route's generator
    ``rng``: the seed it actually used), so that every other draw of the route stays as it was.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> ws = witness_setup(parse_spec("map s^20; s^19"), dim=1, seed=0)
    >>> t = _typical_start(ws.values, ws.R, np.array([0.43 + 0j]), 1.0, 0)     # c about 1e-7: replaced
    >>> bool(abs(t[0]) > 0.5)
    True
    >>> _typical_start(ws.values, ws.R, np.array([0.9 + 0j]), 1.0, 0).tolist()          # kept
    [(0.9+0j)]
    >>> a = _typical_start(ws.values, ws.R, np.array([0.43 + 0j]), 1.0, None, np.random.default_rng(5))
    >>> bool(a == _typical_start(ws.values, ws.R, np.array([0.43 + 0j]), 1.0, 5))    # seed None: the route's own
    True
    """
    n = theta0.shape[0]
    if seed is None:        # the seed the route's generator actually used (a fresh one when it was drawn)
        seed = 0 if rng is None else rng.bit_generator.seed_seq.entropy
    side = np.random.default_rng(np.random.SeedSequence([int(seed), 7]))
    T = scale * (side.normal(size=(TYPICAL_SAMPLES, n)) + 1j * side.normal(size=(TYPICAL_SAMPLES, n))) / np.sqrt(2)
    with np.errstate(all="ignore"):
        sizes = np.sqrt(np.mean(np.abs(vals.values(np.vstack([theta0[None, :], T])) @ R.T) ** 2, axis=1))
    ok = np.isfinite(sizes[1:]) & (sizes[1:] > 0)     # 0: underflow (map s^1000; s^999 at |s| < 0.5)
    if not ok.any():
        return theta0
    median = np.median(sizes[1:][ok])
    if np.isfinite(sizes[0]) and not sizes[0] < ATYPICAL_OFFSETS * median:
        return theta0
    k = np.flatnonzero(ok)[np.argsort(sizes[1:][ok])[np.count_nonzero(ok) // 2]]
    return T[k]

