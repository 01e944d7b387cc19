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
    drawn on the way: ``R`` (the value equations), ``A_random`` (the random affine slice, drawn whatever
    slice is used: the fiber count cuts the fibers with it), ``trace_weights`` (w: the trace functional
    is v(theta) . w), ``rng`` (the generator, after the solver's seed: the route's later draws go on
    from it), ``tracked`` (the family the search tracks: ``family`` with its coordinate slices solved by
    substitution and the slice values b held fixed, a :class:`~algnet.homotopy.pinned.FixedPinFamily` in
    n - e unknowns and the dim offsets c as its parameters, or the
    :class:`~algnet.homotopy.pinned.PinnedFamily` (b moving too), or ``family`` itself; its solutions
    stand for the points :func:`~algnet.homotopy.pinned.full_points` ``(tracked, X, p)`` of ``family``;
    :meth:`tracked_params` gives its parameters for ``family``'s: ``p0``, ``trace_direction`` and
    ``parameter_scale`` are ``family``'s).

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
    A = A_random
    V0 = None
    if coordinate_slice:
        V0, J0 = vals(theta0[None, :])
        S = kernel_coordinates(J0[0], e)
        A = np.zeros((e, n), dtype=np.complex128)
        A[np.arange(e), S] = 1
    fam = NetworkWitnessFamily(vals, R, A)
    p0 = fam.start_parameters(theta0)[0] if V0 is None else fam.offsets(theta0[None, :], V0)[0]
    w = rng.normal(size=q) + 1j * rng.normal(size=q)
    vc = np.zeros(dim + e, dtype=np.complex128)
    size_c = np.sqrt(np.mean(np.abs(p0[:dim]) ** 2))          # the offsets' typical size (computed once)
    vc[:dim] = (rng.normal(size=dim) + 1j * rng.normal(size=dim)) * size_c
    pscale = np.empty(dim + e)
    pscale[:dim] = size_c
    pscale[dim:] = np.sqrt(np.mean(np.abs(p0[dim:]) ** 2)) if e else 1.0

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
                        solver_seed, R, A_random, w, rng, tracked)
