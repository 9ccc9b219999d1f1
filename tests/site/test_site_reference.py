"""The API reference in a tiny site with the real mkdocstrings settings: links, math, strict."""

import yaml
from sitetools import ROOT, TINY_CONFIG, build, make_project


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving its !ENV and !relative tags unresolved."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def reference_plugins():
    """The autorefs and mkdocstrings entries of the real mkdocs.yml, reading gradlib from here."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    plugins = [p for p in config["plugins"]
               if isinstance(p, dict) and {"autorefs", "mkdocstrings"} & set(p)]
    assert len(plugins) == 2, "mkdocs.yml should configure autorefs and mkdocstrings"
    for plugin in plugins:
        if "mkdocstrings" in plugin:
            plugin["mkdocstrings"]["handlers"]["python"]["paths"] = [str(ROOT)]
    return plugins


def reference_project(folder, guide_page):
    # The real reference pages: every cross-reference their docstrings make resolves.
    config = TINY_CONFIG + yaml.safe_dump({"plugins": reference_plugins()})
    pages = {"index.md": guide_page}
    for page in sorted((ROOT / "docs" / "reference" / "gradlib").glob("*.md")):
        pages[f"reference/gradlib/{page.name}"] = page.read_text(encoding="utf-8")
    return make_project(folder, pages=pages,
                        snippets={"demo/none.py": '"""Nothing."""\nx = 1\n'}, config=config)


def test_a_reference_links_to_the_entry_and_docstring_math_is_mathml(tmp_path):
    project = reference_project(tmp_path / "good", "# Guide\n\nSee [gradlib.Network][].\n")
    done = build(project)
    assert done.returncode == 0, done.log[-3000:]
    guide = (done.site / "index.html").read_text(encoding="utf-8")
    assert 'href="reference/gradlib/network/#gradlib.Network"' in guide
    network = (done.site / "reference/gradlib/network/index.html").read_text(encoding="utf-8")
    assert 'id="gradlib.Network.backward"' in network
    # The costs' Notes hold :math: roles: MathML after the build, no TeX left.
    costs = (done.site / "reference/gradlib/costs/index.html").read_text(encoding="utf-8")
    assert "<math" in costs
    assert "\\(" not in costs and ":math:" not in costs


def test_the_strict_build_fails_on_a_broken_reference(tmp_path):
    project = reference_project(tmp_path / "bad", "# Guide\n\nSee [gradlib.NoSuchThing][].\n")
    done = build(project)
    assert done.returncode != 0
    assert "gradlib.NoSuchThing" in done.log
