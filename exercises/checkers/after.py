"""Checkers of the exercises of "What came after"."""

import numpy as np

from ..checking import Exercise, Wrong, call, expect_array, expect_shape


def check_batch_norm(batch_norm):
    passed = []
    rng = np.random.default_rng(7)
    S = rng.normal(3, 5, (16, 6))
    gamma, beta = rng.normal(1, 0.3, 6), rng.normal(0, 1, 6)
    eps = 1e-5
    mu, v = S.mean(axis=0), S.var(axis=0)
    expected = gamma * (S - mu) / np.sqrt(v + eps) + beta
    got = call(batch_norm, S.copy(), gamma.copy(), beta.copy(), eps)
    rows_mu, rows_v = S.mean(axis=1, keepdims=True), S.var(axis=1, keepdims=True)
    # rtol: leaving out eps (1e-5 against variances near 25) is caught by the case below.
    expect_array(got, expected, "your output for a batch of 16 examples of 6 units", rtol=1e-4,
                 mistakes={
        "That normalises each example over its units; batch norm normalises each "
        "unit over the examples of the batch (axis 0).":
            gamma * (S - rows_mu) / np.sqrt(rows_v + eps) + beta,
        "That leaves out gamma and beta: scale by gamma, then shift by beta.":
            (S - mu) / np.sqrt(v + eps),
        "That uses the unbiased variance (ddof=1); batch norm divides by n.":
            gamma * (S - mu) / np.sqrt(S.var(axis=0, ddof=1) + eps) + beta,
    })
    passed.append("16 examples of 6 units: each unit has mean beta and standard "
                  "deviation about |gamma| over the batch")
    # A unit constant over the batch: eps keeps the division finite.
    S[:, 2] = 4.0
    with np.errstate(all="ignore"):
        got = call(batch_norm, S.copy(), gamma.copy(), beta.copy(), eps)
    mu, v = S.mean(axis=0), S.var(axis=0)
    expect_array(got, gamma * (S - mu) / np.sqrt(v + eps) + beta,
                 "your output when unit 2 is the same for every example (eps matters)")
    passed.append("a unit constant over the batch: finite, thanks to eps")
    return passed


def check_he_normal(he_normal):
    passed = []
    n_in, n_out = 400, 300
    got = call(he_normal, n_in, n_out, np.random.default_rng(8))
    if not isinstance(got, tuple) or len(got) != 2:
        raise Wrong("he_normal should return two arrays, (W, b)")
    W = expect_shape(got[0], (n_in, n_out), "your W")
    b = expect_shape(got[1], (n_out,), "your b")
    if np.any(b != 0):
        raise Wrong("your biases are not all zero")
    again = call(he_normal, n_in, n_out, np.random.default_rng(8))[0]
    other = call(he_normal, n_in, n_out, np.random.default_rng(9))[0]
    if not np.array_equal(np.asarray(again), W):
        raise Wrong("two calls with generators of the same seed gave different weights: "
                    "draw only from rng, never from np.random directly")
    if np.array_equal(np.asarray(other), W):
        raise Wrong("generators of different seeds gave the same weights: draw from rng")
    # 120000 draws: the sample variance is within 1% of the true one.
    variance, mean = W.var(), W.mean()
    if abs(mean) > 0.05 * np.sqrt(2 / n_in):  # 0.05 standard deviations: 17 standard errors
        raise Wrong(f"your weights have mean {mean:.3g}; He initialisation is centred at 0")
    if abs(variance / (2 / n_in) - 1) > 0.03:
        raise Wrong(f"your weights have variance {variance:.3g}; He initialisation with "
                    f"n_in = {n_in} has variance 2 / n_in = {2 / n_in:.3g}"
                    + (" (that is Xavier's 1 / n_in)" if abs(variance * n_in - 1) < 0.03
                       else ""))
    passed.append(f"W {W.shape}: mean {mean:.1e}, variance {variance:.4f} "
                  f"(2 / n_in = {2 / n_in:.4f}); zero biases; draws only from rng")
    # What it is for: the signal keeps its size through 30 ReLU layers.
    rng = np.random.default_rng(10)
    A = rng.normal(0, 1, (200, 100))
    start = np.mean(A**2)
    for _ in range(30):
        W, b = he_normal(100, 100, rng)
        A = np.maximum(0, A @ np.asarray(W) + np.asarray(b))
    ratio = np.mean(A**2) / start
    if not 0.1 < ratio < 10:
        raise Wrong(f"through 30 ReLU layers of your initialisation the mean square "
                    f"activation changes by a factor {ratio:.2g}; He's keeps it near 1")
    passed.append(f"30 ReLU layers: the mean square activation changes by {ratio:.2f}")
    return passed


EXERCISES = [
    Exercise("batch_norm", "after", "batch_norm", check_batch_norm),
    Exercise("he_normal", "after", "he_normal", check_he_normal),
]
