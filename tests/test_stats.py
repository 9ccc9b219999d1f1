"""gradlib.stats against scipy and against hand computations."""

import math

import numpy as np
import pytest
from scipy import special
from scipy import stats as sps

import gradlib as gl
from gradlib import stats


@pytest.mark.parametrize(("a", "b", "x"), [
    (0.5, 0.5, 0.3), (2.0, 0.5, 0.9), (10.0, 0.5, 0.1), (3.0, 7.0, 0.5), (150.0, 0.5, 0.99),
])
def test_betainc_matches_scipy(a, b, x):
    assert stats.betainc(a, b, x) == pytest.approx(special.betainc(a, b, x), rel=1e-12)


@pytest.mark.parametrize("df", [1, 2, 4, 9, 30, 200])
@pytest.mark.parametrize("t", [0.0, 0.3, 1.0, 2.5, 7.0])
def test_t_two_sided_p_matches_scipy(t, df):
    expected = 2 * sps.t.sf(abs(t), df)
    assert stats.t_two_sided_p(t, df) == pytest.approx(expected, rel=1e-10, abs=1e-300)


@pytest.mark.parametrize("df", [1, 4, 9, 50])
@pytest.mark.parametrize("q", [0.025, 0.5, 0.9, 0.975, 0.995])
def test_t_quantile_matches_scipy(q, df):
    assert stats.t_quantile(q, df) == pytest.approx(sps.t.ppf(q, df), rel=1e-9, abs=1e-12)


def test_t_quantile_by_hand():
    # The table value every statistics course prints: t_{0.975, 4} = 2.776.
    assert stats.t_quantile(0.975, 4) == pytest.approx(2.7764451, abs=1e-6)


def test_summarize_by_hand():
    # values 1..5: mean 3, s = sqrt(2.5), half-width 2.776445 * sqrt(2.5) / sqrt(5)
    s = gl.summarize([1, 2, 3, 4, 5])
    assert s.mean == 3.0 and s.n == 5 and s.method == "t"
    assert s.std == pytest.approx(math.sqrt(2.5))
    half = 2.7764451052 * math.sqrt(2.5) / math.sqrt(5)
    assert (s.low, s.high) == pytest.approx((3 - half, 3 + half), abs=1e-8)
    assert s.sem == pytest.approx(math.sqrt(0.5))


def test_summarize_matches_scipy():
    x = np.random.default_rng(0).normal(2.0, 0.7, size=7)
    s = gl.summarize(x, level=0.9)
    low, high = sps.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=sps.sem(x))
    assert (s.low, s.high) == pytest.approx((low, high), rel=1e-10)


def test_bootstrap_interval_matches_scipy_percentile():
    x = np.random.default_rng(1).normal(size=12)
    mine = gl.bootstrap_interval(x, rng=3, n_resamples=20_000)
    ref = sps.bootstrap((x,), np.mean, method="percentile", n_resamples=20_000,
                        random_state=np.random.default_rng(4)).confidence_interval
    # Two different resampling streams: agreement to Monte Carlo error.
    assert mine.low == pytest.approx(ref.low, abs=0.05)
    assert mine.high == pytest.approx(ref.high, abs=0.05)
    assert mine.low < x.mean() < mine.high


def test_bootstrap_interval_is_reproducible_from_its_rng():
    x = np.random.default_rng(0).random(9)
    assert gl.bootstrap_interval(x, rng=7) == gl.bootstrap_interval(x, rng=7)
    assert gl.bootstrap_interval(x, rng=7) != gl.bootstrap_interval(x, rng=8)


def test_paired_t_matches_scipy():
    rng = np.random.default_rng(2)
    a = rng.normal(0.10, 0.02, size=6)
    b = a + rng.normal(0.01, 0.01, size=6)
    r = gl.paired_t(a, b)
    ref = sps.ttest_rel(a, b)
    assert r.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert r.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    ci = ref.confidence_interval(0.95)
    assert (r.low, r.high) == pytest.approx((ci.low, ci.high), rel=1e-9)
    assert r.difference == pytest.approx(np.mean(a - b))


def test_paired_t_by_hand():
    # d = (1, 2, 3): mean 2, s_d = 1, t = 2 / (1 / sqrt 3) = 2 sqrt 3
    r = gl.paired_t([2, 4, 6], [1, 2, 3])
    assert r.statistic == pytest.approx(2 * math.sqrt(3))
    assert r.n == 3 and r.method == "paired t"


def test_paired_t_constant_differences():
    assert gl.paired_t([1, 2, 3], [1, 2, 3]).p_value == 1.0
    r = gl.paired_t([2, 3, 4], [1, 2, 3])
    assert r.p_value == 0.0 and r.significant()


