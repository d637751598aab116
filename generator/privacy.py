"""Privacy rules: masked phones, no identity-card numbers, audiences.

`publishable()` is the one gate every output passes through: it returns a copy
of a compound with everything the channel may not show removed, and phones
masked unless marked public. Pure functions, no I/O.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
import unicodedata
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from generator.model.base import Channel, Entry, Record

T = TypeVar("T")

# 6-digit region (starting 1-9), birth date 18xx-20xx, 3-digit sequence, check digit or X; written straight, in the
# groups such numbers are written in (110101 19900307 1234, 110101 1990 0307 1234, 1101-0119-9003-0712-34, 110101
# 199003 071234, 110 101 1990 0307 1234, also across a line break), or in full-width digits, which the patterns match
# as they are (translating whole files first cost more than the search). A longer run of digits (a bank account) is
# not one, nor figures that only add up to eighteen digits (3-1-1502 2026-11-25 1200). What is written between the
# groups: spaces of every width, hyphens and dashes of every kind (Word turns '-' into U+2011 or U+2013), a middle
# dot, and the invisible characters text pasted from WeChat or a web page carries (zero-width spaces and joiners, word
# joiners, byte-order marks); an identity-card number's groups are also written with a dot or a slash
# (210101.19700307.1234).
_SPACES_AND_DASHES = "\u00a0\u00ad\u00b7\u2002-\u200d\u2010-\u2015\u202f\u2060\u2212\u3000\ufe63\ufeff\uff0d"
_DIGIT, _SEPARATOR = "[0-9\uff10-\uff19]", f"[ \t\\-{_SPACES_AND_DASHES}]"
_ID_GAP = rf"(?:[ \t\-./\uff0e\uff0f{_SPACES_AND_DASHES}]{{1,3}}|[ \t]*\r?\n[ \t]*)"
_CHECK = rf"(?:{_DIGIT}|[Xx\uff38\uff58])"
_REGION_START = "[1-9\uff11-\uff19]"  # 9: a foreign permanent resident's card of 2023 (外国人永久居留身份证)
# Which a line names (永久居留): a company's unified social credit code (91500120...) is eighteen digits from 9 too.
_FOREIGN_RESIDENT = "居留"
# The patterns start with the number's first digit and look behind it from after it (`(?<!{_DIGIT}.)`: no digit
# before it): the search then skips to the digits a number can start with. One that starts by looking behind is
# tried at every character, and took twice as long.
_ID_NUMBER = re.compile(
    rf"{_REGION_START}(?<!{_DIGIT}.)(?<!{_DIGIT}{_SEPARATOR}.)(?:"
    rf"{_DIGIT}{{5}}{_ID_GAP}(?:{_DIGIT}{{8}}|{_DIGIT}{{4}}{_ID_GAP}{_DIGIT}{{4}})"
    rf"{_ID_GAP}{_DIGIT}{{3}}{_CHECK}"
    rf"|{_DIGIT}{{3}}(?:{_ID_GAP}{_DIGIT}{{4}}){{3}}{_ID_GAP}{_DIGIT}{_CHECK}"
    rf"|{_DIGIT}{{5}}{_ID_GAP}{_DIGIT}{{6}}{_ID_GAP}{_DIGIT}{{5}}{_CHECK}"
    rf"|{_DIGIT}{{2}}{_ID_GAP}{_DIGIT}{{3}}(?:{_ID_GAP}{_DIGIT}{{4}}){{2}}{_ID_GAP}{_DIGIT}{{3}}{_CHECK})"
    rf"(?!{_SEPARATOR}?{_DIGIT})")
# Or its birth date written as a date (500227-1985-03-07-2304, in a file's name), one mark between all the groups.
_DATED_ID_NUMBER = re.compile(rf"{_REGION_START}(?<!{_DIGIT}.){_DIGIT}{{5}}(?P<mark>[-./])(?:18|19|20)[0-9]{{2}}"
                              rf"(?P=mark)[0-9]{{2}}(?P=mark)[0-9]{{2}}(?P=mark){_DIGIT}{{3}}{_CHECK}(?!{_DIGIT})")
# Set apart in groups, one whose birth year is after this: a receipt's or a meter's number, a recent day and an amount
# (402761 2026-11-25 1200, 100235 20261125 1500.00) are shaped so, in every register the site publishes. A child's
# number is seldom in the content, and written straight if it is.
_SET_APART_BORN_BY = 2010
# Eighteen characters on their own are one even beside another number (139****5678 110101199003071234),
# which the grouped form must not run into.
_STRAIGHT_ID_NUMBER = re.compile(rf"{_REGION_START}(?<!{_DIGIT}.){_DIGIT}{{16}}{_CHECK}(?!{_DIGIT})")
_BIRTH_DATE = re.compile(r"((?:18|19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])")
# The first cards' fifteen digits (region, birth date as YYMMDD in the 1900s, sequence), withdrawn in 2013 but
# still in old rosters: only where the line calls the number one (身份证号：110101 900307 123), as other numbers
# are shaped so too (a business registration number, 500227000123456).
_OLD_ID_CONTEXT = ("身份证", "证件号", "身份号码")
_OLD_ID_NUMBER = re.compile(
    rf"(?:{'|'.join(_OLD_ID_CONTEXT)})(?:[^\n0-9\uff10-\uff19]|[0-9]{{2}}位){{0,12}}"
    rf"(?P<number>{_REGION_START}{_DIGIT}{{5}}{_ID_GAP}?{_DIGIT}{{6}}{_ID_GAP}?{_DIGIT}{{3}})(?!{_SEPARATOR}?{_DIGIT})")
# Or where a table gives them a column of their own, headed by the only word that calls them so: in a text that
# names them anywhere, a number of that shape that is a table's cell on its own (a Markdown table's, a CSV line's,
# a spreadsheet's) is one too. In prose it is not: an old roster's table is where such numbers are.
# Quoted as CSV quotes a cell, or as Excel users keep a long number from turning into 1.1E+14 (="…" or '…).
_OLD_ID_IN_A_CELL = re.compile(
    rf"(?:^|(?<=[|,\t\uff5c]))[ \t\u3000]*(?:=?\"|')?(?P<number>{_REGION_START}{_DIGIT}{{5}}{_ID_GAP}?{_DIGIT}{{6}}"
    rf"{_ID_GAP}?{_DIGIT}{{3}})\"?[ \t\u3000]*(?=[|,\t\uff5c]|$)", re.MULTILINE)
# After the words that name it, on its line, an identity-card number however its digits are set apart (110 101 199
# 003 071 234, 110101_19900307_1234, or one digit a box, as a form's 公民身份号码 row is filled in).
_LOOSE_GAP = rf"[ \t\-./_\uff0e\uff0f{_SPACES_AND_DASHES}]{{0,2}}"
_NAMED_ID_NUMBER = re.compile(
    rf"(?:{'|'.join(_OLD_ID_CONTEXT)})(?:[^\n0-9\uff10-\uff19]|[0-9]{{2}}位){{0,12}}"
    rf"(?P<number>{_REGION_START}(?:{_LOOSE_GAP}{_DIGIT}){{16}}{_LOOSE_GAP}{_CHECK})(?!{_LOOSE_GAP}{_DIGIT})")
# The number of another identity document, where the line names it: a passport's (E12345678, EA1234567), a permit's
# to Hong Kong and Macao (C12345678), a Taiwan compatriot's (12345678), a residence permit's.
# Only a person's: 通行证 alone is as often a car's or a renovation's (车辆通行证编号20261107). The number follows the
# name, its 号码 and a colon, not other words (港澳通行证咨询电话：41561003 is a phone).
_DOCUMENTS = ("护照", "港澳通行证", "台湾通行证", "台胞证", "回乡证", "居留证", "居留许可", "Passport", "passport")
_OTHER_DOCUMENT = re.compile(
    rf"(?:{'|'.join(_DOCUMENTS)})[ \t]*(?:号码|号|[Nn]o\.?|[Nn]umber)?"
    r"[ \t:：为是]{0,3}(?P<number>[A-Za-z]{1,2}[0-9]{6,9}|[0-9]{8,10})(?![0-9A-Za-z])")
# A business registration number's sequence starts with zeros (500227000123456), which would read as born in 1900.
_CELL_BORN_FROM = 1910
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}  # one character for one


def names_id_numbers(text: str) -> bool:
    """Whether `text` speaks of identity-card numbers, so that an old one standing in a table's cell is one."""
    return any(word in text for word in _OLD_ID_CONTEXT)


