"""Importing a committee's ledger spreadsheet (CSV or XLSX) as a finance file.

Secretaries keep the quarter's cash or bank journal in Excel or WPS, and
retyping it into YAML is where figures go wrong. `read_ledger` reads such a
sheet, finds the header row under any title rows, and turns each transaction
into a LedgerLine; `finance_yaml` writes the lines as the text of
finances/<YYYY>-Q<n>.yaml with a closing balance that reconciles.

What it must not do: guess. An amount that is not plainly an amount, a date
that is not plainly a date in the quarter, a line without its voucher,
category or description is reported by row number, never rounded, defaulted
or dropped; the rows that could be read are still returned. Only rows that
are not transactions (blank rows, total and carry-forward lines, a repeated
header) are skipped silently; the totals and the running balance the sheet
states are checked against the lines. Money is Decimal from the cell's text,
never a float. It writes no files: `opening_balance` decides what the quarter
opens with, from the quarter before's closing balance the caller reads.
"""

from __future__ import annotations

import collections
import csv
import io
import math
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.attachment_text import MAX_XML_UNPACKED, xml_unpacked
from generator.cjk import join_wide_lines
from generator.messages import joined, tr
from generator.model.base import CENT, OTHER_DASHES, is_invisible, written_date
from generator.model.finance import SHARED_REVENUE_CATEGORY, LedgerLine, Quarter, sum_amounts
from generator.scaffold import (allocations_example, audit_example, closing_balance_of, finance_posting,
                                shared_revenue_example)
from generator.schema_errors import message_and_hint


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as the spreadsheet program numbers rows
    column: str  # header text of the offending column; '' when about the whole row
    message: str  # what was expected and what was found


@dataclass(frozen=True)
class ImportedLedger:
    income: list[LedgerLine]
    expenses: list[LedgerLine]
    problems: list[RowProblem]
    header_row: int  # the (last) header row; data starts below it
    # The balance the sheet opens with, when it has a balance column: a carry-forward row's (上季度结转), else
    # the first line's balance less that line. The caller compares it with the quarter before's closing.
    opening: Decimal | None = None
    opening_row: int = 0
    sheet: str = ""  # the name of the sheet read, in a workbook of several


class LedgerFileError(Exception):
    """The file cannot be imported at all: wrong kind, unreadable, or no header row."""


HEADER_SEARCH_ROWS = 10
_SAVE_AS_XLSX = (".xls", ".xlsm", ".xlsb", ".et", ".ods", ".numbers")  # workbooks of other programs or formats
# LedgerLine amounts are Money: at most 14 digits, 2 of them decimals.
AMOUNT_LIMIT = Decimal("1000000000000")

_ALIASES = {
    "date": ("日期", "记账日期", "date"),
    # Or, as a cash journal (日记账) dates its lines, a month and a day column, the year being the quarter's.
    "month": ("月", "月份"),
    "day": ("日",),
    "voucher": ("凭证号", "凭证编号", "凭证字号", "凭证", "voucher", "voucher no.", "voucher no"),
    "description": ("摘要", "说明", "内容", "description"),
    "category": ("类别", "科目", "分类", "项目", "会计科目", "对方科目", "收支项目", "费用类别", "category"),
    # A cash or bank journal is kept from the fund's side: 借方 (debit) is
    # money coming in, 贷方 (credit) is money going out.
    "income": ("收入", "收入金额", "借方", "借方金额", "income"),
    "expense": ("支出", "支出金额", "贷方", "贷方金额", "expense"),
    "amount": ("金额", "amount"),  # one signed column: positive in, negative out
    # Or an unsigned 金额 beside a column saying which way the money went;
    # read as signed, every expense would become income.
    "direction": ("收支", "收/支", "收支类型", "收支方向", "收支类别", "收付", "收付方向"),
    # The running balance beside each line: checked, never imported.
    "balance": ("余额", "结余", "账面余额", "balance"),
}
_DIRECTIONS = {"收入": "income", "收": "income", "收款": "income", "支出": "expense", "支": "expense",
               "付款": "expense"}
_SIDES = ("income", "expense")
_REQUIRED_TEXT = ("voucher", "description", "category")  # the roles each line needs a text in


def _no_column(role: str) -> str:
    """The problem of a ledger without the `role` column (one of _REQUIRED_TEXT)."""
    return {
        "voucher": tr("expected a voucher column (凭证号 or voucher), found none; every line needs a voucher number "
                      "such as 记-2026-001"),
        "description": tr("expected a description column (摘要 or description), found none; every line needs a "
                          "description (摘要)"),
        "category": tr("expected a category column (类别, 科目 or category), found none; every line needs a category "
                       "such as 物业费"),
    }[role]


def _empty_text(role: str) -> str:
    """The problem of a line whose `role` cell (one of _REQUIRED_TEXT) is empty."""
    return {
        "voucher": tr("expected a voucher number such as 记-2026-001, found an empty cell"),
        "description": tr("expected a description (摘要), found an empty cell"),
        "category": tr("expected a category such as 物业费, found an empty cell"),
    }[role]


