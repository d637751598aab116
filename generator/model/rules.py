"""The law a vote is decided by: Civil Code art. 278's items and thresholds, the rules that may replace
them, and one share checked against one rule.

Every ratio is an exact `fractions.Fraction`; "以上" (at least) includes the
boundary and "过半数" (more than half) excludes it (Civil Code art. 1259).
Percentages exist for display only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from generator.messages import tr
from generator.model.base import Record

_RATIO = re.compile(r"^[-+]?[0-9]{1,9}(?:/[0-9]{1,9}|\.[0-9]{1,9})?$")
CIVIL_CODE_BASIS = "《中华人民共和国民法典》第二百七十八条"

Matter = Literal["rules_of_procedure", "management_statute", "elect_committee", "hire_or_fire_manager",
                 "use_maintenance_fund", "raise_maintenance_fund", "rebuild_or_reconstruct",
                 "change_common_use_or_business", "other_major"]
Stage = Literal["participation", "approval"]
Measure = Literal["owners", "area"]

MATTER_ITEMS: dict[str, int] = {
    "rules_of_procedure": 1,             # (一) 制定和修改业主大会议事规则
    "management_statute": 2,             # (二) 制定和修改管理规约
    "elect_committee": 3,                # (三) 选举业主委员会或者更换业主委员会成员
    "hire_or_fire_manager": 4,           # (四) 选聘和解聘物业服务企业或者其他管理人
    "use_maintenance_fund": 5,           # (五) 使用建筑物及其附属设施的维修资金
    "raise_maintenance_fund": 6,         # (六) 筹集建筑物及其附属设施的维修资金
    "rebuild_or_reconstruct": 7,         # (七) 改建、重建建筑物及其附属设施
    "change_common_use_or_business": 8,  # (八) 改变共有部分的用途或者利用共有部分从事经营活动
    "other_major": 9,                    # (九) 有关共有和共同管理权利的其他重大事项
}
"""Each matter's item number in Civil Code art. 278, paragraph 1."""

SPECIAL_MATTERS = frozenset({"raise_maintenance_fund", "rebuild_or_reconstruct", "change_common_use_or_business"})
"""Items (六)(七)(八): approval needs three quarters, not a simple majority."""

NUMERALS = "一二三四五六七八九"  # art. 278's items are numbered (一) to (九)


class Rule(Record):
    """One threshold. `ratio` is a fraction ("2/3") or a decimal ("0.5");
    `inclusive: true` means a result exactly at the ratio passes ("以上", at
    least), `inclusive: false` that it must be above it ("过半数", more than)."""

    ratio: str
    inclusive: bool

    @field_validator("ratio")
    @classmethod
    def _ratio_is_a_fraction(cls, text: str) -> str:
        cleaned = "".join(unicodedata.normalize("NFKC", text).split())
        try:
            if not _RATIO.match(cleaned):  # Fraction also reads 1e-100000000, and takes minutes over it
                raise ValueError(cleaned)
            value = Fraction(cleaned)
        except (ValueError, ZeroDivisionError):
            raise PydanticCustomError("ratio_format", tr("expected a ratio like 2/3 or 0.5, found '{found}'"),
                                      {"found": text}) from None
        if not 0 < value <= 1:
            raise PydanticCustomError("ratio_range", tr("expected a ratio above 0 and at most 1, found '{found}'"),
                                      {"found": text})
        return cleaned

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.ratio)

    @property
    def form(self) -> str:
        return rule_form(self.fraction, self.inclusive)

    def is_looser_than(self, other: Rule) -> bool:
        """Whether some share passes this rule but fails `other`."""
        return self.fraction < other.fraction or (self.fraction == other.fraction and self.inclusive
                                                  and not other.inclusive)


def civil_code_participation() -> Rule:
    """Art. 278: 三分之二以上 of all owners' area and headcount take part."""
    return Rule(ratio="2/3", inclusive=True)


def civil_code_special() -> Rule:
    """Art. 278, items (六)(七)(八): 四分之三以上 of the participants agree."""
    return Rule(ratio="3/4", inclusive=True)


def civil_code_ordinary() -> Rule:
    """Art. 278, every other item: 过半数 of the participants agree."""
    return Rule(ratio="1/2", inclusive=False)


class Thresholds(Record):
    """Rules that replace Civil Code art. 278, with the text that authorises
    them (`basis`). A rule left out keeps its art. 278 value."""

    basis: str = Field(min_length=1)
    participation: Rule = Field(default_factory=civil_code_participation)
    special: Rule = Field(default_factory=civil_code_special)
    ordinary: Rule = Field(default_factory=civil_code_ordinary)

    @property
    def relaxed(self) -> list[str]:
        """Names of the rules that are easier to pass than art. 278's. A local
        rule cannot lower a national law's threshold, so these are errors."""
        return [name for name, default in CIVIL_CODE_RULES.items() if getattr(self, name).is_looser_than(default())]


CIVIL_CODE_RULES = {"participation": civil_code_participation, "special": civil_code_special,
                    "ordinary": civil_code_ordinary}


@dataclass(frozen=True)
class Test:
    """One share checked against one rule, e.g. participating area over the
    electorate's area against "≥ 2/3". `numerator` and `denominator` are the
    ints (owners) or Decimals (m²) as counted; the decision uses the exact
    Fraction, and `percentage` is for display only."""

    __test__ = False  # not a pytest test class

    stage: Stage
    measure: Measure
    numerator: int | Decimal
    denominator: int | Decimal
    threshold: Fraction
    inclusive: bool

    @property
    def key(self) -> str:
        """"participation_owners", "participation_area", "approval_owners" or "approval_area"."""
        return f"{self.stage}_{self.measure}"

    @property
    def fraction(self) -> Fraction:
        """The exact share; 0 when the denominator is 0 (nobody took part)."""
        if not self.denominator:
            return Fraction(0)
        return Fraction(self.numerator) / Fraction(self.denominator)

    @property
    def passed(self) -> bool:
        if not self.denominator:
            return False
        return self.fraction >= self.threshold if self.inclusive else self.fraction > self.threshold

    @property
    def form(self) -> str:
        return rule_form(self.threshold, self.inclusive)

    @property
    def percentage(self) -> Decimal:
        """The share in percent to two places, for display only: rounded to the nearest, unless that reads as
        the other result (a share just short of 2/3 as 66.67 % beside "not met", one just over half as
        50.00 % beside "met"); then towards the result."""
        nearest = percent(self.fraction)
        shown = Fraction(nearest) / 100
        if (shown >= self.threshold if self.inclusive else shown > self.threshold) == self.passed:
            return nearest
        return percent(self.fraction, rounding="up" if self.passed else "down")


def rule_form(ratio: Fraction, inclusive: bool) -> str:
    """How the law words a rule: "more_than_half" (过半数), "at_least" (三分之二以上: the ratio itself
    passes, art. 1259) or "more_than" (超过)."""
    if inclusive:
        return "at_least"
    return "more_than_half" if ratio == Fraction(1, 2) else "more_than"


def percent(share: Fraction, rounding: str = "nearest") -> Decimal:
    """`share` × 100 to two places, rounded half-up ("nearest"), "up" or "down", computed exactly on integers."""
    scaled = share * 10000
    top, bottom = scaled.numerator, scaled.denominator
    if rounding == "up":
        hundredths = -(-top // bottom)
    elif rounding == "down":
        hundredths = top // bottom
    else:
        hundredths = (2 * top + bottom) // (2 * bottom)
    return Decimal(hundredths).scaleb(-2)
