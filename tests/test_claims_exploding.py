"""The claims of the exploding-gradient page, checked against its snippets."""

import pytest
from claims import decreasing, increasing


@pytest.fixture(scope="module")
def chain(snippet_values):
    return snippet_values("exploding/nielsen_chain")


@pytest.fixture(scope="module")
def products(snippet_values):
    return snippet_values("exploding/random_products")


@pytest.fixture(scope="module")
def training(snippet_values):
    return snippet_values("exploding/exploding_training")


def test_nielsens_construction_multiplies_by_25_per_layer(chain):
    assert all(z == 0 for z in chain["z_values"])
    assert chain["growth_per_layer"] == pytest.approx([25.0] * (chain["n_neurons"] - 1))
    assert chain["first_over_last"] == pytest.approx(chain["expected_first_over_last"])


def test_a_nudged_input_grows_25_fold_forward_and_kills_the_gradient(chain):
    assert chain["z_growth_per_layer"] == pytest.approx(25, rel=1e-3)
    assert chain["db1_nudged_tiny"] > 1e8
    assert chain["db1_nudged"] == 0.0


def test_random_products_grow_or_shrink_geometrically_at_rate_s(products):
    rates = products["rate_per_layer"]
    for s in products["scales"]:
        assert rates[str(s)] == pytest.approx(s * products["typical_shrink"], rel=0.03)
    assert [rates[str(s)] for s in products["scales"]] == sorted(rates.values())
    assert products["median_end_length"]["2.0"] > 1e12
    assert products["median_end_length"]["0.5"] < 1e-12
    assert 0.1 < products["median_end_length"]["1.0"] < 1


def test_unstable_table(products):
    t = products["unstable_table"]
    assert t["0.25"][20] < 1e-11
    assert t["2.0"][20] > 1e6
    assert t["0.9"][5] < 1 < t["1.1"][5]


def test_gradients_grow_toward_the_input_with_large_weights(training):
    big, he, small = training["speed"][2.0], training["speed"][1.0], training["speed"][0.5]
    assert decreasing(big)
    assert increasing(small)
    assert max(he) / min(he) < 1.5
    assert training["growth_first_over_last"]["2.0"] > 30
    assert 1.5 < training["rate_per_layer"]["2.0"] < 2.5
    assert training["rate_per_layer"]["0.5"] < 0.7


def test_training_with_large_weights_diverges_without_clipping(training):
    assert training["diverged"]
    assert "epoch 1" in training["divergence_message"]
    assert training["steps_before_divergence"] < 10
    assert training["largest_unclipped_step"] > 1e10
    # each step makes the next gradient larger
    assert increasing(training["unclipped_grad_norms"])
    assert training["diverging_rates"][:2] == [0.05, 0.01]
    assert training["smaller_diverging_rates"][0] == 0.01
    assert training["largest_surviving_rate"] == 0.005


def test_the_largest_surviving_rate_does_not_diverge_later(training):
    # the page: trained for the full budget at that rate, it never diverges and learns
    assert training["slow_rate_ratio"] == pytest.approx(10)
    assert not training["slow_diverged"]
    assert len(training["slow_history"].accuracy) == training["epochs"] + 1
    assert training["slow_accuracy"] > 0.5


def test_clipping_bounds_every_step_and_training_proceeds(training):
    assert training["largest_clipped_step"] <= training["clipped_step_bound"] * (1 + 1e-9)
    assert training["largest_clipped_grad"] > 1
    assert training["n_clipped"] > 0
    assert training["share_clipped"] > 0.9
    assert training["clipped_accuracy"] > 0.5


def test_clipping_is_not_a_cure(training):
    assert training["loose_accuracy"] < 0.2
    assert training["dead_share_top"] == 1.0
    assert training["he_accuracy"] > training["clipped_accuracy"]
    assert training["he_accuracy"] > 0.8
