"""Greedy stack + up-down, greedy stack + backprop, backprop from random weights, over seeds."""

# %% [markdown]
# The digits' training images are split once more: 300 of them become a validation set, on
# which every choice is made (learning rates, and the epoch at which to stop); the 450 test
# digits are only looked at once, at the end. The deep belief net has the shape of Hinton et
# al.'s, scaled to 8x8 images: 64 pixels, two directed layers of 64 units, and an associative
# memory of 64 code units plus 10 labels joined to 128 top units.
# --8<-- [start:setup]
import time

import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
split = np.random.default_rng(0).permutation(len(digits.y_train))
val, fit = split[:300], split[300:]
X, Y = digits.X_train[fit], digits.Y_train[fit]           # 1047 digits to learn from
X_val, y_val = digits.X_train[val], digits.y_train[val]   # 300 digits to choose with
X_test, y_test = digits.X_test, digits.y_test             # 450 digits to report
sizes = [64, 64, 64, 128]
seeds = [0, 1, 2, 3, 4]
pretrain_epochs, finetune_epochs, batch_size = 20, 30, 20
# --8<-- [end:setup]


# %% [markdown]
# Each fine-tuning route runs for the same number of epochs and keeps the parameters of the
# epoch with the lowest validation error (early stopping on validation).
# --8<-- [start:routes]
def updown(pretrained, learning_rate, seed):
    """Up-down fine-tuning of a copy of the pretrained net; the best epoch on validation."""
    net = pretrained.copy()
    best = [net.error_rate(X_val, y_val), [p.copy() for p in net.parameters()]]

    def keep_best(epoch, net):
        error = net.error_rate(X_val, y_val)
        if error < best[0]:
            best[:] = [error, [p.copy() for p in net.parameters()]]

    net.fit_updown(X, Y, epochs=finetune_epochs, learning_rate=learning_rate,
                   batch_size=batch_size, k=3, seed=seed, observe=keep_best)
    for p, kept in zip(net.parameters(), best[1], strict=True):
        p[...] = kept
    return best[0], net.predict(X_test)


def backprop(net, learning_rate, seed):
    """Mini-batch SGD on the cross-entropy; the best epoch on validation."""
    opt, order_rng = gl.SGD(net, learning_rate), np.random.default_rng(seed)
    best = [np.mean(net.predict(X_val) != y_val), net.copy()]
    for _ in range(finetune_epochs):
        order = order_rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            opt.step(X[batch], Y[batch], check=False)
        error = np.mean(net.predict(X_val) != y_val)
        if error < best[0]:
            best = [error, net.copy()]
    return best[0], best[1].predict(X_test)


def random_net(seed):
    """The same network from Glorot's start: U[-1/sqrt(n_in), 1/sqrt(n_in)], zero biases."""
    return gl.Network(sizes + [10], output="softmax", init="glorot_standard", seed=seed)
# --8<-- [end:routes]


# %% [markdown]
# The learning rates were chosen on the validation digits by `dbn_tuning.py` (the claim tests
# check that these are the rates it picks). Pretraining is timed on its own: its compute counts.
# --8<-- [start:rates]
rate = {"greedy + up-down": 0.03, "greedy + backprop": 1.0, "random + backprop": 3.0}
start_time = time.process_time()
pretrained = {s: gl.UpDownDBN(sizes, seed=s).pretrain(X, Y, epochs=pretrain_epochs,
                                                      batch_size=batch_size)
              for s in seeds}
pretrain_seconds = (time.process_time() - start_time) / len(seeds)
# --8<-- [end:rates]


# %% [markdown]
# Every seed: one pretraining serves both pretrained routes; the random start gets the same
# seed for its weights and its mini-batch order.
# --8<-- [start:run]
methods = ["greedy only", "greedy + up-down", "greedy + backprop", "random + backprop"]
routes = {
    "greedy only": lambda s: pretrained[s].predict(X_test),
    "greedy + up-down": lambda s: updown(pretrained[s], rate["greedy + up-down"], s)[1],
    "greedy + backprop": lambda s: backprop(pretrained[s].to_network(seed=s),
                                            rate["greedy + backprop"], s)[1],
    "random + backprop": lambda s: backprop(random_net(s), rate["random + backprop"], s)[1],
}
predictions = {m: [] for m in methods}
seconds = dict.fromkeys(methods, 0.0)          # fine-tuning CPU time, summed over seeds
for s in seeds:
    for m in methods:
        t = time.process_time()
        predictions[m].append(routes[m](s))
        seconds[m] += time.process_time() - t
