"""The build, stage by stage. The order below is the order of execution.

site.yaml, build date and publication log (`_plan`) -> each compound that
changed since the last build, on the cores (`units`: load -> validate ->
privacy -> verification codes of what is published -> site and sheets ->
render pages and sheets' HTML) -> the district's own pages -> PDFs -> write -> the build record
(`cache`). Nothing is written unless every earlier stage succeeded (with
`keep_going`, a compound with errors is held back as last built: `_holdable`); content
is only ever read, except that `publish` appends to the publication log after
a successful build. With sheets, the same then runs for the print folder: the
bulletin board's sheets, from the board's copy of each compound, which the
website never holds; both are rendered in full before either is written
(`_build_site_and_board`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic_core import to_json

from generator import cache, glyphs, i18n, load, memo, messages, pdf, publication, render, site, units, validate, write
from generator.errors import BuildStopped, Diagnostic, Diagnostics, Location, Severity, relative_path
from generator.messages import clauses, tr
from generator.model.site import SiteConfig
from generator.verification import DocumentKey

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
    # The sheets as posted on the bulletin board, with what only the board may show (arrears, a member's
    # flat): never part of the website. The output's own sheets leave that out, for residents to download.
    print_output: Path = Path("print")
    board: bool = False  # this build is the board's: `output` gets their sheets alone (see `_build_site_and_board`)
    take_down: tuple[str, ...] = ()  # with `publish`: compounds that left the content, their documents taken down
    # A compound with errors keeps its part of the output as last built, and the others are built (see `_holdable`).
    keep_going: bool = False
    serving: bool = False  # by `serve`, which builds again whenever a file is saved: its hints say so


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: bool = False
    files: int = 0  # in the output folder, but its marker
    build_date: date | None = None
    site_path: str = ""  # base_url's path, where the site lies on its host (/bishan/); "" when site.yaml is unusable
    sheets: int = 0  # of `files`, the sheets (PDF)
    sheets_rendered: int = 0  # of those, the ones printed by this build; the others came from the cache
    up_to_date: bool = False  # nothing the build reads had changed: the output was left as it was
    board_files: int = 0  # the bulletin board's sheets and board packs in `print_output`
    board_printed: int = 0  # how many of its sheets were printed anew (a sheet the website's is copied)
    board_changed: list[str] = field(default_factory=list)  # of those, the ones new or changed: to print and post
    board_written: bool = False  # they were written (or were up to date)
    published: publication.LogEntry | None = None
    codes: dict[DocumentKey, str] = field(default_factory=dict)  # every document's verification code
    names: dict[str, str] = field(default_factory=dict)  # by document id: each document as publishing names it
    # In a content that keeps a publication log: the documents new, changed or taken down since its last entry,
    # which `publish` would record.
    unpublished: int = 0
    compounds: dict[str, units.CompoundBuild] = field(default_factory=dict)  # what each compound built
    held_back: list[str] = field(default_factory=list)  # with `keep_going`: compounds with errors, as last built
    _held_errors: set[Diagnostic] = field(default_factory=set, repr=False)  # theirs, which stop nothing
    # Without `keep_going`: what it would hold back (`held_back_summary`), when only that stopped the build.
    could_hold_back: str = ""

    @property
    def failed(self) -> bool:
        """Errors stopped the build: any but those of the compounds held back."""
        return any(error not in self._held_errors for error in self.diagnostics.errors)


def build_date_for(timezone: str, given: date | None) -> date:
    """The day the site is built for: --date, else SOURCE_DATE_EPOCH, else today in the site's zone."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), ZoneInfo(timezone)) if epoch else datetime.now(ZoneInfo(timezone))
    return moment.date()


def today_for(content: Path) -> date:
    """The day a build of `content` would be for, without --date: what `new` and `import` date their files with.
    The machine's own day when site.yaml cannot be read (its problems are for `check` to report)."""
    config, _ = validate.validate_site(load.read_site(content, Path.cwd()))
    return build_date_for(config.timezone, None) if config else date.today()


@dataclass
class Plan:
    """site.yaml, the build date and the publication log: what every compound's build reads besides
    its own folder."""

    folders: list[str]
    shared: units.Shared
    diagnostics: Diagnostics
    site_file: bytes = b""
    site: load.SourceFile | None = None


def _plan(options: BuildOptions, pages: bool, sheets: bool) -> Plan:
    top = load.read_site(options.content, options.root)
    config, diagnostics = validate.validate_site(top)
    if config is None:
        return Plan(top.compound_folders, units.Shared(options.content, options.root, None), diagnostics)
    day = build_date_for(config.timezone, options.build_date)
    log_path = options.content / load.LOG_FILE
    shown_as = relative_path(log_path, options.root)
    log, problems = publication.read_log(log_path, shown_as)
    broken = problems + publication.chain_problems(log, shown_as)
    diagnostics.extend(broken)
    if options.publish:
        diagnostics.extend(publication.date_problems(log, day, shown_as))
    if not broken:
        diagnostics.extend(publication.dated_back(log, shown_as))
        diagnostics.extend(publication.vanished_compounds(log, set(top.compound_folders), shown_as, options.publish,
                                                          options.take_down))
    shared = units.Shared(options.content, options.root, config, day, log, not broken, pages, sheets, options.cache,
                          options.board)
    return Plan(top.compound_folders, shared, diagnostics, top.site.path.read_bytes() if top.site else b"", top.site)


