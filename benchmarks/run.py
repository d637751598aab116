"""Build speed and memory of noticeboard on synthetic districts, against Pelican, MkDocs and Hugo.

    .venv/bin/python benchmarks/run.py [--sizes 10,100,250] [--pdf-sample 2] [--seed 1] [--work DIR]

For each size N, make_district.py writes a district of N compounds into
DIR/N/ (by default benchmarks/.work/N/, gitignored; replaced by the next run; the district and
noticeboard's output stay there afterwards, each competitor's folder is
deleted at the end of the run). Every build runs as its own process; its time is
wall-clock, its CPU time is user plus system time, and its peak memory is its
maximum resident set size, as the kernel reports them to os.wait4() (the same
figures as /usr/bin/time -v, for that process and any it waited for, worker
processes included). CPU time is the work done on all cores together; on a
shared machine it moves from run to run too.
Prints one plain table per size.

noticeboard (`python -m generator build --no-pdf --date 2026-11-25`):
  - pages: the .html files in the output;
  - cold: into an empty output folder, with an empty cache;
  - nothing changed: the same build again;
  - one notice edited: after appending a sentence to one notice's body;
  - one notice edited, in a running process: the same edit and build inside
    one Python process that built before, as `noticeboard serve` rebuilds
    (no interpreter start, imports or template loading; no peak memory);
  - each of these is timed three times (each cold build into new folders,
    each edit appending once more) and the median shown, as the disk stalls
    now and then and the machine's CPU is shared;
  - ms per page for each (build time / pages);
  - PDF sheets of K sample compounds (`noticeboard pdf COMPOUND --cache DIR`
    into a scratch output and print folder): cold cache, then warm cache, in
    ms per sheet. The sheets counted are the different PDFs among the
    website's and the bulletin board's (a board sheet that shows nothing
    more than the website's is the same PDF, printed once).
    Only a sample, because printing every sheet of 250 compounds takes hours.
    A `pdf` run loads only site.yaml and its compound; the "printing only"
    row is (cold - warm) / sheets, the next row the same per A4 page
    printed (a sheet is a document: a notice, a quarter, a vote... of one
    or more pages), and the last the CPU time of printing per A4 page: on
    one core, printing an A4 page would take about that long.

Competitors, each built cold into an empty output folder from the same number
of plain Markdown pages as noticeboard's .html files, made of the district's
notice texts (title and Markdown body of each notice, taken in turn until the
count is reached), with default settings, default theme and no plugins:
  - Pelican: one article per page, its compound as category; settings: only
    site name, time zone and language;
  - MkDocs: `plugins: []` (no search index) and an explicit flat `nav:` that
    lists every page. The default theme prints the whole nav on every page,
    so a flat nav is as quadratic as the default one: at 1000 pages both took
    13 ms/page and wrote 206 MB; at 2000, 19 ms/page and 784 MB; at 4702,
    43 ms/page (a nav of one entry: 3.3 ms/page, 14 MB at 1000 pages). Hence
    --mkdocs-max-pages (default 5000): above it MkDocs is skipped, as at N=250
    (11752 pages), where it would take about 20 minutes and 27 GB;
  - Hugo: two one-line layouts (Hugo has no default theme), default config.
    Hugo and noticeboard both build on all cores;
  - python-markdown + PyYAML + Jinja2 alone (benchmarks/libraries_alone.py, with
    this Python): the pages as Hugo reads them, each read, converted and laid out
    with one template, on all cores, and nothing else: the least time a generator
    built on noticeboard's libraries could take on these pages.
Each of the first three is skipped, with a message, when it is not installed. `bash scripts/benchmark.sh`
installs them all (Pelican and MkDocs into benchmarks/.venv, apart from the
project's, as Pelican pins an older Pygments; Hugo from Debian) and runs this
script with the same arguments; run directly, it looks for Pelican and MkDocs
in benchmarks/.venv, else beside itself (--competitors-python chooses).

Two things this machine does would otherwise distort the figures, so the run sets them aside:
  - Files are not deleted while anything is measured. On an ext4 disk without a journal (as here: no
    entry in /proc/fs/jbd2), the kernel will not reuse an inode freed in the last minute or so, and
    it scans past each one when it allocates: creating the 6,000 files of a 100-compound site right
    after deleting the last run's took 7 s of system time instead of 1.2. So folders done with
    (the last run's, each competitor's once measured) are moved into DIR/.trash,
    which is emptied once everything is measured; a run that starts within SETTLE seconds of
    that waits out the rest.
  - noticeboard's own modules are compiled to bytecode first, as a user's first run writes it.
    Without it (PYTHONDONTWRITEBYTECODE is set here) every CLI build would compile the modules
    changed since their .pyc was last written.

Run time on the 2-core development machine (AMD EPYC): the default 10,100,250
took 4 minutes on 2026-11-28 (0.4 for N=10, 2.2 for N=100 with MkDocs 1.4 of
them, 1.4 for N=250 with MkDocs skipped), and 12.5 minutes on the slower day
before. With MkDocs at N=250 it would take about 20 minutes more.
Choose sizes with --sizes.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import yaml
from pypdf import PdfReader

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.yamlio import split_front_matter  # noqa: E402

from make_district import write_district  # noqa: E402

WORK = PROJECT / "benchmarks" / ".work"
SETTLE = 90  # seconds: 60 after which ext4 reuses a freed inode, plus time for the deletion to reach the disk
BUILD_DATE = "2026-11-25"
EDIT = "\n补充说明：以上安排如有变化，将另行通知。\n"
REPEATS = 3  # each noticeboard build is timed this many times (each edit anew) and the median shown
MEDIAN = f" (median of {REPEATS})"
T = TypeVar("T")


@dataclass
class Run:
    """One finished process: wall-clock seconds, peak resident memory, and CPU seconds (user and system,
    its own and those of the processes it waited for: the work done on all cores together)."""

    seconds: float
    peak_mib: float
    cpu: float


@dataclass
class Row:
    """One line of the table."""

    what: str
    seconds: float
    per_unit_ms: float
    unit: str
    peak_mib: float | None = None
    ratio: float | None = None
    cpu: float | None = None


@dataclass(frozen=True)
class Page:
    """One Markdown page for the competitors."""

    slug: str
    title: str
    date: str
    category: str
    body: str


def timed(command: list[str], cwd: Path = PROJECT) -> Run:
    """Run `command` to completion; raise with its error output if it fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}:\n"
                               f"{errors.read().decode(errors='replace')[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


