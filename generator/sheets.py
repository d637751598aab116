"""Stage 3b, sheets: decide every printed sheet and each compound's board pack.

Takes a compound as filtered for the channel the sheets are for: the website's
sheets, which a resident may download, leave out `board` content; the bulletin
board's include it (`never` content is in neither). Each sheet is an HTML
document for WeasyPrint, rendered from `templates/print/` with the same
partials as the web page it prints. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from generator import qr
from generator.markup import ends_with_table
from generator.publication import document_id
from generator.model.base import Correction, Paper, PostingPeriod
from generator.model.finance import Quarter
from generator.model.site import Compound, SiteConfig
from generator.site import DocumentRef, Paths, fund_votes
from generator.verification import DocumentKey


@dataclass(frozen=True)
class SheetTarget:
    """One document to print. `path` is the PDF's path in the output."""

    path: str
    template: str
    context: dict[str, Any]
    key: DocumentKey
    paper: Paper
    posting: PostingPeriod | None
    source: Path  # the content file it comes from, for error messages
    base: Path  # the folder relative resource URLs in it resolve against

    @property
    def file(self) -> str:
        return self.path


@dataclass(frozen=True)
class BoardPack:
    """Every sheet of a compound that is on the board on the build date, for printing in one go."""

    path: str
    sheets: list[str]


@dataclass
class Sheets:
    sheets: list[SheetTarget] = field(default_factory=list)
    pack: BoardPack | None = None


def compound_sheets(compound: Compound, config: SiteConfig, build_date: date,
                    codes: dict[DocumentKey, str], online: set[tuple[str, str]],
                    logged: dict[str, tuple[str, date]], arrears_on_the_board: Collection[Quarter] = ()) -> Sheets:
    """The compound's sheets, and its board pack when any sheet is on the board on `build_date`.
    `online`: the documents (kind, key) that have a web page, for the sheet to point to; `arrears_on_the_board`:
    the quarters whose units behind on fees the board's sheet lists and this one does not."""
    undated = {key: _published_as_it_is(key, codes[key], logged, build_date) for key in codes if key[1] in _UNDATED}
    sheets = _compound_sheets(compound, config, codes, online, undated, arrears_on_the_board)
    posted = [s.path for s in sheets if s.posting and s.posting.includes(build_date)]
    return Sheets(sheets, BoardPack(Paths.board_pack(compound), posted) if posted else None)


def _linkable(votes: dict[str, DocumentRef], online: set[tuple[str, str]]) -> dict[str, DocumentRef]:
    """The votes a sheet names, each with its page, or with none (`path` "") when it is on the board alone: the
    board's copy of a quarter names such a vote, which has no page to link."""
    return {slug: ref if ("vote", slug) in online else replace(ref, path="")
            for slug, ref in votes.items()}


def _issued_by(issuer: str | None) -> tuple[str, ...]:
    return (issuer,) if issuer else ()


# The documents with no date of their own, which their sheet is dated with the day they were published as they
# are: dated with the day it was printed, a sheet that did not change would change every day, and be printed again.
_UNDATED = ("committees", "services")


def _published_as_it_is(key: DocumentKey, code: str, logged: dict[str, tuple[str, date]], today: date) -> date:
    """The day the log has the document with `code`, else (not published, or changed since) `today`."""
    logged_code, day = logged.get(document_id(key), ("", today))
    return day if logged_code == code else today


def _compound_sheets(c: Compound, config: SiteConfig, codes: dict[DocumentKey, str], online: set[tuple[str, str]],
                     undated: dict[DocumentKey, date], arrears_on_the_board: Collection[Quarter]) -> list[SheetTarget]:
    signatures = config.print.signatures
    sheets = []

    def add(kind: str, key: str, path: str, web_path: str, template: str, paper: Paper | None,
            posting: PostingPeriod | None, signed: date | None, corrections: list[Correction],
            signers: tuple[str, ...] = (), invites_objections: bool = True, **context: Any) -> None:
        # A document's own signers seal it; else the site's wording for its kind, else the owners' committee.
        wording = None if signers else getattr(signatures, kind)
        signature = wording.format(compound=c.profile.name, committee=c.profile.committee_name) if wording else None
        code = codes[(c.slug, kind, key)]
        source = c.source_files[(kind, key)]
        web_path = web_path if (kind, key) in online else None  # a board-only document has no page to point to
        sheets.append(SheetTarget(
            path, template,
            {"compound": c, "code": code, "web_path": web_path, "signature": signature, "signed": signed,
             "signers": signers or (c.profile.committee_name,),
             "qr": qr.placeholder(config.base_url + web_path) if web_path else None,
             "paper": paper or config.print.paper,
             "posting": posting, "font": config.print.font, "corrections": corrections,
             "invites_objections": posting is not None and invites_objections, "objection_apart": False,
             "objections": None, **context},
            (c.slug, kind, key), paper or config.print.paper, posting, source, source.parent))

    for notice in c.notices:
        add("notice", notice.slug, Paths.notice_pdf(c, notice), Paths.notice(c, notice), "print/notice.html",
            notice.paper, notice.posting, notice.date, notice.corrections, notice.signers,
            config.invites_objections(notice.category), notice=notice, objections=notice.objections,
            objection_apart=ends_with_table(notice.body_html) and not notice.attachments)
    for period in c.finances:
        add("finance", period.quarter.slug, Paths.finance_pdf(c, period), Paths.finance(c, period),
            "print/finance.html", period.paper, period.posting, period.posting.start, period.corrections,
            _issued_by(period.issuer), period=period, fund_votes=_linkable(fund_votes(c, period), online),
            arrears_on_the_board=period.quarter in arrears_on_the_board)
    for vote in c.votes:
        add("vote", vote.slug, Paths.vote_pdf(c, vote), Paths.vote(c, vote), "print/vote.html", vote.paper,
            vote.posting, vote.date, vote.corrections, _issued_by(vote.issuer), vote=vote, objections=vote.objections)
    if c.rosters:
        add("committees", "", Paths.committees_pdf(c), Paths.committees(c), "print/committees.html",
            c.rosters.paper, None, undated[(c.slug, "committees", "")], c.rosters.corrections)
    if c.services:
        add("services", "", Paths.services_pdf(c), Paths.services(c), "print/services.html",
            c.services.paper, None, undated[(c.slug, "services", "")], c.services.corrections)
    return sheets
