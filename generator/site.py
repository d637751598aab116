"""Stage 3, site: decide every file the website consists of.

Takes a compound as already filtered for the web by `privacy.publishable`,
and returns targets: pages to render with a template and their context
(model objects, never raw dicts), CSV tables, and files to copy; the
district's own pages are made from each compound's `Card`. It reads no file: it only asks
the size of each attachment, to show beside its link.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator import disclosure
from generator.charts import ColumnChart, bar_chart, column_chart
from generator.deadlines import Due, DueStatus, calendar_covers
from generator.model.base import STATIC_FOLDER
from generator.model.compound import CompoundProfile, Rosters, Services
from generator.model.finance import FinancePeriod, Quarter, finance_years
from generator.model.notice import Notice
from generator.model.site import Compound, SiteConfig
from generator.model.vote import Vote
from generator.publication import TAKEN_DOWN, LogEntry, compound_corrections, document_id
from generator.verification import DocumentKey

LATEST_DOCUMENTS = 8
NAMED_BY_BYTES = (".css", ".js")  # static files named by their bytes (Paths.static_file)


class Paths:
    """URL paths relative to the site root; '' is the district home page."""

    home = ""
    sitemap = "sitemap.xml"
    district_feed = "feed.xml"

    @staticmethod
    def compound(c: Compound) -> str:
        return f"{c.slug}/"

    @staticmethod
    def notices(c: Compound) -> str:
        return f"{c.slug}/notices/"

    @staticmethod
    def notice(c: Compound, n: Notice) -> str:
        return f"{c.slug}/notices/{n.slug}/"

    @staticmethod
    def attachment(c: Compound, n: Notice, file: str) -> str:
        return f"{c.slug}/notices/{n.slug}/{file}"

    @staticmethod
    def finances(c: Compound) -> str:
        return f"{c.slug}/finances/"

    @staticmethod
    def finance(c: Compound, p: FinancePeriod) -> str:
        return f"{c.slug}/finances/{p.quarter.slug}/"

    @staticmethod
    def finance_year(c: Compound, year: int) -> str:
        return f"{c.slug}/finances/{year}/"

    @staticmethod
    def finance_csv(c: Compound, p: FinancePeriod) -> str:
        return f"{c.slug}/finances/{p.quarter.slug}/ledger-{p.quarter.slug}.csv"

    @staticmethod
    def committees(c: Compound) -> str:
        return f"{c.slug}/committees/"

    @staticmethod
    def services(c: Compound) -> str:
        return f"{c.slug}/services/"

    @staticmethod
    def votes(c: Compound) -> str:
        return f"{c.slug}/votes/"

    @staticmethod
    def vote(c: Compound, v: Vote) -> str:
        return f"{c.slug}/votes/{v.slug}/"

    @staticmethod
    def vote_pdf(c: Compound, v: Vote) -> str:
        return f"{c.slug}/votes/{v.slug}/{v.slug}.pdf"

    @staticmethod
    def calendar(c: Compound) -> str:
        return f"{c.slug}/calendar/"

    @staticmethod
    def revisions(c: Compound) -> str:
        return f"{c.slug}/revisions/"

    @staticmethod
    def verify(c: Compound) -> str:
        return f"{c.slug}/verify/"

    @staticmethod
    def feed(c: Compound) -> str:
        return f"{c.slug}/feed.xml"

    @staticmethod
    def static(name: str) -> str:
        return f"{STATIC_FOLDER}/{name}"

    @staticmethod
    def static_file(file: Path) -> str:
        """A static file's path. A stylesheet or a script is named by its bytes (`static/site.0123456789.css`):
        a phone that kept the old stylesheet (WeChat keeps one for days) fetches the new one with the first page
        that needs it, instead of laying new pages out with old rules. Other files keep their names, by which
        a page may link to them."""
        if file.suffix not in NAMED_BY_BYTES:
            return Paths.static(file.name)
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
        return Paths.static(f"{file.stem}.{digest}{file.suffix}")

    # Printed sheets lie beside the page they print.

    @staticmethod
    def notice_pdf(c: Compound, n: Notice) -> str:
        return f"{c.slug}/notices/{n.slug}/{n.slug}.pdf"

    @staticmethod
    def finance_pdf(c: Compound, p: FinancePeriod) -> str:
        return f"{c.slug}/finances/{p.quarter.slug}/finance-{p.quarter.slug}.pdf"

    @staticmethod
    def committees_pdf(c: Compound) -> str:
        return f"{c.slug}/committees/committees.pdf"

    @staticmethod
    def services_pdf(c: Compound) -> str:
        return f"{c.slug}/services/services.pdf"

    @staticmethod
    def board_pack(c: Compound) -> str:
        return f"{c.slug}/board-pack.pdf"


# Every path above that a sheet has, and nothing else: an attachment cannot take its notice's sheet's name
# (validate refuses it), and lies in no other folder.
_SHEET = re.compile(r"[^/]+/(?:(notices|votes)/([^/]+)/\2|finances/([^/]+)/finance-\3|(committees|services)/\4"
                    r"|board-pack)\.pdf")


def is_sheet(path: str) -> bool:
    """Whether a file of the output is a printed sheet or a board pack, not an attachment."""
    return bool(_SHEET.fullmatch(path))


def output_file(path: str) -> str:
    """The file a URL path is written to: directories get index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True)
