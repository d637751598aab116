"""Stage 2, validate: a compound's finance quarters. Each file against the content model, then the rules
that span its parts and the quarters: the ledger's dates and balance, the shared revenue against the ledger,
the maintenance fund's balance and the votes that approved its uses, the audit, and the chain of balances
from quarter to quarter. Called by `validate`; never raises for a content problem.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.errors import Diagnostic, Diagnostics, Severity
from generator.load import SourceFile, set_aside_hint
from generator.messages import clauses, joined, tr
from generator.model.base import Channel, named_choices
from generator.model.compound import Member, Rosters
from generator.model.finance import (SHARED_REVENUE_CATEGORY, Allocation, AllocationKind, Audit, Balances,
                                     FinanceFigures, FinancePeriod, FundBalances, FundDeposit, FundFigures, FundUse,
                                     LedgerLine, MaintenanceFund, Quarter, SharedRevenue, month_named)
from generator.model.vote import Vote
from generator.schema_errors import field_path, partial, validated
from generator.screening import WEB, values_with_reach


def finances(sources: list[SourceFile], rosters: Rosters | None, diagnostics: Diagnostics) -> list[FinancePeriod]:
    """Every valid quarter, latest first. The balance rules are checked on every file whose figures could
    be read, valid or not: those of its ledger, and of its maintenance fund."""
    periods: list[FinancePeriod] = []
    ledgers: list[tuple[_Account, SourceFile]] = []
    funds: list[tuple[_Account, SourceFile]] = []
    for source in sources:
        period, read, fund = _finance(source, rosters, diagnostics)
        periods += [period] if period else []
        ledgers += [(_Account.of_ledger(read), source)] if read else []
        funds += [(fund, source)] if fund else []
    with_files = {Quarter.loosely(source.path.stem) for source in sources}  # 2026Q2.yaml: misnamed, not missing
    for accounts in (ledgers, funds):
        accounts.sort(key=lambda pair: pair[0].quarter)
        right_opening = _right_openings([account for account, _ in accounts])
        for index, (account, source) in enumerate(accounts):
            carried = _carried_on(account, [later for later, _ in accounts[index + 1:]], right_opening)
            _check_balance(account, source, right_opening[account.quarter], carried, diagnostics)
            if index and account.quarter.previous() == (before := accounts[index - 1][0]).quarter:
                _check_opening(before, account, source, right_opening[account.quarter], carried, diagnostics)
    for account, source in ledgers:
        _check_signs(account, source, diagnostics)
    for (before, _), (after, source) in zip(ledgers, ledgers[1:]):
        _check_gap(before, after, with_files, source, diagnostics)
    sources_of = {Quarter.parse(source.path.stem): source for source in sources}
    _check_fund_kept(periods, sources_of, diagnostics)
    _check_fund_shown(periods, sources_of, diagnostics)
    _check_lines_copied(periods, sources_of, diagnostics)
    return sorted(periods, key=lambda period: period.quarter, reverse=True)


def _check_lines_copied(periods: list[FinancePeriod], sources_of: dict[Quarter | None, SourceFile],
                        diagnostics: Diagnostics) -> None:
    """A quarter whose ledger is half or more the quarter before's, but for the dates (category, description,
    amount and voucher alike): its file was most likely copied from that quarter's, dates changed and lines left,
    and the old quarter's money is published as this one's. A warning: a small compound's fixed monthly bills, its
    vouchers numbered afresh each month (记-1 again), can be alike too."""
    ledgers = {period.quarter: [(section, index, line) for section, numbered in _QuarterParts.of(period).lines.items()
                                for index, line in numbered] for period in periods}
    for quarter, lines in ledgers.items():
        before = {_undated(line) for _, _, line in ledgers.get(quarter.previous(), [])}
        alike = [(section, index) for section, index, line in lines if _undated(line) in before]
        if len(lines) >= 3 and 2 * len(alike) >= len(lines):
            section, index = alike[0]
            diagnostics.add(sources_of[quarter].error_at(
                (section, index), tr(
                    "%(alike)s of its %(lines)s ledger lines are %(before)s's but for their dates (category, "
                    "description, amount and voucher): was the file copied from that quarter's, and its lines not "
                    "replaced?", alike=len(alike), lines=len(lines), before=quarter.previous()),
                field=f"{section}[{index + 1}]", severity=Severity.warning,
                hint=tr("enter %(quarter)s's own lines from its vouchers", quarter=quarter)))


def _undated(line: LedgerLine) -> tuple:
    return (line.category, line.description, line.amount, line.voucher)


def _finance(source: SourceFile, rosters: Rosters | None, diagnostics: Diagnostics
             ) -> tuple[FinancePeriod | None, Balances | None, _Account | None]:
    """The quarter, and its figures and its maintenance fund's: those of the quarter, or of a file with other errors
    when they can be read."""
    quarter = Quarter.parse(source.path.stem)
    if quarter is None:
        meant = Quarter.loosely(source.path.stem)
        diagnostics.add(Diagnostic(source.location(), tr("expected a file name like 2026-Q1.yaml, found "
                                                         "'%(found)s'", found=source.path.name),
                                   hint=_rename_hint(source.path.stem, meant) if meant else
                                   tr("if it is a copy, %(set_aside)s", set_aside=set_aside_hint(source.path.name))))
        return None, None, None
    data = source.document.data
    if isinstance(data, dict) and "period" in data:
        diagnostics.add(source.error_at(("period",), tr("the quarter comes from the file name; remove this line"),
                                        field="period"))
    # The file name's quarter, whatever a `period:` line says: that line is one error, and the rest is checked.
    data = {**data, "period": str(quarter)} if isinstance(data, dict) else data
    found = Diagnostics()
    period = validated(source, FinancePeriod, found, data)
    diagnostics.extend(_closing_worked_out(data, found) if period is None else found)
    if period is None:
        parts = _QuarterParts.readable(data) if isinstance(data, dict) else None
        if parts:
            _check_parts(quarter, parts, source, rosters, diagnostics)
        return None, partial(FinanceFigures, data), _fund_account(quarter, parts)
    parts = _QuarterParts.of(period)
    _check_parts(quarter, parts, source, rosters, diagnostics)
    if period.posting.start <= quarter.last_day:
        diagnostics.add(source.error_at(("posting", "from"), tr(
            "expected a day after %(quarter)s ends (%(last_day)s), as its figures are final only then, found "
            "%(found)s", quarter=quarter, last_day=quarter.last_day, found=period.posting.start),
            field="posting.from"))
    if period.audit and period.audit.date > period.posting.start:
        diagnostics.add(source.error_at(("audit", "date"), tr(
            "the audit is dated %(audited)s, after the posting began on %(posted)s: the sheet on the board cites an "
            "audit not done yet, and owners object to figures nobody had checked", audited=period.audit.date,
            posted=period.posting.start), field="audit.date", severity=Severity.warning,
            hint=tr("post the quarter again from a day after the audit, or correct the date")))
    _check_web_arrears(period, source, diagnostics)
    _check_arrears_named_on_the_web(period, source, diagnostics)
    return period, period, _fund_account(quarter, parts)


def _closing_worked_out(data: Any, found: Diagnostics) -> list[Diagnostic]:
    """The errors of a quarter's file, a closing balance left blank (as `new finance` leaves it) worked out in the
    hint of its own, when the opening balance and the ledger read: to check against the bank statement. Writing a
    guess (0) was the way to learn it."""
    blank = isinstance(data, dict) and data.get("closing_balance") is None
    worked = partial(FinanceFigures, {**data, "closing_balance": Decimal(0)}) if blank else None
    if worked is None:
        return found.items
    hint = tr("opening %(opening)s + income %(income)s - expenses %(expenses)s = %(closing)s: check it against the "
              "closing balance of the bank statement, and if they agree, write closing_balance: %(written)s",
              opening=money(worked.opening_balance), income=money(worked.income_total),
              expenses=money(worked.expense_total), closing=money(worked.computed_closing),
              written=worked.computed_closing)
    return [dataclasses.replace(d, hint=hint) if d.field == "closing_balance" else d for d in found.items]


def _rename_hint(stem: str, meant: Quarter) -> str:
    """The name a quarter's file was meant to have; of one named after a month, its quarter's (2026-3 may be
    either: the third quarter, or March)."""
    month = month_named(stem)
    if month is None:
        return tr("rename it %(meant)s.yaml", meant=meant)
    of_month = Quarter.of_month(meant.year, month)
    if of_month == meant:
        return tr("a quarter's figures are kept in one file, and month %(month)s is in %(meant)s: rename it "
                  "%(meant)s.yaml, or move its lines into that file", month=month, meant=meant)
    return tr("rename it %(meant)s.yaml if it holds %(meant)s; if it holds month %(month)s alone, its lines go in "
              "%(of_month)s.yaml, as a quarter's figures are kept in one file", meant=meant, month=month,
              of_month=of_month)


# What a unit is written with (3栋2单元302, 11-2-302, A座1502室, 一期5幢): anything else in an arrear published on
# the web, a name most often, is a resident's debt named before the whole internet (PIPL art. 25).
_UNIT_TEXT = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ\s\-－—–_/、.,，()（）#＃栋幢座号楼单元室层户期区一二三四五六七八九十零〇东南西北"
                        r"商铺车库地下附]*")


def _check_web_arrears(period: FinancePeriod, source: SourceFile, diagnostics: Diagnostics) -> None:
    for index, arrear in enumerate(period.arrears):
        if arrear.audience.reaches(Channel.web) and not _UNIT_TEXT.fullmatch(arrear.unit):
            diagnostics.add(source.error_at(
                ("arrears", index, "unit"), tr("an arrear published on the web names more than a unit: '%(unit)s' "
                                               "(a name?); on the web its room number is hidden, but not a name",
                                               unit=arrear.unit),
                field=f"arrears[{index + 1}].unit", severity=Severity.warning,
                hint=tr("write the unit only (3栋2单元302), or leave out `audience: web`: arrears are for the board")))


def _check_arrears_named_on_the_web(period: FinancePeriod, source: SourceFile, diagnostics: Diagnostics) -> None:
    """A unit of the board's arrears list named with a debt in a text of the same quarter the web shows (a ledger
    line's 含7栋1单元502补缴欠费, the audit's opinion) publishes its debt on the web all the same; named for a repair
    at its door, it does not."""
    listed = [arrear.unit for arrear in period.arrears]
    # Most often each is in the file only where the list gives it: then no text names it, and nothing is walked.
    units = sorted({arrear.unit for arrear in period.arrears if not arrear.audience.reaches(Channel.web)
                    and source.text.count(arrear.unit) > listed.count(arrear.unit)})
    for path, value, reach in values_with_reach(source.document.data) if units else ():
        text = str(value) if reach == WEB and path[0] != "arrears" and _OWING.search(str(value)) else ""
        for unit in (unit for unit in units if re.search(rf"(?<![0-9０-９]){re.escape(unit)}(?![0-9０-９])", text)):
            diagnostics.add(source.error_at(
                path, tr("names %(unit)s, a unit whose arrears are for the board only, and this text is published "
                         "on the web", unit=unit), field=field_path(path),
                hint=tr("leave the unit out of it (补缴欠费), or mark the text for the board: {value: …, audience: "
                        "board}")))


_OWING = re.compile("欠|补缴|催缴|滞纳")


@dataclass
class _QuarterParts:
    """What the checks of a quarter's ledger lines, shared revenue and audit read: all of it from a valid file,
    and from a file with errors each part that is valid on its own, so that one run reports their problems
    too (a line's amount written as '¥1200' should not hide another line's date outside the quarter)."""

    lines: dict[str, list[tuple[int, LedgerLine]]]  # by section, each line with its index in the file
    shared_revenue: SharedRevenue | None
    audit: Audit | None
    fund: _FundParts | None = None
    audit_unread: bool = False  # the file gives an audit, with errors of its own (reported already)
    shared_revenue_unread: bool = False  # the same for its shared revenue
    complete: bool = True  # every ledger line could be read

    @classmethod
    def of(cls, period: FinancePeriod) -> _QuarterParts:
        return cls({section: list(enumerate(getattr(period, section))) for section in LEDGER_SECTIONS},
                   period.shared_revenue, period.audit, _FundParts.readable(period.maintenance_fund))

    @classmethod
    def readable(cls, data: dict) -> _QuarterParts:
        lines = {section: [(index, line) for index, item in enumerate(_listed(data.get(section)))
                           if (line := partial(LedgerLine, item)) is not None] for section in LEDGER_SECTIONS}
        audit = partial(Audit, data["audit"]) if data.get("audit") is not None else None
        written = data.get("shared_revenue")
        shared = partial(SharedRevenue, written) if written is not None else None
        return cls(lines, shared, audit, _FundParts.readable(data.get(FUND)),
                   audit_unread=audit is None and data.get("audit") is not None,
                   shared_revenue_unread=shared is None and written is not None,
                   complete=all(len(lines[section]) == len(_listed(data.get(section))) for section in LEDGER_SECTIONS))


LEDGER_SECTIONS = ("income", "expenses")
FUND = "maintenance_fund"


@dataclass
class _FundParts:
    """What the checks of a quarter's maintenance fund read, as `_QuarterParts` does: its figures when they
    can be read, and each deposit and use that is valid on its own, with its index in the file."""

    balance: FundBalances | None
    deposits: list[tuple[int, FundDeposit]]
    uses: list[tuple[int, FundUse]]

    @classmethod
    def readable(cls, written: Any) -> _FundParts | None:
        """Of the section as written, or as validated (a MaintenanceFund); None when there is none."""
        if isinstance(written, MaintenanceFund):
            return cls(written, list(enumerate(written.deposits)), list(enumerate(written.uses)))
        if not isinstance(written, dict):
            return None  # left out, or not a mapping (reported already)
        return cls(partial(FundFigures, written),
                   [(index, item) for index, data in enumerate(_listed(written.get("deposits")))
                    if (item := partial(FundDeposit, data)) is not None],
                   [(index, item) for index, data in enumerate(_listed(written.get("uses")))
                    if (item := partial(FundUse, data)) is not None])


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else []


def _check_parts(quarter: Quarter, parts: _QuarterParts, source: SourceFile, rosters: Rosters | None,
                 diagnostics: Diagnostics) -> None:
    _check_dates(quarter, parts.lines, source, diagnostics)
    _check_repeated_lines(parts.lines, source, diagnostics)
    _check_shared_revenue(parts.shared_revenue, source, diagnostics)
    _check_fund(quarter, parts.fund, source, diagnostics)
    _check_shared_revenue_received(parts, source, diagnostics)
    if not parts.audit_unread:
        _check_audit(quarter, parts.audit, source, rosters, diagnostics)


def money(amount: Decimal) -> str:
    """Plain figures for messages: 12,345.60."""
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class _Account:
    """An account's figures in one quarter, as the balance checks read them: the quarter's ledger, or the
    maintenance fund's (`section`, the key its balances are under)."""

    quarter: Quarter
    opening: Decimal
    closing: Decimal
    came_in: Decimal
    went_out: Decimal
    section: str = ""

    @classmethod
    def of_ledger(cls, read: Balances) -> _Account:
        return cls(read.quarter, read.opening_balance, read.closing_balance, read.income_total, read.expense_total)

    @classmethod
    def of_fund(cls, quarter: Quarter, fund: FundBalances) -> _Account:
        return cls(quarter, fund.opening_balance, fund.closing_balance, fund.deposit_total, fund.use_total, FUND)

    @property
    def flows(self) -> Decimal:
        return self.came_in - self.went_out

    @property
    def computed_closing(self) -> Decimal:
        return self.opening + self.flows

    @property
    def hint(self) -> str:
        return (tr("copy the balances from the account's statement, and check each deposit and use against it")
                if self.section else tr("check the ledger lines against the vouchers; totals are computed, so fix "
                                        "the line that is wrong, or the stated closing balance"))

    def path(self, key: str) -> tuple[str, ...]:
        return (self.section, key) if self.section else (key,)

    def field(self, key: str) -> str:
        return ".".join(self.path(key))


