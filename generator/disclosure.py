"""The disclosure calendar: what each compound must publish by when, and what is late.

Counts periods as the Civil Code does (via `deadlines`): a quarter's finances
are due a configured number of days after the quarter ends, a posting must
hang for at least the configured number of days, a vote's result must be
posted within days of counting. Late and short items are warnings: they must
be seen, but they must not stop a compound from publishing at all.
Pure: no I/O, no clock (the build date is passed in).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from generator.deadlines import (Due, DueStatus, calendar_covers, finance_due, period_end_is_exact,
                                 posting_long_enough, vote_result_due)
from generator.errors import Diagnostic, Location, Severity
from generator.messages import tr
from generator.model.base import Audience, PostingPeriod
from generator.model.finance import Quarter
from generator.model.notice import Notice
from generator.model.site import CalendarSettings, Compound, SiteConfig
from generator.model.vote import Vote
from generator.publication import document_id
from generator.screening import LATEST


def civil_code() -> str:
    return tr("counted as the Civil Code counts (arts. 201, 203)")


Logged = dict[str, date]  # the day each document was first entered in the publication log, by document id


def finance_schedule(c: Compound, settings: CalendarSettings, today: date, logged: Logged) -> list[Due]:
    """Every quarter from the first one disclosed to the one running today, oldest first."""
    current = Quarter.containing(today)
    published = {p.quarter: p for p in c.finances}
    quarter = min(published, default=current.previous())
    schedule = []
    while quarter <= current:
        period = published.get(quarter)
        key = (c.slug, "finance", quarter.slug)
        schedule.append(Due("finance", key, finance_due(quarter.last_day, settings.finance_days),
                            _disclosed(period.posting, key, logged) if period else None,
                            period.posting.end if period else None))
        quarter = quarter.next()
    return schedule


def vote_schedule(c: Compound, settings: CalendarSettings, logged: Logged) -> list[Due]:
    """Each vote's result, due a few days after counting."""
    return [Due("vote", (c.slug, "vote", v.slug), vote_result_due(v.date, settings.vote_result_days),
                _disclosed(v.posting, (c.slug, "vote", v.slug), logged), v.posting.end)
            for v in sorted(c.votes, key=lambda v: v.date)]


def assembly_schedule(c: Compound, settings: CalendarSettings) -> list[Due]:
    """The result of each owners' assembly called (a notice's `assembly:` day) whose count is not entered yet, due
    as a vote's is, counted from the day it meets: once it has met, a resident who was told of it waits for the
    result, and a committee that does not publish it should be seen not to."""
    called = [n for n in c.notices if n.assembly and n.audience is not Audience.never]
    return [Due("assembly", (c.slug, "assembly", n.slug), vote_result_due(n.assembly, settings.vote_result_days))
            for n in sorted(called, key=lambda n: n.assembly) if not _counted_at(n.assembly, c.votes)]


def _counted_at(assembly: date, votes: list[Vote]) -> bool:
    """Whether a vote entered is the count of the assembly meeting on `assembly`: its voting had begun by the
    meeting day and it was counted on that day or after (a vote held after the meeting is another one)."""
    return any(v.voting.start <= assembly <= v.date for v in votes)


def source_key(due: Due) -> tuple[str, str]:
    """The (kind, slug) of the file a problem with `due` is reported at: an assembly's result at its notice."""
    return ("notice", due.key[2]) if due.what == "assembly" else due.key[1:]


def _disclosed(posting: PostingPeriod, key: tuple[str, str, str], logged: Logged) -> date:
    """When a document was disclosed: the start of its posting as its file says, unless the publication log
    first has it later. The log is the record nobody can quietly rewrite; a date typed in a file can be
    set back."""
    first = logged.get(document_id(key))
    return max(posting.start, first) if first else posting.start


def schedule(c: Compound, settings: CalendarSettings, today: date, logged: Logged) -> list[Due]:
    """Everything the compound had or has to disclose, by due date."""
    return sorted(finance_schedule(c, settings, today, logged) + vote_schedule(c, settings, logged)
                  + assembly_schedule(c, settings), key=lambda due: due.due)