class PageTarget:
    """A file rendered from a template. `path` is its URL path."""

    path: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True

    @property
    def file(self) -> str:
        return output_file(self.path)


@dataclass(frozen=True)
class CsvTarget:
    path: str
    period: FinancePeriod


@dataclass(frozen=True)
class CopyTarget:
    path: str
    source: Path


@dataclass(frozen=True)
class DocumentRef:
    """A published document as pages that list documents name and link it."""

    kind: str  # notice | finance | vote | committees | services
    path: str  # its page; "" on a sheet of the board's, for one on the board alone (see `sheets`)
    document: Notice | FinancePeriod | Vote | Rosters | Services


@dataclass(frozen=True)
class Revision:
    day: date
    note: str
    document: DocumentRef


@dataclass(frozen=True)
class CodeRow:
    """A verification code a resident may type in, and what it belongs to."""

    code: str
    document: DocumentRef | None  # None: not on the web, and known only by `kind` and `key`
    current: bool
    logged: date | None  # when this version was entered in the publication log
    absent: str = ""  # why it has no page: "taken down" (since), or "board only" (posted on the board alone)
    kind: str = ""  # and the kind, as the log names it, of such a document
    taken_down: date | None = None  # the day the log recorded a document taken down


@dataclass(frozen=True)
class CalendarRow:
    """A disclosure that is or was due; `document` is None while it is not published. `quarter` is a quarter's
    whose finances are due, `called_by` the notice calling the owners' assembly whose result is due."""

    due: Due
    document: DocumentRef | None
    quarter: Quarter | None
    status: str  # done | done_late | due | overdue
    called_by: DocumentRef | None = None

    @classmethod
    def of(cls, due: Due, documents: dict[DocumentKey, DocumentRef], today: date) -> CalendarRow:
        kind, slug = due.key[1:]
        return cls(due, documents.get(due.key), Quarter.parse(slug.upper()) if kind == "finance" else None,
                   due.status(today).value, documents.get((due.key[0], "notice", slug)) if kind == "assembly" else None)

    @property
    def met(self) -> date | None:
        """The day the owners' assembly whose result is due met, or meets."""
        return self.called_by.document.assembly if self.called_by else None

    @property
    def estimated(self) -> bool:
        """The due date relies on a year whose public holidays are not published yet."""
        return not calendar_covers(self.due.due)


FEED_LENGTH = 30  # entries: a reader keeps what it has read; a longer feed only costs every download


@dataclass(frozen=True)
class FeedEntry:
    """A document as the compound's feed gives it: `updated` is the later of its day and its last correction,
    so that a reader shows a corrected notice again instead of changing it unseen."""

    kind: str  # notice | vote | finance
    document: Notice | Vote | FinancePeriod
    path: str
    posted: date  # a notice's day; the day a vote's result or a quarter's finances were posted
    updated: date

    @classmethod
    def of(cls, kind: str, document: Notice | Vote | FinancePeriod, path: str, day: date) -> FeedEntry:
        return cls(kind, document, path, day, last_changed(document, day))


