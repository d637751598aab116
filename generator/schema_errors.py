"""Turn pydantic's validation errors into diagnostics a secretary can act on.

Each message uses the YAML key path, says what was expected and what was
found, and points at the line of the value (or of the key, or its parent).
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from datetime import MAXYEAR, MINYEAR, date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from generator.errors import Diagnostic, Diagnostics, closest, did_you_mean
from generator.load import SourceFile
from generator.messages import clauses, joined, tr
from generator.model.finance import Quarter
from generator.model.base import (CHOICES_IN_CHINESE, FROM_A_FILE, NOTHING, invisible_named, is_invisible,
                                  written_date)

M = TypeVar("M", bound=BaseModel)

# The kinds of pydantic's errors, each said by what a field of that kind expects (a finite_number is a Decimal
# that is none, as `!!float nan` reads). Every one is a sentence of its own: the found value is its only part.
_EXPECTED_KINDS = ("date", "decimal", "finite_number", "int", "bool", "string", "list", "dict", "model")


def _expected(kind: str, found: str) -> str:
    """'expected …, found `found`' for the kind of value a pydantic error's type (date_type, int_parsing…) says."""
    if kind == "date":
        return tr("expected a date like 2026-03-31, found %(found)s", found=found)
    if kind in ("decimal", "finite_number"):
        return tr("expected an amount such as 1234.50, found %(found)s", found=found)
    if kind == "int":
        return tr("expected a whole number, found %(found)s", found=found)
    if kind == "bool":
        return tr("expected true or false, found %(found)s", found=found)
    if kind == "string":
        return tr("expected text, found %(found)s", found=found)
    if kind == "list":
        return tr("expected a list (lines starting with '- '), found %(found)s", found=found)
    return tr("expected a mapping (lines of 'key: value'), found %(found)s", found=found)  # dict, model


def _pattern_expected(key: str, pattern: str, found: str) -> str:
    """'expected …, found `found`' for a text that does not match the pattern of its field."""
    if key == "slug":
        return tr("expected lowercase letters, digits and hyphens, like water-outage-march, found %(found)s",
                  found=found)
    if key == "base_url":
        return tr("expected a web address starting with https://, found %(found)s", found=found)
    if key == "period":
        return tr("expected a quarter like 2026-Q1, found %(found)s", found=found)
    return tr("expected text matching %(pattern)s, found %(found)s", pattern=pattern, found=found)


# pydantic's own kinds of error, whose words (error['msg']) are English: each is said here in ours, by its kind.
# Any other kind is the model's own (a PydanticCustomError), its words translated where they are made.
_PYDANTIC_KINDS = frozenset(typing.get_args(ErrorType))


def describe_found(value: Any) -> str:
    if value is None or value is NOTHING:
        return tr("nothing")
    if isinstance(value, dict):
        return tr("a mapping")
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, Decimal, date)):
        return str(value)
    # An invisible character pasted with the text ('9470.00' + U+200B) is named, or the text looks right.
    return tr("'%(text)s'", text=invisible_named(str(value)))


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
    message, hint = message_and_hint(error, loc, model)
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
    return tr("inside {…} a comma separates the fields, so %(typed)s is read as %(first)s and a field '%(rest)s': "
              "%(figure)s", typed=typed.group(), first=first.strip(), rest=rest.strip(), figure=figure)


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
        return tr("a colon is missing after the key: write %(key)s: %(value)s", key=head, value=value.strip())
    if _before_wide_colon(key) in choices:
        head, _, value = key.partition("：")
        return tr("the colon after '%(key)s' is a full-width colon (：), typed with a Chinese input method, so YAML "
                  "read it and the value as one name: write %(key)s: %(value)s", key=head.strip(), value=value.strip())
    invisible = _pasted_invisible(key)
    visible = "".join(ch for ch in key if ch not in invisible)
    # YAML indents with spaces only: it takes a no-break space as the start of a name, here a level too high.
    if key[:1] in invisible and unicodedata.category(key[0]) == "Zs" and visible not in choices:
        return tr("the line is indented with %(name)s characters (U+%(code)s), pasted with the text, which YAML does "
                  "not count as indentation: delete them and indent the line with ordinary spaces",
                  name=unicodedata.name(key[0]).lower(), code=format(ord(key[0]), "04X"))
    if invisible and visible in choices:
        return tr("the name carries an invisible character (U+%(code)s), pasted with the text: delete the name and "
                  "type it again", code=format(ord(invisible[0]), "04X"))
    return ""


