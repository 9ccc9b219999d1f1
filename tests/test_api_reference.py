"""The API reference covers gradlib.__all__, page by page, and its docstring markup converts.

The reference pages (``docs/reference/gradlib/<module>.md``) name each public
entry with a ``::: gradlib.<name>`` line; these tests fail, saying which line
to add where, when a name joins ``gradlib.__all__`` without an entry.
"""

import ast
import re
from pathlib import Path

import pytest

import gradlib
from sitebuild.docstrings import rst_to_markdown

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "reference" / "gradlib"
# Modules that export nothing themselves but hold what the others share (the
# model protocol, the stable numerics): documented whole, on a page of their own.
SHARED = ("protocol", "numerics")
ENTRY = re.compile(r"^::: (gradlib(?:\.\w+)*)\s*$", re.MULTILINE)


def exported_by_module():
    """``{module: [names]}`` from the ``from .module import ...`` lines of gradlib/__init__.py."""
    tree = ast.parse((ROOT / "gradlib" / "__init__.py").read_text(encoding="utf-8"))
    groups = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            groups.setdefault(node.module, []).extend(a.asname or a.name for a in node.names)
    return groups


def entries(page):
    return ENTRY.findall(page.read_text(encoding="utf-8")) if page.is_file() else []


def test_every_public_name_has_an_entry_on_its_modules_page():
    groups = exported_by_module()
    public = set(gradlib.__all__)
    missing = []
    for module, names in groups.items():
        page = PAGES / f"{module}.md"
        listed = set(entries(page))
        missing += [f"gradlib.{name} (from gradlib.{module}): add a line '::: gradlib.{name}' "
                    f"to {page.relative_to(ROOT)}"
                    for name in names if name in public and f"gradlib.{name}" not in listed]
    imported = {name for names in groups.values() for name in names}
    missing += [f"gradlib.{name} is in __all__ but not imported by a 'from .module import' line"
                for name in sorted(public - imported)]
    assert not missing, "the API reference lacks:\n" + "\n".join(missing)


def test_every_module_page_starts_with_its_module_and_documents_only_public_names():
    groups = exported_by_module()
    problems = []
    for module in groups:
        page = PAGES / f"{module}.md"
        found = entries(page)
        if not found or found[0] != f"gradlib.{module}":
            problems.append(f"{page.relative_to(ROOT)} should start with '::: gradlib.{module}'")
        for path in found[1:]:
            name = path.removeprefix("gradlib.")
            if name not in gradlib.__all__:
                problems.append(f"{page.relative_to(ROOT)} documents {path}, "
                                "which is not in gradlib.__all__")
    extra = {p.stem for p in PAGES.glob("*.md")} - set(groups) - {"index"} - set(SHARED)
    for module in SHARED:
        page = PAGES / f"{module}.md"
        if entries(page) != [f"gradlib.{module}"]:
            problems.append(f"{page.relative_to(ROOT)} should hold one entry, "
                            f"'::: gradlib.{module}', with its members")
    problems += [f"docs/reference/gradlib/{name}.md: gradlib exports nothing from gradlib.{name}"
                 for name in sorted(extra)]
    assert not problems, "\n".join(problems)


def test_every_reference_page_is_in_the_nav():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    absent = [f"reference/gradlib/{page.name}" for page in sorted(PAGES.glob("*.md"))
              if f"reference/gradlib/{page.name}" not in config]
    assert not absent, f"add to nav in mkdocs.yml: {absent}"


@pytest.mark.parametrize(("rst", "markdown"), [
    (r"slope :math:`\sigma'(z)` here", r"slope $\sigma'(z)$ here"),
    (":class:`Network` and :func:`gradlib.train`",
     "[`Network`][gradlib.Network] and [`gradlib.train`][gradlib.train]"),
    (":class:`~gradlib.network.Gradients`", "[`Gradients`][gradlib.Gradients]"),
    (":mod:`gradlib.rbm`", "[`gradlib.rbm`][gradlib.rbm]"),
    (":meth:`Network.backward`", "[`Network.backward`][gradlib.Network.backward]"),
    # No public entry: code, not a link that would break the build.
    (":meth:`_backprop`", "`_backprop`"),
    (":class:`Sigmoid`", "`Sigmoid`"),
    (":mod:`gradlib.nosuchmodule`", "`gradlib.nosuchmodule`"),
])
def test_rst_roles_become_markdown(rst, markdown):
    assert rst_to_markdown(rst) == markdown


def test_a_method_role_resolves_in_its_class():
    assert rst_to_markdown(":meth:`fit`", scope="RBM") == "[`fit`][gradlib.RBM.fit]"
    assert rst_to_markdown(":meth:`fit`") == "`fit`"


def test_a_math_block_becomes_display_math_at_its_indentation():
    rst = ("Notes\n-----\nThe energy\n\n.. math::\n\n"
           "    E(v) = -b^\\top v,\n    \\qquad F\n\nwith b.\n")
    assert rst_to_markdown(rst) == (
        "Notes\n-----\nThe energy\n\n$$\nE(v) = -b^\\top v,\n\\qquad F\n$$\n\nwith b.\n")


def test_every_formula_of_the_docstrings_converts_to_mathml():
    # What the build does to each formula (sitebuild.mathml), without a build.
    from sitebuild.mathml import MathError, tex_to_mathml

    formulas = []
    for path in sorted((ROOT / "gradlib").glob("*.py")):
        text = rst_to_markdown(path.read_text(encoding="utf-8"))
        formulas += [(path.name, m) for m in re.findall(r"\$\$\n(.*?)\n\s*\$\$", text, re.DOTALL)]
        formulas += [(path.name, m) for m in re.findall(r"(?<!\$)\$([^$\n]+)\$(?!\$)", text)]
    assert len(formulas) > 50
    failures = []
    for name, tex in formulas:
        try:
            tex_to_mathml(tex)
        except MathError as exc:
            failures.append(f"gradlib/{name}: {exc}")
    assert not failures, "\n".join(failures)


def test_the_griffe_extension_rewrites_docstrings_and_reads_comments(tmp_path, monkeypatch):
    import griffe

    from sitebuild.docstrings import DocstringMarkup

    package = tmp_path / "tinypkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        '"""A package."""\n\n__all__ = ["LIMIT", "Model"]\n\n'
        "#: The largest value,\n#: in units.\nLIMIT = 3\n\n\n"
        "class Model:\n"
        '    r"""Energy :math:`E = -v^\\top W h`; see :meth:`fit`.\n\n'
        "    Notes\n    -----\n    .. math::\n\n        F(v) = -b^\\top v\n    \"\"\"\n\n"
        "    def fit(self):\n"
        '        """Train; then :class:`Model` is fitted."""\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = griffe.load("tinypkg", search_paths=[str(tmp_path)],
                         extensions=griffe.load_extensions(DocstringMarkup(package="tinypkg")))
    assert loaded["LIMIT"].docstring.value == "The largest value,\nin units."
    model = loaded["Model"].docstring.value
    assert "Energy $E = -v^\\top W h$; see [`fit`][tinypkg.Model.fit]." in model
    assert "$$\nF(v) = -b^\\top v\n$$" in model
    assert loaded["Model.fit"].docstring.value == "Train; then [`Model`][tinypkg.Model] is fitted."
