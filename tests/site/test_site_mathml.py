"""TeX to MathML at build time (sitebuild.mathml), without a build.

How the formulas look was judged by screenshots in Chromium; these tests pin
the MathML shapes that made them look right.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from sitebuild.mathml import (
    MathError,
    convert_html,
    convert_text,
    find_math_font,
    font_css,
    tex_to_mathml,
)

NS = "{http://www.w3.org/1998/Math/MathML}"


def tree(mathml):
    return ET.fromstring(mathml)


def tags(mathml):
    return [element.tag.removeprefix(NS) for element in tree(mathml).iter()]


@pytest.mark.parametrize("tex", [
    r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
    r"\delta^L = \nabla_a C \odot \sigma'(z^L)",
    r"\delta^l = \left( (w^{l+1})^\top \delta^{l+1} \right) \odot \sigma'(z^l)",
    r"C = -\frac{1}{n} \sum_x \sum_j \left[ y_j \ln a_j + (1 - y_j) \ln(1 - a_j) \right]",
    r"\begin{aligned} z^l &= w^l a^{l-1} + b^l \\ a^l &= \sigma(z^l) \end{aligned}",
    r"W = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}, \quad x \in \mathbb{R}^n",
    r"\lVert \nabla C \rVert^2 = \sum_{j=1}^{n} \left( \frac{\partial C}{\partial w_j} \right)^2",
    r"f(z) = \begin{cases} z & z > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"W \sim U\left[-\sqrt{\frac{6}{n_j + n_{j+1}}}, \sqrt{\frac{6}{n_j + n_{j+1}}}\right]",
])
def test_formulas_of_the_guide_convert_to_wellformed_mathml(tex):
    for display in (False, True):
        mathml = tex_to_mathml(tex, display=display)
        root = tree(mathml)
        assert root.get("display") == ("block" if display else "inline")
        assert root.get("alttext") == " ".join(tex.split())


def test_aligned_equations_become_an_aligned_table():
    mathml = tex_to_mathml(r"\begin{aligned} z &= w a + b \\ a &= \sigma(z) \end{aligned}",
                           display=True)
    table = tree(mathml).find(f".//{NS}mtable")
    assert table is not None and table.get("class") == "tex-align"
    rows = table.findall(f"{NS}mtr")
    assert len(rows) == 2
    assert [cell.get("style") for cell in rows[0]] == ["text-align: right", "text-align: left"]
    assert "<mi>&amp;</mi>" not in mathml


def test_prime_sits_right_after_its_base():
    mathml = tex_to_mathml(r"\sigma'(z)")
    assert "<msup>" not in mathml
    assert "<mi>&#x003C3;</mi><mi>&#x02032;</mi>" in mathml


def test_upright_capital_greek_and_partial_sign():
    mathml = tex_to_mathml(r"\Delta C = \partial C")
    assert '<mi mathvariant="normal">&#x00394;</mi>' in mathml
    assert '<mi mathvariant="normal">&#x02202;</mi>' in mathml


@pytest.mark.parametrize(("tex", "prefix_signs"), [
    ("-x", 1), ("a = -b", 1), ("(-x)", 1), ("e^{-z}", 1), ("a - b", 0), ("(a) - b", 0),
    (r"\left[-x\right]", 1),
])
def test_signs_are_prefix_operators_and_binary_minus_is_not(tex, prefix_signs):
    assert tex_to_mathml(tex).count('form="prefix">&#x02212;') == prefix_signs


def test_bars_and_norms_enclose_only_their_contents():
    mathml = tex_to_mathml(r"\lvert 1 - \eta k \rvert < \frac{1}{2} \lVert x \rVert")
    fences = re.findall(r'<mo stretchy="true" fence="true" form="(prefix|postfix)">', mathml)
    assert fences == ["prefix", "postfix", "prefix", "postfix"]


def test_function_names_get_thin_spaces():
    mathml = tex_to_mathml(r"y \ln a + \tanh z + \ln(x)")
    assert mathml.count('<mspace width="0.167em" />') == 3


def test_upright_d_of_derivatives():
    assert "<mtext>d</mtext>" in tex_to_mathml(r"\frac{\mathrm{d}C}{\mathrm{d}w}")


@pytest.mark.parametrize(("tex", "expected"), [
    (r"x^", "MissingSuperScriptOrSubscriptError"),
    (r"\left( x", "ExtraLeftOrMissingRightError"),
    (r"\nosuchcommand x", r"unknown command \\nosuchcommand"),
    (r"\frac{1}", "incomplete mfrac"),
])
def test_bad_tex_raises_with_the_formula(tex, expected):
    with pytest.raises(MathError, match=expected):
        tex_to_mathml(tex)


def test_convert_html_replaces_arithmatex_output():
    html = ('<p>Cost <span class="arithmatex">\\(a &lt; b\\)</span></p>\n'
            '<div class="arithmatex">\\[\n\\sum_i x_i\n\\]</div>')
    out, errors = convert_html(html)
    assert errors == []
    assert "\\(" not in out and "\\[" not in out
    assert out.count("<math") == 2
    assert '<span class="arithmatex"><math alttext="a &lt; b"' in out
    assert 'display="block"' in out


def test_convert_html_reports_bad_formulas_and_keeps_them():
    html = '<span class="arithmatex">\\(\\nosuchcommand\\)</span>'
    out, errors = convert_html(html)
    assert out == html
    assert len(errors) == 1 and "nosuchcommand" in errors[0]


def test_convert_text_for_table_of_contents_titles():
    out, errors = convert_text("The slope \\(\\sigma&#x27;(z)\\) and \\(x^\\)")
    assert out.startswith('The slope <math alttext="\\sigma&#x27;(z)"')
    assert out.endswith("and \\(x^\\)")
    assert len(errors) == 1


def test_convert_html_with_bare_delimiters_skips_code():
    html = ("<p>Let $x^2$ and $$\\frac{1}{2}$$ cost $5 or $6.</p>"
            "<pre><code>$not math$</code></pre><p>\\(y\\) and \\[z\\]</p>")
    out, errors = convert_html(html, delimiters=True)
    assert errors == []
    assert out.count("<math") == 4
    assert "<code>$not math$</code>" in out
    assert "cost $5 or $6." in out


def test_font_css_with_and_without_a_font_file():
    with_file = font_css("latinmodern-math.otf")
    assert 'url("latinmodern-math.otf") format("opentype")' in with_file
    assert "math { font-family:" in with_file
    without = font_css()
    assert "url(" not in without and 'local("Latin Modern Math")' in without


def test_font_is_found_where_the_environment_says(tmp_path, monkeypatch):
    font = tmp_path / "my-math.otf"
    font.write_bytes(b"OTTO")
    monkeypatch.setenv("GUIDE_MATH_FONT", str(font))
    assert find_math_font() == font
