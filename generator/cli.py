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
from generator.messages import tr
from generator.model.finance import Quarter
from generator.schema_errors import why_not_a_day
from generator.screening import EARLIEST, LATEST

# Click says its own words (Usage:, Missing argument 'TITLE'.) through the gettext and ngettext each of its modules
# imported from the standard library, in the process's default domain: its messages are said in the language
# spoken, as the rest, when those names are ours.
for _module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
    if hasattr(_module, "_"):
        _module._ = messages.click_gettext
    if hasattr(_module, "ngettext"):
        _module.ngettext = messages.click_ngettext

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_STOPPED = 0, 1, 130  # 130: stopped, as shells say of Ctrl-C
LISTED_AT_MOST = 10  # the board's new or changed sheets are named one by one up to this many, else counted

# The help texts are made when the module is imported, in the language of the computer (click's decorators need
# them then); what the commands print is said in the language read again when a command starts (`main`).
content_option = click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help=tr("Folder holding site.yaml and one folder per compound."))
output_option = click.option("--output", type=click.Path(path_type=Path), default=Path("output"),
                             show_default=True,
                             help=tr("Folder the site is written to; files the build does not make are removed."))
print_option = click.option("--print-output", type=click.Path(path_type=Path), default=Path("print"),
                            show_default=True,
                            help=tr("Folder the bulletin board's sheets are written to, with what only the board may "
                                    "show: print them from here, never publish it."))
templates_option = click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False),
                                default=DEFAULT_TEMPLATES, help=tr("Templates folder (default: the project's)."))


class _Day(click.ParamType):
    """A day written YYYY-MM-DD, as in the content files, from a year content may have."""

    name = "date"

    def convert(self, value, parameter: click.Parameter | None, context: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(value)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):  # written as a date, but no day has it (2026-02-30)
                self.fail(tr("expected a date like 2026-11-25, found '%(found)s', which is not a day: %(error)s",
                             found=value, error=why_not_a_day(*map(int, value.split("-")))), parameter, context)
            self.fail(tr("expected a date like 2026-11-25, found '%(found)s'", found=value), parameter, context)
        if not EARLIEST <= day <= LATEST:
            self.fail(tr("expected a day from %(first)s to %(last)s, found %(found)s", first=EARLIEST.year,
                         last=LATEST.year, found=day), parameter, context)
        return day


date_option = click.option("--date", "build_date", type=_Day(), default=None,
                           help=tr("The day to check or build as of (YYYY-MM-DD): it decides which notices are "
                                   "posted. Default: SOURCE_DATE_EPOCH, else today."))
keep_going_option = click.option(
    "--keep-going", is_flag=True,
    help=tr("A compound with errors keeps its part of the site (pages and sheets) as last built without errors, and "
            "the others are built. Without it, an error in any compound stops the whole build."))
quiet_option = click.option("--quiet", "-q", is_flag=True, help=tr("Print errors and warnings only."))
cache_option = click.option("--cache", type=click.Path(path_type=Path), default=DEFAULT_CACHE, show_default=True,
                            help=tr("Folder of the build record and the printed sheets, so that only what changed "
                                    "is built and printed again. Safe to delete."))


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             help=tr("Build a compound notice-board website from YAML and Markdown files."))
@click.version_option(package_name="noticeboard")
def main() -> None:
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


@main.command("build", short_help=tr("Check, then build the site and the printed sheets."),
              help=tr("Check the content, then build the whole site and its printed sheets into the output folder, "
                      "and the bulletin board's sheets into the print folder."))
@click.option("--no-pdf", is_flag=True, help=tr("Skip the printed sheets (the last ones built stay in the output)."))
@keep_going_option
@build_options
def build_command(options: BuildOptions, quiet: bool, no_pdf: bool, keep_going: bool) -> None:
    options.pdfs, options.keep_going = not no_pdf, keep_going
    _run(options, quiet, None)


