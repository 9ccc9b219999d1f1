"""Checkers of the exercises of "Training and the cost"."""

import numpy as np

from ..checking import Exercise, Wrong, call, expect_array


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _batch(seed, n=6, k=4):
    rng = np.random.default_rng(seed)
    Z = rng.normal(0, 2, (n, k))
    Y = (rng.random((n, k)) < 0.5).astype(float)
    return Z, Y


def check_cross_entropy(cross_entropy):
    passed = []
    for seed, (n, k) in enumerate([(6, 4), (1, 3), (50, 10)]):
        Z, Y = _batch(seed, n, k)
        A = _sigmoid(Z)
        terms = Y * np.log(A) + (1 - Y) * np.log(1 - A)
        expected = -terms.sum(axis=1).mean()
        got = call(cross_entropy, A.copy(), Y.copy())
        if got is None:
            raise Wrong("cross_entropy returned None: does it end with a return statement?")
        if not np.isscalar(got) and np.shape(got) != ():
            raise Wrong(f"cross_entropy returned an array of shape {np.shape(got)}; "
                        "it should return one number, the mean over the batch")
        mistakes = {
            "That is the mean over every entry: sum over the output units, then "
            "average over the examples.": -terms.mean(),
            "That is the sum over the batch: divide by the number of examples.":
                -terms.sum(),
            "That leaves out the (1 - y) ln(1 - a) term.":
                -(Y * np.log(A)).sum(axis=1).mean(),
            "That has the wrong sign: the cost is minus the log-likelihood.": terms.sum(1).mean(),
        }
        expect_array(np.asarray(got, dtype=float), np.asarray(expected),
                     f"your cost for a batch of {n} examples with {k} outputs",
                     rtol=1e-9, mistakes=mistakes)
        passed.append(f"a batch of {n} examples with {k} outputs: C = {expected:.6f}")
    return passed


def check_output_delta(output_delta):
    passed = []
    Z, Y = _batch(3, 5, 3)
    A = _sigmoid(Z)
    slope = A * (1 - A)
    cases = {
        "quadratic": ((A - Y) * slope, {
            "That is the cross-entropy's delta a - y: the quadratic cost keeps the "
            "factor sigma'(z) = a(1 - a).": A - Y}),
        "cross_entropy": (A - Y, {
            "That still has the factor sigma'(z): with the cross-entropy it cancels, "
            "leaving a - y.": (A - Y) * slope,
            "That has the wrong sign: delta is dC/dz, and C grows with a when a > y.": Y - A}),
    }
    for cost, (expected, mistakes) in cases.items():
        got = call(output_delta, Z.copy(), Y.copy(), cost)
        expect_array(got, expected, f"your delta for cost={cost!r}", mistakes=mistakes)
        passed.append(f"cost={cost!r}: delta of shape {expected.shape}")
    return passed


def check_softmax_delta(softmax_delta):
    passed = []
    rng = np.random.default_rng(4)
    for scale, what in ((1.0, "weighted inputs of order one"),
                        (1000.0, "weighted inputs near 1000")):
        Z = rng.normal(0, 1, (4, 5)) * scale
        Y = np.eye(5)[rng.integers(0, 5, 4)]
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        A = E / E.sum(axis=1, keepdims=True)
        with np.errstate(all="ignore"):
            got = call(softmax_delta, Z.copy(), Y.copy())
        if isinstance(got, np.ndarray) and got.shape == Z.shape and not np.all(np.isfinite(got)):
            raise Wrong(f"with {what} your delta holds nan or inf: exp(1000) overflows. "
                        "Subtract each row's largest z before exp; softmax does not change")
        expect_array(got, A - Y, f"your delta for {what}", mistakes={
            "That is softmax(z) without the target: delta = a - y.": A,
            "That has the wrong sign: delta = a - y.": Y - A,
            "That normalises each column; softmax normalises each row (each example).":
                np.exp(Z - Z.max(0)) / np.exp(Z - Z.max(0)).sum(0) - Y,
        })
        passed.append(f"{what}: delta = softmax(z) - y")
    return passed


EXERCISES = [
    Exercise("cross_entropy", "training", "cross_entropy", check_cross_entropy),
    Exercise("output_delta", "training", "output_delta", check_output_delta),
    Exercise("softmax_delta", "training", "softmax_delta", check_softmax_delta),
]
