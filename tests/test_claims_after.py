"""The claims of the "What came after 2006" page and of the gradient-flow explorer."""

import math

import numpy as np
import pytest

RECIPES = ["sigmoid + normal", "sigmoid + xavier", "tanh + xavier", "ReLU + He",
           "ReLU + He + batch norm", "ReLU + He + residual", "DBN-pretrained sigmoid"]


@pytest.fixture(scope="module")
def recipes(snippet_values):
    return snippet_values("after/recipes")


@pytest.fixture(scope="module")
def grid(snippet_values):
    return snippet_values("after/explorer_grid")


@pytest.fixture(scope="module")
def depth(snippet_values):
    return snippet_values("after/depth")


@pytest.fixture(scope="module")
def bn(snippet_values):
    return snippet_values("after/batch_norm")


# -- batch normalisation, by hand ---------------------------------------------------------

def test_batch_norm_standardises_each_unit(bn):
    assert bn["zhat_mean"] < 1e-12
    np.testing.assert_allclose(bn["zhat_std"], 1.0, rtol=1e-5)


def test_batch_norm_backward_matches_finite_differences(bn):
    assert bn["max_error"] < 1e-7
    assert bn["network_error"] < 1e-7


def test_ignoring_the_batch_statistics_is_not_a_small_correction(bn):
    assert bn["naive_error"] > 0.1


def test_the_gradient_has_no_component_along_the_batch_mean_or_spread(bn):
    scale = np.abs(bn["dS"]).max() * len(bn["dS"])
    assert bn["column_sums"] < 1e-12 * scale
    # Exactly orthogonal only for eps = 0: mean(Zhat**2) is var / (var + eps), not 1.
    assert bn["along_zhat"] < 10 * bn["eps"] * scale


@pytest.fixture(scope="module")
def bn_scale(snippet_values):
    return snippet_values("after/batch_norm_scale")


def test_the_gradient_is_orthogonal_to_a_normalised_units_weights(bn_scale):
    # up to eps / var: the cost is invariant to the length of each unit's weights
    assert all(c < 1e-4 for c in bn_scale["largest_cosine"].values())
    # the output layer has no batch norm, and no such orthogonality
    assert bn_scale["output_cosine"] > 0.1


def test_an_sgd_step_still_moves_the_batch_mean_and_spread(bn_scale):
    assert bn_scale["largest_mean_shift"] > 0.01
    assert bn_scale["largest_spread_change"] > 0.001


def test_the_weights_only_grow_under_plain_sgd(bn_scale):
    assert bn_scale["growth_over_predicted"] == pytest.approx(1, abs=1e-3)
    for l, share in bn_scale["shrinking_steps"].items():
        assert share == 0.0, l
        assert bn_scale["norm_growth"][l] > 1.05


# -- seven recipes at 10 hidden layers ----------------------------------------------------

def test_the_comparison_is_the_one_the_page_describes(recipes):
    assert list(recipes["nets"]) == RECIPES
    assert recipes["sizes"] == [64] + [30] * 10 + [10]
    s = recipes["settings"]
    assert (s["epochs"], s["batch_size"], s["learning_rate"], s["clip_norm"]) == (10, 20, 0.1, 5.0)
    assert s["probe_size"] == 500
    assert recipes["n_steps"] == 10 * math.ceil(len(recipes["digits"].X_train) / 20)


def test_sigmoid_networks_start_with_a_vanishing_gradient(recipes):
    speed = recipes["speed_init"]
    # "last hidden layer learns ... times faster than the first"
    assert recipes["ratio_init"]["sigmoid + normal"] > 10
    assert recipes["ratio_init"]["sigmoid + xavier"] > 1e5            # "more than five decades"
    assert np.all(np.diff(speed["sigmoid + xavier"]) > 0)           # "a steep straight line"
    assert np.all(np.diff(speed["sigmoid + normal"]) > 0)
    # Normalised initialisation is worse than N(0, 1) for sigmoid units.
    ratio = recipes["ratio_init"]
    assert ratio["sigmoid + xavier"] > 100 * ratio["sigmoid + normal"]


