"""The verify rows of the swallowtail written as the discriminant of x^4 + a x^2 + b x + c (the parametrization
(s - 3 t^2, 2 t^3 - 2 t s, t^2 s), whose pairs with s_s != t_s have no solution but came back from sympy's solve as
8 components with mismatched cube roots): its singular loci are the hand ones of the other swallowtail row, and
complete; its one implicit equation is sympy's discriminant up to a constant."""

from algnet.theorems.verification import all_checks, run_check

KEY = "singular points of a classical map: the hand-known locus"


def test_the_discriminant_row_agrees_with_the_other_swallowtail():
    rows = {c.case: c for c in all_checks(quick=False) if c.theorem == KEY}
    new = run_check(rows["swallowtail as a discriminant (s - 3 t^2, 2 t^3 - 2 t s, t^2 s)"])
    assert new.agree and new.certified and ("complete", True) in new.computed
    old = run_check(rows["swallowtail (u, -4 v^3 - 2 u v, 3 v^4 + u v^2)"])
    assert new.predicted == old.predicted and new.computed == old.computed
    assert "swallowtail as a discriminant (s - 3 t^2, 2 t^3 - 2 t s, t^2 s)" not in {
        c.case for c in all_checks(quick=True) if c.theorem == KEY}


def test_the_implicit_row_finds_the_discriminant(monkeypatch):
    import algnet.theorems.checks.implicit as implicit_checks

    (check,) = [c for c in implicit_checks.checks(quick=True) if c.theorem.startswith("the swallowtail is")]
    assert run_check(check).agree

    class Other:        # an equation that is not the discriminant (its y1^4 coefficient changed)
        def equations(self):
            return ["16*y0^4*y2 - 4*y0^3*y1^2 - 128*y0^2*y2^2 + 144*y0*y1^2*y2 - 26*y1^4 + 256*y2^3"]

    monkeypatch.setattr(implicit_checks, "run_analysis", lambda *a, **k: Other())
    row = run_check(check)
    assert not row.agree and row.computed == [1, "another polynomial"]
