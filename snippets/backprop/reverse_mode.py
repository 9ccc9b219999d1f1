"""Backpropagation as reverse-mode differentiation on a tape, and the memory the tape holds."""

# %% [markdown]
# A tape records each operation of the forward pass with a function that runs it backwards:
# given the gradient of the cost with respect to the operation's output, it returns the
# gradient with respect to its input (a vector-Jacobian product), and stores the gradients
# of any parameters it used. Each node keeps the arrays its backward step will need.
# --8<-- [start:tape]
import tracemalloc

import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl


class Tape:
    """The operations of one forward pass, in order, and what each keeps."""

    def __init__(self):
        self.nodes = []  # (backward function, arrays kept for it)
        self.grads = {}

    def record(self, backward, *kept):
        """Add one operation: its backward function and the arrays it reads."""
        self.nodes.append((backward, kept))

    def backward(self):
        """Run the operations last to first, passing dC/d(output) down."""
        g = 1.0  # dC/dC
        for backward, _ in reversed(self.nodes):
            g = backward(g)

    def kept_bytes(self):
        """Bytes of the arrays kept for the backward pass, each counted once."""
        unique = {id(a): a for _, kept in self.nodes for a in kept}
        return sum(a.nbytes for a in unique.values())


def linear(tape, A, W, b, name):
    def backward(G):  # G = dC/dZ, one row per example
        tape.grads["W" + name] = A.T @ G  # BP4 (the 1/n is already in G)
        tape.grads["b" + name] = G.sum(axis=0)  # BP3
        return G @ W.T  # dC/dA: the first half of BP2
    tape.record(backward, A)  # W and b are the parameters: no extra memory
    return A @ W + b


def sigmoid(tape, Z):
    A = 1 / (1 + np.exp(-Z))
    # the second half of BP2: times sigma'(Z)
    tape.record(lambda G: G * A * (1 - A), A)
    return A


def cross_entropy(tape, A, Y):
    n = len(A)
    C = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / n
    # dC/dA; times the sigmoid's sigma'(Z) it becomes BP1's (A - Y) / n
    tape.record(lambda g: g * (A - Y) / (A * (1 - A)) / n, A, Y)
    return C
# --8<-- [end:tape]


# %% [markdown]
# The forward pass of a gradlib network, recorded on a tape, and one backward sweep: the
# gradients match net.backward, which computes BP1-BP4 directly.
# --8<-- [start:run]
digits = gl.load_digits()
X, Y = digits.X_train[:100], digits.Y_train[:100]
net = gl.Network([64, 30, 10], init="scaled_normal", seed=0)

tape = Tape()
A = X
for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
    A = sigmoid(tape, linear(tape, A, W, b, str(l)))
C = cross_entropy(tape, A, Y)
tape.backward()

g = net.backward(X, Y)
tape_error = max(
    max(float(np.abs(tape.grads[f"W{l}"] - g.weights[l]).max()),
        float(np.abs(tape.grads[f"b{l}"] - g.biases[l]).max()))
    for l in range(net.n_layers)
)
print(f"{len(tape.nodes)} operations on the tape; cost {C:.6f} "
      f"(gradlib {g.cost:.6f})")
print(f"largest difference from gradlib's gradients: {tape_error:.1e}")
print(f"the tape keeps {tape.kept_bytes():,} bytes for a batch of {len(X)}")
# --8<-- [end:run]
tape_bytes = tape.kept_bytes()
tape_bytes_expected = 8 * len(X) * (64 + 30 + 10 + 10)  # X, A1, A2 and Y

