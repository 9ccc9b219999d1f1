"""Greedy layer-wise stacks: each layer trains on the one below, and the hand-off is exact."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture(scope="module")
def X():
    return gl.load_digits().X_train[:300]


def test_dbn_trains_each_rbm_on_the_hidden_probabilities_below(X):
    dbn = gl.DBN([64, 20, 10], seed=0).fit(X, epochs=2, batch_size=50)
    # The same two RBMs, stacked by hand from the same per-layer generators.
    first, second = np.random.default_rng(0).spawn(2)
    rbm1 = gl.RBM(64, 20, seed=first).fit(X, epochs=2, batch_size=50)
    rbm2 = gl.RBM(20, 10, seed=second).fit(rbm1.transform(X), epochs=2, batch_size=50)
    for built, by_hand in zip(dbn.layers, (rbm1, rbm2), strict=True):
        np.testing.assert_array_equal(built.W, by_hand.W)
        np.testing.assert_array_equal(built.b_hidden, by_hand.b_hidden)
    np.testing.assert_array_equal(dbn.transform(X), rbm2.transform(rbm1.transform(X)))


def test_stacked_autoencoder_trains_each_layer_on_the_codes_below(X):
    sae = gl.StackedAutoencoder([64, 20, 10], seed=0).fit(X, epochs=2, corruption=0.2)
    first, second = np.random.default_rng(0).spawn(2)
    ae1 = gl.Autoencoder(64, 20, seed=first).fit(X, epochs=2, corruption=0.2)
    ae2 = gl.Autoencoder(20, 10, seed=second).fit(ae1.transform(X), epochs=2, corruption=0.2)
    for built, by_hand in zip(sae.layers, (ae1, ae2), strict=True):
        np.testing.assert_array_equal(built.W, by_hand.W)


@pytest.mark.parametrize("stack", [gl.DBN([64, 20, 10], seed=0),
                                   gl.StackedAutoencoder([64, 20, 10], tied=False, seed=0)])
def test_network_hand_off(stack, X):
    stack.fit(X, epochs=1)
    net = stack.to_network(10, output="softmax", init="scaled_normal", seed=7)
    assert net.sizes == [64, 20, 10, 10] and net.activation.name == "sigmoid"
    # The hidden layers compute exactly the stack's features...
    np.testing.assert_allclose(net.trace(X).A[2], stack.transform(X), rtol=1e-12)
    # ...and the output layer is the one random initialisation would give.
    reference = gl.Network([64, 20, 10, 10], output="softmax", init="scaled_normal", seed=7)
    np.testing.assert_array_equal(net.weights[-1], reference.weights[-1])
    np.testing.assert_array_equal(net.biases[-1], reference.biases[-1])
    # Fine-tuning the network leaves the stack alone.
    before = stack.layers[0].W.copy()
    gl.train(net, X, gl.one_hot(np.arange(300) % 10), epochs=1)
    np.testing.assert_array_equal(stack.layers[0].W, before)


def test_float32_stack_gives_float32_network(X):
    dbn = gl.DBN([64, 8], seed=0, dtype=np.float32).fit(X.astype(np.float32), epochs=1)
    net = dbn.to_network(10)
    assert all(p.dtype == np.float32 for p in net.parameters())


def test_bad_sizes_are_named():
    with pytest.raises(ValueError, match="at least two layer widths"):
        gl.DBN([64])
    with pytest.raises(ValueError, match="layer widths must be positive ints"):
        gl.StackedAutoencoder([64, 0])
    with pytest.raises(ValueError, match="X has 10 features, but the RBM expects 64"):
        gl.DBN([64, 8]).fit(np.zeros((3, 10)))
