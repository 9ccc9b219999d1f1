"""The one model protocol: parameters(), gradients in the same order, an unchecked cost."""

import numpy as np
import pytest

import gradlib as gl
from gradlib.protocol import Model, copy_model, momentum_step


def _central_differences(model, batch, eps=1e-6):
    grads = []
    for p in model.parameters():
        g = np.zeros_like(p)
        for i in range(p.size):
            saved = p.flat[i]
            p.flat[i] = saved + eps
            up = model.batch_cost(*batch)
            p.flat[i] = saved - eps
            down = model.batch_cost(*batch)
            p.flat[i] = saved
            g.flat[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


def _cases():
    rng = np.random.default_rng(0)
    X = rng.random((5, 4))
    Y = gl.one_hot(rng.integers(0, 3, 5), 3)
    deep = gl.DeepNetwork([4, 5, 5, 3], activation="tanh", output="softmax", batch_norm=True,
                          residual=True, seed=1)
    for g in deep.gammas.values():
        g[:] = np.linspace(0.5, 1.5, g.size)
    sparse = gl.SparseEncoderDecoder(4, 6, seed=0)
    return [
        ("Network", gl.Network([4, 5, 3], output="softmax", seed=0), (X, Y)),
        ("DeepNetwork", deep, (X, Y)),
        ("Autoencoder tied", gl.Autoencoder(4, 3, seed=0), (X,)),
        ("Autoencoder untied", gl.Autoencoder(4, 3, tied=False, seed=0),
         (X, gl.Autoencoder(4, 3).corrupt(X, 0.5, 1))),
        ("SparseEncoderDecoder", sparse, (X, rng.normal(size=(5, 6)))),
    ]


@pytest.mark.parametrize(("name", "model", "batch"), _cases(), ids=[c[0] for c in _cases()])
def test_batch_gradients_are_the_gradients_of_batch_cost_in_parameter_order(name, model,
                                                                           batch):
    assert isinstance(model, Model)
    g = model.batch_gradients(*batch)
    assert g.cost == pytest.approx(model.batch_cost(*batch), rel=1e-12)
    numeric = _central_differences(model, batch)
    for p, a, n in zip(model.parameters(), g.arrays(), numeric, strict=True):
        assert a.shape == p.shape
        assert gl.relative_error(a, n) < 1e-7, name


def test_rbm_batch_gradients_descend_the_cd_estimate():
    rbm = gl.RBM(5, 3, seed=0)
    V = (np.random.default_rng(1).random((8, 5)) < 0.5).astype(float)
    assert isinstance(rbm, Model)
    g = rbm.batch_gradients(V, np.random.default_rng(2))
    ascent = rbm.gradient_estimate(V, rng=np.random.default_rng(2))
    for p, a, b in zip(rbm.parameters(), g.arrays(), ascent.arrays(), strict=True):
        assert a.shape == p.shape
        np.testing.assert_allclose(a, -b, rtol=1e-14)
    assert rbm.batch_cost(V) == pytest.approx(-rbm.pseudo_likelihood(V).mean())


@pytest.mark.parametrize("momentum", [None, 0.0, 0.9])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_momentum_step_is_the_heavy_ball_update(momentum, dtype):
    rng = np.random.default_rng(0)
    params = [rng.normal(size=(3, 2)).astype(dtype), rng.normal(size=2).astype(dtype)]
    grads = [rng.normal(size=p.shape).astype(dtype) for p in params]
    velocity = None if momentum is None else [rng.normal(size=p.shape).astype(dtype)
                                              for p in params]
    decay = [0.01, 0.0]
    mu = momentum or 0.0
    expected_v = [(mu * v if velocity else 0) - 0.1 * g - d * p
                  for p, g, v, d in zip(params, grads, velocity or [0, 0], decay, strict=True)]
    expected_p = [p + v for p, v in zip(params, expected_v, strict=True)]
    keep = [g.copy() for g in grads]
    scratch = [np.empty_like(g) for g in grads]
    momentum_step(params, grads, 0.1, mu, velocity, scratch=scratch, decay=decay)
    for p, e in zip(params, expected_p, strict=True):
        assert p.dtype == dtype
        np.testing.assert_allclose(p, e, rtol=1e-5 if dtype == np.float32 else 1e-12)
    for g, k in zip(grads, keep, strict=True):                 # scratch given: untouched
        np.testing.assert_array_equal(g, k)


def test_copy_model_converts_and_keeps_the_class():
    rbm = gl.RBM(4, 3, seed=0, dtype=np.float32)
    new = copy_model(rbm, np.float64)
    assert type(new) is gl.RBM and new.dtype == np.float64
    assert all(p.dtype == np.float64 for p in new.parameters())
    assert all(p.dtype == np.float32 for p in rbm.parameters())


def _updown_net():
    """sizes [4, 3, 3, 5] with 2 labels, every parameter random."""
    net = gl.UpDownDBN([4, 3, 3, 5], n_labels=2, seed=0)
    rng = np.random.default_rng(1)
    for p in net.parameters():
        p[...] = rng.normal(size=p.shape)
    return net


def test_updown_batch_gradients_descend_the_updown_update():
    net = _updown_net()
    rng = np.random.default_rng(2)
    X, Y = rng.random((6, 4)), gl.one_hot(rng.integers(0, 2, 6), 2)
    assert isinstance(net, Model)
    params = net.parameters()
    L = net.n_directed
    assert [p.shape for p in params] == (
        [(4, 3), (3, 3)] + [(3,), (3,)] + [(3, 4), (3, 3)] + [(4,), (3,)]
        + [(3 + 2, 5), (3 + 2,), (5,)])
    assert params[0] is net.recognition_W[0] and params[2 * L] is net.generative_W[0]
    assert params[-3] is net.memory.rbm.W
    g = net.batch_gradients(X, Y, np.random.default_rng(3), k=2)
    ascent = net.updown_update(X, Y, k=2, rng=np.random.default_rng(3))
    for p, a, b in zip(params, g.arrays(), ascent.arrays(), strict=True):
        assert a.shape == p.shape and a.dtype == p.dtype
        np.testing.assert_array_equal(a, -b)
    assert np.max(np.abs(g.flat())) > 0.01
    # The cost: the cross-entropy of the checked classifier.
    expected = -np.mean(np.log(net.predict_proba(X)[np.arange(6), Y.argmax(1)]))
    assert net.batch_cost(X, Y) == pytest.approx(expected, rel=1e-12)


def test_memory_batch_gradients_are_one_plain_step_of_fit():
    mem = gl.AssociativeMemory(3, 2, 4, seed=0)
    rng = np.random.default_rng(1)
    C, Y = rng.random((5, 3)), gl.one_hot(rng.integers(0, 2, 5), 2)
    assert isinstance(mem, Model)
    assert all(p is q for p, q in zip(mem.parameters(), mem.rbm.parameters(), strict=True))
    twin = mem.copy()
    before = [p.copy() for p in mem.parameters()]
    # One batch, no momentum, no decay: fit moves by -learning_rate times batch_gradients.
    mem.fit(C, Y, epochs=1, learning_rate=0.5, batch_size=5, k=2, momentum=0.0,
            initial_momentum=0.0, weight_decay=0.0, seed=np.random.default_rng(7))
    order_rng = np.random.default_rng(7)
    order = order_rng.permutation(5)
    g = twin.batch_gradients(C[order], Y[order], order_rng, k=2)
    for p, b, q in zip(mem.parameters(), before, g.arrays(), strict=True):
        assert q.shape == p.shape
        np.testing.assert_allclose(p - b, -0.5 * q, rtol=1e-10, atol=1e-14)
    assert not np.allclose(mem.rbm.W, before[0])
    expected = -np.mean(np.log(mem.label_probabilities(C)[np.arange(5), Y.argmax(1)]))
    assert mem.batch_cost(C, Y) == pytest.approx(expected, rel=1e-12)


def _every_model():
    """Each trainable model with a batch for it: the exact-gradient cases, then the estimates."""
    rng = np.random.default_rng(4)
    V = (rng.random((6, 4)) < 0.5).astype(float)
    X, Y = rng.random((6, 4)), gl.one_hot(rng.integers(0, 2, 6), 2)
    return [(name, model, batch, batch) for name, model, batch in _cases()] + [
        ("RBM", gl.RBM(4, 3, seed=0), (V, np.random.default_rng(5)), (V,)),
        ("AssociativeMemory", gl.AssociativeMemory(4, 2, 5, seed=0),
         (X, Y, np.random.default_rng(5)), (X, Y)),
        ("UpDownDBN", _updown_net(), (X, Y, np.random.default_rng(5)), (X, Y)),
    ]


@pytest.mark.parametrize(("name", "model", "batch", "cost_batch"), _every_model(),
                         ids=[c[0] for c in _every_model()])
def test_every_model_keeps_the_protocol(name, model, batch, cost_batch):
    assert isinstance(model, Model)
    params = model.parameters()
    assert all(p is q for p, q in zip(params, model.parameters(), strict=True)), name
    grads = model.batch_gradients(*batch).arrays()
    assert len(grads) == len(params)
    for p, g in zip(params, grads, strict=True):
        assert g.shape == p.shape and g.dtype == p.dtype, name
        assert np.all(np.isfinite(g)) and not np.shares_memory(g, p)
    cost = model.batch_cost(*cost_batch)
    assert isinstance(cost, float) and np.isfinite(cost)
    # A small step down the direction given, through the shared update, changes the model.
    before = [p.copy() for p in params]
    momentum_step(params, grads, 1e-3)
    assert any(not np.array_equal(p, b) for p, b in zip(model.parameters(), before,
                                                        strict=True))
