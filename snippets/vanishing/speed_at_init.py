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


median, low, high = {}, {}, {}
runs = {}  # runs[init][d]: shape (n_seeds, d), one row per random start
for init in inits:
    runs[init], median[init], low[init], high[init] = {}, {}, {}, {}
    for d in depths:
        sizes = [64] + [30] * d + [10]
        r = np.array([speeds(sizes, init, s) for s in seeds])
        runs[init][d] = r
        median[init][d] = np.median(r, axis=0).tolist()
        low[init][d], high[init][d] = r.min(0).tolist(), r.max(0).tolist()
# --8<-- [end:measure]

# %% [markdown]
# A table: Nielsen's MNIST numbers beside the medians over the ten seeds (and
# the range).
# --8<-- [start:table]
# Nielsen, Neural Networks and Deep Learning, chapter 5 (2015): MNIST,
# sigmoid hidden and output units, cross-entropy, weights N(0, 1/n_in),
# biases N(0, 1). Quoted, not computed.
NIELSEN = {
    2: [0.07, 0.31],
    3: [0.012, 0.060, 0.283],
    4: [0.003, 0.017, 0.070, 0.285],
}
print("hidden     Nielsen   ours, N(0,1/n_in)      ours, N(0,1)")
print("layer      (MNIST)   median (min-max)       median (min-max)")
for d in depths:
    print(str([64] + [30] * d + [10]).replace(" ", ""))
    for l in range(d):
        cells = [f"{median[i][d][l]:.3f} "
                 f"({low[i][d][l]:.3f}-{high[i][d][l]:.3f})" for i in inits]
        print(f"  {l + 1:<8}{NIELSEN[d][l]:>7.3f}   {cells[0]:<23}{cells[1]}")
# --8<-- [end:table]

# %% [markdown]
# How much faster the last hidden layer learns than the first, per seed, then
# the median.
# --8<-- [start:ratio]
ratio = {i: {d: float(np.median(runs[i][d][:, -1] / runs[i][d][:, 0]))
             for d in depths} for i in inits}
nielsen_ratio = {d: NIELSEN[d][-1] / NIELSEN[d][0] for d in depths}
print("\nlast hidden layer / first, with 2, 3, 4 hidden layers:")
for name, r in [("N(0,1/n_in)", ratio["scaled_normal"]),
                ("N(0,1)", ratio["normal"]), ("Nielsen", nielsen_ratio)]:
    print(f"  {name:<13}" + "".join(f"{r[d]:>8.1f}" for d in depths))
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
factor_measured, factor_predicted = {}, {}
sigma_prime_rms, z_spread, n_var_w = {}, {}, {}
for init in inits:
    measured, predicted, s_rms, spread, nv = [], [], [], [], []
    for seed in seeds:
        net = gl.Network(sizes, init=init, seed=seed)
        g, trace = net.backward(X, Y), net.trace(X)
        # typical size of delta in each hidden layer (root-mean-square)
        rms = [np.sqrt(np.mean(np.sum(delta**2, axis=1)))
               for delta in g.deltas[:-1]]
        measured += [rms[l] / rms[l + 1] for l in range(3)]
        sp = [A * (1 - A) for A in trace.A[1:-1]]  # sigma'(z), hidden layers
        for l in range(3):
            # n Var(w) of the weights from hidden layer l+1 up to l+2
            n_var = 30 * np.var(net.weights[l + 1])
            predicted.append(np.sqrt(n_var * np.mean(sp[l] ** 2)))
            nv.append(n_var)
        s_rms += [np.sqrt(np.mean(s**2)) for s in sp]
        spread += [Z.std() for Z in trace.Z[:-1]]
    factor_measured[init] = float(np.median(measured))
    factor_predicted[init] = float(np.median(predicted))
    sigma_prime_rms[init] = float(np.median(s_rms))
    z_spread[init] = float(np.median(spread))
    n_var_w[init] = float(np.median(nv))
# --8<-- [end:factor]
# Between the first and the last of d hidden layers the error passes d - 1 such factors,
# so the factor alone predicts a last/first ratio of (1 / factor) ** (d - 1).
ratio_from_factor = {
    init: float(factor_measured[init] ** -(depths[-1] - 1)) for init in inits
}

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), sharey=True,
                         num="speed-at-init")
titles = {"scaled_normal": r"weights $N(0, 1/n_{\rm in})$",
          "normal": r"weights $N(0, 1)$"}
for ax, init in zip(axes, inits, strict=True):
    for k, d in enumerate(depths):
        layers = np.arange(1, d + 1)
        m, lo, hi = (np.array(v[init][d]) for v in (median, low, high))
        ax.errorbar(layers + 0.04 * (k - 1), m, yerr=[m - lo, hi - m],
                    fmt="o-", ms=4, capsize=3, color=f"C{k}",
                    label=f"{d} hidden layers")
        if init == "scaled_normal":
            ax.plot(layers, NIELSEN[d], "x--", color=f"C{k}", ms=8, lw=1)
    ax.set_yscale("log")
    ax.set_xticks([1, 2, 3, 4])
    ax.set_xlabel("hidden layer (1 = nearest the input)")
    ax.set_title(titles[init], fontsize="medium")
axes[0].plot([], [], "x--", color="0.3", lw=1, label="Nielsen (MNIST)")
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^\ell\|$")
axes[0].legend(fontsize="small", loc="lower right")
plt.show()
