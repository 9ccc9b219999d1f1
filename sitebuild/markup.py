"""The page syntax that puts a snippet's numbers, output and figures on a page.

Three forms, applied to a page's Markdown before it is converted (text inside
fenced code blocks and inline code spans is left alone, so pages can show the
syntax itself):

``{{ gradients/descent.final_cost:.3f }}``
    A value the snippet ``snippets/gradients/descent.py`` left in a top-level
    variable, optionally indexed (``norms[0]``, ``table["sigmoid"][2]``) and
    formatted with a Python format spec after the colon.  The spec ``json``
    writes the value (a whole list or dict too) as compact JSON that is safe
    inside ``<script type="application/json">``, for interactive figures.

``{{ output gradients/descent }}``, alone on a line
    A fenced block holding everything the snippet printed.

``![Alt text](fig:gradients/descent/descent-path "Caption")``, alone on a line
    The figure labelled ``descent-path`` (``plt.figure("descent-path")`` or
    ``plt.subplots(num="descent-path")``), with its alt text, a numbered caption
    and a link to the snippet's source.

Everything here is plain text processing; :mod:`sitebuild.hooks` feeds it the
results of the runs and turns the errors it returns into a failed build.
"""

import html
import json
import posixpath
import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_OUTPUT = re.compile(r"^(?P<indent>[ \t]*)\{\{\s*output\s+(?P<name>[^\s{}]+)\s*\}\}\s*$")
_FIGURE = re.compile(
    r"^(?P<indent>[ \t]*)!\[(?P<alt>[^\]]*)\]\(fig:(?P<target>[^\s)\"]*)"
    r"(?:\s+\"(?P<caption>(?:[^\"\\]|\\.)*)\")?\s*\)\s*$"
)
_PLACEHOLDER = re.compile(r"\{\{(?P<body>.*?)\}\}")
_REFERENCE = re.compile(
    r"^\s*(?P<snippet>[\w/-]+)\.(?P<variable>[A-Za-z_]\w*)"
    r"(?P<indices>(?:\[\s*(?:-?\d+|\"[^\"]*\"|'[^']*')\s*\])*)"
    r"\s*(?::(?P<spec>.*))?$"
)
_INDEX = re.compile(r"\[\s*(?:(?P<int>-?\d+)|\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')\s*\]")
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?:.*?[^`])?(?P=ticks)(?!`)")

#: What a page shows in place of computed results when execution is switched off.
NOT_RUN = "…"


#: A line pymdownx.snippets would act on (an include, possibly escaped with ``;``).
_INCLUDE = re.compile(r"^(?P<indent>[ \t]*)(?P<scissors>;*-+8<-+)", re.M)
#: A reference-style definition pointing at a figure address: never expanded.
_FIGURE_REFERENCE = re.compile(r"^\s*\[[^\]]*\]:\s*<?fig:")
#: Characters of a string value that Markdown would interpret (emphasis, links,
#: code, math, tables); ``&``, ``<`` and ``>`` become HTML entities. Parentheses
#: stay: an escaped ``\(`` would open math for arithmatex.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")


def inert(text):
    """Make text that goes inside a fenced block inert to every extension.

    pymdownx.snippets runs before code blocks are set aside, so a line
    ``--8<-- "file"`` inside a fence would embed that file. A leading ``;``
    escapes it, and pymdownx removes exactly one, so the line shows as written.
    """
    return _INCLUDE.sub(r"\g<indent>;\g<scissors>", text)


