"""Stage 4, render: targets -> bytes, with Jinja (web pages, feeds, sitemap) and csv.

Templates receive model objects and only lay them out; formatting of amounts
and dates comes from `i18n`, interface strings from the message catalogue.
Template mistakes become diagnostics located in the template file.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import traceback
from collections.abc import Callable
from datetime import date, datetime, time
from html import unescape as html_unescape
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import jinja2
import jinja2.compiler
import jinja2.nodes
from markupsafe import Markup, escape

from generator.attachment_text import PICTURE_SUFFIXES, SOUND_SUFFIXES, TABLE_SUFFIXES, VIDEO_SUFFIXES
from generator.errors import Diagnostic, Location, relative_path
from generator.i18n import N_, Formatter, load_translations
from generator.memo import code_key
from generator.messages import tr
from generator.model.base import dialled
from generator.model.site import SiteConfig
from generator.site import CsvTarget, PageTarget, Paths, Site


SEAL_CHARACTERS = 12  # at 14 pt, a signer's name of 13 or 14 characters is wider than the seal stamped over it


def longer_than_a_seal(name: str) -> bool:
    """Whether a signer's name is set smaller on a sheet (12 pt, `p.long`), so that it stays under the seal."""
    return len(name) > SEAL_CHARACTERS


@functools.lru_cache(maxsize=65536)
def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` that works on any host and offline."""
    here = from_path.split("/")[:-1]  # the page's folder
    there = to_path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    return relative or "./"


def _unbroken(format_day: Callable[[date], str]) -> Callable[[date], Markup]:
    """A date formatter whose dates are never broken across lines: 2026年11月 / 24日 reads as two dates.
    Remembered, as `format_day` is (`Formatter`): a page shows the same few days many times (a ledger's lines, the
    build date in every footer). The content has days only, never a time of day."""
    @functools.lru_cache(maxsize=None)
    def unbroken(day: date) -> Markup:
        return Markup('<span class="date">%s</span>') % format_day(day)
    return unbroken


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element; of HTML, the text it shows."""
    text = text.striptags() if isinstance(text, Markup) else text
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')


def page_counter(text: str) -> Markup:
    """'第 {page} 页，共 {pages} 页' -> a CSS content value with the page counters."""
    parts = re.split(r"(\{pages?\})", str(text))
    values = [f"counter({p[1:-1]})" if p in ("{page}", "{pages}") else css_string(p) for p in parts if p]
    return Markup(" ".join(values))


_BRACKETED = re.compile(r"(（[^（）]*）|\([^()]*\))")


def unbroken_brackets(text: str) -> Markup:
    """Text whose bracketed parts are never broken across lines: （第三届） split as （第三 / 届） reads wrong."""
    parts = _BRACKETED.split(text)
    return Markup("").join(Markup('<span class="nowrap">%s</span>') % part if index % 2 else escape(part)
                           for index, part in enumerate(parts))


# A date as texts write them: 2026年9月1日, 9月1日, 2026年12月, 2026-09-01.
_DATE_IN_TEXT = re.compile(r"(?:[0-9]{4}\s*年\s*)?[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月"
                           r"|[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A figure with its unit: 200,000 / 元 left a lone 元 to start the next line, read as a word of its own; 338 / 人
# of a vote's count too.
_FIGURE_AND_UNIT = r"(?<![0-9.,])[0-9][0-9,]*(?:\.[0-9]+)?(?:万元|元|平方米|㎡|户|人|名|件|次)"
_KEPT_WHOLE = re.compile(f"(?P<date>{_DATE_IN_TEXT.pattern})|{_FIGURE_AND_UNIT}")
# Only the texts with a digit, as every date and figure has one: four in five of a notice's texts have none (half
# are the line breaks between its tags), and each text found costs a call.
_TEXT_WITH_DIGITS_BETWEEN_TAGS = re.compile(r"(?<=>)[^<]*[0-9][^<]*")
_PREFORMATTED = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)


# Remembered: a notice's text is shown on its page and again in its compound's feed, which comes first and has
# up to FEED_LENGTH of them.
@functools.lru_cache(maxsize=128)
def unbroken_figures(html: str) -> Markup:
    """A text's HTML (made safe already, as a notice's is) with each date, and each figure with its unit, kept
    on one line: 2026年9 / 月1日 reads as two dates to an elderly reader. Text laid out as written (<pre>) is
    left as it is."""
    parts = _PREFORMATTED.split(str(html))
    return Markup("".join(part if index % 2 else _TEXT_WITH_DIGITS_BETWEEN_TAGS.sub(_figures_whole, part)
                          for index, part in enumerate(parts)))


def unbroken_text(text: str | None) -> Markup:
    """A text field as written (a vote's counting note, an audit's opinion), escaped, with its dates and figures
    kept on one line as a notice's are. None (a field withheld from this channel) is nothing."""
    return Markup(_KEPT_WHOLE.sub(_whole_span, str(escape(text)))) if text is not None else Markup("")


def _figures_whole(text: re.Match) -> str:
    return _KEPT_WHOLE.sub(_whole_span, text.group())


def _whole_span(found: re.Match) -> str:
    return f'<span class="{"date" if found["date"] else "nowrap"}">{found.group()}</span>'


def with_compound(title: str, compound: str) -> str:
    """A document's title named with its compound, unless it names the compound already (澄湖苑第三届业主委员会选举
    · 澄湖苑 says it twice, where WeChat's top bar has room for a dozen characters)."""
    return title if compound in title else f"{title} · {compound}"


def unbroken_ending(text: str, kept: int = 3) -> Markup:
    """A title whose last characters never make a line of their own: a lone 告 under 启用对公账户的公 reads as a
    mistake. Escaped text (a block's rendering) is taken as the text it shows."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    if len(plain) <= kept:
        return escape(plain)
    return escape(plain[:-kept]) + Markup('<span class="nowrap">%s</span>') % plain[-kept:]


_URL_PART = re.compile(r"[^/]+/?|/")
_LONGEST_UNBROKEN = 24  # characters of a part kept on one line; a longer one may break anywhere, not overflow


def short_url(url: str) -> Markup:
    """The address as a person types it (no https://), broken across lines only after a '/': broken at a
    hyphen (guiyuan- / xincun), a reader cannot tell whether the hyphen is part of the address. A part too
    long for a line (shared-revenue-lift-reserve-2026/) breaks after a hyphen, its words whole (not share / d-)."""
    parts = _URL_PART.findall(re.sub(r"^https?://", "", url))
    return Markup("<wbr>").join(_kept_whole(part) if len(part) <= _LONGEST_UNBROKEN else
                                Markup("<wbr>").join(map(_kept_whole, _HYPHENATED.findall(part))) for part in parts)


_HYPHENATED = re.compile(r"[^-]*-|[^-]+")


def _kept_whole(part: str) -> Markup:
    return Markup('<span class="nowrap">%s</span>') % part if len(part) <= _LONGEST_UNBROKEN else escape(part)


# A link relative to the page it is on (schedule.csv, ../water-outage/): not to a site (https:, tel:), nor within
# the page (#), nor from the site's root.
_RELATIVE_LINK = re.compile(r'(<a\b[^>]*?)\shref="(?![A-Za-z][A-Za-z0-9+.-]*:|#|/)([^"]*)"')


def links_online(html: str, page_url: str | None) -> str:
    """A sheet's relative links (a notice's to its attachments, the templates' to other pages), as web addresses
    from `page_url`, its page's, beside which it lies: left relative, a PDF resolves them against the content
    folder it was printed from (file:///…/content/…), dead and giving away where it was built. Of a sheet with no
    page online, they are text."""
    def online(link: re.Match) -> str:
        if page_url is None:
            return link[1]
        address = urljoin(page_url, quote(html_unescape(link[2]), safe="/%#?&=+:;,@!$'()*~"))
        return f'{link[1]} href="{escape(address)}"'
    return _RELATIVE_LINK.sub(online, html)


# What an attachment is, as a resident knows it (by what opens it on a phone), rather than by its file name.
_FILE_KINDS = {
    ".pdf": N_("PDF document"), ".docx": N_("Word document"), ".xlsx": N_("Spreadsheet"),
    **dict.fromkeys(TABLE_SUFFIXES, N_("Spreadsheet")), ".txt": N_("Text"), ".md": N_("Text"),
    **dict.fromkeys(PICTURE_SUFFIXES, N_("Picture")), **dict.fromkeys(SOUND_SUFFIXES, N_("Sound recording")),
    **dict.fromkeys(VIDEO_SUFFIXES, N_("Video"))}


def file_kind(name: str) -> str:
    """The kind of file `name` is, as a message to translate."""
    return _FILE_KINDS.get(Path(name).suffix.lower(), N_("File"))


def file_size(size: int) -> str:
    """A file's size as a phone shows it: 860 B, 35 KB, 1.2 MB (KB and MB of 1024)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _blank_for_none(value: Any) -> Any:
    # A field withheld from this channel is None: show nothing, not "None".
    return "" if value is None else value


def _folder(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def _unmarked(callee: Any) -> bool:
    """Whether `callee` is a macro, or a function or method not marked to be passed the context (`pass_context`
    and the like)."""
    if type(callee) is jinja2.runtime.Macro:
        return True
    function = callee.__func__ if type(callee) is MethodType else callee
    return type(function) is FunctionType and "jinja_pass_arg" not in function.__dict__


class _Context(jinja2.runtime.Context):
    """Jinja's own looks twice, on every call a template makes (a hundred a page), for a mark that a callable
    wants the context passed; most callables are macros and our functions, which have none: they are called at
    once. That took a sixth off the time of rendering the synthetic district."""

    @jinja2.utils.internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 -- Jinja's names
        if not _unmarked(__obj):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration "
                                                "exception")


def _shown(value: Any) -> str:
    """A value as a page shows it: escaped, unless it is Markup already (Jinja's `escape` copies that anew),
    and a field withheld from this channel (None) as nothing."""
    if type(value) is Markup:
        return value
    return escape(_blank_for_none(value))


class _CodeGenerator(jinja2.compiler.CodeGenerator):
    """Each value an escaping template shows is escaped by one call of `_shown`, in place of Jinja's two (its
    `escape` around the environment's `finalize`), which together took a tenth of the rendering time."""

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._shown(frame):
            self.write("environment.shown(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any) -> None:
        if self._shown(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    @staticmethod
    def _shown(frame: jinja2.compiler.Frame) -> bool:
        return frame.eval_ctx.autoescape and not frame.eval_ctx.volatile


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    context_class = _Context
    shown = staticmethod(_shown)

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:
        """A template's globals as a dict of their own, not Jinja's ChainMap over the environment's: each page,
        and each import of a partial, goes through all of them two or three times, a ChainMap in Python (a
        twentieth of the rendering time). The environment's globals are all set before a template is loaded."""
        return {**self.globals, **(d or {})}


# Values that are shown alike whenever they are equal, so that a message formatted with them may be remembered by
# them: unlike Decimal('1.0') and Decimal('1.00'), or two datetimes of one instant in two time zones.
_SHOWN_ALIKE = frozenset({str, Markup, int, bool, date})


# Typed: a text equal to some Markup is escaped, the Markup is not. Of the module, not of a renderer, which it would
# keep alive: `serve` makes one for each build.
@functools.lru_cache(maxsize=65536, typed=True)
def _formatted(translated: Markup, **values: Any) -> Markup:
    """Pages format the same messages with the same values again and again (a compound's name in each page's menu,
    the build date in each footer): three times in four, in the synthetic district."""
    return translated % values


class TemplateProblem(Exception):
    """A template could not be rendered; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class Renderer:
    def __init__(self, templates: Path, config: SiteConfig, root: Path, cache: Path | None = None):
        """`cache`: a folder where compiled templates are kept between runs (Jinja checks that they are current)."""
        self.templates = templates
        self.root = root
        self.config = config
        self.env = _Environment(
            loader=jinja2.FileSystemLoader(templates),
            auto_reload=False,  # templates do not change during a build; `serve` makes a new renderer for each
            # Compiled by this code: Jinja keys the bytecode by the template's text only, and the options here
            # (and Jinja's own version) are compiled into it too.
            bytecode_cache=jinja2.FileSystemBytecodeCache(
                _folder(cache / "templates"), f"__jinja2_{code_key()[:16]}_%s.cache") if cache else None,
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            finalize=_blank_for_none,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.translations = load_translations(templates, config.locale, cache)
        # Each message translated once a build; cached on this renderer, not on the class, which would keep every
        # renderer `serve` makes alive.
        self._translated = functools.lru_cache(maxsize=None)(self._translation)
        self.env.install_gettext_translations(self.translations, newstyle=True)
        # The extension's `_` looks itself up in the template context on every call, three calls deep;
        # pages call it dozens of times each. This one translates each message once and formats
        # it the same way (escaping the values, as newstyle gettext does).
        self.env.globals["_"] = self._translate
        formatter = Formatter(config.locale)
        zone = ZoneInfo(config.timezone)
        self.env.filters.update(money=formatter.money, rate=formatter.rate, date=_unbroken(formatter.long_date),
                                area=formatter.area,
                                short_date=_unbroken(formatter.short_date), number=formatter.number,
                                fraction=formatter.fraction,
                                rfc3339=lambda day: datetime.combine(day, time(), zone).isoformat())
        self.env.tests["longer_than_a_seal"] = longer_than_a_seal
        self.env.filters.update(css_string=css_string, page_counter=page_counter, short_url=short_url,
                                unbroken_brackets=unbroken_brackets, unbroken_ending=unbroken_ending,
                                unbroken_figures=unbroken_figures, unbroken_text=unbroken_text, dialled=dialled,
                                with_compound=with_compound,
                                file_size=file_size, file_kind=lambda name: self._translated(file_kind(name)))
        # Globals rather than per-page variables, so that partials are imported
        # once and cached instead of re-run for every page ("import ... with context").
        self.env.globals.update(paths=Paths, config=config, url=self._url, absolute=self._absolute,
                                is_current_page=self._is_current_page, static=self._static_url)
        folder = templates / "static"
        files = [file for file in folder.iterdir() if file.is_file()] if folder.is_dir() else []
        self.static_files = {Paths.static_file(file): file for file in files}  # output path -> the file copied
        self._static = {file.name: path for path, file in self.static_files.items()}
        self._page_path = ""

    def _translate(self, message: str, **values: Any) -> Markup:
        translated = self._translated(message)
        # Most messages have no placeholders, and formatting Markup costs more than the lookup.
        if not values and "%" not in translated:
            return translated
        if all(type(value) in _SHOWN_ALIKE for value in values.values()):
            return _formatted(translated, **values)
        return translated % values

    def _translation(self, message: str) -> Markup:
        return Markup(self.translations.gettext(message))

    def _url(self, to: str) -> str:
        """A link from the page being rendered (a sheet's are made whole by `links_online`); the 404 page is served
        at any depth, so it links from the root."""
        if self._page_path == "404.html":
            return urlsplit(self.config.base_url).path + quote(to)
        return quote(relative_url(self._page_path, to))

    def _static_url(self, name: str) -> str:
        """A link to the static file `name` (site.css) under the name the build gives it."""
        if name not in self._static:
            folder = relative_path(self.templates / "static", self.root)
            raise jinja2.TemplateRuntimeError(tr("no file %(name)s in %(folder)s/", name=name, folder=folder))
        return self._url(self._static[name])

    def _is_current_page(self, path: str) -> bool:
        return path == self._page_path

    def _absolute(self, to: str) -> str:
        """An address as feeds, the sitemap and QR codes need it: whole, and with an attachment's spaces and Chinese
        (施工 计划.pdf) percent-encoded, which a feed reader or a search engine may otherwise cut at the space."""
        return self.config.base_url + quote(to)

    def render_page(self, target: PageTarget, site: Site) -> str:
        self._page_path = target.path
        try:
            template = self.env.get_template(target.template)
            html = template.render(**target.context, page=target, site=site)
        except jinja2.TemplateError as error:
            raise TemplateProblem(self._diagnostic(error, target)) from None
        if not target.template.startswith("print/"):
            return html
        page = target.context.get("web_path")
        return links_online(html, self._absolute(page) if page else None)

    def _diagnostic(self, error: jinja2.TemplateError, target: PageTarget) -> Diagnostic:
        file, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if not file:
            frames = [f for f in traceback.extract_tb(error.__traceback__) if self._is_template(f.filename)]
            if frames:
                file, line = frames[-1].filename, frames[-1].lineno
        where = Location(relative_path(Path(file), self.root) if file else target.template, line or 0)
        if isinstance(error, jinja2.TemplateSyntaxError):  # the template's own: the same whichever page uses it
            return Diagnostic(where, error.message or type(error).__name__)
        return Diagnostic(where, tr("%(problem)s (while rendering page /%(page)s)",
                                    problem=error.message or type(error).__name__, page=target.path))

    def _is_template(self, filename: str) -> bool:
        return Path(filename).resolve().is_relative_to(self.templates.resolve())

    def render_csv(self, target: CsvTarget) -> bytes:
        """The quarter's ledger as CSV, with a BOM so spreadsheet programs read the Chinese."""
        _ = self.translations.gettext
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([_("Type"), _("Date"), _("Category"), _("Description"), _("Amount"), _("Voucher")])
        for kind, lines in ((_("Income"), target.period.income), (_("Expense"), target.period.expenses)):
            for line in lines:
                writer.writerow([kind, line.date.isoformat(), _as_text(line.category),
                                 _as_text(_blank_for_none(line.description)), f"{line.amount:.2f}",
                                 _as_text(line.voucher)])
        return out.getvalue().encode("utf-8-sig")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: str) -> str:
    """A cell that Excel or WPS shows as the text written, never runs as a formula (=HYPERLINK(...) typed into
    a description would run on every resident's computer that opens the download)."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def render_site(site: Site, renderer: Renderer, skip: Callable[[PageTarget], bool] = lambda page: False
                ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every rendered file by output path (but the pages `skip` picks), plus the template problems met."""
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    for page in site.pages:
        if skip(page):
            continue
        try:
            files[page.file] = renderer.render_page(page, site).encode("utf-8")
        except TemplateProblem as problem:
            problems.append(problem.diagnostic)
    for table in site.tables:
        files[table.path] = renderer.render_csv(table)
    return files, problems