def last_changed(document: Notice | Vote | FinancePeriod, day: date) -> date:
    """The later of the document's `day` and its last correction."""
    return max(day, document.last_corrected or day)


def feed_entries(c: Compound) -> list[FeedEntry]:
    """The newest notices, votes and quarters' finances, newest (or newest corrected) first."""
    return sorted(_entries(c), key=lambda entry: entry.updated, reverse=True)[:FEED_LENGTH]


def _entries(c: Compound) -> list[FeedEntry]:
    return ([FeedEntry.of("notice", n, Paths.notice(c, n), n.date) for n in c.notices]
            + [FeedEntry.of("vote", v, Paths.vote(c, v), v.posting.start) for v in c.votes]
            + [FeedEntry.of("finance", p, Paths.finance(c, p), p.posting.start) for p in c.finances])


@dataclass(frozen=True)
class Masthead:
    """What a page about one part of a compound (a document; the finances, the votes) shows of the rest:
    its name and profile, and the sections its navigation links to. Such a page is given this as
    `compound` instead of the whole compound, so that it needs rendering again only when its own part
    or this changes (see `units._page_key`)."""

    slug: str
    profile: CompoundProfile
    has_votes: bool
    has_rosters: bool
    has_services: bool

    @classmethod
    def of(cls, c: Compound) -> Masthead:
        return cls(c.slug, c.profile, c.has_votes, c.has_rosters, c.has_services)


@dataclass(frozen=True)
class Outcome:
    """A vote's result, as the district's list and feed give it: its fields are named as a Vote's, so that
    `labels.vote_outcome` words either."""

    is_election: bool
    passed: bool
    elected: tuple[str, ...]
    seats: int | None

    @classmethod
    def of(cls, vote: Vote) -> Outcome:
        return cls(vote.is_election, vote.passed, tuple(c.name for c in vote.elected), vote.seats)


@dataclass(frozen=True)
class Figures:
    """A quarter's four figures, named as a FinancePeriod's, so that `finance.summary` lays out either."""

    opening_balance: Decimal
    income_total: Decimal
    expense_total: Decimal
    computed_closing: Decimal

    @classmethod
    def of(cls, period: FinancePeriod) -> Figures:
        return cls(period.opening_balance, period.income_total, period.expense_total, period.computed_closing)


@dataclass(frozen=True)
class DocumentHeading:
    """A notice, a vote's result or a quarter's finances, as the district's home page and feed list it."""

    kind: str  # notice | vote | finance, as FeedEntry's
    path: str  # its page
    title: str  # a notice's or a vote's; "" for a quarter's finances, named from `quarter` in the interface language
    date: date  # a notice's day; the day a vote's result or a quarter's finances were posted
    updated: date  # its last correction's day, or `date`: a corrected document comes up again, as in its feed
    summary: str | None = None  # for the district's feed
    on_the_board: bool = False  # on the day the site was built, as the compound's own lists say too
    quarter: Quarter | None = None  # of a quarter's finances
    corrected: bool = False  # it carries a correction, if only of its own day, as the compound's lists say
    outcome: Outcome | None = None  # of a vote
    figures: Figures | None = None  # of a quarter's finances
    counted: date | None = None  # of a vote: the day its compound's list gives it by, before its result was posted

    @classmethod
    def of(cls, entry: FeedEntry, day: date) -> DocumentHeading:
        d, posted = entry.document, entry.document.posting.includes(day)
        corrected = d.last_corrected is not None
        if isinstance(d, FinancePeriod):
            return cls(entry.kind, entry.path, "", entry.posted, entry.updated, None, posted, d.quarter, corrected,
                       figures=Figures.of(d))
        vote = d if isinstance(d, Vote) else None
        return cls(entry.kind, entry.path, d.title, entry.posted, entry.updated, d.summary, posted, None, corrected,
                   Outcome.of(vote) if vote else None, counted=vote.date if vote else None)


