"""The page syntax for numbers, outputs and figures (sitebuild.markup), without a build."""

from dataclasses import dataclass, field

import pytest

from sitebuild.markup import NOT_RUN, Snippets, escape_includes, render


@dataclass
class FakeResult:
    values: dict
    stdout: str = ""
    figures: list = field(default_factory=list)


@pytest.fixture
def snippets():
    result = FakeResult(
        values={"final_cost": 0.012345, "norms": [0.5, 0.25], "steps": 40,
                "table": {"sigmoid": [0.1, 0.2, 0.3], "0": 7}, "name": "sigmoid"},
        stdout="step 1\nstep ``` 2\n",
        figures=["descent-path", "figure-2"],
    )
    return Snippets({"gradients/descent": "snippets/gradients/descent.py"},
                    {"gradients/descent": result})


def ok(text, snippets, page="gradients/index.md"):
    out, errors = render(text, page, snippets)
    assert errors == []
    return out


def problems(text, snippets, page="gradients/index.md"):
    out, errors = render(text, page, snippets)
    assert errors
    return "\n".join(errors)


@pytest.mark.parametrize(("placeholder", "shown"), [
    ("{{ gradients/descent.final_cost }}", "0.012345"),
    ("{{ gradients/descent.final_cost:.3f }}", "0.012"),
    ("{{gradients/descent.final_cost:.2e}}", "1.23e-02"),
    ("{{ gradients/descent.norms[0]:.1f }}", "0.5"),
    ("{{ gradients/descent.norms[-1] }}", "0.25"),
    ('{{ gradients/descent.table["sigmoid"][2]:.1%}}', "30.0%"),
    ("{{ gradients/descent.table['sigmoid'][0] }}", "0.1"),
    ("{{ gradients/descent.table[0] }}", "7"),
    ("{{ gradients/descent.steps:,d }}", "40"),
    ("{{ gradients/descent.name }}", "sigmoid"),
    ("{{ gradients/descent.norms }}", "[0.5, 0.25]"),
])
def test_numbers_in_prose(snippets, placeholder, shown):
    assert ok(f"Cost {placeholder} here.", snippets) == f"Cost {shown} here."


def test_numbers_in_math_headings_tables_and_lists(snippets):
    text = ("# After {{ gradients/descent.steps }} steps\n\n"
            "| a | b |\n|---|---|\n| {{ gradients/descent.steps }} | x |\n\n"
            "- $\\eta = {{ gradients/descent.norms[0] }}$\n")
    out = ok(text, snippets)
    assert "# After 40 steps" in out and "| 40 | x |" in out and "$\\eta = 0.5$" in out


def test_code_is_left_alone(snippets):
    text = ("Write `{{ gradients/descent.steps }}` or ``{{ x }}``.\n\n"
            "```markdown\n{{ gradients/descent.nope }}\n{{ output nowhere }}\n"
            "![a](fig:x/y/z \"c\")\n```\n\n"
            "    ~~~\n    {{ nope.nope }}\n    ~~~\n")
    assert ok(text, snippets) == text


@pytest.mark.parametrize(("placeholder", "expected"), [
    ("{{ gradients/descent.final_cots }}",
     "no top-level variable 'final_cots'"),
    ("{{ gradients/descent.final_cots }}",
     "Available: final_cost, norms, steps, table, name"),
    ("{{ gradients/descnt.final_cost }}",
     "there is no snippet snippets/gradients/descnt.py (snippets: gradients/descent)"),
    ("{{ gradients/descent.norms[2] }}", "index 2 is out of range for norms, of length 2"),
    ('{{ gradients/descent.table["tanh"] }}', "table has no key 'tanh'; keys: sigmoid, 0"),
    ("{{ gradients/descent.steps[0] }}", "steps is a int, not indexable"),
    ("{{ gradients/descent.norms:.2f }}", "norms is a list; index it"),
    ("{{ gradients/descent.name:.2f }}", "cannot format name = 'sigmoid' with '.2f'"),
    ("{{ descent }}", "expected {{ section/snippet.variable }}"),
    ("x {{ output gradients/descent }}", "must stand alone on its line"),
])
def test_bad_numbers_are_reported_with_page_line_and_placeholder(snippets, placeholder, expected):
    message = problems(f"Intro\n\nSee {placeholder}.", snippets)
    assert message.startswith("gradients/index.md, line 3: {{")
    assert expected in message


def test_variables_too_large_to_keep_are_explained(snippets):
    snippets.results["gradients/descent"].too_large = {"samples": "it holds more than 10 numbers"}
    message = problems("{{ gradients/descent.samples[0] }}", snippets)
    assert "leaves 'samples' out of the values pages can quote: it holds more than" in message


def test_output_block(snippets):
    out = ok("Before\n    {{ output gradients/descent }}\nAfter", snippets)
    # A fence longer than any backtick run in the output, indented like the line.
    assert out == ('Before\n    ````text title="Output of snippets/gradients/descent.py"\n'
                   "    step 1\n    step ``` 2\n    ````\nAfter")


def test_output_of_a_silent_snippet_is_an_error(snippets):
    snippets.results["gradients/descent"].stdout = ""
    assert "printed nothing" in problems("{{ output gradients/descent }}", snippets)


