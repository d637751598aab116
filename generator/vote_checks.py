"""Stage 2, validate: a compound's votes. Each file against the content model, its figures checked together
even when another field has an error, then what the law and the count say against what the file says: rules
easier than the Civil Code's, a summary that words the result otherwise, a count that is most likely a slip, and
the electorate against the compound. Called by `validate`; never raises for a content problem.
"""

from __future__ import annotations

import json
import re
from datetime import date

from pydantic import ValidationError

from generator.errors import Diagnostic, Diagnostics, Severity
from generator.finance_checks import money
from generator.load import SourceFile
from generator.messages import tr
from generator.model.base import STAND_IN_SLUG, is_slug
from generator.model.compound import CompoundProfile
from generator.model.rules import CIVIL_CODE_RULES, Rule
from generator.model.vote import Vote, VoteCount, VoteFigures
from generator.schema_errors import diagnostics_from, validated


def votes(sources: list[SourceFile], diagnostics: Diagnostics) -> list[Vote]:
    votes = []
    counted: dict[tuple[str, date], SourceFile] = {}  # a copied file is the same vote under another name
    for source in sources:
        named = is_slug(source.path.stem)
        if not named:
            diagnostics.add(Diagnostic(source.location(), tr("the file name '%(name)s' cannot be used as a web "
                                                             "address", name=source.path.stem),
                                       hint=tr("rename it with lowercase letters, digits and hyphens, like "
                                               "roof-repair-2026.yaml")))
        data = source.document.data
        # Checked also when its name is wrong, so that renaming it does not bring new errors to light.
        slug = source.path.stem if named else STAND_IN_SLUG
        vote = validated(source, Vote, diagnostics, {**data, "slug": slug} if isinstance(data, dict) else data)
        if vote is None and isinstance(data, dict):
            _check_count(source, data, diagnostics)
        if vote is None or not named:
            continue
        _relaxed_rules(vote, source, diagnostics)
        _doubtful_count(vote, source, diagnostics)
        if not vote.relaxed_rules:  # a result by a rule the law does not allow is no result to word
            _words_against_the_count(vote, source, diagnostics)
        _notes_dated_elsewhere(vote, source, diagnostics)
        if (vote.title, vote.date) in counted:
            diagnostics.add(source.error_at(("title",), tr(
                "the same vote as %(other)s (its title, counted on %(date)s): its result would be published twice",
                other=counted[vote.title, vote.date].rel, date=vote.date), field="title", severity=Severity.warning,
                hint=tr("delete the copy; a vote held again needs a title of its own")))
        counted.setdefault((vote.title, vote.date), source)
        votes.append(vote)
    _counts_copied(votes, {source.path.stem: source for source in sources}, diagnostics)
    return sorted(votes, key=lambda v: (v.date, v.slug), reverse=True)


def _counts_copied(votes: list[Vote], by_slug: dict[str, SourceFile], diagnostics: Diagnostics) -> None:
    """A vote held on other days with every figure of an earlier vote's count, to the last 0.01 m²: its file was
    most likely copied from that vote's, and the old count would be published as this vote's result. An error
    when the notes on the count are the same words too, which tell of one count only; else a warning, as a small
    electorate voting as one, twice, counts alike. Votes held together (one ballot paper) may well count alike."""
    first: dict[str, Vote] = {}
    for vote in sorted(votes, key=lambda v: (v.date, v.slug)):
        if not vote.participation.owners:
            continue  # not counted yet: the count's own warning says so
        count = json.dumps([[b.model_dump(mode="json") for b in vote.ballots],
                            [c.model_dump(mode="json") for c in vote.candidates]], sort_keys=True)
        earlier = first.setdefault(count, vote)
        if earlier is vote or earlier.voting == vote.voting:
            continue
        noted = bool(vote.counting.notes) and vote.counting.notes == earlier.counting.notes
        file, start, end = f"{earlier.slug}.yaml", earlier.voting.start, earlier.voting.end
        copied = tr("every figure of the count is %(file)s's, a vote held from %(start)s to %(end)s, and so are "
                    "the notes on the count: was the file copied from that vote's? The old result would be published "
                    "as this vote's", file=file, start=start, end=end) if noted else tr(
            "every figure of the count is %(file)s's, a vote held from %(start)s to %(end)s: was the file copied from "
            "that vote's? The old result would be published as this vote's", file=file, start=start, end=end)
        diagnostics.add(by_slug[vote.slug].error_at(
            ("ballots",), copied, field="ballots", severity=Severity.error if noted else Severity.warning,
            hint=tr("write in this vote's own count, and its counting")))


