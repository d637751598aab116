"""Printed-sheet speed on the demo district: prints figures, asserts nothing.

    .venv/bin/python benchmarks/sheets.py

Measures, in a scratch copy of content/: a cold build (empty sheet cache) on
one worker and on all cores, a build with nothing changed, and a rebuild after
one notice changes. Each build prints the website's sheets into output/ and
the bulletin board's into print/; a sheet counts once per distinct PDF. Wall-clock time of whole builds (pages included), so the
figures are what a secretary waits for.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from generator.build import BuildOptions, BuildResult, build  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
NOTICE = "chenghu-yuan/notices/tingshui-tongzhi.md"


def timed(options: BuildOptions) -> tuple[float, BuildResult]:
    start = time.perf_counter()
    result = build(options)
    elapsed = time.perf_counter() - start
    assert result.written, [d.format() for d in result.diagnostics.errors]
    return elapsed, result


def printed(result: BuildResult) -> int:
    """Sheets printed anew for the website and for the bulletin board (one that shows no more than the
    website's is the same PDF, printed once)."""
    return result.sheets_rendered + result.board_printed


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(PROJECT / "content", root / "content")

        def options(cache: str, workers: int, pdfs: bool = True) -> BuildOptions:
            return BuildOptions(root / "content", root / "output", build_date=date(2026, 11, 25), root=root,
                                cache=root / cache, workers=workers, pdfs=pdfs, print_output=root / "print")

        cores = os.cpu_count() or 1
        pages_only, result = timed(options("unused", cores, pdfs=False))
        pages = result.files
        one, result = timed(options("cache-1", 1))
        sheets = printed(result)  # the website's, and the bulletin board's that show more
        distinct = {p.read_bytes(): p for folder in ("output", "print") for p in (root / folder).rglob("*.pdf")
                    if p.name != "board-pack.pdf"}
        printed_pages = sum(len(PdfReader(p).pages) for p in distinct.values())
        cold, _ = timed(options("cache-n", cores))
        warm, warm_result = timed(options("cache-n", cores))
        notice = root / "content" / NOTICE
        notice.write_text(notice.read_text(encoding="utf-8").replace("停水", "停水（改期）", 1), encoding="utf-8")
        changed, changed_result = timed(options("cache-n", cores))

    rows = [
        ("site without sheets", f"{pages_only:.2f} s", f"{pages} files"),
        ("cold, 1 worker", f"{one:.2f} s", f"{(one - pages_only) / sheets * 1000:.0f} ms per sheet, "
         f"{(one - pages_only) / printed_pages * 1000:.0f} ms per printed page"),
        (f"cold, {cores} workers", f"{cold:.2f} s", f"{(cold - pages_only) / sheets * 1000:.0f} ms per sheet"),
        ("nothing changed", f"{warm:.2f} s", f"{printed(warm_result)} sheets printed anew"),
        ("one notice changed", f"{changed:.2f} s", f"{printed(changed_result)} sheet printed anew"),
    ]
    print(f"demo district: {sheets} sheets ({printed_pages} A4 pages), {cores} cores")
    for name, seconds, note in rows:
        print(f"{name:<22} {seconds:>8}   {note}")


if __name__ == "__main__":
    main()
