"""Upper bounds on dim M from equations proved to vanish on M.

:func:`algnet.analyses.implicit.implicitize` finds equations of M by
interpolation and, for small networks, proves each one by expanding its
composition with the parametrization (``certified``). Their Jacobian at an
exact point of M bounds the Zariski tangent space there, and M is
irreducible (the closure of the image of an affine space), so

    dim M <= ambient - rank of the equations' Jacobian at a point of M,

with the rank taken modulo p (a lower bound of the rank over QQ, so the
bound stays proved). The route is tried last, for small function spaces.

Examples
--------
>>> from algnet import parse_spec
>>> equations_bound(parse_spec("dense 3-2-1 r=2"), seed=0)[0]     # the determinant of the symmetric 3x3 matrix
5
"""

from __future__ import annotations

from contextvars import ContextVar

__all__ = ["equations_bound", "MAX_AMBIENT", "NESTED"]

#: Largest function space (coordinates) the route interpolates equations in.
MAX_AMBIENT = 40
#: Set while the route runs: the dimension computed inside implicitization does not search bounds again.
NESTED: ContextVar[bool] = ContextVar("algnet_bounds_nested", default=False)


def equations_bound(net, seed=0, time_limit: float = 20.0, max_degree: int = 3):
    """(upper bound, description) from proved equations up to ``max_degree``, or None.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> equations_bound(parse_spec("linear 2-1-2"), seed=0)[0]        # det = 0 cuts 2 x 2 matrices to dim 3
    3
    """
    from algnet.errors import AlgnetError

    if net.ambient_dimension > MAX_AMBIENT:
        return None
    token = NESTED.set(True)
    try:
        from algnet.analyses.implicit import implicitize

        # certify="auto": the symbolic proof only when the expansion is small (it is not time-limited)
        res = implicitize(net, max_degree=max_degree, seed=seed, time_limit=time_limit, certify="auto")
    except (AlgnetError, NotImplementedError):
        return None
    finally:
        NESTED.reset(token)
    if not res.certified or not res.generators:
        return None
    ub = res.ambient - res.jacobian_rank
    degs = ", ".join(map(str, res.generator_degrees))
    return ub, (f"{len(res.generators)} equations (degrees {degs}) proved to vanish on M (composition with the "
                f"parametrization expands to zero); their Jacobian has rank {res.jacobian_rank} at an exact point of "
                f"M (mod p): dim M <= {res.ambient} - {res.jacobian_rank} = {ub}")