def find_id_numbers(text: str, in_a_text_naming_them: bool = False) -> list[tuple[int, int]]:
    """Where in `text` (start, end) something is shaped like a PRC resident identity-card number.
    `in_a_text_naming_them`: `text` is part of one (a line of a CSV file, a spreadsheet's cell) that
    `names_id_numbers`.

    The check digit is not verified on purpose: a mistyped number is still
    someone's personal data."""
    found: list[tuple[int, int]] = []
    named = [*_NAMED_ID_NUMBER.finditer(text)] if in_a_text_naming_them or names_id_numbers(text) else []
    for match in [*_ID_NUMBER.finditer(text), *_STRAIGHT_ID_NUMBER.finditer(text), *_DATED_ID_NUMBER.finditer(text),
                  *named]:
        (start, end) = match.span("number") if match.re is _NAMED_ID_NUMBER else match.span()
        digits = digits_of(text[start:end])
        birth = _BIRTH_DATE.fullmatch(digits[6:14])
        if digits[0] == "9" and _FOREIGN_RESIDENT not in _line_of(text, start):
            continue
        if birth and match.re is not _STRAIGHT_ID_NUMBER and int(birth[1]) > _SET_APART_BORN_BY:
            continue  # a number, a recent day and an amount: 402761 2026-11-25 1200, 100235 20261125 1500.00
        if birth and _is_date(*(int(part) for part in birth.groups())) and not any(
                start < other_end and other_start < end for other_start, other_end in found):
            found.append((start, end))
    if in_a_text_naming_them or names_id_numbers(text):
        for pattern, born_from in ((_OLD_ID_NUMBER, 1900), (_OLD_ID_IN_A_CELL, _CELL_BORN_FROM)):
            for match in pattern.finditer(text):
                digits, (start, end) = digits_of(match.group("number")), match.span("number")
                year = 1900 + int(digits[6:8])
                if year >= born_from and _is_date(year, int(digits[8:10]), int(digits[10:12])) and not any(
                        start < other_end and other_start < end for other_start, other_end in found):
                    found.append((start, end))
    if any(document in text for document in _DOCUMENTS):  # a search for the pattern itself is slower
        found += [match.span("number") for match in _OTHER_DOCUMENT.finditer(text)
                  if not any(start < match.end("number") and match.start("number") < end for start, end in found)]
    return sorted(found)


