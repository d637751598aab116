"""The layout of the site: which pages there are and what each is given (site.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator.site import Card, DocumentHeading, latest_documents, street_groups
from tests.conftest import build_site, edit, read_page


def card(slug: str, address: str, documents: tuple[DocumentHeading, ...] = ()) -> Card:
    return Card(slug, slug, address, 100, list(documents))


def notice(slug: str, title: str, day: date) -> DocumentHeading:
    return DocumentHeading("notice", f"c/notices/{slug}/", title, day, day)


@pytest.mark.parametrize("address, street", [
    ("青岚区云台街道澄湖路88号", "云台街道"), ("重庆市璧山区璧城街道东林大道1号", "璧城街道"),
    ("璧山区大路街道金剑路5号", "大路街道"), ("青岚区来凤镇正街3号", "来凤镇"), ("青岚区镇江路5号", ""),
    ("澄湖路88号", ""),
    # A road or village named after a 乡 is none: they made streets called 新乡 and 城北乡.
    ("澜溪区新乡路12号", ""), ("澜溪区城北乡村路8号", ""), ("澜溪区城北乡石坝村3号", "城北乡"),
    ("澜溪区 云台街道 安居路176号", "云台街道"),  # spaces between the parts put it under 其他
    ("璧山区河边镇道观村3组", "河边镇"), ("璧山区七塘镇村委会旁", "七塘镇"), ("江津区白沙镇街心花园路2号", "白沙镇"),
    ("万州区新乡镇正街1号", "新乡镇"),
])
def test_a_compounds_street_is_the_sub_district_its_address_names(address, street):
    assert card("a", address).street == street


@pytest.mark.parametrize("address, within", [
    ("青岚区云台街道澄湖路88号", "澄湖路88号"), ("澜溪区 云台街道 安居路176号", "安居路176号"),
    ("澜溪区新乡路12号", "澜溪区新乡路12号"),
])
def test_a_compounds_address_under_its_streets_heading_begins_after_the_street(address, within):
    assert card("a", address).address_in_street == within


def test_compounds_are_grouped_by_street_in_the_order_their_first_comes_with_those_of_none_last():
    cards = [card("a", "澄湖路1号"), card("b", "青岚区南山街道1号"), card("c", "青岚区云台街道2号"),
             card("d", "青岚区南山街道3号")]
    assert [(g.name, [c.slug for c in g.cards]) for g in street_groups(cards)] == [
        ("南山街道", ["b", "d"]), ("云台街道", ["c"]), ("", ["a"])]


def test_the_compounds_take_turns_at_the_latest_documents_of_one_day():
    # In the folders' order, anju-* took every place, every day, and zijing-* never showed.
    slugs = ("anju", "beichen", "yunshan", "zijing")

    def first_of(day: date) -> str:
        cards = [card(slug, "青岚区云台街道1号", (notice("n", "业主大会通知", day),)) for slug in slugs]
        cards.append(card("xinyuan", "青岚区云台街道1号", (notice("m", "停电通知", day - timedelta(days=1)),)))
        latest = latest_documents(cards, 5)
        assert [c.slug for c, _ in latest][-1] == "xinyuan"  # newest first still
        assert latest_documents(list(reversed(cards)), 5) == latest  # the day decides, not the order given
        return latest[0][0].slug

    days = [date(2026, 11, 1) + timedelta(days=n) for n in range(20)]
    assert {first_of(day) for day in days} == set(slugs)
    # A compound with three notices that day takes its turn with each, not three places in a row.
    day = date(2026, 11, 12)
    many = card("anju", "青岚区云台街道1号", tuple(notice(f"n{n}", "通知", day) for n in range(3)))
    one = card("beichen", "青岚区云台街道1号", (notice("n", "通知", day),))
    assert [c.slug for c, _ in latest_documents([many, one], 3)] in (["anju", "beichen", "anju"],
                                                                   ["beichen", "anju", "anju"])


def test_a_compounds_notices_are_listed_by_year_newest_first(minimal):
    # 253 notices of ten years were one list of 27 screens.
    notice = minimal / "content/lanting/notices/lift-consultation/index.md"
    edit(notice, "date: 2026-03-02", "date: 2025-03-02")
    edit(notice, "posting: {from: 2026-03-02, to: 2026-03-16}", "posting: {from: 2025-03-02, to: 2025-03-16}")
    assert build_site(minimal, pdfs=False).written
    soup = read_page(minimal / "output/lanting/notices/index.html")
    assert [(h["id"], h.get_text()) for h in soup.select("h2")] == [("year-2026", "2026年"), ("year-2025", "2025年")]
    assert soup.select_one("#year-2025 + ul.list .name").get_text() == "加装电梯意见征询"
