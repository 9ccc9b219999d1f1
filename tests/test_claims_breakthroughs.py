"""What the 2006-breakthrough pages say about their figures and numbers, checked.

Each snippet runs once per session (the ``snippet_values`` fixture); every test
asserts a statement a page makes, in the page's order.
"""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def rbm(snippet_values):
    return snippet_values("breakthroughs/rbm_digits")


@pytest.fixture(scope="module")
def likelihood(snippet_values):
    return snippet_values("breakthroughs/rbm_likelihood")


@pytest.fixture(scope="module")
def autoencoder(snippet_values):
    return snippet_values("breakthroughs/autoencoder_digits")


@pytest.fixture(scope="module")
def sparse(snippet_values):
    return snippet_values("breakthroughs/sparse_codes")


@pytest.fixture(scope="module")
def comparison(snippet_values):
    return snippet_values("breakthroughs/pretraining_comparison")


RANDOM, SMALL = "random N(0, 1)", "random N(0, 1/n_in)"
PRETRAINED = ("DBN", "autoencoder stack")


# -- index.md: the teaser ---------------------------------------------------------------


def test_plain_backprop_leaves_the_deep_network_at_chance_and_pretraining_rescues_it(
        comparison):
    assert comparison["final_error"][SMALL] > 0.85          # 10 classes: chance is 90%
    assert comparison["final_error"]["DBN"] < 0.03


# -- dbn.md: an RBM on the digits -------------------------------------------------------


def test_reconstruction_error_falls_during_training(rbm):
    assert rbm["last_error"] < 0.5 * rbm["first_error"]
    # Most of the fall happens in the first 20 epochs.
    errors = rbm["reconstruction_error"]
    assert errors[0] - errors[19] > 0.9 * (errors[0] - errors[-1])


def test_test_digits_are_reconstructed_as_well_as_training_digits(rbm):
    assert rbm["test_error"] < 1.15 * rbm["train_error"]
    assert rbm["test_error"] < 0.2 * rbm["mean_image_error"]


def test_free_energy_gap_is_small_and_grows(rbm):
    assert rbm["gap_start"] < 0 < rbm["gap_end"] < 0.5
    # the page reads the gap as a likelihood ratio between training and test digits
    assert rbm["likelihood_ratio"] == pytest.approx(np.exp(rbm["gap_end"]))
    assert 1 < rbm["likelihood_ratio"] < 1.65
    assert rbm["likelihood_ratio_per_pixel"] ** 64 == pytest.approx(rbm["likelihood_ratio"])
    assert 1 < rbm["likelihood_ratio_per_pixel"] < 1.01   # "a few thousandths per pixel"


# -- dbn.md: what contrastive divergence optimises ----------------------------------


