"""The claims of the "Gradients" page, checked against its snippets."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def slope(snippet_values):
    return snippet_values("gradients/slope")


@pytest.fixture(scope="module")
def descent(snippet_values):
    return snippet_values("gradients/descent")


@pytest.fixture(scope="module")
def rolling(snippet_values):
    return snippet_values("gradients/rolling_downhill")


@pytest.fixture(scope="module")
def rates(snippet_values):
    return snippet_values("gradients/learning_rate")


@pytest.fixture(scope="module")
def fd(snippet_values):
    return snippet_values("gradients/finite_differences")


def test_the_central_difference_matches_the_derivative(slope):
    assert slope["difference"] < 1e-9


def test_the_slopes_change_size_and_sign(slope):
    s = slope["slopes"]
    assert min(s) < 0 < max(s)
    # One nearly flat tangent, near the bottom of the valley.
    assert min(abs(v) for v in s) < 0.1 * max(abs(v) for v in s)


def test_descent_reaches_the_minimum(descent):
    assert descent["final_cost"] < 1e-4 * descent["start_cost"]
    assert descent["n_steps"] == 40
    # Every step lowers the cost (eta is below 2 / k_max).
    costs = [descent["cost"](w) for w in descent["path"]]
    assert all(b < a for a, b in zip(costs, costs[1:], strict=False))


def test_step_length_is_eta_times_steepness(rolling):
    np.testing.assert_allclose(rolling["step_length"], rolling["eta"] * rolling["steepness"],
                               rtol=1e-12)


def test_the_rock_is_fast_on_the_slope_and_slow_on_the_flat(rolling):
    assert rolling["steps_on_plateau"] > 2 * rolling["steps_on_slope"] > 0
    assert rolling["mean_step_slope"] > 4 * rolling["mean_step_plateau"]
    # On the valley floor it slows down again, below the plateau's pace.
    assert rolling["last_step"] < rolling["mean_step_plateau"] / 10
    # The fastest step is taken on the steep slope.
    fastest = int(np.argmax(rolling["step_length"]))
    assert abs(rolling["path"][fastest, 0]) < 1
    assert rolling["final_cost"] < rolling["start_cost"] / 100


def test_the_plateau_is_flat_and_the_slope_steep(rolling):
    g = rolling["gradient"]
    assert np.linalg.norm(g(np.array([3.0, 0.0]))) < 0.1
    assert np.linalg.norm(g(np.array([0.0, 0.0]))) > 0.7


def test_learning_rates_too_small_right_too_large(rates):
    final, start = rates["final_cost"], rates["start_cost"]
    assert rates["critical_eta"] == pytest.approx(0.2)
    assert rates["rates"]["too large"] > rates["critical_eta"] > rates["rates"]["about right"]
    assert final["about right"] < 1e-4
    assert 0.1 * start < final["too small"] < start     # still far from the minimum
    assert final["too large"] > 10 * start               # diverging
    assert final["about right"] < final["too small"] < final["too large"]


def test_finite_differences_get_the_bowl_right(fd):
    assert fd["bowl_error"] < 1e-6


def test_finite_differences_cost_two_evaluations_per_parameter(fd):
    assert fd["evaluations"] == {n: 2 * n for n in (2, 10, 100, 1000)}
    assert fd["digits_forward_passes"] == 2 * fd["digits_parameters"] == 4520


def test_finite_differences_agree_with_backprop_on_the_digits_network(fd):
    assert fd["agree"] < 1e-7


def test_the_training_run_count(fd):
    assert fd["mnist_parameters"] == 784 * 30 + 30 + 30 * 10 + 10
    assert fd["steps"] == 150_000
    assert fd["passes_finite_differences"] == 2 * fd["mnist_parameters"] * fd["steps"]


def test_the_rolling_figure_description(rolling):
    steps = rolling["step_length"]
    assert 0.04 < steps[0] < 0.08           # about 0.06 on the plateau
    assert 0.2 < steps.max() < 0.5          # about 0.3 on the slope
    assert steps[-1] < 0.01
