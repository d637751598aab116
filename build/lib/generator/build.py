"""The build, stage by stage. The order below is the order of execution.

load -> validate -> verification codes -> privacy -> site and sheets ->
render (pages, then PDFs) -> write. Nothing is written unless every earlier
stage succeeded; content is only ever read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import load, pdf, privacy, render, sheets, site, validate, verification, write
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


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: bool = False
    files: int = 0
    build_date: date | None = None
    sheets: int = 0
    sheets_rendered: int = 0


def build_date_for(timezone: str, given: date | None) -> date:
    """The day the site is built for: --date, else SOURCE_DATE_EPOCH, else today in the site's zone."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), ZoneInfo(timezone)) if epoch else datetime.now(ZoneInfo(timezone))
    return moment.date()


def check(options: BuildOptions) -> BuildResult:
    """Load and validate only."""
    sources = load.read_sources(options.content, options.root)
    _, diagnostics = validate.validate(sources)
    return BuildResult(diagnostics)


def build(options: BuildOptions, progress: Progress | None = None, only_sheets_of: str | None = None) -> BuildResult:
    """The whole site (or, with `only_sheets_of`, just the sheets: '' for every compound)."""
    sources = load.read_sources(options.content, options.root)
    district, diagnostics = validate.validate(sources)
    if district is None or diagnostics.errors:
        return BuildResult(diagnostics)
    if only_sheets_of and only_sheets_of not in {c.slug for c in district.compounds}:
        diagnostics.add(Diagnostic(Location(relative_path(options.content, options.root)),
                                   f"no compound '{only_sheets_of}'"))
        return BuildResult(diagnostics)
    day = build_date_for(district.config.timezone, options.build_date)
    codes = verification.district_codes(district)
    printed = sheets.assemble_sheets(privacy.publishable(district, Channel.board), day, codes)
    static = sorted(p for p in (options.templates / "static").iterdir() if p.is_file())
    website = site.assemble(privacy.publishable(district, Channel.web), day, static, codes,
                            {pack.path for pack in printed.packs})
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
