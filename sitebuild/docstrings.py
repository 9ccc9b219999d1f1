r"""gradlib's reStructuredText docstring markup, as Markdown for the API reference.

gradlib's docstrings are numpydoc, written to read well in ``help()`` and in
an editor: formulas as ``:math:`...``` and ``.. math::`` blocks, references
as ``:class:`Network```. mkdocstrings renders docstrings as Markdown, where
those roles mean nothing. :class:`DocstringMarkup`, a Griffe extension named
in the mkdocstrings settings of ``mkdocs.yml``, rewrites them while Griffe
reads the sources, so the docstrings themselves stay as they are:

- ``:math:`x``` becomes ``$x$`` and a ``.. math::`` block becomes ``$$ ... $$``,
  which arithmatex marks up and the build turns into MathML like any formula
  of the guide (:mod:`sitebuild.mathml`);
- ``:class:``, ``:func:``, ``:meth:``, ``:attr:``, ``:mod:`` become links to
  the reference entry when the name is public (in ``gradlib.__all__``, a
  member of such a name, or a ``gradlib`` module), and code otherwise;
- a module attribute without a docstring takes the ``#:`` comment above it,
  as Sphinx does.
"""

import importlib
import re
import textwrap

import griffe

_MATH_ROLE = re.compile(r":math:`([^`]+)`")
# A ``.. math::`` line and the lines after it that are blank or indented deeper.
_MATH_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)\.\. math::[ \t]*\n(?P<body>(?:[ \t]*\n|(?P=indent)[ \t]+\S.*\n?)+)",
    re.MULTILINE,
)
_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc):`(~?)([^`]+)`")


def rst_to_markdown(text, package="gradlib", scope=None):
    r"""Rewrite a docstring's reST math and cross-reference roles as Markdown.

    Parameters
    ----------
    text : str
        The docstring.
    package : str
        The package whose public names get links.
    scope : str, optional
        Public name of the class the docstring belongs to (``"Network"``), for
        a bare ``:meth:`backward```.

    Returns
    -------
    str

    Examples
    --------
    >>> rst_to_markdown(r"The slope :math:`\sigma'(z)`, see :class:`Network`.")
    "The slope $\\sigma'(z)$, see [`Network`][gradlib.Network]."
    """

    def block(match):
        body = textwrap.dedent(match["body"]).strip("\n")
        indent = match["indent"]
        lines = [f"{indent}$$", *(f"{indent}{line}" if line else "" for line in body.split("\n")),
                 f"{indent}$$"]
        return "\n".join(lines) + "\n\n"

    text = _MATH_BLOCK.sub(block, text)
    text = _MATH_ROLE.sub(lambda m: f"${m[1].strip()}$", text)
    return _ROLE.sub(lambda m: _reference(m[2], package, scope, short=bool(m[1])), text)


def _reference(name, package, scope, short):
    target = _public_path(name, package, scope)
    label = name.rpartition(".")[2] if short else name  # reST's ~ shows the last part
    return f"[`{label}`][{target}]" if target else f"`{label}`"


def _public_path(name, package, scope):
    """Path of the reference entry for ``name``, or None if it has none."""
    module = importlib.import_module(package)
    public = set(getattr(module, "__all__", ()))
    parts = name.split(".")
    if parts[0] == package:
        parts = parts[1:]
        if len(parts) == 1 and _is_module(f"{package}.{parts[0]}"):
            return f"{package}.{parts[0]}"
        if len(parts) >= 2 and _is_module(f"{package}.{parts[0]}"):
            parts = parts[1:]  # gradlib.network.Network -> Network
    if not parts:
        return None
    if parts[0] not in public and scope and len(parts) == 1:
        parts = [scope, parts[0]]  # a method of the class being documented
    if parts[0] not in public:
        return None
    obj = getattr(module, parts[0])
    for part in parts[1:]:
        if part.startswith("_") or not hasattr(obj, part):
            return None
        obj = getattr(obj, part)
    return ".".join([package, *parts])


def _is_module(name):
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _comment_docstring(obj):
    """The ``#:`` comment lines just above a module attribute (Sphinx's convention)."""
    if obj.parent is None or not obj.parent.is_module or not obj.lineno:
        return ""
    lines = obj.parent.lines
    found = []
    index = min(obj.lineno - 2, len(lines) - 1)
    while index >= 0 and lines[index].lstrip().startswith("#:"):
        found.insert(0, lines[index].lstrip()[2:].strip())
        index -= 1
    return "\n".join(found)


class DocstringMarkup(griffe.Extension):
    """Griffe extension: reST math and roles in docstrings become Markdown."""

    def __init__(self, package="gradlib"):
        super().__init__()
        self.package = package

    def on_instance(self, *, node, obj, agent, **kwargs):
        """Rewrite the docstring of every object of the package that Griffe reads."""
        package = obj.path.split(".")[0]
        if package != self.package:
            return
        if obj.docstring is None and obj.is_attribute:
            text = _comment_docstring(obj)
            if text:
                obj.docstring = griffe.Docstring(text, lineno=obj.lineno, parent=obj)
        if obj.docstring is None:
            return
        scope = None
        parent = obj if obj.is_class else obj.parent
        if parent is not None and parent.is_class:
            scope = parent.name
        obj.docstring.value = rst_to_markdown(obj.docstring.value, package, scope)
