"""The site settings and the whole district as validated content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from generator.deadlines import ASSEMBLY_NOTICE_DAYS, DEFAULT_POSTING_DAYS, DEFAULT_VOTE_RESULT_DAYS
from generator.messages import tr
from generator.model.base import Paper, Record
from generator.model.compound import CompoundProfile, Rosters, Services
from generator.model.finance import FinancePeriod
from generator.model.notice import Notice
from generator.model.vote import Vote

LOCALES = {"zh-CN": "zh_CN", "en": "en"}


class Signatures(Record):
    """The signature line under each kind of sheet. `{committee}` stands for the
    owners' committee's name, `{compound}` for the compound's name."""

    notice: str | None = None
    finance: str | None = None
    vote: str | None = None
    committees: str | None = None
    services: str | None = None

    @field_validator("*")
    @classmethod
    def _only_known_placeholders(cls, wording: str | None) -> str | None:
        if wording is None:
            return None
        try:
            wording.format(committee="", compound="")
        except (IndexError, KeyError, ValueError):
            raise ValueError(tr("expected a wording with no braces but {committee} and {compound}, found "
                                "'%(wording)s'", wording=wording)) from None
        return wording


Days = Annotated[int, Field(ge=1, le=366, strict=True)]  # a period of a year at most: more is a typing mistake


class CalendarSettings(Record):
    """When disclosures are due. Defaults are common practice, not national law;
    set the district's own rules here."""

    finance_days: Days = 30  # a quarter's finances are due this many days after it ends
    posting_days: Days = DEFAULT_POSTING_DAYS  # shortest posting of a notice or a quarter
    assembly_days: Days = ASSEMBLY_NOTICE_DAYS  # shortest posting of an owners' assembly notice
    assembly_categories: list[str] = ["业主大会"]  # notice categories that are assembly notices
    vote_result_days: Days = DEFAULT_VOTE_RESULT_DAYS  # a vote's result is posted within this after counting


class PrintSettings(Record):
    paper: Paper = Paper()
    font: str = "Noto Sans CJK SC"
    signatures: Signatures = Signatures()


class SiteConfig(Record):
    """content/site.yaml"""

    title: str
    base_url: str = Field(pattern=r"^https?://[^\s/]+(/\S*)?$")
    language: Literal["zh-CN", "en"] = "zh-CN"
    district: str
    timezone: str = "Asia/Shanghai"
    description: str | None = None
    print: PrintSettings = PrintSettings()
    calendar: CalendarSettings = CalendarSettings()
    # Notice categories that only inform (停水停电): their page and sheet invite no objections.
    information_categories: list[str] = []

    def invites_objections(self, category: str) -> bool:
        """Whether a notice of `category` says how to object to it, as a disclosure (公示) does."""
        return category not in self.information_categories

    @field_validator("base_url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 -- reading it checks the host and port
        except ValueError:
            raise ValueError(tr("expected a web address such as https://notice.example.org/, found '%(found)s'",
                                found=value)) from None
        # Every page's address is this one and its path: ?from=wechat#top/chenghu-yuan/ would lead nowhere.
        if parts.query or parts.fragment or "?" in value or "#" in value:
            folder = f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"
            raise ValueError(tr("expected the site's folder address, without ?… or #…, found '%(found)s'; write "
                                "%(address)s", found=value, address=folder))
        if "." in parts.path.rpartition("/")[2]:  # index.html (a folder's name with a dot ends with /)
            folder = f"{parts.scheme}://{parts.netloc}{parts.path.rpartition('/')[0]}/"
            raise ValueError(tr("expected the address of the site's folder, not of a page in it, found '%(found)s'; "
                                "write %(address)s", found=value, address=folder))
        # 璧山区/ percent-encoded, as a browser sends it: a sitemap or a feed reader may refuse it as written.
        path = quote(unquote(parts.path)).removesuffix("/") + "/"
        return f"{parts.scheme}://{parts.netloc}{path}"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of zones (Asia), or too long
            raise ValueError(tr("expected a time zone such as Asia/Shanghai, found '%(found)s'", found=value)) from None
        return value

    @property
    def locale(self) -> str:
        return LOCALES[self.language]


@dataclass
class Compound:
    """Everything one compound publishes; notices, finances and votes newest first.
    `attachment_files` maps (notice slug, file name) to the file in content/;
    `source_files` maps a document (kind, key) to its content file, for messages."""

    slug: str
    profile: CompoundProfile
    rosters: Rosters | None = None
    services: Services | None = None
    notices: list[Notice] = field(default_factory=list)
    finances: list[FinancePeriod] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    attachment_files: dict[tuple[str, str], Path] = field(default_factory=dict)
    source_files: dict[tuple[str, str], Path] = field(default_factory=dict)

    def notices_posted_on(self, day: date) -> list[Notice]:
        """Notices on the board that day, pinned ones first."""
        posted = [n for n in self.notices if n.is_posted_on(day)]
        return sorted(posted, key=lambda n: not n.pinned)

    def documents(self) -> dict[tuple[str, str], Notice | FinancePeriod | Vote | Rosters | Services]:
        """Every printable document by (kind, key): the key its sheet and verification code use."""
        documents: dict[tuple[str, str], Notice | FinancePeriod | Vote | Rosters | Services] = {
            ("notice", n.slug): n for n in self.notices}
        documents.update({("finance", p.quarter.slug): p for p in self.finances})
        documents.update({("vote", v.slug): v for v in self.votes})
        if self.rosters:
            documents[("committees", "")] = self.rosters
        if self.services:
            documents[("services", "")] = self.services
        return documents

    def votes_posted_on(self, day: date) -> list[Vote]:
        return [v for v in self.votes if v.posting.includes(day)]

    def finances_posted_on(self, day: date) -> list[FinancePeriod]:
        return [p for p in self.finances if p.posting.includes(day)]

    def assemblies_from(self, day: date) -> list[Notice]:
        """The notices calling an owners' assembly that meets on `day` or later, the soonest first: where owners
        vote next, which a vote's page has only once it is counted."""
        return sorted((n for n in self.notices if n.assembly and n.assembly >= day), key=lambda n: n.assembly)

    @property
    def latest_finance(self) -> FinancePeriod | None:
        return self.finances[0] if self.finances else None

    # The sections the compound's navigation links to (see site.Masthead).
    # A notice calling an owners' assembly gives a votes page before any vote is counted: where owners look for it.
    has_votes = property(lambda self: bool(self.votes) or any(n.assembly for n in self.notices))
    has_rosters = property(lambda self: bool(self.rosters))
    has_services = property(lambda self: bool(self.services))
