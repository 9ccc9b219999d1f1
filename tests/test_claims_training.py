"""The claims of the "Training and the cost" page, checked against its snippets."""

import numpy as np
import pytest

import gradlib as gl


@pytest.fixture(scope="module")
def outputs(snippet_values):
    return snippet_values("training/outputs_and_targets")


@pytest.fixture(scope="module")
def surface(snippet_values):
    return snippet_values("training/cost_surface")


@pytest.fixture(scope="module")
def neuron(snippet_values):
    return snippet_values("training/saturated_neuron")


def test_the_mean_cost_is_the_average_of_the_per_example_costs(outputs):
    assert outputs["cost_mean"] == pytest.approx(np.mean(outputs["cost_per_example_before"]))
    assert len(outputs["cost_per_example_before"]) == 3


def test_training_lowers_the_cost_of_every_example_shown(outputs):
    before, after = outputs["cost_per_example_before"], outputs["cost_per_example_after"]
    assert all(a < b / 100 for a, b in zip(after, before, strict=True))


def test_training_lowers_the_mean_cost_over_the_whole_set(outputs):
    # The page says the mean training cost falls by more than a factor of 50.
    assert outputs["training_cost_end"] < outputs["training_cost_start"] / 50
    assert outputs["n_train"] == 1347


def test_training_adjusts_the_weights_and_biases():
    # "The cost drives the adjustment of the weights and biases": one step moves both.
    digits = gl.load_digits()
    net = gl.Network([64, 30, 10], cost="quadratic", init="scaled_normal", seed=0)
    before = [p.copy() for p in net.parameters()]
    gl.SGD(net, learning_rate=3.0).step(digits.X_train[:10], digits.Y_train[:10])
    for p0, p1 in zip(before, net.parameters(), strict=True):
        assert not np.array_equal(p0, p1)


def test_the_quadratic_surface_is_bounded_and_the_cross_entropy_one_is_not(surface):
    quad, ce = surface["surface"]["quadratic"], surface["surface"]["cross_entropy"]
    assert quad.max() < 0.5
    # At w = b = 4 the cross-entropy is about w + b = 8: it keeps rising.
    assert ce.max() > 7.9
    assert surface["cost_at_start"]["quadratic"] == pytest.approx(0.5 * gl_sigmoid(4.0) ** 2)
    assert surface["cost_at_start"]["cross_entropy"] == pytest.approx(-np.log(1 - gl_sigmoid(4.0)))


def gl_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_the_surfaces_are_computed_by_gradlib_costs(surface):
    # Spot-check one grid point against a one-neuron network's own cost.
    w, b = surface["w"][5, 7], surface["b"][5, 7]
    for name in ("quadratic", "cross_entropy"):
        net = gl.Network([1, 1], cost=name)
        net.weights[0][:], net.biases[0][:] = w, b
        assert surface["surface"][name][5, 7] == pytest.approx(net.cost_of([[1.0]], [[0.0]]))


def test_the_saturated_neuron_starts_badly_wrong(neuron):
    assert neuron["output_start"] == pytest.approx(0.982, abs=1e-3)
    for r in neuron["runs"].values():
        assert r["output"][0] == pytest.approx(neuron["output_start"])


def test_the_quadratic_gradient_carries_sigma_prime_and_cross_entropy_does_not(neuron):
    start = neuron["grad_w_start"]
    assert start["quadratic"] == pytest.approx(neuron["grad_w_quadratic"], rel=1e-12)
    assert start["cross_entropy"] == pytest.approx(neuron["grad_w_cross_entropy"], rel=1e-12)
    # The slowdown factor is exactly 1 / sigma'(4), about 57.
    assert neuron["slowdown"] == pytest.approx(1 / neuron["sigma_prime_z0"], rel=1e-12)
    assert 50 < neuron["slowdown"] < 60


def test_cross_entropy_learns_faster_from_the_same_saturated_start(neuron):
    epochs = neuron["epochs_to_half"]
    assert epochs["cross_entropy"] < 20
    assert epochs["quadratic"] > 10 * epochs["cross_entropy"]
    # After 50 epochs the quadratic neuron has barely moved; the other is nearly right.
    assert neuron["output_after_50"]["quadratic"] > 0.95
    assert neuron["output_after_50"]["cross_entropy"] < 0.15
    # Each cost measured against its own start: cross-entropy falls faster.
    share = neuron["cost_share_after_50"]
    assert share["cross_entropy"] < 0.05 < 0.95 < share["quadratic"]


def test_the_quadratic_gradient_first_grows_then_shrinks(neuron):
    # The right panel: leaving the plateau, sigma'(z) grows, so the quadratic gradient rises.
    grad = np.abs(neuron["runs"]["quadratic"]["grad_w"])
    peak = int(np.argmax(grad))
    assert 0 < peak < len(grad) - 1
    assert grad[peak] > 5 * grad[0]
    # The cross-entropy gradient only shrinks as the output nears the target.
    ce = np.abs(neuron["runs"]["cross_entropy"]["grad_w"])
    assert np.all(np.diff(ce) <= 1e-15)


def test_the_figure_caption_numbers(outputs, neuron):
    # "The per-example cost falls from about 1.6 to below 0.001."
    assert round(outputs["cost_mean_before"], 1) == 1.6
    assert max(outputs["cost_per_example_after"]) < 1e-3
    # "stays above 0.9 for about 150 epochs", "a peak around epoch 215"
    quadratic = neuron["runs"]["quadratic"]
    assert quadratic["output"][150] > 0.9
    assert 200 < int(np.argmax(np.abs(quadratic["grad_w"]))) < 230
