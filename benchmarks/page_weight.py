"""What each page of the built site weighs over the wire, gzipped.

A page's *own* weight is what a reader downloads for that page and no other:
its HTML (with whatever it inlines: styles, base64 images, the data of an
explorer) plus every local file it loads as content (``<img src>``,
``<source srcset>``, ``<object data>``, ``<embed src>``, ``<video poster>``).
The *shared assets* are what every page loads and the browser caches after the
first: stylesheets, scripts, icons, the fonts and images those stylesheets
point to, and the search index. They are counted once, in a table of their own.

Sizes are gzip at level 6 (the usual server default) of each file alone. The
target is that no page's own weight is above 200 KB gzipped.

Usage::

    python benchmarks/page_weight.py                    # build the guide into a temporary folder
    python benchmarks/page_weight.py --site /tmp/site   # a site built already
    python benchmarks/page_weight.py --site S --sort weight
"""

import argparse
import gzip
import html.parser
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
TARGET_KB = 200
COLUMNS = ["page", "html_kb", "figures", "figures_kb", "inline_data_kb", "own_kb"]
ASSET_COLUMNS = ["asset", "bytes_kb", "gzip_kb"]
#: The search worker fetches this on every page; it is not named in the HTML.
SEARCH_INDEX = "search/search_index.json"


def gz(data):
    """Bytes of ``data`` gzipped at level 6, with no timestamp."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class _Refs(html.parser.HTMLParser):
    """The local files a page loads, split into content and shared assets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.content, self.assets, self.inline_data = [], [], 0
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "embed", "iframe") and a.get("src"):
            self.content.append(a["src"])
        elif tag == "source" and (a.get("srcset") or a.get("src")):
            self.content.extend(_srcset(a.get("srcset") or a["src"]))
        elif tag == "object" and a.get("data"):
            self.content.append(a["data"])
        elif tag == "video" and a.get("poster"):
            self.content.append(a["poster"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href"):
            rel = set((a.get("rel") or "").lower().split())
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                self.assets.append(a["href"])
        if tag == "img" and a.get("srcset"):
            self.content.extend(_srcset(a["srcset"]))
        # Material's own settings (id __config) ride on every page; not the page's data.
        self._in_data = (tag == "script" and (a.get("type") or "").endswith("json")
                         and a.get("id") != "__config")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.inline_data += len(data.encode("utf-8"))


def _srcset(value):
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _local(site, page, url):
    """The file under ``site`` that ``url`` on ``page`` names, or None if it is not local."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = Path(os.path.normpath(target))
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file() or site not in target.parents:
        return None
    return target


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _css_refs(site, css, seen):
    """Files a stylesheet points to (fonts, images, imports), recursively."""
    for url in _CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(site, css, url)
        if target is not None and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_refs(site, target, seen)


def measure(site):
    """Own weight of every page and the shared assets of ``site``.

    Returns
    -------
    pages : list of dict
        One row per HTML page, keys :data:`COLUMNS` (sizes in KB of 1000 bytes).
    assets : list of dict
        One row per shared asset, keys :data:`ASSET_COLUMNS`.
    """
    site = Path(site).resolve()
    pages, shared = [], set()
    for page in sorted(site.rglob("*.html")):
        refs = _Refs()
        raw = page.read_bytes()
        refs.feed(raw.decode("utf-8", errors="replace"))
        figures = []
        for url in refs.content:
            target = _local(site, page, url)
            if target is not None and target not in figures:
                figures.append(target)
        for url in refs.assets:
            target = _local(site, page, url)
            if target is not None:
                shared.add(target)
        html_kb = gz(raw) / 1000
        figures_kb = sum(gz(f.read_bytes()) for f in figures) / 1000
        pages.append({
            "page": str(page.relative_to(site)),
            "html_kb": html_kb,
            "figures": len(figures),
            "figures_kb": figures_kb,
            "inline_data_kb": refs.inline_data / 1000,
            "own_kb": html_kb + figures_kb,
        })
    for css in [f for f in shared if f.suffix == ".css"]:
        _css_refs(site, css, shared)
    if (site / SEARCH_INDEX).is_file():
        shared.add(site / SEARCH_INDEX)
    assets = [{"asset": str(f.relative_to(site)), "bytes_kb": f.stat().st_size / 1000,
               "gzip_kb": gz(f.read_bytes()) / 1000}
              for f in sorted(shared)]
    return pages, assets


def table(rows, columns):
    """``rows`` as a Markdown table: text left, numbers right with one decimal."""
    def cell(v):
        return f"{v:.1f}" if isinstance(v, float) else str(v)

    cells = [[cell(r[c]) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [bool(rows) and not isinstance(rows[0][c], str) for c in columns]

    def line(values):
        return "| " + " | ".join(v.rjust(w) if n else v.ljust(w)
                                 for v, w, n in zip(values, widths, numeric, strict=True)) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if n else ("-" * (w + 2))
                          for w, n in zip(widths, numeric, strict=True)) + "|"
    return "\n".join([line(columns), rule] + [line(row) for row in cells])


def build(root, site):
    """Build the project at ``root`` into ``site`` (strict), reusing the snippet cache."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"mkdocs build failed:\n{done.stdout}{done.stderr}")


def report(site, sort="page"):
    pages, assets = measure(site)
    if sort == "weight":
        pages.sort(key=lambda r: -r["own_kb"])
    print(f"Own weight of each page, KB gzipped (inline_data: raw KB of JSON data in the page); "
          f"target: at most {TARGET_KB} KB\n")
    print(table(pages, COLUMNS))
    over = [r["page"] for r in pages if r["own_kb"] > TARGET_KB]
    heaviest = max(pages, key=lambda r: r["own_kb"]) if pages else None
    print()
    if heaviest:
        print(f"heaviest page: {heaviest['page']}, {heaviest['own_kb']:.1f} KB; "
              f"over {TARGET_KB} KB: {', '.join(over) if over else 'none'}")
    print("\nShared assets, loaded once and cached\n")
    print(table(assets, ASSET_COLUMNS))
    print(f"\nshared assets in all: {sum(a['gzip_kb'] for a in assets):.1f} KB gzipped "
          f"({sum(a['bytes_kb'] for a in assets):.1f} KB raw)")
    return pages, assets


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project to build (mkdocs.yml)")
    parser.add_argument("--sort", choices=["page", "weight"], default="page")
    args = parser.parse_args(argv)
    if args.site is not None:
        if not args.site.is_dir():
            sys.exit(f"no built site at {args.site}")
        return report(args.site, args.sort)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        build(args.root.resolve(), Path(tmp) / "site")
        return report(Path(tmp) / "site", args.sort)


if __name__ == "__main__":
    main()