def _fund_account(quarter: Quarter, parts: _QuarterParts | None) -> _Account | None:
    balance = parts and parts.fund and parts.fund.balance
    return _Account.of_fund(quarter, balance) if balance else None


def _right_openings(accounts: list[_Account]) -> dict[Quarter, Decimal]:
    """Each quarter's opening balance as the accounts give it, oldest first: what the quarter before works out to,
    from the first quarter's opening balance (or the first after a gap) and every line since. Of an opening and a
    closing balance that disagree, the one off from these is the one mistyped."""
    right: dict[Quarter, Decimal] = {}
    closing: dict[Quarter, Decimal] = {}
    for account in accounts:
        right[account.quarter] = closing.get(account.quarter.previous(), account.opening)
        closing[account.quarter] = right[account.quarter] + account.flows
    return right


def _check_balance(account: _Account, source: SourceFile, right_opening: Decimal, carried: list[str],
                   diagnostics: Diagnostics) -> None:
    """The closing balance, which must follow from the opening balance: the file's own, or the right one
    (`_right_openings`) when they differ, which is an error of its own (`_check_opening`). A closing balance that
    follows from either is not one more error; one that follows from neither is worked out from the right one,
    so that mending both figures as told leaves the quarter right."""
    if account.closing in (account.computed_closing, right_opening + account.flows):
        return
    opening = money(right_opening) if right_opening == account.opening else tr(
        "%(opening)s (as %(before)s's figures work out)", opening=money(right_opening),
        before=account.quarter.previous())
    figures = dict(opening=opening, came_in=money(account.came_in), went_out=money(account.went_out),
                   closing=money(right_opening + account.flows), stated=money(account.closing),
                   difference=money(account.closing - right_opening - account.flows))
    diagnostics.add(source.error_at(
        account.path("closing_balance"),
        tr("does not reconcile: opening %(opening)s + deposits %(came_in)s - uses %(went_out)s = %(closing)s, but "
           "the file says %(stated)s (difference %(difference)s)", **figures) if account.section else
        tr("does not reconcile: opening %(opening)s + income %(came_in)s - expenses %(went_out)s = %(closing)s, but "
           "the file says %(stated)s (difference %(difference)s)", **figures),
        field=account.field("closing_balance"), hint=_one_after_another([account.hint, *carried])))


