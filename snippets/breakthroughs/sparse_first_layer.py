"""Ranzato et al.'s use of the sparse encoder: a classifier's first layer, learnt or random."""

# %% [markdown]
# Five sparse encoder-decoders (seeds 0 to 4), each trained without labels on the 1047
# training digits of Bengio et al.'s table, with the settings of the page above. After
# training, the encoder with its frozen sparsifying logistic is a layer of sigmoid units:
# zbar = sigmoid(beta x W_c - threshold), so weights beta W_c and biases -threshold.
# --8<-- [start:encoders]
import numpy as np

import gradlib as gl

digits = gl.load_digits()
n_val = 300
X, Y = digits.X_train[n_val:], digits.Y_train[n_val:]           # 1047 training digits
X_val, Y_val = digits.X_train[:n_val], digits.Y_train[:n_val]   # 300 validation digits
X_test, y_test = digits.X_test, digits.y_test
seeds = [0, 1, 2, 3, 4]
encoder_epochs = 15
encoders = [gl.SparseEncoderDecoder(n_visible=64, n_code=100, beta=5.0, eta=0.1, seed=seed)
            .fit(X, epochs=encoder_epochs, learning_rate=0.05, batch_size=20,
                 code_steps=20, code_rate=0.1)
            for seed in seeds]
learnt = [(m.beta * m.W_c, -m.threshold) for m in encoders]     # (64, 100), (100,)
# --8<-- [end:encoders]

# %% [markdown]
# The random filters are the start a practitioner of the time would use for the same layer:
# Glorot and Bengio's "standard" U[-1/sqrt(64), 1/sqrt(64)] weights, zero biases.
# --8<-- [start:random]
random = [gl.INITIALIZERS["glorot_standard"](64, 100, np.random.default_rng(100 + seed),
                                             np.float64)
          for seed in seeds]
# --8<-- [end:random]


# %% [markdown]
# Two uses of a first layer, both with early stopping on the validation digits (patience 25,
# at most 150 epochs, mini-batches of 20). Frozen: only a softmax layer on top of the 100
# features is trained. Initialised: the whole network 64-100-10 starts from the layer and a
# fresh softmax layer and is fine-tuned, as Ranzato et al. did with their convolutional net.
# --8<-- [start:train]
def train_early_stopped(net, inputs, learning_rate, seed):
    """SGD; returns the network of the epoch with the lowest validation error."""
    (Xtr, Xv), opt = inputs, gl.SGD(net, learning_rate)
    rng = np.random.default_rng(seed)
    best, best_error, best_epoch = net.copy(), 1 - net.accuracy(Xv, Y_val), 0
    for epoch in range(1, 151):
        order = rng.permutation(len(Xtr))
        for start in range(0, len(Xtr), 20):
            batch = order[start:start + 20]
            opt.step(Xtr[batch], Y[batch], check=False)
        error = 1 - net.accuracy(Xv, Y_val)
        if error < best_error:
            best, best_error, best_epoch = net.copy(), error, epoch
        elif epoch - best_epoch >= 25:
            break
    return best


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def frozen(W, b, seed):
    """A softmax layer trained on the layer's features; per-test-digit correctness."""
    features = [sigmoid(A @ W + b) for A in (X, X_val, X_test)]
    top = gl.Network([100, 10], output="softmax", init="glorot_standard", seed=seed)
    top = train_early_stopped(top, features[:2], 1.0, seed)
    return top.predict(features[2]) == y_test


def initialised(W, b, seed):
    """The whole network from the layer, fine-tuned; per-test-digit correctness."""
    net = gl.Network([64, 100, 10], output="softmax", init="glorot_standard", seed=seed)
    net.weights[0], net.biases[0] = W.copy(), b.copy()
    net = train_early_stopped(net, (X, X_val), 1.0, seed)
    return net.predict(X_test) == y_test


correct = {
    (use, filters): np.array([fn(W, b, seed) for (W, b), seed in zip(layers, seeds,
                                                                      strict=True)])
    for use, fn in (("frozen", frozen), ("initialised", initialised))
    for filters, layers in (("learnt", learnt), ("random", random))
}
# --8<-- [end:train]

# %% [markdown]
# Mean test error over the five seeds, with a t-interval, and the paired comparisons: a paired
# t-test on the five per-seed differences, and a paired bootstrap over the 450 test digits.
# --8<-- [start:compare]
test_error = {f"{use}, {filters}": [float(1 - c.mean()) for c in C]
              for (use, filters), C in correct.items()}
summary = {name: gl.summarize(errors) for name, errors in test_error.items()}
paired = {}
for use in ("frozen", "initialised"):
    L, R = correct[(use, "learnt")], correct[(use, "random")]
    paired[use] = {"t": gl.paired_t(1 - L.mean(axis=1), 1 - R.mean(axis=1)),
                   "bootstrap": gl.paired_bootstrap(L, R, rng=0)}
for name, s in summary.items():
    print(f"{name:20s} test error {s.mean:6.2%}  (95% interval {s.low:.2%} to {s.high:.2%})")
for use, p in paired.items():
    print(f"{use}: learnt - random = {p['t'].difference:+.2%}, paired t p = "
          f"{p['t'].p_value:.3f}, bootstrap over digits p = {p['bootstrap'].p_value:.3f}")
# --8<-- [end:compare]
mean_error = {name: s.mean for name, s in summary.items()}
difference = {use: p["t"].difference for use, p in paired.items()}
p_seeds = {use: p["t"].p_value for use, p in paired.items()}
p_digits = {use: p["bootstrap"].p_value for use, p in paired.items()}
interval = {use: [p["t"].low, p["t"].high] for use, p in paired.items()}
