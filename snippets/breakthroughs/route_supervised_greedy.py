"""Bengio et al.'s table, third route: supervised greedy layer-wise training, then backprop."""
# ruff: noqa: F405

# %% [markdown]
# The data, the fine-tuning with early stopping, the choice of rate and the summary are the
# same in every route of the table: they come from `_routes.py` (its settings are top-level
# here too, so the page can quote them from any route). This file holds the route's own part.
import time

import numpy as np
from _routes import *  # noqa: F403

import gradlib as gl

# %% [markdown]
# The route: each hidden layer is trained, with the labels, as the hidden layer of a network
# with one hidden layer and a softmax output (20 epochs at rate 1), on the codes of the layers
# below; its output layer is then dropped. A fresh softmax output layer and backprop follow.
_start = time.perf_counter()
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


starts = [supervised_greedy(seed) for seed in seeds]
# --8<-- [end:route]
_pretrained = time.perf_counter()
# --8<-- [start:rate]
rates = [0.3, 1.0, 3.0]
learning_rate, runs, _val_error, _all_runs = choose_rate(starts, rates)
# --8<-- [end:rate]
_finished = time.perf_counter()

# %% [markdown]
# What the pretraining costs, in multiply-adds with the weights per example: a backprop
# step makes three passes per layer (forward, back-propagated error, weight gradient), in
# each supervised stage's own two-layer network as in the deep one. Then the test error of
# the chosen runs and the cost of fine-tuning (`summarize_route`, in `_routes.py`).
# --8<-- [start:results]
route = "supervised greedy"
_layer_macs = layer_macs(hidden)
pretrain_updates = len(_layer_macs) * pretrain_epochs * steps_per_epoch
_stage_macs = [m + n_out * 10 for m, n_out in zip(_layer_macs, hidden[1:], strict=True)]
pretrain_macs = 3 * pretrain_epochs * len(X) * sum(_stage_macs)
_results = summarize_route(route, hidden, learning_rate, runs, _val_error, _all_runs,
                           pretrain_updates, pretrain_macs)
# --8<-- [end:results]
globals().update(_results)      # test_error_mean, cost_gmacs, ...: top-level, for the page
# Wall-clock varies from one machine and build to the next: kept as data, never quoted.
wallclock_pretrain = _pretrained - _start
wallclock_fine_tune = _finished - _pretrained
