"""Property tests of every public entry point of gradlib, with Hypothesis.

For drawn shapes, dtypes, sizes, activations, costs and NaN/inf placements:
valid input gives finite output of the documented shape and dtype; invalid
input raises ValueError or TypeError from gradlib itself, with a message that
says what was expected and what was got.  The profile (tests/conftest.py)
keeps the run to seconds.
"""

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gradlib as gl

GRADLIB = Path(gl.__file__).resolve().parent

dtypes = st.sampled_from([np.float32, np.float64])
widths = st.integers(1, 5)
rows = st.integers(1, 6)
seeds = st.integers(0, 2**32 - 1)
combos = st.sampled_from([(a, o, c) for a in gl.ACTIVATIONS for o in gl.OUTPUTS for c in gl.COSTS
                          if not (c == "cross_entropy" and o == "identity")])


def finite(a, shape, dtype):
    a = np.asarray(a)
    assert a.shape == shape, (a.shape, shape)
    assert a.dtype == dtype, (a.dtype, dtype)
    assert np.all(np.isfinite(a))


def gradlib_error(f, *args, **kwargs):
    """Call ``f``; it must raise ValueError or TypeError from gradlib, saying expected and got."""
    with pytest.raises((ValueError, TypeError)) as info:
        f(*args, **kwargs)
    frame = info.traceback[-1]
    assert Path(str(frame.path)).resolve().is_relative_to(GRADLIB), frame
    message = str(info.value)
    assert re.search(r"\bgot\b|expect|needs", message), message
    return message


def uniform(shape, seed, dtype=np.float64):
    return np.random.default_rng(seed).random(shape).astype(dtype)


def binary(shape, seed):
    return (np.random.default_rng(seed).random(shape) < 0.5).astype(np.float64)


@st.composite
def networks(draw, deep=False):
    sizes = draw(st.lists(widths, min_size=2, max_size=4))
    activation, output, cost = draw(combos)
    kw = dict(activation=activation, output=output, cost=cost,
              init=draw(st.sampled_from(list(gl.INITIALIZERS))), seed=draw(seeds),
              dtype=draw(dtypes))
    if deep:
        kw.update(batch_norm=draw(st.booleans()), residual=draw(st.booleans()))
        return gl.DeepNetwork(sizes, **kw)
    return gl.Network(sizes, **kw)


def targets(net, n, seed):
    rng = np.random.default_rng(seed)
    if net.output.name == "softmax":
        return gl.one_hot(rng.integers(0, net.sizes[-1], n), net.sizes[-1], dtype=net.dtype)
    return rng.random((n, net.sizes[-1])).astype(net.dtype)


@st.composite
def bad_matrices(draw, n_columns):
    """An input that a model expecting ``n_columns`` columns must refuse, with its kind."""
    kind = draw(st.sampled_from(["nan", "inf", "columns", "1-D", "3-D", "empty", "complex",
                                 "strings", "ragged"]))
    n = draw(rows)
    X = np.full((n, n_columns), 0.5)
    if kind in ("nan", "inf"):
        X[draw(st.integers(0, n - 1)), draw(st.integers(0, n_columns - 1))] = (
            np.nan if kind == "nan" else draw(st.sampled_from([np.inf, -np.inf])))
        return X
    return {"columns": np.full((n, n_columns + draw(st.integers(1, 3))), 0.5),
            "1-D": np.full(n_columns, 0.5), "3-D": np.full((n, n_columns, 1), 0.5),
            "empty": np.zeros((0, n_columns)), "complex": X + 1j,
            "strings": X.astype(str), "ragged": [[0.5] * n_columns, [0.5] * (n_columns + 1)]}[kind]


# -- networks -----------------------------------------------------------------------------


