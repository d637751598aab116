from datetime import date
from decimal import Decimal

import pytest

from generator.yamlio import MissingFrontMatter, YamlSyntaxError, parse_yaml, split_front_matter


def test_decimals_stay_exact_and_never_become_float():
    data = parse_yaml("a: 0.10\nb: 1234.50\nc: 12\n").data
    assert data == {"a": Decimal("0.10"), "b": Decimal("1234.50"), "c": 12}
    assert isinstance(data["a"], Decimal)


def test_yaml_11_surprises_are_switched_off():
    data = parse_yaml("answer: no\nphone: 02361234567\ntime: 9:30\nflag: on\n").data
    assert data == {"answer": "no", "phone": "02361234567", "time": "9:30", "flag": "on"}


def test_dates_are_real_dates_and_impossible_dates_stay_text():
    data = parse_yaml("good: 2026-03-31\nbad: 2026-02-30\n").data
    assert data == {"good": date(2026, 3, 31), "bad": "2026-02-30"}


def test_every_key_path_has_its_line_and_column():
    document = parse_yaml("a:\n  - x: 1\n    y: 2\n")
    assert (document.marks[("a", 0, "y")].line, document.marks[("a", 0, "y")].column) == (3, 5)
    assert document.mark_for(("a", 0, "missing")).line == 2


def test_duplicate_keys_are_recorded_with_their_line():
    document = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [(path, mark.line) for path, mark in document.duplicate_keys] == [(("a",), 3)]



def test_an_anchor_is_shared_by_its_aliases_and_each_use_has_its_own_lines():
    document = parse_yaml("base: &fee {amount: 12.50, unit: 元}\nlunch:\n  fee: *fee\n")
    assert document.data["lunch"]["fee"] == {"amount": Decimal("12.50"), "unit": "元"}
    assert document.data["lunch"]["fee"] is document.data["base"]
    assert document.marks[("lunch", "fee", "amount")].line == 1  # where the value is written


def test_explicit_tags_and_unknown_tags_follow_yaml():
    data = parse_yaml("code: !!str 0236\ncount: !!int 0x1F\nrooms: !!set {a, b}\n").data
    assert data == {"code": "0236", "count": 31, "rooms": {"a", "b"}}
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: !money 12\n")
    assert caught.value.line == 2 and "!money" in caught.value.problem

def test_syntax_errors_carry_the_line():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert caught.value.line == 3


def test_folded_chinese_text_gets_no_space_at_the_wrap():
    data = parse_yaml("t: >\n  共有收益分配、\n  党支部 and\n  English\n").data
    assert data["t"] == "共有收益分配、党支部 and English\n"
    assert parse_yaml("t: 各请物业。\n  2025年底起\n").data["t"] == "各请物业。2025年底起"


def test_a_wrap_beside_chinese_gets_no_space_but_a_space_typed_in_a_line_stays():
    data = parse_yaml("t: 小区建于\n  2003年，由\n  XY物业管理 (共 8 栋)\ns: >\n  建于\n  2003年。\n").data
    assert data == {"t": "小区建于2003年，由XY物业管理 (共 8 栋)", "s": "建于2003年。\n"}


def test_an_item_with_a_full_width_comma_in_a_flow_list_is_noted_unless_quoted():
    # [停水停电，安全提示] is one item: it passed silently, and neither category matched any more.
    document = parse_yaml('a: [停水停电，安全提示, 物业]\nb: {c: [1栋、2栋]}\nd: ["甲，乙"]\ne:\n  - 丙，丁\n')
    assert document.wide_comma_items == [("a", 0), ("b", "c", 0)]


def test_a_full_width_comma_between_fields_in_braces_is_pointed_at():
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml("mediation:\n  - {period: 2026-Q2，received: 4, resolved: 3}\n")
    assert (error.value.line, error.value.column) == (2, 21) and "full-width '，'" in error.value.hint


def test_front_matter_split_reports_where_the_body_starts():
    front, body, line = split_front_matter("---\ntitle: x\n---\nbody\n")
    assert (front, body, line) == ("title: x\n", "body\n", 4)
    with pytest.raises(MissingFrontMatter):
        split_front_matter("title: x\nbody\n")


