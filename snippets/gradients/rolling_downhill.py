"""Gradient descent moves fast where the cost is steep and slowly where it is flat."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

# --8<-- [end:imports]

# %% [markdown]
# A hillside with a terrace: a flat plateau at the top (like the saturated
# neuron's quadratic cost), a steep slope, and a wide valley whose floor
# flattens out towards the minimum.
# --8<-- [start:cost]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def cost(w):
    w1, w2 = w
    return 2 * sigmoid(1.5 * w1) + 0.005 * (w1 + 2.5) ** 2 + 0.03 * w2**2


def gradient(w):
    w1, w2 = w
    s = sigmoid(1.5 * w1)
    return np.array([3 * s * (1 - s) + 0.01 * (w1 + 2.5), 0.06 * w2])
# --8<-- [end:cost]


# %% [markdown]
# Roll the rock: every step is the learning rate times the gradient, so its
# length is eta times the steepness under the rock.
# --8<-- [start:descend]
eta = 0.5
w = np.array([3.0, 1.0])
path, steepness = [w], []
for _ in range(150):
    g = gradient(w)
    steepness.append(np.linalg.norm(g))   # |grad C| where the rock is
    w = w - eta * g
    path.append(w)
path = np.array(path)
# Each step's length is eta |grad C|:
step_length = np.linalg.norm(np.diff(path, axis=0), axis=1)
# --8<-- [end:descend]
steepness = np.array(steepness)
n_steps = len(step_length)
# Where the rock is: on the plateau (w1 > 2) or on the steep slope (|w1| < 1).
on_plateau = path[:-1, 0] > 2
on_slope = np.abs(path[:-1, 0]) < 1
steps_on_plateau = int(on_plateau.sum())
steps_on_slope = int(on_slope.sum())
mean_step_plateau = float(step_length[on_plateau].mean())
mean_step_slope = float(step_length[on_slope].mean())
last_step = float(step_length[-1])
start_cost, final_cost = float(cost(path[0])), float(cost(path[-1]))

# %%
w1, w2 = np.meshgrid(np.linspace(-5, 3.5, 341), np.linspace(-1.5, 1.5, 121))
surface = cost((w1, w2))
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 6.2), num="rolling-downhill",
                               height_ratios=[1, 1])
# The filled bands as an image inside the SVG: as paths they would weigh hundreds of KB.
ax1.contourf(w1, w2, surface, levels=30, cmap="viridis", rasterized=True)
ax1.contour(w1, w2, surface, levels=30, colors="white", linewidths=0.3, alpha=0.6)
ax1.plot(path[:, 0], path[:, 1], "o-", color="crimson", ms=3, lw=0.8, mec="white", mew=0.4)
ax1.annotate("start", path[0], xytext=(2.6, 1.3), color="black", va="center",
             ha="center")
ax1.text(2.0, -1.2, "plateau", ha="center")
ax1.text(0.0, -1.2, "steep slope", ha="center", color="white")
ax1.text(-3.5, -1.2, "valley floor", ha="center", color="white")
ax1.set_aspect("equal")
ax1.grid(False)
ax1.set_xlabel("$w_1$")
ax1.set_ylabel("$w_2$")
ax1.set_title("the path of the rock: one dot per step", fontsize="medium")
ax2.semilogy(step_length, "o-", ms=3, color="crimson", label=r"step length $\eta\,\|\nabla C\|$")
ax2.fill_between(np.arange(n_steps), 1e-3, 2, where=on_slope, color="C0", alpha=0.15,
                 label="on the steep slope ($|w_1| < 1$)", step="mid")
ax2.set_ylim(3e-3, 1.5)
ax2.set_xlabel("step")
ax2.set_ylabel("distance moved")
ax2.set_title("fast where it is steep, slow where it is flat", fontsize="medium")
ax2.legend(loc="upper right", fontsize="small")
plt.show()
