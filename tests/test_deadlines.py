"""Civil Code date counting against the real chinese-calendar holiday data.

Every expected date below was checked against the installed package's data
(chinese-calendar 1.11.0, years 2004-2026), not worked out by hand.
"""

from datetime import date, timedelta

import pytest

from generator.deadlines import (ASSEMBLY_NOTICE_DAYS, DEFAULT_POSTING_DAYS, DEFAULT_VOTE_RESULT_DAYS, Due, DueStatus,
                                 calendar_covers, finance_due, is_working_day, period_end, period_end_is_exact,
                                 posting_long_enough, vote_result_due)

# A year the package will not have data for in any foreseeable release.
FAR_YEAR = 2099


def _last_covered_year() -> int:
    year = 2026
    while calendar_covers(date(year + 1, 1, 1)):
        year += 1
    return year


# --- counting -------------------------------------------------------------


def test_the_start_day_is_not_counted():
    # Wednesday 4 March 2026 + 7 days = Wednesday 11 March, an ordinary workday.
    assert period_end(date(2026, 3, 4), 7) == date(2026, 3, 11)


def test_a_weekend_inside_the_period_does_not_extend_it():
    # Only the last day moves: Fri 6 March + 5 days = Wed 11 March.
    assert period_end(date(2026, 3, 6), 5) == date(2026, 3, 11)


def test_an_end_on_a_saturday_moves_to_the_monday():
    assert period_end(date(2026, 3, 7), 7) == date(2026, 3, 16)


def test_an_end_on_a_sunday_moves_to_the_monday():
    assert period_end(date(2026, 3, 8), 7) == date(2026, 3, 16)


def test_an_end_inside_the_national_day_holiday_moves_to_the_first_working_day_after_it():
    # 2025-10-01..08 are holidays; Thursday 9 October is the first working day.
    assert period_end(date(2025, 9, 26), 7) == date(2025, 10, 9)


def test_an_end_on_the_last_day_of_a_holiday_moves_to_the_next_day():
    assert period_end(date(2025, 9, 24), 14) == date(2025, 10, 9)


def test_an_end_on_a_working_saturday_does_not_move():
    # Saturday 11 October 2025 was declared a working day (调休上班).
    assert is_working_day(date(2025, 10, 11))
    assert period_end(date(2025, 10, 4), 7) == date(2025, 10, 11)


def test_an_end_on_a_working_sunday_does_not_move():
    # Sunday 28 September 2025 was declared a working day (调休上班).
    assert is_working_day(date(2025, 9, 28))
    assert period_end(date(2025, 9, 21), 7) == date(2025, 9, 28)


def test_a_holiday_end_can_move_onto_a_working_sunday():
    # New Year 2026 is off Thu 1 - Sat 3 January; Sunday 4 January is a working
    # day, so it is "the day after the holiday ends" (art. 203).
    assert period_end(date(2025, 12, 25), 7) == date(2026, 1, 4)


def test_an_end_in_the_spring_festival_2026_moves_past_the_whole_holiday():
    # 2026-02-15 (Sun) .. 2026-02-23 (Mon) are holidays.
    assert period_end(date(2026, 2, 9), 7) == date(2026, 2, 24)


def test_the_working_saturday_before_the_spring_festival_2026_does_not_move():
    assert period_end(date(2026, 2, 7), 7) == date(2026, 2, 14)


def test_a_period_of_no_days_is_refused():
    with pytest.raises(ValueError):
        period_end(date(2026, 3, 4), 0)


# --- holiday data and its limits -------------------------------------------


def test_the_calendar_covers_the_years_of_the_installed_data():
    assert calendar_covers(date(2025, 10, 1))
    assert calendar_covers(date(2026, 12, 31))
    assert not calendar_covers(date(2003, 12, 31))
    assert not calendar_covers(date(FAR_YEAR, 1, 1))


def test_public_holidays_are_not_working_days():
    assert not is_working_day(date(2025, 10, 1))
    assert not is_working_day(date(2026, 2, 17))


def test_outside_the_data_monday_to_friday_are_assumed_to_be_working_days_but_for_the_fixed_holidays():
    assert is_working_day(date(FAR_YEAR, 9, 30))  # a Wednesday
    assert not is_working_day(date(FAR_YEAR, 10, 3))  # a Saturday
    assert [is_working_day(date(FAR_YEAR, month, day)) for month, day in [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2)]] \
        == [False] * 5  # 元旦, 劳动节 and 国庆节 fall on working days that year


