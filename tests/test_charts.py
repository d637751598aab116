"""Chart geometry: what the finance pages draw."""

from decimal import Decimal

import pytest

from generator.charts import CHART_WIDTH, COLUMN_AREA, MOST_NUMBERED, bar_chart, column_chart
from generator.model.finance import CategoryTotal, Quarter


def test_bars_are_scaled_to_the_largest_amount_and_a_small_one_still_shows():
    chart = bar_chart([CategoryTotal("物业费", Decimal("3000.00")), CategoryTotal("利息", Decimal("0.93")),
                       CategoryTotal("其他", Decimal("0.00"))])
    assert [bar.percent for bar in chart.bars] == [Decimal("100.0"), Decimal("0.5"), Decimal("0")]


def _quarters(count: int) -> list[tuple[Quarter, Decimal]]:
    return [(Quarter(2023 + n // 4, n % 4 + 1), Decimal(1000 + 100 * n)) for n in range(count)]


@pytest.mark.parametrize("count", [2, 4, 7, 12, 13, 20])
def test_each_column_stands_in_the_middle_of_an_equal_share_of_the_chart(count):
    chart = column_chart(_quarters(count))
    share = chart.width / count  # of the drawing, as each quarter number's share of the line under it
    assert share == int(share) and chart.width <= CHART_WIDTH
    for index, column in enumerate(chart.columns):
        assert column.x - index * share == (index + 1) * share - (column.x + chart.column_width)
    assert chart.numbered is (count <= MOST_NUMBERED)


def test_columns_are_scaled_to_the_largest_amount_and_stand_on_the_axis():
    chart = column_chart([(Quarter(2026, 1), Decimal("500")), (Quarter(2026, 2), Decimal("1000")),
                          (Quarter(2026, 3), None), (Quarter(2026, 4), Decimal("0.01"))])
    assert [c.height for c in chart.columns] == [COLUMN_AREA // 2, COLUMN_AREA, 0, 2]  # a small amount still shows
    assert all(c.y + c.height == chart.baseline for c in chart.columns if c.height)
    assert chart.baseline == COLUMN_AREA and chart.height == COLUMN_AREA + 1


def test_a_deficit_hangs_below_the_axis_and_is_not_taken_for_a_quarter_unpublished():
    # An overdrawn closing balance drew no column, as a quarter not published does; the list said -1,174.25.
    chart = column_chart([(Quarter(2026, 1), Decimal("300")), (Quarter(2026, 2), Decimal("-100")),
                          (Quarter(2026, 3), None), (Quarter(2026, 4), Decimal("-0.01"))])
    assert chart.baseline == COLUMN_AREA * 3 // 4 and chart.height == COLUMN_AREA + 1
    above, below, unpublished, tiny = chart.columns
    assert (above.y, above.height, above.below_the_axis) == (0, chart.baseline, False)
    assert (below.y, below.height, below.below_the_axis) == (chart.baseline + 1, COLUMN_AREA // 4, True)
    assert (unpublished.height, unpublished.below_the_axis) == (0, False)
    assert (tiny.y, tiny.height) == (chart.baseline + 1, 2)


@pytest.mark.parametrize("amounts", [(1, -100000, 50), (100000, -1, 5)])
def test_a_small_amount_beside_a_large_one_of_the_other_sign_still_shows_inside_the_drawing(amounts):
    # 1 and 50 beside -100,000 were drawn above the drawing's top edge; -1 beside 100,000 below its bottom.
    chart = column_chart([(Quarter(2026, n + 1), Decimal(amount)) for n, amount in enumerate(amounts)])
    assert all(column.height >= 2 and 0 <= column.y and column.y + column.height <= chart.height
               for column in chart.columns)
