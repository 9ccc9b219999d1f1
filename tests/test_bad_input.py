"""Bad input gets a ValueError that says what was expected and what was got."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture
def net():
    return gl.Network([64, 30, 10])


def test_wrong_number_of_features(net):
    with pytest.raises(ValueError, match="X has 63 features, but the network expects 64"):
        net.forward(np.zeros((5, 63)))


def test_one_dimensional_input_is_not_reshaped(net):
    with pytest.raises(ValueError, match=r"2-D with shape \(n_samples, 64\).*\(64,\)"):
        net.forward(np.zeros(64))


def test_wrong_target_shape(net):
    with pytest.raises(ValueError, match="Y has 1 columns, but the network expects 10"):
        net.backward(np.zeros((5, 64)), np.zeros((5, 1)))
    with pytest.raises(ValueError, match=r"Y must be 2-D.*\(5,\)"):
        net.backward(np.zeros((5, 64)), np.zeros(5))


def test_mismatched_rows(net):
    with pytest.raises(ValueError, match="X has 5 samples but Y has 4"):
        net.backward(np.zeros((5, 64)), np.zeros((4, 10)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_inputs(net, bad):
    X = np.zeros((3, 64))
    X[1, 2] = bad
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        net.forward(X)
    Y = np.zeros((3, 10))
    Y[0, 0] = bad
    with pytest.raises(ValueError, match="Y contains NaN or infinite values"):
        net.backward(np.zeros((3, 64)), Y)


def test_non_numeric_input(net):
    with pytest.raises(ValueError, match="X must be an array of numbers"):
        net.forward([["a"] * 64])


def test_empty_batch(net):
    with pytest.raises(ValueError, match="X has no rows"):
        net.forward(np.zeros((0, 64)))


@pytest.mark.parametrize(("kwarg", "value", "kind"), [
    ("activation", "swish", "activation"),
    ("output", "tanh", "output"),
    ("cost", "hinge", "cost"),
    ("init", "lsuv", "init"),
])
def test_unknown_names_list_the_valid_ones(kwarg, value, kind):
    with pytest.raises(ValueError, match=f"unknown {kind} '{value}'; expected one of") as exc:
        gl.Network([3, 2], **{kwarg: value})
    registry = {"activation": gl.ACTIVATIONS, "output": gl.OUTPUTS, "cost": gl.COSTS,
                "init": gl.INITIALIZERS}[kwarg]
    for name in registry:
        assert repr(name) in str(exc.value)


@pytest.mark.parametrize("sizes", [[64, 0, 10], [64, -3, 10], [64, 2.5, 10], [10], [],
                                   [True, 3]])
def test_bad_layer_sizes(sizes):
    with pytest.raises(ValueError, match="sizes|layer widths"):
        gl.Network(sizes)


def test_cross_entropy_needs_sigmoid_or_softmax_outputs():
    with pytest.raises(ValueError, match="needs output='sigmoid' or output='softmax', "
                                         "got output='identity'"):
        gl.Network([3, 2], output="identity", cost="cross_entropy")


def test_cross_entropy_targets_in_unit_interval():
    net = gl.Network([3, 2])
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\].*got values in \[0, 2\]"):
        net.backward(np.zeros((1, 3)), [[2.0, 0.0]])


def test_softmax_cross_entropy_rows_sum_to_one():
    net = gl.Network([3, 2], output="softmax")
    with pytest.raises(ValueError, match="rows must sum to 1.*summing to 0.5"):
        net.backward(np.zeros((1, 3)), [[0.5, 0.0]])


@pytest.mark.parametrize("dtype", [np.int64, np.float16, "complex128"])
def test_unsupported_dtype(dtype):
    with pytest.raises(ValueError, match="dtype must be numpy.float32 or numpy.float64"):
        gl.Network([3, 2], dtype=dtype)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        gl.Network([3, 2], seed=seed)


@pytest.mark.parametrize(("kwarg", "value"), [
    ("learning_rate", 0), ("learning_rate", -0.1), ("learning_rate", float("nan")),
    ("epochs", -1), ("epochs", 2.0), ("batch_size", 0), ("momentum", -0.5),
    ("momentum", 1.0), ("l2", -1.0), ("clip_norm", 0.0),
])
def test_bad_training_hyperparameters(kwarg, value):
    net = gl.Network([3, 2])
    with pytest.raises(ValueError, match=kwarg):
        gl.train(net, np.zeros((4, 3)), np.zeros((4, 2)), **{kwarg: value})


def test_bad_eval_data():
    net = gl.Network([3, 2])
    X, Y = np.zeros((4, 3)), np.zeros((4, 2))
    with pytest.raises(ValueError, match="X_eval has 4 features, but the network expects 3"):
        gl.train(net, X, Y, eval_data=(np.zeros((2, 4)), np.zeros((2, 2))))
    with pytest.raises(ValueError, match="eval_data must be a pair"):
        gl.train(net, X, Y, eval_data=X)


def test_bad_labels_for_one_hot():
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 9\], got values in \[0, 10\]"):
        gl.one_hot(np.array([0, 10]))
    with pytest.raises(ValueError, match="1-D array of ints"):
        gl.one_hot(np.array([0.5, 1.0]))
