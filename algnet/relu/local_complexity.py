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
random 2-D slice through it); it lives in :mod:`algnet.relu.local_regions` and is exported here too.
The radius is exact on the exact path: ``radius="1/10"`` (or ``Fraction(1, 10)``) is 1/10, as typed.

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

from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.relu.local_points import _directions, _float_overflow, as_model, checked_points, checked_radius
from algnet.relu.local_regions import LocalRegionCounts, check_local_regions, local_region_count, radius_fields
from algnet.relu.model import MaxPool

__all__ = ["LocalComplexity", "LocalRegionCounts", "local_complexity", "local_region_count", "check_local_regions",
           "as_model"]

_METHOD = "sign changes of pre-activations at the 2k vertices of a cross-polytope (Humayun-Balestriero-Baraniuk 2024)"


@dataclass(frozen=True, eq=False)
class LocalComplexity:
    """Local complexity of a batch of points.

    Attributes
    ----------
    per_layer : dict
        layer name -> int array (B,) of neurons (windows for max-pools) whose sign is not constant.
    total : numpy array (B,)
    radius, directions : the cross-polytope (radius r, k directions); on the exact path the radius is the exact
        rational used (a Fraction: ``"1/10"`` is 1/10, a float its binary value), else the float64 used
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
    >>> local_complexity(m, [[0.1, 0.0]], radius="3/10", seed=0, exact=True).radius        # exact, as typed
    Fraction(3, 10)
    """

    per_layer: dict
    total: np.ndarray
    radius: float | Fraction
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
        d = {"points": int(self.total.size), **radius_fields(self.radius), "directions": self.directions,
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


def local_complexity(model, X, *, radius, directions: int | None = None, seed=None, exact: bool = False,
                     theta=None, input_shape=None, batch_size: int | None = None, backend: str | None = None,
                     dtype: str = "float64", progress: bool = False, force: bool = False) -> LocalComplexity:
    """Local complexity at the rows of X (see the module doc).

    Parameters
    ----------
    model : PLModel, torch module, or ReLU spec/network with ``theta``
    X : array (B, n0) or (B, *input_shape)
    radius : float, Fraction, int or str, > 0
        A string is read exactly (``"0.1"`` and ``"1/10"`` are 1/10): the exact path uses that value.
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
    rx = checked_radius(radius) if exact else r
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
    return LocalComplexity(per, np.asarray(total), rx, k, int(seed), bool(exact), time.perf_counter() - t0, sizes,
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