# --- noticeboard ------------------------------------------------------------

def noticeboard(*arguments: str | Path) -> list[str]:
    return [sys.executable, "-m", "generator", *map(str, arguments), "--date", BUILD_DATE, "--quiet"]


def build_command(content: Path, output: Path, cache: Path) -> list[str]:
    return noticeboard("build", "--content", content, "--output", output, "--cache", cache, "--no-pdf")


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def measure_builds(content: Path, work: Path, scratch: Scratch) -> tuple[int, list[Row]]:
    """Pages, and the cold, unchanged and one-notice-edited builds."""
    output, cache = work / "output", work / "cache"
    command = build_command(content, output, cache)
    # Each cold build into folders of its own: deleting the last one's output would slow the next (see discard).
    cold = median([timed(command)] + [timed(build_command(content, work / f"cold-{n}", work / f"cold-{n}-cache"))
                                      for n in range(1, REPEATS)])
    for n in range(1, REPEATS):
        scratch.discard(work / f"cold-{n}")
        scratch.discard(work / f"cold-{n}-cache")
    pages = count_pages(output)
    unchanged = median([timed(command) for _ in range(REPEATS)])
    edited = median([edit_one_notice(content, EDIT) or timed(command) for _ in range(REPEATS)])
    rows = [Row(what, run.seconds, run.seconds * 1000 / pages, "page", run.peak_mib, cpu=run.cpu)
            for what, run in ((f"cold build (--no-pdf){MEDIAN}", cold), (f"nothing changed{MEDIAN}", unchanged),
                              (f"one notice edited{MEDIAN}", edited))]
    seconds = median([float(subprocess.run(
        [sys.executable, __file__, "--edit-in-process", str(content), str(output), str(cache)],
        check=True, capture_output=True, text=True, cwd=PROJECT).stdout) for _ in range(REPEATS)], float)
    rows.append(Row(f"one notice edited, in a running process{MEDIAN}", seconds, seconds * 1000 / pages, "page"))
    return pages, rows