@given(networks(), rows, seeds)
def test_network_valid_input(net, n, seed):
    X, Y = uniform((n, net.sizes[0]), seed), targets(net, n, seed)
    finite(net.forward(X), (n, net.sizes[-1]), net.dtype)
    t = net.trace(X)
    for l, (Z, A) in enumerate(zip(t.Z, t.A[1:], strict=True)):
        finite(Z, (n, net.sizes[l + 1]), net.dtype)
        finite(A, (n, net.sizes[l + 1]), net.dtype)
    g = net.backward(X, Y)
    assert np.isfinite(g.cost) and isinstance(g.cost, float)
    for p, q in zip(net.parameters(), g.arrays(), strict=True):
        finite(q, p.shape, net.dtype)
    assert isinstance(net.cost_of(X, Y), float)
    finite(net.predict(X), (n,), np.dtype(np.intp))
    assert 0.0 <= net.accuracy(X, net.predict(X)) <= 1.0


@given(networks(deep=True), st.integers(2, 6), seeds)
def test_deep_network_valid_input(net, n, seed):
    X, Y = uniform((n, net.sizes[0]), seed), targets(net, n, seed)
    finite(net.forward(X), (n, net.sizes[-1]), net.dtype)
    g = net.backward(X, Y)
    for p, q in zip(net.parameters(), g.arrays(), strict=True):
        finite(q, p.shape, net.dtype)
    net2 = net.copy()
    gl.SGD(net2, learning_rate=0.01, momentum=0.5).step(X, Y)
    assert all(p.dtype == net.dtype and np.all(np.isfinite(p)) for p in net2.parameters())


@given(networks(), st.data())
def test_network_refuses_bad_inputs(net, data):
    X = data.draw(bad_matrices(net.sizes[0]))
    for f in (net.forward, net.trace, net.predict):
        gradlib_error(f, X)
    n = 3
    gradlib_error(net.backward, X, targets(net, n, 0))


@given(networks(), st.data())
def test_network_refuses_bad_targets(net, data):
    Y = data.draw(bad_matrices(net.sizes[-1]))
    Ya = np.asarray(Y) if not isinstance(Y, list) else None
    n = Ya.shape[0] if Ya is not None and Ya.ndim == 2 and Ya.shape[0] else 2
    X = uniform((n, net.sizes[0]), 0)
    gradlib_error(net.backward, X, Y)
    gradlib_error(net.cost_of, X, Y)


@given(networks(), rows, st.integers(1, 3))
def test_network_refuses_mismatched_rows(net, n, extra):
    gradlib_error(net.backward, uniform((n, net.sizes[0]), 0), targets(net, n + extra, 0))


@given(st.one_of(st.lists(st.integers(-3, 0), min_size=1, max_size=3).map(lambda s: [4] + s),
                 st.lists(widths, max_size=1), st.just([2, 2.5]), st.just([True, 2]),
                 st.just("64, 10")))
def test_network_refuses_bad_sizes(sizes):
    gradlib_error(gl.Network, sizes)


@given(st.sampled_from(["activation", "output", "cost", "init", "dtype", "seed"]),
       st.one_of(st.text(max_size=5), st.integers(-5, -1), st.just(None), st.just(1.5)))
def test_network_refuses_bad_options(option, value):
    valid = {"activation": gl.ACTIVATIONS, "output": gl.OUTPUTS, "cost": gl.COSTS,
             "init": gl.INITIALIZERS}.get(option, {})
    # dtype=None is numpy's float64, accepted like numpy accepts it.
    assume(value not in valid and not (option in ("seed", "dtype") and value is None))
    gradlib_error(gl.Network, [3, 2], **{option: value})


# -- training -------------------------------------------------------------------------------


