"""Running snippets (sitebuild.runner, sitebuild.execute, sitebuild.values) without MkDocs."""

import json
import textwrap

import numpy as np
import pytest

from sitebuild import jobs, runner
from sitebuild.cache import Cache, environment_digest
from sitebuild.values import MAX_ELEMENTS, MAX_TOTAL, collect


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run(root, timeout=30, refresh=False):
    snippets = jobs.discover(root)
    return runner.run(snippets, root, Cache(root / "cache"), environment_digest(root),
                               processes=2, timeout=timeout, refresh=refresh)


def test_discover_skips_helpers(tmp_path):
    write(tmp_path, {"snippets/a/one.py": "", "snippets/a/_helper.py": "",
                     "snippets/_private/two.py": "", "snippets/b/three.py": ""})
    assert [s.name for s in jobs.discover(tmp_path)] == ["a/one", "b/three"]
    assert jobs.discover(tmp_path)[0].rel == "snippets/a/one.py"


def test_a_run_keeps_output_values_and_figures(tmp_path):
    write(tmp_path, {"snippets/a/one.py": """
        import matplotlib.pyplot as plt
        import numpy as np
        import os
        import sys
        hash_seed = os.environ.get("PYTHONHASHSEED")
        backend = plt.get_backend().lower()
        cwd = os.getcwd()
        argv0 = sys.argv[0]
        _hidden = 1
        norms = np.array([1.0, 0.5])
        print("hello")
        plt.figure("first")
        plt.subplots(num="second")
        plt.figure()
        plt.show()
    """})
    results, failures = run(tmp_path)
    assert failures == []
    result = results["a/one"]
    assert result.stdout == "hello\n"
    assert result.figures == ["first", "second", "figure-3"]
    assert all(result.figure_path(label).is_file() for label in result.figures)
    assert result.values["norms"] == [1.0, 0.5]
    assert result.values["hash_seed"] == "0"
    assert result.values["backend"] == "agg"
    assert result.values["cwd"] == str(tmp_path.resolve())
    assert result.values["argv0"].endswith("snippets/a/one.py")
    assert "_hidden" not in result.values and "np" not in result.values


def test_failures_name_the_snippet_line_and_exception(tmp_path):
    write(tmp_path, {
        "snippets/a/raises.py": """
            def inner():
                return 1 / 0

            inner()
        """,
        "snippets/a/syntax.py": "x = (\n",
        "snippets/a/exits.py": "import sys\nsys.exit(3)\n",
        "snippets/a/label.py": 'import matplotlib.pyplot as plt\nplt.figure("a b")\n',
        "snippets/a/fine.py": "import sys\nprint('ok')\nsys.exit(0)\n",
    })
    results, failures = run(tmp_path)
    assert list(results) == ["a/fine"]
    by_name = {f.job.name: f for f in failures}
    raises = by_name["a/raises"]
    assert (raises.type, raises.line, raises.source_line) == (
        "ZeroDivisionError", 3, "return 1 / 0")
    assert raises.describe().startswith(
        "snippets/a/raises.py, line 3: ZeroDivisionError: division by zero")
    assert "sitebuild" not in raises.traceback and "runpy" not in raises.traceback
    assert (by_name["a/syntax"].type, by_name["a/syntax"].line) == ("SyntaxError", 1)
    assert by_name["a/exits"].message == "exit status 3"
    assert "cannot name a file" in by_name["a/label"].message
    error = str(jobs.JobError(failures))
    assert error.startswith("4 snippets failed:")
    assert all(f.job.kind == jobs.SNIPPET for f in failures)


def test_time_limit_interrupts_with_the_line(tmp_path):
    write(tmp_path, {"snippets/a/slow.py": "import time\nwhile True:\n    time.sleep(0.05)\n"})
    results, failures = run(tmp_path, timeout=1)
    assert results == {}
    assert failures[0].type == "SnippetTimeout"
    assert failures[0].line == 3
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("tmp-")]


def test_cached_results_are_reused_and_library_edits_are_seen(tmp_path):
    write(tmp_path, {"gradlib/__init__.py": "VERSION = 1\n",
                     "snippets/a/uses.py": "import gradlib\nversion = gradlib.VERSION\n"})
    results, _ = run(tmp_path)
    assert results["a/uses"].values["version"] == 1 and not results["a/uses"].cached
    results, _ = run(tmp_path)
    assert results["a/uses"].cached
    # The worker processes do not keep the library imported: an edit shows.
    (tmp_path / "gradlib/__init__.py").write_text("VERSION = 2\n")
    results, _ = run(tmp_path)
    assert results["a/uses"].values["version"] == 2 and not results["a/uses"].cached
    assert not (tmp_path / "gradlib" / "__pycache__").exists()


def test_values_keep_plain_data_only():
    values, too_large = collect({
        "n": np.int64(3), "x": np.float32(0.5), "ok": np.bool_(True), "s": "text",
        "a": np.arange(3), "m": np.eye(2), "t": (1, 2.5), "d": {"k": [1, 2], 3: "three"},
        "big": np.zeros(MAX_ELEMENTS + 1), "long": "x" * 5000, "obj": object(),
        "f": len, "np": np, "cls": int, "_private": 1, "mixed": [1, object()],
        "strings": np.array(["a"]), "c": 1 + 2j,
    })
    assert values == {"n": 3, "x": 0.5, "ok": True, "s": "text", "a": [0, 1, 2],
                      "m": [[1.0, 0.0], [0.0, 1.0]], "t": [1, 2.5],
                      "d": {"k": [1, 2], "3": "three"}}
    assert json.loads(json.dumps(values)) == values
    assert too_large == {"big": f"it holds more than {MAX_ELEMENTS} numbers"}


def test_values_of_one_snippet_stay_small_in_all():
    arrays = {f"a{i}": np.zeros(MAX_ELEMENTS) for i in range(MAX_TOTAL // MAX_ELEMENTS + 2)}
    values, too_large = collect({**arrays, "last": 1.5})
    assert len(values) == MAX_TOTAL // MAX_ELEMENTS + 1  # the last scalar still fits
    assert values["last"] == 1.5
    assert list(too_large) == [f"a{i}" for i in range(MAX_TOTAL // MAX_ELEMENTS, len(arrays))]


@pytest.mark.parametrize(("given", "expected"), [
    ({"GUIDE_EXECUTE": "0"}, {"execute": False}),
    ({"GUIDE_EXECUTE": "yes", "GUIDE_REFRESH": "1"}, {"execute": True, "refresh": True}),
    ({"GUIDE_TIMEOUT": "2.5", "GUIDE_JOBS": "3"}, {"timeout": 2.5, "jobs": 3}),
])
def test_settings_from_the_environment(tmp_path, given, expected):
    from sitebuild.settings import Settings

    settings = Settings.from_config(tmp_path / "mkdocs.yml", {"timeout": 60}, given)
    for name, value in expected.items():
        assert getattr(settings, name) == value
    assert settings.cache == tmp_path / ".cache" / "snippets"


@pytest.mark.parametrize(("extra", "message"), [
    ({"timeot": 3}, r"unknown setting\(s\) timeot"),
    ({"execute": "maybe"}, "execute must be true or false"),
    ({"timeout": 0}, "timeout must be at least"),
    ({"jobs": "many"}, "jobs must be a whole number"),
])
def test_bad_settings_are_explained(tmp_path, extra, message):
    from sitebuild.settings import Settings

    with pytest.raises(ValueError, match=message):
        Settings.from_config(tmp_path / "mkdocs.yml", extra, {})
