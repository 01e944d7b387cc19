"""Closed forms from the literature and the verification table.

See :mod:`algnet.theorems.formulas` for the formulas (each with its source)
and :mod:`algnet.theorems.verification` for ``algnet verify`` (its function
:func:`verify` is exported here: ``algnet.theorems.verify`` is that function,
the module has its own name so that the two are never confused).

Examples
--------
>>> import inspect
>>> from algnet.theorems import verify, verification
>>> verify is verification.verify, inspect.isfunction(verify), inspect.ismodule(verification)
(True, True, True)
"""

from algnet.theorems.formulas import *  # noqa: F401,F403
from algnet.theorems.formulas import __all__ as _f_all
from algnet.theorems.verification import Check, Row, VerifyResult, verify

__all__ = list(_f_all) + ["Check", "Row", "VerifyResult", "verify"]
