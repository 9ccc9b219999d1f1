"""What the routes of Bengio et al.'s table share: the data, the fine-tuning and the summary."""

# What `from _routes import *` gives a route: the data, the settings and the functions.
__all__ = ["dtype", "digits", "n_val", "X", "Y", "X_val", "Y_val", "X_test", "Y_test", "hidden",
           "seeds", "batch_size", "max_epochs", "patience", "steps_per_epoch", "fine_tune",
           "choose_rate", "layer_macs", "summarize_route"]

# %% [markdown]
# The data, the network and the fine-tuning are the same in every route of the table (the
# files `route_*.py`, which import them from here). 300 of the 1347 training digits are set
# aside for validation: the learning rate and the stopping epoch are chosen on them, never on
# the 450 test digits.
# --8<-- [start:setup]
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
# Test error of the chosen runs, and what they cost, in multiply-adds with the weights per
# example: a backprop step makes three per layer (forward, back-propagated error, weight
# gradient). Each route counts its own pretraining.
# --8<-- [start:results]
def layer_macs(hidden):
    """Multiply-adds of one pass through each hidden layer's weights, per example."""
    return [a * b for a, b in zip(hidden[:-1], hidden[1:], strict=True)]


def summarize_route(route, hidden, learning_rate, runs, val_error, all_runs,
                    pretrain_updates, pretrain_macs):
    """Print a route's test error and cost; return them by the names the page quotes.

    `runs` are the chosen rate's runs, `val_error` and `all_runs` those of every rate, as
    `choose_rate` returns them.
    """
    test_correct = np.array([r["net"].predict(X_test) == digits.y_test for r in runs])
    test_error = [float(1 - c.mean()) for c in test_correct]
    summary = gl.summarize(test_error)
    fine_tune_epochs = [r["epochs"] for r in runs]
    fine_tune_updates = float(np.mean(fine_tune_epochs)) * steps_per_epoch
    network_macs = sum(layer_macs(hidden)) + hidden[-1] * 10
    fine_tune_macs = 3 * float(np.mean(fine_tune_epochs)) * len(X) * network_macs
    # Choosing the rate fine-tuned every seed at every rate: epochs per seed, all rates together.
    search_epochs = sum(r["epochs"] for rs in all_runs.values() for r in rs) / len(seeds)
    search_macs = 3 * search_epochs * len(X) * network_macs
    val_error_by_rate = {f"{lr:g}": e for lr, e in val_error.items()}
    print(f"{route}: validation error by learning rate "
          + ", ".join(f"{lr}: {e:.1%}" for lr, e in val_error_by_rate.items()))
    print(f"chosen rate {learning_rate:g}; test error {summary.mean:.2%} "
          f"(95% interval {summary.low:.2%} to {summary.high:.2%}, {summary.n} seeds)")
    print(f"pretraining {pretrain_updates} updates, fine-tuning {fine_tune_updates:.0f} "
          f"updates on average ({min(fine_tune_epochs)} to {max(fine_tune_epochs)} epochs)")
    return {
        "test_correct": test_correct, "test_error": test_error,
        "fine_tune_epochs": fine_tune_epochs,
        "fine_tune_epochs_range": [min(fine_tune_epochs), max(fine_tune_epochs)],
        "fine_tune_updates": fine_tune_updates, "fine_tune_macs": fine_tune_macs,
        "search_epochs": search_epochs, "search_macs": search_macs,
        # In billions of multiply-adds, for the page.
        "cost_gmacs": {"pretraining": pretrain_macs / 1e9, "fine-tuning": fine_tune_macs / 1e9,
                       "all rates": search_macs / 1e9},
        "val_error_by_rate": val_error_by_rate,
        "test_error_mean": summary.mean, "test_error_low": summary.low,
        "test_error_high": summary.high, "test_error_std": summary.std,
        "best_epochs": [r["best_epoch"] for r in runs],
        "val_errors": [r["val_error"] for r in runs],
    }
# --8<-- [end:results]