def test_binomial_p_by_hand():
    # 0 heads in 5 flips: 2 * 1/32
    assert stats.binomial_two_sided_p(0, 5) == pytest.approx(2 / 32)
    # 1 head in 5: 2 * (1 + 5) / 32
    assert stats.binomial_two_sided_p(1, 5) == pytest.approx(12 / 32)
    assert stats.binomial_two_sided_p(2, 4) == 1.0
    assert stats.binomial_two_sided_p(0, 0) == 1.0


@pytest.mark.parametrize(("k", "n"), [(3, 20), (17, 40), (100, 260), (0, 1)])
def test_binomial_p_matches_scipy(k, n):
    assert stats.binomial_two_sided_p(k, n) == pytest.approx(sps.binomtest(k, n).pvalue,
                                                             rel=1e-10)


def test_mcnemar_counts_and_p():
    a = np.array([1, 1, 1, 1, 1, 0, 0, 1, 0, 1], dtype=bool)
    b = np.array([1, 0, 0, 0, 0, 0, 1, 1, 0, 1], dtype=bool)
    r = gl.mcnemar(a, b)
    # discordant: a only at 1, 2, 3, 4 (4); b only at 6 (1) -> p = 2 * 6 / 32
    assert (r.a_only, r.b_only) == (4, 1)
    assert r.p_value == pytest.approx(12 / 32)
    assert r.difference == pytest.approx(0.3)
    assert math.isnan(r.low) and not r.significant()


def test_mcnemar_accepts_zero_one():
    assert gl.mcnemar([1, 0, 1], [True, False, False]).a_only == 1


def test_paired_bootstrap_one_seed():
    rng = np.random.default_rng(5)
    b = rng.random(400) < 0.8
    a = b.copy()
    a[np.flatnonzero(~b)[:30]] = True  # A fixes 30 of B's mistakes, breaks none
    r = gl.paired_bootstrap(a, b, rng=0)
    assert r.difference == pytest.approx(30 / 400)
    assert r.p_value < 0.001 and r.low > 0
    assert gl.mcnemar(a, b).p_value < 0.001  # the two tests agree here


def test_paired_bootstrap_no_difference():
    a = np.random.default_rng(6).random((3, 200)) < 0.7
    r = gl.paired_bootstrap(a, a, rng=0)
    assert r.difference == 0.0 and r.p_value == 1.0


def test_paired_bootstrap_two_dimensional_averages_seeds():
    a = np.array([[1, 1, 0, 1], [1, 0, 0, 1]], dtype=bool)
    b = np.array([[1, 0, 0, 0], [0, 0, 0, 1]], dtype=bool)
    r = gl.paired_bootstrap(a, b, rng=0, n_resamples=1000)
    assert r.difference == pytest.approx(a.mean() - b.mean())
    assert r.n == 4


def test_paired_bootstrap_p_close_to_normal_approximation():
    # Large n: the bootstrap p of a mean difference is near the z-test's.
    rng = np.random.default_rng(8)
    d = rng.normal(0.05, 1.0, size=2000)
    a = d > 0.5
    b = rng.random(2000) < a.mean() - 0.03
    r = gl.paired_bootstrap(a, b, rng=1, n_resamples=20_000)
    delta = a.astype(float) - b.astype(float)
    z = delta.mean() / (delta.std(ddof=1) / math.sqrt(len(delta)))
    assert r.p_value == pytest.approx(2 * sps.norm.sf(abs(z)), abs=0.02)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: gl.summarize([1.0]), "at least 2 values, got 1"),
    (lambda: gl.summarize([[1.0, 2.0]]), r"1-D .* got shape \(1, 2\)"),
    (lambda: gl.summarize([1.0, np.nan]), "NaN or infinite"),
    (lambda: gl.summarize([1.0, 2.0], level=95), "strictly between 0 and 1, got 95"),
    (lambda: gl.summarize(["a", "b"]), "array of numbers"),
    (lambda: gl.paired_t([1, 2, 3], [1, 2]), r"shape \(3,\) but b has shape \(2,\)"),
    (lambda: gl.mcnemar([1, 0, 2], [1, 0, 1]), "booleans or 0/1"),
    (lambda: gl.mcnemar([[1, 0]], [[1, 0]]), r"shape \(n_examples,\).*got shape \(1, 2\)"),
    (lambda: gl.mcnemar([1, 0], [1, 0, 1]), r"shape \(2,\) but correct_b has shape \(3,\)"),
    (lambda: gl.paired_bootstrap([1, 0], [1, 0], rng=-1), "seed must be"),
    (lambda: gl.paired_bootstrap([1, 0], [1, 0], rng=0, n_resamples=10), ">= 100, got 10"),
    (lambda: gl.bootstrap_interval([1, 2], rng=0, level=1.0), "strictly between"),
    (lambda: stats.binomial_two_sided_p(5, 3), "at most n=3, got 5"),
    (lambda: gl.paired_t([1, 2], [2, 1]).significant(alpha=2), "alpha must be"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
