"""The build, stage by stage. The order below is the order of execution.

load -> validate -> verification codes and the publication log -> privacy ->
site and sheets -> render (pages, then PDFs) -> write (-> log entry, when
publishing). Nothing is written unless every earlier stage succeeded; content
is only ever read, except that `publish` appends to the publication log after
a successful build.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import disclosure, load, pdf, privacy, publication, render, sheets, site, validate, verification, write
from generator.errors import Diagnostic, Diagnostics, Location, relative_path
from generator.model.base import Channel
from generator.model.site import District

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PROJECT_ROOT / "templates"
DEFAULT_CACHE = Path(".noticeboard-cache")

Progress = Callable[[int, int], None]


@dataclass
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("output")
    templates: Path = DEFAULT_TEMPLATES
    build_date: date | None = None
    root: Path = field(default_factory=Path.cwd)
    pdfs: bool = True
    cache: Path | None = DEFAULT_CACHE
    workers: int = os.cpu_count() or 1
    publish: bool = False  # append the new and changed documents to the publication log


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: bool = False
    files: int = 0
    build_date: date | None = None
    sheets: int = 0
    sheets_rendered: int = 0
    published: publication.LogEntry | None = None


def build_date_for(timezone: str, given: date | None) -> date:
    """The day the site is built for: --date, else SOURCE_DATE_EPOCH, else today in the site's zone."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), ZoneInfo(timezone)) if epoch else datetime.now(ZoneInfo(timezone))
    return moment.date()


@dataclass
class Checked:
    """Validated content with its verification codes and publication record."""

    district: District | None
    diagnostics: Diagnostics
    board: District | None = None  # the district as printed for the bulletin board
    day: date | None = None
    codes: dict[verification.DocumentKey, str] = field(default_factory=dict)
    log: list[publication.LogEntry] = field(default_factory=list)


def _checked(options: BuildOptions) -> Checked:
    sources = load.read_sources(options.content, options.root)
    district, diagnostics = validate.validate(sources)
    if district is None or diagnostics.errors:
        return Checked(district, diagnostics)
    day = build_date_for(district.config.timezone, options.build_date)
    diagnostics.extend(_calendar_problems(district, day, options))
    board = privacy.publishable(district, Channel.board)
    codes = verification.district_codes(board)
    log_path = options.content / load.LOG_FILE
    shown_as = relative_path(log_path, options.root)
    log, problems = publication.read_log(log_path, shown_as)
    broken = problems + publication.chain_problems(log, shown_as)
    diagnostics.extend(broken)
    if not broken:  # comparing with a log that was tampered with would only add noise
        source_of = {(c.slug, *key): relative_path(path, options.root)
                     for c in district.compounds for key, path in c.source_files.items()}
        diagnostics.extend(publication.change_problems(log, codes, district, source_of, shown_as))
    return Checked(district, diagnostics, board, day, codes, log)


def _calendar_problems(district: District, day: date, options: BuildOptions) -> list[Diagnostic]:
    settings = district.config.calendar
    problems = []
    for c in district.compounds:
        problems += disclosure.posting_problems(c, settings, lambda path: relative_path(path, options.root))

        def source_of(due, c=c) -> str:
            path = c.source_files.get(due.key[1:], options.content / c.slug / "finances")
            return relative_path(path, options.root)
        problems += disclosure.schedule_problems(disclosure.schedule(c, settings, day), day, source_of)
    return problems


def check(options: BuildOptions) -> BuildResult:
    """Load and validate only (the publication log included)."""
    return BuildResult(_checked(options).diagnostics)