def escape_text(text):
    """A string value as literal text in Markdown: no HTML, no emphasis, no links."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def escape_includes(markdown):
    """Escape ``--8<--`` include lines inside fenced code blocks.

    For a page that shows the include syntax instead of using it (the
    contributor guide): pymdownx.snippets reads ``;--8<--`` as a literal
    ``--8<--``.

    Parameters
    ----------
    markdown : str

    Returns
    -------
    str
    """
    return "\n".join(inert(line.text) if line.kind == CODE else line.text
                     for line in scan(markdown))


#: Kinds of line :func:`scan` tells apart.
PROSE, FENCE, CODE = "prose", "fence", "code"


@dataclass(frozen=True)
class Line:
    """One line of a page, as :func:`scan` sees it.

    Attributes
    ----------
    number : int
        From 1.
    text : str
    kind : str
        :data:`PROSE`, :data:`FENCE` (a line opening or closing a fenced
        block) or :data:`CODE` (a line inside one).
    """

    number: int
    text: str
    kind: str


def scan(markdown):
    """The lines of a page, each marked prose, fence or code.

    The one reader of the page syntax's structure: rendering, the escaping
    of includes and the Downloads boxes all go through it. Line-based, as
    Python-Markdown is: fences count at any indentation, since admonitions,
    tabs and lists nest them by indenting. (A CommonMark tokenizer such as
    markdown-it reads those indented bodies as indented code, so it cannot
    tell prose from code on these pages.)

    Yields
    ------
    Line
    """
    fence = None
    for number, text in enumerate(markdown.split("\n"), start=1):
        if fence is not None:
            if _closes(text, fence):
                fence = None
                yield Line(number, text, FENCE)
            else:
                yield Line(number, text, CODE)
            continue
        opened = _FENCE.match(text)
        if opened and not (opened["fence"][0] == "`" and "`" in opened["info"]):
            fence = opened["fence"]
            yield Line(number, text, FENCE)
        else:
            yield Line(number, text, PROSE)


def prose(text):
    """A prose line without its inline code spans (where pages show the syntax itself)."""
    return _outside_code(text, lambda part: part, code=lambda span: "")


def figure_uri(name, label):
    """Site path of figure ``label`` of snippet ``name``."""
    return f"figures/{name}/{label}.svg"


@dataclass
class Snippets:
    """What the page syntax can refer to.

    Attributes
    ----------
    sources : dict
        ``{name: rel}`` for every snippet: ``{"gradients/descent":
        "snippets/gradients/descent.py"}``. ``rel`` is also the snippet's path
        in the built site.
    results : dict or None
        ``{name: result}``, each result with ``values`` (dict), ``stdout`` (str)
        and ``figures`` (list of labels); None when execution is switched off.
    """

    sources: dict
    results: dict | None


def render(markdown, page, snippets):
    """Expand the numbers, outputs and figures on one page.

    Parameters
    ----------
    markdown : str
        The page's Markdown.
    page : str
        The page's path under ``docs/``, e.g. ``"gradients/index.md"``;
        links are made relative to it, and errors name it.
    snippets : Snippets

    Returns
    -------
    text : str
        Markdown with every placeholder replaced.
    errors : list of str
        One message per bad placeholder, each naming the page and the
        placeholder; empty when all went well.
    """
    out, errors = [], []
    for line in scan(markdown):
        if line.kind != PROSE:
            out.append(line.text)
            continue
        where = f"{page}, line {line.number}"
        try:
            out.append(_render_line(line.text, page, snippets, where, errors))
        except _SyntaxProblem as problem:
            errors.append(f"{where}: {problem}")
            out.append(line.text)
    return "\n".join(out), errors


class _SyntaxProblem(Exception):
    pass


def _render_line(line, page, snippets, where, errors):
    def expand(text):
        return _values(text, snippets, where, errors)

    if match := _OUTPUT.match(line):
        return _output(match, snippets)
    if match := _FIGURE.match(line):
        return _figure(match, page, snippets, expand)
    text = prose(line)
    if re.search(r"\]\(\s*<?fig:", text):
        raise _SyntaxProblem(
            f"{line.strip()!r}: a figure must stand alone on its line, as "
            '![Alt text](fig:section/snippet/label "Caption")'
        )
    if _FIGURE_REFERENCE.match(text):
        raise _SyntaxProblem(
            f"{line.strip()!r}: a fig: address in a reference definition is never expanded; "
            'write the figure inline, alone on its line: ![Alt text](fig:... "Caption")'
        )
    return _outside_code(line, expand)


def _closes(line, fence):
    stripped = line.strip()
    return (
        stripped.startswith(fence)
        and set(stripped) == {fence[0]}
        and len(stripped) >= len(fence)
    )


def _outside_code(line, replace, code=lambda span: span):
    """Apply ``replace`` to the parts of ``line`` outside inline code spans (``code`` to those)."""
    parts, position = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts.append(replace(line[position:span.start()]))
        parts.append(code(span.group()))
        position = span.end()
    parts.append(replace(line[position:]))
    return "".join(parts)


def _snippet(name, snippets, placeholder):
    if name not in snippets.sources:
        known = ", ".join(sorted(snippets.sources)) or "none"
        raise _SyntaxProblem(
            f"{placeholder}: there is no snippet snippets/{name}.py (snippets: {known})"
        )
    if snippets.results is None:
        return None
    if name not in snippets.results:
        raise _SyntaxProblem(f"{placeholder}: snippets/{name}.py failed; its error is below")
    return snippets.results[name]


def _values(text, snippets, where, errors):
    def substitute(match):
        placeholder = match.group()
        try:
            return _value(match["body"], placeholder, snippets)
        except _SyntaxProblem as problem:
            errors.append(f"{where}: {problem}")
            return placeholder

    # Every {{ must open a placeholder closed on the same line.
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest:
        start = rest.index("{{")
        errors.append(
            f"{where}: {rest[start:start + 40].strip()!r}: '{{{{' opens no placeholder: a "
            "placeholder is {{ section/snippet.variable }} with two closing braces, on one line"
        )
    return _PLACEHOLDER.sub(substitute, text)


def _value(body, placeholder, snippets):
    if body.strip().startswith("output "):
        raise _SyntaxProblem(f"{placeholder}: an output block must stand alone on its line")
    reference = _REFERENCE.match(body)
    if reference is None:
        raise _SyntaxProblem(
            f"{placeholder}: expected {{{{ section/snippet.variable }}}}, optionally with "
            "[index] and a format spec, e.g. {{ gradients/descent.final_cost:.3f }}"
        )
    result = _snippet(reference["snippet"], snippets, placeholder)
    as_json = (reference["spec"] or "").strip() == "json"
    if result is None:
        return "null" if as_json else NOT_RUN
    rel = snippets.sources[reference["snippet"]]
    variable = reference["variable"]
    too_large = getattr(result, "too_large", {})
    if variable in too_large:
        raise _SyntaxProblem(
            f"{placeholder}: {rel} leaves {variable!r} out of the values pages can quote: "
            f"{too_large[variable]}. Quote a summary of it instead (a mean, a few elements "
            "in a smaller variable)."
        )
    if variable not in result.values:
        known = ", ".join(result.values) or "none"
        raise _SyntaxProblem(
            f"{placeholder}: {rel} has no top-level variable {variable!r} that a page can "
            f"quote (numbers, strings, and lists, dicts and arrays of them). Available: {known}"
        )
    value, path = result.values[variable], variable
    for index in _INDEX.finditer(reference["indices"]):
        value, path = _index(value, index, path, placeholder), path + index.group()
    if as_json:
        return _json(value, path, placeholder)
    spec = reference["spec"] or ""
    spec = spec.rstrip()
    if isinstance(value, list | dict) and spec:
        raise _SyntaxProblem(
            f"{placeholder}: {path} is a {type(value).__name__}; index it to format one "
            f"element, e.g. {path}[0]"
        )
    try:
        text = format(value, spec)
    except (ValueError, TypeError) as exc:
        raise _SyntaxProblem(
            f"{placeholder}: cannot format {path} = {value!r} with {spec!r}: {exc}"
        ) from None
    # A string is text, never markup: a snippet cannot put HTML or links on a page.
    return escape_text(text) if isinstance(value, str) else text


def _json(value, path, placeholder):
    """Compact JSON that cannot end a ``<script>`` element or open an HTML comment."""
    try:
        text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise _SyntaxProblem(
            f"{placeholder}: {path} holds NaN or infinity, which JSON cannot represent"
        ) from None
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _index(value, index, path, placeholder):
    if index["int"] is not None:
        key = int(index["int"])
        if isinstance(value, list):
            if -len(value) <= key < len(value):
                return value[key]
            raise _SyntaxProblem(
                f"{placeholder}: index {key} is out of range for {path}, of length {len(value)}"
            )
        if isinstance(value, dict) and str(key) in value:
            return value[str(key)]
    else:
        key = index["dq"] if index["dq"] is not None else index["sq"]
        if isinstance(value, dict) and key in value:
            return value[key]
    if isinstance(value, dict):
        raise _SyntaxProblem(
            f"{placeholder}: {path} has no key {key!r}; keys: {', '.join(value)}"
        )
    raise _SyntaxProblem(f"{placeholder}: {path} is a {type(value).__name__}, not indexable")


def _output(match, snippets):
    indent, name = match["indent"], match["name"]
    placeholder = match.group().strip()
    result = _snippet(name, snippets, placeholder)
    rel = snippets.sources[name]
    text = "(snippet execution is switched off)" if result is None else result.stdout.rstrip()
    if not text:
        raise _SyntaxProblem(f"{placeholder}: {rel} printed nothing")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [f'{fence}text title="Output of {rel}"', *inert(text).split("\n"), fence]
    return "\n".join(indent + line if line else line for line in lines)


def _figure(match, page, snippets, expand):
    indent, alt, target = match["indent"], expand(match["alt"].strip()), match["target"]
    caption = match["caption"]
    placeholder = match.group().strip()
    if "/" not in target:
        raise _SyntaxProblem(
            f"{placeholder}: expected fig:section/snippet/label, e.g. "
            "fig:gradients/descent/descent-path"
        )
    name, label = target.rsplit("/", 1)
    if not alt:
        raise _SyntaxProblem(
            f"{placeholder}: the figure needs alt text that says what it shows, "
            "for readers who cannot see it: ![Alt text](fig:...)"
        )
    if caption is None or not caption.strip():
        raise _SyntaxProblem(
            f'{placeholder}: the figure needs a caption: ![Alt text](fig:{target} "Caption")'
        )
    # Only \" is an escape here: every other backslash belongs to TeX.
    caption = expand(caption.strip().replace('\\"', '"'))
    result = _snippet(name, snippets, placeholder)
    rel = snippets.sources[name]
    source_link = posixpath.relpath(rel, posixpath.dirname(page) or ".")
    code = f"[Code: `{rel}`]({source_link}){{ .snippet-source }}"
    if result is None:
        lines = [f"*Figure {target} is not drawn: snippet execution is switched off.*"]
    else:
        if label not in result.figures:
            made = ", ".join(result.figures) or "no figures"
            raise _SyntaxProblem(
                f"{placeholder}: {rel} made no figure labelled {label!r}; it made: {made}"
            )
        link = posixpath.relpath(figure_uri(name, label), posixpath.dirname(page) or ".")
        lines = [f"![{alt}]({link})"]
    lines += [
        "",
        "/// figure-caption",
        "    attrs: {class: snippet-figure}",
        caption,
        "",
        code,
        "///",
    ]
    return "\n".join(["", *(indent + line if line else line for line in lines), ""])
