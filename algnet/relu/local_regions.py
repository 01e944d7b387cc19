"""Exact region counts near data points: the number of linear regions of a piecewise-linear model in the square of
half-side r of a random 2-D slice through each point (:func:`local_region_count`), estimated and refused before any
square is partitioned when too large (:func:`check_local_regions`).

The radius is exact: ``radius="1/10"`` (or ``Fraction(1, 10)``) is 1/10, a float its binary value.

Examples
--------
>>> from algnet.relu.model import PLModel
>>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
>>> r = local_region_count(m, [[0, 0], [5, 5]], radius="1/2", seed=0)
>>> r.counts.tolist(), r.radius
([4, 1], Fraction(1, 2))
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from algnet.architectures.relu_exact import to_fraction
from algnet.errors import ParameterError
from algnet.evidence import Evidence
from algnet.relu.local_points import _directions, as_model, checked_radius

__all__ = ["LocalRegionCounts", "local_region_count", "check_local_regions", "radius_fields"]


def radius_fields(radius) -> dict:
    """The radius for a result's ``as_dict``: ``radius`` a float (JSON number), and ``radius_exact`` the exact
    rational as a string when the radius is a Fraction.

    Examples
    --------
    >>> radius_fields(Fraction(1, 10)), radius_fields(0.25)
    ({'radius': 0.1, 'radius_exact': '1/10'}, {'radius': 0.25})
    """
    if isinstance(radius, Fraction):
        return {"radius": float(radius), "radius_exact": str(radius)}
    return {"radius": float(radius)}


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
    algnet.errors.TooLargeError: relu 2-300-1: exact regions in squares of half-side 10 around 2000 points (200 ...
    """
    from algnet.relu.model_estimates import check_model_regions, local_regions_estimate

    m = as_model(model, theta, input_shape, X)
    rx = checked_radius(radius)         # exact; the messages show the radius as given
    Xf = _local_points(m, X)
    if len(Xf) <= sample:               # the very squares of local_region_count
        est = local_regions_estimate(m, Xf, _directions(len(Xf), m.input_size, 2, np.random.default_rng(seed)), rx)
    else:
        idx = np.sort(np.random.default_rng(seed).choice(len(Xf), sample, replace=False))
        D = _directions(sample, m.input_size, 2, np.random.default_rng(seed))
        est = dict(local_regions_estimate(m, Xf[idx], D, rx), points=len(Xf))
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
    square of half-side ``radius`` (the exact rational used) of the random 2-D slice through point i
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
    radius: Fraction
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
        d = {"points": int(self.counts.size), "points_given": self.points, **radius_fields(self.radius),
             "mean": self.mean}
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
    ``radius`` is exact: a float is its binary value, a string ``"0.1"`` or ``"1/10"`` is 1/10. ``progress``
    shows a bar of the squares finished (total: the points). Ctrl-C keeps the counts of the
    squares finished so far (the result is then ``partial``; the square under way is left out).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> local_region_count(m, [[0, 0], [5, 5]], radius=1, seed=0).counts.tolist()  # both axes cross [-1,1]^2 at 0
    [4, 1]
    """
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
    r = checked_radius(radius)      # exact: "1/10" is 1/10, a float its binary value
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
    return LocalRegionCounts(np.array(out, dtype=np.int64), r, int(seed), len(Xf),
                             time.perf_counter() - t0, partial, stopped)