def median(runs: list[T], seconds: Callable[[T], float] = lambda run: run.seconds) -> T:
    """The middle one: a build that happened to meet a disk stall does not count."""
    return sorted(runs, key=seconds)[len(runs) // 2]


def edit_one_notice(content: Path, text: str) -> None:
    notice = min(content.glob("*/notices/*.md"))
    with notice.open("a", encoding="utf-8") as file:
        file.write(text)


def edit_in_process(content: Path, output: Path, cache: Path) -> None:
    """Print the seconds one build takes after a notice is edited, in a process that has built before."""
    from datetime import date

    from generator.build import BuildOptions, build

    options = BuildOptions(content=content, output=output, cache=cache, pdfs=False,
                           build_date=date.fromisoformat(BUILD_DATE))
    assert build(options).written
    edit_one_notice(content, "\n再次补充：请业主相互转告。\n")
    start = time.perf_counter()
    assert build(options).written
    print(time.perf_counter() - start)


def sample_compounds(content: Path, count: int) -> list[str]:
    """`count` compounds spread evenly through the district."""
    slugs = sorted(p.name for p in content.iterdir() if p.is_dir())
    count = min(count, len(slugs))
    return [slugs[i * len(slugs) // count] for i in range(count)]


def measure_sheets(content: Path, work: Path, sample: int) -> list[Row]:
    """Each sample compound's sheets, printed with an empty cache and then from the cache."""
    cold = warm = cold_cpu = warm_cpu = 0.0
    sheets = pages = 0
    peak = 0.0
    compounds = sample_compounds(content, sample)
    for slug in compounds:
        output, board, cache = work / "sheets" / slug, work / "board-sheets" / slug, work / "sheet-cache" / slug
        command = noticeboard("pdf", slug, "--content", content, "--output", output, "--print-output", board,
                              "--cache", cache)
        first, second = timed(command), timed(command)
        cold, warm = cold + first.seconds, warm + second.seconds
        cold_cpu, warm_cpu = cold_cpu + first.cpu, warm_cpu + second.cpu
        peak = max(peak, first.peak_mib, second.peak_mib)
        # The website's sheets and the board's; a board sheet that shows nothing more is the same PDF, printed once.
        printed = list({p.read_bytes(): p for folder in (output, board) for p in folder.rglob("*.pdf")
                        if p.name != "board-pack.pdf"}.values())
        sheets += len(printed)
        pages += sum(len(PdfReader(p).pages) for p in printed)
    label = f"{len(compounds)} compounds, {sheets} sheets"
    printing = cold_cpu - warm_cpu
    return [Row(f"PDF cold cache ({label})", cold, cold * 1000 / sheets, "sheet", peak, cpu=cold_cpu),
            Row("PDF warm cache (same sheets)", warm, warm * 1000 / sheets, "sheet", peak, cpu=warm_cpu),
            Row("PDF printing only (cold - warm)", cold - warm, (cold - warm) * 1000 / sheets, "sheet", cpu=printing),
            Row(f"the same, per printed A4 page ({pages} pages)", cold - warm, (cold - warm) * 1000 / pages, "page"),
            Row("the CPU time of printing, per A4 page", printing, printing * 1000 / pages, "page")]


# --- competitors ------------------------------------------------------------

def notice_pages(content: Path, count: int) -> list[Page]:
    """`count` pages made of the district's notices, taken in turn."""
    notices = []
    for path in sorted(content.glob("*/notices/**/*.md")):
        front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(front)
        notices.append((data["title"], str(data["date"]), path.relative_to(content).parts[0], body))
    return [Page(f"page-{i:05d}", *notices[i % len(notices)]) for i in range(count)]


def write_pages(folder: Path, pages: list[Page], text_of: Callable[[Page], str]) -> None:
    folder.mkdir(parents=True)
    for page in pages:
        (folder / f"{page.slug}.md").write_text(text_of(page), encoding="utf-8")


def quoted(text: str) -> str:
    """A string as a JSON literal, which is also valid YAML and TOML."""
    return json.dumps(text, ensure_ascii=False)


COMPETITORS_VENV = PROJECT / "benchmarks" / ".venv" / "bin" / "python"


def pelican(python: str, pages: list[Page], source: Path, output: Path) -> list[str]:
    write_pages(source / "content", pages, lambda p: f"Title: {p.title}\nDate: {p.date}\nCategory: {p.category}\n"
                f"Slug: {p.slug}\n\n{p.body}")
    (source / "pelicanconf.py").write_text('SITENAME = "bench"\nSITEURL = ""\nTIMEZONE = "Asia/Shanghai"\n'
                                           'DEFAULT_LANG = "zh"\n', encoding="utf-8")
    return [python, "-m", "pelican", str(source / "content"), "-s", str(source / "pelicanconf.py"),
            "-o", str(output), "-q"]


def mkdocs(python: str, pages: list[Page], source: Path, output: Path) -> list[str]:
    write_pages(source / "docs", pages, lambda p: f"# {p.title}\n\n{p.body}")
    config = {"site_name": "bench", "plugins": [], "nav": [{p.title: f"{p.slug}.md"} for p in pages]}
    (source / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return [python, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml"), "-d", str(output)]


def with_front_matter(page: Page) -> str:
    return f"---\ntitle: {quoted(page.title)}\ndate: {page.date}\n---\n\n{page.body}"


def hugo(pages: list[Page], source: Path, output: Path) -> list[str]:
    write_pages(source / "content", pages, with_front_matter)
    layouts = source / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>%s</body></html>"
    (layouts / "single.html").write_text(page % "{{ .Content }}", encoding="utf-8")
    (layouts / "list.html").write_text(page % '{{ range .Pages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
                                       "</p>{{ end }}", encoding="utf-8")
    (source / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n', encoding="utf-8")
    return ["hugo", "--quiet", "--source", str(source), "--destination", str(output)]


def libraries_alone(pages: list[Page], source: Path, output: Path) -> list[str]:
    write_pages(source / "content", pages, with_front_matter)
    return [sys.executable, str(PROJECT / "benchmarks" / "libraries_alone.py"), str(source / "content"), str(output)]


def libraries_version() -> str:
    return "/".join(importlib.metadata.version(name) for name in ("markdown", "pyyaml", "jinja2"))


def python_tool_version(python: str, name: str) -> str | None:
    try:
        found = subprocess.run([python, "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
                               capture_output=True, text=True)
    except OSError:  # no such Python
        return None
    return found.stdout.strip() if found.returncode == 0 else None


def hugo_version() -> str | None:
    if not shutil.which("hugo"):
        return None
    return subprocess.run(["hugo", "version"], check=True, capture_output=True, text=True).stdout.split()[1]


@dataclass(frozen=True)
class Competitor:
    """A generator to compare with: how to set up a build of the pages, and how to tell its version."""

    name: str
    setup: Callable[[list[Page], Path, Path], list[str]]  # (pages, source folder, output folder) -> command
    version: Callable[[], str | None]  # None when not installed
    install: str
    quadratic: bool = False  # every page carries a link to every page: skipped above --mkdocs-max-pages


def competitors(python: str) -> list[Competitor]:
    """Pelican and MkDocs run by `python`, Hugo, and noticeboard's own libraries with nothing around them."""
    install = "bash scripts/benchmark.sh installs it"
    return [
        Competitor("pelican", partial(pelican, python), partial(python_tool_version, python, "pelican"), install),
        Competitor("mkdocs (flat nav)", partial(mkdocs, python), partial(python_tool_version, python, "mkdocs"),
                   install, quadratic=True),
        Competitor("hugo", hugo, hugo_version, install),
        Competitor("python-markdown + PyYAML + Jinja2 alone", libraries_alone, libraries_version, ""),
    ]


def installed_competitors(python: str) -> dict[Competitor, str]:
    """Each competitor found, with its version; says which are skipped."""
    found = {}
    for competitor in competitors(python):
        version = competitor.version()
        if version:
            found[competitor] = version
        else:
            print(f"skipping {competitor.name}: not installed ({competitor.install})")
    return found


def measure_competitors(content: Path, work: Path, scratch: Scratch, pages: int, versions: dict[Competitor, str],
                        noticeboard_ms: float, quadratic_limit: int) -> tuple[list[Row], list[str]]:
    """A row per competitor built, a note per competitor skipped at this size."""
    rows, notes = [], []
    markdown = notice_pages(content, pages)
    for competitor, version in versions.items():
        if competitor.quadratic and pages > quadratic_limit:
            notes.append(f"skipped {competitor.name}: {pages} pages > --mkdocs-max-pages {quadratic_limit} (every "
                         "page carries the whole nav, so its time and output grow with pages²)")
            continue
        folder = work / competitor.name.split()[0]
        run = timed(competitor.setup(markdown, folder / "source", folder / "output"), cwd=folder / "source")
        scratch.discard(folder)
        per_page = run.seconds * 1000 / pages
        rows.append(Row(f"{competitor.name} {version}", run.seconds, per_page, "page", run.peak_mib,
                        per_page / noticeboard_ms, run.cpu))
    return rows, notes


# --- the disk -----------------------------------------------------------------

@dataclass(frozen=True)
class Scratch:
    """The folder the districts are written and built in (--work), with its trash."""

    folder: Path

    @property
    def trash(self) -> Path:
        return self.folder / ".trash"

    @property
    def emptied(self) -> Path:  # its modification time: when the trash was last emptied
        return self.folder / ".trash-emptied"

    def discard(self, folder: Path) -> None:
        """Set `folder` aside for `empty_trash`: deleting it now would slow the file creation measured next."""
        if folder.exists():
            self.trash.mkdir(parents=True, exist_ok=True)
            folder.rename(self.trash / f"{len(list(self.trash.iterdir()))}-{folder.name}")

    def empty_trash(self) -> None:
        """Delete what `discard` set aside (MkDocs's output alone can take gigabytes)."""
        shutil.rmtree(self.trash, ignore_errors=True)
        os.sync()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.emptied.touch()

    def wait_for_disk(self) -> None:
        """Let the inodes the last run freed age, so that this run's first builds do not pay for them."""
        if self.trash.exists():  # left by a run that was interrupted
            self.empty_trash()
        if not self.emptied.exists():
            return
        remaining = SETTLE - (time.time() - self.emptied.stat().st_mtime)
        if remaining > 0:
            print(f"waiting {remaining:.0f} s for the files the last run deleted to settle on disk", flush=True)
            time.sleep(remaining)


# --- the report -------------------------------------------------------------

def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, load average {load}"


def print_table(title: str, rows: list[Row]) -> None:
    print(title)
    header = ("", "time", "ms per", "", "CPU", "peak RSS", "× noticeboard")
    lines = [header] + [(row.what, f"{row.seconds:.2f} s", f"{row.per_unit_ms:.1f}", row.unit,
                         f"{row.cpu:.2f} s" if row.cpu is not None else "",
                         f"{row.peak_mib:.0f} MiB" if row.peak_mib is not None else "",
                         f"{row.ratio:.2f}" if row.ratio is not None else "") for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    alignments = "<>><>>>"
    for line in lines:
        cells = (f"{cell:{align}{width}}" for cell, align, width in zip(line, alignments, widths))
        print("  " + "  ".join(cells).rstrip())


def run_size(scratch: Scratch, compounds: int, seed: int, sample: int, versions: dict[Competitor, str],
             quadratic_limit: int) -> None:
    started = time.perf_counter()
    work = scratch.folder / str(compounds)
    scratch.discard(work)
    content = write_district(work, compounds, seed)
    pages, builds = measure_builds(content, work, scratch)
    cold_ms = builds[0].per_unit_ms
    sheets = measure_sheets(content, work, sample) if sample else []
    competitors, notes = measure_competitors(content, work, scratch, pages, versions, cold_ms, quadratic_limit)
    print()
    print_table(f"{compounds} compounds, seed {seed}: noticeboard, {pages} pages", builds + sheets)
    if competitors:
        print_table(f"{compounds} compounds: competitors, {pages} Markdown pages each, cold", competitors)
    for note in notes:
        print(f"  {note}")
    print(f"  (this size took {(time.perf_counter() - started) / 60:.1f} min in all)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,250", help="district sizes in compounds, comma-separated")
    parser.add_argument("--pdf-sample", type=int, default=2, help="compounds whose sheets are printed (0: none)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic districts")
    parser.add_argument("--mkdocs-max-pages", type=int, default=5000,
                        help="skip MkDocs above this many pages (its build time grows with pages²)")
    parser.add_argument("--competitors-python", type=Path,
                        default=COMPETITORS_VENV if COMPETITORS_VENV.exists() else Path(sys.executable),
                        help="the Python that has Pelican and MkDocs (default: benchmarks/.venv's, else this one)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="folder to write the districts into and build them in (default benchmarks/.work)")
    parser.add_argument("--edit-in-process", nargs=3, type=Path, metavar=("CONTENT", "OUTPUT", "CACHE"),
                        help=argparse.SUPPRESS)  # used by the run itself
    args = parser.parse_args()
    if args.edit_in_process:
        edit_in_process(*args.edit_in_process)
        return
    print(f"machine: {machine()}")
    versions = installed_competitors(str(args.competitors_python.absolute()))  # not resolved: a venv's is a link
    compileall.compile_dir(PROJECT / "generator", quiet=1)
    scratch = Scratch(args.work.absolute())
    scratch.wait_for_disk()
    try:
        for compounds in (int(size) for size in args.sizes.split(",")):
            run_size(scratch, compounds, args.seed, args.pdf_sample, versions, args.mkdocs_max_pages)
    finally:
        scratch.empty_trash()


if __name__ == "__main__":
    main()