def _unsafe_outputs(options: BuildOptions) -> list[Diagnostic]:
    """Why the output folder (or the print folder) is one a build must not clear, if it is."""
    # Each folder by its name in the messages write.output_problem makes of them.
    inputs = {tr("content"): options.content, tr("templates"): options.templates, tr("cache"): options.cache}
    inputs = {name: path for name, path in inputs.items() if path}
    checks = [(tr("output folder"), "--output", options.output, inputs)]
    if options.pdfs:  # this check also tells when the two folders overlap
        checks.append((tr("print folder"), "--print-output", options.print_output,
                       {**inputs, tr("output folder"): options.output}))
    problems = []
    if options.cache and options.cache.exists() and not options.cache.is_dir():
        problems.append(Diagnostic(Location(relative_path(options.cache, options.root)), tr(
            "the cache folder %(cache)s is a file; choose a folder with --cache", cache=options.cache)))
    problems += _cache_in_content(options)
    for name, option, folder, others in checks:
        built_before = bool(options.cache) and cache.record_file(options.cache, folder).is_file()
        problem = write.output_problem(folder, name, option, others, built_before)
        if problem:
            problems.append(Diagnostic(Location(relative_path(folder, options.root)), problem))
    return problems


def _cache_in_content(options: BuildOptions) -> list[Diagnostic]:
    """The cache keeps the board's sheets: inside the content, they would go wherever it is sent (`check` keeps
    only the content as read there, which the content holds already)."""
    if not options.cache or options.content.resolve() not in [options.cache.resolve(),
                                                                *options.cache.resolve().parents]:
        return []
    return [Diagnostic(Location(relative_path(options.cache, options.root)), tr(
        "the cache folder is inside the content (%(content)s), and would keep copies of what the board alone may "
        "show there; choose a folder outside it with --cache", content=options.content))]


def check(options: BuildOptions, only: str = "") -> BuildResult:
    """Load and validate only (the publication log included); and whether the sheets' font is installed,
    which the build asks only when it prints. With `only`, a compound's folder name, that compound alone
    (and site.yaml and the log): what a secretary checks in a district's shared folder."""
    plan = _plan(options, pages=False, sheets=False)
    if only and only not in plan.folders:
        return _no_such_compound(plan, only, options)
    if only:
        plan.folders = [only]
    result = _checked_only(plan, options)
    font = plan.shared.config.print.font if plan.shared.config and plan.site else None
    if font and not glyphs.font_installed(font):
        result.diagnostics.add(plan.site.error_at(
            ("print", "font"), tr("the font '%(font)s' is not installed on this machine: the build stops when it "
                                  "prints the sheets", font=font), field="print.font",
            hint=tr("`fc-list :lang=zh-cn family` lists the Chinese fonts that are"), severity=Severity.warning))
    return result


def build(options: BuildOptions, progress: Progress | None = None, only_sheets_of: str | None = None,
          waiting: Callable[[], None] = lambda: None, stopped: Callable[[], bool] = lambda: False) -> BuildResult:
    """The whole site (or, with `only_sheets_of`, just the sheets: '' for every compound). While
    another build writes into the same output, `waiting` is called and this one waits for it.
    `stopped` is asked after each compound built and each sheet printed; when it says so, the build
    raises BuildStopped and leaves the output as it was. When the system fails the build (a full disk, a
    file it may not read), the result says so, with the output as it was."""
    try:
        unsafe = _unsafe_outputs(options)  # checked before the lock, which lies beside the output
        if unsafe:
            return BuildResult(Diagnostics(unsafe))
        with contextlib.ExitStack() as locks:
            for folder in _written_folders(options):  # in one order for every build, which then cannot deadlock
                locks.enter_context(write.exclusive(folder, waiting))
            if options.publish and options.content.is_dir():  # last: a build that only writes never holds it
                locks.enter_context(write.publishing(options.content, waiting))
            undone = _recovered(options)
            if only_sheets_of is not None:
                result = _build_site_and_board(options, lambda some: _prepare_sheets(some, only_sheets_of))
            else:
                result = _build_site_and_board(
                    options, lambda some: _prepare_site(some, None if some.board else progress, stopped))
            result.diagnostics.extend(undone)
            return result
    except OSError as error:  # the lock, reading, rendering, staging: `_commit` handles its own, and comes last
        left = (tr("%(output)s/ and %(print)s/ are as they were", output=options.output, print=options.print_output)
                if options.pdfs else tr("%(output)s/ is as it was", output=options.output))
        return BuildResult(Diagnostics([Diagnostic(
            Location(relative_path(options.output, options.root)),
            tr("the build stopped: %(system)s; nothing was written, and %(left)s", system=_system_says(error),
               left=left), hint=_disk_hint())]))


def _written_folders(options: BuildOptions) -> list[Path]:
    """The folders the build writes into, in the order their locks are taken: a second build into the same print
    folder from another output (a second checkout, `serve` beside a build) would mix the two builds' sheets."""
    return sorted({options.output.resolve(), *([options.print_output.resolve()] if options.pdfs else [])})


# Marks beside the output, named with the pid of the build that left them: a publish under way (the log's size
# before its entry, -1 for none, and the entry's sha256), and a build that moved every file of every folder in.
_PUBLISHING, _WRITTEN = "publishing", "written"


