"""Verification rows for THEOREMS.md section 6 (toy models of superposition).

The observations of Elhage et al. are empirical, so these rows are
reproducible experiments rather than proofs (``certified=False``): each
trains a seeded toy model with algnet's own numpy trainer and reads the
geometry off the trained weights with algnet's decomposition and
recognition. Seed robustness, measured over seeds 0..29 (see
tests/test_superposition.py): the pentagon at n=5, m=2, S=0.9 appears for
28/30 seeds after 3000 steps; two antipodal pairs at S=0.7 for 26/30.

Examples
--------
>>> rows = checks(quick=True)
>>> all(r.compute()["agree"] for r in rows)
True
"""

from __future__ import annotations

import numpy as np

from algnet.theorems.verify import Check

SOURCE = "Elhage et al., Toy models of superposition (2022), arXiv:2209.10652"
THEOREM = "toy models of superposition"


def _pentagon():
    from algnet.superposition import feature_dimensionality, recognize_configuration, train_toy_model

    r = train_toy_model(5, 2, sparsity=0.9, steps=3000, seed=0)
    rec = recognize_configuration(r.model.W)
    D = feature_dimensionality(r.model.W)
    return {"computed": rec.name, "predicted": "pentagon", "agree": rec.name == "pentagon",
            "method": "numpy Adam (seed 0) + Gram-matrix recognition", "certified": False,
            "detail": f"dimensions per feature {np.round(D, 3).tolist()} (paper: 2/5); "
                      f"28/30 seeds give the pentagon"}


def _antipodal():
    from algnet.superposition import recognize_configuration, train_toy_model

    r = train_toy_model(5, 2, sparsity=0.7, steps=1500, seed=0)
    rec = recognize_configuration(r.model.W)
    got = " ⊕ ".join(str(x) for x in rec.summand_names)
    return {"computed": got, "predicted": "antipodal pair ⊕ antipodal pair",
            "agree": rec.summand_names == ("antipodal pair", "antipodal pair"),
            "method": "numpy Adam (seed 0) + direct-sum decomposition", "certified": False,
            "detail": f"unrepresented features {list(rec.decomposition.unrepresented)}"}


def _linear():
    from algnet.superposition import direct_sum_decomposition, train_toy_model

    r = train_toy_model(5, 2, sparsity=0.9, importance=0.7, linear=True, steps=1500, seed=0)
    dec = direct_sum_decomposition(r.model.W, norm_tol=0.3)
    represented = sorted(i for s in dec.summands for i in s)
    orthogonal = all(len(s) == 1 for s in dec.summands)
    return {"computed": f"{represented} orthogonal={orthogonal}", "predicted": "[0, 1] orthogonal=True",
            "agree": represented == [0, 1] and orthogonal,
            "method": "numpy Adam (seed 0), linear model", "certified": False,
            "detail": "the linear model keeps the m most important features, with no superposition"}


def _grassmann():
    from algnet.superposition import (
        antipodal_pair,
        direct_sum,
        grassmannian_summands,
        perturb,
        regular_polygon,
        tetrahedron,
    )

    W = perturb(direct_sum(regular_polygon(5), regular_polygon(3), antipodal_pair(), tetrahedron()),
                1e-3, seed=0, rotate=True)
    g = grassmannian_summands(W, kmax=3)
    got = [len(s) for s in g.summands]
    return {"computed": got, "predicted": [5, 3, 2, 4], "agree": got == [5, 3, 2, 4] and not g.unresolved,
            "method": "clustering of subset projectors (chordal distance)", "certified": False,
            "detail": "pentagon ⊕ triangle ⊕ antipodal pair ⊕ tetrahedron in R^8, rotated, noise 1e-3"}


def checks(quick: bool) -> list[Check]:
    """The superposition rows (each about a second; the same in quick and full mode)."""
    return [
        Check(THEOREM, "pentagon: n=5 m=2 S=0.9", SOURCE, _pentagon),
        Check(THEOREM, "antipodal pairs: n=5 m=2 S=0.7", SOURCE, _antipodal),
        Check(THEOREM, "linear model, no superposition: n=5 m=2 I=0.7^i", SOURCE, _linear),
        Check(THEOREM, "direct sum recovered from k-planes after perturbation", SOURCE, _grassmann),
    ]
