"""Quadratic losses on the function space of a network.

A loss is l(c) = (c - u)^T Q (c - u) on *loss coordinates* y, which are a
fixed linear function of the network's values at fixed real sample inputs
z_1..z_K: y = T v, v = (f_theta(z_k))_k (sample-major). Nothing is expanded
into monomials; the values come from the straight-line program.

* ``"frobenius"``: y = c, the monomial coefficients (T inverts the monomial
  evaluation matrix at K unisolvent real points), Q = identity. For linear
  networks this is the Frobenius distance of the end-to-end matrix.
* ``"generic"``: y = c, Q a random positive-definite matrix (from the
  seed). The number of complex critical points on M is the generic ED degree.
* ``"bombieri"``: y = c, Q = diag(1 / multinomial(D; alpha, D - |alpha|)) on the coefficient of x^alpha of
  each output of degree D (the Bombieri-Weyl metric; on homogeneous forms it is invariant under orthogonal
  changes of the inputs, Draisma-Horobet-Ottaviani-Sturmfels-Thomas 2016, Sec. 8). For linear outputs it is the
  Frobenius metric.
* ``(X, Y)`` regression data: l = sum_i ||f(x_i) - y_i||^2, a quadratic form in c. With V the monomial values at
  the data inputs X (N x K, full column rank) and V = Q_V R its thin QR factorization, l = ||R c_o - Q_V^T y_o||^2
  summed over the outputs o plus the part of Y outside the column space of V (the loss's ``offset``): y = R c (per
  output; orthonormal coordinates of the values at the data), Q = identity, u = Q_V^T Y. The same geometry as the
  values at the data (an isometry onto their span), with K coordinates per output however many samples.
* an array Q (ambient x ambient, symmetric positive definite): a given quadratic form on c.

Examples
--------
>>> import numpy as np
>>> from algnet import parse_spec
>>> L = make_loss(parse_spec("linear 2-1-2"), "frobenius", rng=np.random.default_rng(0))
>>> L.kind, L.Q.shape, L.T.shape
('frobenius', (4, 4), (4, 4))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from algnet.errors import ParameterError

__all__ = ["Loss", "make_loss", "network_and_loss", "bombieri_weights", "LOSSES"]

LOSSES = ("generic", "frobenius", "bombieri")


@dataclass(frozen=True, eq=False)
class Loss:
    """A quadratic loss in loss coordinates y = T v (see the module doc).

    Attributes
    ----------
    kind : str
        "frobenius", "generic", "data" or "quadratic".
    Z : ndarray (K, *input_shape)
        Real sample inputs where the network is evaluated.
    T : ndarray (m, q)
        Loss coordinates from the values (q = K * n_outputs).
    Q : ndarray (m, m)
        Real symmetric positive definite form.
    u : ndarray (m,)
        The target (real).
    coordinates : str
        "coefficients" (y = c) or "orthonormal coordinates of the values at the data".
    offset : float
        A constant added to every value (data: the squared residual of Y outside the span of the values).

    Examples
    --------
    The Frobenius loss of a 2 x 2 matrix: the squared distance to the target in the four entries:

    >>> from algnet.analyses.critical.loss import network_and_loss
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[3.0, 0.0, 0.0, 1.0])
    >>> L.kind, L.m, L.value([[0.0, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, 0.0]]).tolist()
    ('frobenius', 4, [10.0, 1.0])
    """

    kind: str
    Z: np.ndarray = field(repr=False)
    T: np.ndarray = field(repr=False)
    Q: np.ndarray = field(repr=False)
    u: np.ndarray = field(repr=False)
    coordinates: str = "coefficients"
    offset: float = 0.0

    @property
    def m(self) -> int:
        return self.T.shape[0]

    def value(self, y, u=None) -> np.ndarray:
        """l(y) for rows of y (complex bilinear; real for real y and u).

        Examples
        --------
        >>> import numpy as np
        >>> from algnet import parse_spec
        >>> L = make_loss(parse_spec("linear 1-1-1"), "frobenius", target=[2.0], rng=np.random.default_rng(0))
        >>> L.value(np.array([[5.0]])).tolist()
        [9.0]
        """
        u = self.u if u is None else np.asarray(u)
        R = np.atleast_2d(y) - u
        v = np.einsum("na,ab,nb->n", R, self.Q, R)
        return v + self.offset if self.offset else v

    def with_target(self, u) -> "Loss":
        """The same loss with another target u (loss coordinates)."""
        u = np.asarray(u, dtype=float).reshape(-1)
        if u.shape != (self.m,):
            raise ParameterError(f"target must have {self.m} coordinates, got {u.shape}",
                                 hint="one value per function-space coordinate (net.coordinate_names())")
        return Loss(self.kind, self.Z, self.T, self.Q, u, self.coordinates, self.offset)


def coefficient_map(net, rng):
    """Real sample inputs Z (K of them) and the matrix T with c = T v: the monomial coefficients c of the
    outputs from the values v at Z (sample-major), Z drawn from ``rng`` until the interpolation is well
    conditioned.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> Z, T = coefficient_map(parse_spec("linear 2-1-2"), np.random.default_rng(0))
    >>> Z.shape, T.shape            # 2 samples of 2 inputs; 4 coefficients from 2 x 2 values
    ((2, 2), (4, 4))
    """
    from algnet.core.backends import Complex
    from algnet.core.monomials import evaluate_monomials

    monos = net.output_monomials()
    K, O = len(monos), net.n_outputs
    best = None
    for _ in range(8):
        Z = rng.normal(size=(K, net.n_inputs))
        V = np.asarray(evaluate_monomials(Z, monos, Complex()), dtype=np.complex128).real
        c = np.linalg.cond(V)
        if best is None or c < best[0]:
            best = (c, Z, V)
        if c < 1e4:
            break
    c, Z, V = best
    if not np.isfinite(c) or c > 1e12:
        raise ParameterError(f"{net.spec}: no well-conditioned unisolvent sample points found (cond {c:.1e})",
                             hint="the output degree is too high for float64 interpolation")
    Vi = np.linalg.inv(V)                        # c_o[a] = sum_k Vi[a, k] v[k, o]
    T = np.zeros((O * K, K * O))
    for o in range(O):
        T[o * K:(o + 1) * K, o::O] = Vi
    return Z.reshape((K,) + tuple(net.input_shape)), T


def _check_unisolvent(net, X):
    """ParameterError unless the data inputs X determine every output's coefficients (the monomial evaluation
    matrix at X has full column rank): otherwise l depends on fewer coordinates than M spans and its critical
    points form positive-dimensional families (one sample for linear 2-1-2: every W with W x = y), which the
    count does not handle (the homotopy crashed on a zero division).

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> _check_unisolvent(parse_spec("linear 2-1-2"), np.array([[1.0, 0.0]]))
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: 1 data input(s) do not determine the 2 coefficients of each output of linear 2-1-2
    (evaluation matrix of rank 1)
      hint: give at least 2 samples in general position, so that the loss is a positive-definite quadratic form on
      the function space
    """
    from algnet.core.backends import Complex
    from algnet.core.monomials import evaluate_monomials

    monos = net.output_monomials()
    V = np.asarray(evaluate_monomials(X.reshape(X.shape[0], -1), monos, Complex()), dtype=np.complex128).real
    rank = int(np.linalg.matrix_rank(V)) if V.size else 0
    if rank < len(monos):
        raise ParameterError(
            f"{X.shape[0]} data input(s) do not determine the {len(monos)} coefficients of each output of "
            f"{net.spec} (evaluation matrix of rank {rank})",
            hint=f"give at least {len(monos)} samples in general position, so that the loss is a positive-definite "
                 "quadratic form on the function space")
    return V


def _data_loss(net, V, Y, coefficients) -> Loss:
    """The loss sum_i ||f(x_i) - y_i||^2 of the data with monomial values V (N x K, full column rank) at the inputs
    and outputs Y (N x O), on y = R c per output (V = Q_V R; the module doc): Q = identity, u = Q_V^T Y, the
    residual of Y outside the span of V as the offset. (On the N O values at the data themselves, a dense N O x N O
    form and map made every evaluation cost (N O)^2: 200 samples of linear 3-1-2 took 24 s instead of 1 s.)

    Examples
    --------
    A line through the origin fitted to (1, 1), (2, 1): l(c) = (c - 1)^2 + (2 c - 1)^2 = 5 (c - 3/5)^2 + 1/5.

    >>> from algnet import parse_spec
    >>> net = parse_spec("linear 1-1-1")
    >>> L = make_loss(net, (np.array([[1.0], [2.0]]), np.array([[1.0], [1.0]])), rng=np.random.default_rng(0))
    >>> c = np.array([[0.0], [0.6], [1.0]])                    # coefficients: values y = T v at the sample inputs
    >>> np.round(L.value((L.T @ (c @ L.Z.reshape(1, -1)).T).T), 12).tolist()
    [2.0, 0.2, 1.0]
    """
    Z, T = coefficients
    Qv, R = np.linalg.qr(V)
    O, K = int(net.n_outputs), V.shape[1]
    u = (Qv.T @ Y).T.reshape(-1)                         # output-major, as the rows of T
    offset = float(np.sum((Y - Qv @ (Qv.T @ Y)) ** 2))
    return Loss("data", Z, np.kron(np.eye(O), R) @ T, np.eye(O * K), u,
                "orthonormal coordinates of the values at the data", offset)


def bombieri_weights(net) -> np.ndarray:
    """The diagonal of the Bombieri-Weyl metric on the coefficients c of ``net`` (output-major, the order of
    :func:`coefficient_map`'s T): 1 / multinomial(D; alpha, D - |alpha|) for the coefficient of x^alpha, D the
    largest degree of the output monomials (the outputs read as forms of degree D in the inputs and a
    homogenizing 1).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> bombieri_weights(parse_spec("dense 2-1-1 r=3")).tolist()     # x^3, x^2 y, x y^2, y^3 in some order
    [1.0, 0.3333333333333333, 0.3333333333333333, 1.0]
    >>> bombieri_weights(parse_spec("linear 2-1-2")).tolist()       # linear outputs: the Frobenius metric
    [1.0, 1.0, 1.0, 1.0]
    """
    from math import factorial

    monos = [tuple(int(e) for e in a) for a in net.output_monomials()]
    D = max((sum(a) for a in monos), default=0)
    if D == 0:        # a polynomial map: its outputs are coordinates, not coefficients of forms in inputs
        raise ParameterError(
            f"the Bombieri-Weyl metric needs outputs that are forms in the network's inputs; {net.spec} has none "
            f"(its outputs are the coordinates themselves), so every weight would be 1: the Frobenius metric",
            hint="write the network with inputs (e.g. 'layers Linear(2,1), Power(3)' for the rational normal "
                 "curve of binary cubics), use --metric frobenius, or give the weights as a quadratic form Q")
    w = []
    for a in monos:
        multi = factorial(D) // (factorial(D - sum(a)) * int(np.prod([factorial(e) for e in a])))
        w.append(1.0 / multi)
    return np.tile(np.asarray(w, dtype=float), net.n_outputs)


def make_loss(net, loss="generic", target=None, rng=None, coefficients=None) -> Loss:
    """Build the loss of :func:`~algnet.analyses.critical.solve.critical_points`.

    Parameters
    ----------
    net : Network
    loss : {"generic", "frobenius", "bombieri"}, tuple (X, Y), or array Q
    target : array, optional
        The target u in function-space coordinates (``net.coordinate_names()``
        order); random normal when omitted. Refused with data (the target is then Y).
    rng : numpy Generator
    coefficients : tuple (Z, T), optional
        Sample inputs and coefficient map to use (a structure's, :mod:`.warm`) instead of drawing them from
        ``rng`` (the loss lives on the coefficients, which do not depend on Z).

    Returns
    -------
    Loss

    Raises
    ------
    ParameterError
        Unknown loss name, data of the wrong shape, Q not symmetric
        positive definite, target of the wrong length, a target given with data.

    Examples
    --------
    >>> import numpy as np
    >>> from algnet import parse_spec
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]); Y = np.array([[1.0], [2.0], [0.5]])
    >>> L = make_loss(parse_spec("linear 2-1-1"), (X, Y), rng=np.random.default_rng(0))
    >>> L.kind, L.m, round(L.offset * 12, 9)     # the best plane y = x1 / 6 + 7 x2 / 6 misses each sample by 5/6
    ('data', 2, 25.0)
    """
    rng = rng if rng is not None else np.random.default_rng()
    if isinstance(loss, tuple) and len(loss) == 2:
        from algnet.data_files import real_array

        if target is not None:      # the data's Y is the target: a second one was dropped without a word
            raise ParameterError("a target and regression data (X, Y) were both given: with data the target is Y",
                                 hint="drop target=..., or pass loss='generic'/'frobenius' with that target")

        # real, finite, at least one sample (NaN made every path fail, "= 0" printed; complex was cast silently)
        X, Y = real_array(loss[0], "data X"), real_array(loss[1], "data Y")
        if X.ndim == 1:
            X = X[:, None]
        if Y.ndim == 1:
            Y = Y[:, None]
        if X.shape[0] != Y.shape[0] or X.reshape(X.shape[0], -1).shape[1] != net.n_inputs \
                or Y.ndim != 2 or Y.shape[1] != net.n_outputs:
            raise ParameterError(
                f"data X {X.shape}, Y {Y.shape} do not fit {net.spec} "
                f"({net.n_inputs} inputs, {net.n_outputs} outputs)",
                hint="X: one row of inputs per sample, Y: one row of outputs per sample (--data FILE.npz with X, Y)")
        V = _check_unisolvent(net, X)
        return _data_loss(net, V, Y, coefficient_map(net, rng) if coefficients is None else coefficients)
    Z, T = coefficient_map(net, rng) if coefficients is None else coefficients
    m = T.shape[0]
    drawn = None
    if isinstance(loss, str):
        if loss == "frobenius":
            Q, kind = np.eye(m), "frobenius"
        elif loss == "bombieri":
            Q, kind = np.diag(bombieri_weights(net)), "bombieri"
        elif loss == "generic":
            if target is None:      # A and then u in one draw: the same numbers as two (the generator's stream)
                drawn = rng.normal(size=m * m + m)
                A = drawn[:m * m].reshape(m, m)
            else:
                A = rng.normal(size=(m, m))
            # A A^T / m + I / 2, in place (the same numbers: each entry divided by m, 0.5 added on the diagonal)
            Q, kind = A @ A.T, "generic"
            Q /= m
            Q.ravel()[::m + 1] += 0.5
        else:
            raise ParameterError(f"unknown loss {loss!r}", hint="--loss generic|frobenius|bombieri, or --data FILE.npz")
    else:
        from algnet.data_files import real_array

        # real numbers only: a ragged or text Q escaped as numpy's ValueError, a complex one lost its imaginary part
        Q = _checked_form(real_array(loss, "Q", rows=False), m)
        kind = "quadratic"
    if drawn is not None:
        u = drawn[m * m:]
    elif target is None:
        u = rng.normal(size=m)
    else:
        from algnet.data_files import real_array

        # real numbers only: text escaped as numpy's ValueError, a complex target lost its imaginary part
        u = real_array(target, "the target", rows=False).reshape(-1)
        if u.shape != (m,):
            raise ParameterError(f"target must have {m} coordinates, got {u.shape}",
                                 hint="one value per function-space coordinate (net.coordinate_names())")
        if not np.isfinite(u).all():
            raise ParameterError("the target contains NaN or infinite values", hint="give finite coordinates")
    return Loss(kind, Z, T, Q, u)


def _checked_form(Q, m):
    """Q when it is a symmetric positive definite m x m matrix, else ParameterError. A singular Q (positive
    semidefinite, the loss blind to the directions of its kernel) is refused like data that do not determine the
    coefficients (:func:`_check_unisolvent`): its critical points can form positive-dimensional families (Q of rank
    2 on linear 2-1-2: a curve of them), and the count's start targets u = y - Q^-1 z need Q^-1 (a LinAlgError
    escaped).

    Examples
    --------
    >>> _checked_form(np.diag([1.0, 0.0]), 2)
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: Q is singular (rank 1 < 2): the loss ignores some directions of the function space
      hint: give a positive definite Q (a singular one can have positive-dimensional families of critical points)
    """
    if Q.shape != (m, m) or not np.isfinite(Q).all() or not np.allclose(Q, Q.T) \
            or np.linalg.eigvalsh(Q).min() < -1e-12 * abs(Q).max():
        raise ParameterError(f"Q must be a symmetric positive definite {m} x {m} matrix",
                             hint="one row and column per function-space coordinate")
    rank = int(np.linalg.matrix_rank(Q, hermitian=True))
    if rank < m:
        raise ParameterError(f"Q is singular (rank {rank} < {m}): the loss ignores some directions of the function "
                             "space",
                             hint="give a positive definite Q (a singular one can have positive-dimensional families "
                                  "of critical points)")
    return Q


def network_and_loss(spec, loss="frobenius", target=None, seed: int = 0):
    """(network, :class:`Loss`, generator): a spec parsed and its loss built from ``seed`` (the set-up of
    most examples in this package).

    Examples
    --------
    >>> net, L, rng = network_and_loss("linear 2-1-2", target=[1.0, 0.0, 0.0, 1.0])
    >>> net.n_params, L.kind, L.u.tolist()
    (4, 'frobenius', [1.0, 0.0, 0.0, 1.0])
    """
    from algnet.analyses.network_input import as_network

    rng = _generator(seed)
    net = as_network(spec)
    return net, make_loss(net, loss, None if target is None else np.asarray(target, dtype=float), rng), rng


def _generator(seed):
    """``np.random.default_rng(seed)``: for an int seed a PCG64 generator from the seed's
    :class:`~numpy.random.SeedSequence`, made once per process with the state it gives a bit generator kept
    (:class:`_KeptSeedSequence`; a generator from the same sequence draws the same numbers: the seed is not hashed
    again at every call; the first :data:`_SEEDS_KEPT` seeds are kept).

    Examples
    --------
    >>> bool((_generator(3).normal(size=4) == np.random.default_rng(3).normal(size=4)).all())
    True
    >>> bool((_generator(3).normal(size=4) == np.random.default_rng(3).normal(size=4)).all())      # the kept state
    True
    """
    if type(seed) is not int:
        return np.random.default_rng(seed)
    seq = _SEED_SEQUENCES.get(seed)
    if seq is None:
        seq = _KeptSeedSequence(seed)
        if len(_SEED_SEQUENCES) < _SEEDS_KEPT:
            _SEED_SEQUENCES[seed] = seq
    return np.random.Generator(np.random.PCG64(seq))


class _KeptSeedSequence(np.random.SeedSequence):
    """A :class:`~numpy.random.SeedSequence` that hashes its pool into a bit generator's state once per size and
    dtype (numpy's ``generate_state`` runs under an ``np.errstate`` context; a count's generator is made from its
    seed, :func:`~.solve.critical_points`): a generator seeded from it draws exactly what one seeded from the plain
    sequence draws (each call gets its own copy of the state).

    Examples
    --------
    >>> seq = _KeptSeedSequence(5)
    >>> bool((seq.generate_state(4, np.uint64) == np.random.SeedSequence(5).generate_state(4, np.uint64)).all())
    True
    >>> seq.generate_state(4, np.uint64) is seq.generate_state(4, np.uint64)
    False
    """

    def generate_state(self, n_words, dtype=np.uint32):
        kept = self.__dict__.setdefault("_kept", {})
        key = (n_words, dtype)
        got = kept.get(key)
        if got is None:
            got = kept[key] = super().generate_state(n_words, dtype)
        return got.copy()


#: the seed sequences of :func:`_generator` (no generator spawns from them: they are not changed by their use)
_SEED_SEQUENCES: dict = {}
_SEEDS_KEPT = 4096
