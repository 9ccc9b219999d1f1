"""Estimating a gradient by finite differences, and why that does not scale."""

# %%
# --8<-- [start:imports]

import numpy as np

import gradlib as gl

# --8<-- [end:imports]


# %% [markdown]
# Nudge one parameter at a time, both ways, and divide the change in cost by
# the size of the nudge: two evaluations of the cost per parameter.
# --8<-- [start:estimate]
def finite_difference_gradient(cost, w, h=1e-5):
    """Central-difference estimate of the gradient of cost at w."""
    grad = np.zeros_like(w)
    for j in range(w.size):
        step = np.zeros_like(w)
        step[j] = h
        grad[j] = (cost(w + step) - cost(w - step)) / (2 * h)
    return grad
# --8<-- [end:estimate]


# %% [markdown]
# The elongated bowl of the descent example, in any number of dimensions, with
# a record of every point where the cost is evaluated.
# --8<-- [start:bowl]
evaluated = []


def bowl(w):
    evaluated.append(w)
    curvature = np.linspace(1.0, 10.0, w.size)
    return 0.5 * np.sum(curvature * w**2)


w = np.array([-4.0, 1.5])
estimate = finite_difference_gradient(bowl, w)
exact = np.array([1.0, 10.0]) * w        # the gradient, worked out by hand
print(f"estimate {estimate}, exact {exact}: {len(evaluated)} evaluations")
# --8<-- [end:bowl]
bowl_error = float(np.max(np.abs(estimate - exact)))

# %% [markdown]
# Two evaluations per parameter, however many parameters there are.
# --8<-- [start:count]
evaluations = {}
for n in (2, 10, 100, 1000):
    evaluated.clear()
    finite_difference_gradient(bowl, np.ones(n))
    evaluations[n] = len(evaluated)
    print(f"{n:5d} parameters: {evaluations[n]:5d} evaluations of the cost")
# --8<-- [end:count]

# %% [markdown]
# A real network: the digits network has thousands of parameters, so one
# gradient by finite differences is thousands of forward passes.
# --8<-- [start:network]
digits = gl.load_digits()
X, Y = digits.X_train[:100], digits.Y_train[:100]
net = gl.Network([64, 30, 10], seed=0)

g = net.backward(X, Y)                           # backpropagation
num_W, num_b = gl.numerical_gradient(net, X, Y)  # finite differences

pairs = zip(g.weights + g.biases, num_W + num_b, strict=True)
agree = max(gl.relative_error(a, b) for a, b in pairs)
P = net.n_parameters
print(f"{P} parameters: {2 * P} forward passes for finite differences, "
      "one forward and one backward pass for backprop")
print(f"largest relative difference between the two gradients: {agree:.0e}")
# --8<-- [end:network]
digits_parameters = net.n_parameters
digits_forward_passes = 2 * net.n_parameters

# %% [markdown]
# A whole training run, counted: Nielsen's MNIST network [784, 30, 10], 30
# epochs over 50,000 images in mini-batches of 10.
# --8<-- [start:training_run]
sizes = [784, 30, 10]
layers = zip(sizes[:-1], sizes[1:], strict=True)
P = sum(n_in * n_out + n_out for n_in, n_out in layers)
steps = 30 * 50_000 // 10
passes_finite_differences = steps * 2 * P   # forward passes of a mini-batch
passes_backprop = steps * 1                 # plus one backward pass each
print(f"{P:,} parameters, {steps:,} steps")
print(f"finite differences: {passes_finite_differences:,} forward passes")
print(f"backpropagation:    {passes_backprop:,} forward + backward passes")
# --8<-- [end:training_run]
mnist_parameters = P
