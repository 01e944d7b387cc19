"""Sparse data with structure: correlated and anti-correlated feature groups.

Elhage et al. (2022, section "Correlated and anticorrelated features") train
the toy model on data where some features are active together and some
exclude each other; correlated features tend to share a summand and
anti-correlated ones to be placed in the other summand of a direct sum.

:class:`FeatureStructure` describes the groups; features are numbered
group by group: first the correlated groups, then the anti-correlated ones,
then the remaining independent features. Every feature keeps the marginal
law of the plain generator (0 with probability S, else uniform on [0, 1]):

* a **correlated** group is switched on with probability 1 − S as a whole;
  its active features take independent uniform values;
* an **anti-correlated** group of size k has exactly one active feature
  (chosen uniformly) with probability k (1 − S) and none otherwise — so at
  most one is active, and each is active with probability 1 − S; this needs
  k (1 − S) <= 1;
* independent features are as in :func:`~algnet.superposition.toy.generate_data`.

Examples
--------
>>> fs = FeatureStructure(8, correlated=(3, 3), anticorrelated=(2,))
>>> fs.groups
(('correlated', (0, 1, 2)), ('correlated', (3, 4, 5)), ('anticorrelated', (6, 7)))
>>> X = fs.sample(10000, 0.9, seed=0)
>>> bool(((X[:, 0] > 0) == (X[:, 1] > 0)).all()), int(((X[:, 6] > 0) & (X[:, 7] > 0)).sum())
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.errors import ParameterError

__all__ = ["FeatureStructure", "parse_group_sizes", "structured_data"]


def parse_group_sizes(text) -> tuple:
    """Group sizes from ``"3,3"`` (CLI syntax), an int or a sequence; empty for None/"".

    Examples
    --------
    >>> parse_group_sizes("3,3"), parse_group_sizes(None), parse_group_sizes([2, 2, 2])
    ((3, 3), (), (2, 2, 2))
    """
    if text is None or text == "":
        return ()
    if isinstance(text, (int, np.integer)):
        text = [text]
    if isinstance(text, str):
        try:
            sizes = tuple(int(x) for x in text.replace(" ", "").split(",") if x)
        except ValueError:
            raise ParameterError(f"group sizes {text!r} are not integers",
                                 hint="give sizes separated by commas, e.g. --correlated 3,3") from None
    else:
        sizes = tuple(int(x) for x in text)
    if any(s < 2 for s in sizes):
        raise ParameterError(f"every group needs at least 2 features, got {list(sizes)}",
                             hint="e.g. --correlated 3,3 or --anticorrelated 2,2,2")
    return sizes


@dataclass(frozen=True)
class FeatureStructure:
    """Correlated and anti-correlated groups among n features (see the module docstring).

    Attributes
    ----------
    n : int
    correlated, anticorrelated : tuple of int
        Group sizes; features are numbered group by group in this order.

    Examples
    --------
    >>> fs = FeatureStructure(5, anticorrelated="2,2")
    >>> fs.labels.tolist(), str(fs)
    ([0, 0, 1, 1, -1], 'anti-correlated [2, 2]')
    """

    n: int
    correlated: tuple = ()
    anticorrelated: tuple = ()

    def __post_init__(self):
        if not isinstance(self.n, (int, np.integer)) or isinstance(self.n, bool) or self.n < 1:
            raise ParameterError(f"n must be a positive integer, got {self.n!r}", hint="e.g. --n 6")
        object.__setattr__(self, "correlated", parse_group_sizes(self.correlated))
        object.__setattr__(self, "anticorrelated", parse_group_sizes(self.anticorrelated))
        used = sum(self.correlated) + sum(self.anticorrelated)
        if used > self.n:
            raise ParameterError(f"the groups use {used} features but n={self.n}",
                                 hint=f"raise --n to at least {used} or use smaller groups")

    @property
    def groups(self) -> tuple:
        """((kind, feature indices), ...) in feature order (independent features are not listed)."""
        out, i = [], 0
        for kind, sizes in (("correlated", self.correlated), ("anticorrelated", self.anticorrelated)):
            for s in sizes:
                out.append((kind, tuple(range(i, i + s))))
                i += s
        return tuple(out)

    @property
    def labels(self) -> np.ndarray:
        """Group index of every feature (−1 for independent features)."""
        lab = -np.ones(self.n, dtype=int)
        for g, (_, idx) in enumerate(self.groups):
            lab[list(idx)] = g
        return lab

    def check_sparsity(self, sparsity: float) -> float:
        """S as a float, checked: in [0, 1) and k (1 − S) <= 1 for every anti-correlated group of size k.

        Examples
        --------
        >>> FeatureStructure(4, anticorrelated=(4,)).check_sparsity(0.8)
        0.8
        """
        S = float(sparsity)
        if not 0 <= S < 1:
            raise ParameterError(f"sparsity must be in [0, 1), got {sparsity}", hint="e.g. --sparsity 0.9")
        k = max(self.anticorrelated, default=0)
        if k and k * (1 - S) > 1 + 1e-12:
            raise ParameterError(
                f"an anti-correlated group of {k} features cannot keep each feature active with "
                f"probability 1 - S = {1 - S:g} (needs k (1 - S) <= 1)",
                hint=f"raise --sparsity to at least {1 - 1 / k:g} or use smaller groups")
        return S

    def sample(self, count: int, sparsity: float, seed=None) -> np.ndarray:
        """``count`` samples, shape (count, n); see the module docstring for the law.

        Examples
        --------
        >>> FeatureStructure(3, correlated=(2,)).sample(4, 0.5, seed=1).shape
        (4, 3)
        """
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        return self.sampler(sparsity)(rng, count)

    def sampler(self, sparsity: float):
        """A function ``(rng, count) -> X`` drawing from this law (what training calls every step)."""
        S = self.check_sparsity(sparsity)
        groups = self.groups
        n = self.n

        def draw(rng, count):
            vals = rng.random((count, n))
            active = rng.random((count, n)) >= S      # independent features (overwritten for groups)
            for kind, idx in groups:
                idx = list(idx)
                k = len(idx)
                if kind == "correlated":
                    on = rng.random(count) >= S
                    active[:, idx] = on[:, None]
                else:
                    u = rng.random(count)
                    which = np.minimum((u / (1 - S)).astype(int), k) if S < 1 else np.full(count, k)
                    active[:, idx] = which[:, None] == np.arange(k)[None, :]
            return np.where(active, vals, 0.0)

        return draw

    def __str__(self) -> str:
        parts = [f"correlated {list(self.correlated)}" if self.correlated else "",
                 f"anti-correlated {list(self.anticorrelated)}" if self.anticorrelated else ""]
        return ", ".join(p for p in parts if p) or "independent features"


def structured_data(n: int, count: int, sparsity: float, correlated=(), anticorrelated=(), seed=None) -> np.ndarray:
    """Samples of sparse data with correlated / anti-correlated groups (shape (count, n)).

    Parameters
    ----------
    n, count : int
    sparsity : float
        S: every feature is 0 with probability S.
    correlated, anticorrelated : sizes (``"3,3"`` or a sequence)
    seed : int or numpy Generator, optional

    Examples
    --------
    >>> X = structured_data(6, 20000, 0.8, anticorrelated="2,2,2", seed=3)
    >>> bool(abs((X > 0).mean() - 0.2) < 0.01)
    True
    """
    if not isinstance(count, (int, np.integer)) or count < 1:
        raise ParameterError(f"count must be a positive integer, got {count!r}", hint="e.g. count=1024")
    return FeatureStructure(n, correlated, anticorrelated).sample(count, sparsity, seed)