def _recovered(options: BuildOptions) -> list[Diagnostic]:
    """What builds killed before they ended (kill -9, a power cut) left: the folders they were moving files into
    put back as they were, unless they had moved every file in; the log's entry of a publish whose files were not
    all written taken back. Marks are removed last: a recovery killed itself is done again by the next build."""
    written_marks = write.marks_left(options.output, _WRITTEN)
    written = set(written_marks)
    found = []
    for folder in _written_folders(options):
        undone, kept = write.recover(folder, written)
        where = Location(relative_path(folder, options.root))
        if undone:
            found.append(Diagnostic(where, tr(
                "the last build into this folder was stopped while it moved its files in (killed, or the machine "
                "went down), and left it half old and half new: its files were put back as they were before it"),
                severity=Severity.warning))
        found += [Diagnostic(where, tr("%(staging)s/ holds the files an earlier build set aside, and its plan cannot "
                                       "be read", staging=staging),
                             hint=tr("compare them with the output, then delete that folder")) for staging in kept]
    found += _taken_back(options, written)
    for mark in written_marks.values():
        mark.unlink()
    write.remove_partials(options.output)
    return found


def _taken_back(options: BuildOptions, written: set[str]) -> list[Diagnostic]:
    """The entry a publish killed before it had written its files left in the log: taken back, as one stopped
    any other way takes it back, so that publishing again records it and lists what to post. Only that entry,
    found where it was written: a log changed since (restored from a copy) is left alone."""
    log = options.content / load.LOG_FILE
    taken = []
    for pid, mark in write.marks_left(options.output, _PUBLISHING).items():
        try:
            size, entry = json.loads(mark.read_text(encoding="utf-8"))
            ours = log.is_file() and units.digest(log.read_bytes()[max(size, 0):]) == entry
        except (OSError, ValueError, TypeError):
            ours = None
        where = Location(relative_path(log, options.root))
        if ours and pid in written:
            taken.append(Diagnostic(where, tr("the last publish was stopped after it had written its files and its "
                                              "log entry, before it said what to post: its entry is the log's last"),
                                    hint=tr("post the sheets it names from the print folder"),
                                    severity=Severity.warning))
        elif ours:
            _take_back_entry(log, size if size >= 0 else None)
            taken.append(Diagnostic(where, tr("the last publish was stopped (killed, or the machine went down) before "
                                              "it had written its files: its entry in the log was taken back"),
                                    hint=tr("publish again"), severity=Severity.warning))
        elif ours is None:
            taken.append(Diagnostic(where, tr("the last publish was stopped, and its mark %(mark)s cannot be read: "
                                              "check the log's last entry, which it may have made", mark=mark.name),
                                    severity=Severity.warning))
        mark.unlink()
    return taken


def _build_site_and_board(options: BuildOptions, prepare: Callable[[BuildOptions], _Pending]) -> BuildResult:
    """The website and, with sheets, the bulletin board's, each rendered in full by `prepare` before either is
    written: when the board's sheets fail (a character no font has, in a value only the board shows), the
    website stays as it was too, and so does the publication log; so do both when one cannot be written, or
    the system or the user stops the build before they are."""
    log = options.content / load.LOG_FILE
    logged = log.stat().st_size if options.publish and log.is_file() else None
    website = prepare(options)
    board = None
    written: list[_Pending] = []
    try:
        if options.publish and website.ready:
            website = _publish(options, website, prepare, logged)
        if options.pdfs and website.ready:
            board = prepare(dataclasses.replace(options, output=options.print_output, board=True, publish=False))
            _add_board(website.result, board.result)
        if board and not board.ready:
            return _not_written(website.result, options, log, logged)
        written = [pending for pending in (website, board) if pending]
        failure = _commit(written, options)
        if failure:
            website.result.diagnostics.add(failure)
            return _not_written(website.result, options, log, logged)
        for pending in written:
            website.result.diagnostics.extend(pending.keep_record())
        website.result.diagnostics.extend(_held_back_warnings(website.result, options))
        if board:
            website.result.board_written = True
            website.result.board_changed = sorted(path for path in (board.staging.staged if board.staging else ())
                                                  if path != write.MARKER)
        return website.result
    except BaseException:  # an error of the system, or Ctrl-C: the log keeps its entry only if the build was written
        if not any(pending.committed is not None for pending in written):
            _not_written(website.result, options, log, logged)
        raise
    finally:
        # The publishing mark first and the written mark last: left alone, the first takes back a log entry
        # unless the second says its files were written (see `_recovered`).
        write.mark_path(options.output, _PUBLISHING).unlink(missing_ok=True)
        website.discard()
        if board:
            board.discard()
        write.mark_path(options.output, _WRITTEN).unlink(missing_ok=True)


def _disk_hint() -> str:
    return tr("free some disk space, or mend what the system says above, then build again")


def _not_written(result: BuildResult, options: BuildOptions, log: Path, logged: int | None) -> BuildResult:
    """Take back the log's entry of a build that was not written: it would record a publication that did not
    happen. `logged`: the log's size before the build (None: there was none)."""
    if options.publish:
        _take_back_entry(log, logged)
    result.published, result.held_back = None, []
    return result


def _take_back_entry(log: Path, logged: int | None) -> None:
    """The log as it was at `logged` bytes (None: there was none)."""
    if logged is None:
        log.unlink(missing_ok=True)
    else:
        os.truncate(log, logged)


