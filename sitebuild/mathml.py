r"""TeX to MathML at build time, so pages show formulas with no script and no network.

Pages write ``$...$`` and ``$$...$$``; ``pymdownx.arithmatex`` (generic mode)
wraps them as ``<span class="arithmatex">\(...\)</span>`` and
``<div class="arithmatex">\[...\]</div>``, and :func:`convert_html` turns those
into ``<math>`` elements, which browsers render natively. It also converts bare
``$...$``, ``$$...$$``, ``\(...\)`` and ``\[...\]`` in any other HTML (a
notebook's Markdown cells, say) when asked to.

latex2mathml does the conversion; :func:`tex_to_mathml` smooths over what it
gets wrong for the formulas of this guide (alignment environments, operator
names, spacing after functions). The MathML looks like LaTeX once the page uses
an OpenType math font: :func:`find_math_font` looks for Latin Modern Math on the
build machine and :func:`font_css` makes the stylesheet that serves it.
"""

import glob
import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

from latex2mathml.converter import convert as _latex2mathml

#: Well-known places of Latin Modern Math (the OpenType math font of the
#: Latin Modern family, GUST Font License), checked in order.
FONT_PATHS = (
    "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf",  # Debian fonts-lmodern
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/lm-math/latinmodern-math.otf",
    "/usr/share/fonts/latin-modern-math/latinmodern-math.otf",  # Fedora
    "/usr/share/fonts/OTF/latinmodern-math.otf",  # Arch
    "/usr/local/texlive/*/texmf-dist/fonts/opentype/public/lm-math/latinmodern-math.otf",
    "/Library/TeX/Root/texmf-dist/fonts/opentype/public/lm-math/latinmodern-math.otf",  # MacTeX
    "~/Library/Fonts/latinmodern-math.otf",
    "/Library/Fonts/latinmodern-math.otf",
)

#: Font families for ``<math>``, best first; the last resort is the browser's own.
FONT_STACK = '"Latin Modern Math", "STIX Two Math", "Cambria Math", math'


class MathError(ValueError):
    """A formula that could not be converted; the message quotes it."""


def tex_to_mathml(tex, display=False):
    r"""Convert one formula to a ``<math>`` element.

    Parameters
    ----------
    tex : str
        The formula without delimiters, e.g. ``r"\frac{\partial C}{\partial w}"``.
    display : bool
        Display (block) math rather than inline math.

    Returns
    -------
    str
        A ``<math>`` element with the TeX kept in its ``alttext``.

    Raises
    ------
    MathError
        If latex2mathml cannot parse the formula.
    """
    source = _prepare_tex(tex)
    try:
        mathml = _latex2mathml(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many unrelated types
        raise MathError(f"cannot convert ${tex}$ to MathML: {type(exc).__name__}: {exc}") from None
    _check(mathml, tex)
    mathml = _polish_mathml(mathml)
    alttext = html.escape(" ".join(tex.split()), quote=True)
    return mathml.replace("<math ", f'<math alttext="{alttext}" ', 1)


#: Elements with a fixed number of children (base and scripts, numerator and
#: denominator...).
_ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2,
          "munderover": 3, "mroot": 2}


def _check(mathml, tex):
    r"""Raise MathError where latex2mathml silently produced nonsense.

    It keeps unknown commands as text (``\nosuchcommand`` shows up verbatim)
    and builds a fraction with one part from ``\frac{1}``.
    """
    root = ElementTree.fromstring(mathml)
    for element in root.iter():
        name = element.tag.rpartition("}")[2]
        if name in _ARITY and len(element) != _ARITY[name]:
            raise MathError(f"${tex}$: incomplete {name} (a missing argument or script?)")
        if element.text and "\\" in element.text:
            raise MathError(f"${tex}$: unknown command {element.text.strip()}")


# -- TeX before conversion -----------------------------------------------------

_ENVIRONMENT_ALIASES = {
    # latex2mathml turns aligned/gathered into a run of cells joined by line
    # breaks; its align*/gather* make the real tables that align.
    "aligned": "align*",
    "align": "align*",
    "alignat": "align*",
    "alignedat": "align*",
    "gathered": "gather*",
    "gather": "gather*",
    "equation": "",
    "equation*": "",
}
_ENVIRONMENT = re.compile(r"\\(begin|end)\{(\w+\*?)\}(\{\d+\})?")


