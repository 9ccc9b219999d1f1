"""Bengio et al.'s table, third route: supervised greedy layer-wise training, then backprop."""

# %% [markdown]
# The data, the network and the fine-tuning are the same in every route of the table (the
# files `route_*.py`). 300 of the 1347 training digits are set aside for validation: the
# learning rate and the stopping epoch are chosen on them, never on the 450 test digits.
# --8<-- [start:setup]
import time

import numpy as np

import gradlib as gl

dtype = np.float32                               # fast enough for five seeds
digits = gl.load_digits(dtype=dtype)             # shuffled once, with seed 0
n_val = 300
X, Y = digits.X_train[n_val:], digits.Y_train[n_val:]           # 1047 training digits
X_val, Y_val = digits.X_train[:n_val], digits.Y_train[:n_val]   # 300 validation digits
X_test, Y_test = digits.X_test, digits.Y_test                   # 450 test digits
hidden = [64, 100, 100, 100]                     # input and three hidden layers of 100
seeds = [0, 1, 2, 3, 4]
batch_size, max_epochs, patience = 20, 150, 25
steps_per_epoch = -(-len(X) // batch_size)       # ceil: the last batch is smaller
# --8<-- [end:setup]


# --8<-- [start:fine_tune]
def fine_tune(net, learning_rate, seed):
    """Backprop with early stopping: keep the epoch with the lowest validation error.

    Training stops once `patience` epochs pass without a new best (or at `max_epochs`).
    """
    net = net.copy()
    opt = gl.SGD(net, learning_rate)
    rng = np.random.default_rng(seed)            # the order of the mini-batches
    best, best_error, best_epoch = net.copy(), 1 - net.accuracy(X_val, Y_val), 0
    curve = [best_error]                         # validation error after each epoch
    for epoch in range(1, max_epochs + 1):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            opt.step(X[batch], Y[batch], check=False)
        error = 1 - net.accuracy(X_val, Y_val)
        curve.append(error)
        if error < best_error:
            best, best_error, best_epoch = net.copy(), error, epoch
        elif epoch - best_epoch >= patience:
            break
    return {"net": best, "val_error": best_error, "best_epoch": best_epoch, "epochs": epoch,
            "curve": curve}


def choose_rate(starts, rates):
    """Fine-tune every seed's start at every rate; keep the rate best on validation."""
    runs = {lr: [fine_tune(net, lr, seed) for seed, net in zip(seeds, starts, strict=True)]
            for lr in rates}
    val_error = {lr: float(np.mean([r["val_error"] for r in rs])) for lr, rs in runs.items()}
    best = min(rates, key=lambda lr: val_error[lr])
    return best, runs[best], val_error, runs
# --8<-- [end:fine_tune]


# %% [markdown]
# The route: each hidden layer is trained, with the labels, as the hidden layer of a network
# with one hidden layer and a softmax output (20 epochs at rate 1), on the codes of the layers
# below; its output layer is then dropped. A fresh softmax output layer and backprop follow.
# --8<-- [start:route]
pretrain_epochs = 20


def supervised_greedy(seed):
    """Hidden layers trained one at a time, each with its own temporary output layer."""
    rng = np.random.default_rng(seed)
    net = gl.Network(hidden + [10], output="softmax", init="glorot_standard", seed=seed,
                     dtype=dtype)
    A = X
    for l in range(len(hidden) - 1):
        stage = gl.Network([hidden[l], hidden[l + 1], 10], output="softmax",
                           init="glorot_standard", seed=rng, dtype=dtype)
        gl.train(stage, A, Y, epochs=pretrain_epochs, learning_rate=1.0,
                 batch_size=batch_size, probe_size=1, seed=rng)
        net.weights[l], net.biases[l] = stage.weights[0].copy(), stage.biases[0].copy()
        A = stage.trace(A).A[1]                  # the codes the next layer learns from
    return net


_start = time.perf_counter()
starts = [supervised_greedy(seed) for seed in seeds]
_pretrained = time.perf_counter()
rates = [0.3, 1.0, 3.0]
learning_rate, runs, _val_error, _all_runs = choose_rate(starts, rates)
# --8<-- [end:route]
_finished = time.perf_counter()

# %% [markdown]
# Test error of the chosen runs, and what they cost. Multiply-adds with the weights, per
# example: a backprop step makes three per layer (forward, back-propagated error, weight
# gradient), in each supervised stage's own two-layer network as in the deep one.
# --8<-- [start:results]
route = "supervised greedy"
test_correct = np.array([r["net"].predict(X_test) == digits.y_test for r in runs])
test_error = [float(1 - c.mean()) for c in test_correct]
summary = gl.summarize(test_error)
fine_tune_epochs = [r["epochs"] for r in runs]
fine_tune_epochs_range = [min(fine_tune_epochs), max(fine_tune_epochs)]
_layer_macs = [a * b for a, b in zip(hidden[:-1], hidden[1:], strict=True)]
pretrain_updates = len(_layer_macs) * pretrain_epochs * steps_per_epoch
_stage_macs = [m + n_out * 10 for m, n_out in zip(_layer_macs, hidden[1:], strict=True)]
pretrain_macs = 3 * pretrain_epochs * len(X) * sum(_stage_macs)
fine_tune_updates = float(np.mean(fine_tune_epochs)) * steps_per_epoch
_network_macs = sum(_layer_macs) + hidden[-1] * 10
fine_tune_macs = 3 * float(np.mean(fine_tune_epochs)) * len(X) * _network_macs
# Choosing the rate fine-tuned every seed at every rate: epochs per seed, all rates together.
search_epochs = sum(r["epochs"] for rs in _all_runs.values() for r in rs) / len(seeds)
search_macs = 3 * search_epochs * len(X) * _network_macs
# In billions of multiply-adds, for the page.
cost_gmacs = {"pretraining": pretrain_macs / 1e9, "fine-tuning": fine_tune_macs / 1e9,
              "all rates": search_macs / 1e9}
val_error_by_rate = {f"{lr:g}": e for lr, e in _val_error.items()}
print(f"{route}: validation error by learning rate "
      + ", ".join(f"{lr}: {e:.1%}" for lr, e in val_error_by_rate.items()))
print(f"chosen rate {learning_rate:g}; test error {summary.mean:.2%} "
      f"(95% interval {summary.low:.2%} to {summary.high:.2%}, {summary.n} seeds)")
print(f"pretraining {pretrain_updates} updates, fine-tuning {fine_tune_updates:.0f} "
      f"updates on average ({min(fine_tune_epochs)} to {max(fine_tune_epochs)} epochs)")
# --8<-- [end:results]
test_error_mean, test_error_low, test_error_high = summary.mean, summary.low, summary.high
test_error_std = summary.std
best_epochs = [r["best_epoch"] for r in runs]
val_errors = [r["val_error"] for r in runs]
# Wall-clock varies from one machine and build to the next: kept as data, never quoted.
wallclock_pretrain = _pretrained - _start
wallclock_fine_tune = _finished - _pretrained
