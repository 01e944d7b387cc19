"""Small named families with known solution counts, for examples and tests of monodromy.

Each family is G(x) = p (an :class:`~algnet.homotopy.systems.OffsetFamily`), given with one start
point x0, its parameters p0 = G(x0), and the number of solutions of a generic member (a theorem:
Bezout's bound, reached because the top-degree forms have no common zero at infinity).

=============  ===================================  ==========
name           system                               solutions
=============  ===================================  ==========
``square``     x^2 = p                              2
``quintic``    x^5 = p                              5
``bezout 2,2`` x^2 + y = a, y^2 + x = b             4
``bezout 3,2`` x^3 + y = a, y^2 + x = b             6
=============  ===================================  ==========

Examples
--------
>>> ex = example_family("bezout 2,2")
>>> ex.count, ex.family.n_vars, ex.p0.shape
(4, 2, (2,))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from algnet.errors import ParameterError

__all__ = ["ExampleFamily", "example_family", "EXAMPLES"]

#: name -> (terms of G, start point x0, solutions of a generic member)
EXAMPLES = {
    "square": ([{(2,): 1}], [1.0 + 0j], 2),
    "quintic": ([{(5,): 1}], [1.1 + 0.2j], 5),
    "bezout 2,2": ([{(2, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}], [0.3 + 0.1j, -0.7 + 0.2j], 4),
    "bezout 3,2": ([{(3, 0): 1, (0, 1): 1}, {(0, 2): 1, (1, 0): 1}], [0.3 + 0.1j, -0.7 + 0.2j], 6),
}


class ExampleFamily(NamedTuple):
    """A family G(x) = p with a start pair (x0, p0) and the solution count of a generic member.

    Examples
    --------
    >>> fam, x0, p0, count = example_family("square")
    >>> complex(p0[0]), count
    ((1+0j), 2)
    """

    family: object
    x0: np.ndarray
    p0: np.ndarray
    count: int


def example_family(name: str) -> ExampleFamily:
    """The named family of the module table, with its start pair and solution count.

    Examples
    --------
    >>> fam, x0, p0, count = example_family("quintic")              # x^5 = p: 5 solutions
    >>> bool(abs(x0[0] ** 5 - p0[0]) < 1e-12), count
    (True, 5)
    >>> example_family("cubic")
    Traceback (most recent call last):
    ...
    algnet.errors.ParameterError: unknown example family 'cubic'
      hint: one of: square, quintic, bezout 2,2, bezout 3,2
    """
    from algnet.homotopy.systems import OffsetFamily, PolynomialSystem

    if name not in EXAMPLES:
        raise ParameterError(f"unknown example family {name!r}", hint="one of: " + ", ".join(EXAMPLES))
    terms, x0, count = EXAMPLES[name]
    fam = OffsetFamily(PolynomialSystem.from_terms(terms))
    x0 = np.array(x0, dtype=np.complex128)
    return ExampleFamily(fam, x0, fam.start_parameters(x0)[0], count)