# Header cells often carry their unit: 收入（元）, 金额(RMB).
_UNIT = re.compile(r"\((元|人民币|rmb|cny|¥)\)$")
# Another unit, in a header cell or a row above it (单位：万元), would make every amount wrong by a factor.
_OTHER_UNIT = re.compile(r"(?:单位|金额)\s*:?\s*(千元|万元|百万元|亿元)|\(\s*(千元|万元|百万元|亿元)\s*\)")  # after NFKC
# Lines that sum or carry other lines: importing them would count money twice.
# A month's or a quarter's total may name it: 7月合计, 七月份小计, 第三季度合计, 三季度合计, Q3合计.
_MONTH = "(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月份?"
_QUARTER = "(?:第?[一二三四1-4]季度?|q[1-4])"
_SUMMARY = re.compile(
    rf"^(本[日月季年期]|本季度|本年度|全年|{_MONTH}|{_QUARTER})?(合计|小计|总计|累计)$"
    r"|^(承前页|承上页|过次页|转次页)$|^上(年度?|季度?|月|期|页)(结转|余额|结余)$|^结转下(年度?|季度?|月|期|页)$"
    r"|^[年季月期][初末](余额|结余)$"
    r"|^(sub|grand)?total$|^(opening|closing)balance$|^(brought|carried)forward$")
_AMOUNT_PLAIN = re.compile(r"^\d+(\.\d+)?$")
# Separators must group thousands: '12,34' is more likely a mistyped 12.34 than 1,234.
_AMOUNT_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_CURRENCY = re.compile(r"¥|元|rmb|cny", re.IGNORECASE)
_NO_AMOUNT = {"", "-", "--", "–", "—"}  # accounting formats show zero as a dash
_FLOAT_NOISE = Decimal("1e-8")


# A line hidden in the workbook (a voided one, or one filtered out) would be published unseen.
def _hidden_row() -> str:
    return tr("expected every line to be seen before it is published, found the row hidden in the workbook (or "
              "filtered out); unhide it (取消隐藏) or clear the filter, delete it if it is no line of the ledger, and "
              "import again")


def _header_key(text: str) -> str:
    key = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    return _UNIT.sub("", key)


_ROLE_BY_KEY = {_header_key(alias): role for role, aliases in _ALIASES.items() for alias in aliases}


# Reading ---------------------------------------------------------------------


@dataclass
class _Sheet:
    """Cell values by row; `merged` holds what a merged range shows in its other cells."""

    rows: list[list[Any]]
    merged: dict[tuple[int, int], Any] = field(default_factory=dict)  # (row, column), 0-based
    name: str = ""  # a workbook's sheet's; a CSV file is one sheet, with none
    hidden_rows: frozenset[int] = frozenset()  # 0-based: hidden, folded away or filtered out in the workbook
    hidden: bool = False  # the sheet itself


@dataclass(frozen=True)
class _Header:
    row: int  # 1-based number of the last header row
    columns: dict[str, tuple[int, str]]  # role -> (0-based column, header text), in sheet order


def read_ledger(path: Path, quarter: Quarter) -> ImportedLedger:
    """Read a ledger sheet; raises LedgerFileError if nothing in it can be imported."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise LedgerFileError(tr("expected a .csv or .xlsx file, found '%(name)s'; open it in Excel or WPS and save "
                                 "it as .xlsx", name=path.name) if suffix in _SAVE_AS_XLSX else
                              tr("expected a .csv or .xlsx file, found '%(name)s'", name=path.name))
    if not path.is_file():
        raise LedgerFileError(tr("no such file: %(path)s", path=path))
    if path.name.startswith("~$"):
        raise LedgerFileError(tr("'%(name)s' is the lock file Excel or WPS keeps while '%(workbook)s' is open, not a "
                                 "ledger; import '%(workbook)s'", name=path.name, workbook=path.name[2:]))
    sheet, header = _dated(*_csv_sheet(path), quarter) if suffix == ".csv" else _xlsx_sheet(path, quarter)
    _check_unit(sheet, header)
    header = _with_direction(sheet, header)
    missing = _missing_columns(header)
    if missing:
        return ImportedLedger([], [], missing, header.row)
    return _read_rows(sheet, header, quarter)


def _csv_sheet(path: Path) -> tuple[_Sheet, _Header]:
    text = _decode(path)
    # Excel writes commas, but some exports use tabs or semicolons: the right
    # delimiter is the one that yields a header row.
    for delimiter in (",", "\t", ";"):
        try:
            rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        except csv.Error as exc:
            raise LedgerFileError(tr("cannot read '%(name)s' as CSV: %(reason)s", name=path.name, reason=exc)) from None
        header = _find_header(rows)
        if header:
            return _Sheet(rows), header
    raise _no_header(path)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    # UTF-8 first: GB18030 would also decode most UTF-8 bytes, into nonsense.
    # Chinese Excel saves "CSV (逗号分隔)" as GBK, which GB18030 contains.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode 文本 (*.txt)", tab-separated
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(tr("cannot read '%(name)s': expected UTF-8 or GBK text", name=path.name))


def _xlsx_sheet(path: Path, quarter: Quarter) -> tuple[_Sheet, _Header]:
    """The sheet of the workbook that is the ledger of `quarter`: of those with a header row, the one with
    the most lines dated in it (a workbook often keeps a sheet per quarter, or a 说明 sheet first)."""
    # Imported here so that commands that never read a workbook start without it.
    import openpyxl
    from openpyxl.styles.numbers import BUILTIN_FORMATS
    from openpyxl.utils.exceptions import InvalidFileException

    for number, code in _CHINESE_DATE_FORMATS.items():
        BUILTIN_FORMATS.setdefault(number, code)
    if (unpacked := xml_unpacked(path)) > MAX_XML_UNPACKED:
        raise LedgerFileError(tr("cannot read '%(name)s': its sheets unpack to %(size)s MB, more than a ledger holds; "
                                 "save the quarter's lines alone in a new workbook", name=path.name,
                                 size=unpacked // 2**20))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; values are unaffected.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, data_only=True)
    except zipfile.BadZipFile:
        raise LedgerFileError(tr("cannot read '%(name)s' as an Excel workbook: it is not an .xlsx file inside (an old "
                                 ".xls or a WPS .et renamed?); open it in Excel or WPS and save it as .xlsx",
                                 name=path.name)) from None
    except (InvalidFileException, KeyError, OSError) as exc:
        raise LedgerFileError(tr("cannot read '%(name)s' as an Excel workbook: %(reason)s", name=path.name,
                                 reason=exc)) from None
    ledgers = []
    for worksheet in book.worksheets:
        sheet = _Sheet([[_shown(cell) for cell in row] for row in worksheet.iter_rows()], _merged_values(worksheet),
                       worksheet.title if len(book.worksheets) > 1 else "",
                       frozenset(row - 1 for row, shape in worksheet.row_dimensions.items() if shape.hidden),
                       worksheet.sheet_state != "visible")
        header = _find_header(sheet.rows)
        if header is not None:
            ledgers.append(_dated(sheet, header, quarter))
    book.close()
    if not ledgers:
        raise _no_header(path, sheets=len(book.worksheets))
    dated = [(ledger, sum(quarter.first_day <= day <= quarter.last_day for day in _dates(*ledger)))
             for ledger in ledgers]
    holding = [(ledger[0].name, count) for ledger, count in dated if count]
    if len(holding) > 1:  # a sheet a month: importing the one with the most lines dropped the others' unnoticed
        counts = joined([tr("%(sheet)s: %(count)s", sheet=name, count=count) for name, count in holding])
        raise LedgerFileError(tr(
            "the lines of %(quarter)s are on %(n)s sheets of '%(name)s' (%(counts)s), and a quarter is imported from "
            "one sheet; copy its lines onto one sheet, in the order of their dates, and import again",
            quarter=quarter, n=len(holding), name=path.name, counts=counts))
    sheet, header = max(dated, key=lambda pair: pair[1])[0]  # the first of equals
    if sheet.hidden:  # its lines would be published without anyone having seen them in the workbook
        raise LedgerFileError(tr("the lines of %(quarter)s are on the sheet '%(sheet)s', which is hidden in "
                                 "'%(name)s'; unhide it (right-click a sheet's tab, 取消隐藏) and check its lines, "
                                 "then import again", quarter=quarter, sheet=sheet.name, name=path.name))
    return sheet, header


# The number formats Chinese Excel and WPS build in, stored by number only (ECMA-376 18.8.30, zh-cn), which
# openpyxl does not know: a date cell in one of them (2026年10月8日) was read as its day number, 46303.
_CHINESE_DATE_FORMATS = {
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}


# A number shown with text around its zero-padded digits, as vouchers are numbered: 5 in "记-"000 shows 记-005.
_CODE_FORMAT = re.compile(r'(?P<before>(?:"[^"]*"|\\.)*)(?P<digits>0+)(?P<after>(?:"[^"]*"|\\.)*)')
_FORMAT_TEXT = re.compile(r'"([^"]*)"|\\(.)')


def _shown(cell: Any) -> Any:
    """A cell's value; a whole number formatted as a code (a voucher number), as the sheet shows it."""
    value = cell.value
    code = _CODE_FORMAT.fullmatch(cell.number_format or "") if type(value) is int and value >= 0 else None
    if code is None or code.group() == "0":
        return value
    return f"{_format_text(code['before'])}{value:0{len(code['digits'])}d}{_format_text(code['after'])}"


