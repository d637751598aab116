"""What residents see: the built pages, feed, sitemap and CSV of the minimal fixture."""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from markupsafe import Markup

from generator import markup
from generator.build import PROJECT_ROOT
from generator.render import (file_kind, file_size, longer_than_a_seal, relative_url, unbroken_brackets,
                              unbroken_figures, unbroken_ending, unbroken_text, with_compound)
from tests.conftest import add_maintenance_fund, build_site, copy_compound, edit, read_page, write_election

BASE = "https://board.example.org/test/"
ATOM = "{http://www.w3.org/2005/Atom}"


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", "", soup.get_text())


def test_a_file_is_said_to_be_what_opens_it_whatever_its_endings_case():
    assert [file_kind(name) for name in ("通知.PDF", "a.docx", "b.xlsx", "c.csv", "d.txt", "e.jpg", "f.amr", "g.mp4",
                                         "h.zip", "noending")] == [
        "PDF document", "Word document", "Spreadsheet", "Spreadsheet", "Text", "Picture", "Sound recording", "Video",
        "File", "File"]


def test_a_files_size_reads_as_a_phone_gives_it():
    assert [file_size(n) for n in (860, 35 * 1024 + 300, 1024 * 1024 * 6 // 5)] == ["860 B", "35 KB", "1.2 MB"]


def test_a_signers_name_is_set_smaller_from_thirteen_characters_so_that_it_stays_under_the_seal():
    assert not longer_than_a_seal("澄湖苑第二届业主委员会")  # 11 characters
    assert not longer_than_a_seal("澄湖苑第二届业主委员会办")  # 12
    assert longer_than_a_seal("澄湖苑小区第二届业主委员会")  # 13


def test_relative_urls_work_from_any_depth():
    assert relative_url("", "static/site.css") == "static/site.css"
    assert relative_url("a/notices/x/", "static/site.css") == "../../../static/site.css"
    assert relative_url("a/feed.xml", "a/") == "./"
    assert relative_url("a/finances/q/", "a/finances/q/ledger.csv") == "ledger.csv"
    assert relative_url("a/notices/", "a/notices/x/") == "x/"
    assert relative_url("a/", "") == "../"
    assert relative_url("", "") == "./"


def test_bracketed_parts_are_kept_on_one_line_and_everything_is_escaped():
    assert unbroken_brackets("兰亭苑业主委员会（第三届）& <b>") == \
        '兰亭苑业主委员会<span class="nowrap">（第三届）</span>&amp; &lt;b&gt;'


def test_a_titles_last_three_characters_stay_on_one_line_and_everything_is_escaped():
    assert unbroken_ending("启用对公账户的公告") == '启用对公账户<span class="nowrap">的公告</span>'
    assert unbroken_ending(Markup("A &amp; B 公告")) == 'A &amp; B<span class="nowrap"> 公告</span>'
    assert unbroken_ending("<b>") == "&lt;b&gt;"


def test_a_year_not_yet_complete_is_named_with_the_quarters_it_adds_up(built_minimal):
    overview = page(built_minimal, "lanting/finances")
    years = [a.select_one(".name").get_text() for a in overview.select("a.block") if a["href"] == "2026/"]
    assert years == ["2026年（仅第一季度、第二季度、第三季度）"]
    assert "本年度只公示了部分季度" in page(built_minimal, "lanting/finances/2026").select_one("main").get_text()


def test_a_years_line_gives_no_closing_balance_when_a_quarter_between_is_missing(minimal):
    # The year's page leaves it out, as no opening balance leads to it; the finances overview gave it all the same.
    def year_line() -> str:
        assert build_site(minimal, pdfs=False).written
        overview = page(minimal / "output", "lanting/finances")
        return next(a.select_one(".totals").get_text() for a in overview.select("a.block") if a["href"] == "2026/")
    assert year_line() == "收入¥10,200.50，支出¥6,550.00，期末余额¥13,650.50"
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()
    assert year_line() == "收入¥7,200.50，支出¥2,550.00"


def test_a_pages_title_says_first_what_the_page_is_in_few_characters_as_wechats_top_bar_cuts_it(built_minimal):
    # The district's home page was shared as "首页", a year's finances began with "2026年（仅第一季度、第二季度、
    # 第三季度）", and a vote named its compound twice.
    titles = {path: page(built_minimal, path).title.get_text() for path in (
        "", "lanting/finances/2026", "lanting/finances/2026-q3", "lanting/notices/water-outage")}
    site = page(built_minimal, "").select_one(".site-title").get_text()
    assert titles == {"": site, "lanting/finances/2026": f"兰亭苑2026年财务汇总 · {site}",
                      "lanting/finances/2026-q3": f"兰亭苑2026年第三季度财务公示 · {site}",
                      "lanting/notices/water-outage": f"停水通知 · 兰亭苑 · {site}"}


def test_a_documents_title_is_named_with_its_compound_unless_it_names_it_already():
    assert with_compound("停水通知", "兰亭苑") == "停水通知 · 兰亭苑"
    assert with_compound("兰亭苑第三届业主委员会选举", "兰亭苑") == "兰亭苑第三届业主委员会选举"


def test_finance_page_shows_computed_totals_shared_revenue_and_audit(built_minimal):
    soup = page(built_minimal, "lanting/finances/2026-q1")
    assert soup.h1.get_text() == "2026年第一季度财务公示"
    figures = {d.dt.get_text(): d.dd.get_text() for d in soup.select("dl.figures div")}
    assert figures == {"期初余额": "¥10,000.00", "收入": "¥4,200.50", "支出": "¥2,050.00", "期末余额": "¥12,150.50",
                       "共有收益净额": "¥1,200.50", "每平方米分红（约）": "¥0.025"}
    captions = [c.get_text() for c in soup.find_all("caption")]
    assert captions == ["收入", "支出", "共有部分经营收益", "共有收益分配"]
    assert [h.get_text() for h in soup.find_all("h2")] == ["收支明细", "共有收益", "审计", "异议"]
    income = soup.find_all("table")[0]
    assert income.find_previous(["h1", "h2"]).get_text() == "收支明细"
    assert income.tfoot.get_text(" ", strip=True) == "收入合计 ¥4,200.50"
    text = text_of(soup)
    assert "共有收益净额¥1,200.50" in text
    assert "按专有面积每平方米约¥0.025（共16,000.00平方米）。" in text
    assert "经审核，本季度收支凭证齐全，账实相符。" in text and "审计人：李四、周五" in text


@pytest.mark.parametrize(("amount", "said"), [("400.00", "每户¥2.00（共200户）。"),
                                             ("401.00", "每户¥2.00（共200户，分配后余¥1.00）。"),
                                             ("1.00", "每户¥0.00（共200户，分配后余¥1.00）。")])
def test_a_dividend_by_household_says_each_share_and_what_is_left_over(minimal, amount, said):
    # "每户约¥15.00" left 1.00 of 5,881.00 unsaid, and a share under a fen hid the sentence, basis and all.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "{kind: dividend, amount: 400.00}",
         f"{{kind: dividend, amount: {amount}, basis: household}}")
    subsidy = Decimal("1200.50") - Decimal(amount)  # the allocations add up to the net
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "amount: 800.50}", f"amount: {subsidy}}}")
    assert build_site(minimal, pdfs=False).written
    assert f"经业主大会决定按户分配，{said}" in text_of(page(minimal / "output", "lanting/finances/2026-q1"))


