"""The `noticeboard` command. It prints what the commands report; `serve` also prints as it runs.

Exit codes: 0 success (warnings allowed); 1 content or template errors, in
which case nothing was written (or, when only the bulletin board's sheets
failed, only the website, as the message says); 2 a mistake on the command line.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from generator import load, messages, publication, scaffold
from generator.build import (DEFAULT_CACHE, DEFAULT_TEMPLATES, BuildOptions, BuildResult, build, check,
                             held_back_summary, today_for)
from generator.model.finance import Quarter
from generator.screening import EARLIEST, LATEST

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_STOPPED = 0, 1, 130  # 130: stopped, as shells say of Ctrl-C
LISTED_AT_MOST = 10  # the board's new or changed sheets are named one by one up to this many, else counted

content_option = click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help="Folder holding site.yaml and one folder per compound.")
output_option = click.option("--output", type=click.Path(path_type=Path), default=Path("output"),
                             show_default=True,
                             help="Folder the site is written to; files the build does not make are removed.")
print_option = click.option("--print-output", type=click.Path(path_type=Path), default=Path("print"),
                            show_default=True,
                            help="Folder the bulletin board's sheets are written to, with what only the board may "
                            "show: print them from here, never publish it.")
templates_option = click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False),
                                default=DEFAULT_TEMPLATES, help="Templates folder (default: the project's).")


class _Day(click.ParamType):
    """A day written YYYY-MM-DD, as in the content files, from a year content may have."""

    name = "date"

    def convert(self, value, parameter: click.Parameter | None, context: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(value)
        except ValueError as error:
            impossible = f", which is not a day: {error}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
            self.fail(f"expected a date like 2026-11-25, found '{value}'{impossible}", parameter, context)
        if not EARLIEST <= day <= LATEST:
            self.fail(f"expected a day from {EARLIEST.year} to {LATEST.year}, found {day}", parameter, context)
        return day


date_option = click.option("--date", "build_date", type=_Day(), default=None,
                           help="The day to check or build as of (YYYY-MM-DD): it decides which notices are posted. "
                           "Default: SOURCE_DATE_EPOCH, else today.")
keep_going_option = click.option(
    "--keep-going", is_flag=True,
    help="A compound with errors keeps its part of the site (pages and sheets) as last built without errors, and "
    "the others are built. Without it, an error in any compound stops the whole build.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings only.")
cache_option = click.option("--cache", type=click.Path(path_type=Path), default=DEFAULT_CACHE, show_default=True,
                            help="Folder of the build record and the printed sheets, so that only what changed "
                            "is built and printed again. Safe to delete.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="noticeboard")
def main() -> None:
    """Build a compound notice-board website from YAML and Markdown files."""
    messages.use(messages.language_of_environment())  # read again for each command, as tests change it
    _stop_on_sigterm()


def _stop_on_sigterm() -> None:
    """SIGTERM (systemd, Docker, `timeout`) stops a build as Ctrl-C does, so that it puts its folders back as
    they were: killed outright while it moved its files in, it left the output half old and half new. Once
    stopping, it is not stopped again: `timeout` and systemd signal the build and then its process group, as a
    second Ctrl-C does, and the second signal broke off the stopping and hung the build, waiting for its workers."""
    main_process = os.getpid()

    def stop(signal_number: int, frame: object) -> None:
        if os.getpid() != main_process:  # a worker forked from this process: it ends as it always did
            signal.signal(signal_number, signal.SIG_DFL)
            os.kill(os.getpid(), signal_number)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def build_options(command: Callable) -> Callable:
    """The options every building command shares; the command receives them as one BuildOptions."""

    @content_option
    @output_option
    @print_option
    @templates_option
    @date_option
    @cache_option
    @quiet_option
    @functools.wraps(command)
    def with_options(content: Path, output: Path, print_output: Path, templates: Path, build_date, cache: Path,
                     quiet: bool, **rest) -> None:
        options = BuildOptions(content, output, templates, build_date, cache=cache,
                               print_output=print_output)
        command(options, quiet, **rest)

    return with_options


@main.command("build", short_help="Check, then build the site and the printed sheets.")
@click.option("--no-pdf", is_flag=True, help="Skip the printed sheets (the last ones built stay in the output).")
@keep_going_option
@build_options
def build_command(options: BuildOptions, quiet: bool, no_pdf: bool, keep_going: bool) -> None:
    """Check the content, then build the whole site and its printed sheets into the output folder, and the
    bulletin board's sheets into the print folder."""
    options.pdfs, options.keep_going = not no_pdf, keep_going
    _run(options, quiet, None)