def overdue(c: Compound, settings: CalendarSettings, today: date, logged: Logged) -> list[Due]:
    """What is past its due day and still not published: shown where residents and the district's office
    look first (a compound's home, the district's list), not on the calendar page alone."""
    return [due for due in schedule(c, settings, today, logged) if due.status(today) is DueStatus.overdue]


def schedule_problems(items: list[Due], today: date, source_of: Callable[[Due], str]) -> list[Diagnostic]:
    problems = []
    for due in items:
        status = due.status(today).value
        # Beyond the holiday data, the lunar holidays (春节, 清明, 端午, 中秋) are not known: the day may be later.
        counted = civil_code() if calendar_covers(due.due) else tr(
            "%(counted)s, estimated: %(year)s's public holidays are not published yet", counted=civil_code(),
            year=due.due.year)
        if status == "overdue" and due.what == "assembly":
            problems.append(_warning(source_of(due), tr(
                "the result of the owners' assembly this notice calls was due on %(due)s (%(counted)s), and no vote "
                "counted at it is entered", due=due.due, counted=counted), field="assembly",
                hint=_assembly_result_hint(due.key[0])))
        elif status == "overdue":
            problems.append(_warning(source_of(due), _overdue(due, counted)))
        elif status == "done_late" and today <= max(due.until or today, due.done):  # then the calendar says so
            problems.append(_warning(source_of(due), _done_late(due, counted)))
    return problems


def _overdue(due: Due, counted: str) -> str:
    if due.what == "finance":
        return tr("the finances for %(quarter)s were due on %(due)s (%(counted)s) and are not published",
                  quarter=due.key[2].upper(), due=due.due, counted=counted)
    return tr("the result of this vote was due on %(due)s (%(counted)s) and is not published", due=due.due,
              counted=counted)


def _done_late(due: Due, counted: str) -> str:
    if due.what == "finance":
        return tr("the finances for %(quarter)s were posted on %(done)s, after they were due on %(due)s "
                  "(%(counted)s)", quarter=due.key[2].upper(), done=due.done, due=due.due, counted=counted)
    return tr("the result of this vote was posted on %(done)s, after it was due on %(due)s (%(counted)s)",
              done=due.done, due=due.due, counted=counted)


def _assembly_result_hint(compound: str) -> str:
    return tr("enter its count (noticeboard new vote %(compound)s TITLE), its voting begun by the meeting day and "
              "counted on it or after; if the assembly did not meet that day, change `assembly:` to the day it "
              "meets, or delete the line if it was called off, and add a correction saying so", compound=compound)


def as_of(c: Compound, today: date, shown: Callable[[Path], str]) -> tuple[Compound, list[Diagnostic]]:
    """The compound as it can be published on `today`: without the finances of a quarter that has not
    ended, whose figures are not final (the site would show them as the latest), or whose posting has not
    begun, nor the result of a vote
    not counted yet (it would say 已通过 while the owners still vote), nor a notice dated after `today` (it
    would head every list before its day, or for years with a mistyped year). Each is left out with a
    warning, so that a quarter, a count or a notice can be prepared ahead."""
    running = [p for p in c.finances if not p.quarter.has_ended_by(today)]
    unposted = [p for p in c.finances if p not in running and p.posting.start > today]
    uncounted = [v for v in c.votes if v.date > today]
    ahead = [n for n in c.notices if n.date > today]
    warnings = [_warning(shown(c.source_files[("finance", p.quarter.slug)]), tr(
                         "%(quarter)s has not ended on the build date %(today)s (it runs until %(last_day)s): its "
                         "finances are left out of the site until it has", quarter=p.quarter, today=today,
                         last_day=p.quarter.last_day))
                for p in running]
    # Published before its posting, a quarter's audit dated after the build would be online, and the calendar
    # would say it was posted on a day still to come.
    warnings += [_warning(shown(c.source_files[("finance", p.quarter.slug)]), tr(
                          "posted from %(start)s, after the build date %(today)s: its finances are left out of the "
                          "site and the board until that day (build again then)", start=p.posting.start, today=today),
                          field="posting")
                 for p in unposted]
    warnings += [_warning(shown(c.source_files[("vote", v.slug)]), tr(
                          "counted on %(date)s, after the build date %(today)s: its result is left out of the site "
                          "until that day", date=v.date, today=today), field="date")
                 for v in uncounted]
    warnings += [_warning(shown(c.source_files[("notice", n.slug)]), tr(
                          "dated %(date)s, after the build date %(today)s: it is left out of the site and the board "
                          "until that day (build again then)", date=n.date, today=today), field="date")
                 for n in ahead]
    return dataclasses.replace(c, finances=[p for p in c.finances if p not in running and p not in unposted],
                               votes=[v for v in c.votes if v not in uncounted],
                               notices=[n for n in c.notices if n not in ahead]), warnings


