"""Statistics for comparing training runs: intervals over seeds and paired tests.

A comparison of two training methods has two sources of chance: the seed
(initial weights, mini-batch order) and the finite test set. The functions
here cover both:

- :func:`summarize` and :func:`bootstrap_interval`: the mean of a metric over
  seeds with a t-interval or a percentile-bootstrap interval;
- :func:`paired_t`: two methods run with the same seeds, a t-test on the
  per-seed differences;
- :func:`mcnemar`: two classifiers scored on the same test examples, the exact
  McNemar test on the examples where exactly one of them is right;
- :func:`paired_bootstrap`: the same pairing, resampling test examples, which
  also takes several seeds per method at once.

Everything is plain numpy and the standard library; the t distribution comes
from the regularised incomplete beta function, computed by its continued
fraction.
"""

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ._checks import rng_from


@dataclass(frozen=True)
class Summary:
    """Mean of a metric over runs with an interval around it.

    Attributes
    ----------
    mean : float
        Sample mean of the values.
    std : float
        Sample standard deviation (``ddof=1``); 0.0 for a single value.
    n : int
        Number of values (seeds).
    low, high : float
        Ends of the interval for the mean at confidence ``level``.
    level : float
        Confidence level of the interval, in (0, 1).
    method : str
        ``"t"`` or ``"bootstrap"``.
    """

    mean: float
    std: float
    n: int
    low: float
    high: float
    level: float
    method: str

    @property
    def sem(self):
        """Standard error of the mean, ``std / sqrt(n)``."""
        return self.std / math.sqrt(self.n)


@dataclass(frozen=True)
class PairedResult:
    """Result of a paired comparison of method A against method B.

    Attributes
    ----------
    difference : float
        Estimated mean difference A - B (per seed for :func:`paired_t`, in
        accuracy for :func:`mcnemar` and :func:`paired_bootstrap`).
    low, high : float
        Interval for the difference at confidence ``level`` (NaN where the
        test gives none: :func:`mcnemar`).
    p_value : float
        Two-sided p-value of the null hypothesis "no difference".
    statistic : float
        The test statistic: t for :func:`paired_t`, the number of examples
        only A gets right for :func:`mcnemar`, the observed difference for
        :func:`paired_bootstrap`.
    n : int
        Number of pairs (seeds or test examples).
    level : float
        Confidence level of the interval.
    method : str
        ``"paired t"``, ``"exact McNemar"`` or ``"paired bootstrap"``.
    a_only, b_only : int or None
        For :func:`mcnemar`: examples only A (only B) classifies correctly.
    """

    difference: float
    low: float
    high: float
    p_value: float
    statistic: float
    n: int
    level: float
    method: str
    a_only: int | None = None
    b_only: int | None = None

    def significant(self, alpha=0.05):
        """Whether the p-value is below ``alpha`` (two-sided)."""
        _level("alpha", alpha)
        return bool(self.p_value < alpha)


# ----------------------------------------------------------------------------
# Input checks.

