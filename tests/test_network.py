"""Network construction, the forward pass, dtypes and numerical stability."""

import warnings

import numpy as np
import pytest

import gradlib as gl


def test_shapes_follow_the_design():
    net = gl.Network([64, 30, 30, 10])
    assert [W.shape for W in net.weights] == [(64, 30), (30, 30), (30, 10)]
    assert [b.shape for b in net.biases] == [(30,), (30,), (10,)]
    assert net.forward(np.zeros((5, 64))).shape == (5, 10)
    assert net.n_parameters == 64 * 30 + 30 + 30 * 30 + 30 + 30 * 10 + 10


@pytest.mark.parametrize("init", list(gl.INITIALIZERS))
def test_initializer_scales(init):
    n_in, n_out = 400, 300
    net = gl.Network([n_in, n_out], init=init, seed=0)
    W, b = net.weights[0], net.biases[0]
    expected_std = {
        "normal": 1.0,
        "scaled_normal": 1 / np.sqrt(n_in),
        "glorot_standard": 1 / np.sqrt(n_in) / np.sqrt(3),   # U[-r, r] has std r/sqrt(3)
        "lecun": 1 / np.sqrt(n_in),
        "xavier": np.sqrt(6 / (n_in + n_out)) / np.sqrt(3),
        "he": np.sqrt(2 / n_in),
        "orthogonal": 1 / np.sqrt(max(n_in, n_out)),     # unit-length columns or rows
    }[init]
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.01 * max(expected_std, 0.1)
    if init in ("normal", "scaled_normal"):
        assert b.std() == pytest.approx(1.0, rel=0.2)
    else:
        assert not b.any()
    if init in ("glorot_standard", "xavier"):
        r = {"glorot_standard": 1 / np.sqrt(n_in), "xavier": np.sqrt(6 / (n_in + n_out))}[init]
        assert np.abs(W).max() <= r


def test_same_seed_same_weights_and_generator_accepted():
    a = gl.Network([5, 4, 3], seed=7)
    b = gl.Network([5, 4, 3], seed=np.random.default_rng(7))
    c = gl.Network([5, 4, 3], seed=8)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_float32_end_to_end():
    net = gl.Network([6, 5, 3], output="softmax", init="xavier", dtype=np.float32)
    X = np.random.default_rng(0).random((8, 6))          # float64 input
    Y = gl.one_hot(np.arange(8) % 3, 3)                  # float64 targets
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert net.forward(X).dtype == np.float32
    g = net.backward(X, Y)
    assert all(q.dtype == np.float32 for q in g.weights + g.biases + g.deltas)
    gl.train(net, X, Y, epochs=2, batch_size=4, momentum=0.9, l2=0.1, clip_norm=1.0)
    assert all(p.dtype == np.float32 for p in net.parameters())


def test_softmax_rows_sum_to_one_and_are_stable():
    net = gl.Network([2, 3], output="softmax", cost="cross_entropy")
    net.weights[0][:] = [[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]
    net.biases[0][:] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = net.forward(np.array([[1.0, 0.0], [-1.0, 0.0]]))
        g = net.backward(np.array([[1.0, 0.0]]), np.array([[0.0, 0.0, 1.0]]))
    np.testing.assert_allclose(A.sum(axis=1), 1.0)
    assert np.isfinite(g.cost) and g.cost == pytest.approx(2000.0, rel=1e-6)


@pytest.mark.parametrize("activation", list(gl.ACTIVATIONS))
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_no_overflow_or_log_zero_for_huge_inputs(activation, output):
    net = gl.Network([3, 4, 2], activation=activation, output=output, init="normal")
    X = np.array([[1e4, -1e4, 5e3], [-800.0, 800.0, 0.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = net.backward(X, Y)
    assert np.isfinite(g.cost)
    assert all(np.all(np.isfinite(q)) for q in g.weights + g.biases)


def test_sigmoid_derivative_peaks_at_one_quarter():
    z = np.linspace(-10, 10, 2001)[None, :]
    act = gl.ACTIVATIONS["sigmoid"]
    a = act.forward(z)
    np.testing.assert_allclose(a, 1 / (1 + np.exp(-z)), rtol=1e-12)
    d = act.derivative(z, a)
    assert d.max() == pytest.approx(0.25) and d.argmax() == 1000


def test_copy_is_independent():
    net = gl.Network([3, 2])
    twin = net.copy()
    twin.weights[0] += 1.0
    assert not np.array_equal(net.weights[0], twin.weights[0])


def test_accuracy_accepts_labels_or_one_hot():
    net = gl.Network([2, 2], output="softmax", cost="cross_entropy")
    net.weights[0][:] = np.eye(2)
    net.biases[0][:] = 0
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    assert net.accuracy(X, [0, 1, 1]) == pytest.approx(2 / 3)
    assert net.accuracy(X, gl.one_hot(np.array([0, 1, 1]), 2)) == pytest.approx(2 / 3)
