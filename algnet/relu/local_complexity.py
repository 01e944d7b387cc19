"""Local complexity: how densely the partition of a piecewise-linear model crowds around data points.

Following Humayun, Balestriero and Baraniuk ("Deep networks always grok
and here is why", ICML 2024, arXiv:2402.15555), the local complexity at a
point x is the number of neurons whose pre-activation does not keep one
sign on a neighbourhood of x: the cross-polytope with the 2k vertices
x +- r d_i for k random orthonormal directions d_i. It is computed from the
pre-activations at the vertices (a neuron counts when it is > 0 at some
vertex and < 0 at another), per layer and in total, for a batch of points
at once. For the first layer the pre-activation is affine on the polytope,
so this is exactly the number of its hyperplanes that cross the polytope;
deeper layers follow the authors' vertex definition. Max-pool layers count
the windows whose argmax is not the same at all vertices.

:func:`local_region_count` gives, instead, the exact number of linear
regions in a 2-D neighbourhood of each point (a square of half-side r in a
random 2-D slice through it).

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, "-1/2"]), ([[1, 1]], [0])])
>>> lc = local_complexity(m, [[0.1, 0.0], [2.0, 2.0]], radius=0.3, seed=0)
>>> lc.total.tolist()          # the line x = 0 crosses the first neighbourhood only
[1, 0]
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from algnet.architectures.relu_exact import to_fraction
from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.relu.local_points import _float_overflow, checked_points
from algnet.relu.model import MaxPool

__all__ = ["LocalComplexity", "LocalRegionCounts", "local_complexity", "local_region_count", "check_local_regions",
           "as_model"]

_METHOD = "sign changes of pre-activations at the 2k vertices of a cross-polytope (Humayun-Balestriero-Baraniuk 2024)"


def as_model(model, theta=None, input_shape=None, points=None):
    """A PLModel from a PLModel, a ReluNetwork (or spec) with theta, or a torch module.

    A torch module whose first layer is a convolution takes the shape of one of ``points`` (shape (B, C, L) or
    (B, C, H, W)) as its input shape when ``input_shape`` is not given (as the CLI does with ``--data``).

    Examples
    --------
    >>> m = as_model("relu 2-2-1", [1, 0, 0, 1, 0, 0, 1, 1, 0])          # relu(x) + relu(y)
    >>> m.spec, m.forward([[2, -3]], exact=True).tolist()
    ('relu 2-2-1', [[Fraction(2, 1)]])
    >>> as_model(m) is m
    True
    >>> as_model([1, 2])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: cannot read a model from list
      hint: give a PLModel, a torch module, or a ReLU spec with theta=
    """
    from algnet.relu.model import PLModel

    if isinstance(model, PLModel):
        return model
    if theta is not None:
        from algnet.architectures.spec import parse_spec

        return PLModel.from_relu_network(parse_spec(model), theta)
    if type(model).__module__.startswith("torch") or hasattr(model, "named_modules"):
        from algnet.relu.torch_import import from_torch_model

        if input_shape is None and points is not None and np.ndim(points) > 2 and _conv_first(model):
            input_shape = np.shape(points)[1:]
        return from_torch_model(model, input_shape)
    raise ParameterError(f"cannot read a model from {type(model).__name__}",
                         hint="give a PLModel, a torch module, or a ReLU spec with theta=")


def _conv_first(model) -> bool:
    """Whether the first Linear/Conv layer of a torch module is a convolution (its input shape is not known)."""
    import torch

    nn = torch.nn
    first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d))), None)
    return first is not None and not isinstance(first, nn.Linear)


@dataclass(frozen=True, eq=False)
class LocalComplexity:
    """Local complexity of a batch of points.

    Attributes
    ----------
    per_layer : dict
        layer name -> int array (B,) of neurons (windows for max-pools) whose sign is not constant.
    total : numpy array (B,)
    radius, directions : the cross-polytope (radius r, k directions)
    exact : bool
        Signs decided in exact rational arithmetic (else float64).

    Examples
    --------
    The first layer has the lines x = 0 and y = 1/2. A cross-polytope of radius 0.3 around
    (0.1, 0) meets x = 0 only; around (0, 0.4) it meets both; around (2, 2) neither:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, "-1/2"]), ([[1, 1]], [0])])
    >>> lc = local_complexity(m, [[0.1, 0.0], [0.0, 0.4], [2.0, 2.0]], radius=0.3, seed=0, exact=True)
    >>> lc.total.tolist(), lc.mean, lc.layer_sizes, lc.evidence.certified
    ([1, 2, 0], 1.0, {'relu1': 2}, True)
    """

    per_layer: dict
    total: np.ndarray
    radius: float
    directions: int
    seed: int
    exact: bool
    seconds: float
    layer_sizes: dict = field(default_factory=dict)
    arithmetic: str = "float64"
    partial: bool = False

    @property
    def evidence(self) -> Evidence:
        return Evidence(method=_METHOD + ("; exact arithmetic" if self.exact else f"; {self.arithmetic}"),
                        certified=self.exact and not self.partial,
                        proves=("exact counts for the given cross-polytopes (random directions rounded to rationals)"
                                if self.exact else f"{self.arithmetic} signs (not proved)")
                        + (f"; partial (interrupted): the first {self.total.size} points only" if self.partial else ""),
                        seed=self.seed, seconds=self.seconds, partial=self.partial)

    @property
    def mean(self) -> float:
        return float(self.total.mean()) if self.total.size else 0.0

    def as_dict(self, per_point: bool = False) -> dict:
        d = {"points": int(self.total.size), "radius": self.radius, "directions": self.directions,
             "mean": self.mean, "per_layer_mean": {k: float(v.mean()) if v.size else 0.0 for k, v in self.per_layer.items()},
             "layer_sizes": dict(self.layer_sizes), "exact": self.exact, "arithmetic": self.arithmetic}
        if per_point:
            d["total"] = self.total.tolist()
            d["per_layer"] = {k: v.tolist() for k, v in self.per_layer.items()}
        d.update({k: v for k, v in self.evidence.as_dict().items() if k != "depends_on"})
        return d

    def __repr__(self):
        return (f"LocalComplexity({self.total.size} points, r={self.radius}, k={self.directions}: mean {self.mean:.3g} "
                f"neurons; {self.arithmetic}; seed {self.seed})")


def _directions(B, n0, k, rng):
    """(B, n0, k): k orthonormal columns per point, from Gaussian draws (orthonormalised by two Cholesky-QR
    passes, batched; columns agree with a Householder QR up to sign, which leaves a cross-polytope unchanged)."""
    G = rng.standard_normal((B, n0, k))
    for _ in range(2):
        R = np.linalg.cholesky(np.swapaxes(G, 1, 2) @ G)          # (B, k, k) lower: G^T G = R R^T
        G = np.swapaxes(np.linalg.solve(R, np.swapaxes(G, 1, 2)), 1, 2)      # G R^-T
    return G


def local_complexity(model, X, *, radius, directions: int | None = None, seed=None, exact: bool = False,
                     theta=None, input_shape=None, batch_size: int | None = None, backend: str | None = None,
                     dtype: str = "float64", progress: bool = False, force: bool = False) -> LocalComplexity:
    """Local complexity at the rows of X (see the module doc).

    Parameters
    ----------
    model : PLModel, torch module, or ReLU spec/network with ``theta``
    X : array (B, n0) or (B, *input_shape)
    radius : float > 0
    directions : int
        k, the number of random orthonormal directions (default min(n0, 16)).
    seed : int, optional
        Seed of the directions (drawn and recorded when None).
    exact : bool
        Decide signs in exact rational arithmetic (slow; small batches).
    batch_size : int, optional
        Cross-polytope vertices per vectorised forward pass (float path). Default: as many as keep the
        largest layer of one pass near 256 MB, or a :data:`PASS_COPIES`-th of the memory left when less (torch),
        or 2048 (numpy).
    backend : {'torch', 'numpy'}, optional
        Float path: batched float64 forward passes in torch (default when torch is installed) or numpy.
    dtype : {'float64', 'float32'}
        Arithmetic of the torch float path (float32: faster convolutions; signs of pre-activations
        within ~1e-7 relative of zero may differ). The result records it.
    progress : bool
        Show a progress bar of the points finished (total B, on stderr). Ctrl-C keeps the finished points
        (the result is then ``partial``).
    force : bool
        Run even when the estimated CPU time (2k forward passes per point: float,
        :func:`algnet.relu.estimates.local_complexity_estimate`, or exact,
        :func:`algnet.relu.model_estimates.exact_local_complexity_estimate`) is above the budget of
        :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds.

    Returns
    -------
    LocalComplexity

    Examples
    --------
    >>> from algnet import parse_spec
    >>> net = parse_spec("relu 2-4-3-1")
    >>> lc = local_complexity(net, [[0, 0], [1, 1]], radius=0.5, theta=net.random_params(seed=0), seed=1)
    >>> sorted(lc.per_layer), lc.total.shape
    (['relu1', 'relu2'], (2,))
    """
    t0 = time.perf_counter()
    m = as_model(model, theta, input_shape, X)
    r, Xf = checked_points(m, X, radius, exact, dtype)
    # the exact path keeps the radius exact (Fraction(1, 10), not float 0.1's binary value), as local_region_count
    rx = _exact_radius(radius, r) if exact else r
    n0 = m.input_size
    k = min(n0, 16) if directions is None else int(directions)
    if not 1 <= k <= n0:
        raise ParameterError(f"directions={directions}: need 1 <= k <= {n0}", hint="k orthonormal directions fit in R^n0")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 2**32)
    rng = np.random.default_rng(seed)
    B = Xf.shape[0]
    nodes = [i for i, nd in enumerate(m.nodes) if nd.op is not None and type(nd.op).__name__ in ("Activation", "MaxPool")]
    names = _layer_names(m, nodes)
    per = {nm: np.zeros(B, dtype=np.int64) for nm in names}
    if batch_size is None:
        widest = max(nd.size for nd in m.nodes)
        batch_size = 2048 if backend == "numpy" or exact else max(2 * k, _batch_bytes() // (8 * widest))
    step = max(1, int(batch_size) // (2 * k)) if not exact else max(1, 64 // (2 * k))
    if backend not in (None, "torch", "numpy"):
        raise ParameterError(f"backend={backend!r}", hint="backend='torch' or 'numpy'")
    if dtype not in ("float64", "float32") or (dtype == "float32" and (exact or backend == "numpy")):
        raise ParameterError(f"dtype={dtype!r} (exact={exact}, backend={backend!r})",
                             hint="dtype='float64', or 'float32' for the torch float path")
    from algnet.relu.estimates import check_local_complexity, local_complexity_estimate

    if exact:
        from algnet.relu.model_estimates import exact_local_complexity_estimate

        est = exact_local_complexity_estimate(m, B, k)
    else:
        est = local_complexity_estimate([m.nodes[i].size for i in nodes], B, k, n0)
    check_local_complexity(m.spec, est, force=force)
    try:
        tm = None if exact or backend == "numpy" else _torch_model(m, dtype)
    except OverflowError:
        raise _float_overflow(m) from None
    if tm is None and backend == "torch":
        raise ParameterError("backend='torch' needs torch", hint="pip install torch, or backend='numpy'")
    from tqdm import tqdm

    # the bar counts the points finished (bar.n, also when hidden): Ctrl-C keeps them (the result is then partial)
    bar = tqdm(total=B, desc="local complexity", unit="point", disable=not progress)
    # the directions are drawn a batch at a time (the same numbers as one draw for all points: a generator's
    # normal draws fill the array in order), so that memory stays at one batch's
    directions = lambda b: _directions(b, n0, k, rng)  # noqa: E731
    partial = False
    try:
        if tm is not None:
            _lc_torch(tm, Xf, directions, r, k, nodes, names, per, step, bar)
        else:
            try:
                Xin = Xf
                if exact:       # the points as given (a rational point is not rounded to float64 first)
                    from algnet.relu.model import fractions_array

                    Xin = fractions_array(np.asarray(X, dtype=object).reshape(len(X), -1))
                _lc_numpy(m, Xin, directions, rx, k, nodes, names, per, step, exact, bar)
            except OverflowError:
                raise _float_overflow(m) from None
    except KeyboardInterrupt:
        partial = True
        per = {nm: v[:bar.n] for nm, v in per.items()}
        B = bar.n
    finally:
        bar.close()
    total = sum(per.values()) if per else np.zeros(B, dtype=np.int64)
    sizes = {nm: int(m.nodes[i].size) for nm, i in zip(names, nodes)}
    return LocalComplexity(per, np.asarray(total), r, k, int(seed), bool(exact), time.perf_counter() - t0, sizes,
                           "exact" if exact else dtype, partial)


#: Bytes of the largest layer's values in one batched forward pass (the default batch of the torch path)
BATCH_BYTES = 256 << 20
#: Copies of the largest layer's values alive at once in a batched forward pass (the layer's input, its affine
#: output, the activation, the sign tests' temporaries): the batch is kept to this fraction of the memory left
PASS_COPIES = 6


def _batch_bytes() -> int:
    """Bytes for the largest layer of one batched pass: :data:`BATCH_BYTES`, less when the memory left (minus
    the enumeration's reserve) divided by :data:`PASS_COPIES` is less (at least 1 MiB)."""
    from algnet.guards import available_memory
    from algnet.relu.workers import MEMORY_RESERVE_BYTES

    return int(min(BATCH_BYTES, max(2**20, (available_memory() - MEMORY_RESERVE_BYTES) // PASS_COPIES)))


def _layer_names(m, nodes) -> list:
    """Distinct names of the activation and max-pool nodes: a module called twice (one ``nn.ReLU`` reused, as in
    torchvision's ResNets) names two nodes alike, whose counts had overwritten each other in ``per_layer`` (and
    dropped out of the total); its k-th call is ``name#k``.

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1]], [0]), ([[1]], [0]), ([[1]], [0])])
    >>> for i in m.activation_nodes():
    ...     m.nodes[i].name = "act"
    >>> _layer_names(m, m.activation_nodes())
    ['act', 'act#2']
    """
    names, taken = [], set()
    for i in nodes:
        base = m.nodes[i].name or f"node{i}"
        name, k = base, 1
        while name in taken:
            k += 1
            name = f"{base}#{k}"
        taken.add(name)
        names.append(name)
    return names


def _finished(bar, n):
    """The first ``n`` points are finished: ``bar.n`` (counted also by a hidden bar, whose update() does nothing)."""
    bar.n = n
    bar.refresh()


def _exact_radius(radius, r: float) -> Fraction:
    """The radius as an exact rational (a float is its binary value; ``r``, the checked float, for other types)."""
    try:
        return to_fraction(radius)
    except ParameterError:
        return Fraction(r)


def _lc_numpy(m, Xf, directions, r, k, nodes, names, per, step, exact, bar):
    """Float64 (numpy) or exact path, a batch of cross-polytopes at a time (``directions(b)``: b points' k
    directions, ``r`` the radius, a Fraction on the exact path); ``bar.n`` counts finished points."""
    B, n0 = Xf.shape
    for s in range(0, B, step):
        Xs = Xf[s:s + step]
        Ds = directions(Xs.shape[0])
        if exact:       # x +- r d added exactly: in float64 a radius below the points' resolution (0.1 at 1e17)
            from algnet.relu.model import fractions_array     # rounded every vertex back onto x

            Xs, rD = fractions_array(Xs), fractions_array(np.swapaxes(Ds, 1, 2)) * r     # r exact
        else:
            rD = r * np.swapaxes(Ds, 1, 2)
        V = np.concatenate([Xs[:, None, :] + rD, Xs[:, None, :] - rD], axis=1)          # (b, 2k, n0)
        b = V.shape[0]
        flat = V.reshape(b * 2 * k, n0)
        _, pre = m.forward(flat, exact=exact, preactivations=True)
        for nm, i, P in zip(names, nodes, pre):
            op = m.nodes[i].op
            if type(op).__name__ == "MaxPool":
                vals = np.asarray(P[:, op.windows], dtype=object if exact else float)
                am = np.array([[max(range(w.size), key=lambda t: (row[w[t]], -t)) for w in op.windows]
                               for row in P.tolist()]) if exact else np.argmax(vals, axis=2)
                am = am.reshape(b, 2 * k, -1)
                per[nm][s:s + b] = (am != am[:, :1, :]).any(axis=1).sum(axis=1)
            else:
                Pp = P.reshape(b, 2 * k, -1)
                pos = (Pp > 0).any(axis=1)
                neg = (Pp < 0).any(axis=1)
                per[nm][s:s + b] = (pos & neg).sum(axis=1)
        _finished(bar, s + b)


def _torch_model(m, dtype="float64"):
    """The model compiled to torch (batched forward passes), or None without torch."""
    try:
        from algnet.relu.model_torch import TorchModel

        return TorchModel(m, dtype)
    except ImportError:
        return None


def _lc_torch(tm, Xf, directions, r, k, nodes, names, per, step, bar):
    """Float path in torch: all 2k vertices of a batch of cross-polytopes in one forward pass."""
    import torch

    Xt = torch.as_tensor(Xf, dtype=tm.dtype)
    where = dict(zip(nodes, names))
    for s in range(0, Xf.shape[0], step):
        xs = Xt[s:s + step]
        b = xs.shape[0]
        ds = torch.as_tensor(np.ascontiguousarray(np.swapaxes(directions(b), 1, 2)), dtype=tm.dtype)  # (b, k, n0)
        V = torch.cat([xs[:, None, :] + r * ds, xs[:, None, :] - r * ds], dim=1).reshape(b * 2 * k, -1)

        def count(i, P, s=s, b=b):
            op = tm.model.nodes[i].op
            if isinstance(op, MaxPool):
                am = P[:, torch.as_tensor(op.windows)].argmax(dim=2).reshape(b, 2 * k, -1)
                c = (am != am[:, :1, :]).any(dim=1).sum(dim=1)
            else:
                lo, hi = torch.aminmax(P.reshape(b, 2 * k, -1), dim=1)
                c = ((hi > 0) & (lo < 0)).sum(dim=1)
            per[where[i]][s:s + b] = c.numpy()

        tm.forward(V, on_preactivation=count)
        _finished(bar, s + b)


def _local_points(m, X):
    """The points of :func:`local_region_count` as float rows (ParameterError for the wrong size or a 1-D input)."""
    from algnet.relu.data import check_finite_points

    check_finite_points(X, "point", width=None)
    A = np.asarray(X, dtype=object) if isinstance(X, (list, tuple)) else np.asarray(X)
    A = A.reshape(len(A), -1) if len(A) else np.zeros((0, m.input_size))
    try:        # strings 'p/q' and Fractions too; the exact points are _exact_rows
        Xf = np.array([[float(to_fraction(v)) for v in row] for row in A.tolist()], dtype=float).reshape(A.shape)
    except OverflowError:
        raise ParameterError("a point has a coordinate beyond float64's range (1.8e308)",
                             hint="rescale the points and the first layer together") from None
    if Xf.shape[1] != m.input_size:
        raise ParameterError(f"points have {Xf.shape[1]} coordinates, the model takes {m.input_size}",
                             hint="one row per point, flattened")
    if m.input_size < 2:
        raise ParameterError("the input space is 1-D: no 2-D neighbourhood", hint="use local_complexity")
    return Xf


def _exact_rows(X, n: int) -> list:
    """The points as rows of exact numbers (ints, the exact binary value of floats, Fractions, 'p/q' strings): a point
    such as 10^17 + 1/5 rounded to float64 would move by more than a small radius.

    Examples
    --------
    >>> from fractions import Fraction
    >>> _exact_rows([[Fraction(10**17) + Fraction(1, 5), 0]], 2)[0][0] - 10**17
    Fraction(1, 5)
    """
    A = np.asarray(X, dtype=object) if isinstance(X, (list, tuple)) else np.asarray(X)   # lists: big ints kept
    return [[to_fraction(v) for v in row] for row in A.reshape(len(A), n).tolist()]


def check_local_regions(model, X, *, radius, seed, theta=None, input_shape=None, max_regions: int = 200_000,
                        force: bool = False, sample: int = 200) -> dict:
    """The estimate of :func:`local_region_count` (:func:`algnet.relu.model_estimates.local_regions_estimate`:
    the first layer's regions in each square, a lower bound, their CPU seconds and the largest square's memory),
    refused (TooLargeError) above the CPU budget or the memory limit unless ``force``, or when one square alone
    is estimated above ``max_regions``. Made before any square is partitioned; with more than ``sample`` points,
    from ``sample`` of them with directions of their own (statistical), so that the estimate stays small.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> check_local_regions(m, [[0, 0], [5, 5]], radius=1, seed=0)["regions"]       # 4 + 1
    5
    >>> net = parse_spec("relu 2-300-1")
    >>> m = PLModel.from_relu_network(net, net.random_params(seed=0))
    >>> check_local_regions(m, np.zeros((2000, 2)), radius=10, seed=0)
    Traceback (most recent call last):
    ...
    algnet.errors.TooLargeError: relu 2-300-1: exact regions in squares of half-side 10 around 2000 points (200 sampled): at least ... regions (later layers only add regions); the exact regions (CPU time, a lower estimate, against a budget of 10.0 min of CPU) would take about ...
    """
    from algnet.relu.model_estimates import check_model_regions, local_regions_estimate

    m = as_model(model, theta, input_shape, X)
    Xf = _local_points(m, X)
    if len(Xf) <= sample:               # the very squares of local_region_count
        est = local_regions_estimate(m, Xf, _directions(len(Xf), m.input_size, 2, np.random.default_rng(seed)),
                                     radius)
    else:
        idx = np.sort(np.random.default_rng(seed).choice(len(Xf), sample, replace=False))
        D = _directions(sample, m.input_size, 2, np.random.default_rng(seed))
        est = dict(local_regions_estimate(m, Xf[idx], D, radius), points=len(Xf))
        est["regions"] = int(round(est["regions"] * len(Xf) / sample))
        est["cpu_seconds"] = est["regions"] * est["seconds_per_region"]
    if est["largest"] > max_regions:
        from algnet.errors import TooLargeError

        raise TooLargeError(f"{m.spec}: the first layer alone cuts a square of half-side {radius} around a point "
                            f"into about {est['largest']:,} regions, above max_regions={max_regions:,}",
                            regions_estimate=est["largest"], hint="a smaller radius")
    what = (f"{m.spec}: exact regions in squares of half-side {radius} around {est['points']} points"
            + (f" ({sample} sampled)" if len(Xf) > sample else ""))
    return check_model_regions(what, est, force=force,
                               hint="a smaller radius, fewer points (the first rows of --data), or drop --regions")


@dataclass(frozen=True)
class LocalRegionCounts:
    """The exact region counts of :func:`local_region_count`, one per point, in point order.

    ``counts[i]`` is the exact number of linear regions of the model in the
    square of half-side ``radius`` of the random 2-D slice through point i
    (the slices' directions come from ``seed``). After Ctrl-C the counts of
    the squares finished first are kept (``partial``: ``len(counts)`` of
    ``points`` points; a square cut short is left out, its count unknown);
    so when the memory left would not hold a square's next regions
    (``stopped`` then says so).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> r = local_region_count(m, [[0, 0], [5, 5]], radius=1, seed=0)
    >>> r.counts.tolist(), r.mean, r.partial, r.evidence.certified
    ([4, 1], 2.5, False, True)
    """

    counts: np.ndarray
    radius: float
    seed: int
    points: int
    seconds: float
    partial: bool = False
    stopped: str = ""

    @property
    def _why(self) -> str:
        return f"stopped at {self.stopped}" if self.stopped else "interrupted"

    @property
    def evidence(self) -> Evidence:
        return Evidence(method="exact nodewise polygon splitting of a random 2-D slice's square around each point",
                        certified=not self.partial,
                        proves="exact region counts of the given squares (slice directions rounded to rationals)"
                        + (f"; partial ({self._why}): the first {self.counts.size} of {self.points} points only"
                           if self.partial else ""),
                        seed=self.seed, seconds=self.seconds, partial=self.partial)

    @property
    def mean(self) -> float:
        """Mean count over the squares finished (0.0 when none is)."""
        return float(self.counts.mean()) if self.counts.size else 0.0

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.counts, dtype=dtype)

    def as_dict(self, per_point: bool = False) -> dict:
        d = {"points": int(self.counts.size), "points_given": self.points, "radius": self.radius, "mean": self.mean}
        if per_point:
            d["counts"] = self.counts.tolist()
        d.update({k: v for k, v in self.evidence.as_dict().items() if k != "depends_on"})
        return d

    def __repr__(self):
        return (f"LocalRegionCounts({self.counts.size} of {self.points} points, r={self.radius}: mean "
                f"{self.mean:.4g} regions; exact; seed {self.seed}" + (f", PARTIAL ({self._why})" if self.partial
                                                                        else "") + ")")


def local_region_count(model, X, *, radius, seed=None, theta=None, input_shape=None,
                       max_regions: int = 200_000, force: bool = False, progress: bool = False) -> LocalRegionCounts:
    """Exact number of linear regions in the square [-r, r]^2 of a random 2-D slice through each point.

    The slice through x has two random orthonormal directions (float64,
    converted exactly to rationals); the count is exact for that slice. The work is estimated first
    (:func:`check_local_regions`) and refused above the CPU budget or the memory limit unless ``force``.
    ``progress`` shows a bar of the squares finished (total: the points). Ctrl-C keeps the counts of the
    squares finished so far (the result is then ``partial``; the square under way is left out).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> local_region_count(m, [[0, 0], [5, 5]], radius=1, seed=0).counts.tolist()  # both axes cross [-1,1]^2 at 0
    [4, 1]
    """
    from fractions import Fraction

    from tqdm import tqdm

    from algnet.relu.model_regions import model_regions
    from algnet.relu.slices import Slice

    t0 = time.perf_counter()
    m = as_model(model, theta, input_shape, X)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 2**32)
    check_local_regions(m, X, radius=radius, seed=seed, max_regions=max_regions, force=force)
    Xf = _local_points(m, X)
    Xe = _exact_rows(X, m.input_size)       # the squares' centres: the points as given, not float-rounded
    D = _directions(len(Xf), m.input_size, 2, np.random.default_rng(seed))
    r = Fraction(radius)
    out, partial, stopped = [], False, ""
    bar = tqdm(total=len(Xf), desc="2-D regions", unit="square", disable=not progress)
    try:
        for x, d in zip(Xe, D):
            sl = Slice.from_origin(x, list(d[:, 0]), list(d[:, 1]))
            # estimated above for all the squares: no second refusal per square
            part = model_regions(m, slice=sl, box=(-r, r, -r, r), max_regions=max_regions, force=True)
            if part.partial:        # Ctrl-C or the memory left inside the square (kept there as a lower bound):
                partial, stopped = True, part.stopped       # stop, without it
                break
            out.append(part.count)
            bar.update(1)
    except KeyboardInterrupt:       # between squares or in one's last bookkeeping: the finished ones are kept
        partial = True
    finally:
        bar.close()
    return LocalRegionCounts(np.array(out, dtype=np.int64), float(radius), int(seed), len(Xf),
                             time.perf_counter() - t0, partial, stopped)
