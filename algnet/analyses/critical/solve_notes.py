"""The notes of a critical-point result: how the points were found, certified and shown complete, and the count a
theorem predicts (the progress bar's total).

Examples
--------
>>> _cert_note(None)
'not certified'
"""

from __future__ import annotations

__all__ = ["expected_count"]

def _route_note(fam, route: str) -> str:
    if route in ("total degree", "multihomogeneous"):
        return f"a {route} homotopy (gamma trick) at a generic complex target"
    if route == "parameter homotopy":
        return ("a parameter homotopy in the metric and the target from generic solutions computed once per network "
                "structure, to a generic complex target")
    return "monodromy in the target"


def _complete(route, res, tr):
    """Whether the completeness check passed (the small route's own verdict, else the trace test's);
    None when none ran."""
    if route != "monodromy" and res is not None:
        return getattr(res, "complete", None)
    return None if tr is None else bool(tr.passed)


def _strata_completeness(report: dict) -> str:
    """The completeness of the spurious search, from the per-stratum ``report`` of
    :func:`~.spurious.spurious_points` ("" when every stratum passed its trace test and lost no point).

    Examples
    --------
    >>> _strata_completeness({"w1=(0,*)": {"trace_test_passed": True, "lost": 0}})
    ''
    >>> _strata_completeness({"a": {"trace_test_passed": False, "lost": 0}, "b": {"trace_test_passed": True, "lost": 2}})
    '; spurious search incomplete (its counts are lower bounds): trace test NOT passed on stratum a; 2 point(s) lost on the way to the target on stratum b'
    >>> _strata_completeness({"rank-drop locus": {"trace_test_passed": True, "lost": 0, "uncovered": "why"}})
    '; spurious search incomplete (its counts are lower bounds): why'
    """
    bad = []
    for name, r in report.items():
        if not r.get("trace_test_passed"):
            bad.append(("no trace test" if r.get("trace_test_passed") is None else "trace test NOT passed")
                       + f" on stratum {name}")
        if r.get("lost"):
            bad.append(f"{r['lost']} point(s) lost on the way to the target on stratum {name}")
        if r.get("uncovered"):
            bad.append(r["uncovered"])
    return ("; spurious search incomplete (its counts are lower bounds): " + "; ".join(bad)) if bad else ""


def _strata_covered(report: dict) -> str:
    """What the spurious search did not solve but showed covered (the "covered" entries of its ``report``; they do not
    make the result partial).

    Examples
    --------
    >>> _strata_covered({"zero patterns": {"trace_test_passed": True, "lost": 0, "covered": "2 zero pattern(s) x"}})
    '; 2 zero pattern(s) x'
    """
    said = [r["covered"] for r in report.values() if r.get("covered")]
    return ("; " + "; ".join(said)) if said else ""


def _cert_note(cert) -> str:
    """How the points were certified (the batched float64 test and the ball route, with counts)."""
    if cert is None:
        return "not certified"
    return cert.method or "Krawczyk certification"


def _completeness(fam, tr) -> str:
    """The completeness statement: the trace test's outcome and the line it ran on (or the total-degree
    homotopy's statement)."""
    note = getattr(fam, "completeness_note", None)
    if note:
        return note
    if tr is None:
        return "no trace test"
    where = getattr(fam, "trace_line", None)
    return ("trace test passed" if tr.passed else "trace test NOT passed") + (f" (on {where})" if where else "")


def expected_count(net, loss_kind):
    """The number of pure critical images a theorem predicts for this loss (the progress bar's
    total only; never reported as the count): Eckart-Young / the network's ``expected_ed_degree``
    for the Frobenius loss, the Chern-class formula for a generic one; None when none is known.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> expected_count(parse_spec("linear 3-1-3"), "frobenius"), expected_count(parse_spec("linear 3-1-3"), "data")
    (3, None)
    """
    if loss_kind not in ("frobenius", "generic"):
        return None
    try:
        from algnet.analyses.critical.ed import ed_formula

        value = ed_formula(net, loss_kind)[0]
        return None if value is None else int(value)
    except Exception:
        return None
