"""The cost of one sigmoid neuron over its weight and bias: quadratic and cross-entropy."""

# %%
# --8<-- [start:imports]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

# --8<-- [end:imports]

# %% [markdown]
# One neuron, one training example: input x = 1, target y = 0 (Nielsen's chapter 3 setting).
# --8<-- [start:surface]
x, y = 1.0, 0.0
w, b = np.meshgrid(np.linspace(-4, 4, 41), np.linspace(-4, 4, 41))
# One row per (w, b) pair: the weighted input z and the output a = sigma(z).
Z = (w * x + b).reshape(-1, 1)
sigmoid = gl.OUTPUTS["sigmoid"]
A = sigmoid.forward(Z)
Y = np.full_like(Z, y)
surface = {name: gl.COSTS[name].value(Z, A, Y, sigmoid).reshape(w.shape)
           for name in ("quadratic", "cross_entropy")}
# --8<-- [end:surface]

# %%
cost_at_start = {name: float(C[30, 30]) for name, C in surface.items()}   # w = b = 2

# %%
titles = {"quadratic": r"quadratic: $\frac{1}{2}(a-y)^2$",
          "cross_entropy": r"cross-entropy: $-[y\ln a+(1-y)\ln(1-a)]$"}
fig = plt.figure(figsize=(10, 4.6), num="cost-surface")
for k, (name, C) in enumerate(surface.items()):
    ax = fig.add_subplot(1, 2, k + 1, projection="3d", computed_zorder=False)
    # Every second grid point: one flat facet per 0.4 x 0.4 cell, four corners each
    # (a stride of 2 on the full grid would give the same facets with eight points each).
    ax.plot_surface(w[::2, ::2], b[::2, ::2], C[::2, ::2], cmap="viridis", rstride=1,
                    cstride=1, linewidth=0.2, edgecolor="k", alpha=0.9)
    ax.scatter([2], [2], [C[30, 30]], color="C3", s=40, depthshade=False, zorder=5,
               label="start: $w = b = 2$")
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.set_zlabel("cost $C$")
    ax.set_title(titles[name], fontsize="medium")
    ax.view_init(elev=22, azim=-110)
    ax.legend(loc="upper left", fontsize="small")
plt.show()
