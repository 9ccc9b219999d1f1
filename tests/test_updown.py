"""Hinton, Osindero and Teh's deep belief net: the label memory, the up-down update, generation.

Each computation is replayed independently: free energies by summing the
energy over every hidden state, the up-down update by enumerating every
random draw of a tiny net and weighting the paper's update (appendix B) by
its probability.
"""

import itertools

import numpy as np
import pytest

import gradlib as gl


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def bits(n):
    return [np.array(s, dtype=float) for s in itertools.product([0, 1], repeat=n)]


def bernoulli_probability(state, p):
    return float(np.prod(np.where(state == 1, p, 1 - p)))


def random_memory(n_code=3, n_labels=3, n_hidden=2, seed=0):
    rng = np.random.default_rng(seed)
    mem = gl.AssociativeMemory(n_code, n_labels, n_hidden, seed=seed)
    mem.rbm.W[...] = rng.normal(size=mem.rbm.W.shape)
    mem.rbm.b_visible[...] = rng.normal(size=mem.rbm.b_visible.shape)
    mem.rbm.b_hidden[...] = rng.normal(size=mem.rbm.b_hidden.shape)
    return mem


# -- the free-energy classifier ----------------------------------------------------------


def test_free_energy_classifier_by_hand():
    # One code unit, two labels, one top unit:
    #   W = [[1], [2], [-1]] (code, label 0, label 1), b_visible = [0, 0.5, 0], b_hidden = [0].
    # For c = 1: label 0 gives F = -0.5 - ln(1 + e^{1 + 2}) = -0.5 - ln(1 + e^3) = -3.5486;
    #            label 1 gives F = -0   - ln(1 + e^{1 - 1}) = -ln 2              = -0.6931.
    # p(label 0 | c) = 1 / (1 + e^{F_0 - F_1}) = 1 / (1 + e^{-2.8555}) = 0.9456.
    mem = gl.AssociativeMemory(1, 2, 1, seed=0)
    mem.rbm.W[...] = [[1.0], [2.0], [-1.0]]
    mem.rbm.b_visible[...] = [0.0, 0.5, 0.0]
    mem.rbm.b_hidden[...] = [0.0]
    F = mem.free_energies([[1.0]])
    np.testing.assert_allclose(F, [[-0.5 - np.log1p(np.e**3), -np.log(2)]], rtol=1e-12)
    np.testing.assert_allclose(mem.label_probabilities([[1.0]])[0, 0], 0.9456, atol=1e-4)


def test_label_probabilities_sum_the_energy_over_every_hidden_state():
    mem = random_memory()
    rbm = mem.rbm
    C = np.array([[1, 0, 1], [0.2, 0.9, 0.5]])
    expected = np.zeros((2, 3))
    for i, c in enumerate(C):
        for y in range(3):
            v = np.concatenate([c, np.eye(3)[y]])
            # p(c, y) is proportional to the sum over h of e^{-E(v, h)}.
            expected[i, y] = sum(np.exp(v @ rbm.W @ h + rbm.b_visible @ v + rbm.b_hidden @ h)
                                 for h in bits(2))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(mem.label_probabilities(C), expected, rtol=1e-10)


def test_classification_uses_the_deterministic_up_pass():
    d = gl.load_digits()
    net = gl.UpDownDBN([64, 16, 16, 32], seed=0).pretrain(d.X_train[:200], d.Y_train[:200],
                                                           epochs=1)
    A = d.X_test[:5]
    for W, b in zip(net.recognition_W, net.recognition_b, strict=True):
        A = sigmoid(A @ W + b)
    np.testing.assert_allclose(net.code(d.X_test[:5]), A, rtol=1e-12)
    np.testing.assert_allclose(net.predict_proba(d.X_test[:5]),
                               net.memory.label_probabilities(A), rtol=1e-12)


# -- the up-down update ---------------------------------------------------------------


