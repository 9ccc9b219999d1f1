"""Checkers of the exercises of "The exploding gradient"."""

import numpy as np

from ..checking import Exercise, Wrong, call, expect_array, expect_shape


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def check_cancelling_biases(cancelling_biases):
    passed = []
    for w, x in ((np.full(8, 100.0), 0.5), (np.array([100.0, -40.0, 60.0, 100.0, 8.0]), 0.9)):
        got = call(cancelling_biases, w.copy(), x)
        got = expect_shape(got, (len(w),), f"your biases for {len(w)} neurons")
        a = x
        for j, (wj, bj) in enumerate(zip(w, got, strict=True)):
            z = wj * a + bj
            if abs(z) > 1e-9:
                factor = wj * _sigmoid(z) * (1 - _sigmoid(z))
                raise Wrong(f"neuron {j + 1} of the chain with weights {w.tolist()}: its "
                            f"input is a = {a:.4g}, so b = {bj:.6g} gives z = {z:.4g}, not 0, "
                            f"and the factor w sigma'(z) = {factor:.3g} instead of "
                            f"{wj / 4:.4g}. Every neuron after the first receives "
                            "sigmoid(0) = 0.5")
            a = _sigmoid(z)
        passed.append(f"weights {w.tolist()}: every z is 0, every factor w/4")
    return passed


def check_clip_by_norm(clip_by_norm):
    passed = []
    rng = np.random.default_rng(6)
    grads = [rng.normal(0, 3, (4, 5)), rng.normal(0, 3, 5), rng.normal(0, 3, (5, 2))]
    norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    for max_norm in (norm / 10, norm * 2):
        kept = [g.copy() for g in grads]
        got = call(clip_by_norm, grads, max_norm)
        for g, k in zip(grads, kept, strict=True):
            if not np.array_equal(g, k):
                raise Wrong("clip_by_norm changed the arrays it was given: return new "
                            "arrays (g * scale), do not scale in place")
        if not isinstance(got, (list, tuple)) or len(got) != len(grads):
            raise Wrong(f"clip_by_norm should return a list of {len(grads)} arrays")
        scale = min(1.0, max_norm / norm)
        for i, (mine, g) in enumerate(zip(got, grads, strict=True)):
            per_array = g * min(1.0, max_norm / np.linalg.norm(g))
            expect_array(mine, g * scale,
                         f"array {i} with max_norm = {max_norm:.3g} (joint norm {norm:.3g})",
                         mistakes={
                             "You clipped each array by its own norm: clip by the norm of "
                             "all of them together, so that the direction of the whole "
                             "gradient is kept.": per_array})
        passed.append(f"max_norm {max_norm:.3g} against a joint norm of {norm:.3g}: "
                      + ("scaled down" if scale < 1 else "left as it was"))
    return passed


EXERCISES = [
    Exercise("cancelling_biases", "exploding", "cancelling_biases", check_cancelling_biases),
    Exercise("clip_by_norm", "exploding", "clip_by_norm", check_clip_by_norm),
]