# A mainland mobile number: 1, then 3-9, then nine digits; straight or in groups (138 1234 5678, 138-1234-5678,
# 138.1234.5678, 139 - 1234 - 5678, 138⏎1234 5678; or with tabs, no-break or zero-width spaces, soft hyphens,
# en or em dashes, middle dots), after a country code or not (+86, 0086, 86), in ASCII or full-width.
# A line break inside the number counts as a space (Markdown joins the lines again), one beside a dash does
# not (a list's next item); a number that ends a line is whole, whatever the next line starts with.
_GAP_CHARACTER = f"[ \t\\-.\uff0e{_SPACES_AND_DASHES}]"
_SAME_LINE_GAP = f"{_GAP_CHARACTER}{{0,3}}"
_GAP = f"(?:{_SAME_LINE_GAP}|[ \t]*\r?\n[ \t]*)"
_MOBILE = re.compile(rf"(?<!{_DIGIT})(?<!{_DIGIT}{_SEPARATOR})(?<!{_DIGIT}[.\uff0e])(?:(?:[+\uff0b]|00|\uff10\uff10)?[8\uff18][6\uff16]{_GAP})?"
                     rf"[1\uff11][3-9\uff13-\uff19](?:{_GAP}{_DIGIT}){{9}}(?!{_SAME_LINE_GAP}{_DIGIT})")


# Eleven digits on their own are a mobile number even beside another number (13812345678 13912345678),
# which the grouped form must not run into.
_STRAIGHT_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# So are the 3-4-4 groups a mobile number is written in, after hours or a room number (8:00-18:00 139 1234
# 5678): a bank card's groups are of four.
# With slashes too (137/1111/0006), which only the 3-4-4 groups are read with: 13/14/15/16/17/8栋 is a list of buildings.
_GROUPED_MOBILE = re.compile(rf"(?<!{_DIGIT})[1１][3-9３-９]{_DIGIT}(?P<gap>[ \-\u3000/／]){_DIGIT}{{4}}"
                             rf"(?P=gap){_DIGIT}{{4}}"
                             rf"(?!{_SEPARATOR}?{_DIGIT})")

