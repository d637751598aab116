"""Printed sheets, read back from real PDFs: text, sizes, fonts, QR code, codes, bytes."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import time
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image, ImageStat
from pypdf import PdfReader

from generator import pdf, site
from generator.build import BuildOptions, build
from generator.errors import BuildStopped
from tests.conftest import (BUILD_DATE, PROJECT, add_maintenance_fund, build_site, copy_compound, edit, run_cli,
                            tree_digest)

BASE = "https://board.example.org/test/"
A4, A3 = (595, 842), (842, 1191)
SHEETS = ["lanting/notices/water-outage/water-outage.pdf",
          "lanting/notices/lift-consultation/lift-consultation.pdf",
          "lanting/finances/2026-q1/finance-2026-q1.pdf", "lanting/finances/2026-q2/finance-2026-q2.pdf",
          "lanting/committees/committees.pdf", "lanting/services/services.pdf",
          "lanting/finances/2026-q3/finance-2026-q3.pdf", "lanting/votes/roof-repair/roof-repair.pdf"]


def text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(path).pages))


def sizes(path: Path) -> list[tuple[float, str]]:
    """(font size in pt, text) of every run of text on every page."""
    found: list[tuple[float, str]] = []
    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=lambda t, cm, tm, font, size: t.strip() and found.append(
            (round(size * tm[3] * cm[3], 1), t.strip())))
    return found


def page_size(path: Path, index: int = 0) -> tuple[int, int]:
    box = PdfReader(path).pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def test_every_document_has_a_sheet_beside_its_page(built_minimal):
    assert sorted(p.relative_to(built_minimal).as_posix() for p in built_minimal.rglob("*.pdf")) == sorted(
        SHEETS + ["lanting/board-pack.pdf"])
    page = BeautifulSoup((built_minimal / "lanting/notices/water-outage/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("a", href="water-outage.pdf").get_text() == "打印版（PDF）"


def test_finance_sheet_has_title_period_amounts_totals_audit_objection_and_signature(built_minimal):
    sheet = text(built_minimal / "lanting/finances/2026-q1/finance-2026-q1.pdf")
    for expected in ["兰亭苑", "2026年第一季度财务公示", "公示期：2026年4月10日至2026年4月24日", "¥3,000.00",
                     "收入合计¥4,200.50", "支出合计¥2,050.00", "期末余额¥12,150.50", "共有收益净额¥1,200.50",
                     "经审核，本季度收支凭证齐全，账实相符。", "审计人：李四、周五",
                     "对以上内容如有异议，请于2026年4月24日（含当日）前向兰亭苑业主委员会提出。", "兰亭苑业主委员会（盖章）"]:
        assert expected in sheet, expected
    assert "打印日期" not in sheet  # the day it was printed would make it another file every day
    reader = PdfReader(built_minimal / "lanting/finances/2026-q1/finance-2026-q1.pdf")
    pages = len(reader.pages)
    assert f"第1页，共{pages}页" in sheet and f"第{pages}页，共{pages}页" in sheet
    # Saved or forwarded in WeChat, the file said which quarter, not of which compound.
    assert reader.metadata.title == "2026年第一季度财务公示 · 兰亭苑"


def test_a_finance_sheet_prints_the_net_shared_revenue_and_the_dividend_as_large_as_the_closing_balance(minimal):
    # At 13 and 12 pt among the tables: the figures owners look for first, read on the board from a metre away.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "{kind: dividend, amount: 400.00}",
         "{kind: dividend, amount: 400.00, basis: household, households: 100}")
    assert build_site(minimal).written
    large = {run for size, run in sizes(minimal / "output/lanting/finances/2026-q1/finance-2026-q1.pdf") if size >= 28}
    assert {"期末余额", "¥12,150.50", "共有收益净额", "¥1,200.50", "每户分红", "¥4.00"} <= large, large
    page = BeautifulSoup((minimal / "output/lanting/finances/2026-q1/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [div.get_text(" ", strip=True) for div in page.select("dl.figures div.total")] == [
        "期末余额 ¥12,150.50", "共有收益净额 ¥1,200.50", "每户分红 ¥4.00"]


def test_a_finance_sheet_prints_the_maintenance_fund_with_the_vote_that_approved_each_use(minimal):
    add_maintenance_fund(minimal)
    assert build_site(minimal).written
    sheet = text(minimal / "output/lanting/finances/2026-q3/finance-2026-q3.pdf")
    for expected in ["专项维修资金存于某区物业专项维修资金专户。", "期初余额¥500,000.00存入¥1,910.00使用¥82,000.00期末余额¥419,910.00",
                     "9月21日专户季度结息¥1,910.00存入合计¥1,910.00",
                     "9月25日1栋屋面维修业主表决同意：关于使用专项维修资金维修1栋屋面的表决¥80,000.00",
                     "8月2日2栋电梯主机抢修应急维修，先行使用：电梯困人，主机烧毁¥2,000.00使用合计¥82,000.00"]:
        assert expected in sheet, expected
    # The vote's link is its page's web address: relative, it was resolved against the content folder printed
    # from (file:///…/content/votes/roof-repair/), a dead link giving away the builder's folders.
    for copy in (minimal / "output", minimal / "print"):
        links = _links(copy / "lanting/finances/2026-q3/finance-2026-q3.pdf")
        assert "https://board.example.org/test/lanting/votes/roof-repair/" in links, links
        assert not [link for link in links if link.startswith("file:")], links


def _links(sheet: Path) -> list[str]:
    return [annotation.get_object()["/A"]["/URI"] for page in PdfReader(sheet).pages
            for annotation in page.get("/Annots") or [] if "/A" in annotation.get_object()]


def test_a_board_only_vote_is_named_on_the_boards_finance_sheet_without_a_link_to_a_page_it_has_not(minimal):
    add_maintenance_fund(minimal)
    edit(minimal / "content/lanting/votes/roof-repair.yaml", "kind: decision", "kind: decision\naudience: board")
    assert build_site(minimal).written
    sheet = minimal / "print/lanting/finances/2026-q3/finance-2026-q3.pdf"
    assert "业主表决同意：关于使用专项维修资金维修1栋屋面的表决" in text(sheet)
    assert not [link for link in _links(sheet) if "votes" in link or link.startswith("file:")], _links(sheet)


def test_a_notices_links_to_its_attachments_and_other_pages_are_web_addresses_on_its_sheet(minimal):
    # Resolved against the content folder printed from: file:///…/content/lanting/notices/…, dead, and telling
    # where the sheet was built.
    edit(minimal / "content/lanting/notices/lift-consultation/index.md", "现征询业主意见。",
         "现征询业主意见。详见[施工进度表](schedule.csv)，另见[停水通知](../water-outage/)。")
    assert build_site(minimal).written
    for copy in (minimal / "output", minimal / "print"):
        links = _links(copy / "lanting/notices/lift-consultation/lift-consultation.pdf")
        assert "https://board.example.org/test/lanting/notices/lift-consultation/schedule.csv" in links, links
        assert "https://board.example.org/test/lanting/notices/water-outage/" in links, links
        assert not [link for link in links if link.startswith("file:")], links


def test_the_boards_sheets_print_board_only_content_and_never_content_is_not(built_minimal):
    board = built_minimal.parent / "print"
    committees = text(board / "lanting/committees/committees.pdf")
    assert "仅张贴" in committees and "2栋3单元402" in committees
    assert "隐藏人" not in committees
    assert "138****1111" in committees and "13800001111" not in committees
    assert "号码不公开" not in committees  # what the web page says beside a masked number, where it might be tapped
    assert "3栋1单元101" in text(board / "lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert "付款人：王某" in text(board / "lanting/finances/2026-q2/finance-2026-q2.pdf")


def test_the_websites_sheet_of_a_quarter_says_its_units_behind_on_fees_are_on_the_boards_sheet_only(built_minimal):
    # Its page said so; the sheet a resident downloads from that page listed none, and said nothing.
    note = "欠费户明细仅在小区公告栏张贴的纸质公示中列出，依照个人信息保护法不在网上公布。"
    assert note in text(built_minimal / "lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert note not in text(built_minimal.parent / "print/lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert note not in text(built_minimal / "lanting/finances/2026-q3/finance-2026-q3.pdf")  # it lists none


def test_a_rosters_notes_are_headed_as_changes_and_a_notices_as_corrections(minimal):
    # A member who left, noted as the log asks, was headed 更正说明 on the page and the sheet: a mistake, to residents.
    rosters = minimal / "content/lanting/rosters.yaml"
    rosters.write_text(rosters.read_text(encoding="utf-8")
                       + "corrections:\n  - {date: 2026-11-20, note: 周五辞任监督委员会委员。}\n", encoding="utf-8")
    edit(minimal / "content/lanting/notices/water-outage.md", "pinned: true\n",
         "pinned: true\ncorrections:\n  - {date: 2026-11-21, note: 停水时间改为上午。}\n")
    assert build_site(minimal).written
    output = minimal / "output/lanting"
    for page, heading in (("committees", "变更说明"), ("notices/water-outage", "更正说明")):
        soup = BeautifulSoup((output / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one(".corrections h2").get_text() == heading
    assert "变更说明" in text(output / "committees/committees.pdf") and "更正说明" not in text(
        output / "committees/committees.pdf")
    assert "更正说明" in text(output / "notices/water-outage/water-outage.pdf")


def test_a_short_group_of_the_committees_sheet_is_never_split_from_its_name(minimal):
    # Its last two members went over to the next page, under the next group's name, and read as its members.
    volunteers = "".join(f"      - {{name: 志愿者{n}号, role: 志愿者, building: {n}栋}}\n" for n in range(1, 29))
    leaders = "".join(f"      - {{name: 楼长{n}号, role: 楼栋长}}\n" for n in range(1, 7))
    edit(minimal / "content/lanting/rosters.yaml", "  - name: 兰亭苑业主监督委员会",
         f"  - name: 兰亭苑志愿者\n    kind: other\n    members:\n{volunteers}  - name: 兰亭苑楼栋长\n"
         f"    kind: building_group_leaders\n    members:\n{leaders}  - name: 兰亭苑业主监督委员会")
    assert build_site(minimal).written
    pages = [re.sub(r"\s+", "", page.extract_text())
             for page in PdfReader(minimal / "output/lanting/committees/committees.pdf").pages]
    holding = {name: [number for number, page in enumerate(pages) if name in page]
               for name in ("兰亭苑楼栋长", "楼长1号", "楼长6号")}
    assert len({tuple(found) for found in holding.values()}) == 1, holding
    assert len({number for number, page in enumerate(pages) if "志愿者" in page}) == 2  # a long group still breaks


def test_a_votes_page_and_its_sheet_are_headed_alike(built_minimal):
    # The sheet said …的表决结果公示 and the page …的表决: a resident matching the board to the web saw two titles.
    page = BeautifulSoup((built_minimal / "lanting/votes/roof-repair/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.h1.get_text() == "关于使用专项维修资金维修1栋屋面的表决结果公示"
    assert page.h1.get_text() in text(built_minimal / "lanting/votes/roof-repair/roof-repair.pdf")


def test_a_board_only_notice_is_printed_for_the_board_alone_without_a_web_address(minimal):
    (minimal / "content/lanting/notices/arrears-call.md").write_text(
        "---\ntitle: 催缴通知\ndate: 2026-11-20\ncategory: 通知\nposting: {from: 2026-11-20, to: 2026-12-05}\n"
        "audience: board\n---\n请3栋1单元101业主尽快缴纳物业费。\n", encoding="utf-8")
    assert build_site(minimal).written
    assert not (minimal / "output/lanting/notices/arrears-call").exists()
    sheet = text(minimal / "print/lanting/notices/arrears-call/arrears-call.pdf")
    assert "请3栋1单元101业主尽快缴纳物业费。" in sheet and "核验码" in sheet
    assert "扫码在网上查看" not in sheet and "arrears-call" not in sheet  # no page to point to
    assert "扫码在网上查看" in text(minimal / "print/lanting/notices/water-outage/water-outage.pdf")
    assert "催缴通知" in text(minimal / "print/lanting/board-pack.pdf")
    assert "催缴通知" not in text(minimal / "output/lanting/board-pack.pdf")


def test_sheets_are_readable_at_a_metre(built_minimal):
    found = sizes(built_minimal / "lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert min(size for size, _ in found) >= 12
    assert max(size for size, t in found if t.startswith("2026年第一季度财务公示")) >= 22
    assert {size for size, t in found if t.startswith("收入合计")} == {13.0}
    assert {size for size, t in found if t in ("期末余额", "¥12,150.50")} == {28.0}  # the key total, at a metre
    notice = sizes(built_minimal / "lanting/notices/water-outage/water-outage.pdf")
    assert {size for size, t in notice if "二次供水" in t} == {16.0}


def test_sheets_are_a4_with_every_font_embedded(built_minimal):
    for sheet in SHEETS:
        path = built_minimal / sheet
        assert page_size(path) == A4, sheet
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column
        assert "Noto-Sans-CJK-SC" in fonts


def _qr_codes(path: Path, page: int, folder: Path) -> list:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(path),
                    str(folder / "page")], check=True)
    return zxingcpp.read_barcodes(Image.open(folder / "page.png"))


def test_qr_code_is_at_least_4_cm_and_opens_the_documents_page(built_minimal, tmp_path):
    path = built_minimal / "lanting/finances/2026-q1/finance-2026-q1.pdf"
    codes = _qr_codes(path, len(PdfReader(path).pages), tmp_path)
    assert [c.text for c in codes] == [BASE + "lanting/finances/2026-q1/"]
    corners = codes[0].position
    width_cm = (corners.top_right.x - corners.top_left.x) / 150 * 2.54
    assert width_cm >= 4.0
    assert "board.example.org/test/lanting/finances/2026-q1/" in text(path)


def test_verification_code_on_the_sheet_equals_the_one_on_the_page(built_minimal):
    for page, sheet in [("lanting/notices/water-outage/", SHEETS[0]), ("lanting/finances/2026-q1/", SHEETS[2]),
                        ("lanting/committees/", SHEETS[4]), ("lanting/services/", SHEETS[5])]:
        html = BeautifulSoup((built_minimal / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        code = html.select_one(".print-version .code").get_text()
        assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", code)
        assert f"核验码{code}" in text(built_minimal / sheet)


def test_a_changed_document_gets_a_new_code_and_others_keep_theirs(minimal, tmp_path):
    def codes() -> dict[str, str]:
        assert build_site(minimal, pdfs=False).written
        return {p: BeautifulSoup((minimal / "output" / p / "index.html").read_text(encoding="utf-8"),
                                 "html.parser").select_one(".code").get_text()
                for p in ("lanting/notices/water-outage/", "lanting/finances/2026-q1/")}
    before = codes()
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "全天停水", "上午停水")
    after = codes()
    assert after["lanting/notices/water-outage/"] != before["lanting/notices/water-outage/"]
    assert after["lanting/finances/2026-q1/"] == before["lanting/finances/2026-q1/"]


def test_a_code_does_not_depend_on_what_only_the_board_shows(minimal):
    """Else trying every flat number against the code on the web page would find a member's flat."""
    def code() -> str:
        assert build_site(minimal, pdfs=False).written
        page = (minimal / "output/lanting/committees/index.html").read_text(encoding="utf-8")
        return BeautifulSoup(page, "html.parser").select_one(".code").get_text()
    before = code()
    rosters = minimal / "content/lanting/rosters.yaml"
    edit(rosters, "2栋3单元402", "5栋1单元101")
    assert code() == before
    edit(rosters, "name: 孙三", "name: 孙四")
    assert code() != before