@given(networks(), st.integers(2, 12), st.integers(2, 5), st.integers(0, 2), seeds)
def test_train_valid_input(net, n, batch_size, epochs, seed):
    assume(n % batch_size != 1)
    X, Y = uniform((n, net.sizes[0]), seed), targets(net, n, seed)
    h = gl.train(net, X, Y, epochs=epochs, batch_size=batch_size, learning_rate=0.01,
                 momentum=0.5, eval_data=(X, Y), seed=seed)
    assert h.epoch == list(range(epochs + 1))
    finite(h.cost, (epochs + 1,), np.float64)
    finite(h.bias_grad_norms, (epochs + 1, net.n_layers), np.float64)
    finite(h.weight_grad_norms, (epochs + 1, net.n_layers), np.float64)
    assert all(p.dtype == net.dtype for p in net.parameters())


bad_hyper = st.one_of(st.just(0), st.just(-1), st.just(np.nan), st.just(np.inf),
                      st.just("1"), st.just(None), st.just(True))


@given(st.sampled_from(["learning_rate", "epochs", "batch_size", "momentum", "l2",
                        "clip_norm", "probe_size", "observe_every", "seed", "observe"]),
       bad_hyper)
def test_train_refuses_bad_options(option, value):
    ok_zero = {"epochs", "momentum", "l2"}
    assume(not (value == 0 and option in ok_zero and value is not True))
    assume(not (value is None and option in ("clip_norm", "observe")))
    net = gl.Network([3, 2])
    gradlib_error(gl.train, net, uniform((4, 3), 0), uniform((4, 2), 1), **{option: value})


@given(st.sampled_from(["learning_rate", "momentum", "l2", "clip_norm", "n_train"]), bad_hyper)
def test_sgd_refuses_bad_options(option, value):
    assume(not (value == 0 and option in ("momentum", "l2") and value is not True))
    assume(not (value is None and option in ("clip_norm", "n_train")))
    kw = {"l2": 0.1, "n_train": 10} if option == "n_train" else {}
    kw[option] = value
    gradlib_error(gl.SGD, gl.Network([3, 2]), **kw)


# -- gradient checking -----------------------------------------------------------------------


@given(networks(deep=True), st.integers(2, 4), seeds)
def test_gradient_check_valid_input(net, n, seed):
    X, Y = uniform((n, net.sizes[0]), seed), targets(net, n, seed)
    check = gl.gradient_check(net, X, Y)
    assert len(check.weights) == len(check.biases) == net.n_layers
    assert len(check.others) == len(net.bn_layers)
    errors = check.weights + check.biases + check.others
    assert all(0.0 <= e <= 1.0 for e in errors) and check.max_error == max(errors)
    W, b = gl.numerical_gradient(net, X, Y)
    for w, g in zip(net.weights + net.biases, W + b, strict=True):
        finite(g, w.shape, net.dtype)


@given(st.one_of(st.just(0.0), st.floats(max_value=0.0), st.just(np.nan), st.just(np.inf),
                 st.just("1e-5"), st.just(None)))
def test_gradient_check_refuses_bad_eps(eps):
    net = gl.Network([2, 2])
    gradlib_error(gl.gradient_check, net, uniform((2, 2), 0), uniform((2, 2), 1), eps=eps)


@given(networks(), st.sampled_from([np.nan, np.inf, -np.inf]), st.data())
def test_gradient_check_refuses_non_finite_parameters(net, bad, data):
    p = data.draw(st.sampled_from(net.parameters()))
    p.flat[data.draw(st.integers(0, p.size - 1))] = bad
    gradlib_error(gl.gradient_check, net, uniform((2, net.sizes[0]), 0), targets(net, 2, 0))


@given(hnp.array_shapes(max_dims=3, max_side=4), hnp.floating_dtypes(sizes=(32, 64)), seeds)
def test_relative_error_valid_input(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)
    e = gl.relative_error(a, b)
    assert isinstance(e, float) and 0.0 <= e <= 1.0
    assert gl.relative_error(a, a) == 0.0


@given(hnp.array_shapes(max_dims=3, max_side=4), hnp.array_shapes(max_dims=3, max_side=4))
def test_relative_error_refuses_different_shapes(s1, s2):
    assume(s1 != s2)
    gradlib_error(gl.relative_error, np.ones(s1), np.ones(s2))


