"""The libraries noticeboard is built on, with nothing else around them, as run.py's floor.

    python benchmarks/libraries_alone.py SOURCE OUTPUT

Each Markdown page in SOURCE (front matter between --- lines, as Hugo reads it)
has its front matter read with PyYAML's libyaml loader, its text converted by
python-markdown with the extensions noticeboard enables (none of its own processors),
and is laid out with one Jinja2
template into OUTPUT, in one process per core. No validation, no screening for
phone or identity-card numbers, no lists, feeds or verification codes: what
noticeboard does beyond this is the rest of its time.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import markdown
import yaml
from markupsafe import Markup

PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>{{ body }}</body></html>")


def build_pages(sources: list[Path], output: Path) -> None:
    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    for source in sources:
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        title = yaml.load(front, Loader=yaml.CSafeLoader)["title"]
        html = Markup(converter.reset().convert(body))
        (output / f"{source.stem}.html").write_text(PAGE.render(title=title, body=html), encoding="utf-8")


def main(source: Path, output: Path) -> None:
    pages = sorted(source.glob("*.md"))
    output.mkdir(parents=True, exist_ok=True)
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        for finished in [pool.submit(build_pages, pages[n::workers], output) for n in range(workers)]:
            finished.result()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