def dated_ahead(c: Compound, today: date, shown: Callable[[Path], str]) -> list[Diagnostic]:
    """Notices and votes dated more than a year after `today`: a mistyped year (2062 for 2026) would keep
    the document first in every list, and its posting on the board, for decades. Mediation figures of a
    quarter not over. Corrections dated after `today`: a correction is made before it is published."""
    limit = today + timedelta(days=366)
    found = []
    for kind, documents in (("notice", c.notices), ("vote", c.votes)):
        for document in documents:
            source = shown(c.source_files[(kind, document.slug)])
            found += [_warning(source, tr("%(day)s is more than a year after the build date %(today)s; is the year "
                                          "right?", day=day, today=today), field=field) for field, day in (("date", document.date),
                                                               ("posting", document.posting.start))
                      if limit < day <= LATEST]  # a later one is an error already
    if c.services:  # its figures are counted when the quarter is over: one that is not over is a mistyped year
        found += [_warning(shown(c.source_files[("services", "")]), tr(
                           "%(quarter)s has not ended on the build date %(today)s, and its mediation figures would be "
                           "published as its own; is the quarter right?", quarter=period.period, today=today),
                           field=f"mediation[{index}].period")
                  for index, period in enumerate(c.services.mediation, 1) if not period.quarter.has_ended_by(today)]
    for key, document in c.documents().items():
        found += [_warning(shown(c.source_files[key]), tr(
                           "the correction is dated %(date)s, after the build date %(today)s, and would be published "
                           "so; is the date right?", date=correction.date, today=today),
                           field=f"corrections[{index}].date")
                  for index, correction in enumerate(document.corrections, 1) if correction.date > today]
    return found


def ended_terms(c: Compound, today: date, shown: Callable[[Path], str], profile: Path) -> list[Diagnostic]:
    """Terms that ended before `today`: the pages would still show the committee, or the member, as serving,
    and the manager's contract as running.
    `profile`: the compound's compound.yaml."""
    found = []
    committee = c.profile.owners_committee
    if committee and committee.term_end and committee.term_end < today:
        found.append(_warning(shown(profile), tr(
                              "the owners' committee's term ended on %(end)s: a new committee is due to be elected "
                              "(换届), and the compound's page still gives this term", end=committee.term_end),
                              field="owners_committee.term_end"))
    manager = c.profile.property_manager
    if manager and manager.contract_until and manager.contract_until < today:
        found.append(_warning(shown(profile), tr(
                              "the property manager's contract ended on %(end)s: the compound's page still says it "
                              "runs until then", end=manager.contract_until), field="property_manager.contract_until",
                              hint=tr("write the new contract's end, or the new manager, as the owners decided "
                                      "(选聘或续聘物业服务企业)")))
    if c.rosters:
        found += [_warning(shown(c.source_files[("committees", "")]), tr(
                           "%(name)s's term ended on %(end)s: the page and the sheet still list them as serving; "
                           "remove them, or give their new term", name=member.name, end=member.term_end),
                           field=f"groups[{group_index}].members[{index}].term_end")
                  for group_index, group in enumerate(c.rosters.groups, 1)
                  for index, member in enumerate(group.members, 1) if member.term_end and member.term_end < today]
    return found


