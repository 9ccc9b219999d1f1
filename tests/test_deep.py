"""Batch normalisation and residual connections: gradients, modes and training."""

import itertools

import numpy as np
import pytest

import gradlib as gl

SIZES = [4, 5, 5, 5, 3]


def _data(n=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, SIZES[0])), gl.one_hot(rng.integers(0, 3, n), 3)


CASES = [c for c in itertools.product(["sigmoid", "tanh", "relu", "identity"],
                                      [False, True], [False, True])
         # Linear units before a batch-normalised layer: see the test below.
         if c[:2] != ("identity", True)]


@pytest.mark.parametrize(("activation", "batch_norm", "residual"), CASES)
def test_gradients_match_finite_differences(activation, batch_norm, residual):
    net = gl.DeepNetwork(SIZES, activation=activation, output="softmax", init="xavier",
                         batch_norm=batch_norm, residual=residual, seed=2)
    # Non-trivial scales, so a wrong gamma gradient cannot hide behind gamma = 1.
    for g in net.gammas.values():
        g[:] = np.linspace(0.5, 1.5, g.size)
    check = gl.gradient_check(net, *_data())
    assert check.max_error < 1e-7, check
    assert len(check.others) == (3 if batch_norm else 0)


def test_shift_before_batch_norm_has_no_gradient():
    # With linear units, the next layer's normalisation removes any constant
    # shift, so those biases have zero gradient: both ways of computing it
    # agree to rounding, where a relative error would be meaningless.
    net = gl.DeepNetwork(SIZES, activation="identity", output="softmax", init="xavier",
                         batch_norm=True, seed=2)
    X, Y = _data()
    analytic = net.backward(X, Y).biases
    numeric = gl.numerical_gradient(net, X, Y)[1]
    for l in range(net.n_layers - 2):
        assert np.abs(analytic[l]).max() < 1e-12 and np.abs(numeric[l]).max() < 1e-9
    check = gl.gradient_check(net, X, Y)
    assert max(check.weights + check.others + check.biases[-2:]) < 1e-7


def test_with_both_off_it_is_a_plain_network():
    plain = gl.Network(SIZES, activation="tanh", output="softmax", init="xavier", seed=4)
    deep = gl.DeepNetwork(SIZES, activation="tanh", output="softmax", init="xavier", seed=4)
    X, Y = _data()
    np.testing.assert_allclose(deep.forward(X), plain.forward(X), rtol=1e-13)
    a, b = plain.backward(X, Y), deep.backward(X, Y)
    assert a.cost == pytest.approx(b.cost, rel=1e-13)
    for p, q in zip(a.weights + a.biases + a.deltas, b.weights + b.biases + b.deltas,
                    strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-14)


def test_residual_layers_are_the_equal_width_hidden_ones():
    net = gl.DeepNetwork([4, 5, 5, 6, 6, 3], residual=True)
    assert net.residual_layers == [1, 3]
    X = np.random.default_rng(0).random((3, 4))
    t = net.trace(X)
    np.testing.assert_allclose(t.A[2], t.A[1] + t.H[1])
    np.testing.assert_allclose(t.A[3], t.H[2])


def test_batch_norm_normalises_in_training_and_uses_running_stats_at_inference():
    net = gl.DeepNetwork([4, 8, 8, 3], activation="relu", output="softmax", init="he",
                         batch_norm=True, seed=0)
    rng = np.random.default_rng(1)
    X = rng.normal(3.0, 2.0, size=(64, 4))
    t = net.trace(X, training=True)
    for l in net.bn_layers:
        np.testing.assert_allclose(t.Zhat[l].mean(axis=0), 0.0, atol=1e-12)
        np.testing.assert_allclose(t.Zhat[l].std(axis=0), 1.0, rtol=1e-3)
    # Many steps on the same batch: the running statistics converge to the batch's.
    opt = gl.SGD(net, learning_rate=1e-12)
    Y = gl.one_hot(rng.integers(0, 3, 64), 3)
    for _ in range(300):
        opt.step(X, Y)
    t = net.trace(X, training=True)
    for l in net.bn_layers:
        # The running variance is the unbiased one, n / (n - 1) times the batch's
        # (Ioffe and Szegedy's Algorithm 2, and PyTorch).
        np.testing.assert_allclose(net.running_mean[l], t.S[l].mean(axis=0), rtol=1e-3)
        np.testing.assert_allclose(net.running_var[l], t.S[l].var(axis=0, ddof=1), rtol=1e-3)
    # With the biased variance in its place, inference reproduces training.
    for l in net.bn_layers:
        net.running_var[l] *= 63 / 64
    np.testing.assert_allclose(net.forward(X), t.A[-1], rtol=1e-3, atol=1e-4)


def test_float32_preserved():
    net = gl.DeepNetwork(SIZES, activation="relu", output="softmax", init="he",
                         batch_norm=True, residual=True, dtype=np.float32)
    X, Y = _data()
    g = net.backward(X, Y)
    assert all(q.dtype == np.float32 for q in g.weights + g.biases + list(g.gammas.values()))
    gl.train(net, X, Y, epochs=2, batch_size=3, momentum=0.9)
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert all(v.dtype == np.float32 for v in net.running_var.values())


def test_deep_relu_batch_norm_network_learns_digits():
    d = gl.load_digits()
    net = gl.DeepNetwork([64] + [30] * 10 + [10], activation="relu", output="softmax",
                         init="he", batch_norm=True, residual=True, seed=0)
    h = gl.train(net, d.X_train, d.Y_train, epochs=5, learning_rate=0.05, batch_size=20,
                 eval_data=(d.X_test, d.Y_test))
    assert h.accuracy[-1] > 0.9


def test_trace_in_training_mode_is_what_backward_sees():
    net = gl.DeepNetwork([4, 8, 8, 3], activation="relu", output="softmax", init="he",
                         batch_norm=True, seed=0)
    X = np.random.default_rng(1).normal(3.0, 2.0, size=(64, 4))
    t = net.trace(X, training=True)
    np.testing.assert_allclose(t.A[1].std(axis=0), net.trace(X, training=True).A[1].std(0))
    np.testing.assert_allclose(t.Zhat[1].mean(axis=0), 0.0, atol=1e-12)
    # Inference mode at initialisation: running mean 0, variance 1, i.e. no normalisation.
    np.testing.assert_allclose(net.trace(X).Z[0], X @ net.weights[0] / np.sqrt(1 + net.eps))
