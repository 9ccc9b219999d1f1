"""The claims of the "Backpropagation" page, checked against its snippets."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import gradlib as gl

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def worked(snippet_values):
    return snippet_values("backprop/worked_example")


@pytest.fixture(scope="module")
def paths(snippet_values):
    return snippet_values("backprop/sum_over_paths")


@pytest.fixture(scope="module")
def check(snippet_values):
    return snippet_values("backprop/gradient_check")


@pytest.fixture(scope="module")
def work(snippet_values):
    return snippet_values("backprop/cost_of_gradients")


# -- the worked example is the hand-worked unit test ----------------------------------


def _hand_test():
    spec = importlib.util.spec_from_file_location(
        "hand_test", ROOT / "tests" / "test_backprop_by_hand.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_worked_example_uses_the_hand_tests_example(worked):
    hand = _hand_test()
    np.testing.assert_array_equal(worked["x"], hand.X)
    np.testing.assert_array_equal(worked["y"], hand.Y)
    # The parameters set in the hand test's fixture.
    np.testing.assert_array_equal(worked["W0"], [[0.5, -0.5], [0.25, 0.75]])
    np.testing.assert_array_equal(worked["b0"], [0.0, 0.5])
    np.testing.assert_array_equal(worked["W1"], [[1.0], [-1.0]])
    np.testing.assert_array_equal(worked["b1"], [0.25])


def test_worked_example_numbers_equal_the_hand_tests(worked):
    # The six-decimal numbers worked out in tests/test_backprop_by_hand.py.
    def close(value, expected):
        np.testing.assert_allclose(np.ravel(value), np.ravel(expected), rtol=0, atol=1e-6)

    close(worked["Z0"], [0.5, 0.0])
    close(worked["A1"], [0.622459, 0.5])
    close(worked["Z1"], [0.372459])
    close(worked["A2"], [0.592053])
    close(worked["C"], 0.083210)
    close(worked["delta1"], [-0.098530])
    close(worked["grad_b1"], [-0.098530])
    close(worked["grad_W1"], [-0.061331, -0.049265])
    close(worked["delta0"], [-0.023155, 0.024632])
    close(worked["grad_b0"], [-0.023155, 0.024632])
    close(worked["grad_W0"], [[-0.023155, 0.024632], [0.0, 0.0]])
    close(worked["W1_after"][0, 0], 1.030665)


def test_worked_example_agrees_with_gradlib_to_the_last_digits(worked):
    g = worked["g"]
    np.testing.assert_allclose(g.deltas[0], worked["delta0"], rtol=1e-12)
    np.testing.assert_allclose(g.weights[0], worked["grad_W0"], rtol=1e-12, atol=1e-300)
    assert g.cost == pytest.approx(worked["C"], rel=1e-12)


def test_the_step_lowers_the_cost(worked):
    assert worked["C_after"] < worked["C"]


def test_an_input_of_zero_gets_zero_weight_gradients(worked):
    # x2 = 0, so the weights leaving it do not change the cost at all (BP4).
    np.testing.assert_array_equal(worked["grad_W0"][1], [0.0, 0.0])


# -- a delta is a sum over paths --------------------------------------------------------


def test_delta_is_the_sum_over_paths_of_products(paths):
    assert paths["paths_per_unit"] == 4 * 2
    np.testing.assert_allclose(paths["delta_by_paths"], paths["delta_by_backprop"],
                               rtol=1e-12, atol=1e-15)
    assert paths["max_difference"] < 1e-15


def test_paths_outnumber_weights(paths):
    assert paths["paths_from_first_hidden_unit"] == 30 * 30 * 30 * 10
    assert paths["weights_after_first_layer"] == 30 * 30 * 3 + 30 * 10
    assert paths["paths_from_first_hidden_unit"] > 50 * paths["weights_after_first_layer"]


# -- gradient checking ------------------------------------------------------------------


def test_backprop_matches_central_differences_in_every_configuration(check):
    assert check["n_configs"] >= 5
    assert all(e < 1e-7 for e in check["errors"])
    # Several activations, outputs and both costs are covered.
    hidden = {c[1] for c in check["configs"]}
    outputs = {c[2] for c in check["configs"]}
    costs = {c[3] for c in check["configs"]}
    assert {"sigmoid", "tanh", "relu"} <= hidden
    assert {"sigmoid", "softmax", "identity"} <= outputs
    assert costs == {"quadratic", "cross_entropy"}


def test_the_relative_error_is_largest_where_the_gradient_is_smallest(check):
    errors, norms = check["deep_errors"], check["deep_grad_norms"]
    # The gradient shrinks toward the input and the relative error grows.
    assert all(a < b for a, b in zip(norms, norms[1:], strict=False))
    assert all(a > b for a, b in zip(errors, errors[1:], strict=False))


def test_central_differences_beat_one_sided_ones(check):
    # Best step: about 1e-5 for central differences, about 1e-7 to 1e-8 for one-sided ones.
    assert 1e-6 <= check["best_eps_central"] <= 1e-4
    assert 1e-9 <= check["best_eps_forward"] <= 1e-6
    assert check["best_error_central"] < check["best_error_forward"] / 10
    # Too small a step is ruined by rounding, too large a step by truncation.
    central = check["central_error"]
    assert central[0] > 1e3 * check["best_error_central"]
    assert central[-1] > 1e3 * check["best_error_central"]


# -- the cost of computing gradients -----------------------------------------------------


class _Counted(np.ndarray):
    """An array that counts the multiply-adds of every matrix product it takes part in."""

    macs = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__":
            a, b = inputs
            _Counted.macs += a.shape[0] * a.shape[1] * b.shape[1]
        inputs = tuple(np.asarray(i) if isinstance(i, _Counted) else i for i in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(np.asarray(o) if isinstance(o, _Counted) else o
                                  for o in kwargs["out"])
        result = getattr(ufunc, method)(*inputs, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) else result


@pytest.mark.parametrize("sizes", [[64, 30, 10], [64, 7, 5, 3, 10], [5, 100, 100, 2]])
def test_the_counts_match_the_matrix_products_gradlib_really_does(work, sizes):
    net = gl.Network(sizes, seed=0)
    rng = np.random.default_rng(0)
    n = 3
    X = rng.uniform(size=(n, sizes[0])).view(_Counted)
    Y = gl.one_hot(rng.integers(0, sizes[-1], n), sizes[-1])
    _Counted.macs = 0
    net.batch_cost(X, Y)
    assert _Counted.macs == n * work["forward_work"](sizes)
    _Counted.macs = 0
    net.batch_gradients(X, Y)
    assert _Counted.macs == n * work["backprop_work"](sizes)


def test_backprop_costs_between_two_and_three_forward_passes(work):
    assert 2 < work["backprop_ratio_min"] <= work["backprop_ratio_max"] < 3
    # About two when the first layer holds most weights, nearly three for deep uniform nets.
    assert work["mnist_net_ratio"] < 2.05
    assert work["deep_net_ratio"] > 2.9
    assert work["digits_net_ratio"] == pytest.approx(2 + 300 / 2220)


def test_finite_difference_work_grows_linearly_with_the_parameters(work):
    for w in work["work"].values():
        P = np.array(w["parameters"])
        passes = np.array(w["finite differences / forward"])
        np.testing.assert_array_equal(passes, 2 * P)
        # In multiply-adds: quadratic in P (slope 2 on log-log), backprop slope 1.
        slope_fd = np.polyfit(np.log(P[-4:]), np.log(w["finite differences"][-4:]), 1)[0]
        slope_bp = np.polyfit(np.log(P[-4:]), np.log(w["backprop"][-4:]), 1)[0]
        assert slope_fd == pytest.approx(2.0, abs=0.05)
        assert slope_bp == pytest.approx(1.0, abs=0.05)
    assert work["digits_net_fd_passes"] == 2 * gl.Network([64, 30, 10]).n_parameters


def test_the_hidden_errors_have_opposite_signs(worked):
    # Raising hidden unit 1's weighted input lowers the cost, raising unit 2's raises it.
    assert worked["delta0"][0, 0] < 0 < worked["delta0"][0, 1]