def _format_text(part: str) -> str:
    """The text a number format writes as it is: "记-" or \\-."""
    return "".join(quoted or escaped for quoted, escaped in _FORMAT_TEXT.findall(part))


def _merged_values(worksheet: Any) -> dict[tuple[int, int], Any]:
    """A merged date or voucher reads, on screen, as belonging to every row it spans; a 摘要 merged across the
    科目 beside it is no category."""
    shown = {}
    for cells in worksheet.merged_cells.ranges:
        value = worksheet.cell(cells.min_row, cells.min_col).value
        for row in range(cells.min_row, cells.max_row + 1):
            shown[(row - 1, cells.min_col - 1)] = value
    return shown


def _no_header(path: Path, sheets: int = 1) -> LedgerFileError:
    if sheets > 1:
        return LedgerFileError(tr(
            "no header row in the first %(rows)s rows of any of the %(sheets)s sheets of '%(name)s': expected a row "
            "with a date column (日期, 记账日期 or date) and an amount column (收入/支出, 借方/贷方, 金额, "
            "income/expense or amount)", rows=HEADER_SEARCH_ROWS, sheets=sheets, name=path.name))
    return LedgerFileError(tr(
        "no header row in the first %(rows)s rows of '%(name)s': expected a row with a date column (日期, 记账日期 or "
        "date) and an amount column (收入/支出, 借方/贷方, 金额, income/expense or amount)", rows=HEADER_SEARCH_ROWS,
        name=path.name))


def _find_header(rows: list[list[Any]]) -> _Header | None:
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(cells)
        if "date" not in columns and not {"month", "day"} <= columns.keys():
            continue
        below = _sub_header(rows[index + 1]) if index + 1 < len(rows) else {}
        if not columns.keys() & set(_SIDES) and below.keys() & set(_SIDES):
            # A two-row header: 金额 above, 收入 and 支出 (or 借方 and 贷方) under it.
            sides = {role: spot for role, spot in below.items() if role in _SIDES}
            return _Header(index + 2, _in_sheet_order({**columns, **sides}))
        if columns.keys() & {*_SIDES, "amount"}:
            return _Header(index + 1, _in_sheet_order(columns))
    return None


