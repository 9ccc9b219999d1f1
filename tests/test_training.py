"""Mini-batch SGD on the bundled digits: it learns, reproducibly, and stops loudly."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture(scope="module")
def digits():
    return gl.load_digits()


def test_digits_loader(digits):
    d = digits
    assert d.X_train.shape == (1347, 64) and d.X_test.shape == (450, 64)
    assert d.Y_train.shape == (1347, 10) and d.Y_test.shape == (450, 10)
    assert d.X_train.min() == 0.0 and d.X_train.max() == 1.0
    np.testing.assert_array_equal(d.Y_train.argmax(1), d.y_train)
    np.testing.assert_array_equal(d.Y_train.sum(1), 1.0)
    again = gl.load_digits()
    np.testing.assert_array_equal(again.X_test, d.X_test)
    other = gl.load_digits(seed=1)
    assert not np.array_equal(other.y_test, d.y_test)
    assert gl.load_digits(dtype=np.float32).X_train.dtype == np.float32


def test_training_learns_the_digits(digits):
    d = digits
    net = gl.Network([64, 30, 10], output="softmax", init="scaled_normal", seed=0)
    h = gl.train(net, d.X_train, d.Y_train, epochs=15, learning_rate=0.1, batch_size=10,
                 eval_data=(d.X_test, d.Y_test))
    assert h.epoch == list(range(16))
    assert h.cost[-1] < 0.2 * h.cost[0]
    assert h.accuracy[-1] >= 0.90
    assert h.accuracy[-1] == pytest.approx(net.accuracy(d.X_test, d.y_test))
    assert h.bias_grad_norms.shape == (16, 2) and h.weight_grad_norms.shape == (16, 2)


def test_same_seed_identical_weights_after_training(digits):
    d = digits
    nets = []
    for _ in range(2):
        net = gl.Network([64, 20, 10], seed=3)
        gl.train(net, d.X_train[:300], d.Y_train[:300], epochs=2, momentum=0.5, seed=11)
        nets.append(net)
    for p, q in zip(nets[0].parameters(), nets[1].parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    net = gl.Network([64, 20, 10], seed=3)
    gl.train(net, d.X_train[:300], d.Y_train[:300], epochs=2, momentum=0.5, seed=12)
    assert not np.array_equal(net.weights[0], nets[0].weights[0])


def test_history_records_gradient_norms_on_the_probe(digits):
    d = digits
    net = gl.Network([64, 30, 30, 10], init="scaled_normal", seed=0)
    probe = net.copy().backward(d.X_train[:100], d.Y_train[:100])
    h = gl.train(net, d.X_train, d.Y_train, epochs=1, probe_size=100)
    np.testing.assert_allclose(h.bias_grad_norms[0], [np.linalg.norm(b) for b in probe.biases])
    np.testing.assert_allclose(h.weight_grad_norms[0],
                               [np.linalg.norm(W) for W in probe.weights])


def test_observe_sees_chosen_steps(digits):
    d = digits
    seen = []
    net = gl.Network([64, 10, 10], seed=0)
    gl.train(net, d.X_train[:100], d.Y_train[:100], epochs=2, batch_size=10,
             observe=lambda epoch, batch, g: seen.append((epoch, batch, g.cost)),
             observe_every=4)
    # 10 steps per epoch; steps 0, 4, 8, 12, 16 are observed.
    assert [(e, b) for e, b, _ in seen] == [(1, 0), (1, 4), (1, 8), (2, 2), (2, 6)]


def test_divergence_names_epoch_and_batch(digits):
    d = digits
    net = gl.Network([64, 30, 10], activation="relu", output="identity", cost="quadratic",
                     init="he", seed=0)
    message = r"diverged at epoch \d+, batch \d+: the cost is (inf|nan)"
    with pytest.raises(gl.DivergenceError, match=message):
        gl.train(net, d.X_train, d.Y_train, epochs=3, learning_rate=5.0)


def test_momentum_and_l2():
    rng = np.random.default_rng(0)
    X = rng.random((50, 4))
    Y = gl.one_hot(rng.integers(0, 2, 50), 2)
    plain, heavy = gl.Network([4, 3, 2], seed=0), gl.Network([4, 3, 2], seed=0)
    gl.train(plain, X, Y, epochs=3)
    gl.train(heavy, X, Y, epochs=3, l2=50.0)
    assert np.linalg.norm(heavy.weights[0]) < np.linalg.norm(plain.weights[0])
    # One momentum step from zero velocity equals a plain step; later ones differ.
    a, b = gl.Network([4, 3, 2], seed=1), gl.Network([4, 3, 2], seed=1)
    opt_a, opt_b = gl.SGD(a, 0.1), gl.SGD(b, 0.1, momentum=0.9)
    opt_a.step(X, Y), opt_b.step(X, Y)
    np.testing.assert_allclose(a.weights[0], b.weights[0])
    opt_a.step(X, Y), opt_b.step(X, Y)
    assert not np.allclose(a.weights[0], b.weights[0])


def test_clipping_bounds_every_update():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(20, 5)) * 50, rng.normal(size=(20, 2)) * 50
    net = gl.Network([5, 8, 2], activation="relu", output="identity", cost="quadratic",
                     init="normal", seed=0)
    opt = gl.SGD(net, learning_rate=0.01, clip_norm=1.0)
    before = [p.copy() for p in net.parameters()]
    opt.step(X, Y)
    step = np.sqrt(sum(np.sum((p - q) ** 2) for p, q in zip(net.parameters(), before,
                                                              strict=True)))
    assert step == pytest.approx(0.01 * 1.0)
    assert opt.n_clipped == 1


def test_l2_needs_training_size():
    with pytest.raises(ValueError, match="n_train"):
        gl.SGD(gl.Network([2, 2]), l2=1.0)