@dataclass(frozen=True)
class Card:
    """What the district's pages show of a compound: enough to list and link it, without loading it."""

    slug: str
    name: str
    address: str
    households: int
    documents: list[DocumentHeading]  # the newest first, at most LATEST_DOCUMENTS
    overdue: int = 0  # disclosures past their due day and not published (`disclosure.overdue`)
    overdue_since: date | None = None  # the earliest of their due days
    # No quarter's finances published at all: its calendar begins with the last quarter (it cannot tell when the
    # committee's duty began), so that one overdue quarter would rank it below a compound that missed two.
    no_finances: bool = False
    on_the_board: int = 0  # documents on its notice board on the day built: what the district's office looks for

    @classmethod
    def of(cls, c: Compound, day: date, overdue: list[Due] | None = None) -> Card:
        headings = [DocumentHeading.of(entry, day) for entry in _entries(c)]
        newest = sorted(headings, key=lambda d: (d.updated, d.date, d.path), reverse=True)[:LATEST_DOCUMENTS]
        overdue = overdue or []
        posted = len(c.notices_posted_on(day)) + len(c.finances_posted_on(day)) + len(c.votes_posted_on(day))
        return cls(c.slug, c.profile.name, c.profile.address, c.profile.households, newest, len(overdue),
                   min((due.due for due in overdue), default=None), not c.finances, posted)

    @property
    def street(self) -> str:
        """The sub-district (街道, 镇 or 乡) its address names, as residents place a compound; '' for none."""
        found = _STREET.search(self.address)
        return found.group(1) if found else ""

    @property
    def address_in_street(self) -> str:
        """The address after its sub-district, as listed under the sub-district's heading (安居路176号, not
        澜溪区云台街道安居路176号 again and again, where the part that tells compounds apart came last)."""
        found = _STREET.search(self.address)
        return self.address[found.end():].strip() if found else self.address


# A 乡 that begins a road's or a village's name (新乡路, 城北乡村路) is none, and 新乡镇 is a 镇.
_STREET = re.compile(r"(?:^|[省市区县])\s*([^省市区县号0-9\s]{1,10}?(?:街道|镇|乡(?![路街巷道村镇])))")


@dataclass(frozen=True)
class StreetGroup:
    """The compounds of one sub-district, as the district's home page lists them; `name` '' for those whose
    address names none."""

    name: str
    cards: list[Card]


def street_groups(cards: list[Card]) -> list[StreetGroup]:
    """The compounds by sub-district, each in the order its first compound comes; those of none last."""
    by_street: dict[str, list[Card]] = {}
    for card in cards:
        by_street.setdefault(card.street, []).append(card)
    return sorted((StreetGroup(name, grouped) for name, grouped in by_street.items()), key=lambda g: not g.name)


def notice_years(notices: list[Notice]) -> list[tuple[int, list[Notice]]]:
    """A compound's notices by year, newest first: years of them make a list a resident scrolls for minutes."""
    by_year: dict[int, list[Notice]] = {}
    for notice in sorted(notices, key=lambda n: n.date, reverse=True):
        by_year.setdefault(notice.date.year, []).append(notice)
    return list(by_year.items())


def overdue_compounds(cards: list[Card]) -> list[Card]:
    """The compounds with disclosures overdue, the longest overdue first, and before them those that never
    published their finances: what the district's office asks first."""
    return sorted((card for card in cards if card.overdue_since),
                  key=lambda card: (not card.no_finances, card.overdue_since, card.slug))


def latest_documents(cards: list[Card], limit: int) -> list[tuple[Card, DocumentHeading]]:
    """The newest (or newest corrected) documents of the whole district, with the compound each belongs to; of
    one day, the compounds take turns (each one's first, then each one's second...), each day in another order
    that the day decides (in the order of their folders, the same compounds took every place, every day)."""
    everything = [(card, d) for card in cards for d in card.documents]
    nth: dict[tuple[str, date], int] = {}  # how many of its compound's documents of that day come before it
    ranked = []
    for card, document in sorted(everything, key=lambda pair: (pair[0].slug, pair[1].path)):
        rank = nth[card.slug, document.updated] = nth.get((card.slug, document.updated), -1) + 1
        order = (-document.updated.toordinal(), rank, _turn(document.updated, card.slug), document.path)
        ranked.append((order, card, document))
    return [(card, document) for _, card, document in sorted(ranked, key=lambda item: item[0])[:limit]]