def test_two_builds_give_identical_pdf_bytes(minimal, tmp_path):
    first = build_site(minimal, cache=None)
    assert first.written and first.sheets_rendered == len(SHEETS)
    before = {p: d for p, d in tree_digest(minimal / "output").items() if p.endswith(".pdf")}
    (minimal / "output").rename(tmp_path / "first")
    assert build_site(minimal, cache=None).written
    assert {p: d for p, d in tree_digest(minimal / "output").items() if p.endswith(".pdf")} == before


def test_only_the_changed_sheet_is_printed_again(minimal, tmp_path):
    cache = tmp_path / "cache"
    assert build_site(minimal, cache=cache).sheets_rendered == len(SHEETS)
    assert build_site(minimal, cache=cache).sheets_rendered == 0
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "全天停水", "上午停水")
    result = build_site(minimal, cache=cache)
    assert (result.written, result.sheets_rendered) == (True, 1)
    assert "上午停水" in text(minimal / "output/lanting/board-pack.pdf")


def test_a_changed_print_stylesheet_prints_every_sheet_again_with_it(minimal, tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    shutil.copytree(PROJECT / "templates", templates)
    assert build_site(minimal, cache=cache, templates=templates).sheets_rendered == len(SHEETS)
    title = sizes(minimal / "output" / SHEETS[0])[1]
    assert title == (24.0, "停水通知")
    stylesheet = templates / "print/print.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "h1 { font-size: 30pt }\n", encoding="utf-8")
    result = build_site(minimal, cache=cache, templates=templates)
    assert (result.written, result.sheets_rendered) == (True, len(SHEETS))
    assert sizes(minimal / "output" / SHEETS[0])[1] == (30.0, "停水通知")


def test_a_changed_picture_prints_the_sheet_again_though_its_html_is_the_same(minimal, tmp_path):
    folder = minimal / "content/lanting/notices/lift-consultation"
    picture = folder / "lift plan.png"  # a space: the HTML names it my%20plan.png
    Image.new("L", (40, 40), 0).save(picture)
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("  - {file: schedule.csv, title: 施工进度表}",
                     "  - {file: schedule.csv, title: 施工进度表}\n  - {file: lift plan.png, title: 平面图}")
                     + "\n![平面图](lift%20plan.png)\n", encoding="utf-8")
    cache = tmp_path / "cache"
    assert build_site(minimal, cache=cache).written
    Image.new("L", (40, 40), 255).save(picture)
    assert build_site(minimal, cache=cache).sheets_rendered == 1
    cold = build_site(minimal, cache=tmp_path / "cold-cache", output=tmp_path / "cold", print_output=tmp_path / "print")
    assert cold.written and cold.sheets_rendered == len(SHEETS)
    sheet = "lanting/notices/lift-consultation/lift-consultation.pdf"
    assert (minimal / "output" / sheet).read_bytes() == (tmp_path / "cold" / sheet).read_bytes()


