"""The zero patterns the search (:mod:`.zero_patterns`) does not solve, and whether they can hold critical sets that
no other part of the search reaches: what a result must say about them.

The search skips a coordinate subspace S (some parameter blocks zero) where d mu has full rank at S's generic point
and mu(S) is not one point. Its critical points where d mu has full rank are the generic ones restricted: there the
gradient J^T grad l vanishes only where grad l is normal to M, at the fibers of the main solve's points. What is left
are the critical points of S where d mu drops rank. When no argument shows those are reached elsewhere the skipped
pattern is said and the counts are lower bounds (:func:`skipped_pattern_matters`); when one does, the pattern is
said as covered, and the counts stay what they are.

The argument (by hand, below; the merged sets from Fukumizu-Amari 2000): in a network of one hidden layer
y = sum_i a_i <w_i, x>^r with one output, on a zero pattern each neuron is live (w_i, a_i nonzero), dead at its input
(w_i = 0: it outputs 0, whatever a_i; its gradient vanishes for r >= 2) or dead at its output (a_i = 0: the gradient
in w_i vanishes, the one in a_i is <g, <w_i, x>^r>, g = grad l at mu(theta)). So the critical points of S off the
smaller subspaces are: a critical point of the network of the live neurons, any a_i of the input-dead ones, and w_i on
the cone <g, <w_i, x>^r> = 0 for the output-dead ones. Where g = 0 (mu = u) they are the main solve's. Where g != 0:

- one input (n = 1): g is normal to <w_j, x>^r, which spans the forms of degree r of one variable, for each live
  neuron: g = 0. No other critical point.
- two inputs and r = 2: for each live neuron the tangents <w_j, x> <v, x> (every v) are normal to g, so the binary
  quadratic form q(w) = <g, <w, x>^2> vanishes to second order at w_j: q = c det(w, w_j)^2. Two live neurons that are
  not parallel give q = 0, then g is normal to every square, which span the binary quadrics: g = 0. So every live
  neuron and every output-dead one (q(w_i) = 0) has the same direction: the point lies on the set where those neurons
  merge into one (proportional incoming weights), which passes through the pattern where all of them but one are
  zero: a pattern where d mu drops rank (its image is in the rank-one quadrics), searched, where the merged set is
  kept (:mod:`.merged_sets`; dense 2-2-1 r=2: Macaulay2's decomposition of the critical ideal has no other
  component with a1 = 0, tests/test_critical_zero_pattern_skips.py).
- otherwise the cone q(w) = 0 has directions parallel to no other neuron (three inputs and more: a hypersurface of
  directions; two inputs and r >= 3: q has r roots, two of them at a live direction): dense 3-3-1 r=2 on a1 = 0,
  Frobenius loss at u = 3 x1^2 + 2 x2^2 + x3^2: w2 = e1, a2 = 3, w3 = e2, a3 = 2 and every w1 = (s, t, 0) is critical
  (g is -2 x3^2, normal to every <w1, x>^2 with w1 in the plane; Macaulay2's minimal primes), a set of dimension 2 in
  the parameters over one image whose generic points lie on no searched pattern and on no set of merged neurons.
  Such patterns make the counts lower bounds.

A pattern whose zero blocks are the output bias b: L(theta, b + t) at the target u + t e is L(theta, b) at u, so the
critical sets move with the target's constant term and none lies in b = 0 for a target generic there. A linear
network: its rank-drop critical points lie on the strata of its degeneration lattice, which the spurious search
solves (Trager-Kohn-Bruna; the claim the search makes for them in :mod:`.spurious_cover`). Other networks: no argument
here, so a skipped pattern makes the counts lower bounds.

Examples
--------
>>> from algnet import parse_spec
>>> skipped_pattern_matters(parse_spec("dense 2-2-1 r=2"), [[0, 1], [2, 3], [4], [5]], (2,))[0]
False
>>> skipped_pattern_matters(parse_spec("dense 3-3-1 r=2"), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9], [10], [11]], (3,))[0]
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["skipped_pattern_matters", "skipped_notes", "unrescaled_patterns_note"]


def _one_hidden_layer(net):
    """(inputs, hidden width, r) of a network y = sum_i a_i <w_i, x>^r with one output and no bias (the activation a
    power), else None."""
    widths = tuple(getattr(net, "widths", ()) or ())
    r = getattr(net, "r", None)
    if (type(net).__name__ != "DenseNetwork" or len(widths) != 3 or widths[2] != 1 or getattr(net, "bias", False)
            or getattr(net, "act", None) is not None or not isinstance(r, int) or r < 2):
        return None
    return int(widths[0]), int(widths[1]), int(r)


def skipped_pattern_matters(net, blocks, zero) -> tuple:
    """(matters, what) for a zero pattern the search skipped (the blocks ``zero`` of ``blocks`` zero; d mu of full
    rank at its generic point): ``matters`` False when the module's argument shows its critical points are the main
    solve's or on sets the search keeps elsewhere (a network of one hidden layer, one output, with one input, or two
    inputs and r = 2), else True; ``what`` names the parameters set to zero and the reason.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> skipped_pattern_matters(parse_spec("dense 2-3-1 r=3"), [[0, 1], [2, 3], [4, 5], [6], [7], [8]], (3,))
    (True, 'parameters [6] zero (critical points there where d mu drops rank: not searched)')
    """
    params = sorted(j for i in zero for j in blocks[i])
    shape = _one_hidden_layer(net)
    if shape is not None and len(blocks) == 2 * shape[1] and (shape[0] == 1 or (shape[0] == 2 and shape[2] == 2)):
        return False, (f"parameters {params} zero (d mu of full rank there but where dead neurons' incoming weights "
                       "meet the live ones': the sets of merged neurons)")
    if set(params) <= _output_bias(net):
        # L(theta, b + t) at the target u + t e equals L(theta, b) at u (e: the constant coordinates b adds to): the
        # critical sets move with the target's constant term, so for a target generic there none lies in b = 0; its
        # points with b = 0 are points of sets whose generic points the other parts of the search reach
        return False, f"parameters {params} zero (an output bias: the critical sets there move with the target)"
    if type(net).__name__ == "LinearNetwork":
        # a linear network's rank-drop critical points lie on the strata of its degeneration lattice, which the
        # spurious search solves (Trager-Kohn-Bruna; the claim :func:`~.spurious_cover.strata_cover_rank_drop` makes)
        return False, f"parameters {params} zero (a linear network: its rank-drop points are the strata's)"
    return True, f"parameters {params} zero (critical points there where d mu drops rank: not searched)"


def _output_bias(net) -> set:
    """The indices of the last layer's bias (a dense or linear network's last parameter array named b...), else {}.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> sorted(_output_bias(parse_spec("linear 2-1-2 bias"))), _output_bias(parse_spec("linear 2-1-2"))
    ([5, 6], set())
    """
    shapes = list(getattr(net, "param_shapes", ()) or ())
    if not shapes or not str(shapes[-1][0]).startswith("b"):
        return set()
    n = int(np.prod(shapes[-1][1]))
    return set(range(int(net.n_params) - n, int(net.n_params)))


def skipped_notes(net, blocks, skipped) -> tuple:
    """(uncovered, covered): the texts for the zero patterns ``skipped`` (tuples of block indices) that can hold
    critical sets no other part reaches (they make the counts lower bounds) and for those that cannot ("" for none).

    Examples
    --------
    >>> from algnet import parse_spec
    >>> skipped_notes(parse_spec("dense 2-2-1 r=2"), [[0, 1], [2, 3], [4], [5]], [])
    ('', '')
    >>> print(skipped_notes(parse_spec("dense 2-2-1 r=2"), [[0, 1], [2, 3], [4], [5]], [(2,), (3,)])[1])
    2 zero pattern(s) not searched, d mu of full rank at their generic point, whose critical points are those of the \