@main.command("pdf", short_help="Print only the sheets, of one compound or of all.")
@click.argument("compound", required=False, default="")
@build_options
def pdf_command(options: BuildOptions, quiet: bool, compound: str) -> None:
    """Print only the sheets (of COMPOUND, or of all), with each compound's board pack (the sheets on its board
    on --date): the website's into the output folder, the bulletin board's into the print folder."""
    if compound:
        _existing_compound(options.content, compound)
    _run(options, quiet, compound)


def _existing_compound(content: Path, compound: str) -> None:
    """Stops the command, naming the compounds there are, unless `compound` is one of them."""
    try:
        scaffold.compound_folder(content, compound)
    except scaffold.ScaffoldError as error:
        raise _click_error(error) from None


@main.command("publish", short_help="Build, then record what is new or changed in the log.")
@build_options
@click.option("--take-down", "take_down", multiple=True, metavar="COMPOUND",
              help="Record every document of COMPOUND, whose folder left the content, as taken down (repeat for "
              "more). Without it, publishing stops when a published compound's folder is missing.")
@keep_going_option
def publish_command(options: BuildOptions, quiet: bool, take_down: tuple[str, ...], keep_going: bool) -> None:
    """Build everything, then record the new and changed documents in the publication log."""
    options.publish, options.take_down, options.keep_going = True, take_down, keep_going
    _run(options, quiet, None)


def _run(options: BuildOptions, quiet: bool, only_sheets_of: str | None) -> None:
    def waiting() -> None:
        folders = f"{options.output}/ or {options.print_output}/" if options.pdfs else f"{options.output}/"
        log = f", or publishing from {options.content}/" if options.publish else ""
        click.echo(f"Another build is writing into {folders}{log}: waiting for it to finish...", err=True)

    try:
        if quiet or not sys.stderr.isatty():
            result = build(options, only_sheets_of=only_sheets_of, waiting=waiting)
        else:
            with click.progressbar(length=1, label="Building compounds", file=sys.stderr) as bar:
                result = build(options, lambda done, total: _advance(bar, done, total), only_sheets_of, waiting)
    except KeyboardInterrupt:
        folders = f"{options.output}/ and {options.print_output}/ are" if options.pdfs else f"{options.output}/ is"
        log = " (so is the publication log)" if options.publish else ""
        click.echo(f"Stopped: {folders} as before{log}, unless the build had already finished writing.",
                   err=True)
        sys.exit(EXIT_STOPPED)
    _report(result, quiet)
    if result.could_hold_back and not result.written:
        click.echo(f"To {'publish' if options.publish else 'build'} the other compounds meanwhile (while "
                   f"{result.could_hold_back}), run the same command again with --keep-going.", err=True)
    if result.written and not quiet:
        sheets = f" ({result.sheets} of them sheets, {result.sheets_rendered} printed anew)" if result.sheets else ""
        if result.up_to_date:
            click.echo(f"Nothing changed since the last build: {options.output}/ ({result.files} files) is up to "
                       f"date (as of {result.build_date}).")
        else:
            click.echo(f"Built {result.files} files{sheets} into {options.output}/ (as of {result.build_date}).")
        if not options.pdfs:
            click.echo("The sheets were not printed (--no-pdf): a page's print version is the one printed last, or "
                       "none yet. Build without --no-pdf before publishing.")
        if not options.publish:
            _say_unpublished(result, options)
        if result.board_written:
            click.echo(f"The bulletin board's sheets and board packs ({result.board_files} files, "
                       f"{len(result.board_changed)} of them new or changed since the last build) are in "
                       f"{options.print_output}/: print them from there, and never publish that folder.")
            if len(result.board_changed) <= LISTED_AT_MOST:
                for path in result.board_changed:
                    click.echo(f"  new or changed: {options.print_output}/{path}")
    if result.written and options.publish and not quiet:
        _say_published(result, options)
    sys.exit(EXIT_OK if result.written and not result.diagnostics.errors else EXIT_CONTENT_ERRORS)


