import pytest

from generator.errors import display_width
from generator.model.base import Channel
from generator.model.compound import Member, Rosters
from generator.model.finance import Arrear
from generator.privacy import (find_id_numbers, find_mobile_numbers, find_phone_numbers, hide_room, mask_id_numbers,
                               mask_phone, mask_phone_field, mask_phone_numbers, publishable)


def test_a_phone_field_with_more_than_the_number_masks_the_numbers_only():
    assert mask_phone_field("13800002948（8:00-20:00）") == "138****2948（8:00-20:00）"
    assert mask_phone_field("023-41562208转8001") == "023-****2208转8001"
    assert mask_phone_field("41562208（8:00-20:00）") == "****2208（8:00-20:00）"
    assert mask_phone_field("41568127（家，或13600008127）") == "****8127（家，或136****8127）"
    assert mask_phone_field("023-41562219 / 41562220") == "023-****2219 / ****2220"
    assert mask_phone_field("41562219、41562220") == "****2219、****2220"
    assert mask_phone_field("95598") == "*****"  # a hotline must be marked public to be shown


def test_a_phone_field_with_its_country_code_and_its_area_code_in_brackets_is_masked_whole():
    # "+86 (023) 4156 0000", a phone a contact may be given, was published "+** (023) 4156 0000": in full.
    assert mask_phone_field("+86 (023) 4156 0000") == "+86 (0**) **** 0000"
    assert mask_phone_field("+86 (023) 4156 0000（值班）") == "+86 (0**) **** 0000（值班）"
    assert mask_phone_field("（023）41560000") == "（023）****0000"


@pytest.mark.parametrize("field,masked", [
    # Each was published with its second number, or most of a number, in full.
    ("4156-3010、4156-3011", "****-3010、****-3011"),
    ("023-41563018（夜间 4156-3019）", "023-****3018（夜间 ****-3019）"),
    ("137 1111 3074 137 1111 3075", "137 **** **** *** **** 3075"),
    ("137/1111/3060", "137/****/3060"),
    ("137.1111.3060", "137.****.3060"),
    # And nothing else: a time after the number, or a day, stays as written.
    ("023-41562208 8:00-20:00", "023-****2208 8:00-20:00"),
    ("41562208，2026.01.01 起改为 41562209", "****2208，2026.01.01 起改为 ****2209"),
])
def test_every_number_a_phone_field_gives_is_masked_however_the_numbers_are_written_and_joined(field: str,
                                                                                                 masked: str):
    assert mask_phone_field(field) == masked


def test_numbers_with_their_area_code_keep_three_and_four_digits_shorter_ones_hide_four_at_least():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("023-41561234") == "023-****1234"
    assert mask_phone("41562764") == "****2764"
    assert mask_phone("110") == "***"


def _found(text: str) -> list[str]:
    return [text[start:end] for start, end in find_id_numbers(text)]


def test_identity_card_numbers_are_found_with_or_without_valid_check_digit():
    text = "身份证500227199003071234，另一个11010519491231002X。"
    assert _found(text) == ["500227199003071234", "11010519491231002X"]


def test_identity_card_numbers_are_found_in_groups_in_full_width_and_after_letters():
    text = ("甲 110101 19900307 1234，乙 110101-19900307-1234，丙 1101 0119 9003 0712 34，"
            "丁 ５００２２７１９９００１０１１２３４，戊 ID110101199003071234")
    assert _found(text) == ["110101 19900307 1234", "110101-19900307-1234", "1101 0119 9003 0712 34",
                            "５００２２７１９９００１０１１２３４", "110101199003071234"]
    assert mask_id_numbers("甲 110101 19900307 1234。") == "甲 110101**************。"


def test_an_identity_card_number_written_straight_is_found_beside_another_number():
    text = "张三 139****5678 110101199003071234，身份证500227199003071234 3号楼，第1 11010519491231002X"
    assert _found(text) == ["110101199003071234", "500227199003071234", "11010519491231002X"]


