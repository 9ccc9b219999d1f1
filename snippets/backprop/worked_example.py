"""One forward and one backward pass through a 2-2-1 sigmoid network, every number shown."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# The network of the hand-worked unit test: 2 inputs, 2 sigmoid hidden units, 1 sigmoid
# output, quadratic cost, one example x = (1, 0) with target y = 1.
# --8<-- [start:setup]
x = np.array([[1.0, 0.0]])      # A[0], shape (1, 2): one example
y = np.array([[1.0]])           # its target, shape (1, 1)
# W0[k, j] leads from input k to hidden unit j, W1[j, 0] from hidden
# unit j to the output.
W0 = np.array([[0.5, -0.5],
               [0.25, 0.75]])
b0 = np.array([0.0, 0.5])
W1 = np.array([[1.0],
               [-1.0]])
b1 = np.array([0.25])


def sigma(z):
    return 1.0 / (1.0 + np.exp(-z))
# --8<-- [end:setup]


# %% [markdown]
# Forward pass: input to output, keeping every Z and A.
# --8<-- [start:forward]
Z0 = x @ W0 + b0                      # weighted inputs of the hidden layer
A1 = sigma(Z0)                        # hidden activations
Z1 = A1 @ W1 + b1                     # weighted input of the output unit
A2 = sigma(Z1)                        # the network's output
C = 0.5 * np.sum((A2 - y) ** 2)       # quadratic cost of this example
# --8<-- [end:forward]

# %% [markdown]
# Backward pass: output to input, each delta built from the one after it.
# --8<-- [start:backward]
delta1 = (A2 - y) * A2 * (1 - A2)         # BP1: (a - y) sigma'(Z1)
grad_b1 = delta1.sum(axis=0)              # BP3: delta1
grad_W1 = A1.T @ delta1                   # BP4: A1[j] delta1
delta0 = (delta1 @ W1.T) * A1 * (1 - A1)  # BP2: (delta1 W1^T) sigma'(Z0)
grad_b0 = delta0.sum(axis=0)              # BP3: delta0
grad_W0 = x.T @ delta0                    # BP4: x[k] delta0[j]
# --8<-- [end:backward]

# %% [markdown]
# gradlib's backward pass on the same network gives the same numbers.
# --8<-- [start:gradlib]
net = gl.Network([2, 2, 1], activation="sigmoid", output="sigmoid",
                 cost="quadratic")
net.weights[0][:], net.biases[0][:] = W0, b0
net.weights[1][:], net.biases[1][:] = W1, b1
g = net.backward(x, y)
pairs = [(C, g.cost), (delta1, g.deltas[1]), (delta0, g.deltas[0]),
         (grad_W1, g.weights[1]), (grad_b1, g.biases[1]),
         (grad_W0, g.weights[0]), (grad_b0, g.biases[0])]
for ours, theirs in pairs:
    assert np.allclose(ours, theirs, rtol=1e-12, atol=0)
# --8<-- [end:gradlib]

# %% [markdown]
# One gradient-descent step with learning rate 0.5 lowers the cost.
# --8<-- [start:step]
learning_rate = 0.5
gl.SGD(net, learning_rate=learning_rate).step(x, y)
W1_after = net.weights[1].copy()          # W1 - 0.5 * grad_W1
C_after = net.cost_of(x, y)
# --8<-- [end:step]
C, C_after = float(C), float(C_after)

# %%
rows = [("Z0 = x W0 + b0", Z0), ("A1 = sigma(Z0)", A1), ("Z1 = A1 W1 + b1", Z1),
        ("A2 = sigma(Z1)", A2), ("C = (A2 - y)^2 / 2", C),
        ("delta1 = (A2 - y) sigma'(Z1)", delta1), ("dC/db1 = delta1", grad_b1),
        ("dC/dW1 = A1^T delta1", grad_W1.T),
        ("delta1 W1^T", delta1 @ W1.T), ("sigma'(Z0) = A1 (1 - A1)", A1 * (1 - A1)),
        ("delta0 = (delta1 W1^T) * sigma'(Z0)", delta0), ("dC/db0 = delta0", grad_b0),
        ("dC/dW0 = x^T delta0 (row 1)", grad_W0[0]), ("dC/dW0 = x^T delta0 (row 2)", grad_W0[1]),
        ("W1 after one step, eta = 0.5", W1_after.T), ("C after the step", C_after)]
for _label, _value in rows:
    print(f"{_label:<38}", "  ".join(f"{v:+.6f}" for v in np.ravel(_value)))

# %%
# The network drawn twice: the forward pass's values, then the backward pass's gradients.
_pos = {("x", 0): (0, 1), ("x", 1): (0, 0), ("h", 0): (1.6, 1), ("h", 1): (1.6, 0),
        ("o", 0): (3.2, 0.5)}
_r = 0.2


def draw(ax, panel):
    forward = panel == "forward"
    edges = [(("x", k), ("h", j), W0[k, j], grad_W0[k, j]) for k in range(2) for j in range(2)]
    edges += [(("h", j), ("o", 0), W1[j, 0], grad_W1[j, 0]) for j in range(2)]
    for u, v, w, gw in edges:
        (x0, y0), (x1, y1) = _pos[u], _pos[v]
        d = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        ax.annotate("", xy=(x1 - _r * ux, y1 - _r * uy), xytext=(x0 + _r * ux, y0 + _r * uy),
                    arrowprops={"arrowstyle": "->" if forward else "<-", "color": "0.6",
                                "lw": 1.2, "shrinkA": 0, "shrinkB": 0})
        t = 0.3
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{w:g}" if forward else f"{gw:+.4f}",
                ha="center", va="center", fontsize="small", color="C0" if forward else "C3",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    for (kind, j), (px, py) in _pos.items():
        ax.add_patch(plt.Circle((px, py), _r, fc="white", ec="0.2", lw=1.2, zorder=3))
        if forward:
            inside = {"x": f"{x[0, j]:g}", "h": f"{A1[0, j]:.4f}", "o": f"{A2[0, 0]:.4f}"}[kind]
            below = {"x": f"input $x_{j + 1}$", "h": f"$z$ = {Z0[0, j]:.4f}",
                     "o": f"$z$ = {Z1[0, 0]:.4f}"}[kind]
        else:
            inside = {"x": "", "h": f"{delta0[0, j]:+.4f}", "o": f"{delta1[0, 0]:+.4f}"}[kind]
            below = {"x": f"input $x_{j + 1}$", "h": "", "o": ""}[kind]
        ax.text(px, py, inside, ha="center", va="center", fontsize="small", zorder=4)
        ax.text(px, py - _r - 0.05, below, ha="center", va="top", fontsize="small", color="0.3")
    if forward:
        ax.text(3.2, 0.85, f"target $y$ = {y[0, 0]:g}\ncost $C$ = {C:.4f}", ha="center",
                va="bottom", fontsize="small")
        ax.set_title("forward pass: activations $a$ in the nodes, weights $w$ on the edges",
                     fontsize="medium")
    else:
        ax.set_title(r"backward pass: $\delta$ in the nodes, $\partial C/\partial w$ on the edges",
                     fontsize="medium")
    ax.set_xlim(-0.35, 3.55)
    ax.set_ylim(-0.5, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")


fig, axes = plt.subplots(2, 1, figsize=(7, 6.4), num="worked-example")
draw(axes[0], "forward")
draw(axes[1], "backward")
plt.show()
