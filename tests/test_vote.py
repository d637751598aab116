"""Owners' votes: Civil Code art. 278 thresholds at their exact boundaries, elections, validation."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from pydantic import ValidationError

from generator.model.rules import CIVIL_CODE_BASIS, Rule, Test, percent
from generator.model.vote import Vote
from generator.yamlio import parse_yaml

# 390 owners and 28,765.50 m² make two thirds exact: 260 owners and 19,177.00 m².
EXACT = {"owners": 390, "area": Decimal("28765.50")}
# The compound of the example: 392 owners, 28,765.40 m².
COMPOUND = {"owners": 392, "area": Decimal("28765.40")}
NOBODY = (0, "0.00")


def tally(owners: int, area: str) -> dict:
    return {"owners": owners, "area": Decimal(area)}


def _common(**changes) -> dict:
    data = {
        "title": "关于使用专项维修资金维修1-4栋屋面防水的表决",
        "date": date(2026, 9, 20),
        "voting": {"from": date(2026, 9, 1), "to": date(2026, 9, 15)},
        "posting": {"from": date(2026, 9, 21), "to": date(2026, 10, 5)},
        "electorate": EXACT,
        "counting": {"counted_by": ["李四", "王五"], "supervised_by": ["赵六"]},
        "slug": "roof-waterproofing-2026",
    }
    return {**data, **changes}


def decision_data(yes=NOBODY, no=NOBODY, abstain=NOBODY, matter="use_maintenance_fund", **changes) -> dict:
    ballots = [{"channel": "paper", "yes": tally(*yes), "no": tally(*no), "abstain": tally(*abstain)}]
    return _common(**{"kind": "decision", "matter": matter, "ballots": ballots, **changes})


def decision(yes=NOBODY, no=NOBODY, abstain=NOBODY, matter="use_maintenance_fund", **changes) -> Vote:
    return Vote.model_validate(decision_data(yes, no, abstain, matter, **changes))


def election_data(cast=(270, "20000.00"), seats=3, candidates=(), **changes) -> dict:
    return _common(**{"kind": "election", "matter": "elect_committee", "electorate": COMPOUND,
                      "ballots": [{"channel": "paper", "cast": tally(*cast)}], "seats": seats,
                      "candidates": [{"name": name, **tally(owners, area)} for name, owners, area in candidates],
                      **changes})


def election(cast=(270, "20000.00"), seats=3, candidates=(), **changes) -> Vote:
    return Vote.model_validate(election_data(cast, seats, candidates, **changes))


def by_key(vote: Vote, key: str) -> Test:
    return next(test for test in vote.tests if test.key == key)


def only_error(data: dict) -> tuple[str, str]:
    """(type, message) of the single validation error `data` raises."""
    with pytest.raises(ValidationError) as info:
        Vote.model_validate(data)
    errors = info.value.errors(include_url=False)
    assert len(errors) == 1, errors
    return errors[0]["type"], errors[0]["msg"]


# --- participation (quorum): at least 2/3 of owners AND of area -------------

def test_participation_of_exactly_two_thirds_of_the_owners_meets_the_quorum():
    vote = decision(yes=(260, "20000.00"))
    owners = by_key(vote, "participation_owners")
    assert (owners.numerator, owners.denominator, owners.fraction) == (260, 390, Fraction(2, 3))
    assert owners.passed and vote.quorum_met and vote.passed


def test_one_owner_short_of_two_thirds_fails_the_quorum_even_if_everyone_agrees():
    vote = decision(yes=(259, "20000.00"))
    assert not by_key(vote, "participation_owners").passed
    assert by_key(vote, "participation_area").passed
    assert vote.approved and not vote.quorum_met and not vote.passed


def test_participation_of_exactly_two_thirds_of_the_area_meets_the_quorum():
    vote = decision(yes=(300, "19177.00"))
    area = by_key(vote, "participation_area")
    assert (area.numerator, area.denominator, area.fraction) == (Decimal("19177.00"), Decimal("28765.50"),
                                                                 Fraction(2, 3))
    assert area.passed and vote.passed


def test_one_hundredth_of_a_square_metre_short_of_two_thirds_fails_the_quorum():
    vote = decision(yes=(300, "19176.99"))
    assert not by_key(vote, "participation_area").passed
    assert not vote.quorum_met


def test_area_met_but_headcount_not_fails_the_quorum():
    vote = decision(yes=(250, "25000.00"))
    assert by_key(vote, "participation_area").passed
    assert not by_key(vote, "participation_owners").passed
    assert not vote.quorum_met and not vote.passed


def test_headcount_met_but_area_not_fails_the_quorum():
    vote = decision(yes=(300, "15000.00"))
    assert by_key(vote, "participation_owners").passed
    assert not by_key(vote, "participation_area").passed
    assert not vote.quorum_met and not vote.passed


def test_abstentions_count_as_participation_but_not_as_approval():
    vote = decision(yes=(140, "11000.00"), no=(20, "1500.00"), abstain=(100, "7500.00"))
    assert (vote.participation.owners, vote.participation.area) == (260, Decimal("20000.00"))
    assert vote.quorum_met
    assert by_key(vote, "approval_owners").fraction == Fraction(140, 260)
    assert vote.passed


# --- approval: 3/4 (以上) for items 6-8, more than half (过半数) otherwise ----

@pytest.mark.parametrize("matter", ["raise_maintenance_fund", "rebuild_or_reconstruct",
                                    "change_common_use_or_business"])
def test_a_special_matter_passes_at_exactly_three_quarters_of_the_participants(matter):
    vote = decision(yes=(195, "15000.00"), no=(65, "5000.00"), matter=matter)
    assert vote.is_special_matter
    assert by_key(vote, "approval_owners").fraction == Fraction(3, 4)
    assert by_key(vote, "approval_area").fraction == Fraction(3, 4)
    assert vote.approved and vote.passed


def test_a_special_matter_fails_one_owner_below_three_quarters():
    vote = decision(yes=(194, "15000.00"), no=(66, "5000.00"), matter="raise_maintenance_fund")
    assert not by_key(vote, "approval_owners").passed
    assert by_key(vote, "approval_area").passed
    assert not vote.approved and not vote.passed


def test_a_special_matter_fails_one_hundredth_of_a_square_metre_below_three_quarters():
    vote = decision(yes=(195, "14999.99"), no=(65, "5000.01"), matter="raise_maintenance_fund")
    assert by_key(vote, "approval_owners").passed
    assert not by_key(vote, "approval_area").passed
    assert not vote.passed


def test_using_the_fund_needs_a_majority_but_raising_it_needs_three_quarters():
    counts = {"yes": (180, "14000.00"), "no": (80, "6000.00")}
    assert decision(matter="use_maintenance_fund", **counts).passed
    assert not decision(matter="raise_maintenance_fund", **counts).passed


def test_an_ordinary_matter_fails_at_exactly_half_because_more_than_half_is_exclusive():
    vote = decision(yes=(130, "10000.00"), no=(130, "10000.00"))
    owners, area = by_key(vote, "approval_owners"), by_key(vote, "approval_area")
    assert owners.fraction == area.fraction == Fraction(1, 2)
    assert not owners.inclusive and owners.form == "more_than_half"
    assert not owners.passed and not area.passed
    assert vote.quorum_met and not vote.passed


def test_an_ordinary_matter_passes_one_owner_and_one_hundredth_above_half():
    vote = decision(yes=(131, "10000.01"), no=(129, "9999.99"))
    assert vote.approved and vote.passed


def test_one_owner_above_half_is_not_enough_when_the_area_is_exactly_half():
    vote = decision(yes=(131, "10000.00"), no=(129, "10000.00"))
    assert by_key(vote, "approval_owners").passed
    assert not by_key(vote, "approval_area").passed
    assert not vote.passed


def test_nobody_voting_fails_every_test_without_dividing_by_zero():
    vote = decision()
    assert [t.passed for t in vote.tests] == [False, False, False, False]
    assert by_key(vote, "approval_owners").fraction == 0
    assert by_key(vote, "approval_area").percentage == Decimal("0.00")


# --- channels and totals -----------------------------------------------------

def test_paper_and_online_ballots_add_up_to_the_published_totals():
    vote = Vote.model_validate(_common(kind="decision", matter="use_maintenance_fund", electorate=COMPOUND, ballots=[
        {"channel": "paper", "yes": tally(150, "11020.35"), "no": tally(40, "2900.00"),
         "abstain": tally(10, "700.10")},
        {"channel": "online", "yes": tally(70, "5100.00"), "no": tally(5, "380.00")},
    ]))
    assert (vote.yes_total.owners, vote.yes_total.area) == (220, Decimal("16120.35"))
    assert (vote.no_total.owners, vote.no_total.area) == (45, Decimal("3280.00"))
    assert (vote.abstain_total.owners, vote.abstain_total.area) == (10, Decimal("700.10"))
    assert (vote.participation.owners, vote.participation.area) == (275, Decimal("20100.45"))
    assert by_key(vote, "participation_owners").fraction == Fraction(275, 392)
    assert by_key(vote, "approval_area").fraction == Fraction(Decimal("16120.35")) / Fraction(
        Decimal("20100.45"))
    assert vote.passed


@pytest.mark.parametrize("copied", [lambda vote, ballots: vote.model_copy(update={"ballots": ballots}),
                                    lambda vote, ballots: vote.model_copy(update={"ballots": ballots}, deep=True)])
def test_a_copy_with_other_ballots_forgets_the_figures_the_original_remembered(copied):
    """The privacy copies are made with model_copy, which copies the figures the original remembered."""
    vote = decision(yes=(300, "22000.00"))
    assert vote.passed and vote.participation.owners == 300 and vote.yes_total.owners == 300
    other = copied(vote, decision(no=(300, "22000.00")).ballots)
    assert not other.passed and other.participation.owners == 300 and other.yes_total.owners == 0
    assert [t.numerator for t in other.approval_tests] == [0, 0]
    assert vote.passed and vote.yes_total.owners == 300


@pytest.mark.parametrize("each, whole", [((6_000_000, "1.00"), 18_000_000),
                                         ((1, "6000000000.00"), Decimal("18000000000.00"))])
def test_a_count_too_large_to_add_up_is_reported_with_its_whole_sum(each, whole):
    # Added up a tally at a time, the error quoted the first partial sum that did not fit (yes and no, 12000000),
    # a figure the secretary wrote nowhere and no page shows; it now quotes all who voted.
    with pytest.raises(ValidationError) as info:
        decision(yes=each, no=each, abstain=each)
    assert [error["input"] for error in info.value.errors()] == [whole]


def test_the_documented_yaml_loads_exactly():
    text = """\
