"""The check of an incomplete monodromy count by Groebner bases over prime fields.

When monodromy cannot show its fiber count complete (one image point, or a failed trace test), the fiber over
mu(theta_0) at the integer point theta_0 is counted by a Groebner basis over GF(p)
(:func:`algnet.analyses.fibers_groebner.modular_groebner_count`), and over a second prime when the first basis was
quick. The count is exact unless the primes or theta_0 are among finitely many unlucky ones: not a proof.

Examples
--------
>>> from algnet import parse_spec
>>> _modular_check(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), 1, 1, None, False)[0]
2
"""

from __future__ import annotations

import time

#: CPU seconds of the Groebner count over a prime field that settles an incomplete monodromy count
#: (:func:`_modular_check`; dense 2-4-1 r=7, 8 unknowns: 2.4 s; dense 3-3-2 r=2, 9 unknowns: 50 s).
MODULAR_CHECK_CPU = 12.0


def _modular_check(net, theta0, gauge, found, certified, budget, cpu, show_progress: bool = False):
    """``(count, modular, primes, note, stopped)`` after a monodromy count of ``found`` points (``certified`` of them by
    Krawczyk's test) that its trace test could not show complete: the fiber over mu(theta_0) counted by a Groebner
    basis mod :data:`~algnet.analyses.fibers_groebner.MODULAR_PRIME`, capped at :data:`MODULAR_CHECK_CPU` CPU
    seconds (or the budget left ``budget``, on its clock, when less; none below 0.1 s; a wall-clock ``budget`` stops
    it too when the CPU seconds outlast it, on a loaded machine), and again mod
    :data:`~algnet.analyses.fibers_groebner.SECOND_PRIME` when the first basis took less than
    :data:`~algnet.analyses.fibers_groebner.SECOND_PRIME_BELOW` CPU s. ``count`` is the modular count when it is
    at least the ``certified`` points (proved distinct) and the two primes agree, else the monodromy count;
    ``modular`` the modular count or None; ``primes`` the primes whose counts were used. Uncertified points
    that monodromy found beyond the modular count (near-duplicates, or endpoints of paths that did not converge)
    do not overrule it, and the note says how many there were. ``stopped``: the budget ``budget`` ran out before the
    count (none left, or the basis stopped by it): the count is then partial, as a count the cap stopped.
    ``show_progress``: a bar of the seconds spent against the cap (:func:`~.fibers_progress.clock_bar`). A Ctrl-C
    during the basis stops it and returns the monodromy count as stopped (a lower bound).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _modular_check(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), 1, 1, None, False)[:3]
    (2, 2, (2147483647, 2147483629))
    """
    from algnet.analyses.fibers_groebner import MODULAR_PRIME, SECOND_PRIME, SECOND_PRIME_BELOW
    from algnet.guards import time_cap

    cap, ccpu, binding = MODULAR_CHECK_CPU, True, False
    if budget is not None and budget < cap:
        cap, ccpu, binding = budget, cpu, True       # the caller's budget stops it, not the check's own cap
    # a wall-clock budget above the check's own CPU cap still bounds it: 12 CPU s on a loaded machine are minutes of
    # wall clock (a count with max_seconds=20 took 114 s)
    wall = budget if budget is not None and not cpu and not binding else None
    what = f"a Groebner basis over GF({MODULAR_PRIME})"
    if cap < 0.1:
        return found, None, (), f"; no time left for {what}", True
    from algnet.analyses.fibers_progress import clock_bar

    counts, stalled = [], False
    with time_cap(wall) as wc, time_cap(cap, cpu=ccpu) as tc, clock_bar(f"checking the count: {what}", cap, ccpu,
                                                                         show_progress):
        try:
            counts = _modular_counts(net, theta0, gauge, (MODULAR_PRIME, SECOND_PRIME), SECOND_PRIME_BELOW)
        except KeyboardInterrupt:
            if not (tc.expired or wc.expired):      # Ctrl-C: the monodromy count in hand, a lower bound
                return found, None, (), f"; {what} interrupted (Ctrl-C)", True
            stalled = True
    if wc.expired:
        cap, ccpu, binding = wall, False, True
    mc = counts[0] if counts else None
    if mc is None:
        why = f"did not finish in {cap:g} {'CPU ' if ccpu else ''}s" if stalled else "found no finite fiber"
        if stalled and not binding:      # its own cap: no option raises it; a seed whose trace test passes needs none
            why += " (its own cap; another seed may pass the trace test, which needs no Groebner check)"
        return found, None, (), f"; {what} {why}", stalled and binding
    proved = certified or 0
    if mc < proved:     # distinct solutions proved by Krawczyk's test: the prime or theta_0 is unlucky
        return found, None, (), (f"; {what} counts {mc} point(s), fewer than the {proved} monodromy proved distinct "
                                 "(an unlucky prime or theta_0): not used"), False
    if len(counts) > 1 and counts[1] != mc:
        return found, None, (), (f"; Groebner bases over GF({MODULAR_PRIME}) and GF({SECOND_PRIME}) count {mc} and "
                                 f"{counts[1]} point(s) (an unlucky prime): not used"), False
    primes = (MODULAR_PRIME, SECOND_PRIME)[:len(counts)]
    over = f"{what} and one over GF({SECOND_PRIME}) count" if len(counts) > 1 else f"{what} counts"
    extra = "" if found <= mc else (f", {found - mc} more than counted, {found - proved} not certified: near-"
                                    "duplicates or unconverged endpoints, not proved distinct points")
    return mc, mc, primes, f"; {over} {mc} point(s) over the integer theta_0 (monodromy found {found}{extra})", False


def _modular_counts(net, theta0, gauge, primes, second_below):
    """The fiber counts over mu(``theta0``) mod ``primes[0]``, and mod ``primes[1]`` too when the first took less
    than ``second_below`` CPU seconds and gave a count.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> _modular_counts(parse_spec("conv k=2,2 r=1"), [2, 3, 5, 7], (0,), (101, 103), 0.0)
    [2]
    """
    from algnet.analyses.fibers_groebner import modular_groebner_count

    from algnet.analyses.fibers import fiber_equations

    ctx, eqs, free = fiber_equations(net, theta0, gauge)
    started = time.process_time()
    counts = [modular_groebner_count(eqs, free, primes[0])]
    if counts[0] is not None and time.process_time() - started < second_below:
        counts.append(modular_groebner_count(eqs, free, primes[1]))
    return counts
