"""A compound's standing facts: its profile, the people in charge, its services."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.messages import tr
from generator.model.base import (Category, Correction, Count, CountOrZero, Entry, Figure, Objections, Paper, Phone,
                                  Record, Said, known_by)
from generator.model.finance import Quarter


class Registration(Record):
    """The owners' committee's registration as a private non-enterprise unit."""

    kind: str = "民办非企业单位"
    number: str
    registered_on: date | None = None
    registrar: str | None = None


def _check_term(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise PydanticCustomError("term_order", tr("'term_end' ({end}) is before 'term_start' ({start})"),
                                  {"end": end.isoformat(), "start": start.isoformat(), "key": "term_end"})


class OwnersCommittee(Record):
    name: str
    registration: Registration | None = None
    term_start: date | None = None
    term_end: date | None = None

    @model_validator(mode="after")
    def _term_in_order(self) -> OwnersCommittee:
        _check_term(self.term_start, self.term_end)
        return self


class PropertyManager(Record):
    name: str
    kind: Literal["company", "professional_manager", "self_managed"]
    contract_until: date | None = None
    phone: Phone | None = None
    phone_public: bool = False


class BuildingGroup(Record):
    """A building party group (楼栋党小组) and the buildings it covers."""

    name: str
    buildings: list[str] = Field(min_length=1)
    leader: str


class PartyChain(Record):
    """Street party working committee -> community committee -> compound branch."""

    street_committee: str
    community_committee: str
    branch: str
    building_groups: list[BuildingGroup] = []


class Contact(Entry):
    """Someone residents can call, shown on the compound's home page."""

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("role", "name"))
    role: str
    name: str
    phone: Phone | None = None
    phone_public: bool = False
    hours: str | None = None


class Fee(Record):
    """A fee residents pay and its rate (收费项目和标准), which the manager must disclose (Civil Code art. 943):
    what a resident asks first, whether the service charge went up."""

    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("item"))
    item: str
    rate: str
    since: date | None = None  # the day this rate took effect
    basis: str | None = None  # what set it: the owners' assembly's decision, the contract, a price bureau's rule


class CompoundProfile(Record):
    """compound.yaml"""

    name: str
    address: str
    households: Count
    buildings: Count
    exclusive_area: Annotated[Figure, Field(gt=0, decimal_places=2)] | None = None  # m², for dividends by area
    built: int | None = Field(default=None, ge=1900, le=2100, strict=True)
    summary: str | None = None
    owners_committee: OwnersCommittee | None = None
    property_manager: PropertyManager | None = None
    party: PartyChain | None = None
    contacts: list[Contact] = []
    fees: list[Fee] = []
    objections: Objections | None = None

    @property
    def committee_name(self) -> str:
        return self.owners_committee.name if self.owners_committee else self.name


GroupKind = Literal[
    "party_branch",
    "owners_committee",
    "supervision_committee",
    "building_group_leaders",
    "property_staff",
    "other",
]


class Member(Entry):
    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("name"))
    name: str
    role: str
    term_start: date | None = None
    term_end: date | None = None
    building: str | None = None
    party_member: bool = False
    phone: Phone | None = None
    phone_public: bool = False

    @model_validator(mode="after")
    def _term_in_order(self) -> Member:
        _check_term(self.term_start, self.term_end)
        return self


class RosterGroup(Record):
    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("name"))
    name: str
    kind: GroupKind
    note: str | None = None
    members: list[Member] = Field(min_length=1)

    @field_validator("members")
    @classmethod
    def _each_member_once(cls, members: list[Member]) -> list[Member]:
        """A member pasted twice would be listed twice on the page and the sheet, and one given two roles in two
        entries (主任, then 委员) would read as two people."""
        seen: dict[str, str] = {}
        for index, member in enumerate(members):
            name, role = member.name.strip(), member.role.strip()
            if name in seen:
                twice = tr("'{name}' is listed twice in this group ({role}); list each member once, with one "
                           "role") if seen[name] == role else tr(
                    "'{name}' is listed twice in this group (as {first_role}, and as {role}); list each member once, "
                    "with one role")
                raise PydanticCustomError("duplicate_member", twice, {"name": name, "role": role,
                                                                      "first_role": seen[name],
                                                                      "key": (index, "name")})
            seen[name] = role
        return members

    @property
    def terms_differ(self) -> bool:
        """Members serve different terms (or only some give one): a printed roster gives each row its own."""
        return len({(member.term_start, member.term_end) for member in self.members}) > 1

    @property
    def shared_term(self) -> tuple[date | None, date | None] | None:
        """The term every member serves (start, end), for a printed roster to say once above its table."""
        term = self.members[0].term_start, self.members[0].term_end
        return None if self.terms_differ or term == (None, None) else term

    @property
    def has_phones(self) -> bool:
        return any(member.phone for member in self.members)