@pytest.mark.parametrize("text,line,found,hint", [
    ("# 停车费\n", 1, "# 停车费", ""),
    ("——\ntitle: x\n——\nbody\n", 1, "——", "input method in English mode"),
    ("---\ntitle: x\n——\nbody\n", 3, "——", "input method in English mode"),
    ("---\ntitle: x\n－－－\nbody\n", 3, "－－－", "input method in English mode"),
    ("---\ntitle: x\n----\nbody\n", 3, "----", "exactly three hyphens"),
    ("---\ntitle: x\n\nbody\n", 1, None, "add a line '---' between the last field and the notice's text")])
def test_a_missing_or_mistyped_front_matter_line_is_pointed_at_with_what_was_found(text, line, found, hint):
    # A closing line typed by a Chinese input method was reported at line 1, as if there were no front matter.
    with pytest.raises(MissingFrontMatter) as missing:
        split_front_matter(text)
    assert (missing.value.line, missing.value.found) == (line, found) and hint in missing.value.hint


@pytest.mark.parametrize("text", ["income: []\n  - {date: 2026-01-05, amount: 100.00}\n",
                                  "period: 2026-Q1\nincome: []\n- {date: 2026-01-05}\nexpenses: []\n"])
def test_an_empty_list_left_above_its_items_is_pointed_at(text: str):
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml(text)
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("income"))) + 1
    assert (error.value.line, error.value.column) == (line, 9)
    assert error.value.hint == "'[]' says this is empty, but items are written under it: remove it"


def test_an_empty_list_before_another_key_is_not_blamed_for_a_later_mistake():
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml("- tags: []\n  title: x\n  note: [unclosed\n- tags: b\n")
    assert "says this is empty" not in error.value.hint
    assert "this started on line 3 (reading the list opened by '[')" in error.value.hint


def test_a_control_character_is_a_syntax_error_at_its_place():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml('a: 1\nb: "x\x1by"\n', line_offset=1)
    assert (caught.value.line, caught.value.column) == (3, 6)
    assert "U+001B" in caught.value.problem and "pasted" in caught.value.hint


def test_a_control_character_after_chinese_text_is_at_its_line_and_column_not_its_byte():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("name: 澄湖苑\naddress: 青岚区云台街道\nmembers:\n  - 张三\b\n  - 李四\n")
    assert (caught.value.line, caught.value.column) == (4, 7)


@pytest.mark.parametrize("text", ["a: &r [*r]\n", "a: &r {b: *r}\n"])
def test_an_alias_inside_its_own_anchor_is_a_syntax_error_not_a_crash(text: str):
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert caught.value.line == 1 and "never end" in caught.value.problem


def test_aliases_that_stand_for_millions_of_values_are_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 10)}]\n" for level in range(8))
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(bomb)
    assert "aliases stand for more values" in caught.value.problem and caught.value.line < 10


def test_numbers_python_cannot_read_stay_text_for_the_model_to_report():
    data = parse_yaml(f"a: !!float .inf\nb: {'9' * 5000}\n").data
    assert data == {"a": ".inf", "b": "9" * 5000}


def test_a_tag_with_no_value_or_one_it_cannot_read_stays_text_for_the_model_to_report():
    # `!!int` with nothing after it stopped the whole build with an IndexError from deep inside PyYAML.
    data = parse_yaml("a: !!int\nb: !!bool\nc: !!bool 也许\nd: !!bool yes\n").data
    assert data == {"a": "", "b": "", "c": "也许", "d": True}


MORE = "the keys of one mapping start in the same column"


@pytest.mark.parametrize(("text", "line", "column", "hint"), [
    ("name: 兰亭苑\nowners_committee:\n  name: 兰亭苑业主委员会\n   registration: {number: x}\n", 4, 4,
     f"this key is indented more than the one on line 3, which has its value already: {MORE}"),
    ("title: 消防检查\nposting:\n  from: 2026-01-01\n    to: 2026-01-15\n", 4, 5,
     f"this key is indented more than the one on line 3, which has its value already: {MORE}"),
    ("title: 消防检查\nposting:\n    from: 2026-01-01\n  to: 2026-01-15\n", 4, 3,
     f"this key is indented less than the one on line 3 but more than the mapping it belongs to: {MORE}"),
    ("contacts:\n  - role: 主任\n   name: 钱二\n", 3, 4,
     f"this key is indented less than the one on line 2 but more than the mapping it belongs to: {MORE}"),
])
def test_a_key_indented_where_no_mapping_is_is_pointed_out(text, line, column, hint):
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)
    assert (raised.value.line, raised.value.column, raised.value.hint) == (line, column, hint)