# A day as the notes on a count write it: 8月7日, 2026年1月3日 (full-width digits too).
_DAY_WRITTEN = re.compile(r"(?:([0-9０-９]{4})年)?([0-9０-９]{1,2})月([0-9０-９]{1,2})日")
# A clause of the notes (up to a comma or a full stop) that tells of the count itself; others cite days of their own
# (按2025年6月1日业主大会通过的议事规则).
_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+")
_COUNTING_WORDS = re.compile(r"计票|开箱|唱票|监票|点票|清点")


def _notes_dated_elsewhere(vote: Vote, source: SourceFile, diagnostics: Diagnostics) -> None:
    """Notes on the count that say when it was held (纸质票8月7日在5栋架空层当众开箱计票), on no day from the first of
    voting to the last of posting: most likely copied with another vote's file, and published as this count's."""
    first, last = vote.voting.start, vote.posting.end
    named = [day for clause in _CLAUSE.findall(vote.counting.notes or "") if _COUNTING_WORDS.search(clause)
             for day in _DAY_WRITTEN.finditer(clause)]
    if not named or any(_within(day, first, last) for day in named):
        return
    diagnostics.add(source.error_at(
        ("counting", "notes"), tr("the notes on the count say it was held on %(days)s, but this vote was held from "
                                  "%(first)s to %(end)s, counted on %(date)s and posted until %(last)s: were they "
                                  "copied from another vote's?", days='、'.join(day.group() for day in named),
                                  first=first, end=vote.voting.end, date=vote.date, last=last),
        field="counting.notes", severity=Severity.warning,
        hint=tr("write this count's own notes: when and where the ballots were counted")))


def _within(written: re.Match, first: date, last: date) -> bool:
    """Whether a day as written (its year, if it names none, that of `first` or `last`) is from `first` to `last`."""
    year, month, day = (int(part) if part else None for part in written.groups())  # int() reads ８ as 8
    for candidate in (year,) if year else (first.year, last.year):
        try:
            if first <= date(candidate, month, day) <= last:
                return True
        except ValueError:  # 2月30日: no day at all
            continue
    return False


def _check_count(source: SourceFile, data: dict, diagnostics: Diagnostics) -> None:
    """A vote's figures checked against each other when another of its fields has an error, so that one
    run reports both. Those the vote's own validation reported (when its fields were all read) are not
    reported again, nor an error in the figures themselves."""
    counted = {key: value for key, value in data.items() if key in VoteCount.model_fields}
    try:
        VoteCount.model_validate(counted)
    except ValidationError as error:
        found = diagnostics_from(error, source, VoteCount, record_checks_only=True)
        # Fields with errors of their own keep the figures from being checked together: without the dates
        # and the seats, which the sums do not need, they are.
        broken = {problem["loc"][0] for problem in error.errors() if problem["loc"]} & _NOT_SUMMED
        if broken and not found:
            figures = {key: value for key, value in counted.items() if key not in broken}
            if "kind" in broken:  # 表决 for decision: read as the shape of its figures says, to check them
                figures["kind"] = "election" if counted.get("candidates") else "decision"
            try:
                VoteFigures.model_validate(figures)
            except ValidationError as figures_error:
                found = diagnostics_from(figures_error, source, VoteFigures, record_checks_only=True)
        diagnostics.extend([problem for problem in found if problem not in diagnostics.items])


_NOT_SUMMED = {"date", "voting", "posting", "seats", "kind"}


def _relaxed_rules(vote: Vote, source: SourceFile, diagnostics: Diagnostics) -> None:
    """Counted by a rule easier than the law's, a vote would be published as passed when it failed."""
    def written(rule: Rule) -> str:
        return tr("ratio %(ratio)s with inclusive: %(inclusive)s", ratio=rule.ratio,
                  inclusive=str(rule.inclusive).lower())
    for name in vote.relaxed_rules:
        diagnostics.add(source.error_at(
            ("thresholds", name), tr("the %(rule)s rule is easier to meet than Civil Code art. 278's, which a local "
                                     "rule cannot lower: expected %(law)s or stricter, found %(written)s (%(basis)s)",
                                     rule=name, law=written(CIVIL_CODE_RULES[name]()),
                                     written=written(getattr(vote.thresholds, name)), basis=vote.basis),
            field=f"thresholds.{name}",
            hint=tr("take thresholds.%(rule)s out to count the vote by art. 278, or write the stricter rule your "
                    "statute sets", rule=name)))


