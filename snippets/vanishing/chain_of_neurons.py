"""A chain of sigmoid neurons: an early bias's gradient is a product of factors w sigma'(z)."""

# %% [markdown]
# The sigmoid and its derivative. sigma'(z) = sigma(z) (1 - sigma(z)) peaks at z = 0, where
# it equals 1/4, and falls off fast on both sides.
# --8<-- [start:sigmoid]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

sigmoid = gl.ACTIVATIONS["sigmoid"]
z = np.linspace(-8, 8, 801)
a = sigmoid.forward(z)
a_prime = sigmoid.derivative(z, a)
sigma_prime_max = float(a_prime.max())  # 1/4, at z = 0
z_at_max = float(z[np.argmax(a_prime)])
# At z = 4.5 the derivative has lost more than 90% of its peak.
sigma_prime_at_4_5 = float(a_prime[np.isclose(z, 4.5)][0])
# --8<-- [end:sigmoid]

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6), num="sigmoid-and-derivative")
ax.plot(z, a, label=r"$\sigma(z)$")
ax.plot(z, a_prime, label=r"$\sigma'(z) = \sigma(z)\,(1-\sigma(z))$")
ax.axhline(0.25, color="0.5", ls="--", lw=0.8)
ax.annotate(
    r"maximum $\sigma'(0) = 1/4$",
    (0, 0.25),
    (1.2, 0.36),
    fontsize="small",
    arrowprops={"arrowstyle": "->", "color": "0.4"},
)
ax.set_xlabel("weighted input $z$")
ax.set_title("the sigmoid and its derivative")
ax.legend(loc="center right")
plt.show()

# %% [markdown]
# Nielsen's chain: an input, then four sigmoid neurons one after the other, each with one
# weight and one bias, and the quadratic cost at the end. In gradlib that is a network of
# width one, sizes [1, 1, 1, 1, 1]. Backprop gives dC/db for every neuron; the chain rule
# written out gives the same number as a product of one factor w_j sigma'(z_j) per later neuron.
# --8<-- [start:chain]
chain = gl.Network(
    [1, 1, 1, 1, 1], output="sigmoid", cost="quadratic", init="normal", seed=3
)
x, y = np.array([[0.8]]), np.array([[0.0]])
g = chain.backward(x, y)
trace = chain.trace(x)
z_chain = [float(Z[0, 0]) for Z in trace.Z]  # z_1 ... z_4
w_chain = [float(W[0, 0]) for W in chain.weights]  # w_1 ... w_4
s_prime = [
    float(sigmoid.derivative(Z, A)[0, 0])
    for Z, A in zip(trace.Z, trace.A[1:], strict=True)
]
dC_da4 = float(trace.A[-1][0, 0] - y[0, 0])  # quadratic cost: a_4 - y
# dC/db_1 = sigma'(z_1) * w_2 sigma'(z_2) * w_3 sigma'(z_3)
#                      * w_4 sigma'(z_4) * dC/da_4
factors = [w * s for w, s in zip(w_chain[1:], s_prime[1:], strict=True)]
product_formula = s_prime[0] * np.prod(factors) * dC_da4
backprop_db1 = float(g.biases[0][0])
print(f"neuron 1: z = {z_chain[0]:+.3f}, sigma'(z) = {s_prime[0]:.3f}")
for j in (2, 3, 4):
    w, s = w_chain[j - 1], s_prime[j - 1]
    print(
        f"neuron {j}: w = {w:+.3f}, z = {z_chain[j - 1]:+.3f}, "
        f"sigma'(z) = {s:.3f}, factor w sigma'(z) = {w * s:+.3f}"
    )
print(f"dC/db_1 by backprop:          {backprop_db1:+.6e}")
print(f"dC/db_1 by the product above: {product_formula:+.6e}")
# |dC/db_1| ... |dC/db_4|
db_per_neuron = [float(abs(b[0])) for b in g.biases]
# --8<-- [end:chain]
chain_agreement = abs(product_formula - backprop_db1) / abs(backprop_db1)
# The last neuron's bias gradient over the first's.
chain_slowdown = db_per_neuron[-1] / db_per_neuron[0]

