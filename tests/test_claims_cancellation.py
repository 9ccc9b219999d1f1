"""The claims of docs/vanishing/cancellation.md, checked against its snippet."""

import pytest


@pytest.fixture(scope="module")
def canc(snippet_values):
    return snippet_values("vanishing/cancellation")


def test_per_example_norm_formula_matches_one_backward_pass_per_example(canc):
    assert canc["formula_error"] < 1e-12


def test_the_norm_of_the_mean_never_exceeds_the_mean_of_the_norms(canc):
    for r in list(canc["plateau"].values()) + [canc["learning"]]:
        assert (r["norm_of_mean"] <= r["mean_of_norms"]).all()


def test_three_starts(canc):
    assert canc["seeds"] == [0, 1, 2]


def test_at_the_start_the_examples_agree(canc):
    assert min(canc["coherence_start"]) > 0.5


def test_on_the_plateau_the_cost_is_flat_at_the_prior_only_cost(canc):
    assert max(canc["cost_change_on_plateau"]) < 0.02
    assert canc["cost_change_max"] == max(canc["cost_change_on_plateau"])
    for c in canc["cost_plateau_end"]:
        assert c == pytest.approx(canc["prior_only_cost"], rel=0.01)


def test_on_the_plateau_the_examples_cancel_in_every_start(canc):
    assert max(canc["coherence_plateau_max"]) < 0.15
    assert min(canc["longer_median"]) > 10
    assert canc["mean_of_norms_end"] > 10 * canc["norm_of_mean_end"]


def test_the_normal_run_leaves_the_plateau_and_still_averages_most_pull_away(canc):
    assert canc["learning_cost_end"] < 0.5 * canc["prior_only_cost"]
    assert canc["learning_coherence_median"] < 0.5