def test_a_masked_full_width_number_keeps_its_width_so_a_caret_under_later_text_stays_in_place():
    masked = mask_id_numbers("丁 ５００２２７１９９００１０１１２３４，戊")
    assert masked == "丁 ５００２２７＊＊＊＊＊＊＊＊＊＊＊＊，戊"
    assert display_width(masked) == display_width("丁 ５００２２７１９９００１０１１２３４，戊")
    phone = mask_phone_numbers("张师傅１３７０００１１２３４，戊")
    assert phone == "张师傅１３７＊＊＊＊１２３４，戊"
    assert display_width(phone) == display_width("张师傅１３７０００１１２３４，戊")


def test_figures_that_only_add_up_to_eighteen_digits_are_not_an_identity_card_number():
    assert find_id_numbers("3-1-1502 2026-11-25 1200.00") == find_id_numbers("3-1-1502\t2026-11-25\t1200") == []


def test_an_identity_card_number_in_four_digit_groups_or_across_a_line_break_is_found():
    assert _found("甲 110101 1990 0307 1234，乙 110101\n19900307 1234") == ["110101 1990 0307 1234",
                                                                          "110101\n19900307 1234"]


def test_an_old_fifteen_digit_identity_card_number_is_found_where_the_line_calls_it_one():
    text = "户主身份证号：110101900307123；证件号码 ５００２２７ ５８０３１２ ３４５；身份证110105491231002"
    assert _found(text) == ["110101900307123", "５００２２７ ５８０３１２ ３４５", "110105491231002"]
    assert mask_id_numbers("身份证号：110101900307123。") == "身份证号：110101*********。"
    # Shaped so, but not called one, or not a date: a business registration number, a voucher
    assert _found("营业执照注册号 500227000123456，身份证号见附件，凭证 110101900230123 身份证") == []


def test_an_old_identity_card_number_in_a_tables_cell_is_found_where_the_table_names_them_in_its_heading():
    roster = "| 姓名 | 身份证号 |\n|---|---|\n| 张三 | 510202650307123 |\n|李四|５１０２０２ ６５０３０７ １２３|\n"
    assert _found(roster) == ["510202650307123", "５１０２０２ ６５０３０７ １２３"]
    assert _found(roster.replace("身份证号", "编号")) == []  # nothing calls them so
    # A line of a CSV file or a spreadsheet's cell, in a file whose heading names them
    assert find_id_numbers("张三,510202650307123,3栋", in_a_text_naming_them=True) == [(3, 18)]
    assert find_id_numbers("510202650307123", in_a_text_naming_them=True) == [(0, 15)]
    assert find_id_numbers("张三,510202650307123,3栋") == []
    for quoted in ('"510202650307123"', '="510202650307123"', "'510202650307123"):  # as CSV and Excel users quote it
        assert [quoted_line[a:b] for quoted_line in [f"张三,{quoted},3栋"]
                for a, b in find_id_numbers(quoted_line, in_a_text_naming_them=True)] == ["510202650307123"]
    # In prose, or starting as a business registration number's zeros do (born in 1900?), it is not one
    assert _found("| 营业执照注册号 | 500227000123456 | 凭身份证领取 |\n凭身份证领取。\n合同号 510202650307123 见附件") == []
    # A quoted line of such a table is masked, though it does not name them itself
    assert mask_id_numbers("| 张三 | 510202650307123 |") == "| 张三 | 510202********* |"


@pytest.mark.parametrize("separator", ["\u2060", "\ufeff", "\u200c", "\u2011", "\u2009", ".", "/", "\u3000"])
def test_an_identity_card_number_whose_groups_are_set_apart_by_any_space_dash_dot_slash_or_invisible_mark_is_found(
        separator):
    written = f"110101{separator}19900307{separator}1234"
    assert _found(f"身份证号：{written}。") == [written]


def test_an_identity_card_number_in_groups_of_six_or_three_three_and_fours_is_found():
    # Published from attachments: only the groups of 6-8-4 and 4-4-4-4-2 were known.
    assert _found("甲 500227 198503 072357，乙 500 227 1985 0307 2358。") == ["500227 198503 072357",
                                                                          "500 227 1985 0307 2358"]


def test_a_foreign_permanent_residents_identity_card_number_is_found():
    # The 2023 card (外国人永久居留身份证) has eighteen digits as a resident's does, the first a 9.
    assert _found("外国人永久居留身份证：95084019850307214X。") == ["95084019850307214X"]


def test_an_old_identity_card_number_is_found_after_a_label_that_counts_its_digits():
    assert _found("身份证号（15位）：500227850307211") == ["500227850307211"]