def build(options: BuildOptions, progress: Progress | None = None, only_sheets_of: str | None = None) -> BuildResult:
    """The whole site (or, with `only_sheets_of`, just the sheets: '' for every compound)."""
    checked = _checked(options)
    district, diagnostics, codes = checked.district, checked.diagnostics, checked.codes
    if district is None or diagnostics.errors:
        return BuildResult(diagnostics)
    if only_sheets_of and only_sheets_of not in {c.slug for c in district.compounds}:
        diagnostics.add(Diagnostic(Location(relative_path(options.content, options.root)),
                                   f"no compound '{only_sheets_of}'"))
        return BuildResult(diagnostics)
    day = checked.day
    log = checked.log
    entry = publication.next_entry(log, codes, day) if options.publish else None
    if entry:
        log = [*log, entry]
    printed = sheets.assemble_sheets(checked.board, day, codes)
    static = sorted(p for p in (options.templates / "static").iterdir() if p.is_file())
    website = site.assemble(privacy.publishable(district, Channel.web), day, static, codes,
                            {pack.path for pack in printed.packs}, log)
    renderer = render.Renderer(options.templates, district.config, options.root)
    result = BuildResult(diagnostics, build_date=day)
    files: dict[str, bytes] = {}
    if only_sheets_of is None:
        files, problems = render.render_site(website, renderer, progress)
        diagnostics.extend(problems)
    if options.pdfs or only_sheets_of is not None:
        _keep_sheets_of(printed, only_sheets_of)
        files.update(_print(printed, website, renderer, district, options, result))
    if diagnostics.errors:
        return result
    copies = {c.path: c.source for c in website.copies} if only_sheets_of is None else {}
    write.publish(options.output, files, copies, keep=_kept(options, only_sheets_of))
    result.written, result.files = True, len(files) + len(copies)
    if entry:
        publication.append(options.content / load.LOG_FILE, entry)
        result.published = entry
    return result


def _kept(options: BuildOptions, only_sheets_of: str | None) -> Callable[[str], bool]:
    """Which files already in the output a partial build leaves alone."""
    if only_sheets_of is not None:
        return lambda path: not path.endswith(".pdf") or not path.startswith(f"{only_sheets_of}/")
    if not options.pdfs:
        return lambda path: path.endswith(".pdf")  # --no-pdf: the last printed sheets stay
    return lambda path: False


def _keep_sheets_of(printed: sheets.Sheets, slug: str | None) -> None:
    if slug:
        printed.sheets = [s for s in printed.sheets if s.key[0] == slug]
        printed.packs = [p for p in printed.packs if p.path.startswith(f"{slug}/")]


def _print(printed: sheets.Sheets, website: site.Site, renderer: render.Renderer, district: District,
           options: BuildOptions, result: BuildResult) -> dict[str, bytes]:
    """Every sheet and board pack as PDF bytes; problems go into the result's diagnostics."""
    font = district.config.print.font
    setup = pdf.environment_problems(font)
    if setup:
        result.diagnostics.extend([Diagnostic(Location("(this machine)"), problem) for problem in setup])
        return {}
    roots = (str(options.content.resolve()), str(options.templates.resolve()))
    jobs = []
    for sheet in printed.sheets:
        try:
            html = renderer.render_page(sheet, website)
        except render.TemplateProblem as problem:
            result.diagnostics.add(problem.diagnostic)
            continue
        jobs.append(pdf.SheetJob(sheet.path, html, sheet.base.resolve().as_uri() + "/", roots,
                                 relative_path(sheet.source, options.root)))
    cache = pdf.SheetCache(options.cache.resolve() if options.cache else None, pdf.fingerprint(font))
    pdfs, problems, rendered = pdf.render_sheets(jobs, cache, options.workers)
    result.diagnostics.extend(problems)
    result.sheets, result.sheets_rendered = len(jobs), rendered
    for pack in printed.packs:
        if all(path in pdfs for path in pack.sheets):
            pdfs[pack.path] = _board_pack([pdfs[path] for path in pack.sheets], cache)
    return pdfs


def _board_pack(members: list[bytes], cache: pdf.SheetCache) -> bytes:
    key = "pack-" + hashlib.sha256(b"".join(hashlib.sha256(m).digest() for m in members)).hexdigest()
    merged = cache.get(key)
    if merged is None:
        merged = pdf.merge(members)
        cache.put(key, merged)
    return merged
