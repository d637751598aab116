"""Owners' votes and elections (业主共同决定事项): one count and the legal tests it must pass.

Loaded from content/<compound>/votes/<slug>.yaml; `slug` comes from the file
name, as for notices. A decision looks like this (an election replaces the
yes/no/abstain of each ballot channel with `cast`, and adds `candidates` and
`seats`):

    title: 关于使用专项维修资金维修1-4栋屋面防水的表决
    kind: decision                  # decision | election
    matter: use_maintenance_fund    # which item of Civil Code art. 278 (see MATTER_ITEMS)
    date: 2026-09-20                # the day the votes were counted
    voting: {from: 2026-09-01, to: 2026-09-15}
    posting: {from: 2026-09-21, to: 2026-10-05}
    summary: optional one-line description
    issuer: optional: who announced it, when not the owners' committee in compound.yaml
    electorate: {owners: 392, area: 28765.40}
    scope: 2栋、11栋                 # optional: whose owners voted, when not the whole compound's
    ballots:                        # one entry per channel: paper | online | meeting
      - channel: paper
        yes: {owners: 150, area: 11020.35}
        no: {owners: 40, area: 2900.00}
        abstain: {owners: 10, area: 700.10}   # optional, zero when left out
      - channel: online
        yes: {owners: 70, area: 5100.00}
        no: {owners: 5, area: 380.00}
    counting: {counted_by: [李四, 王五], supervised_by: [赵六], notes: optional}
    corrections: [{date: 2026-09-25, note: 更正网络投票面积}]   # optional, as for notices
    thresholds:                     # optional; leave out to apply Civil Code art. 278
      basis: 《某市物业管理条例》第二十条
      participation: {ratio: "2/3", inclusive: true}    # each rule optional,
      special: {ratio: "3/4", inclusive: true}          # defaulting to art. 278
      ordinary: {ratio: "1/2", inclusive: false}
    audience: web

An election's ballots and candidates:

    kind: election
    matter: elect_committee
    ballots:
      - {channel: paper, cast: {owners: 200, area: 14800.00}}
      - {channel: online, cast: {owners: 70, area: 5100.00}}
    seats: 5
    candidates:
      - {name: 张三, owners: 240, area: 17000.00}

Counting follows the SPC interpretation on building ownership (2020), art. 8
and 9: area is the registered exclusive area in m²; each unit is one owner,
but an owner of several units counts once and the developer's unsold units
count once together. Per-channel figures are kept for checking; only totals
are published.

Every ratio is an exact `fractions.Fraction` built from the ints and Decimals
as written; "以上" (at least) includes the boundary and "过半数" (more than half)
excludes it (Civil Code art. 1259). Percentages exist for display only.
The law's side (items, thresholds, tests) is in `rules.py`, the count's
(electorate, ballots, candidates) in `tally.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import ClassVar, Literal

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.messages import tr
from generator.model.base import (Corrected, Correction, Count, Entry, Objections, Paper, PostingPeriod, Record, Said,
                                  Slug, added_later, known_by, raise_together)
from generator.model.remembered import Remembering
from generator.model.rules import (CIVIL_CODE_BASIS, MATTER_ITEMS, NUMERALS, SPECIAL_MATTERS, Matter, Rule, Test,
                                   Thresholds, civil_code_ordinary, civil_code_participation, civil_code_special)
from generator.model.tally import Ballot, Candidate, Counting, Electorate, Tally, share_tests, sum_tallies

Kind = Literal["decision", "election"]


@dataclass(frozen=True)
class CandidateResult:
    """A candidate's outcome. `majority` is the ordinary rule on both measures
    over the participants; `rank` counts the candidates with more votes (by
    owners, then area) plus one, so tied candidates share a rank."""

    name: str
    owners: int
    area: Decimal
    tests: list[Test]
    rank: int
    elected: bool
    tied: bool

    @property
    def majority(self) -> bool:
        return all(test.passed for test in self.tests)


class VoteCount(Remembering, Record):
    """What a vote counted, and the checks that its figures agree with each other.

    `Vote` adds what the vote is about. When another of a vote's fields has an
    error, `validate` checks its count alone, so that one run reports both.
    """

    kind: Kind
    date: date
    voting: PostingPeriod
    posting: PostingPeriod
    electorate: Electorate
    ballots: list[Ballot]
    candidates: list[Candidate] = []
    seats: Count | None = None

    @field_validator("ballots")
    @classmethod
    def _channels_present_and_unique(cls, ballots: list[Ballot]) -> list[Ballot]:
        if not ballots:
            raise PydanticCustomError("no_ballots",
                                      tr("expected at least one ballot channel (paper, online or meeting), found none"),
                                      {})
        seen: set[str] = set()
        for ballot in ballots:
            if ballot.channel in seen:
                raise PydanticCustomError("duplicate_channel",
                                          tr("ballot channel '{channel}' appears more than once; give each channel's "
                                             "totals once"), {"channel": ballot.channel})
            seen.add(ballot.channel)
        return ballots

    @field_validator("candidates")
    @classmethod
    def _candidate_names_unique(cls, candidates: list[Candidate]) -> list[Candidate]:
        """Compared without the spaces around a name: 乙 and 乙　(an input method's full-width space) are one."""
        seen: set[str] = set()
        for index, candidate in enumerate(candidates):
            if candidate.name.strip() in seen:
                raise PydanticCustomError("duplicate_candidate",
                                          tr("candidate '{name}' appears more than once; list each candidate once"),
                                          {"name": candidate.name.strip(), "key": (index, "name")})
            seen.add(candidate.name.strip())
        return candidates

    @model_validator(mode="after")
    def _count_is_consistent(self) -> VoteCount:
        # Figures that do not fit the kind of vote cannot be added up: the sums are checked once they do.
        problems = [*self._ballots_misfitting_kind(), *self._candidates_misfitting_kind()]
        if not problems:
            problems = [*self._participation_beyond_electorate(), *self._candidates_beyond_participation(),
                        *self._dates_out_of_order()]
        raise_together(problems, self)
        return self

    def _ballots_misfitting_kind(self) -> Iterator[PydanticCustomError]:
        for index, ballot in enumerate(self.ballots):
            if self.is_election:
                if any(t is not None for t in (ballot.yes, ballot.no, ballot.abstain)) or ballot.cast is None:
                    yield PydanticCustomError(
                        "election_ballot",
                        tr("ballot channel '{channel}': an election records 'cast' (the ballots returned) and no "
                           "yes/no/abstain; the candidates' votes go under 'candidates'"),
                        {"channel": ballot.channel, "key": ("ballots", index)})
                continue
            missing = [name for name in ("yes", "no") if getattr(ballot, name) is None]
            if ballot.cast is not None:  # which says what a decision records instead
                yield PydanticCustomError(
                    "decision_ballot_cast",
                    tr("ballot channel '{channel}': 'cast' is only for elections; a decision records yes, no "
                       "and abstain"), {"channel": ballot.channel, "key": ("ballots", index, "cast")})
            elif missing:
                yield PydanticCustomError(
                    "decision_ballot_missing",
                    tr("ballot channel '{channel}': expected 'yes' and 'no' (write {owners: 0, area: 0} when "
                       "nobody), found no '{missing}'"),
                    {"channel": ballot.channel, "missing": missing[0], "key": ("ballots", index)})

    def _candidates_misfitting_kind(self) -> Iterator[PydanticCustomError]:
        if self.is_election:
            if not self.candidates:
                yield PydanticCustomError("election_without_candidates",
                                          tr("an election needs 'candidates' with their votes, found none"),
                                          {"key": "kind"})
            if self.seats is None:
                yield PydanticCustomError("election_without_seats",
                                          tr("an election needs 'seats', the number of places to fill, found none"),
                                          {"key": "kind"})
            return
        if self.candidates:
            yield PydanticCustomError("decision_with_candidates",
                                      tr("'candidates' are only for elections, but this vote has kind: decision"),
                                      {"key": "candidates"})
        if self.seats is not None:
            yield PydanticCustomError("decision_with_seats",
                                      tr("'seats' is only for elections, but this vote has kind: decision"),
                                      {"key": "seats"})

    def _participation_beyond_electorate(self) -> Iterator[PydanticCustomError]:
        voted, everyone = self.participation, self.electorate
        if voted.owners > everyone.owners:
            yield PydanticCustomError(
                "participation_owners",
                tr("participating owners ({found}) exceed the electorate ({expected}); the ballot channels add up "
                   "to more owners than electorate.owners"),
                {"found": voted.owners, "expected": everyone.owners, "key": ("electorate", "owners")})
        if voted.area > everyone.area:
            yield PydanticCustomError(
                "participation_area",
                tr("participating area ({found} m²) exceeds the electorate's area ({expected} m²); the ballot "
                   "channels add up to more than electorate.area"),
                {"found": str(voted.area), "expected": str(everyone.area), "key": ("electorate", "area")})

    def _candidates_beyond_participation(self) -> Iterator[PydanticCustomError]:
        voted = self.participation
        for index, candidate in enumerate(self.candidates):
            if candidate.owners > voted.owners:
                yield PydanticCustomError(
                    "candidate_owners",
                    tr("candidate {name} has votes from {found} owners, more than the {expected} who took part"),
                    {"name": candidate.name, "found": candidate.owners, "expected": voted.owners,
                     "key": ("candidates", index, "owners")})
            if candidate.area > voted.area:
                yield PydanticCustomError(
                    "candidate_area",
                    tr("candidate {name} has votes for {found} m², more than the {expected} m² that took part"),
                    {"name": candidate.name, "found": str(candidate.area), "expected": str(voted.area),
                     "key": ("candidates", index, "area")})
        if self.seats is None or not self.candidates:
            return
        owners = sum(c.owners for c in self.candidates)
        if owners > self.seats * voted.owners:
            yield PydanticCustomError(
                "candidate_owners_total",
                tr("the candidates' votes add up to {found} owners, more than {seats} seats × {voted} "
                   "participating owners ({expected}) allow"),
                {"found": owners, "seats": self.seats, "voted": voted.owners,
                 "expected": self.seats * voted.owners, "key": "candidates"})
        area = sum((c.area for c in self.candidates), Decimal("0.00"))
        if area > self.seats * voted.area:
            yield PydanticCustomError(
                "candidate_area_total",
                tr("the candidates' votes add up to {found} m², more than {seats} seats × {voted} m² "
                   "participating ({expected} m²) allow"),
                {"found": str(area), "seats": self.seats, "voted": str(voted.area),
                 "expected": str(self.seats * voted.area), "key": "candidates"})

    def _dates_out_of_order(self) -> Iterator[PydanticCustomError]:
        if self.date is None or self.voting is None or self.posting is None:
            return  # a count whose dates have errors (`VoteFigures`): its figures are checked all the same
        if self.date < self.voting.end:
            yield PydanticCustomError("counted_before_close",
                                      tr("counting date ({date}) is before voting closed ({end})"),
                                      {"date": self.date.isoformat(), "end": self.voting.end.isoformat(),
                                       "key": "date"})
        if self.posting.start < self.date:
            yield PydanticCustomError("posted_before_count",
                                      tr("posting starts ({start}) before the votes were counted ({date})"),
                                      {"start": self.posting.start.isoformat(), "date": self.date.isoformat(),
                                       "key": ("posting", "from")})

    @property
    def is_election(self) -> bool:
        return self.kind == "election"

    # --- totals (the only figures published) -----------------------------

    @property
    def channels(self) -> list[str]:
        """How the owners voted (paper, online, meeting), in the order the count gives them."""
        return [ballot.channel for ballot in self.ballots]

    @cached_property
    def yes_total(self) -> Tally:
        return sum_tallies([b.yes for b in self.ballots if b.yes is not None])

    @cached_property
    def no_total(self) -> Tally:
        return sum_tallies([b.no for b in self.ballots if b.no is not None])

    @cached_property
    def abstain_total(self) -> Tally:
        return sum_tallies([b.abstain for b in self.ballots if b.abstain is not None])

    @cached_property
    def participation(self) -> Tally:
        """Everyone who voted, over all channels: yes + no + abstain, or `cast`."""
        return sum_tallies([b.participation for b in self.ballots])


_Day = date  # `date` in VoteFigures' body is its field


class VoteFigures(VoteCount):
    """A count's figures alone, for a vote whose dates have errors: `validate` checks that its figures agree
    all the same, so that a mistyped date does not hide a turnout above the electorate."""

    date: _Day | None = None  # type: ignore[assignment]
    voting: PostingPeriod | None = None  # type: ignore[assignment]
    posting: PostingPeriod | None = None  # type: ignore[assignment]


class Vote(Entry, VoteCount, Corrected):
    """An owners' vote or election and its count. See the module docstring for
    the YAML. The outcome is computed here, never typed in:

    - quorum: participating owners and area against the participation rule
      (art. 278: at least 2/3 of the electorate on both measures);
    - approval (decisions): yes owners and area against the special rule for
      items (六)(七)(八) (at least 3/4 of the participants), else the ordinary
      rule (more than 1/2 of the participants);
    - election: a candidate is elected when the quorum is met, they have the
      matter's approval share on both measures (more than half; three quarters
      when the choice is among plans for items (六)(七)(八)) and they are among the `seats` best
      of those who do (by owners, then area). Candidates tied for the last
      seat are all left out and listed in `tied_at_last_seat`.
    """

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("title"))
    title: str
    matter: Matter
    scope: str | None = None
    counting: Counting
    thresholds: Thresholds | None = None
    slug: Slug
    summary: str | None = None
    issuer: str | None = added_later()  # who issued it and seals its sheet: an earlier term's committee
    objections: Objections | None = added_later()  # where to object to it, when not as compound.yaml says
    paper: Paper | None = None
    corrections: list[Correction] = []

    # --- what the vote is -------------------------------------------------

    @property
    def matter_item(self) -> int:
        """The item number of the matter in Civil Code art. 278 (1-9)."""
        return MATTER_ITEMS[self.matter]

    @property
    def title_names_the_result(self) -> bool:
        """Whether the title says it announces a result (…表决结果公告): the posted sheet, which is always the
        result, then adds nothing to it. Otherwise a reader at the board takes "关于…的表决" for a call to vote."""
        return "结果" in self.title or "result" in self.title.lower()

    @property
    def matter_numeral(self) -> str:
        """The item number as written in the article: "五" for (五)."""
        return NUMERALS[self.matter_item - 1]

    @property
    def is_special_matter(self) -> bool:
        """Items (六)(七)(八), which need the special (three-quarters) approval."""
        return self.matter in SPECIAL_MATTERS

    @property
    def basis(self) -> str:
        """The legal basis of the thresholds applied."""
        return self.thresholds.basis if self.thresholds else CIVIL_CODE_BASIS

    @cached_property
    def participation_rule(self) -> Rule:
        return self.thresholds.participation if self.thresholds else civil_code_participation()

    @cached_property
    def approval_rule(self) -> Rule:
        """The special rule for items (六)(七)(八), otherwise the ordinary one; for a decision as for each of an
        election's candidates (a choice among plans to raise the fund is still a decision on item (七))."""
        if self.is_special_matter:
            return self.thresholds.special if self.thresholds else civil_code_special()
        return self.ordinary_rule

    @cached_property
    def ordinary_rule(self) -> Rule:
        """More than half unless overridden; also the majority a candidate needs."""
        return self.thresholds.ordinary if self.thresholds else civil_code_ordinary()

    @property
    def relaxed_rules(self) -> list[str]:
        """Override rules easier to pass than art. 278's (see Thresholds.relaxed)."""
        return self.thresholds.relaxed if self.thresholds else []

    # --- the tests --------------------------------------------------------

    @cached_property
    def participation_tests(self) -> list[Test]:
        everyone = Tally(owners=self.electorate.owners, area=self.electorate.area)
        return share_tests("participation", self.participation, everyone, self.participation_rule)

    @cached_property
    def approval_tests(self) -> list[Test]:
        """Yes over participants on both measures; empty for an election, whose
        approval is per candidate (see `results`)."""
        if self.is_election:
            return []
        return share_tests("approval", self.yes_total, self.participation, self.approval_rule)

    @property
    def tests(self) -> list[Test]:
        """For a decision, exactly four: participation by owners, by area,
        approval by owners, by area. For an election, the two participation tests."""
        return self.participation_tests + self.approval_tests

    @property
    def quorum_met(self) -> bool:
        return all(test.passed for test in self.participation_tests)

    @property
    def approved(self) -> bool:
        """Decision: both approval tests pass. Election: at least one candidate is elected."""
        if self.is_election:
            return bool(self.elected)
        return all(test.passed for test in self.approval_tests)

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.approved

    # --- elections --------------------------------------------------------

    @cached_property
    def results(self) -> list[CandidateResult]:
        """Every candidate, most votes first (by owners, then area; ties in file order)."""
        voted, rule = self.participation, self.approval_rule
        ordered = sorted(self.candidates, key=_standing)
        tests = {c.name: share_tests("approval", c, voted, rule) for c in ordered}
        winners, tied = self._fill_seats([c for c in ordered if all(t.passed for t in tests[c.name])])
        return [CandidateResult(name=c.name, owners=c.owners, area=c.area, tests=tests[c.name],
                                rank=1 + sum(1 for other in ordered if _standing(other) < _standing(c)),
                                elected=c.name in winners, tied=c.name in tied)
                for c in ordered]

    def _fill_seats(self, with_majority: list[Candidate]) -> tuple[set[str], set[str]]:
        """(elected names, names tied for the last seat) among the candidates
        with a majority, already in order."""
        if not self.quorum_met or self.seats is None:
            return set(), set()
        if len(with_majority) <= self.seats:
            return {c.name for c in with_majority}, set()
        last = _standing(with_majority[self.seats - 1])
        if last != _standing(with_majority[self.seats]):
            return {c.name for c in with_majority[:self.seats]}, set()
        return ({c.name for c in with_majority if _standing(c) < last},
                {c.name for c in with_majority if _standing(c) == last})

    @property
    def elected(self) -> list[CandidateResult]:
        return [r for r in self.results if r.elected]

    @property
    def tied_at_last_seat(self) -> list[str]:
        """Names of candidates with a majority and identical votes competing for
        the last seat(s); none of them is elected, so the seat stays vacant."""
        return [r.name for r in self.results if r.tied]

    @property
    def vacant_seats(self) -> int:
        return (self.seats or 0) - len(self.elected)


def _standing(candidate: Candidate) -> tuple[int, Decimal]:
    """Sort key: more owners first, then more area."""
    return (-candidate.owners, -candidate.area)
