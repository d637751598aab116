"""What is due when: finance quarters, vote results and posting lengths, counted as the Civil Code counts."""

from __future__ import annotations

import re
from datetime import date


from generator.deadlines import calendar_covers

from tests.conftest import build_site, edit, read_page, run_cli


def test_the_minimal_site_is_up_to_date_on_the_build_date(minimal):
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert (result.exit_code, result.stderr) == (0, "")


def test_an_unpublished_quarter_becomes_overdue_after_its_due_date(minimal):
    (minimal / "content/lanting/finances/2026-Q3.yaml").unlink()
    on_time = run_cli(["check", "--date", "2026-10-30"], minimal)
    assert "2026-Q3" not in on_time.stderr  # due 30 days after Sep 30, counted from Oct 1: Oct 30, a Friday
    late = run_cli(["check", "--date", "2026-10-31"], minimal)
    assert late.exit_code == 0
    assert late.stderr.splitlines()[0] == (
        "content/lanting/finances: warning: the finances for 2026-Q3 were due on 2026-10-30 (counted as the "
        "Civil Code counts (arts. 201, 203)) and are not published")


def test_a_deadline_in_a_year_without_holiday_data_is_said_to_be_an_estimate(minimal):
    # Outside the data the lunar holidays (春节, 清明, 端午, 中秋) are unknown: the warning gave the day as certain.
    late = run_cli(["check", "--date", "2099-05-20"], minimal)
    assert not calendar_covers(date(2099, 4, 30))
    assert ("warning: the finances for 2099-Q1 were due on 2099-04-30 (counted as the Civil Code counts (arts. 201, "
            "203), estimated: 2099's public holidays are not published yet) and are not published") in late.stderr


def test_an_overdue_quarter_is_reported_beside_an_error_in_another_file(minimal):
    (minimal / "content/lanting/finances/2026-Q3.yaml").unlink()
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    result = run_cli(["check", "--date", "2026-10-31"], minimal)
    assert result.exit_code == 1 and "water-outage.md:3:" in result.stderr
    assert "the finances for 2026-Q3 were due on 2026-10-30" in result.stderr


def test_a_quarter_whose_file_has_an_error_is_not_also_reported_as_not_published(minimal):
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "opening_balance:", "opening_balanse:")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert "unknown field 'opening_balanse'" in result.stderr
    assert "not published" not in result.stderr


def test_a_posting_shorter_than_the_minimum_is_reported_with_the_earliest_end(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "to: 2026-12-05", "to: 2026-11-26")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert ("content/lanting/notices/water-outage.md:5:1: warning: posting: posted from 2026-11-20 to 2026-11-26: a "
            "posting of 7 days must run until at least 2026-11-27") in result.stderr
    assert "  5 | posting: {from: 2026-11-20, to: 2026-11-26}" in result.stderr


def test_a_vote_result_posted_for_less_than_the_minimum_is_reported_until_its_posting_is_over(minimal):
    edit(minimal / "content/lanting/votes/roof-repair.yaml", "to: 2026-10-19}", "to: 2026-10-12}")
    result = run_cli(["check", "--date", "2026-10-12"], minimal)
    assert ("content/lanting/votes/roof-repair.yaml:7:1: warning: posting: posted from 2026-10-09 to 2026-10-12: a "
            "posting of 7 days must run until at least 2026-10-16") in result.stderr
    # Over, it can be made no longer: taken down early on purpose, with a note, it warned on every build for good.
    assert "must run until at least" not in run_cli(["check", "--date", "2026-10-13"], minimal).stderr


def test_a_vote_not_counted_on_the_build_date_is_left_out_of_the_site_with_a_warning_at_its_date(minimal):
    # Its result was published as 已通过 while the owners were still voting.
    result = run_cli(["check", "--date", "2026-10-07"], minimal)
    assert ("content/lanting/votes/roof-repair.yaml:5:1: warning: date: counted on 2026-10-08, after the build date "
            "2026-10-07: its result is left out of the site until that day") in result.stderr
    assert build_site(minimal, date(2026, 10, 7), pdfs=False).written
    assert not (minimal / "output/lanting/votes").exists()
    assert "roof-repair" not in (minimal / "output/lanting/feed.xml").read_text(encoding="utf-8")
    assert build_site(minimal, date(2026, 10, 8), pdfs=False).written
    assert (minimal / "output/lanting/votes/roof-repair/index.html").is_file()


