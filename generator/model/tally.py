"""The count of a vote: who could vote, what each channel returned, the candidates' votes, who counted.

Counting follows the SPC interpretation on building ownership (2020), art. 8
and 9 (see `Electorate`); owners are ints and areas Decimals in m², as written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.messages import tr
from generator.model.base import Count, CountOrZero, Figure, Record, Said, known_by
from generator.model.rules import Rule, Stage, Test

Area = Annotated[Figure, Field(ge=0, max_digits=12, decimal_places=2)]
PositiveArea = Annotated[Figure, Field(gt=0, max_digits=12, decimal_places=2)]

BallotChannel = Literal["paper", "online", "meeting"]


class OwnersAndArea(Record):
    """Owners by headcount and their exclusive area in m², which are none or some together."""

    owners: CountOrZero
    area: Area

    @model_validator(mode="after")
    def _owners_and_area_agree(self) -> OwnersAndArea:
        if self.owners == 0 and self.area != 0:
            raise PydanticCustomError("tally_area_without_owners",
                                      tr("expected no area when no owners are counted, found 0 owners with {area} "
                                         "m²"),
                                      {"area": str(self.area)})
        if self.owners > 0 and self.area == 0:
            raise PydanticCustomError("tally_owners_without_area",
                                      tr("expected the area of the {owners} owners counted, found 0 m²"),
                                      {"owners": self.owners})
        return self


class Tally(OwnersAndArea):
    """A count on both measures: owners by headcount and their exclusive area in m²."""


def sum_tallies(tallies: list[Tally]) -> Tally:
    """One Tally made, not one for each addition: each is validated, which took a twentieth of rendering."""
    return Tally(owners=sum(tally.owners for tally in tallies),
                 area=sum((tally.area for tally in tallies), Decimal("0.00")))


class Electorate(Record):
    """Everyone entitled to vote: all owners by headcount (one unit = one owner;
    an owner of several units, and the developer's unsold units, count once:
    SPC interpretation art. 9) and the total exclusive area in m² as registered
    (art. 8)."""

    owners: Count
    area: PositiveArea


class Ballot(Record):
    """The totals of one voting channel. A decision records `yes` and `no`
    (`abstain` is optional); an election records `cast`, the ballots returned.
    Kept for checking the count: only the totals over all channels are published."""

    channel: BallotChannel
    yes: Tally | None = None
    no: Tally | None = None
    abstain: Tally | None = None
    cast: Tally | None = None

    @property
    def participation(self) -> Tally:
        """Who voted through this channel: `cast`, or yes + no + abstain."""
        if self.cast is not None:
            return self.cast
        return sum_tallies([t for t in (self.yes, self.no, self.abstain) if t is not None])


class Candidate(OwnersAndArea):
    """A candidate in an election and the owners (and their area) who voted for them."""

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("name"))
    name: str


class Counting(Record):
    """Who counted the ballots (计票) and who supervised the count (监票)."""

    counted_by: list[str] = Field(min_length=1)
    supervised_by: list[str] = []
    notes: str | None = None


def share_tests(stage: Stage, part: Tally | Candidate, whole: Tally, rule: Rule) -> list[Test]:
    """The owners test and the area test of `part` out of `whole` under `rule`."""
    return [Test(stage, "owners", part.owners, whole.owners, rule.fraction, rule.inclusive),
             Test(stage, "area", part.area, whole.area, rule.fraction, rule.inclusive)]
