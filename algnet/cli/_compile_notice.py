"""One line on the terminal when the command line compiles a numerical kernel (its first use on this machine).

algnet's homotopy, certification and ReLU kernels are compiled by numba on first use and cached on disk
(:mod:`algnet.homotopy.kernel_cache`); a later run loads them in a fraction of a second. The first run of a
command on a fresh installation therefore spends one to a few minutes compiling before any answer (seen on a
fresh 2-core machine: ``algnet critical "linear 2-1-2"`` 7.5 min at load 8 while other jobs
compiled, 3.5 s once compiled), with nothing on the screen. numba announces a compilation, and only a real one
(a kernel loaded from its cache raises no event), through its event API (``numba.core.event``, kind
``"numba:compile"``); :func:`install` registers a listener that prints one line to the terminal the first time it
fires in the process, with the wall time to expect at the current load (:data:`FIRST_COMPILE_CPU` CPU seconds
times :func:`algnet.guards.load_factor`). It stays silent when stderr is not a terminal (pipes, logs, tests), so no
output a script reads changes. The degree by monodromy under a time limit that cannot cover the compilation is
refused before it starts (:func:`algnet.analyses.critical.guarded_run.check_compile`).
"""

from __future__ import annotations

import sys

__all__ = ["install", "NOTICE", "FIRST_COMPILE_CPU", "notice_line"]

#: the line printed (once a process) when a kernel is compiled, followed by :func:`notice_line`'s estimate
NOTICE = ("algnet: compiling numerical kernels for this machine (first use of this installation: one to a few "
          "minutes, once; later runs load them from disk) ...")

#: CPU seconds of the compilations of a first critical count on an empty cache (the sum of
#: :data:`algnet.analyses.critical.guarded_run.COMPILE_CPU`, kept here so that the notice imports nothing while numba
#: compiles); other commands compile a part of them
FIRST_COMPILE_CPU = 95.0


def notice_line() -> str:
    """:data:`NOTICE` with the wall time to expect at the current load.

    Examples
    --------
    >>> notice_line().startswith(NOTICE) and "CPU s" in notice_line()
    True
    """
    from algnet.guards import format_seconds, load_factor

    return (f"{NOTICE} (up to about {format_seconds(FIRST_COMPILE_CPU * load_factor())} at the current load, "
            f"{FIRST_COMPILE_CPU:.0f} CPU s)")


def install(stream=None, force: bool = False) -> bool:
    """Print :data:`NOTICE` to ``stream`` (stderr) when numba first compiles in this process; True if installed.

    Installed only when ``stream`` is a terminal, unless ``force``; installing twice is harmless (one listener).

    Examples
    --------
    >>> import io, numba
    >>> buf = io.StringIO()
    >>> install(buf, force=True)
    True
    >>> @numba.njit
    ... def plus_one(x):
    ...     return x + 1
    >>> plus_one(1)
    2
    >>> buf.getvalue().startswith("algnet: compiling")
    True
    """
    global _LISTENER
    stream = sys.stderr if stream is None else stream
    if not force:
        try:
            if not stream.isatty():
                return False
        except (AttributeError, ValueError, OSError):
            return False
    if _LISTENER is not None:
        _LISTENER.stream = stream
        return True
    _LISTENER = _Notice(stream)
    if "numba" in sys.modules:
        _register()
    else:       # a command that never compiles must not pay numba's import (0.2-0.4 s): wait until it is imported
        sys.meta_path.insert(0, _AfterNumba())
    return True


class _Notice:
    """The listener's state: where to print, and whether it has (numba's Listener interface added by
    :func:`_register`, once numba is imported)."""

    def __init__(self, out):
        self.stream, self.done = out, False

    def on_start(self, event):
        if not self.done:
            self.done = True
            try:
                print(notice_line(), file=self.stream, flush=True)
            except (OSError, ValueError):
                pass

    def on_end(self, event):
        pass


def _register():
    """Register the listener for numba's compile event (numba imported)."""
    import numba.core.event as ev

    class Listener(_Notice, ev.Listener):
        pass

    _LISTENER.__class__ = Listener
    ev.register("numba:compile", _LISTENER)


class _AfterNumba:
    """An import hook that registers the listener right after ``numba`` itself is imported, then removes itself."""

    def find_spec(self, name, path=None, target=None):
        if name != "numba":
            return None
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_then_register(module):
            exec_module(module)
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            _register()

        loader.exec_module = exec_then_register
        return spec


_LISTENER = None