# And its first three digits in brackets, as a landline's area code is written: (139)1234-5678, +86 (138) 1234 5678.
_BRACKETED_MOBILE = re.compile(rf"(?<!{_DIGIT})(?:(?:[+\uff0b]|00)?[8\uff18][6\uff16]{_SAME_LINE_GAP})?[(\uff08]"
                               rf"[1\uff11][3-9\uff13-\uff19]{_DIGIT}[)\uff09]{_SAME_LINE_GAP}{_DIGIT}{{4}}"
                               rf"{_SAME_LINE_GAP}{_DIGIT}{{4}}(?!{_SAME_LINE_GAP}{_DIGIT})")

# After the words that name a phone, the 3-4-4 groups set apart by anything, alike (手机：139_1111_0002, 139，1111，
# 0003, 139    1111    0004): elsewhere such groups are lists of figures (押金150，2000，3000元).
# So are they in a phone field, which names a phone throughout (13800000011 夜间 139_1111_0002).
_LOOSELY_GROUPED = (rf"(?P<number>[1１][3-9３-９]{_DIGIT}(?P<gap>[ \u3000]+|[\-/／_,，~～.．]){_DIGIT}{{4}}(?P=gap)"
                    rf"{_DIGIT}{{4}})(?!{_DIGIT})")
# And one digit at a time, each set apart alike (值班手机：1 3 9 1 2 3 4 5 6 7 8), to be read out: the same gap
# each time, as a list of buildings (1 3 5 7 9 11 13栋) does not keep it; after a phone's name too, as a month's
# figures a digit each (1 3 4 2 5 3 4 5 3 2 4) may be written so.
_SPACED = (rf"(?P<number>[1\uff11](?P<space>[ \u00a0\u3000]{{1,2}})[3-9\uff13-\uff19](?:(?P=space){_DIGIT}){{9}})"
           rf"(?!{_SAME_LINE_GAP}{_DIGIT})")
# A phone's name right before it (联系电话：, 手机号, 微信同号, TEL), not words about something else (电话费, 电话报修,
# 值班补贴, 联系人).
_PHONE_NAMED = r"(?:电话|手机|座机|传真|热线|微信|(?i:tel))(?:号码|号|同号)?[ \t\u3000:：.]{0,3}"
_NAMED_MOBILES = [re.compile(_PHONE_NAMED + pattern) for pattern in (_LOOSELY_GROUPED, _SPACED)]
_LOOSE_MOBILES = [re.compile(rf"(?<!{_DIGIT}){pattern}") for pattern in (_LOOSELY_GROUPED, _SPACED)]

# Each of the forms above has a 1, a digit from 3 to 9 and a digit after them (across gaps or not): a text
# with none, as most ledgers and values are, is settled without the six searches, the slowest of all here.
_MOBILE_START = re.compile(rf"[1\uff11]{_GAP}[3-9\uff13-\uff19]{_GAP}{_DIGIT}")


def find_mobile_numbers(text: str) -> list[tuple[int, int, str]]:
    """Where in `text` a mobile number is written: (start, end, its eleven digits)."""
    if not _MOBILE_START.search(text):
        return []
    found = [(match.start(), match.end(), digits_of(match.group())[-11:]) for match in _MOBILE.finditer(text)]
    for pattern in (_STRAIGHT_MOBILE, _GROUPED_MOBILE, _BRACKETED_MOBILE):
        found += [(match.start(), match.end(), digits_of(match.group())[-11:]) for match in pattern.finditer(text)
                  if not any(start < match.end() and match.start() < end for start, end, _ in found)]
    found += [(*match.span("number"), digits_of(match["number"])) for pattern in _NAMED_MOBILES
              for match in pattern.finditer(text)
              if not any(start < match.end("number") and match.start("number") < end for start, end, _ in found)]
    return sorted(found)


def digits_of(written: str) -> str:
    """A number as written (in groups, in full-width digits, after +86) as its plain digits (and X)."""
    return re.sub("[^0-9Xx]", "", written.translate(_HALF_WIDTH))


def _line_of(text: str, at: int) -> str:
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def id_prefix(number: str) -> str:
    """What of an identity document's number may be quoted: an identity card's region (its first six digits),
    a shorter number's first character."""
    return number[:6] if len(number) >= 15 else number[:1]


