"""Small data sets and example models for the ReLU examples (nothing is downloaded).

* :func:`two_moons`, :func:`spirals`: generated 2-D classification data;
* :func:`digits`: scikit-learn's 8x8 handwritten digits (shipped inside scikit-learn);
* :func:`small_cnn`, :func:`small_mlp`: torch models used by the notebooks and tests.

Examples
--------
>>> X, y = two_moons(100, seed=0)
>>> X.shape, sorted(set(y.tolist()))
((100, 2), [0, 1])
"""

from __future__ import annotations

import numpy as np

from algnet.errors import NotApplicableError, ParameterError

__all__ = ["two_moons", "spirals", "digits", "small_cnn", "small_mlp", "check_finite_points"]


def check_finite_points(X, what: str = "input", width: int | None = None) -> None:
    """Refuse (ParameterError) data points with a NaN or infinite coordinate, naming the first one: an input is
    not a weight, and a message about weights sent the user to the wrong file.

    Examples
    --------
    >>> check_finite_points([[1, 2], [3, 4]])
    >>> check_finite_points([[1, 2], [3, float("nan")]])
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: input 1 has the coordinate nan at position 1: not a finite number
      hint: inputs must be finite numbers: remove or repair that row (np.isfinite(X).all(axis=1) keeps the good ones)
    """
    A = np.asarray(X, dtype=object) if not isinstance(X, np.ndarray) else X
    if A.ndim == 1 and width is not None and A.shape[0] == width:      # one point given as a flat row
        A = A.reshape(1, -1)
    if A.dtype.kind in "biuO" or A.size == 0:
        if A.dtype.kind != "O" or A.size == 0:
            return
        flat = A.reshape(len(A), -1) if A.ndim >= 1 else A.reshape(1, 1)
        for i, row in enumerate(flat.tolist() if flat.ndim == 2 else [flat.tolist()]):
            for j, v in enumerate(row if isinstance(row, list) else [row]):
                if isinstance(v, (float, np.floating, complex)) and not np.isfinite(v):
                    _nonfinite(what, i, j, v)
        return
    if A.dtype.kind in "fc":
        flat = A.reshape(len(A), -1) if A.ndim >= 1 else A.reshape(1, 1)
        bad = ~np.isfinite(flat)
        if bad.any():
            i, j = (int(t) for t in np.argwhere(bad)[0])
            _nonfinite(what, i, j, flat[i, j])


def _nonfinite(what, i, j, v):
    v = v.item() if hasattr(v, "item") else v
    raise ParameterError(f"{what} {i} has the coordinate {v!r} at position {j}: "
                         "not a finite number",
                         hint=f"{what}s must be finite numbers: remove or repair that row (np.isfinite(X).all(axis=1) "
                              "keeps the good ones)")


def _n(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ParameterError(f"n={n!r}", hint="a number of points >= 2")
    return int(n)


def _positive(x, zero: bool = False) -> bool:
    """x is a finite real number > 0 (>= 0 when ``zero``)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        return False
    return bool(np.isfinite(x)) and (x >= 0 if zero else x > 0)


def _noise(noise):
    if not _positive(noise, zero=True):
        raise ParameterError(f"noise={noise!r}", hint="a standard deviation >= 0, e.g. noise=0.1")
    return float(noise)


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaved half circles (float64 points, int labels), Gaussian noise of std ``noise``.

    Examples
    --------
    Without noise, class 0 lies on the upper unit half circle and class 1 on the lower
    half circle of radius 1 centred at (1, 1/2):

    >>> import numpy as np
    >>> X, y = two_moons(10, noise=0.0, seed=1)
    >>> y.tolist()
    [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    >>> bool(np.allclose(np.hypot(*X[:5].T), 1)), bool(np.allclose(np.hypot(X[5:, 0] - 1, X[5:, 1] - 0.5), 1))
    (True, True)
    """
    n, noise = _n(n), _noise(noise)
    rng = np.random.default_rng(seed)
    a = n // 2
    t = rng.uniform(0, np.pi, n)
    X = np.where(np.arange(n)[:, None] < a, np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    X = X + noise * rng.standard_normal((n, 2))
    y = (np.arange(n) >= a).astype(np.int64)
    return X, y


def spirals(n: int = 200, turns: float = 1.5, noise: float = 0.05, seed: int = 0):
    """Two interleaved spirals.

    Examples
    --------
    >>> spirals(10)[0].shape
    (10, 2)
    """
    n, noise = _n(n), _noise(noise)
    if not _positive(turns):
        raise ParameterError(f"turns={turns!r}", hint="a positive number of turns, e.g. turns=1.5")
    rng = np.random.default_rng(seed)
    t = np.sqrt(rng.uniform(0, 1, n)) * turns * 2 * np.pi
    y = (np.arange(n) % 2).astype(np.int64)
    s = np.where(y == 0, 1.0, -1.0)
    X = s[:, None] * np.c_[t * np.cos(t), t * np.sin(t)] / (turns * 2 * np.pi)
    return X + noise * rng.standard_normal((n, 2)), y


def digits(n: int | None = None, seed: int | None = None):
    """scikit-learn's 8x8 digits as images (N, 1, 8, 8) in [0, 1] (float32) and labels; ``n`` random ones.

    Examples
    --------
    >>> X, y = digits(5, seed=0)
    >>> X.shape, X.dtype.name, float(X.max()) <= 1
    ((5, 1, 8, 8), 'float32', True)
    """
    from sklearn.datasets import load_digits

    d = load_digits()
    X = (d.images / 16.0).astype(np.float32)[:, None]
    y = d.target.astype(np.int64)
    if n is not None:
        n = _n(n)
        idx = np.random.default_rng(seed).permutation(len(y))[:n]
        X, y = X[idx], y[idx]
    return X, y


def _torch():
    try:
        import torch
    except ImportError:  # pragma: no cover
        raise NotApplicableError("PyTorch is not installed", hint="pip install 'algnet[torch]'") from None
    return torch


def small_cnn(channels: int = 4, classes: int = 10, seed: int = 0):
    """Conv(1->c, 3x3) ReLU MaxPool2 Conv(c->2c) ReLU MaxPool2 Flatten Linear(8c -> classes), for 8x8 images.

    Examples
    --------
    >>> sum(p.numel() for p in small_cnn(2).parameters())     # 20 + 76 + 170
    266
    """
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(seed)
    c = int(channels)
    return nn.Sequential(nn.Conv2d(1, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(c, 2 * c, 3, padding=1),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * c, classes))


def small_mlp(widths=(2, 16, 16, 2), seed: int = 0):
    """Linear/ReLU MLP with the given widths.

    Examples
    --------
    >>> small_mlp((2, 3, 1))
    Sequential(
      (0): Linear(in_features=2, out_features=3, bias=True)
      (1): ReLU()
      (2): Linear(in_features=3, out_features=1, bias=True)
    )
    """
    torch = _torch()
    nn = torch.nn
    torch.manual_seed(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)
