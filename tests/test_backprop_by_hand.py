"""One forward pass, one backward pass and one SGD step, worked by hand.

The network: 2 inputs, 2 sigmoid hidden units, 1 sigmoid output, quadratic
cost, one example x = (1, 0) with target y = 1.  The comments give the
arithmetic with six decimals; the asserts check gradlib to 1e-12 against the
same arithmetic done with ``math`` on scalars.
"""

import math

import numpy as np
import pytest

import gradlib as gl


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


@pytest.fixture
def net():
    net = gl.Network([2, 2, 1], activation="sigmoid", output="sigmoid", cost="quadratic")
    # Row k, column j: weight from input k to hidden unit j.
    net.weights[0][:] = [[0.5, -0.5], [0.25, 0.75]]
    net.biases[0][:] = [0.0, 0.5]
    net.weights[1][:] = [[1.0], [-1.0]]
    net.biases[1][:] = [0.25]
    return net


X = np.array([[1.0, 0.0]])
Y = np.array([[1.0]])


def test_forward_pass(net):
    trace = net.trace(X)
    # z1 = x @ W0 + b0 = (1*0.5 + 0*0.25 + 0,  1*(-0.5) + 0*0.75 + 0.5) = (0.5, 0)
    np.testing.assert_allclose(trace.Z[0], [[0.5, 0.0]], rtol=0, atol=1e-15)
    # a1 = (sigma(0.5), sigma(0)) = (0.622459, 0.5)
    a1 = [sigma(0.5), 0.5]
    np.testing.assert_allclose(trace.A[1], [a1], rtol=1e-12)
    # z2 = 0.622459*1 + 0.5*(-1) + 0.25 = 0.372459;  a2 = sigma(0.372459) = 0.592053
    z2 = a1[0] - a1[1] + 0.25
    np.testing.assert_allclose(trace.Z[1], [[z2]], rtol=1e-12)
    np.testing.assert_allclose(trace.A[2], [[sigma(z2)]], rtol=1e-12)
    assert trace.A[2][0, 0] == pytest.approx(0.592053, abs=1e-6)


def test_backward_pass(net):
    g = net.backward(X, Y)
    a1 = [sigma(0.5), 0.5]
    a2 = sigma(a1[0] - a1[1] + 0.25)
    # C = 0.5 (a2 - y)^2 = 0.5 * (-0.407947)^2 = 0.083210
    assert g.cost == pytest.approx(0.5 * (a2 - 1.0) ** 2, rel=1e-12)
    assert g.cost == pytest.approx(0.083210, abs=1e-6)
    # BP1: delta2 = (a2 - y) sigma'(z2) = -0.407947 * 0.592053 * 0.407947 = -0.098530
    d2 = (a2 - 1.0) * a2 * (1.0 - a2)
    assert d2 == pytest.approx(-0.098530, abs=1e-6)
    # BP3: db1 = delta2;  BP4: dW1 = a1^T delta2 = (0.622459, 0.5) * -0.098530
    #                                           = (-0.061331, -0.049265)
    np.testing.assert_allclose(g.biases[1], [d2], rtol=1e-12)
    np.testing.assert_allclose(g.weights[1], [[a1[0] * d2], [a1[1] * d2]], rtol=1e-12)
    # BP2: delta1 = (delta2 W1^T) * sigma'(z1)
    #      = (-0.098530 * 1 * 0.622459 * 0.377541,  -0.098530 * -1 * 0.5 * 0.5)
    #      = (-0.023155, 0.024632)
    d1 = [d2 * 1.0 * a1[0] * (1 - a1[0]), d2 * -1.0 * a1[1] * (1 - a1[1])]
    np.testing.assert_allclose(g.deltas[0], [d1], rtol=1e-12)
    assert d1 == pytest.approx([-0.023155, 0.024632], abs=1e-6)
    # db0 = delta1; dW0 = x^T delta1: the row of input 1 is delta1, that of input 2 (x=0) is 0
    np.testing.assert_allclose(g.biases[0], d1, rtol=1e-12)
    np.testing.assert_allclose(g.weights[0], [d1, [0.0, 0.0]], rtol=1e-12, atol=0)


def test_one_sgd_step(net):
    before = [p.copy() for p in net.parameters()]
    g = gl.SGD(net, learning_rate=0.5).step(X, Y)
    # Every parameter moves by -eta times its gradient: w <- w - 0.5 dC/dw.
    grads = [q for pair in zip(g.weights, g.biases, strict=True) for q in pair]
    for p0, p1, q in zip(before, net.parameters(), grads, strict=True):
        np.testing.assert_allclose(p1, p0 - 0.5 * q, rtol=1e-12)
    # The output weight from hidden unit 1: 1.0 - 0.5 * (-0.061331) = 1.030665
    assert net.weights[1][0, 0] == pytest.approx(1.030665, abs=1e-6)
    # and the step lowered the cost on this example.
    assert net.cost_of(X, Y) < g.cost
