"""Turn pydantic's validation errors into diagnostics a secretary can act on.

Each message uses the YAML key path, says what was expected and what was
found, and points at the line of the value (or of the key, or its parent).
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Diagnostic, Diagnostics, closest, did_you_mean
from generator.load import SourceFile
from generator.model.finance import Quarter
from generator.model.base import (CHOICES_IN_CHINESE, FROM_A_FILE, NOTHING, invisible_named, is_invisible,
                                  written_date)

M = TypeVar("M", bound=BaseModel)

_EXPECTED_BY_TYPE = {
    "date": "a date like 2026-03-31",
    "decimal": "an amount such as 1234.50",
    "int": "a whole number",
    "bool": "true or false",
    "string": "text",
    "list": "a list (lines starting with '- ')",
    "dict": "a mapping (lines of 'key: value')",
    "model": "a mapping (lines of 'key: value')",
}

_PATTERN_EXPECTATIONS = {
    "slug": "lowercase letters, digits and hyphens, like water-outage-march",
    "base_url": "a web address starting with https://",
    "period": "a quarter like 2026-Q1",
}


def describe_found(value: Any) -> str:
    if value is None or value is NOTHING:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, Decimal, date)):
        return str(value)
    # An invisible character pasted with the text ('9470.00' + U+200B) is named, or the text looks right.
    return f"'{invisible_named(str(value))}'"


def field_path(loc: tuple) -> str:
    """('income', 3, 'amount') -> 'income[4].amount' (items counted from 1)."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def diagnostics_from(error: ValidationError, source: SourceFile, model: type[BaseModel],
                     prefix: tuple = (), record_checks_only: bool = False) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in `source`; with `record_checks_only`, only those of
    the checks of the record as a whole (whose fields were read without error)."""
    errors = [e for e in error.errors(include_url=False) if not (record_checks_only and e["loc"])]
    # A required field written misspelt (catagory:) is one mistake: its unknown key's message names the field.
    misspelt = {e["loc"][:-1] + (meant,) for e in errors if e["type"] == "extra_forbidden"
                and (meant := _meant_key(str(e["loc"][-1]), _fields_at(model, e["loc"][:-1])))}
    return [_one(e, source, model, prefix) for e in errors if not (e["type"] == "missing" and e["loc"] in misspelt)]


def _one(error: dict, source: SourceFile, model: type[BaseModel], prefix: tuple) -> Diagnostic:
    loc = tuple(part for part in error["loc"] if isinstance(part, (int, str)))
    key = error.get("ctx", {}).get("key")
    if key is not None:  # raised for the record, but about one of its fields (or a field's own)
        loc += key if isinstance(key, tuple) else (key,)
    if error["type"] == "invalid_key":  # a key YAML reads as a number or a date (2026:); pydantic gives its repr
        loc = loc[:-1] + (str(error["input"]),)  # as written, which is how the marks know it
    mark = source.document.mark_for(prefix + loc)
    message, hint = _message(error, loc, model)
    line, column = (mark.line, mark.column) if mark else (0, 0)
    if error["type"] in ("extra_forbidden", "invalid_key", "decimal_parsing") and mark:
        hint = _split_at_its_comma(source.line_text(line), column, error["type"] != "decimal_parsing") or hint
    return Diagnostic(source.location(line, column), message, field=field_path(loc), hint=hint,
                      source_line=source.line_text(line))


_FLOW_KEY = re.compile(r"(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*")
_FLOW_VALUE = re.compile(r"[^,}]*,[^}]*?(?=[ \t]*(?:,[ \t]*[A-Za-z_]+[ \t]*:|}|$))")


def _split_at_its_comma(line: str, column: int, at_the_rest: bool) -> str:
    """An amount typed with a comma inside {…} (amount: ¥8,640.00), which YAML reads as ¥8 and a field '640.00':
    the hint with the amount as typed, for both errors (at the field, and at the rest, `at_the_rest`), from the
    line. The one worked out from what YAML read gave 8, and an example in place of this figure."""
    field = ([None, *_FLOW_KEY.finditer(line, 0, column)][-1] if at_the_rest else _FLOW_KEY.match(line, column))
    typed = _FLOW_VALUE.match(line, field.end()) if field else None
    figure = _amount_hint(typed.group()) if typed and "{" in line[:field.start()] else ""
    if not figure:
        return ""
    first, rest = typed.group().split(",", 1)
    return (f"inside {{…}} a comma separates the fields, so {typed.group()} is read as {first.strip()} and a field "
            f"'{rest.strip()}': {figure}")


def _meant_key(key: str, choices: list[str]) -> str | None:
    """The field an unknown key was meant to be: misspelt, without its colon (or with a full-width one), or with
    an invisible character."""
    head, visible = key.partition(" ")[0], "".join(ch for ch in key if ch not in _pasted_invisible(key))
    wide_head = _before_wide_colon(key)
    return (head if head in choices else wide_head if wide_head in choices else visible if visible in choices
            else _english_key(key, choices) or closest(key, choices))


def _before_wide_colon(key: str) -> str:
    """`from：2026-11-20` -> 'from': inside {…}, YAML reads a name and its value joined by a full-width colon as
    one name (a line of its own is a syntax error, which `yamlio` explains)."""
    head, colon, _ = key.partition("：")
    return head.strip() if colon else ""


def _pasted_invisible(key: str) -> list[str]:
    """The invisible characters and spaces of other widths (a no-break space) pasted with a key's name."""
    return [ch for ch in key if is_invisible(ch) or unicodedata.category(ch) == "Zs"]


