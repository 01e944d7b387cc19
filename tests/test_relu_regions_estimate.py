"""The exact regions engine's estimate and its one-thread float products, against exact arithmetic and exact counts.

Truths used: the exact rational product (Fractions) with the gamma_n rounding bound of a dot product of n terms;
the exact region counts of the exact engine on small networks; Zaslavsky's count of the first layer's lines (a lower
bound of the regions, later layers only refine them) and Serra-Tjandraatmadja-Ramalingam's upper bound.
"""

from fractions import Fraction

import numpy as np
import pytest

from algnet import parse_spec
from algnet.relu.float_products import ONE_THREAD_ENTRIES, thin_product
from algnet.relu.regions import linear_regions
from algnet.relu.regions_estimate import first_layer_rows, region_work_estimate
from algnet.relu.slices import Slice


def _within_rounding(A, H, N):
    """|N - A H| <= gamma_n |A| |H| entrywise, A H in exact rationals (Higham, Accuracy and Stability, Thm 3.5)."""
    n = A.shape[1]
    u = 2.0 ** -53
    gamma = n * u / (1 - n * u)
    for i in range(A.shape[0]):
        for c in range(H.shape[1]):
            exact = sum(Fraction(float(A[i, j])) * Fraction(float(H[j, c])) for j in range(n))
            scale = sum(abs(float(A[i, j]) * float(H[j, c])) for j in range(n))
            assert abs(Fraction(float(N[i, c])) - exact) <= Fraction(gamma * scale), (i, c)


def test_one_thread_products_are_exact_up_to_the_rounding_bound():
    rng = np.random.default_rng(5)
    A = rng.standard_normal((600, 600))
    assert A.size * 3 > ONE_THREAD_ENTRIES                     # numpy's product in blocks of rows, not one call
    H = rng.standard_normal((600, 3))
    _within_rounding(A[-12:], H, thin_product(A, H)[-12:])     # rows of the last block
    S = rng.standard_normal((4, 600, 3))
    out = thin_product(A, S)
    assert out.shape == (4, 600, 3)
    for t in range(4):
        _within_rounding(A[:5], S[t], out[t, :5])


NETS = ["relu 2-5-5-1", "relu 2-4-4-4-1", "relu 2-10-10-1", "relu 2-8-8-8-1", "relu 2-10-40-1"]


@pytest.mark.parametrize("spec", NETS)
def test_regions_estimate_against_exact_counts(spec):
    """The first layer's count <= the exact count <= the proved upper bound, and the all-layer estimate within a
    factor 0.4-5 of the exact count (the first layer alone is up to 18x below it on these networks)."""
    net = parse_spec(spec)
    box = (-1, 1, -1, 1)
    for seed in range(4):
        theta = net.random_params(seed=seed)
        est = region_work_estimate(net, first_layer_rows(net, theta, Slice.standard(2)), box, plane=False)
        count = linear_regions(net, theta, box=box).count
        assert est["estimate"] <= count <= est["upper_bound"], (seed, est, count)
        assert 0.4 * count <= est["regions_estimate"] <= 5 * count, (seed, est["regions_estimate"], count)


def test_regions_estimate_is_nearer_than_the_first_layer_alone():
    """Over the networks and seeds above, the estimate's mean |log(estimate / count)| is below the first layer's."""
    new, old = [], []
    for spec in NETS:
        net = parse_spec(spec)
        for seed in range(4):
            theta = net.random_params(seed=seed)
            est = region_work_estimate(net, first_layer_rows(net, theta, Slice.standard(2)), (-1, 1, -1, 1),
                                       plane=False)
            count = linear_regions(net, theta, box=(-1, 1, -1, 1)).count
            new.append(abs(np.log(est["regions_estimate"] / count)))
            old.append(abs(np.log(est["estimate"] / count)))
    assert np.mean(new) < np.mean(old)


def test_regions_memory_estimate_counts_the_exact_weights():
    """On a box too small for more than a few regions the memory estimate is still at least the memory of the
    network's exact weights, measured by tracemalloc while they are built (the same random weights)."""
    import tracemalloc

    net = parse_spec("relu 100-60-60-1")
    tracemalloc.start()
    theta = net.random_params(seed=0)
    weights = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    est = region_work_estimate(net, first_layer_rows(net, theta, Slice.standard(100)), (-1e-3, 1e-3, -1e-3, 1e-3),
                               plane=False)
    assert est["estimate"] <= 4 and weights > 100 * net.n_params        # a few regions; about 100 bytes a weight
    assert est["memory"] >= weights, (est["memory"], weights)