def message_and_hint(error: dict, loc: tuple, model: type[BaseModel]) -> tuple[str, str]:
    """What one of pydantic's errors at `loc` of `model` means, in the language spoken, and what to do."""
    kind: str = error["type"]
    found = describe_found(error.get("input"))
    ctx = error.get("ctx", {})
    if kind == "missing":
        return tr("required field is missing"), _missing_hint(str(loc[-1]))
    if kind in ("extra_forbidden", "invalid_key"):  # every mapping of the content model is a record
        choices = _fields_at(model, loc[:-1])
        hint = (_mistyped_key(str(loc[-1]), choices) or _key_in_chinese(str(loc[-1]), choices)
                or did_you_mean(str(loc[-1]), choices)
                or (_thousands_hint() if _THOUSANDS.fullmatch(str(loc[-1])) else "")
                or (_cents_hint() if _CENTS.fullmatch(str(loc[-1])) else ""))
        return tr("unknown field '%(key)s' (expected one of: %(choices)s)", key=loc[-1], choices=joined(choices)), hint
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", ctx["expected"])
        return (tr("expected one of %(choices)s, found %(found)s", choices=_one_of(ctx["expected"]), found=found),
                _choice_hint(str(error["input"]), choices))
    if kind == "bool_parsing" and str(error.get("input")).strip() in _YES_OR_NO:
        return _expected("bool", found), tr("write %(value)s", value=_YES_OR_NO[str(error["input"]).strip()])
    if kind == "decimal_max_places":
        return tr("expected an amount with at most 2 decimal places, found %(found)s", found=found), ""
    if kind == "decimal_max_digits":  # the model's limits are 10 digits and more: never "1 digit"
        return tr("expected a smaller amount, with no more than %(digits)s digits in total, found %(found)s",
                  digits=ctx["max_digits"], found=found), ""
    if kind == "decimal_whole_digits":
        return tr("expected a smaller amount, with no more than %(digits)s digits before the decimal point, found "
                  "%(found)s", digits=ctx["whole_digits"], found=found), ""
    if kind == "string_pattern_mismatch":
        meant = Quarter.loosely(str(error["input"])) if loc[-1:] == ("period",) else None
        return (_pattern_expected(str(loc[-1]), ctx["pattern"], found),
                tr("write %(value)s", value=meant) if meant else "")
    if kind == "too_short" and isinstance(error.get("input"), list):
        return (tr("expected at least %(count)s item, found none", count=ctx["min_length"]),
                getattr(model, "if_none", "") if len(loc) == 1 else "")  # a whole file's list
    if kind == "string_too_long":
        return tr("expected at most %(most)s characters, found %(count)s", most=ctx["max_length"],
                  count=len(error["input"])), ""
    if kind == "decimal_parsing" and "area" in str(loc[-1]):
        typed = error.get("input")
        return (tr("expected an area in square metres, such as 1234.56, found %(found)s", found=found),
                _amount_hint(typed) if isinstance(typed, str) else "")
    if kind == "decimal_parsing" and isinstance(error.get("input"), str) and (hint := _amount_hint(error["input"])):
        return _expected("decimal", found), hint
    if kind.startswith("date"):
        return _date_message(error.get("input"), found)
    if kind == "int_type" and isinstance(error.get("input"), str) and error["input"].strip().isdigit():
        written = error["input"].strip()
        if written.isascii():
            return (tr("expected a whole number, found the text %(found)s", found=found),
                    tr("write the number without quotes"))
        return (tr("expected a whole number, found the text %(found)s, in full-width digits", found=found),
                tr("write it in half-width digits, with the input method in English mode: %(number)s",
                   number=int(written)))
    if kind == "int_type" and isinstance(error.get("input"), str) and (counted := _COUNTED.fullmatch(
            unicodedata.normalize("NFKC", error["input"]).strip())) and not counted["unit"].startswith(_MULTIPLIERS):
        return (_expected("int", found), tr("write the number alone, without '%(unit)s': %(number)s",
                                            unit=counted["unit"], number=counted["number"]))
    if kind in ("greater_than", "greater_than_equal") and loc[-1:] == ("amount",) and _negative(error.get("input")) \
            and _MONEY_IN_AND_OUT.intersection(loc):
        return (_beyond_limit(kind, ctx, found),
                tr("write it without the minus sign: the list a line is in says which way the money went, and money "
                   "paid back is a line of the other list"))
    if kind in ("greater_than", "greater_than_equal", "less_than_equal"):
        return _beyond_limit(kind, ctx, found), ""
    if kind == "model_type" and loc[-1:] == ("posting",) and (days := _two_days(error.get("input"))):
        return (_expected("model", found),
                tr("write it as {from: %(start)s, to: %(end)s}", start=days[0].isoformat(), end=days[1].isoformat()))
    if "hint" in ctx:  # the model's own words, with what to do
        return error["msg"], ctx["hint"]
    if kind == "model_type" and isinstance(error.get("input"), str) and "\t" in error["input"]:
        fields = ", ".join(f"{name}: …" for name in _fields_at(model, loc) if name != "audience")  # YAML's comma
        return (tr("expected a mapping (lines of 'key: value'), found a row pasted from a spreadsheet, its cells apart "
                   "by tabs: %(found)s", found=found),
                tr("write each cell after its field's name, as {%(fields)s}; or import the whole ledger from its "
                   "spreadsheet with `noticeboard import ledger`", fields=fields))
    if kind == "list_type" and isinstance(error.get("input"), str) and (items := _LISTED.split(error["input"].strip())):
        return (_expected("list", found),
                tr("write it as a list, the items between [ ] and set apart by the ASCII comma: [%(items)s]",
                   items=", ".join(items)))  # YAML's comma, as the hint says
    for prefix in _EXPECTED_KINDS:
        if kind.startswith(prefix):
            return _expected(prefix, found), ""
    if kind in _PYDANTIC_KINDS and kind != "value_error":  # none the content model gives; pydantic's words are English
        return tr("expected a value of another kind, found %(found)s", found=found), ""
    # The model's own words: a PydanticCustomError's, or a ValueError's after pydantic's English "Value error, ".
    return error["msg"].removeprefix("Value error, "), ""