def _dated(sheet: _Sheet, header: _Header, quarter: Quarter) -> tuple[_Sheet, _Header]:
    """A sheet dated by month and day columns, as one with a date column: the month's cell holds the date, in
    the year of the quarter imported. A journal writes the month on its first line only: it holds down."""
    if "date" in header.columns or "month" not in header.columns:
        return sheet, header
    (month_column, month_heading), (day_column, _) = header.columns["month"], header.columns["day"]
    rows, month = [list(cells) for cells in sheet.rows], None
    for cells in rows[header.row:]:
        cells.extend([None] * (max(month_column, day_column) + 1 - len(cells)))
        written, day = _text(cells[month_column]).removesuffix("月"), _text(cells[day_column]).removesuffix("日")
        month = written or month
        if day and month:
            cells[month_column] = _day_of(quarter.year, month, day)
    columns = {role: spot for role, spot in header.columns.items() if role not in ("month", "day")}
    return (replace(sheet, rows=rows),
            _Header(header.row, _in_sheet_order({**columns, "date": (month_column, f"{month_heading}/日")})))


def _day_of(year: int, month: str, day: str) -> date | str:
    """The day, or as written (10月32日) for the line to report."""
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return f"{month}月{day}日"


def _check_unit(sheet: _Sheet, header: _Header) -> None:
    for cells in sheet.rows[:header.row]:
        for value in cells:
            unit = _OTHER_UNIT.search(unicodedata.normalize("NFKC", value)) if isinstance(value, str) else None
            if unit:
                raise LedgerFileError(tr("the amounts are in %(unit)s ('%(cell)s'), and a disclosure gives them in "
                                         "元, to the fen: enter them in 元 (a sheet of its own with =B2*10000 and so "
                                         "on, then copy and paste as values) and import that",
                                         unit=unit.group(1) or unit.group(2), cell=_text(value)))


def _with_direction(sheet: _Sheet, header: _Header) -> _Header:
    """An unsigned 金额 beside a column that says 收入 or 支出 under another heading (类型, 方向): read as
    signed, every expense would be income."""
    if "amount" not in header.columns or "direction" in header.columns:
        return header
    taken = {column for column, _ in header.columns.values()}
    rows = [cells for cells in sheet.rows[header.row:] if not _not_a_transaction(cells, header)]
    for column in range(max((len(cells) for cells in rows), default=0)):
        said = [_text(cells[column]) for cells in rows if column < len(cells) and not _blank(cells[column])]
        if column not in taken and said and all(word in _DIRECTIONS for word in said):
            above = sheet.rows[header.row - 1]
            heading = (_text(above[column]) if column < len(above) else "") or "收支"
            return _Header(header.row, _in_sheet_order({**header.columns, "direction": (column, heading)}))
    return header


