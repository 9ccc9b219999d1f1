"""Speed of learning of each hidden layer at initialisation, measured as Nielsen measured it."""

# %% [markdown]
# The same measurement on the 8x8 digits. Nielsen's speed of layer l is the norm of dC/db^l,
# the per-example bias gradients (= the deltas) averaged over the first 1000 training images.
# That average is exactly what net.backward returns for a batch of those 1000 images.
# We repeat it for ten random initialisations and for two weight scales:
# "scaled_normal" (weights N(0, 1/n_in), the setting of Nielsen's numbers) and
# "normal" (weights N(0, 1), the setting of the classic argument). Biases are N(0, 1) in both.
# --8<-- [start:measure]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X, Y = digits.X_train[:1000], digits.Y_train[:1000]
seeds = range(10)
inits = ["scaled_normal", "normal"]
depths = [2, 3, 4]  # hidden layers of 30 sigmoid units


def speeds(sizes, init, seed):
    """||dC/db^l|| of each hidden layer, first hidden layer first."""
    net = gl.Network(sizes, activation="sigmoid", output="sigmoid",
                     cost="cross_entropy", init=init, seed=seed)
    g = net.backward(X, Y)
    # [:-1] leaves out the output layer
    return [float(np.linalg.norm(b)) for b in g.biases[:-1]]


# runs[init][d]: shape (n_seeds, d), one row per random start
runs = {
    init: {
        d: np.array([speeds([64] + [30] * d + [10], init, s) for s in seeds])
        for d in depths
    }
    for init in inits
}
median = {
    init: {d: np.median(runs[init][d], axis=0).tolist() for d in depths}
    for init in inits
}
low = {
    init: {d: runs[init][d].min(axis=0).tolist() for d in depths}
    for init in inits
}
high = {
    init: {d: runs[init][d].max(axis=0).tolist() for d in depths}
    for init in inits
}
# --8<-- [end:measure]

# %% [markdown]
# A table: Nielsen's MNIST numbers beside the medians over the ten seeds (and the range).
# --8<-- [start:table]
# Nielsen, Neural Networks and Deep Learning, chapter 5 (2015): MNIST,
# sigmoid hidden and output units, cross-entropy, weights N(0, 1/n_in),
# biases N(0, 1). Quoted, not computed.
NIELSEN = {
    2: [0.07, 0.31],
    3: [0.012, 0.060, 0.283],
    4: [0.003, 0.017, 0.070, 0.285],
}
print(
    f"{'network':<22}{'layer':>6}{'Nielsen':>9}   "
    f"{'N(0,1/n_in): median (min-max)':<32}{'N(0,1): median (min-max)'}"
)
for d in depths:
    name = str([64] + [30] * d + [10]).replace(" ", "")
    for l in range(d):
        cells = [
            f"{median[i][d][l]:.3f} ({low[i][d][l]:.3f}-{high[i][d][l]:.3f})"
            for i in inits
        ]
        print(
            f"{name if l == 0 else '':<22}{l + 1:>6}{NIELSEN[d][l]:>9.3f}   "
            f"{cells[0]:<32}{cells[1]}"
        )
# --8<-- [end:table]

# %% [markdown]
# How much faster the last hidden layer learns than the first, per seed, then the median.
# --8<-- [start:ratio]
ratio = {
    init: {
        d: float(np.median(runs[init][d][:, -1] / runs[init][d][:, 0]))
        for d in depths
    }
    for init in inits
}
nielsen_ratio = {d: NIELSEN[d][-1] / NIELSEN[d][0] for d in depths}
for init in inits:
    print(
        f"{init:>14}: last/first = "
        + ", ".join(
            f"{ratio[init][d]:.1f} ({d} hidden layers)" for d in depths
        )
    )