def _one_of(expected: str) -> str:
    """pydantic's list of a field's choices ('a', 'b' or 'c'), with its 'or' in the language spoken."""
    choices = re.findall(r"'[^']*'", expected)
    if len(choices) < 2 or f"{', '.join(choices[:-1])} or {choices[-1]}" != expected:  # one, or not as pydantic
        return expected  # lists them: as it is
    return tr("%(choices)s or %(last)s", choices=joined(choices[:-1]), last=choices[-1])


def _beyond_limit(kind: str, ctx: dict, found: str) -> str:
    """A figure beyond its field's limit, the limit as pydantic gives it."""
    if kind == "greater_than":
        return tr("expected greater than %(limit)s, found %(found)s", limit=ctx["gt"], found=found)
    if kind == "greater_than_equal":
        return tr("expected greater than or equal to %(limit)s, found %(found)s", limit=ctx["ge"], found=found)
    return tr("expected less than or equal to %(limit)s, found %(found)s", limit=ctx["le"], found=found)


# 杨秀英、吴德才, or 周五　吴德才: the items of a list, as a sentence or a signature line sets them apart.
_LISTED = re.compile(r"\s*[、，,；;／/]\s*|[ \u3000]+")


def _missing_hint(key: str) -> str:
    """What to write for a field left out that its example in `noticeboard new` would have given."""
    if key == "posting":
        return tr("add the days its sheet is on the board, as posting: {from: 2026-10-10, to: 2026-10-24}")
    if key == "date":
        return tr("add its day, as date: 2026-11-25")
    if key == "title":
        return tr("add its title, as title: 停水通知")
    if key == "category":
        return tr("add what kind it is, as category: 通知")
    if key == "opening_balance":
        return tr("add the balance the account opened the quarter with, from the bank statement, as "
                  "opening_balance: 12150.50")
    if key == "closing_balance":
        return tr("add the balance the account closed the quarter with, from the bank statement, as "
                  "closing_balance: 11150.50")
    return ""


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
        return tr("write %(value)s (%(chinese)s)", value=meant[0], chinese=CHOICES_IN_CHINESE[meant[0]])
    return tr("the choices in Chinese: %(choices)s",
              choices=clauses(f"{choice} = {CHOICES_IN_CHINESE[choice]}" for choice in named))


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
    return tr("keys are written in English: write %(key)s: in its place", key=meant) if meant else ""


# What is left of 49,600.00 inside {…}, where the comma ends the field: a field named 600.00.
_THOUSANDS = re.compile(r"[0-9]{3}(\.[0-9]*)?")
_CENTS = re.compile(r"[0-9]{2}")


def _thousands_hint() -> str:
    return tr("inside {…} a comma separates the fields, so 49,600.00 is read as 49 and a field '600.00': write "
              "amounts without the thousands comma, as 49600.00")


