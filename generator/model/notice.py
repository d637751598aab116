"""Notices: Markdown files with YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from generator.messages import tr
from generator.model.base import (Audience, Category, Corrected, Correction, Entry, Objections, Paper, PostingPeriod,
                                  Said, Slug, added_later, known_by)


@dataclass(frozen=True)
class AttachedTable:
    """A CSV attachment's cells, shown on the page and the sheet: a phone opens a CSV file as raw text, if at all,
    and the bulletin board has no attachments."""

    heading: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    html: str = ""  # as the page and the sheet show it, made from the cells (validate)

    @property
    def short_columns(self) -> tuple[bool, ...]:
        """Which columns hold only a few characters a cell (a unit, a date, a name), to keep on one line: a table
        as wide as the page squeezes them to two characters a line (3栋1单 / 元) for its longest column."""
        return tuple(all(len(row[index]) <= SHORT_CELL for row in self.rows) for index in range(len(self.heading)))


SHORT_CELL = 10  # characters: 3栋1单元, 2026-09-01, 电梯安装调试


class Attachment(Entry):
    """A file stored beside the notice, published with it."""

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: {
        "file": tr("an attachment is its file; give the attachment itself an audience, beside file:"),
        **known_by("title")})
    not_keys: ClassVar[dict[str, str]] = Said(lambda: {
        "table": tr("a CSV attachment is shown as a table read from its file")})

    file: str
    title: str
    # Read from the file, which the verification code has by its sha256: never dumped with the document.
    table: AttachedTable | None = Field(default=None, exclude=True)

    @property
    def online(self) -> bool:
        """Published on the website, not only posted on the board."""
        return self.audience is Audience.web


class Notice(Entry, Corrected):
    """A notice. `slug` comes from the file name unless the front matter sets it;
    `body` is the Markdown below the front matter; `body_html` is set from it."""

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("title"))

    title: str
    date: date
    category: Category
    posting: PostingPeriod
    issuer: str | None = added_later()  # who issues it and seals its sheet, when not the owners' committee
    objections: Objections | None = added_later()  # where to object, when not compound.yaml's: an election's group
    assembly: date | None = None  # the day of the owners' assembly (业主大会会议) the notice calls
    pinned: bool = False
    slug: Slug
    summary: str | None = None
    attachments: list[Attachment] = []
    paper: Paper | None = None
    corrections: list[Correction] = []
    body: str = ""
    body_html: str = ""  # without the sign-off, which the page and the sheet lay out themselves
    signed_by: tuple[str, ...] | None = None  # the names the text ends with before its date; None: not signed
    not_keys: ClassVar[dict[str, str]] = Said(lambda: dict.fromkeys(
        ("body", "body_html", "signed_by"), tr("the notice's text goes below the second '---' line")))

    @property
    def signers(self) -> tuple[str, ...]:
        """Who seals the sheet: the names the text is signed with, else `issuer` (none: the site decides)."""
        return self.signed_by or ((self.issuer,) if self.issuer else ())

    def is_posted_on(self, day: date) -> bool:
        return self.posting.includes(day)


class NoticeAttachments(BaseModel):
    """Only the attachments of a notice whose other values have errors: they are checked all the same, so
    that one run reports a missing file too."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    slug: str
    attachments: list[Attachment] = []
