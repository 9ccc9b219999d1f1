"""Products of random matrices: the norm grows or shrinks geometrically with depth."""

# %% [markdown]
# Backprop sends the error back through one matrix per layer (and a diagonal of sigma'(z)
# values). Strip the network down to that: multiply a vector by L random 30x30 matrices with
# entries N(0, s^2/n) and follow its length. Each multiplication scales the length by about s,
# so after L layers it is about s^L: the same exponential for every scale, growing for s > 1
# and shrinking for s < 1. Twenty random trials per scale; median and range of the log-length.
# --8<-- [start:products]
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n, max_depth, trials = 30, 50, 20
scales = [0.5, 0.8, 1.0, 1.25, 2.0]
lengths = {}  # scale -> (trials, max_depth + 1)
for s in scales:
    runs = np.empty((trials, max_depth + 1))
    for t in range(trials):
        v = rng.standard_normal(n)
        v /= np.linalg.norm(v)
        runs[t, 0] = 1.0
        for depth in range(1, max_depth + 1):
            W = rng.normal(0.0, s / np.sqrt(n), (n, n))
            v = W @ v
            runs[t, depth] = np.linalg.norm(v)
    lengths[s] = runs
# Rate per layer: the geometric mean of the growth over all layers and trials.
# Summaries are keyed by the scale as text ("0.5", ...) for the page.
rate_per_layer = {
    str(s): float(np.exp(np.mean(np.log(lengths[s][:, -1])) / max_depth))
    for s in scales
}
median_end_length = {
    str(s): float(np.median(lengths[s][:, -1])) for s in scales
}
header = ["scale s", f"length after {max_depth}", f"s^{max_depth}"]
print(f"{header[0]:<10}{header[1]:<18}{header[2]:<11}rate per layer")
for s in scales:
    print(f"{s:<10}{median_end_length[str(s)]:<18.2e}{s**max_depth:<11.2e}"
          f"{rate_per_layer[str(s)]:.3f}")
# --8<-- [end:products]
ratio_rate_to_scale = {str(s): rate_per_layer[str(s)] / s for s in scales}
# The typical (median) length drifts slightly below s^L: the average of log-lengths is below
# the log of the average length, by about 1/(2n) per layer for Gaussian matrices.
typical_shrink = float(np.exp(-1 / (2 * n)))

# %% [markdown]
# A product of L equal factors, for the table on the page.
# --8<-- [start:table]
unstable_table = {
    str(f): {L: f**L for L in (5, 20)} for f in (0.25, 0.9, 1.1, 2.0)
}
# --8<-- [end:table]

# %%
fig, ax = plt.subplots(figsize=(6.8, 4.4), num="random-products")
depth_axis = np.arange(max_depth + 1)
for k, s in enumerate(scales):
    logs = np.log10(lengths[s])
    ax.fill_between(
        depth_axis,
        10 ** logs.min(axis=0),
        10 ** logs.max(axis=0),
        color=f"C{k}",
        alpha=0.15,
        lw=0,
    )
    ax.semilogy(
        depth_axis,
        10 ** np.median(logs, axis=0),
        color=f"C{k}",
        label=f"$s = {s}$",
    )
    ax.semilogy(
        depth_axis, s ** depth_axis.astype(float), color=f"C{k}", ls=":", lw=1
    )
ax.set_xlabel("number of matrices $L$")
ax.set_ylabel(r"$\|W_L \cdots W_2 W_1 v\|$ for $\|v\| = 1$")
ax.set_title(
    r"entries $N(0, s^2/n)$, $n = 30$: median, range of 20 trials; dotted: $s^L$",
    fontsize="medium",
)
ax.legend(loc="upper left", ncols=2)
plt.show()
