"""The edges of gradlib: no false pass, no silent coercion, no unchecked option.

One regression test (at least) for each way a call used to give a numpy
error, a wrong answer or silence instead of a clear error.
"""

import math
import warnings

import numpy as np
import pytest

import gradlib as gl


def _data(net, n=6, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, net.sizes[0]))
    return X, gl.one_hot(rng.integers(0, net.sizes[-1], n), net.sizes[-1])


# -- gradient_check never passes on NaN, inf or mismatched shapes -------------------------


@pytest.mark.parametrize("eps", [0, 0.0, -1e-5, math.nan, math.inf, True, "1e-5", None])
def test_gradient_check_refuses_a_bad_eps(eps):
    net = gl.Network([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match=f"eps must be a positive number, got {eps!r}"):
        gl.gradient_check(net, *_data(net), eps=eps)
    with pytest.raises(ValueError, match="eps must be a positive number"):
        gl.numerical_gradient(net, *_data(net), eps=eps)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_gradient_check_refuses_non_finite_weights(bad):
    net = gl.Network([3, 4, 2], seed=0)
    net.weights[1][0, 0] = bad
    with pytest.raises(ValueError, match=r"parameters\(\)\[2\] contains NaN or infinite"):
        gl.gradient_check(net, *_data(net))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_relative_error_is_nan_for_non_finite_input(bad):
    a = np.ones(3)
    b = a.copy()
    b[1] = bad
    assert math.isnan(gl.relative_error(a, b))
    assert math.isnan(gl.relative_error(b, a))
    assert not gl.GradientCheck([gl.relative_error(a, b)], [0.0], math.nan).passed()


def test_gradient_check_max_error_propagates_nan():
    check = gl.GradientCheck([0.0, math.nan], [0.0], float(np.max([0.0, math.nan, 0.0])))
    assert math.isnan(check.max_error) and not check.passed(tol=math.inf)


@pytest.mark.parametrize(("a", "b"), [(np.ones(3), np.ones(4)), (np.ones((2, 3)), np.ones(3)),
                                      (np.ones((3, 1)), np.ones((1, 3)))])
def test_relative_error_does_not_broadcast(a, b):
    with pytest.raises(ValueError, match=r"same shape, got \(.*\) and \(.*\)"):
        gl.relative_error(a, b)


def test_relative_error_refuses_complex():
    with pytest.raises(ValueError, match="a must be an array of numbers.*complex"):
        gl.relative_error(np.ones(2) + 1j, np.ones(2))


# -- copies keep their class and state ------------------------------------------------


def _models():
    deep = gl.DeepNetwork([4, 5, 5, 3], activation="relu", output="softmax",
                          batch_norm=True, residual=True, seed=1)
    deep.running_mean[0][:] = 0.25
    return [gl.Network([4, 5, 3], seed=0), deep, gl.RBM(4, 3, seed=0),
            gl.Autoencoder(4, 3, tied=False, seed=0), gl.SparseEncoderDecoder(4, 6, seed=0),
            gl.AssociativeMemory(4, 2, 5, seed=0), gl.UpDownDBN([4, 3, 3, 5], n_labels=2, seed=0)]


@pytest.mark.parametrize("model", _models(), ids=lambda m: type(m).__name__)
def test_every_model_copy_keeps_its_class_and_state(model):
    new = model.copy()
    assert type(new) is type(model)
    assert vars(new).keys() == vars(model).keys()
    for p, q in zip(model.parameters(), new.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(p, q)
    for name, value in vars(model).items():
        if isinstance(value, dict):          # batch-norm scales and statistics
            assert new.__dict__[name].keys() == value.keys()
            for k, v in value.items():
                np.testing.assert_array_equal(new.__dict__[name][k], v)
                assert not np.shares_memory(new.__dict__[name][k], v)
    for p in new.parameters():
        p += 1.0
    assert not any(np.array_equal(p, q) for p, q in zip(model.parameters(), new.parameters(),
                                                         strict=True))


def test_deep_network_copy_and_astype_keep_batch_norm():
    net = gl.DeepNetwork([4, 5, 5, 3], output="softmax", batch_norm=True, dtype=np.float32,
                         seed=2)
    for g in net.gammas.values():
        g[:] = np.linspace(0.5, 1.5, g.size)
    wide = net.astype(np.float64)
    assert type(wide) is gl.DeepNetwork and wide.bn_layers == [0, 1]
    assert all(g.dtype == np.float64 for g in wide.gammas.values())
    assert all(v.dtype == np.float64 for v in wide.running_var.values())
    X, Y = _data(net)
    # float32 is checked through a float64 copy that has batch norm too: the scales
    # are checked, and the gradients are those of the batch-normalised network.
    check = gl.gradient_check(net, X, Y)
    assert check.passed() and len(check.others) == 2
    assert net.weights[0].dtype == np.float32


def test_rbm_copy_draws_what_the_original_draws():
    rbm = gl.RBM(6, 3, seed=0)
    X = (np.random.default_rng(1).random((20, 6)) < 0.5).astype(float)
    twin = rbm.copy()
    rbm.fit(X, epochs=2, batch_size=5)
    twin.fit(X, epochs=2, batch_size=5)
    np.testing.assert_array_equal(rbm.W, twin.W)


def _labelled(n=40, d=6, n_labels=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, d)), gl.one_hot(rng.integers(0, n_labels, n), n_labels)


def test_updown_copy_is_independent_and_draws_what_the_original_draws():
    X, Y = _labelled()
    net = gl.UpDownDBN([6, 4, 4, 5], n_labels=2, seed=0)
    twin = net.copy()
    # Every sub-model is copied, not shared: the stack's RBMs, the memory and its RBM.
    assert all(a is not b for a, b in zip(net.stack.layers, twin.stack.layers, strict=True))
    assert twin.memory is not net.memory and twin.memory.rbm is not net.memory.rbm
    assert twin.memory.rbm._rng is twin.memory._rng
    for m in (net, twin):
        m.pretrain(X, Y, epochs=2, batch_size=10)
        m.fit_updown(X, Y, epochs=2, batch_size=10)
    for p, q in zip(net.parameters(), twin.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(p, q)


# -- divergence is an error naming the epoch, the batch and the layer ------------------


def _quiet(f):
    """Run ``f`` and fail on any warning it lets out."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = f()
    assert not caught, [str(w.message) for w in caught]
    return result


@pytest.mark.parametrize(("batch_size", "batch", "what"), [
    # One epoch of one batch: only the cost after the update can show the blow-up.
    (8, 0, "after its update"),
    # The first update blows up; the next batch's cost shows it.
    (2, 1, "the cost is"),
])
def test_divergence_names_epoch_and_batch_even_on_the_last_update(batch_size, batch, what):
    net = gl.Network([3, 4, 2], activation="relu", output="identity", cost="quadratic", seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    with pytest.raises(gl.DivergenceError, match=f"epoch 1, batch {batch}: .*{what}") as exc:
        _quiet(lambda: gl.train(net, X, Y, epochs=1, batch_size=batch_size,
                                learning_rate=1e300))
    assert (exc.value.epoch, exc.value.batch) == (1, batch)


def _binary(n=40, d=6, seed=0):
    return (np.random.default_rng(seed).random((n, d)) < 0.4).astype(float)


def test_rbm_divergence_names_epoch_and_batch_without_warnings():
    rbm = gl.RBM(6, 4, seed=0)
    with pytest.raises(gl.DivergenceError, match=r"RBM training diverged at epoch 1, batch \d"
                       ) as exc:
        _quiet(lambda: rbm.fit(_binary(), epochs=3, batch_size=10, learning_rate=1e305))
    assert exc.value.epoch == 1 and exc.value.batch is not None
    assert isinstance(exc.value, FloatingPointError)      # what it raised before


@pytest.mark.parametrize("stack", [gl.DBN([6, 5, 4], seed=0),
                                   gl.StackedAutoencoder([6, 5, 4], seed=0)],
                         ids=["DBN", "StackedAutoencoder"])
def test_stack_divergence_names_the_layer(stack):
    with pytest.raises(gl.DivergenceError, match=r"layer 0 \(6 -> 5\).*epoch 1, batch \d"
                       ) as exc:
        _quiet(lambda: stack.fit(_binary(), epochs=2, batch_size=10, learning_rate=1.7e308))
    assert (exc.value.layer, exc.value.epoch) == (0, 1)


def test_autoencoder_divergence_on_the_last_update():
    ae = gl.Autoencoder(6, 4, seed=0)
    # Saturated sigmoids keep the cost finite up to huge weights: only a step
    # that overflows the parameters themselves diverges.
    with pytest.raises(gl.DivergenceError, match="epoch 1, batch 0") as exc:
        _quiet(lambda: ae.fit(_binary(), epochs=1, batch_size=40, learning_rate=1.7e308))
    assert exc.value.batch == 0


def test_updown_divergence_names_epoch_and_batch_without_warnings():
    X, Y = _labelled()
    net = gl.UpDownDBN([6, 4, 4, 5], n_labels=2, seed=0).pretrain(X, Y, epochs=1)
    with pytest.raises(gl.DivergenceError,
                       match=r"up-down fine-tuning diverged at epoch 1, batch \d") as exc:
        _quiet(lambda: net.fit_updown(X, Y, epochs=2, batch_size=10, learning_rate=1.7e308))
    assert exc.value.epoch == 1 and exc.value.batch is not None
    assert exc.value.layer is None


def test_memory_divergence_names_the_memory_as_the_top_layer():
    X, Y = _labelled()
    net = gl.UpDownDBN([6, 4, 4, 5], n_labels=2, seed=0)
    mem = gl.AssociativeMemory(6, 2, 5, seed=0)
    with pytest.raises(gl.DivergenceError, match=r"associative memory training diverged at "
                       r"epoch 1, batch \d") as exc:
        _quiet(lambda: mem.fit(X, Y, epochs=2, batch_size=10, learning_rate=1.7e308))
    assert exc.value.epoch == 1 and exc.value.batch is not None
    # No epochs for the stack: only the memory (layer 2 of [6, 4, 4, 5]) sees the rate.
    with pytest.raises(gl.DivergenceError, match=r"layer 2 \(4 \+ 2 labels -> 5, the memory\)"
                       r".*epoch 1, batch \d") as exc:
        _quiet(lambda: net.pretrain(X, Y, epochs=0, memory_epochs=2, batch_size=10,
                                    learning_rate=1.7e308))
    assert (exc.value.layer, exc.value.epoch) == (2, 1)


def test_sparse_divergence_names_epoch_and_batch():
    m = gl.SparseEncoderDecoder(6, 8, seed=0)
    with pytest.raises(gl.DivergenceError, match=r"epoch 1, batch \d"):
        _quiet(lambda: m.fit(_binary(), epochs=2, batch_size=10, learning_rate=1e200,
                             code_rate=1e200))


# -- no silent coercion --------------------------------------------------------------


@pytest.mark.parametrize("X", [np.ones((2, 3)) + 1j, [["1", "2", "3"]],
                               np.array([[1, None, 2]], dtype=object)],
                         ids=["complex", "numeric strings", "objects"])
def test_inputs_must_be_real_numbers(X):
    net = gl.Network([3, 2])
    with pytest.raises(ValueError, match="X must be an array of numbers.*got dtype"):
        net.forward(X)
    with pytest.raises(ValueError, match="must be an array of numbers"):
        gl.RBM(3, 2).transform(X)
    with pytest.raises(ValueError, match="must be an array of numbers"):
        gl.Autoencoder(3, 2).encode(X)


def test_bool_and_int_inputs_are_exact_zeros_and_ones():
    # Documented decision: a binary image as bools or ints means 0 and 1.
    net = gl.Network([3, 2])
    B = np.array([[True, False, True]])
    np.testing.assert_array_equal(net.forward(B), net.forward(B.astype(float)))
    np.testing.assert_array_equal(net.forward(B.astype(np.int8)), net.forward(B.astype(float)))
    rbm = gl.RBM(3, 2)
    np.testing.assert_array_equal(rbm.transform(B), rbm.transform(B.astype(float)))


@pytest.mark.parametrize("dtype", [np.int32, np.float16, np.complex128, "U3", bool])
def test_load_digits_needs_a_float_dtype(dtype):
    with pytest.raises(ValueError, match="dtype must be numpy.float32 or numpy.float64"):
        gl.load_digits(dtype=dtype)


def test_load_digits_float32_keeps_the_grey_levels():
    d = gl.load_digits(dtype=np.float32)
    assert d.X_train.dtype == np.float32 and len(np.unique(d.X_train)) == 17


# -- options are checked up front -------------------------------------------------------


@pytest.mark.parametrize("n_train", [0, -10, 2.5, True, "10", math.nan])
def test_sgd_refuses_a_bad_n_train(n_train):
    with pytest.raises(ValueError, match=f"n_train must be a positive int, got {n_train!r}"):
        gl.SGD(gl.Network([3, 2]), l2=0.1, n_train=n_train)


@pytest.mark.parametrize(("kwarg", "value", "match"), [
    ("momentum", 1.5, r"momentum must be in \[0, 1\), got 1.5"),
    ("momentum", -0.1, "momentum must be a non-negative number, got -0.1"),
    ("eps", -1, "eps must be a positive number, got -1"),
    ("eps", 0.0, "eps must be a positive number"),
    ("batch_norm", "no", "batch_norm must be True or False, got 'no'"),
    ("batch_norm", 1, "batch_norm must be True or False, got 1"),
    ("residual", "yes", "residual must be True or False, got 'yes'"),
])
def test_deep_network_refuses_bad_options(kwarg, value, match):
    with pytest.raises(ValueError, match=match):
        gl.DeepNetwork([3, 4, 2], **{kwarg: value})


def test_callbacks_are_checked_before_any_update():
    X = _binary()
    net = gl.Network([6, 3, 2], seed=0)
    before = [p.copy() for p in net.parameters()]
    with pytest.raises(TypeError, match="observe must be a callable or None, got 'print'"):
        gl.train(net, X, gl.one_hot(np.zeros(40, dtype=int), 2), observe="print")
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters(), strict=True))
    for model in (gl.RBM(6, 3), gl.Autoencoder(6, 3), gl.SparseEncoderDecoder(6, 4)):
        before = [p.copy() for p in model.parameters()]
        with pytest.raises(TypeError, match="observe must be a callable or None, got 3"):
            model.fit(X, epochs=1, observe=3)
        assert all(np.array_equal(p, q)
                   for p, q in zip(before, model.parameters(), strict=True))
    net = gl.UpDownDBN([6, 3, 3, 4], n_labels=2, seed=0)
    before = [p.copy() for p in net.parameters()]
    with pytest.raises(TypeError, match="observe must be a callable or None, got 3"):
        net.fit_updown(X, gl.one_hot(np.zeros(40, dtype=int), 2), epochs=1, observe=3)
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters(), strict=True))


@pytest.mark.parametrize("n_classes", [0, -1, 2.5, True, "3"])
def test_one_hot_refuses_a_bad_n_classes(n_classes):
    with pytest.raises(ValueError, match=f"n_classes must be a positive int, got {n_classes!r}"):
        gl.one_hot([0, 1], n_classes=n_classes)


def test_one_hot_refuses_bool_labels():
    with pytest.raises(ValueError, match="1-D array of ints.*dtype bool"):
        gl.one_hot(np.array([True, False]), 2)


@pytest.mark.parametrize("Y", [np.zeros((4, 2)), np.zeros((4, 5)), np.zeros((3, 3)),
                               np.array([0, 1, 2, 3]), np.array([0.0, 1.0, 2.0, 1.0]),
                               np.array([0, 1, 2, -1])],
                         ids=["too narrow", "too wide", "too few rows", "label too large",
                              "float labels", "negative label"])
def test_accuracy_refuses_targets_of_the_wrong_shape(Y):
    net = gl.Network([2, 3, 3])
    with pytest.raises(ValueError, match=r"Y .*expected|Y labels must lie in \[0, 2\]"):
        net.accuracy(np.zeros((4, 2)), Y)


def test_accuracy_takes_one_hot_rows_or_labels():
    net = gl.Network([2, 3, 3], seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    labels = net.predict(X)
    assert net.accuracy(X, labels) == 1.0
    assert net.accuracy(X, gl.one_hot(labels, 3)) == 1.0


# -- batch norm: one row refused in training, running variance unbiased -----------------


def test_batch_norm_refuses_a_single_row_in_training_mode():
    net = gl.DeepNetwork([3, 4, 2], batch_norm=True)
    x, y = np.ones((1, 3)), np.array([[1.0, 0.0]])
    message = "X has 1 row, but batch norm in training mode needs at least 2"
    with pytest.raises(ValueError, match=message):
        net.backward(x, y)
    with pytest.raises(ValueError, match=message):
        net.trace(x, training=True)
    with pytest.raises(ValueError, match=message):
        gl.SGD(net).step(x, y)
    assert net.forward(x).shape == (1, 2)            # inference is fine with one row
    # A run whose last batch would have one row fails before it starts.
    X, Y = np.ones((7, 3)), np.tile(y, (7, 1))
    with pytest.raises(ValueError, match=r"last mini-batch of X \(batch_size=3\) has 1 row"):
        gl.train(net, X, Y, batch_size=3)
    gl.train(gl.Network([3, 4, 2]), X, Y, batch_size=3, epochs=1)   # no batch norm: fine


def test_running_variance_is_unbiased_like_pytorch():
    torch = pytest.importorskip("torch")
    net = gl.DeepNetwork([3, 4, 2], batch_norm=True, momentum=0.9, seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 3)), gl.one_hot(rng.integers(0, 2, 5), 2)
    S = X @ net.weights[0]
    gl.SGD(net, learning_rate=1e-3).step(X, Y)
    bn = torch.nn.BatchNorm1d(4, momentum=0.1, dtype=torch.float64)  # weight of the new value
    bn.train()
    bn(torch.from_numpy(S))
    np.testing.assert_allclose(net.running_mean[0], bn.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(net.running_var[0], bn.running_var.numpy(), rtol=1e-12)
    np.testing.assert_allclose(net.running_var[0], 0.9 + 0.1 * S.var(axis=0, ddof=1))


# -- what the docstrings promise ---------------------------------------------------------


def test_residual_never_on_the_first_layer_even_of_equal_width():
    net = gl.DeepNetwork([5, 5, 5, 3], residual=True)
    assert net.residual_layers == [1]


def test_deep_network_with_both_off_equals_network_to_rounding():
    plain = gl.Network([4, 5, 5, 3], activation="tanh", output="softmax", seed=4)
    deep = gl.DeepNetwork([4, 5, 5, 3], activation="tanh", output="softmax", seed=4)
    X, Y = _data(plain)
    a, b = plain.backward(X, Y), deep.backward(X, Y)
    for p, q in zip(a.arrays(), b.arrays(), strict=True):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-15)


# -- the RBM's pseudo-likelihood ---------------------------------------------------------


def _trained_rbm():
    rbm = gl.RBM(7, 4, seed=0)
    rbm.fit(_binary(60, 7), epochs=3, batch_size=10)
    return rbm


def _flip(X, i):
    Xf = X.copy()
    Xf[:, i] = 1 - Xf[:, i]
    return Xf


def test_exact_pseudo_likelihood_is_the_sum_of_the_conditionals():
    rbm = _trained_rbm()
    X = _binary(9, 7, seed=2)
    F = rbm.free_energy(X)
    # ln p(x_i | x_-i) = ln(e^-F(x) / (e^-F(x) + e^-F(x flipped at i))), unit by unit.
    brute = sum(-F - np.logaddexp(-F, -rbm.free_energy(_flip(X, i))) for i in range(7))
    np.testing.assert_allclose(rbm.pseudo_likelihood(X), brute, rtol=1e-12)
    assert np.all(rbm.pseudo_likelihood(X) <= 0)
    assert rbm.batch_cost(X) == pytest.approx(-brute.mean(), rel=1e-12)


def test_sampled_pseudo_likelihood_is_scikit_learns_estimate():
    sklearn_rbm = pytest.importorskip("sklearn.neural_network").BernoulliRBM
    rbm = _trained_rbm()
    X = _binary(30, 7, seed=3)
    ref = sklearn_rbm(n_components=4)
    ref.components_, ref.intercept_hidden_ = rbm.W.T.copy(), rbm.b_hidden.copy()
    ref.intercept_visible_, ref.h_samples_ = rbm.b_visible.copy(), np.zeros((1, 4))
    ref.n_features_in_ = 7
    units = np.random.default_rng(5).integers(0, 7, 30)
    fe, fe_flipped = ref._free_energy(X), ref._free_energy(np.where(
        np.arange(7) == units[:, None], 1 - X, X))
    expected = -7 * np.logaddexp(0, -(fe_flipped - fe))    # score_samples, given the units
    np.testing.assert_allclose(rbm.pseudo_likelihood(X, rng=np.random.default_rng(5)),
                               expected, rtol=1e-12)
    np.testing.assert_array_equal(rbm.pseudo_likelihood(X, rng=7),
                                  rbm.pseudo_likelihood(X, rng=7))


def test_pseudo_likelihood_needs_binary_rows_and_leaves_the_model_rng_alone():
    rbm = _trained_rbm()
    with pytest.raises(ValueError, match="pseudo-likelihood needs binary X"):
        rbm.pseudo_likelihood(np.full((2, 7), 0.5))
    twin = rbm.copy()
    rbm.pseudo_likelihood(_binary(5, 7), rng=1)
    rbm.pseudo_likelihood(_binary(5, 7))
    X = _binary(20, 7, seed=4)
    rbm.fit(X, epochs=1, batch_size=5)
    twin.fit(X, epochs=1, batch_size=5)
    np.testing.assert_array_equal(rbm.W, twin.W)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shared_softmax_never_overflows_and_keeps_the_dtype(dtype):
    from gradlib.numerics import softmax

    Z = np.array([[1000.0, 0.0, -1000.0], [0.5, 1.5, -2.0]], dtype=dtype)
    A = _quiet(lambda: softmax(Z))
    assert A.dtype == dtype and not np.shares_memory(A, Z)
    np.testing.assert_allclose(A[0], [1, 0, 0])
    e = np.exp(Z[1].astype(np.float64))
    np.testing.assert_allclose(A[1], e / e.sum(), rtol=1e-6)
    # The softmax output layer and the memory's label group use this very function.
    np.testing.assert_array_equal(gl.OUTPUTS["softmax"].forward(Z), A)
