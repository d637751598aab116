"""Quarterly financial disclosure: the ledger, shared revenue and the audit.

All amounts are Decimal with two places. Totals are computed here, never typed
in; the stated closing balance is only ever compared with the computed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import cached_property
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.messages import tr
from generator.model.base import (
    CENT,
    Audience,
    Category,
    Corrected,
    Correction,
    Count,
    Entry,
    Figure,
    Money,
    NonNegativeMoney,
    Paper,
    PositiveMoney,
    PostingPeriod,
    Record,
    Slug,
    added_later,
)
from generator.model.remembered import Remembering

_QUARTER = re.compile(r"^(19[4-9][0-9]|20[0-9]{2})-Q([1-4])$")  # the years a content date may have
_YEAR_THEN = r"(19[4-9][0-9]|20[0-9]{2})[\s_.\-年]*"  # a year a file may be named with, and what may follow it
_LOOSE_QUARTER = re.compile(_YEAR_THEN + r"(?:[qQ]|第)?\s*([1-4一二三四])(?:季度?)?", re.IGNORECASE)
_MONTH_NAMED = re.compile(_YEAR_THEN + r"(0?[1-9]|1[0-2])月?")  # 2026-03, 2026年3月; 2026-3, which may be a quarter


def month_named(text: str) -> int | None:
    """The month a file's name reads as (2026-03, 2026-7, 2026年3月; 2026-3 too, which may mean a quarter)."""
    match = _MONTH_NAMED.fullmatch(text.strip())
    return int(match.group(2)) if match else None


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        match = _QUARTER.match(text)
        return cls(int(match.group(1)), int(match.group(2))) if match else None

    @classmethod
    def loosely(cls, text: str) -> Quarter | None:
        """A quarter as a file may be misnamed: 2026Q2, 2026-q2, 2026_Q2, 2026年第二季度; or the quarter of the
        month a file is named after (2026-03, 2026年3月), whose figures go in their quarter's file."""
        match = _LOOSE_QUARTER.fullmatch(text.strip())
        if match:
            return cls(int(match.group(1)), "一二三四1234".index(match.group(2)) % 4 + 1)
        month = _MONTH_NAMED.fullmatch(text.strip())
        return cls.of_month(int(month.group(1)), int(month.group(2))) if month else None

    @classmethod
    def of_month(cls, year: int, month: int) -> Quarter:
        return cls(year, (month + 2) // 3)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        month = 3 * self.number
        return date(self.year, month, 31 if month in (3, 12) else 30)

    def has_ended_by(self, day: date) -> bool:
        """Whether the quarter is over on `day` (on its last day it still runs)."""
        return self.last_day < day

    def previous(self) -> Quarter:
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    def next(self) -> Quarter:
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)


class LedgerLine(Record):
    """One income or expense line. It counts in the totals, so it cannot be
    withheld as a whole; its text fields can."""

    date: date
    category: Category
    description: str
    amount: PositiveMoney
    voucher: str



@dataclass(frozen=True)
class CategoryTotal:
    category: str
    amount: Decimal


# The ledger's income from the owners' common parts is booked under this category, or one starting with it
# (共有收益-停车): its sum is what `SharedRevenue` declares, gross or net.
SHARED_REVENUE_CATEGORY = "共有收益"


def sum_amounts(amounts: list[Decimal]) -> Decimal:
    return sum(amounts, Decimal("0.00"))


def totals_by_category(lines: list[LedgerLine]) -> list[CategoryTotal]:
    """Category totals, largest first, ties in order of first appearance."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.category] = totals.get(line.category, Decimal("0.00")) + line.amount
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    return [CategoryTotal(category, amount) for category, amount in ordered]


class RevenueSource(Record):
    """Income from the owners' common parts (Civil Code art. 282): gross, the
    operator's documented costs, and the net that belongs to the owners."""

    source: str
    gross: NonNegativeMoney
    costs: NonNegativeMoney = Decimal("0.00")
    cost_note: str | None = None

    @property
    def net(self) -> Decimal:
        return self.gross - self.costs


AllocationKind = Literal["maintenance_fund", "fee_subsidy", "dividend", "reserve", "other"]


class Allocation(Record):
    """A use of the net shared revenue. A dividend is shared by exclusive area
    (Civil Code art. 283) unless the owners agreed otherwise (`basis: household`)."""

    kind: AllocationKind
    amount: NonNegativeMoney
    basis: Literal["area", "household"] = "area"
    # What it was divided by, as of the quarter: compound.yaml's count or area changes later, and the share a
    # quarter posted must not change with it. Unset, compound.yaml's is taken (and codes stay as they were).
    households: Count | None = added_later()
    area: Annotated[Figure, Field(gt=0, decimal_places=2)] | None = added_later()
    note: str | None = None

    def dividend_share(self, households: int, area: Decimal | None) -> DividendShare | None:
        """Per m² or per household, divided by its own `households` or `area`, else those given (compound.yaml's);
        None when it is not a dividend, or its basis is area and no area is known."""
        if self.kind != "dividend" or not self.amount:
            return None
        if self.basis == "household":
            among = self.households or households
            each = (self.amount / among).quantize(CENT, rounding=ROUND_DOWN)
            return DividendShare(each, among, self.amount - each * among)
        among_area = self.area or area
        return DividendShare((self.amount / among_area).quantize(RATE, rounding=ROUND_DOWN), among_area
                             ) if among_area else None


