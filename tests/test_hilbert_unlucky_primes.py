"""The Hilbert function of a map whose coefficients a default prime divides.

Modulo a prime dividing a coefficient the map is another map (``268435399*s^2`` vanishes modulo 268435399, the
largest default prime): the Hilbert function must be computed at primes that divide no constant of the spec.
Truth: scaling one coordinate by a nonzero constant is a linear change of coordinates, which keeps the Hilbert
function, so the map with the coefficient replaced by 3 has the same one; for the conic (a s^2, s t, t^2) it is
H(e) = 2e + 1 by hand (the quadrics of the plane modulo the one equation a y1^2 = y0 y2, degree by degree).
"""

from algnet.analyses.hilbert import hilbert_function

P = 268435399     # the largest default prime (below 2^28)


def test_conic_with_a_coefficient_the_first_prime_divides():
    r = hilbert_function(f"map {P}*s^2; s*t; t^2", up_to=4, seed=0)
    assert list(r.values) == [2 * e + 1 for e in range(5)]
    assert P not in r.primes


def test_denominator_the_first_prime_divides_matches_a_scaled_map():
    r = hilbert_function(f"map s/{P}; t; s*t", up_to=3, seed=0)
    ref = hilbert_function("map s/3; t; s*t", up_to=3, seed=0)
    assert list(r.values) == list(ref.values)
