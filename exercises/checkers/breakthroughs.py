"""Checkers of the exercises of "The 2006 breakthroughs"."""

import numpy as np

import gradlib as gl

from ..checking import Exercise, Wrong, call, expect_array


def _rbm(seed, n_visible=12, n_hidden=7, scale=0.5):
    rbm = gl.RBM(n_visible, n_hidden, seed=seed, weight_scale=scale)
    rng = np.random.default_rng(seed + 100)
    rbm.b_visible[...] = rng.normal(0, 0.5, n_visible)
    rbm.b_hidden[...] = rng.normal(0, 0.5, n_hidden)
    return rbm


def check_cd1_gradient(cd1_gradient):
    passed = []
    names = ("grad_W", "grad_b_visible", "grad_b_hidden")
    for seed, n in ((0, 20), (1, 5)):
        rbm = _rbm(seed)
        V = (np.random.default_rng(seed).random((n, rbm.W.shape[0])) < 0.4).astype(float)
        expected = rbm.gradient_estimate(V, k=1, rng=np.random.default_rng(seed))
        got = call(cd1_gradient, rbm.W.copy(), rbm.b_visible.copy(), rbm.b_hidden.copy(),
                   V.copy(), np.random.default_rng(seed))
        if not isinstance(got, tuple) or len(got) != 3:
            raise Wrong("cd1_gradient should return three arrays: "
                        "(grad_W, grad_b_visible, grad_b_hidden)")
        # The negative phase with the hidden probabilities instead of a sample, for the hint.
        P0 = rbm.hidden_probabilities(V)
        V1 = rbm.visible_probabilities(P0)
        unsampled = (V.T @ P0 - V1.T @ rbm.hidden_probabilities(V1)) / n
        for name, mine, theirs in zip(names, got, (expected.W, expected.b_visible,
                                                   expected.b_hidden), strict=True):
            mistakes = {"That is the negative of the estimate: data minus model, "
                        "<v h>_data - <v h>_model.": -theirs,
                        "That is the batch sum: divide by the number of examples.": theirs * n}
            if name == "grad_W":
                mistakes["That skips the sampling: draw H with rng.random(P0.shape) < P0 "
                         "before going down to V1."] = unsampled
            expect_array(mine, theirs, f"your {name} for a batch of {n}",
                         against="gradlib's RBM.gradient_estimate", rtol=1e-6, atol=1e-10,
                         mistakes=mistakes)
        passed.append(f"a batch of {n}: the three gradients match RBM.gradient_estimate(k=1) "
                      "with the same random draws")
    return passed


def check_free_energy(free_energy):
    passed = []
    for seed, scale, what in ((2, 0.5, "small weights"), (3, 400.0, "weights near 400")):
        rbm = _rbm(seed, scale=scale)
        V = (np.random.default_rng(seed).random((6, rbm.W.shape[0])) < 0.5).astype(float)
        expected = rbm.free_energy(V)
        with np.errstate(all="ignore"):
            got = call(free_energy, V.copy(), rbm.W.copy(), rbm.b_visible.copy(),
                       rbm.b_hidden.copy())
        if (isinstance(got, np.ndarray) and got.shape == expected.shape
                and not np.all(np.isfinite(got))):
            raise Wrong(f"with {what} your free energy holds inf or nan: exp(b_h + vW) "
                        "overflows. ln(1 + e^x) is np.logaddexp(0, x), which does not")
        X = V @ rbm.W + rbm.b_hidden
        expect_array(got, expected, f"your free energy with {what}",
                     against="gradlib's RBM.free_energy", rtol=1e-9, mistakes={
                         "That has the wrong sign: F(v) = -b_v.v - sum_j ln(1 + e^x_j).":
                             -expected,
                         "That leaves out the visible biases' term -b_v . v.":
                             -np.logaddexp(0, X).sum(axis=1)})
        passed.append(f"{what}: F(v) for 6 inputs")
    return passed


EXERCISES = [
    Exercise("cd1_gradient", "breakthroughs", "cd1_gradient", check_cd1_gradient),
    Exercise("free_energy", "breakthroughs", "free_energy", check_free_energy),
]