@pytest.mark.parametrize("reference", ["lift%20plan.png", "lift plan.png?v=2", "lift%20plan.png#top"])
def test_a_sheets_cache_key_counts_a_pictures_bytes_however_its_url_is_written(tmp_path, reference):
    picture = tmp_path / "lift plan.png"
    picture.write_bytes(b"first")
    job = pdf.SheetJob("sheet.pdf", f'<img src="{reference}" alt="">', tmp_path.as_uri() + "/", (), "sheet")
    cache = pdf.SheetCache(None, "fingerprint")
    before = cache.key(job)
    picture.write_bytes(b"second")
    assert cache.key(job) != before


def test_the_sheets_cache_deletes_what_no_build_used_for_a_month_and_what_killed_builds_left(tmp_path):
    folder = tmp_path / "sheets"
    cache = pdf.SheetCache(folder, "fingerprint")
    for key in ("a" * 64, "b" * 64, "pack-" + "c" * 64):
        cache.put(key, b"%PDF-1.7")
    assert cache.get("b" * 64)  # used by this build
    left = {name: folder / name for name in (f".{'d' * 64}.4242", f".pack-{'e' * 64}.4242", f".{'f' * 64}.4243")}
    for file in left.values():
        file.write_bytes(b"%PDF-1.7 half")  # what a build killed while it wrote a sheet leaves
    (folder / "notes.txt").write_text("the cache deletes only what it wrote")
    a_month_ago = time.time() - pdf.UNUSED_FOR - 60
    for name in ("a" * 64 + ".pdf", "pack-" + "c" * 64 + ".pdf", *list(left)[:2], "notes.txt"):
        os.utime(folder / name, (a_month_ago, a_month_ago))
    cache.prune()
    assert sorted(file.name for file in folder.iterdir()) == sorted(["b" * 64 + ".pdf", f".{'f' * 64}.4243",
                                                                     "notes.txt"])


def test_board_pack_holds_the_sheets_on_the_board_that_day(minimal):
    assert build_site(minimal).written
    pack = minimal / "output/lanting/board-pack.pdf"
    assert len(PdfReader(pack).pages) == len(PdfReader(minimal / "output" / SHEETS[0]).pages)
    assert "停水通知" in text(pack) and "财务公示" not in text(pack)
    from datetime import date

    assert build_site(minimal, day=date(2026, 4, 12)).written
    assert "2026年第一季度财务公示" in text(pack) and "停水通知" not in text(pack)
    assert build_site(minimal, day=date(2026, 1, 1)).written
    assert not pack.exists()


def test_a_board_pack_asks_to_be_printed_on_one_side_of_the_paper(minimal):
    # Printed on both sides, one notice's last page and the next one's first shared a sheet of paper.
    add_maintenance_fund(minimal)
    assert build_site(minimal, day=date(2026, 10, 12)).written
    for copy in (minimal / "output", minimal / "print"):
        pack = PdfReader(copy / "lanting/board-pack.pdf")
        assert len(pack.pages) > 1 and pack.viewer_preferences.duplex == "/Simplex"


def test_a_board_pack_names_each_font_subset_apart(built_minimal):
    # Every sheet's subset of a font had the same name, each with other glyphs: a printer that keeps fonts by
    # name would print the second sheet with the first one's glyphs.
    sheets = [(built_minimal / path).read_bytes() for path in SHEETS[:3]]
    merged = PdfReader(BytesIO(pdf.merge(sheets)))
    names: dict[str, bytes] = {}
    for page in merged.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = next(descriptor[key] for key in ("/FontFile2", "/FontFile3") if key in descriptor)
            data = program.get_object().get_data()
            assert names.setdefault(str(font["/BaseFont"]), data) == data, f"two subsets named {font['/BaseFont']}"
            assert descriptor["/FontName"] == font["/BaseFont"]
    assert len(names) > 2


def test_long_tables_repeat_their_header_and_show_the_total_once(minimal):
    quarter = minimal / "content/lanting/finances/2026-Q1.yaml"
    lines = "".join(f"  - {{date: 2026-02-{i % 28 + 1:02d}, category: 物业费, description: 第{i}户物业费, "
                    f"amount: 100.00, voucher: 记-2026-{i:03d}}}\n" for i in range(100, 160))
    source = quarter.read_text(encoding="utf-8").replace("closing_balance: 12150.50", "closing_balance: 18150.50")
    quarter.write_text(source.replace("expenses:\n", lines + "expenses:\n"), encoding="utf-8")
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()  # it opens with Q1's old closing balance
    assert build_site(minimal).written
    reader = PdfReader(minimal / "output" / SHEETS[2])
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    assert len(pages) >= 3
    # The repeated header names the table: its caption is not repeated, and page 2 began with rows of figures that
    # did not say whether they were income or expenses.
    assert all("日期收入·摘要金额" in page for page in pages[:2])
    assert sum(page.count("收入合计") for page in pages) == 1
    assert all(sum(page.count(f"记-2026-{i:03d}") for page in pages) == 1 for i in range(100, 160))


