"""Time one training step (forward, backward, update) of gradlib beside PyTorch on the CPU.

For each configuration the same network (sigmoid hidden layers, softmax
output, cross-entropy cost, plain SGD) is stepped by gradlib, by PyTorch when
it is installed, and compared with the GEMM-bound limit: the step's
matrix-multiply FLOPs divided by numpy's measured matmul rate on the step's
own shapes.  The runs are interleaved and the medians compared, so the ratios
hold on a shared, noisy machine even when the absolute times do not.

Usage::

    python benchmarks/train_step.py            # the two standard configurations
    python benchmarks/train_step.py --tiny     # a seconds-long smoke run
"""

import argparse
import statistics
import time

import numpy as np

import gradlib as gl

CONFIGS = {
    "small": dict(sizes=[64, 30, 30, 30, 30, 10], batch=10, dtype=np.float64),
    "wide": dict(sizes=[784, 512, 512, 512, 512, 10], batch=256, dtype=np.float32),
}
TINY = {"tiny": dict(sizes=[8, 6, 4], batch=4, dtype=np.float64)}


def matmul_shapes(sizes, batch):
    """The (m, k, n) of every matrix product in one step, ``(m, k) @ (k, n)``."""
    shapes = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        shapes.append((batch, n_in, n_out))        # forward: A @ W
        shapes.append((n_in, batch, n_out))        # BP4: A.T @ delta
    for n_in, n_out in zip(sizes[1:-1], sizes[2:], strict=True):
        shapes.append((batch, n_out, n_in))        # BP2: delta @ W.T
    return shapes


def gemm_flops(sizes, batch):
    return sum(2 * m * k * n for m, k, n in matmul_shapes(sizes, batch))


def make_batches(cfg, n_batches, rng):
    n_in, n_out = cfg["sizes"][0], cfg["sizes"][-1]
    X = rng.random((n_batches, cfg["batch"], n_in)).astype(cfg["dtype"])
    labels = rng.integers(0, n_out, (n_batches, cfg["batch"]))
    return X, labels


def gradlib_stepper(cfg, X, labels):
    net = gl.Network(cfg["sizes"], activation="sigmoid", output="softmax",
                     cost="cross_entropy", init="xavier", seed=0, dtype=cfg["dtype"])
    opt = gl.SGD(net, learning_rate=0.01)
    Y = np.stack([gl.one_hot(lab, cfg["sizes"][-1], dtype=cfg["dtype"]) for lab in labels])

    def run(n):
        for i in range(n):
            opt.step(X[i % len(X)], Y[i % len(Y)], check=False)

    return run


def torch_stepper(cfg, X, labels):
    import torch

    torch.manual_seed(0)
    dtype = torch.float64 if cfg["dtype"] == np.float64 else torch.float32
    layers = []
    sizes = cfg["sizes"]
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(torch.nn.Linear(n_in, n_out, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt = [torch.from_numpy(x) for x in X]
    Lt = [torch.from_numpy(lab) for lab in labels]

    def run(n):
        for i in range(n):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(Xt[i % len(Xt)]), Lt[i % len(Lt)])
            loss.backward()
            opt.step()

    return run


def gemm_stepper(cfg, rng):
    """Only the step's matrix products, on preallocated operands: the GEMM-bound limit."""
    dtype = cfg["dtype"]
    operands = [(rng.random((m, k)).astype(dtype), rng.random((k, n)).astype(dtype),
                 np.empty((m, n), dtype=dtype)) for m, k, n in matmul_shapes(cfg["sizes"],
                                                                             cfg["batch"])]

    def run(n):
        for _ in range(n):
            for a, b, out in operands:
                np.matmul(a, b, out=out)

    return run


def measure(runners, steps, rounds):
    """Median seconds per step of each runner, the runners interleaved round by round."""
    for run in runners.values():
        run(max(1, steps // 5))                     # warm up caches and allocators
    samples = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            t0 = time.perf_counter()
            run(steps)
            samples[name].append((time.perf_counter() - t0) / steps)
    return {name: statistics.median(s) for name, s in samples.items()}


def bench(name, cfg, steps, rounds, use_torch):
    rng = np.random.default_rng(0)
    X, labels = make_batches(cfg, 16, rng)
    runners = {"gradlib": gradlib_stepper(cfg, X, labels), "gemm": gemm_stepper(cfg, rng)}
    if use_torch:
        runners["torch"] = torch_stepper(cfg, X, labels)
    t = measure(runners, steps, rounds)
    flops = gemm_flops(cfg["sizes"], cfg["batch"])
    row = {
        "config": name,
        "gradlib_us": t["gradlib"] * 1e6,
        "gemm_us": t["gemm"] * 1e6,
        "gemm_gflops": flops / t["gemm"] / 1e9,
        "gemm_fraction": t["gemm"] / t["gradlib"],
    }
    if use_torch:
        row["torch_us"] = t["torch"] * 1e6
        row["gradlib_over_torch"] = t["gradlib"] / t["torch"]
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiny", action="store_true", help="tiny sizes, seconds-long smoke run")
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    configs = TINY if args.tiny else CONFIGS
    rows = []
    for name, cfg in configs.items():
        steps = 20 if args.tiny else (400 if cfg["batch"] <= 10 else 20)
        rounds = 2 if args.tiny else args.rounds
        rows.append(bench(name, cfg, steps, rounds, torch_version is not None))

    print(f"numpy {np.__version__}; torch {torch_version or 'not installed'}")
    for r in rows:
        cfg = configs[r["config"]]
        print(f"\n{r['config']}: sizes {cfg['sizes']}, batch {cfg['batch']}, "
              f"{np.dtype(cfg['dtype']).name}")
        print(f"  gradlib step          {r['gradlib_us']:10.1f} us")
        if "torch_us" in r:
            print(f"  torch step            {r['torch_us']:10.1f} us")
            print(f"  gradlib / torch       {r['gradlib_over_torch']:10.2f} x")
        print(f"  GEMM-bound limit      {r['gemm_us']:10.1f} us "
              f"({r['gemm_gflops']:.1f} GFLOP/s on the step's shapes)")
        print(f"  share of GEMM limit   {r['gemm_fraction']:10.0%}")
    return rows


if __name__ == "__main__":
    main()