def test_tanh_relu_and_batch_norm_keep_the_layers_level_at_the_start(recipes):
    for name in ["tanh + xavier", "ReLU + He", "ReLU + He + batch norm"]:
        assert recipes["spread_init"][name] < 5, name


def test_residual_without_normalisation_grows_toward_the_input(recipes):
    speed = recipes["speed_init"]["ReLU + He + residual"]
    assert np.argmax(speed) == 0 and np.argmin(speed) == len(speed) - 1
    # the page quotes spread_init as "first over last"
    assert recipes["spread_init"]["ReLU + He + residual"] == pytest.approx(speed[0] / speed[-1])
    assert recipes["spread_init"]["ReLU + He + residual"] > 10      # "almost two decades"


def test_pretraining_levels_the_hidden_layers_but_the_last(recipes):
    speed = recipes["speed_init"]["DBN-pretrained sigmoid"]
    assert speed[:-1].max() / speed[:-1].min() < 4
    assert recipes["ratio_init"]["DBN-pretrained sigmoid"] > 5


def test_after_training_the_lines_are_flatter(recipes):
    end, start = recipes["speed_end"], recipes["spread_init"]
    others = [n for n in RECIPES if n != "sigmoid + xavier"]
    values = np.concatenate([end[n] for n in others])
    assert values.max() / values.min() < 150                        # "within about two decades"
    for name in others:
        assert end[name].max() / end[name].min() < start[name] or start[name] < 5, name
    # The sigmoid network with normalised initialisation has barely moved.
    assert end["sigmoid + xavier"][0] < 1e-5
    assert recipes["ratio_end"]["sigmoid + xavier"] > 1e5


def test_accuracy_ranking(recipes):
    acc = recipes["final_accuracy"]
    assert max(acc, key=acc.get) == "ReLU + He + batch norm"
    for name in ["tanh + xavier", "ReLU + He", "ReLU + He + residual", "DBN-pretrained sigmoid"]:
        assert acc[name] > 0.8, name                               # "end above 0.8"
    for name in ["sigmoid + normal", "sigmoid + xavier"]:
        assert acc[name] < 0.3, name                               # "near chance"
    # Batch norm and residual connections beat sigmoid + N(0, 1) after the same epochs.
    assert acc["ReLU + He + batch norm"] > acc["sigmoid + normal"] + 0.5
    assert acc["ReLU + He + residual"] > acc["sigmoid + normal"] + 0.5
    # Pretraining makes the sigmoid network trainable.
    assert acc["DBN-pretrained sigmoid"] > acc["sigmoid + normal"] + 0.4
    # BN climbs fastest: highest accuracy after the first epochs.
    early = {n: np.mean(recipes["accuracy"][n][1:4]) for n in RECIPES}
    assert max(early, key=early.get) == "ReLU + He + batch norm"


def test_clipping_saves_the_residual_network(recipes):
    assert recipes["unclipped_error"].startswith("training diverged at epoch 1,")
    assert recipes["n_clipped"]["ReLU + He + residual"] > 0
    assert recipes["final_accuracy"]["ReLU + He + residual"] > 0.8


def test_dead_units(recipes):
    assert recipes["n_hidden_units"] == 300
    assert recipes["dead_units"]["ReLU + He"] > 0
    assert recipes["dead_at_start"]["ReLU + He"] >= recipes["dead_units"]["ReLU + He"]


# -- accuracy against depth -------------------------------------------------------------

def test_depth_study_setup(depth):
    assert depth["depths"] == [1, 2, 4, 8, 16] and depth["deepest"] == 16
    assert len(depth["seeds"]) == 2 and depth["settings"]["epochs"] == 4


def test_one_hidden_layer_every_recipe_but_sigmoid_is_alike(depth):
    first = {name: a[0] for name, a in depth["accuracy"].items()}
    others = [a for name, a in first.items() if name != "sigmoid + normal"]
    assert max(others) - min(others) < 0.06
    assert first["sigmoid + normal"] < min(others)