def _prepare_tex(tex):
    def alias(match):
        name = match[2]
        if name not in _ENVIRONMENT_ALIASES:
            return match.group()
        target = _ENVIRONMENT_ALIASES[name]
        return f"\\{match[1]}{{{target}}}" if target else ""

    tex = _ENVIRONMENT.sub(alias, tex)
    # \tag and \label mean nothing without numbered equations.
    tex = re.sub(r"\\(?:tag|label)\{[^}]*\}", "", tex)
    # latex2mathml drops \mathrm on a single letter, which then shows in
    # italics (the d of dC/dw); text is upright.
    tex = re.sub(r"\\mathrm\{([A-Za-z]+)\}", r"\\text{\1}", tex)
    # TeX leaves a thin space between a function name and a plain argument
    # (ln a, tanh z), and between a closing bracket or a letter and a function
    # name that follows it; latex2mathml runs them together.
    tex = _FUNCTION_ARGUMENT.sub(r"\\\1\\,", tex)
    tex = _FUNCTION_AFTER.sub(r"\\,\\\1", tex)
    # A bare \lvert or \lVert becomes a stretchy fence that grows to the
    # height of everything else on the line; as \left...\right it only
    # encloses what it encloses.
    for opening, closing in (("lvert", "rvert"), ("lVert", "rVert")):
        opened = re.findall(rf"(?<!\\left)\\{opening}\b", tex)
        if opened and len(opened) == len(re.findall(rf"(?<!\\right)\\{closing}\b", tex)):
            tex = re.sub(rf"(?<!\\left)\\{opening}\b", rf"\\left\\{opening}", tex)
            tex = re.sub(rf"(?<!\\right)\\{closing}\b", rf"\\right\\{closing}", tex)
    return tex.strip()


_FUNCTIONS = "ln|log|exp|tanh|sinh|cosh|tan|sin|cos|det|sgn"
_FUNCTION_ARGUMENT = re.compile(
    rf"\\({_FUNCTIONS})\b"
    r"(?=\s*(?:[A-Za-z0-9]|\\(?!left|right|big|Big|,|;|!|quad)[A-Za-z]))"
)
_FUNCTION_AFTER = re.compile(rf"(?<=[\w)\]}}])\s*\\({_FUNCTIONS})\b")


# -- MathML after conversion ---------------------------------------------------

#: Characters of closing brackets: an operator after them is binary, not a sign.
_CLOSING = ("&#x00029;", "&#x0005D;", "&#x0007D;", "&#x0007C;", "&#x02016;", ")", "]", "|")


def _polish_mathml(mathml):
    # Chromium's MathML Core ignores columnalign; say it in CSS instead.
    mathml = re.sub(
        r'<mtd columnalign="(left|right|center)">',
        r'<mtd style="text-align: \1">',
        mathml,
    )
    # Tables of align* line up at "&" with no gap; other tables (matrices,
    # cases) keep the browser's cell padding.
    mathml = mathml.replace('<mtable displaystyle="true" rowspacing="3pt"',
                            '<mtable class="tex-align" displaystyle="true" rowspacing="3pt"')
    # Upper-case Greek is upright in TeX (Delta C), but a one-letter <mi> is italic.
    mathml = re.sub(r"<mi>(&#x003(?:9[1-9A-Fa-f]|[Aa][0-9]);)</mi>",
                    r'<mi mathvariant="normal">\1</mi>', mathml)
    # TeX's \sim, which latex2mathml leaves as an ASCII tilde.
    mathml = mathml.replace("<mi>&#x0007E;</mi>", "<mo>&#x0223C;</mo>")
    # The partial-derivative sign is a letter-like symbol in TeX, not an
    # operator with space around it.
    mathml = mathml.replace("<mo>&#x02202;</mo>", '<mi mathvariant="normal">&#x02202;</mi>')
    # Big operators (sums, products, integrals): the browser's default spacing
    # leaves a wide gap after them, before the summand or the next sum.
    mathml = re.sub(r"<mo>(&#x02211;|&#x0220F;|&#x0222B;)</mo>",
                    r'<mo lspace="0.1667em" rspace="0">\1</mo>', mathml)
    # A slash between fractions' parts is an ordinary symbol in TeX: no spaces.
    mathml = mathml.replace("<mo>&#x0002F;</mo>", '<mo lspace="0" rspace="0">&#x0002F;</mo>')
    # sigma': a prime set as a superscript sits far too high, since the prime
    # glyph is already a superscript; TeX sets it right after its base.
    mathml = re.sub(
        r"<msup>(<mi>[^<]*</mi>)(?:<mrow>)?((?:<mi>&#x0203[2-4];</mi>)+)(?:</mrow>)?</msup>",
        r"<mrow>\1\2</mrow>",
        mathml,
    )
    # A minus or plus sign with nothing before it (start of a row, or after
    # another operator or an opening bracket) is a sign, set tight to what
    # follows; as an infix operator it would get the spacing of a binary minus.
    return re.sub(
        r"(<mrow>|<math[^>]*>|<mtd[^>]*>|<mo[^>]*>([^<]*)</mo>)<mo>(&#x02212;|&#x0002B;)</mo>",
        _sign,
        mathml,
    )


def _sign(match):
    before, operator = match[1], match[3]
    if match[2] is not None and match[2] in _CLOSING:
        return match.group()
    return f'{before}<mo form="prefix">{operator}</mo>'