@pytest.mark.parametrize("label, number", [("护照号：", "E12345612"), ("港澳通行证：", "C12345613"),
                                           ("台胞证号码 ", "12345626"), ("护照号码：", "G1234567"),
                                           ("Passport No. ", "EA1234567")])
def test_the_number_of_another_identity_document_is_found_where_the_line_names_the_document(label, number):
    assert _found(f"业主{label}{number}，已登记。") == [number]
    assert mask_id_numbers(f"{label}{number}") == f"{label}{number[0]}{'*' * (len(number) - 1)}"


@pytest.mark.parametrize("written", ["110101-1990-03-07-5671", "11010119900307-5672", "110101 1990.03.07 5673",
                                     "110101_19900307_5675", "１１０１０１－１９９０－０３－０７－５６７６",
                                     "110101\u30001990030\u300075678", "110 101 199 003 071 234",
                                     "1 1 0 1 0 1 1 9 9 0 0 3 0 7 7 7 7 7"])
def test_an_identity_card_number_is_found_after_the_words_that_name_it_however_its_digits_are_set_apart(written):
    # Each was published whole, on the page, in the feed and on the sheet, beside the words 身份证号码.
    assert _found(f"业主身份证号码：{written}，已登记。") == [written]
    assert _found(f"公民身份号码 {written}") == [written]


def test_an_identity_card_number_with_its_birth_date_written_as_a_date_is_found_without_words_naming_it():
    # An attachment named 张三-500227-1985-03-07-2304.txt put the number in its web address.
    assert _found("张三-500227-1985-03-07-2304.txt") == ["500227-1985-03-07-2304"]


def test_numbers_after_the_words_for_an_identity_card_that_are_not_one_are_left_alone():
    assert find_id_numbers("请带身份证，电话 139 1111 0001, 139 1111 0002") == []
    assert find_id_numbers("身份证复印件 2026-11-25 至 2026-12-05 每日 9:00") == []
    assert find_id_numbers("身份证号 1101011990030712345 是19位") == []


def test_numbers_near_a_document_that_is_not_a_persons_or_not_its_number_are_left_alone():
    # Errors nobody could silence: a renovation pass's number, a phone after 港澳通行证, a company's credit code.
    assert find_id_numbers("装修通行证出入，通行证编号20261107。车辆临时通行证 No. 00012345") == []
    assert find_id_numbers("办理港澳通行证咨询电话：41561003") == []
    assert find_id_numbers("物业公司统一社会信用代码：915001202012051234") == []


def test_numbers_that_are_not_identity_cards_are_left_alone():
    text = ("账号6222021234567890123 卡号6222 0212 3456 7890 123 电话13812345678 凭证记-2026-001 "
            "日期无效500227199013401234 2026-05-01 4000.00 护照已交回 通行证 2026-05-01办理 台胞证 3张")
    assert find_id_numbers(text) == []
    assert find_id_numbers("收入 910 120 1200 1200 1200") == find_id_numbers("3栋 2单元 1502 室 2026 1125") == []


@pytest.mark.parametrize("written, digits", [("023-41560000", "02341560000"), ("(023)4156 0000", "02341560000"),
                                             ("010 8765 4321", "01087654321"), ("0851-8123456", "08518123456"),
                                             ("（０２３）４１５６００００", "02341560000")])
def test_landlines_with_their_area_code_are_phone_numbers(written, digits):
    assert [number for *_, number in find_phone_numbers(f"家中电话{written}，请勿外传")] == [digits]
    assert mask_phone_numbers(f"电话{written}。").count("*") + mask_phone_numbers(f"电话{written}。").count("＊") >= 4


@pytest.mark.parametrize("written", ["+86 23 4156 1003", "0086-23-41561003", "+86-23-41561003", "+86 (23) 4156 1003",
                                     "＋８６ ２３ ４１５６ １００３", "023/41561003", "+86 023 4156 1003",
                                     "+86 (0)23 4156 1003", "+86 (023) 4156 1003", "+86-023-41561003"])
def test_landlines_after_the_country_code_or_written_with_slashes_are_phone_numbers(written):
    # Each was published in a notice's text in full.
    # As dialled within China, so that one public in compound.yaml as 023-41561003 is the same number.
    assert [digits for *_, digits in find_phone_numbers(f"座机{written}。")] == ["02341561003"]


