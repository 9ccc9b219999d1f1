"""Lab notebooks and download links: the engine on tiny projects, then the real labs.

The tiny projects use the real hooks and mkdocs-jupyter, configured as the
guide configures it. The real site comes from the session's ``real_site``
fixture (built cold, then warm).
"""

import json
import re

import pytest
from sitetools import PAGE, PLOT, ROOT, TINY_CONFIG, build, make_project
from test_site_real import EXTERNAL, Fetches

from sitebuild import downloads, labhtml, notebooks

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("mkdocs_jupyter")
pytest.importorskip("nbclient")

LAB_CONFIG = TINY_CONFIG + """\
plugins:
  - mkdocs-jupyter:
      include: ["labs/*.ipynb"]
      ignore: ["*.md", "*.py"]
      execute: false
      allow_errors: false
      include_source: false
"""

LABS = ("backprop-from-scratch", "vanishing-gradients", "pretraining-dbn")


def notebook(*cells):
    """A notebook (JSON text) of Markdown cells (``"# ..."`` strings) and code cells.

    A code cell given as ``(source, metadata)`` gets that metadata.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = []
    for c in cells:
        source, metadata = c if isinstance(c, tuple) else (c, {})
        cell = (nbformat.v4.new_markdown_cell(source[2:]) if source.startswith("# ")
                else nbformat.v4.new_code_cell(source))
        cell.metadata.update(metadata)
        nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nbformat.writes(nb)


LAB = notebook(
    "# # A lab\n\nThe cost $C = \\frac{1}{2}(a - y)^2$, computed below.",
    "import matplotlib.pyplot as plt\nimport numpy as np\n\n"
    "rng = np.random.default_rng(0)\nprint('mean', rng.normal(size=100).mean().round(6))",
    ("fig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])\nplt.show()",
     {"alt": "A line falling from 1 to 0."}),
)


def lab_project(folder, lab=LAB, files=None, snippets=None, **pages):
    return make_project(folder, config=LAB_CONFIG, files=files, snippets=snippets,
                        pages={"index.md": PAGE, "labs/lab.ipynb": lab, **pages})


def entries(cache):
    """Stored notebook results: ``{key: executed notebook text}``."""
    return {p.parent.parent.name: p.read_text() for p in cache.glob("*/labs/lab.ipynb")}


# -- the engine ------------------------------------------------------------------


def test_a_failing_cell_fails_the_build_naming_notebook_cell_and_exception(tmp_path):
    broken = notebook("# # Broken", "x = 1", "# Now divide.", "weights = [1, 2]\nx / 0")
    project = lab_project(tmp_path / "p", lab=broken)
    done = build(project)
    assert done.returncode != 0
    assert ("docs/labs/lab.ipynb, cell 4 (In [2]): ZeroDivisionError: division by zero"
            in done.log), done.log
    assert "----> 2 x / 0" in done.log  # IPython's traceback, without colour codes
    assert "\x1b[" not in done.log
    assert done.snippet_rows()["labs/lab.ipynb"] == "FAILED"
    assert entries(project / ".cache" / "snippets") == {}


def test_a_figure_without_a_description_fails_the_strict_build(tmp_path):
    bare = notebook("# # Bare", "x = 1",
                    "import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\nplt.show()")
    done = build(lab_project(tmp_path / "p", lab=bare))
    assert done.returncode != 0
    assert "docs/labs/lab.ipynb, cell 3: a figure without a description" in done.log, done.log


def test_a_notebook_over_its_time_limit_fails_the_build(tmp_path):
    # Each cell alone is within the limit; together they are not.
    slow = notebook("# # Slow", "import time\n\ntime.sleep(2.5)", "time.sleep(2.5)",
                    "time.sleep(60)")
    project = lab_project(tmp_path / "p", lab=slow)
    done = build(project, env={"GUIDE_TIMEOUT": "4"})
    assert done.returncode != 0
    # Which cell runs out depends on how fast the kernel starts.
    assert re.search(r"docs/labs/lab\.ipynb, cell [234] \(In \[[123]\]\): CellTimeoutError: "
                     r"the notebook ran longer than 20 s", done.log), done.log
    assert "  1 | time.sleep(" in done.log  # no traceback: the cell itself is shown
    assert "Task was destroyed" not in done.log


def test_a_notebook_runs_once_then_comes_from_the_cache(tmp_path):
    snippets = {"demo/plot.py": PLOT, "demo/other.py": PLOT.replace('"fit"', '"other"')}
    project = lab_project(tmp_path / "p", files={"gradlib/__init__.py": "X = 1\n"},
                          snippets=snippets)
    first = build(project)
    assert first.returncode == 0, first.log
    assert first.snippet_rows() == {"demo/plot": "ran", "demo/other": "ran",
                                    "labs/lab.ipynb": "ran"}
    assert re.search(r"3/3 done \(labs/lab\.ipynb, [\d.]+ s\)", first.log), first.log

    warm = build(project)
    assert warm.returncode == 0, warm.log
    assert set(warm.snippet_rows().values()) == {"cached"}
    assert "1 of 1 notebooks from cache" in warm.log and "done (labs/lab.ipynb" not in warm.log

    # Editing a snippet runs that snippet only, and the log says so in the
    # words the run-it-yourself page quotes.
    (project / "snippets/demo/plot.py").write_text(PLOT.replace("slope = 2.5", "slope = 3"))
    edited = build(project)
    assert edited.snippet_rows() == {"demo/plot": "ran", "demo/other": "cached",
                                     "labs/lab.ipynb": "cached"}
    assert_like_the_page(edited.log)
    # The notebook depends on the library, like the snippets.
    (project / "gradlib/__init__.py").write_text("X = 2\n")
    library = build(project)
    assert set(library.snippet_rows().values()) == {"ran"}
    # Editing the notebook runs it again.
    (project / "docs/labs/lab.ipynb").write_text(LAB.replace("size=100", "size=200"))
    assert build(project).snippet_rows()["labs/lab.ipynb"] == "ran"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """One project with a lab, built twice from two empty caches."""
    tmp = tmp_path_factory.mktemp("labs")
    project = lab_project(tmp / "p", **{
        "other.ipynb": LAB, "plain.md": "# Plain\n\nNo code here.\n",
        "shown.md": "# Shown\n\n```markdown\n{{ demo/plot.fitted }}\n```\n"})
    one = build(project, cache=tmp / "cache-1", site=tmp / "site-1")
    two = build(project, cache=tmp / "cache-2", site=tmp / "site-2")
    assert one.returncode == 0 and two.returncode == 0, one.log + two.log
    return (one, tmp / "cache-1"), (two, tmp / "cache-2")


def test_lab_pages_are_light_styles_once_figures_as_lazy_files(two_builds):
    (one, _), (two, _) = two_builds
    pages = [one.site / "labs" / "lab" / "index.html"]
    links = set()
    for page in pages:
        html = page.read_text()
        assert "data:image" not in html and "<style" not in html
        links |= set(re.findall(r'<link href="([^"]*notebook-[0-9a-f]{16}\.css)"', html))
        figures = re.findall(r'<img [^>]*>', html)
        figure = next(tag for tag in figures if "figures/labs/" in tag)
        assert 'loading="lazy"' in figure and 'alt="A line falling from 1 to 0."' in figure
        src = re.search(r'src="([^"]+)"', figure)[1]
        assert (page.parent / src).resolve().is_file()
        assert re.search(r'<a class="glightbox" href="' + re.escape(src) + '"', html)
    # One stylesheet, named by its content, so the browser caches it.
    assert len(links) == 1
    css = (pages[0].parent / next(iter(links))).resolve()
    assert css.stat().st_size > 10_000
    # Deterministic: the second clean build names every file the same.
    assert sorted(p.relative_to(one.site) for p in (one.site / "figures/labs").rglob("*.png")) \
        == sorted(p.relative_to(two.site) for p in (two.site / "figures/labs").rglob("*.png"))


def test_executed_notebooks_are_deterministic(two_builds):
    (_, first), (_, second) = two_builds
    first, second = entries(first), entries(second)
    assert len(first) == 1 and first == second
    executed = json.loads(next(iter(first.values())))
    assert all("execution" not in cell["metadata"] for cell in executed["cells"])


def test_the_notebook_page_shows_outputs_math_and_a_download_and_fetches_nothing(two_builds):
    done = two_builds[0][0]
    html = (done.site / "labs" / "lab" / "index.html").read_text()
    body = html[html.index('<div class="jupyter-wrapper">'):]
    # The executed outputs: the printout and the figure.
    assert "mean" in body and re.search(r'<img[^>]+src="[./]*figures/labs/lab/', body)
    assert '<img alt="A line falling from 1 to 0."' in body
    # Math as MathML, no MathJax, no CDN.
    assert '<math alttext="C = \\frac{1}{2}(a - y)^2"' in body
    scripts = "".join(re.findall(r"<script\b.*?</script>", body, re.DOTALL))
    assert "mathjax" not in scripts.lower() and "cdnjs" not in body and 'src=""' not in body
    parser = Fetches()
    parser.feed(body)
    assert [url for url in parser.urls if EXTERNAL.match(url)] == []
    # The source, without outputs, next to the page, linked under the title.
    link = re.search(r'<h1 id="a-lab">.*?</h1>\s*<div class="admonition downloads">.*?'
                     r'<a href="([^"]+)" download>', body, re.DOTALL)
    assert link and link[1] == "lab.ipynb", body[:2000]
    assert (done.site / "labs" / "lab" / "lab.ipynb").read_text() == LAB
    # Only the labs are notebook pages (and only they run).
    assert not (done.site / "other" / "index.html").exists()
    assert (done.site / "other.ipynb").read_text() == LAB
    assert "other.ipynb" not in "".join(done.snippet_rows())


def test_pages_list_the_snippets_they_use_for_download(two_builds):
    done = two_builds[0][0]
    html = (done.site / "index.html").read_text()
    box = re.search(r'<div class="admonition downloads">.*?</div>', html, re.DOTALL)[0]
    assert '<a href="snippets/demo/plot.py" download><code>snippets/demo/plot.py</code></a>' \
        in box
    assert "A figure, a printout and a few values." in box  # the snippet's docstring
    assert (done.site / "snippets/demo/plot.py").is_file()
    for page in ("plain", "shown"):
        assert "downloads" not in (done.site / page / "index.html").read_text()


def assert_like_the_page(log):
    """Each line of the log quoted on the run-it-yourself page has the form of a line of ``log``.

    Numbers and snippet or notebook names may differ; ``...`` stands for
    rows left out.
    """
    def form(line):
        line = re.sub(r"[\w.-]+/[\w./-]+", "NAME", line)
        return " ".join(re.sub(r"\d+(?:\.\d+)?", "N", line).split())

    page = (ROOT / "docs" / "run-it-yourself.md").read_text(encoding="utf-8")
    # The one text block that quotes the build log (others show a checker's output).
    (quoted,) = [block for block in re.findall(r"^```text\n(.*?)^```", page,
                                               re.MULTILINE | re.DOTALL)
                 if "snippets:" in block]
    forms = {form(line) for line in log.splitlines()}
    for line in quoted.splitlines():
        if line.strip() not in ("", "..."):
            assert form(line) in forms, (line, log[-3000:])


# -- the pieces ------------------------------------------------------------------


def test_snippets_used_counts_includes_values_outputs_and_figures_not_code():
    sources = {name: f"snippets/{name}.py" for name in ("a/one", "a/two", "b/three", "b/four")}
    markdown = "\n".join([
        "# Page", "", "```python title=\"x\"", '--8<-- "snippets/b/three.py:part"', "```",
        "The value {{ a/two.value:.2f }} and `{{ b/four.shown }}` in code.",
        "", "{{ output a/one }}", "", '![Alt](fig:b/three/label "Caption")',
        "", "```markdown", "{{ b/four.x }}", ';--8<-- "snippets/b/four.py"', "```",
    ])
    assert downloads.snippets_used(markdown, sources) == ["b/three", "a/two", "a/one"]


def test_download_boxes_link_relative_to_the_page_and_sit_before_footnotes():
    box = downloads.snippets_box(["x/y"], {"x/y": "snippets/x/y.py"},
                                 "section/page/index.html", ROOT)
    assert 'href="../../snippets/x/y.py"' in box
    content = '<p>Text</p>\n<div class="footnote">\n<hr />\n</div>'
    placed = downloads.before_footnotes(content, box)
    assert placed.index("downloads") < placed.index("footnote")
    assert downloads.notebook_uri("labs/lab/index.html", "labs/lab.ipynb") == \
        "labs/lab/lab.ipynb"


def test_clean_html_removes_only_the_scripts_that_fetch():
    html = (
        '<script src=""></script><script type="text/x-mathjax-config">init()</script>'
        '<script src="https://cdn.example/require.js"></script>'
        '<script type="module">const m = await import("https://cdn.example/m.mjs")</script>'
        "<script>copyToClipboard()</script><p>$x$</p>"
    )
    soup = labhtml.parse(html)
    assert labhtml.clean(soup) == 4
    assert labhtml.text(soup) == "<script>copyToClipboard()</script><p>$x$</p>"


def test_figures_get_the_alt_text_of_their_cell(tmp_path):
    path = tmp_path / "lab.ipynb"
    path.write_text(notebook("# # Lab", ("plot()", {"alt": ["First <one>", "Second"]}),
                             "plot()"))
    default = f'<img alt="{labhtml.DEFAULT_ALT}" src="x.png"/>'
    html = "".join(f'<div id="cell-id=cell-{i}">{default * n}</div>'
                   for i, n in ((0, 0), (1, 2), (2, 1)))
    soup = labhtml.parse(html)
    missing = labhtml.describe_figures(soup, json.loads(path.read_text())["cells"])
    described = labhtml.text(soup)
    assert '<img alt="First &lt;one&gt;"' in described and '<img alt="Second"' in described
    assert missing == [3] and described.count(labhtml.DEFAULT_ALT) == 1


# -- the real labs ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(real_site):
    cold, warm = real_site
    assert cold.returncode == 0, cold.log[-5000:]
    assert warm.returncode == 0, warm.log[-5000:]
    return real_site


@pytest.mark.slow
def test_the_labs_run_in_the_cold_build_and_come_from_the_cache_in_the_warm_one(site):
    cold, warm = site
    names = [f"labs/{lab}.ipynb" for lab in LABS]
    assert {n: cold.snippet_rows()[n] for n in names} == dict.fromkeys(names, "ran")
    assert {n: warm.snippet_rows()[n] for n in names} == dict.fromkeys(names, "cached")
    for name in names:  # well under a minute each, even beside the snippets
        seconds = re.search(rf"^{re.escape(name)}\s+([\d.]+)\s+ran$", cold.log, re.M)
        assert seconds and float(seconds[1]) < 60, name


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_each_lab_page_shows_its_outputs_fetches_nothing_and_offers_its_notebook(site, lab):
    page = site[1].site / "labs" / lab / "index.html"
    html = page.read_text(encoding="utf-8")
    body = html[html.index('<div class="jupyter-wrapper">'):]
    figures = re.findall(r'<img[^>]+src="([./]*figures/labs/[^"]+\.png)"', body)
    assert figures and all((page.parent / src).resolve().is_file() for src in figures)
    assert "data:image" not in body and "<style" not in body
    assert "jp-OutputArea-output" in body and "Traceback" not in body
    assert labhtml.DEFAULT_ALT not in body  # every figure is described
    assert "<math" in body and not re.search(r"(?<![\\$\w])\$[^$\s<]+\$", _text(body))
    parser = Fetches()
    parser.feed(html)
    assert [url for url in parser.urls if EXTERNAL.match(url)] == []
    assert re.search(r"<script[^>]*\bsrc=[\"']?(?:https?:)?//", html) is None
    link = re.search(r'<div class="admonition downloads">.*?'
                     r'<a href="([^"]+\.ipynb)" download(?:="")?>', body, re.DOTALL)
    assert link, body[:3000]
    download = (page.parent / link[1]).resolve()
    assert download.read_bytes() == (ROOT / "docs" / "labs" / f"{lab}.ipynb").read_bytes()


@pytest.mark.slow
def test_every_page_that_uses_snippets_links_each_of_them_for_download(site):
    checked = 0
    for page in site[1].site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        used = set(re.findall(r'<a class="snippet-source" href="([^"]+)"', html))
        box = re.search(r'<div class="admonition downloads">.*?</div>', html, re.DOTALL)
        if not used and box is None:
            continue
        assert box, page
        offered = set(re.findall(r'<a href="([^"]+)" download(?:="")?>', box[0]))
        assert used <= offered, (page, used - offered)
        for href in offered:
            assert (page.parent / href).resolve().is_file(), (page, href)
        checked += 1
    assert checked >= 10


def _text(html):
    html = re.sub(r"<(pre|code|script|style|math)\b.*?</\1>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", "", html)


def test_no_stray_notebook_outside_the_labs():
    found = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.ipynb")]
    assert sorted(found) == sorted(f"labs/{lab}.ipynb" for lab in LABS)


def test_the_labs_are_committed_without_outputs():
    for lab in LABS:
        nb = nbformat.read(ROOT / "docs" / "labs" / f"{lab}.ipynb", as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == notebooks.KERNEL
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (lab, cell.id)


def test_the_labs_import_only_gradlib_numpy_and_matplotlib():
    for lab in LABS:
        nb = nbformat.read(ROOT / "docs" / "labs" / f"{lab}.ipynb", as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        imported = set(re.findall(r"^\s*(?:import|from)\s+([\w.]+)", code, re.M))
        assert {m.split(".")[0] for m in imported} <= {"gradlib", "numpy", "matplotlib"}, lab


def test_editing_a_markdown_cell_rerenders_the_lab_without_running_it(tmp_path):
    project = lab_project(tmp_path / "p")
    first = build(project)
    assert first.returncode == 0, first.log
    assert first.snippet_rows()["labs/lab.ipynb"] == "ran"
    (project / "docs/labs/lab.ipynb").write_text(
        LAB.replace("computed below", "worked out below"))
    second = build(project)
    assert second.returncode == 0, second.log
    assert second.snippet_rows()["labs/lab.ipynb"] == "cached"
    html = (second.site / "labs" / "lab" / "index.html").read_text()
    assert "worked out below" in html and "computed below" not in html
    assert "mean" in html  # the outputs of the cached run
    # A change to the code runs it again.
    (project / "docs/labs/lab.ipynb").write_text(LAB.replace("size=100", "size=300"))
    assert build(project).snippet_rows()["labs/lab.ipynb"] == "ran"


def test_lab_figures_are_saved_with_a_palette_and_look_the_same():
    import io

    import matplotlib
    import numpy as np
    from PIL import Image

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sitebuild.labhtml import palette_png

    fig, ax = plt.subplots(figsize=(6, 3), dpi=200)
    x = np.linspace(0, 6, 400)
    for k in range(4):
        ax.plot(x, np.sin(x + k), label=f"curve {k}")
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    original = buffer.getvalue()
    lighter = palette_png(original)
    assert len(lighter) < 0.6 * len(original)
    assert palette_png(original) == lighter  # deterministic
    before = np.asarray(Image.open(io.BytesIO(original)).convert("RGB"), dtype=float)
    after = np.asarray(Image.open(io.BytesIO(lighter)).convert("RGB"), dtype=float)
    assert before.shape == after.shape
    assert np.abs(before - after).mean() < 2  # of 255: the same picture