def _one_after_another(hints: list[str]) -> str:
    """Hints given in one: joined with a semicolon, the Chinese one (；) in Chinese."""
    return clauses(hints)


def _check_signs(account: _Account, source: SourceFile, diagnostics: Diagnostics) -> None:
    for field, figure in (("opening_balance", account.opening), ("closing_balance", account.closing)):
        if figure < 0:  # most often an opening balance nobody wrote in, taken as 0.00
            diagnostics.add(source.error_at(
                (field,), tr("is below zero (%(figure)s), which no account can hold", figure=money(figure)),
                field=field, severity=Severity.warning,
                hint=tr("check the opening balance against the bank statement and the cash count")))


def _check_dates(quarter: Quarter, lines: dict[str, list[tuple[int, LedgerLine]]], source: SourceFile,
                 diagnostics: Diagnostics) -> None:
    for section, numbered in lines.items():
        _check_dated(quarter, (section,), numbered, source, diagnostics)


def _check_repeated_lines(lines: dict[str, list[tuple[int, LedgerLine]]], source: SourceFile,
                          diagnostics: Diagnostics) -> None:
    """A line the same as another in every field, most often pasted twice: its money would count twice. A
    warning, as two equal payments on one voucher can be real."""
    for section, numbered in lines.items():
        first: dict[tuple, int] = {}
        for index, line in numbered:
            same = (line.date, line.category, line.description, line.amount, line.voucher)
            if same in first:
                twin = f"{section}[{first[same] + 1}]"  # its field path, the same in either language
                diagnostics.add(source.error_at(
                    (section, index), tr("the same line as %(line)s (date, category, description, amount and "
                                         "voucher): is it entered twice? Its %(amount)s is counted twice",
                                         line=twin, amount=money(line.amount)),
                    field=f"{section}[{index + 1}]", severity=Severity.warning))
            first.setdefault(same, index)