def _mistyped_key(key: str, choices: list[str]) -> str:
    """A field's name with its value after it and no colon between (`amount 3000.00` inside {…}), or carrying
    an invisible character pasted with it: shown, both look like a name the secretary wrote right."""
    head, _, value = key.partition(" ")
    if value and head in choices:
        return f"a colon is missing after the key: write {head}: {value.strip()}"
    if _before_wide_colon(key) in choices:
        head, _, value = key.partition("：")
        return (f"the colon after '{head.strip()}' is a full-width colon (：), typed with a Chinese input method, so "
                f"YAML read it and the value as one name: write {head.strip()}: {value.strip()}")
    invisible = _pasted_invisible(key)
    visible = "".join(ch for ch in key if ch not in invisible)
    # YAML indents with spaces only: it takes a no-break space as the start of a name, here a level too high.
    if key[:1] in invisible and unicodedata.category(key[0]) == "Zs" and visible not in choices:
        return (f"the line is indented with {unicodedata.name(key[0]).lower()} characters (U+{ord(key[0]):04X}), "
                "pasted with the text, which YAML does not count as indentation: delete them and indent the line "
                "with ordinary spaces")
    if invisible and visible in choices:
        return (f"the name carries an invisible character (U+{ord(invisible[0]):04X}), pasted with the text: "
                "delete the name and type it again")
    return ""