def mask_id_numbers(text: str) -> str:
    """`text` with every identity-card number found in it hidden but its first six characters (the region), to
    quote it (a line quoted from a text that names them: an old one in a table's cell is hidden even if the line
    does not); a passport's and other shorter numbers but their first."""
    for start, end in find_id_numbers(text, in_a_text_naming_them=True):
        kept = start + len(id_prefix(text[start:end]))
        text = text[:kept] + "".join(_star(ch) for ch in text[kept:end]) + text[end:]
    return text


# A landline with its area code (010, 02x or a 4-digit 0xxx) and a local number of 7 or 8 digits starting 2-9:
# 023-4156 2219, (023)41562219, 010 8765 4321; an extension after it (023-41562208-801, 转801) is not part of it.
# The area code is set apart, as landlines are written: twelve digits in a row are as likely an invoice code
# (044031900111), and eight digits alone a voucher or an account number, so both are left alone (but see
# _STRAIGHT_LANDLINE).
_AREA = rf"(?:[1１][0０]|[2２]{_DIGIT}|[3-9３-９]{_DIGIT}{{2}})"
_AREA_CODE = rf"[0０]{_AREA}"
# Or after the country code, with its 0 or not: +86 23 4156 1003, 0086-23-41561003, +86 (0)23 4156 1003.
_COUNTRY_AND_AREA = (rf"(?:[+\uff0b]|00|\uff10\uff10)[8\uff18][6\uff16]{_GAP_CHARACTER}{{0,3}}"
                     rf"(?:[(（][0０]?{_AREA}[)）]|[(（][0０][)）]{_AREA}|[0０]?{_AREA})")
_EXTENSION = rf"[\-－]{_DIGIT}{{1,5}}(?!{_SAME_LINE_GAP}{_DIGIT})"
_LANDLINE = re.compile(rf"(?<!{_DIGIT})(?<!{_DIGIT}{_SEPARATOR})(?:[(（]{_AREA_CODE}[)）]{_SAME_LINE_GAP}|{_AREA_CODE}"
                       rf"(?:{_GAP_CHARACTER}{{1,3}}|[/／])|{_COUNTRY_AND_AREA}{_GAP_CHARACTER}{{1,3}})"
                       rf"[2-9２-９](?:{_SAME_LINE_GAP}{_DIGIT}){{6,7}}"
                       rf"(?={_EXTENSION}|(?!{_SAME_LINE_GAP}{_DIGIT}))")


_NUMBER_SPAN = re.compile(rf"{_DIGIT}(?:(?:{_SAME_LINE_GAP}|[ \t]*\r?\n[ \t]*){_DIGIT})*")


def number_spans(text: str) -> list[str]:
    """The runs of digits in `text`, with whatever the patterns here take to be written between a number's
    digits: two texts with the same spans hold the same numbers."""
    return _NUMBER_SPAN.findall(text)


# Or, after a phone's name, eleven digits in a row from 0 (电话：02341560000): a 2-digit area code (010, 02x) and 8
# digits, or a 3-digit one and 7 digits. Elsewhere they are as likely an account's or a meter's (户号05123456789).
_STRAIGHT_LANDLINE = re.compile(_PHONE_NAMED + r"(?P<number>(?<![0-9])0(?:(?:10|2[0-9])[2-9][0-9]{7}|[3-9][0-9]{2}"
                                r"[2-9][0-9]{6}))(?![0-9])")


def find_phone_numbers(text: str) -> list[tuple[int, int, str]]:
    """Where in `text` a mobile number, or a landline with its area code, is written: (start, end, its digits)."""
    found = find_mobile_numbers(text)
    for pattern, group in ((_LANDLINE, 0), (_STRAIGHT_LANDLINE, "number")):
        found += [(*match.span(group), _national(digits_of(match[group]))) for match in pattern.finditer(text)
                  if not any(start < match.end(group) and match.start(group) < end for start, end, _ in found)]
    return sorted(found)


def _national(digits: str) -> str:
    """A landline's digits as dialled within China (023...), also when written after the country code."""
    if digits.startswith(("86", "0086")):
        digits = digits.removeprefix("00")[2:]
    return digits if digits.startswith("0") else "0" + digits


def is_mobile(digits: str) -> bool:
    """A mobile number's digits, not a landline's: messages name each kind in a sentence of its own."""
    return len(digits) == 11 and digits.startswith("1")

