"""The learning rate of each route of the deep-belief-net comparison, chosen on validation."""

# %% [markdown]
# The same split, net and budget as `dbn_comparison.py`: 300 validation digits carved from the
# training digits, seed 0. Each route tries three learning rates; the one with the lowest
# validation error (at its best epoch) is the one the comparison uses for every seed.
# --8<-- [start:setup]
import copy

import numpy as np

import gradlib as gl

digits = gl.load_digits()
split = np.random.default_rng(0).permutation(len(digits.y_train))
val, fit = split[:300], split[300:]
X, Y = digits.X_train[fit], digits.Y_train[fit]
X_val, y_val = digits.X_train[val], digits.y_train[val]
sizes = [64, 64, 64, 128]
pretrain_epochs, finetune_epochs, batch_size = 20, 30, 20
grids = {"greedy + up-down": [0.003, 0.01, 0.03, 0.1],
         "greedy + backprop": [0.3, 1.0, 3.0],
         "random + backprop": [1.0, 3.0, 10.0]}
# --8<-- [end:setup]


# %% [markdown]
# The best validation error over the epochs of one run: early stopping, as in the comparison.
# --8<-- [start:routes]
def updown_validation(pretrained, learning_rate, seed):
    net, errors = copy.deepcopy(pretrained), []
    net.fit_updown(X, Y, epochs=finetune_epochs, learning_rate=learning_rate,
                   batch_size=batch_size, k=3, seed=seed,
                   observe=lambda epoch, net: errors.append(net.error_rate(X_val, y_val)))
    return min(errors)


def backprop_validation(net, learning_rate, seed):
    opt, order_rng, errors = gl.SGD(net, learning_rate), np.random.default_rng(seed), []
    for _ in range(finetune_epochs):
        order = order_rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            opt.step(X[batch], Y[batch], check=False)
        errors.append(float(np.mean(net.predict(X_val) != y_val)))
    return min(errors)
# --8<-- [end:routes]


# %%
# --8<-- [start:choose]
pretrained = gl.UpDownDBN(sizes, seed=0).pretrain(X, Y, epochs=pretrain_epochs,
                                                  batch_size=batch_size)
validation_error = {
    "greedy + up-down": {lr: updown_validation(pretrained, lr, 0)
                         for lr in grids["greedy + up-down"]},
    "greedy + backprop": {lr: backprop_validation(pretrained.to_network(seed=0), lr, 0)
                          for lr in grids["greedy + backprop"]},
    "random + backprop": {lr: backprop_validation(gl.Network(
        sizes + [10], output="softmax", init="glorot_standard", seed=0), lr, 0)
        for lr in grids["random + backprop"]},
}
rate = {route: min(errs, key=errs.get) for route, errs in validation_error.items()}
for route, errs in validation_error.items():
    print(f"{route:18s} " + "  ".join(f"rate {lr:g}: {e:.1%}" for lr, e in errs.items())
          + f"   -> {rate[route]:g}")
# --8<-- [end:choose]
