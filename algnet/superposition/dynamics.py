"""Learning dynamics of the toy model: recorded trajectories and when summands form.

``train_toy_model(..., record=k)`` stores the weights W, biases b and the
loss terms (L_1 and L_0 in closed form, :mod:`~algnet.superposition.loss1`)
every k steps in a :class:`Trajectory`. From it one reads the
configuration at every recorded step (direct-sum decomposition and polytope
names) and the step at which each final summand forms: the first recorded
step from which on that set of features is a summand of the decomposition
at every later recorded step. Trajectories save to and load from ``.npz``.
Pictures: :func:`~algnet.superposition.plot.plot_trajectory` and
:func:`~algnet.superposition.plot.animate_trajectory`.

Examples
--------
>>> from algnet.superposition import train_toy_model
>>> r = train_toy_model(5, 2, sparsity=0.9, steps=600, seed=0, record=100)
>>> r.trajectory.steps.tolist()
[0, 100, 200, 300, 400, 500, 600]
>>> r.trajectory.W.shape
(7, 2, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from algnet.errors import ParameterError
from algnet.superposition.results import EvidenceResult

__all__ = ["Recorder", "Trajectory", "load_trajectory"]


class Recorder:
    """Collects snapshots during training (used by :func:`~algnet.superposition.toy.train_toy_model`).

    Examples
    --------
    >>> rec = Recorder(2, 4, [1.0, 1.0])
    >>> for t in range(5):
    ...     rec.add(t, [[1.0, -1.0]], [0.0, 0.0])
    >>> rec.trajectory().steps.tolist()
    [0, 2, 4]
    """

    def __init__(self, record, steps: int, importance):
        if isinstance(record, (int, np.integer)) and not isinstance(record, bool):
            if record < 1:
                raise ParameterError(f"record must be a positive step interval, got {record}",
                                     hint="e.g. record=50, or a list of steps")
            self.every, self.at = int(record), set()
        else:
            try:
                self.at = {int(s) for s in record}
            except (TypeError, ValueError):
                raise ParameterError(f"record must be an int or a list of steps, got {record!r}",
                                     hint="e.g. record=[0, 100, 1000]") from None
            if any(s < 0 for s in self.at):
                raise ParameterError("recorded steps must be >= 0", hint="e.g. record=[0, 100, 1000]")
            self.every = None
        self.importance = np.asarray(importance, float)
        self.rows = []

    def add(self, step: int, W, b, force: bool = False) -> None:
        """Record (step, W, b) if ``step`` is due (or ``force``); a step is recorded once."""
        if self.rows and self.rows[-1][0] == step:
            return
        if force or (self.every and step % self.every == 0) or step in self.at:
            self.rows.append((step, np.array(W, float), np.array(b, float)))

    def trajectory(self, structure=None, seed=None) -> "Trajectory":
        """The recorded snapshots with L_1 and L_0 at each, as a :class:`Trajectory`."""
        from algnet.superposition.loss1 import loss0, loss1_terms

        steps = np.array([r[0] for r in self.rows], dtype=int)
        W = np.stack([r[1] for r in self.rows])
        B = np.stack([r[2] for r in self.rows])
        parts = np.array([[float(x) for x in loss1_terms(w, bb, self.importance, exact=False)] for w, bb in zip(W, B)])
        L0 = np.array([float(loss0(bb, self.importance, exact=False)) for bb in B])
        labels = structure.labels if structure is not None else -np.ones(W.shape[2], dtype=int)
        kinds = tuple(k for k, _ in structure.groups) if structure is not None else ()
        return Trajectory(steps, W, B, parts.sum(axis=1), L0, self.importance, labels, kinds, seed,
                          parts[:, 0], parts[:, 1])


@dataclass(frozen=True, eq=False)
class Trajectory(EvidenceResult):
    """Feature vectors, biases and loss terms at recorded training steps.

    Attributes
    ----------
    steps : numpy.ndarray (T,)
        Recorded step counts (0 = initialisation; the last is the final state).
    W : numpy.ndarray (T, m, n)
    b : numpy.ndarray (T, n)
    loss1, loss0 : numpy.ndarray (T,)
        L_1 and L_0 (closed form) at each recorded step.
    importance : numpy.ndarray (n,)
    group_labels : numpy.ndarray (n,)
        Group of every feature (−1: independent), from the data's structure.
    group_kinds : tuple of str
        ``correlated`` / ``anticorrelated`` per group.
    seed : int or None
        Training seed.
    reconstruction, interference : numpy.ndarray (T,) or None
        The two parts of L_1 (:func:`~algnet.superposition.loss1.loss1_terms`).

    Examples
    --------
    >>> from algnet.superposition import train_toy_model
    >>> t = train_toy_model(4, 2, sparsity=0.8, steps=60, seed=0, record=20).trajectory
    >>> t.n, t.m, len(t.steps), bool(t.loss1[-1] < t.loss1[0])
    (4, 2, 4, True)
    """

    steps: np.ndarray
    W: np.ndarray
    b: np.ndarray
    loss1: np.ndarray
    loss0: np.ndarray
    importance: np.ndarray
    group_labels: np.ndarray
    group_kinds: tuple = ()
    seed: int | None = None
    reconstruction: np.ndarray | None = None
    interference: np.ndarray | None = None

    @property
    def m(self) -> int:
        """Hidden dimension."""
        return self.W.shape[1]

    @property
    def n(self) -> int:
        """Number of features."""
        return self.W.shape[2]

    def decompositions(self, tol: float = 0.1, norm_tol: float = 0.1) -> list:
        """The direct-sum decomposition at every recorded step."""
        from algnet.superposition.geometry import direct_sum_decomposition

        return [direct_sum_decomposition(w, tol=tol, norm_tol=norm_tol) for w in self.W]

    def names(self, tol: float = 0.1, norm_tol: float = 0.1) -> list:
        """The recognised configuration (e.g. ``triangle ⊕ triangle``, ``octahedron``) at every recorded step."""
        from algnet.superposition.polytopes import recognize_configuration

        return [recognize_configuration(w, tol=tol, norm_tol=norm_tol).name for w in self.W]

    def formation_steps(self, tol: float = 0.1, norm_tol: float = 0.1) -> dict:
        """{summand of the final decomposition: the step at which it formed}.

        A summand has *formed* at the first recorded step from which on, at every later
        recorded step, its features are a summand of the decomposition and (when the final
        summand is a named polytope) have that polytope's shape
        (:func:`~algnet.superposition.polytopes.identify_summand`, same ``tol``).

        Examples
        --------
        >>> from algnet.superposition import train_toy_model
        >>> t = train_toy_model(4, 2, sparsity=0.7, steps=400, seed=0, record=50).trajectory
        >>> sorted(t.formation_steps().items())
        [((0, 3), 100), ((1, 2), 100)]
        """
        from algnet.superposition.polytopes import identify_summand

        decs = self.decompositions(tol, norm_tol)
        out = {}
        for s in decs[-1].summands:
            name = identify_summand(self.W[-1][:, list(s)], tol)

            def formed(k):
                return s in decs[k].summands and (name is None or identify_summand(self.W[k][:, list(s)], tol) == name)

            k = len(decs) - 1
            while k > 0 and formed(k - 1):
                k -= 1
            out[s] = int(self.steps[k])
        return out

    def save(self, path) -> None:
        """Write the trajectory to an ``.npz`` file (see :func:`load_trajectory`)."""
        np.savez_compressed(path, steps=self.steps, W=self.W, b=self.b, loss1=self.loss1, loss0=self.loss0,
                            importance=self.importance, group_labels=self.group_labels,
                            group_kinds=np.array(self.group_kinds, dtype=str),
                            seed=np.array(-1 if self.seed is None else self.seed),
                            **({} if self.reconstruction is None else
                               {"reconstruction": self.reconstruction, "interference": self.interference}))

    @property
    def evidence(self):
        """What a trajectory is: recorded numerical training (never a proof)."""
        from algnet.evidence import Evidence

        return Evidence(method="recorded seeded Adam training; L_0, L_1 in closed form (floats)", certified=False,
                        proves="nothing (an observed training run)", seed=self.seed)

    def _fields(self) -> dict:
        return {"steps": self.steps.tolist(), "loss1": self.loss1.tolist(), "loss0": self.loss0.tolist(),
                "reconstruction": None if self.reconstruction is None else self.reconstruction.tolist(),
                "interference": None if self.interference is None else self.interference.tolist(),
                "group_labels": self.group_labels.tolist(), "group_kinds": list(self.group_kinds),
                "formation_steps": {",".join(map(str, k)): v for k, v in self.formation_steps().items()}}

    def __repr__(self) -> str:
        return (f"Trajectory(n={self.n}, m={self.m}, {len(self.steps)} snapshots, steps "
                f"{int(self.steps[0])}..{int(self.steps[-1])}, final L_1={self.loss1[-1]:.4g}, seed={self.seed})")


def load_trajectory(path) -> Trajectory:
    """Read a trajectory written by :meth:`Trajectory.save`.

    Examples
    --------
    >>> import tempfile, os
    >>> from algnet.superposition import train_toy_model
    >>> t = train_toy_model(3, 2, sparsity=0.5, steps=20, seed=1, record=10).trajectory
    >>> f = os.path.join(tempfile.mkdtemp(), "t.npz"); t.save(f)
    >>> bool((load_trajectory(f).W == t.W).all())
    True
    """
    try:
        z = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise ParameterError(f"cannot read a trajectory from {path!r}: {e}",
                             hint="pass a file written by --trajectory FILE.npz") from None
    need = {"steps", "W", "b", "loss1", "loss0", "importance", "group_labels"}
    if not need <= set(z.files):
        raise ParameterError(f"{path!r} is not a trajectory file (missing {sorted(need - set(z.files))})",
                             hint="pass a file written by --trajectory FILE.npz")
    seed = int(z["seed"]) if "seed" in z.files else -1
    kinds = tuple(str(k) for k in z["group_kinds"]) if "group_kinds" in z.files else ()
    parts = (z["reconstruction"], z["interference"]) if "reconstruction" in z.files else (None, None)
    return Trajectory(z["steps"], z["W"], z["b"], z["loss1"], z["loss0"], z["importance"], z["group_labels"],
                      kinds, None if seed < 0 else seed, *parts)