def _commit(builds: list[_Pending], options: BuildOptions) -> Diagnostic | None:
    """Move every build into its output, or none: when one cannot be written, those written before it are
    rolled back, and what went wrong is returned. Once all are, a mark says so beside the website's output: a
    build killed before it leaves every folder to be put back by the next, and its log entry to be taken back."""
    for number, pending in enumerate(builds):
        try:
            pending.commit()
        except BaseException as error:
            for done in builds[:number]:
                done.rollback()
            if not isinstance(error, OSError):
                raise
            lost = [tr("%(files)s in %(output)s/ (their copies are in %(folder)s/)",
                       files=messages.joined(b.staging.not_restored[:5]), output=b.options.output,
                       folder=b.staging.folder) for b in builds[:number + 1] if b.staging and b.staging.not_restored]
            kept = (tr("these files could not be put back as they were: %(lost)s", lost=clauses(lost)) if lost
                    else tr("every folder it writes into is as it was"))
            return Diagnostic(Location(relative_path(pending.options.output, pending.options.root)), tr(
                "could not write into %(output)s/: %(system)s; nothing of this build was written, and %(kept)s",
                output=pending.options.output, system=_system_says(error), kept=kept), hint=_disk_hint())
    with contextlib.suppress(OSError):  # without it, a build killed now is only undone in full by the next
        write.write_durably(write.mark_path(options.output, _WRITTEN), "")
    return None


def _system_says(error: OSError) -> str:
    """What the system said, with the file it said it of: the target of a move (not the staged file)."""
    name = error.filename2 or error.filename
    return f"{error.strerror or error}" + (f" ({os.fsdecode(name)})" if name else "")


def _add_board(website: BuildResult, board: BuildResult) -> None:
    """Only the problems of the board's build that the website's did not report."""
    reported = {diagnostic.format() for diagnostic in website.diagnostics.items}
    website.diagnostics.extend([d for d in board.diagnostics.items if d.format() not in reported])
    website.board_files, website.board_printed = board.files, board.sheets_rendered


def _publish(options: BuildOptions, website: _Pending, prepare: Callable[[BuildOptions], _Pending],
             logged: int | None) -> _Pending:
    """Publishing builds twice: once to know every document's code, and once more
    after the log gained its entry, so that the pages show the entry. `logged`: the log's size before."""
    log, _ = publication.read_log(options.content / load.LOG_FILE, "")
    entry = publication.next_entry(log, website.result.codes, website.result.build_date)
    if entry is None:
        return website
    # On the disk before the entry, which a publish killed before its files are written leaves (see `_taken_back`).
    write.write_durably(write.mark_path(options.output, _PUBLISHING), json.dumps(
        [-1 if logged is None else logged, units.digest(publication.log_line(entry).encode("utf-8"))]))
    publication.append(options.content / load.LOG_FILE, entry)
    website.discard()
    again = prepare(options)
    again.result.published = entry
    again.result.sheets_rendered += website.result.sheets_rendered  # printed by the first of the two builds
    return again


@dataclass
class _Pending:
    """A build rendered into its staging folder beside the output, not yet moved in. `commit` moves it in
    and keeps its record; `discard` removes the staging folder (all that is left of it after a commit)."""

    result: BuildResult
    options: BuildOptions | None = None
    staging: write.Staging | None = None
    wanted: dict[str, str] = field(default_factory=dict)  # every file it writes, with its sha256
    keep: Callable[[str], bool] = lambda path: False  # the files already there that are not `wanted` but stay
    record: Callable[[write.Present], cache.BuildRecord] | None = None  # given the output as committed

    @property
    def ready(self) -> bool:
        """It rendered without errors, or found the output up to date."""
        return self.staging is not None or self.result.up_to_date

    def commit(self) -> None:
        """Move the staged files in; raises OSError, with the output as it was, when they cannot be."""
        if self.staging is None:
            return
        self.staging.commit(self.wanted, self.keep)
        self.result.written = True

    @property
    def committed(self) -> write.Present | None:
        """The output after `commit`, as the staging itself says: a Ctrl-C landing just after the commit ended,
        before this was told, must not count it as not written."""
        return self.staging.after if self.staging else None

    def rollback(self) -> None:
        """Undo `commit`; what could not be put back as it was is in `staging.not_restored`."""
        if self.staging is not None and self.committed is not None:
            self.result.written = False
            self.staging.rollback()

    def keep_record(self) -> list[Diagnostic]:
        """Once every build is committed: the record of this one, for the next build to compare with. One
        that cannot be kept is only a warning: the next build, finding the output other than the last record
        says, builds again what this one built."""
        if self.committed is None or not self.record:
            return []
        try:
            cache.save(self.options.cache, self.options.output, self.record(self.committed))
        except OSError as error:
            return [Diagnostic(Location(relative_path(self.options.cache, self.options.root)),
                               tr("the record of this build could not be kept: %(system)s; the next build will "
                                  "build everything it built again", system=_system_says(error)), hint=_disk_hint(),
                               severity=Severity.warning)]
        return []

    def discard(self) -> None:
        if self.staging is not None:
            self.staging.discard()