def test_a_quarter_whose_posting_begins_after_the_build_date_is_left_out_until_that_day(minimal):
    # Its audit, dated the day before, was online, and the calendar said it was posted on a day still to come.
    result = run_cli(["check", "--date", "2026-10-05"], minimal)
    assert ("content/lanting/finances/2026-Q3.yaml:11:1: warning: posting: posted from 2026-10-10, after the build "
            "date 2026-10-05: its finances are left out of the site and the board until that day") in result.stderr
    assert build_site(minimal, date(2026, 10, 5)).written
    assert not (minimal / "output/lanting/finances/2026-q3").exists()
    assert not (minimal / "print/lanting/finances/2026-q3").exists()
    calendar = re.sub(r"<[^>]+>|\s", "", (minimal / "output/lanting/calendar/index.html").read_text(encoding="utf-8"))
    assert "2026年第三季度财务公示待公示应于2026年10月30日（含当日）前公示" in calendar
    assert build_site(minimal, date(2026, 10, 10), pdfs=False).written
    assert (minimal / "output/lanting/finances/2026-q3/index.html").is_file()


def test_a_notice_dated_after_the_build_date_is_left_out_until_that_day(minimal):
    # It went online at once, first in every list, as votes and quarters prepared ahead do not.
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-27")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert ("content/lanting/notices/water-outage.md:3:1: warning: date: dated 2026-11-27, after the build date "
            "2026-11-25: it is left out of the site and the board until that day") in result.stderr
    assert build_site(minimal, date(2026, 11, 25), pdfs=False).written
    assert not (minimal / "output/lanting/notices/water-outage").exists()
    assert build_site(minimal, date(2026, 11, 27), pdfs=False).written
    assert (minimal / "output/lanting/notices/water-outage/index.html").is_file()


def test_a_notice_dated_more_than_a_year_ahead_is_a_warning_at_its_date(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2062-11-20")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0
    assert ("content/lanting/notices/water-outage.md:3:1: warning: date: 2062-11-20 is more than a year after the "
            "build date 2026-11-25; is the year right?") in result.stderr
    assert "posting:" not in result.stderr  # the posting's own dates are right


def test_an_assembly_notice_needs_fifteen_days(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "category: 通知", "category: 业主大会")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert "a posting of 15 days must run until at least 2026-12-07" in result.stderr  # Dec 5 is a Saturday


def test_an_owners_assembly_called_less_than_fifteen_days_ahead_is_reported(minimal):
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "category: 通知", "category: 会议通知\nassembly: 2026-12-05")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert "called 15 days" not in result.stderr  # posted 2026-11-20: 15 days ahead is enough
    edit(notice, "assembly: 2026-12-05", "assembly: 2026-12-04")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert ("warning: assembly: the owners' assembly on 2026-12-04 is called 14 days before it meets, when the notice "
            "is posted (2026-11-20); it must be called at least 15 days before") in result.stderr
    assert "hint: if this notice does not call an owners' assembly, delete its `assembly:` line" in result.stderr
    edit(notice, "assembly: 2026-12-04", "assembly: 2026-11-10")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert ("warning: assembly: the owners' assembly on 2026-11-10 meets before the notice calling it is posted "
            "(2026-11-20); is the date right?") in result.stderr


