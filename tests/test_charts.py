"""Chart geometry: what the finance pages draw."""

from decimal import Decimal

from generator.charts import LABEL_WIDTH, bar_chart, column_chart
from generator.model.finance import CategoryTotal


def test_bars_are_scaled_to_the_largest_amount_and_a_small_one_still_shows():
    chart = bar_chart([CategoryTotal("物业费", Decimal("3000.00")), CategoryTotal("利息", Decimal("0.93")),
                       CategoryTotal("其他", Decimal("0.00"))])
    assert [bar.percent for bar in chart.bars] == [Decimal("100.0"), Decimal("0.5"), Decimal("0")]


def test_a_few_quarters_are_each_labelled():
    chart = column_chart([(f"26Q{n}", Decimal(100 * n)) for n in range(1, 5)])
    assert [c.label_x is not None for c in chart.columns] == [True] * 4


def test_labels_of_many_quarters_never_run_into_each_other_nor_out_of_the_chart():
    chart = column_chart([(f"{23 + n // 4}Q{n % 4 + 1}", Decimal(1000 + n)) for n in range(12)])
    labelled = [c for c in chart.columns if c.label_x is not None]
    assert labelled[-1] is chart.columns[-1]  # the latest quarter is always named
    assert len(labelled) < 12
    assert all(b.label_x - a.label_x >= LABEL_WIDTH for a, b in zip(labelled, labelled[1:]))
    assert all(LABEL_WIDTH // 2 <= c.label_x <= chart.width - LABEL_WIDTH // 2 for c in labelled)
