"""Exact, modular and ball number types, from python-flint, in one place.

algnet's analyses never import ``flint`` themselves: they take the number
types they need from here (and ranks from :mod:`algnet.core.matrix`), so
the arithmetic library is chosen in the core and can be swapped or wrapped
there. The names are python-flint's own:

========================  ==========================================
name                      what it is
========================  ==========================================
``fmpz``, ``fmpq``        exact integers and rationals
``fmpz_mat``, ``fmpq_mat``  exact matrices
``nmod``, ``nmod_mat``    residues and matrices modulo a word-size prime
``fmpz_poly``, ``fmpq_poly``  univariate polynomials
``fmpq_mpoly_ctx``        contexts of multivariate rational polynomials
``arb``, ``acb``          real and complex balls (interval arithmetic)
``arb_mat``, ``acb_mat``  ball matrices
``ctx``                   flint's global context (ball precision)
========================  ==========================================

Examples
--------
>>> from algnet.core.numbers import fmpq, acb
>>> fmpq(1, 3) + fmpq(1, 6)
1/2
>>> with ball_precision(128):
...     (acb(2).sqrt() ** 2 - 2).contains(0)
True
"""

from __future__ import annotations

from contextlib import contextmanager

import flint
from flint import (
    acb,
    acb_mat,
    arb,
    arb_mat,
    ctx,
    fmpq,
    fmpq_mat,
    fmpq_mpoly_ctx,
    fmpq_poly,
    fmpz,
    fmpz_mat,
    fmpz_poly,
    nmod,
    nmod_mat,
)

__all__ = [
    "acb", "acb_mat", "arb", "arb_mat", "ctx", "fmpq", "fmpq_mat", "fmpq_mpoly_ctx",
    "fmpq_poly", "fmpz", "fmpz_mat", "fmpz_poly", "nmod", "nmod_mat", "ball_precision",
    "flint_version",
]

flint_version = flint.__version__


@contextmanager
def ball_precision(bits: int):
    """Run a block with ball arithmetic at ``bits`` of working precision.

    The previous precision is restored on exit, also after an exception.

    Examples
    --------
    >>> from algnet.core.numbers import arb, ball_precision
    >>> with ball_precision(200):
    ...     arb(1).exp().rad() < arb("1e-55")
    True
    """
    old = ctx.prec
    ctx.prec = int(bits)
    try:
        yield
    finally:
        ctx.prec = old
