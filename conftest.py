"""Project-wide pytest setup: page code blocks run as the reader sees them.

``pytest --codeblocks docs/`` (and plain ``pytest``, whose options include
``--codeblocks``) expands each page's snippet includes before running its
Python blocks: see :mod:`sitebuild.codeblocks`.
"""

pytest_plugins = ["sitebuild.codeblocks"]