def _columns(cells: list[Any]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, value in enumerate(cells):
        role = _ROLE_BY_KEY.get(_header_key(value)) if isinstance(value, str) else None
        if role and role not in found:
            found[role] = (index, _text(value))
    return found


def _sub_header(cells: list[Any]) -> dict[str, tuple[int, str]]:
    """The columns of a row holding nothing but header words; a data row whose 类别 says 收入 is not one."""
    columns = _columns(cells)
    filled = sum(not _blank(value) for value in cells)
    return columns if filled == len(columns) and not columns.keys() & {"date", "month"} else {}


def _in_sheet_order(columns: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    if columns.keys() & set(_SIDES):
        columns = {role: spot for role, spot in columns.items() if role not in ("amount", "direction")}
    return dict(sorted(columns.items(), key=lambda item: item[1][0]))


def _missing_columns(header: _Header) -> list[RowProblem]:
    """A column missing altogether is one problem, not one per row."""
    problems = []
    for role in _REQUIRED_TEXT:
        if role not in header.columns:
            problems.append(RowProblem(header.row, "", _no_column(role)))
    return problems


def _read_rows(sheet: _Sheet, header: _Header, quarter: Quarter) -> ImportedLedger:
    _check_quarter(sheet, header, quarter)
    income: list[LedgerLine] = []
    expenses: list[LedgerLine] = []
    problems: list[RowProblem] = []
    totals, balances = _StatedTotals(header), _StatedBalances(header)
    for index in range(header.row, len(sheet.rows)):
        if _not_a_transaction(sheet.rows[index], header):
            totals.check(index + 1, sheet.rows[index], income, expenses, len(problems))
            balances.carried(index + 1, sheet.rows[index])
            continue
        if index in sheet.hidden_rows:
            problems.append(RowProblem(index + 1, "", _hidden_row()))
        cells = {role: _cell(sheet, index, column, role) for role, (column, _) in header.columns.items()
                 if role != "balance"}
        side, line, found = _read_line(index + 1, cells, header, quarter)
        problems.extend(found)
        if line is not None:
            (income if side == "income" else expenses).append(line)
        balances.after(index + 1, sheet.rows[index],
                       None if line is None else line.amount if side == "income" else -line.amount)
    problems = sorted(problems + totals.problems + balances.problems + _unsigned(header, income, expenses),
                      key=lambda problem: problem.row)
    return ImportedLedger(income, expenses, problems, header.row, balances.opening, balances.opening_row, sheet.name)


def _unsigned(header: _Header, income: list[LedgerLine], expenses: list[LedgerLine]) -> list[RowProblem]:
    """A signed 金额 column without one amount below zero is most likely unsigned: its expenses would be
    published as income."""
    if "amount" not in header.columns or "direction" in header.columns or expenses or not income:
        return []
    return [RowProblem(header.row, header.columns["amount"][1], tr(
        "expected expenses as amounts below zero, or a column saying 收入 or 支出 beside each amount (headed 收支), "
        "found every amount above zero: each line would be imported as income. If every line of the quarter is "
        "income, head the column 收入"))]


class _StatedBalances:
    """The running balance a ledger states beside its lines (余额), checked line by line: a line typed wrong
    shows where the balance stops following from the lines. After a difference, or a line that could not be
    read, the next lines are checked from the balance the sheet states, so one mistake is reported once."""

    def __init__(self, header: _Header):
        self.column = header.columns.get("balance")
        self.running: Decimal | None = None  # None: not known since a line that could not be read
        self.opening: Decimal | None = None
        self.opening_row = 0
        self.problems: list[RowProblem] = []
        self._started = False  # a row has stated a balance
        # What the lines above the first stated balance add (a cash journal may state it once a day only);
        # None when one of them could not be read, and the opening balance cannot be told.
        self._before: Decimal | None = Decimal("0.00")

    def carried(self, row: int, cells: list[Any]) -> None:
        """A total or carry-forward row: at the top, the balance the sheet opens with; lower down, the balance
        the lines above come to."""
        self._stated_at(row, self._stated(cells))

    def after(self, row: int, cells: list[Any], change: Decimal | None) -> None:
        """A line that adds `change` (None: it could not be read)."""
        if not self._started:
            self._before = None if change is None or self._before is None else self._before + change
        elif change is None or self.running is None:
            self.running = None
        else:
            self.running += change
        self._stated_at(row, self._stated(cells))

    def _stated_at(self, row: int, stated: Decimal | None) -> None:
        if stated is None:
            return
        if not self._started and self._before is not None:
            self.opening, self.opening_row = stated - self._before, row
        if self.running is not None:
            self._compare(row, stated)
        self._started, self.running = True, stated

    def _stated(self, cells: list[Any]) -> Decimal | None:
        if self.column is None or self.column[0] >= len(cells):
            return None
        try:
            return _amount(cells[self.column[0]])
        except _CellProblem:
            return None

    def _compare(self, row: int, stated: Decimal) -> None:
        if stated != self.running:
            self.problems.append(RowProblem(row, self.column[1], tr(
                "the balance says %(stated)s, but the balance above with this row's amounts comes to %(running)s "
                "(difference %(difference)s)", stated=_grouped(stated), running=_grouped(self.running),
                difference=_grouped(stated - self.running))))


def _check_quarter(sheet: _Sheet, header: _Header, quarter: Quarter) -> None:
    """A ledger whose lines are all dated in one other quarter was chosen for the wrong one, and one that holds
    other quarters' too is a half year's or a year's: one error says so, rather than one per line. A few lines
    of another quarter are each reported (a mistyped date)."""
    days = _dates(sheet, header)
    found = collections.Counter(Quarter.containing(day) for day in days)
    if len(found) == 1 and quarter not in found:
        other = next(iter(found))
        raise LedgerFileError(tr("every line is dated in %(other)s (%(first)s to %(last)s), none in %(quarter)s: is "
                                 "this the ledger of %(other)s? Import it as %(other)s, or choose the file of "
                                 "%(quarter)s", other=other, first=min(days), last=max(days), quarter=quarter))
    if quarter in found and len(days) - found[quarter] > _STRAY_LINES:
        counts = joined([tr("%(quarter)s: %(count)s", quarter=other, count=count)
                         for other, count in sorted(found.items())])
        raise LedgerFileError(tr("the sheet holds the lines of %(n)s quarters (%(counts)s lines), and a quarter is "
                                 "imported from a sheet of its own: copy the lines of %(quarter)s onto a new sheet, "
                                 "under the same header row, and import that", n=len(found), counts=counts,
                                 quarter=quarter))


_STRAY_LINES = 3  # lines dated in other quarters that are taken for mistyped dates, each reported


def _dates(sheet: _Sheet, header: _Header) -> list[date]:
    """The date of each line that has a readable one."""
    column = header.columns["date"][0]
    days = []
    for index in range(header.row, len(sheet.rows)):
        if not _not_a_transaction(sheet.rows[index], header):
            try:
                days.append(_date(_cell(sheet, index, column, "date")))
            except (_CellProblem, ValueError, TypeError):
                continue  # its line says what is wrong with it
    return days


# A total row adds up the whole quarter (合计, 本季合计) or the lines since the last row with the same label
# (本月合计: the month's). 累计 and 本年合计 count earlier quarters too, and are not checked.
_WHOLE_TOTAL = re.compile(rf"^(本[季期]|本季度|{_QUARTER})?(合计|总计)$|^(grand)?total$")
_PART_TOTAL = re.compile(rf"^(本[日月]|{_MONTH})?(合计|小计)$|^小计$|^subtotal$")
_NAMED_MONTH = re.compile(_MONTH)


class _StatedTotals:
    """The totals a ledger states, checked against the lines they add up: a difference means a line was
    typed wrong or left out, and the disclosure would not match the books."""

    def __init__(self, header: _Header):
        self.header = header
        self.problems: list[RowProblem] = []
        self._since: dict[str, tuple[int, int, int]] = {}  # label -> lines and row problems at its last row
        self._last: tuple[int, int, int] = (0, 0, 0)  # the same at the last total row, whatever its label
        self._last_row = 0

    def check(self, row: int, cells: list[Any], income: list[LedgerLine], expenses: list[LedgerLine],
              unread: int) -> None:
        label = next((key for value in cells if isinstance(value, str)
                      and _SUMMARY.match(key := _header_key(value).rstrip(":"))), "")
        if not (set(_SIDES) <= self.header.columns.keys() and (_WHOLE_TOTAL.match(label) or
                                                                 _PART_TOTAL.match(label))):
            return  # a single amount column's total may be a net or a gross: it cannot be told
        # 8月合计 adds up the lines since 7月合计 or 本月合计
        since = "a month" if _NAMED_MONTH.match(label) or label.startswith("本月") else label
        start = (0, 0, 0) if _WHOLE_TOTAL.match(label) else self._since.get(since, (0, 0, 0))
        last, last_row = self._last, self._last_row
        self._since[since] = self._last = (len(income), len(expenses), unread)
        self._last_row = row
        if unread > start[2]:
            return  # a row it counts could not be read, and is reported already
        for side, lines, first, since_last in (("income", income, start[0], last[0]),
                                               ("expense", expenses, start[1], last[1])):
            column, name = self.header.columns[side]
            try:
                stated = _amount(cells[column]) if column < len(cells) else None
            except _CellProblem:
                stated = None
            added = sum_amounts([line.amount for line in lines[first:]])
            if stated is None or stated == added:
                continue
            figures = {"label": label, "stated": _grouped(stated), "added": _grouped(added),
                       "difference": _grouped(stated - added)}
            if _WHOLE_TOTAL.match(label) and last_row and stated == sum_amounts([line.amount
                                                                                for line in lines[since_last:]]):
                message = tr("the %(label)s row says %(stated)s, but the lines it adds up come to %(added)s "
                             "(difference %(difference)s); it is what the lines since the total in row %(row)s come "
                             "to: a row headed 合计 adds up every line above it, and a month's total is headed "
                             "本月合计 or 10月合计", row=last_row, **figures)
            else:
                message = tr("the %(label)s row says %(stated)s, but the lines it adds up come to %(added)s "
                             "(difference %(difference)s)", **figures)
            self.problems.append(RowProblem(row, name, message))


def _cell(sheet: _Sheet, index: int, column: int, role: str) -> Any:
    row = sheet.rows[index]
    value = row[column] if column < len(row) else None
    # A merged amount is not copied down: that would count the money once per row.
    if _blank(value) and role not in (*_SIDES, "amount"):
        return sheet.merged.get((index, column), value)
    return value


def _not_a_transaction(row: list[Any], header: _Header) -> bool:
    """Blank rows, total and carry-forward lines, and a header repeated on a new page."""
    if all(_blank(row[column]) for column, _ in header.columns.values() if column < len(row)):
        return True
    if any(isinstance(value, str) and _SUMMARY.match(_header_key(value).rstrip(":")) for value in row):
        return True
    repeated = _columns(row)
    return "date" in repeated and bool(repeated.keys() & {*_SIDES, "amount"})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# One ledger row ----------------------------------------------------------------


class _CellProblem(Exception):
    """A cell that cannot be read; the message says what was expected and found."""


def _read_line(row: int, cells: dict[str, Any], header: _Header,
               quarter: Quarter) -> tuple[str, LedgerLine | None, list[RowProblem]]:
    values: dict[str, Any] = {}
    problems = []
    for role, value in cells.items():
        try:
            values[role] = _read_cell(role, value, quarter)
        except _CellProblem as problem:
            problems.append(RowProblem(row, header.columns[role][1], str(problem)))
    side, amount = _side_and_amount(row, values, cells, header, problems)
    if problems:
        return side, None, problems
    try:
        line = LedgerLine(date=values["date"], category=values["category"], description=values["description"],
                          amount=amount, voucher=values["voucher"])
    except ValidationError as error:  # what the model refuses of a cell read right (a category '物业 费')
        return side, None, [RowProblem(row, header.columns.get(str(problem["loc"][0]), (0, ""))[1],
                                       _with_hint(*message_and_hint(problem, problem["loc"], LedgerLine)))
                            for problem in error.errors()]
    return side, line, []


def _with_hint(problem: str, hint: str) -> str:
    return tr("%(problem)s; %(hint)s", problem=problem, hint=hint) if hint else problem


def _read_cell(role: str, value: Any, quarter: Quarter) -> Any:
    if role == "date":
        return _date_in(quarter, value)
    if role == "direction":
        return _direction(value)
    if role in _REQUIRED_TEXT:
        text = _text(value)
        if not text:
            raise _CellProblem(_empty_text(role))
        # 共有收益－停车 and 共有收益—停车 in one ledger are one category to its keeper: one spelling on the site.
        return OTHER_DASHES.sub("-", text) if role == "category" else text
    amount = _amount(value)
    if role in _SIDES and amount is not None and amount < 0:
        raise _CellProblem(tr("expected a positive amount, found '%(found)s'", found=_text(value)))
    return amount


def _side_and_amount(row: int, values: dict[str, Any], cells: dict[str, Any], header: _Header,
                     problems: list[RowProblem]) -> tuple[str, Decimal]:
    """Which side the money is on; a zero counts as no amount."""
    amount_roles = [role for role in (*_SIDES, "amount") if role in header.columns]
    if any(role not in values for role in amount_roles):
        return "", Decimal(0)  # an amount cell already reported
    filled = [role for role in amount_roles if values[role]]
    if len(filled) != 1:
        problems.append(_not_one_amount(row, values, cells, header, amount_roles, filled))
        return "", Decimal(0)
    role, amount = filled[0], values[filled[0]]
    if role in _SIDES:
        return role, amount
    if "direction" not in header.columns:
        return ("income" if amount > 0 else "expense"), abs(amount)
    if amount < 0:
        problems.append(RowProblem(row, header.columns[role][1], tr(
            "expected a positive amount beside %(direction)s, found '%(found)s'",
            direction=header.columns["direction"][1], found=_text(cells[role]))))
    return values.get("direction", ""), amount


def _not_one_amount(row: int, values: dict[str, Any], cells: dict[str, Any], header: _Header,
                    amount_roles: list[str], filled: list[str]) -> RowProblem:
    if len(amount_roles) == 1:
        role = amount_roles[0]
        if values[role] is None:
            return RowProblem(row, header.columns[role][1], tr("expected an amount such as 1,234.50, found an empty "
                                                               "cell"))
        return RowProblem(row, header.columns[role][1], tr("expected a non-zero amount, found '%(found)s'",
                                                           found=_text(cells[role])))
    # Two: beside an income and an expense column, a signed amount column is not read (_in_sheet_order).
    income, expense = header.columns["income"][1], header.columns["expense"][1]
    if filled:
        return RowProblem(row, "", tr("expected an amount in %(income)s or in %(expense)s, not both; found "
                                      "'%(income_found)s' and '%(expense_found)s'", income=income, expense=expense,
                                      income_found=_text(cells["income"]), expense_found=_text(cells["expense"])))
    return RowProblem(row, "", tr("expected an amount in %(income)s or in %(expense)s, found neither", income=income,
                                  expense=expense))


# Cell values -------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as one line of text; an Excel number shows as Excel shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.15g}"
    else:
        text = "".join(ch for ch in str(value) if not is_invisible(ch))
    # A break inside a cell (Alt+Enter) is no space between Chinese characters;
    # any other becomes one, since a ledger line prints on one line.
    text = join_wide_lines(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return re.sub(r"\s*\n\s*", " ", text)


def _direction(value: Any) -> str:
    side = _DIRECTIONS.get(_text(value))
    if side is None:
        raise _CellProblem(tr("expected 收入 or 支出, found '%(found)s'", found=_text(value)) if _text(value) else
                           tr("expected 收入 or 支出, found an empty cell"))
    return side


def _date_in(quarter: Quarter, value: Any) -> date:
    day = _date(value)
    if not quarter.first_day <= day <= quarter.last_day:
        raise _CellProblem(tr("expected a date within %(quarter)s (%(first)s to %(last)s), found %(day)s",
                              quarter=quarter, first=quarter.first_day, last=quarter.last_day, day=day))
    return day


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if _blank(value):
        raise _CellProblem(tr("expected a date such as 2026-01-05, found an empty cell"))
    parts = written_date(_text(value))
    if not parts:
        if isinstance(value, (int, float)):
            # Excel stores dates as day numbers; without a date format the cell shows one.
            raise _CellProblem(tr("expected a date such as 2026-01-05, found the number %(found)s (format the cell "
                                  "as a date)", found=_text(value)))
        raise _CellProblem(tr("expected a date such as 2026-01-05, found '%(found)s'", found=_text(value)))
    try:
        return date(*parts)
    except ValueError:
        raise _CellProblem(tr("expected a date such as 2026-01-05, found '%(found)s' (no such date)",
                              found=_text(value))) from None


def _amount(value: Any) -> Decimal | None:
    """A signed amount with at most 2 decimal places, or None for an empty cell."""
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise _CellProblem(tr("expected an amount such as 1,234.50, found '%(found)s'", found=_text(value)))
    if isinstance(value, float):
        amount = _amount_from_float(value)
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    else:
        amount = _amount_from_text(_text(value))
    if amount is None:
        return None
    if amount != amount.quantize(CENT):
        raise _CellProblem(tr("expected at most 2 decimal places, found '%(found)s'", found=_text(value)))
    if abs(amount) >= AMOUNT_LIMIT:
        raise _CellProblem(tr("expected an amount below 1,000,000,000,000.00, found '%(found)s'", found=_text(value)))
    return amount.quantize(CENT)


def _amount_from_float(value: float) -> Decimal:
    if not math.isfinite(value):
        raise _CellProblem(tr("expected an amount such as 1,234.50, found '%(found)s'", found=value))
    # Excel keeps 15 significant digits and shows no more: a formula such as
    # =0.1+0.2 leaves 0.30000000000000004 in the file and 0.3 on screen. Taking
    # what is shown, then checking the places, keeps 12.345 from being rounded.
    shown = Decimal(f"{value:.15g}")
    # A subtraction's result is off by more (=10.1-10 leaves 0.0999999999999996), though never by a
    # millionth of a fen, as a typed 12.345 is.
    cents = shown.quantize(CENT)
    return cents if abs(shown - cents) < _FLOAT_NOISE else shown


def _amount_from_text(raw: str) -> Decimal | None:
    # NFKC turns full-width digits, signs, separators and brackets into ASCII.
    text = "".join(_CURRENCY.sub("", unicodedata.normalize("NFKC", raw)).split()).replace("\u2212", "-")
    if text in _NO_AMOUNT:
        return None
    negative = text.startswith("(") and text.endswith(")")  # accountants' (1,234.00)
    text = text[1:-1] if negative else text
    if text[:1] in ("+", "-"):
        negative, text = negative != (text[0] == "-"), text[1:]
    if not (_AMOUNT_PLAIN.match(text) or _AMOUNT_GROUPED.match(text)):
        raise _CellProblem(tr("expected an amount such as 1,234.50, found '%(found)s'", found=raw))
    amount = Decimal(text.replace(",", ""))
    return -amount if negative else amount


# Writing -----------------------------------------------------------------------


def opening_balance(ledger: ImportedLedger, closing: Decimal | None, note: str, previous: Quarter
                    ) -> tuple[Decimal | None, str, list[RowProblem]]:
    """What the quarter opens with, the comment that says where it comes from, and a problem when the ledger
    opens with another balance than the quarter before closed with (`closing`, None when unknown): the
    quarter before's, else the ledger's own, else None with `note` asking for it (a 0.00 put in its place
    was published as the balance when nobody wrote one)."""
    if closing is None:
        if ledger.opening is None:
            return None, note, []
        return ledger.opening, tr("the balance the ledger opens with, as %(previous)s gives none",
                                  previous=previous), []
    if ledger.opening is not None and ledger.opening != closing:
        return closing, note, [RowProblem(ledger.opening_row, "", tr(
            "the ledger opens with a balance of %(opening)s, but %(previous)s closed with %(closing)s (difference "
            "%(difference)s)", opening=_grouped(ledger.opening), previous=previous, closing=_grouped(closing),
            difference=_grouped(ledger.opening - closing)))]
    return closing, note, []


def finance_yaml(ledger: ImportedLedger, quarter: Quarter, opening_balance: Decimal | None, source_name: str,
                 today: date, opening_note: str = "", fund: str = "", posting: tuple[date, date] | None = None
                 ) -> str:
    """The text of finances/<quarter>.yaml: lines as imported, closing balance computed, and the posting
    period as `noticeboard new finance` writes it on `today` (or `posting`, the one of the file replaced).
    `opening_note`: where the opening balance comes from (by default, the quarter before's closing balance);
    `fund`: the maintenance_fund: section (`scaffold.fund_yaml`), if any. With no opening balance both
    balances are left for the secretary to write, which `check` insists on."""
    if opening_balance is not None and opening_balance != opening_balance.quantize(CENT):
        raise ValueError(f"expected an opening balance with at most 2 decimal places, found {opening_balance}")
    change = (sum_amounts([line.amount for line in ledger.income])
              - sum_amounts([line.amount for line in ledger.expenses]))
    posting_from, posting_to = posting or finance_posting(quarter, today)
    opening_note = opening_note or closing_balance_of(quarter.previous())
    balances = ([f"opening_balance: {_money(opening_balance)}    # {opening_note}",
                 f"closing_balance: {_money(opening_balance + change)}    # "
                 + tr("computed: opening + income - expenses")]
                if opening_balance is not None else
                [f"opening_balance:    # {opening_note}",
                 "closing_balance:    # " + (
                     tr("the opening balance + %(change)s (income less expenses)", change=_money(abs(change)))
                     if change >= 0 else
                     tr("the opening balance - %(change)s (income less expenses)", change=_money(abs(change))))])
    parts = [
        _header_comment(ledger, quarter, source_name),
        *balances,
        _lines_yaml("income", ledger.income),
        _lines_yaml("expenses", ledger.expenses),
        _shared_revenue_yaml(ledger.income),
        *([fund] if fund else []),
        audit_example(posting_from),
        f"posting:\n  from: {posting_from}\n  to: {posting_to}",
    ]
    return "\n".join(parts) + "\n"


def _header_comment(ledger: ImportedLedger, quarter: Quarter, source_name: str) -> str:
    # One message of several lines, each made a comment here: a translation breaks its lines where it reads well.
    lines = tr("Finances for %(quarter)s, imported from %(source)s.\n"
               "Before publishing, check:\n"
               "  - opening_balance is the closing balance of %(previous)s;\n"
               "  - closing_balance matches the bank statement and cash count on %(last_day)s;\n"
               "  - every line against its voucher, and that each category is spelt one way\n"
               "    throughout (the site totals by category);\n"
               "  - shared_revenue and audit below, and the posting dates.", quarter=quarter,
               source=_one_line(source_name), previous=quarter.previous(), last_day=quarter.last_day).split("\n")
    if ledger.problems:
        rows = len({problem.row for problem in ledger.problems})
        lines.append(tr("NOT included: %(rows)s row(s) of the ledger that could not be read:", rows=rows))
        lines += ["  " + (tr("row %(row)s, %(column)s: %(problem)s", row=p.row, column=p.column,
                             problem=_one_line(p.message)) if p.column else
                          tr("row %(row)s: %(problem)s", row=p.row, problem=_one_line(p.message)))
                  for p in ledger.problems]
    return "\n".join(f"# {line}" for line in lines)


def _lines_yaml(key: str, lines: list[LedgerLine]) -> str:
    if not lines:
        return f"{key}: []"
    return "\n".join([f"{key}:"] + [
        f"  - {{date: {line.date.isoformat()}, category: {_quoted(line.category)}, "
        f"description: {_quoted(line.description)}, amount: {_money(line.amount)}, "
        f"voucher: {_quoted(line.voucher)}}}" for line in lines])


def _shared_revenue_yaml(income: list[LedgerLine]) -> str:
    """The shared revenue the ledger received, one source per 共有收益 category (or, under the bare category, per
    description), gross as received and no costs yet; commented out when it received none."""
    received: dict[str, Decimal] = {}
    for line in income:
        if line.category.startswith(SHARED_REVENUE_CATEGORY):
            source = line.category.removeprefix(SHARED_REVENUE_CATEGORY).strip("-_ ：:（）()") or line.description
            received[source] = received.get(source, Decimal("0.00")) + line.amount
    if not received:
        return shared_revenue_example()
    return "\n".join(["shared_revenue:    # " + tr(
        "from the ledger's %(category)s lines: add each source's costs (with a cost_note) and the allocations",
        category=SHARED_REVENUE_CATEGORY), "  sources:"] + [
        f"    - {{source: {_quoted(source)}, gross: {_money(gross)}, costs: 0.00}}"
        for source, gross in received.items()] + [allocations_example()])


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _grouped(amount: Decimal) -> str:
    """An amount in a message, its thousands grouped as a ledger shows them: 1,234.50."""
    return f"{amount:,.2f}"


def _one_line(text: str) -> str:
    """Text safe in a comment: no line breaks, no characters YAML refuses."""
    return "".join(ch if _PRINTABLE.match(ch) else _escaped(ch) for ch in " ".join(text.split()))


# YAML reads a double-quoted scalar as text whatever it contains ("0012",
# "yes", "2026-01-05"), provided every character outside this set is escaped:
# control characters, line and paragraph separators, the byte-order mark.
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def _quoted(text: str) -> str:
    return '"' + "".join(_escaped(ch) for ch in text) + '"'


def _escaped(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    if _PRINTABLE.match(ch):
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