def _message(error: dict, loc: tuple, model: type[BaseModel]) -> tuple[str, str]:
    kind: str = error["type"]
    found = describe_found(error.get("input"))
    if kind == "missing":
        return "required field is missing", _MISSING_HINTS.get(str(loc[-1]), "")
    if kind in ("extra_forbidden", "invalid_key"):  # every mapping of the content model is a record
        choices = _fields_at(model, loc[:-1])
        hint = (_mistyped_key(str(loc[-1]), choices) or _key_in_chinese(str(loc[-1]), choices)
                or did_you_mean(str(loc[-1]), choices)
                or (_THOUSANDS_HINT if _THOUSANDS.fullmatch(str(loc[-1])) else "")
                or (_CENTS_HINT if _CENTS.fullmatch(str(loc[-1])) else ""))
        return f"unknown field '{loc[-1]}' (expected one of: {', '.join(choices)})", hint
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        return f"expected one of {error['ctx']['expected']}, found {found}", _choice_hint(str(error["input"]), choices)
    if kind == "bool_parsing" and str(error.get("input")).strip() in _YES_OR_NO:
        return f"expected true or false, found {found}", f"write {_YES_OR_NO[str(error['input']).strip()]}"
    if kind == "decimal_max_places":
        return f"expected an amount with at most 2 decimal places, found {found}", ""
    if kind in ("decimal_max_digits", "decimal_whole_digits"):  # pydantic's words say which limit
        return f"expected a smaller amount, with {error['msg'].removeprefix('Decimal input should have ')}, " \
            f"found {found}", ""
    if kind == "string_pattern_mismatch":
        expected = _PATTERN_EXPECTATIONS.get(str(loc[-1]), f"text matching {error['ctx']['pattern']}")
        meant = Quarter.loosely(str(error["input"])) if loc[-1:] == ("period",) else None
        return f"expected {expected}, found {found}", f"write {meant}" if meant else ""
    if kind == "too_short" and isinstance(error.get("input"), list):
        return (f"expected at least {error['ctx']['min_length']} item, found none",
                getattr(model, "if_none", "") if len(loc) == 1 else "")  # a whole file's list
    if kind == "string_too_long":
        return f"expected at most {error['ctx']['max_length']} characters, found {len(error['input'])}", ""
    if kind == "decimal_parsing" and "area" in str(loc[-1]):
        typed = error.get("input")
        return (f"expected an area in square metres, such as 1234.56, found {found}",
                _amount_hint(typed) if isinstance(typed, str) else "")
    if kind == "decimal_parsing" and isinstance(error.get("input"), str) and (hint := _amount_hint(error["input"])):
        return f"expected an amount such as 1234.50, found {found}", hint
    if kind.startswith("date"):
        return _date_message(error.get("input"), found)
    if kind == "int_type" and isinstance(error.get("input"), str) and error["input"].strip().isdigit():
        written = error["input"].strip()
        if written.isascii():
            return f"expected a whole number, found the text {found}", "write the number without quotes"
        return (f"expected a whole number, found the text {found}, in full-width digits",
                f"write it in half-width digits, with the input method in English mode: {int(written)}")
    if kind == "int_type" and isinstance(error.get("input"), str) and (counted := _COUNTED.fullmatch(
            unicodedata.normalize("NFKC", error["input"]).strip())) and not counted["unit"].startswith(_MULTIPLIERS):
        return (f"expected a whole number, found {found}",
                f"write the number alone, without '{counted['unit']}': {counted['number']}")
    if kind in ("greater_than", "greater_than_equal") and loc[-1:] == ("amount",) and _negative(error.get("input")) \
            and _MONEY_IN_AND_OUT.intersection(loc):
        return (f"expected {error['msg'].removeprefix('Input should be ')}, found {found}",
                "write it without the minus sign: the list a line is in says which way the money went, and money "
                "paid back is a line of the other list")
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        return f"expected {error['msg'].removeprefix('Input should be ')}, found {found}", ""
    if kind == "model_type" and loc[-1:] == ("posting",) and (days := _two_days(error.get("input"))):
        return (f"expected {_EXPECTED_BY_TYPE['model']}, found {found}",
                f"write it as {{from: {days[0].isoformat()}, to: {days[1].isoformat()}}}")
    if "hint" in error.get("ctx", {}):  # the model's own words, with what to do
        return error["msg"], error["ctx"]["hint"]
    if kind == "model_type" and isinstance(error.get("input"), str) and "\t" in error["input"]:
        fields = ", ".join(f"{name}: …" for name in _fields_at(model, loc) if name != "audience")
        return (f"expected {_EXPECTED_BY_TYPE['model']}, found a row pasted from a spreadsheet, its cells apart by "
                f"tabs: {found}"), (f"write each cell after its field's name, as {{{fields}}}; or import the whole "
                                    "ledger from its spreadsheet with `noticeboard import ledger`")
    if kind == "list_type" and isinstance(error.get("input"), str) and (items := _LISTED.split(error["input"].strip())):
        return (f"expected {_EXPECTED_BY_TYPE['list']}, found {found}",
                f"write it as a list, the items between [ ] and set apart by the ASCII comma: [{', '.join(items)}]")
    for prefix, expected in _EXPECTED_BY_TYPE.items():
        if kind.startswith(prefix):
            return f"expected {expected}, found {found}", ""
    return error["msg"].removeprefix("Value error, "), ""


