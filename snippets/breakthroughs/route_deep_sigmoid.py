"""Bengio et al.'s table, fourth route: the deep sigmoid network from random weights."""
# ruff: noqa: F405

# %% [markdown]
# The data, the fine-tuning with early stopping, the choice of rate and the summary are the
# same in every route of the table: they come from `_routes.py` (its settings are top-level
# here too, so the page can quote them from any route). This file holds the route's own part.
import time

import matplotlib.pyplot as plt
from _routes import *  # noqa: F403

import gradlib as gl

# %% [markdown]
# The route: no pretraining. Glorot and Bengio's "standard" start, the one of the time:
# weights U[-1/sqrt(n_in), 1/sqrt(n_in)], zero biases.
_start = time.perf_counter()
# --8<-- [start:route]
pretrain_epochs = 0
starts = [gl.Network(hidden + [10], output="softmax", init="glorot_standard", seed=seed,
                     dtype=dtype)
          for seed in seeds]
# --8<-- [end:route]
_pretrained = time.perf_counter()
# --8<-- [start:rate]
rates = [0.3, 1.0, 3.0]
learning_rate, runs, _val_error, _all_runs = choose_rate(starts, rates)
# --8<-- [end:rate]
_finished = time.perf_counter()

# %% [markdown]
# No pretraining to count. The test error of the chosen runs and the cost of fine-tuning
# (`summarize_route`, in `_routes.py`).
# --8<-- [start:results]
route = "deep, no pretraining (sigmoid)"
pretrain_updates = 0
pretrain_macs = 0
_results = summarize_route(route, hidden, learning_rate, runs, _val_error, _all_runs,
                           pretrain_updates, pretrain_macs)
# --8<-- [end:results]
globals().update(_results)      # test_error_mean, cost_gmacs, ...: top-level, for the page
# Wall-clock varies from one machine and build to the next: kept as data, never quoted.
wallclock_pretrain = _pretrained - _start
wallclock_fine_tune = _finished - _pretrained

# %% [markdown]
# The plateau: validation error after each epoch of the chosen runs, one line per seed.
fig, ax = plt.subplots(figsize=(7, 3.6), num="deep-sigmoid-plateau")
for seed, r in zip(seeds, runs, strict=True):
    ax.plot(r["curve"], lw=1.2, label=f"seed {seed}")
ax.set_yscale("log")
ax.set_xlabel("epoch of backprop")
ax.set_ylabel("validation error (300 digits)")
ax.set_title(f"deep sigmoid network from the standard start, rate {learning_rate:g}",
             fontsize="medium")
ax.legend(fontsize="small", loc="lower left")
plt.show()
