"""Bengio et al.'s table, second route: an autoassociator stack fine-tuned by backprop."""
# ruff: noqa: F405

# %% [markdown]
# The data, the fine-tuning with early stopping, the choice of rate and the summary are the
# same in every route of the table: they come from `_routes.py` (its settings are top-level
# here too, so the page can quote them from any route). This file holds the route's own part.
import time

from _routes import *  # noqa: F403

import gradlib as gl

# %% [markdown]
# The route: greedy layer-wise pretraining of three tied-weight autoassociators (20 epochs
# each, reconstruction cross-entropy, no labels), then a fresh softmax output layer and
# backprop.
_start = time.perf_counter()
# --8<-- [start:route]
pretrain_epochs = 20
starts = [gl.StackedAutoencoder(hidden, seed=seed, dtype=dtype)
          .fit(X, epochs=pretrain_epochs, learning_rate=0.1, batch_size=batch_size)
          .to_network(10, init="glorot_standard", seed=seed)
          for seed in seeds]
# --8<-- [end:route]
_pretrained = time.perf_counter()
# --8<-- [start:rate]
rates = [0.3, 1.0, 3.0]
learning_rate, runs, _val_error, _all_runs = choose_rate(starts, rates)
# --8<-- [end:rate]
_finished = time.perf_counter()

# %% [markdown]
# What the pretraining costs, in multiply-adds with the weights per example: a tied
# autoassociator update makes five passes through W (encode, decode, the decoder's gradient,
# the code's error, the encoder's gradient). Then the test error of the chosen runs and the
# cost of fine-tuning (`summarize_route`, in `_routes.py`).
# --8<-- [start:results]
route = "autoassociator stack"
_layer_macs = layer_macs(hidden)
pretrain_updates = len(_layer_macs) * pretrain_epochs * steps_per_epoch
pretrain_macs = 5 * pretrain_epochs * len(X) * sum(_layer_macs)
_results = summarize_route(route, hidden, learning_rate, runs, _val_error, _all_runs,
                           pretrain_updates, pretrain_macs)
# --8<-- [end:results]
globals().update(_results)      # test_error_mean, cost_gmacs, ...: top-level, for the page
# Wall-clock varies from one machine and build to the next: kept as data, never quoted.
wallclock_pretrain = _pretrained - _start
wallclock_fine_tune = _finished - _pretrained
