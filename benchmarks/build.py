"""How long the site takes to build, and what running the snippets costs.

Measures, in one run and side by side:

- **floor**: ``mkdocs build`` with snippet execution switched off
  (``GUIDE_EXECUTE=0``): the cost of MkDocs, the theme and the pages alone;
- **cold**: a build with an empty snippet cache (a fresh temporary folder);
- **warm**: the same build again, every snippet result now cached;
- **one by one**: every snippet run alone, one after the other, each in a
  fresh ``python snippets/<section>/<name>.py`` process with the Agg backend,
  as a learner would run them; and every lab notebook under ``docs/``, which
  the build runs too, executed alone with ``jupyter nbconvert --execute``;
- **serve loop**: under ``mkdocs serve`` on a copy of the project (warm
  cache), the time from saving an edit to one snippet to the server
  reloading the browsers with the rebuilt pages, against that snippet's own
  run time in the same rebuild (target: at most the snippet's time plus the
  floor build).

and prints ``warm / floor`` (target at most 1.3: the cache costs little) and
``cold / one by one`` (target at most 0.65: parallel runs and shared imports pay
off). Builds go to temporary folders; the project's own ``.cache`` and
``site`` are not touched.

Usage::

    python benchmarks/build.py                 # the guide itself
    python benchmarks/build.py --repeat 1      # one floor and one warm build, not 3
    python benchmarks/build.py --root PATH     # another project with the same layout
    python benchmarks/build.py --serve-only    # only the serve loop
"""

import argparse
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_WARM = 1.3
TARGET_COLD = 0.65


def build(root, site, env):
    """Seconds taken by one strict ``mkdocs build``, and its log."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(site)],
        cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"mkdocs build failed ({env}):\n{done.stdout}{done.stderr}")
    return seconds, done.stdout + done.stderr


def run_alone(root, script):
    """Seconds taken by ``python <script>`` from the project root, with Agg."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(script)], cwd=root,
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"},
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{script} failed:\n{done.stderr}")
    return seconds


