"""algnet: computer algebra for neuromanifolds.

The neuromanifold of an architecture is the image of the map from weights
to functions. algnet computes its dimension, equations, degree and
singularities (polynomial networks) and the functional dimension and linear
regions of ReLU networks, exactly where exact answers exist.

Examples
--------
>>> import algnet
>>> net = algnet.parse_spec("linear 4-2-3")
>>> algnet.dimension(net, seed=0).dimension
10
"""

import sys as _sys

if (_sys.argv or [""])[0] == "-m" or (_sys.argv or [""])[0].replace("\\", "/").rsplit("/", 1)[-1] == "algnet":
    # ``python -m algnet`` or the ``algnet`` script: a Ctrl-C while the package loads (seconds under load) ends
    # the command with one line, not an import traceback and a death by SIGINT; algnet.cli.main restores
    # Python's own handler before it parses the command line. ``_signal`` (the C module under ``signal``, loaded
    # by the interpreter at start-up) sets the handler before anything is imported: ``import signal`` here took
    # ~1 ms (its enums), a window where 1 of 40 random early Ctrl-C printed a traceback
    import _signal

    def _loading_interrupted(signum, frame):
        import os

        os.write(2, b"algnet: interrupted\n")
        os._exit(130)

    _loading_interrupted.algnet_loading = True
    try:
        if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
            _signal.signal(_signal.SIGINT, _loading_interrupted)
    except ValueError:     # not the main thread
        pass

from algnet import core as _core  # noqa: F401  (copyreg registration)
from algnet.architectures import Network, parse_spec
from algnet.architectures.layers import Sequential
from algnet.architectures.polymap import load_map, parametrization
from algnet.errors import AlgnetError

__version__ = "0.1.0"

__all__ = ["Network", "Sequential", "parse_spec", "parametrization", "load_map", "AlgnetError", "dimension",
           "local_rank", "degree", "implicitize", "hilbert_function", "Neuromanifold", "grid", "critical_points",
           "ed_degree", "voronoi", "__version__"]


def __getattr__(name):
    # analyses are imported lazily so that ``import algnet`` stays light; a Ctrl-C during that import is put off
    # until it is over (algnet.interrupts.safe_ctrl_c: under Python's own handler a KeyboardInterrupt there leaves
    # modules half imported and every later call failing)
    from algnet.interrupts import safe_ctrl_c

    with safe_ctrl_c():
        return _lazy(name)


def _lazy(name):
    if name in ("dimension", "local_rank"):
        from algnet.analyses import dimension as _d

        return getattr(_d, name)
    if name == "degree":
        from algnet.analyses.degree import degree

        return degree
    if name == "implicitize":
        from algnet.analyses.implicit import implicitize

        return implicitize
    if name == "Neuromanifold":
        from algnet.neuromanifold import Neuromanifold

        return Neuromanifold
    if name == "grid":
        from algnet.grids import grid

        return grid
    if name in ("critical_points", "ed_degree", "voronoi"):
        from algnet.analyses import critical as _c

        return getattr(_c, name)
    if name == "hilbert_function":
        from algnet.analyses.hilbert import hilbert_function

        return hilbert_function
    raise AttributeError(f"module 'algnet' has no attribute {name!r}")