def _check_dated(quarter: Quarter, path: tuple[str, ...], numbered: list[tuple[int, Any]], source: SourceFile,
                 diagnostics: Diagnostics) -> None:
    """Each item of the list at `path` (with its index in it) dated within the quarter."""
    for index, item in numbered:
        if not quarter.first_day <= item.date <= quarter.last_day:
            diagnostics.add(source.error_at(
                (*path, index, "date"), tr("expected a date within %(quarter)s (%(first_day)s to %(last_day)s), "
                                           "found %(found)s", quarter=quarter, first_day=quarter.first_day,
                                           last_day=quarter.last_day, found=item.date),
                field=f"{'.'.join(path)}[{index + 1}].date"))


def _check_fund(quarter: Quarter, parts: _FundParts | None, source: SourceFile, diagnostics: Diagnostics) -> None:
    if parts is None:
        return
    _check_dated(quarter, (FUND, "deposits"), parts.deposits, source, diagnostics)
    _check_dated(quarter, (FUND, "uses"), parts.uses, source, diagnostics)


def _check_fund_kept(periods: list[FinancePeriod], sources_of: dict[Quarter | None, SourceFile],
                     diagnostics: Diagnostics) -> None:
    """Once the fund is published, it is published every quarter (Civil Code art. 281: its raising and use are
    published regularly)."""
    funds = {period.quarter: period.maintenance_fund for period in periods}
    for quarter, fund in funds.items():
        if funds.get(quarter.previous()) and fund is None:
            diagnostics.add(sources_of[quarter].error_at(
                (), tr("%(before)s published the maintenance fund, and %(quarter)s says nothing of it",
                       before=quarter.previous(), quarter=quarter),
                field=FUND, severity=Severity.warning, hint=tr("add the maintenance_fund: section, from the "
                                                               "account's statement for the quarter, even when "
                                                               "nothing was paid in or drawn")))


