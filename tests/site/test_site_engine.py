"""The snippet engine inside real ``mkdocs build`` runs, on tiny throw-away projects."""

import json
import re

from sitetools import PAGE, PLOT, TINY_CONFIG, build, make_project

BROKEN = '''\
"""Fails on line 6."""

import numpy as np

weights = np.ones(3)
raise ValueError(f"bad weights {weights.sum():g}")
'''

SLOW = '''\
"""Never finishes."""

total = 0
while True:
    total += 1
'''


def snippet_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in (site / "figures").rglob("*.svg")}


def test_build_puts_numbers_output_figures_and_sources_on_the_page(tiny):
    done = build(tiny)
    assert done.returncode == 0, done.log
    html = (done.site / "index.html").read_text()
    # The number in the prose and the printout agree (2.616 to 3 places).
    assert "The fitted slope is 2.62;" in html
    assert "12.5%" in html
    assert "fitted slope 2.616" in html
    assert "Output of snippets/demo/plot.py" in html
    # The included section, without its markers.
    text = re.sub(r"<[^>]+>", "", html)
    assert "slope = 2.5" in text and "--8&lt;--" not in text and "[start:fit]" not in text
    # The figure: alt text, numbered caption with math, link to the code.
    assert 'alt="A noisy line"' in html
    assert 'src="figures/demo/plot/fit.svg"' in html
    assert "Figure 1." in html and "<math" in html
    # Every formula is MathML: in prose, caption, heading, list and the
    # table of contents alike.
    assert "\\(" not in html and "$" not in text
    assert html.count('<math alttext="\\sigma&#x27;(z)"') == 2  # heading and contents
    assert 'href="snippets/demo/plot.py"' in html
    assert (done.site / "figures/demo/plot/fit.svg").is_file()
    assert (done.site / "figures/demo/plot/figure-2.svg").is_file()  # no label
    assert (done.site / "snippets/demo/plot.py").read_text() == PLOT
    assert not (tiny / "docs" / "figures").exists()
    assert sorted(p.name for p in (tiny / "docs").rglob("*")) == ["index.md"]


def test_progress_and_table_in_the_log(tiny):
    done = build(tiny)
    assert done.returncode == 0, done.log
    assert "snippets: 1/1 done (demo/plot" in done.log
    assert done.snippet_rows() == {"demo/plot": "ran"}


def test_second_build_runs_nothing_and_editing_one_snippet_reruns_only_it(tmp_path):
    other = PLOT.replace('num="fit"', 'num="other"')
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": PLOT,
                                                     "demo/other.py": other})
    first = build(project)
    assert first.returncode == 0, first.log
    assert first.snippet_rows() == {"demo/plot": "ran", "demo/other": "ran"}

    second = build(project)
    assert second.returncode == 0, second.log
    assert second.snippet_rows() == {"demo/plot": "cached", "demo/other": "cached"}
    assert "2 of 2 from cache" in second.log

    (project / "snippets/demo/other.py").write_text(other + "\nprint('edited')\n")
    third = build(project)
    assert third.returncode == 0, third.log
    assert third.snippet_rows() == {"demo/plot": "cached", "demo/other": "ran"}


def site_files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}


def test_two_clean_builds_give_a_byte_identical_site(tiny, tmp_path):
    # The theme's own build date comes from SOURCE_DATE_EPOCH when it is set.
    env = {"SOURCE_DATE_EPOCH": "0"}
    one = build(tiny, cache=tmp_path / "cache-1", site=tmp_path / "site-1", env=env)
    two = build(tiny, cache=tmp_path / "cache-2", site=tmp_path / "site-2", env=env)
    assert one.returncode == 0 and two.returncode == 0, one.log + two.log
    figures = snippet_files(one.site)
    assert len(figures) == 2
    assert figures == snippet_files(two.site)
    # Everything else too, but for the page of run times, which says it varies.
    first, second = site_files(one.site), site_files(two.site)
    assert set(first) == set(second)
    differ = sorted(name for name in first if first[name] != second[name])
    assert set(differ) <= {"run-times/index.html", "search/search_index.json"}, differ
    # (Material leaves that page out of its search index; this theme's search
    # indexes it, and nothing else differs.)
    def without_times(index):
        docs = json.loads(index)["docs"]
        return [d for d in docs if not d["location"].startswith("run-times/")]

    index = "search/search_index.json"
    assert without_times(first[index]) == without_times(second[index])


def test_failing_snippet_fails_the_build_naming_file_line_and_exception(tmp_path):
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": PLOT,
                                                     "demo/broken.py": BROKEN})
    done = build(project)
    assert done.returncode != 0
    assert "snippets/demo/broken.py, line 6: ValueError: bad weights 3" in done.log
    assert "demo/broken" in done.log and "FAILED" in done.log
    # Nothing is stored for the failed run; the good one is.
    cache = project / ".cache" / "snippets"
    stored = [p.name for p in cache.iterdir() if (p / "result.json").is_file()]
    assert len(stored) == 1
    assert not [p for p in cache.iterdir() if p.name.startswith("tmp-")]


