"""What the deep-belief-net page says about Hinton et al.'s model and the comparison, checked.

Each snippet runs once per session (the ``snippet_values`` fixture). Every sentence of
``docs/breakthroughs/dbn.md`` that compares methods rests on several seeds and a paired
test; the tests below assert the statistical result each sentence states.
"""

from pathlib import Path

import numpy as np
import pytest

import gradlib as gl

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


def test_paired_differences_are_errors_of_a_minus_errors_of_b(comparison):
    # The page reads each difference as the error of A minus the error of B, seed-averaged:
    # gl.paired_bootstrap gives accuracy differences, so the snippet passes B first.
    for name, r in comparison["paired"].items():
        a, b = name.split(" vs ")
        expected = comparison["mean_error"][a] - comparison["mean_error"][b]
        assert r["difference"] == pytest.approx(expected, abs=1e-12), name
        assert r["low"] <= r["difference"] <= r["high"], name
    # And the statistics are gl.paired_bootstrap's, recomputed from the same resamples.
    rng = np.random.default_rng(0)
    first = comparison["pairs"][0]
    redo = gl.paired_bootstrap(comparison["correct"][first[1]], comparison["correct"][first[0]],
                               rng)
    r = comparison["paired"][" vs ".join(first)]
    assert (redo.low, redo.high, redo.p_value) == (r["low"], r["high"], r["p_value"])


def test_mcnemar_beside_it_points_the_same_way_and_is_rarely_significant(comparison):
    # "Seed by seed the two disagree on only a few digits; backprop is right on more of them
    # on every seed, but McNemar's test is significant on fewer seeds than that."
    a, b = comparison["only_updown"], comparison["only_backprop"]
    n = comparison["n_seeds"]
    assert len(a) == len(b) == len(comparison["mcnemar_p"]) == n
    low, high = comparison["disagree_range"]
    assert low == min(x + y for x, y in zip(a, b, strict=True)) and high < 0.1 * 450
    assert comparison["backprop_ahead"] == n
    assert comparison["mcnemar_significant"] < comparison["backprop_ahead"]
    # Each count is the seed's own disagreement between the two sets of predictions.
    U, B = comparison["correct"][UPDOWN], comparison["correct"][BACKPROP]
    assert a == [int(np.sum(u & ~v)) for u, v in zip(U, B, strict=True)]
    assert comparison["family_false_alarm"] == pytest.approx(0.05 * n)