def run_notebook_alone(root, notebook, out):
    """Seconds taken to execute ``notebook`` from top to bottom in a fresh kernel."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--output-dir", str(out), str(notebook)],
        cwd=root, env={**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"},
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{notebook} failed:\n{done.stderr}")
    return seconds


def serve_loop(root, cache, tmp, snippet="gradients/descent", repeat=3):
    """Seconds from saving ``snippet`` to the rebuilt site under ``mkdocs serve``.

    Runs on a copy of the project (the edits never touch ``root``), with the
    cache given. Returns ``[(loop seconds, snippet seconds), ...]``, one per edit.
    """
    copy = tmp / "serve-project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
        ".git", "site", ".cache", "__pycache__", "*.pyc"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f",
         str(copy / "mkdocs.yml")],
        cwd=copy, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_REFRESH": "0",
                       "GUIDE_EXECUTE": "1", **cache},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line))
                                     for line in server.stdout], daemon=True).start()

    def wait_for(pattern, timeout=600):
        deadline = time.perf_counter() + timeout
        seen = []
        while time.perf_counter() < deadline:
            try:
                when, line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if re.search(pattern, line):
                return when, seen
        server.kill()
        sys.exit(f"mkdocs serve never logged {pattern!r}:\n{''.join(seen[-40:])}")

    path = copy / "snippets" / f"{snippet}.py"
    original = path.read_text()
    loops = []
    try:
        wait_for(r"Serving on")
        for n in range(repeat):
            time.sleep(2)  # let the watcher settle
            path.write_text(original + f"\nbenchmark_edit = {n}\n")
            saved = time.perf_counter()
            reloaded, seen = wait_for(r"Reloading browsers")
            ran = [float(m[1]) for line in seen
                   if (m := re.search(rf"done \({re.escape(snippet)}, ([\d.]+) s\)", line))]
            loops.append((reloaded - saved, ran[-1] if ran else float("nan")))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return loops


def notebooks(root):
    """The lab notebooks the build runs (checkpoints excluded)."""
    return sorted(p for p in (root / "docs").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def snippets(root):
    """The snippet files the build runs (names starting with _ are helpers)."""
    base = root / "snippets"
    return sorted(
        p for p in base.rglob("*.py")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(base).parts)
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (mkdocs.yml)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="floor and warm builds to take the fastest of (default 3)")
    parser.add_argument("--serve-snippet", default="gradients/descent",
                        help="snippet edited for the serve loop (default gradients/descent)")
    parser.add_argument("--serve-only", action="store_true",
                        help="measure the floor build and the serve loop only")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "snippets" / f"{args.serve_snippet}.py").is_file():
        # Another project: edit its first snippet.
        first = snippets(root)[0].relative_to(root / "snippets").with_suffix("")
        args.serve_snippet = first.as_posix()
    if args.serve_only:
        return serve_only(root, args)

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="build-benchmark-") as tmp:
        tmp = Path(tmp)
        cache = {"GUIDE_CACHE_DIR": str(tmp / "cache"), "GUIDE_REFRESH": "0"}
        floor = min(build(root, tmp / "site", {"GUIDE_EXECUTE": "0"})[0]
                    for _ in range(args.repeat))
        cold, log = build(root, tmp / "site", {**cache, "GUIDE_EXECUTE": "1"})
        warm = min(build(root, tmp / "site", {**cache, "GUIDE_EXECUTE": "1"})[0]
                   for _ in range(args.repeat))
        engine = re.search(r"(\d+) snippets in ([\d.]+) s", log)
        loops = serve_loop(root, cache, tmp, args.serve_snippet, args.repeat)
        scripts = snippets(root)
        alone = {script: run_alone(root, script) for script in scripts}
        alone |= {lab: run_notebook_alone(root, lab, tmp / "executed") for lab in notebooks(root)}
    total = sum(alone.values())
    load_after = os.getloadavg()[0]

    width = max([len("snippet")] + [len(str(s.relative_to(root))) for s in alone])
    print(f"{'snippet':<{width}}  seconds alone")
    for script, seconds in alone.items():
        print(f"{str(script.relative_to(root)):<{width}}  {seconds:13.2f}")
    print()
    print(f"cores: {len(os.sched_getaffinity(0))}, snippets: {len(scripts)}, "
          f"notebooks: {len(alone) - len(scripts)}, floor and warm: fastest of {args.repeat}")
    # Other work on the machine skews the comparison: say how busy it was.
    print(f"load average: {load_before:.1f} at the start, {load_after:.1f} at the end")
    print(f"floor build (execution off)  {floor:8.2f} s")
    inside = f"  (running snippets: {float(engine[2]):.2f} s of it)" if engine else ""
    print(f"cold build (empty cache)     {cold:8.2f} s{inside}")
    print(f"warm build (all cached)      {warm:8.2f} s")
    print(f"one by one (snippets, labs)  {total:8.2f} s")
    print()
    warm_ratio, cold_ratio = warm / floor, cold / total if total else float("nan")
    print(f"warm / floor       = {warm_ratio:.2f}  (target <= {TARGET_WARM})"
          f"  {'ok' if warm_ratio <= TARGET_WARM else 'MISSED'}")
    print(f"cold / one by one  = {cold_ratio:.2f}  (target <= {TARGET_COLD})"
          f"  {'ok' if cold_ratio <= TARGET_COLD else 'MISSED'}")
    if engine:
        print(f"snippet phase of the cold build / one by one = "
              f"{float(engine[2]) / total:.2f}")
    report_serve(loops, floor, args.serve_snippet)
    slowest = sorted(alone.items(), key=lambda item: -item[1])[:5]
    print("slowest five alone: " + ", ".join(
        f"{script.relative_to(root).with_suffix('').as_posix().removeprefix('snippets/')} "
        f"{seconds:.1f} s" for script, seconds in slowest))


def report_serve(loops, floor, snippet):
    """Print the serve loop's times against its target."""
    best = min(loops)
    target = best[1] + floor
    print(f"serve loop ({snippet}): save to reload {best[0]:.2f} s (fastest of "
          f"{len(loops)}: {', '.join(f'{loop:.2f}' for loop, _ in loops)}), "
          f"snippet {best[1]:.2f} s; target <= snippet + floor = {target:.2f} s"
          f"  {'ok' if best[0] <= target else 'MISSED'}")


def serve_only(root, args):
    """The floor build and the serve loop, without the long measurements."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="build-benchmark-") as tmp:
        tmp = Path(tmp)
        cache = {"GUIDE_CACHE_DIR": os.environ.get("GUIDE_CACHE_DIR", str(tmp / "cache"))}
        floor = min(build(root, tmp / "site", {"GUIDE_EXECUTE": "0"})[0]
                    for _ in range(args.repeat))
        build(root, tmp / "site", {**cache, "GUIDE_EXECUTE": "1", "GUIDE_REFRESH": "0"})
        loops = serve_loop(root, cache, tmp, args.serve_snippet, args.repeat)
    print(f"load average: {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(f"floor build (execution off)  {floor:8.2f} s")
    report_serve(loops, floor, args.serve_snippet)


if __name__ == "__main__":
    main()
