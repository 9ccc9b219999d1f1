"""Test accuracy against depth for the main recipes, on the digits."""

# %%
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# %% [markdown]
# Hidden layers of 30 units, from 1 to 16 of them, five recipes, the same short training for
# every network: 4 epochs of plain SGD, mini-batches of 20, learning rate 0.1, clipping at 5.
# Two seeds each (initial weights and shuffling), to show how much a single run can vary.
# --8<-- [start:depth]
digits = gl.load_digits()
depths = [1, 2, 4, 8, 16]
recipes = {
    "sigmoid + normal": dict(activation="sigmoid", init="normal"),
    "tanh + xavier": dict(activation="tanh", init="xavier"),
    "ReLU + He": dict(activation="relu", init="he"),
    "ReLU + He + batch norm": dict(activation="relu", init="he",
                                   batch_norm=True),
    "ReLU + He + BN + residual": dict(activation="relu", init="he",
                                      batch_norm=True, residual=True),
}
seeds = [0, 1]
settings = dict(epochs=4, learning_rate=0.1, batch_size=20, clip_norm=5.0,
                probe_size=100)


def final_accuracy(kw, depth, seed):
    net = gl.DeepNetwork([64] + [30] * depth + [10], output="softmax",
                         seed=seed, **kw)
    history = gl.train(net, digits.X_train, digits.Y_train, seed=seed,
                       eval_data=(digits.X_test, digits.Y_test), **settings)
    return history.accuracy[-1]


# runs[name] has shape (n_depths, n_seeds)
runs = {name: np.array([[final_accuracy(kw, d, s) for s in seeds]
                        for d in depths])
        for name, kw in recipes.items()}
# --8<-- [end:depth]
accuracy = {name: r.mean(axis=1) for name, r in runs.items()}
accuracy_low = {name: r.min(axis=1) for name, r in runs.items()}
accuracy_high = {name: r.max(axis=1) for name, r in runs.items()}
deepest = depths[-1]

print(f"{'test accuracy (mean of 2 seeds)':<28}" + "".join(f"{d:>7}" for d in depths))
for name in recipes:
    print(f"{name:<28}" + "".join(f"{a:7.1%}" for a in accuracy[name]))

# %%
fig, ax = plt.subplots(figsize=(8, 5.2), num="accuracy-vs-depth")
for k, name in enumerate(recipes):
    ax.errorbar(np.array(depths) * (1 + 0.03 * (k - 2)), accuracy[name],
                yerr=[accuracy[name] - accuracy_low[name], accuracy_high[name] - accuracy[name]],
                marker="osD^v"[k], ms=5, capsize=3, label=name)
ax.set_xscale("log", base=2)
ax.set_xticks(depths, [str(d) for d in depths])
ax.minorticks_off()
ax.set_ylim(0, 1)
ax.set_xlabel("hidden layers of 30 units")
ax.set_ylabel(f"test accuracy after {settings['epochs']} epochs")
ax.set_title("Deeper is harder, unless the recipe keeps the gradient flowing")
fig.legend(loc="outside lower center", ncol=3, fontsize="small", frameon=False)
plt.show()
