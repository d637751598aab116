"""One compound from its files to its rendered bytes: the unit a build caches and spreads over the cores.

Nothing one compound publishes shows another compound: its pages, tables,
attachments and sheets depend only on its own folder, on the entries of the
publication log that name its documents, and on what every compound shares
(site.yaml, the templates, the build date). So each compound goes through
load -> validate -> privacy -> codes -> targets -> render on its own
(`build_compound`), `cache` keeps what it built under a key of those inputs,
and `build_compounds` runs the compounds that need building in worker
processes. The district's own pages are made from
each compound's `Card`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from multiprocessing import get_context
from pathlib import Path

from pydantic_core import to_json

from generator import disclosure, load, pdf, privacy, publication, render, sheets, site, validate, verification
from generator.errors import Diagnostic, Severity, relative_path
from generator.markup import Markup
from generator.memo import Memo
from generator.model.base import Channel
from generator.model.finance import Quarter
from generator.model.site import Compound, SiteConfig
from generator.verification import DocumentKey

PARALLEL_FROM = 4  # fewer compounds than this build faster in-process than with worker start-up


@dataclass(frozen=True)
class Shared:
    """What every compound's build needs besides its own folder. `config` is None when site.yaml
    is unusable: compounds are then only checked."""

    content: Path
    root: Path
    config: SiteConfig | None
    day: date | None = None
    log: list[publication.LogEntry] = field(default_factory=list)
    log_intact: bool = True  # comparing with a log that was tampered with would only add noise
    pages: bool = True  # render the web pages
    sheets: bool = True  # render the sheets' HTML, for printing
    cache: Path | None = None  # where parsed files are remembered
    board: bool = False  # the sheets as posted on the bulletin board (with `board` content), not the web's

    def shown(self, path: Path) -> str:
        return relative_path(path, self.root)

    @functools.cached_property
    def first_published(self) -> dict[str, date]:
        """When each document was first logged (`publication.first_published`): read from the whole log
        once a build, not once for each compound's checks and again for its calendar page."""
        return publication.first_published(self.log)

    @functools.cached_property
    def last_published(self) -> dict[str, tuple[str, date]]:
        """Each document's last logged code and day (`publication.last_published`), read once a build."""
        return publication.last_published(self.log)

    @functools.cached_property
    def in_log(self) -> set[str]:
        """Every document the log names, read once a build."""
        return set(self.last_published)


@dataclass
class Fresh:
    """What a compound rendered in this build; never cached."""

    files: dict[str, bytes] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    sheets: list[pdf.SheetJob] = field(default_factory=list)
    pack: sheets.BoardPack | None = None


@dataclass
class CompoundBuild:
    """What one compound contributed to a build. All but `fresh` is kept in the build record."""

    slug: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    card: site.Card | None = None
    codes: dict[DocumentKey, str] = field(default_factory=dict)
    names: dict[DocumentKey, str] = field(default_factory=dict)  # each document as publishing names it
    sitemap: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # every file it puts in the output -> its sha256
    page_keys: dict[str, str] = field(default_factory=dict)  # each page's file -> the key of what it shows
    printed: str = ""  # the fingerprint (`pdf.fingerprint`) its sheets were printed with; "" if they were not
    registration: str = ""  # its owners' committee's registration number ("" for none), to tell copies apart
    fresh: Fresh | None = None

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.error for d in self.diagnostics)


