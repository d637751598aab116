"""A notice's sign-off, read from the end of its text as the Markdown converter gives it."""

from datetime import date

import pytest

from generator.markup import Markup
from generator.signoff import SignOff, split_sign_off


@pytest.mark.parametrize("ending, names", [
    ("澄湖苑物业服务中心\n\n2026年11月24日", ("澄湖苑物业服务中心",)),
    ("澄湖苑业主委员会　澄湖苑物业服务中心\n\n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
    ("澄湖苑物业服务中心\n2026年11月24日", ("澄湖苑物业服务中心",)),
    ("澄湖苑物业服务中心  \n２０２６年１１月２４日", ("澄湖苑物业服务中心",)),
    ("澄湖苑业主委员会（第三届）\n\n2026-11-24", ("澄湖苑业主委员会（第三届）",)),
    ("2026年11月24日", ()),
    ("　　澄湖苑业主委员会\n\n　　二〇二六年十一月二十四日", ("澄湖苑业主委员会",)),
    ("第５党小组\n\n二〇二六年十一月二十四日", ("第５党小组",)),
    ("澄湖苑业主委员会（盖章）\n\n2026年11月24日", ("澄湖苑业主委员会",)),
    ("青岚安居物业\n\n2026年11月24日", ("青岚安居物业",)),
    ("澄湖苑业主委员会\n澄湖苑物业服务中心\n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
    ("澄湖苑业主委员会  \n澄湖苑物业服务中心  \n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
    ("澄湖苑业主委员会\n\n澄湖苑物业服务中心\n\n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
    ("澄湖苑业主委员会\n\n澄湖苑物业服务中心\n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
    # Two names on lines of their own, a blank line before the date: the seal read 澄湖苑业主委员会澄湖苑物业服务中心.
    ("澄湖苑业主委员会\n澄湖苑物业服务中心\n\n2026年11月24日", ("澄湖苑业主委员会", "澄湖苑物业服务中心")),
])
def test_a_text_signed_with_names_and_a_date_gives_up_its_sign_off(ending: str, names: tuple):
    assert split_sign_off(Markup().to_html(f"敬请谅解。\n\n{ending}\n")) == \
        SignOff("<p>敬请谅解。</p>", names, date(2026, 11, 24))


@pytest.mark.parametrize("ending", ["报名截止：\n\n2026年11月24日", "以上安排请知悉。2026年11月24日",
                                    "澄湖苑物业服务中心", "2026年11月31日", "二〇二六年十一月三十一日",
                                    "## 停水时间\n\n2026年11月24日", "投票时间\n\n2026年11月20日至2026年11月24日"])
def test_a_text_that_does_not_end_with_names_and_a_date_has_no_sign_off(ending: str):
    assert split_sign_off(Markup().to_html(f"敬请谅解。\n\n{ending}\n")) is None


@pytest.mark.parametrize("lines", ["请于\n11月28日前", "正文第一行\n第二行"])
def test_the_lines_of_a_sentence_above_a_date_alone_are_joined(lines: str):
    assert split_sign_off(Markup().to_html(f"{lines}\n\n2026年11月24日\n")).text == \
        f"<p>{lines.replace(chr(10), '')}</p>"


@pytest.mark.parametrize("phrase", ["特此通知", "请相互转告"])
def test_a_closing_phrase_before_the_date_is_text_not_a_signer(phrase: str):
    assert split_sign_off(Markup().to_html(f"敬请谅解。\n\n{phrase}\n\n2026年11月24日\n")) == \
        SignOff(f"<p>敬请谅解。</p><p>{phrase}</p>", (), date(2026, 11, 24))


@pytest.mark.parametrize("closing", ["敬请谅解。\n澄湖苑物业服务中心\n2026年11月24日", "敬请谅解。\n2026年11月24日"])
def test_a_sign_off_on_the_lines_under_the_last_sentence_leaves_that_sentence_as_text(closing: str):
    signed = split_sign_off(Markup().to_html(f"停水一天。\n\n{closing}\n"))
    assert signed is not None and signed.text == "<p>停水一天。</p><p>敬请谅解。</p>"
    assert signed.day == date(2026, 11, 24)


def test_the_lines_of_a_sign_off_are_not_joined_into_one_name_on_the_page():
    html = Markup().to_html("敬请谅解。\n\n澄湖苑业主委员会\n澄湖苑物业服务中心\n2026年11月24日\n")
    assert "澄湖苑业主委员会<br>澄湖苑物业服务中心<br>2026年11月24日" in html


def test_the_lines_of_a_sentence_that_does_not_end_the_text_signed_are_joined():
    assert Markup().to_html("停水时间：\n2026年11月24日\n\n敬请谅解。") == "<p>停水时间：2026年11月24日</p><p>敬请谅解。</p>"


def test_the_notices_own_issuer_is_read_as_a_name_however_it_ends():
    body = "<p>一周菜谱见附件。</p>\n<p>康宁里孝心食堂</p>\n<p>2026年11月16日</p>"
    signed = split_sign_off(body, ["康宁里孝心食堂"])
    assert signed == SignOff("<p>一周菜谱见附件。</p>", ("康宁里孝心食堂",), date(2026, 11, 16))
    assert split_sign_off(body).names == ()  # 食堂 is not how the bodies that sign notices are named