def test_lowest_reconstruction_error_is_not_highest_likelihood(likelihood):
    assert likelihood["best_by_reconstruction"] == "CD-1, recipe"
    assert likelihood["best_by_likelihood"] != "CD-1, recipe"
    ll = likelihood["log_likelihood"]["CD-1, recipe"]
    # The recipe's likelihood peaks early and then falls while its reconstruction error
    # keeps falling.
    assert max(ll) - ll[-1] > 0.5
    errors = likelihood["models"]["CD-1, recipe"].reconstruction_error
    assert errors[-1] < errors[len(errors) // 4]


def test_gentle_runs_keep_improving_and_cd10_is_slightly_ahead(likelihood):
    for name in ("CD-1, gentle", "CD-10, gentle"):
        assert np.all(np.diff(likelihood["log_likelihood"][name]) > 0)
    gain = likelihood["final_ll"]["CD-10, gentle"] - likelihood["final_ll"]["CD-1, gentle"]
    assert 0 < gain < 1


def test_cd_k_turns_towards_the_gradient_as_k_grows(likelihood):
    sampled, probabilities = likelihood["cos_sampled"], likelihood["cos_probabilities"]
    assert probabilities[0] < 0.7 and sampled[0] < 0.8
    assert likelihood["angle_cd1"] > 45
    assert sampled[0] < sampled[1] < sampled[2] < sampled[3] < sampled[4]
    assert min(sampled[-2:]) > 0.98 and likelihood["angle_cd100"] < 10
    # Ending on probabilities is further from the gradient for CD-1.
    assert probabilities[0] < sampled[0]


# -- stacked-autoencoders.md ---------------------------------------------------------


def test_denoising_autoencoder_undoes_corruption(autoencoder):
    cost = autoencoder["cost"]
    assert cost["plain"]["clean"] < cost["denoising"]["clean"]
    assert autoencoder["denoising_gain"] > 4
    assert cost["plain"]["corrupted"] > cost["plain"]["clean"] + 8
    assert max(cost["plain"]["clean"], cost["denoising"]["clean"]) < 0.7 * \
        autoencoder["mean_image_cost"]


# -- sparse-energy.md ----------------------------------------------------------------


def test_codes_are_sparse_and_mostly_near_zero_or_one(sparse):
    assert sparse["active_per_digit"] < 6
    assert sparse["nearly_binary"] > 0.9
    assert sparse["units_used"] > 90


def test_digits_of_a_class_share_code_units(sparse):
    assert sparse["overlap_same_class"] > 5 * sparse["overlap_other_class"]


def test_sparse_codes_reconstruct_and_inference_lowers_the_energy(sparse):
    assert sparse["reconstruction_error"] < 0.5 * sparse["mean_image_error"]
    assert sparse["energy_optimal"] < 0.6 * sparse["energy_guess"]
    # The encoder's guess alone reconstructs worse than the mean image.
    assert sparse["encoder_error"] > sparse["mean_image_error"]


# -- did-it-work.md ------------------------------------------------------------------


def test_pretrained_networks_end_with_lower_test_error(comparison):
    final = comparison["final_error"]
    for name in PRETRAINED:
        assert final[name] < final[RANDOM] < final[SMALL]
        assert comparison["final_test_cost"][name] < comparison["final_test_cost"][RANDOM]
        assert comparison["mean_test_error"][name] < 0.6 * comparison["mean_test_error"][RANDOM]
    assert final["DBN"] <= final["autoencoder stack"]
    # DBN's lead over random N(0, 1) is more than three standard errors of the measurement.
    assert final[RANDOM] - final["DBN"] > 3 * comparison["error_noise"]
    # The deep pretrained networks beat the shallow reference; the deep random one does not.
    shallow = final["shallow, N(0, 1)"]
    assert final["DBN"] < shallow < final[RANDOM]


def test_pretrained_networks_are_ahead_from_the_first_epoch(comparison):
    error = comparison["test_error"]
    for name in PRETRAINED:
        assert error[name][1] < 0.6 * error[RANDOM][1]
        assert error[name][5] < 0.5 * error[RANDOM][5]


def test_first_layer_learns_faster_than_from_small_random_weights(comparison):
    speed = comparison["first_layer_speed"]
    for name in PRETRAINED:
        assert speed[name] > 100 * speed[SMALL]
        assert comparison["speedup_over_small"][name] > 100
    # But not faster than from N(0, 1) weights, whose large weights make large gradients.
    assert speed[RANDOM] > speed["DBN"] and speed[RANDOM] > speed["autoencoder stack"]


def test_pretraining_balances_the_layers(comparison):
    ratio = comparison["speed_ratio_mean"]
    assert ratio[SMALL] < 0.01 and comparison["slowdown_small"] > 100
    for name in (*PRETRAINED, RANDOM):
        assert 0.5 < ratio[name] < 2
    # At the start, before fine-tuning, the DBN's first layer is the slowest of its layers.
    assert comparison["speed_ratio_start"]["DBN"] < 0.2


def test_random_start_fits_training_data_best_but_generalises_worse(comparison):
    train_cost, final = comparison["final_training_cost"], comparison["final_error"]
    for name in PRETRAINED:
        assert train_cost[RANDOM] < train_cost[name]
        assert final[RANDOM] > final[name]