RATE = Decimal("0.0001")  # a yuan a m² to the hundredth of a fen: 0.07 of 0.0797 left 12 % of a dividend unsaid


@dataclass(frozen=True)
class DividendShare:
    """A dividend divided, rounded down so that what is paid never exceeds it: `each` per household, to the fen,
    and what that leaves over; or per m², to RATE, each owner's share being their area times it."""

    each: Decimal
    among: Decimal | int  # households, or m²
    left_over: Decimal = Decimal("0.00")


class SharedRevenue(Record):
    sources: list[RevenueSource] = Field(min_length=1)
    allocations: list[Allocation] = []

    @property
    def gross_total(self) -> Decimal:
        return sum_amounts([s.gross for s in self.sources])

    @property
    def cost_total(self) -> Decimal:
        return sum_amounts([s.costs for s in self.sources])

    @property
    def net_total(self) -> Decimal:
        return sum_amounts([s.net for s in self.sources])

    @property
    def allocated_total(self) -> Decimal:
        return sum_amounts([a.amount for a in self.allocations])

    def shares(self, households: int, area: Decimal | None) -> list[tuple[Allocation, DividendShare | None]]:
        """Each allocation with its dividend per household or per m² (None for one that is not a dividend)."""
        return [(allocation, allocation.dividend_share(households, area)) for allocation in self.allocations]


class FundDeposit(Record):
    """Money paid into the maintenance fund: owners' first deposits or a top-up (续筹), shared revenue
    allotted to it, interest."""

    date: date
    source: str
    amount: PositiveMoney


class FundUse(Record):
    """Money drawn from the maintenance fund for a repair. The owners decide each use by a vote (Civil Code
    art. 278 item 5); only an emergency (a leaking roof, a stopped lift) may be paid for first (art. 281)."""

    date: date
    project: str
    amount: PositiveMoney
    vote: Slug | None = None  # the file name, without .yaml, of the vote in votes/ that approved it
    emergency: str | None = None  # else, what made it an emergency

    @model_validator(mode="after")
    def _approved(self) -> FundUse:
        if (self.vote is None) == (self.emergency is None):
            message = tr("expected either the vote that approved it (`vote:`) or what made it an emergency "
                       "(`emergency:`), found both") if self.vote else tr(
                "expected either the vote that approved it (`vote:`) or what made it an emergency (`emergency:`), "
                "found neither")
            raise PydanticCustomError("fund_use_approval", message, {
                "found": "both" if self.vote else "neither",
                "hint": tr("the owners decide each use of the fund by a vote (Civil Code art. 278); only an "
                           "emergency may be paid for first (art. 281): name the vote's file, like vote: "
                           "roof-repair-2026")})
        return self


class FundBalances:
    """The fund's balance arithmetic, for an `opening_balance`, a `closing_balance`, and `deposits` and `uses`
    with an `amount` each."""

    @property
    def deposit_total(self) -> Decimal:
        return sum_amounts([deposit.amount for deposit in self.deposits])

    @property
    def use_total(self) -> Decimal:
        return sum_amounts([use.amount for use in self.uses])

    @property
    def computed_closing(self) -> Decimal:
        return self.opening_balance + self.deposit_total - self.use_total

    @property
    def closing_difference(self) -> Decimal:
        return self.closing_balance - self.computed_closing


class MaintenanceFund(FundBalances, Record):
    """The compound's special maintenance fund (专项维修资金) in the quarter: it belongs to the owners, is
    held in an account of the district's, and how it is raised and used must be published (Civil Code
    art. 281). Its balances are the account's; the closing one is compared with the computed one."""

    held_by: str  # the account's keeper, as its statement names it
    opening_balance: NonNegativeMoney
    closing_balance: NonNegativeMoney
    deposits: list[FundDeposit] = []
    uses: list[FundUse] = []


class Audit(Record):
    """The supervision committee's review of the quarter."""

    by: list[str] = Field(min_length=1)
    date: date
    opinion: str


class Arrear(Entry):
    """A unit behind on fees. Printed for the board only unless marked otherwise:
    the PIPL (art. 25) rules out publishing it on the open web by default."""

    audience: Audience = Audience.board
    rooms_hidden_on_web: ClassVar[tuple[str, ...]] = ("unit",)  # 3栋2单元*** (see privacy.hide_room)
    unit: str
    months: Count
    amount: PositiveMoney