# 杨秀英、吴德才, or 周五　吴德才: the items of a list, as a sentence or a signature line sets them apart.
_LISTED = re.compile(r"\s*[、，,；;／/]\s*|[ \u3000]+")
# What to write for a field left out that its example in `noticeboard new` would have given.
_MISSING_HINTS = {
    "posting": "add the days its sheet is on the board, as posting: {from: 2026-10-10, to: 2026-10-24}",
    "date": "add its day, as date: 2026-11-25",
    "title": "add its title, as title: 停水通知",
    "category": "add what kind it is, as category: 通知",
    "opening_balance": "add the balance the account opened the quarter with, from the bank statement, as "
                       "opening_balance: 12150.50",
    "closing_balance": "add the balance the account closed the quarter with, from the bank statement, as "
                       "closing_balance: 11150.50",
}
_YES_OR_NO = {"是": "true", "对": "true", "有": "true", "公开": "true", "否": "false", "不是": "false", "无": "false",
              "没有": "false", "不公开": "false"}


def _choice_hint(written: str, choices: list[str]) -> str:
    """The choice meant, or for one written in Chinese that names none alone, every choice with its Chinese name."""
    if not re.search(r"[\u4e00-\u9fff]", written):
        return did_you_mean(written, choices)
    named = [choice for choice in choices if choice in CHOICES_IN_CHINESE]
    if not named:
        return did_you_mean(written, choices)
    meant = [choice for choice in named
             if any(written.strip() in name or name in written for name in CHOICES_IN_CHINESE[choice].split("、"))]
    if len(meant) == 1:
        return f"write {meant[0]} ({CHOICES_IN_CHINESE[meant[0]]})"
    return "the choices in Chinese: " + "; ".join(f"{choice} = {CHOICES_IN_CHINESE[choice]}" for choice in named)


# Keys as a secretary may write them in Chinese, each with the keys it may mean (the one valid where it is written
# is named).
_KEYS_IN_CHINESE = {
    "标题": ("title",), "题目": ("title",), "日期": ("date",), "类别": ("category", "kind"),
    "分类": ("category", "kind"), "类型": ("category", "kind"), "公示期": ("posting",), "公示时间": ("posting",),
    "公示": ("posting",), "摘要": ("description", "summary"), "简介": ("summary",), "概况": ("summary",),
    "置顶": ("pinned",), "附件": ("attachments",), "文件": ("file",), "发布单位": ("issuer",), "发布人": ("issuer",),
    "落款": ("issuer",), "金额": ("amount",), "凭证号": ("voucher",), "凭证": ("voucher",),
    "凭证编号": ("voucher",), "备注": ("note", "notes", "cost_note"), "说明": ("note", "notes", "description"),
    "收入": ("income",), "支出": ("expenses",), "期初余额": ("opening_balance",), "上期结余": ("opening_balance",),
    "期末余额": ("closing_balance",), "本期结余": ("closing_balance",), "审计": ("audit",), "审核": ("audit",),
    "审计意见": ("opinion",), "意见": ("opinion",), "审计人": ("by",), "审核人": ("by",), "电话": ("phone",),
    "联系电话": ("phone",), "手机": ("phone",), "公开电话": ("phone_public",), "姓名": ("name",), "名称": ("name",),
    "职务": ("role",), "职位": ("role",), "地址": ("address",), "户数": ("households",), "总户数": ("households",),
    "楼栋数": ("buildings",), "栋数": ("buildings",), "专有面积": ("exclusive_area",),
    "专有部分面积": ("exclusive_area",), "建成年份": ("built",), "业主委员会": ("owners_committee",),
    "业委会": ("owners_committee",), "物业": ("property_manager",), "物业公司": ("property_manager",),
    "党组织": ("party",), "联系人": ("contacts",), "异议": ("objections",), "任期开始": ("term_start",),
    "任期结束": ("term_end",), "任期届满": ("term_end",), "楼栋": ("building",), "党员": ("party_member",),
    "成员": ("members",), "服务": ("services",), "服务单位": ("provider",), "提供方": ("provider",),
    "服务内容": ("offers",), "服务时间": ("schedule", "hours"), "时间": ("schedule", "hours"), "地点": ("place",),
    "价格": ("price",), "收费": ("price",), "共有收益": ("shared_revenue",), "公共收益": ("shared_revenue",),
    "维修资金": ("maintenance_fund",), "专项维修资金": ("maintenance_fund",), "欠费": ("arrears",),
    "房号": ("unit",), "月数": ("months",), "事项": ("matter",), "计票": ("counting",), "更正": ("corrections",),
    "来源": ("source",), "成本": ("costs",), "分配": ("allocations",),
}