def _prepare_site(options: BuildOptions, progress: Progress | None, stopped: Callable[[], bool]) -> _Pending:
    plan = _plan(options, pages=not options.board, sheets=options.pdfs)
    shared = plan.shared
    if shared.config is None or plan.diagnostics.errors:
        return _Pending(_checked_only(plan, options))
    record = cache.load(options.cache, options.output) if options.cache else None
    inputs = cache.Inputs(record.inputs if record else None)
    key = inputs.shared_key(plan.site_file, options.templates, str(shared.day), str(options.root.resolve()),
                            str(options.content.resolve()), "board" if options.board else "web",
                            messages.language())  # the record keeps each compound's problems as they were said
    logged = publication.compound_parts(shared.log)  # the log is intact here: a broken one is an error
    folders = {slug: inputs.folder_key(key, options.content / slug, logged.get(slug, "")) for slug in plan.folders}
    present = write.scan(options.output)
    keys = cache.Keys(key, folders, pdf.fingerprint(shared.config.print.font) if options.pdfs else "")
    if record and record.unchanged(keys, present):
        return _Pending(_result(plan, list(record.compounds.values()), written=True, files=_counted(present),
                                up_to_date=True))
    staging = write.Staging(options.output, present, record.known(present) if record else {})
    try:
        result, district_key, district = _render(plan, record, keys, staging, options, progress, stopped)
    except BaseException:
        staging.discard()
        raise
    if options.cache and not options.board:
        memo.prune(options.cache, [*plan.folders, i18n.CATALOGUE_MEMO])
    if result.failed:
        staging.discard()
        return _Pending(result)
    wanted = {path: digest for c in result.compounds.values() for path, digest in c.outputs.items()}
    wanted.update(district)
    result.files = _counted(wanted)
    result.sheets = sum(path.endswith(".pdf") for path in wanted) if options.pdfs else 0
    # A compound held back is recorded with the folder key it was built from (none, if never built): the next
    # build checks it again.
    folders.update({slug: record.folders.get(slug, "") if record else "" for slug in result.held_back})
    record = (lambda after: cache.BuildRecord(key, folders, result.compounds, after, wanted, inputs, district_key)
              ) if options.cache else None
    with_pages = [slug for slug in result.held_back if result.compounds[slug].outputs]
    return _Pending(result, options, staging, wanted, _kept(options, None, wanted, with_pages), record)


def _render(plan: Plan, record: cache.BuildRecord | None, keys: cache.Keys, staging: write.Staging,
            options: BuildOptions, progress: Progress | None, stopped: Callable[[], bool]
            ) -> tuple[BuildResult, str, dict[str, str]]:
    """Every compound not taken from the record, the district's pages and the PDFs, each file staged as
    soon as it is made; with the key of what the district's pages show, and their files."""
    reused = record.reusable(keys, staging.present) if record else {}
    renderer = render.Renderer(options.templates, plan.shared.config, options.root, options.cache)
    changed = [slug for slug in plan.folders if slug not in reused]
    kept = record.kept_pages(keys, changed, staging.known) if record else {}
    fresh = units.build_compounds(changed, plan.shared, renderer, options.workers, progress,
                                  lambda built: _stage(built, staging, stopped), kept)
    built = {**reused, **{b.slug: b for b in fresh}}
    holdable, refusals = _holdable(built, record, staging, plan, options)
    held = holdable if options.keep_going else {}
    for slug, refusal in refusals.items() if options.keep_going else ():
        built[slug].diagnostics.append(refusal)
    result = _result(plan, [held.get(slug, built[slug]) for slug in plan.folders],
                     reported=[built[slug] for slug in plan.folders], held=held)
    if result.failed:
        result.held_back = []  # nothing is, as nothing is built
        if not options.keep_going:
            result.could_hold_back = _would_build_the_others(holdable, refusals, built, result)
        return result, "", {}
    district_key = _district_key(keys.shared, list(result.compounds.values()))
    district = record.district_outputs() if record and record.district_key == district_key else {}
    if not district or any(staging.known.get(path) != digest for path, digest in district.items()):
        files = _district_files(list(result.compounds.values()), renderer, options, result)
        district = {path: _digest(item) for path, item in files.items()}
        for path, item in files.items():
            staging.add(path, item, district[path])
    if options.pdfs:
        printed = [compound for compound in fresh if not compound.failed]
        for path, data in _print(printed, plan.shared.config, keys.printing, options, result, stopped,
                                 prune=not reused and not held).items():
            staging.add(path, data, units.digest(data))
    for compound in fresh:
        compound.fresh = None  # the record keeps what was built, not the bytes
    return result, district_key, district


def _holdable(built: dict[str, units.CompoundBuild], record: cache.BuildRecord | None, staging: write.Staging,
              plan: Plan, options: BuildOptions) -> tuple[dict[str, units.CompoundBuild], dict[str, Diagnostic]]:
    """Of the compounds with errors, those that can stay as they were last built without them (`--keep-going`),
    and why each other cannot, as an error. One that can is its part of the output: the pages and sheets of
    that build, all still there as it left them, or nothing for one never built that has nothing there."""
    held, refusals = {}, {}
    for slug, now in built.items():
        if not now.failed or not _its_own(now, plan, options):
            continue
        last = (record.compounds.get(slug) if record else None) or units.CompoundBuild(slug, [])
        why = _why_not_held(last, staging, plan.shared, options)
        if why is None:
            # Its pages are never kept by the next build, which may be under other templates, site.yaml or date.
            held[slug] = dataclasses.replace(last, page_keys={})
        else:
            refusals[slug] = Diagnostic(
                Location(relative_path(plan.shared.content / slug, options.root)),
                tr("this compound has errors, and cannot be kept as last built: %(why)s; nothing was written",
                   why=why[0]), hint=why[1])
    return held, refusals


def _would_build_the_others(holdable: dict[str, units.CompoundBuild], refusals: dict[str, Diagnostic],
                            built: dict[str, units.CompoundBuild], result: BuildResult) -> str:
    """The compounds `--keep-going` would hold back, when that is all it takes to build the others."""
    theirs = {d for slug in holdable for d in built[slug].diagnostics}
    if holdable and not refusals and all(error in theirs for error in result.diagnostics.errors):
        return _summary(sorted(holdable), holdable)
    return ""


