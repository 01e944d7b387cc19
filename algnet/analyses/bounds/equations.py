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
#: The wall-clock limit given to implicitization is this many times the route's CPU limit (at least
#: :data:`WALL_BACKSTOP_MIN` s): only a backstop on a very loaded machine; the CPU cap decides otherwise, so the
#: bound found does not depend on the load (the conventions of :func:`algnet.guards.time_cap`).
WALL_BACKSTOP_FACTOR = 10.0
WALL_BACKSTOP_MIN = 60.0
#: Set while the route runs: the dimension computed inside implicitization does not search bounds again.
NESTED: ContextVar[bool] = ContextVar("algnet_bounds_nested", default=False)


def equations_bound(net, seed=0, time_limit: float = 20.0, max_degree: int = 3):
    """(upper bound, description) from proved equations up to ``max_degree``, or None.

    ``time_limit`` is CPU seconds of this process (:func:`algnet.guards.time_cap` with ``cpu=True``): the
    implicitization and its symbolic proof stop there (equations proved by then still give a bound; none:
    None); a wall-clock limit of :data:`WALL_BACKSTOP_FACTOR` times as much is only a backstop.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> equations_bound(parse_spec("linear 2-1-2"), seed=0)[0]        # det = 0 cuts 2 x 2 matrices to dim 3
    3
    """
    from algnet.errors import AlgnetError
    from algnet.guards import check_time_limit, time_cap

    time_limit = check_time_limit(time_limit)
    if net.ambient_dimension > MAX_AMBIENT:
        return None
    token = NESTED.set(True)
    wall = None if time_limit is None else max(WALL_BACKSTOP_MIN, WALL_BACKSTOP_FACTOR * time_limit)
    try:
        from algnet.analyses.implicit import implicitize

        # certify="auto": the symbolic proof only when the expansion is small; the CPU cap interrupts the
        # pieces and the proof as Ctrl-C would (implicitize keeps what it finished: a partial result)
        with time_cap(time_limit, cpu=True, repeat=1.0) as cap:
            try:
                res = implicitize(net, max_degree=max_degree, seed=seed, time_limit=wall, certify="auto")
            except KeyboardInterrupt:      # the cap fired outside implicitize's own handling: no equations
                if not cap.expired:
                    raise
                return None
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
