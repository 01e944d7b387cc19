"""Verification rows from implicitization and the Hilbert function.

* Determinantal ideals: the minimal generators found by
  :func:`algnet.analyses.implicit.implicitize` are binom(m, r+1) binom(n, r+1)
  forms of degree r+1 (the (r+1)-minors; Bruns-Vetter Thm. 2.10), and none
  of lower degree.
* Degrees from the Hilbert polynomial (:func:`algnet.analyses.hilbert.hilbert_function`)
  against the determinantal degree formula (Harris Ex. 19.10) and the
  convolutional degree formula (Shahverdi-Marchetti-Kohn 2025; stride 1, r > 1).

The computed side never evaluates a formula: it samples the network.
"""

from __future__ import annotations

from algnet.theorems.verification import Check, run_analysis

_SRC_DET = "Bruns-Vetter, Determinantal Rings, Thm. 2.10"
_SRC_DEG = "Harris, Algebraic Geometry, Ex. 19.10"
_SRC_CONV = "Shahverdi-Marchetti-Kohn, AISTATS 2025 (arXiv:2410.00722)"


def _minors_check(spec, m, n, r):
    def compute():
        from algnet.architectures.spec import parse_spec
        from algnet.theorems.formulas import determinantal_minors_count

        res = run_analysis("implicit", parse_spec(spec), seed=0, max_degree=r + 1)
        degs = res.generator_degrees
        computed = [len(degs), sorted(set(degs))]
        predicted = [determinantal_minors_count(m, n, r), [r + 1]]
        return {"computed": computed, "predicted": predicted, "method": "implicitize (sampling mod p, lifted, "
                "verified exactly)", "certified": False,
                "detail": f"H = {list(res.hilbert_function)}; cuts out M: {res.cuts_out}; "
                          f"equations verified at {res.verify_points} exact points"}

    return Check("determinantal ideal: (r+1)-minors generate", f"{spec} ({m}x{n}, rank <= {r})", _SRC_DET, compute)


def _degree_check(spec, up_to, predicted_fn, theorem, source):
    def compute():
        from algnet.architectures.spec import parse_spec

        h = run_analysis("hilbert", parse_spec(spec), seed=0, up_to=up_to)
        return {"computed": h.degree, "predicted": predicted_fn(), "method": "Hilbert polynomial (sampling mod p)",
                "certified": False, "detail": f"H = {list(h.values)}; {h.stabilization}"}

    return Check(theorem, spec, source, compute)


def _determinantal_degree_check(spec, up_to, m, n, r):
    """The degree of rank <= r m x n matrices (formula) against the Hilbert polynomial of ``spec``."""
    from algnet.theorems.formulas import determinantal_degree

    return _degree_check(spec, up_to, lambda: determinantal_degree(m, n, r),
                         "determinantal degree (Hilbert polynomial)", _SRC_DEG)


def _conv_degree_check(spec, up_to, kernel, r):
    """The convolutional degree formula against the Hilbert polynomial of ``spec``."""
    from algnet.theorems.formulas import conv_degree

    return _degree_check(spec, up_to, lambda: conv_degree(kernel, r), "conv degree (Hilbert polynomial)", _SRC_CONV)


def checks(quick: bool) -> list[Check]:
    """The implicitization and Hilbert-degree rows (more cases when not ``quick``).

    Examples
    --------
    >>> from algnet.theorems.verification import run_check
    >>> row = run_check(next(c for c in checks(quick=True) if c.case == "linear 3-1-3 (3x3, rank <= 1)"))
    >>> row.computed, row.predicted, row.agree    # nine 2 x 2 minors
    ([9, [2]], [9, [2]], True)
    """
    rows = [
        _minors_check("linear 4-2-3", 3, 4, 2),
        _minors_check("linear 3-1-3", 3, 3, 1),
        _determinantal_degree_check("linear 4-1-3", 5, 3, 4, 1),
        _determinantal_degree_check("linear 4-2-3", 5, 3, 4, 2),
        _conv_degree_check("conv k=2,2 r=2", 5, [2, 2], 2),
        _conv_degree_check("conv k=2,2 r=3", 6, [2, 2], 3),
    ]
    if not quick:
        rows += [
            _minors_check("linear 4-2-4", 4, 4, 2),
            _minors_check("linear 5-3-4", 4, 5, 3),
            _determinantal_degree_check("linear 4-2-4", 6, 4, 4, 2),
            _conv_degree_check("conv k=2,3 r=2", 6, [2, 3], 2),
            _conv_degree_check("conv k=3,2 r=2", 6, [3, 2], 2),
        ]
    return rows