# %% [markdown]
# What gradlib keeps: net.trace holds every layer's weighted input Z and activation A,
# which is what net.backward computes BP1-BP4 from. Its size, measured for the digits
# network and a wide MNIST-sized one, in float64 and float32, for several batch sizes.
# --8<-- [start:memory]
networks = {
    "digits [64, 30, 10]": [64, 30, 10],
    "MNIST-sized [784, 1000, 1000, 1000, 10]": [784, 1000, 1000, 1000, 10],
}
batch_sizes = [1, 10, 100, 1000]
dtypes = {"float64": np.float64, "float32": np.float32}
rng = np.random.default_rng(0)
stored = {}  # stored[network][dtype]: bytes of Z and A, one per batch size
parameters = {}  # parameters[network][dtype]: bytes of weights and biases
for name, sizes in networks.items():
    stored[name], parameters[name] = {}, {}
    for dname, dtype in dtypes.items():
        net = gl.Network(sizes, init="xavier", seed=0, dtype=dtype)
        parameters[name][dname] = sum(p.nbytes for p in net.parameters())
        stored[name][dname] = []
        for n in batch_sizes:
            trace = net.trace(rng.random((n, sizes[0])))  # pixel-like, in [0, 1)
            kept = trace.Z + trace.A
            stored[name][dname].append(sum(a.nbytes for a in kept))

MiB = 2**20
for name in networks:
    print(f"{name}, MiB kept at batch sizes {batch_sizes}:")
    for dname in dtypes:
        kept = ", ".join(f"{b / MiB:.3g}" for b in stored[name][dname])
        print(f"  {dname}: {kept} (parameters {parameters[name][dname] / MiB:.3g})")
# --8<-- [end:memory]

# %% [markdown]
# The same at batch size 100, as peak memory measured by tracemalloc: one backward pass,
# against an inference pass that keeps only the layer it is computing.
# --8<-- [start:peak]
def peak_bytes(work):
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def inference(net, X):
    A = X
    for l, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        f = net.output if l == net.n_layers - 1 else net.activation
        A = f.forward(A @ W + b)  # the layer below is dropped here
    return A


sizes = networks["MNIST-sized [784, 1000, 1000, 1000, 10]"]
net = gl.Network(sizes, init="xavier", seed=0)
Xb, Yb = rng.random((100, 784)), gl.one_hot(rng.integers(0, 10, 100))
peak_backward = peak_bytes(lambda: net.backward(Xb, Yb))
peak_inference = peak_bytes(lambda: inference(net, Xb))
gradient_mib = sum(p.nbytes for p in net.parameters()) / MiB
print("MNIST-sized, batch 100, float64, peak memory:")
print(f"  backward {peak_backward / MiB:.1f} MiB, of which {gradient_mib:.1f} "
      f"MiB for the gradients")
print(f"  inference layer by layer {peak_inference / MiB:.2f} MiB")
# --8<-- [end:peak]

# Values for the page and its tests.
digits_name, mnist_name = list(networks)
units_kept = {name: sizes[0] + 2 * sum(sizes[1:]) for name, sizes in networks.items()}
# Batch size at which the stored activations outweigh the parameters.
break_even = {name: parameters[name]["float64"] / (8 * units_kept[name]) for name in networks}
mnist_kept_1000 = stored[mnist_name]["float64"][-1]
mnist_kept_1000_f32 = stored[mnist_name]["float32"][-1]
mnist_parameters = parameters[mnist_name]["float64"]
digits_kept_10 = stored[digits_name]["float64"][1]
digits_parameters = parameters[digits_name]["float64"]
trace_bytes_100 = 8 * 100 * units_kept[mnist_name]
mnist_kept_1000_mib = mnist_kept_1000 / MiB
mnist_kept_1000_f32_mib = mnist_kept_1000_f32 / MiB
mnist_parameters_mib = mnist_parameters / MiB
peak_backward_mib, peak_inference_mib = peak_backward / MiB, peak_inference / MiB

# %%
fig, ax = plt.subplots(figsize=(6.4, 4), num="backprop-memory")
for color, name in zip(["C0", "C1"], networks, strict=True):
    for dname, ls in [("float64", "-"), ("float32", "--")]:
        ax.loglog(batch_sizes, np.array(stored[name][dname]) / 2**20, ls, color=color,
                  marker="o", label=f"{name.split(' [')[0]}, kept, {dname}")
    ax.axhline(parameters[name]["float64"] / 2**20, color=color, ls=":",
               label=f"{name.split(' [')[0]}, parameters, float64")
ax.set_xlabel("batch size")
ax.set_ylabel("MiB")
ax.legend(fontsize="small", loc="lower right")
plt.show()