print(
    f"{'Nielsen':>14}: last/first = "
    + ", ".join(f"{nielsen_ratio[d]:.1f} ({d} hidden layers)" for d in depths)
)
# --8<-- [end:ratio]
# How much one more hidden layer multiplies the gap between the last and the first.
ratio_growth_per_layer = {
    init: float(np.sqrt(ratio[init][4] / ratio[init][2])) for init in inits
}
# Every seed, every layer: is the speed increasing toward the output?
increasing_every_seed = {
    init: {
        d: bool(np.all(np.diff(runs[init][d], axis=1) > 0)) for d in depths
    }
    for init in inits
}
n_seeds = len(seeds)

# %% [markdown]
# Why the two weight scales differ. Going back one layer multiplies the deltas by W and by
# sigma'(z): delta^l = (delta^{l+1} W^T) * sigma'(z^l). Each unit sums n = 30 terms, so a
# typical delta changes by a factor of about sqrt(n Var(w) E[sigma'(z)^2]), not |w| sigma'(z).
# Var(w) = 1/n makes the sum cancel the sqrt(n); Var(w) = 1 does not, but it spreads z so
# widely that many units saturate and sigma'(z) is small. Measured factor: the root-mean-square
# of the per-example deltas in one hidden layer over that of the layer above (4 hidden layers).
# --8<-- [start:factor]
sizes = [64, 30, 30, 30, 30, 10]
factor_measured, factor_predicted, sigma_prime_rms, z_spread, n_var_w = (
    {},
    {},
    {},
    {},
    {},
)
for init in inits:
    measured, predicted, s_rms, spread, nv = [], [], [], [], []
    for seed in seeds:
        net = gl.Network(sizes, init=init, seed=seed)
        g, trace = net.backward(X, Y), net.trace(X)
        rms = [
            np.sqrt(np.mean(np.sum(delta**2, axis=1)))
            for delta in g.deltas[:-1]
        ]
        measured.append([rms[l] / rms[l + 1] for l in range(len(rms) - 1)])
        sp = [
            A * (1 - A) for A in trace.A[1:-1]
        ]  # sigma'(z) of each hidden layer
        predicted.append(
            [
                np.sqrt(
                    sizes[l + 2]
                    * np.var(net.weights[l + 1])
                    * np.mean(sp[l] ** 2)
                )
                for l in range(len(sp) - 1)
            ]
        )
        s_rms.append([np.sqrt(np.mean(s**2)) for s in sp])
        spread.append([Z.std() for Z in trace.Z[:-1]])
        nv.append(
            [30 * np.var(W) for W in net.weights[1:-1]]
        )  # n Var(w), n = 30 units
    factor_measured[init] = float(np.median(measured))
    factor_predicted[init] = float(np.median(predicted))
    sigma_prime_rms[init] = float(np.median(s_rms))
    z_spread[init] = float(np.median(spread))
    n_var_w[init] = float(np.median(nv))
# --8<-- [end:factor]

# %%
fig, axes = plt.subplots(
    1, 2, figsize=(10, 4.2), sharey=True, num="speed-at-init"
)
titles = {
    "scaled_normal": r"weights $N(0, 1/n_{\rm in})$ (Nielsen's setting)",
    "normal": r"weights $N(0, 1)$ (the classic argument's)",
}
for ax, init in zip(axes, inits, strict=True):
    for k, d in enumerate(depths):
        layers = np.arange(1, d + 1)
        m, lo, hi = (np.array(v[init][d]) for v in (median, low, high))
        ax.errorbar(
            layers + 0.04 * (k - 1),
            m,
            yerr=[m - lo, hi - m],
            fmt="o-",
            capsize=3,
            color=f"C{k}",
            label=f"{d} hidden layers (digits)",
        )
        if init == "scaled_normal":
            ax.plot(
                layers,
                NIELSEN[d],
                "x--",
                color=f"C{k}",
                ms=8,
                lw=1,
                label=f"{d} hidden layers (Nielsen, MNIST)",
            )
    ax.set_yscale("log")
    ax.set_xticks([1, 2, 3, 4])
    ax.set_xlabel("hidden layer (1 = nearest the input)")
    ax.set_title(titles[init], fontsize="medium")
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^l\|$")
axes[0].legend(fontsize="small", loc="lower right")
axes[1].legend(fontsize="small", loc="lower right")
plt.show()
