"""Bengio et al.'s table, fifth route: one hidden layer of 100 sigmoid units."""
# ruff: noqa: F405

# %% [markdown]
# The data, the fine-tuning with early stopping, the choice of rate and the summary are the
# same in every route of the table: they come from `_routes.py` (its settings are top-level
# here too, so the page can quote them from any route). This file holds the route's own part.
import time

from _routes import *  # noqa: F403

import gradlib as gl

# %% [markdown]
# The route: a shallow network, one hidden layer of 100 sigmoid units, Glorot and Bengio's
# "standard" start.
_start = time.perf_counter()
# --8<-- [start:route]
pretrain_epochs = 0
hidden = [64, 100]
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
route = "shallow, no pretraining"
pretrain_updates = 0
pretrain_macs = 0
_results = summarize_route(route, hidden, learning_rate, runs, _val_error, _all_runs,
                           pretrain_updates, pretrain_macs)
# --8<-- [end:results]
globals().update(_results)      # test_error_mean, cost_gmacs, ...: top-level, for the page
# Wall-clock varies from one machine and build to the next: kept as data, never quoted.
wallclock_pretrain = _pretrained - _start
wallclock_fine_tune = _finished - _pretrained
