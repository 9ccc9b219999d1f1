"""The comparisons on "Did it work?" and "Sparse energy-based encoders", checked statistically.

Every route of Bengio et al.'s table runs five seeds in its own snippet. Two routes are
compared with two paired tests: a paired t-test on the five per-seed test errors, and a
paired bootstrap over the 450 test digits (correctness averaged over the seeds). The page
calls a difference significant only when both give p < 0.05, and says "not significant"
(or "not established", when the two tests disagree) otherwise; each test below asserts the
verdict the page states.
"""

import numpy as np
import pytest

import gradlib as gl

ROUTES = {
    "dbn": "route_rbm_stack",
    "autoassociator": "route_autoassociator_stack",
    "supervised": "route_supervised_greedy",
    "deep": "route_deep_sigmoid",
    "tanh": "route_deep_tanh",
    "shallow": "route_shallow",
}
ALPHA = 0.05


@pytest.fixture(scope="module")
def routes(snippet_values):
    return {key: snippet_values(f"breakthroughs/{name}") for key, name in ROUTES.items()}


def verdict(routes, a, b):
    """"a" or "b" (the better route, by both tests), "neither" or "mixed"."""
    A, B = routes[a], routes[b]
    t = gl.paired_t(A["test_error"], B["test_error"])
    boot = gl.paired_bootstrap(np.asarray(A["test_correct"]), np.asarray(B["test_correct"]),
                               rng=0)
    significant = [t.significant(ALPHA), boot.significant(ALPHA)]
    if all(significant):
        # A lower error for a is a positive accuracy difference in the bootstrap.
        assert (t.difference < 0) == (boot.difference > 0)
        return a if t.difference < 0 else b
    return "mixed" if any(significant) else "neither"


# -- the setup the page describes ----------------------------------------------------


def test_every_route_has_five_seeds_and_chose_its_rate_on_validation(routes):
    for r in routes.values():
        assert len(r["test_error"]) == 5
        assert np.asarray(r["test_correct"]).shape == (5, 450)
        rates = r["val_error_by_rate"]
        assert len(rates) == 3
        assert rates[f"{r['learning_rate']:g}"] == min(rates.values())
        # Early stopping ended every chosen run before the cap of 150 epochs.
        assert max(r["fine_tune_epochs"]) < 150


# -- did-it-work.md: the table ---------------------------------------------------------


def test_rbm_stack_has_the_lowest_error_and_its_significant_leads(routes):
    for other in ("supervised", "shallow", "deep"):
        assert verdict(routes, "dbn", other) == "dbn", other
    for other in ("autoassociator", "tanh"):
        assert verdict(routes, "dbn", other) == "mixed", other
    gaps = {other: np.mean(routes[other]["test_error"]) - np.mean(routes["dbn"]["test_error"])
            for other in ("autoassociator", "supervised", "deep", "tanh", "shallow")}
    assert min(gaps.values()) > 0
    assert min(gaps, key=gaps.get) == "autoassociator"
    assert max(gaps, key=gaps.get) == "deep"


def test_autoassociator_stack_against_the_others(routes):
    assert verdict(routes, "autoassociator", "deep") == "autoassociator"
    assert verdict(routes, "autoassociator", "supervised") == "mixed"
    assert verdict(routes, "autoassociator", "shallow") == "mixed"
    assert verdict(routes, "autoassociator", "tanh") == "neither"


def test_supervised_greedy_against_the_others(routes):
    assert verdict(routes, "supervised", "deep") == "supervised"
    assert verdict(routes, "supervised", "shallow") == "neither"
    assert verdict(routes, "supervised", "tanh") == "neither"


def test_the_deep_sigmoid_net_from_random_weights_is_behind_every_route(routes):
    for other in ("dbn", "autoassociator", "supervised", "tanh", "shallow"):
        assert verdict(routes, "deep", other) == other, other
    # The plateau: at the smallest rate most seeds never leave it.
    assert routes["deep"]["val_error_by_rate"]["0.3"] > 0.5
    deep_epochs = routes["deep"]["fine_tune_epochs_range"]
    for key in ("dbn", "autoassociator"):
        assert routes[key]["fine_tune_epochs_range"][1] < deep_epochs[0]
    # "after 33 to 47 epochs": the RBM stack's shortest and the autoassociators' longest.
    lo = min(routes[k]["fine_tune_epochs_range"][0] for k in ("dbn", "autoassociator"))
    hi = max(routes[k]["fine_tune_epochs_range"][1] for k in ("dbn", "autoassociator"))
    assert (lo, hi) == (routes["dbn"]["fine_tune_epochs_range"][0],
                        routes["autoassociator"]["fine_tune_epochs_range"][1])


def test_tanh_and_shallow_cannot_be_told_apart(routes):
    assert verdict(routes, "tanh", "shallow") == "neither"


def test_order_of_the_means_is_the_papers(routes):
    # Bengio et al., Table 2 (test): DBN 1.2 < autoassociators 1.4 < shallow 1.9
    # < supervised greedy 2.0 < deep without pretraining 2.4.
    errors = [np.mean(routes[key]["test_error"])
              for key in ("dbn", "autoassociator", "shallow", "supervised", "deep")]
    assert np.all(np.diff(errors) > 0)


def test_pretraining_pays_for_itself_in_fine_tuning(routes):
    deep = routes["deep"]
    for key in ("dbn", "autoassociator"):
        r = routes[key]
        assert r["pretrain_macs"] + r["fine_tune_macs"] < deep["fine_tune_macs"]
        assert max(r["fine_tune_epochs"]) < min(deep["fine_tune_epochs"])
    # For the RBM stack, pretraining costs about as much as the fine-tuning after it.
    gmacs = routes["dbn"]["cost_gmacs"]
    assert 0.5 < gmacs["pretraining"] / gmacs["fine-tuning"] < 2


# -- sparse-energy.md: the encoder as a first layer ----------------------------------


@pytest.fixture(scope="module")
def first_layer(snippet_values):
    return snippet_values("breakthroughs/sparse_first_layer")


def test_learnt_filters_do_not_beat_random_ones_significantly(first_layer):
    for use in ("frozen", "initialised"):
        assert first_layer["p_seeds"][use] > ALPHA
        assert first_layer["p_digits"][use] > ALPHA
        low, high = first_layer["interval"][use]
        assert low < 0 < high


def test_stacked_autoencoder_page_order_holds_in_the_means_only(routes):
    errors = [np.mean(routes[k]["test_error"]) for k in ("dbn", "autoassociator", "supervised")]
    assert errors[0] < errors[1] < errors[2]
    assert verdict(routes, "dbn", "autoassociator") not in ("dbn", "autoassociator")
    assert verdict(routes, "autoassociator", "supervised") not in ("autoassociator",
                                                                   "supervised")


@pytest.fixture(scope="module")
def sparse(snippet_values):
    return snippet_values("breakthroughs/sparse_codes")


def test_the_encoders_one_step_guess_is_a_poor_approximation_of_the_code(sparse):
    assert sparse["guess_active_per_digit"] < sparse["active_per_digit"]
    assert sparse["guess_recall"] < 0.7
    assert sparse["encoder_error"] > sparse["mean_image_error"]