main solve or of the sets of merged neurons: parameters [4] zero, parameters [5] zero
    """
    judged = [skipped_pattern_matters(net, blocks, z) for z in skipped]
    bad = [w for m, w in judged if m]
    good = [w.split(" (")[0] for m, w in judged if not m]
    uncovered = (f"{len(bad)} zero pattern(s) not searched (d mu of full rank at their generic point; no argument "
                 "shows their critical points where it drops rank are reached elsewhere: dense 3-3-1 r=2 on a1 = 0 "
                 "holds a set of dimension 2 over one image): " + ", ".join(bad)) if bad else ""
    covered = (f"{len(good)} zero pattern(s) not searched, d mu of full rank at their generic point, whose critical "
               "points are those of the main solve or of the sets of merged neurons: " + ", ".join(good)) if good \
        else ""
    return uncovered, covered


def unrescaled_patterns_note(net) -> str:
    """What the zero-pattern search leaves out on a dense network whose activation is not homogeneous (no rescalings,
    so no blocks to search): its neurons still die where their outgoing weights vanish, and a = 0 with every w_i on
    the cone <g, sigma(<w_i, x>)> = 0 is a critical set of image 0 (dimension inputs - 1 a neuron for one output, no
    rescaling to quotient it by; dense 2-2-1 act=0,1,1: Macaulay2's minimal primes have such components). "" for
    other networks.

    Examples
    --------
    >>> from algnet import parse_spec
    >>> bool(unrescaled_patterns_note(parse_spec("dense 2-2-1 act=0,1,1"))), unrescaled_patterns_note(parse_spec(
    ...     "dense 2-2-1 r=2"))
    (True, '')
    """
    if type(net).__name__ != "DenseNetwork" or getattr(net, "act", None) is None:
        return ""
    return ("the zero patterns of the parameters were not searched (an activation that is not homogeneous: no "
            "rescalings to group the parameters by): critical sets where neurons' outgoing weights vanish (a = 0 with "
            "the incoming weights on the cone <g, sigma(<w, x>)> = 0, of image 0 among others) are not counted")