@main.command("pdf", short_help=tr("Print only the sheets, of one compound or of all."),
              help=tr("Print only the sheets (of COMPOUND, or of all), with each compound's board pack (the sheets on "
                      "its board on --date): the website's into the output folder, the bulletin board's into the "
                      "print folder."))
@click.argument("compound", required=False, default="")
@build_options
def pdf_command(options: BuildOptions, quiet: bool, compound: str) -> None:
    if compound:
        _existing_compound(options.content, compound)
    _run(options, quiet, compound)


def _existing_compound(content: Path, compound: str) -> None:
    """Stops the command, naming the compounds there are, unless `compound` is one of them."""
    try:
        scaffold.compound_folder(content, compound)
    except scaffold.ScaffoldError as error:
        raise _click_error(error) from None


@main.command("publish", short_help=tr("Build, then record what is new or changed in the log."),
              help=tr("Build everything, then record the new and changed documents in the publication log."))
@build_options
@click.option("--take-down", "take_down", multiple=True, metavar="COMPOUND",
              help=tr("Record every document of COMPOUND, whose folder left the content, as taken down (repeat for "
                      "more). Without it, publishing stops when a published compound's folder is missing."))
@keep_going_option
def publish_command(options: BuildOptions, quiet: bool, take_down: tuple[str, ...], keep_going: bool) -> None:
    options.publish, options.take_down, options.keep_going = True, take_down, keep_going
    _run(options, quiet, None)


def _run(options: BuildOptions, quiet: bool, only_sheets_of: str | None) -> None:
    def waiting() -> None:
        folders = tr("%(output)s/ or %(print)s/", output=options.output, print=options.print_output) \
            if options.pdfs else f"{options.output}/"
        click.echo(tr("Another build is writing into %(folders)s, or publishing from %(content)s/: waiting for it to "
                      "finish...", folders=folders, content=options.content) if options.publish else
                   tr("Another build is writing into %(folders)s: waiting for it to finish...", folders=folders),
                   err=True)

    try:
        if quiet or not sys.stderr.isatty():
            result = build(options, only_sheets_of=only_sheets_of, waiting=waiting)
        else:
            with click.progressbar(length=1, label=tr("Building compounds"), file=sys.stderr) as bar:
                result = build(options, lambda done, total: _advance(bar, done, total), only_sheets_of, waiting)
    except KeyboardInterrupt:
        click.echo(_stopped(options), err=True)
        sys.exit(EXIT_STOPPED)
    _report(result, quiet)
    if result.could_hold_back and not result.written:
        click.echo(tr("To publish the other compounds meanwhile (while %(held)s), run the same command again with "
                      "--keep-going.", held=result.could_hold_back) if options.publish else
                   tr("To build the other compounds meanwhile (while %(held)s), run the same command again with "
                      "--keep-going.", held=result.could_hold_back), err=True)
    if result.written and not quiet:
        if result.up_to_date:
            click.echo(tr("Nothing changed since the last build: %(output)s/ (%(files)s files) is up to date (as of "
                          "%(date)s).", output=options.output, files=result.files, date=result.build_date))
        elif result.sheets:
            click.echo(tr("Built %(files)s files (%(sheets)s of them sheets, %(printed)s printed anew) into "
                          "%(output)s/ (as of %(date)s).", files=result.files, sheets=result.sheets,
                          printed=result.sheets_rendered, output=options.output, date=result.build_date))
        else:
            click.echo(tr("Built %(files)s files into %(output)s/ (as of %(date)s).", files=result.files,
                          output=options.output, date=result.build_date))
        if not options.pdfs:
            click.echo(tr("The sheets were not printed (--no-pdf): a page's print version is the one printed last, "
                          "or none yet. Build without --no-pdf before publishing."))
        if not options.publish:
            _say_unpublished(result, options)
        if result.board_written:
            click.echo(tr("The bulletin board's sheets and board packs (%(files)s files, %(changed)s of them new or "
                          "changed since the last build) are in %(print)s/: print them from there, and never publish "
                          "that folder.", files=result.board_files, changed=len(result.board_changed),
                          print=options.print_output))
            if len(result.board_changed) <= LISTED_AT_MOST:
                for path in result.board_changed:
                    click.echo("  " + tr("new or changed: %(folder)s/%(file)s", folder=options.print_output,
                                         file=path))
    if result.written and options.publish and not quiet:
        _say_published(result, options)
    sys.exit(EXIT_OK if result.written and not result.diagnostics.errors else EXIT_CONTENT_ERRORS)