def _say_unpublished(result: BuildResult, options: BuildOptions) -> None:
    """What publishing would record now, in a content that keeps a log: built and put online unpublished, a
    changed document's verify page gives its new version no day, and the log never has it."""
    if count := result.unpublished:
        click.echo(f"{count} document{' is' if count == 1 else 's are'} new, changed or taken down since the last "
                   f"publication in {options.content / load.LOG_FILE}: `noticeboard publish` records them, before "
                   f"{options.output}/ goes online (run by whoever keeps the log).")


def _say_published(result: BuildResult, options: BuildOptions) -> None:
    """What was recorded, each document with its code; a changed one's sheet is to be posted again."""
    held = (f" Nothing of what was held back is recorded: {held_back_summary(result)}." if result.held_back
            else "")
    if not result.published:
        click.echo("Nothing new to record: every document " + ("of the compounds built " if held else "")
                   + f"is as last published.{held}")
        return
    log, _ = publication.read_log(options.content / load.LOG_FILE, "")
    before = publication.last_published(log[:-1])
    said = {document: _what_became_of(document, code, before)
            for document, code in result.published.documents.items()}
    counts = ", ".join(f"{list(said.values()).count(what)} {what}" for what in ("new", "changed", "taken down")
                       if what in said.values())
    click.echo(f"Recorded in {options.content}/{load.LOG_FILE}: {counts}; keep the log with the content: a copy of "
               f"the content folder kept in a safe place must include it.{held}")
    for document, code in sorted(result.published.documents.items()):
        if said[document] == "taken down":
            click.echo(f"  taken down: {document} (code {before[document][0]}): take its sheet off the board")
        elif said[document] == "changed":
            click.echo(f"  changed: {document} (code {code}, was {before[document][0]}): post its new sheet, from "
                       f"{options.print_output}/, in place of the old one")
        else:
            click.echo(f"  new: {document} (code {code})")


def _what_became_of(document: str, code: str, before: dict[str, tuple[str, date]]) -> str:
    """new, changed or taken down, as the log's new entry records `document`."""
    if code == publication.TAKEN_DOWN:
        return "taken down"
    return "changed" if document in before and before[document][0] != publication.TAKEN_DOWN else "new"


def _advance(bar, done: int, total: int) -> None:
    bar.length = total
    bar.update(done - bar.pos)


@main.command("check", short_help="Check the content and report every problem.")
@click.argument("compound", required=False, default="")
@content_option
@date_option
@quiet_option
def check_command(compound: str, content: Path, build_date, quiet: bool) -> None:
    """Check the content (or only COMPOUND, with site.yaml and the publication log) and report every problem,
    including what is due; changes no content and no output."""
    if compound:
        _existing_compound(content, compound)
    result = check(BuildOptions(content=content, build_date=build_date), only=compound)
    _report(result, quiet, building=False)
    if not result.diagnostics.errors and not quiet:
        click.echo(f"No errors in {compound}: it is ready to build." if compound
                   else "No errors: the content is ready to build.")
    sys.exit(EXIT_CONTENT_ERRORS if result.diagnostics.errors else EXIT_OK)


