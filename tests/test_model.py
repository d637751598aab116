from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from generator.model.base import Audience, Channel, PostingPeriod, dialled
from generator.model.compound import Member, RosterGroup, Services
from generator.model.notice import AttachedTable
from generator.model.finance import (Allocation, DividendShare, FinancePeriod, FundUse, MaintenanceFund, Quarter,
                                     SharedRevenue)
from generator.model.site import SiteConfig
from generator.privacy import publishable


def _period(**changes) -> FinancePeriod:
    data = {
        "period": "2026-Q1", "opening_balance": Decimal("100.00"), "closing_balance": Decimal("150.10"),
        "income": [{"date": date(2026, 1, 2), "category": "物业费", "description": "x", "amount": Decimal("60.10"),
                    "voucher": "1"},
                   {"date": date(2026, 1, 3), "category": "停车", "description": "y", "amount": Decimal("0.20"),
                    "voucher": "2"}],
        "expenses": [{"date": date(2026, 2, 1), "category": "保洁", "description": "z", "amount": Decimal("10.20"),
                      "voucher": "3"}],
        "posting": {"from": date(2026, 4, 1), "to": date(2026, 4, 15)},
    }
    return FinancePeriod.model_validate({**data, **changes})


def test_totals_are_computed_exactly():
    period = _period()
    assert (period.income_total, period.expense_total) == (Decimal("60.30"), Decimal("10.20"))
    assert period.computed_closing == Decimal("150.10")
    assert period.closing_difference == 0


def test_a_copy_with_other_lines_forgets_the_totals_the_original_remembered():
    period = _period()
    assert (period.income_total, period.computed_closing, str(period.quarter)) == (Decimal("60.30"),
                                                                                   Decimal("150.10"), "2026-Q1")
    copy = period.model_copy(update={"income": [], "period": "2026-Q2"})
    assert (copy.income_total, copy.computed_closing, str(copy.quarter)) == (0, Decimal("89.80"), "2026-Q2")


def test_a_wrong_closing_balance_shows_the_difference():
    assert _period(closing_balance=Decimal("150.00")).closing_difference == Decimal("-0.10")


def test_the_maintenance_funds_closing_balance_is_computed_and_compared():
    fund = MaintenanceFund.model_validate({
        "held_by": "专户", "opening_balance": "1000.00", "closing_balance": "900.05",
        "deposits": [{"date": "2026-07-01", "source": "结息", "amount": "0.15"}],
        "uses": [{"date": "2026-07-02", "project": "屋面", "amount": "100.00", "vote": "roof-2026"}]})
    assert (fund.deposit_total, fund.use_total, fund.computed_closing) == (
        Decimal("0.15"), Decimal("100.00"), Decimal("900.15"))
    assert fund.closing_difference == Decimal("-0.10")


@pytest.mark.parametrize("approval,found", [({}, "neither"), ({"vote": "roof-2026", "emergency": "漏水"}, "both")])
def test_a_use_of_the_maintenance_fund_names_its_vote_or_its_emergency(approval, found):
    with pytest.raises(ValidationError, match=f"expected either the vote that approved it .* found {found}"):
        FundUse.model_validate({"date": "2026-07-02", "project": "屋面", "amount": "100.00", **approval})


def test_category_totals_add_up_each_categorys_lines_largest_first_ties_in_order_of_appearance():
    # The fixture's one line per category, largest first already, could not tell a sum from the last line,
    # nor a sorted list from one in the ledger's order.
    def line(day: int, category: str, amount: str) -> dict:
        return {"date": date(2026, 1, day), "category": category, "description": "x", "amount": Decimal(amount),
                "voucher": str(day)}
    period = _period(income=[line(2, "停车", "0.20"), line(3, "物业费", "60.10"), line(4, "停车", "30.00"),
                             line(5, "广告", "9.00"), line(6, "物业费", "0.05"), line(7, "租金", "9.00")],
                     closing_balance=Decimal("198.15"))
    assert [(t.category, t.amount) for t in period.income_by_category()] == [
        ("物业费", Decimal("60.15")), ("停车", Decimal("30.20")), ("广告", Decimal("9.00")), ("租金", Decimal("9.00"))]


def test_amounts_with_more_than_two_places_are_rejected():
    with pytest.raises(ValidationError):
        _period(opening_balance=Decimal("1.005"))


