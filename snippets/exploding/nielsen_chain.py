"""Nielsen's exploding chain: weights 100 and biases that put every z at 0 make every factor 25."""

# %% [markdown]
# A chain of eight sigmoid neurons (a network of width one), every weight w_j = 100, and each
# bias chosen to cancel the input it receives: b_j = -100 a_{j-1}, so that every weighted
# input z_j = w_j a_{j-1} + b_j is 0. There sigma'(0) = 1/4, so every factor w_j sigma'(z_j)
# of the chain rule is 100 / 4 = 25. Backprop measures dC/db_j for every neuron.
# --8<-- [start:build]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

n_neurons, w = 8, 100.0
x, y = 0.5, 0.0  # one input, its target


def build_chain(x_design):
    """The chain whose biases make every z equal 0 for the input x_design."""
    chain = gl.Network(
        [1] * (n_neurons + 1), output="sigmoid", cost="quadratic", seed=0
    )
    a_prev = x_design
    for W, b in zip(chain.weights, chain.biases, strict=True):
        W[0, 0] = w
        b[0] = -w * a_prev  # z = w a_prev + b = 0
        a_prev = 0.5  # sigma(0)
    return chain


chain = build_chain(x)
g = chain.backward(np.array([[x]]), np.array([[y]]))
db = np.array([abs(float(b[0])) for b in g.biases])  # |dC/db_j|, j = 1 ... 8
growth_per_layer = (db[:-1] / db[1:]).tolist()  # going back one neuron
z_values = [float(Z[0, 0]) for Z in chain.trace(np.array([[x]])).Z]
print("z_j:      ", " ".join(f"{v:<8.0f}" for v in z_values).rstrip())
print("|dC/db_j|:", " ".join(f"{v:<8.2g}" for v in db).rstrip())
print("growth going back one neuron:",
      " ".join(f"{v:.2f}" for v in growth_per_layer))
# --8<-- [end:build]
first_over_last = float(db[0] / db[-1])
expected_first_over_last = 25.0 ** (n_neurons - 1)

# %% [markdown]
# The construction stands on a knife's edge. Keep the weights and biases, but feed an input
# that differs from the designed one by a tiny amount. Going forward, the same factor 25
# amplifies the difference: z_1 moves off 0 by 100 times the difference, and each later z by
# 25 times more than the one before, until the neurons saturate and sigma'(z) is 0 in floating
# point, which takes the whole gradient with it.
# --8<-- [start:nudge]
shifts = [1e-12, 1e-10, 1e-8, 1e-6, 1e-4]
z_shifted, db1_shifted = {}, {}
for shift in shifts:
    x_nudged = np.array([[x + shift]])
    z_shifted[shift] = [abs(float(Z[0, 0])) for Z in chain.trace(x_nudged).Z]
    g_nudged = chain.backward(x_nudged, np.array([[y]]))
    db1_shifted[shift] = abs(float(g_nudged.biases[0][0]))
    values = " ".join(f"{v:<6.1g}" for v in z_shifted[shift])
    print(f"off by {shift:.0e}: |z_j| = {values.rstrip()}")
for shift in shifts:
    print(f"off by {shift:.0e}: |dC/db_1| = {db1_shifted[shift]:.3g}")
# --8<-- [end:nudge]
z_growth_per_layer = z_shifted[1e-12][1] / z_shifted[1e-12][0]
db1_exact = float(db[0])
db1_nudged_tiny = db1_shifted[1e-12]
db1_nudged = db1_shifted[1e-10]

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.6), num="exploding-chain")
neurons = np.arange(1, n_neurons + 1)
ax1.semilogy(neurons, db, "o-")
for j in range(n_neurons - 1):
    ax1.annotate(
        "×25",
        ((neurons[j] + neurons[j + 1]) / 2, np.sqrt(db[j] * db[j + 1])),
        xytext=(4, 4),
        textcoords="offset points",
        fontsize="x-small",
        color="0.3",
    )
ax1.set_xlabel("neuron $j$ (1 = nearest the input)")
ax1.set_ylabel(r"$|\partial C/\partial b_j|$")
ax1.set_title("(a) the designed input: every $z_j = 0$", fontsize="medium")
for k, shift in enumerate(shifts):
    ax2.semilogy(
        neurons,
        z_shifted[shift],
        "o-",
        ms=4,
        color=f"C{k + 1}",
        label=f"input off by $10^{{{int(np.log10(shift))}}}$",
    )
ax2.axhspan(4.6, 100, color="0.85", zorder=0)
ax2.text(
    1, 8, r"saturated: $\sigma'(z) < 0.01$", fontsize="small", color="0.3"
)
ax2.set_ylim(1e-11, 100)
ax2.set_xlabel("neuron $j$")
ax2.set_ylabel("$|z_j|$")
ax2.set_title(
    "(b) a nudged input: $z$ grows 25-fold per neuron", fontsize="medium"
)
ax2.legend(fontsize="small", loc="lower right")
plt.show()
