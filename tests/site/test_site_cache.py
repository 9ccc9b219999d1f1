"""Cache keys and entries (sitebuild.cache), on temporary copies of the project's inputs."""

import shutil

import pytest
from sitetools import ROOT

from sitebuild.cache import Cache, environment_digest, snippet_key


@pytest.fixture
def project(tmp_path):
    """A copy of the real library, plot style and a data file."""
    shutil.copytree(ROOT / "gradlib", tmp_path / "gradlib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "matplotlibrc", tmp_path / "matplotlibrc")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("a,b\n1,2\n")
    return tmp_path


def keys(project, sources):
    environment = environment_digest(project)
    return {name: snippet_key(environment, name, source) for name, source in sources.items()}


SOURCES = {"snippets/a/one.py": b"print(1)\n", "snippets/a/two.py": b"print(2)\n"}


def test_keys_are_stable(project):
    assert keys(project, SOURCES) == keys(project, SOURCES)
    assert len(set(keys(project, SOURCES).values())) == 2


@pytest.mark.parametrize("change", [
    lambda p: (p / "gradlib" / "network.py").write_text(
        (p / "gradlib" / "network.py").read_text() + "\n# an edit\n"),
    lambda p: (p / "gradlib" / "new_module.py").write_text("X = 1\n"),
    lambda p: (p / "gradlib" / "network.py").unlink(),
    lambda p: (p / "matplotlibrc").write_text("lines.linewidth: 3\n"),
    lambda p: (p / "data" / "table.csv").write_text("a,b\n1,3\n"),
])
def test_any_shared_input_invalidates_every_key(project, change):
    before = keys(project, SOURCES)
    change(project)
    after = keys(project, SOURCES)
    assert all(before[name] != after[name] for name in SOURCES)


def test_bytecode_does_not_count(project):
    before = keys(project, SOURCES)
    (project / "gradlib" / "__pycache__").mkdir(exist_ok=True)
    (project / "gradlib" / "__pycache__" / "network.cpython-311.pyc").write_bytes(b"\0")
    assert keys(project, SOURCES) == before


def test_editing_one_snippet_changes_only_its_key(project):
    before = keys(project, SOURCES)
    after = keys(project, {**SOURCES, "snippets/a/two.py": b"print(22)\n"})
    assert after["snippets/a/one.py"] == before["snippets/a/one.py"]
    assert after["snippets/a/two.py"] != before["snippets/a/two.py"]


def test_versions_count(project, monkeypatch):
    import sitebuild.cache as cache

    before = environment_digest(project)
    real = cache.importlib.metadata.version
    monkeypatch.setattr(cache.importlib.metadata, "version",
                        lambda name: "0.0" if name == "numpy" else real(name))
    assert environment_digest(project) != before


def test_entries_appear_whole_or_not_at_all(tmp_path):
    store = Cache(tmp_path / "cache")
    assert store.entry("k") is None
    workspace = store.new_workspace()
    (workspace / "values.json").write_text("{}")
    assert store.entry("k") is None  # still a workspace
    entry = store.commit(workspace, "k", {"seconds": 1.0, "figures": []})
    assert entry == store.entry("k") == tmp_path / "cache" / "k"
    assert not workspace.exists()
    # A second run with the same key (another build) leaves the first entry.
    again = store.new_workspace()
    assert store.commit(again, "k", {"seconds": 2.0, "figures": []}) == entry
    assert not again.exists()


def test_timings_round_trip(tmp_path):
    store = Cache(tmp_path / "cache")
    assert store.read_timings() == {}
    store.write_timings({"b": 2.0, "a": 1.0})
    assert store.read_timings() == {"a": 1.0, "b": 2.0}
