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

    @property
    def below_the_axis(self) -> bool:
        """A deficit (a closing balance overdrawn): drawn down from the axis, in another colour."""
        return self.amount is not None and self.amount < 0


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns, oldest first. Their labels are HTML text under the drawing, so that they grow with the
    reader's text size as the rest of the page does (text in the drawing would only grow with its width): each
    column's quarter number when they are few enough to fit side by side, and the first and last quarter."""

    columns: list[Column]
    width: int  # every column's share of it is the same, as each number's share of the line under it
    baseline: int  # y of the axis the columns stand on
    column_width: int
    depth: int = 0  # of the columns below the axis

    @property
    def height(self) -> int:
        return self.baseline + 1 + self.depth  # the axis is 1 wide

    @property
    def numbered(self) -> bool:
        return len(self.columns) <= MOST_NUMBERED


COLUMN_AREA = 150  # px of the tallest column
# Quarter numbers side by side under as many columns: at 225 % text on a phone (36 px digits, a 340 px
# chart) a number takes 20 px of a column's 28.
MOST_NUMBERED = 12


def column_chart(points: list[tuple[Quarter, Decimal | None]], width: int = CHART_WIDTH) -> ColumnChart:
    """Columns scaled so that the highest above the axis and the deepest below it take COLUMN_AREA together; a
    quarter not published (None) draws none, and a small amount is drawn 2 px high. A negative amount drew
    nothing, as if the quarter were not published."""
    amounts = [amount for _, amount in points if amount]
    highest = max([amount for amount in amounts if amount > 0], default=Decimal(0))
    deepest = -min([amount for amount in amounts if amount < 0], default=Decimal(0))
    span = highest + deepest
    # Room for a small column on each side that has one: 2 px, as above.
    baseline = min(max(int(highest / span * COLUMN_AREA), 2 if highest else 0), COLUMN_AREA - (2 if deepest else 0)
                   ) if span else COLUMN_AREA
    step = width // max(len(points), 1)
    column_width = max(step * 3 // 5, 4)
    column_width -= (step - column_width) % 2  # as much room on either side
    columns = []
    for index, (quarter, amount) in enumerate(points):
        room = COLUMN_AREA - baseline if amount and amount < 0 else baseline
        height = min(max(int(abs(amount) / span * COLUMN_AREA), 2), room) if amount else 0
        top = baseline + 1 if amount and amount < 0 else baseline - height
        columns.append(Column(quarter, amount, index * step + (step - column_width) // 2, top, height))
    return ColumnChart(columns, step * max(len(points), 1), baseline, column_width, COLUMN_AREA - baseline)