def test_a_quarters_maintenance_fund_shows_its_balances_and_what_allowed_each_use(minimal):
    add_maintenance_fund(minimal)
    assert build_site(minimal, pdfs=False).written
    # The compound's page gives the fund's balance beside the latest quarter's totals.
    assert "季末专项维修资金余额：¥419,910.00" in text_of(page(minimal / "output", "lanting"))
    soup = page(minimal / "output", "lanting/finances/2026-q3")
    section = soup.find("h2", string="专项维修资金")
    assert section.find_next("p").get_text() == ("存于某区物业专项维修资金专户。维修资金属于全体业主，经业主表决后用于共用部位、"
                                                 "共用设施设备的维修。")
    figures = {d.dt.get_text(): d.dd.get_text() for d in section.find_next("dl").select("div")}
    assert figures == {"期初余额": "¥500,000.00", "存入": "¥1,910.00", "使用": "¥82,000.00", "期末余额": "¥419,910.00"}
    deposits, uses = section.find_all_next("table")[:2]
    assert deposits.caption.get_text() == "维修资金存入明细"
    assert deposits.tfoot.get_text(" ", strip=True) == "存入合计 ¥1,910.00"
    for date_above in uses.select(".date-above"):  # the date again, shown on a narrow screen instead of its column
        date_above.decompose()
    rows = [row.get_text(" ", strip=True) for row in uses.tbody.find_all("tr")]
    assert rows == ["9月25日 1栋屋面维修 业主表决同意： 关于使用专项维修资金维修1栋屋面 的表决 ¥80,000.00",
                    "8月2日 2栋电梯主机抢修 应急维修，先行使用：电梯困人，主机烧毁 ¥2,000.00"]
    assert uses.find("a")["href"] == "../../votes/roof-repair/"
    assert uses.tfoot.get_text(" ", strip=True) == "使用合计 ¥82,000.00"


def test_a_finance_charts_labels_and_amounts_are_text_beside_bars_drawn_inline(built_minimal):
    soup = page(built_minimal, "lanting/finances/2026-q1")
    charts = soup.select("figure.chart")
    assert [c.figcaption.get_text() for c in charts] == ["收入分类", "支出分类"]
    rows = charts[0].select("ul.bars > li")
    assert [row.get_text() for row in rows] == ["物业费 ¥3,000.00", "共有收益 ¥1,200.50"]
    assert [row.find("rect")["width"] for row in rows] == ["100.0", "40.0"]
    assert not any(chart.find("script") for chart in charts)