def tiny_net(seed=0):
    """sizes [2, 2, 2, 2] with 2 labels, every parameter random: nothing is symmetric."""
    net = gl.UpDownDBN([2, 2, 2, 2], n_labels=2, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for p in net.parameters():
        p[...] = rng.normal(size=p.shape)
    return net


def expected_update(net, x, y):
    """The mean of the paper's update over every random draw, for one example and k = 1.

    Names follow the pseudo-code of the paper's appendix B: vis <- hid <- pen <-> top + lab.
    """
    vishid, hidpen = net.recognition_W
    hidrecbiases, penrecbiases = net.recognition_b
    hidvis, penhid = net.generative_W
    visgenbiases, hidgenbiases = net.generative_b
    W = net.memory.rbm.W
    pentop, labtop = W[:2], W[2:]
    pengenbiases, labgenbiases = net.memory.rbm.b_visible[:2], net.memory.rbm.b_visible[2:]
    topbiases = net.memory.rbm.b_hidden
    total = None
    for wakehid, wakepen, waketop, negpen, negtop, sleephid in itertools.product(
            bits(2), bits(2), bits(2), bits(2), bits(2), bits(2)):
        p = bernoulli_probability(wakehid, sigmoid(x @ vishid + hidrecbiases))
        p *= bernoulli_probability(wakepen, sigmoid(wakehid @ hidpen + penrecbiases))
        p *= bernoulli_probability(waketop, sigmoid(wakepen @ pentop + y @ labtop + topbiases))
        p *= bernoulli_probability(negpen, sigmoid(waketop @ pentop.T + pengenbiases))
        neglab = softmax(waketop @ labtop.T + labgenbiases)
        p *= bernoulli_probability(negtop, sigmoid(negpen @ pentop + neglab @ labtop + topbiases))
        p *= bernoulli_probability(sleephid, sigmoid(negpen @ penhid + hidgenbiases))
        if p == 0:
            continue
        sleepvis = sigmoid(sleephid @ hidvis + visgenbiases)
        psleeppen = sigmoid(sleephid @ hidpen + penrecbiases)
        psleephid = sigmoid(sleepvis @ vishid + hidrecbiases)
        pvis = sigmoid(wakehid @ hidvis + visgenbiases)
        phid = sigmoid(wakepen @ penhid + hidgenbiases)
        update = [
            np.outer(sleepvis, sleephid - psleephid), np.outer(sleephid, negpen - psleeppen),
            sleephid - psleephid, negpen - psleeppen,
            np.outer(wakehid, x - pvis), np.outer(wakepen, wakehid - phid),
            x - pvis, wakehid - phid,
            np.vstack([np.outer(wakepen, waketop) - np.outer(negpen, negtop),
                       np.outer(y, waketop) - np.outer(neglab, negtop)]),
            np.concatenate([wakepen - negpen, y - neglab]),
            waketop - negtop,
        ]
        flat = p * np.concatenate([u.ravel() for u in update])
        total = flat if total is None else total + flat
    return total


def test_updown_update_matches_the_expectation_over_every_random_draw():
    net = tiny_net()
    x, y = np.array([0.9, 0.2]), np.array([0.0, 1.0])
    exact = expected_update(net, x, y)
    n = 60_000
    # One batch of n copies of the example: the batch mean is an average of n independent draws.
    estimate = net.updown_update(np.tile(x, (n, 1)), np.tile(y, (n, 1)), k=1, rng=0).flat()
    assert estimate.shape == exact.shape
    # Every entry of one draw lies in [-1, 1], so the standard error is below 1/sqrt(n) = 0.004.
    np.testing.assert_allclose(estimate, exact, atol=0.02)
    # The test can tell: the update is far from zero.
    assert np.max(np.abs(exact)) > 0.1


def test_fit_updown_adds_the_learning_rate_times_the_update():
    net = tiny_net()
    X, Y = np.array([[0.9, 0.2], [0.1, 0.5]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    before = [p.copy() for p in net.parameters()]
    twin = tiny_net()
    # With one batch holding both examples, fit's shuffle only reorders the rows.
    net.fit_updown(X, Y, epochs=1, learning_rate=0.1, batch_size=2, k=2,
                   seed=np.random.default_rng(5))
    rng = np.random.default_rng(5)
    order = rng.permutation(2)
    update = twin.updown_update(X[order], Y[order], k=2, rng=rng)
    moved = np.concatenate([(p - b).ravel() for p, b in zip(net.parameters(), before,
                                                            strict=True)])
    np.testing.assert_allclose(moved, 0.1 * update.flat(), rtol=1e-10, atol=1e-14)


def test_pretraining_unties_the_directed_layers():
    d = gl.load_digits()
    net = gl.UpDownDBN([64, 16, 16, 32], seed=0).pretrain(d.X_train[:300], d.Y_train[:300],
                                                           epochs=2)
    for R, G, rbm in zip(net.recognition_W, net.generative_W, net.stack.layers, strict=True):
        np.testing.assert_array_equal(R, rbm.W)
        np.testing.assert_array_equal(G, rbm.W.T)
        assert not np.shares_memory(R, G)
    net.fit_updown(d.X_train[:300], d.Y_train[:300], epochs=1, learning_rate=0.05)
    assert not np.allclose(net.generative_W[0], net.recognition_W[0].T)


# -- generation -----------------------------------------------------------------------


def bar_data(n, rng):
    """4x4 images of one of four bars (two rows, two columns), with 5% pixel noise."""
    prototypes = np.zeros((4, 4, 4))
    prototypes[0, 0, :] = prototypes[1, 3, :] = prototypes[2, :, 0] = prototypes[3, :, 3] = 1
    prototypes = prototypes.reshape(4, 16)
    labels = rng.integers(0, 4, n)
    X = np.abs(prototypes[labels] - (rng.random((n, 16)) < 0.05))
    return X, gl.one_hot(labels, 4), prototypes


def test_generated_images_show_the_clamped_label_more_often_than_chance():
    rng = np.random.default_rng(0)
    X, Y, prototypes = bar_data(400, rng)
    net = gl.UpDownDBN([16, 12, 12, 24], n_labels=4, seed=0)
    net.pretrain(X, Y, epochs=20, batch_size=20)
    net.fit_updown(X, Y, epochs=10, learning_rate=0.05, batch_size=20)
    hits = 0
    for label in range(4):
        images = net.generate(label, n_samples=25, n_gibbs=200, seed=label)
        # The judge: the nearest of the four noise-free bars.
        nearest = np.argmin(((images[:, None, :] - prototypes) ** 2).sum(-1), axis=1)
        hits += np.sum(nearest == label)
    assert hits / 100 > 0.6        # chance is 0.25


def test_dream_records_the_requested_steps():
    net = tiny_net()
    out = net.dream(1, n_samples=3, n_gibbs=5, record=[0, 2], seed=0)
    assert sorted(out) == [0, 2, 5]
    assert all(v.shape == (3, 2) for v in out.values())


def test_to_network_starts_from_the_recognition_weights_and_the_memory():
    net = tiny_net()
    mlp = net.to_network(seed=0)
    assert mlp.sizes == [2, 2, 2, 2, 2]
    np.testing.assert_array_equal(mlp.weights[0], net.recognition_W[0])
    np.testing.assert_array_equal(mlp.weights[2], net.memory.rbm.W[:2])
    np.testing.assert_array_equal(mlp.biases[2], net.memory.rbm.b_hidden)


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("call, message", [
    (lambda net: net.updown_update(np.zeros((2, 3)), np.eye(2)), "3 features"),
    (lambda net: net.updown_update(np.zeros((2, 2)), np.ones((2, 2))), "one-hot"),
    (lambda net: net.updown_update(np.full((2, 2), 1.5), np.eye(2)), r"\[0, 1\]"),
    (lambda net: net.updown_update(np.zeros((3, 2)), np.eye(2)), "3 samples"),
    (lambda net: net.generate(2), "label must be an int in"),
    (lambda net: net.memory.free_energies(np.zeros((1, 5))), "5 code units"),
    (lambda net: net.fit_updown(np.zeros((2, 2)), np.eye(2), learning_rate=-1),
     "learning_rate"),
])
def test_bad_input_says_what_was_expected(call, message):
    with pytest.raises(ValueError, match=message):
        call(tiny_net())


def test_sizes_need_a_code_and_a_top_layer():
    with pytest.raises(ValueError, match="at least 3"):
        gl.UpDownDBN([64, 10])


def test_float32_stays_float32():
    d = gl.load_digits(dtype=np.float32)
    net = gl.UpDownDBN([64, 16, 16, 32], seed=0, dtype=np.float32)
    net.pretrain(d.X_train[:200], d.Y_train[:200], epochs=1)
    net.fit_updown(d.X_train[:200], d.Y_train[:200], epochs=1)
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert net.predict_proba(d.X_test[:3]).dtype == np.float32
    assert net.generate(3, n_samples=2, n_gibbs=3).dtype == np.float32
