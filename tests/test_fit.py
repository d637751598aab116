"""Whether a two-page sheet is worth laying out again tighter, read from a real WeasyPrint layout."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from generator import fit

# A6 with 10 mm margins holds six 20 mm blocks, with 8 mm to spare.
STYLE = "<style>@page { size: A6; margin: 10mm } body { margin: 0 } p, footer { height: 20mm; margin: 0 }</style>"


def _laid_out(blocks: int, closing: bool = False):
    body = "".join(f"<p>第{n}段</p>" for n in range(blocks)) + ('<footer class="closing">盖章</footer>' if closing else "")
    return HTML(string=f"<html><head>{STYLE}</head><body>{body}</body></html>").render()


@pytest.mark.parametrize("blocks, closing, worth_trying", [
    (3, False, False),  # one page already
    (7, False, True),  # one block over: 12 mm beyond the room, against 140 mm of text
    (6, True, True),  # the closing block alone went over
    (11, False, False),  # five blocks over: tighter lines cannot save 92 mm of 220
    (13, False, False),  # three pages
])
def test_only_a_second_page_holding_little_beyond_the_first_pages_room_is_worth_a_second_layout(
        blocks: int, closing: bool, worth_trying: bool):
    assert fit.may_fit_on_one_page(_laid_out(blocks, closing)) is worth_trying


def test_the_second_layout_is_the_same_page_marked_for_the_tighter_rules():
    assert fit.laid_out_as('<!doctype html>\n<html lang="zh-CN"><body><p>正文</p></body></html>', ["wide", "fit"]) == \
        '<!doctype html>\n<html class="wide fit" lang="zh-CN"><body><p>正文</p></body></html>'


def _table(columns: int) -> str:
    cells = "".join("<td style='white-space: nowrap'>31,590.00</td>" for _ in range(columns))
    return f"<html><head>{STYLE}</head><body><div><table><tr>{cells}</tr></table></div></body></html>"


@pytest.mark.parametrize("columns, too_wide", [(2, False), (12, True)])
def test_a_table_wider_than_the_papers_room_for_text_is_told(columns: int, too_wide: bool):
    assert fit.too_wide(HTML(string=_table(columns)).render()) is too_wide
