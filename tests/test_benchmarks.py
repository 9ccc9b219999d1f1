"""The benchmarks run (on tiny sizes); their timings are never asserted."""

import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_train_step_benchmark_runs(capsys):
    bench = load("train_step")
    rows = bench.main(["--tiny"])
    out = capsys.readouterr().out
    assert [r["config"] for r in rows] == ["tiny"]
    assert rows[0]["gradlib_us"] > 0 and rows[0]["gemm_us"] > 0
    assert "share of GEMM limit" in out


def test_gemm_flops_count_every_product():
    bench = load("train_step")
    # [2, 3, 4], batch 5: forward 5*2*3 + 5*3*4, BP4 the same, BP2 only into layer 1: 5*4*3.
    assert bench.gemm_flops([2, 3, 4], 5) == 2 * (30 + 60 + 30 + 60 + 60)


def test_torch_comparison_when_installed():
    pytest.importorskip("torch")
    bench = load("train_step")
    row = bench.bench("tiny", bench.TINY["tiny"], steps=5, rounds=1, use_torch=True)
    assert row["gradlib_over_torch"] > 0