# A result as a secretary words it. Not 通过 alone, which also means "by" (业主通过线上方式投票).
_SAYS_PASSED = re.compile(r"(?:已|获|获得|予以|表决|决议|议案|方案|一致)通过")
_SAYS_FAILED = re.compile(r"(?:未|不|没有|未能|没能|未获|未获得)通过|被?否决")


def _words_against_the_count(vote: Vote, source: SourceFile, diagnostics: Diagnostics) -> None:
    """A summary or note that words the result otherwise than the count: the page would say both."""
    if vote.is_election:
        return
    for field in ("summary", "counting.notes"):
        text = vote.summary if field == "summary" else vote.counting.notes
        said = _SAYS_FAILED.search(text or "") or (None if vote.passed else _SAYS_PASSED.search(text or ""))
        if said and bool(_SAYS_FAILED.search(said.group())) == vote.passed:
            otherwise = tr("says '%(said)s', but the count makes the result passed; the page would say both",
                           said=said.group()) if vote.passed else tr(
                "says '%(said)s', but the count makes the result not passed; the page would say both",
                said=said.group())
            diagnostics.add(source.error_at(
                tuple(field.split(".")), otherwise, field=field, severity=Severity.warning,
                hint=tr("the result is computed from the count: check the count, or the text")))


def _doubtful_count(vote: Vote, source: SourceFile, diagnostics: Diagnostics) -> None:
    """A count that is possible but most likely a slip: nobody took part, or someone supervised their own count."""
    if not vote.participation.owners:
        diagnostics.add(source.error_at(("ballots",), tr("nobody took part in this vote: every channel's count is "
                                                         "zero; is the count written in?"), field="ballots",
                                        severity=Severity.warning))
    for index, name in enumerate(vote.counting.supervised_by):
        if name in vote.counting.counted_by:
            diagnostics.add(source.error_at(
                ("counting", "supervised_by", index), tr("'%(name)s' both counted the ballots and supervised the "
                                                         "count; a count is supervised by others than those who "
                                                         "count it", name=name),
                field=f"counting.supervised_by[{index + 1}]", severity=Severity.warning))


def electorates(profile: CompoundProfile, votes: list[Vote], sources: list[SourceFile],
                       diagnostics: Diagnostics) -> None:
    """A vote counted against fewer owners or less area than the compound has could pass when it failed."""
    by_slug = {s.path.stem: s for s in sources}
    for vote in votes:
        electorate, source = vote.electorate, by_slug[vote.slug]
        if electorate.owners > profile.households:
            diagnostics.add(source.error_at(
                ("electorate", "owners"), tr("the electorate has %(owners)s owners, more than the %(households)s "
                                             "households compound.yaml gives; each unit counts as one owner at most "
                                             "(SPC interpretation on building ownership, art. 9)",
                                             owners=electorate.owners, households=profile.households),
                field="electorate.owners", severity=Severity.warning, hint=tr("correct whichever of the two is wrong")))
        if vote.scope is not None and vote.matter != "use_maintenance_fund":
            diagnostics.add(source.error_at(
                ("scope",), tr("only the owners of %(scope)s voted, but item (%(item)s) of Civil Code art. 278 is "
                               "decided by the owners of the whole compound; only the use of the maintenance fund on "
                               "parts some buildings share is decided by their owners alone", scope=vote.scope,
                               item=vote.matter_numeral), field="scope",
                severity=Severity.warning, hint=tr("count every owner of the compound in `electorate:` and the "
                                                   "ballots, and remove `scope:`")))
        whole = profile.exclusive_area
        if whole is not None and (electorate.area > whole or (vote.scope is None and electorate.area != whole)):
            diagnostics.add(source.error_at(
                ("electorate", "area"), tr("the electorate's area is %(area)s m², but compound.yaml gives the "
                                           "compound's exclusive area as %(whole)s m² (difference %(difference)s); a "
                                           "vote counts the area of every owner who may vote (SPC interpretation on "
                                           "building ownership, art. 8)", area=money(electorate.area),
                                           whole=money(whole), difference=money(electorate.area - whole)),
                field="electorate.area", severity=Severity.warning,
                hint=tr("correct whichever of the two is wrong; if only some buildings' owners voted, name them with "
                        "`scope:` (like scope: 2栋、11栋)")))
