"""The verify row of the swallowtail written as the discriminant of x^4 + a x^2 + b x + c (the parametrization
(s - 3 t^2, 2 t^3 - 2 t s, t^2 s), whose pairs with s_s != t_s have no solution but came back from sympy's solve as
8 components with mismatched cube roots): its loci are the hand ones of the other swallowtail row, and complete."""

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
