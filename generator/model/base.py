"""Building blocks of the content model: records, audiences, money, periods.

The model is pure data plus the arithmetic on it. It never reads files and
never imports anything from rendering or writing.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      ValidationInfo, field_validator, model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from generator.cjk import WIDE
from generator.messages import tr

# An amount or an area written in quotes is read only as people read it: digits and at most one point. Decimal()
# itself also takes 31_50.00 (YAML's digit separator: 3150.00) and 1e3, which no secretary means as typed.
_PLAIN_FIGURE = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


def _plain_figure(value: Any) -> Any:
    if isinstance(value, str) and not _PLAIN_FIGURE.fullmatch(value.strip()):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


Figure = Annotated[Decimal, BeforeValidator(_plain_figure)]
Money = Annotated[Figure, Field(max_digits=14, decimal_places=2)]
PositiveMoney = Annotated[Figure, Field(gt=0, max_digits=14, decimal_places=2)]
NonNegativeMoney = Annotated[Figure, Field(ge=0, max_digits=14, decimal_places=2)]
# More than a compound has of anything (households, owners, months): a larger count is a typing mistake.
# Strict: in pydantic's lax mode `true` counts as 1 and `"30"` or `30.0` as 30, so a slip would be published as a figure.
Count = Annotated[int, Field(gt=0, le=9_999_999, strict=True)]
CountOrZero = Annotated[int, Field(ge=0, le=9_999_999, strict=True)]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
STATIC_FOLDER = "static"  # of the site's stylesheet and scripts: no compound's folder (its web address) may take it
MAX_SLUG = 80  # a web address is also a folder or file name: well within any file system's limit
STAND_IN_SLUG = "unnamed"  # for checking a file whose name cannot be its web address


# The fixed choices in Chinese, as the site names them (with the words secretaries also use): a choice written
# in Chinese gets the value to write, and the templates name them.
CHOICES_IN_CHINESE = {
    "party_branch": "党支部", "owners_committee": "业主委员会、业委会", "supervision_committee": "业主监督委员会、监委会",
    "building_group_leaders": "楼栋长", "property_staff": "物业服务人员", "other": "其他",
    "company": "物业服务企业、物业公司", "professional_manager": "职业经理人", "self_managed": "业主自管",
    "maintenance_fund": "补充专项维修资金", "fee_subsidy": "抵扣物业费", "dividend": "业主分红", "reserve": "留存备用",
    "area": "按专有部分面积", "household": "按户",
    "paper": "纸质、书面", "online": "网络、线上", "meeting": "现场、会议",
    "decision": "表决事项", "election": "选举",
    "rules_of_procedure": "制定和修改业主大会议事规则", "management_statute": "制定和修改管理规约",
    "elect_committee": "选举业主委员会或者更换业主委员会成员",
    "hire_or_fire_manager": "选聘和解聘物业服务企业或者其他管理人",
    "use_maintenance_fund": "使用建筑物及其附属设施的维修资金", "raise_maintenance_fund": "筹集建筑物及其附属设施的维修资金",
    "rebuild_or_reconstruct": "改建、重建建筑物及其附属设施",
    "change_common_use_or_business": "改变共有部分的用途或者利用共有部分从事经营活动",
    "other_major": "有关共有和共同管理权利的其他重大事项",
    "portrait": "纵向、竖版", "landscape": "横向、横版",
    "web": "网上公开、公开", "board": "仅张贴、只张贴", "never": "不公开、不发布",
}

def named_choices(values: tuple[str, ...]) -> str:
    """('dividend', 'reserve', 'other') -> 'dividend (业主分红), reserve (留存备用) or other (其他)'."""
    named = [f"{value} ({CHOICES_IN_CHINESE[value].split('、')[0]})" for value in values]
    return ", ".join(named[:-1]) + f" or {named[-1]}" if len(named) > 1 else "".join(named)


# A day as people write it (2026.11.5, 2026/11/05, 2026年11月5日, 2026-12-7, with a time after it from a
# spreadsheet), or as accounting programs export it (20260105, as 用友 and 金蝶 do).
_WRITTEN_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|(\d{4})(\d{2})(\d{2})")


def written_date(text: str) -> tuple[int, int, int] | None:
    """The year, month and day of `text` written as a date (full-width digits too), not yet checked to be
    a day; None for any other text."""
    match = _WRITTEN_DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups() if part is not None)
    return year, month, day


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


_SLUG = re.compile(SLUG_PATTERN)
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=MAX_SLUG)]
CENT = Decimal("0.01")


def added_later() -> Any:
    """The default of a field documents did not always have: unset, it is left out of every dump of them, so that
    the verification codes of documents published before it was added stay as they were."""
    return Field(default=None, exclude_if=lambda value: value is None)

# A phone as residents dial it, which the page makes a tap-to-call link of: a mobile (13800001111, 138 0000 1111),
# a landline with or without its area code (023-41562219, (023)41562219, 41562219; an extension as -801 or 转801),
# a 400 or 800 number, or a service number (110, 12345, 96128). Words about it may follow (13800001111（8:00-20:00）),
# never stand in for it: 打保安室, a mobile missing a digit, or the number in “quotes” would be published as a link;
# nor more digits after a hyphen (189-0000-19060 was read as 189, extension 0000).
# A 400 or 800 number is tried before a landline, in whatever groups it is written (400-8123-456, 4008-123-456):
# read as a landline, 400-8123 was the number and -456 an extension, and the link dialled a wrong number.
_DIALABLE = re.compile(r"(?P<number>(?:\+86[ -]?)?(?:1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
                       r"|[48]00(?:[ -]?[0-9]){7}(?![0-9])"
                       r"|(?:\(0[0-9]{2,3}\)[ -]?|0[0-9]{2,3}[ -]?)?[2-9][0-9]{2,3}[ -]?[0-9]{4}"
                       r"|1[0-9]{2}(?:[0-9]{2})?|9[56][0-9]{3,4}))"
                       r"(?: ?(?:-|转) ?(?P<extension>[0-9]{1,6}))?(?![0-9]|-[0-9])")
_FULL_WIDTH_DIGIT = re.compile("[\uff10-\uff19]")


def _dialable(phone: str) -> str:
    if _DIALABLE.match(phone):
        return phone
    digits = re.sub(r"[ -]", "", re.match(r"[0-9 -]*", phone).group())  # 189-0000-19060: 12 in all
    if _FULL_WIDTH_DIGIT.search(phone):
        hint = tr("write it in ordinary (half-width) digits: a phone's keypad has no others")
    elif re.match(r"[0-9]+[－—–][0-9]", phone):  # typed with a Chinese input method on
        hint = tr("separate the groups with the ordinary hyphen '-', not the full-width '－' or a dash")
    elif phone[:1] in "“”‘’「『\"'":
        hint = tr("remove the quotation marks around the number")
    elif country := re.match(r"0{0,2}86[ -]?(?=1[3-9])", phone):
        hint = tr("write the country code as +86, or leave it out: %(number)s", number=phone[country.end():])
    elif digits[:1] == "1" and len(digits) > 5:
        hint = tr("a mobile number has 11 digits; this one has %(digits)s", digits=len(digits))
    elif digits:
        hint = tr("check the number: a landline's own number has 7 or 8 digits, not starting with 0 or 1")
    else:
        hint = tr("start with the number; words about it may follow it, such as the hours: （8:00-20:00）")
    # In words, not examples: a printed message masks whatever looks like a phone number.
    raise PydanticCustomError("phone", tr("expected a phone number residents can dial: a mobile number of 11 "
                                          "digits, a landline with or without its area code, or a service number "
                                          "such as 12345; found '{found}'"), {"found": phone, "hint": hint})


Phone = Annotated[str, AfterValidator(_dialable)]


def is_invisible(character: str) -> bool:
    """A format character that text pasted from WeChat or a web page carries (a zero-width space, a soft hyphen,
    a byte-order mark): shown nowhere, it makes two texts that look the same differ."""
    return unicodedata.category(character) == "Cf"


def invisible_named(text: str) -> str:
    """`text` with each invisible character written out (物业费<U+200B>), for a message to show."""
    return "".join(f"<U+{ord(ch):04X}>" if is_invisible(ch) else ch for ch in text)


def _one_spelling(category: str) -> str:
    """The site groups and totals by category: '物业费　' or “物业费” would be a second 物业费 beside the first."""
    trimmed = category.strip()
    quoted = len(trimmed) > 1 and trimmed[0] in _QUOTES and trimmed[-1] in _QUOTES
    bare = trimmed[1:-1].strip() if quoted else trimmed
    if bare != category:
        raise PydanticCustomError(
            "category_spelling", tr("expected the category without quotation marks, found '{found}'") if quoted
            else tr("expected the category without a space around it, found '{found}'"),
            {"found": category, "hint": _apart(bare)})
    if _WIDE.search(category) and _SPACE.search(category):  # 物业　费 beside 物业费; Property fee keeps its space
        raise PydanticCustomError("category_spelling", tr("expected a Chinese category without spaces, found "
                                                          "'{found}'"),
                                  {"found": category, "hint": _apart(_SPACE.sub('', category))})
    if any(map(is_invisible, category)):
        raise PydanticCustomError("category_spelling", tr("expected the category without invisible characters, "
                                                          "found '{found}'"),
                                  {"found": invisible_named(category), "hint": tr(
                                      "type the category again: an invisible character (a zero-width space, as "
                                      "text pasted from WeChat or a web page carries) makes it a second category "
                                      "on the site, shown apart")})
    if OTHER_DASHES.search(category):  # 共有收益－停车 beside 共有收益-停车: two categories on the site
        raise PydanticCustomError("category_spelling", tr("expected the hyphen '-' between the parts of the "
                                                          "category, found '{found}'"),
                                  {"found": category, "hint": tr(
                                      "write %(category)s: the site groups by category, and would show one written "
                                      "with another dash apart", category=OTHER_DASHES.sub('-', category))})
    return category


def _apart(written: str) -> str:
    return tr("write %(category)s: the site groups by category, and would show this one apart", category=written)


_WIDE, _SPACE = re.compile(f"[{WIDE}]"), re.compile(r"\s+")
OTHER_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")  # the hyphen's look-alikes


_QUOTES = "“”‘’「」『』\"'"
Category = Annotated[str, AfterValidator(_one_spelling)]


def dialled(phone: str) -> str:
    """What a tap-to-call link dials for `phone`: its number's digits, without the words after it or the
    separators; and an extension after a pause (a comma), which phones dial once the call is answered."""
    match = _DIALABLE.match(phone)
    if not match:
        return re.sub(r"[^0-9+]", "", phone)
    number = re.sub(r"[^0-9+]", "", match["number"])
    return f"{number},{match['extension']}" if match["extension"] else number


class Channel(str, Enum):
    """Where a published value ends up."""

    web = "web"
    board = "board"


class Audience(str, Enum):
    """Who may see an entry or a field: `web` (the default) means web and print."""

    web = "web"
    board = "board"
    never = "never"

    def reaches(self, channel: Channel) -> bool:
        if self is Audience.web:
            return True
        return self is Audience.board and channel is Channel.board


AUDIENCE_CHOICES = ", ".join(a.value for a in Audience)


class Said:
    """A class's message, or its messages by key, said in the language spoken when it is read: the class is made
    when its module is imported, before the command chooses its language."""

    def __init__(self, say: Callable[[], Any]) -> None:
        self._say = say

    def __get__(self, instance: Any, owner: type) -> Any:
        return self._say()


class Record(BaseModel):
    """A mapping from a content file. Unknown keys are errors, never dropped.

    Any text field may be written as `{value: ..., audience: board}` to limit
    where it is published; the audience is kept beside the value.
    """

    # defer_build: each model's validator is built when it first validates, not at import; a build that
    # finds nothing changed validates little more than site.yaml.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True, defer_build=True)
    # Fields the generator fills in, which the file must not set: each with where their content goes instead.
    # A subclass's messages here are `Said`, in the language spoken when they are read.
    not_keys: ClassVar[dict[str, str]] = {}
    # Text fields that cannot have an audience of their own, each with what to do instead.
    unmarked_keys: ClassVar[dict[str, str]] = {}
    # For a file a compound may do without: what to do when it lists nothing (left empty, or its list).
    if_none: ClassVar[str] = ""

    @model_validator(mode="wrap")
    @classmethod
    def _unwrap_marked_fields(cls, data: Any, handler: Any, info: ValidationInfo) -> Any:
        if info.context is FROM_A_FILE and isinstance(data, dict) and None in data.values():
            data = cls._nothing_marked(data)
        if not isinstance(data, dict) or not any(isinstance(value, dict) for value in data.values()):
            return handler(data)  # nothing marked: most records, and no copy of their data
        data = dict(data)
        audiences: dict[str, Audience] = {}
        for key, value in data.items():
            if isinstance(value, dict) and set(value) == {"value", "audience"}:
                audiences[key] = cls._check_marked_field(key, value)
                data[key] = value["value"]
        instance = handler(data)
        if audiences:
            # Kept where pydantic keeps private attributes, but not declared as one: pydantic would then call back
            # into Python to set its default on every record, which took a sixth of the time of validating them.
            private = {**(instance.__pydantic_private__ or {}), "field_audience": audiences}
            object.__setattr__(instance, "__pydantic_private__", private)
        return instance

    @classmethod
    def _check_marked_field(cls, key: str, marked: dict) -> Audience:
        field = cls.model_fields.get(key)
        unmarked = cls.unmarked_keys
        if key in unmarked:
            raise PydanticCustomError("audience_not_here",
                                      tr("'{key}' cannot be given an audience of its own: {instead}"),
                                      {"key": key, "instead": unmarked[key]})
        if field is not None and not _is_text(field.annotation):
            raise PydanticCustomError(
                "audience_not_text",
                tr("only text fields can be given an audience; '{key}' is counted or "
                   "compared, so hiding it would make the published figures disagree"),
                {"key": key},
            )
        try:
            return Audience(marked["audience"])
        except ValueError:
            raise PydanticCustomError(
                "audience_value",
                tr("expected one of {choices} for its audience, found '{found}'"),
                {"key": key, "choices": AUDIENCE_CHOICES, "found": marked["audience"]},
            ) from None

    @classmethod
    def _nothing_marked(cls, data: dict) -> dict:
        """A key left without a value (`issuer:`) as NOTHING, which no field takes, so that it is an error of
        that field, with the others in one run: as None, a field that may be left out took it as left out (a
        sheet was sealed in the committee's name, as if `issuer:` were not there). A key no field has is left
        to be reported as unknown."""
        fields, not_keys = cls.model_fields, cls.not_keys
        keys = set(fields) | {field.alias for field in fields.values() if field.alias}
        return {key: NOTHING if value is None and key in keys and key not in not_keys else value
                for key, value in data.items()}

    @field_validator("*")
    @classmethod
    def _text_not_blank(cls, value: Any, info: ValidationInfo) -> Any:
        """"" or spaces, in a field or a list's item, would be published as an empty heading, name or line;
        the fields the generator fills in (`not_keys`) may be empty."""
        if isinstance(value, str) and not value.strip() and info.field_name not in cls.not_keys:
            raise PydanticCustomError("blank", _blank(value), {"found": _blank_found(value), "hint": _blank_hint()})
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str) and not item.strip():
                    raise PydanticCustomError("blank", _blank(item), {"found": _blank_found(item),
                                                                      "hint": _blank_hint(), "key": (index,)})
        return value

    def field_audiences(self) -> dict[str, Audience]:
        """The fields given an audience of their own; all others reach the web."""
        return (self.__pydantic_private__ or {}).get("field_audience", {})


# The context of validating what a file holds, as `schema_errors.validated` does; the model's own code, which
# leaves a field None by writing so, does not.
FROM_A_FILE: dict = {}


class _Nothing:
    """What a key written without a value holds, for validation (see Record._nothing_marked)."""

    def __repr__(self) -> str:
        return "nothing"


NOTHING = _Nothing()


def _blank(text: str) -> str:
    return tr("expected text, found an empty text (\"\")") if not text else tr("expected text, found only spaces")


def _blank_hint() -> str:
    return tr("write what it should say: left empty, it would be published as an empty heading, name or line")


def _blank_found(text: str) -> str:
    return "an empty text (\"\")" if not text else "only spaces"


def raise_together(problems: list[PydanticCustomError], record: Record) -> None:
    """Raise every problem a record's own check found as one validation error of as many lines: pydantic
    stops a validator at its first raise, and one run should report them all."""
    if problems:
        raise ValidationError.from_exception_data(
            type(record).__name__, [InitErrorDetails(type=problem, loc=(), input=record) for problem in problems])


class Entry(Record):
    """A record that can be withheld as a whole (a roster member, a notice...)."""

    audience: Audience = Audience.web


def known_by(*keys: str) -> dict[str, str]:
    """`unmarked_keys` for the fields a record is shown under (its title, its name): withheld on their own,
    the page or sheet showed an empty heading, or "None". Called when they are read (see `Said`)."""
    return dict.fromkeys(keys, tr("the entry is shown under it, and without it under an empty heading; withhold the "
                                  "whole entry instead (`audience:` beside it, where it can have one), or write it "
                                  "for everyone"))


def _is_text(annotation: Any) -> bool:
    """str or str | None, also when checked further (`Phone`, an Annotated str)."""
    if typing.get_origin(annotation) is Annotated:
        return _is_text(typing.get_args(annotation)[0])
    if annotation is str:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(_is_text(arg) or arg is type(None) for arg in typing.get_args(annotation))
    return False


class Paper(Record):
    """Sheet size for printing; a wide finance table may want A3 or landscape."""

    size: Literal["A4", "A3"] = "A4"
    orientation: Literal["portrait", "landscape"] = "portrait"


class Objections(Record):
    """Where a resident takes an objection (异议) to a posted document."""

    to: str
    place: str | None = None
    phone: Phone | None = None
    phone_public: bool = False


class Correction(Record):
    """A note on a document that changed after it was published: what and why."""

    date: date
    note: str

    @field_validator("note")
    @classmethod
    def _says_something(cls, note: str) -> str:
        if note.strip() and not re.search(r"\w", note):  # "..." copied from a hint; blank is reported as such
            raise PydanticCustomError("correction_note", tr("expected what changed and why, found '{found}'"),
                                      {"found": note, "hint": tr("residents read this note beside the changed "
                                                                 "document: say in words what was changed, and why")})
        return note


class Corrected:
    """A document that carries the notes of its corrections (`corrections`, each dated)."""

    @property
    def last_corrected(self) -> date | None:
        """The day of its latest correction: its lists say it was corrected, as its page does."""
        return max((correction.date for correction in self.corrections), default=None)  # type: ignore[attr-defined]


class PostingPeriod(Record):
    """The days a document hangs on the board (公示期), both days included."""

    start: date = Field(alias="from")
    end: date = Field(alias="to")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> PostingPeriod:
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order",
                tr("'to' ({end}) is before 'from' ({start})"),
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )
        return self

    def includes(self, day: date) -> bool:
        return self.start <= day <= self.end

    def ended_before(self, day: date) -> bool:
        return self.end < day