def issued_before_the_committee(c: Compound, shown: Callable[[Path], str]) -> list[Diagnostic]:
    """Quarters posted and votes counted before the owners' committee in compound.yaml began its term, with no
    `issuer`: their sheets would be sealed in the name of a committee elected after them."""
    committee = c.profile.owners_committee
    if not (committee and committee.term_start):
        return []
    documents = [("finance", p.quarter.slug, p.posting.start, "posting", p.issuer) for p in c.finances]
    documents += [("vote", v.slug, v.date, "date", v.issuer) for v in c.votes]
    return [_warning(shown(c.source_files[(kind, key)]), tr(
                     "issued on %(day)s, before %(committee)s's term began on %(start)s: its sheet would be sealed in "
                     "that committee's name", day=day, committee=committee.name, start=committee.term_start),
                     field=field, hint=tr(
                         "write the committee that issued it, as `issuer: <its name, with its term>` (like "
                         "某某业主委员会（第二届）); published already, it then needs a correction note, and its sheet "
                         "posted again"))
            for kind, key, day, field, issuer in documents if day < committee.term_start and not issuer]


def posted_together(c: Compound, today: date, shown: Callable[[Path], str]) -> list[Diagnostic]:
    """Two notices of one title on the board on the same days, from `today` on: a resident cannot tell which
    holds (most often the later one replaces the earlier, whose posting was left running). Said at the later;
    notices that are one and the same (title, date and text) are said to be copies by `validate` instead.
    Ones that overlapped before `today` are published history, not a slip still to mend."""
    found = []
    by_title: dict[str, list[Notice]] = {}
    posted = [n for n in c.notices if n.audience is not Audience.never]  # never on the board, as a draft kept
    for notice in sorted(posted, key=lambda n: (n.posting.start, n.slug)):
        for earlier in by_title.setdefault(notice.title, []):
            together_until = min(earlier.posting.end, notice.posting.end)
            if notice.posting.start <= together_until and today <= together_until and \
                    (earlier.date, earlier.body) != (notice.date, notice.body):
                found.append(_warning(
                    shown(c.source_files[("notice", notice.slug)]), tr(
                        "'%(title)s' is also the title of %(other)s, on the board until %(end)s: from %(day)s "
                        "residents would see two notices of one title", title=notice.title,
                        other=shown(c.source_files[("notice", earlier.slug)]), end=earlier.posting.end,
                        day=max(notice.posting.start, today)),
                    field="title", hint=tr(
                        "if this one replaces it, end the other's posting (its `to:`) the day before this one's "
                        "`from:`, with a correction saying why; if both stand, give this one a title that tells them "
                        "apart (停水通知（3栋）)")))
                break  # one is enough to say: a third of one title is told of the first it meets
        by_title[notice.title].append(notice)
    return found


def posting_problems(c: Compound, config: SiteConfig, today: date, shown: Callable[[Path], str]
                     ) -> list[Diagnostic]:
    """Postings shorter than the district's minimum, while they run or are to come: one over can be made no
    longer (a notice taken down early, on purpose, with a note, warned on every build for good)."""
    problems = []
    for key, document in c.documents().items():
        posting, minimum = getattr(document, "posting", None), _minimum_days(document, config)
        if posting is not None and minimum and posting.end >= today:
            problems += _short(posting, minimum, shown(c.source_files[key]))
    for notice in c.notices:
        problems += _called_late(notice, config.calendar.assembly_days,
                                 shown(c.source_files[("notice", notice.slug)]))
    return problems


def _minimum_days(document: object, config: SiteConfig) -> int:
    """How long the district requires a document to be posted: longer for a notice calling an owners' assembly;
    none for a notice that only informs (停水停电), which is posted as long as it concerns residents, not
    disclosed for objections."""
    settings = config.calendar
    if isinstance(document, Notice) and not config.invites_objections(document.category):
        return 0
    assembly = isinstance(document, Notice) and document.category in settings.assembly_categories
    return settings.assembly_days if assembly else settings.posting_days


