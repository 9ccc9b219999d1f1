"""Faults injected into real ``mkdocs build`` and ``mkdocs serve`` runs on tiny projects:
malformed page syntax, values that carry HTML or include lines, a broken
snippet under ``mkdocs serve``, and ``--dirty``."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from sitetools import PAGE, PLOT, build, make_project

INJECTING = '''\
"""Values and output that look like markup."""

name = "<script>alert(1)</script> *bold*"
print('--8<-- "mkdocs.yml"')
print("<b>not bold</b>")
'''


def test_values_and_output_cannot_inject_html_or_include_files(tmp_path):
    page = "# Inject\n\nName: {{ demo/inject.name }}.\n\n{{ output demo/inject }}\n"
    project = make_project(tmp_path / "p", pages={"index.md": page},
                           snippets={"demo/inject.py": INJECTING})
    done = build(project)
    assert done.returncode == 0, done.log
    html = (done.site / "index.html").read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<em>bold</em>" not in html and "*bold*" in html
    assert "site_name" not in html  # mkdocs.yml was not embedded
    assert "--8&lt;-- &quot;mkdocs.yml&quot;" in html or '--8&lt;-- "mkdocs.yml"' in html
    assert "<b>not bold</b>" not in html


def test_malformed_syntax_fails_the_build_naming_page_and_line(tmp_path):
    page = PAGE + "\nA broken {{ demo/plot.fitted\n\n![Fit][f]\n\n[f]: fig:demo/plot/fit\n"
    project = make_project(tmp_path / "p", pages={"index.md": page})
    done = build(project)
    assert done.returncode != 0
    lines = page.split("\n")
    broken = lines.index("A broken {{ demo/plot.fitted") + 1
    reference = lines.index("[f]: fig:demo/plot/fit") + 1
    assert f"index.md, line {broken}:" in done.log and "opens no placeholder" in done.log
    assert f"index.md, line {reference}:" in done.log and "never expanded" in done.log


def test_dirty_builds_are_refused_with_a_reason(tiny):
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(tiny / "mkdocs.yml")],
        cwd=tiny, capture_output=True, text=True, check=False,
        env={**os.environ, "GUIDE_CACHE_DIR": str(tiny / "cache")})
    assert done.returncode != 0
    assert "--dirty is not supported" in done.stdout + done.stderr


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_serve_shows_an_error_page_for_a_broken_snippet_and_recovers(tmp_path):
    broken = PLOT + "\nraise RuntimeError('broken on purpose')\n"
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": broken},
                           pages={"index.md": PAGE, "other.md": "# Other\n\nFine.\n"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(tmp_path / "c")}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
         str(project / "mkdocs.yml")],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline:
            try:
                status, html = fetch(url)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert status == 200
        assert "snippets/demo/plot.py" in html and "RuntimeError: broken on purpose" in html
        assert "Fine." in fetch(url + "other/")[1]
        (project / "snippets/demo/plot.py").write_text(PLOT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, html = fetch(url)
            if "The fitted slope is 2.62" in html:
                break
            time.sleep(1)
        assert "The fitted slope is 2.62" in html and "broken on purpose" not in html
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_subprocess_writing_into_the_project_fails_the_build_naming_the_file(tmp_path):
    sneaky = PLOT + '\nimport subprocess\nsubprocess.run(["sh", "-c", "echo x > docs/extra.md"])\n'
    project = make_project(tmp_path / "p", snippets={"demo/plot.py": sneaky})
    done = build(project)
    assert done.returncode != 0
    assert "changed while the snippets and notebooks ran: docs/extra.md" in done.log