def _stopped(options: BuildOptions) -> str:
    """What a build stopped by Ctrl-C (or SIGTERM) left as it was."""
    if options.pdfs and options.publish:
        return tr("Stopped: %(output)s/ and %(print)s/ are as before (so is the publication log), unless the build "
                  "had already finished writing.", output=options.output, print=options.print_output)
    if options.pdfs:
        return tr("Stopped: %(output)s/ and %(print)s/ are as before, unless the build had already finished "
                  "writing.", output=options.output, print=options.print_output)
    if options.publish:
        return tr("Stopped: %(output)s/ is as before (so is the publication log), unless the build had already "
                  "finished writing.", output=options.output)
    return tr("Stopped: %(output)s/ is as before, unless the build had already finished writing.",
              output=options.output)


def _say_unpublished(result: BuildResult, options: BuildOptions) -> None:
    """What publishing would record now, in a content that keeps a log: built and put online unpublished, a
    changed document's verify page gives its new version no day, and the log never has it."""
    if count := result.unpublished:
        log, output = options.content / load.LOG_FILE, options.output
        click.echo(tr("1 document is new, changed or taken down since the last publication in %(log)s: "
                      "`noticeboard publish` records them, before %(output)s/ goes online (run by whoever keeps the "
                      "log).", log=log, output=output) if count == 1 else
                   tr("%(count)s documents are new, changed or taken down since the last publication in %(log)s: "
                      "`noticeboard publish` records them, before %(output)s/ goes online (run by whoever keeps the "
                      "log).", count=count, log=log, output=output))


def _say_published(result: BuildResult, options: BuildOptions) -> None:
    """What was recorded, each document with its code; a changed one's sheet is to be posted again."""
    held = held_back_summary(result) if result.held_back else ""
    if not result.published:
        click.echo(tr("Nothing new to record: every document of the compounds built is as last published. Nothing "
                      "of what was held back is recorded: %(held)s.", held=held) if held else
                   tr("Nothing new to record: every document is as last published."))
        return
    log, _ = publication.read_log(options.content / load.LOG_FILE, "")
    before = publication.last_published(log[:-1])
    said = {document: _what_became_of(document, code, before)
            for document, code in result.published.documents.items()}
    counts = messages.joined([_counted(what, list(said.values()).count(what)) for what in (NEW, CHANGED, TAKEN_DOWN)
                              if what in said.values()])
    log_file = f"{options.content}/{load.LOG_FILE}"
    click.echo(tr("Recorded in %(log)s: %(counts)s; keep the log with the content: a copy of the content folder kept "
                  "in a safe place must include it. Nothing of what was held back is recorded: %(held)s.",
                  log=log_file, counts=counts, held=held) if held else
               tr("Recorded in %(log)s: %(counts)s; keep the log with the content: a copy of the content folder kept "
                  "in a safe place must include it.", log=log_file, counts=counts))
    for document, code in sorted(result.published.documents.items()):
        if said[document] == TAKEN_DOWN:  # no longer in the content: its id is all there is to name it by
            click.echo("  " + tr("taken down: %(document)s (code %(code)s): take its sheet off the board",
                                 document=document, code=before[document][0]))
        elif said[document] == CHANGED:
            click.echo("  " + tr("changed: %(name)s (%(document)s, code %(code)s, was %(old)s): post its new sheet, "
                                 "from %(print)s/, in place of the old one", name=result.names[document],
                                 document=document, code=code, old=before[document][0], print=options.print_output))
        else:
            click.echo("  " + tr("new: %(name)s (%(document)s, code %(code)s)", name=result.names[document],
                                 document=document, code=code))