def test_failed_snippet_figures_are_not_served_stale(tmp_path):
    project = make_project(tmp_path / "p")
    assert build(project).returncode == 0
    assert (project / "site/figures/demo/plot/fit.svg").is_file()
    (project / "snippets/demo/plot.py").write_text(PLOT + "\nraise RuntimeError('now broken')\n")
    done = build(project)
    assert done.returncode != 0
    assert "RuntimeError: now broken" in done.log
    assert not (project / "site/figures/demo/plot").exists()


def test_snippet_over_its_time_limit_fails_the_build(tmp_path):
    project = make_project(tmp_path / "p", pages={"index.md": "# Slow\n"},
                           snippets={"demo/slow.py": SLOW})
    done = build(project, env={"GUIDE_TIMEOUT": "2"})
    assert done.returncode != 0
    # On a machine so busy that the snippet gets less than a fifth of a core,
    # the wall-clock limit (five times the CPU limit) comes first.
    assert re.search(r"snippets/demo/slow\.py, line [45]: SnippetTimeout: the snippet (used "
                     r"more than 2 s of CPU time|ran longer than 10 s)", done.log), done.log


def test_bad_placeholder_fails_the_build_naming_page_placeholder_and_variables(tmp_path):
    page = PAGE.replace("demo/plot.fitted:.2f", "demo/plot.fited:.2f")
    project = make_project(tmp_path / "p", pages={"index.md": page})
    done = build(project)
    assert done.returncode != 0
    assert "index.md, line 3: {{ demo/plot.fited:.2f }}" in done.log
    assert "no top-level variable 'fited'" in done.log
    assert "Available: x, slope, noisy, fitted, table" in done.log


def test_unknown_figure_label_lists_the_labels_the_snippet_made(tmp_path):
    page = PAGE.replace("fig:demo/plot/fit ", "fig:demo/plot/fits ")
    project = make_project(tmp_path / "p", pages={"index.md": page})
    done = build(project)
    assert done.returncode != 0
    assert "made no figure labelled 'fits'; it made: fit, figure-2" in done.log


def test_missing_include_fails_the_build(tmp_path):
    page = PAGE.replace("plot.py:fit", "plot.py:fitting")
    project = make_project(tmp_path / "p", pages={"index.md": page})
    done = build(project)
    assert done.returncode != 0
    assert "fitting" in done.log


def test_execution_switched_off_builds_placeholders_without_running(tiny):
    done = build(tiny, env={"GUIDE_EXECUTE": "0"})
    assert done.returncode == 0, done.log
    html = (done.site / "index.html").read_text()
    assert "The fitted slope is …" in html
    assert "snippet execution is switched off" in html
    assert not (tiny / ".cache").exists()
    assert (done.site / "snippets/demo/plot.py").is_file()


def test_refresh_reruns_everything(tiny):
    assert build(tiny).returncode == 0
    again = build(tiny, env={"GUIDE_REFRESH": "1"})
    assert again.returncode == 0, again.log
    assert again.snippet_rows() == {"demo/plot": "ran"}
    assert build(tiny).snippet_rows() == {"demo/plot": "cached"}


def test_serve_watches_snippets_library_style_and_data(tmp_path):
    from types import SimpleNamespace

    from sitebuild import hooks

    project = make_project(tmp_path / "p", files={"gradlib/__init__.py": "", "data/x.csv": "1"})
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"),
                             extra={"snippets": {}}, extra_css=[])
    hooks.on_config(config)
    watched = []
    hooks.on_serve(SimpleNamespace(watch=watched.append), config, builder=None)
    assert sorted(watched) == sorted(str(project / name) for name in
                                     ("snippets", "gradlib", "matplotlibrc", "data"))
    assert config.extra_css == [hooks.MATH_CSS]


def test_notebook_pages_get_mathml_too(tmp_path):
    import json

    import pytest

    pytest.importorskip("mkdocs_jupyter")
    config = TINY_CONFIG + ("plugins:\n  - mkdocs-jupyter:\n"
                            "      include: ['*.ipynb']\n      execute: false\n")
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {},
             "source": ["# Lab\n", "The cost $C = \\frac{1}{2}(a-y)^2$ and\n",
                        "$$\\sum_i x_i$$\n", "{{ demo/plot.fitted }} stays as written.\n"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ['price = "$5 and $6"']},
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    project = make_project(tmp_path / "p", config=config,
                           pages={"index.md": "# Home\n", "lab.ipynb": json.dumps(notebook)})
    done = build(project)
    assert done.returncode == 0, done.log
    html = (done.site / "lab" / "index.html").read_text()
    assert '<math alttext="C = \\frac{1}{2}(a-y)^2"' in html
    assert '<math alttext="\\sum_i x_i"' in html and 'display="block"' in html
    assert "{{ demo/plot.fitted }}" in html
    assert "$5 and $6" in html


def test_the_run_times_are_published_as_a_page(tmp_path):
    other = PLOT.replace('num="fit"', 'num="other"')
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": PLOT,
                                                     "demo/other.py": other})
    done = build(project)
    assert done.returncode == 0, done.log
    html = (done.site / "run-times" / "index.html").read_text()
    assert "<h1" in html and "Run times" in html
    assert "<code>snippets/demo/plot.py</code>" in html
    assert "<code>snippets/demo/other.py</code>" in html
    assert "2 in all" in html
