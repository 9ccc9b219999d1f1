"""The ``json`` format spec of the page syntax, which ships data to interactive figures."""

import json
from types import SimpleNamespace

from sitebuild import markup


def _snippets(values, run=True):
    sources = {"after/grid": "snippets/after/grid.py"}
    results = {"after/grid": SimpleNamespace(values=values, stdout="", figures=[])}
    return markup.Snippets(sources=sources, results=results if run else None)


def _render(line, values, run=True):
    return markup.render(line, "after/index.md", _snippets(values, run))


def test_a_whole_dict_becomes_compact_json():
    grid = {"relu": {"10": [0.5, 1e-12, 3]}, "ok": True, "name": "a b"}
    text, errors = _render('<script type="application/json">{{ after/grid.grid:json }}</script>',
                           {"grid": grid})
    assert errors == []
    body = text.removeprefix('<script type="application/json">').removesuffix("</script>")
    assert " " not in body.replace("a b", "")
    assert json.loads(body) == grid


def test_indexing_then_json():
    text, errors = _render("{{ after/grid.grid['relu'][\"10\"]:json }}",
                           {"grid": {"relu": {"10": [1, 2]}}})
    assert (text, errors) == ("[1,2]", [])


def test_json_cannot_close_the_script_element():
    text, errors = _render("{{ after/grid.s:json }}", {"s": "</script><!-- & -->"})
    assert errors == []
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == "</script><!-- & -->"


def test_nan_is_an_error_naming_the_variable():
    _, errors = _render("{{ after/grid.grid:json }}", {"grid": [1.0, float("nan")]})
    assert len(errors) == 1 and "grid" in errors[0] and "NaN" in errors[0]


def test_without_execution_json_is_null():
    text, errors = _render("{{ after/grid.grid:json }}", {}, run=False)
    assert (text, errors) == ("null", [])


def test_other_specs_still_refuse_whole_lists():
    _, errors = _render("{{ after/grid.grid:.2f }}", {"grid": [1.0]})
    assert len(errors) == 1 and "index it" in errors[0]