def _english_key(key: str, choices: list[str]) -> str | None:
    """The key meant by one written in Chinese (标题 for title), when it is valid where it is written."""
    return next((english for english in _KEYS_IN_CHINESE.get(key.strip(), ()) if english in choices), None)


def _key_in_chinese(key: str, choices: list[str]) -> str:
    meant = _english_key(key, choices)
    return f"keys are written in English: write {meant}: in its place" if meant else ""


# What is left of 49,600.00 inside {…}, where the comma ends the field: a field named 600.00.
_THOUSANDS = re.compile(r"[0-9]{3}(\.[0-9]*)?")
_THOUSANDS_HINT = ("inside {…} a comma separates the fields, so 49,600.00 is read as 49 and a field '600.00': "
                   "write amounts without the thousands comma, as 49600.00")
_CENTS = re.compile(r"[0-9]{2}")
_CENTS_HINT = ("inside {…} a comma separates the fields, so 10800,00 is read as 10800 and a field '00': the "
               "decimal point is '.', as in 10800.00")
# ¥25,600.00, 25，600元, 41,250.36㎡ (after NFKC: m2)
_AMOUNT_AS_TYPED = re.compile(r"\s*¥?\s*(?P<figure>-?[0-9][0-9,]*(\.[0-9]+)?)\s*(?P<unit>元|m2|平方米|平米)?\s*")
_TEN_THOUSANDS = re.compile(r"\s*¥?\s*(?P<figure>[0-9][0-9,]*(\.[0-9]+)?)\s*万元?\s*")  # 4.92万元, as budgets are written
_DIGIT_SEPARATED = re.compile(r"\s*-?[0-9]+(_[0-9]+)+(\.[0-9]+)?\s*")  # 31_50.00: Decimal() would read 3150.00
_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+,[0-9]{2}\s*")  # 10800,00: a comma for the point, not a thousands separator


def _amount_hint(typed: str) -> str:
    """An amount as people type it, written as YAML reads one: 10800,00 is 10800.00, not 1080000."""
    text = unicodedata.normalize("NFKC", typed).replace("。", ".")  # full-width digits, ￥, ，and ．
    if _DECIMAL_COMMA.fullmatch(text):
        return f"the decimal point is '.', not ',': write {text.strip().replace(',', '.')}"
    if _DIGIT_SEPARATED.fullmatch(text):
        return f"write the amount in digits and one '.', without '_': {text.strip().replace('_', '')} if that is meant"
    if in_ten_thousands := _TEN_THOUSANDS.fullmatch(text):
        return f"write it in yuan, without 万: {Decimal(in_ten_thousands['figure'].replace(',', '')) * 10000:.2f}"
    if typed_figure := _AMOUNT_AS_TYPED.fullmatch(text):
        wide = ", in half-width characters" if re.search(r"[^\x00-\x7f¥元㎡²平方米]", typed) else ""
        without = "without its unit and commas" if typed_figure["unit"] in ("m2", "平方米", "平米") else \
            "without ¥ and commas"
        return f"write it {without}{wide}: {typed_figure['figure'].replace(',', '')}"
    return ""


