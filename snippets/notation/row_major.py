"""Backpropagation by hand in gradlib's row-major notation, checked against gradlib."""

# %%
# A small network and a batch of five examples, one per row.
# --8<-- [start:setup]
import numpy as np

import gradlib as gl

rng = np.random.default_rng(0)
net = gl.Network([4, 3, 2], activation="sigmoid", output="sigmoid",
                 cost="cross_entropy", seed=0)
X = rng.normal(size=(5, 4))  # (n, sizes[0])
Y = np.eye(2)[rng.integers(0, 2, size=5)]  # (n, sizes[-1]), one-hot rows
n = len(X)
# --8<-- [end:setup]


# %%
# The forward pass and the four equations, written with the arrays of the
# notation page: W[l] has shape (sizes[l], sizes[l+1]).
# --8<-- [start:by_hand]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


A, Z = [X], []
for W, b in zip(net.weights, net.biases, strict=True):
    Z.append(A[-1] @ W + b)  # Z[l] = A[l] @ W[l] + b[l]
    A.append(sigmoid(Z[-1]))  # A[l+1] = f(Z[l])

L = len(net.weights) - 1  # index of the output layer
delta = [None] * (L + 1)
delta[L] = A[L + 1] - Y  # BP1, cross-entropy with sigmoid outputs
for l in range(L - 1, -1, -1):
    delta[l] = (delta[l + 1] @ net.weights[l + 1].T) * A[l + 1] * (1 - A[l + 1])  # BP2

grad_b = [d.mean(axis=0) for d in delta]  # BP3, averaged over the batch
grad_W = [A[l].T @ delta[l] / n for l in range(L + 1)]  # BP4, averaged over the batch
# --8<-- [end:by_hand]

# %%
# gradlib computes the same gradients.
# --8<-- [start:check]
g = net.backward(X, Y)
largest_difference = max(
    max(np.abs(mine - theirs).max() for mine, theirs in zip(grad_W, g.weights, strict=True)),
    max(np.abs(mine - theirs).max() for mine, theirs in zip(grad_b, g.biases, strict=True)),
)
print(f"weight gradient shapes: {[w.shape for w in grad_W]}")
print(f"largest difference from gradlib: {largest_difference:.1e}")
# --8<-- [end:check]