@pytest.mark.parametrize("written, masked", [("023-41562208-801", "023-****2208-801"),
                                             ("（023）4156 2208-8012", "（023）**** 2208-8012"),
                                             ("023-41562208转801", "023-****2208转801")])
def test_a_landline_is_found_before_its_extension_which_stays_as_written(written, masked):
    assert [number for *_, number in find_phone_numbers(f"物业办公室{written}，")] == ["02341562208"]
    assert mask_phone_numbers(f"物业办公室{written}，") == f"物业办公室{masked}，"


def test_a_landline_written_straight_with_its_area_code_is_a_phone_number():
    # 电话：02361110008 in a notice was published in full; in a phone field it was masked.
    assert [number for *_, number in find_phone_numbers("电话：02361110008，")] == ["02361110008"]
    assert [number for *_, number in find_phone_numbers("座机 08518123456")] == ["08518123456"]


@pytest.mark.parametrize("written", ["1 3 9 1 1 1 1 0 3 0 1", "139    1111    0301", "139_1111_0301", "139，1111，0301",
                                     "139~1111~0301", "\u00a0".join("13911110301")])
def test_a_mobile_number_read_out_a_digit_at_a_time_or_in_groups_set_apart_otherwise_is_found(written):
    # Each was published in full: in a notice's text, a title, a service's provider, after a phone field's number.
    assert [number for *_, number in find_phone_numbers(f"值班手机：{written}。")] == ["13911110301"]
    assert mask_phone_field(f"13800000011 夜间 {written}").count("*") == 8


def test_a_list_of_numbers_set_apart_unevenly_or_not_after_a_phones_name_is_no_mobile_number():
    assert find_phone_numbers("停水楼栋：1 3 5 7 9 11 13 15栋；单价 1.35 1.20 1.50 1.80 元") == []
    # Each stopped the build as a mobile number, for a day.
    assert find_phone_numbers("三项押金分别为150，2000，3000元。收费标准：180,1200,2400元；面积 130~1500~2000") == []
    assert find_phone_numbers("158    1200    3400") == []


def test_numbers_that_are_not_landlines_are_left_alone():
    text = ("凭证记-2026-0012 金额 41560000.00 账号 6222021234567890123 日期 2026-05-01 编号 01-2345678 邮编 401320 "
            "发票代码044031900111 时间 8:00-20:00 房号 3-1-502 日期 2026/11/25 比例 3/4 楼栋 1/3/5/7/9/11/13 +86 号 "
            "停水范围：13/14/15/16/17/8栋 第13/15/17/19/21/2期")
    assert find_phone_numbers(text) == []


def test_mobile_numbers_are_found_in_text_however_written_and_landlines_are_not():
    text = "王师傅13812345678，李师傅 139 0000 2222，张师傅１３７０００１１２３４；办公室023-41560000，账号6222021234567890123"
    assert [number for *_, number in find_mobile_numbers(text)] == ["13812345678", "13900002222", "13700011234"]


@pytest.mark.parametrize("written", ["+86 139 1234 0004", "+8613912340004", "+86-139-1234-0004", "0086 13912340004",
                                     "139.1234.0004", "139 - 1234 - 0004", "＋８６ １３９１２３４０００４",
                                     "86 139 1234 0004", "86-13912340004", "8613912340004",
                                     "139\n1234 0004", "13912\r\n340004", "139·1234·0004", "139\u00a01234\u00a00004",
                                     "139\t1234\t0004", "139–1234–0004", "139\u200b1234\u200b0004",
                                     "139\u20601234\u20600004", "139\u200d1234\u200d0004", "139\ufeff1234\ufeff0004",
                                     "139\u20111234\u20110004", "139\u20091234\u20090004", "139\u22121234\u22120004",
                                     "(139)1234-0004", "（139）1234 0004", "+86 (139) 1234 0004", "139/1234/0004",
                                     "139／1234／0004"])
def test_mobile_numbers_are_found_after_a_country_code_and_between_dots_or_spaced_dashes(written):
    assert [number for *_, number in find_mobile_numbers(f"联系电话：{written}。")] == ["13912340004"]