def _report(result: BuildResult, quiet: bool, building: bool = True) -> None:
    """Every problem, then their count and, when a build failed, what that left as it was."""
    for diagnostic in result.diagnostics.sorted():
        click.echo(diagnostic.format(), err=True)
    if result.diagnostics.errors and not building:
        click.echo(f"{result.diagnostics.summary()}.", err=True)
    elif result.held_back and result.written:
        click.echo(f"{result.diagnostics.summary()}. Held back: {held_back_summary(result)}. Every other compound "
                   "was built.", err=True)
    elif result.diagnostics.errors and result.written:  # the board's sheets failed; the website was up to date
        click.echo(f"{result.diagnostics.summary()}. The website was up to date; the bulletin board's sheets were "
                   "not written, and the print folder is unchanged.", err=True)
    elif result.diagnostics.errors:
        click.echo(f"{result.diagnostics.summary()}. Nothing was written; the output and print folders are "
                   "unchanged.",
                   err=True)
    elif result.diagnostics and not quiet:
        click.echo(result.diagnostics.summary(), err=True)


@main.group("new", short_help="Start a site, compound, notice, vote or quarter from a template.")
def new_group() -> None:
    """Create a new site, compound, notice, vote or finance quarter from a commented template."""


@new_group.command("site", short_help="Start a district of your own: content/site.yaml.")
@content_option
def new_site(content: Path) -> None:
    """Start a district of your own: create content/site.yaml, then add compounds with: new compound."""
    _created(lambda: scaffold.new_site(content))


@new_group.command("compound", short_help="Create a compound's folder and its files.")
@click.argument("slug")
@content_option
def new_compound(slug: str, content: Path) -> None:
    """Create content/SLUG/ with a profile, rosters and services, and empty notices/ and finances/ folders."""
    _created(lambda: scaffold.new_compound(content, slug))


def _new_document(kind: str, make: Callable[..., list[Path]], short_help: str, help_text: str) -> None:
    """`new notice` and `new vote`: COMPOUND TITLE [--slug S], made by `make` as of today."""
    @click.argument("compound")
    @click.argument("title")
    @click.option("--slug", help=f"Web address of the {kind}, for good: its QR code prints it (lowercase pinyin or "
                  f"English and hyphens, like water-outage; default: today's date plus '{kind}').")
    @content_option
    def command(compound: str, title: str, slug: str | None, content: Path) -> None:
        _created(lambda: make(content, compound, title, slug, today_for(content)))
        if not slug:
            click.echo("Its file's name is its web address, which the QR code on its sheet prints: to give it one "
                       "that says what it is (like water-outage), rename the file now, before it is published; never "
                       "after")
    new_group.command(kind, help=help_text, short_help=short_help)(command)


_new_document("notice", scaffold.new_notice, "Create a notice, posted from today.",
              "Create a notice in COMPOUND titled TITLE, posted from today for 14 days.")
_new_document("vote", scaffold.new_vote, "Create the record of an owners' vote.", "Create the record of an owners' "
              "vote in COMPOUND titled TITLE, counted today, its result posted for 14 days.")


@new_group.command("finance", short_help="Create a quarter's finance file.")
@click.argument("compound")
@click.argument("period")
@content_option
def new_finance(compound: str, period: str, content: Path) -> None:
    """Create the finance file for PERIOD (like 2026-Q1), opening with the last closing balance."""
    today = today_for(content)
    _created(lambda: scaffold.new_finance(content, compound, period, today))
    quarter = Quarter.parse(period)
    if quarter and not quarter.has_ended_by(today):
        click.echo(f"{quarter} runs until {quarter.last_day}: until it has ended, check warns and the site "
                   "leaves it out")


def _created(make: Callable[[], list[Path]]) -> None:
    try:
        paths = make()
    except scaffold.ScaffoldError as error:
        raise _click_error(error) from None
    except OSError as error:  # a file where a folder should be, a folder that cannot be written...
        raise click.ClickException(f"could not write {error.filename}: {error.strerror}") from None
    for path in paths:
        click.echo(f"created {path}")
    click.echo("Fill in the lines marked with （…）, then run: noticeboard check")


