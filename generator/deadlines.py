"""Legal date arithmetic for notice periods and disclosure deadlines.

What it is for: answering "until which day must this hang on the board?" and
"by which day was this due?" the way a Chinese court would count, so that
validation can warn about short postings and late disclosures and the
calendar page can list what is due.

The counting rules are the Civil Code's (民法典 第二百条至第二百零四条):

- a period counted in days does not count the day on which it starts
  (第二百零一条: "开始的当日不计入，自下一日开始计算"), so a 7-day period
  starting on the 4th ends on the 11th;
- if the last day is a statutory holiday (法定休假日: weekends and public
  holidays, but not the weekend days declared working days, 调休上班日), the
  day after the holiday ends becomes the last day (第二百零三条第一款);
- a period ends at 24:00 of its last day (第二百零三条第二款), so something
  done on the last day is on time;
- other laws or the parties' own agreement may count differently
  (第二百零四条): a compound whose 议事规则 says otherwise is not modelled here.

Which days are working days comes from the `chinese-calendar` package, which
transcribes the State Council's yearly holiday notices. It only knows the
years it was released with; for any other year this module assumes that
Monday to Friday are working days, except the holidays whose dates the law
fixes (元旦, 劳动节, 国庆节). That guess is wrong around the other holidays and
the weekend days the yearly notice makes working days,
so every result that depends on it can be recognised: `calendar_covers(day)`
says whether a day is known, and `period_end_is_exact(start, days)` whether a
computed last day used real data only. Callers should say so when it is not.

What it must not do: read the clock (callers pass `today`), read files or the
network, import the content model or anything that renders, or decide which
rule applies to which document. It is pure functions over `datetime.date`.

Numbers: the counting rules above are law. The day counts below are
configurable defaults, not national law unless a constant says so; a district
or a compound's 议事规则 may set others, and callers should pass their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import cache

import chinese_calendar

# Default minimum posting period (公示期) for an ordinary notice. Not national
# law: it is the common practice of 议事规则 templates and of local rules such
# as Hangzhou's (candidates posted for at least 7 days). Configurable default.
DEFAULT_POSTING_DAYS = 7

# Notice of an owners' assembly meeting (业主大会会议通知): 15 days before the
# meeting, per 《业主大会和业主委员会指导规则》第二十三条 and 《物业管理条例》
# 第十四条 ("应当于会议召开15日以前通知全体业主"). This is law, but what it
# fixes is a lead time before the meeting, not how long the sheet hangs: used
# as a posting minimum it holds when the notice stays up until the meeting day.
ASSEMBLY_NOTICE_DAYS = 15

# Decisions are posted within 3 days of being made (Beijing 物业管理条例 2024
# 第三十七条, Shanghai 住宅物业管理规定 第二十六条). Local, not national, law.
DEFAULT_VOTE_RESULT_DAYS = 3

_ONE_DAY = timedelta(days=1)

# The holidays 《全国年节及纪念日放假办法》(2024) 第二条 gives fixed dates: 元旦 1 January, 劳动节 1-2 May,
# 国庆节 1-3 October. The others follow the lunar calendar or the solar terms, and are known from the
# yearly notice only.
_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


@cache
def _year_covered(year: int) -> bool:
    # Ask the package itself through its public API rather than reading its
    # data tables: it raises NotImplementedError for a year it has no data for,
    # and this stays right whatever range a newer release covers.
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def calendar_covers(day: date) -> bool:
    """Whether holiday data exists for the year of `day`."""
    return _year_covered(day.year)


@cache  # asked for the same few hundred days by every document of every compound
def is_working_day(day: date) -> bool:
    """Whether `day` is a working day in mainland China.

    Where the holiday data covers the year this is the State Council's
    calendar, 调休 working weekends included. Outside it, Monday to Friday are
    assumed to be working days, but for the holidays with fixed dates;
    `calendar_covers(day)` tells which case applies.
    """
    if calendar_covers(day):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


@cache
def period_end(start: date, days: int) -> date:
    """The last day of a period of `days` days that starts on `start`.

    The start day is not counted (art. 201), and a last day that falls on a
    statutory holiday moves to the next working day (art. 203). The period
    runs until the end of the returned day.
    """
    if days < 1:
        # A period of no days has no last day; a zero here is a caller's bug
        # (an unset setting), not a deadline of "today".
        raise ValueError(f"a period must last at least one day, got {days}")
    end = start + timedelta(days=days)
    # Art. 203 speaks of "the day after the holiday ends". That day can itself
    # be a weekend (a holiday ending on a Friday), which is again a statutory
    # holiday, so keep moving until a working day. A 调休 working weekend day
    # is a working day, so a period may end on a Saturday or a Sunday.
    while not is_working_day(end):
        end += _ONE_DAY
    return end


def period_end_is_exact(start: date, days: int) -> bool:
    """Whether `period_end(start, days)` relied on real holiday data only.

    The computation looks at every day from the nominal last day up to the
    result; the years with data form one unbroken range, so checking both ends
    covers every day in between.
    """
    return calendar_covers(start + timedelta(days=days)) and calendar_covers(period_end(start, days))


def posting_long_enough(posting_start: date, posting_end: date, minimum_days: int) -> tuple[bool, date]:
    """Whether a posting hung from `posting_start` to `posting_end` (both shown
    on the sheet) lasts `minimum_days` by the Civil Code's count.

    Returns (ok, the earliest allowed end date). Note that such a posting
    covers one more calendar day than `minimum_days`, since its first day is
    not counted: a 7-day posting from Wednesday the 4th runs to Wednesday the
    11th, not the 10th.
    """
    earliest = period_end(posting_start, minimum_days)
    return posting_end >= earliest, earliest


def finance_due(quarter_last_day: date, days_after: int) -> date:
    """The last day on which a quarter's disclosure is on time, when it is due
    within `days_after` days after the quarter ends.

    The period starts on the quarter's last day, which itself is not counted:
    15 days after a quarter ending on 31 March is 15 April (or the next working
    day).
    """
    return period_end(quarter_last_day, days_after)


def vote_result_due(counted_on: date, days: int = DEFAULT_VOTE_RESULT_DAYS) -> date:
    """The last day on which a vote's result, counted on `counted_on`, may
    first be posted."""
    return period_end(counted_on, days)


class DueStatus(str, Enum):
    """Where an obligation with a deadline stands on a given day."""

    done = "done"  # done on or before the due day
    done_late = "done_late"  # done, but after the due day
    due = "due"  # not done yet, and the due day has not passed
    overdue = "overdue"  # not done, and the due day has passed


@dataclass(frozen=True)
class Due:
    """One obligation with a deadline, e.g. a quarter's financial disclosure.

    `what` is a human label, `key` identifies the obligation for the caller
    (e.g. ("finance", "2026-Q1")), `due` is its last on-time day, `done` the
    day it was done, if it was, and `until` the last day of what was done, for
    a posting.
    """

    what: str
    key: tuple
    due: date
    done: date | None = None
    until: date | None = None

    def status(self, today: date) -> DueStatus:
        # A recorded `done` day is taken as fact whatever `today` is: `today`
        # only decides between "due" and "overdue" for what is not done yet.
        if self.done is not None:
            return DueStatus.done if self.done <= self.due else DueStatus.done_late
        # The period runs until 24:00 of the due day, so on that day it is
        # still merely due.
        return DueStatus.due if today <= self.due else DueStatus.overdue
