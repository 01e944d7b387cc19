"""Shared helper of the command-line tests: a Ctrl-C injected at a chosen step of an analysis.

``from _cli import ctrl_c_at`` (tests/ is on the path under pytest, as for ``from test_sigint import interrupt``).
"""

import importlib
import signal


def sigint():
    """Send SIGINT to this process, as a Ctrl-C: the handler in force decides what happens."""
    signal.raise_signal(signal.SIGINT)


def ctrl_c_at(monkeypatch, module: str, name: str, when: str = "before"):
    """Replace the callable ``name`` of ``module`` (a dotted module name) by one that sends a Ctrl-C ``before``
    calling the real one, ``after`` it returned (its value is still returned), or ``instead`` of it (returns
    None). The real callable is restored by ``monkeypatch`` after the test."""
    assert when in ("before", "after", "instead"), when
    mod = importlib.import_module(module)
    real = getattr(mod, name)

    def interrupted(*args, **kwargs):
        if when != "after":
            sigint()
        if when == "instead":
            return None
        out = real(*args, **kwargs)
        if when == "after":
            sigint()
        return out

    monkeypatch.setattr(mod, name, interrupted)