NEW, CHANGED, TAKEN_DOWN = "new", "changed", "taken down"  # what became of a document: compared, never shown


def _counted(what: str, count: int) -> str:
    """'2 new': how many documents the log's new entry records as `what`."""
    if what == NEW:
        return tr("%(count)s new", count=count)
    if what == CHANGED:
        return tr("%(count)s changed", count=count)
    return tr("%(count)s taken down", count=count)


def _what_became_of(document: str, code: str, before: dict[str, tuple[str, date]]) -> str:
    """NEW, CHANGED or TAKEN_DOWN, as the log's new entry records `document`."""
    if code == publication.TAKEN_DOWN:
        return TAKEN_DOWN
    return CHANGED if document in before and before[document][0] != publication.TAKEN_DOWN else NEW


def _advance(bar, done: int, total: int) -> None:
    bar.length = total
    bar.update(done - bar.pos)


@main.command("check", short_help=tr("Check the content and report every problem."),
              help=tr("Check the content (or only COMPOUND, with site.yaml and the publication log) and report every "
                      "problem, including what is due; changes no content and no output."))
@click.argument("compound", required=False, default="")
@content_option
@date_option
@quiet_option
def check_command(compound: str, content: Path, build_date, quiet: bool) -> None:
    if compound:
        _existing_compound(content, compound)
    result = check(BuildOptions(content=content, build_date=build_date), only=compound)
    _report(result, quiet, building=False)
    if not result.diagnostics.errors and not quiet:
        click.echo(tr("No errors in %(compound)s: it is ready to build.", compound=compound) if compound
                   else tr("No errors: the content is ready to build."))
    sys.exit(EXIT_CONTENT_ERRORS if result.diagnostics.errors else EXIT_OK)


def _report(result: BuildResult, quiet: bool, building: bool = True) -> None:
    """Every problem, then their count and, when a build failed, what that left as it was."""
    for diagnostic in result.diagnostics.sorted():
        click.echo(diagnostic.format(), err=True)
    summary = result.diagnostics.summary()
    if result.diagnostics.errors and not building:
        click.echo(tr("%(summary)s.", summary=summary), err=True)
    elif result.held_back and result.written:
        click.echo(tr("%(summary)s. Held back: %(held)s. Every other compound was built.", summary=summary,
                      held=held_back_summary(result)), err=True)
    elif result.diagnostics.errors and result.written:  # the board's sheets failed; the website was up to date
        click.echo(tr("%(summary)s. The website was up to date; the bulletin board's sheets were not written, and the "
                      "print folder is unchanged.", summary=summary), err=True)
    elif result.diagnostics.errors:
        click.echo(tr("%(summary)s. Nothing was written; the output and print folders are unchanged.",
                      summary=summary), err=True)
    elif result.diagnostics and not quiet:
        click.echo(result.diagnostics.summary(), err=True)


@main.group("new", short_help=tr("Start a site, compound, notice, vote or quarter from a template."),
            help=tr("Create a new site, compound, notice, vote or finance quarter from a commented template."))
def new_group() -> None:
    pass


@new_group.command("site", short_help=tr("Start a district of your own: content/site.yaml."),
                   help=tr("Start a district of your own: create content/site.yaml, then add compounds with: new "
                           "compound."))
@content_option
def new_site(content: Path) -> None:
    _created(lambda: scaffold.new_site(content))


@new_group.command("compound", short_help=tr("Create a compound's folder and its files."),
                   help=tr("Create content/SLUG/ with a profile, rosters and services, and empty notices/ and "
                           "finances/ folders."))
@click.argument("slug")
@content_option
def new_compound(slug: str, content: Path) -> None:
    _created(lambda: scaffold.new_compound(content, slug))