@given(hnp.array_shapes(max_dims=2, max_side=4), st.sampled_from([np.nan, np.inf, -np.inf]),
       st.data())
def test_relative_error_is_nan_on_non_finite(shape, bad, data):
    a = np.ones(shape)
    a.flat[data.draw(st.integers(0, a.size - 1))] = bad
    assert np.isnan(gl.relative_error(a, np.ones(shape)))


# -- data ------------------------------------------------------------------------------


@given(st.lists(st.integers(0, 9), max_size=20), st.integers(10, 12), dtypes)
def test_one_hot_valid_input(labels, n_classes, dtype):
    Y = gl.one_hot(labels, n_classes, dtype=dtype)
    finite(Y, (len(labels), n_classes), dtype)
    assert np.all(Y.sum(axis=1) == 1) and list(Y.argmax(axis=1)) == labels


@given(st.one_of(
    st.tuples(st.just([0, 1]), st.one_of(st.integers(-3, 0), st.just(2.5), st.just(True))),
    st.tuples(st.lists(st.integers(10, 20), min_size=1, max_size=3), st.just(10)),
    st.tuples(st.lists(st.floats(0, 5), min_size=1, max_size=3), st.just(10)),
    st.tuples(st.just([[0, 1]]), st.just(10))))
def test_one_hot_refuses_bad_input(args):
    gradlib_error(gl.one_hot, *args)


@given(st.integers(1, 1796), dtypes)
def test_load_digits_valid_input(test_size, dtype):
    d = gl.load_digits(test_size=test_size, dtype=dtype)
    finite(d.X_test, (test_size, 64), dtype)
    finite(d.Y_train, (1797 - test_size, 10), dtype)
    assert d.X_train.min() >= 0 and d.X_train.max() <= 1


@given(st.one_of(st.sampled_from([np.int32, np.float16, np.complex64, "U2", bool, "float8"])
                 .map(lambda d: {"dtype": d}),
                 st.sampled_from([0, -1, 1797, 2.5, "10"]).map(lambda t: {"test_size": t})))
def test_load_digits_refuses_bad_options(kw):
    gradlib_error(gl.load_digits, **kw)


# -- the RBM ------------------------------------------------------------------------------