# A count written with what it counts (436户, 12 栋, 3人); not 2万 or 3k, whose unit multiplies it.
_COUNTED = re.compile(r"(?P<number>[0-9]+)\s*(?P<unit>[^\s0-9.,]{1,3})")
_MULTIPLIERS = ("十", "百", "千", "万", "亿", "k", "K", "w", "W", "m", "M")
_DAY_SHAPED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_message(written: Any, found: str) -> tuple[str, str]:
    """A date that is none: a day that does not exist (2026-13-01), or one written as people write dates
    (2026.11.5, 2026年11月5日, 20261105), with the way to write it."""
    if why := _why_no_day(str(written)):
        return f"expected a date like 2026-03-31, found {found}, which is not a day: {why}", ""
    parts = written_date(str(written)) if isinstance(written, (str, int)) else None
    if parts is None:
        return f"expected a date like 2026-03-31, found {found}", ""
    try:
        return f"expected a date like 2026-03-31, found {found}", f"write it as {date(*parts).isoformat()}"
    except ValueError as error:
        return f"expected a date like 2026-03-31, found {found}, which is not a day: {error}", ""


# The lists of a ledger, each with its other: money paid back is a line of the other, never a negative one.
_MONEY_IN_AND_OUT = {"income", "expenses", "deposits", "uses"}


def _negative(value: Any) -> bool:
    return isinstance(value, (Decimal, int)) and value < 0


_BETWEEN_DAYS = re.compile(r"\s*(?:至|到|~|～|—+|–|－|\s-\s|(?<=日)-)\s*")


def _two_days(written: Any) -> tuple[date, date] | None:
    """The first and last day of a period written as one text (2026-11-28至2026-12-11); None for any other."""
    parts = _BETWEEN_DAYS.split(written.strip()) if isinstance(written, str) else []
    days = [written_date(part) for part in parts]
    if len(days) != 2 or None in days:
        return None
    try:
        first, last = date(*days[0]), date(*days[1])
    except ValueError:
        return None
    return (first, last) if first <= last else None  # the other way round, it is for the secretary to say which


def _why_no_day(text: str) -> str:
    """Why a text written like a date (2026-13-01, 2025-02-30) is none; '' for any other text."""
    if not _DAY_SHAPED.fullmatch(text):
        return ""
    try:
        date.fromisoformat(text)
    except ValueError as error:
        return str(error)
    return ""


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The YAML keys valid at `loc` inside `model`, for unknown-key messages."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = _field_by_key(current, part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [field.alias or name for name, field in current.model_fields.items()
            if name not in getattr(current, "not_keys", {})]


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (list, typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        else:
            return annotation


def validated(source: SourceFile, model: type[M], diagnostics: Diagnostics, data: Any = None) -> M | None:
    """`data` (by default the file's) as `model`; None when it is not, with every reason in `diagnostics`."""
    data = source.document.data if data is None else data
    if not isinstance(data, dict):
        diagnostics.add(Diagnostic(source.location(1), f"expected a mapping (lines of 'key: value'), "
                                   f"found {describe_found(data)}", source_line=source.line_text(1),
                                   hint=getattr(model, "if_none", "") if data is None else ""))
        return None
    try:
        return model.model_validate(data, context=FROM_A_FILE)
    except ValidationError as error:
        diagnostics.extend(diagnostics_from(error, source, model))
        return None


def partial(model: type[M], data: Any) -> M | None:
    """The part of a file with errors that `model` reads, to check what can be checked in the same run;
    None when that part has errors itself (reported already)."""
    try:
        return model.model_validate(data)
    except ValidationError:
        return None
