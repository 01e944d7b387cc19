"""The loss of the toy model of superposition on 1-sparse inputs, split into feature benefit and interference.

Source: Elhage et al., *Toy models of superposition* (2022, arXiv:2209.10652), "The linear case" and the 1-sparse
analysis.

Examples
--------
>>> from algnet.superposition.toy import ToyModel
>>> loss_terms(ToyModel(np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2))).total     # two features, two dimensions
0.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from algnet.errors import ParameterError
from algnet.superposition.inputs import importance_profile

if TYPE_CHECKING:
    from algnet.superposition.toy import ToyModel

__all__ = ["LossTerms", "loss_terms"]


@dataclass(frozen=True, eq=False)
class LossTerms:
    """The loss on 1-sparse inputs x = e_i split into benefit and interference.

    With f = ReLU (or the identity for the linear model) and x = e_i, the
    output is x'_j = f(w_j·w_i + b_j), so Σ_i L(e_i) equals

    ``feature_benefit``  Σ_i I_i (1 − f(‖w_i‖² + b_i))²
    ``interference``     Σ_i Σ_{j≠i} I_j f(w_j·w_i + b_j)²

    and ``bias_penalty`` Σ_i I_i f(b_i)² is the loss L_0 on the zero input.

    Attributes
    ----------
    per_feature_benefit : numpy.ndarray
        I_i (1 − f(‖w_i‖² + b_i))².
    interference_matrix : numpy.ndarray
        Entry (i, j), i ≠ j: I_j f(w_j·w_i + b_j)², the damage feature i does to j.

    Examples
    --------
    >>> from algnet.superposition.toy import ToyModel
    >>> t = loss_terms(ToyModel(np.array([[1.0, 1.0]]), np.zeros(2)))
    >>> t.interference_matrix
    array([[0., 1.],
           [1., 0.]])
    >>> t.total
    2.0
    """

    feature_benefit: float
    interference: float
    bias_penalty: float
    per_feature_benefit: np.ndarray
    interference_matrix: np.ndarray
    relu: bool

    @property
    def total(self) -> float:
        """Σ_i L(e_i) = feature_benefit + interference."""
        return self.feature_benefit + self.interference

    def __repr__(self) -> str:
        return (f"LossTerms({'ReLU' if self.relu else 'linear'}: feature_benefit={self.feature_benefit:.5g}, "
                f"interference={self.interference:.5g}, bias_penalty(L0)={self.bias_penalty:.5g})")


def loss_terms(model: "ToyModel", importance=None) -> LossTerms:
    """Decompose the loss on the 1-sparse inputs e_i into feature benefit and interference.

    Parameters
    ----------
    model : ToyModel
    importance : None, float or sequence
        See :func:`importance_profile`.

    Returns
    -------
    LossTerms

    Notes
    -----
    For the linear model with b = 0 this is the paper's
    Σ_i I_i (1 − ‖W_i‖²)² + Σ_{i≠j} I_j (W_j·W_i)²; with ReLU, negative
    interference is free. Source: Elhage et al. 2022, section "The linear
    case" and "1-sparse" analysis.

    Examples
    --------
    >>> from algnet.superposition.toy import ToyModel
    >>> W = np.array([[1.0, -1.0]])
    >>> t = loss_terms(ToyModel(W, np.zeros(2)))
    >>> t.feature_benefit, t.interference
    (0.0, 0.0)
    >>> loss_terms(ToyModel(W, np.zeros(2), relu=False)).interference
    2.0
    """
    from algnet.superposition.toy import ToyModel      # (the model module imports this one)

    if not isinstance(model, ToyModel):
        raise ParameterError("loss_terms expects a ToyModel", hint="wrap weights as ToyModel(W, b)")
    I = importance_profile(model.n, importance)
    f = (lambda z: np.maximum(z, 0.0)) if model.relu else (lambda z: z)
    G = model.W.T @ model.W
    benefit = I * (1.0 - f(np.diag(G) + model.b)) ** 2
    # row i: input e_i, column j: output j
    inter = I[None, :] * f(G + model.b[None, :]) ** 2
    np.fill_diagonal(inter, 0.0)
    return LossTerms(float(benefit.sum()), float(inter.sum()), float((I * f(model.b) ** 2).sum()),
                     benefit, inter, model.relu)
