"""The toy model with two hidden layers, and the features of each layer.

x ∈ R^n is compressed twice, h_1 = W_1 x ∈ R^{m_1}, h_2 = W_2 h_1 ∈ R^{m_2},
and read back by the transposes. Two variants:

* ``middle="linear"``: x' = ReLU(W_1ᵀ W_2ᵀ W_2 W_1 x + b). It depends on
  W = W_2 W_1 only, so it *is* the one-layer model with features W_2 W_1;
  layer 1 is determined only up to the fibre {W_1 : W_2 W_1 = W} (any
  W_1 → A W_1, W_2 → W_2 A⁻¹ gives the same model), so its geometry carries
  no information — the decomposition says so by being arbitrary.
* ``middle="relu"``: a second toy model reads the first's hidden space,
  ĥ_1 = ReLU(W_2ᵀ W_2 h_1 + c), x' = ReLU(W_1ᵀ ĥ_1 + b): layer 2 compresses
  the m_1 hidden coordinates of layer 1 into m_2 dimensions.

The features of layer 1 are the columns of W_1 (n vectors in R^{m_1});
those of layer 2 are the columns of W_2 (the m_1 hidden directions in
R^{m_2}) and, composed, of W_2 W_1 (n vectors in R^{m_2}). Training is Adam on
fresh sparse batches with hand-written gradients (chain rule; checked
against finite differences in the tests). :func:`layer_decompositions`
splits each layer's features into direct-sum summands and names the
polytopes.

Examples
--------
>>> r = train_two_layer(5, 3, 2, sparsity=0.9, steps=200, seed=0)
>>> r.W1.shape, r.W2.shape, r.composite.shape
((3, 5), (2, 3), (2, 5))
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import NumericalError, ParameterError
from algnet.evidence import Evidence
from algnet.superposition.toy import (as_generator, importance_profile, loss_gradients, sample_sparse,
                                     sparsity_profile)
from algnet.superposition.results import EvidenceResult

__all__ = ["TwoLayerResult", "two_layer_grads", "train_two_layer", "layer_decompositions"]


def two_layer_grads(W1, W2, b, X, I, c=None):
    """Loss and gradients of mean_batch Σ_i I_i (x'_i − x_i)² for the two-layer model.

    ``c=None``: the linear middle (returns loss, dW1, dW2, db); with a vector
    ``c`` (length m1): the ReLU middle with bias c (returns loss, dW1, dW2, db, dc).

    Examples
    --------
    >>> W1, W2 = np.eye(2), np.eye(2)
    >>> two_layer_grads(W1, W2, np.zeros(2), np.array([[0.5, 1.0]]), np.ones(2))[0]
    0.0
    """
    if c is None:
        W = W2 @ W1
        loss, dW, db = loss_gradients(W, b, X, I, True, want_loss=True)
        return loss, W2.T @ dW, dW @ W1.T, db
    B = X.shape[0]
    G2 = W2.T @ W2
    H1 = X @ W1.T
    Z2 = H1 @ G2 + c
    A2 = np.maximum(Z2, 0.0)
    Z = A2 @ W1 + b
    R = np.maximum(Z, 0.0) - X
    loss = float(np.mean((R * R) @ I))
    dZ = (2.0 / B) * R * I * (Z > 0)
    db = dZ.sum(axis=0)
    dW1 = A2.T @ dZ
    dZ2 = (dZ @ W1.T) * (Z2 > 0)
    dc = dZ2.sum(axis=0)
    M = H1.T @ dZ2
    dW2 = W2 @ (M + M.T)
    dW1 = dW1 + (dZ2 @ G2).T @ X
    return loss, dW1, dW2, db, dc


@dataclass(frozen=True, eq=False)
class TwoLayerResult(EvidenceResult):
    """A trained two-hidden-layer toy model.

    Attributes
    ----------
    W1, W2, b : numpy.ndarray
        (m1, n), (m2, m1), (n,).
    c : numpy.ndarray or None
        Middle bias (m1,) of the ReLU middle; None for the linear middle.
    composite : numpy.ndarray
        W2 @ W1, the (m2, n) features of layer 2.
    final_loss : float
        On 4,096 fresh samples; NaN (None in ``as_dict``) when Ctrl-C cut that evaluation short.
    seed, steps, steps_done, partial, seconds : run data
    evidence : Evidence (numerical training)

    Examples
    --------
    >>> r = train_two_layer(3, 2, 1, steps=10, seed=0)
    >>> r.as_dict()["middle"], r.steps_done
    ('linear', 10)
    """

    W1: np.ndarray
    W2: np.ndarray
    b: np.ndarray
    c: np.ndarray | None
    final_loss: float
    seed: int | None
    steps: int
    steps_done: int
    partial: bool
    seconds: float
    evidence: Evidence = field(repr=False)

    @property
    def composite(self) -> np.ndarray:
        """W2 @ W1: the features of layer 2 in R^{m2}."""
        return self.W2 @ self.W1

    def _fields(self) -> dict:
        return {"W1": self.W1.tolist(), "W2": self.W2.tolist(), "b": self.b.tolist(),
                "c": None if self.c is None else self.c.tolist(), "middle": "linear" if self.c is None else "relu",
                "composite": self.composite.tolist(),
                "final_loss": self.final_loss if np.isfinite(self.final_loss) else None, "steps": self.steps,
                "steps_done": self.steps_done}


def train_two_layer(n: int, m1: int, m2: int, sparsity=0.9, importance=None, *, steps: int = 3000,
                    batch_size: int = 1024, lr: float = 1e-2, seed: int | None = 0, data=None,
                    middle: str = "linear") -> TwoLayerResult:
    """Train the two-hidden-layer toy model (see the module docstring) with Adam on fresh sparse batches.

    Parameters
    ----------
    n, m1, m2 : int
        Features and the two hidden widths.
    sparsity, importance : see :func:`~algnet.superposition.toy.train_toy_model`
    steps, batch_size, lr : Adam settings
    seed : int, optional
        Seeds initialisation and data (the same seed reproduces the result).
    data : FeatureStructure, optional
        Correlated / anti-correlated groups.
    middle : {"linear", "relu"}
        The variant (module docstring).

    Returns
    -------
    TwoLayerResult
        Ctrl-C returns the model so far, ``partial=True``.

    Examples
    --------
    >>> r = train_two_layer(4, 3, 2, sparsity=0.8, steps=50, seed=1, middle="relu")
    >>> r.c.shape, r.seed
    ((3,), 1)
    """
    for name, v in (("n", n), ("m1", m1), ("m2", m2), ("steps", steps), ("batch_size", batch_size)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name} must be a positive integer, got {v!r}", hint=f"e.g. --{name} 2")
    if middle not in ("linear", "relu"):
        raise ParameterError(f"middle must be 'linear' or 'relu', got {middle!r}", hint="--middle linear|relu")
    S = sparsity_profile(n, sparsity)
    I = importance_profile(n, importance)
    if data is not None:
        draw = data.sampler(float(S[0]))
    else:
        def draw(r, c):
            return sample_sparse(r, S, c)
    rng = as_generator(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / (m1 + n)), size=(m1, n))
    W2 = rng.normal(0.0, np.sqrt(2.0 / (m1 + m2)), size=(m2, m1))
    b = np.zeros(n)
    params = [W1, W2, b] + ([np.zeros(m1)] if middle == "relu" else [])
    mom = [np.zeros_like(p) for p in params]
    vel = [np.zeros_like(p) for p in params]
    t0, done, partial = time.perf_counter(), 0, False
    try:
        for t in range(steps):
            X = draw(rng, batch_size)
            loss, *grads = two_layer_grads(*params[:3], X, I, *params[3:])
            if not np.isfinite(loss):
                raise NumericalError(f"training diverged at step {t}", hint="lower the learning rate", step=t)
            for k, g in enumerate(grads):
                mom[k] = 0.9 * mom[k] + 0.1 * g
                vel[k] = 0.999 * vel[k] + 0.001 * g * g
                params[k] = params[k] - lr * (mom[k] / (1 - 0.9 ** (t + 1))) / (
                    np.sqrt(vel[k] / (1 - 0.999 ** (t + 1))) + 1e-8)
            done = t + 1
    except KeyboardInterrupt:
        partial = True
    W1, W2, b = params[:3]
    c = params[3] if middle == "relu" else None
    final = float("nan")
    try:    # the final evaluation on 4,096 fresh samples: a Ctrl-C here keeps the trained weights (was: lost)
        Xe = draw(rng, 4096)
        final = float(two_layer_grads(W1, W2, b, Xe, I, c)[0])
    except KeyboardInterrupt:
        partial = True
    secs = time.perf_counter() - t0
    ev = Evidence(method=f"Adam ({done} steps, batch {batch_size}, lr {lr}) on fresh sparse batches",
                  certified=False, proves="nothing (a trained model)", seed=seed if isinstance(seed, int) else None,
                  seconds=secs, partial=partial)
    return TwoLayerResult(W1, W2, b, c, final, seed if isinstance(seed, int) else None, steps, done, partial, secs, ev)


def layer_decompositions(result: TwoLayerResult, tol: float = 0.1, norm_tol: float = 0.1) -> dict:
    """Direct-sum decomposition and polytope names of each layer's features.

    Returns
    -------
    dict
        ``layer1`` (columns of W1 in R^{m1}), ``layer2`` (columns of W2: layer 1's hidden directions in
        R^{m2}) and ``composite`` (columns of W2 W1 in R^{m2}), each a
        :class:`~algnet.superposition.polytopes.Recognition`.

    Examples
    --------
    >>> r = train_two_layer(4, 2, 1, sparsity=0.6, steps=800, seed=0)
    >>> sorted(layer_decompositions(r))
    ['composite', 'layer1', 'layer2']
    """
    from algnet.superposition.polytopes import recognize_configuration

    return {"layer1": recognize_configuration(result.W1, tol=tol, norm_tol=norm_tol),
            "layer2": recognize_configuration(result.W2, tol=tol, norm_tol=norm_tol),
            "composite": recognize_configuration(result.composite, tol=tol, norm_tol=norm_tol)}
