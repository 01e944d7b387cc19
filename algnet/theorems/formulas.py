"""The closed forms of :mod:`algnet.formulas`, under their historical name.

The formulas live in :mod:`algnet.formulas` (below the architectures and the
analyses, which may use them as predictions); this module re-exports them so
that ``algnet.theorems.formulas.<name>`` keeps working.

Examples
--------
>>> from algnet.theorems.formulas import determinantal_dimension
>>> determinantal_dimension(3, 4, 2)
10
"""

from algnet.formulas import *  # noqa: F401,F403
from algnet.formulas import __all__  # noqa: F401