# -- HTML ----------------------------------------------------------------------

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>",
    re.DOTALL,
)
_SKIP_ELEMENTS = ("code", "pre", "script", "style", "math", "textarea", "svg")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")
_DELIMITED = re.compile(
    r"\$\$(?P<dd>.+?)\$\$|\\\[(?P<sb>.+?)\\\]|\\\((?P<sp>.+?)\\\)"
    r"|(?<![\\$\w])\$(?P<d>[^\s$](?:[^$]*?[^\s\\$])?)\$(?![\w$])",
    re.DOTALL,
)


def convert_html(text, *, delimiters=False):
    r"""Replace the TeX in an HTML fragment with MathML.

    Parameters
    ----------
    text : str
        HTML, e.g. a page body after Markdown conversion.
    delimiters : bool
        Also convert TeX written with bare delimiters in text (``$...$``,
        ``$$...$$``, ``\(...\)``, ``\[...\]``), outside ``code``, ``pre``,
        ``script`` and ``style``: for HTML that did not pass through arithmatex,
        such as notebook cells.

    Returns
    -------
    html : str
    errors : list of str
        One message per formula that could not be converted (left as TeX).
    """
    errors = []

    def arithmatex(match):
        tex = html.unescape(match["inline"] if match["inline"] is not None else match["block"])
        display = match["block"] is not None
        try:
            mathml = tex_to_mathml(tex, display=display)
        except MathError as exc:
            errors.append(str(exc))
            return match.group()
        return f'<{match["tag"]} class="arithmatex">{mathml}</{match["tag"]}>'

    text = _ARITHMATEX.sub(arithmatex, text)
    if delimiters:
        text = _convert_delimited(text, errors)
    return text, errors


_INLINE = re.compile(r"\\\((.+?)\\\)", re.DOTALL)


def convert_text(text):
    r"""Replace inline formulas ``\(...\)`` in an HTML-escaped text with MathML.

    For text that arithmatex left with bare delimiters: the titles of a page's
    table of contents, taken from headings that hold math.

    Parameters
    ----------
    text : str

    Returns
    -------
    text : str
    errors : list of str
    """
    errors = []

    def formula(match):
        try:
            return tex_to_mathml(html.unescape(match[1]))
        except MathError as exc:
            errors.append(str(exc))
            return match.group()

    return _INLINE.sub(formula, text), errors


def _convert_delimited(text, errors):
    def formula(match):
        inline = match["d"] if match["d"] is not None else match["sp"]
        tex = html.unescape(inline if inline is not None else (match["dd"] or match["sb"]))
        try:
            mathml = tex_to_mathml(tex, display=inline is None)
        except MathError as exc:
            errors.append(str(exc))
            return match.group()
        if inline is None:
            return f'<div class="arithmatex">{mathml}</div>'
        return f'<span class="arithmatex">{mathml}</span>'

    parts, position, skipping = [], 0, []
    for tag in _TAG.finditer(text):
        chunk = text[position:tag.start()]
        parts.append(chunk if skipping else _DELIMITED.sub(formula, chunk))
        parts.append(tag.group())
        position = tag.end()
        closing, name = tag[1] == "/", tag[2].lower()
        if name in _SKIP_ELEMENTS and not tag.group().endswith("/>"):
            if closing and skipping and skipping[-1] == name:
                skipping.pop()
            elif not closing:
                skipping.append(name)
    rest = text[position:]
    parts.append(rest if skipping else _DELIMITED.sub(formula, rest))
    return "".join(parts)


# -- The math font -------------------------------------------------------------


def find_math_font():
    """Path of Latin Modern Math on this machine, or None.

    ``$GUIDE_MATH_FONT`` wins when set; then the well-known paths in
    :data:`FONT_PATHS`; then fontconfig (``fc-list``), if installed.
    """
    candidates = [os.environ.get("GUIDE_MATH_FONT", "")]
    for pattern in FONT_PATHS:
        candidates += sorted(glob.glob(os.path.expanduser(pattern)), reverse=True)
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(
                ["fc-list", ":family=Latin Modern Math", "file"],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in listed.splitlines():
            path = Path(line.strip().rstrip(":"))
            if path.is_file():
                return path
    return None


def font_css(font_url=None):
    """The stylesheet that sets the math font.

    Parameters
    ----------
    font_url : str, optional
        URL of the font file relative to the stylesheet; without it the
        reader's installed math fonts are used.

    Returns
    -------
    str
    """
    sources = ['local("Latin Modern Math")', 'local("LatinModernMath-Regular")']
    if font_url:
        sources.append(f'url("{font_url}") format("opentype")')
    return (
        "/* Generated by the docs build: the font for MathML formulas. */\n"
        "@font-face {\n"
        '  font-family: "Latin Modern Math";\n'
        f"  src: {', '.join(sources)};\n"
        "  font-display: swap;\n"
        "}\n"
        f"math {{ font-family: {FONT_STACK}; }}\n"
    )
