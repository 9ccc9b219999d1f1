"""Batch normalisation of one layer, forward and backward, checked against finite differences."""

# %% [markdown]
# One layer's weighted inputs S = A W for a batch of 8 examples and 3 units, far from
# mean 0 and variance 1 on purpose. Batch norm standardises each unit over the batch, then
# scales by gamma and shifts by beta (gradlib uses the layer's bias b as beta).
# --8<-- [start:forward]
import numpy as np

rng = np.random.default_rng(0)
n, units, eps = 8, 3, 1e-5
S = rng.normal(2.0, 3.0, size=(n, units))
gamma, beta = rng.uniform(0.5, 1.5, units), rng.normal(size=units)


def batch_norm(S):
    mu = S.mean(axis=0)                      # each unit's mean over the batch
    var = S.var(axis=0)                      # and its variance
    inv_std = 1.0 / np.sqrt(var + eps)
    Zhat = (S - mu) * inv_std                # mean 0, variance 1 per unit
    return gamma * Zhat + beta, Zhat, inv_std


Z, Zhat, inv_std = batch_norm(S)
# --8<-- [end:forward]
zhat_mean = float(np.abs(Zhat.mean(axis=0)).max())
zhat_std = Zhat.std(axis=0)

# %% [markdown]
# The backward pass. D = dC/dZ is whatever the layers above send down (random here, the
# cost being C = sum(D * Z), whose gradient with respect to Z is exactly D).
# --8<-- [start:backward]
D = rng.normal(size=(n, units))
grad_gamma = np.sum(D * Zhat, axis=0)
grad_beta = np.sum(D, axis=0)
G = D * gamma                                # dC/dZhat
dS = inv_std * (G - G.mean(axis=0) - Zhat * np.mean(G * Zhat, axis=0))
# --8<-- [end:backward]


# %% [markdown]
# Central differences on every entry of S.
# --8<-- [start:check]
def cost(S):
    return float(np.sum(D * batch_norm(S)[0]))


h = 1e-6
numeric = np.zeros_like(S)
for i, j in np.ndindex(*S.shape):
    step = np.zeros_like(S)
    step[i, j] = h
    numeric[i, j] = (cost(S + step) - cost(S - step)) / (2 * h)
max_error = float(np.max(np.abs(dS - numeric)) / np.max(np.abs(numeric)))
# Treating mu and var as constants forgets that every example moves them.
naive = G * inv_std
naive_error = float(np.max(np.abs(naive - numeric)) / np.max(np.abs(numeric)))
# --8<-- [end:check]
print(f"backward pass against central differences: relative error {max_error:.1e}")
print(f"the same, ignoring that mu and var depend on the batch: {naive_error:.2f}")

# %% [markdown]
# Two consequences of normalising: dC/dS has no component along a shift of a unit's batch
# mean (its rows sum to zero) nor along a stretch of its spread (it is orthogonal to Zhat, up
# to eps). The cost is blind to both; a step on W still moves S = A W, mean and spread too.
column_sums = float(np.abs(dS.sum(axis=0)).max())
along_zhat = float(np.abs(np.sum(dS * Zhat, axis=0)).max())

# %% [markdown]
# And the whole network: gradlib's DeepNetwork with batch norm on every hidden layer,
# every weight, bias and gamma against finite differences.
# --8<-- [start:network]
import gradlib as gl

digits = gl.load_digits()
net = gl.DeepNetwork([64, 10, 10, 10, 10], activation="relu",
                     output="softmax", init="he", batch_norm=True, seed=0)
network_check = gl.gradient_check(net, digits.X_train[:20], digits.Y_train[:20])
network_error = network_check.max_error
# --8<-- [end:network]
print(f"DeepNetwork with batch norm, largest relative error: {network_error:.1e}")
