"""A hidden unit's delta is a sum over paths to the output of products of weights and slopes."""

# %%
# --8<-- [start:imports]
import itertools
import math

import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# A small network with two hidden layers, and gradlib's deltas for one example.
# --8<-- [start:backprop]
net = gl.Network([3, 4, 4, 2], activation="sigmoid", output="sigmoid",
                 cost="quadratic", init="scaled_normal", seed=1)
rng = np.random.default_rng(0)
x, y = rng.uniform(0, 1, (1, 3)), np.array([[1.0, 0.0]])
trace = net.trace(x)
g = net.backward(x, y)
delta_output = g.deltas[2][0]            # dC/dZ of the 2 output units (BP1)
W1, W2 = net.weights[1], net.weights[2]
# sigma'(Z) of the first and the second hidden layer:
s0 = trace.A[1][0] * (1 - trace.A[1][0])
s1 = trace.A[2][0] * (1 - trace.A[2][0])
# --8<-- [end:backprop]

# %% [markdown]
# The same delta for unit j of the first hidden layer, path by path: each path
# j -> k -> m to output unit m contributes the product of the weights and
# sigma' factors along it, times the output's delta.
# --8<-- [start:paths]
delta_by_paths = np.zeros(4)
n_paths = 0
for j, k, m in itertools.product(range(4), range(4), range(2)):
    path = s0[j] * W1[j, k] * s1[k] * W2[k, m] * delta_output[m]
    delta_by_paths[j] += path
    n_paths += 1
delta_by_backprop = g.deltas[0][0]       # BP2 applied twice
# --8<-- [end:paths]
max_difference = float(np.max(np.abs(delta_by_paths - delta_by_backprop)))
paths_per_unit = n_paths // 4

# %% [markdown]
# Summing paths one by one grows like the product of the layer widths;
# backprop's layer-by-layer sums grow like the number of weights.
# --8<-- [start:count]
sizes = [64, 30, 30, 30, 30, 10]        # four hidden layers on the digits
paths_from_first_hidden_unit = math.prod(sizes[2:])    # 30 * 30 * 30 * 10
weights_after_first_layer = sum(
    a * b for a, b in zip(sizes[1:-1], sizes[2:], strict=True))
# --8<-- [end:count]
_fmt = {"float_kind": "{:+.4e}".format}
print("first hidden layer's delta")
print("  by backprop:", np.array2string(delta_by_backprop, formatter=_fmt))
print("  by paths:   ", np.array2string(delta_by_paths, formatter=_fmt))
print(f"  largest difference: {max_difference:.1e}")
