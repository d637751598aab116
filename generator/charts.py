"""Geometry for the charts of the finance pages; templates only draw what this computes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.finance import CategoryTotal

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
    label: str
    amount: Decimal
    x: int
    y: int
    height: int
    label_x: int | None  # the middle of its label under the axis; None when it is left out to make room


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    column_width: int
    baseline: int  # y of the axis; labels go below it


COLUMN_AREA = 150  # px of the tallest column
LABEL_ROOM = 26
LABEL_WIDTH = 48  # a label (26Q3) with room beside it, at the labels' font size


def column_chart(points: list[tuple[str, Decimal]], width: int = CHART_WIDTH) -> ColumnChart:
    """Vertical columns, oldest first, scaled to the largest amount; negative amounts draw no column. When
    the labels would run into each other, only every other (or third...) column is labelled, the latest
    always, and no label sticks out of the chart."""
    largest = max((amount for _, amount in points), default=Decimal(0))
    step = width // max(len(points), 1)
    column_width = max(step * 3 // 5, 4)
    every = -(-len(points) * LABEL_WIDTH // width)  # rounded up
    columns = []
    for index, (label, amount) in enumerate(points):
        height = int(amount / largest * COLUMN_AREA) if largest > 0 and amount > 0 else 0
        middle = min(max(index * step + step // 2, LABEL_WIDTH // 2), width - LABEL_WIDTH // 2)
        columns.append(Column(label, amount, index * step + (step - column_width) // 2,
                              COLUMN_AREA - height, max(height, 2) if amount > 0 else 0,
                              middle if (len(points) - 1 - index) % every == 0 else None))
    return ColumnChart(columns, width, COLUMN_AREA + LABEL_ROOM, column_width, COLUMN_AREA)
