"""Placeholder (voronoi lands in the next commit)."""


def voronoi(net, seed=None, **options):  # pragma: no cover
    from algnet.errors import NotApplicableError

    raise NotApplicableError("voronoi is not available yet", hint="use critical_points")