def _click_error(error: scaffold.ScaffoldError) -> click.ClickException:
    """A mistake on the command line exits with 2, as click's own do; anything else with 1."""
    return click.UsageError(str(error)) if isinstance(error, scaffold.BadArgument) else click.ClickException(str(error))


@main.group("import")
def import_group() -> None:
    """Bring in data kept elsewhere, such as the ledger spreadsheet."""


@import_group.command("ledger", short_help="Turn a ledger spreadsheet into a quarter's finance file.")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("compound")
@click.argument("period")
@click.option("--force", is_flag=True, help="Replace the quarter's finance file if it exists.")
@content_option
def import_ledger(file: Path, compound: str, period: str, force: bool, content: Path) -> None:
    """Turn a ledger spreadsheet (CSV or XLSX) into COMPOUND's finance file for PERIOD (like 2026-Q1).

    Every row that cannot be read is listed with its row number, and then nothing is written:
    fix the spreadsheet and import again, so that no line is left out of a disclosure unnoticed."""
    from generator import importer  # spreadsheet reading is slow to import, and only this command needs it

    quarter = Quarter.parse(period)
    if quarter is None:
        raise click.UsageError(f"expected a quarter like 2026-Q1, found '{period}'")
    try:
        folder = scaffold.compound_folder(content, compound) / "finances"
        ledger = importer.read_ledger(file, quarter)
    except scaffold.ScaffoldError as error:
        raise _click_error(error) from None
    except importer.LedgerFileError as error:
        raise click.ClickException(str(error)) from None
    target = folder / f"{quarter}.yaml"
    replaced = target.exists()
    if replaced and not force:
        raise click.ClickException(f"{target} already exists; nothing was changed (--force replaces it)")
    opening, opening_note, unopened = importer.opening_balance(ledger, *scaffold.previous_closing(folder, quarter),
                                                               quarter.previous())
    problems = sorted(ledger.problems + unopened, key=lambda problem: problem.row)
    where = f"{file} (sheet {ledger.sheet})" if ledger.sheet else str(file)
    for problem in problems:
        column = f", {problem.column}" if problem.column else ""
        click.echo(f"{where}: row {problem.row}{column}: {problem.message}", err=True)
    if problems:
        count = len(problems)
        raise click.ClickException(f"{count} problem{'s' if count > 1 else ''} in the ledger; nothing was written")
    posting, by_hand = scaffold.replaced_parts(target) if replaced else (None, [])
    text = importer.finance_yaml(ledger, quarter, opening, file.name, today_for(content), opening_note,
                                 scaffold.fund_yaml(folder, quarter), posting)
    try:
        backup = scaffold.replace_with_copy_kept(target, text)
    except OSError as error:  # a folder that cannot be written, a full disk
        raise click.ClickException(f"could not write {error.filename}: {error.strerror}; nothing was changed") from None
    click.echo(f"{'replaced' if replaced else 'created'} {target}: {len(ledger.income)} income and "
               f"{len(ledger.expenses)} expense lines" + (f", from the sheet {ledger.sheet}" if ledger.sheet else ""))
    if replaced:
        click.echo(f"The file it replaced is kept as {backup}, which the build leaves out"
                   + (f"; copy back from it what the ledger does not hold: {', '.join(by_hand)}" if by_hand else "")
                   + (". The posting period is kept." if posting else "."))
    click.echo(("Add" if opening is not None else "Write the opening and closing balances, add")
               + " the shared revenue and the audit, then run: noticeboard check")


@main.command("serve", short_help="Build, serve on this computer, rebuild on every change.")
@content_option
@output_option
@print_option
@templates_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve_command(content: Path, output: Path, print_output: Path, templates: Path, port: int) -> None:
    """Build, serve on 127.0.0.1, and rebuild and reload the page when a file changes."""
    from generator.serve import ServeError, serve

    try:
        serve(BuildOptions(content, output, templates, print_output=print_output), port,
              report=lambda result, whole=True: _report(result, False, whole))
    except ServeError as error:
        raise click.ClickException(str(error)) from None