def test_paper_size_and_orientation_are_settings(minimal):
    site_yaml = minimal / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "print:\n  paper: {size: A3}\n", encoding="utf-8")
    quarter = minimal / "content/lanting/finances/2026-Q2.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8") + "paper: {size: A4, orientation: landscape}\n",
                       encoding="utf-8")
    assert build_site(minimal).written
    assert page_size(minimal / "output" / SHEETS[0]) == A3
    assert page_size(minimal / "output" / SHEETS[3]) == (A4[1], A4[0])


def test_a_character_no_font_has_stops_the_build_naming_it_and_the_file(minimal):
    assert build_site(minimal).written
    before = tree_digest(minimal / "output")
    notice = minimal / "content/lanting/notices/water-outage.md"
    # A category is printed or not as the sheet has it (a title or a notice's text always is: `check` stops
    # the build at those already).
    notice.write_text(notice.read_text(encoding="utf-8").replace("category: 通知", "category: 通知𠀀"),
                      encoding="utf-8")
    result = build_site(minimal)
    assert not result.written
    messages = [d.format() for d in result.diagnostics.errors]
    assert messages == ["content/lanting/notices/water-outage.md:4:13: error: no installed font has 𠀀 (U+20000); "
                        "the sheet /lanting/notices/water-outage/water-outage.pdf would print empty boxes\n"
                        "  4 | category: 通知𠀀\n"
                        "    |               ^\n"
                        "  hint: write the character differently, or install a font that has it and name it as "
                        "print.font in site.yaml"]
    assert tree_digest(minimal / "output") == before


@pytest.mark.parametrize("above", [206, 236])  # mm of text above the table: without the rules, a page held
def test_a_page_never_ends_on_a_caption_nor_holds_a_total_alone(tmp_path, above):  # the total alone; the caption
    rows = "".join(f"<tr><td>第{i}行</td><td>¥100.00</td></tr>" for i in range(1, 4))
    sheet = (f"<html><head><style>{(PROJECT / 'templates/print/print.css').read_text(encoding='utf-8')}</style>"
             f"</head><body><div style='height: {above}mm'>前文</div><table><caption>支出</caption><thead><tr>"
             f"<th>摘要</th><th>金额</th></tr></thead><tbody>{rows}</tbody><tfoot><tr><th>支出合计</th><td>¥300.00"
             "</td></tr></tfoot></table></body></html>")
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(BytesIO(_render(sheet, tmp_path).pdf)).pages]
    assert len(pages) == 2
    assert not pages[0].endswith("支出")
    assert "第3行" in pages[1]  # beside the total


def _render(html: str, root: Path) -> pdf.SheetResult:
    return pdf.SheetRenderer().render(pdf.SheetJob("x.pdf", html, root.as_uri() + "/", (str(root),), "x"))


@pytest.mark.parametrize("hostile", [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/hostname">',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    '<link rel="stylesheet" href="../../../../../../etc/ssl/openssl.cnf">',
    '<img src="http://127.0.0.1:9/x.png">',
    '<img src="https://example.org/x.png">',
])
def test_a_sheet_cannot_load_anything_outside_the_project(tmp_path, hostile):
    result = _render(f"<p>公告</p>{hostile}", tmp_path)
    assert result.pdf is None and result.blocked


def test_a_sheet_can_use_files_inside_the_project_and_data_urls(tmp_path):
    (tmp_path / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                                      encoding="utf-8")
    result = _render('<p>公告</p><img src="dot.svg" alt="图"><img alt="点" src="data:image/svg+xml,'
                     '%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%222%22 height=%222%22/%3E">', tmp_path)
    assert result.pdf and result.pdf.startswith(b"%PDF")


def test_an_image_escaping_the_content_folder_is_a_build_error(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + '\n<img src="../../../../../../../../etc/passwd" alt="x">\n',
                      encoding="utf-8")
    result = build_site(minimal)
    assert not result.written
    assert any("etc/passwd" in d.message and d.location.path == "content/lanting/notices/water-outage.md"
               for d in result.diagnostics.errors)


def test_this_machine_prints_fast_and_in_chinese():
    assert pdf.environment_problems("Noto Sans CJK SC") == []
    assert "'No Such Font'" in pdf.environment_problems("No Such Font")[0]


def test_build_without_pdfs_keeps_the_last_printed_sheets(minimal):
    assert run_cli(["build", "--date", "2026-11-25"], minimal).exit_code == 0
    sheet = minimal / "output" / SHEETS[0]
    printed = sheet.read_bytes()
    result = run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0 and sheet.read_bytes() == printed