def test_the_not_found_page_claims_no_address_of_its_own(built_minimal):
    # It named 404.html as the canonical address of every address that has no page.
    soup = BeautifulSoup((built_minimal / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert page(built_minimal, "lanting").find("link", rel="canonical")["href"] == BASE + "lanting/"


def test_a_ledger_lines_category_is_kept_whole_on_a_narrow_screen(built_minimal):
    # 共有收益-停 | 车 broke at the screen's edge on every line of a ledger.
    soup = page(built_minimal, "lanting/finances/2026-q1")
    assert {"物业费 ·", "凭证号"} <= {span.get_text() for span in soup.select("table .sub span.whole")}


def test_finance_csv_matches_the_ledger(built_minimal):
    raw = (built_minimal / "lanting/finances/2026-q1/ledger-2026-q1.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["类型", "日期", "类别", "摘要", "金额", "凭证号"]
    assert rows[1:] == [["收入", "2026-01-10", "物业费", "1月物业费", "3000.00", "记-2026-001"],
                        ["收入", "2026-02-10", "共有收益", "停车费", "1200.50", "记-2026-002"],
                        ["支出", "2026-03-01", "保洁", "保洁服务费", "2050.00", "记-2026-003"]]
    soup = page(built_minimal, "lanting/finances/2026-q1")
    assert soup.find("a", attrs={"download": True})["href"] == "ledger-2026-q1.csv"


def test_a_ledger_cell_written_as_a_formula_is_downloaded_as_text_a_spreadsheet_does_not_run(minimal):
    quarter = minimal / "content/lanting/finances/2026-Q1.yaml"
    edit(quarter, "description: 停车费", 'description: "=HYPERLINK(\\"https://evil.example/\\",\\"点击查看凭证\\")"')
    edit(quarter, "voucher: 记-2026-003", "voucher: '@SUM(1+1)'")
    assert build_site(minimal, pdfs=False).written
    raw = (minimal / "output/lanting/finances/2026-q1/ledger-2026-q1.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[2][3] == "'=HYPERLINK(\"https://evil.example/\",\"点击查看凭证\")"
    assert rows[3][5] == "'@SUM(1+1)"
    assert rows[1][3] == "1月物业费"  # the others as written


def test_notice_page_has_text_without_stray_spaces_and_its_attachment(built_minimal):
    soup = page(built_minimal, "lanting/notices/water-outage")
    assert soup.h1.get_text() == "停水通知"
    assert "小区将于11月28日全天停水，请各位业主提前储水。" in soup.select_one(".prose p").get_text()
    assert soup.select_one(".prose h2").get_text() == "注意事项"
    lift = page(built_minimal, "lanting/notices/lift-consultation")
    link = lift.find("a", href="schedule.csv")
    assert link and "施工进度表" in link.get_text()
    size = (built_minimal / "lanting/notices/lift-consultation/schedule.csv").stat().st_size
    # what it is, not its file name (often pinyin), and its size, before a phone downloads it
    assert link.select_one(".sub").get_text() == f"表格 · {size} B"
    assert (built_minimal / "lanting/notices/lift-consultation/schedule.csv").read_text(encoding="utf-8-sig").startswith("阶段")


def test_a_page_whose_posting_has_ended_says_so_instead_of_inviting_objections(built_minimal):
    ended = text_of(page(built_minimal, "lanting/notices/lift-consultation").select_one(".objection"))
    assert "公示期已于2026年3月16日结束，对本公示的异议应在此前提出。" in ended and "如有异议" not in ended
    quarter = text_of(page(built_minimal, "lanting/finances/2026-q3").select_one(".objection"))
    assert "公示期已于2026年10月24日结束" in quarter
    current = text_of(page(built_minimal, "lanting/notices/water-outage").select_one(".objection"))
    assert "如有异议，请于2026年12月5日（含当日）前" in current and "结束" not in current


def test_titles_on_the_verify_calendar_and_revisions_pages_keep_their_last_three_characters_together(built_minimal):
    for path, selector in (("lanting/verify", "#codes td a"), ("lanting/calendar", ".card .name")):
        titles = page(built_minimal, path).select(selector)
        assert titles and all(t.select(".nowrap")[-1].get_text() == t.get_text()[-3:] for t in titles), path


def test_compound_home_gives_the_committees_term_and_the_managers_kind_contract_and_phone(minimal):
    # compound.yaml's term, contract end and the manager's phone were checked, then published nowhere.
    profile = minimal / "content/lanting/compound.yaml"
    edit(profile, "  name: 兰亭苑业主委员会\n", "  name: 兰亭苑业主委员会\n  term_start: 2024-05-01\n  term_end: 2029-04-30\n")
    edit(profile, "kind: company,", "kind: company, contract_until: 2027-06-30,")
    assert build_site(minimal, pdfs=False).written
    facts = {row.dt.get_text(): [part.get_text(strip=True) for part in row.dd.select(".sub")]
             for row in page(minimal / "output", "lanting").select("dl.facts > div")}
    assert facts["业主委员会"] == ["已登记为民办非企业单位，登记证号：52500000TEST00001X", "任期：2024年5月1日至2029年4月30日"]
    assert facts["物业服务"] == ["物业服务企业，合同期至2027年6月30日", "电话：023-41560000"]
    # `built:`, which `new compound` asks for, was published nowhere.
    completed = page(minimal / "output", "lanting").find("dt", string="建成")
    assert completed.find_next("dd").get_text() == "1998年"


def test_compound_home_shows_what_is_on_the_board_on_the_build_date(built_minimal):
    soup = page(built_minimal, "lanting")
    posted = soup.find("h2", string="公告栏正在张贴").find_next("ul")
    names = [a.select_one(".name") for a in posted.find_all("a")]
    assert [name.get_text(strip=True) for name in names] == ["置顶停水通知"]
    assert posted.select_one(".sub").get_text() == "张贴至2026年12月5日（含当日）"  # as the objection box counts it
    assert names[0].select_one(".nowrap").get_text() == "水通知"  # as on its page: no last character alone
    text = text_of(soup)
    assert "2026年第三季度" in text and "¥13,650.50" in text
    assert "业委会主任：钱二" in text and "138****1111" in text and "13800001111" not in text
    assert soup.find("a", href="tel:02341560000").get_text() == "023-41560000"


def test_a_quarter_and_a_vote_on_the_board_are_listed_as_posted_on_the_home_and_their_own_lists(minimal):
    # While a quarter's accounts were up for objections, the compound's home said nothing was posted.
    assert build_site(minimal, date(2026, 10, 15), pdfs=False).written
    home = page(minimal / "output", "lanting").find("h2", string="公告栏正在张贴").find_next("ul")
    assert [li.get_text() for li in home.find_all("li")] == [
        "2026年第三季度财务公示张贴至2026年10月24日（含当日）",
        "关于使用专项维修资金维修1栋屋面的表决已通过 · 张贴至2026年10月19日（含当日）"]
    assert home.find("a")["href"] == "finances/2026-q3/"
    quarters = [li.get_text() for li in page(minimal / "output", "lanting/finances").select("ul.list li")]
    assert quarters[0].endswith("张贴中") and not quarters[1].endswith("张贴中")
    votes = page(minimal / "output", "lanting/votes").select_one("ul.list li").get_text()
    assert votes.endswith("已通过 · 张贴中")
    card = page(minimal / "output", "").find("a", href="lanting/")
    assert "公告栏张贴中：2项" in [sub.get_text() for sub in card.select(".sub")]  # the district's office sees it too
    assert build_site(minimal, date(2026, 10, 25), pdfs=False).written
    assert "张贴中" not in page(minimal / "output", "").find("a", href="lanting/").get_text()
    home = page(minimal / "output", "lanting").find("h2", string="公告栏正在张贴").find_next("ul")
    assert home.get_text(strip=True) == "公告栏目前没有张贴的内容。"
    assert "张贴中" not in page(minimal / "output", "lanting/votes").get_text()


def test_the_board_packs_link_on_the_home_says_what_to_do_when_wechat_cannot_open_it(built_minimal):
    # The only PDF link without the hint: Android's WeChat opened it to a blank screen.
    link = page(built_minimal, "lanting").find("a", href="board-pack.pdf")
    assert link.get_text() == "打印当前公示的全部内容（PDF）"
    assert link.find_next("p").get_text() == "本页的文件在微信里打不开时，请点右上角“···”，选择“在浏览器打开”。"


def test_the_votes_page_lists_the_owners_assemblies_to_come_before_the_results(minimal):
    # A resident who tapped 表决 for the vote under way found two past results, and concluded there was none.
    edit(minimal / "content/lanting/notices/water-outage.md", "category: 通知", "category: 业主大会\nassembly: 2026-12-12")
    assert build_site(minimal, pdfs=False).written
    votes = page(minimal / "output", "lanting/votes")
    assert [h2.get_text() for h2 in votes.select("main h2")] == ["即将召开的业主大会", "表决和选举结果"]
    coming = votes.select_one("main h2").find_next("li")
    assert coming.get_text() == "停水通知会议日期：2026年12月12日"
    assert coming.a["href"] == "../notices/water-outage/"
    # Once it has met, its result is awaited, by a day the calendar gives.
    assert build_site(minimal, date(2026, 12, 13), pdfs=False).written
    votes = read_page(minimal / "output/lanting/votes/index.html")
    assert [h2.get_text() for h2 in votes.select("main h2")] == ["已召开、尚未公示表决结果的业主大会", "表决和选举结果"]
    assert votes.select_one("main h2").find_next("li").get_text(" ", strip=True) == \
        "2026年12月12日业主大会的表决结果 待公示 应于2026年12月15日（含当日）前公示 会议通知： 停水通知"
    # A compound's first assembly comes before any vote is counted: the page, and its tab, are there for it.
    shutil.rmtree(minimal / "content/lanting/votes")
    assert build_site(minimal, pdfs=False).written
    votes = page(minimal / "output", "lanting/votes")
    assert votes.select_one("main h2").find_next("li").get_text() == "停水通知会议日期：2026年12月12日"
    assert votes.select("main ul.list")[-1].get_text(strip=True) == "尚无已计票的表决或选举。"
    assert page(minimal / "output", "lanting").find("a", href="votes/").get_text() == "表决"


def test_compound_home_gives_the_fees_and_their_rates(minimal):
    # "Did my service charge go up?" had no answer on the site; the Civil Code asks for the fees' items and rates.
    edit(minimal / "content/lanting/compound.yaml", "party:", "fees:\n  - {item: 物业服务费, rate: 1.50元/㎡·月, "
         "since: 2025-01-01, basis: 2024年业主大会决定}\n  - {item: 地面停车位, rate: 100元/月}\nparty:")
    assert build_site(minimal, pdfs=False).written
    fees = page(minimal / "output", "lanting").find("h2", string="收费项目和标准").find_next("dl")
    assert [(div.dt.get_text(), [part.get_text() for part in div.dd.select(".sub")]) for div in fees.select("div")] \
        == [("物业服务费", ["自2025年1月1日起执行", "2024年业主大会决定"]), ("地面停车位", [])]
    assert fees.select("dd")[0].contents[0] == "1.50元/㎡·月"


def test_committees_page_lists_the_party_chain_and_masks_phones(built_minimal):
    soup = page(built_minimal, "lanting/committees")
    assert [li.get_text() for li in soup.select("ol.chain li")] == ["测试街道党工委", "兰亭社区党委", "兰亭苑小区党支部"]
    names = [p.get_text(" ", strip=True) for p in soup.select(".card .name")]
    assert "钱二 党员" in names and "孙三" in names
    # A masked number looked dialable, and was read out star by star: it says it is not public, to every reader.
    assert "电话：138****1111（号码不公开）" in text_of(soup)
    assert soup.find(string="（号码不公开）").parent["class"] == ["unlisted"]


def test_services_are_grouped_by_category(built_minimal):
    soup = page(built_minimal, "lanting/services")
    assert [h.get_text() for h in soup.find_all("h2")] == ["矛盾调解", "助老服务", "流动联调站：各季度调解情况"]
    assert "每周二 9:00-11:30" in soup.get_text()


def test_district_home_lists_compounds_and_their_latest_notices_votes_and_finances(built_minimal):
    soup = page(built_minimal, "")
    assert soup.find("a", href="lanting/").get_text(" ", strip=True).startswith("兰亭苑")
    # Notices alone were listed: a vote's result, or a quarter's finances, never reached the district's page.
    assert [(a.select_one(".name").get_text(), a["href"]) for a in soup.select("#latest + ul.list a")] == [
        ("停水通知", "lanting/notices/water-outage/"), ("2026年第三季度财务公示", "lanting/finances/2026-q3/"),
        ("关于使用专项维修资金维修1栋屋面的表决", "lanting/votes/roof-repair/"),
        ("2026年第二季度财务公示", "lanting/finances/2026-q2/"), ("2026年第一季度财务公示", "lanting/finances/2026-q1/"),
        ("加装电梯意见征询", "lanting/notices/lift-consultation/")]


def test_a_district_of_several_streets_lists_its_compounds_by_street_with_a_jump_to_each(minimal):
    # 100 compounds in one list of 16 screens, and WeChat has no find-in-page.
    copy_compound(minimal / "content", "lanting-b")
    edit(minimal / "content/lanting-b/compound.yaml", "name: 兰亭苑", "name: 兰亭苑二期")
    edit(minimal / "content/lanting-b/compound.yaml", "address: 测试区兰亭路1号", "address: 测试区南山街道兰亭路2号")
    assert build_site(minimal, pdfs=False).written
    soup = page(minimal / "output", "")
    assert [a.get_text() for a in soup.select("nav.jump a")] == ["南山街道", "未注明街道（镇）", "最新发布"]
    assert [(h.get("id"), h.get_text()) for h in soup.select("h3")] == [
        ("street-1", "南山街道"), ("street-2", "未注明街道（镇）")]
    assert soup.select_one("#street-1 + ul.cards .name").get_text() == "兰亭苑二期"
    # Under its street's heading, the address begins after the street; under none, it is whole.
    assert [card.select_one(".sub").get_text() for card in soup.select("ul.cards li.card")] == [
        "兰亭路2号 · 200户", "测试区兰亭路1号 · 200户"]
    assert soup.find(id="latest").name == "h2"
    one_street = page(minimal / "output", "lanting")  # a compound's own pages are as before
    assert one_street.select("nav.jump") == []


def test_a_district_of_one_street_gives_each_address_whole_as_it_has_no_street_heading(minimal):
    edit(minimal / "content/lanting/compound.yaml", "address: 测试区兰亭路1号", "address: 测试区南山街道兰亭路1号")
    assert build_site(minimal, pdfs=False).written
    soup = page(minimal / "output", "")
    assert soup.select("h3") == [] and soup.select_one("ul.cards .sub").get_text() == "测试区南山街道兰亭路1号 · 200户"


def test_the_district_home_lists_the_compounds_with_overdue_disclosures_longest_overdue_first(minimal):
    # A red line inside 7 of 100 cards, on a page of 17 screens, was all the district's office could see.
    for slug, quarter in (("lanting-b", "2026-Q3"), ("lanting-c", "2026-Q2")):
        copy_compound(minimal / "content", slug)
        edit(minimal / f"content/{slug}/compound.yaml", "name: 兰亭苑", f"name: 兰亭苑{slug[-1].upper()}区")
        later = sorted((minimal / f"content/{slug}/finances").glob("*.yaml"))
        for file in later[later.index(minimal / f"content/{slug}/finances/{quarter}.yaml"):]:
            file.unlink()
    assert build_site(minimal, pdfs=False).written
    soup = page(minimal / "output", "")
    top = soup.select_one("a.more.overdue")
    assert (top.get_text(), top["href"]) == ("逾期未公示：2个小区", "#overdue")
    assert soup.find(id="overdue").get_text() == "逾期未公示的小区"
    listed = soup.select("#overdue + ul.list a")
    assert [(a["href"], [part.get_text() for part in a.select(".name, .sub")]) for a in listed] == [
        ("lanting-c/calendar/", ["兰亭苑C区", "逾期未公示：2项", "最早一项应于2026年7月30日（含当日）前公示"]),
        ("lanting-b/calendar/", ["兰亭苑B区", "逾期未公示：1项", "应于2026年10月30日（含当日）前公示"])]  # one: no 最早
    assert page(minimal / "output", "lanting-c/calendar").get_text().count("逾期未公示") == 2


def test_a_compound_that_never_published_its_finances_is_listed_first_among_the_overdue(minimal):
    # Its calendar starts with the last quarter, so it counted 1 overdue and came after one that missed two.
    for slug, kept in (("lanting-b", 1), ("lanting-c", 0)):
        copy_compound(minimal / "content", slug)
        edit(minimal / f"content/{slug}/compound.yaml", "name: 兰亭苑", f"name: 兰亭苑{slug[-1].upper()}区")
        for file in sorted((minimal / f"content/{slug}/finances").glob("*.yaml"))[kept:]:
            file.unlink()
    assert build_site(minimal, pdfs=False).written
    listed = page(minimal / "output", "").select("#overdue + ul.list a")
    assert [[part.get_text() for part in a.select(".name, .sub")] for a in listed] == [
        ["兰亭苑C区", "逾期未公示：1项", "尚未公示过任何一个季度的财务", "应于2026年10月30日（含当日）前公示"],
        ["兰亭苑B区", "逾期未公示：2项", "最早一项应于2026年7月30日（含当日）前公示"]]


def test_a_district_without_overdue_disclosures_says_nothing_of_them(built_minimal):
    soup = page(built_minimal, "")
    assert soup.find(id="overdue") is None and "逾期" not in soup.get_text()


def test_the_notices_page_gives_the_feeds_address_to_copy_not_a_link_that_opens_raw_xml(built_minimal):
    # A bold 订阅公告更新 opened the feed's XML on a phone, which a resident takes for a broken page.
    soup = page(built_minimal, "lanting/notices")
    assert soup.select("main a[href$='feed.xml']") == []
    assert soup.select_one(".feed-address .url").get_text() == BASE + "lanting/feed.xml"
    assert soup.find("link", rel="alternate", type="application/atom+xml")["href"] == "../feed.xml"


def test_atom_feed_lists_notices_votes_and_finances_newest_first_with_absolute_links(built_minimal):
    # The quarters' finances, the main disclosure, were missing, and votes came after every notice.
    feed = ET.parse(built_minimal / "lanting/feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text == "兰亭苑公告"
    assert feed.find(f"{ATOM}updated").text == "2026-11-20T00:00:00+08:00"
    entries = feed.findall(f"{ATOM}entry")
    assert [(e.find(f"{ATOM}updated").text[:10], e.find(f"{ATOM}title").text) for e in entries] == [
        ("2026-11-20", "停水通知"), ("2026-10-10", "2026年第三季度财务公示"),
        ("2026-10-09", "关于使用专项维修资金维修1栋屋面的表决"), ("2026-07-10", "2026年第二季度财务公示"),
        ("2026-04-10", "2026年第一季度财务公示"), ("2026-03-02", "加装电梯意见征询")]
    assert entries[2].find(f"{ATOM}summary").text.startswith("已通过：")
    assert "期末余额" in entries[1].find(f"{ATOM}content").text
    assert entries[0].find(f"{ATOM}id").text == BASE + "lanting/notices/water-outage/"
    assert entries[0].find(f"{ATOM}updated").text == "2026-11-20T00:00:00+08:00"
    assert "全天停水" in entries[0].find(f"{ATOM}content").text
    # A link or picture in a notice's text is to a file beside its page: a reader resolves it against xml:base.
    assert entries[5].find(f"{ATOM}content").get("{http://www.w3.org/XML/1998/namespace}base") == (
        BASE + "lanting/notices/lift-consultation/")


def test_a_corrected_notice_comes_back_to_the_top_of_the_feeds_with_its_correction_and_attachments(minimal):
    # The text changed in the feed unseen: its entry kept the notice's day, and the correction was not in it.
    notice = minimal / "content/lanting/notices/lift-consultation/index.md"
    edit(notice, "\n---\n", "\ncorrections: [{date: 2026-11-22, note: 征询截止日期延后一周。}]\n---\n")
    assert build_site(minimal).written
    entries = ET.parse(minimal / "output/lanting/feed.xml").getroot().findall(f"{ATOM}entry")
    assert [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}updated").text[:10]) for e in entries[:2]] == [
        ("加装电梯意见征询", "2026-11-22"), ("停水通知", "2026-11-20")]
    content = entries[0].find(f"{ATOM}content").text
    assert "征询截止日期延后一周。" in content
    assert f'<a href="{BASE}lanting/notices/lift-consultation/schedule.csv">施工进度表</a>' in content
    # So does the district's feed, for its office, and its home page's latest notices, which say when, and
    # which of them are on the board now, as the compound's own list does.
    district = ET.parse(minimal / "output/feed.xml").getroot()
    assert district.find(f"{ATOM}updated").text[:10] == "2026-11-22"
    assert [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}updated").text[:10])
            for e in district.findall(f"{ATOM}entry")][:2] == [("兰亭苑：加装电梯意见征询", "2026-11-22"),
                                                               ("兰亭苑：停水通知", "2026-11-20")]
    assert [item.get_text() for item in page(minimal / "output", "").select("#latest + ul li")][:2] == [
        "加装电梯意见征询兰亭苑 · 2026年3月2日 · 2026年11月22日更正", "停水通知兰亭苑 · 2026年11月20日 · 张贴中"]


def test_a_corrected_document_says_so_in_its_compounds_lists_as_in_the_districts(minimal):
    # Only the district's list said 更正: the compound's own lists, where its residents look, did not.
    edit(minimal / "content/lanting/notices/water-outage.md", "\n---\n",
         "\ncorrections: [{date: 2026-11-22, note: 停水时间改为上午。}]\n---\n")
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "opening_balance:",
         "corrections: [{date: 2026-11-23, note: 更正一笔支出的凭证号。}]\nopening_balance:")
    assert build_site(minimal).written
    listed = [li.get_text() for li in page(minimal / "output", "lanting/notices").select("ul.list li")]
    assert "停水通知2026年11月20日 · 2026年11月22日更正 · 通知 · 张贴中" in listed
    assert "加装电梯意见征询2026年3月2日 · 公示" in listed  # not corrected: nothing said
    home = page(minimal / "output", "lanting").find("h2", string="公告栏正在张贴").find_next("ul").get_text()
    assert "张贴至2026年12月5日（含当日） · 2026年11月22日更正" in home
    quarters = [li.get_text() for li in page(minimal / "output", "lanting/finances").select("ul.list li")]
    assert quarters[0].startswith("2026年第三季度") and quarters[0].endswith("2026年11月23日更正")
    assert not quarters[1].endswith("更正")
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    vote.write_text("corrections: [{date: 2026-11-24, note: 更正一处错字。}]\n" + vote.read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert build_site(minimal).written
    assert "2026年11月24日更正" in page(minimal / "output", "lanting/votes").select_one("ul.list li").get_text()


def test_a_document_corrected_on_its_own_day_says_so_in_the_districts_list_as_in_its_compounds(minimal):
    # The district's list judged by a later day alone: a correction of the notice's own day went unsaid there.
    edit(minimal / "content/lanting/notices/lift-consultation/index.md", "\n---\n",
         "\ncorrections: [{date: 2026-03-02, note: 更正征询截止日期。}]\n---\n")
    assert build_site(minimal).written
    listed = [item.get_text() for item in page(minimal / "output", "").select("#latest + ul li")]
    assert "加装电梯意见征询兰亭苑 · 2026年3月2日 · 2026年3月2日更正" in listed, listed
    notices = [li.get_text() for li in page(minimal / "output", "lanting/notices").select("ul.list li")]
    assert "加装电梯意见征询2026年3月2日 · 2026年3月2日更正 · 公示" in notices, notices


def test_sitemap_lists_every_page_with_canonical_urls(built_minimal):
    urls = [loc.text for loc in ET.parse(built_minimal / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = sorted(p.parent.relative_to(built_minimal).as_posix() for p in built_minimal.rglob("index.html"))
    assert sorted(u.removeprefix(BASE).rstrip("/") for u in urls) == sorted(p if p != "." else "" for p in pages)
    soup = page(built_minimal, "lanting/notices/water-outage")
    assert soup.find("link", rel="canonical")["href"] == BASE + "lanting/notices/water-outage/"


def _html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_every_page_is_semantic_html(built_minimal):
    for path in _html_pages(built_minimal):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == "zh-CN", path
        assert len(soup.find_all("h1")) == 1, path
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path, levels)
        for table in soup.find_all("table"):
            assert table.caption and table.find("th"), path
        assert all(img.get("alt") for img in soup.find_all("img")), path


def stylesheet(built: Path, path: str = "") -> Path:
    """The stylesheet the page at `path` links to."""
    page_file = built / path / "index.html"
    link = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser").find("link", rel="stylesheet")
    return (page_file.parent / link["href"]).resolve()


def test_every_page_links_the_stylesheet_by_a_name_that_changes_with_its_rules(built_minimal):
    # WeChat keeps a stylesheet for days: under the same name, new pages were laid out with old rules.
    css = stylesheet(built_minimal)
    assert re.fullmatch(r"site\.[0-9a-f]{10}\.css", css.name)
    assert css.read_bytes() == (PROJECT_ROOT / "templates/static/site.css").read_bytes()
    assert all(stylesheet(built_minimal, path) == css for path in ["lanting", "lanting/notices/water-outage"])
    assert [file.name for file in (built_minimal / "static").iterdir()] == [css.name]


def test_every_page_with_its_css_stays_under_50_kb(built_minimal):
    css = stylesheet(built_minimal).stat().st_size
    for path in _html_pages(built_minimal):
        assert path.stat().st_size + css <= 50 * 1024, path


def test_nothing_is_loaded_from_other_hosts(built_minimal):
    for path in _html_pages(built_minimal):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not re.match(r"^(https?:)?//", value), (path, value)


def test_an_english_site_is_a_setting(minimal):
    site_yaml = minimal / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    assert build_site(minimal).written
    soup = page(minimal / "output", "lanting/finances/2026-q1")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text() == "Finances, 2026 Q1"
    assert "Opening balance" in soup.get_text() and "期初余额" not in soup.get_text()
    assert "CN¥4,200.50" in soup.get_text()


def test_vote_page_shows_the_outcome_and_each_test_against_its_threshold(built_minimal):
    soup = page(built_minimal, "lanting/votes/roof-repair")
    assert soup.select_one(".outcome").get_text(" ", strip=True) == "表决结果：通过。"
    rows = [tr.get_text(" ", strip=True) for tr in soup.select("table.tests tbody tr")]
    # In words with their units: "150 / 200" was read out as 斜杠, and said not what it counted.
    assert rows == ["参与表决的业主人数占总人数 200人中150人 75.00% 须三分之二以上 达到",
                    "参与表决的专有面积占总面积 16,000.00 平方米中 11,980.00 平方米 74.88% 须三分之二以上 达到",
                    "同意的业主人数占参与表决人数 150人中120人 80.00% 须过半数 达到",
                    "同意的专有面积占参与表决面积 11,980.00 平方米中 9,700.00 平方米 80.97% 须过半数 达到"]
    text = text_of(soup)
    assert "使用建筑物及其附属设施的维修资金（民法典第二百七十八条第一款第（五）项）" in text and "《中华人民共和国民法典》第二百七十八条" in text
    assert "计票人：钱二；监票人：李四。" in text
    assert "公示期2026年10月9日至2026年10月19日" in text  # which the objection deadline depends on
    assert soup.find("a", string="全部表决与选举")["href"] == "../"
    captions = [caption.get_text(strip=True) for caption in soup.select("table.tests caption")]
    assert captions == ["参与表决情况（达到以下比例，表决才有效）",
                        # A condition, not an outcome: 表决通过：… headed it, under a result of 未通过 too.
                        "通过条件：须经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意"]


def test_the_counts_notes_follow_its_sentence_as_chinese_is_written_without_a_space(minimal):
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    vote.write_text(vote.read_text(encoding="utf-8").replace(
        "supervised_by: [李四]}", "supervised_by: [李四], notes: 纸质票当众开箱计票。}"), encoding="utf-8")
    assert build_site(minimal, pdfs=False).written
    assert "计票人：钱二；监票人：李四。纸质票当众开箱计票。" in page(minimal / "output", "lanting/votes/roof-repair").get_text()


def test_a_charts_caption_heads_its_bars(built_minimal):
    for chart in page(built_minimal, "lanting/finances/2026-q1").select("figure.chart"):
        assert chart.find(True).name == "figcaption"


def test_year_page_adds_up_its_quarters(built_minimal):
    soup = page(built_minimal, "lanting/finances/2026")
    figures = {d.dt.get_text(): d.dd.get_text() for d in soup.select("dl.figures div")}
    # Each balance says its day: a year whose first quarter published is its fourth opens on 1 October.
    assert figures == {"期初余额（2026年1月1日）": "¥10,000.00", "收入": "¥10,200.50", "支出": "¥6,550.00",
                       "期末余额（2026年9月30日）": "¥13,650.50", "共有收益净额": "¥1,200.50"}
    trend = page(built_minimal, "lanting/finances")
    assert [f.figcaption.get_text() for f in trend.select("figure.chart")] == ["收入", "支出", "期末余额", "共有收益净额"]
    assert len(trend.select("figure.chart")[0].find_all("rect")) == 3


def test_a_trend_charts_quarters_are_named_in_text_under_its_columns_not_in_the_drawing(built_minimal):
    trend = page(built_minimal, "lanting/finances")
    for chart in trend.select("figure.chart"):
        assert not chart.svg.find("text")  # text in the drawing grows with its width, not with the text size
        assert [n.get_text() for n in chart.select(".column-numbers span")] == ["1", "2", "3"]
        assert [n.get_text() for n in chart.select(".column-span > span")] == ["2026年第一季度", "2026年第三季度"]
    assert "柱下数字为当年第几季度" in trend.get_text()


def test_a_trend_charts_figures_are_in_the_list_above_it_and_the_drawing_is_hidden_from_screen_readers(
        built_minimal):
    # The amounts were only in the columns' tooltips, which a phone never shows and a screen reader skipped, and
    # the net shared revenue of each quarter, which the last chart draws, was nowhere on the page as text.
    trend = page(built_minimal, "lanting/finances")
    for chart in trend.select("figure.chart svg"):
        assert chart["aria-hidden"] == "true" and not chart.find("title")
    lines = [text_of(item) for item in trend.find("h1").find_next("ul").select("li")]
    # Q3, Q2, Q1: only a quarter that declares shared revenue says how much (¥0.00 read as declared none)
    assert [line.split("共有收益净额")[1:] for line in lines] == [[], [], ["¥1,200.50"]]


def test_the_sections_tab_is_the_current_page_only_on_the_sections_own_page(built_minimal):
    # On a notice's page the tab 公告 said "current page" to a screen reader.
    def current(path: str) -> list[tuple[str, str]]:
        return [(a.get_text(), a["aria-current"]) for a in page(built_minimal, path).select(".compound-nav a")
                if a.has_attr("aria-current")]
    assert current("lanting/notices") == [("公告", "page")]
    assert current("lanting/notices/water-outage") == [("公告", "true")]
    assert current("lanting/finances/2026-q3") == [("财务公示", "true")]


def test_a_documents_files_say_how_to_open_them_when_wechat_cannot(built_minimal):
    # WeChat's own browser often opens neither a PDF nor a CSV table, and says nothing helpful.
    for path in ("lanting/notices/lift-consultation", "lanting/finances/2026-q3", "lanting/votes/roof-repair"):
        print_version = page(built_minimal, path).select_one(".print-version")
        assert print_version.find_next_sibling("p").get_text() == \
            "本页的文件在微信里打不开时，请点右上角“···”，选择“在浏览器打开”。", path


def test_how_to_object_is_a_heading_of_its_page(built_minimal):
    # It was a bold line, which heading navigation passed over.
    box = page(built_minimal, "lanting/notices/water-outage").select_one(".objection")
    assert box.find("h2").get_text() == "异议"


def test_services_page_shows_mediation_counts_and_success_rate(built_minimal):
    soup = page(built_minimal, "lanting/services")
    rows = [tr.get_text(" ", strip=True) for tr in soup.select("table tbody tr")]
    assert rows == ["2026年第二季度 4 3 75.0%", "2026年第三季度 0 0 —"]
    from tests.test_pdf import text  # the sheet, which carries the same code, shows them too

    assert "2026年第二季度4375.0%2026年第三季度00—" in text(built_minimal / "lanting/services/services.pdf")


def test_dates_and_voucher_numbers_are_kept_on_one_line(built_minimal):
    notice = page(built_minimal, "lanting/notices/water-outage")
    assert [d.get_text() for d in notice.select(".facts .date")][:1] == ["2026年11月20日"]
    quarter = page(built_minimal, "lanting/finances/2026-q1")
    vouchers = [v.get_text() for v in quarter.select(".sub .whole")]
    assert "记-2026-001" in vouchers
    css = stylesheet(built_minimal).read_text(encoding="utf-8")
    assert re.search(r"\.date, [^{]*\.whole[^{]*\{ white-space: nowrap; \}", css)


def test_the_votes_cast_are_named_by_the_ways_the_owners_voted(minimal):
    # Every count said 纸质与网络合计, also one of a meeting alone.
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    text = vote.read_text(encoding="utf-8")
    assert build_site(minimal, pdfs=False).written
    def cast() -> str:
        captions = page(minimal / "output", "lanting/votes/roof-repair").find_all("caption")
        return next(c.get_text() for c in captions if c.get_text().startswith("表决票"))
    assert cast() == "表决票（纸质、网络合计）"
    vote.write_text(text[:text.index("  - channel: online")].replace("channel: paper", "channel: meeting")
                    + text[text.index("counting:"):], encoding="utf-8")
    assert build_site(minimal, pdfs=False).written
    assert cast() == "表决票（现场合计）"


def test_an_election_under_a_stricter_majority_names_that_majority(minimal):
    # It said 均过半数 and marked 58 % 未过半数 when the compound's rules asked two thirds.
    write_election(minimal, ["{name: 甲, owners: 120, area: 9600.00}", "{name: 乙, owners: 87, area: 7000.00}"], 2,
                   'thresholds:\n  basis: 《兰亭苑业主大会议事规则》第十八条\n  ordinary: {ratio: "2/3", inclusive: true}\n')
    assert build_site(minimal, pdfs=False).written
    table = page(minimal / "output", "lanting/votes/election").find("caption", string=re.compile("候选人")).parent
    assert table.caption.get_text() == ("候选人（获参与表决专有部分面积三分之二以上的业主且参与表决人数三分之二以上的业主同意者中，"
                                        "得票业主人数最多的2名当选）")
    assert [row.get_text(" ", strip=True) for row in table.tbody.find_all("tr")] == [
        "甲 120 9,600.00 当选", "乙 87 7,000.00 未达到三分之二以上"]
    # And the seat left empty is explained, not only counted.
    assert page(minimal / "output", "lanting/votes/election").select_one(".outcome").get_text(strip=True) == (
        "选举结果：当选1人（应选2人）。1个席位暂缺：其余候选人均未获参与表决专有部分面积三分之二以上的业主且"
        "参与表决人数三分之二以上的业主同意。")


def test_a_text_fields_dates_are_kept_on_one_line_and_the_rest_escaped():
    assert unbroken_text("纸质票1月3日晚<b>开箱</b>") == '纸质票<span class="date">1月3日</span>晚&lt;b&gt;开箱&lt;/b&gt;'
    assert unbroken_text(None) == ""


def test_the_dates_in_a_votes_counting_note_and_an_audits_opinion_stay_on_one_line(minimal):
    # 纸质票1月3 / 日晚 on the sheet: only a notice's own text kept its dates whole.
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    vote.write_text(vote.read_text(encoding="utf-8").replace("supervised_by: [李四]}", "supervised_by: [李四], "
                    "notes: 纸质票10月6日晚当众开箱}"), encoding="utf-8")
    finance = minimal / "content/lanting/finances/2026-Q3.yaml"
    finance.write_text(finance.read_text(encoding="utf-8").replace("opinion: 收支属实。", "opinion: 收支属实，10月5日核对凭证。"),
                       encoding="utf-8")
    assert build_site(minimal, pdfs=False).written
    for path, day in (("lanting/votes/roof-repair", "10月6日"), ("lanting/finances/2026-q3", "10月5日")):
        dates = [span.get_text() for span in page(minimal / "output", path).select("p span.date")]
        assert day in dates, (path, dates)


def test_an_election_whose_last_seat_is_tied_says_so(minimal):
    write_election(minimal, ["{name: 丙, owners: 120, area: 9600.00}", "{name: 甲, owners: 80, area: 6400.00}",
                             "{name: 乙, owners: 80, area: 6400.00}"], 2)
    assert build_site(minimal, pdfs=False).written
    assert page(minimal / "output", "lanting/votes/election").select_one(".outcome").get_text(strip=True) == (
        "选举结果：当选1人（应选2人）。甲、乙得票相同，并列争最后一个席位，该席位暂缺。")


def test_a_vote_of_some_buildings_says_whose_owners_voted(minimal):
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    vote.write_text(vote.read_text(encoding="utf-8").replace(
        "{owners: 200, area: 16000.00}", "{owners: 160, area: 12800.00}\nscope: 1-3栋"), encoding="utf-8")
    assert build_site(minimal).written
    facts = [row.get_text(" ", strip=True) for row in page(minimal / "output", "lanting/votes/roof-repair")
             .select(".facts > div")]
    assert facts[1] == "表决范围 1-3栋业主"


def test_a_notice_calling_an_owners_assembly_gives_its_day(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("category: 通知", "category: 会议通知\nassembly: "
                                                                 "2026-12-12"), encoding="utf-8")
    assert build_site(minimal).written
    facts = [row.get_text(" ", strip=True) for row in page(minimal / "output", "lanting/notices/water-outage")
             .select(".facts > div")]
    assert facts[-1] == "业主大会召开日期 2026年12月12日"
    sheet = "".join(page.extract_text() for page in PdfReader(
        minimal / "output/lanting/notices/water-outage/water-outage.pdf").pages)
    assert "业主大会召开日期 2026年12月12日" in sheet


def test_a_date_in_a_notices_text_is_kept_on_one_line_but_not_in_attributes_or_preformatted_text():
    # The header's dates were kept whole, the text's not: 2026年9 / 月1日 read as two dates.
    html = ('<p>自2026年9月1日起，至12月15日止。<a href="x-2026-09-01.pdf" title="2026年1月">见2026-09-01</a></p>'
            "<pre>2026年9月1日</pre>")
    assert unbroken_figures(html) == (
        '<p>自<span class="date">2026年9月1日</span>起，至<span class="date">12月15日</span>止。<a href="x-2026-09-01.pdf"'
        ' title="2026年1月">见<span class="date">2026-09-01</span></a></p><pre>2026年9月1日</pre>')


def test_a_figure_and_its_unit_are_kept_on_one_line():
    # 区级补助200,000 / 元: the lone 元 at the start of the next line read as a word of its own.
    html = markup.Markup().to_html("区级补助200,000元，每部约56.4万元，共436户，28,871.90平方米；3栋、2026年不变。"
                                   "参与表决338人，党员87名。\n\n| 项目 | 金额 |\n|---|---|\n| 补助 | 200,000元 |\n")
    shown = re.sub(r"<caption.*?</caption>", "", unbroken_figures(html))  # the caption repeats the text before
    assert re.findall(r'<span class="nowrap">([^<]+)</span>', shown) == [
        "200,000元", "56.4万元", "436户", "28,871.90平方米", "338人", "87名", "200,000元"]
    assert unbroken_text("电梯维修费3,000.00元，已于9月1日支付") == (
        '电梯维修费<span class="nowrap">3,000.00元</span>，已于<span class="date">9月1日</span>支付')


def test_a_year_page_says_which_of_its_quarters_were_corrected_and_when(minimal):
    # Its totals changed with a quarter's correction, without a word; the list of quarters said it.
    edit(minimal / "content/lanting/finances/2026-Q2.yaml", "posting:",
         "corrections:\n  - {date: 2026-11-20, note: 更正一笔支出的日期。}\nposting:")
    assert build_site(minimal).written
    quarters = [li.get_text(" ", strip=True) for li in page(minimal / "output", "lanting/finances/2026").select(
        "ul.list li")]
    assert [("2026年11月20日 更正" in line) for line in quarters] == [False, True, False]


def test_a_year_with_a_quarter_missing_between_shows_no_balances_that_would_not_add_up(minimal):
    # Q2 away: opening + income - expenses was not the closing balance shown, by Q2's flows.
    assert build_site(minimal).written
    summary = page(minimal / "output", "lanting/finances/2026").select_one("dl.figures").get_text(" ", strip=True)
    assert "期初余额" in summary and "期末余额" in summary
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()
    build_site(minimal)
    soup = page(minimal / "output", "lanting/finances/2026")
    summary = soup.select_one("dl.figures").get_text(" ", strip=True)
    assert "收入" in summary and "期初余额" not in summary and "期末余额" not in summary


def test_a_csv_attachment_is_shown_as_a_table_under_its_title_its_first_row_the_heading(built_minimal):
    lift = page(built_minimal, "lanting/notices/lift-consultation")
    table = lift.select_one("table.attached")
    assert table.caption.get_text() == "施工进度表"
    assert [th.get_text() for th in table.thead.find_all("th")] == ["阶段", "日期"]
    rows = [[td.get_text() for td in row.find_all("td")] for row in table.tbody.find_all("tr")]
    assert rows[0] == ["设计", "2026-03"]
    # On a phone each cell says its column's name; two columns fit side by side, so they stay a table there.
    assert [td["data-label"] for td in table.tbody.tr.find_all("td")] == ["阶段", "日期"]
    assert "cards-on-phones" not in table["class"]



def test_a_quarter_not_published_between_two_has_its_place_in_the_trend_without_a_column(minimal):
    # Closed up, 16 evenly spaced columns stood for 17 quarters, and the gap did not show.
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()
    assert build_site(minimal, pdfs=False).written
    for chart in page(minimal / "output", "lanting/finances").select("figure.chart"):
        assert [n.get_text() for n in chart.select(".column-numbers span")] == ["1", "2", "3"]
        assert [rect["height"] for rect in chart.find_all("rect")][1] == "0"


def test_an_attached_tables_cell_under_an_empty_heading_is_not_given_an_empty_name(minimal):
    # On a phone each cell showed its column's name and a colon: under no name, a lone "：".
    (minimal / "content/lanting/notices/lift-consultation/schedule.csv").write_text(
        "阶段,,日期,说明\n设计,甲,2026-03,方案\n", encoding="utf-8-sig")
    assert build_site(minimal, pdfs=False).written
    cells = page(minimal / "output", "lanting/notices/lift-consultation").select("table.attached tbody td")
    assert [cell.get("data-label") for cell in cells] == ["阶段", None, "日期", "说明"]


def test_an_attached_tables_figures_and_total_row_are_set_as_a_notices_own_tables_are(minimal):
    # ¥3,000.00 and 合计 were plain cells, where the same table written in the notice set them right and whole.
    (minimal / "content/lanting/notices/lift-consultation/schedule.csv").write_text(
        "楼层,户数,每户分摊\n2楼,2户,\"3,000.00\"\n3楼,2户,\"2,500.00\"\n合计,4户,\"11,000.00\"\n", encoding="utf-8-sig")
    assert build_site(minimal, pdfs=False).written
    table = page(minimal / "output", "lanting/notices/lift-consultation").select_one("table.attached")
    assert [th.get("class") for th in table.thead.find_all("th")] == [None, ["num"], ["num"]]
    assert [td.get("class") for td in table.tbody.tr.find_all("td")] == [["nowrap"], ["num"], ["num"]]
    total = table.tbody.find_all("tr")[-1]
    assert total["class"] == ["total"] and total.th["scope"] == "row" and total.th.get_text() == "合计"


def test_the_district_has_a_feed_of_every_compounds_latest_documents_named_with_their_compound(built_minimal):
    # Only each compound had a feed: the district's office, or a family in two compounds, followed each one.
    feed = ET.parse(built_minimal / "feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text == page(built_minimal, "").h1.get_text()
    assert feed.find(f"{ATOM}id").text == BASE + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    # It had notices alone, where a district's office looks out for votes and finances most.
    assert [(e.find(f"{ATOM}updated").text[:10], e.find(f"{ATOM}title").text) for e in entries] == [
        ("2026-11-20", "兰亭苑：停水通知"), ("2026-10-10", "兰亭苑：2026年第三季度财务公示"),
        ("2026-10-09", "兰亭苑：关于使用专项维修资金维修1栋屋面的表决"), ("2026-07-10", "兰亭苑：2026年第二季度财务公示"),
        ("2026-04-10", "兰亭苑：2026年第一季度财务公示"), ("2026-03-02", "兰亭苑：加装电梯意见征询")]
    assert entries[0].find(f"{ATOM}link").get("href") == BASE + "lanting/notices/water-outage/"
    assert entries[0].find(f"{ATOM}summary").text == "11月28日全天停水。"
    assert entries[2].find(f"{ATOM}link").get("href") == BASE + "lanting/votes/roof-repair/"
    # A vote's entry said nothing of its result, and a quarter's nothing of its figures, as the compound's feed does.
    assert entries[2].find(f"{ATOM}summary").text == "已通过：1栋屋面渗漏，拟使用专项维修资金约8万元维修。"
    figures = entries[1].find(f"{ATOM}content").text
    assert "期末余额" in figures and "¥13,650.50" in figures and "收入" in figures
    home = page(built_minimal, "")
    # By the day it was counted, as the compound's own list gives it: the day it was posted read as another date.
    assert [item.get_text() for item in home.select("#latest + ul li")][2] == (
        "关于使用专项维修资金维修1栋屋面的表决兰亭苑 · 2026年10月8日计票 · 已通过")
    assert home.find("link", rel="alternate", type="application/atom+xml")["href"] == "feed.xml"
    assert home.select_one(".feed-address .url").get_text() == BASE + "feed.xml"


def test_a_shared_link_is_described_by_what_its_page_shows(built_minimal):
    # A share card or a search result showed the page's first words: 跳到正文, the site's name, the menu.
    def card(path: str) -> dict[str, str]:
        head = page(built_minimal, path).head
        tags = {meta.get("name") or meta["property"]: meta["content"] for meta in head.find_all("meta", content=True)}
        assert tags["og:description"] == tags["description"] and "<" not in tags["description"], path
        assert tags["og:title"] == head.title.get_text()
        assert tags["og:url"] == head.find("link", rel="canonical")["href"]
        return tags
    assert card("lanting/notices/water-outage")["description"] == "11月28日全天停水。"
    assert card("lanting/notices/lift-consultation")["description"] == "兰亭苑 · 公示 · 2026年3月2日"
    assert card("lanting/finances/2026-q1")["description"] == "收入¥4,200.50，支出¥2,050.00，期末余额¥12,150.50。"
    assert card("lanting/services")["description"] == "兰亭苑，测试区兰亭路1号"
    assert card("lanting")["description"] == "老旧小区，正在加装电梯。业委会每季度公示财务。"
    assert card("")["og:site_name"] == "测试区小区公开栏"


def test_an_attachment_named_with_spaces_and_chinese_is_linked_by_a_valid_address(minimal):
    # 施工 计划&表.csv was linked as written: a feed reader may cut the address at its space.
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "schedule.csv").rename(folder / "施工 计划&表.csv")
    edit(folder / "index.md", "file: schedule.csv", "file: 施工 计划&表.csv")
    assert build_site(minimal, pdfs=False).written
    notice = minimal / "output/lanting/notices/lift-consultation"
    href = page(minimal / "output", "lanting/notices/lift-consultation").select_one("main ul.list a")["href"]
    assert href == "%E6%96%BD%E5%B7%A5%20%E8%AE%A1%E5%88%92%26%E8%A1%A8.csv"
    assert (notice / unquote(href)).is_file()
    entries = ET.parse(minimal / "output/lanting/feed.xml").getroot().findall(f"{ATOM}entry")
    content = next(e for e in entries if e.find(f"{ATOM}title").text == "加装电梯意见征询").find(f"{ATOM}content").text
    assert f'<a href="{BASE}lanting/notices/lift-consultation/{href}">施工进度表</a>' in content


def test_a_stylesheet_missing_from_the_templates_is_an_error_at_the_template_that_links_it(minimal, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    (templates / "static/site.css").unlink()
    result = build_site(minimal, pdfs=False, templates=templates)
    assert not result.written
    errors = [d.format() for d in result.diagnostics.errors]
    assert errors and all("no file site.css in " in error and "base.html" in error for error in errors), errors[:2]


def test_a_message_shows_each_value_as_given_even_when_an_equal_one_was_shown_before(minimal):
    # Formatted messages are remembered by their values: Decimal('1.0') equals Decimal('1.00'), a text equals its
    # Markup, and each must still be shown as it is.
    from generator import load, render, validate
    config, _ = validate.validate_site(load.read_site(minimal / "content", minimal))
    renderer = render.Renderer(PROJECT_ROOT / "templates", config, minimal, None)
    shown = renderer.env.from_string("{% for v in values %}{{ _('%(n)s m² of %(n)s m²', n=v) }}|{% endfor %}")
    assert shown.render(values=[Decimal("1.0"), Decimal("1.00"), "<b>", Markup("<b>"), 1, True]) == (
        "1.0 m² of 1.0 m²|1.00 m² of 1.00 m²|&lt;b&gt; m² of &lt;b&gt; m²|<b> m² of <b> m²|1 m² of 1 m²|"
        "True m² of True m²|")


def test_a_renderer_is_freed_once_its_build_is_done(minimal):
    # `serve` makes one for each build: caches of the class kept every one alive, with its templates and caches.
    import gc
    import weakref
    from generator import load, render, validate
    config, _ = validate.validate_site(load.read_site(minimal / "content", minimal))
    renderer = render.Renderer(PROJECT_ROOT / "templates", config, minimal, None)
    assert renderer.env.from_string("{{ _('Notices') }} {{ _('%(n)s m²', n=3) }}").render() == "公告 3 m²"
    freed = weakref.ref(renderer)
    del renderer
    gc.collect()
    assert freed() is None


def test_a_quarters_page_says_its_units_behind_on_fees_are_listed_on_the_board_only(built_minimal, minimal):
    # The web page showed no arrears and said nothing, beside a site that says it shows what the board does.
    note = "欠费户明细仅在小区公告栏张贴的纸质公示中列出，依照个人信息保护法不在网上公布。"
    assert note in page(built_minimal, "lanting/finances/2026-q1/").get_text()  # 3栋1单元101, for the board only
    assert "3栋1单元101" not in page(built_minimal, "lanting/finances/2026-q1/").get_text()
    assert note not in page(built_minimal, "lanting/finances/2026-q3/").get_text()  # it lists none
    # With one shown on the web and one not, the line speaks of the other; with all shown, there is none.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "  - {unit: 3栋1单元101, months: 4, amount: 960.00}",
         "  - {unit: 3栋1单元101, months: 4, amount: 960.00, audience: web}\n"
         "  - {unit: 5栋1单元502, months: 2, amount: 480.00}")
    assert build_site(minimal).written
    shown = page(minimal / "output", "lanting/finances/2026-q1/").get_text()
    assert "3栋1单元***" in shown and "5栋1单元" not in shown and note not in shown
    assert "其余欠费户仅在小区公告栏张贴的纸质公示中列出，依照个人信息保护法不在网上公布。" in shown
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "amount: 480.00}", "amount: 480.00, audience: web}")
    assert build_site(minimal).written
    shown = page(minimal / "output", "lanting/finances/2026-q1/").get_text()
    assert "5栋1单元***" in shown and "欠费户仅" not in shown and "其余欠费户" not in shown


def test_the_votes_list_says_its_day_is_the_count(built_minimal):
    # A day alone, the count's, beside the district's list and feed, which give the day the result was posted.
    items = [li.get_text() for li in page(built_minimal, "lanting/votes/").select("main li")]
    assert items == ["关于使用专项维修资金维修1栋屋面的表决2026年10月8日计票 · 已通过"]