Kept = dict[str, tuple[str, str]]  # a page's file -> the key of what it showed and its sha256, as last built


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while many objects are made that live on, without cycles to free: it would
    only scan them again and again. A compound's build makes hundreds of thousands (the pause saves about 8 % of
    a cold build's CPU), the build record tens of thousands. What cycles are left are collected as usual
    afterwards."""
    was_enabled = gc.isenabled()  # else paused by a build in another thread (`serve`), which enables it again
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@collector_paused()
def build_compound(slug: str, shared: Shared, renderer: render.Renderer | None, kept: Kept | None = None
                   ) -> CompoundBuild:
    """Load, check and (when `shared` asks for it) render one compound. A page in `kept` (its file
    still in the output as last built) is not rendered again if it would show the same."""
    memo = Memo(shared.cache, slug)
    sources = load.read_compound(shared.content, shared.root, slug, memo)
    compound, diagnostics = validate.validate_compound(sources, slug, _markup())
    memo.save()
    result = CompoundBuild(slug, diagnostics.items)
    files = sources.compounds.get(slug, [])
    if compound is None or shared.config is None:
        return result
    # A compound with errors lacks the documents whose files have them: what it has is still checked, so
    # that one run reports everything, but nothing is made of it.
    complete = not result.failed
    checked = compound if complete else _error_free(compound, result.diagnostics, shared.shown)
    compound, left_out = disclosure.as_of(checked, shared.day, shared.shown)
    attachments = {path: file_digest(path) for path in compound.attachment_files.values()}
    board = privacy.publishable(compound, Channel.board)
    web = privacy.publishable(compound, Channel.web)
    codes = verification.compound_codes(board, web, attachments)
    profile = shared.content / slug / "compound.yaml"
    result.diagnostics += _placed(left_out + disclosure.dated_ahead(checked, shared.day, shared.shown)
                                  + disclosure.ended_terms(compound, shared.day, shared.shown, profile)
                                  + disclosure.posted_together(checked, shared.day, shared.shown)
                                  + disclosure.issued_before_the_committee(compound, shared.shown)
                                  + _record_problems(compound, codes, shared, complete), files)
    if not complete:
        return result
    result.codes = codes
    result.names = publication.document_names(board)
    committee = compound.profile.owners_committee
    result.registration = committee.registration.number if committee and committee.registration else ""
    result.card = site.Card.of(web, shared.day,
                               disclosure.overdue(web, shared.config.calendar, shared.day, shared.first_published))
    if result.failed or not (shared.pages or shared.sheets) or renderer is None:
        return result
    arrears_on_the_board = _arrears_on_the_board(board, web)
    printed = sheets.compound_sheets(board if shared.board else web, shared.config, shared.day, result.codes,
                                     set(web.documents()), shared.last_published,
                                     () if shared.board else arrears_on_the_board)
    website = site.compound_site(web, shared.config, shared.day, result.codes, printed.pack is not None, shared.log,
                                 shared.first_published, result.card.overdue, arrears_on_the_board)
    result.fresh = Fresh(pack=printed.pack)
    if shared.pages:
        _render_pages(website, renderer, result, kept or {}, attachments)
    if shared.sheets:
        _render_sheets(printed, website, renderer, shared, result)
    return result


def _record_problems(compound: Compound, codes: dict[DocumentKey, str], shared: Shared, complete: bool
                     ) -> list[Diagnostic]:
    """What is overdue or posted too briefly, and published documents changed without a note. Of a compound
    that is not `complete` (its files with errors left out), a document whose file has errors is not missing."""
    settings = shared.config.calendar
    problems = disclosure.posting_problems(compound, shared.config, shared.day, shared.shown)

    def source_of(due) -> str:
        return shared.shown(compound.source_files.get(disclosure.source_key(due),
                                                      shared.content / compound.slug / "finances"))
    items = disclosure.schedule(compound, settings, shared.day, shared.first_published)
    if not complete:
        # An assembly's count may be in a vote file with errors, whichever it is.
        items = [due for due in items if due.done is not None or
                 (due.what != "assembly" and due.key[1:] not in compound.source_files)]
    problems += disclosure.schedule_problems(items, shared.day, source_of)
    problems += disclosure.posted_late(compound, shared.config, shared.day, shared.first_published, shared.in_log,
                                       shared.shown)
    if shared.log_intact:
        sources = {(compound.slug, *key): shared.shown(path) for key, path in compound.source_files.items()}
        problems += publication.change_problems(shared.log, codes, compound, sources,
                                                shared.shown(shared.content / load.LOG_FILE), shared.day, complete)
    return problems


def _error_free(compound: Compound, diagnostics: list[Diagnostic], shown: Callable[[Path], str]) -> Compound:
    """The compound without the documents whose files have errors (reported already), and without the notices
    that list an attachment that is not there: the codes of those cannot be computed, and their values may be
    anything (a date in the year 9999)."""
    failed = {d.location.path for d in diagnostics if d.severity is Severity.error}

    def error_free(kind: str, key: str) -> bool:
        return shown(compound.source_files[(kind, key)]) not in failed
    notices = [n for n in compound.notices if error_free("notice", n.slug)
               and all(compound.attachment_files[(n.slug, a.file)].is_file() for a in n.attachments)]
    slugs = {notice.slug for notice in notices}
    return dataclasses.replace(
        compound, notices=notices, votes=[v for v in compound.votes if error_free("vote", v.slug)],
        finances=[p for p in compound.finances if error_free("finance", p.quarter.slug)],
        attachment_files={key: path for key, path in compound.attachment_files.items() if key[0] in slugs})


def _placed(problems: list[Diagnostic], files: list[load.SourceFile]) -> list[Diagnostic]:
    """The later stages' problems name a file and a field of it (the model keeps no lines): each is
    pointed at the line where that field is written, as the checks of a file's own values are; one that is
    not written yet (the `corrections` a changed document lacks), at the line of what it would go in."""
    by_path = {file.rel: file for file in files}
    return [by_path[d.location.path].error_at(_key_path(d.field), d.message, d.field, d.hint, d.severity)
            if d.field and d.location.path in by_path and not d.location.line else d
            for d in problems]


def _key_path(field: str) -> tuple:
    """'corrections[2].date' -> ('corrections', 1, 'date'): a field as messages name it, as marks know it."""
    return tuple(int(part[1:-1]) - 1 if part.startswith("[") else part
                 for part in re.findall(r"\[\d+\]|[^.\[\]]+", field))


def _arrears_on_the_board(board: Compound, web: Compound) -> set[Quarter]:
    """The quarters whose sheets on the board list units behind on fees that the web does not show."""
    on_the_web = {period.quarter: len(period.arrears) for period in web.finances}
    return {period.quarter for period in board.finances if len(period.arrears) > on_the_web.get(period.quarter, 0)}


def _render_pages(website: site.Site, renderer: render.Renderer, result: CompoundBuild, kept: Kept,
                  attachments: dict[Path, str]) -> None:
    """`attachments`: the sha256 of each attachment file."""
    result.page_keys = {page.file: key for page in website.pages if (key := _page_key(page))}
    same = {file: kept[file][1] for file, key in result.page_keys.items() if kept.get(file, ("",))[0] == key}
    files, problems = render.render_site(website, renderer, skip=lambda page: page.file in same)
    result.diagnostics += problems
    result.fresh.files.update(files)
    result.fresh.copies.update({c.path: c.source for c in website.copies})
    result.sitemap = website.sitemap_paths()
    result.outputs.update(same)
    result.outputs.update({path: digest(data) for path, data in files.items()})
    result.outputs.update({path: attachments[source] for path, source in result.fresh.copies.items()})


def _page_key(page: site.PageTarget) -> str | None:
    """A key of everything a page shows besides what all pages share (templates, site.yaml, date, code):
    its path, its template and its context. The page of one part of the compound is given only that part
    and the compound's `Masthead`. A page given the whole compound has no key: it is rendered whenever
    the compound is built again, which happens only when something in the compound changed."""
    if any(isinstance(value, Compound) for value in page.context.values()):
        return None
    return digest(to_json([page.path, page.template, page.context], fallback=_exact))


def _exact(value: object) -> str:
    """JSON for the values pydantic does not serialise itself; anything else is a mistake to fix here, since
    a value left out of a key could leave a page stale."""
    if isinstance(value, Fraction):
        return str(value)
    raise TypeError(f"a page's key cannot include a {type(value).__name__}")


def _render_sheets(printed: sheets.Sheets, website: site.Site, renderer: render.Renderer, shared: Shared,
                   result: CompoundBuild) -> None:
    roots = (str(shared.content.resolve()), str(renderer.templates.resolve()))
    stylesheet = renderer.templates.resolve() / "print" / "print.css"
    for sheet in printed.sheets:
        try:
            html = renderer.render_page(sheet, website)
        except render.TemplateProblem as problem:
            result.diagnostics.append(problem.diagnostic)
            continue
        result.fresh.sheets.append(pdf.SheetJob(sheet.path, html, sheet.base.resolve().as_uri() + "/", roots,
                                                shared.shown(sheet.source), sheet.source, stylesheet))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@functools.cache
def _markup() -> Markup:
    return Markup()  # one per process: building the Markdown converter costs more than a short notice


# What forked workers inherit instead of receiving it pickled with every compound.
_inherited: tuple[Shared, render.Renderer | None, dict[str, Kept]] | None = None


def _build_inherited(slug: str) -> CompoundBuild:
    assert _inherited is not None
    shared, renderer, kept = _inherited
    return build_compound(slug, shared, renderer, kept.get(slug))


def build_compounds(slugs: list[str], shared: Shared, renderer: render.Renderer | None, workers: int,
                    progress: Callable[[int, int], None] | None = None,
                    built: Callable[[CompoundBuild], None] = lambda compound: None,
                    kept: dict[str, Kept] | None = None) -> list[CompoundBuild]:
    """Every compound in `slugs`, in that order, on up to `workers` processes; `built` is called
    with each as soon as it is done. `kept`: each compound's pages as last built (see `build_compound`)."""
    results = []
    kept = kept or {}
    if workers > 1 and len(slugs) >= PARALLEL_FROM and threading.active_count() == 1:
        # Forked workers start at once with the templates already compiled. Forking is only safe
        # while no other thread holds a lock, hence the thread count (`serve` runs a server thread).
        global _inherited
        _inherited = (shared, renderer, kept)
        try:
            with get_context("fork").Pool(min(workers, len(slugs))) as pool:
                for result in pool.imap(_build_inherited, slugs):
                    built(result)
                    results.append(result)
                    _report(progress, len(results), len(slugs))
                # Done: the workers are let go, not terminated as leaving the block does (what is left for a
                # stop), which now and then hung the build for good (python/cpython#78178).
                pool.close()
                pool.join()
        finally:
            _inherited = None
        return results
    for slug in slugs:
        results.append(build_compound(slug, shared, renderer, kept.get(slug)))
        built(results[-1])
        _report(progress, len(results), len(slugs))
    return results


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress:
        progress(done, total)