@given(widths, widths, rows, dtypes, seeds)
def test_rbm_valid_input(n_visible, n_hidden, n, dtype, seed):
    rbm = gl.RBM(n_visible, n_hidden, seed=seed, dtype=dtype)
    V, H = binary((n, n_visible), seed), binary((n, n_hidden), seed + 1)
    finite(rbm.energy(V, H), (n,), dtype)
    finite(rbm.free_energy(V), (n,), dtype)
    for f, shape in ((rbm.hidden_probabilities, (n, n_hidden)), (rbm.transform, (n, n_hidden)),
                     (rbm.reconstruct, (n, n_visible))):
        finite(f(V), shape, dtype)
    finite(rbm.visible_probabilities(H), (n, n_visible), dtype)
    finite(rbm.sample_hidden(V, seed), (n, n_hidden), dtype)
    finite(rbm.sample_visible(H, seed), (n, n_visible), dtype)
    finite(rbm.gibbs(V, seed, steps=2), (n, n_visible), dtype)
    finite(rbm.sample(n, n_gibbs=2, seed=seed), (n, n_visible), dtype)
    finite(rbm.pseudo_likelihood(V), (n,), dtype)
    finite(rbm.pseudo_likelihood(V, rng=seed), (n,), dtype)
    assert np.isfinite(rbm.log_likelihood(V)) and rbm.log_likelihood(V) <= 0
    g = rbm.gradient_estimate(V, k=2, rng=seed)
    for p, q in zip(rbm.parameters(), g.arrays(), strict=True):
        finite(q, p.shape, dtype)
    rbm.fit(V, epochs=2, batch_size=max(1, n // 2), persistent=bool(seed % 2), seed=seed)
    assert all(p.dtype == dtype and np.all(np.isfinite(p)) for p in rbm.parameters())
    finite(rbm.reconstruction_error, (2,), np.float64)


@given(widths, st.data())
def test_rbm_refuses_bad_input(n_visible, data):
    rbm = gl.RBM(n_visible, 3)
    X = data.draw(st.one_of(bad_matrices(n_visible),
                            st.just(np.full((2, n_visible), 1.5)),
                            st.just(np.full((2, n_visible), -0.5))))
    for f in (rbm.transform, rbm.free_energy, rbm.reconstruct, rbm.pseudo_likelihood,
              rbm.log_likelihood, rbm.fit):
        gradlib_error(f, X)
    gradlib_error(rbm.gibbs, X, 0)
    gradlib_error(rbm.visible_probabilities, data.draw(bad_matrices(3)))


@given(st.sampled_from(["epochs", "learning_rate", "batch_size", "k", "momentum",
                        "initial_momentum", "momentum_switch", "weight_decay", "seed",
                        "persistent", "observe"]), bad_hyper)
def test_rbm_fit_refuses_bad_options(option, value):
    ok_zero = {"epochs", "momentum", "initial_momentum", "momentum_switch", "weight_decay"}
    assume(not (value == 0 and option in ok_zero and value is not True))
    assume(not (value is None and option in ("seed", "observe")))
    assume(not (option == "persistent" and value is True))
    gradlib_error(gl.RBM(3, 2).fit, binary((4, 3), 0), **{option: value})


# -- the autoencoder and the sparse encoder-decoder ---------------------------------------


@given(widths, widths, rows, dtypes, st.booleans(), seeds)
def test_autoencoder_valid_input(n_visible, n_hidden, n, dtype, tied, seed):
    ae = gl.Autoencoder(n_visible, n_hidden, tied=tied, seed=seed, dtype=dtype)
    X = uniform((n, n_visible), seed)
    finite(ae.encode(X), (n, n_hidden), dtype)
    finite(ae.decode(ae.encode(X)), (n, n_visible), dtype)
    finite(ae.reconstruct(X), (n, n_visible), dtype)
    finite(ae.corrupt(X, 0.3, seed), (n, n_visible), dtype)
    assert np.isfinite(ae.cost(X))
    g = ae.gradients(X, ae.corrupt(X, 0.3, seed))
    for p, q in zip(ae.parameters(), g.arrays(), strict=True):
        finite(q, p.shape, dtype)
    ae.fit(X, epochs=2, batch_size=2, corruption=0.2, momentum=0.5, seed=seed)
    assert all(p.dtype == dtype and np.all(np.isfinite(p)) for p in ae.parameters())


@given(widths, st.data())
def test_autoencoder_refuses_bad_input(n_visible, data):
    ae = gl.Autoencoder(n_visible, 2)
    X = data.draw(st.one_of(bad_matrices(n_visible), st.just(np.full((2, n_visible), 2.0))))
    for f in (ae.encode, ae.reconstruct, ae.cost, ae.gradients, ae.fit):
        gradlib_error(f, X)
    gradlib_error(ae.corrupt, uniform((2, n_visible), 0), data.draw(
        st.sampled_from([1.0, -0.1, np.nan, "0.1"])), 0)


@given(widths, widths, rows, dtypes, seeds)
def test_sparse_valid_input(n_visible, n_code, n, dtype, seed):
    m = gl.SparseEncoderDecoder(n_visible, n_code, seed=seed, dtype=dtype)
    X = uniform((n, n_visible), seed)
    Z = m.predict_code(X)
    finite(Z, (n, n_code), dtype)
    finite(m.sparsify(Z), (n, n_code), dtype)
    finite(m.code_gradient(X, Z), (n, n_code), dtype)
    finite(m.encode(X), (n, n_code), dtype)
    finite(m.decode(m.encode(X)), (n, n_visible), dtype)
    finite(m.infer(X, steps=3), (n, n_code), dtype)
    finite(m.reconstruct(X, steps=3), (n, n_visible), dtype)
    for e in m.energy(X, Z):
        finite(e, (n,), dtype)
    gc, gd = m.weight_gradients(X, Z)
    finite(gc, m.W_c.shape, dtype)
    finite(gd, m.W_d.shape, dtype)
    m.fit(X, epochs=2, batch_size=2, code_steps=3, seed=seed)
    assert all(p.dtype == dtype and np.all(np.isfinite(p)) for p in m.parameters())


@given(widths, st.data())
def test_sparse_refuses_bad_input(n_visible, data):
    m = gl.SparseEncoderDecoder(n_visible, 3)
    X = data.draw(bad_matrices(n_visible))
    for f in (m.predict_code, m.encode, m.infer, m.reconstruct, m.fit):
        gradlib_error(f, X)
    gradlib_error(m.sparsify, data.draw(bad_matrices(3)))


# -- the greedy stacks --------------------------------------------------------------------


@given(st.lists(widths, min_size=2, max_size=3), st.sampled_from([gl.DBN, gl.StackedAutoencoder]),
       rows, dtypes, seeds)
def test_stacks_valid_input(sizes, stack, n, dtype, seed):
    s = stack(sizes, seed=seed, dtype=dtype).fit(uniform((n, sizes[0]), seed), epochs=1,
                                                  batch_size=2)
    finite(s.transform(uniform((n, sizes[0]), seed)), (n, sizes[-1]), dtype)
    net = s.to_network(3)
    assert net.sizes == sizes + [3] and net.dtype == dtype


@given(st.sampled_from([gl.DBN, gl.StackedAutoencoder]), st.data())
def test_stacks_refuse_bad_input(stack, data):
    s = stack([3, 2], seed=0)
    X = data.draw(bad_matrices(3))
    gradlib_error(s.fit, X)
    gradlib_error(s.transform, X)
    gradlib_error(s.to_network, data.draw(st.sampled_from([0, -1, 2.5, "3"])))


# -- the deep belief net with a label memory ----------------------------------------------


def labelled(n, n_pixels, n_labels, seed, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.random((n, n_pixels)).astype(dtype)
    return X, gl.one_hot(rng.integers(0, n_labels, n), n_labels, dtype=dtype)


@given(st.lists(widths, min_size=3, max_size=4), st.integers(2, 3), rows, dtypes, seeds)
def test_updown_valid_input(sizes, n_labels, n, dtype, seed):
    net = gl.UpDownDBN(sizes, n_labels=n_labels, seed=seed, dtype=dtype)
    X, Y = labelled(n, sizes[0], n_labels, seed, dtype)
    net.pretrain(X, Y, epochs=1, batch_size=2)
    net.fit_updown(X, Y, epochs=2, batch_size=2, k=2, seed=seed)
    assert all(p.dtype == dtype and np.all(np.isfinite(p)) for p in net.parameters())
    finite(net.code(X), (n, sizes[-2]), dtype)
    P = net.predict_proba(X)
    finite(P, (n, n_labels), dtype)
    np.testing.assert_allclose(P.sum(axis=1), 1, rtol=1e-5)
    assert net.predict(X).shape == (n,) and 0 <= net.error_rate(X, Y.argmax(1)) <= 1
    finite(net.memory.free_energies(net.code(X)), (n, n_labels), dtype)
    for q, p in zip(net.updown_update(X, Y, k=1, rng=seed).arrays(), net.parameters(),
                    strict=True):
        finite(q, p.shape, dtype)
    finite(net.down(net.code(X)), (n, sizes[0]), dtype)
    finite(net.generate(seed % n_labels, n_samples=2, n_gibbs=3, seed=seed), (2, sizes[0]),
           dtype)
    assert net.to_network(seed=seed).sizes == sizes + [n_labels]


@given(st.data())
def test_updown_refuses_bad_input(data):
    net = gl.UpDownDBN([3, 2, 2, 4], n_labels=2, seed=0)
    X = data.draw(st.one_of(bad_matrices(3), st.just(np.full((2, 3), 1.5))))
    Y = gl.one_hot([0, 1], 2)
    for f in (net.code, net.predict_proba, net.predict):
        gradlib_error(f, X)
    for f in (net.pretrain, net.fit_updown, net.updown_update):
        gradlib_error(f, X, Y)
    gradlib_error(net.fit_updown, uniform((2, 3), 0), data.draw(bad_matrices(2)))
    gradlib_error(net.memory.free_energies, data.draw(bad_matrices(2)))
    gradlib_error(net.memory.fit, data.draw(bad_matrices(2)), Y)
    gradlib_error(net.down, data.draw(bad_matrices(2)))


@given(st.sampled_from(["epochs", "learning_rate", "batch_size", "k", "seed", "observe"]),
       bad_hyper)
def test_updown_fit_refuses_bad_options(option, value):
    # Zero epochs and seed 0 are valid, as is None for the seed and the callback.
    assume(not (value == 0 and option in ("epochs", "seed") and value is not True))
    assume(not (value is None and option in ("seed", "observe")))
    net = gl.UpDownDBN([3, 2, 2, 4], n_labels=2, seed=0)
    gradlib_error(net.fit_updown, uniform((4, 3), 0), gl.one_hot([0, 1, 0, 1], 2),
                  **{option: value})


# -- the remaining entry points -------------------------------------------------------------


@given(networks(deep=True), st.data())
def test_sgd_step_and_training_trace_refuse_bad_inputs(net, data):
    X = data.draw(bad_matrices(net.sizes[0]))
    gradlib_error(gl.SGD(net).step, X, targets(net, 3, 0))
    gradlib_error(net.trace, X, training=True)
    gradlib_error(gl.numerical_gradient, net, X, targets(net, 3, 0))


@given(st.sampled_from(["batch_norm", "residual", "momentum", "eps"]),
       st.one_of(st.just("no"), st.just(1), st.just(-0.5), st.just(1.5), st.just(np.nan),
                 st.just(None)))
def test_deep_network_refuses_bad_options(option, value):
    # eps=1 and eps=1.5 are valid (positive) epsilons.
    assume(not (option == "eps" and value in (1, 1.5)))
    gradlib_error(gl.DeepNetwork, [3, 4, 2], **{option: value})


@given(st.sampled_from(["n_samples", "n_gibbs", "steps", "k", "rng"]), bad_hyper)
def test_rbm_sampling_refuses_bad_options(option, value):
    rbm = gl.RBM(3, 2)
    V = binary((2, 3), 0)
    if option in ("n_samples", "n_gibbs"):
        kw = {"n_samples": 2, option: value}
        gradlib_error(rbm.sample, **kw)
    elif option == "steps":
        gradlib_error(rbm.gibbs, V, 0, steps=value)
    elif option == "k":
        gradlib_error(rbm.gradient_estimate, V, k=value)
    else:
        assume(value is not None and value != 0)       # seed 0 is a valid seed
        gradlib_error(rbm.sample_hidden, V, value)


@given(widths, st.data())
def test_code_inputs_are_checked(n_hidden, data):
    H = data.draw(bad_matrices(n_hidden))
    gradlib_error(gl.Autoencoder(3, n_hidden).decode, H)
    gradlib_error(gl.RBM(3, n_hidden).visible_probabilities, H)
    gradlib_error(gl.SparseEncoderDecoder(3, n_hidden).decode, H)
    gradlib_error(gl.RBM(3, n_hidden).energy, binary((2, 3), 0), H)
