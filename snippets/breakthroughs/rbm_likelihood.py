"""What contrastive divergence optimises: exact likelihood, reconstruction error and CD-k."""

# %% [markdown]
# With 16 hidden units, the partition function sums 2^16 terms (the visible units are summed
# out analytically), so the exact log-likelihood of a digit can be computed. Likelihood needs
# binary data: here the digits are binarised at half intensity.
# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np

import gradlib as gl

digits = gl.load_digits()
X = (digits.X_train > 0.5).astype(float)        # (1347, 64), 0 or 1
X_test = (digits.X_test > 0.5).astype(float)
# --8<-- [end:setup]

# %% [markdown]
# Three ways of training the same RBM: Hinton and Salakhutdinov's CD-1 recipe, and CD-1 and
# CD-10 with a smaller learning rate and momentum. Every five epochs we record the exact
# mean log-likelihood of the test digits beside the reconstruction error that training prints.
# --8<-- [start:train]
settings = {
    "CD-1, recipe": dict(k=1, learning_rate=0.1, momentum=0.9),
    "CD-1, gentle": dict(k=1, learning_rate=0.02, momentum=0.5),
    "CD-10, gentle": dict(k=10, learning_rate=0.02, momentum=0.5),
}
epochs, every = 40, 5
log_likelihood = {name: [] for name in settings}
models = {}
for name, kwargs in settings.items():
    rbm = gl.RBM(64, 16, seed=0)

    def observe(epoch, rbm, name=name):
        if epoch % every == 0:
            log_likelihood[name].append(rbm.log_likelihood(X_test))

    models[name] = rbm.fit(X, epochs=epochs, batch_size=20, observe=observe,
                           **kwargs)
# --8<-- [end:train]

# %% [markdown]
# --8<-- [start:numbers]
final_ll = {name: ll[-1] for name, ll in log_likelihood.items()}
final_reconstruction = {name: m.reconstruction_error[-1]
                        for name, m in models.items()}
print("               test log-likelihood   reconstruction error")
for name in settings:
    print(f"{name:14s} {final_ll[name]:8.2f} nats/digit "
          f"{final_reconstruction[name]:16.2f}")
# --8<-- [end:numbers]
best_by_reconstruction = min(final_reconstruction, key=final_reconstruction.get)
best_by_likelihood = max(final_ll, key=final_ll.get)

# %% [markdown]
# How close is the CD-k update to the gradient of the log-likelihood? The exact gradient sums
# over all 2^16 hidden states: <v h^T> under the model is the sum over h of p(h) E[v | h] h^T.
# --8<-- [start:exact]
rbm = models["CD-1, gentle"]
bits = np.arange(15, -1, -1)
H = ((np.arange(2**16)[:, None] >> bits) & 1).astype(float)  # every h
Z_v = H @ rbm.W.T + rbm.b_visible
V_given_H = 1 / (1 + np.exp(-Z_v))                           # E[v | h]
log_weight = H @ rbm.b_hidden + np.logaddexp(0, Z_v).sum(1)  # -F(h)
p_h = np.exp(log_weight - log_weight.max())
p_h /= p_h.sum()                                             # p(h)
P_data = rbm.transform(X)                                    # p(h | v)
exact = gl.RBMGradients(
    W=X.T @ P_data / len(X) - V_given_H.T @ (p_h[:, None] * H),
    b_visible=X.mean(0) - p_h @ V_given_H,
    b_hidden=P_data.mean(0) - p_h @ H,
)
# --8<-- [end:exact]

# --8<-- [start:cosine]
ks = [1, 2, 5, 10, 30, 100]
many = np.tile(X, (5, 1))          # five chains per digit: less noise


def cosine(estimate):
    a, b = estimate.flat(), exact.flat()
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


cos_sampled = [cosine(rbm.gradient_estimate(many, k=k, rng=k,
                                            sample_visible=True))
               for k in ks]
cos_probabilities = [cosine(rbm.gradient_estimate(many, k=k, rng=k))
                     for k in ks]
# --8<-- [end:cosine]
angle_cd1 = float(np.degrees(np.arccos(cos_probabilities[0])))
angle_cd100 = float(np.degrees(np.arccos(cos_sampled[-1])))

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), num="likelihood-and-reconstruction")
_epochs = np.arange(every, epochs + 1, every)
for name, m in models.items():
    axes[0].plot(_epochs, log_likelihood[name], marker="o", ms=3, label=name)
    axes[1].plot(np.arange(1, epochs + 1), m.reconstruction_error, label=name)
axes[0].set_xlabel("epoch")
axes[0].set_ylabel("nats per test digit")
axes[0].set_title("exact log-likelihood (higher is better)", fontsize="medium")
axes[1].set_xlabel("epoch")
axes[1].set_ylabel("squared error per digit")
axes[1].set_title("reconstruction error (lower is better)", fontsize="medium")
axes[1].legend()
plt.show()

# %%
fig, ax = plt.subplots(figsize=(6, 3.4), num="cd-k-versus-gradient")
ax.semilogx(ks, cos_sampled, marker="o", label="chain ends on binary samples")
ax.semilogx(ks, cos_probabilities, marker="s", label="chain ends on probabilities (CD default)")
ax.set_xlabel("Gibbs steps $k$")
ax.set_ylabel("cosine with the exact gradient")
ax.set_title("CD-k against the log-likelihood gradient", fontsize="medium")
ax.legend()
plt.show()