def test_an_owners_assemblys_result_not_entered_is_due_after_it_meets_then_overdue(minimal):
    # Once the assembly had met, nothing on the site said a result was awaited, nor late: it was never overdue.
    edit(minimal / "content/lanting/notices/water-outage.md", "category: 通知", "category: 会议通知\nassembly: 2026-12-12")
    overdue = ("content/lanting/notices/water-outage.md:5:1: warning: assembly: the result of the owners' assembly "
               "this notice calls was due on 2026-12-15 (counted as the Civil Code counts (arts. 201, 203)), and no vote "
               "counted at it is entered")
    assert overdue not in run_cli(["check", "--date", "2026-12-15"], minimal).stderr
    result = run_cli(["check", "--date", "2026-12-16"], minimal)
    assert overdue in result.stderr
    assert "hint: enter its count (noticeboard new vote lanting TITLE)" in result.stderr
    assert build_site(minimal, date(2026, 12, 16), pdfs=False).written
    card = "2026年12月12日业主大会的表决结果 逾期未公示 应于2026年12月15日（含当日）前公示 会议通知： 停水通知"
    assert card in _calendar_cards(minimal)
    assert read_page(minimal / "output/lanting/calendar/index.html").find("a", string="停水通知")["href"] == \
        "../notices/water-outage/"
    assert read_page(minimal / "output/index.html").find("a", href="lanting/").select_one(".overdue").get_text() == \
        "逾期未公示：1项"
    # A vote held after the meeting is another one; a vote counted at it is its result, due from its count.
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    edit(vote, "date: 2026-10-08\nvoting: {from: 2026-09-20, to: 2026-10-06}\nposting: {from: 2026-10-09, to: "
         "2026-10-19}", "date: 2026-12-20\nvoting: {from: 2026-12-13, to: 2026-12-19}\nposting: {from: 2026-12-20, "
         "to: 2026-12-30}")
    assert overdue in run_cli(["check", "--date", "2026-12-21"], minimal).stderr
    edit(vote, "voting: {from: 2026-12-13", "voting: {from: 2026-12-01")
    assert "the result of the owners' assembly" not in run_cli(["check", "--date", "2026-12-21"], minimal).stderr
    assert build_site(minimal, date(2026, 12, 21), pdfs=False).written
    assert not [card for card in _calendar_cards(minimal) if "业主大会的表决结果" in card]


def test_a_vote_result_posted_late_is_reported(minimal):
    edit(minimal / "content/lanting/votes/roof-repair.yaml", "posting: {from: 2026-10-09, to: 2026-10-19}",
         "posting: {from: 2026-10-20, to: 2026-10-30}")
    late = ("content/lanting/votes/roof-repair.yaml: warning: the result of this vote was posted on 2026-10-20, "
            "after it was due on 2026-10-12")
    assert late in run_cli(["check", "--date", "2026-10-30"], minimal).stderr
    # Once it has been taken down, the calendar page says it was late; the warning would only repeat for ever.
    assert late not in run_cli(["check", "--date", "2026-10-31"], minimal).stderr
    assert build_site(minimal, date(2026, 10, 31)).written
    calendar = _calendar_cards(minimal)
    assert any(card.startswith("关于使用专项维修资金维修1栋屋面的表决 逾期公示") for card in calendar)


def _calendar_cards(site) -> list[str]:
    return [li.get_text(" ", strip=True) for li in read_page(site / "output/lanting/calendar/index.html")
            .select("ul.cards li")]


def test_the_calendar_page_lists_what_was_and_is_due(minimal):
    (minimal / "content/lanting/finances/2026-Q3.yaml").unlink()
    assert build_site(minimal, pdfs=False).written
    cards = _calendar_cards(minimal)
    assert cards[0].startswith("2026年第四季度财务公示 待公示 应于2027年")
    assert ("（估算：该年度法定节假日尚未公布）" in cards[0]) == (not calendar_covers(date(2027, 1, 30)))
    assert cards[1] == "2026年第三季度财务公示 逾期未公示 应于2026年10月30日（含当日）前公示"
    assert cards[2].startswith("关于使用专项维修资金维修1栋屋面的表决 按时公示 应于2026年10月12日（含当日）前公示")
    assert "2026年第一季度财务公示 按时公示 应于2026年4月30日（含当日）前公示 · 实际公示：2026年4月10日" in cards


def test_what_is_overdue_is_counted_on_the_compounds_home_and_the_districts_list(minimal):
    # It was on the calendar page alone, which residents and the district's office seldom open.
    assert build_site(minimal, pdfs=False).written
    assert read_page(minimal / "output/index.html").select(".overdue") == []
    assert read_page(minimal / "output/lanting/index.html").select(".overdue") == []
    (minimal / "content/lanting/finances/2026-Q3.yaml").unlink()
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()
    assert build_site(minimal, pdfs=False).written
    card = read_page(minimal / "output/index.html").find("a", href="lanting/")
    assert card.select_one(".overdue").get_text() == "逾期未公示：2项"
    calendar_link = read_page(minimal / "output/lanting/index.html").find("a", class_="block", href="calendar/")
    assert calendar_link.get_text(" ", strip=True) == "公示日程 逾期未公示：2项"


