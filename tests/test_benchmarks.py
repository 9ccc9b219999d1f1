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


def test_page_weight_counts_each_page_and_the_shared_assets_once(tmp_path, capsys):
    bench = load("page_weight")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "figures").mkdir()
    (site / "style.css").write_text("@font-face { src: url('font.otf'); }")
    (site / "font.otf").write_bytes(b"\0" * 3000)
    (site / "figures" / "f.svg").write_text("<svg>" + "<path d='M 0 0'/>" * 500 + "</svg>")
    head = '<link rel="stylesheet" href="{up}style.css"><script src="{up}app.js"></script>'
    (site / "app.js").write_text("let x = 1;")
    (site / "index.html").write_text(head.format(up="") + "<p>home</p>")
    (site / "a" / "index.html").write_text(
        head.format(up="../") + '<img src="../figures/f.svg"><img src="../figures/f.svg">'
        '<img src="https://example.org/x.png"><script type="application/json" id="d">'
        + "[1, 2, 3]" * 100 + "</script>")
    pages, assets = bench.main(["--site", str(site)])
    out = capsys.readouterr().out
    for column in bench.COLUMNS + bench.ASSET_COLUMNS:
        assert column in out
    by_page = {r["page"]: r for r in pages}
    assert set(by_page) == {"index.html", "a/index.html"}
    # The same figure twice is loaded once; the remote image is not the site's.
    assert by_page["a/index.html"]["figures"] == 1
    assert by_page["index.html"]["figures"] == 0
    a = by_page["a/index.html"]
    assert a["own_kb"] == a["html_kb"] + a["figures_kb"] > by_page["index.html"]["own_kb"]
    assert a["inline_data_kb"] == 0.9
    # Stylesheet, script and the font the stylesheet loads, once each.
    assert [r["asset"] for r in assets] == ["app.js", "font.otf", "style.css"]
    assert assets[1]["bytes_kb"] == 3.0 and assets[1]["gzip_kb"] < 1