def _its_own(compound: units.CompoundBuild, plan: Plan, options: BuildOptions) -> bool:
    """Every error of the compound is in its own folder: its secretary's to fix. A template's (which may show in
    one compound only) stops the build, as one in site.yaml does."""
    folder = relative_path(plan.shared.content / compound.slug, options.root)
    return all(d.location.path == folder or d.location.path.startswith(f"{folder}/")
               for d in compound.diagnostics if d.severity is Severity.error)


def _why_not_held(last: units.CompoundBuild, staging: write.Staging, shared: units.Shared, options: BuildOptions
                  ) -> tuple[str, str] | None:
    """Why a compound with errors cannot stay as it was `last` built, and what to do; None if it can."""
    output = relative_path(options.output, options.root)
    folder = f"{output}/{last.slug}/"
    fix = tr("fix its errors (listed with its files), then %(again)s", again=_again(options))
    if options.board and not options.publish:
        fix = tr("%(fix)s; meanwhile, build --no-pdf --keep-going updates the website alone", fix=fix)
    changed = next((path for path, digest in last.outputs.items() if staging.known.get(path) != digest), None)
    if changed:
        file = f"{output}/{changed}"
        return (tr("%(file)s is no longer as its last build without errors left it", file=file)
                if changed in staging.present else
                tr("%(file)s is missing, not as its last build without errors left it", file=file), fix)
    if not last.outputs and any(path.startswith(f"{last.slug}/") for path in staging.present):
        return (tr("%(folder)s holds files, but no build without errors (with this cache folder) made them, so none "
                   "of them can be kept", folder=folder), fix)
    if options.publish and not _as_logged(last, shared):
        return (tr("its pages as last built were never published, and it cannot be published with errors")
                if last.outputs else tr("its documents were published, but no build of it into this output (with "
                                        "this cache folder) is left to keep")), fix
    return None


def _as_logged(built: units.CompoundBuild, shared: units.Shared) -> bool:
    """The compound's documents, as `built`, are those the publication log holds as published: publishing with
    it held back then records nothing of it, and its pages, built before, show all the log says of them."""
    logged = {document: code for document, (code, _) in shared.last_published.items()
              if document.startswith(f"{built.slug}/") and code != publication.TAKEN_DOWN}
    return logged == {publication.document_id(key): code for key, code in built.codes.items()}


def _again(options: BuildOptions) -> str:
    if options.serving:
        return tr("save its files: serve builds again at once")
    return tr("publish again") if options.publish else tr("build again")


def _held_back_warnings(result: BuildResult, options: BuildOptions) -> list[Diagnostic]:
    """Once a build is written: each compound it held back, and what the site shows of it."""
    return [Diagnostic(
        Location(relative_path(options.content / slug, options.root)),
        _held_back(tr("held back: this compound's part of the site stays as last built without errors, and shows "
                      "none of the changes since") if result.compounds[slug].outputs else
                   tr("held back: this compound is not on the site until its errors are fixed"), options),
        hint=tr("fix its errors, then %(again)s", again=_again(options)), severity=Severity.warning)
        for slug in result.held_back]


def _held_back(held: str, options: BuildOptions) -> str:
    if options.publish:
        return tr("%(held)s; none of its changes were recorded in the publication log; the other compounds were built",
                  held=held)
    return tr("%(held)s; the other compounds were built", held=held)


def held_back_summary(result: BuildResult) -> str:
    """The compounds a build held back, and what the site shows of them, in a few words."""
    return _summary(result.held_back, result.compounds)


def _summary(slugs: list[str], as_held: dict[str, units.CompoundBuild]) -> str:
    kept = [slug for slug in slugs if as_held[slug].outputs]
    off = [slug for slug in slugs if slug not in kept]
    parts = []
    if kept:
        parts.append(tr("%(compound)s stays as last built without errors", compound=kept[0]) if len(kept) == 1 else
                     tr("%(compounds)s stay as last built without errors", compounds=messages.joined(kept)))
    if off:
        parts.append(tr("%(compound)s stays off the site until its errors are fixed", compound=off[0])
                     if len(off) == 1 else tr("%(compounds)s stay off the site until their errors are fixed",
                                              compounds=messages.joined(off)))
    return clauses(parts)


def _stage(compound: units.CompoundBuild, staging: write.Staging, stopped: Callable[[], bool]) -> None:
    """Write a compound's changed files beside the output while the others are still rendering; between
    compounds is also where a build asked to stop does so."""
    if stopped():
        raise BuildStopped
    if compound.failed or compound.fresh is None:
        return
    for path, item in {**compound.fresh.files, **compound.fresh.copies}.items():
        staging.add(path, item, compound.outputs[path])
    compound.fresh.files, compound.fresh.copies = {}, {}  # written: no need to hold them


def _district_key(shared: str, compounds: list[units.CompoundBuild]) -> str:
    """A key of everything the district's own pages show: each compound's card and pages. Every field of a card
    and of its notices counts, so that none added later is left out."""
    return units.digest(shared.encode() + to_json([(c.card, c.sitemap) for c in compounds]))