def _check_fund_shown(periods: list[FinancePeriod], sources_of: dict[Quarter | None, SourceFile],
                      diagnostics: Diagnostics) -> None:
    """Shared revenue allotted to the fund while no quarter publishes the fund's account: owners see money go to
    it, never its balance (Civil Code art. 281). Said once, at the latest quarter's first allotment."""
    allotting = [period for period in periods if _allotted_to_the_fund(period)]
    if not allotting or any(period.maintenance_fund for period in periods):
        return
    latest = max(allotting, key=lambda period: period.quarter)
    index, allocation = _allotted_to_the_fund(latest)[0]
    diagnostics.add(sources_of[latest.quarter].error_at(
        ("shared_revenue", "allocations", index), tr(
            "allots %(amount)s to the maintenance fund, and no quarter publishes the fund's account: owners would "
            "see money go to it, never its balance", amount=money(allocation.amount)),
        field=f"shared_revenue.allocations[{index + 1}]", severity=Severity.warning,
        hint=tr("add the maintenance_fund: section, from the account's statement for the quarter")))


def _allotted_to_the_fund(period: FinancePeriod) -> list[tuple[int, Allocation]]:
    """The quarter's allocations of shared revenue to the maintenance fund, with their index."""
    allocations = period.shared_revenue.allocations if period.shared_revenue else []
    return [(index, allocation) for index, allocation in enumerate(allocations)
            if allocation.kind == FUND and allocation.amount]


