"""Closed forms from the literature and the verification table.

See :mod:`algnet.theorems.formulas` for the formulas (each with its source)
and :mod:`algnet.theorems.verify` for ``algnet verify``.
"""

from algnet.theorems.formulas import *  # noqa: F401,F403
from algnet.theorems.formulas import __all__ as _f_all
from algnet.theorems.verify import Check, Row, VerifyResult, verify

__all__ = list(_f_all) + ["Check", "Row", "VerifyResult", "verify"]