Period = Annotated[str, Field(pattern=r"^\d{4}-Q[1-4]$")]


class Balances(Remembering):
    """A quarter's balance arithmetic, for a `period`, `opening_balance`, `closing_balance` and ledger lines
    with an `amount` each, `income` and `expenses`. Its figures are remembered: a quarter's page, its year's and
    the lists show them again and again."""

    @cached_property
    def quarter(self) -> Quarter:
        quarter = Quarter.parse(self.period)
        assert quarter is not None  # guaranteed by the field pattern
        return quarter

    @cached_property
    def income_total(self) -> Decimal:
        return sum_amounts([line.amount for line in self.income])

    @cached_property
    def expense_total(self) -> Decimal:
        return sum_amounts([line.amount for line in self.expenses])

    @cached_property
    def computed_closing(self) -> Decimal:
        return self.opening_balance + self.income_total - self.expense_total

    @property
    def closing_difference(self) -> Decimal:
        """Stated minus computed closing balance; zero when the books reconcile."""
        return self.closing_balance - self.computed_closing


class FinancePeriod(Balances, Record, Corrected):
    """finances/<YYYY>-Q<n>.yaml; `period` comes from the file name."""

    period: Period
    opening_balance: Money
    closing_balance: Money
    income: list[LedgerLine] = []
    expenses: list[LedgerLine] = []
    shared_revenue: SharedRevenue | None = None
    maintenance_fund: MaintenanceFund | None = None
    audit: Audit | None = None
    arrears: list[Arrear] = []
    posting: PostingPeriod
    notes: str | None = None
    issuer: str | None = added_later()  # who issued it and seals its sheet: an earlier term's committee
    paper: Paper | None = None
    corrections: list[Correction] = []

    def income_by_category(self) -> list[CategoryTotal]:
        return totals_by_category(self.income)

    def expenses_by_category(self) -> list[CategoryTotal]:
        return totals_by_category(self.expenses)

    @property
    def shared_net(self) -> Decimal:
        return self.shared_revenue.net_total if self.shared_revenue else Decimal("0.00")


class _Amount(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    amount: PositiveMoney


class FinanceFigures(Balances, BaseModel):
    """Only the figures of a finance file, read from one whose other values have errors: its balance and
    the next quarter's opening balance can be checked all the same, so that one run reports those too."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    period: Period
    opening_balance: Money
    closing_balance: Money
    income: list[_Amount] = []
    expenses: list[_Amount] = []


class FundFigures(FundBalances, BaseModel):
    """Only the figures of a maintenance fund whose other values have errors, to check its balance all the same."""

    model_config = ConfigDict(extra="ignore", defer_build=True)
    opening_balance: Money
    closing_balance: Money
    deposits: list[_Amount] = []
    uses: list[_Amount] = []


@dataclass(frozen=True)
class FinanceYear:
    """A calendar year's published quarters added up (oldest quarter first)."""

    year: int
    periods: list[FinancePeriod]

    @property
    def quarter_numbers(self) -> list[int]:
        return [p.quarter.number for p in self.periods]

    @property
    def complete(self) -> bool:
        return self.quarter_numbers == [1, 2, 3, 4]

    @property
    def consecutive(self) -> bool:
        """No quarter missing between the first and the last published: only then do the year's opening and
        closing balances add up with its income and expenses (a missing quarter's are in neither)."""
        numbers = self.quarter_numbers
        return numbers == list(range(numbers[0], numbers[-1] + 1))

    @property
    def opening_balance(self) -> Decimal:
        return self.periods[0].opening_balance

    @property
    def opening_day(self) -> date:
        """The day the opening balance is of: the year's first, or a later quarter's when it is the first published."""
        return self.periods[0].quarter.first_day

    @property
    def closing_day(self) -> date:
        return self.periods[-1].quarter.last_day

    @property
    def closing_balance(self) -> Decimal:
        return self.periods[-1].computed_closing

    @property
    def income_total(self) -> Decimal:
        return sum_amounts([p.income_total for p in self.periods])

    @property
    def expense_total(self) -> Decimal:
        return sum_amounts([p.expense_total for p in self.periods])

    @property
    def shared_net(self) -> Decimal:
        return sum_amounts([p.shared_net for p in self.periods])

    def income_by_category(self) -> list[CategoryTotal]:
        return totals_by_category([line for p in self.periods for line in p.income])

    def expenses_by_category(self) -> list[CategoryTotal]:
        return totals_by_category([line for p in self.periods for line in p.expenses])


def finance_years(periods: list[FinancePeriod]) -> list[FinanceYear]:
    """The years with at least one published quarter, newest first."""
    by_year: dict[int, list[FinancePeriod]] = {}
    for period in sorted(periods, key=lambda p: p.quarter):
        by_year.setdefault(period.quarter.year, []).append(period)
    return [FinanceYear(year, quarters) for year, quarters in sorted(by_year.items(), reverse=True)]