def test_the_finances_page_says_which_quarters_are_overdue_where_the_missing_ones_would_be(minimal):
    # Its list skipped a quarter never published, without a word: the gap was said on the calendar page alone.
    assert build_site(minimal, pdfs=False).written
    assert read_page(minimal / "output/lanting/finances/index.html").select(".status-overdue") == []
    (minimal / "content/lanting/finances/2026-Q2.yaml").unlink()
    assert build_site(minimal, pdfs=False).written
    finances = read_page(minimal / "output/lanting/finances/index.html")
    assert [card.get_text(" ", strip=True) for card in finances.select(".status-overdue")] == [
        "2026年第二季度财务公示 逾期未公示 应于2026年7月30日（含当日）前公示"]
    assert finances.find("a", href="../calendar/").get_text() == "公示日程"
    # On the compound's home too, above the latest quarter shown: Q1 alone read as the latest there was.
    home = read_page(minimal / "output/lanting/index.html").find("h2", string="最近财务公示")
    assert home.find_next("li").get_text(" ", strip=True) == "2026年第二季度财务公示 逾期未公示 应于2026年7月30日（含当日）前公示"
    # The latest quarter is said to be the latest published; the calendar's link, which read as its caption, is
    # under 公示记录 alone.
    assert home.find_next("ul").find_next_sibling("p").get_text() == "最近一次已公示：2026年第三季度"


def test_mediation_figures_of_a_quarter_not_over_are_a_warning_and_the_quarters_are_listed_in_order(minimal):
    # 2027-Q2 for 2026-Q2 was published as the latest quarter's figures, after 2026-Q3, without a word.
    edit(minimal / "content/lanting/services.yaml", "  - {period: 2026-Q3, received: 0, resolved: 0}\n",
         "  - {period: 2026-Q3, received: 0, resolved: 0}\n  - {period: 2027-Q2, received: 3, resolved: 3}\n"
         "  - {period: 2026-Q1, received: 2, resolved: 1}\n")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert ("content/lanting/services.yaml:18:6: warning: mediation[3].period: 2027-Q2 has not ended on the build "
            "date 2026-11-25, and its mediation figures would be published as its own; is the quarter right?"
            ) in result.stderr
    assert build_site(minimal, date(2026, 11, 25), pdfs=False).written
    rows = read_page(minimal / "output/lanting/services/index.html").select(".mediation tbody th")
    assert [row.get_text() for row in rows] == ["2026年第一季度", "2026年第二季度", "2026年第三季度", "2027年第二季度"]


def test_terms_that_ended_before_the_build_date_are_warnings_where_they_are_written(minimal):
    # The pages went on listing the committee, and its members, as serving; an audit was signed by a
    # supervisor whose term had ended.
    edit(minimal / "content/lanting/compound.yaml", "  name: 兰亭苑业主委员会\n",
         "  name: 兰亭苑业主委员会\n  term_start: 2021-05-01\n  term_end: 2026-04-30\n")
    edit(minimal / "content/lanting/rosters.yaml", "{name: 周五, role: 委员}",
         "{name: 周五, role: 委员, term_start: 2021-05-01, term_end: 2026-04-30}")
    stderr = run_cli(["check", "--date", "2026-11-25"], minimal).stderr
    assert ("content/lanting/compound.yaml:13:3: warning: owners_committee.term_end: the owners' committee's term "
            "ended on 2026-04-30: a new committee is due to be elected (换届)") in stderr
    assert ("content/lanting/rosters.yaml:15:54: warning: groups[2].members[2].term_end: 周五's term ended on "
            "2026-04-30: the page and the sheet still list them as serving") in stderr
    assert ("content/lanting/finances/2026-Q3.yaml:8:8: warning: audit.by[1]: the term of '周五' on the supervision "
            "committee ended on 2026-04-30, before this audit") in stderr
    assert "2026-Q1.yaml" not in stderr  # audited on 2026-04-05, within the term