def _new_document(kind: str, make: Callable[..., list[Path]], short_help: str, help_text: str, slug_help: str
                  ) -> None:
    """`new notice` and `new vote`: COMPOUND TITLE [--slug S], made by `make` as of today."""
    @click.argument("compound")
    @click.argument("title")
    @click.option("--slug", help=slug_help)
    @content_option
    def command(compound: str, title: str, slug: str | None, content: Path) -> None:
        _created(lambda: make(content, compound, title, slug, today_for(content)))
        if not slug:
            click.echo(tr("Its file's name is its web address, which the QR code on its sheet prints: to give it one "
                          "that says what it is (like water-outage), rename the file now, before it is published; "
                          "never after"))
    new_group.command(kind, help=help_text, short_help=short_help)(command)


_new_document("notice", scaffold.new_notice, tr("Create a notice, posted from today."),
              tr("Create a notice in COMPOUND titled TITLE, posted from today for 14 days."),
              tr("Web address of the notice, for good: its QR code prints it (lowercase pinyin or English and "
                 "hyphens, like water-outage; default: today's date plus 'notice')."))
_new_document("vote", scaffold.new_vote, tr("Create the record of an owners' vote."),
              tr("Create the record of an owners' vote in COMPOUND titled TITLE, counted today, its result posted for "
                 "14 days."),
              tr("Web address of the vote, for good: its QR code prints it (lowercase pinyin or English and hyphens, "
                 "like water-outage; default: today's date plus 'vote')."))


@new_group.command("finance", short_help=tr("Create a quarter's finance file."),
                   help=tr("Create the finance file for PERIOD (like 2026-Q1), opening with the last closing "
                           "balance."))
@click.argument("compound")
@click.argument("period")
@content_option
def new_finance(compound: str, period: str, content: Path) -> None:
    today = today_for(content)
    _created(lambda: scaffold.new_finance(content, compound, period, today))
    quarter = Quarter.parse(period)
    if quarter and not quarter.has_ended_by(today):
        click.echo(tr("%(quarter)s runs until %(last_day)s: until it has ended, check warns and the site leaves it "
                      "out", quarter=quarter, last_day=quarter.last_day))


def _created(make: Callable[[], list[Path]]) -> None:
    try:
        paths = make()
    except scaffold.ScaffoldError as error:
        raise _click_error(error) from None
    except OSError as error:  # a file where a folder should be, a folder that cannot be written...
        raise click.ClickException(tr("could not write %(file)s: %(reason)s", file=error.filename,
                                      reason=error.strerror)) from None
    for path in paths:
        click.echo(tr("created %(file)s", file=path))
    click.echo(tr("Fill in the lines marked with （…）, then run: noticeboard check"))


def _click_error(error: scaffold.ScaffoldError) -> click.ClickException:
    """A mistake on the command line exits with 2, as click's own do; anything else with 1."""
    return click.UsageError(str(error)) if isinstance(error, scaffold.BadArgument) else click.ClickException(str(error))


@main.group("import", help=tr("Bring in data kept elsewhere, such as the ledger spreadsheet."))
def import_group() -> None:
    pass