correct = {m: np.array(p) == y_test for m, p in predictions.items()}   # (n_seeds, n_test)
errors = {m: 1 - c.mean(axis=1) for m, c in correct.items()}           # per seed
finetune_seconds = {m: t / len(seeds) for m, t in seconds.items()}     # per seed
total_seconds = time.process_time() - start_time
# --8<-- [end:run]


# %% [markdown]
# A paired bootstrap over the test digits: resample the 450 digits with replacement, the same
# digits for both methods and every seed, and look at the seed-averaged difference in error.
# --8<-- [start:stats]
def error_difference(a, b, rng):
    """Error of A minus error of B (seed-averaged): its percentile interval and p-value."""
    # gl.paired_bootstrap measures accuracy(first) - accuracy(second): B first gives the
    # error of A minus the error of B.
    r = gl.paired_bootstrap(correct[b], correct[a], rng)
    return {"difference": r.difference, "low": r.low, "high": r.high, "p_value": r.p_value}


rng = np.random.default_rng(0)
pairs = [("greedy + up-down", "random + backprop"), ("greedy + backprop", "random + backprop"),
         ("greedy + up-down", "greedy + backprop"), ("greedy + up-down", "greedy only")]
paired = {f"{a} vs {b}": error_difference(a, b, rng) for a, b in pairs}
# Beside it, seed by seed, McNemar's exact test of the two fine-tunings: only the digits that
# exactly one of them gets right count.
mcnemar = [gl.mcnemar(u, b) for u, b in zip(correct["greedy + up-down"],
                                             correct["greedy + backprop"], strict=True)]
only_updown = [r.a_only for r in mcnemar]
only_backprop = [r.b_only for r in mcnemar]
mcnemar_p = [r.p_value for r in mcnemar]
disagree_range = (min(map(sum, zip(only_updown, only_backprop, strict=True))),
                  max(map(sum, zip(only_updown, only_backprop, strict=True))))
backprop_ahead = sum(b > a for a, b in zip(only_updown, only_backprop, strict=True))
mcnemar_significant = sum(p < 0.05 for p in mcnemar_p)
# With no difference at all, the chance that some seed's test gives p < 0.05 is at most this
# (Bonferroni's bound; it holds however the tests on the same digits depend on each other).
family_false_alarm = 0.05 * len(seeds)
significant = {name: r["p_value"] < 0.05 for name, r in paired.items()}
# How the page writes each p-value: 10 000 resamples cannot resolve p below 0.001.
p_text = {name: "< 0.001" if r["p_value"] < 0.001 else f"= {r['p_value']:.3f}"
          for name, r in paired.items()}
mean_error = {m: float(e.mean()) for m, e in errors.items()}
n_seeds = len(seeds)
random_range = (float(errors["random + backprop"].min()), float(errors["random + backprop"].max()))
one_test_digit = 1 / len(y_test)                               # of error, per digit
paper_weights = 784 * 500 + 500 * 500 + (500 + 10) * 2000      # Hinton et al.'s MNIST net
std_error = {m: float(e.std(ddof=1)) for m, e in errors.items()}

print(f"test error over {len(seeds)} seeds (450 test digits each)")
for m in methods:
    print(f"  {m:19s} {mean_error[m]:6.2%} ± {std_error[m]:.2%}   seeds: "
          + " ".join(f"{e:.1%}" for e in errors[m]))
print("paired bootstrap, error difference A - B [95% interval], p")
for name, r in paired.items():
    print(f"  {name:40s} {r['difference']:+6.2%} [{r['low']:+.2%}, {r['high']:+.2%}]"
          f"  p = {r['p_value']:.3f}")
print("McNemar per seed, greedy + up-down vs greedy + backprop: only up-down right / "
      "only backprop right, p")
for seed, a, b, p in zip(seeds, only_updown, only_backprop, mcnemar_p, strict=True):
    print(f"  seed {seed}: {a:3d} / {b:3d}   p = {p:.3f}")
# --8<-- [end:stats]

# %%
fig, ax = plt.subplots(figsize=(7, 3.2), num="dbn-comparison")
for i, m in enumerate(methods):
    ax.scatter(100 * errors[m], np.full(len(seeds), i), color=f"C{i}", alpha=0.7)
    ax.plot([100 * mean_error[m]] * 2, [i - 0.3, i + 0.3], color=f"C{i}", lw=2)
ax.set_yticks(range(len(methods)), methods)
ax.invert_yaxis()
ax.set_xscale("log")
ax.set_xticks([1, 2, 5, 10, 20, 50, 100], ["1", "2", "5", "10", "20", "50", "100"])
ax.set_xlim(1, 100)
ax.set_xlabel("test error (%, log scale), one dot per seed, bar at the mean")
plt.show()