def _result(plan: Plan, compounds: list[units.CompoundBuild], reported: list[units.CompoundBuild] | None = None,
            held: dict[str, units.CompoundBuild] | None = None, **outcome) -> BuildResult:
    """The district-wide diagnostics with every compound's (those `reported`, when some are `held` back as last
    built), and every document's code."""
    diagnostics = Diagnostics()
    diagnostics.extend(plan.diagnostics)
    for compound in reported or compounds:
        diagnostics.extend(compound.diagnostics)
    diagnostics.extend(_same_names(compounds, plan.shared) + _same_registrations(compounds, plan.shared))
    held = held or {}
    held_errors = {d for c in reported or () if c.slug in held for d in c.diagnostics if d.severity is Severity.error}
    site_path = urlsplit(plan.shared.config.base_url).path if plan.shared.config else ""
    codes = {key: code for c in compounds for key, code in c.codes.items()}
    entry = publication.next_entry(plan.shared.log, codes, plan.shared.day) if plan.shared.log else None
    names = {publication.document_id(key): name for c in compounds for key, name in c.names.items()}
    return BuildResult(diagnostics, build_date=plan.shared.day, site_path=site_path, codes=codes, names=names,
                       unpublished=len(entry.documents) if entry else 0, compounds={c.slug: c for c in compounds},
                       held_back=sorted(held), _held_errors=held_errors, **outcome)


def _same_names(compounds: list[units.CompoundBuild], shared: units.Shared) -> list[Diagnostic]:
    """Compounds of one name, which residents could not tell apart on the district's pages (a folder copied)."""
    return [Diagnostic(where, tr("the same name as the compound in '%(other)s' ('%(name)s'): residents could not tell "
                                 "them apart on the district's pages", other=other, name=name), field="name",
                       severity=Severity.warning,
                       hint=tr("if the folder is a copy, delete it; else name each as residents know it apart, like "
                               "安居小区（北区）"))
            for where, other, name in _alike(compounds, shared, lambda c: c.card.name if c.card else "",
                                             lambda name, text: text.startswith("name:"))]


def _same_registrations(compounds: list[units.CompoundBuild], shared: units.Shared) -> list[Diagnostic]:
    """Owners' committees of one registration number: most often a compound folder copied with another's
    committee, whose name, registration and contacts its home page would show. A warning, as the two phases of
    one property management area (一期, 二期), kept apart, share their one committee."""
    return [Diagnostic(where, tr("the owners' committee's registration number %(number)s is also that of the "
                                 "committee of '%(other)s': was one folder copied from the other?", number=number,
                                 other=other),
                       field="owners_committee.registration.number", severity=Severity.warning,
                       hint=tr("write in this committee's own, from its certificate (登记证书), and its own name and "
                               "contacts; if the two are one property management area with one committee (一期、二期), "
                               "this is right"))
            for where, other, number in _alike(compounds, shared, lambda c: c.registration,
                                               lambda number, text: number in text)]


def _alike(compounds: list[units.CompoundBuild], shared: units.Shared, value_of: Callable[[units.CompoundBuild], str],
           on_line: Callable[[str, str], bool]) -> list[tuple[Location, str, str]]:
    """Each compound whose `value_of` an earlier compound has too: where its profile gives it (the first line
    `on_line` picks), the earlier compound, and the value. Compounds without one ('') are passed by."""
    first: dict[str, str] = {}
    found = []
    for compound in compounds:
        value = value_of(compound)
        if value in first:
            profile = shared.content / compound.slug / "compound.yaml"
            found.append((Location(shared.shown(profile), _profile_line(profile, lambda text: on_line(value, text))),
                          first[value], value))
        elif value:
            first[value] = compound.slug
    return found


def _profile_line(profile: Path, found: Callable[[str], bool]) -> int:
    """The first line of a compound's profile that `found` picks (0 if none does)."""
    lines = profile.read_text(encoding="utf-8").splitlines()
    return next((number for number, text in enumerate(lines, 1) if found(text)), 0)


def _checked_only(plan: Plan, options: BuildOptions) -> BuildResult:
    """Every compound checked, nothing built (`check`, or site.yaml or the log has errors)."""
    checked = units.build_compounds(plan.folders, plan.shared, None, options.workers)
    return _result(plan, checked)


def _district_files(compounds: list[units.CompoundBuild], renderer: render.Renderer, options: BuildOptions,
                    result: BuildResult) -> dict[str, bytes | Path]:
    """Home, 404, sitemap and the static files, made from every compound's card and page list (and the
    marker that the folder is a build's output: all the board's build has besides its sheets)."""
    if options.board:
        return {write.MARKER: write.MARKER_TEXT}
    website = site.district_site([c.card for c in compounds if c.card], result.build_date, renderer.static_files,
                                 [path for c in compounds for path in c.sitemap])
    files, problems = render.render_site(website, renderer)
    result.diagnostics.extend(problems)
    return {**files, write.MARKER: write.MARKER_TEXT, **{copy.path: copy.source for copy in website.copies}}


def _counted(paths: Iterable[str]) -> int:
    """The output's files but its marker: what the secretary publishes or prints."""
    return sum(path != write.MARKER for path in paths)


def _digest(item: bytes | Path) -> str:
    return units.file_digest(item) if isinstance(item, Path) else units.digest(item)