def test_quarters_know_their_days_and_predecessor():
    q = Quarter.parse("2026-Q1")
    assert (q.first_day, q.last_day, str(q.previous()), q.slug) == (date(2026, 1, 1), date(2026, 3, 31),
                                                                    "2025-Q4", "2026-q1")
    assert Quarter.parse("2026-Q5") is None
    assert Quarter.parse("2026-Q2").last_day == date(2026, 6, 30)


def test_a_dividend_is_shared_by_area_unless_agreed_per_household_and_rounded_down():
    shared = SharedRevenue.model_validate({"sources": [{"source": "停车", "gross": Decimal("100.00")}],
                                           "allocations": [{"kind": "dividend", "amount": Decimal("100.00")},
                                                           {"kind": "dividend", "amount": Decimal("100.00"),
                                                            "basis": "household"},
                                                           {"kind": "fee_subsidy", "amount": Decimal("1.00")}]})
    by_area, by_household, subsidy = shared.allocations
    assert by_area.dividend_share(3, Decimal("300.00")) == DividendShare(Decimal("0.3333"), Decimal("300.00"))
    assert by_area.dividend_share(3, None) is None
    # Per household to the fen, and the fen left over said: 100.00 among 3 is 33.33 each and 0.01 left.
    assert by_household.dividend_share(3, None) == DividendShare(Decimal("33.33"), 3, Decimal("0.01"))
    # Rounded down, never to the nearest; a m² to the hundredth of a fen: 4,664.79 over 58,542.92 m² is
    # 0.07968 a m², shown as 0.07 before, leaving 566.79 unsaid.
    dividend = Allocation.model_validate({"kind": "dividend", "amount": Decimal("4664.79")})
    assert dividend.dividend_share(3, Decimal("58542.92")) == DividendShare(Decimal("0.0796"), Decimal("58542.92"))
    assert dividend.dividend_share(3, Decimal("4664.80")) == DividendShare(Decimal("0.9999"), Decimal("4664.80"))
    # Less than a fen each is still a share, not none.
    assert by_household.dividend_share(20000, None) == DividendShare(Decimal("0.00"), 20000, Decimal("100.00"))
    assert subsidy.dividend_share(3, Decimal("300.00")) is None
    assert shared.net_total == Decimal("100.00")


def test_posting_period_includes_both_ends():
    period = PostingPeriod.model_validate({"from": date(2026, 3, 1), "to": date(2026, 3, 15)})
    assert period.includes(date(2026, 3, 1)) and period.includes(date(2026, 3, 15))
    assert not period.includes(date(2026, 3, 16))


def test_audience_reach():
    assert Audience.web.reaches(Channel.web) and Audience.web.reaches(Channel.board)
    assert Audience.board.reaches(Channel.board) and not Audience.board.reaches(Channel.web)
    assert not Audience.never.reaches(Channel.board)


def test_a_text_field_can_carry_its_own_audience():
    member = Member.model_validate({"name": "甲", "role": "委员", "building": {"value": "2栋", "audience": "board"}})
    assert member.building == "2栋"
    assert member.field_audiences() == {"building": Audience.board}


def test_only_text_fields_can_be_withheld():
    with pytest.raises(ValidationError, match="only text fields"):
        Member.model_validate({"name": "甲", "role": "委员", "party_member": {"value": True, "audience": "board"}})
    with pytest.raises(ValidationError, match="expected one of web, board, never"):
        Member.model_validate({"name": "甲", "role": "委员", "building": {"value": "2栋", "audience": "secret"}})


def test_each_category_names_its_providers_once_and_none_withheld():
    services = Services.model_validate({"services": [
        {"category": "物业", "provider": "物业服务中心", "offers": "报修"},
        {"category": "物业", "provider": "物业服务中心", "offers": "停车"},
        {"category": "家政", "provider": "邻里互助", "offers": "保洁", "audience": "board"},
        {"category": "家政", "provider": "阿姨之家", "offers": "保洁"},
    ]})
    assert publishable(services, Channel.web).providers_by_category() == [("物业", ["物业服务中心"]),
                                                                        ("家政", ["阿姨之家"])]