@pytest.mark.parametrize(("text", "line", "column", "hint"), [
    # YAML stumbles a line or more later, at a line with nothing wrong, and blamed a bracket or a quote.
    ("name: 兰亭苑\nhouseholds:436\nbuildings: 9\n", 2, 11, "put a space after the colon: households: 436"),
    ("income:\n  - {date: 2026-07-10, amount: 3000.00}\n  - date: 2026-07-12\n    voucher:\"记-2026-064\"\n"
     "    amount: 12.00\n", 4, 12, 'put a space after the colon: voucher: "记-2026-064"'),
])
def test_a_key_without_a_space_after_its_colon_is_pointed_out(text, line, column, hint):
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)
    assert (raised.value.line, raised.value.column, raised.value.hint) == (line, column, hint)


@pytest.mark.parametrize(("text", "line", "column", "hint"), [
    # YAML noticed on the next line, and blamed a bracket or a quote there, or gave no hint.
    ("title: 测试\ndistrict 测试区\ndescription: 最小站点。\n", 2, 9, "a colon is missing after the key: write district: 测试区"),
    ("title: 测试\ntimezone Asia/Shanghai\n", 2, 9, "a colon is missing after the key: write timezone: Asia/Shanghai"),
    ("audit:\n  by [周五]\n  date: 2026-10-05\n", 2, 5, "a colon is missing after the key: write by: [周五]"),
    ("members:\n  - name 孙三\n    role: 委员\n", 2, 9, "a colon is missing after the key: write name: 孙三"),
])
def test_a_key_without_its_colon_is_pointed_out_on_its_own_line(text, line, column, hint):
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)
    assert (raised.value.line, raised.value.column, raised.value.hint) == (line, column, hint)


@pytest.mark.parametrize(("value", "hint"), [
    ("通知: 明天停水", "a text with ': ' in it must be in quotes: title: '通知: 明天停水'"),
    ("[紧急]停水通知", "a text that starts with '[' as this one does must be in quotes: title: '[紧急]停水通知'"),
    ('"停水"通知', "a text that starts with '\"' as this one does must be in quotes: title: '\"停水\"通知'"),
    ("*注意*停水", "a text that starts with '*' as this one does must be in quotes: title: '*注意*停水'"),
    ("@全体业主 请注意", "a text that starts with '@' as this one does must be in quotes: title: '@全体业主 请注意'"),
])
def test_a_text_yaml_cannot_read_as_written_gets_the_line_with_it_quoted(value, hint):
    # The parser's own words (did not find expected key, cannot start any token) came with no hint.
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(f"title: {value}\ndate: 2026-11-20\n")
    assert (raised.value.line, raised.value.hint) == (1, hint)


def test_lists_of_mappings_and_folded_texts_are_not_taken_for_indentation_mistakes():
    text = "contacts:\n  - role: a\n    name: b\n  -   role: c\n      name: d\nsummary: >\n  text: 中文\nx: [1,\n"
    with pytest.raises(YamlSyntaxError) as raised:  # the unclosed bracket, and nothing before it
        parse_yaml(text)
    assert "indented" not in raised.value.hint


def test_a_long_text_that_must_be_in_quotes_gets_its_start_quoted_as_the_hint():
    # A 2,000-character summary gave a hint line of 6,000 characters.
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml("summary: [紧急]" + "停水" * 1000 + "\n")
    assert raised.value.hint.endswith("summary: '[紧急]" + "停水" * 26 + "停…'") and len(raised.value.hint) < 140


def test_the_typing_mistakes_after_the_first_are_reported_with_it_but_not_a_texts_indented_paragraphs():
    # Only the first was reported: a secretary who typed one full-width colon typed several, and fixed them one
    # run at a time.
    text = ("services:\n  - category: 助老\n    place：活动室\n    notes: |\n      　　每周二开放。\n"
            "      注意：带证件\n  - category：调解\n\tprovider: 调解站\n    price:免费\n")
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml(text, line_offset=1)
    assert (error.value.line, error.value.column) == (4, 10)
    assert [(line, column, hint.split(";")[0]) for line, column, hint in error.value.more] == [
        (8, 13, "the key is followed by a full-width colon '：'"), (9, 1, "the line is indented with a tab"),
        (10, 10, "put a space after the colon: price: 免费")]
    # Nor the lines a plain text goes on to: they are the text's, whatever they hold.
    with pytest.raises(YamlSyntaxError) as error:
        parse_yaml("title: x\ndate：2026-10-08\nnotes: 计票于现场，\n    　　全程录像。\n    Note：现场公开唱票。\nkind: a\n")
    assert (error.value.line, error.value.more) == (2, [])