def test_figure(snippets):
    line = ('    ![Zigzag path](fig:gradients/descent/descent-path "Descent with '
            '$\\eta$ and {{ gradients/descent.steps }} \\"steps\\".")')
    out = ok(line, snippets, page="gradients/index.md")
    assert "    ![Zigzag path](../figures/gradients/descent/descent-path.svg)" in out
    assert "    /// figure-caption" in out
    assert '    Descent with $\\eta$ and 40 "steps".' in out
    assert ("    [Code: `snippets/gradients/descent.py`](../snippets/gradients/descent.py)"
            in out)


def test_figure_link_from_a_top_level_page(snippets):
    out = ok('![A](fig:gradients/descent/figure-2 "C")', snippets, page="notation.md")
    assert "![A](figures/gradients/descent/figure-2.svg)" in out


@pytest.mark.parametrize(("line", "expected"), [
    ('![Path](fig:gradients/descent/path "C")',
     "made no figure labelled 'path'; it made: descent-path, figure-2"),
    ('![](fig:gradients/descent/descent-path "C")', "needs alt text"),
    ("![Path](fig:gradients/descent/descent-path)", "needs a caption"),
    ('![Path](fig:gradients/descent/descent-path "")', "needs a caption"),
    ('![Path](fig:descent-path "C")', "expected fig:section/snippet/label"),
    ('See ![Path](fig:gradients/descent/descent-path "C") inline', "must stand alone"),
])
def test_bad_figures_are_reported(snippets, line, expected):
    assert expected in problems(line, snippets)


def test_execution_switched_off_shows_placeholders_but_still_checks_names():
    off = Snippets({"gradients/descent": "snippets/gradients/descent.py"}, None)
    out, errors = render("{{ gradients/descent.x:.2f }}\n\n{{ output gradients/descent }}\n"
                         '![A](fig:gradients/descent/p "C")', "index.md", off)
    assert errors == []
    assert out.startswith(NOT_RUN)
    assert "switched off" in out
    _, errors = render("{{ nowhere/else.x }}", "index.md", off)
    assert "there is no snippet snippets/nowhere/else.py" in errors[0]


def test_escape_includes_only_inside_fences():
    text = ('--8<-- "a.md"\n\n```python\n--8<-- "snippets/x.py:y"\n   -8<- "z"\n```\n'
            '````markdown\n```python\n--8<-- "s.py"\n```\n````\n')
    assert escape_includes(text) == (
        '--8<-- "a.md"\n\n```python\n;--8<-- "snippets/x.py:y"\n   ;-8<- "z"\n```\n'
        '````markdown\n```python\n;--8<-- "s.py"\n```\n````\n')


# -- malformed syntax and injection ---------------------------------------------------


@pytest.mark.parametrize(("text", "line", "said"), [
    ("Cost {{ gradients/descent.final_cost here.", 1, "opens no placeholder"),
    ("Intro\n\nCost {{ gradients/descent.final_cost\n:.3f }} here.", 3, "opens no placeholder"),
    ("Cost {{ gradients/descent.final_cost } here.", 1, "opens no placeholder"),
    ("![Path][p]\n\n[p]: fig:gradients/descent/descent-path", 3,
     "reference definition is never expanded"),
    ("See ![a path](fig:gradients/descent/descent-path) inline.", 1, "stand alone"),
])
def test_malformed_syntax_is_an_error_naming_page_and_line(snippets, text, line, said):
    message = problems(text, snippets)
    assert f"gradients/index.md, line {line}:" in message and said in message


def test_the_syntax_inside_code_is_left_alone(snippets):
    text = "Write `{{ x.y` or `[p]: fig:a/b/c`.\n\n```\n{{ open\n[p]: fig:a/b\n```"
    assert ok(text, snippets) == text


def test_string_values_are_text_not_html_or_markdown(snippets):
    snippets.results["gradients/descent"].values["name"] = (
        "<script>alert(1)</script> *bold* [link](http://x)")
    out = ok("Name: {{ gradients/descent.name }}.", snippets)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\*bold\\*" in out and "\\[link\\](http://x)" in out


def test_output_blocks_are_inert_to_includes(snippets):
    snippets.results["gradients/descent"].stdout = '--8<-- "mkdocs.yml"\n  ;--8<--\nend\n'
    out = ok("{{ output gradients/descent }}", snippets)
    assert ';--8<-- "mkdocs.yml"' in out and "  ;;--8<--" in out


def test_one_scanner_tells_prose_from_code_for_rendering_includes_and_downloads(snippets):
    from sitebuild import downloads
    from sitebuild.markup import CODE, FENCE, PROSE, scan

    page = (
        "Cost {{ gradients/descent.final_cost:.2f }}.\n"
        '!!! note\n\n    ```python\n    --8<-- "snippets/gradients/descent.py"\n    ```\n\n'
        "    Inside the note: {{ gradients/descent.steps }}.\n"
        "~~~markdown\n{{ shown.as_is }}\n```\n~~~\n"
    )
    kinds = [line.kind for line in scan(page)]
    assert kinds == [PROSE, PROSE, PROSE, FENCE, CODE, FENCE, PROSE, PROSE, FENCE, CODE, CODE,
                     FENCE, PROSE]
    out = ok(page, snippets)
    assert "Cost 0.01." in out and "Inside the note: 40." in out and "{{ shown.as_is }}" in out
    assert ';--8<-- "snippets/gradients/descent.py"' in escape_includes(page)
    assert "{{ shown.as_is }}" in escape_includes(page)
    assert downloads.snippets_used(page, snippets.sources) == ["gradients/descent"]