def _rosters() -> Rosters:
    return Rosters.model_validate({"groups": [{"name": "业委会", "kind": "owners_committee", "members": [
        {"name": "甲", "role": "主任", "phone": "13800001111"},
        {"name": "乙", "role": "委员", "phone": "13800002222", "phone_public": True},
        {"name": "丙", "role": "委员", "building": {"value": "2栋402", "audience": "board"}},
        {"name": "丁", "role": "委员", "audience": "board"},
        {"name": "戊", "role": "委员", "audience": "never"},
    ]}]})


def test_web_copy_drops_board_and_never_entries_and_board_fields():
    members = publishable(_rosters(), Channel.web).groups[0].members
    assert [m.name for m in members] == ["甲", "乙", "丙"]
    assert members[2].building is None


def test_board_copy_keeps_board_entries_but_never_the_never_ones():
    members = publishable(_rosters(), Channel.board).groups[0].members
    assert [m.name for m in members] == ["甲", "乙", "丙", "丁"]
    assert members[2].building == "2栋402"


def test_phones_are_masked_unless_public_on_every_channel():
    for channel in Channel:
        members = publishable(_rosters(), channel).groups[0].members
        assert (members[0].phone, members[1].phone) == ("138****1111", "13800002222")


def test_the_original_model_is_not_changed():
    rosters = _rosters()
    publishable(rosters, Channel.web)
    assert rosters.groups[0].members[0].phone == "13800001111"
    assert isinstance(rosters.groups[0].members[0], Member)


def test_room_numbers_in_a_list_and_decimals_in_a_row_are_not_taken_for_a_mobile_number():
    assert find_mobile_numbers("需要维修的房号：\n- 13-1102\n- 15-301\n") == []
    assert find_mobile_numbers("| 费率 | 0.15 0.26 0.33 0.48 |") == []


def test_a_mobile_number_that_ends_a_line_is_found_whatever_the_next_line_starts_with():
    assert [number for *_, number in find_mobile_numbers("联系电话：13812345678\n2026年11月20日")] == ["13812345678"]


def test_a_mobile_number_in_its_groups_is_found_after_hours_or_a_room_number_but_not_inside_a_bank_card():
    text = "值班 9:00-18:00 139 1234 5678，请联系 3-1-502 138-1234-5679；卡号 6222 0139 1234 5678 123"
    assert [number for *_, number in find_mobile_numbers(text)] == ["13912345678", "13812345679"]


def test_two_mobile_numbers_side_by_side_are_both_found():
    assert [number for *_, number in find_mobile_numbers("报修电话：13812345678 13912345678")] == [
        "13812345678", "13912345678"]


def test_a_phone_for_the_board_only_is_left_off_the_web_and_masked_on_the_board():
    # It was refused as a figure that cannot be hidden, with a message about published totals.
    rosters = Rosters.model_validate({"groups": [{"name": "业委会", "kind": "owners_committee", "members": [
        {"name": "甲", "role": "主任", "phone": {"value": "13800001111", "audience": "board"}}]}]})
    web, board = (publishable(rosters, channel).groups[0].members[0] for channel in (Channel.web, Channel.board))
    assert (web.phone, board.phone) == (None, "138****1111")


@pytest.mark.parametrize("unit, on_the_web", [
    ("3栋2单元302", "3栋2单元***"), ("11-2-302", "11-2-***"), ("A座1502室", "A座***室"), ("302室", "***室"),
    ("3栋2单元", "3栋2单元"), ("一期5幢", "一期5幢"), ("3栋", "3栋"),
    # Each of these was published with a room in it: the first of two, one in Chinese numerals, or the floor.
    ("6栋2单元702、703", "6栋2单元***、***"), ("三栋二单元五零二", "三栋二单元***"), ("8栋2单元5-2", "8栋2单元***-***"),
    ("5栋1单元602 共18个月", "5栋1单元*** 共***个月"), ("12号商铺", "***号商铺"),
    ("12-1-1502、1503", "12-1-***、***"), ("2栋702、2栋703", "2栋***、2栋***"), ("3栋302、4栋303", "3栋***、4栋***"),
    ("B座1502", "B座***"), ("商铺", "商铺"),
    # A floor after the building and stairway is part of the room: these were published whole.
    ("3栋2单元302室（一楼）", "3栋2单元***室（***楼）"), ("6栋1单元702（7楼）", "6栋1单元***（***楼）"),
    ("5栋1单元三楼东户", "5栋1单元***楼东户"), ("3楼2单元302", "3楼2单元***"), ("商铺（一楼）", "商铺（一楼）"),
])
def test_a_units_room_number_is_hidden_and_its_building_kept(unit, on_the_web):
    assert hide_room(unit) == on_the_web


