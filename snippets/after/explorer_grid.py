"""Gradient and activation statistics of every network in the explorer, at initialisation."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# %% [markdown]
# Every combination the explorer offers: 3 activations x 4 initialisations x 7 depths x
# batch norm off/on x residual connections off/on, hidden layers of 30 units, softmax output,
# cross-entropy cost. For each network, at initialisation, one forward and one backward pass
# over a probe batch of 500 training digits give, for every hidden layer l:
#   - the speed of learning ||dC/db^l||, the norm of the bias gradient;
#   - the mean and the standard deviation of the activations A^l over the batch and the units.
# Batch norm uses the probe batch's own statistics, as it does while training.
# --8<-- [start:grid]
activations = ["sigmoid", "tanh", "relu"]
inits = ["normal", "glorot_standard", "xavier", "he"]
depths = [2, 4, 6, 8, 10, 15, 20]
variants = {"plain": (False, False), "bn": (True, False),
            "residual": (False, True), "bn+residual": (True, True)}
width, seeds = 30, [0, 1, 2]

digits = gl.load_digits()
X, Y = digits.X_train[:500], digits.Y_train[:500]


def measure(activation, init, depth, batch_norm, residual, seed):
    """Per hidden layer: bias-gradient norm, activation mean, activation std."""
    net = gl.DeepNetwork([64] + [width] * depth + [10], activation=activation,
                         output="softmax", init=init, seed=seed,
                         batch_norm=batch_norm, residual=residual)
    g = net.backward(X, Y)
    A = net.trace(X, training=True).A[1:-1]     # the hidden layers' activations
    return ([np.linalg.norm(b) for b in g.biases[:-1]],
            [a.mean() for a in A], [a.std() for a in A])


def summary(runs):
    """Mean over the seeds; geometric for the norms, which span decades."""
    # each of norms, means, stds has shape (n_seeds, depth)
    norms, means, stds = (np.array(r) for r in zip(*runs, strict=True))
    with np.errstate(divide="ignore"):
        geo = np.exp(np.log(norms).mean(axis=0))
    return {"grad": geo, "mean": means.mean(axis=0), "std": stds.mean(axis=0)}


results = {
    a: {i: {str(d): {v: summary([measure(a, i, d, bn, res, s) for s in seeds])
                     for v, (bn, res) in variants.items()}
            for d in depths}
        for i in inits}
    for a in activations
}
# --8<-- [end:grid]


# %% [markdown]
# What the page ships: the same numbers to three significant figures, as nested dicts and
# lists (results[activation][init][depth][variant]["grad" | "mean" | "std"][layer]).
def _round(values):
    return [float(f"{x:.3g}") for x in values]


grid = {
    "activations": activations, "inits": inits, "depths": depths, "variants": list(variants),
    "width": width, "seeds": len(seeds), "probe": len(X),
    "results": {a: {i: {d: {v: {k: _round(s) for k, s in r.items()} for v, r in by_v.items()}
                        for d, by_v in by_d.items()}
                    for i, by_d in by_i.items()}
                for a, by_i in results.items()},
}

# %% [markdown]
# A few numbers the page quotes: how many times faster the last hidden layer learns than the
# first, for 10 hidden layers, no batch norm, no residual connections.
# --8<-- [start:ratios]
pairs = [("sigmoid", "normal"), ("sigmoid", "xavier"), ("tanh", "xavier"),
         ("relu", "xavier"), ("relu", "he")]
ratio_last_first = {}
for a, i in pairs:
    speed = results[a][i]["10"]["plain"]["grad"]
    ratio_last_first[f"{a} + {i}"] = float(speed[-1] / speed[0])
for name, r in ratio_last_first.items():
    print(f"{name:>18}: last / first hidden layer = {r:.3g}")
# --8<-- [end:ratios]
ratio_last_first_20 = {f"relu + {i}": float(results["relu"][i]["20"]["plain"]["grad"][-1]
                                            / results["relu"][i]["20"]["plain"]["grad"][0])
                       for i in ["xavier", "he"]}


def _speeds(a, i, d, v):
    return np.asarray(results[a][i][str(d)][v]["grad"])


# The largest speed over the smallest, among the hidden layers.
spread = {f"{a} + {i} + {v}, {d} layers": float(_speeds(a, i, d, v).max()
                                                 / _speeds(a, i, d, v).min())
          for a, i, v, d in [("sigmoid", "xavier", "bn", 10), ("relu", "he", "plain", 10),
                             ("relu", "he", "bn", 10), ("relu", "he", "bn+residual", 10),
                             ("relu", "he", "bn+residual", 20)]}
# How many times the first hidden layer's speed exceeds the last one's.
first_over_last = {f"{a} + {i} + {v}, {d} layers": float(_speeds(a, i, d, v)[0]
                                                          / _speeds(a, i, d, v)[-1])
                   for a, i, v, d in [("relu", "he", "bn", 20), ("relu", "he", "residual", 10),
                                      ("relu", "normal", "plain", 10)]}
# Growth of the activations' spread per layer, ReLU with N(0, 1) weights (10 layers).
_std = np.asarray(results["relu"]["normal"]["10"]["plain"]["std"])
relu_normal_growth = float(np.exp(np.mean(np.log(_std[1:] / _std[:-1]))))

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 4), num="explorer-preview")
for a, i, v in [("sigmoid", "normal", "plain"), ("sigmoid", "xavier", "plain"),
                ("tanh", "xavier", "plain"), ("relu", "he", "plain"), ("relu", "he", "bn")]:
    r = results[a][i]["10"][v]
    layers = np.arange(1, 11)
    label = f"{a} + {i}" + (" + batch norm" if v == "bn" else "")
    axes[0].plot(layers, r["grad"], "o-", label=label)
    axes[1].plot(layers, r["std"], "o-", label=label)
axes[0].set_yscale("log")
axes[0].set_ylabel(r"speed of learning $\|\partial C/\partial b^l\|$")
axes[1].set_ylabel("std of the activations")
for ax in axes:
    ax.set_xlabel("hidden layer (1 = nearest the input)")
axes[0].legend(fontsize="small")
fig.suptitle("10 hidden layers of 30 units at initialisation (mean of 3 seeds)")
plt.show()
