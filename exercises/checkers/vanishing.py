"""Checkers of the exercises of "The vanishing gradient"."""

import numpy as np

import gradlib as gl

from ..checking import Exercise, Wrong, call, expect_array

#: The deep network of the exercise initialise and how the checker trains it.
DEEP_SIZES = [64] + [30] * 9 + [10]
EPOCHS, LEARNING_RATE, BATCH_SIZE, N_TRAIN = 15, 0.5, 10, 1000
#: Accuracy on the held-out part of the training set needed to pass.
TARGET = 0.5


def _chain(w, b):
    net = gl.Network([1] * (len(w) + 1), output="sigmoid", cost="quadratic", seed=0)
    for l in range(len(w)):
        net.weights[l][0, 0] = w[l]
        net.biases[l][0] = b[l]
    return net


def check_chain_gradient(chain_gradient):
    passed = []
    rng = np.random.default_rng(5)
    for n_neurons in (1, 4, 8):
        w = rng.normal(0, 1, n_neurons)
        b = rng.normal(0, 1, n_neurons)
        x, y = 0.8, 0.1
        g = _chain(w, b).backward(np.array([[x]]), np.array([[y]]))
        expected = np.array([gb[0] for gb in g.biases])
        got = call(chain_gradient, w.copy(), b.copy(), x, y)
        expect_array(got, expected, f"your dC/db for a chain of {n_neurons}",
                     against="backprop's", mistakes={
                         "Those are in reverse order: entry 0 is the first neuron, "
                         "nearest the input.": expected[::-1]})
        passed.append(f"a chain of {n_neurons}: dC/db_1 = {expected[0]:.3e}")
    return passed


def _deep_net():
    return gl.Network(DEEP_SIZES, activation="sigmoid", output="sigmoid", init="normal", seed=0)


def check_initialise(initialise):
    digits = gl.load_digits()
    X, Y = digits.X_train[:N_TRAIN], digits.Y_train[:N_TRAIN]
    X_held, y_held = digits.X_train[N_TRAIN:], digits.y_train[N_TRAIN:]
    net = _deep_net()
    shapes = [(W.shape, b.shape) for W, b in zip(net.weights, net.biases, strict=True)]
    before = [W.copy() for W in net.weights]
    result = call(initialise, net, np.random.default_rng(0))
    if result is not None and result is not net:
        raise Wrong("initialise should change net.weights and net.biases in place "
                    f"and return nothing; it returned a {type(result).__name__}")
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        if (W.shape, b.shape) != shapes[l]:
            raise Wrong(f"layer {l}: weights {W.shape} and biases {b.shape}, expected "
                        f"{shapes[l][0]} and {shapes[l][1]}: change the entries, not the shapes")
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise Wrong(f"layer {l} starts with nan or inf")
    if all(np.array_equal(W, B) for W, B in zip(net.weights, before, strict=True)):
        raise Wrong("initialise left every weight as it was: set net.weights[l][...] "
                    "and net.biases[l][...]")
    g = net.backward(X[:200], Y[:200])
    ratio = np.linalg.norm(g.biases[0]) / np.linalg.norm(g.biases[-2])
    try:
        gl.train(net, X, Y, epochs=EPOCHS, learning_rate=LEARNING_RATE, batch_size=BATCH_SIZE,
                 seed=0)
    except gl.DivergenceError as exc:
        raise Wrong(f"training your network diverged ({exc}); {ratio:.1e} is the ratio of "
                    "the first hidden layer's gradient to the last's at the start") from None
    accuracy = net.accuracy(X_held, y_held)
    at_start = (f"at the start the first hidden layer's gradient ||dC/db|| is {ratio:.1e} "
                "times the last hidden layer's")
    if accuracy < TARGET:
        hint = (" (the gradient vanishes on its way down: aim for a factor |w sigma'(z)| "
                "near 1 per layer, and z near 0 where sigma' is largest)" if ratio < 1e-2
                else "")
        raise Wrong(f"after {EPOCHS} epochs of SGD (learning rate {LEARNING_RATE}, batches "
                    f"of {BATCH_SIZE}) your 10-layer sigmoid network classifies "
                    f"{accuracy:.1%} of the held-out digits correctly, below the "
                    f"{TARGET:.0%} needed (chance is 10%); {at_start}{hint}")
    return [at_start, f"after {EPOCHS} epochs: {accuracy:.1%} of the held-out digits right"]


EXERCISES = [
    Exercise("chain_gradient", "vanishing", "chain_gradient", check_chain_gradient),
    Exercise("initialise", "vanishing", "initialise", check_initialise),
]