def _prepare_sheets(options: BuildOptions, slug: str) -> _Pending:
    """`noticeboard pdf [COMPOUND]`: the sheets and board packs alone, the pages left as they are (the
    website's sheets into the output, or with `options.board` the bulletin board's into the print folder)."""
    plan = _plan(options, pages=False, sheets=True)
    if plan.shared.config is None or plan.diagnostics.errors:
        return _Pending(_checked_only(plan, options))
    if slug and slug not in plan.folders:
        return _Pending(_no_such_compound(plan, slug, options))
    renderer = render.Renderer(options.templates, plan.shared.config, options.root, options.cache)
    compounds = units.build_compounds([slug] if slug else plan.folders, plan.shared, renderer, options.workers)
    result = _result(plan, compounds)
    if result.diagnostics.errors:
        return _Pending(result)
    if not options.board and options.cache:
        result.diagnostics.extend(_pages_behind(cache.load(options.cache, options.output), compounds, options))
    pdfs = _print(compounds, plan.shared.config, pdf.fingerprint(plan.shared.config.print.font), options, result,
                  prune=not slug)
    if result.diagnostics.errors:
        return _Pending(result)
    # The build record notices the sheets this rewrites (their size and time change) and builds
    # their compounds again next time; nothing else needs telling.
    digests = {path: digest for c in compounds for path, digest in c.outputs.items() if path in pdfs}
    result.files = result.sheets = len(digests)  # before the marker is added
    pdfs[write.MARKER], digests[write.MARKER] = write.MARKER_TEXT, units.digest(write.MARKER_TEXT)
    staging = write.Staging(options.output, write.scan(options.output), {})
    try:
        for path, data in pdfs.items():
            staging.add(path, data, digests[path])
    except BaseException:
        staging.discard()
        raise
    return _Pending(result, options, staging, digests, _kept(options, slug))


def _no_such_compound(plan: Plan, slug: str, options: BuildOptions) -> BuildResult:
    """A compound named that is none of the content's folders (`lanting/` given for lanting, or another case)."""
    plan.diagnostics.add(Diagnostic(Location(relative_path(options.content, options.root)), tr(
        "no compound '%(slug)s': the compounds are %(compounds)s", slug=slug, compounds=messages.joined(plan.folders))
        if plan.folders else tr("no compound '%(slug)s': the compounds are none", slug=slug),
        hint=tr("name a compound by its folder's name alone, as it is written")))
    return _result(plan, [])


def _pages_behind(record: cache.BuildRecord | None, compounds: list[units.CompoundBuild], options: BuildOptions
                  ) -> list[Diagnostic]:
    """A compound whose pages, as last built, show other versions of its documents than the sheets now
    printed: the page and the sheet beside it would carry different verification codes."""
    built = record.compounds if record else {}
    return [Diagnostic(Location(relative_path(options.content / c.slug, options.root)),
                       tr("its pages in %(output)s/ show older versions of %(count)s of its documents than the sheets "
                          "now printed, and other verification codes", output=options.output, count=len(behind)),
                       hint=tr("run noticeboard build to bring the pages up to date"), severity=Severity.warning)
            for c in compounds if c.slug in built
            and (behind := {key for key, code in c.codes.items() if built[c.slug].codes.get(key) != code})]


def _kept(options: BuildOptions, only_sheets_of: str | None, wanted: Collection[str] = (),
          held_back: Collection[str] = ()) -> Callable[[str], bool]:
    """Which files already in the output a partial build leaves alone. Without sheets, the last printed
    ones stay beside the pages that are still `wanted`: those of a deleted notice or compound go with it.
    The sheets of the compounds `held_back` stay too (a build without sheets left them beside pages it recorded,
    which are `wanted`), and so do the static files, to which their pages may link under old names."""
    if only_sheets_of is not None:  # the compound's sheets it does not print again are gone; nothing else is
        return lambda path: not (site.is_sheet(path) and path.startswith(f"{only_sheets_of}/"))
    held = tuple(f"{slug}/" for slug in held_back)
    static = (f"{site.STATIC_FOLDER}/",) if held_back else ()
    if not options.pdfs:
        folders = {os.path.dirname(path) for path in wanted}
        return lambda path: path.startswith(static) or (site.is_sheet(path) and (
            path.startswith(held) or os.path.dirname(path) in folders))
    return lambda path: path.startswith(static) or (site.is_sheet(path) and path.startswith(held))


def _print(compounds: list[units.CompoundBuild], config: SiteConfig, fingerprint: str, options: BuildOptions,
           result: BuildResult, stopped: Callable[[], bool] = lambda: False, prune: bool = False) -> dict[str, bytes]:
    """The sheets and board packs of `compounds` as PDF bytes, each added to its compound's outputs
    (and the compound marked as printed with `fingerprint`); problems go into the result's diagnostics.
    `prune`: `compounds` are all the site's, so that every cached sheet still printed was used now, and
    those not used for long can go."""
    jobs = [job for c in compounds for job in c.fresh.sheets]
    font = config.print.font
    cache = pdf.SheetCache(options.cache.resolve() if options.cache else None, fingerprint)
    pdfs, problems, rendered = pdf.render_sheets(jobs, cache, options.workers, ready=lambda: [
        Diagnostic(Location(tr("(this machine)")), problem) for problem in pdf.environment_problems(font)],
        stopped=stopped)
    result.diagnostics.extend(problems)
    result.sheets_rendered = rendered
    for compound in compounds:
        own = [job.path for job in compound.fresh.sheets]
        pack = compound.fresh.pack
        if pack and all(path in pdfs for path in pack.sheets):
            pdfs[pack.path] = _board_pack([pdfs[path] for path in pack.sheets], cache)
            own.append(pack.path)
        compound.outputs.update({path: units.digest(pdfs[path]) for path in own if path in pdfs})
        compound.printed = fingerprint
    if prune:
        cache.prune()
    return pdfs


def _board_pack(members: list[bytes], cache: pdf.SheetCache) -> bytes:
    key = pdf.pack_key(members)
    merged = cache.get(key)
    if merged is None:
        merged = pdf.merge(members)
        cache.put(key, merged)
    return merged
