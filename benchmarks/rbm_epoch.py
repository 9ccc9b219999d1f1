"""Time one RBM training epoch of gradlib beside scikit-learn's BernoulliRBM.

Both train the same sizes with the same mini-batch size, learning rate and
one Gibbs step per update (CD-1 for gradlib's default, persistent CD-1 for
both in the second row, which is what ``BernoulliRBM`` does).  gradlib also
applies momentum and weight decay, which scikit-learn does not; it records
the reconstruction error in the CD-1 row (free there) and, like
scikit-learn, records nothing in the persistent row.  The runs are
interleaved round by round and the medians compared, so the ratio holds on a
shared, noisy machine even when the absolute times do not.

Usage::

    python benchmarks/rbm_epoch.py                # digits-sized and MNIST-sized runs
    python benchmarks/rbm_epoch.py --tiny         # a seconds-long smoke run
    python benchmarks/rbm_epoch.py --threads 1    # limit BLAS threads (steadier on a busy machine)
"""

import argparse
import contextlib
import statistics
import time

import numpy as np

import gradlib as gl

CONFIGS = {
    # The bundled digits: 1347 training images of 64 pixels.
    "digits": dict(n_samples=1347, n_visible=64, n_hidden=100, batch_size=100, epochs=5),
    # MNIST-sized layer of Hinton et al. (2006), on synthetic binary data.
    "mnist-sized": dict(n_samples=6000, n_visible=784, n_hidden=500, batch_size=100, epochs=1),
}
TINY = {"tiny": dict(n_samples=60, n_visible=8, n_hidden=5, batch_size=20, epochs=2)}


def make_data(cfg):
    if cfg["n_visible"] == 64 and cfg["n_samples"] == 1347:
        return gl.load_digits().X_train
    rng = np.random.default_rng(0)
    # Sparse binary images, about as dense as binarised MNIST.
    return (rng.random((cfg["n_samples"], cfg["n_visible"])) < 0.13).astype(np.float64)


def gradlib_runner(cfg, X, persistent):
    def run():
        gl.RBM(cfg["n_visible"], cfg["n_hidden"], seed=0).fit(
            X, epochs=cfg["epochs"], learning_rate=0.1, batch_size=cfg["batch_size"], k=1,
            persistent=persistent, monitor=not persistent)
    return run


def sklearn_runner(cfg, X):
    from sklearn.neural_network import BernoulliRBM

    def run():
        BernoulliRBM(n_components=cfg["n_hidden"], learning_rate=0.1,
                     batch_size=cfg["batch_size"], n_iter=cfg["epochs"], random_state=0).fit(X)
    return run


def measure(runners, epochs, rounds):
    """Median seconds per epoch of each runner, the runners interleaved round by round."""
    for run in runners.values():
        run()                                       # warm up caches and allocators
    samples = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            t0 = time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - t0) / epochs)
    return {name: statistics.median(s) for name, s in samples.items()}


def bench(name, cfg, rounds):
    X = make_data(cfg)
    runners = {
        "gradlib CD-1": gradlib_runner(cfg, X, persistent=False),
        "gradlib PCD-1": gradlib_runner(cfg, X, persistent=True),
        "sklearn PCD-1": sklearn_runner(cfg, X),
    }
    t = measure(runners, cfg["epochs"], rounds)
    return {"config": name, "ms": {k: v * 1e3 for k, v in t.items()},
            "ratio_cd": t["gradlib CD-1"] / t["sklearn PCD-1"],
            "ratio_pcd": t["gradlib PCD-1"] / t["sklearn PCD-1"]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiny", action="store_true", help="tiny sizes, seconds-long smoke run")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--threads", type=int, default=None, help="limit BLAS threads")
    args = ap.parse_args(argv)
    import sklearn

    limit = contextlib.nullcontext()
    if args.threads is not None:
        from threadpoolctl import threadpool_limits

        limit = threadpool_limits(limits=args.threads)
    configs = TINY if args.tiny else CONFIGS
    with limit:
        rows = [bench(name, cfg, 2 if args.tiny else args.rounds)
                for name, cfg in configs.items()]

    print(f"numpy {np.__version__}; scikit-learn {sklearn.__version__}; "
          f"BLAS threads {'default' if args.threads is None else args.threads}")
    for r in rows:
        cfg = configs[r["config"]]
        print(f"\n{r['config']}: {cfg['n_samples']} x {cfg['n_visible']} visible -> "
              f"{cfg['n_hidden']} hidden, batch {cfg['batch_size']}, one Gibbs step")
        for runner, ms in r["ms"].items():
            print(f"  {runner:<16} {ms:9.2f} ms per epoch")
        print(f"  gradlib CD-1  / sklearn  {r['ratio_cd']:6.2f} x")
        print(f"  gradlib PCD-1 / sklearn  {r['ratio_pcd']:6.2f} x")
    return rows


if __name__ == "__main__":
    main()