def test_pdf_command_prints_sheets_only_and_leaves_the_pages(minimal):
    assert run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).exit_code == 0
    assert not list((minimal / "output").rglob("*.pdf"))
    result = run_cli(["pdf", "lanting", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0, result.output
    assert (minimal / "output" / SHEETS[0]).is_file() and (minimal / "output/index.html").is_file()
    assert "older versions" not in result.stderr
    assert run_cli(["pdf", "nowhere"], minimal).exit_code == 2  # a command-line mistake


def test_pdf_command_for_one_compound_leaves_its_pdf_attachments_on_the_website(minimal):
    # It removed every PDF of the compound it did not print: a notice's attachment vanished, its links dead.
    notice = minimal / "content/lanting/notices/lift-consultation"
    assert build_site(minimal).written
    attachment = notice / "清理 计划.pdf"
    attachment.write_bytes((minimal / "output" / SHEETS[0]).read_bytes())  # any PDF will do
    index = notice / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "attachments:\n", "attachments:\n  - {file: 清理 计划.pdf, title: 清理计划}\n"), encoding="utf-8")
    assert build_site(minimal).written
    published = minimal / "output/lanting/notices/lift-consultation/清理 计划.pdf"
    assert published.is_file()
    result = run_cli(["pdf", "lanting", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0, result.output
    assert published.is_file()
    sheets = sorted(str(path.relative_to(minimal / "output")) for path in (minimal / "output").rglob("*.pdf"))
    assert [path for path in sheets if not site.is_sheet(path)] == ["lanting/notices/lift-consultation/清理 计划.pdf"]
    assert set(SHEETS) <= set(sheets)


def test_a_notices_wide_table_and_large_picture_stay_within_the_paper(minimal, tmp_path):
    # Both ran off the right edge of the sheet: the posted copy lost its last columns and half the plan; so did
    # a table of figures (thirteen buildings' shares), whose figures would not break.
    notice = minimal / "content/lanting/notices/lift-consultation"
    Image.new("RGB", (1600, 900), "black").save(notice / "plan.png")
    shares = (f"| 月份 | {' | '.join(f'第{n}栋' for n in range(1, 14))} |\n|{'---|' * 14}\n"
              f"| 10月 | {' | '.join(['1,234,567.89'] * 13)} |\n\n")
    times = " | ".join(["7:00-7:30、18:00-18:30"] * 7)
    index = notice / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("attachments:\n", "attachments:\n  - {file: plan.png, "
                     "title: 平面图}\n").replace("现征询业主意见。\n", "现征询业主意见。\n\n| 楼栋 | 单元 | 周一 | 周二 | 周三 | 周四 "
                     f"| 周五 | 周六 | 周日 | 备注 |\n|{'---|' * 10}\n| 1栋 | 1单元 | {times} | 末列 |\n\n{shares}"
                     "![平面图](plan.png)\n"),
                     encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf"
    assert "末列" in text(sheet)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(sheet), str(tmp_path / "page")], check=True)
    for page in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(page).convert("L")
        margin = image.crop((image.width * 19 // 20, 0, image.width, image.height))  # the outer 10 mm
        assert margin.getextrema()[0] > 200, f"{page.name}: something is printed in the right margin"


def test_a_notices_figures_stay_whole_and_a_tall_picture_long_word_and_small_heading_fit_the_paper(minimal, tmp_path):
    # 95,940.00 printed as 95,94 over 0.00 beside a wide column of text; a phone's screenshot ran under the
    # footer and off the paper; a 108-letter code ran off the right edge; a ###### heading printed at 11 pt.
    notice = minimal / "content/lanting/notices/lift-consultation"
    Image.new("RGB", (1080, 2400), "black").save(notice / "shot.png")
    index = notice / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("attachments:\n", "attachments:\n  - {file: shot.png, "
                     "title: 截图}\n").replace("现征询业主意见。\n", "现征询业主意见。\n\n| 项目 | 说明 | 金额（元） |\n"
                     f"|---|---|---|\n| 屋面防水 | {'铲除原防水层，铺设防水卷材两层，' * 4} | 95,940.00 |\n\n"
                     f"## 说明\n\n###### 编号\n\n{'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' * 3}\n\n![截图](shot.png)\n"),
                     encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf"
    assert "95,940.00" in "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert [size for size, said in sizes(sheet) if said == "编号"] == [16.0]  # as the text under it
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(sheet), str(tmp_path / "page")], check=True)
    for page in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(page).convert("L")
        margin = image.crop((image.width * 19 // 20, 0, image.width, image.height))  # the outer 10 mm
        assert margin.getextrema()[0] > 200, f"{page.name}: something is printed in the right margin"
        footer = image.crop((0, image.height * 93 // 100, image.width, image.height))  # the bottom 20 mm
        assert ImageStat.Stat(footer).mean[0] > 235, f"{page.name}: the picture runs off"


@pytest.mark.parametrize("lead_in", ["停水安排如下：\n\n", ""])
def test_a_landscape_notice_ending_with_a_table_prints_it_on_the_first_page_and_the_objection_box_after(
        minimal, lead_in):
    # The box and the closing block took the table over with them: the first page held the heading alone
    # (and without a lead-in, split the facts; the closing block then had a page of its own).
    notice = minimal / "content/lanting/notices/water-outage.md"
    front, _ = notice.read_text(encoding="utf-8").rsplit("---\n", 1)
    table = "| 楼栋 | 日期 | 时间 |\n|---|---|---|\n" + "".join(f"| {n}栋 | 11月2{n}日 | 8:00-12:00{'，如遇雨天顺延至次日同一时间' * 6} |\n"
                                                         for n in (1, 2))
    notice.write_text(front.replace("pinned: true", "pinned: true\npaper: {size: A4, orientation: landscape}")
                      + "---\n" + lead_in + table, encoding="utf-8")
    assert build_site(minimal).written
    pages = PdfReader(minimal / "output/lanting/notices/water-outage/water-outage.pdf").pages
    first = re.sub(r"\s+", "", pages[0].extract_text())
    assert "类别" in first and "2栋" in first, first
    assert len(pages) <= 2


def test_a_notices_attachments_are_listed_one_a_line_and_numbered_when_there_are_several(minimal):
    # They were run together with 、, twenty lines of one paragraph for fifteen attachments.
    notice = minimal / "content/lanting/notices/lift-consultation"
    shutil.copy(notice / "schedule.csv", notice / "budget.csv")
    index = notice / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "  - {file: schedule.csv, title: 施工进度表}\n",
        "  - {file: schedule.csv, title: 施工进度表}\n  - {file: budget.csv, title: 费用预算表}\n"), encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf"
    lines = [line.strip() for page in PdfReader(sheet).pages for line in page.extract_text().splitlines()]
    # Both tables are printed under the text: neither is said to be online, to be scanned for.
    assert lines[lines.index("附件：") + 1:][:2] == ["1. 施工进度表（见下表）", "2. 费用预算表（见下表）"]


def _address_lines(sheet: Path) -> list[str]:
    """The lines of the web address printed under a sheet's QR code, as laid out."""
    lines = subprocess.run(["pdftotext", "-layout", str(sheet), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "扫码在网上查看" in line)
    end = next(i for i, line in enumerate(lines) if "核验码" in line and i > start)
    return [line.split()[0] for line in lines[start + 1:end] if line.split()]


def test_the_address_under_the_qr_code_breaks_only_after_a_slash(minimal):
    # It broke at hyphens (guiyuan- / xincun): a reader could not tell whether the hyphen was part of it.
    site = minimal / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("https://board.example.org/test/",
                    "https://www.example.gov.cn/bishan/gongkai/"), encoding="utf-8")
    (minimal / "content/lanting").rename(minimal / "content/lanting-xiaoqu")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting-xiaoqu/notices/lift-consultation/lift-consultation.pdf"
    address = _address_lines(sheet)
    assert "".join(address) == "www.example.gov.cn/bishan/gongkai/lanting-xiaoqu/notices/lift-consultation/", address
    assert all(part.endswith("/") for part in address), address


def test_pdf_command_says_when_the_pages_beside_the_new_sheets_are_behind_them(minimal):
    assert run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).exit_code == 0
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "全天停水", "白天停水")
    result = run_cli(["pdf", "lanting", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0, result.output
    assert ("content/lanting: warning: its pages in output/ show older versions of 1 of its documents than the "
            "sheets now printed, and other verification codes\n  hint: run noticeboard build") in result.stderr


def test_vote_sheet_shows_the_outcome_and_the_four_tests(built_minimal):
    sheet = text(built_minimal / "lanting/votes/roof-repair/roof-repair.pdf")
    # The sheet is the result: "关于…的表决" alone reads, at the board, as a call to vote.
    for expected in ["关于使用专项维修资金维修1栋屋面的表决结果公示", "公示期：2026年10月9日至2026年10月19日", "表决结果：通过。",
                     "参与表决的业主人数占总人数200人中150人75.00%须三分之二以上达到", "同意的专有面积占参与表决面积",
                     "80.97%须过半数达到", "计票人：钱二；监票人：李四。", "《中华人民共和国民法典》第二百七十八条"]:
        assert expected in sheet, expected


def test_a_notice_filling_most_of_the_page_prints_on_one_sheet_with_its_seal_and_signature(minimal):
    # The seal is stamped over the signature and date, so the closing block is only as tall as the QR code;
    # with the seal's placeholder above the signature this notice took a second sheet for the closing block.
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "".join(
        f"\n第{i}条：来水初期水质可能浑浊，请先放水片刻再使用。\n" for i in range(1, 5)), encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/water-outage/water-outage.pdf"
    assert len(PdfReader(sheet).pages) == 1
    page = text(sheet)
    assert "第4条" in page and "兰亭苑业主委员会（盖章）" in page and "核验码" in page


@pytest.mark.parametrize(("articles", "pages"), [(7, 1), (12, 2)])
def test_the_seal_is_never_on_a_page_without_text(minimal, articles, pages):
    # Laid out as usual, 7 articles sent the closing block (QR code, signature and seal) to a page of its
    # own, and 12 the objection box with it. GB/T 9704 has the spacing tightened instead: 7 then fit on
    # one sheet, and 12 take the end of the text over to the second.
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "".join(
        f"\n第{i}条：来水初期水质可能浑浊，请先放水片刻再使用。\n" for i in range(1, articles + 1)), encoding="utf-8")
    assert build_site(minimal).written
    sheet = PdfReader(minimal / "output/lanting/notices/water-outage/water-outage.pdf")
    assert len(sheet.pages) == pages
    last = sheet.pages[-1].extract_text()
    assert f"第{articles}条：来水初期" in last and "兰亭苑业主委员会（盖章）" in last and "核验码" in last
    assert f"第{articles - 1}条" in last  # more than the last line came over
    assert pages == 1 or f"第{articles - 2}条" not in last  # but no more than needed: page 1 keeps its text


def _line_pitches(sheet: Path) -> set[float]:
    """The distances between the baselines of a sheet's first page's articles (第n条), in pt."""
    baselines: list[float] = []
    PdfReader(sheet).pages[0].extract_text(visitor_text=lambda t, cm, tm, font, size: t.startswith("第") and
                                           "条" in t and baselines.append(tm[5] * cm[3] + cm[5]))
    return {round(above - below, 1) for above, below in zip(baselines, baselines[1:])}


def test_the_tighter_layout_is_printed_only_when_it_saves_a_sheet(minimal):
    # Tighter lines that still took two pages were printed: denser text for elderly readers, and no paper saved.
    notice = minimal / "content/lanting/notices/water-outage.md"
    original = notice.read_text(encoding="utf-8")
    for articles, pages, pitch in ((7, 1, 24.4), (10, 2, 29.7)):
        notice.write_text(original + "".join(f"\n第{i}条：来水初期水质可能浑浊，请先放水片刻再使用。\n"
                                             for i in range(1, articles + 1)), encoding="utf-8")
        assert build_site(minimal).written
        sheet = minimal / "output/lanting/notices/water-outage/water-outage.pdf"
        assert len(PdfReader(sheet).pages) == pages
        assert _line_pitches(sheet) == {pitch}


@pytest.mark.parametrize("articles", [5, 15])
def test_a_list_ending_a_notice_never_leaves_an_item_alone_on_a_page(minimal, articles):
    # Taken over with the end of the text, the last of three shares went alone to the next page: page 1
    # showed a fund shared out 30 % and 50 %, adding up to 80 %.
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "".join(
        f"\n第{i}条：来水初期水质可能浑浊，请先放水片刻再使用，并注意关闭水龙头。\n" for i in range(1, articles + 1))
        + "\n共有收益分配：\n\n- 百分之三十补贴物业费；\n- 百分之五十作为业主分红；\n- 百分之二十作为储备金。\n",
        encoding="utf-8")
    assert build_site(minimal).written
    pages = [re.sub(r"\s+", "", page.extract_text())
             for page in PdfReader(minimal / "output/lanting/notices/water-outage/water-outage.pdf").pages]
    assert len(pages) > 1
    holding = {share: [number for number, page in enumerate(pages) if share in page]
               for share in ("百分之三十", "百分之五十", "百分之二十")}
    assert len({tuple(found) for found in holding.values()}) == 1, holding


def test_a_notice_is_sealed_by_its_own_issuer_and_others_by_the_owners_committee(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("category: 通知\n", "category: 通知\nissuer: 兰亭苑物业服务中心\n"),
                      encoding="utf-8")
    assert build_site(minimal).written
    sealed = re.sub(r"\s+", "", text(minimal / "output/lanting/notices/water-outage/water-outage.pdf"))
    assert "兰亭苑物业服务中心（盖章）" in sealed and "业主委员会（盖章）" not in sealed
    other = re.sub(r"\s+", "", text(minimal / "output/lanting/finances/2026-q3/finance-2026-q3.pdf"))
    assert "兰亭苑业主委员会（盖章）" in other


def test_pdf_command_for_one_compound_is_not_stopped_by_another_compounds_mistake(minimal):
    copy_compound(minimal / "content", "lanting-b")
    profile = minimal / "content/lanting-b/compound.yaml"
    edit(profile, "households:", "householdz:")
    result = run_cli(["pdf", "lanting", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0, result.output
    assert (minimal / "output" / SHEETS[0]).is_file() and not (minimal / "output/lanting-b").exists()
    assert run_cli(["build", "--date", "2026-11-25"], minimal).exit_code == 1  # the whole site still needs it fixed


def test_a_long_value_on_a_sheet_wraps_beside_its_label_and_leaves_the_label_whole(minimal):
    services = minimal / "content/lanting/services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace(
        "price: 每餐12元", "price: 60至79岁老人每餐12元，80岁以上每餐10元，低保、特困老人免费，其他居民每餐15元，送餐每次加收2元"),
        encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/services/services.pdf"
    assert "收费60至79岁老人每餐12元" in text(sheet)
    labels = [run for _, run in sizes(sheet) if run in ("收费", "收", "费")]
    assert labels == ["收费", "收费"]  # both services' labels whole: not 收 above 费


def test_a_stopped_build_leaves_the_output_as_it_was_and_keeps_its_sheets_for_next_time(minimal, tmp_path):
    cache = tmp_path / "cache"
    assert build_site(minimal, cache=cache, pdfs=False).written
    before = tree_digest(minimal / "output")
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=BUILD_DATE, root=minimal, cache=cache)
    with pytest.raises(BuildStopped):  # asked once its compound is built, before any sheet is printed
        build(options, stopped=lambda: True)
    assert tree_digest(minimal / "output") == before and not list(cache.glob("*.pdf"))
    with pytest.raises(BuildStopped):
        build(options, stopped=lambda: len(list(cache.glob("*.pdf"))) == 2)
    assert tree_digest(minimal / "output") == before
    again = build_site(minimal, cache=cache)
    assert again.written and again.sheets_rendered == len(SHEETS) - 2
    assert all((minimal / "output" / sheet).is_file() for sheet in SHEETS)


def test_a_text_signed_by_two_names_is_sealed_by_both_once_and_the_page_signs_it_at_the_right(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n兰亭苑业主委员会（第三届筹备组）　兰亭苑物业服务中心"
                      "\n\n2026年11月20日\n", encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/water-outage/water-outage.pdf"
    lines = [line.strip() for line in PdfReader(sheet).pages[-1].extract_text().splitlines()]
    # A name too long for a line wraps before its bracket, and （盖章） is never split.
    assert "（第三届筹备组）（盖章）" in lines and all("（盖章）" in line for line in lines if "盖" in line)
    sealed = text(sheet)
    assert "兰亭苑业主委员会（第三届筹备组）（盖章）兰亭苑物业服务中心（盖章）2026年11月20日" in sealed
    assert "来水后先放水异议" in sealed and sealed.count("兰亭苑物业服务中心") == 1  # not at the end of the text too
    page = BeautifulSoup((minimal / "output/lanting/notices/water-outage/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [p.get_text() for p in page.select(".prose > .sign-off p")] == [
        "兰亭苑业主委员会（第三届筹备组）", "兰亭苑物业服务中心", "2026年11月20日"]


def test_a_signer_of_thirteen_characters_is_printed_smaller_on_one_line_not_broken(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n青岚安居物业兰亭苑新项目部\n\n2026年11月20日\n",
                      encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/water-outage/water-outage.pdf"
    lines = [line.strip() for line in PdfReader(sheet).pages[-1].extract_text().splitlines()]
    assert "青岚安居物业兰亭苑新项目部" in lines
    assert (12.0, "青岚安居物业兰亭苑新项目部") in sizes(sheet)


def test_a_notice_of_a_category_that_only_informs_invites_no_objection_on_its_page_or_sheet(minimal):
    site = minimal / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "information_categories: [通知]\n", encoding="utf-8")
    assert build_site(minimal).written
    notice = minimal / "output/lanting/notices/water-outage"
    sheet = text(notice / "water-outage.pdf")
    assert "异议" not in sheet
    # Posted, not disclosed for objections (公示): the period it is on the board is no 公示期.
    assert "张贴时间：2026年" in sheet and "公示" not in sheet
    soup = BeautifulSoup((notice / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".objection") == [] and "张贴时间" in [dt.get_text() for dt in soup.select("dt")]
    finance = text(minimal / "output/lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert "对以上内容如有异议" in finance and "公示期：" in finance


def test_a_long_title_never_leaves_a_character_alone_on_its_last_line(minimal):
    notices = minimal / "content/lanting/notices"
    source = (notices / "water-outage.md").read_text(encoding="utf-8")
    phrase = "关于小区二次供水设施检修期间全天停水及来水后注意事项的通知"
    titles = {f"title-{length}": phrase[:length] for length in range(19, 25)}  # one of them breaks after 1 character
    for slug, title in titles.items():
        (notices / f"{slug}.md").write_text(source.replace("title: 停水通知", f"title: {title}"), encoding="utf-8")
    assert build_site(minimal, pdfs=True).written
    for slug, title in titles.items():
        lines = PdfReader(minimal / f"output/lanting/notices/{slug}/{slug}.pdf").pages[0].extract_text().splitlines()
        start = next(i for i, line in enumerate(lines) if title.startswith(line) and line)
        shown = [lines[start]]
        while "".join(shown) != title:
            shown.append(lines[start + len(shown)])
        assert len(shown[-1]) >= 3 or len(shown) == 1, shown


def test_a_table_before_the_last_paragraph_is_not_split_to_go_with_the_closing_block(minimal):
    # The closing block (objection, QR code, seal) takes the last paragraph over to the next page; with a table
    # before that paragraph, it took the table's last rows along, splitting a four-row table two and two (with
    # 13-15 items before it; with fewer, the table may start low enough on the page to be split for want of room).
    notices = minimal / "content/lanting/notices"
    source = (notices / "water-outage.md").read_text(encoding="utf-8")
    table = "\n| 服务 | 安排 |\n| --- | --- |\n" + "".join(f"| 行{n} | 照常 |\n" for n in "一二三四") + "\n"
    for count in range(10, 16):
        items = "".join(f"\n- 第{i}项：请各位业主提前储水，关好水龙头，来水后先放水片刻再使用。\n" for i in range(count))
        (notices / f"table-{count}.md").write_text(source.replace("title: 停水通知", f"title: 停水通知{count}") +
                                                   items + table + "家里老人需要帮助的，请告诉楼栋长。\n",
                                                   encoding="utf-8")
    assert build_site(minimal, pdfs=True).written
    split = []
    for count in range(10, 16):
        pages = [page.extract_text() for page in PdfReader(minimal / f"output/lanting/notices/table-{count}/"
                                                            f"table-{count}.pdf").pages]
        if not any(all(f"行{n}" in page for n in "一二三四") for page in pages):
            split.append(count)
    assert split == []


def test_a_notices_table_longer_than_a_page_is_still_printed_whole_over_pages(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    rows = "".join(f"| {n}号 | 照常 |\n" for n in range(1, 81))
    notice.write_text(notice.read_text(encoding="utf-8") + "\n| 房号 | 安排 |\n| --- | --- |\n" + rows, encoding="utf-8")
    assert build_site(minimal, pdfs=True).written
    pages = PdfReader(minimal / "output/lanting/notices/water-outage/water-outage.pdf").pages
    shown = re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))
    assert len(pages) >= 3 and all(f"{n}号照常" in shown for n in range(1, 81))
    assert all("房号" in page.extract_text() for page in pages[1:-1])  # the heading row on every page it spans


def test_the_mediation_counts_go_over_to_the_closing_blocks_page_whole(minimal):
    # With the closing block taking the last rows over, three quarters of counts were printed one and two.
    content = minimal / "content"
    card = ("  - category: 助老服务\n    provider: 孝心食堂{n}\n    offers: 老年人午餐、送餐上门、助浴、理发\n"
            "    schedule: 每天 11:00-12:30\n    place: 活动室\n    price: 每餐12元\n")
    mediation = "".join(f"  - {{period: 2026-Q{q}, received: 4, resolved: 3}}\n" for q in (1, 2, 3))
    for cards in range(9, 12):
        copy_compound(content, f"cards-{cards}")
        (content / f"cards-{cards}/services.yaml").write_text(
            "services:\n" + "".join(card.format(n=n) for n in range(cards)) + "mediation:\n" + mediation,
            encoding="utf-8")
    assert build_site(minimal, pdfs=True).written
    for cards in range(9, 12):
        pages = [page.extract_text() for page in PdfReader(minimal / f"output/cards-{cards}/services/services.pdf").pages]
        assert any(all(f"2026年第{q}季度" in page for q in "一二三") for page in pages), cards


def test_a_roster_with_a_long_name_stays_within_the_paper_and_its_short_names_whole(minimal, tmp_path):
    # An unbreakable name of nineteen characters squeezed the role column to two characters a line, and with
    # four columns the table ran off the paper's edge.
    rosters = minimal / "content/lanting/rosters.yaml"
    rosters.write_text(rosters.read_text(encoding="utf-8").replace("      - name: 孙三\n", (
        "      - {name: 阿卜杜热合曼·买买提依明·艾合买提江, role: 委员（负责老旧小区改造、加装电梯、停车管理和共有收益监督工作联络）}\n"
        "      - name: 孙三\n")), encoding="utf-8")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/committees/committees.pdf"
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(sheet), str(tmp_path / "page")], check=True)
    for page in sorted(tmp_path.glob("page-*.png")):
        image = Image.open(page).convert("L")
        margin = image.crop((image.width * 19 // 20, 0, image.width, image.height))  # the outer 10 mm
        assert margin.getextrema()[0] > 200, f"{page.name}: something is printed in the right margin"
    rows = PdfReader(sheet).pages[0].extract_text().splitlines()
    assert any(row.startswith("钱二") and "主任 · 1栋" in row for row in rows), rows  # a role not squeezed to two


def test_a_roster_is_printed_as_a_table_a_member_a_row_with_the_shared_term_said_once(minimal):
    # As cards, one to a row, twelve members took two and a half A4 pages; posted rosters are tables.
    rosters = minimal / "content/lanting/rosters.yaml"
    members = "".join(f"      - {{name: 委员{n:02}, role: 委员, building: {n}栋, term_start: 2024-05-01, "
                      f"term_end: 2029-04-30, phone: '1380000{n:04}'}}\n" for n in range(12))
    rosters.write_text(f"groups:\n  - name: 兰亭苑业主委员会\n    kind: owners_committee\n    members:\n{members}"
                       "  - name: 物业人员\n    kind: property_staff\n    members:\n"
                       "      - {name: 门卫甲, role: 门卫, term_start: 2026-01-01}\n      - {name: 门卫乙, role: 门卫}\n",
                       encoding="utf-8")
    assert build_site(minimal, pdfs=True).written
    sheet = minimal / "output/lanting/committees/committees.pdf"
    first = PdfReader(sheet).pages[0].extract_text()
    assert all(f"委员{n:02}" in first for n in range(12)), first  # all twenty on the first page
    rows = [line for line in first.splitlines() if line.startswith("委员")]
    assert rows[0].split() == ["委员00", "委员", "·", "0栋", "138****0000"]  # name, role and building, phone masked
    shown = text(sheet)
    assert shown.count("任期：2024年5月1日至2029年4月30日") == 1 and "2024年5月1日至2029年4月30日委员" not in shown
    # Where the members' terms differ, each row says its own, and a member without one leaves it blank.
    # A term with no end reads as one since its start, not 2026年1月1日至…, which read as text left out.
    assert "姓名职务任期" in shown and "门卫甲门卫2026年1月1日起" in shown and "门卫乙门卫门卫" not in shown


def test_a_sheet_is_printed_again_after_an_upgrade_of_any_part_that_prints_it():
    # Only WeasyPrint's and pydyf's versions counted: a new segno (the QR code), Pillow, pypdf (the board
    # pack) or system Pango left the cached sheets and packs standing.
    printed_by = pdf.fingerprint("Noto Sans CJK SC")
    for library in ("segno", "pillow", "pypdf", "fonttools", "tinycss2"):
        assert f"{library}-{importlib.metadata.version(library)}.dist-info" in printed_by.lower(), library
    assert "libpango-1.0.so" in printed_by and "libharfbuzz-subset.so" in printed_by


def test_the_sheets_key_is_the_same_whatever_the_users_path(monkeypatch):
    # ldconfig is in /sbin, which a user's PATH most often lacks: sheets printed by `serve` (run with one PATH)
    # and `build` (another) were keyed apart, and every sheet was printed again.
    with_sbin = pdf.fingerprint("Noto Sans CJK SC")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert pdf.fingerprint("Noto Sans CJK SC") == with_sbin


def test_a_csv_attachments_table_is_printed_on_the_notices_sheet_and_a_board_only_ones_on_the_boards_alone(minimal):
    assert build_site(minimal).written
    assert "施工进度表阶段日期设计2026-03" in text(minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf")
    edit(minimal / "content/lanting/notices/lift-consultation/index.md", "{file: schedule.csv, title: 施工进度表}",
         "{file: schedule.csv, title: 施工进度表, audience: board}")
    assert build_site(minimal).written
    web = (minimal / "output/lanting/notices/lift-consultation/index.html").read_text(encoding="utf-8")
    assert "施工进度表" not in web and "2026-03" not in web
    assert "设计2026-03" not in text(minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf")
    assert "阶段日期设计2026-03" in text(minimal / "print/lanting/notices/lift-consultation/lift-consultation.pdf")


def test_a_sheet_whose_document_did_not_change_is_the_same_file_on_another_day(minimal):
    assert run_cli(["publish", "--date", "2026-11-25"], minimal).exit_code == 0
    committees = minimal / "output/lanting/committees/committees.pdf"
    assert "2026年11月25日" in text(committees)  # a roster has no date of its own: the day it was published
    for day in (date(2026, 11, 26), date(2026, 11, 27)):
        result = build_site(minimal, day, cache=minimal / ".noticeboard-cache")  # as publish used
        assert result.written and result.sheets_rendered == 0 and result.board_changed == []
    assert "2026年11月25日" in text(committees)
    # Changed and not yet published, it is dated with the day it is printed, as it is then
    rosters = minimal / "content/lanting/rosters.yaml"
    rosters.write_text(rosters.read_text(encoding="utf-8").replace("钱二", "钱贰")
                       + "corrections:\n  - {date: 2026-11-28, note: 更正姓名用字}\n", encoding="utf-8")
    result = build_site(minimal, date(2026, 11, 28), cache=minimal / ".noticeboard-cache")  # as publish used
    assert result.board_changed == ["lanting/committees/committees.pdf"]
    assert "2026年11月28日" in text(committees) and "2026年11月25日" not in text(committees)


def test_a_cached_sheet_no_build_used_for_a_month_is_deleted_and_those_in_use_are_kept(minimal):
    cache = minimal / ".cache"
    assert build_site(minimal, cache=cache).written
    month_ago = time.time() - 31 * 24 * 3600
    for path in cache.glob("*.pdf"):  # as if printed a month ago
        os.utime(path, (month_ago, month_ago))
    stale = cache / f"{'0' * 64}.pdf"  # a version of a sheet no build prints any longer
    mine = cache / "会议记录.pdf"  # a file the cache did not write, in the folder --cache was given
    for path in (stale, mine):
        path.write_bytes(b"%PDF-")
        os.utime(path, (month_ago, month_ago))
    edit(minimal / "content/lanting/notices/water-outage.md", "全天停水", "上午停水")
    result = build_site(minimal, cache=cache)
    assert result.written and result.sheets_rendered == 1  # the edited notice's sheet; the others came from the cache
    assert not stale.exists() and mine.exists()
    mine.unlink()
    # The sheets used again are kept, those of the notice as it was and its board packs are not: the cache holds
    # what the site and the board print now.
    printed = {path.read_bytes() for folder in ("output", "print") for path in (minimal / folder).rglob("*.pdf")}
    assert {path.read_bytes() for path in cache.glob("*.pdf")} == printed


def test_a_quarter_issued_before_the_committee_now_serving_is_sealed_by_its_issuer_and_warned_without_one(minimal):
    # After an election, the sheets of past quarters were sealed in the new committee's name.
    edit(minimal / "content/lanting/compound.yaml", "  name: 兰亭苑业主委员会\n",
         "  name: 兰亭苑业主委员会（第二届）\n  term_start: 2026-05-01\n")
    stderr = run_cli(["check", "--date", "2026-11-25"], minimal).stderr
    assert ("content/lanting/finances/2026-Q1.yaml:20:1: warning: posting: issued on 2026-04-10, before "
            "兰亭苑业主委员会（第二届）'s term began on 2026-05-01: its sheet would be sealed in that committee's name"
            ) in stderr
    assert "2026-Q2.yaml" not in stderr and "2026-Q3.yaml" not in stderr
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "posting:", "issuer: 兰亭苑业主委员会（第一届）\nposting:")
    assert "issued on" not in run_cli(["check", "--date", "2026-11-25"], minimal).stderr
    assert build_site(minimal).written
    assert "兰亭苑业主委员会（第一届）（盖章）" in text(minimal / "output/lanting/finances/2026-q1/finance-2026-q1.pdf")
    assert "兰亭苑业主委员会（第二届）（盖章）" in text(minimal / "output/lanting/finances/2026-q2/finance-2026-q2.pdf")


def test_an_attached_table_too_wide_for_the_paper_is_fitted_to_it_not_cut_off(minimal):
    columns = range(10)
    (minimal / "content/lanting/notices/lift-consultation/schedule.csv").write_text(
        ",".join(f"列{n}" for n in columns) + "\n" + ",".join(f"3栋1单元{n:04d}" for n in columns) + "\n",
        encoding="utf-8-sig")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf"
    # The words on the paper, with where they end: text run off its edge is not among them.
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(sheet), "-"], capture_output=True,
                           text=True, check=True).stdout
    ends = {word: float(x_max) for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]+)</word>', boxes)}
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    assert "列9" in ends and ends["列9"] < width - 20  # within the margin


def test_an_address_part_too_long_for_a_line_breaks_after_a_hyphen_its_words_whole(minimal):
    # notices/maintenanc / e-fund-top-up-2026/: a resident typing it could not tell the two were one word.
    edit(minimal / "content/lanting/notices/water-outage.md", "pinned: true", "pinned: true\nslug: "
         "maintenance-fund-top-up-2026")
    assert build_site(minimal).written
    sheet = minimal / "output/lanting/notices/maintenance-fund-top-up-2026/maintenance-fund-top-up-2026.pdf"
    address = _address_lines(sheet)
    assert "".join(address) == "board.example.org/test/lanting/notices/maintenance-fund-top-up-2026/"
    assert len(address) > 2 and all(part.endswith(("/", "-")) for part in address), address


def test_a_board_only_attachment_is_not_said_to_be_online_on_the_sheet(minimal):
    notice = minimal / "content/lanting/notices/lift-consultation"
    rows = "".join(f"第{n}周,2026-03\n" for n in range(1, 202))  # too long to print: it is online alone
    (notice / "schedule.csv").write_text("\ufeff阶段,日期\n" + rows, encoding="utf-8")
    assert build_site(minimal).written
    assert "附件：施工进度表。请扫描下方二维码在网上查看。" in text(
        minimal / "print/lanting/notices/lift-consultation/lift-consultation.pdf")
    edit(notice / "index.md", "{file: schedule.csv, title: 施工进度表}",
         "{file: schedule.csv, title: 施工进度表, audience: board}")
    assert build_site(minimal).written
    sheet = text(minimal / "print/lanting/notices/lift-consultation/lift-consultation.pdf")
    assert "附件：施工进度表" in sheet and "网上查看。" not in sheet


def test_an_attachment_whose_table_is_printed_is_said_to_be_below_not_online(minimal):
    # 附件：…。请扫描下方二维码在网上查看。 stood over the very table it sent the reader online for.
    assert build_site(minimal).written
    sheet = text(minimal / "print/lanting/notices/lift-consultation/lift-consultation.pdf")
    assert "附件：施工进度表（见下表）施工进度表阶段日期" in sheet  # then its title over its table
    assert "网上查看。" not in sheet


def test_a_document_that_names_where_to_object_says_so_on_its_page_and_sheet(minimal):
    # An election's result is announced by its working group, and objections go to it: the box named the
    # owners' committee, or compound.yaml's, against the text above it.
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "category: 通知\n", "category: 通知\nobjections: {to: 兰亭苑换届筹备组, place: 社区居委会, phone: 13912345678}\n")
    assert build_site(minimal).written
    folder = minimal / "output/lanting/notices/water-outage"
    box = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".objection")
    for shown in (box.get_text(), text(folder / "water-outage.pdf")):
        assert "前向兰亭苑换届筹备组提出" in shown and "地点：社区居委会" in shown and "139****5678" in shown
        assert "13912345678" not in shown
    other = text(minimal / "output/lanting/notices/lift-consultation/lift-consultation.pdf")
    assert "前向兰亭苑业主委员会提出" in other