def check_fund_uses(finance_sources: list[SourceFile], votes: list[Vote], vote_sources: list[SourceFile],
                     diagnostics: Diagnostics) -> None:
    """Each use of the fund paid on the strength of a vote: of this compound's owners, on using the fund,
    passed, and counted before the money was paid. Also in a quarter's file with other errors."""
    by_slug = {vote.slug: vote for vote in votes}
    with_files = {source.path.stem for source in vote_sources}  # those with errors are reported already
    on_the_fund = [v.slug for v in votes if v.matter == "use_maintenance_fund"]
    for source in finance_sources:
        data = source.document.data
        parts = _FundParts.readable(data.get(FUND)) if isinstance(data, dict) else None
        for index, use in parts.uses if parts else []:
            if use.vote in with_files and use.vote not in by_slug:
                continue  # the vote's file has errors, reported already
            problem = _unapproved(use, by_slug.get(use.vote))
            if problem:
                diagnostics.add(source.error_at((FUND, "uses", index, "vote"), problem,
                                                field=f"{FUND}.uses[{index + 1}].vote",
                                                hint=_votes_on_the_fund(on_the_fund)))


def _votes_on_the_fund(slugs: list[str]) -> str:
    if not slugs:
        return tr("this compound's votes on using the fund: none")
    return tr("this compound's votes on using the fund: %(votes)s", votes=joined(slugs))


def _unapproved(use: FundUse, vote: Vote | None) -> str:
    """Why `vote` does not approve `use` ('' when it does)."""
    if use.vote is None:
        return ""  # an emergency
    if vote is None:
        return tr("no vote '%(vote)s' in this compound's votes/ folder; expected the name of the file, without "
                  ".yaml, of the vote that approved this use", vote=use.vote)
    if vote.matter != "use_maintenance_fund":
        return tr("'%(vote)s' was a vote on %(matter)s, not on using the maintenance fund", vote=use.vote,
                  matter=vote.matter)
    if not vote.passed:
        return tr("the owners did not approve it: '%(vote)s' (%(title)s) did not pass", vote=use.vote,
                  title=vote.title)
    if vote.date > use.date:
        return tr("paid on %(paid)s, before '%(vote)s' was counted on %(counted)s", paid=use.date, vote=use.vote,
                  counted=vote.date)
    return ""


def _check_shared_revenue(shared: SharedRevenue | None, source: SourceFile, diagnostics: Diagnostics) -> None:
    if shared is None:
        return
    for index, revenue in enumerate(shared.sources):
        if revenue.costs > revenue.gross:
            diagnostics.add(source.error_at(("shared_revenue", "sources", index, "costs"),
                                            tr("costs %(costs)s exceed gross income %(gross)s",
                                               costs=money(revenue.costs), gross=money(revenue.gross)),
                                            field=f"shared_revenue.sources[{index + 1}].costs"))
        elif revenue.costs and not revenue.cost_note:
            diagnostics.add(source.error_at(
                ("shared_revenue", "sources", index, "costs"), tr(
                    "costs of %(costs)s are taken from what belongs to the owners without a word on what they were "
                    "for", costs=money(revenue.costs)), severity=Severity.warning,
                field=f"shared_revenue.sources[{index + 1}].cost_note", hint=tr(
                    "say what the costs were and how they are proved in `cost_note:` (Civil Code art. 282: the net "
                    "belongs to the owners)")))
    if not shared.allocations and shared.net_total > 0:
        diagnostics.add(source.error_at(
            ("shared_revenue",), tr("the net shared revenue of %(net)s is not allocated: the page would show what "
                                    "the owners earned, but not where it went", net=money(shared.net_total)),
            severity=Severity.warning, field="shared_revenue.allocations", hint=tr(
                "add allocations: adding up to %(net)s, each with its kind (%(kinds)s), as Civil Code arts. 282 "
                "and 943 ask", net=money(shared.net_total), kinds=named_choices(typing.get_args(AllocationKind)))))
    if shared.allocations and shared.allocated_total != shared.net_total:
        diagnostics.add(source.error_at(
            ("shared_revenue", "allocations"), tr(
                "allocations add up to %(allocated)s, but the net shared revenue is %(net)s (gross %(gross)s - "
                "costs %(costs)s; difference %(difference)s)", allocated=money(shared.allocated_total),
                net=money(shared.net_total), gross=money(shared.gross_total), costs=money(shared.cost_total),
                difference=money(shared.allocated_total - shared.net_total)),
            field="shared_revenue.allocations"))


