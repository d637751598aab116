"""Importing a secretary's ledger (CSV or XLSX) as a finance file that validates and reconciles."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import BUILD_DATE, FIXTURES
from generator.build import BuildOptions, check
from generator.errors import Severity
from generator.importer import (ImportedLedger, LedgerFileError, RowProblem, finance_yaml, opening_balance,
                                read_ledger)
from generator.model.finance import FinancePeriod, LedgerLine, Quarter
from generator.yamlio import parse_yaml

LEDGERS = FIXTURES / "ledgers"
WRITTEN = date(2026, 4, 1)  # when the finance file is written, just after the quarter
Q1 = Quarter(2026, 1)
HEADER = "日期,凭证号,摘要,类别,收入,支出\n"


def lines(ledger_lines: list[LedgerLine]) -> list[tuple]:
    return [(line.date, line.voucher, line.category, line.description, line.amount) for line in ledger_lines]


def write_csv(folder: Path, text: str, encoding: str = "utf-8", name: str = "ledger.csv") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(folder: Path, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    path = folder / "ledger.xlsx"
    book.save(path)
    return path


def round_trip(text: str, quarter: Quarter = Q1) -> FinancePeriod:
    data = parse_yaml(text).data
    assert "period" not in data
    return FinancePeriod.model_validate({**data, "period": str(quarter)})


# CSV ---------------------------------------------------------------------------


def test_a_utf8_csv_with_a_title_row_yields_every_line_with_exact_amounts():
    ledger = read_ledger(LEDGERS / "lanting-2026-Q1.csv", Q1)

    assert ledger.header_row == 2
    assert ledger.problems == []
    assert lines(ledger.income) == [
        (date(2026, 1, 5), "记-2026-001", "物业费", "1月物业费（1-3栋）", Decimal("12800.00")),
        (date(2026, 1, 15), "记-2026-003", "共有收益", "地面停车位租金", Decimal("3200.50")),
        (date(2026, 3, 2), "记-2026-006", "共有收益", "电梯广告位收入", Decimal("2000.00")),
    ]
    assert lines(ledger.expenses) == [
        (date(2026, 1, 8), "记-2026-002", "维修", "电梯年检", Decimal("1500.00")),
        (date(2026, 2, 3), "记-2026-004", "保洁", "保洁服务费（1月）", Decimal("4500.00")),
        (date(2026, 2, 10), "记-2026-005", "水电", "公共区域水电费", Decimal("863.20")),
        (date(2026, 3, 28), "记-2026-007", "维修", "监控摄像头维修", Decimal("1234.56")),
    ]


def test_a_gbk_csv_from_chinese_excel_reads_like_utf8_and_debit_is_money_in(tmp_path):
    text = ("物业专项账户现金日记账（2026年第1季度）,,,,,\r\n"
            "记账日期,凭证编号,摘要,科目,借方金额,贷方金额\r\n"
            "2026-01-31,现-001,收取一月物业费,物业费,\"8,600.00\",\r\n"
            "2026-02-28,现-002,购买消防器材,消防,,\"1,080.00\"\r\n"
            ",,本期合计,,\"8,600.00\",\"1,080.00\"\r\n")
    path = write_csv(tmp_path, text, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    ledger = read_ledger(path, Q1)

    assert (ledger.header_row, ledger.problems) == (2, [])
    assert lines(ledger.income) == [(date(2026, 1, 31), "现-001", "物业费", "收取一月物业费", Decimal("8600.00"))]
    assert lines(ledger.expenses) == [(date(2026, 2, 28), "现-002", "消防", "购买消防器材", Decimal("1080.00"))]


def test_an_english_csv_with_one_signed_amount_column_splits_income_from_expenses():
    ledger = read_ledger(LEDGERS / "english-signed-amount.csv", Q1)

    assert (ledger.header_row, ledger.problems) == (3, [])
    assert [(line.voucher, line.amount) for line in ledger.income] == [
        ("BK-0012", Decimal("3000.00")), ("BK-0015", Decimal("200.00"))]
    assert [(line.voucher, line.amount) for line in ledger.expenses] == [
        ("BK-0013", Decimal("1250.00")), ("BK-0014", Decimal("480.00"))]


def test_a_tab_separated_export_is_read_and_an_empty_signed_amount_is_reported(tmp_path):
    path = write_csv(tmp_path, "日期\t凭证号\t摘要\t类别\t金额\n"
                     "2026-01-05\t记-1\t押金退还\t其他\t-30\n"
                     "2026-01-06\t记-2\t待补\t其他\t\n")
    ledger = read_ledger(path, Q1)
    assert [(line.voucher, line.amount) for line in ledger.expenses] == [("记-1", Decimal("30.00"))]
    assert ledger.problems == [RowProblem(3, "金额", "expected an amount such as 1,234.50, found an empty cell")]


@pytest.mark.parametrize("written, amount", [
    ("1234.5", Decimal("1234.50")),
    ('"¥1,234.50"', Decimal("1234.50")),
    ("￥１２３４．５０", Decimal("1234.50")),
    ('"１，２３４．５０元"', Decimal("1234.50")),
    ("RMB 1234.50", Decimal("1234.50")),
    ("1 234.50", Decimal("1234.50")),
    ("0.30", Decimal("0.30")),
])
def test_amounts_are_read_whatever_currency_sign_separators_or_digit_width(tmp_path, written, amount):
    path = write_csv(tmp_path, HEADER + f"2026-01-05,记-1,摘要,物业费,{written},\n")
    ledger = read_ledger(path, Q1)
    assert ledger.problems == []
    assert [line.amount for line in ledger.income] == [amount]


@pytest.mark.parametrize("written", [
    "2026-01-05", "2026/1/5", "2026.1.5", "2026年1月5日", "２０２６年１月５日", "2026-01-05 00:00:00", "20260105"])
def test_dates_are_read_in_the_forms_secretaries_type_them(tmp_path, written):
    path = write_csv(tmp_path, HEADER + f"{written},记-1,摘要,物业费,100.00,\n")
    assert [line.date for line in read_ledger(path, Q1).income] == [date(2026, 1, 5)]


def test_total_carry_forward_blank_and_repeated_header_rows_are_skipped_silently(tmp_path):
    path = write_csv(tmp_path, HEADER + ",,上期结转,,,\n"
                     "2026-01-05,记-1,一月物业费,物业费,100.00,\n"
                     ",,,,,\n"
                     ",,本月合计,,100.00,\n"
                     "日期,凭证号,摘要,类别,收入,支出\n"
                     "2026-02-05,记-2,二月物业费,物业费,200.00,\n"
                     "合 计,,,,300.00,\n")
    ledger = read_ledger(path, Q1)
    assert ledger.problems == []
    assert [line.voucher for line in ledger.income] == ["记-1", "记-2"]


@pytest.mark.parametrize("carried", ["上期结转", "上季度结转", "上月结转", "上年度结余", "季初余额", "结转下季度", "承前页"])
def test_carry_forward_rows_are_skipped_however_the_period_is_named(tmp_path, carried):
    path = write_csv(tmp_path, HEADER + f"2026/1/1,记-0,{carried},,,\n2026-01-05,记-1,一月物业费,物业费,100.00,\n")
    ledger = read_ledger(path, Q1)
    assert ledger.problems == [] and [line.voucher for line in ledger.income] == ["记-1"]


def test_a_total_row_that_does_not_add_up_is_reported_with_the_difference(tmp_path):
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,一月物业费,物业费,100.00,\n"
                     "2026-01-20,记-2,保洁费,保洁,,40.00\n"
                     ",,本月合计,,100.00,40.00\n"
                     "2026-02-05,记-3,二月物业费,物业费,200.00,\n"
                     "2026-02-21,记-4,保洁费,保洁,,40.00\n"
                     ",,本月合计,,210.00,40.00\n"  # 记-3 was 210.00 on the voucher, or this total is wrong
                     "合 计,,,,300.00,85.00\n")
    assert read_ledger(path, Q1).problems == [
        RowProblem(7, "收入", "the 本月合计 row says 210.00, but the lines it adds up come to 200.00 (difference 10.00)"),
        RowProblem(8, "支出", "the 合计 row says 85.00, but the lines it adds up come to 80.00 (difference 5.00)"),
    ]


def test_a_months_total_headed_as_the_quarters_is_reported_with_what_to_head_it(tmp_path):
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,一月物业费,物业费,100.00,\n"
                     ",,合计,,100.00,\n"
                     "2026-02-05,记-2,二月物业费,物业费,200.00,\n"
                     ",,合计,,200.00,\n")
    assert read_ledger(path, Q1).problems == [RowProblem(5, "收入", (
        "the 合计 row says 200.00, but the lines it adds up come to 300.00 (difference -100.00); it is what the lines "
        "since the total in row 3 come to: a row headed 合计 adds up every line above it, and a month's total is "
        "headed 本月合计 or 10月合计"))]


def test_months_totals_headed_by_name_or_as_this_months_are_each_a_month(tmp_path):
    # The December 本月合计 was checked against the lines since October's, November's (11月份合计) among them.
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,一月物业费,物业费,100.00,\n"
                     ",,本月合计,,100.00,\n"
                     "2026-02-05,记-2,二月物业费,物业费,200.00,\n"
                     ",,2月份合计,,200.00,\n"
                     "2026-03-05,记-3,三月物业费,物业费,300.00,\n"
                     ",,本月合计,,300.00,\n")
    assert read_ledger(path, Q1).problems == []


def test_totals_that_name_their_month_or_quarter_are_skipped_and_checked_as_such(tmp_path):
    # ",,7月合计,,100.00,40.00" was read as a line with no date, voucher or category, and both amounts.
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,一月物业费,物业费,100.00,\n"
                     "2026-01-20,记-2,保洁费,保洁,,40.00\n"
                     ",,1月合计,,100.00,40.00\n"
                     "2026-02-05,记-3,二月物业费,物业费,200.00,\n"
                     ",,二月份小计,,210.00,\n"
                     ",,第一季度合计,,300.00,40.00\n")
    ledger = read_ledger(path, Q1)
    assert [line.voucher for line in ledger.income + ledger.expenses] == ["记-1", "记-3", "记-2"]
    assert ledger.problems == [
        RowProblem(6, "收入", "the 二月份小计 row says 210.00, but the lines it adds up come to 200.00 (difference 10.00)")]


def test_a_category_written_with_other_dashes_is_imported_with_the_hyphen_as_one_shared_revenue_source(tmp_path):
    # 共有收益－停车 and 共有收益—停车 became one source, but two categories on the site.
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,停车费,共有收益－停车,300.00,\n"
                     "2026-01-06,记-2,停车费,共有收益—停车,200.00,\n")
    ledger = read_ledger(path, Q1)
    assert [line.category for line in ledger.income] == ["共有收益-停车", "共有收益-停车"]


def test_a_total_is_not_checked_when_a_line_it_counts_could_not_be_read(tmp_path):
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,一月物业费,物业费,壹佰元,\n合计,,,,100.00,\n")
    assert [problem.row for problem in read_ledger(path, Q1).problems] == [2]


def test_each_bad_row_is_reported_with_its_row_column_and_what_was_found():
    ledger = read_ledger(LEDGERS / "bad-rows.csv", Q1)

    assert ledger.problems == [
        RowProblem(3, "收入", "expected an amount such as 1,234.50, found '壹佰元'"),
        RowProblem(4, "日期", "expected a date such as 2026-01-05, found '2026-13-01' (no such date)"),
        RowProblem(5, "日期", "expected a date within 2026-Q1 (2026-01-01 to 2026-03-31), found 2026-04-02"),
        RowProblem(6, "", "expected an amount in 收入 or in 支出, not both; found '500.00' and '500.00'"),
        RowProblem(7, "凭证号", "expected a voucher number such as 记-2026-001, found an empty cell"),
        RowProblem(9, "类别", "expected a category such as 物业费, found an empty cell"),
        RowProblem(10, "", "expected an amount in 收入 or in 支出, found neither"),
    ]


def test_the_good_rows_beside_bad_ones_are_still_imported():
    ledger = read_ledger(LEDGERS / "bad-rows.csv", Q1)
    assert [line.voucher for line in ledger.income] == ["记-2026-001"]
    assert [line.voucher for line in ledger.expenses] == ["记-2026-007"]


@pytest.mark.parametrize("income, problem", [
    ("12.345", "expected at most 2 decimal places, found '12.345'"),
    ("-50.00", "expected a positive amount, found '-50.00'"),
    ("12,34", "expected an amount such as 1,234.50, found '12,34'"),
])
def test_amounts_that_are_not_plainly_amounts_are_reported_never_rounded(tmp_path, income, problem):
    path = write_csv(tmp_path, HEADER + f'2026-01-05,记-1,摘要,物业费,"{income}",\n')
    ledger = read_ledger(path, Q1)
    assert (ledger.income, ledger.problems) == ([], [RowProblem(2, "收入", problem)])


def test_a_missing_category_column_is_one_problem_at_the_header_not_one_per_row(tmp_path):
    path = write_csv(tmp_path, "日期,凭证号,摘要,收入,支出\n2026-01-05,记-1,摘要,100.00,\n2026-01-06,记-2,摘要,,50.00\n")
    ledger = read_ledger(path, Q1)
    assert (ledger.income, ledger.expenses) == ([], [])
    assert ledger.problems == [RowProblem(1, "", "expected a category column (类别, 科目 or category), found none; "
                                                 "every line needs a category such as 物业费")]


def test_a_two_row_header_with_income_and_expense_under_amount_is_understood(tmp_path):
    path = write_csv(tmp_path, "日期,凭证号,摘要,类别,金额（元）,\n,,,,收入,支出\n2026-01-05,记-1,物业费,物业费,,80.00\n")
    ledger = read_ledger(path, Q1)
    assert (ledger.header_row, ledger.problems) == (2, [])
    assert [line.amount for line in ledger.expenses] == [Decimal("80.00")]


def test_a_first_data_row_whose_category_says_income_is_not_taken_for_a_second_header_row(tmp_path):
    path = write_csv(tmp_path, "日期,凭证号,摘要,类别,金额\n2026-01-05,记-1,物业费,收入,300.00\n"
                               "2026-01-06,记-2,保洁费,支出,-100.00\n")
    ledger = read_ledger(path, Q1)
    assert (ledger.header_row, ledger.problems) == (1, [])
    assert [line.voucher for line in ledger.income] == ["记-1"]


def test_an_unsigned_amount_beside_a_direction_column_takes_its_side_from_that_column(tmp_path):
    path = write_csv(tmp_path, "日期,凭证号,摘要,类别,收支,金额\n"
                     "2026-01-05,记-1,物业费,物业费,收入,300.00\n"
                     "2026-01-06,记-2,保洁费,保洁,支出,120.00\n"
                     "2026-01-07,记-3,零星支出,其他,转账,5.00\n")
    ledger = read_ledger(path, Q1)
    assert [(line.voucher, line.amount) for line in ledger.income] == [("记-1", Decimal("300.00"))]
    assert [(line.voucher, line.amount) for line in ledger.expenses] == [("记-2", Decimal("120.00"))]
    assert ledger.problems == [RowProblem(4, "收支", "expected 收入 or 支出, found '转账'")]


@pytest.mark.parametrize("name, content, message", [
    ("ledger.csv", "2026年第一季度收支\n说明,金额\n", "no header row in the first 10 rows of 'ledger.csv'"),
    ("ledger.xls", "", "expected a .csv or .xlsx file, found 'ledger.xls'; open it in Excel or WPS and save it as "
                       ".xlsx"),
    ("ledger.et", "", "expected a .csv or .xlsx file, found 'ledger.et'; open it in Excel or WPS and save it as .xlsx"),
    ("ledger.xlsx", "\xd0\xcf\x11\xe0", "it is not an .xlsx file inside (an old .xls or a WPS .et renamed?); open "
                                       "it in Excel or WPS and save it as .xlsx"),
    ("ledger.xlsx", "日期,收入\n", "cannot read 'ledger.xlsx' as an Excel workbook"),
    ("~$ledger.xlsx", "\x00", "'~$ledger.xlsx' is the lock file Excel or WPS keeps while 'ledger.xlsx' is open, not a "
                               "ledger; import 'ledger.xlsx'"),
])
def test_a_file_with_nothing_to_import_is_refused_with_the_reason(tmp_path, name, content, message):
    path = write_csv(tmp_path, content, name=name)
    with pytest.raises(LedgerFileError, match=re.escape(message)):
        read_ledger(path, Q1)


def test_a_workbook_whose_sheets_unpack_to_more_than_a_ledger_holds_is_refused_before_it_is_read(tmp_path):
    # A 2 MB workbook of three million rows ran import for minutes and took 3 GB of memory.
    path = tmp_path / "ledger.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (65 * 2**20) + b"</worksheet>")
    with pytest.raises(LedgerFileError, match=re.escape("cannot read 'ledger.xlsx': its sheets unpack to 65 MB, more "
                                                        "than a ledger holds")):
        read_ledger(path, Q1)


# XLSX --------------------------------------------------------------------------


def test_an_xlsx_workbook_gives_exact_decimals_from_float_cells_and_real_dates(tmp_path):
    path = write_xlsx(tmp_path, [
        ["兰亭小区2026年第一季度收支明细", None, None, None, None, None],
        ["日期", "凭证号", "摘要", "类别", "收入", "支出"],
        [datetime(2026, 1, 5), "记-2026-001", "1月物业费", "物业费", 1234.5, None],
        [datetime(2026, 1, 20), "记-2026-002", "公共电费", "水电", None, 4.35 * 100],
        [None, "记-2026-003", "公共水费", "水电", None, 0.7 + 0.1],
        [None, None, None, None, None, None],
        [datetime(2026, 2, 1), 12, "临时停车费", "共有收益", 800, None],
        ["合计", None, None, None, 2034.5, 435.8],
    ], merged=("A1:F1", "A4:A5"))
    sheet = openpyxl.load_workbook(path).active
    assert (sheet["F4"].value, sheet["F5"].value) == (434.9999999999999, 0.7999999999999999)  # noise, as formulas leave

    ledger = read_ledger(path, Q1)

    assert (ledger.header_row, ledger.problems) == (2, [])
    assert lines(ledger.income) == [
        (date(2026, 1, 5), "记-2026-001", "物业费", "1月物业费", Decimal("1234.50")),
        (date(2026, 2, 1), "12", "共有收益", "临时停车费", Decimal("800.00")),
    ]
    assert lines(ledger.expenses) == [
        (date(2026, 1, 20), "记-2026-002", "水电", "公共电费", Decimal("435.00")),
        (date(2026, 1, 20), "记-2026-003", "水电", "公共水费", Decimal("0.80")),
    ]


def test_an_xlsx_amount_merged_over_two_rows_is_not_counted_twice(tmp_path):
    path = write_xlsx(tmp_path, [
        ["日期", "凭证号", "摘要", "类别", "收入", "支出"],
        [datetime(2026, 3, 1), "记-1", "绿化养护（上）", "绿化", None, 600],
        [datetime(2026, 3, 1), "记-2", "绿化养护（下）", "绿化", None, None],
    ], merged=("F2:F3",))
    ledger = read_ledger(path, Q1)
    assert [line.amount for line in ledger.expenses] == [Decimal("600.00")]
    assert ledger.problems == [RowProblem(3, "", "expected an amount in 收入 or in 支出, found neither")]


def test_xlsx_cells_that_are_not_plainly_dates_or_amounts_are_reported(tmp_path):
    path = write_xlsx(tmp_path, [
        ["日期", "凭证号", "摘要", "类别", "金额"],
        [46027, "记-1", "物业费", "物业费", 100],
        [datetime(2026, 1, 6), "记-2", "物业费", "物业费", 12.345],
    ])
    assert read_ledger(path, Q1).problems == [
        RowProblem(2, "日期", "expected a date such as 2026-01-05, found the number 46027 (format the cell as a date)"),
        RowProblem(3, "金额", "expected at most 2 decimal places, found '12.345'"),
    ]


# The finance file ----------------------------------------------------------------


def test_the_finance_file_round_trips_through_the_project_reader_with_exact_totals():
    ledger = read_ledger(LEDGERS / "lanting-2026-Q1.csv", Q1)

    period = round_trip(finance_yaml(ledger, Q1, Decimal("50000.00"), "lanting-2026-Q1.csv", WRITTEN))

    assert period.income == ledger.income and period.expenses == ledger.expenses
    assert (period.income_total, period.expense_total) == (Decimal("18000.50"), Decimal("8097.76"))
    assert period.closing_balance == Decimal("59902.74")  # the 余额 column's last figure
    assert period.closing_difference == 0
    assert (period.posting.start, period.posting.end) == (date(2026, 4, 10), date(2026, 4, 24))


def test_a_quarter_imported_late_is_posted_from_the_day_it_is_imported_not_before():
    ledger = read_ledger(LEDGERS / "lanting-2026-Q1.csv", Q1)
    period = round_trip(finance_yaml(ledger, Q1, Decimal("50000.00"), "lanting-2026-Q1.csv", date(2026, 11, 26)))
    assert (period.posting.start, period.posting.end) == (date(2026, 11, 26), date(2026, 12, 10))


def test_the_finance_file_says_where_it_came_from_and_lists_the_rows_left_out():
    ledger = read_ledger(LEDGERS / "bad-rows.csv", Q1)
    text = finance_yaml(ledger, Q1, Decimal("0.00"), "bad-rows.csv", WRITTEN)
    assert text.startswith("# Finances for 2026-Q1, imported from bad-rows.csv.\n")
    assert "# NOT included: 7 row(s) of the ledger that could not be read:\n" in text
    assert "#   row 3, 收入: expected an amount such as 1,234.50, found '壹佰元'\n" in text
    assert "# shared_revenue:\n" in text and "# audit:\n" in text
    assert round_trip(text).closing_balance == Decimal("600.00")


def test_text_that_yaml_could_misread_stays_text_exactly():
    tricky = ["0012", "yes", "no", "null", "~", "1.50", "2026-01-05", "true", "# 不是注释", "a: b", "[1]",
              '他说"好"', "C:\\账本", "- 项", "@x", "%y", "`z`", "行\x07内", "段\u2028落", "\ufeff开头"]
    ledger = ImportedLedger(
        income=[LedgerLine(date=date(2026, 1, 5), category=_as_category(text), description=text,
                           amount=Decimal("1.00"), voucher=text) for text in tricky],
        expenses=[], problems=[], header_row=1)

    period = round_trip(finance_yaml(ledger, Q1, Decimal("-5.10"), "账本\n2026.csv", WRITTEN))

    assert [(line.voucher, line.category, line.description) for line in period.income] == [
        (t, _as_category(t), t) for t in tricky]
    assert period.closing_balance == Decimal("14.90")


def _as_category(text: str) -> str:
    """`text` as a category may be written: a Chinese one has no spaces, none has an invisible character."""
    return re.sub(r"\s", "", text.lstrip("\ufeff")) if re.search("[\u4e00-\u9fff]", text) else text


def test_a_category_the_model_refuses_is_a_problem_at_its_row_not_a_crash(tmp_path):
    # 物业 费 (a space inside) and “保洁” (in quotes) stopped the import with a Python traceback.
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,物业费,物业 费,100.00,\n2026-01-06,记-2,保洁,“保洁”,,50.00\n")
    problems = read_ledger(path, Q1).problems
    assert [(problem.row, problem.column) for problem in problems] == [(2, "类别"), (3, "类别")]
    assert problems[0].message == ("expected a Chinese category without spaces, found '物业 费'; write 物业费: the site "
                                   "groups by category, and would show this one apart")


def test_an_imported_quarter_passes_the_whole_site_validation(minimal):
    finances = minimal / "content" / "lanting" / "finances"
    for later in ("2026-Q2.yaml", "2026-Q3.yaml"):  # their opening balances chain to the hand-written Q1
        (finances / later).unlink()
    shutil.copy(LEDGERS / "lanting-2026-Q1.csv", minimal / "ledger.csv")
    ledger = read_ledger(minimal / "ledger.csv", Q1)
    (finances / "2026-Q1.yaml").write_text(finance_yaml(ledger, Q1, Decimal("10000.00"), "ledger.csv", WRITTEN),
                                           encoding="utf-8")

    diagnostics = check(BuildOptions(content=minimal / "content", root=minimal, build_date=BUILD_DATE)).diagnostics

    assert [d.format() for d in diagnostics.errors] == []
    # What is left for the secretary to complete: the audit, and the uses of the shared revenue.
    assert [(d.field, d.severity) for d in diagnostics.warnings if d.location.path.endswith("2026-Q1.yaml")] == [
        ("shared_revenue.allocations", Severity.warning), ("audit", Severity.warning)]
    # Its 共有收益 lines are declared as the shared revenue they are, which the site would otherwise show as 0.00.
    written = (finances / "2026-Q1.yaml").read_text(encoding="utf-8")
    assert "\n  sources:\n    - {source: \"地面停车位租金\", gross: 3200.50, costs: 0.00}\n" \
           "    - {source: \"电梯广告位收入\", gross: 2000.00, costs: 0.00}\n" in written


def test_a_ledger_of_another_quarter_is_one_error_that_names_its_quarter():
    with pytest.raises(LedgerFileError, match=re.escape(
            "every line is dated in 2026-Q1 (2026-01-05 to 2026-03-28), none in 2026-Q2: is this the ledger of "
            "2026-Q1? Import it as 2026-Q1, or choose the file of 2026-Q2")):
        read_ledger(LEDGERS / "lanting-2026-Q1.csv", Quarter.parse("2026-Q2"))


def test_a_ledger_with_a_few_lines_of_another_quarter_reports_those_lines(tmp_path):
    path = write_csv(tmp_path, "日期,摘要,类别,收入,支出,凭证号\n2026-01-05,物业费,物业费,100.00,,记-1\n"
                               "2026-04-02,物业费,物业费,100.00,,记-2\n")
    ledger = read_ledger(path, Q1)
    assert [(problem.row, problem.message) for problem in ledger.problems] == [
        (3, "expected a date within 2026-Q1 (2026-01-01 to 2026-03-31), found 2026-04-02")]


BALANCED = ("日期,凭证号,摘要,类别,收入,支出,余额\n,,上季度结转,,,,\"46,083.45\"\n"
            "2026-01-15,记-065,收取1月物业费,物业费,\"49,500.00\",,\"95,583.45\"\n"
            "2026-01-20,记-066,维修楼道灯,维修,,\"1,250.50\",\"{after}\"\n"
            "2026-01-25,记-067,保洁,保洁,,\"1,000.00\",\"{last}\"\n")


def test_a_balance_the_lines_do_not_come_to_is_reported_at_its_row_once(tmp_path):
    # The balance column was ignored: a line typed wrong left the closing balance computed from it unchecked.
    ledger = read_ledger(write_csv(tmp_path, BALANCED.format(after="90,000.00", last="89,000.00")), Q1)
    assert [(p.row, p.column, p.message) for p in ledger.problems] == [
        (4, "余额", "the balance says 90,000.00, but the balance above with this row's amounts comes to 94,332.95 "
                   "(difference -4,332.95)")]
    assert read_ledger(write_csv(tmp_path, BALANCED.format(after="94,332.95", last="93,332.95")), Q1).problems == []


def test_the_balance_a_ledger_opens_with_is_checked_against_the_quarter_before_or_taken_when_none(tmp_path):
    ledger = read_ledger(write_csv(tmp_path, BALANCED.format(after="94,332.95", last="93,332.95")), Q1)
    assert (ledger.opening, ledger.opening_row) == (Decimal("46083.45"), 2)
    assert opening_balance(ledger, Decimal("46083.45"), "the closing balance of 2025-Q4", Q1.previous()) == (
        Decimal("46083.45"), "the closing balance of 2025-Q4", [])
    opening, _, problems = opening_balance(ledger, Decimal("46083.54"), "", Q1.previous())
    assert [(p.row, p.message) for p in problems] == [(2, "the ledger opens with a balance of 46,083.45, but "
                                                          "2025-Q4 closed with 46,083.54 (difference -0.09)")]
    assert opening_balance(ledger, None, "write the opening balance: ...", Q1.previous())[:2] == (
        Decimal("46083.45"), "the balance the ledger opens with, as 2025-Q4 gives none")


def test_the_sheet_of_a_workbook_with_the_quarters_lines_is_imported_whichever_comes_first(tmp_path):
    # Only the first sheet was read: a 说明 sheet first gave "no header row", and a sheet per quarter the
    # advice to import the first one as its own quarter, which with --force would replace that quarter's file.
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本账簿由业委会财务委员记录。"])
    for title, day, amount in (("一季度", datetime(2026, 2, 1), 100), ("二季度", datetime(2026, 5, 1), 200)):
        sheet = book.create_sheet(title)
        sheet.append(["日期", "凭证号", "摘要", "类别", "收入", "支出"])
        sheet.append([day, "记-1", "物业费", "物业费", amount, None])
    book.save(tmp_path / "ledger.xlsx")
    second = read_ledger(tmp_path / "ledger.xlsx", Quarter(2026, 2))
    assert [line.amount for line in second.income] == [200] and second.sheet == "二季度"
    assert [line.amount for line in read_ledger(tmp_path / "ledger.xlsx", Q1).income] == [100]
    with pytest.raises(LedgerFileError, match="none in 2026-Q3"):
        read_ledger(tmp_path / "ledger.xlsx", Quarter(2026, 3))


def test_a_line_hidden_or_filtered_out_in_the_workbook_is_refused_at_its_row(tmp_path):
    # A voided line the secretary had hidden was imported and published, unseen.
    book = openpyxl.Workbook()
    book.active.append(["日期", "凭证号", "摘要", "类别", "收入", "支出"])
    for day, amount in ((5, 100), (6, 999), (7, 200)):
        book.active.append([datetime(2026, 1, day), f"记-{day}", "物业费", "物业费", amount, None])
    book.active.row_dimensions[3].hidden = True
    book.save(tmp_path / "ledger.xlsx")
    ledger = read_ledger(tmp_path / "ledger.xlsx", Q1)
    assert [(problem.row, problem.message.split(";")[0]) for problem in ledger.problems] == [
        (3, "expected every line to be seen before it is published, found the row hidden in the workbook (or "
            "filtered out)")]


def test_a_voucher_number_formatted_as_a_code_is_read_as_the_sheet_shows_it(tmp_path):
    # 5 shown as 记-005 by the format "记-"000 was imported as the voucher '5'.
    book = openpyxl.Workbook()
    book.active.append(["日期", "凭证号", "摘要", "类别", "收入", "支出"])
    book.active.append([datetime(2026, 1, 5), 5, "物业费", "物业费", 100, None])
    book.active.append([datetime(2026, 1, 6), 12, "物业费", "物业费", 200, None])
    book.active["B2"].number_format = '"记-"000'
    book.active["B3"].number_format = '"记"\\-0000"号"'
    book.save(tmp_path / "ledger.xlsx")
    assert [line.voucher for line in read_ledger(tmp_path / "ledger.xlsx", Q1).income] == ["记-005", "记-0012号"]


def test_a_cash_journal_dated_by_month_and_day_columns_is_read_in_the_quarters_year(tmp_path):
    # A 日记账 with 月 | 日 columns, the month written on a month's first line only, was refused: no date column.
    path = write_csv(tmp_path, "现金日记账\n月,日,凭证号,摘要,科目,收入,支出,余额\n10,,,上季度结转,,,,5000.00\n"
                     "10,8,记-001,10月物业费,物业费,3000.00,,8000.00\n,15,记-002,保洁服务费,保洁,,500.00,7500.00\n"
                     "11月,2日,记-003,电梯维修,维修,,1200.00,6300.00\n11,31,记-004,门禁维修,维修,,100.00,6200.00\n")
    ledger = read_ledger(path, Quarter(2026, 4))
    assert [(line.date, line.voucher) for line in ledger.income + ledger.expenses] == [
        (date(2026, 10, 8), "记-001"), (date(2026, 10, 15), "记-002"), (date(2026, 11, 2), "记-003")]
    assert ledger.problems == [RowProblem(7, "月/日", "expected a date such as 2026-01-05, found '11月31日'")]
    assert ledger.opening == Decimal("5000.00")


def test_a_quarters_lines_on_a_hidden_sheet_are_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("一季度")
    sheet.append(["日期", "凭证号", "摘要", "类别", "收入", "支出"])
    sheet.append([datetime(2026, 2, 1), "记-1", "物业费", "物业费", 100, None])
    sheet.sheet_state = "hidden"
    book.save(tmp_path / "ledger.xlsx")
    with pytest.raises(LedgerFileError, match=re.escape(
            "the lines of 2026-Q1 are on the sheet '一季度', which is hidden in 'ledger.xlsx'; unhide it")):
        read_ledger(tmp_path / "ledger.xlsx", Q1)


def test_a_workbook_with_the_quarters_lines_on_a_sheet_a_month_is_refused_rather_than_two_months_dropped(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for month in (7, 8, 9):
        sheet = book.create_sheet(f"{month}月")
        sheet.append(["日期", "凭证号", "摘要", "类别", "收入", "支出"])
        sheet.append([datetime(2026, month, 10), f"记-{month}", "物业费", "物业费", 100, None])
    book.save(tmp_path / "monthly.xlsx")
    with pytest.raises(LedgerFileError, match=re.escape(
            "the lines of 2026-Q3 are on 3 sheets of 'monthly.xlsx' (7月: 1, 8月: 1, 9月: 1), and a quarter is "
            "imported from one sheet; copy its lines onto one sheet")):
        read_ledger(tmp_path / "monthly.xlsx", Quarter(2026, 3))


def test_the_opening_balance_counts_the_lines_above_the_first_balance_the_sheet_states(tmp_path):
    # A cash journal may state the balance once a day: the opening was taken as the first stated balance less
    # its own line, leaving out the lines above it, and then reported as another than the quarter before's.
    ledger = read_ledger(write_csv(tmp_path, "日期,凭证号,摘要,类别,收入,支出,余额\n"
                                   "2026-01-15,记-065,收取物业费,物业费,\"49,500.00\",,\n"
                                   "2026-01-15,记-066,维修楼道灯,维修,,\"1,250.50\",\"94,332.95\"\n"
                                   "2026-01-25,记-067,保洁,保洁,,\"1,000.00\",\"93,332.95\"\n"), Q1)
    assert (ledger.problems, ledger.opening, ledger.opening_row) == ([], Decimal("46083.45"), 3)


# Mistakes a bookkeeper's sheet invites --------------------------------------------


@pytest.mark.parametrize("heading", ["类型", "方向", "收付", "收支类别", ""])
def test_an_unsigned_amount_beside_a_column_saying_which_way_under_any_heading_takes_its_side_from_it(tmp_path,
                                                                                                       heading):
    # Under a heading not known as the 收支 column, every expense was imported as income, and check passed.
    path = write_csv(tmp_path, f"日期,凭证号,摘要,科目,{heading},金额\n2026-01-05,记-1,物业费,物业费,收入,300.00\n"
                               "2026-01-06,记-2,灭火器,维修,支出,600.00\n")
    ledger = read_ledger(path, Q1)
    assert ledger.problems == []
    assert ([line.voucher for line in ledger.income], [line.voucher for line in ledger.expenses]) == (["记-1"], ["记-2"])


def test_a_signed_amount_column_without_one_amount_below_zero_is_refused_as_all_income(tmp_path):
    path = write_csv(tmp_path, "日期,凭证号,摘要,科目,金额\n2026-01-05,记-1,物业费,物业费,300.00\n"
                               "2026-01-06,记-2,灭火器,维修,600.00\n")
    assert read_ledger(path, Q1).problems == [RowProblem(1, "金额", (
        "expected expenses as amounts below zero, or a column saying 收入 or 支出 beside each amount (headed 收支), "
        "found every amount above zero: each line would be imported as income. If every line of the quarter is "
        "income, head the column 收入"))]


@pytest.mark.parametrize("above, heading", [("单位：万元", "收入"), ("", "收入（万元）"), ("金额单位: 千元", "收入")])
def test_amounts_in_another_unit_than_yuan_are_refused(tmp_path, above, heading):
    # 单位：万元 was ignored: 4.92 (万元) was published as ¥4.92.
    path = write_csv(tmp_path, f"收支明细\n{above}\n日期,凭证号,摘要,类别,{heading},支出\n"
                               "2026-01-05,记-1,物业费,物业费,4.92,\n")
    with pytest.raises(LedgerFileError, match=re.escape("in 元, to the fen: enter them in 元")):
        read_ledger(path, Q1)


def test_a_date_in_a_format_chinese_excel_builds_in_is_read_as_its_date(tmp_path):
    # Stored by its number only (31: yyyy"年"m"月"d"日"), which openpyxl does not know: read as the day number 46027.
    path = write_xlsx(tmp_path, [["日期", "凭证号", "摘要", "类别", "收入", "支出"],
                                 [datetime(2026, 1, 5), "记-1", "物业费", "物业费", 100, None],
                                 [datetime(2026, 1, 6), "记-2", "灭火器", "维修", None, 60]])
    book = openpyxl.load_workbook(path)
    for cell in ("A2", "A3"):
        book.active[cell].number_format = "mm-dd-yy"  # built in, as 14
    book.save(path)
    book = zipfile.ZipFile(path)
    parts = {name: book.read(name) for name in book.namelist()}
    book.close()
    styles = parts["xl/styles.xml"].decode()
    assert 'numFmtId="14"' in styles
    parts["xl/styles.xml"] = styles.replace('numFmtId="14"', 'numFmtId="31"').encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    ledger = read_ledger(path, Q1)
    assert ledger.problems == [] and [line.date for line in ledger.income + ledger.expenses] == [
        date(2026, 1, 5), date(2026, 1, 6)]


def test_a_description_merged_across_the_category_beside_it_is_no_category(tmp_path):
    path = write_xlsx(tmp_path, [["日期", "凭证号", "摘要", "类别", "收入", "支出"],
                                 [datetime(2026, 1, 5), "记-1", "购买灭火器", None, None, 600]], merged=("C2:D2",))
    assert read_ledger(path, Q1).problems == [RowProblem(2, "类别", "expected a category such as 物业费, found an empty "
                                                                   "cell")]


def test_a_formulas_result_is_read_as_the_amount_excel_shows(tmp_path):
    path = write_xlsx(tmp_path, [["日期", "凭证号", "摘要", "类别", "收入", "支出"],
                                 [datetime(2026, 1, 5), "记-1", "找零", "其他", None, 10.1 - 10]])
    assert 10.1 - 10 == 0.09999999999999964
    ledger = read_ledger(path, Q1)
    assert ledger.problems == [] and [line.amount for line in ledger.expenses] == [Decimal("0.10")]


def test_invisible_characters_pasted_into_cells_are_left_out(tmp_path):
    # 维修 and 维修 with a zero-width space were two categories on the site; 600.00 with one was refused as
    # '600.00', which looks right.
    path = write_csv(tmp_path, HEADER + "2026-01-05,记-1,灭火器,维修\u200b,,600.00\u200b\n"
                                        "2026-01-06,记-2,水管,维修,,100.00\n")
    ledger = read_ledger(path, Q1)
    assert ledger.problems == [] and [(line.category, line.amount) for line in ledger.expenses] == [
        ("维修", Decimal("600.00")), ("维修", Decimal("100.00"))]


def test_a_unicode_text_file_saved_by_excel_is_read(tmp_path):
    path = write_csv(tmp_path, HEADER.replace(",", "\t") + "2026-01-05\t记-1\t物业费\t物业费\t100.00\t\n", "utf-16")
    assert lines(read_ledger(path, Q1).income) == [(date(2026, 1, 5), "记-1", "物业费", "物业费", Decimal("100.00"))]


def test_a_years_ledger_is_one_error_that_says_to_copy_the_quarters_lines_onto_a_sheet(tmp_path):
    rows = "".join(f"2026-{month:02}-05,记-{month},物业费,物业费,100.00,\n" for month in range(1, 13))
    with pytest.raises(LedgerFileError, match=re.escape(
            "the sheet holds the lines of 4 quarters (2026-Q1: 3, 2026-Q2: 3, 2026-Q3: 3, 2026-Q4: 3 lines), and a "
            "quarter is imported from a sheet of its own: copy the lines of 2026-Q1 onto a new sheet")):
        read_ledger(write_csv(tmp_path, HEADER + rows), Q1)


@pytest.mark.parametrize("category", ["共有收益：停车", "共有收益（广告）", "共有收益-电梯广告"])
def test_a_shared_revenue_source_is_named_without_the_punctuation_after_the_category(category):
    line = LedgerLine(date=date(2026, 1, 5), category=category, description="收入", amount=Decimal("1.00"),
                      voucher="记-1")
    text = finance_yaml(ImportedLedger([line], [], [], 1), Q1, Decimal("0.00"), "账本.csv", WRITTEN)
    source = category.removeprefix("共有收益").strip("-：（）")
    assert f'- {{source: "{source}", gross: 1.00, costs: 0.00}}' in text