def mask_phone_numbers(text: str) -> str:
    """`text` with every phone number found in it masked as a phone is (138****5678), to quote it."""
    for start, end, _ in reversed(find_phone_numbers(text)):
        text = text[:start] + mask_phone(text[start:end]) + text[end:]
    return text


def mask_phone_field(value: str) -> str:
    """A `phone` field masked: the number it starts with, in whatever form it is written
    (41562208（8:00-20:00）), and every number in what it says after it (41568127（家，或13600008127）,
    4156-3010、4156-3011); all of it when it starts with no number. Where two of the ways a number is found
    overlap, the number is the whole of both (137/1111/3060 starts with 137, and is one group of digits)."""
    spans = sorted([(start, end) for start, end, _ in find_phone_numbers(value)]
                   + [match.span() for match in _DIGIT_GROUPS.finditer(value)]
                   + [match.span("number") for pattern in _LOOSE_MOBILES for match in pattern.finditer(value)]
                   + ([leading.span()] if (leading := _LEADING_NUMBER.match(value)) else []))
    numbers: list[list[int]] = []
    for start, end in spans:
        if numbers and start < numbers[-1][1]:
            numbers[-1][1] = max(end, numbers[-1][1])
        else:
            numbers.append([start, end])
    for start, end in reversed(numbers):
        value = value[:start] + mask_phone(value[start:end]) + value[end:]
    return value if numbers else mask_phone(value)


# With its country code and area code in brackets too (+86 (023) 4156 0000): "+86" alone was masked, the rest shown.
# A space goes on with it only before three digits more: 41562208 8:00-20:00 is a number and a time.
_LEADING_NUMBER = re.compile(r"[+＋]?(?:[0-9０-９]{1,3}[ \-]*)?(?:[(（][0-9０-９]{2,4}[)）][ \-]*)?[0-9０-９]"
                             r"(?:[0-9０-９]|-(?=[0-9０-９])| (?=[0-9０-９]{3}))*")
# In a phone field, seven digits or more are a phone's, however they are grouped (023-41562219 / 4156-2220,
# 137/1111/3060): a dash, dot or slash between two digits joins them, a space not (41562208 8:00-20:00), and a day
# is none (2026.01.01).
_DIGIT_GROUPS = re.compile(r"(?<![0-9０-９])(?![0-9]{4}[-.．/／][0-9]{1,2}[-.．/／][0-9]{1,2}(?![0-9]))"
                           r"[0-9０-９](?:[\-.．/／]?[0-9０-９]){6,}")


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits of a number with its area code (13812345678 -> 138****5678,
    023-41561234 -> 023-****1234), only the last 4 of a shorter one (41562208 -> ****2208: with one digit
    hidden, ten calls would find it), none of one of 7 digits or fewer."""
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    hidden = set(digits[3:-4]) if len(digits) >= 11 else set(digits[:-4]) if len(digits) > 7 else set(digits)
    return "".join(_star(ch) if i in hidden else ch for i, ch in enumerate(phone))


_DIGIT_RUN = re.compile(r"[0-9０-９]+|[零〇一二三四五六七八九十百]+")  # 502, ５０２ or 五零二
_BUILDING_OR_STAIRWAY = ("栋", "幢", "座", "单元")
_NOT_A_ROOM = (*_BUILDING_OR_STAIRWAY, "楼", "期", "区")  # what a number before it counts instead
_ROOM_AFTER = ("栋", "幢", "座", "单元", "楼", "-", "－")  # what a room's number follows (B座1502, 2栋702)
_UNITS_APART = re.compile(r"([、,，/／;；])")  # several units in one arrear: 2栋702、2栋703; 12-1-1502、1503


def hide_room(unit: str) -> str:
    """A unit with its room number hidden, as a debt may be named on the web (3栋2单元302 -> 3栋2单元***,
    11-2-302 -> 11-2-***): the building and stairway stay, to be read as the building's share. After the last
    building or stairway every number is a room's, or a part of one (5-2, floor and door); of several units,
    each one's (2栋702、2栋***; 12-1-1502、*** when the second gives the room alone)."""
    parts = _UNITS_APART.split(unit)
    return "".join(part if index % 2 else _hide_room_of(part, listed=index > 0) for index, part in enumerate(parts))