def _check_shared_revenue_received(parts: _QuarterParts, source: SourceFile, diagnostics: Diagnostics) -> None:
    """The ledger's income from common parts (categories 共有收益, 共有收益-停车...) against the shared revenue
    declared: received whole, it is the gross; received after the operator's costs, the net."""
    received = [line.amount for _, line in parts.lines.get("income", [])
                if line.category.startswith(SHARED_REVENUE_CATEGORY)]
    shared = parts.shared_revenue
    if received and shared is None and not parts.shared_revenue_unread:
        diagnostics.add(source.error_at(
            (), tr("the ledger has income of category %(category)s… (%(received)s), but no shared_revenue: says "
                   "where it came from, what it cost and how it is used; the site would show the owners' shared "
                   "revenue as 0.00", category=SHARED_REVENUE_CATEGORY, received=money(sum(received))),
            field="shared_revenue",
            hint=tr("add a shared_revenue: section with its sources and allocations (the file `noticeboard new "
                    "finance` writes has one, commented out), as Civil Code arts. 282 and 943 ask")))
    if not received or shared is None or not parts.complete or sum(received) in (shared.gross_total, shared.net_total):
        return
    diagnostics.add(source.error_at(
        ("shared_revenue", "sources"), tr(
            "the ledger's income lines of category %(category)s… add up to %(received)s, but the shared revenue's "
            "gross is %(gross)s and its net %(net)s (difference to the gross %(difference)s)",
            category=SHARED_REVENUE_CATEGORY, received=money(sum(received)), gross=money(shared.gross_total),
            net=money(shared.net_total), difference=money(sum(received) - shared.gross_total)),
        field="shared_revenue.sources", severity=Severity.warning,
        hint=tr("check each source's gross against the ledger; rent received for another quarter belongs in a "
                "category of its own")))


_COMMENTED_AUDIT = re.compile(r"\s*#\s*audit\s*:")


def _check_audit(quarter: Quarter, audit: Audit | None, source: SourceFile, rosters: Rosters | None,
                 diagnostics: Diagnostics) -> None:
    if audit is None:
        # At the audit the template left commented out, if it is there: the file's first key is not the place.
        line = next((number for number, text in enumerate(source.text.splitlines(), start=1)
                     if _COMMENTED_AUDIT.match(text)), 0)
        diagnostics.add(Diagnostic(source.location(line), tr("%(quarter)s has no audit by the supervision committee "
                                                             "yet", quarter=quarter),
                                   field="audit", severity=Severity.warning, source_line=source.line_text(line),
                                   hint=tr("add it as the commented example shows") if line else ""))
        return
    if audit.date <= quarter.last_day:
        diagnostics.add(source.error_at(("audit", "date"), tr(
            "expected a day after %(quarter)s ends (%(last_day)s), as an audit reads the whole quarter, found "
            "%(found)s", quarter=quarter, last_day=quarter.last_day, found=audit.date), field="audit.date"))
    if rosters is None:
        return
    supervisors = _members(rosters, "supervision_committee")
    # Signed by the committee before, or before a member left (the roster's last correction): rosters.yaml lists
    # the one serving now.
    began = min((m.term_start for m in supervisors.values() if m.term_start), default=audit.date)
    if audit.date < max([began, *(note.date for note in rosters.corrections)]):
        return
    audited = _members(rosters, "owners_committee")
    for index, name in enumerate(audit.by):
        ended = supervisors[name].term_end if name in supervisors else None
        if name in audited and name not in supervisors and (audited[name].term_start or audit.date) <= audit.date:
            diagnostics.add(source.error_at(("audit", "by", index), tr(
                "'%(name)s' is on the owners' committee, whose accounts this audit checks: it must be signed by the "
                "supervision committee", name=name), field=f"audit.by[{index + 1}]"))
        elif name not in supervisors or (ended and ended < audit.date):
            problem = (tr("'%(name)s' is not on the supervision committee in rosters.yaml", name=name)
                       if name not in supervisors else
                       tr("the term of '%(name)s' on the supervision committee ended on %(ended)s, before this audit",
                          name=name, ended=ended))
            diagnostics.add(source.error_at(("audit", "by", index), problem, field=f"audit.by[{index + 1}]",
                                            severity=Severity.warning))


def _members(rosters: Rosters, kind: str) -> dict[str, Member]:
    return {member.name: member for group in rosters.groups if group.kind == kind for member in group.members}