# %% [markdown]
# How big is one factor |w sigma'(z)| when weights and biases are drawn from N(0, 1), the
# assumption of the classic argument? Sample many random chains of ten neurons fed with
# inputs in [0, 1] and collect every factor w_j sigma'(z_j) with z_j = w_j a_{j-1} + b_j.
# --8<-- [start:factors]
rng = np.random.default_rng(0)
n_chains, length = 100_000, 10
a_prev = rng.uniform(0, 1, n_chains)
all_factors, all_w = [], []
for _ in range(length):
    w, b = rng.standard_normal(n_chains), rng.standard_normal(n_chains)
    z_j = w * a_prev + b
    a_prev = sigmoid.forward(z_j)
    all_factors.append(np.abs(w * sigmoid.derivative(z_j, a_prev)))
    all_w.append(w)
all_factors = np.concatenate(all_factors)
factor_median = float(np.median(all_factors))
share_below_quarter = float(np.mean(all_factors < 0.25))
share_above_one = float(np.mean(all_factors >= 1))
# For comparison: the share of weights with |w| < 1.
share_w_below_one = float(np.mean(np.abs(np.concatenate(all_w)) < 1))
# --8<-- [end:factors]
# A product of ten such factors: the typical size of a ten-layer chain's gradient ratio.
median_product_of_ten = float(factor_median**10)

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6), num="factor-distribution")
bins = np.linspace(0, 0.6, 61)
ax.hist(all_factors, bins=bins, density=True, color="C0", alpha=0.8)
ax.axvline(0.25, color="C1", ls="--", label="1/4")
ax.axvline(
    factor_median,
    color="C2",
    ls=":",
    lw=2,
    label=f"median {factor_median:.3f}",
)
ax.set_xlabel(r"$|w\,\sigma'(z)|$, with $w, b \sim N(0, 1)$")
ax.set_ylabel("density")
ax.set_title(rf"{share_below_quarter:.1%} of the factors are below 1/4")
ax.legend()
plt.show()


# %% [markdown]
# For a factor to reach 1, sigma'(z) must be at least 1/|w|, which needs |w| >= 4 since
# sigma' <= 1/4. But z = w a + b also grows with w, so a large weight pushes z out of the
# middle of the sigmoid unless the input a lands in a narrow range. For a given |w|, the range
# of inputs a with |w sigma'(w a + b)| >= 1 is an interval whose width does not depend on b:
# sigma'(z) >= 1/|w| for |z| <= z*, so the width in a is 2 z* / |w|.
# --8<-- [start:window]
def window_width(w_abs):
    """Width of the inputs a with |w sigma'(w a + b)| >= 1, for |w| >= 4."""
    # sigma'(z) = s (1 - s) = 1/|w|  gives  s = (1 + sqrt(1 - 4/|w|)) / 2,
    # and z* = ln(s / (1 - s)), the z at which the sigmoid's output is s.
    s = (1 + np.sqrt(1 - 4 / w_abs)) / 2
    z_star = np.log(s / (1 - s))
    return 2 * z_star / w_abs


w_grid = np.linspace(4, 40, 36_001)
widths = window_width(w_grid)
window_max_width = float(widths.max())
window_best_w = float(w_grid[np.argmax(widths)])
# The same width counted directly: inputs a on a fine grid, at the best
# |w|, with b = 0.
a_grid = np.linspace(-1, 1, 200_001)
z_grid = window_best_w * a_grid
inside = (
    window_best_w * sigmoid.derivative(z_grid, sigmoid.forward(z_grid)) >= 1
)
window_width_counted = float(inside.sum() * (a_grid[1] - a_grid[0]))
# --8<-- [end:window]
window_width_at_20 = float(window_width(20.0))
window_width_at_100 = float(window_width(100.0))

# %%
fig, ax = plt.subplots(figsize=(6.4, 3.6), num="window-width")
ax.plot(w_grid, widths)
ax.plot([window_best_w], [window_max_width], "o", color="C1")
ax.annotate(
    rf"at most {window_max_width:.2f}, at $|w| \approx {window_best_w:.1f}$",
    (window_best_w, window_max_width),
    (12, 0.40),
    fontsize="small",
    arrowprops={"arrowstyle": "->", "color": "0.4"},
)
ax.set_xlabel("$|w|$")
ax.set_ylabel("width of the range of inputs $a$")
ax.set_title(r"where $|w\,\sigma'(wa+b)| \geq 1$: a narrow range of inputs")
ax.set_xlim(0, 40)
ax.set_ylim(0, 0.5)
plt.show()
