"""A Ctrl-C inside the path tracker, as the critical-point analyses receive it.

The tracker keeps a Ctrl-C to itself: it stops, marks the unfinished paths "interrupted" and returns a
result with ``partial=True``. A caller that read those paths as failed ones would track them again by its
retry routes and return a complete-looking answer; :func:`whole` raises the interrupt on instead, so the
analysis stops and the command line prints what was finished as a bound.

Examples
--------
>>> from types import SimpleNamespace
>>> whole(SimpleNamespace(partial=False, x=1)).x
1
>>> try:
...     whole(SimpleNamespace(partial=True))
... except KeyboardInterrupt:
...     print("interrupted")
interrupted
"""

from __future__ import annotations

__all__ = ["whole"]


def whole(res):
    """``res`` (a tracker's result) when it is complete; a KeyboardInterrupt when a Ctrl-C cut it short.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> whole(SimpleNamespace(partial=False, status=("success",))).status
    ('success',)
    """
    if getattr(res, "partial", False):
        raise KeyboardInterrupt
    return res
