"""The claims of the gradients page's section on stochastic gradient descent."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def mb(snippet_values):
    return snippet_values("gradients/minibatch_noise")


def test_the_mean_of_the_per_example_gradients_is_the_full_gradient(mb):
    assert mb["mean_matches_full"] < 1e-12


def test_the_variance_follows_sigma2_over_m_with_the_finite_population_correction(mb):
    assert 0.85 < mb["ratio_min"] and mb["ratio_max"] < 1.15
    # Without the correction the formula would be four times off at m = 1000.
    m = mb["batch_sizes"].index(1000)
    assert mb["measured"][m] < 0.5 * mb["sigma2"] / 1000
    assert mb["fpc_divides_at_1000"] == pytest.approx(3.88, abs=0.01)


def test_the_variance_falls_like_one_over_m(mb):
    sizes, measured = np.array(mb["batch_sizes"][:6]), np.array(mb["measured"][:6])
    slope = np.polyfit(np.log(sizes), np.log(measured), 1)[0]
    assert slope == pytest.approx(-1.0, abs=0.05)


def test_a_batch_of_the_whole_training_set_has_no_noise(mb):
    assert mb["batch_sizes"][-1] == 1347
    assert mb["measured_at_N"] < 1e-20


def test_the_estimate_is_unbiased(mb):
    # The average of n_draws independent errors has length about sqrt(variance / n_draws).
    assert max(mb["bias_in_sd"]) < 2.0


def test_noise_exceeds_the_signal_below_about_150_examples(mb):
    assert 100 < mb["m_noise_equals_signal"] < 200
    assert mb["batch_10_noise"] > 3


def test_sigma2_is_the_mean_squared_length_minus_the_squared_mean(mb):
    G = mb["G"]
    mean_sq = float(np.mean(np.sum(G**2, axis=1)))
    assert mb["sigma2"] == pytest.approx(mean_sq - mb["full_norm_sq"], rel=1e-9)