def _level(name, value):
    ok = (isinstance(value, numbers.Real) and not isinstance(value, bool)
          and 0.0 < value < 1.0)
    if not ok:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def _values(name, values, min_n):
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of numbers: {exc}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per run), got shape {arr.shape}")
    if arr.shape[0] < min_n:
        raise ValueError(f"{name} needs at least {min_n} values, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _correct(name, correct):
    arr = np.asarray(correct)
    if arr.dtype != bool:
        if not np.issubdtype(arr.dtype, np.number) or not np.all(np.isin(arr, (0, 1))):
            raise ValueError(
                f"{name} must hold per-example correctness as booleans or 0/1, "
                f"got dtype {arr.dtype}"
            )
        arr = arr.astype(bool)
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(
            f"{name} must have shape (n_examples,) or (n_seeds, n_examples), "
            f"got shape {arr.shape}"
        )
    return arr


def _same_shape(a_name, a, b_name, b):
    if a.shape != b.shape:
        raise ValueError(
            f"{a_name} has shape {a.shape} but {b_name} has shape {b.shape}; "
            "a paired test expects one value of each per pair"
        )


def _resamples(n_resamples):
    ok = (isinstance(n_resamples, numbers.Integral) and not isinstance(n_resamples, bool)
          and n_resamples >= 100)
    if not ok:
        raise ValueError(f"n_resamples must be an int >= 100, got {n_resamples!r}")
    return int(n_resamples)


# ----------------------------------------------------------------------------
# The t distribution, from the regularised incomplete beta function.

def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            return h
    raise ArithmeticError("incomplete beta continued fraction did not converge")


def betainc(a, b, x):
    r"""Regularised incomplete beta function I_x(a, b).

    Parameters
    ----------
    a, b : float
        Positive shape parameters.
    x : float
        Point in [0, 1].

    Returns
    -------
    float
        ``I_x(a, b)``.

    Notes
    -----
    .. math::

        I_x(a, b) = \frac{1}{B(a, b)} \int_0^x t^{a-1} (1-t)^{b-1} \, dt,

    evaluated by its continued fraction, directly for
    ``x < (a + 1) / (a + b + 2)`` and through ``I_x(a, b) = 1 - I_{1-x}(b, a)``
    otherwise (Press et al., *Numerical Recipes*, section 6.4).
    """
    if not (a > 0 and b > 0):
        raise ValueError(f"a and b must be positive, got a={a!r}, b={b!r}")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be in [0, 1], got {x!r}")
    if x in (0.0, 1.0):
        return float(x)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_two_sided_p(t, df):
    r"""Two-sided p-value ``P(|T| >= |t|)`` of Student's t with ``df`` degrees of freedom.

    Notes
    -----
    .. math:: P(|T| \ge |t|) = I_{df / (df + t^2)}(df/2, 1/2).
    """
    if not df > 0:
        raise ValueError(f"df must be positive, got {df!r}")
    if math.isinf(t):
        return 0.0
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def t_quantile(q, df):
    """Quantile of Student's t: the ``t`` with ``P(T <= t) = q``.

    Found by bisection on :func:`t_two_sided_p`, to about 1e-12.
    """
    _level("q", q)
    if not df > 0:
        raise ValueError(f"df must be positive, got {df!r}")
    if q == 0.5:
        return 0.0
    target = 2.0 * min(q, 1.0 - q)  # two-sided tail mass beyond |t|
    lo, hi = 0.0, 1.0
    while t_two_sided_p(hi, df) > target:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_two_sided_p(mid, df) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    t = 0.5 * (lo + hi)
    return t if q > 0.5 else -t


# ----------------------------------------------------------------------------
# Intervals over seeds.

def summarize(values, level=0.95):
    r"""Mean over runs with a Student-t interval.

    Parameters
    ----------
    values : array_like, shape (n,)
        One value of the metric per run (seed), ``n >= 2``.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    Summary
        ``method == "t"``.

    Notes
    -----
    With sample mean :math:`\bar x`, sample standard deviation :math:`s`
    (divisor :math:`n-1`) and :math:`t_{n-1}` the Student quantile,

    .. math:: \bar x \pm t_{n-1}\bigl(\tfrac{1 + \text{level}}{2}\bigr)\, s / \sqrt{n}.

    It assumes the runs are independent and their metric roughly normal;
    with five seeds the interval is wide, which is the honest answer.
    """
    level = _level("level", level)
    x = _values("values", values, 2)
    n = x.shape[0]
    mean, std = float(x.mean()), float(x.std(ddof=1))
    half = t_quantile(0.5 + level / 2.0, n - 1) * std / math.sqrt(n)
    return Summary(mean, std, n, mean - half, mean + half, level, "t")


def bootstrap_interval(values, rng, level=0.95, n_resamples=10_000):
    r"""Mean over runs with a percentile-bootstrap interval.

    Parameters
    ----------
    values : array_like, shape (n,)
        One value per run, ``n >= 2``.
    rng : int or numpy.random.Generator
        Source of the resampling (explicit, so the interval is reproducible).
    level : float, default 0.95
        Confidence level.
    n_resamples : int, default 10000
        Number of bootstrap resamples.

    Returns
    -------
    Summary
        ``method == "bootstrap"``.

    Notes
    -----
    Draw :math:`B` resamples of size :math:`n` with replacement, take the
    mean :math:`\bar x^*_b` of each; the interval is the
    :math:`(1-\text{level})/2` and :math:`(1+\text{level})/2` quantiles of
    :math:`\{\bar x^*_b\}`. With a handful of seeds it is narrower than the
    t-interval (it ignores that :math:`s` itself is uncertain).
    """
    level = _level("level", level)
    x = _values("values", values, 2)
    n_resamples = _resamples(n_resamples)
    gen = rng_from(rng)
    n = x.shape[0]
    means = x[gen.integers(0, n, size=(n_resamples, n))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return Summary(float(x.mean()), float(x.std(ddof=1)), n, float(low), float(high),
                   level, "bootstrap")


# ----------------------------------------------------------------------------
# Paired tests.

def paired_t(a, b, level=0.95):
    r"""Paired t-test of method A against method B across seeds.

    Parameters
    ----------
    a, b : array_like, shape (n,)
        The metric of each method for the same ``n >= 2`` seeds, in the same
        order (seed ``i`` of A is paired with seed ``i`` of B).
    level : float, default 0.95
        Confidence level of the interval for the mean difference.

    Returns
    -------
    PairedResult
        ``difference`` is the mean of ``a - b``; ``statistic`` is t.

    Notes
    -----
    With :math:`d_i = a_i - b_i`, :math:`\bar d` and :math:`s_d` their mean
    and standard deviation,

    .. math::

        t = \frac{\bar d}{s_d / \sqrt{n}}, \qquad
        p = P(|T_{n-1}| \ge |t|), \qquad
        \bar d \pm t_{n-1}\bigl(\tfrac{1+\text{level}}{2}\bigr) s_d/\sqrt{n}.

    If every difference is equal, :math:`s_d = 0`: p is 1 when
    :math:`\bar d = 0` and 0 otherwise.
    """
    level = _level("level", level)
    x = _values("a", a, 2)
    y = _values("b", b, 2)
    _same_shape("a", x, "b", y)
    d = x - y
    n = d.shape[0]
    mean, sd = float(d.mean()), float(d.std(ddof=1))
    if sd == 0.0:
        t = 0.0 if mean == 0.0 else math.copysign(math.inf, mean)
        p = 1.0 if mean == 0.0 else 0.0
        return PairedResult(mean, mean, mean, p, t, n, level, "paired t")
    se = sd / math.sqrt(n)
    t = mean / se
    half = t_quantile(0.5 + level / 2.0, n - 1) * se
    return PairedResult(mean, mean - half, mean + half, t_two_sided_p(t, n - 1), t, n,
                        level, "paired t")


def binomial_two_sided_p(k, n):
    r"""Exact two-sided p-value of ``k`` successes in ``n`` fair coin flips.

    Notes
    -----
    .. math:: p = \min\Bigl(1,\; 2 \sum_{i=0}^{\min(k, n-k)} \binom{n}{i} 2^{-n}\Bigr),

    computed in exact rational arithmetic, so it has no rounding for any n.
    """
    for name, v in (("k", k), ("n", n)):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 0:
            raise ValueError(f"{name} must be a non-negative int, got {v!r}")
    if k > n:
        raise ValueError(f"k must be at most n={n}, got {k}")
    if n == 0:
        return 1.0
    m = min(k, n - k)
    tail = Fraction(sum(math.comb(n, i) for i in range(m + 1)), 2 ** n)
    return float(min(Fraction(1), 2 * tail))


def mcnemar(correct_a, correct_b):
    r"""Exact McNemar test: two classifiers on the same test examples.

    Parameters
    ----------
    correct_a, correct_b : array_like of bool, shape (n_examples,)
        Whether A (B) classifies each test example correctly, same order.

    Returns
    -------
    PairedResult
        ``difference`` is accuracy(A) - accuracy(B); ``a_only`` and ``b_only``
        count the discordant examples; ``statistic == a_only``; ``low`` and
        ``high`` are NaN (the test gives no interval).

    Notes
    -----
    Only the discordant examples carry information: :math:`n_{10}` that only
    A gets right and :math:`n_{01}` that only B gets right. Under the null
    hypothesis that both classifiers have the same error rate, each
    discordant example is a fair coin flip, so

    .. math::

        p = \min\Bigl(1,\; 2 \sum_{i=0}^{\min(n_{10}, n_{01})}
            \binom{n_{10}+n_{01}}{i} 2^{-(n_{10}+n_{01})}\Bigr).

    It treats the two trained classifiers as fixed; the variation from one
    seed to the next is not in it (use :func:`paired_t` or the 2-D form of
    :func:`paired_bootstrap` for that).
    """
    a = _correct("correct_a", correct_a)
    b = _correct("correct_b", correct_b)
    if a.ndim != 1:
        raise ValueError(
            f"correct_a must have shape (n_examples,) for McNemar's test, got shape {a.shape}"
        )
    _same_shape("correct_a", a, "correct_b", b)
    a_only = int(np.sum(a & ~b))
    b_only = int(np.sum(~a & b))
    n = a.shape[0]
    p = binomial_two_sided_p(a_only, a_only + b_only)
    return PairedResult((a_only - b_only) / n, math.nan, math.nan, p, float(a_only), n,
                        math.nan, "exact McNemar", a_only, b_only)


def paired_bootstrap(correct_a, correct_b, rng, level=0.95, n_resamples=10_000):
    r"""Paired bootstrap over test examples of the accuracy difference A - B.

    Parameters
    ----------
    correct_a, correct_b : array_like of bool, shape (n_examples,) or (n_seeds, n_examples)
        Per-example correctness of each method; with 2-D input, row ``s`` is
        seed ``s`` and the accuracy of a method is its mean over all seeds.
        The two arrays must have the same shape.
    rng : int or numpy.random.Generator
        Source of the resampling.
    level : float, default 0.95
        Confidence level of the percentile interval.
    n_resamples : int, default 10000
        Number of bootstrap resamples.

    Returns
    -------
    PairedResult
        ``difference`` is the observed accuracy difference (seed-averaged for
        2-D input), ``statistic`` the same number.

    Notes
    -----
    Let :math:`\delta_j` be the difference in (seed-averaged) correctness on
    example :math:`j`, so the observed difference is
    :math:`\hat\Delta = \frac1n\sum_j \delta_j`. Each resample draws
    :math:`n` example indices with replacement, the same indices for A and B,
    and gives :math:`\hat\Delta^*_b`. The interval is the percentile
    interval of :math:`\{\hat\Delta^*_b\}`; the two-sided p-value is

    .. math::

        p = \min\bigl(1,\; 2 \min(\#\{\hat\Delta^*_b \le 0\},
            \#\{\hat\Delta^*_b \ge 0\}) / B\bigr),

    the percentile-interval inversion: the smallest level at which the
    interval excludes 0. Resampling examples keeps each example's pairing
    across methods (and across seeds), so a hard digit counts against both.
    """
    level = _level("level", level)
    n_resamples = _resamples(n_resamples)
    a = _correct("correct_a", correct_a)
    b = _correct("correct_b", correct_b)
    _same_shape("correct_a", a, "correct_b", b)
    gen = rng_from(rng)
    delta = a.astype(np.float64) - b.astype(np.float64)
    if delta.ndim == 2:
        delta = delta.mean(axis=0)
    n = delta.shape[0]
    observed = float(delta.mean())
    idx = gen.integers(0, n, size=(n_resamples, n))
    boot = delta[idx].mean(axis=1)
    low, high = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    tail = min(np.sum(boot <= 0.0), np.sum(boot >= 0.0))
    p = min(1.0, 2.0 * tail / n_resamples)
    return PairedResult(observed, float(low), float(high), float(p), observed, n, level,
                        "paired bootstrap")