def _hide_room_of(unit: str, listed: bool) -> str:
    runs = list(_DIGIT_RUN.finditer(unit))
    counted = [run for index, run in enumerate(runs) if _counts_a_building(unit, run, runs[:index])]
    if not runs or counted[-1:] == runs[-1:]:
        return unit
    rooms = [run for run in runs if run.start() > counted[-1].end()] if counted else runs[-1:]
    if len(runs) == 1 and not (listed or unit.startswith(("室", "号", "户"), runs[0].end())
                               or unit[:runs[0].start()].endswith(_ROOM_AFTER)):
        return unit  # a number alone is no room: 商铺, 一期
    for room in reversed(rooms):
        unit = unit[:room.start()] + "***" + unit[room.end():]
    return unit


def _counts_a_building(unit: str, run: re.Match, before: list[re.Match]) -> bool:
    """Whether the number `run` counts buildings, stairways or phases rather than being a room's. A 楼 after a
    building or a stairway is a floor, part of the room (5栋1单元三楼东户, 3栋2单元302室（一楼）); before them, a
    building (3楼2单元302)."""
    if unit.startswith("楼", run.end()):
        return not any(unit.startswith(_BUILDING_OR_STAIRWAY, other.end()) for other in before)
    return unit.startswith(_NOT_A_ROOM, run.end())


def _star(character: str) -> str:
    """The star that hides `character`: a full-width one for a full-width character, so that what is written
    after it stays in its column."""
    return "\uff0a" if unicodedata.east_asian_width(character) in "WF" else "*"


def publishable(value: T, channel: Channel) -> T:
    """`value` fit for `channel`: withheld entries dropped, withheld fields
    emptied, phones masked unless `phone_public`. Only what changes is copied;
    the rest is shared, as the model is never modified once validated."""
    if isinstance(value, Record):  # first: most values asked about are records, the plain ones are skipped before
        return _record(value, channel)  # type: ignore[return-value]
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list):
        shown = [v for v in value if not (isinstance(v, Entry) and not v.audience.reaches(channel))]
        kept = [publishable(v, channel) for v in shown]
        return value if _same(kept, value) else kept  # type: ignore[return-value]
    if isinstance(value, tuple):
        published = tuple(publishable(v, channel) for v in value)
        return value if _same(published, value) else published  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        fields = [getattr(value, name) for name in names]
        published = [publishable(field, channel) for field in fields]
        return value if _same(published, fields) else dataclasses.replace(value, **dict(zip(names, published)))
    return value


def _same(published: list | tuple, value: list | tuple) -> bool:
    """Nothing in the sequence was withheld or changed: the original can be shared instead of a copy."""
    return len(published) == len(value) and all(p is v for p, v in zip(published, value))


_PLAIN = (str, int, Decimal, date, Enum, type(None))  # values that hold nothing to withhold


def _record(record: Record, channel: Channel) -> Record:
    audiences = record.field_audiences()
    updates: dict[str, Any] = {name: None for name, audience in audiences.items()
                               if not audience.reaches(channel)} if audiences else {}
    nested, has_phone, rooms = _shape(type(record))
    for name in nested:
        if name in updates:
            continue
        value = getattr(record, name)
        published = publishable(value, channel)
        if published is not value:
            updates[name] = published
    if channel is Channel.web and rooms:
        # Not those withheld already (emptied above): hiding the room would put the rest back on the web.
        updates |= {name: hide_room(getattr(record, name)) for name in rooms if name not in updates}
    phone = updates.get("phone", record.phone) if has_phone else None
    if phone and not getattr(record, "phone_public", False):
        updates["phone"] = mask_phone_field(phone)
    return record.model_copy(update=updates) if updates else record


@functools.cache
def _shape(kind: type[Record]) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """The fields of `kind` that may hold something to withhold (a record, a list...), whether it has
    a phone, and its fields whose room is hidden on the web: the walk skips the rest, most of a ledger's values,
    as a plain value is published as it is. Known here, a record is never asked for a phone or rooms it does not
    have: pydantic answers that slowly, by an exception."""
    nested = tuple(name for name, field in kind.model_fields.items() if not _plain(field.annotation))
    return nested, "phone" in kind.model_fields, getattr(kind, "rooms_hidden_on_web", ())


def _plain(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return all(_plain(arg) for arg in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, _PLAIN)