def posted_late(c: Compound, config: SiteConfig, today: date, logged: Logged, in_log: set[str],
                shown: Callable[[Path], str]) -> list[Diagnostic]:
    """Documents of a compound that publishes through the log (`in_log`: every document it names), first
    published (`logged`; or, not published yet, to be published on `today`) after their posting period ended,
    or, not published yet, so far into it that what is left is shorter than the district's minimum: the page
    says the time to object is over, or residents have fewer days to object than the period on the sheet
    claims. A quarter written ahead and published late, and a notice copied with the old one's dates, are the
    usual cases. Of the documents of the compound's first entry, there before the log began, it cannot tell
    when they were posted."""
    if not any(document.startswith(f"{c.slug}/") for document in in_log):
        return []
    found = []
    for key, document in c.documents().items():
        posting, identity = getattr(document, "posting", None), document_id((c.slug, *key))
        first, minimum = logged.get(identity), _minimum_days(document, config)
        if posting is None or not minimum or (identity in in_log and first is None) or \
                (first or today) <= posting.start:
            continue
        day = first or today
        long_enough, earliest_end = posting_long_enough(day, posting.end, minimum)
        # Once published within its period, it is too late to post it longer without a correction of its own.
        if long_enough or (first and posting.end >= first):
            continue
        found.append(dataclasses.replace(
            _warning(shown(c.source_files[key]), _posted_late(posting, first, today, minimum), field="posting"),
            hint=tr("give it a posting period that starts on the day it is published, such as "
                    "{from: %(day)s, to: %(end)s}", day=day, end=max(day + (posting.end - posting.start),
                                                                     earliest_end))))
    return found


def _posted_late(posting: PostingPeriod, first: date | None, today: date, minimum: int) -> str:
    if posting.end < (first or today):
        return tr("first published on %(first)s, after its posting period had ended on %(end)s: residents had no "
                  "day to object, and its page says the time to object is over", first=first, end=posting.end) \
            if first else tr("its posting period ended on %(end)s, and it is not published yet: published on "
                             "%(today)s, residents would have no day to object, and its page would say the time to "
                             "object is over", end=posting.end, today=today)
    return tr("its posting period began on %(start)s, and it is not published yet: published on %(today)s, "
              "residents would have it until %(end)s only, less than the %(minimum)s days a posting runs",
              start=posting.start, today=today, end=posting.end, minimum=minimum)


def _called_late(notice: Notice, days: int, source: str) -> list[Diagnostic]:
    """An owners' assembly is called at least `days` days before it meets (物业管理条例 art. 14)."""
    if notice.assembly is None:
        return []
    lead = (notice.assembly - notice.posting.start).days
    if lead >= days:
        return []
    if lead < 0:
        return [_warning(source, tr("the owners' assembly on %(day)s meets before the notice calling it is posted "
                                    "(%(posted)s); is the date right?", day=notice.assembly,
                                    posted=notice.posting.start), field="assembly", hint=_no_assembly())]
    return [_warning(source, tr("the owners' assembly on %(day)s is called %(lead)s days before it meets, when the "
                                "notice is posted (%(posted)s); it must be called at least %(days)s days before "
                                "(物业管理条例 art. 14)", day=notice.assembly, lead=lead, posted=notice.posting.start,
                                days=days), field="assembly", hint=_no_assembly())]


# A notice copied from the one calling the assembly kept its line, and was shown as calling it, pinned and all.
def _no_assembly() -> str:
    return tr("if this notice does not call an owners' assembly, delete its `assembly:` line")


def _short(posting: PostingPeriod, minimum: int, source: str) -> list[Diagnostic]:
    long_enough, earliest_end = posting_long_enough(posting.start, posting.end, minimum)
    if long_enough:
        return []
    counted = civil_code() if period_end_is_exact(posting.start, minimum) else tr(
        "%(counted)s; holiday data for that year is not known yet, so only weekends and the fixed-date holidays "
        "(元旦, 劳动节, 国庆节) were taken into account", counted=civil_code())
    return [_warning(source, tr("posted from %(start)s to %(end)s: a posting of %(minimum)s days must run until at "
                                "least %(earliest)s (%(counted)s)", start=posting.start, end=posting.end,
                                minimum=minimum, earliest=earliest_end, counted=counted), field="posting")]


def _warning(source: str, message: str, field: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(Location(source), message, field=field, hint=hint, severity=Severity.warning)