def _turn(day: date, slug: str) -> int:
    return zlib.crc32(f"{day}/{slug}".encode())


@dataclass
class Site:
    """The files of the web site, or of one compound's part of it."""

    build_date: date
    pages: list[PageTarget] = field(default_factory=list)
    tables: list[CsvTarget] = field(default_factory=list)
    copies: list[CopyTarget] = field(default_factory=list)

    def sitemap_paths(self) -> list[str]:
        return [p.path for p in self.pages if p.in_sitemap]


def district_site(cards: list[Card], build_date: date, static: dict[str, Path], sitemap: list[str]) -> Site:
    """The pages that span the district: home, its feed of the latest documents, 404 and the sitemap (`sitemap`:
    every compound's pages), and the static files (`static`: the file copied to each path)."""
    site = Site(build_date)
    site.pages.append(PageTarget(Paths.home, "web/district.html",
                                 {"streets": street_groups(cards), "latest": latest_documents(cards, LATEST_DOCUMENTS),
                                  "overdue": overdue_compounds(cards)}))
    site.pages.append(PageTarget(Paths.district_feed, "district_feed.xml",
                                 {"latest": latest_documents(cards, FEED_LENGTH)}, in_sitemap=False))
    site.pages.append(PageTarget("404.html", "web/404.html", {"compounds": {c.slug: c.name for c in cards}},
                                 in_sitemap=False))
    site.pages.append(PageTarget(Paths.sitemap, "sitemap.xml", {"locations": [Paths.home, *sitemap]}, in_sitemap=False))
    site.copies.extend(CopyTarget(path, source) for path, source in sorted(static.items()))
    return site


def compound_site(compound: Compound, config: SiteConfig, build_date: date, codes: dict[DocumentKey, str],
                  board_pack: bool, log: list[LogEntry], logged: disclosure.Logged, overdue: int,
                  arrears_on_the_board: Collection[Quarter] = ()) -> Site:
    """Every file of one compound's part of the web site. `compound` is as filtered for the web, `codes`
    are its documents' verification codes, `board_pack` whether its board pack exists for this
    build date, `log` the publication log, `logged` when it first has each document, `overdue` how
    many of its disclosures are overdue (as its `Card` counts them, so that its home and the district's agree)
    and `arrears_on_the_board` the quarters whose sheets on the board list units behind on fees the web does not."""
    site = Site(build_date)
    documents = documents_of(compound)
    calendar = [CalendarRow.of(due, documents, build_date)
                for due in disclosure.schedule(compound, config.calendar, build_date, logged)]
    _compound_targets(site, compound, codes, board_pack, overdue, arrears_on_the_board, calendar)
    _record_targets(site, compound, codes, log, documents, calendar)
    return site


