"""The claims of the Jacobian page (docs/vanishing/jacobians.md), checked against its snippet."""

import pytest


@pytest.fixture(scope="module")
def jac(snippet_values):
    return snippet_values("vanishing/jacobians")


def test_the_jacobians_are_what_bp2_multiplies_by(jac):
    assert jac["jacobian_error"] < 1e-12


def test_singular_values_obey_the_bound_gamma_times_s_max_of_w(jac):
    assert jac["bound_holds"]


def test_the_error_shrinks_no_more_than_the_bound_allows_and_less_on_paper(jac):
    assert jac["ratio_below_bound"]
    assert jac["ratio_median"] < jac["product_bound_median"]


def test_five_starts(jac):
    assert jac["n_seeds"] == 5
    assert all(len(v) == 5 for v in jac["s_max_W"]["sigmoid"].values())


def test_sigmoid_every_init_but_normal_meets_the_sufficient_condition_and_vanishes(jac):
    for init, values in jac["s_max_W"]["sigmoid"].items():
        if init == "normal":
            assert min(values) > 4
        else:
            assert max(values) < 4, init
            assert max(jac["s_max_product"]["sigmoid"][init]) < 1, init
            assert jac["n_product_above_one"]["sigmoid"][init] == 0


def test_orthogonal_weights_have_unit_singular_values_so_sigmoid_j_is_at_most_a_quarter(jac):
    for a in ("sigmoid", "tanh"):
        assert jac["s_max_W"][a]["orthogonal"] == pytest.approx([1.0] * 5, abs=1e-9)
    assert max(jac["s_max_J"]["sigmoid"]["orthogonal"]) <= 0.25 + 1e-12


def test_tanh_the_necessary_condition_is_met_by_all_but_orthogonal(jac):
    for init, values in jac["s_max_W"]["tanh"].items():
        if init != "orthogonal":
            assert min(values) > 1, init


def test_tanh_products_above_one_for_lecun_xavier_he_normal_and_not_always_otherwise(jac):
    n = jac["n_product_above_one"]["tanh"]
    for init in ("lecun", "xavier", "he", "normal"):
        assert n[init] == 5, init
    assert n["glorot_standard"] == 0 and n["scaled_normal"] < 5
    assert jac["s_max_product_max"]["tanh"]["glorot_standard"] < 1
    assert n["orthogonal"] == 0


def test_tanh_orthogonal_closest_to_one_in_every_start(jac):
    # A paired comparison, seed by seed: 5 of 5 is a sign test with p = 1/32 per rival.
    d = jac["distance_from_one"]["tanh"]
    for init in d:
        if init != "orthogonal":
            assert all(o < r for o, r in zip(d["orthogonal"], d[init], strict=True)), init
    assert jac["closest_to_one"]["tanh"] == "orthogonal"
    assert jac["runner_up"]["tanh"] == "xavier"
