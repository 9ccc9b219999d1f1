"""Checkers of the exercises of "Backpropagation"."""

import numpy as np

import gradlib as gl

from ..checking import Exercise, Wrong, call, expect_array


def check_bp2_tanh(bp2_tanh):
    passed = []
    sizes = [6, 30, 20, 10, 4]
    net = gl.Network(sizes, activation="tanh", output="sigmoid", init="xavier", seed=1)
    rng = np.random.default_rng(1)
    X = rng.random((10, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], 10)]
    Z = net.trace(X).Z
    deltas = net.backward(X, Y).deltas
    for l in range(net.n_layers - 2, -1, -1):  # every hidden layer, from the top
        pulled = deltas[l + 1] @ net.weights[l + 1].T
        got = call(bp2_tanh, deltas[l + 1].copy(), net.weights[l + 1].copy(), Z[l].copy())
        expect_array(got, deltas[l], f"your delta for layer {l}", against="backprop's",
                     mistakes={
            "That uses the sigmoid's derivative s(1 - s); tanh's is 1 - tanh(z)^2.":
                pulled * (1 / (1 + np.exp(-Z[l]))) * (1 - 1 / (1 + np.exp(-Z[l]))),
            "That multiplies by tanh(z) itself, not by its derivative 1 - tanh(z)^2.":
                pulled * np.tanh(Z[l]),
            "That leaves out the derivative: multiply by f'(Z[l]) = 1 - tanh(Z[l])^2.": pulled,
        })
        passed.append(f"layer {l}: delta of shape {deltas[l].shape} "
                      f"from delta[{l + 1}] of shape {deltas[l + 1].shape}")
    return passed


def check_backprop(backprop):
    passed = []
    for sizes, n in (([5, 7, 3], 8), ([6, 30, 20, 10], 12)):
        net = gl.Network(sizes, init="scaled_normal", seed=2)
        rng = np.random.default_rng(2)
        X = rng.random((n, sizes[0]))
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
        g = net.backward(X, Y)
        got = call(backprop, [W.copy() for W in net.weights], [b.copy() for b in net.biases],
                   X.copy(), Y.copy())
        if not isinstance(got, tuple) or len(got) != 2:
            raise Wrong("backprop should return two lists, (grad_W, grad_b)")
        for what, mine, theirs in (("W", got[0], g.weights), ("b", got[1], g.biases)):
            if not isinstance(mine, (list, tuple)) or len(mine) != len(theirs):
                count = len(mine) if isinstance(mine, (list, tuple)) else type(mine).__name__
                raise Wrong(f"grad_{what} should be a list of {len(theirs)} arrays, one per "
                            f"layer of the {sizes} network; got {count}")
            for l, (m, t) in enumerate(zip(mine, theirs, strict=True)):
                expect_array(m, t, f"your gradient for {what}[{l}] of the {sizes} network",
                             rtol=1e-6, atol=1e-10, against="backprop's", mistakes={
                                 "It is the batch sum: divide by the number of examples, "
                                 f"{n}.": t * n})
        passed.append(f"network {sizes}, {n} examples: every gradient matches "
                      "gradlib's backward()")
    return passed


EXERCISES = [
    Exercise("bp2_tanh", "backprop", "bp2_tanh", check_bp2_tanh),
    Exercise("backprop", "backprop", "backprop", check_backprop),
]