def test_a_roster_group_says_a_term_once_only_when_every_member_serves_it():
    def group(*terms, phone=None):
        return RosterGroup(name="业委会", kind="owners_committee", members=[
            Member(name=f"委员{n}", role="委员", term_start=start, term_end=end, phone=phone)
            for n, (start, end) in enumerate(terms)])
    term = (date(2024, 5, 1), date(2029, 4, 30))
    assert group(term, term).shared_term == term and not group(term, term).terms_differ
    assert group(term, (term[0], None)).shared_term is None and group(term, (term[0], None)).terms_differ
    assert group((None, None), (None, None)).shared_term is None and not group((None, None)).terms_differ
    assert not group(term).has_phones and group(term, phone="023-41563320").has_phones


@pytest.mark.parametrize("phone,dials", [
    ("13800001111", "13800001111"), ("138 0000 1111", "13800001111"), ("+86 138-0000-1111", "+8613800001111"),
    ("023-41562219", "02341562219"), ("(023)41562219", "02341562219"), ("41562219", "41562219"),
    ("023-6886 1234", "02368861234"), ("023-41562219转801", "02341562219,801"),
    ("023-41562208-801", "02341562208,801"), ("400-123-4567", "4001234567"), ("400-8123-456", "4008123456"),
    ("4008-123-456", "4008123456"), ("400 8123 456", "4008123456"), ("800-820-8820", "8008208820"),
    ("12345", "12345"), ("96128", "96128"), ("13800002948（8:00-20:00）", "13800002948")])
def test_a_phone_is_any_number_residents_can_dial_and_its_link_dials_the_number_and_extension(phone, dials):
    assert Member(name="钱二", role="主任", phone=phone).phone == phone  # shown as written
    assert dialled(phone) == dials


@pytest.mark.parametrize("phone,hint", [
    ("1390000447", "a mobile number has 11 digits; this one has 10"),
    ("86-13800002615", "write the country code as +86, or leave it out: 13800002615"),
    ("008613800002615", "write the country code as +86, or leave it out: 13800002615"),
    ("“023-41562219”", "remove the quotation marks"), ("打保安室", "start with the number"),
    ("023－41562208", "separate the groups with the ordinary hyphen '-'"),
    ("１３８００００１１１１", "half-width"), ("0236-1234567", "not starting with 0 or 1"),
    # Read as 189, extension 0000: the link dialled it.
    ("189-0000-19060", "a mobile number has 11 digits; this one has 12")])
def test_a_phone_no_one_could_dial_is_an_error_saying_what_to_write(phone, hint):
    with pytest.raises(ValidationError) as raised:
        Member(name="钱二", role="主任", phone=phone)
    error = raised.value.errors()[0]
    assert error["loc"] == ("phone",) and f"found '{phone}'" in error["msg"] and hint in error["ctx"]["hint"]


@pytest.mark.parametrize("address, expected", [
    ("https://notice.example.org/?from=wechat#top",
     "without ?… or #…, found 'https://notice.example.org/?from=wechat#top'; write https://notice.example.org/"),
    ("https://notice.example.org/board/index.html", "not of a page in it, found 'https://notice.example.org/board/"
                                                    "index.html'; write https://notice.example.org/board/")])
def test_a_base_url_with_a_query_a_fragment_or_a_pages_name_is_refused(address, expected):
    # Every page's address is base_url and its path: https://notice.example.org/?from=wechat#top/chenghu-yuan/.
    with pytest.raises(ValidationError) as refused:
        SiteConfig.model_validate({"title": "公开栏", "base_url": address, "district": "青岚区"})
    assert expected in str(refused.value)


def test_a_base_url_is_a_folders_address_with_or_without_its_last_slash():
    made = [SiteConfig.model_validate({"title": "公开栏", "base_url": address, "district": "青岚区"}).base_url
            for address in ("https://a.example.org/board", "https://a.example.org/v1.2/", "https://a.example.org",
                            "https://a.example.org/璧山/公开栏", "https://a.example.org/%E7%92%A7%E5%B1%B1/")]
    assert made == ["https://a.example.org/board/", "https://a.example.org/v1.2/", "https://a.example.org/",
                    "https://a.example.org/%E7%92%A7%E5%B1%B1/%E5%85%AC%E5%BC%80%E6%A0%8F/",
                    "https://a.example.org/%E7%92%A7%E5%B1%B1/"]



def test_an_attached_tables_columns_of_a_few_characters_a_cell_are_kept_on_one_line():
    table = AttachedTable(("单元", "阶段", "说明"), (("3栋1单元", "电梯安装调试", "燃气、给水管道迁移，提前3天通知停水停气"),
                                                 ("5栋1单元", "验收交付", "")))
    assert table.short_columns == (True, True, False)
