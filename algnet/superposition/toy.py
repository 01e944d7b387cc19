"""The toy model of superposition x' = ReLU(WᵀW x + b) and its training.

n features are compressed into m < n hidden dimensions by W ∈ R^{m×n} and
read back by Wᵀ; the data are sparse: each x_i is 0 with probability S_i
and uniform on [0, 1] otherwise; the loss is Σ_i I_i (x_i − x'_i)², averaged
over the data. Training is plain numpy: hand-written gradients and Adam,
seeded, with an optional tqdm progress bar; Ctrl-C returns the model
reached so far, marked ``partial``. The inputs (sparsities, importances,
samples) are in :mod:`~algnet.superposition.inputs` and the 1-sparse loss
split in :mod:`~algnet.superposition.interference`; both are importable from here.

Source: Elhage et al., *Toy models of superposition* (2022, arXiv:2209.10652).

Examples
--------
>>> res = train_toy_model(5, 2, sparsity=0.9, steps=200, seed=0)
>>> res.model.W.shape, res.model.b.shape
((2, 5), (5,))
>>> res2 = train_toy_model(5, 2, sparsity=0.9, steps=200, seed=0)
>>> bool((res.model.W == res2.model.W).all())
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from algnet.errors import ParameterError
from algnet.superposition.inputs import (_check_dims, as_generator, generate_data, importance_profile,
                                         sample_sparse, sparsity_profile)
from algnet.superposition.interference import LossTerms, loss_terms

__all__ = [
    "dead_features",
    "ToyModel",
    "TrainResult",
    "LossTerms",
    "importance_profile",
    "sparsity_profile",
    "generate_data",
    "train_toy_model",
    "loss_terms",
    "loss_gradients",
    "sample_sparse",
    "as_generator",
]


@dataclass(frozen=True, eq=False)
class ToyModel:
    """A toy model x' = ReLU(WᵀW x + b) (or WᵀW x + b when ``relu=False``).

    Attributes
    ----------
    W : numpy.ndarray
        (m, n) matrix; column i is the direction of feature i in the hidden space.
    b : numpy.ndarray
        (n,) bias.
    relu : bool
        Whether the output passes through a ReLU (False: the linear model).

    Examples
    --------
    >>> m = ToyModel(np.array([[1.0, -1.0]]), np.zeros(2))
    >>> m.forward(np.array([[1.0, 0.0]]))
    array([[1., 0.]])
    >>> m.n, m.m
    (2, 1)
    """

    W: np.ndarray
    b: np.ndarray
    relu: bool = True

    def __post_init__(self):
        W = np.asarray(self.W, dtype=float)
        b = np.asarray(self.b, dtype=float)
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ParameterError(f"W must be (m, n) and b (n,), got {W.shape} and {b.shape}",
                                 hint="columns of W are the feature directions")
        if not (np.isfinite(W).all() and np.isfinite(b).all()):
            raise ParameterError("W or b contains inf/nan", hint="lower the learning rate")
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "b", b)

    @property
    def n(self) -> int:
        """Number of features."""
        return self.W.shape[1]

    @property
    def m(self) -> int:
        """Hidden dimension."""
        return self.W.shape[0]

    def forward(self, X) -> np.ndarray:
        """Outputs x' for a batch X of shape (batch, n).

        Examples
        --------
        >>> ToyModel(np.array([[1.0, 1.0]]), np.array([0.0, -2.0])).forward([[1.0, 0.0]])
        array([[1., 0.]])
        """
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.n:
            raise ParameterError(f"inputs must have shape (batch, {self.n}), got {X.shape}",
                                 hint="one row per sample")
        Z = X @ (self.W.T @ self.W) + self.b
        return np.maximum(Z, 0.0) if self.relu else Z

    def loss(self, X, importance=None) -> float:
        """Mean over the batch of Σ_i I_i (x_i − x'_i)².

        Examples
        --------
        >>> m = ToyModel(np.eye(2), np.zeros(2))
        >>> m.loss(np.array([[0.5, 1.0]]))
        0.0
        """
        X = np.asarray(X, dtype=float)
        I = importance_profile(self.n, importance)
        R = self.forward(X) - X
        return float(np.mean((R * R) @ I))

    def __repr__(self) -> str:
        kind = "ReLU" if self.relu else "linear"
        return (f"ToyModel({kind}, n={self.n}, m={self.m}, "
                f"norms={np.round(np.linalg.norm(self.W, axis=0), 3).tolist()})")


@dataclass(frozen=True, eq=False)
class TrainResult:
    """A trained toy model with everything needed to reproduce it.

    Attributes
    ----------
    model : ToyModel
    importance, sparsity : numpy.ndarray
        The I_i and S_i used.
    steps, batch_size : int
        Adam steps requested and samples per step (fresh data every step).
    lr : float
        Adam learning rate.
    seed : int or None
        Seed of initialisation and data; the same seed reproduces ``model``.
    losses : tuple of float
        Batch loss every ``log_every`` steps.
    final_loss : float
        Loss of the final model on a fresh evaluation batch (same seed stream); NaN when Ctrl-C cut that
        evaluation short.
    steps_done : int
        Steps actually done (< steps if interrupted).
    partial : bool
        True when Ctrl-C interrupted the training or its final evaluation.
    seconds : float
        Wall time.

    Examples
    --------
    >>> r = train_toy_model(3, 2, sparsity=0.5, steps=20, seed=4)
    >>> (r.seed, r.steps_done, r.partial)
    (4, 20, False)
    """

    model: ToyModel
    importance: np.ndarray
    sparsity: np.ndarray
    steps: int
    batch_size: int
    lr: float
    seed: int | None
    losses: tuple = field(default_factory=tuple)
    final_loss: float = float("nan")
    steps_done: int = 0
    partial: bool = False
    seconds: float = 0.0
    trajectory: object = None
    structure: object = None

    def __repr__(self) -> str:
        kind = "ReLU" if self.model.relu else "linear"
        s = np.unique(self.sparsity)
        s = float(s[0]) if len(s) == 1 else self.sparsity.tolist()
        return (f"TrainResult({kind} toy model n={self.model.n} m={self.model.m} S={s}, "
                f"Adam lr={self.lr} steps={self.steps_done}/{self.steps} batch={self.batch_size}, "
                f"seed={self.seed}, final_loss={self.final_loss:.5g}"
                + (", PARTIAL (interrupted)" if self.partial else "") + ")")


def loss_gradients(W, b, X, I, relu: bool, want_loss: bool = True):
    """Loss (NaN unless ``want_loss``) and gradients of mean_b Σ_i I_i (x'_i − x_i)² in W, b.

    Here x' = ReLU(WᵀW x + b) (or WᵀW x + b without ``relu``).

    Examples
    --------
    >>> W, b = np.array([[1.0, 1.0]]), np.zeros(2)           # two features in one hidden dimension
    >>> loss, dW, db = loss_gradients(W, b, np.array([[1.0, 0.0]]), np.ones(2), relu=True)
    >>> loss, dW.tolist(), db.tolist()     # x' = (w1^2, w1 w2) = (1, 1): L = (w1^2 - 1)^2 + (w1 w2)^2 = 1
    (1.0, [[2.0, 2.0]], [0.0, 2.0])
    """
    G = W.T @ W
    Z = X @ G + b
    Y = np.maximum(Z, 0.0) if relu else Z
    R = Y - X
    B = X.shape[0]
    loss = float(np.mean((R * R) @ I)) if want_loss else float("nan")
    dZ = (2.0 / B) * R * I
    if relu:
        dZ = dZ * (Z > 0)
    db = dZ.sum(axis=0)
    # Z = X G + b with G = WᵀW symmetric: dL/dG = Xᵀ dZ, dL/dW = W (M + Mᵀ), M = Xᵀ dZ
    M = X.T @ dZ
    dW = W @ (M + M.T)
    return loss, dW, db


def train_toy_model(n: int, m: int, sparsity=0.9, importance=None, *, steps: int = 3000,
                    batch_size: int = 1024, lr: float = 1e-2, linear: bool = False,
                    seed: int | None = 0, log_every: int = 50, show_progress: bool = False,
                    W0=None, b0=None, data=None, record=None, force: bool = False) -> TrainResult:
    """Train the toy model of superposition with Adam on fresh sparse batches.

    Parameters
    ----------
    n, m : int
        Number of features and hidden dimension.
    sparsity : float or sequence of float
        S (probability that a feature is zero) or one S_i per feature.
    importance : None, float or sequence
        See :func:`importance_profile` (None: all I_i = 1).
    steps : int
        Number of Adam steps.
    batch_size : int
        Fresh samples drawn per step.
    lr : float
        Adam learning rate (β1 = 0.9, β2 = 0.999, ε = 1e-8).
    linear : bool
        Train the linear model x' = WᵀW x + b instead (no superposition).
    seed : int, optional
        Seeds the initialisation (W ~ N(0, 2/(m+n)), b = 0) and the data;
        the same seed gives bit-identical results on the same machine.
    log_every : int
        Record the batch loss every this many steps.
    show_progress : bool
        Show a tqdm progress bar.
    W0, b0 : array, optional
        Start from these weights instead of the random initialisation.
    data : FeatureStructure, optional
        Correlated / anti-correlated feature groups
        (:class:`~algnet.superposition.data.FeatureStructure`; scalar sparsity).
    record : int or sequence of int, optional
        Record the weights, biases and loss terms every ``record`` steps
        (an int) or after the given step counts (0 = initialisation); the
        final state is always recorded. Stored as ``result.trajectory``
        (:class:`~algnet.superposition.dynamics.Trajectory`).
    force : bool
        Train even when the estimated CPU time or memory (the n x n arrays of W^T W and its gradient,
        :func:`~algnet.superposition.estimates.training_estimate`) is above the budget of
        :data:`~algnet.guards.DEFAULT_BUDGET` CPU seconds or the memory limit.

    Returns
    -------
    TrainResult
        Ctrl-C stops training and returns the model so far, ``partial=True``; a Ctrl-C after the last step,
        during the final evaluation, keeps the trained model (``partial=True``, ``final_loss`` NaN: not
        evaluated, ``trajectory`` None).

    Notes
    -----
    Cost: O(steps · batch_size · n · m) flops. With the defaults, n=5, m=2
    trains in well under a second.

    Examples
    --------
    >>> r = train_toy_model(3, 1, sparsity=0.0, linear=True, steps=500, seed=2)
    >>> r.model.relu
    False
    >>> bool(r.final_loss < r.losses[0])
    True
    """
    _check_dims(n, m)
    for name, v in (("steps", steps), ("batch_size", batch_size), ("log_every", log_every)):
        if not isinstance(v, (int, np.integer)) or v < 1:
            raise ParameterError(f"{name} must be a positive integer, got {v!r}", hint=f"e.g. {name}=1000")
    if not (isinstance(lr, (int, float)) and 0 < lr < 10):
        raise ParameterError(f"learning rate must be in (0, 10), got {lr!r}", hint="e.g. lr=1e-2")
    from algnet.superposition.estimates import check_training

    check_training(n, m, steps, batch_size, force=force)
    S = sparsity_profile(n, sparsity)
    I = importance_profile(n, importance)
    draw = lambda r, c: sample_sparse(r, S, c)  # noqa: E731
    if data is not None:
        if getattr(data, "n", None) != n or not hasattr(data, "sampler"):
            raise ParameterError(f"data must be a FeatureStructure on n={n} features",
                                 hint="e.g. data=FeatureStructure(n, correlated=(3, 3))")
        if len(np.unique(S)) != 1:
            raise ParameterError("structured data needs one sparsity for all features", hint="e.g. sparsity=0.9")
        draw = data.sampler(float(S[0]))
    recorder = None
    if record is not None:
        from algnet.superposition.dynamics import Recorder

        recorder = Recorder(record, steps, I)
    rng = as_generator(seed)
    if W0 is None:
        W = rng.normal(0.0, np.sqrt(2.0 / (m + n)), size=(m, n))
    else:
        W = np.array(W0, dtype=float)
        if W.shape != (m, n):
            raise ParameterError(f"W0 must have shape {(m, n)}, got {W.shape}", hint="columns = features")
    b = np.zeros(n) if b0 is None else np.array(b0, dtype=float)
    if b.shape != (n,):
        raise ParameterError(f"b0 must have shape {(n,)}, got {b.shape}", hint="one bias per feature")
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    losses = []
    it = range(steps)
    bar = None
    if show_progress:
        from tqdm.auto import tqdm

        bar = it = tqdm(it, desc=f"toy model n={n} m={m}", unit="step")
    t0 = time.perf_counter()
    done = 0
    partial = False
    relu = not linear
    if recorder is not None:
        recorder.add(0, W, b)
    try:
        for t in it:
            X = draw(rng, batch_size)
            log = t % log_every == 0
            with np.errstate(over="ignore", invalid="ignore"):
                loss, dW, db = loss_gradients(W, b, X, I, relu, want_loss=log)
            if log and not (np.isfinite(loss) and np.isfinite(dW).all()):
                from algnet.errors import NumericalError

                raise NumericalError(f"training diverged at step {t}", hint="lower the learning rate",
                                     step=t)
            mW = beta1 * mW + (1 - beta1) * dW
            vW = beta2 * vW + (1 - beta2) * dW * dW
            mb = beta1 * mb + (1 - beta1) * db
            vb = beta2 * vb + (1 - beta2) * db * db
            c1, c2 = 1 - beta1 ** (t + 1), 1 - beta2 ** (t + 1)
            W = W - lr * (mW / c1) / (np.sqrt(vW / c2) + eps)
            b = b - lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
            done = t + 1
            if recorder is not None:
                recorder.add(done, W, b)
            if log:
                losses.append(loss)
                if bar is not None:
                    bar.set_postfix(loss=f"{loss:.4g}")
    except KeyboardInterrupt:
        partial = True
    finally:
        if bar is not None:
            bar.close()
    if not (np.isfinite(W).all() and np.isfinite(b).all()):
        from algnet.errors import NumericalError

        raise NumericalError(f"training diverged (non-finite weights after {done} steps)",
                             hint="lower the learning rate", step=done)
    model = ToyModel(W, b, relu=relu)
    traj, final = None, float("nan")
    try:    # the final evaluation (4,096 fresh samples or more) and the trajectory: a Ctrl-C keeps the training
        Xe = draw(rng, max(batch_size, 4096))
        final = model.loss(Xe, I)
        if recorder is not None:
            recorder.add(done, W, b, force=True)
            traj = recorder.trajectory(structure=data, seed=seed if isinstance(seed, (int, np.integer)) else None)
    except KeyboardInterrupt:
        partial = True
    return TrainResult(model=model, importance=I, sparsity=S, steps=steps, batch_size=batch_size,
                       lr=float(lr), seed=seed if not isinstance(seed, np.random.Generator) else None,
                       losses=tuple(losses), final_loss=final, steps_done=done,
                       partial=partial, seconds=time.perf_counter() - t0, trajectory=traj, structure=data)


def dead_features(W, b, relu: bool = True) -> tuple:
    """The features the ReLU toy model never reproduces on their own: ``|w_i|^2 + b_i <= 0``, so its output
    ReLU(|w_i|^2 x_i + b_i) on the input x_i e_i is 0 for every x_i in [0, 1] (the feature is lost however
    large its column of W). A model whose every feature is dead outputs 0 on every 1-sparse input. The linear
    model (``relu=False``) has none.

    Examples
    --------
    >>> dead_features([[1.0, 0.0, 2.0], [0.0, 0.5, 0.0]], [-0.5, -0.25, -5.0])   # |w|^2 = 1, 0.25, 4
    (1, 2)
    """
    if not relu:
        return ()
    A = np.asarray(W, dtype=float)
    gain = np.einsum("ij,ij->j", A, A) + np.asarray(b, dtype=float).reshape(-1)
    return tuple(int(i) for i in np.nonzero(gain <= 0)[0])