class Rosters(Record):
    """rosters.yaml: every committee and group, in the order to show them."""

    if_none: ClassVar[str] = Said(lambda: tr("a compound with no committee or group to list leaves rosters.yaml out: "
                                             "delete the file"))
    groups: list[RosterGroup] = Field(min_length=1)
    paper: Paper | None = None
    corrections: list[Correction] = []


class Service(Entry):
    unmarked_keys: ClassVar[dict[str, str]] = Said(lambda: known_by("provider", "offers"))
    category: Category
    provider: str
    offers: str
    schedule: str | None = None
    place: str | None = None
    phone: Phone | None = None
    phone_public: bool = False
    price: str | None = None
    notes: str | None = None


class MediationPeriod(Record):
    """What the mobile mediation station did in a quarter: counts only, never cases
    (a mediator who leaks parties' privacy is removed: 人民调解法 art. 15)."""

    period: str = Field(pattern=r"^\d{4}-Q[1-4]$")
    received: CountOrZero
    resolved: CountOrZero

    @model_validator(mode="after")
    def _resolved_within_received(self) -> MediationPeriod:
        if self.resolved > self.received:
            raise PydanticCustomError("resolved_over_received", tr("resolved ({resolved}) exceeds cases received "
                                                                   "({received})"),
                                      {"resolved": self.resolved, "received": self.received})
        return self

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.period)  # the pattern lets through only quarters it can parse

    @property
    def success_rate(self) -> Decimal | None:
        """Percent resolved, to one decimal (display only); None without cases."""
        if not self.received:
            return None
        return (Decimal(self.resolved) * 100 / self.received).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Services(Record):
    """services.yaml"""

    if_none: ClassVar[str] = Said(lambda: tr("a compound with no services to list leaves services.yaml out: delete "
                                             "the file"))
    services: list[Service] = Field(min_length=1)
    mediation: list[MediationPeriod] = []
    paper: Paper | None = None
    corrections: list[Correction] = []

    @field_validator("mediation")
    @classmethod
    def _each_quarter_once(cls, periods: list[MediationPeriod]) -> list[MediationPeriod]:
        first: dict[str, int] = {}
        for index, period in enumerate(periods):
            if period.period in first:  # the page would list the quarter twice, with two rates
                raise PydanticCustomError(
                    "mediation_twice", tr("{period} is given already, in item {first}; expected each quarter once"),
                    {"period": period.period, "first": first[period.period] + 1, "key": (index, "period"),
                     "hint": tr("correct the quarter of one of them, or remove the one that is wrong")})
            first[period.period] = index
        return periods

    @property
    def mediation_by_quarter(self) -> list[MediationPeriod]:
        """The quarters in order, whatever order the file gives them in."""
        return sorted(self.mediation, key=lambda period: period.quarter)

    def by_category(self) -> list[tuple[str, list[Service]]]:
        """Categories in the order they first appear in the file."""
        groups: dict[str, list[Service]] = {}
        for service in self.services:
            groups.setdefault(service.category, []).append(service)
        return list(groups.items())

    def providers_by_category(self) -> list[tuple[str, list[str]]]:
        """Who provides each category, each named once (a provider withheld from the channel is None)."""
        return [(category, list(dict.fromkeys(s.provider for s in items if s.provider)))
                for category, items in self.by_category()]
