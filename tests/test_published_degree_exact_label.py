"""`algnet degree` prints "exact:" only for a count a theorem proves: a monodromy count that the Hilbert polynomial
agrees with (two routes, neither a proof) is printed as not proved, as its evidence says.

The case: products of two ternary linear forms (``layers Product(Linear(3, 1), Linear(3, 1))``) are the quadrics of
rank <= 2, the hypersurface det = 0 of the symmetric 3 x 3 matrix, a cubic: degree 3 (by hand; Macaulay2's kernel of
the map gives the same cubic)."""

from algnet.analyses.degree import degree
from algnet.cli import main

SPEC = "layers Product(Linear(3, 1), Linear(3, 1))"


def test_a_hilbert_agreement_is_printed_as_not_proved(capsys):
    r = degree(SPEC, seed=1, certify=False)
    assert r.degree == 3 and r.confirmation.startswith("Hilbert polynomial agrees")
    assert not r.evidence.certified
    assert main(["degree", SPEC, "--seed", "1", "--no-certify"]) == 0
    out = capsys.readouterr().out
    assert "degree 3" in out
    assert "exact: not proved (Hilbert polynomial agrees" in out and "exact: Hilbert" not in out


def test_a_theorem_is_still_printed_as_exact(capsys):
    # 3 x 3 matrices of rank <= 1: the Segre P^2 x P^2, degree binom(4, 2) = 6, counted by monodromy
    assert main(["degree", "linear 3-1-3", "--method", "monodromy", "--seed", "1", "--no-certify"]) == 0
    out = capsys.readouterr().out
    assert "degree 6" in out and "exact: theorem: determinantal" in out
