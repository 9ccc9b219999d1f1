"""Backprop agrees with central finite differences for every configuration."""

import itertools

import numpy as np
import pytest

import gradlib as gl

COMBOS = [
    (act, out, cost, init)
    for act, out, cost, init in itertools.product(gl.ACTIVATIONS, gl.OUTPUTS, gl.COSTS,
                                                  gl.INITIALIZERS)
    if not (cost == "cross_entropy" and out == "identity")
]


def _data(net, n=6, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, net.sizes[0]))
    labels = rng.integers(0, net.sizes[-1], n)
    Y = gl.one_hot(labels, net.sizes[-1])
    if net.output.name == "sigmoid":
        # Targets strictly inside (0, 1) exercise the full binary cross-entropy.
        Y = 0.1 + 0.8 * Y
    return X, Y


@pytest.mark.parametrize(("activation", "output", "cost", "init"), COMBOS)
def test_backprop_matches_finite_differences(activation, output, cost, init):
    net = gl.Network([4, 5, 3, 3], activation=activation, output=output, cost=cost,
                     init=init, seed=1)
    X, Y = _data(net)
    # A ReLU pre-activation at its kink (exactly 0 when every unit below is off and
    # the biases are zero) has no derivative: take data that keeps clear of it.
    seed = 3
    while activation in ("relu", "leaky_relu") and min(
            np.abs(Z).min() for Z in net.trace(X).Z[:-1]) < 1e-4:
        seed += 1
        X, Y = _data(net, seed=seed)
    check = gl.gradient_check(net, X, Y)
    assert check.max_error < 1e-7, check


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    net = gl.Network([3, 4, 2], seed=0)
    X, Y = _data(net)
    assert gl.gradient_check(net, X, Y).passed()
    # Break BP2 by dropping the derivative of the activation: the check must fail.
    monkeypatch.setattr(type(net.activation), "backprop", lambda self, Z, A, G: G)
    assert not gl.gradient_check(net, X, Y).passed()


def test_gradient_check_of_float32_network_uses_float64_copy():
    net = gl.Network([3, 4, 2], dtype=np.float32, seed=0)
    X, Y = _data(net)
    check = gl.gradient_check(net, X, Y)
    assert check.passed()
    assert net.weights[0].dtype == np.float32


def test_numerical_gradient_restores_parameters():
    net = gl.Network([3, 4, 2], seed=0)
    before = [p.copy() for p in net.parameters()]
    gl.numerical_gradient(net, *_data(net))
    for p0, p1 in zip(before, net.parameters(), strict=True):
        np.testing.assert_array_equal(p0, p1)


def test_numerical_gradient_of_non_contiguous_weights():
    # A transposed view is not C-contiguous: nudging a flattened copy of it
    # would leave the cost unchanged and give a zero gradient.
    net = gl.Network([3, 4, 2], seed=0)
    net.weights[0] = np.asfortranarray(net.weights[0])
    assert not net.weights[0].flags.c_contiguous
    X, Y = _data(net)
    numeric_W, _ = gl.numerical_gradient(net, X, Y)
    np.testing.assert_allclose(numeric_W[0], net.backward(X, Y).weights[0], rtol=1e-6, atol=1e-9)
    assert np.abs(numeric_W[0]).max() > 0


def test_bias_gradient_is_mean_delta_and_weight_gradient_is_outer_product():
    net = gl.Network([3, 4, 2], activation="tanh", seed=2)
    X, Y = _data(net, n=7)
    g = net.backward(X, Y)
    trace = net.trace(X)
    for l in range(net.n_layers):
        np.testing.assert_allclose(g.biases[l], g.deltas[l].mean(axis=0))
        np.testing.assert_allclose(g.weights[l], trace.A[l].T @ g.deltas[l] / len(X))


def test_cross_entropy_delta_has_no_sigma_prime():
    # With a saturated wrong output, quadratic delta is tiny, cross-entropy delta is not.
    X, Y = np.array([[1.0]]), np.array([[0.0]])
    deltas = {}
    for cost in ("quadratic", "cross_entropy"):
        net = gl.Network([1, 1], cost=cost)
        net.weights[0][:] = 10.0
        net.biases[0][:] = 0.0
        deltas[cost] = abs(net.backward(X, Y).deltas[-1][0, 0])
    assert deltas["cross_entropy"] > 0.99
    assert deltas["quadratic"] < 1e-4
