"""Dead and stable units of a piecewise-linear model at data points (the training records' statistics).

Split from :mod:`algnet.relu.model_fd` by concern (re-exported there).
"""

from __future__ import annotations

import numpy as np

from algnet.relu.model import Activation, MaxPool

__all__ = ["dead_and_stable"]


def dead_and_stable(model, X) -> dict:
    """Fractions of activation neurons that are dead (never positive at the rows of X, and zero below: a ReLU's, not
    a leaky ReLU's or abs, which stay linear there) and stable (one sign at all rows).

    A clamp unit (Hardtanh, ReLU6: the activation nodes ``name:min`` and ``name:max``) is one neuron: dead when it
    never rises above its lower bound, stable when it stays on one of its three pieces (its upper kink had counted
    as a neuron of its own, dead whenever the bound was never reached).

    Examples
    --------
    >>> from algnet.relu.model import PLModel
    >>> m = PLModel.from_layers([([[1], [-1]], [0, -5]), ([[1, 1]], [0])])
    >>> dead_and_stable(m, [[1], [2]])
    {'dead': 0.5, 'stable': 1.0, 'neurons': 2}
    """
    _, pre = model.forward(np.asarray(X, dtype=float).reshape(len(X), -1), preactivations=True)
    acts = [(i, P) for i, P in zip([i for i, n in enumerate(model.nodes) if isinstance(n.op, (Activation, MaxPool))],
                                   pre) if isinstance(model.nodes[i].op, Activation)]
    if not acts:
        return {"dead": 0.0, "stable": 0.0, "neurons": 0}
    units = {}                      # a clamp's two nodes: one unit (their pre-activations differ by a constant)
    for i, P in acts:
        nd = model.nodes[i]
        clamp = nd.op.name in ("clamp_min", "clamp_max")
        key = ("clamp", (nd.name or "").rsplit(":", 1)[0]) if clamp else ("node", i)
        units.setdefault(key, {})[nd.op.name if clamp else "relu"] = P
        if not clamp or nd.op.name == "clamp_min":
            units[key]["flat"] = np.array([v == 0 for v in nd.op.slopes.ravel().tolist()], dtype=bool)
    dead, unstable, n = 0, 0, 0
    for parts in units.values():
        flat = parts.pop("flat", None)                    # zero slope below the kink (None: clamp(max=) only)
        lead = parts.get("relu", parts.get("clamp_min"))
        flips = [((P > 0).any(axis=0) & (P <= 0).any(axis=0)) for P in parts.values()]
        k = next(iter(parts.values())).shape[1]
        n += k
        dead += int((~(lead > 0).any(axis=0) & flat).sum()) if lead is not None else 0
        unstable += int(np.logical_or.reduce(flips).sum())
    return {"dead": float(dead / n), "stable": float((n - unstable) / n), "neurons": int(n)}