def _compound_targets(site: Site, c: Compound, codes: dict[DocumentKey, str], board_pack: bool, overdue: int,
                      arrears_on_the_board: Collection[Quarter], calendar: list[CalendarRow]) -> None:
    base, masthead = {"compound": c}, {"compound": Masthead.of(c)}
    overdue_quarters = [row for row in calendar if row.quarter and row.status == DueStatus.overdue.value]
    site.pages += [
        PageTarget(Paths.compound(c), "web/compound.html",
                   {**base, "posted": c.notices_posted_on(site.build_date),
                    "votes_posted": c.votes_posted_on(site.build_date),
                    "finances_posted": c.finances_posted_on(site.build_date),
                    "overdue": overdue, "overdue_quarters": overdue_quarters,
                    "board_pack": Paths.board_pack(c) if board_pack else None}),
        PageTarget(Paths.notices(c), "web/notices.html", {**base, "years": notice_years(c.notices)}),
        PageTarget(Paths.finances(c), "web/finances.html",
                   {**masthead, "finances": c.finances, "trend": _trend(c), "years": finance_years(c.finances),
                    "overdue_quarters": overdue_quarters, "posted": c.finances_posted_on(site.build_date)}),
        PageTarget(Paths.feed(c), "feed.xml", {**base, "entries": feed_entries(c)}, in_sitemap=False),
    ]
    if c.rosters:
        site.pages.append(PageTarget(Paths.committees(c), "web/committees.html",
                                     {**masthead, "rosters": c.rosters, "code": codes[(c.slug, "committees", "")]}))
    if c.services:
        site.pages.append(PageTarget(Paths.services(c), "web/services.html",
                                     {**masthead, "services": c.services, "code": codes[(c.slug, "services", "")]}))
    for notice in c.notices:
        files = {a.file: c.attachment_files[(notice.slug, a.file)] for a in notice.attachments}
        # Each attachment's size beside its link: on a phone's data plan, a 20 MB scan is worth knowing of first.
        site.pages.append(PageTarget(Paths.notice(c, notice), "web/notice.html", {
            **masthead, "notice": notice, "code": codes[(c.slug, "notice", notice.slug)],
            "sizes": {name: path.stat().st_size for name, path in files.items()}}))
        site.copies.extend(CopyTarget(Paths.attachment(c, notice, name), path) for name, path in files.items())
    for year in finance_years(c.finances):
        site.pages.append(PageTarget(Paths.finance_year(c, year.year), "web/finance_year.html", {
            **masthead, "year": year, "charts": {"income": bar_chart(year.income_by_category()),
                                             "expenses": bar_chart(year.expenses_by_category())}}))
    if c.has_votes:
        site.pages.append(PageTarget(Paths.votes(c), "web/votes.html", {
            **masthead, "votes": c.votes, "posted": c.votes_posted_on(site.build_date),
            "assemblies": c.assemblies_from(site.build_date),
            "awaiting": [row for row in calendar if row.met and row.met < site.build_date]}))
    for vote in c.votes:
        site.pages.append(PageTarget(Paths.vote(c, vote), "web/vote.html",
                                     {**masthead, "vote": vote, "code": codes[(c.slug, "vote", vote.slug)]}))
    for period in c.finances:
        charts = {"income": bar_chart(period.income_by_category()),
                  "expenses": bar_chart(period.expenses_by_category())}
        site.pages.append(PageTarget(Paths.finance(c, period), "web/finance.html",
                                     {**masthead, "period": period, "charts": charts,
                                      "fund_votes": fund_votes(c, period),
                                      "arrears_on_the_board": period.quarter in arrears_on_the_board,
                                      "code": codes[(c.slug, "finance", period.quarter.slug)]}))
        site.tables.append(CsvTarget(Paths.finance_csv(c, period), period))


def fund_votes(c: Compound, period: FinancePeriod) -> dict[str, DocumentRef]:
    """The votes that approved the quarter's uses of the maintenance fund, by slug, to name and link them: those
    this copy of the compound has (a vote posted on the board alone is not the web's)."""
    used = {use.vote for use in period.maintenance_fund.uses} if period.maintenance_fund else set()
    return {vote.slug: DocumentRef("vote", Paths.vote(c, vote), vote) for vote in c.votes if vote.slug in used}


def _trend(c: Compound) -> dict[str, ColumnChart]:
    """Income, expenses, closing balance and net shared revenue, quarter by quarter (oldest first). A quarter
    between them that is not published has its place, with no column: closed up, the gap would not show."""
    periods = {p.quarter: p for p in c.finances}
    quarters = [min(periods)] if periods else []
    while quarters and quarters[-1] < max(periods):
        quarters.append(quarters[-1].next())
    return {name: column_chart([(q, measure(periods[q]) if q in periods else None) for q in quarters])
            for name, measure in (("income", lambda p: p.income_total), ("expenses", lambda p: p.expense_total),
                                  ("closing", lambda p: p.computed_closing), ("shared", lambda p: p.shared_net))}


def documents_of(c: Compound) -> dict[DocumentKey, DocumentRef]:
    """Every printable document of the compound, by the key of its verification code."""
    page_of = {"notice": lambda n: Paths.notice(c, n), "finance": lambda p: Paths.finance(c, p),
               "vote": lambda v: Paths.vote(c, v), "committees": lambda _: Paths.committees(c),
               "services": lambda _: Paths.services(c)}
    return {(c.slug, kind, key): DocumentRef(kind, page_of[kind](document), document)
            for (kind, key), document in c.documents().items()}