def _cents_hint() -> str:
    return tr("inside {…} a comma separates the fields, so 10800,00 is read as 10800 and a field '00': the decimal "
              "point is '.', as in 10800.00")


# ¥25,600.00, 25，600元, 41,250.36㎡ (after NFKC: m2)
_AMOUNT_AS_TYPED = re.compile(r"\s*¥?\s*(?P<figure>-?[0-9][0-9,]*(\.[0-9]+)?)\s*(?P<unit>元|m2|平方米|平米)?\s*")
_TEN_THOUSANDS = re.compile(r"\s*¥?\s*(?P<figure>[0-9][0-9,]*(\.[0-9]+)?)\s*万元?\s*")  # 4.92万元, as budgets are written
_DIGIT_SEPARATED = re.compile(r"\s*-?[0-9]+(_[0-9]+)+(\.[0-9]+)?\s*")  # 31_50.00: Decimal() would read 3150.00
_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+,[0-9]{2}\s*")  # 10800,00: a comma for the point, not a thousands separator


def _amount_hint(typed: str) -> str:
    """An amount as people type it, written as YAML reads one: 10800,00 is 10800.00, not 1080000."""
    text = unicodedata.normalize("NFKC", typed).replace("。", ".")  # full-width digits, ￥, ，and ．
    if _DECIMAL_COMMA.fullmatch(text):
        return tr("the decimal point is '.', not ',': write %(figure)s", figure=text.strip().replace(",", "."))
    if _DIGIT_SEPARATED.fullmatch(text):
        return tr("write the amount in digits and one '.', without '_': %(figure)s if that is meant",
                  figure=text.strip().replace("_", ""))
    if in_ten_thousands := _TEN_THOUSANDS.fullmatch(text):
        return tr("write it in yuan, without 万: %(figure)s",
                  figure=format(Decimal(in_ten_thousands["figure"].replace(",", "")) * 10000, ".2f"))
    if typed_figure := _AMOUNT_AS_TYPED.fullmatch(text):
        figure = typed_figure["figure"].replace(",", "")
        wide = bool(re.search(r"[^\x00-\x7f¥元㎡²平方米]", typed))
        if typed_figure["unit"] in ("m2", "平方米", "平米"):
            return tr("write it without its unit and commas, in half-width characters: %(figure)s", figure=figure) \
                if wide else tr("write it without its unit and commas: %(figure)s", figure=figure)
        return tr("write it without ¥ and commas, in half-width characters: %(figure)s", figure=figure) if wide else \
            tr("write it without ¥ and commas: %(figure)s", figure=figure)
    return ""


# A count written with what it counts (436户, 12 栋, 3人); not 2万 or 3k, whose unit multiplies it.
_COUNTED = re.compile(r"(?P<number>[0-9]+)\s*(?P<unit>[^\s0-9.,]{1,3})")
_MULTIPLIERS = ("十", "百", "千", "万", "亿", "k", "K", "w", "W", "m", "M")
_DAY_SHAPED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_message(written: Any, found: str) -> tuple[str, str]:
    """A date that is none: a day that does not exist (2026-13-01), or one written as people write dates
    (2026.11.5, 2026年11月5日, 20261105), with the way to write it."""
    if why := _why_no_day(str(written)):
        return _not_a_day(found, why), ""
    parts = written_date(str(written)) if isinstance(written, (str, int)) else None
    if parts is None:
        return _expected("date", found), ""
    if why := why_not_a_day(*parts):
        return _not_a_day(found, why), ""
    return _expected("date", found), tr("write it as %(day)s", day=date(*parts).isoformat())


def _not_a_day(found: str, why: str) -> str:
    return tr("expected a date like 2026-03-31, found %(found)s, which is not a day: %(why)s", found=found, why=why)


def why_not_a_day(year: int, month: int, day: int) -> str:
    """Why there is no such day, as Python's date() says it (in English: the same words), checked in its order;
    '' for a day there is."""
    if not MINYEAR <= year <= MAXYEAR:
        return tr("year %(year)s is out of range", year=year)
    if not 1 <= month <= 12:
        return tr("month must be in 1..12")
    try:
        date(year, month, day)
    except ValueError:
        return tr("day is out of range for month")
    return ""


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
    year, month, day = map(int, text.split("-"))
    return why_not_a_day(year, month, day)


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
        diagnostics.add(Diagnostic(source.location(1), _expected("dict", describe_found(data)),
                                   source_line=source.line_text(1),
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