def test_an_arrear_marked_for_the_web_shows_its_room_number_on_the_board_only():
    # Marked `audience: web`, 11栋2单元302 and its debt were published in full on the open web.
    arrear = Arrear.model_validate({"unit": "11栋2单元302", "months": 7, "amount": "175.00", "audience": "web"})
    assert publishable(arrear, Channel.web).unit == "11栋2单元***"
    assert publishable(arrear, Channel.board).unit == "11栋2单元302"


@pytest.mark.parametrize("audience", ["board", "never"])
def test_an_arrears_unit_withheld_on_its_own_is_not_shown_on_the_web_with_its_room_hidden(audience):
    # The unit's own audience emptied it for the web, and hiding its room then put it back (11栋2单元***): with
    # `never`, the web showed more of it than the board.
    arrear = Arrear.model_validate({"unit": {"value": "11栋2单元302", "audience": audience}, "months": 7,
                                    "amount": "175.00", "audience": "web"})
    assert publishable(arrear, Channel.web).unit is None


@pytest.mark.parametrize("text", [
    "收入分别为 158，2340，2280 元", "5栋车位编号：135，1024，1025。", "1-3-502,136,2448,2448,", "读数：135，2468，3579",
    "138_2026_1125", "公共用电户号：02361110008；公共用水户号 05123456789", "维修资金账号 08123456789",
    "合同编号 02026110501", "1栋垃圾房 1 3 4 2 5 3 4 5 3 2 4 合计36吨"])
def test_figures_shaped_like_a_phone_number_but_not_named_one_are_left_alone(text):
    # Each stopped the build as a phone number: a fee table's row, meter readings, accounts, a month's figures.
    assert find_phone_numbers(text) == []


@pytest.mark.parametrize("text", [
    "100235\t2026-11-25\t3456", "402761 2026-11-25 1200.00 3栋物业费", "收据号 402761 2026-11-25 1200",
    "流水号 123456 2026.11.25 1200", "123456/2026/11/25/1200", "收据 No.502781-2026-11-25-3600 元",
    "乙方证件号码：915001202012151234", "以下住户请于本周内持身份证到物业核对信息：11-3-1301、9-2-604、1-1-1401。"])
def test_a_number_a_recent_day_and_an_amount_or_a_companys_code_are_no_identity_card_number(text):
    # A receipt register, a meter's readings, a company's code after 证件号码: each stopped the build.
    assert find_id_numbers(text) == []


@pytest.mark.parametrize("text", [
    "100235 20261125 1500.00", "收据号 402761 20261125 1200.00", "12-1-502 张** 身份证 402761 2026-11-25 2000",
    "李**\t身份证\t12\t1\t502\t2026-11-25\t1200", "凭身份证领取 100235 2026 11 25 1200"])
def test_a_number_a_recent_day_and_an_amount_set_apart_are_no_identity_card_number_even_after_its_name(text):
    # A bank statement's and a deposit register's rows stopped the build.
    assert find_id_numbers(text) == []


@pytest.mark.parametrize("text", [
    "门岗值班补贴分别为 150，2000，3000 元", "服务中心办公电话费 158，1200，1300 元", "12345热线电话受理 158，1202，1233 件次",
    "联系人：张** 150，2000，3000 元", "联系单号 158_2026_1125", "电话费户号 02361110008", "电话报修 1 3 4 2 5 3 4 5 3 2 4"])
def test_figures_after_words_about_a_phone_that_do_not_name_one_are_left_alone(text):
    assert find_phone_numbers(text) == []


@pytest.mark.parametrize("text", ["微信同号139_1234_5678", "TEL：139_1234_5678", "手机号：139，1234，5678"])
def test_a_mobile_set_apart_loosely_right_after_its_name_is_found(text):
    assert [number for *_, number in find_phone_numbers(text)] == ["13912345678"]
