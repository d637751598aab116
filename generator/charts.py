"""Geometry for the charts of the finance pages; templates only draw what this computes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.finance import CategoryTotal, Quarter

CHART_WIDTH = 320
_PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Bar:
    label: str
    amount: Decimal
    percent: Decimal  # its length, in per cent of the longest bar's; 0 draws no bar


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, each under its label and amount: text that grows with the reader's text size."""

    bars: list[Bar]


def bar_chart(totals: list[CategoryTotal]) -> BarChart:
    """Bars scaled to the largest amount; a non-zero amount is at least 0.5 per cent long, so that it shows."""
    largest = max((t.amount for t in totals), default=Decimal(0))
    return BarChart([Bar(t.category, t.amount, max((t.amount * 100 / largest).quantize(_PERCENT), Decimal("0.5"))
                         if t.amount > 0 else Decimal(0)) for t in totals])


@dataclass(frozen=True)
class Column:
    quarter: Quarter
    amount: Decimal | None  # None: the quarter is not published
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns, oldest first. Their labels are HTML text under the drawing, so that they grow with the
    reader's text size as the rest of the page does (text in the drawing would only grow with its width): each
    column's quarter number when they are few enough to fit side by side, and the first and last quarter."""

    columns: list[Column]
    width: int  # every column's share of it is the same, as each number's share of the line under it
    baseline: int  # y of the axis the columns stand on
    column_width: int

    @property
    def height(self) -> int:
        return self.baseline + 1  # the axis's width

    @property
    def numbered(self) -> bool:
        return len(self.columns) <= MOST_NUMBERED


COLUMN_AREA = 150  # px of the tallest column
# Quarter numbers side by side under as many columns: at 225 % text on a phone (36 px digits, a 340 px
# chart) a number takes 20 px of a column's 28.
MOST_NUMBERED = 12


def column_chart(points: list[tuple[Quarter, Decimal | None]], width: int = CHART_WIDTH) -> ColumnChart:
    """Columns scaled to the largest amount; negative amounts, and those of quarters not published (None), draw
    none, and a small one is drawn 2 px high."""
    largest = max((amount for _, amount in points if amount is not None), default=Decimal(0))
    step = width // max(len(points), 1)
    column_width = max(step * 3 // 5, 4)
    column_width -= (step - column_width) % 2  # as much room on either side
    columns = []
    for index, (quarter, amount) in enumerate(points):
        height = max(int(amount / largest * COLUMN_AREA), 2) if largest > 0 and amount and amount > 0 else 0
        columns.append(Column(quarter, amount, index * step + (step - column_width) // 2, COLUMN_AREA - height,
                              height))
    return ColumnChart(columns, step * max(len(points), 1), COLUMN_AREA, column_width)
