"""Verification codes: what they depend on, and what they must not."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import build_site, edit

QUARTER = "content/lanting/finances/2026-Q1.yaml"


def _code(site) -> str:
    assert build_site(site, pdfs=False).written
    page = (site / "output/lanting/finances/2026-q1/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(page, "html.parser").select_one(".code").get_text()


def _edit(site, old: str, new: str) -> None:
    edit(site / QUARTER, old, new)


def test_an_amount_has_one_code_however_it_is_typed(minimal):
    before = _code(minimal)
    _edit(minimal, "amount: 3000.00", "amount: 3000")
    assert _code(minimal) == before
    _edit(minimal, "amount: 3000,", "amount: 3000.0,")
    assert _code(minimal) == before
    _edit(minimal, "description: 保洁服务费", "description: 保洁服务费（含垃圾清运）")
    assert _code(minimal) != before