def test_a_property_managers_contract_that_ended_before_the_build_date_is_a_warning_at_its_end(minimal):
    # The compound's page went on saying 合同期至 a day long past.
    edit(minimal / "content/lanting/compound.yaml", "kind: company, phone:",
         "kind: company, contract_until: 2026-06-30, phone:")
    assert "contract" not in run_cli(["check", "--date", "2026-06-30"], minimal).stderr
    stderr = run_cli(["check", "--date", "2026-07-01"], minimal).stderr
    assert ("content/lanting/compound.yaml:13:53: warning: property_manager.contract_until: the property manager's "
            "contract ended on 2026-06-30: the compound's page still says it runs until then") in stderr


def test_a_second_notice_of_one_title_on_the_board_at_once_is_a_warning_at_the_later(minimal):
    # 停水通知 issued again for another day, the first one's posting left running: two on the board, which holds?
    notices = minimal / "content/lanting/notices"
    again = (notices / "water-outage.md").read_text(encoding="utf-8")
    again = again.replace("date: 2026-11-20", "date: 2026-11-24").replace("from: 2026-11-20", "from: 2026-11-24")
    (notices / "water-outage-2.md").write_text(again.replace("11月28日", "11月30日"), encoding="utf-8")
    result = run_cli(["check", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0
    assert ("content/lanting/notices/water-outage-2.md:2:1: warning: title: '停水通知' is also the title of "
            "content/lanting/notices/water-outage.md, on the board until 2026-12-05: from 2026-11-25 residents "
            "would see two notices of one title") in result.stderr
    assert "water-outage.md:2:1" not in result.stderr  # said once, at the later one
    # Once the first one's posting ends the day before, only one is on the board at a time.
    edit(notices / "water-outage.md", "to: 2026-12-05", "to: 2026-11-23")
    assert "two notices of one title" not in run_cli(["check", "--date", "2026-11-25"], minimal).stderr


def test_notices_of_one_title_that_were_on_the_board_together_before_the_build_date_are_history(minimal):
    notices = minimal / "content/lanting/notices"
    again = (notices / "water-outage.md").read_text(encoding="utf-8").replace("11月28日", "11月30日")
    (notices / "water-outage-2.md").write_text(again.replace("{from: 2026-11-20, to: 2026-12-05}",
                                                             "{from: 2026-11-22, to: 2026-12-20}"), encoding="utf-8")
    assert "two notices of one title" in run_cli(["check", "--date", "2026-12-05"], minimal).stderr
    # The second one still on the board, alone now.
    assert "two notices of one title" not in run_cli(["check", "--date", "2026-12-06"], minimal).stderr


def test_a_notice_of_one_title_never_published_is_no_second_one_and_a_third_is_told_once(minimal):
    notices = minimal / "content/lanting/notices"
    text = (notices / "water-outage.md").read_text(encoding="utf-8")
    draft = text.replace("11月28日", "12月2日").replace("from: 2026-11-20", "from: 2026-11-24")
    (notices / "draft.md").write_text(draft.replace("category: 通知", "category: 通知\naudience: never"),
                                      encoding="utf-8")
    assert "two notices of one title" not in run_cli(["check", "--date", "2026-11-25"], minimal).stderr
    (notices / "draft.md").write_text(draft, encoding="utf-8")
    (notices / "third.md").write_text(draft.replace("12月2日", "12月3日"), encoding="utf-8")
    stderr = run_cli(["check", "--date", "2026-11-25"], minimal).stderr
    assert stderr.count("two notices of one title") == 2  # draft.md, and third.md once, not of each before it


def test_a_notice_that_only_informs_has_no_minimum_posting(minimal):
    """停水停电 is posted while it concerns residents; the 7 days of a disclosure would keep it up stale."""
    edit(minimal / "content/lanting/notices/water-outage.md", "to: 2026-12-05", "to: 2026-11-26")
    edit(minimal / "content/site.yaml", "district: 测试区", "district: 测试区\ninformation_categories: [通知]")
    assert "must run until at least" not in run_cli(["check", "--date", "2026-11-25"], minimal).stderr