def _record_targets(site: Site, c: Compound, codes: dict[DocumentKey, str], log: list[LogEntry],
                    documents: dict[DocumentKey, DocumentRef], calendar: list[CalendarRow]) -> None:
    """The compound's revisions page, its page for checking a code from a posted sheet, and its calendar."""
    revisions = sorted((Revision(note.date, note.note, documents[key])
                        for key, notes in compound_corrections(c).items() for note in notes),
                       key=lambda r: r.day, reverse=True)
    site.pages.append(PageTarget(Paths.revisions(c), "web/revisions.html", {"compound": c, "revisions": revisions}))
    site.pages.append(PageTarget(Paths.verify(c), "web/verify.html", {"compound": c, "rows": _code_rows(
        c.slug, documents, codes, log)}))
    site.pages.append(PageTarget(Paths.calendar(c), "web/calendar.html", {"compound": c, "rows": calendar}))


def _code_rows(slug: str, documents: dict[DocumentKey, DocumentRef], codes: dict[DocumentKey, str],
               log: list[LogEntry]) -> list[CodeRow]:
    """Current codes first, then every older code the log remembers for these documents; then those of the
    documents on the board alone, and of the compound's documents taken down since: a resident holding a sheet
    of one learns that, not that the code is unknown, as a forged sheet's would be."""
    logged: dict[tuple[str, str], tuple[int, date]] = {}  # each version's first entry: its line and day
    taken_down: dict[str, date] = {}
    for entry in log:
        for document, code in entry.documents.items():
            if code == TAKEN_DOWN:
                taken_down[document] = entry.date
            else:
                logged.setdefault((document, code), (entry.line, entry.date))
    first = min((line for (document, _), (line, _) in logged.items() if document.startswith(f"{slug}/")),
                default=None)

    def posted(ref: DocumentRef | None, document: str, code: str) -> date | None:
        """A version's day as the calendar gives it: the log's, or for one there before the log began (in the
        compound's first entry, or in none when the log has none of the compound's), its posting's start, which a
        document taken down since, or posted on the board alone, does not say here (the day its log began is not
        its day). A version corrected on the day the log began is dated by its own entry, later on that day."""
        line, day = logged.get((document, code), (None, None))
        if line != first:
            return day
        posting = getattr(ref.document, "posting", None) if ref else None
        return posting.start if posting and (day is None or posting.start < day) else day if ref else None
    def since(ref: DocumentRef, document: str, code: str) -> date | None:
        """The current version's day: of a document corrected since its posting began, its last correction's,
        which made the text it has, unless the log says when it was published."""
        day, corrected = posted(ref, document, code), getattr(ref.document, "last_corrected", None)
        unlogged = logged.get((document, code), (first, None))[0] == first
        return max(day, corrected) if day and corrected and unlogged else day
    rows = [CodeRow(codes[key], ref, True, since(ref, document_id(key), codes[key])) for key, ref in documents.items()]
    by_id = {document_id(key): ref for key, ref in documents.items()}
    current = {codes[key] for key in documents}
    rows += [CodeRow(code, by_id[document], False, posted(by_id[document], document, code))
             for document, code in sorted(logged) if document in by_id and code not in current]
    board_only = {document_id(key): code for key, code in codes.items() if key[0] == slug and key not in documents}
    rows += [CodeRow(code, None, True, posted(None, document, code), "board only", _kind_of(document))
             for document, code in sorted(board_only.items())]
    rows += [CodeRow(code, None, False, posted(None, document, code), "taken down", _kind_of(document),
                     taken_down.get(document))
             for document, code in sorted(logged)
             if document.startswith(f"{slug}/") and document not in by_id and code != board_only.get(document)]
    return rows


def _kind_of(document: str) -> str:
    """'guiyuan-xincun/notice/t-reverse' -> 'notice'; 'committees' for a roster."""
    return document.split("/")[1]