title: 关于使用专项维修资金维修1-4栋屋面防水的表决
kind: decision
matter: use_maintenance_fund
date: 2026-09-20
voting: {from: 2026-09-01, to: 2026-09-15}
posting: {from: 2026-09-21, to: 2026-10-05}
electorate: {owners: 392, area: 28765.40}
ballots:
  - channel: paper
    yes: {owners: 150, area: 11020.35}
    no: {owners: 40, area: 2900.00}
    abstain: {owners: 10, area: 700.10}
  - channel: online
    yes: {owners: 70, area: 5100.00}
    no: {owners: 5, area: 380.00}
counting: {counted_by: [李四, 王五], supervised_by: [赵六]}
corrections: [{date: 2026-09-25, note: 更正网络投票面积}]
thresholds:
  basis: 《某市物业管理条例》第二十条
  participation: {ratio: 2/3, inclusive: true}
  ordinary: {ratio: 0.5, inclusive: false}
audience: web
"""
    vote = Vote.model_validate({**parse_yaml(text).data, "slug": "roof-waterproofing-2026"})
    assert vote.electorate.area == Decimal("28765.40") and vote.yes_total.area == Decimal("16120.35")
    assert vote.thresholds.ordinary.fraction == Fraction(1, 2)
    assert vote.basis == "《某市物业管理条例》第二十条"
    assert vote.corrections[0].note == "更正网络投票面积"
    assert vote.passed


# --- the four tests as templates see them -----------------------------------

def test_a_decision_exposes_four_tests_in_a_fixed_order():
    vote = decision(yes=(200, "15000.00"), no=(60, "5000.00"))
    assert [t.key for t in vote.tests] == ["participation_owners", "participation_area", "approval_owners",
                                           "approval_area"]
    assert [(t.threshold, t.inclusive) for t in vote.tests] == [
        (Fraction(2, 3), True), (Fraction(2, 3), True), (Fraction(1, 2), False), (Fraction(1, 2), False)]
    assert [(t.numerator, t.denominator) for t in vote.tests] == [
        (260, 390), (Decimal("20000.00"), Decimal("28765.50")), (200, 260), (Decimal("15000.00"),
                                                                              Decimal("20000.00"))]


def test_shares_and_thresholds_are_fractions_never_floats():
    vote = decision(yes=(200, "15000.00"), no=(60, "5000.00"))
    for test in vote.tests:
        assert type(test.fraction) is Fraction and type(test.threshold) is Fraction
        assert type(test.percentage) is Decimal
        assert type(test.numerator) is (int if test.measure == "owners" else Decimal)
        assert type(test.denominator) is (int if test.measure == "owners" else Decimal)
    assert type(vote.participation_rule.fraction) is Fraction


def test_percentages_are_rounded_to_two_places_to_the_nearest_up_or_down():
    assert percent(Fraction(2, 3)) == percent(Fraction(2, 3), "up") == Decimal("66.67")
    assert percent(Fraction(2, 3), "down") == Decimal("66.66")
    assert percent(Fraction(1, 800)) == Decimal("0.13")  # 0.125 % rounds up, not to even
    assert percent(Fraction(1, 800), "down") == Decimal("0.12")
    assert percent(Fraction(1), "up") == percent(Fraction(1), "down") == Decimal("100.00")
    assert str(percent(Fraction(0))) == "0.00"


def test_a_share_far_from_its_threshold_is_rounded_to_the_nearest():
    vote = decision(yes=(9999, "10000.00"), no=(1, "0.01"), electorate={"owners": 10000, "area": Decimal("10000.01")})
    assert by_key(vote, "approval_owners").percentage == Decimal("99.99")
    assert by_key(vote, "participation_area").percentage == Decimal("100.00")  # 99.9999 %, not 99.99


def test_a_share_just_short_of_the_threshold_never_displays_as_reaching_it():
    short = by_key(decision(yes=(300, "19176.99")), "participation_area")
    exact = by_key(decision(yes=(300, "19177.00")), "participation_area")
    assert not short.passed and exact.passed
    assert (short.percentage, exact.percentage) == (Decimal("66.66"), Decimal("66.67"))


def test_a_share_just_over_half_never_displays_as_exactly_half():
    vote = decision(yes=(130, "10000.01"), no=(130, "10000.00"))
    area = by_key(vote, "approval_area")
    assert area.passed and area.percentage == Decimal("50.01")
    owners = by_key(vote, "approval_owners")
    assert not owners.passed and owners.percentage == Decimal("50.00")


def test_a_share_ending_in_half_a_hundredth_of_a_percent_displays_rounded_up_and_still_fails():
    vote = decision(yes=(533, "20000.00"), electorate={"owners": 800, "area": Decimal("28765.50")})
    owners = by_key(vote, "participation_owners")
    assert owners.fraction == Fraction(533, 800)  # 66.625 %: 66.63 % still reads as short of 66.67 %
    assert owners.percentage == Decimal("66.63") and not owners.passed


def test_the_default_legal_basis_is_civil_code_article_278():
    vote = decision(yes=(260, "20000.00"))
    assert vote.basis == CIVIL_CODE_BASIS == "《中华人民共和国民法典》第二百七十八条"
    assert vote.relaxed_rules == []
    assert (vote.matter_item, vote.matter_numeral) == (5, "五")


# --- threshold overrides ------------------------------------------------------

def test_a_local_majority_participation_rule_changes_the_outcome_and_is_flagged_as_relaxed():
    counts = {"yes": (180, "13000.00"), "no": (20, "1500.00")}  # 200 of 390 owners, 14,500.00 of 28,765.50 m²
    assert not decision(**counts).quorum_met
    local = decision(**counts, thresholds={"basis": "《某市物业管理条例》第二十条",
                                           "participation": {"ratio": "1/2", "inclusive": False}})
    assert local.quorum_met and local.passed
    assert local.basis == "《某市物业管理条例》第二十条"
    assert local.relaxed_rules == ["participation"]


def test_an_override_keeps_article_278_for_the_rules_it_leaves_out():
    vote = decision(yes=(195, "15000.00"), no=(65, "5000.00"), matter="rebuild_or_reconstruct",
                    thresholds={"basis": "《某市物业管理条例》第二十条", "participation": {"ratio": "0.6",
                                                                              "inclusive": True}})
    assert (vote.approval_rule.fraction, vote.approval_rule.inclusive) == (Fraction(3, 4), True)
    assert (vote.ordinary_rule.fraction, vote.ordinary_rule.inclusive) == (Fraction(1, 2), False)


def test_an_inclusive_half_written_as_a_decimal_passes_at_exactly_half():
    counts = {"yes": (130, "10000.00"), "no": (130, "10000.00")}
    vote = decision(**counts, thresholds={"basis": "业主大会议事规则第十条",
                                          "ordinary": {"ratio": Decimal("0.5"), "inclusive": True}})
    assert vote.thresholds.ordinary.ratio == "0.5"
    assert vote.passed
    assert vote.relaxed_rules == ["ordinary"]


def test_a_stricter_local_rule_is_not_flagged_as_relaxed():
    vote = decision(yes=(300, "24000.00"), thresholds={"basis": "管理规约第八条",
                                                       "participation": {"ratio": "3/4", "inclusive": True},
                                                       "ordinary": {"ratio": "1/2", "inclusive": False}})
    assert vote.passed and vote.relaxed_rules == []


def test_a_ratio_typed_with_full_width_characters_is_understood():
    vote = decision(yes=(260, "20000.00"), thresholds={"basis": "管理规约第八条",
                                                       "participation": {"ratio": "２／３", "inclusive": True}})
    assert vote.participation_rule.fraction == Fraction(2, 3)


# --- elections ---------------------------------------------------------------

# 270 of 392 owners and 20,000.00 of 28,765.40 m² take part; a majority is 136 owners and 10,000.01 m².
CANDIDATES = [("张三", 230, "17000.00"), ("李四", 200, "15000.00"), ("王五", 180, "13000.00"),
              ("赵六", 140, "10100.00"), ("钱七", 60, "4000.00")]


def test_an_election_fills_the_seats_with_the_best_candidates_who_have_a_majority():
    vote = election(seats=3, candidates=CANDIDATES)
    assert [r.name for r in vote.elected] == ["张三", "李四", "王五"]
    result = {r.name: r for r in vote.results}
    assert result["赵六"].majority and not result["赵六"].elected and result["赵六"].rank == 4
    assert vote.vacant_seats == 0 and vote.tied_at_last_seat == []
    assert vote.passed and vote.approved


def test_a_candidate_below_a_majority_is_not_elected_even_with_a_seat_free():
    vote = election(seats=5, candidates=CANDIDATES)
    assert [r.name for r in vote.elected] == ["张三", "李四", "王五", "赵六"]
    below = next(r for r in vote.results if r.name == "钱七")
    assert not below.majority and not below.elected
    assert vote.vacant_seats == 1


def test_a_candidate_with_a_majority_of_owners_but_not_of_area_is_not_elected():
    vote = election(seats=5, candidates=[("张三", 230, "17000.00"), ("孙八", 150, "9000.00")])
    assert [r.name for r in vote.elected] == ["张三"]
    result = next(r for r in vote.results if r.name == "孙八")
    assert [(t.key, t.passed) for t in result.tests] == [("approval_owners", True), ("approval_area", False)]


def test_a_choice_among_plans_to_raise_the_fund_needs_three_quarters_for_a_plan():
    # Called an election, the plan 70 % of the owners chose was published as adopted: item (七) needs 3/4.
    short = election(seats=1, candidates=[("方案一", 60, "4500.00"), ("方案二", 190, "14000.00")],
                     matter="raise_maintenance_fund")
    assert [r.name for r in short.elected] == [] and not short.passed
    adopted = election(seats=1, candidates=[("方案一", 50, "3500.00"), ("方案二", 205, "15200.00")],
                       matter="raise_maintenance_fund")
    assert [r.name for r in adopted.elected] == ["方案二"]


def test_a_candidates_owners_and_area_are_none_or_some_together_as_a_ballots_are():
    # 甲 with 0 owners and 9,000.00 m² was published as counted.
    assert only_error(election_data(candidates=[("甲", 0, "9000.00")]))[0] == "tally_area_without_owners"
    assert only_error(election_data(candidates=[("乙", 150, "0.00")]))[0] == "tally_owners_without_area"


def test_an_exact_tie_at_the_last_seat_elects_neither():
    vote = election(seats=3, candidates=[("张三", 230, "17000.00"), ("李四", 200, "15000.00"),
                                         ("王五", 180, "13000.00"), ("赵六", 180, "13000.00")])
    assert [r.name for r in vote.elected] == ["张三", "李四"]
    assert vote.tied_at_last_seat == ["王五", "赵六"]
    assert [r.rank for r in vote.results] == [1, 2, 3, 3]
    assert vote.vacant_seats == 1


def test_equal_owners_at_the_last_seat_are_decided_by_area():
    vote = election(seats=3, candidates=[("张三", 230, "17000.00"), ("李四", 200, "15000.00"),
                                         ("王五", 180, "13000.01"), ("赵六", 180, "13000.00")])
    assert [r.name for r in vote.elected] == ["张三", "李四", "王五"]
    assert vote.tied_at_last_seat == []


def test_a_tie_above_the_last_seat_elects_both():
    vote = election(seats=3, candidates=[("张三", 200, "15000.00"), ("李四", 200, "15000.00"),
                                         ("王五", 180, "13000.00")])
    assert [r.name for r in vote.elected] == ["张三", "李四", "王五"]


def test_without_a_quorum_nobody_is_elected():
    vote = election(cast=(250, "19000.00"), seats=3, candidates=[("张三", 230, "17000.00")])
    assert not vote.quorum_met
    assert vote.elected == [] and vote.tied_at_last_seat == [] and not vote.passed


def test_an_election_exposes_its_participation_tests_and_per_candidate_approval():
    vote = election(seats=3, candidates=CANDIDATES)
    assert [t.key for t in vote.tests] == ["participation_owners", "participation_area"]
    assert (vote.participation.owners, vote.participation.area) == (270, Decimal("20000.00"))
    assert vote.yes_total.owners == 0
    first = vote.results[0]
    assert [(t.numerator, t.denominator) for t in first.tests] == [(230, 270), (Decimal("17000.00"),
                                                                                Decimal("20000.00"))]


# --- validation errors, as a secretary reads them ---------------------------

def test_participating_owners_cannot_exceed_the_electorate():
    assert only_error(decision_data(yes=(240, "20000.00"), electorate={"owners": 230, "area": Decimal("28765.50")})
                      ) == ("participation_owners", "participating owners (240) exceed the electorate (230); the "
                                                    "ballot channels add up to more owners than electorate.owners")


def test_participating_area_cannot_exceed_the_electorate():
    assert only_error(decision_data(yes=(200, "20000.00"), no=(30, "9000.00"))) == (
        "participation_area", "participating area (29000.00 m²) exceeds the electorate's area (28765.50 m²); the "
                              "ballot channels add up to more than electorate.area")


def test_a_candidate_cannot_have_more_owners_than_took_part():
    assert only_error(election_data(candidates=[("张三", 271, "17000.00")])) == (
        "candidate_owners", "candidate 张三 has votes from 271 owners, more than the 270 who took part")


def test_a_candidate_cannot_have_more_area_than_took_part():
    assert only_error(election_data(candidates=[("张三", 230, "20000.01")])) == (
        "candidate_area", "candidate 张三 has votes for 20000.01 m², more than the 20000.00 m² that took part")


def test_the_candidates_votes_cannot_exceed_one_vote_per_seat_per_participant():
    assert only_error(election_data(seats=1, candidates=[("张三", 230, "17000.00"), ("李四", 50, "2000.00")])) == (
        "candidate_owners_total", "the candidates' votes add up to 280 owners, more than 1 seats × 270 "
                                  "participating owners (270) allow")


def test_candidates_are_only_for_elections():
    assert only_error(decision_data(yes=(260, "20000.00"), candidates=[{"name": "张三", **tally(200, "15000.00")}])
                      ) == ("decision_with_candidates",
                            "'candidates' are only for elections, but this vote has kind: decision")


def test_seats_are_only_for_elections():
    assert only_error(decision_data(yes=(260, "20000.00"), seats=5)) == (
        "decision_with_seats", "'seats' is only for elections, but this vote has kind: decision")


def test_an_election_needs_candidates():
    assert only_error(election_data(candidates=())) == (
        "election_without_candidates", "an election needs 'candidates' with their votes, found none")


def test_an_election_needs_seats():
    assert only_error(election_data(seats=None, candidates=CANDIDATES)) == (
        "election_without_seats", "an election needs 'seats', the number of places to fill, found none")


def test_at_least_one_ballot_channel_is_needed():
    assert only_error(decision_data(ballots=[])) == (
        "no_ballots", "expected at least one ballot channel (paper, online or meeting), found none")


def test_each_ballot_channel_appears_once():
    paper = {"channel": "paper", "yes": tally(130, "10000.00"), "no": tally(0, "0.00")}
    assert only_error(decision_data(ballots=[paper, paper])) == (
        "duplicate_channel", "ballot channel 'paper' appears more than once; give each channel's totals once")


def test_an_unknown_ballot_channel_is_rejected():
    kind, message = only_error(decision_data(ballots=[{"channel": "wechat", "yes": tally(1, "70.00"),
                                                       "no": tally(0, "0.00")}]))
    assert kind == "literal_error" and "'paper', 'online' or 'meeting'" in message


def test_a_decision_ballot_needs_yes_and_no():
    assert only_error(decision_data(ballots=[{"channel": "online", "yes": tally(130, "10000.00")}])) == (
        "decision_ballot_missing", "ballot channel 'online': expected 'yes' and 'no' (write {owners: 0, area: 0} "
                                   "when nobody), found no 'no'")


def test_a_decision_ballot_has_no_cast():
    assert only_error(decision_data(ballots=[{"channel": "paper", "cast": tally(260, "20000.00")}])) == (
        "decision_ballot_cast", "ballot channel 'paper': 'cast' is only for elections; a decision records yes, no "
                                "and abstain")


def test_an_election_ballot_records_cast_not_yes_and_no():
    data = election_data(candidates=CANDIDATES)
    data["ballots"] = [{"channel": "paper", "yes": tally(270, "20000.00"), "no": tally(0, "0.00")}]
    assert only_error(data) == (
        "election_ballot", "ballot channel 'paper': an election records 'cast' (the ballots returned) and no "
                           "yes/no/abstain; the candidates' votes go under 'candidates'")


def test_each_candidate_is_listed_once():
    assert only_error(election_data(candidates=[("张三", 230, "17000.00"), ("张三", 20, "1000.00")])) == (
        "duplicate_candidate", "candidate '张三' appears more than once; list each candidate once")
    # Also with the full-width space an input method types after a name: the page listed 张三 twice.
    assert only_error(election_data(candidates=[("张三", 230, "17000.00"), ("张三\u3000", 20, "1000.00")])) == (
        "duplicate_candidate", "candidate '张三' appears more than once; list each candidate once")


@pytest.mark.parametrize("ratio", ["two thirds", "1/0", "66%"])
def test_a_threshold_ratio_must_read_as_a_fraction(ratio):
    data = decision_data(yes=(260, "20000.00"), thresholds={"basis": "管理规约第八条",
                                                            "participation": {"ratio": ratio, "inclusive": True}})
    assert only_error(data) == ("ratio_format", f"expected a ratio like 2/3 or 0.5, found '{ratio}'")


@pytest.mark.parametrize("ratio", ["3/2", "0", "-1/2", "1.01"])
def test_a_threshold_ratio_must_lie_above_zero_and_at_most_one(ratio):
    data = decision_data(yes=(260, "20000.00"), thresholds={"basis": "管理规约第八条",
                                                            "special": {"ratio": ratio, "inclusive": True}})
    assert only_error(data) == ("ratio_range", f"expected a ratio above 0 and at most 1, found '{ratio}'")


def test_a_ratio_of_one_means_unanimity():
    vote = decision(yes=(259, "19999.00"), no=(1, "1.00"), matter="rebuild_or_reconstruct",
                    thresholds={"basis": "管理规约第八条", "special": {"ratio": "1", "inclusive": True}})
    assert vote.quorum_met and not vote.approved


def test_a_threshold_override_needs_its_legal_basis():
    data = decision_data(yes=(260, "20000.00"), thresholds={"participation": {"ratio": "1/2", "inclusive": False}})
    with pytest.raises(ValidationError) as info:
        Vote.model_validate(data)
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("missing", ("thresholds", "basis"))]


def test_a_rule_must_say_whether_the_boundary_counts():
    data = decision_data(yes=(260, "20000.00"), thresholds={"basis": "管理规约第八条",
                                                            "participation": {"ratio": "1/2"}})
    with pytest.raises(ValidationError) as info:
        Vote.model_validate(data)
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("missing", ("thresholds", "participation", "inclusive"))]


def test_a_count_with_area_but_no_owners_is_rejected():
    assert only_error(decision_data(yes=(260, "20000.00"), no=(0, "120.50"))) == (
        "tally_area_without_owners", "expected no area when no owners are counted, found 0 owners with 120.50 m²")


def test_a_count_with_owners_but_no_area_is_rejected():
    assert only_error(decision_data(yes=(260, "20000.00"), no=(3, "0.00"))) == (
        "tally_owners_without_area", "expected the area of the 3 owners counted, found 0 m²")


def test_areas_have_at_most_two_decimal_places_and_owners_are_whole_and_not_negative():
    assert only_error(decision_data(yes=(260, "20000.005")))[0] == "decimal_max_places"
    assert only_error(decision_data(yes=(-1, "20000.00")))[0] == "greater_than_equal"


def test_the_electorate_cannot_be_empty():
    assert only_error(decision_data(electorate={"owners": 0, "area": Decimal("28765.50")}))[0] == "greater_than"


def test_votes_are_counted_after_voting_closes():
    assert only_error(decision_data(yes=(260, "20000.00"), date=date(2026, 9, 14))) == (
        "counted_before_close", "counting date (2026-09-14) is before voting closed (2026-09-15)")


def test_results_are_posted_after_the_count():
    assert only_error(decision_data(yes=(260, "20000.00"), posting={"from": date(2026, 9, 19),
                                                                    "to": date(2026, 10, 5)})) == (
        "posted_before_count", "posting starts (2026-09-19) before the votes were counted (2026-09-20)")


def test_every_disagreement_of_the_figures_is_raised_at_once_each_naming_its_field():
    data = decision_data(yes=(240, "30000.00"), date=date(2026, 9, 14))
    with pytest.raises(ValidationError) as info:
        Vote.model_validate(data)
    assert [(e["type"], e["ctx"]["key"]) for e in info.value.errors()] == [
        ("participation_area", ("electorate", "area")), ("counted_before_close", "date")]
    with pytest.raises(ValidationError) as info:
        Vote.model_validate(election_data(seats=None, candidates=()))
    assert [e["type"] for e in info.value.errors()] == ["election_without_candidates", "election_without_seats"]


def test_unknown_keys_and_a_missing_slug_are_errors():
    assert only_error({**decision_data(yes=(260, "20000.00")), "turnout": "70%"})[0] == "extra_forbidden"
    data = decision_data(yes=(260, "20000.00"))
    del data["slug"]
    assert only_error(data)[0] == "missing"


def test_a_ratio_written_with_an_exponent_is_refused_at_once():
    data = decision_data(yes=(260, "20000.00"), thresholds={"basis": "管理规约第八条",
                                                            "special": {"ratio": "1e-100000000", "inclusive": True}})
    assert only_error(data) == ("ratio_format", "expected a ratio like 2/3 or 0.5, found '1e-100000000'")


@pytest.mark.parametrize("ratio, inclusive, form", [("1/2", False, "more_than_half"), ("0.5", False, "more_than_half"),
                                                    ("2/3", True, "at_least"), ("1/2", True, "at_least"),
                                                    ("3/5", False, "more_than")])
def test_a_rule_is_worded_as_the_law_words_it(ratio, inclusive, form):
    assert Rule(ratio=ratio, inclusive=inclusive).form == form


@pytest.mark.parametrize(("title", "names_it"), [("关于使用维修资金的表决", False), ("关于使用维修资金的表决结果公告", True),
                                                  ("Roof repair: the result", True)])
def test_a_title_that_names_the_result_is_told_from_one_that_does_not(title, names_it):
    # The posted sheet adds 结果公示 to a title that does not say it already (not 表决结果公告结果公示).
    assert decision(title=title).title_names_the_result is names_it
