"""The claims of docs/backprop/proofs.md, checked against its snippet."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture(scope="module")
def rm(snippet_values):
    return snippet_values("backprop/reverse_mode")


def test_the_tape_gives_gradlibs_gradients(rm):
    assert rm["tape_error"] < 1e-12


def test_the_tape_keeps_the_input_the_activations_and_the_targets(rm):
    assert rm["tape_bytes"] == rm["tape_bytes_expected"] == 8 * 100 * (64 + 30 + 10 + 10)


def test_gradlib_keeps_the_input_and_two_numbers_per_unit(rm):
    for name, sizes in rm["networks"].items():
        units = sizes[0] + 2 * sum(sizes[1:])
        for dname, itemsize in (("float64", 8), ("float32", 4)):
            assert rm["stored"][name][dname] == [itemsize * n * units for n in rm["batch_sizes"]]


def test_float32_halves_the_memory(rm):
    for name in rm["networks"]:
        s64, s32 = rm["stored"][name]["float64"], rm["stored"][name]["float32"]
        assert all(2 * b == a for a, b in zip(s64, s32, strict=True))
        assert 2 * rm["parameters"][name]["float32"] == rm["parameters"][name]["float64"]


def test_where_the_activations_outweigh_the_parameters(rm):
    be = rm["break_even"]
    assert 15 < be["digits [64, 30, 10]"] < 17
    assert 400 < be["MNIST-sized [784, 1000, 1000, 1000, 10]"] < 420
    assert rm["mnist_kept_1000"] > 2 * rm["mnist_parameters"]


def test_backward_peak_holds_gradients_and_activations_inference_far_less(rm):
    assert rm["peak_backward"] >= rm["mnist_parameters"] + rm["trace_bytes_100"]
    assert rm["mnist_parameters"] > 0.5 * rm["peak_backward"]   # gradients are most of it
    assert rm["peak_inference"] < 0.5 * rm["trace_bytes_100"]  # a few layers at a time
    assert rm["peak_inference"] < rm["peak_backward"] / 5


def test_softmax_cross_entropy_error_is_a_minus_y():
    # The derivation on the page: the full softmax Jacobian times -y/a gives a - y.
    rng = np.random.default_rng(0)
    z = rng.normal(size=5)
    a = np.exp(z) / np.exp(z).sum()
    y = gl.one_hot(np.array([2]), 5)[0]
    jac = np.diag(a) - np.outer(a, a)  # d a_k / d z_j = a_k (1[k=j] - a_j)
    np.testing.assert_allclose(jac.T @ (-y / a), a - y, atol=1e-15)