def test_a_posting_over_new_year_in_a_year_without_data_runs_past_new_years_day():
    assert period_end(date(FAR_YEAR - 1, 12, 25), 7) == date(FAR_YEAR, 1, 2)  # 1 January is a Thursday
    assert not period_end_is_exact(date(FAR_YEAR - 1, 12, 25), 7)


def test_outside_the_data_an_end_on_a_saturday_still_moves_to_the_monday():
    assert period_end(date(FAR_YEAR, 1, 1), 2) == date(FAR_YEAR, 1, 5)


def test_a_result_from_real_data_is_exact():
    assert period_end_is_exact(date(2025, 9, 26), 7)


def test_a_result_from_the_weekday_guess_is_flagged():
    assert not period_end_is_exact(date(FAR_YEAR, 1, 1), 2)


def test_a_period_running_past_the_last_year_of_data_is_flagged():
    last = _last_covered_year()
    assert period_end_is_exact(date(last, 12, 20), 7)
    assert not period_end_is_exact(date(last, 12, 25), 10)


# --- postings --------------------------------------------------------------


def test_a_posting_of_exactly_the_minimum_is_long_enough():
    assert posting_long_enough(date(2026, 3, 4), date(2026, 3, 11), DEFAULT_POSTING_DAYS) == (True, date(2026, 3, 11))


def test_a_posting_one_day_short_is_not_long_enough():
    assert posting_long_enough(date(2026, 3, 4), date(2026, 3, 10), DEFAULT_POSTING_DAYS) == (False, date(2026, 3, 11))


def test_a_posting_ending_on_a_holiday_must_run_until_the_next_working_day():
    assert posting_long_enough(date(2025, 9, 26), date(2025, 10, 3), 7) == (False, date(2025, 10, 9))
    assert posting_long_enough(date(2025, 9, 26), date(2025, 10, 9), 7) == (True, date(2025, 10, 9))


def test_an_assembly_notice_needs_fifteen_days():
    # Posted Wednesday 1 April 2026: + 15 days = Thursday 16 April.
    assert ASSEMBLY_NOTICE_DAYS == 15
    assert posting_long_enough(date(2026, 4, 1), date(2026, 4, 15), ASSEMBLY_NOTICE_DAYS) == (False, date(2026, 4, 16))
    assert posting_long_enough(date(2026, 4, 1), date(2026, 4, 16), ASSEMBLY_NOTICE_DAYS)[0]


# --- disclosure deadlines --------------------------------------------------


def test_a_quarter_disclosed_within_fifteen_days_is_due_on_the_fifteenth():
    assert finance_due(date(2026, 3, 31), 15) == date(2026, 4, 15)


def test_a_quarter_deadline_inside_national_day_moves_after_it():
    # Q3 2025 ends Tue 30 September; + 5 days = Sun 5 October, inside the holiday.
    assert finance_due(date(2025, 9, 30), 5) == date(2025, 10, 9)


def test_a_vote_result_is_due_three_days_after_the_count():
    assert DEFAULT_VOTE_RESULT_DAYS == 3
    assert vote_result_due(date(2026, 3, 2)) == date(2026, 3, 5)


def test_a_vote_result_due_in_the_spring_festival_moves_after_it():
    # Counted Friday 13 February 2026; + 3 days = Monday 16 February, a holiday.
    assert vote_result_due(date(2026, 2, 13)) == date(2026, 2, 24)


def test_a_vote_result_period_can_be_set():
    assert vote_result_due(date(2026, 3, 2), days=7) == date(2026, 3, 9)


# --- status of a due item --------------------------------------------------

DUE_DAY = date(2026, 4, 15)


def _due(done: date | None = None) -> Due:
    return Due(what="2026年第一季度财务公示", key=("finance", "2026-Q1"), due=DUE_DAY, done=done)


def test_done_on_the_due_day_is_done():
    assert _due(done=DUE_DAY).status(today=DUE_DAY + timedelta(days=30)) is DueStatus.done


def test_done_after_the_due_day_is_done_late():
    assert _due(done=DUE_DAY + timedelta(days=1)).status(today=DUE_DAY + timedelta(days=30)) is DueStatus.done_late


def test_not_done_on_the_due_day_is_still_due():
    assert _due().status(today=DUE_DAY) is DueStatus.due


def test_not_done_the_day_after_the_due_day_is_overdue():
    assert _due().status(today=DUE_DAY + timedelta(days=1)) is DueStatus.overdue


def test_a_due_item_is_immutable_and_hashable():
    item = _due()
    with pytest.raises(AttributeError):
        item.due = date(2026, 5, 1)  # type: ignore[misc]
    assert item in {item}
    assert DueStatus.overdue.value == "overdue"
