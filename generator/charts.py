"""Geometry for the inline SVG bar charts; templates only draw what this computes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model.finance import CategoryTotal

BAR_HEIGHT = 28
BAR_GAP = 44  # room for the label line above each bar
CHART_WIDTH = 320


@dataclass(frozen=True)
class Bar:
    label: str
    amount: Decimal
    y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


def bar_chart(totals: list[CategoryTotal], width: int = CHART_WIDTH) -> BarChart:
    """Horizontal bars scaled to the largest amount; a non-zero amount is at least 2 px."""
    largest = max((t.amount for t in totals), default=Decimal(0))
    bars = []
    for index, total in enumerate(totals):
        scaled = int(total.amount / largest * width) if largest else 0
        bars.append(Bar(total.category, total.amount, index * (BAR_HEIGHT + BAR_GAP) + BAR_GAP - 8,
                        max(scaled, 2) if total.amount else 0))
    height = len(totals) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars, width, height, BAR_HEIGHT)


@dataclass(frozen=True)
class Column:
    label: str
    amount: Decimal
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    column_width: int
    baseline: int  # y of the axis; labels go below it


COLUMN_AREA = 150  # px of the tallest column
LABEL_ROOM = 26


def column_chart(points: list[tuple[str, Decimal]], width: int = CHART_WIDTH) -> ColumnChart:
    """Vertical columns, oldest first, scaled to the largest amount; negative amounts draw no column."""
    largest = max((amount for _, amount in points), default=Decimal(0))
    step = width // max(len(points), 1)
    column_width = max(step * 3 // 5, 4)
    columns = []
    for index, (label, amount) in enumerate(points):
        height = int(amount / largest * COLUMN_AREA) if largest > 0 and amount > 0 else 0
        columns.append(Column(label, amount, index * step + (step - column_width) // 2,
                              COLUMN_AREA - height, max(height, 2) if amount > 0 else 0))
    return ColumnChart(columns, width, COLUMN_AREA + LABEL_ROOM, column_width, COLUMN_AREA)
