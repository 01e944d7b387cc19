"""The inputs of the toy model of superposition: per-feature sparsities and importances, and sparse samples.

Each feature x_i is 0 with probability S_i and uniform on [0, 1] otherwise, independently; feature i weighs I_i in
the loss. Source: Elhage et al., *Toy models of superposition* (2022, arXiv:2209.10652).

Examples
--------
>>> sparsity_profile(2, [0.5, 0.9]).tolist(), importance_profile(3, 0.5).tolist()
([0.5, 0.9], [1.0, 0.5, 0.25])
"""

from __future__ import annotations

import numpy as np

from algnet.errors import ParameterError

__all__ = ["importance_profile", "sparsity_profile", "generate_data", "sample_sparse", "as_generator"]


def as_generator(seed) -> np.random.Generator:
    """A numpy Generator: ``seed`` itself when it is one, else a fresh one seeded with it (checked).

    Examples
    --------
    >>> g = as_generator(0)
    >>> as_generator(g) is g, float(g.random()) == float(np.random.default_rng(0).random())
    (True, True)
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ParameterError(f"seed must be a non-negative integer, got {seed!r}", hint="pass e.g. seed=0")
    return np.random.default_rng(seed)


def _check_dims(n, m=None):
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError(f"number of features n must be a positive integer, got {n!r}", hint="e.g. n=5")
    if m is not None and (not isinstance(m, (int, np.integer)) or m < 1):
        raise ParameterError(f"hidden dimension m must be a positive integer, got {m!r}", hint="e.g. m=2")


def sparsity_profile(n: int, sparsity) -> np.ndarray:
    """The per-feature sparsities S_i as a length-n float array.

    Parameters
    ----------
    n : int
        Number of features.
    sparsity : float or sequence of float
        One value in [0, 1) for all features, or one per feature.

    Examples
    --------
    >>> sparsity_profile(3, 0.9)
    array([0.9, 0.9, 0.9])
    """
    _check_dims(n)
    try:
        S = np.broadcast_to(np.asarray(sparsity, dtype=float), (n,)).copy()
    except (ValueError, TypeError):
        raise ParameterError(f"sparsity must be a number or {n} numbers, got {sparsity!r}",
                             hint="e.g. sparsity=0.9") from None
    if not np.all((S >= 0) & (S < 1)):
        raise ParameterError(f"sparsities must lie in [0, 1), got {S.tolist()}",
                             hint="S_i is the probability that feature i is zero; S=1 leaves no data")
    return S


def importance_profile(n: int, importance=None) -> np.ndarray:
    """The per-feature importances I_i as a length-n float array.

    Parameters
    ----------
    n : int
        Number of features.
    importance : None, float or sequence of float
        None gives I_i = 1 for every feature. A single float ``r`` in (0, 1)
        gives the geometric profile I_i = r**i of the paper's figures;
        a sequence gives the importances themselves (positive).

    Examples
    --------
    >>> importance_profile(3, 0.5)
    array([1.  , 0.5 , 0.25])
    >>> importance_profile(2)
    array([1., 1.])
    """
    _check_dims(n)
    if importance is None:
        return np.ones(n)
    if np.isscalar(importance):
        r = float(importance)
        if not 0 < r <= 1:
            raise ParameterError(f"a scalar importance is a decay ratio in (0, 1], got {r}",
                                 hint="pass a list for explicit importances")
        return r ** np.arange(n, dtype=float)
    I = np.asarray(importance, dtype=float)
    if I.shape != (n,) or not np.all(I > 0):
        raise ParameterError(f"importances must be {n} positive numbers, got {importance!r}",
                             hint="or pass a decay ratio such as 0.7")
    return I.copy()


def generate_data(n: int, count: int, sparsity, seed=None) -> np.ndarray:
    """Sample ``count`` synthetic inputs of the toy model.

    Each coordinate x_i is 0 with probability S_i and uniform on [0, 1]
    otherwise, independently.

    Parameters
    ----------
    n : int
        Number of features.
    count : int
        Number of samples (rows).
    sparsity : float or sequence of float
        S or (S_1, ..., S_n).
    seed : int or numpy Generator, optional
        Seed of the sampler.

    Returns
    -------
    numpy.ndarray
        Array of shape (count, n).

    Examples
    --------
    >>> X = generate_data(4, 10000, 0.75, seed=1)
    >>> X.shape
    (10000, 4)
    >>> bool(abs((X == 0).mean() - 0.75) < 0.02)
    True
    """
    _check_dims(n)
    if not isinstance(count, (int, np.integer)) or count < 1:
        raise ParameterError(f"count must be a positive integer, got {count!r}", hint="e.g. count=1024")
    return sample_sparse(as_generator(seed), sparsity_profile(n, sparsity), count)


def sample_sparse(rng, S, count: int) -> np.ndarray:
    """``count`` inputs with coordinate i uniform in [0, 1] with probability 1 - S[i], else 0.

    Examples
    --------
    >>> X = sample_sparse(np.random.default_rng(0), np.array([0.0, 1.0]), 4)      # S = 0: never zero; S = 1: always
    >>> bool((X[:, 0] > 0).all()), X[:, 1].tolist()
    (True, [0.0, 0.0, 0.0, 0.0])
    """
    vals = rng.random((count, len(S)))
    keep = rng.random((count, len(S))) >= S
    return np.where(keep, vals, 0.0)
