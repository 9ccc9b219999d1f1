"""What the deep-belief-net page says about Hinton et al.'s model and the comparison, checked.

Each snippet runs once per session (the ``snippet_values`` fixture). Every sentence of
``docs/breakthroughs/dbn.md`` that compares methods rests on several seeds and a paired
test; the tests below assert the statistical result each sentence states.
"""

from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
UPDOWN, BACKPROP, RANDOM, GREEDY = (
    "greedy + up-down", "greedy + backprop", "random + backprop", "greedy only")


@pytest.fixture(scope="module")
def comparison(snippet_values):
    return snippet_values("breakthroughs/dbn_comparison")


@pytest.fixture(scope="module")
def tuning(snippet_values):
    return snippet_values("breakthroughs/dbn_tuning")


@pytest.fixture(scope="module")
def generation(snippet_values):
    return snippet_values("breakthroughs/dbn_generation")


# -- the protocol: nothing chosen on the test set ---------------------------------------


def test_learning_rates_are_the_ones_chosen_on_validation(comparison, tuning):
    assert comparison["rate"] == tuning["rate"]
    # Same net, split and budget in both snippets.
    for name in ("sizes", "pretrain_epochs", "finetune_epochs", "batch_size"):
        assert comparison[name] == tuning[name], name
    np.testing.assert_array_equal(comparison["X"], tuning["X"])


def test_the_choice_never_sees_the_test_digits(tuning):
    source = (ROOT / "snippets/breakthroughs/dbn_tuning.py").read_text()
    assert "X_test" not in source and "y_test" not in source
    # The validation digits are carved from the training digits, disjoint from what is fit.
    assert not set(tuning["val"]) & set(tuning["fit"])
    assert len(tuning["val"]) + len(tuning["fit"]) == len(tuning["digits"].y_train)


def test_no_chosen_rate_sits_at_the_edge_of_its_grid(tuning):
    # An edge choice would mean the grid was too narrow to find the route's best rate.
    for route, grid in tuning["grids"].items():
        assert grid[0] < tuning["rate"][route] < grid[-1], route


def test_the_comparison_runs_at_least_five_seeds(comparison):
    assert comparison["n_seeds"] >= 5
    for m in comparison["methods"]:
        assert comparison["correct"][m].shape == (comparison["n_seeds"], 450)


# -- classification: the paper's test procedures ---------------------------------------


def test_deterministic_up_pass_beats_stochastic_and_averaging_recovers_most(generation):
    e = generation["test_error"]
    deterministic, one, averaged = (e["deterministic up-pass"], e["one stochastic up-pass"],
                                    e["20 stochastic up-passes, averaged"])
    assert deterministic < averaged < one
    # The paper's stochastic procedures cost it about half a point to a point; ours, more.
    assert one - deterministic > 0.01
    assert one - averaged > 2 * (averaged - deterministic)


# -- generation -------------------------------------------------------------------------


def test_generated_digits_show_their_label_far_more_often_than_chance(generation):
    assert generation["recognised"] > 0.8                # chance: 0.1
    assert generation["judge_error"] < 0.06
    # Every label, not just a few, is generated recognisably.
    assert np.min(generation["recognised_per_label"]) >= 0.7


def test_the_chain_falls_into_its_label_within_twenty_steps(generation):
    recognised = generation["chain_recognised"]
    assert recognised[0] <= 2                            # the random start: a blur
    assert recognised[10] >= 8
    assert recognised[20] >= 9


# -- the comparison ---------------------------------------------------------------------


def test_both_pretrained_routes_beat_backprop_from_random_weights(comparison):
    for route in (UPDOWN, BACKPROP):
        r = comparison["paired"][f"{route} vs {RANDOM}"]
        assert r["difference"] < 0 and r["high"] < 0
        assert r["p_value"] < 0.001, route
    # Per seed, too: every pretrained run is ahead of every random-start run.
    assert max(comparison["errors"][UPDOWN].max(), comparison["errors"][BACKPROP].max()) \
        < comparison["errors"][RANDOM].min()


def test_random_start_is_still_leaving_its_plateau_at_a_seed_dependent_speed(comparison):
    low, high = comparison["random_range"]
    assert high - low > 0.3
    assert comparison["std_error"][RANDOM] > 10 * comparison["std_error"][BACKPROP]


def test_updown_improves_on_the_greedy_net(comparison):
    r = comparison["paired"][f"{UPDOWN} vs {GREEDY}"]
    assert comparison["mean_error"][UPDOWN] < comparison["mean_error"][GREEDY]
    assert r["difference"] < 0 and r["high"] < 0 and r["p_value"] < 0.05


def test_updown_against_backprop_from_the_same_pretraining_is_not_significant(comparison):
    r = comparison["paired"][f"{UPDOWN} vs {BACKPROP}"]
    # Backprop's mean is lower, and the page says so...
    assert comparison["mean_error"][BACKPROP] < comparison["mean_error"][UPDOWN]
    assert r["difference"] > 0
    # ...but the interval includes zero: the page says the difference is not significant.
    assert r["low"] < 0 < r["high"]
    assert r["p_value"] >= 0.05
    assert not comparison["significant"][f"{UPDOWN} vs {BACKPROP}"]


def test_updown_costs_more_compute_than_backprop(comparison):
    t = comparison["finetune_seconds"]
    assert t[UPDOWN] > t[BACKPROP]


def test_paired_bootstrap_matches_its_definition(comparison):
    # The local paired test: error of A minus error of B, seed-averaged, is the observed
    # difference; a method against itself differs by exactly zero with p = 1.
    rng = np.random.default_rng(0)
    test = comparison["paired_bootstrap"]
    a, b = comparison["correct"][UPDOWN], comparison["correct"][BACKPROP]
    r = test(a, b, rng)
    assert r["difference"] == pytest.approx((1 - a.mean()) - (1 - b.mean()))
    same = test(a, a, rng)
    assert same["difference"] == 0 and same["p_value"] == 1.0
    # Identical except that B is right on 30 more digits: a clear, significant difference.
    worse = b.copy()
    wrong = np.flatnonzero(worse.all(axis=0))[:30]
    worse[:, wrong] = False
    shifted = test(worse, b, rng)
    assert shifted["difference"] == pytest.approx(30 / a.shape[1])
    assert shifted["p_value"] < 0.001
