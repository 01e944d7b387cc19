"""Following a network during training: local complexity, functional dimension, dead neurons, hidden symmetries.

:class:`TrainingRecorder` is a callable to put into your own torch loop
(``recorder(step, model, loss=...)``); at the chosen steps it imports the
model exactly (:func:`~algnet.relu.torch_import.from_torch_model`) and
records

* the local complexity (Humayun-Balestriero-Baraniuk) at train and test points;
* the batch functional dimension at a fixed batch: the rank mod p (a proved
  lower bound; exact for plain MLPs) with the float64 rank beside it;
* the fractions of dead and stable neurons on the training points;
* whether the rank reaches D' = D minus the rescalings of hidden neurons and
  conv channels (:mod:`algnet.relu.symmetries`); then the parameters have no
  hidden symmetries in the sense of Grigsby-Lindsey-Rolnick;
* anything passed as keyword (loss, accuracy).

Records go to an SQLite file (table ``training``, one row per run and step;
the same kind of file as sweep stores) and stay in ``recorder.records``.
:func:`train_classifier` is a small built-in trainer for the examples; the
whole run is reproducible from its seed.

Examples
--------
>>> from algnet.relu.data import two_moons, small_mlp
>>> X, y = two_moons(64, seed=0)
>>> rec = TrainingRecorder(train_points=X[:32], test_points=X[32:], fd_points=X[:16], radius=0.2, steps=[0, 20])
>>> _ = train_classifier(small_mlp((2, 8, 2)), X, y, steps=20, seed=0, recorder=rec)
>>> [r["step"] for r in rec.records], rec.records[0]["fd_parameters"]
([0, 20], 42)
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone

import numpy as np

from algnet.errors import ParameterError

__all__ = ["TrainingRecorder", "train_classifier", "load_training", "record_model"]

_SCHEMA = """CREATE TABLE IF NOT EXISTS training (
    run TEXT NOT NULL, step INTEGER NOT NULL, seed INTEGER, record TEXT NOT NULL, finished TEXT,
    PRIMARY KEY (run, step))"""


def _connect(db):
    import os

    d = os.path.dirname(os.path.abspath(str(db)))
    if not os.path.isdir(d):
        raise ParameterError(f"the directory of {db} does not exist", hint="create it, or give another --db path")
    if os.path.isdir(str(db)):
        raise ParameterError(f"{db} is a directory", hint="give a file name, e.g. training.sqlite")
    try:
        con = sqlite3.connect(str(db), timeout=60, isolation_level=None)
        con.execute(_SCHEMA)
    except sqlite3.DatabaseError as e:
        raise ParameterError(f"{db} is not an SQLite store: {e}", hint="give a new file name") from None
    return con


def record_model(model, *, train_points, test_points=None, fd_points=None, radius: float = 0.1, directions=None,
                 seed: int = 0, input_shape=None, exact_fd: str = "auto", force: bool = False, time_limit=None,
                 **extra) -> dict:
    """One record (a dict) for a torch model or PLModel at its current weights (see the module doc).

    The batch rank at ``fd_points`` is refused (TooLargeError) before it starts when its estimate is above the
    memory limit or the time: ``time_limit`` CPU seconds when given (``force`` does not lift it), else the default
    budget (``force=True`` runs anyway).

    Examples
    --------
    relu(x) + relu(y) at points of the open positive quadrant: both neurons are active at every
    point (stable, none dead), no line passes within 0.1 of them, and 3 points in each quadrant
    reach the batch functional dimension D' = 9 - 2:

    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> Z = [[a * x, b * y] for a in (1, -1) for b in (1, -1) for x, y in ((1, 2), (2, 1), (3, 3))]
    >>> rec = record_model(m, train_points=[[1, 1], [2, 3]], fd_points=Z, loss=0.25)
    >>> rec["dead"], rec["stable"], rec["lc_train"], rec["fd"], rec["fd_bound"], rec["loss"]
    (0.0, 1.0, 0.0, 7, 7, 0.25)
    """
    from algnet.relu.local_complexity import as_model, local_complexity
    from algnet.relu.model_fd import dead_and_stable, model_batch_fd

    if exact_fd not in ("auto", "always", "never"):
        raise ParameterError(f"exact_fd={exact_fd!r}", hint="'auto', 'always' or 'never'")
    t0 = time.perf_counter()
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()
    try:
        m = as_model(model, input_shape=input_shape, points=train_points)
    finally:
        if was_training:
            model.train()
    Z = None if fd_points is None else np.asarray(fd_points, dtype=float).reshape(len(fd_points), -1)
    float_only = Z is not None and (exact_fd == "never" or (exact_fd == "auto"
                                                            and len(Z) * m.output_size * m.n_params > 4_000_000))
    if Z is not None:       # the batch rank's guard before any work (the local complexity is guarded on its own)
        _check_fd(m, len(Z), float_only, force, time_limit)
    rec = {"seed": int(seed)}
    lc = local_complexity(m, train_points, radius=radius, directions=directions, seed=seed)
    rec.update(lc_train=lc.mean, lc_train_per_layer={k: float(v.mean()) for k, v in lc.per_layer.items()},
               lc_radius=float(lc.radius), lc_directions=lc.directions)
    if test_points is not None:
        lt = local_complexity(m, test_points, radius=radius, directions=directions, seed=seed + 1)
        rec.update(lc_test=lt.mean, lc_test_per_layer={k: float(v.mean()) for k, v in lt.per_layer.items()})
    if Z is not None:
        if float_only:
            from algnet.relu.functional import float_rank

            fr = float_rank(_float_jacobian(m, Z, force=force, time_limit=time_limit))[0]
            rec.update(fd=None, fd_float=fr, fd_exact=False, fd_method="float64 SVD only", fd_parameters=m.n_params,
                       fd_bound=None, hidden_symmetries=None)
        else:
            b = model_batch_fd(m, Z, force=force, time_limit=time_limit)
            rec.update(fd=b.rank, fd_float=b.float_rank, fd_exact=b.certified, fd_method=b.method,
                       fd_parameters=b.parameters, fd_bound=b.bound, fd_points=b.n_points,
                       hidden_symmetries=b.hidden_symmetries)
    rec.update(dead_and_stable(m, np.asarray(train_points, dtype=float).reshape(len(train_points), -1)))
    rec.update({k: (float(v) if isinstance(v, (int, float, np.floating, np.integer)) else v) for k, v in extra.items()})
    rec["seconds"] = round(time.perf_counter() - t0, 4)
    return rec


def _check_fd(m, n_points: int, float_only: bool, force: bool, time_limit):
    """The guard of the batch rank at ``n_points`` inputs that :func:`record_model` runs (the float64 Jacobian and
    SVD, or :func:`~algnet.relu.model_fd.model_batch_fd`), before any work; a plain MLP's routes are checked by
    their own estimates when they start."""
    from algnet.relu.model_estimates import check_model_fd, check_model_float_jacobian

    if m.mlp_widths() is not None and m.all_biases and not m.shared:
        return
    if float_only:
        check_model_float_jacobian(m, n_points, force=force, time_limit=time_limit)
    else:
        check_model_fd(m, n_points, force=force, time_limit=time_limit, hint="fewer fd_points, or a smaller model")


def _float_jacobian(m, Z, *, force: bool = False, time_limit=None) -> np.ndarray:
    """float64 batch Jacobian of the PL model ``m`` at the rows of Z (for the float64 rank).

    A plain MLP takes the network's own rows x parameters route; other models the forward-mode tangents, refused
    (TooLargeError) before any work when their estimate with the SVD rank that follows
    (:func:`~algnet.relu.model_estimates.check_model_float_jacobian`) exceeds the memory limit or the time
    (``time_limit`` CPU seconds, which ``force`` does not lift, else the default budget). (A torch relu
    2-300-300-1 at 50 points asked numpy for 10.1 GiB of tangents, unguarded, where the MLP route needs 37 MB.)

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> _float_jacobian(m, [[1.0, 2.0], [2.0, 1.0]]).shape
    (2, 9)
    """
    from algnet.relu.model import fractions_array
    from algnet.relu.model_estimates import check_model_float_jacobian
    from algnet.relu.model_fd import _exact_patterns, _jacobian

    Z = np.asarray(Z, dtype=float).reshape(len(Z), -1)
    if m.mlp_widths() is not None and m.all_biases and not m.shared:      # (that route's parameters: one per use)
        from algnet.core.backends import Complex

        net, theta = m.to_relu_network()
        return np.asarray(net.jacobian(theta, Z, backend=Complex()), dtype=float)
    check_model_float_jacobian(m, len(Z), force=force, time_limit=time_limit)
    Zr = fractions_array(Z)
    pats, _, _ = _exact_patterns(m, Zr)
    return _jacobian(m, Zr, pats, "float")


class TrainingRecorder:
    """Records at chosen steps of a training loop (see the module doc).

    Parameters
    ----------
    db : str, optional
        SQLite file to append the records to (table ``training``).
    train_points, test_points : arrays of inputs (local complexity; dead/stable neurons on train_points)
    fd_points : array, optional
        The fixed batch Z of the batch functional dimension.
    radius, directions : the local-complexity neighbourhood
    steps : iterable of int, or ``every`` : int
        When to record (default every 100 steps).
    seed : int
        Seed of the local-complexity directions (the same at every step).
    run : str
        Name of the run in the store.
    exact_fd : 'auto' | 'always' | 'never'

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> rec = TrainingRecorder(train_points=[[1, 1], [-1, 2]], every=10)
    >>> [s for s in range(25) if rec.wants(s)]
    [0, 10, 20]
    >>> m = PLModel.from_layers([([[1, 0], [0, 1]], [0, 0]), ([[1, 1]], [0])])
    >>> rec(5, m) is None, rec(10, m, loss=0.5)["dead"]          # x < 0 at the second point: no neuron is dead
    (True, 0.0)
    >>> [(r["step"], r["loss"], r["stable"]) for r in rec.records]     # neuron x changes sign: 1 of 2 stable
    [(10, 0.5, 0.5)]
    >>> rec.close()
    """

    def __init__(self, db=None, *, train_points, test_points=None, fd_points=None, radius: float = 0.1,
                 directions=None, steps=None, every: int | None = None, seed: int = 0, run: str = "run",
                 input_shape=None, exact_fd: str = "auto"):
        if steps is None and every is None:
            every = 100
        if every is not None and (isinstance(every, bool) or int(every) < 1):
            raise ParameterError(f"every={every!r}", hint="a positive number of steps")
        self.steps = None if steps is None else {int(s) for s in steps}
        self.every = None if every is None else int(every)
        self.kw = dict(train_points=train_points, test_points=test_points, fd_points=fd_points, radius=radius,
                       directions=directions, seed=int(seed), input_shape=input_shape, exact_fd=exact_fd)
        self.run, self.seed, self.db = str(run), int(seed), db
        self.records = []
        self._con = _connect(db) if db is not None else None

    def wants(self, step: int) -> bool:
        """Whether ``step`` is a recording step."""
        return (self.steps is not None and step in self.steps) or (self.every is not None and step % self.every == 0)

    def __call__(self, step: int, model, **extra):
        """Record at ``step`` if it is a recording step; returns the record or None."""
        if not self.wants(step):
            return None
        rec = {"step": int(step), **record_model(model, **self.kw, **extra)}
        self.records.append(rec)
        if self._con is not None:
            self._con.execute("INSERT OR REPLACE INTO training VALUES (?, ?, ?, ?, ?)",
                              (self.run, int(step), self.seed, json.dumps(rec),
                               datetime.now(timezone.utc).isoformat(timespec="seconds")))
        return rec

    def close(self):
        if self._con is not None:
            self._con.close()
            self._con = None


def load_training(db, run: str | None = None) -> list:
    """The stored records (dicts with ``run`` and ``step``), ordered by run and step.

    Examples
    --------
    >>> import os, tempfile
    >>> db = os.path.join(tempfile.mkdtemp(), "t.sqlite")
    >>> rec = TrainingRecorder(db, train_points=[[0.5, 0.5]], steps=[0])
    >>> from algnet.relu.model import PLModel
    >>> _ = rec(0, PLModel.from_layers([([[1, 0]], [0]), ([[1]], [0])]), loss=1.5)
    >>> [(r["run"], r["step"], r["loss"]) for r in load_training(db)]
    [('run', 0, 1.5)]
    """
    import os
    import pathlib

    hint = "the file written by TrainingRecorder(db=...)"
    if not os.path.isfile(str(db)):
        raise ParameterError(f"no training store {db}", hint=hint)
    try:                                 # read only: a store is never changed by reading it
        con = sqlite3.connect(pathlib.Path(os.path.abspath(str(db))).as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise ParameterError(f"{db} cannot be opened: {e}", hint=hint) from None
    try:
        cols = {c[1] for c in con.execute("PRAGMA table_info(training)").fetchall()}
        if not {"run", "step", "record"} <= cols:
            return _not_a_store(con, db, "no table 'training' with the columns run, step, record" if cols else
                                "no table 'training'")
        q = "SELECT run, step, record FROM training" + (" WHERE run = ?" if run else "") + " ORDER BY run, step"
        rows = con.execute(q, (run,) if run else ()).fetchall()
    except sqlite3.DatabaseError as e:
        raise ParameterError(f"{db} is not an SQLite store: {e}", hint=hint) from None
    finally:
        con.close()
    out = []
    for r, step, rec in rows:
        try:
            d = json.loads(rec)
        except (TypeError, ValueError):
            d = None
        if not isinstance(d, dict):
            raise ParameterError(f"{db}: the record of run {r!r}, step {step} is not a JSON object", hint=hint)
        out.append({"run": r, **d})
    return out


def _not_a_store(con, db, why):
    """No records (an empty list) for an empty SQLite file (no table yet); else the refusal of a file that is no
    training store."""
    if not con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        return []
    raise ParameterError(f"{db} is not a training store: {why}", hint="the file written by TrainingRecorder(db=...)")


def _check_logits(model, Xt, yt, torch):
    """Labels 0..K-1 and a model with K >= 2 outputs per point (its logits), else a ParameterError (a model with
    one output raised an IndexError traceback from cross_entropy)."""
    if Xt.shape[0] != yt.shape[0] or yt.ndim != 1 or Xt.shape[0] == 0:
        raise ParameterError(f"{Xt.shape[0]} points and labels of shape {tuple(yt.shape)}",
                             hint="one integer label per point")
    with torch.no_grad():
        was = model.training
        model.eval()
        out = model(Xt[:1])
        model.train(was)
    k = int(yt.max()) + 1
    if yt.min() < 0 or out.ndim != 2 or out.shape[1] < max(k, 2):
        raise ParameterError(f"the model gives {tuple(out.shape[1:])} outputs per point, the labels need {max(k, 2)} "
                             f"logits (labels {int(yt.min())}..{k - 1})",
                             hint="train_classifier trains with cross-entropy: one output per class, labels 0..K-1")


def train_classifier(model, X, y, *, steps: int = 200, lr: float = 1e-2, batch_size: int = 64, seed: int = 0,
                     recorder=None, X_test=None, y_test=None, weight_decay: float = 0.0):
    """Train ``model`` (logits) with Adam and cross-entropy for ``steps`` minibatch steps; reproducible from ``seed``.

    The recorder (if any) is called at every step (it decides when to
    record) with the loss and the train/test accuracy. Returns the list of losses.

    Examples
    --------
    Linearly separable labels (x > y): a small ReLU network learns them exactly:

    >>> import numpy as np, torch
    >>> from algnet.relu.data import small_mlp
    >>> X = np.random.default_rng(0).uniform(-1, 1, (64, 2))
    >>> y = (X[:, 0] > X[:, 1]).astype(int)
    >>> model = small_mlp((2, 4, 2))
    >>> losses = train_classifier(model, X, y, steps=40, lr=0.05, seed=0)
    >>> len(losses), losses[-1] < losses[0] / 5
    (40, True)
    >>> float((model(torch.tensor(X, dtype=torch.float32)).argmax(1).numpy() == y).mean())
    1.0
    """
    from algnet.relu.data import _torch

    torch = _torch()
    if isinstance(steps, bool) or int(steps) < 0:
        raise ParameterError(f"steps={steps!r}", hint="a non-negative number of steps")
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    # the model's own float type (a float64 or float16 model was fed float32 inputs: a torch RuntimeError)
    dtype = next((p.dtype for p in params if p.is_floating_point()), torch.float32)
    Xt = torch.as_tensor(np.asarray(X), dtype=dtype)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.long)
    _check_logits(model, Xt, yt, torch)
    m1 = [torch.zeros_like(p) for p in params]
    m2 = [torch.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    lossf = torch.nn.functional.cross_entropy
    losses = []

    def accuracy(A, b):
        with torch.no_grad():
            was = model.training
            model.eval()
            acc = (model(torch.as_tensor(np.asarray(A), dtype=dtype)).argmax(1).numpy() == np.asarray(b)).mean()
            model.train(was)
            return float(acc)

    def record(step, loss):
        if recorder is not None and recorder.wants(step):
            extra = {"loss": loss, "accuracy": accuracy(X, y)}
            if X_test is not None:
                extra["test_accuracy"] = accuracy(X_test, y_test)
            recorder(step, model, **extra)

    model.train()
    with torch.no_grad():
        record(0, lossf(model(Xt), yt).item())
    for step in range(1, int(steps) + 1):
        idx = torch.randint(0, len(Xt), (min(batch_size, len(Xt)),), generator=g)
        for p in params:
            p.grad = None
        loss = lossf(model(Xt[idx]), yt[idx])
        loss.backward()
        with torch.no_grad():                      # Adam (Kingma-Ba), written out: no torch.optim start-up cost
            for p, a, v in zip(params, m1, m2):
                gr = p.grad + weight_decay * p if weight_decay else p.grad
                a.mul_(b1).add_(gr, alpha=1 - b1)
                v.mul_(b2).addcmul_(gr, gr, value=1 - b2)
                ah = a / (1 - b1 ** step)
                vh = v / (1 - b2 ** step)
                p.sub_(lr * ah / (vh.sqrt() + eps))
        losses.append(loss.item())
        record(step, loss.item())
    model.eval()
    return losses