def _check_gap(before: _Account, after: _Account, with_files: set[Quarter | None], source: SourceFile,
               diagnostics: Diagnostics) -> None:
    """No quarter left out between two; one whose file is there with errors in its figures is reported already."""
    missing = after.quarter.previous()
    if missing != before.quarter and missing not in with_files:
        diagnostics.add(source.error_at((), tr("no finance file for %(missing)s, the quarter before %(quarter)s; "
                                               "every quarter must be disclosed", missing=missing,
                                               quarter=after.quarter), field="period", severity=Severity.warning))


def _check_opening(before: _Account, after: _Account, source: SourceFile, right_opening: Decimal,
                   carried: list[str], diagnostics: Diagnostics) -> None:
    if after.opening != before.closing:
        figures = dict(closing=money(before.closing), before=before.quarter, found=money(after.opening),
                       difference=money(after.opening - before.closing))
        diagnostics.add(source.error_at(
            after.path("opening_balance"),
            tr("expected %(closing)s, the fund's closing balance of %(before)s, found %(found)s (difference "
               "%(difference)s)", **figures) if after.section else
            tr("expected %(closing)s, the closing balance of %(before)s, found %(found)s (difference %(difference)s)",
               **figures),
            field=after.field("opening_balance"),
            hint=_one_after_another(list(filter(None, [_closing_follows(before, after, right_opening), *carried,
                                                       _unless_from_the_statement(before, after, right_opening)])))))


def _carried_on(account: _Account, later: list[_Account], right_opening: dict[Quarter, Decimal]) -> list[str]:
    """What to mend in the quarters after `account` that took its closing balance on, each opening with the one
    before it, where that is off from what the figures give: mending `account` alone, the next run finds them off."""
    carried, before = [], account
    for after in later:
        right = right_opening[after.quarter]
        if after.quarter.previous() != before.quarter or after.opening != before.closing or after.opening == right:
            break
        carried.append(tr("%(quarter)s took it on: mend its opening to %(opening)s and its closing to %(closing)s "
                          "too", quarter=after.quarter, opening=money(right), closing=money(right + after.flows))
                       if after.closing == after.computed_closing else
                       tr("%(quarter)s took it on: mend its opening to %(opening)s too", quarter=after.quarter,
                          opening=money(right)))
        before = after
    return carried


def _unless_from_the_statement(before: _Account, after: _Account, right_opening: Decimal) -> str:
    """The other way it can be, where the hint says to mend the opening: a figure before it mistyped, and the
    closing balance worked out from it, while this opening was copied from the statement. Mending the opening as
    told would then publish two wrong balances."""
    if after.opening == right_opening:
        return ""
    off = before.closing - after.opening
    figures = dict(before=before.quarter, off=money(abs(off)))
    # Each sentence whole, the statement and the direction in it, as a translation words them together.
    if after.section and off > 0:
        return tr("but if this opening was copied from the account's statement, it is right: %(before)s's closing "
                  "balance, worked out from its figures, is then %(off)s too high, and one of them (or of a quarter "
                  "before it) is mistyped", **figures)
    if after.section:
        return tr("but if this opening was copied from the account's statement, it is right: %(before)s's closing "
                  "balance, worked out from its figures, is then %(off)s too low, and one of them (or of a quarter "
                  "before it) is mistyped", **figures)
    if off > 0:
        return tr("but if this opening was copied from the bank statement, it is right: %(before)s's closing "
                  "balance, worked out from its figures, is then %(off)s too high, and one of them (or of a quarter "
                  "before it) is mistyped", **figures)
    return tr("but if this opening was copied from the bank statement, it is right: %(before)s's closing balance, "
              "worked out from its figures, is then %(off)s too low, and one of them (or of a quarter before it) is "
              "mistyped", **figures)


def _closing_follows(before: _Account, after: _Account, right_opening: Decimal) -> str:
    """Which to mend, an opening balance or the closing balance before it, as `_right_openings` tells; and what
    the closing balance becomes, which follows from one opening."""
    right_closing = right_opening + after.flows
    if after.opening == right_opening:
        return tr("this opening is what the figures of %(before)s and the quarters before it work out to: it is "
                  "%(before)s's closing balance that is off", before=before.quarter)
    if after.closing == right_closing:
        return tr("the closing balance follows from the right opening already: mend the opening alone, to "
                  "%(opening)s", opening=money(right_opening))
    if after.closing == after.computed_closing:
        return tr("the closing balance was worked out from this opening: with the opening mended, to %(opening)s, "
                  "it is %(closing)s", opening=money(right_opening), closing=money(right_closing))
    return ""
