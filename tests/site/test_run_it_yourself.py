"""The run-it-yourself page: its commands are the README's and name files that exist.

Its shell blocks run under ``pytest --codeblocks`` (see sitebuild/codeblocks.py);
the ones that cannot run in a test (clone, install, start a server) are
checked here instead, as far as they can be. The build log it quotes is
compared with a real one in test_site_labs.py.
"""

import re

from sitetools import ROOT

PAGE = ROOT / "docs" / "run-it-yourself.md"


def blocks(text, info):
    """The contents of the fenced blocks opened with ```` ```info ````."""
    return re.findall(rf"^```{info}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def commands(text):
    """Every command of every shell block, comments removed."""
    return [line.split("#")[0].strip() for block in blocks(text, "sh")
            for line in block.splitlines() if line.split("#")[0].strip()]


def test_the_install_commands_are_the_readmes():
    readme = commands((ROOT / "README.md").read_text(encoding="utf-8"))
    page = commands(PAGE.read_text(encoding="utf-8"))
    installs = [c for part in readme for c in part.split("&&")
                if c.strip().startswith("pip install")]
    assert installs
    for command in installs:
        assert command.strip() in page, command


def test_every_file_a_command_names_exists():
    named = [word for command in commands(PAGE.read_text(encoding="utf-8"))
             for word in command.split() if re.search(r"\.(py|ipynb|md)$", word)]
    assert "snippets/training/cost_surface.py" in named
    assert "docs/labs/backprop-from-scratch.ipynb" in named
    for path in named:
        assert (ROOT / path).is_file(), path


def test_the_edit_it_suggests_fits_the_snippet():
    text = PAGE.read_text(encoding="utf-8")
    (edited,) = blocks(text, "python")
    assert edited.strip() == "x, y = 1.0, 1.0"
    source = (ROOT / "snippets" / "training" / "cost_surface.py").read_text(encoding="utf-8")
    assert "\nx, y = 1.0, 0.0\n" in source


def test_the_links_it_gives_are_to_pages_that_exist():
    text = PAGE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+\.md)", text):
        if target != "contributing.md":  # made from CONTRIBUTING.md by the build
            assert (PAGE.parent / target).is_file(), target
    assert (ROOT / "CONTRIBUTING.md").is_file()