def test_depth_separates_the_recipes(depth):
    acc = depth["accuracy"]
    assert acc["sigmoid + normal"][-1] < 0.2                        # "at chance"
    assert acc["ReLU + He"][-1] < 0.7 * acc["ReLU + He"][0]          # "about half"
    assert acc["tanh + xavier"][-1] > acc["ReLU + He"][-1]           # "falls less"
    bn = acc["ReLU + He + batch norm"]
    assert min(bn[:4]) > bn[0] - 0.03 and bn[-1] < bn[3] - 0.1      # holds to 8, drops at 16
    res = acc["ReLU + He + BN + residual"]
    assert res[-1] > 0.85 and res[-1] == max(a[-1] for a in acc.values())


# -- the explorer's grid ----------------------------------------------------------------

def test_grid_covers_every_choice(grid):
    g = grid["grid"]
    assert g["seeds"] == 3 and g["probe"] == 500 and g["width"] == 30
    n = 0
    for a in g["activations"]:
        for i in g["inits"]:
            for d in g["depths"]:
                for v in g["variants"]:
                    r = g["results"][a][i][str(d)][v]
                    assert len(r["grad"]) == len(r["mean"]) == len(r["std"]) == d
                    assert all(math.isfinite(x) and x > 0 for x in r["grad"])
                    n += 1
    assert n == 3 * 4 * 7 * 2 * 2 == 336


def test_sigmoid_normalised_init_vanishes_more_than_normal(grid):
    r = grid["ratio_last_first"]
    assert r["sigmoid + xavier"] > 1e5 and 10 < r["sigmoid + normal"] < r["sigmoid + xavier"]
    assert 1 / 3 < r["tanh + xavier"] < 3                            # "the gradient flows"


def test_relu_needs_he_initialisation(grid):
    res = grid["results"]["relu"]
    # N(0, 1): the spread grows by about sqrt(n_in / 2) = sqrt(15) per layer.
    assert grid["relu_normal_growth"] == pytest.approx(math.sqrt(15), rel=0.05)
    assert grid["first_over_last"]["relu + normal + plain, 10 layers"] > 1e3
    # Standard and normalised: activations shrink, gradient vanishes toward the input.
    for init in ["glorot_standard", "xavier"]:
        std = res[init]["10"]["plain"]["std"]
        assert std[-1] < std[0] / 5, init
        grad = res[init]["20"]["plain"]["grad"]
        assert grad[-1] / grad[0] > 100, init
    # He keeps the gradient level, normalised lets it vanish more with depth.
    assert 0.5 < grid["ratio_last_first"]["relu + he"] < 2
    assert 0.3 < grid["ratio_last_first_20"]["relu + he"] < 3
    r10 = grid["ratio_last_first"]["relu + xavier"]
    r20 = grid["ratio_last_first_20"]["relu + xavier"]
    assert 3 < r10 < r20 and r20 > 100


def test_batch_norm_and_residual_in_the_explorer(grid):
    spread, growth = grid["spread"], grid["first_over_last"]
    assert spread["sigmoid + xavier + bn, 10 layers"] < 10
    assert growth["relu + he + bn, 20 layers"] > 3                   # grows toward the input
    assert growth["relu + he + residual, 10 layers"] > 10
    assert spread["relu + he + bn+residual, 20 layers"] < 3


def test_static_preview_matches_its_description(grid):
    res = grid["results"]
    std = {k: np.array(res[a][i]["10"][v]["std"])
           for k, (a, i, v) in {"sn": ("sigmoid", "normal", "plain"),
                                "sx": ("sigmoid", "xavier", "plain"),
                                "tanh": ("tanh", "xavier", "plain"),
                                "relu": ("relu", "he", "plain")}.items()}
    for k in ["sn", "sx"]:
        assert std[k].max() / std[k].min() < 1.3, k                  # flat
    assert np.all(np.diff(std["tanh"]) < 0)                           # shrinking steadily
    assert std["relu"].max() / std["relu"].min() < 1.5               # roughly flat