@import_group.command("ledger", short_help=tr("Turn a ledger spreadsheet into a quarter's finance file."),
                      help=tr("Turn a ledger spreadsheet (CSV or XLSX) into COMPOUND's finance file for PERIOD (like "
                              "2026-Q1).\n\nEvery row that cannot be read is listed with its row number, and then "
                              "nothing is written: fix the spreadsheet and import again, so that no line is left out "
                              "of a disclosure unnoticed."))
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("compound")
@click.argument("period")
@click.option("--force", is_flag=True, help=tr("Replace the quarter's finance file if it exists."))
@content_option
def import_ledger(file: Path, compound: str, period: str, force: bool, content: Path) -> None:
    from generator import importer  # spreadsheet reading is slow to import, and only this command needs it

    quarter = Quarter.parse(period)
    if quarter is None:
        raise click.UsageError(tr("expected a quarter like 2026-Q1, found '%(found)s'", found=period))
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
        raise click.ClickException(tr("%(file)s already exists; nothing was changed (--force replaces it)",
                                      file=target))
    opening, opening_note, unopened = importer.opening_balance(ledger, *scaffold.previous_closing(folder, quarter),
                                                               quarter.previous())
    problems = sorted(ledger.problems + unopened, key=lambda problem: problem.row)
    where = tr("%(file)s (sheet %(sheet)s)", file=file, sheet=ledger.sheet) if ledger.sheet else str(file)
    for problem in problems:
        click.echo(tr("%(where)s: row %(row)s, %(column)s: %(problem)s", where=where, row=problem.row,
                      column=problem.column, problem=problem.message) if problem.column else
                   tr("%(where)s: row %(row)s: %(problem)s", where=where, row=problem.row, problem=problem.message),
                   err=True)
    if problems:
        raise click.ClickException(tr("%(count)s problems in the ledger; nothing was written", count=len(problems))
                                   if len(problems) > 1 else tr("1 problem in the ledger; nothing was written"))
    posting, by_hand = scaffold.replaced_parts(target) if replaced else (None, [])
    text = importer.finance_yaml(ledger, quarter, opening, file.name, today_for(content), opening_note,
                                 scaffold.fund_yaml(folder, quarter), posting)
    try:
        backup = scaffold.replace_with_copy_kept(target, text)
    except OSError as error:  # a folder that cannot be written, a full disk
        raise click.ClickException(tr("could not write %(file)s: %(reason)s; nothing was changed",
                                      file=error.filename, reason=error.strerror)) from None
    click.echo(_imported(target, replaced, len(ledger.income), len(ledger.expenses), ledger.sheet))
    if replaced:
        click.echo(_kept_as(backup, messages.joined(by_hand), bool(posting)))
    click.echo(tr("Add the shared revenue and the audit, then run: noticeboard check") if opening is not None else
               tr("Write the opening and closing balances, add the shared revenue and the audit, then run: "
                  "noticeboard check"))


def _imported(target: Path, replaced: bool, income: int, expenses: int, sheet: str | None) -> str:
    """What `import ledger` wrote: how many lines, and from which sheet of a workbook."""
    values = {"file": target, "income": income, "expenses": expenses, "sheet": sheet}
    if replaced and sheet:
        return tr("replaced %(file)s: %(income)s income and %(expenses)s expense lines, from the sheet %(sheet)s",
                  **values)
    if replaced:
        return tr("replaced %(file)s: %(income)s income and %(expenses)s expense lines", **values)
    if sheet:
        return tr("created %(file)s: %(income)s income and %(expenses)s expense lines, from the sheet %(sheet)s",
                  **values)
    return tr("created %(file)s: %(income)s income and %(expenses)s expense lines", **values)


def _kept_as(backup: Path, by_hand: str, posting: bool) -> str:
    """Where the finance file `import ledger` replaced is kept, and what of it to copy back (`by_hand`: the
    parts the ledger does not hold, named; '' for none)."""
    if by_hand and posting:
        return tr("The file it replaced is kept as %(backup)s, which the build leaves out; copy back from it what the "
                  "ledger does not hold: %(parts)s. The posting period is kept.", backup=backup, parts=by_hand)
    if by_hand:
        return tr("The file it replaced is kept as %(backup)s, which the build leaves out; copy back from it what the "
                  "ledger does not hold: %(parts)s.", backup=backup, parts=by_hand)
    if posting:
        return tr("The file it replaced is kept as %(backup)s, which the build leaves out. The posting period is "
                  "kept.", backup=backup)
    return tr("The file it replaced is kept as %(backup)s, which the build leaves out.", backup=backup)


@main.command("serve", short_help=tr("Build, serve on this computer, rebuild on every change."),
              help=tr("Build, serve on 127.0.0.1, and rebuild and reload the page when a file changes."))
@content_option
@output_option
@print_option
@templates_option
@click.option("--port", default=8000, show_default=True, help=tr("Port on 127.0.0.1."))
def serve_command(content: Path, output: Path, print_output: Path, templates: Path, port: int) -> None:
    from generator.serve import ServeError, serve

    try:
        serve(BuildOptions(content, output, templates, print_output=print_output), port,
              report=lambda result, whole=True: _report(result, False, whole))
    except ServeError as error:
        raise click.ClickException(str(error)) from None
