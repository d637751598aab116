"""A notice's sign-off: the issuers' names and the date its text ends with, as notices are signed.

The page and the sheet lay the sign-off out themselves (the sheet under the
seal, 骑年盖月), so it is taken off the end of the text's HTML: printed once, not
also as the text's last lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

# How a notice's text ends when it is signed: the issuers' names (paragraphs or lines of their own, names
# apart by spaces, or the start of the date's line), then the date.
_LAST_PARAGRAPH = re.compile(r"<p>(?P<lines>(?:[^<>]|<br\s*/?>)*)</p>\s*\Z")
_BREAK = re.compile(r"\s*<br\s*/?>\s*")
_ENDS_WITH_DATE = re.compile(r"(?P<names>.*?)\s*(?P<year>[0-9]{4})\s*(?:年\s*(?P<month>[0-9]{1,2})\s*"
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


def split_sign_off(body_html: str, issuers: Collection[str] = ()) -> SignOff | None:
    """The sign-off the text ends with, if it ends with one. `issuers`: names known to issue it (the notice's
    `issuer`), which are read as names however they end (康宁里孝心食堂)."""
    found = _LAST_PARAGRAPH.search(body_html)
    lines = _BREAK.split(found.group("lines").strip()) if found else []
    dated = _dated_line(lines[-1], issuers) if lines else None
    if dated is None:
        return None
    names, day = dated
    text, start = lines[:-1], found.start()
    while text and (more := _names(text[-1], issuers)):
        names, text = more + names, text[:-1]
    while not text and (before := _LAST_PARAGRAPH.search(body_html[:start])) \
            and (more := _lines_of_names(before.group("lines"), issuers)):
        names, start = more + names, before.start()
    if not names and _introduces(text[-1] if text else body_html[:start]):
        return None  # a date under a heading (停水时间) or after a colon (报名截止：) is what the notice is about
    kept = f"<p>{'<br>'.join(text)}</p>" if text else ""
    return SignOff(body_html[:start].rstrip() + kept, names, day)


def sign_off_start(lines: list[str]) -> int:
    """Where a sign-off starts among the lines of a text's last paragraph as written: the first of the lines of
    names that end it with the date; len(lines) when they do not end with a date."""
    if _dated_line(lines[-1]) is None:
        return len(lines)
    start = len(lines) - 1
    while start and _names(lines[start - 1]):
        start -= 1
    return start


def _dated_line(line: str, issuers: Collection[str] = ()) -> tuple[tuple[str, ...], date] | None:
    """The names before the date a line ends with, and the date; None unless it ends with one and all before
    it are names."""
    ending = _ENDS_WITH_DATE.fullmatch(_in_arabic_numerals(line.strip()))
    day = _date_of(ending) if ending else None
    # The names as written: reading the date changed nothing before it but full-width digits.
    names = _names(line.strip()[:ending.end("names")], issuers) if day else None
    return (names, day) if names is not None else None


def _lines_of_names(paragraph: str, issuers: Collection[str]) -> tuple[str, ...]:
    """The names in a paragraph whose every line is names; () when it is not such a paragraph."""
    found = [_names(line, issuers) for line in _BREAK.split(paragraph.strip())]
    return sum(found, ()) if all(found) else ()


def _introduces(text: str) -> bool:
    """Whether the text before a date leads up to it: a heading, or words ending with a colon."""
    return bool(re.search(r"(?:</h[1-6]>|[：:]\s*(?:</p>)?)\s*\Z", text))


def _names(text: str, issuers: Collection[str] = ()) -> tuple[str, ...] | None:
    """The issuers' names in `text`, apart by spaces; None unless all of it is names."""
    names = tuple(_SEAL_MARK.sub("", name) for name in html.unescape(text).split())
    return names if all(name in issuers or _ISSUER.fullmatch(name) for name in names) else None


def _date_of(ending: re.Match) -> date | None:
    month, day = ending.group("month") or ending.group("iso_month"), ending.group("day") or ending.group("iso_day")
    try:
        return date(int(ending.group("year")), int(month), int(day))
    except ValueError:
        return None
