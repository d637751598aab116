"""A notice's sign-off: the issuers' names and the date its text ends with, as notices are signed.

The page and the sheet lay the sign-off out themselves (the sheet under the
seal, 骑年盖月), so it is taken off the end of the text's HTML: printed once, not
also as the text's last lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

# How a notice's text ends when it is signed: the issuers' names (a paragraph of their own, names apart
# by spaces, or the start of the date's paragraph), then the date.
_LAST_PARAGRAPHS = re.compile(r"(?:<p>(?P<previous>[^<>]*)</p>\s*)?<p>(?P<last>[^<>]*?(?:<br\s*/?>)?[^<>]*)</p>\s*\Z")
_ENDS_WITH_DATE = re.compile(r"(?P<names>.*?)\s*(?:<br\s*/?>)?\s*(?P<year>[0-9]{4})\s*(?:年\s*(?P<month>[0-9]{1,2})\s*"
                             r"月\s*(?P<day>[0-9]{1,2})\s*日|-(?P<iso_month>[0-9]{2})-(?P<iso_day>[0-9]{2}))", re.DOTALL)
# An issuer's name ends as the names of the bodies that sign notices do (兰亭苑业主委员会, 物业服务中心,
# 第二党小组, 加装电梯工作小组...), maybe with a bracket (（第三届）); a seal mark typed after it is dropped.
_ISSUER = re.compile(r".{1,40}?(?:委员会|业委会|监委会|中心|公司|项目部|管理处|服务处|办事处|居委会|党委|党总支|支部|"
                     r"小组|筹备组|工作组|服务站|联调站|调解室|办公室|物业|街道|社区)(?:（[^（）]*）|\([^()]*\))?")
_SEAL_MARK = re.compile(r"[（(]盖?章[）)]")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A date in Chinese numerals, as formal notices are often signed: 二〇二六年十一月二十六日.
_CHINESE_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                           r"\s*([一二三四五六七八九十]{1,3})\s*日")
_CHINESE_DIGITS = {character: str(value) for value, characters in enumerate(
    ["〇○零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]) for character in characters}


def _in_arabic_numerals(text: str) -> str:
    """Full-width digits and dates in Chinese numerals written with ASCII digits (二〇二六年十一月二十六日 ->
    2026年11月26日)."""
    def date(match: re.Match) -> str:
        year = "".join(_CHINESE_DIGITS[character] for character in match.group(1))
        return f"{year}年{_chinese_number(match.group(2))}月{_chinese_number(match.group(3))}日"
    return _CHINESE_DATE.sub(date, text.translate(_ASCII_DIGITS))


def _chinese_number(text: str) -> int:
    """一 to 三十一: 十一 is 11, 二十 is 20, 二十六 is 26."""
    if "十" not in text:
        return int(_CHINESE_DIGITS[text]) if len(text) == 1 else 0  # 一一 is no number, so no date
    tens, _, units = text.rpartition("十")
    return int(_CHINESE_DIGITS.get(tens, "1")) * 10 + int(_CHINESE_DIGITS.get(units, "0"))


@dataclass(frozen=True)
class SignOff:
    """How a text ends when it is signed as a notice is: the issuers' names (none when only the date is
    written) and the date, which the page and the sheet lay out themselves; `text` is all before them."""

    text: str
    names: tuple[str, ...]
    day: date


def split_sign_off(body_html: str) -> SignOff | None:
    """The sign-off the text ends with, if it ends with one."""
    found = _LAST_PARAGRAPHS.search(body_html)
    ending = _ENDS_WITH_DATE.fullmatch(_in_arabic_numerals(found.group("last"))) if found else None
    day = _date_of(ending) if ending else None
    if day is None:
        return None
    # The names as written: reading the date changed nothing before it but full-width digits.
    written, start = found.group("last")[:ending.end("names")].strip(), found.start("last") - len("<p>")
    names, previous = _names(written), found.group("previous") or ""
    if not written and _names(previous):
        names, start = _names(previous), found.start()
    elif not written and (re.search(r"</h[1-6]>\s*\Z", body_html[:start]) or previous.rstrip().endswith(("：", ":"))):
        return None  # a date under a heading (停水时间) or after a colon (报名截止：) is what the notice is about
    if names is None:
        return None
    return SignOff(body_html[:start].rstrip(), names, day)


def _names(text: str) -> tuple[str, ...] | None:
    """The issuers' names in `text`, apart by spaces; None unless all of it is names."""
    names = tuple(_SEAL_MARK.sub("", name) for name in html.unescape(text).split())
    return names if all(_ISSUER.fullmatch(name) for name in names) else None


def _date_of(ending: re.Match) -> date | None:
    month, day = ending.group("month") or ending.group("iso_month"), ending.group("day") or ending.group("iso_day")
    try:
        return date(int(ending.group("year")), int(month), int(day))
    except ValueError:
        return None
