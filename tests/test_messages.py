from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator import messages
from tests.conftest import PROJECT, edit, run_cli

CATALOGUE = messages.LOCALES / "zh_CN" / "LC_MESSAGES" / "noticeboard.po"


@pytest.mark.parametrize(("environment", "language"), [
    ({"LANG": "zh_CN.UTF-8"}, messages.CHINESE),
    ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, messages.CHINESE),
    ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, messages.ENGLISH),
    ({"LANGUAGE": "", "LC_ALL": "zh_TW.UTF-8"}, messages.CHINESE),
    ({"LC_MESSAGES": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, messages.ENGLISH),
    ({"LANG": "en_GB.UTF-8"}, messages.ENGLISH),
])
def test_the_language_is_the_one_the_computer_is_set_to(environment, language):
    assert messages.language_of_environment(environment) == language


def test_windows_own_setting_is_read_when_no_variable_is_set(monkeypatch):
    # Windows sets none of the variables: a secretary's Chinese Windows is told by its locale's name.
    monkeypatch.setattr(messages.locale, "getlocale", lambda: ("Chinese (Simplified)_China", "936"))
    assert messages.language_of_environment({}) == messages.CHINESE
    monkeypatch.setattr(messages.locale, "getlocale", lambda: (None, None))
    assert messages.language_of_environment({}) == messages.ENGLISH


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s|\{(\w+)(?:![rsa])?\}", text))


def test_every_message_of_the_code_has_its_chinese_with_the_same_values():
    # A message added in English alone would be said in English to a secretary who reads Chinese.
    said = {found[2] for found in extract_from_dir(
        PROJECT / "generator", method_map=[("**.py", "python")], keywords={"tr": None})}
    with CATALOGUE.open("rb") as file:
        catalogue = {m.id: m for m in read_po(file) if m.id}
    assert sorted(said - catalogue.keys()) == []
    assert sorted(catalogue.keys() - said) == []  # none kept that the code no longer says
    for message in catalogue.values():
        assert message.string and not message.fuzzy, message.id
        assert _placeholders(message.string) == _placeholders(message.id), message.id


def test_a_secretary_whose_computer_is_set_to_chinese_reads_the_problems_in_chinese(minimal, monkeypatch):
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "opening_balance: ", "opening_balance: ¥")
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert "content/lanting/finances/2026-Q1.yaml:1:1: 错误：" in result.stderr
    assert "  提示：" in result.stderr
    assert "1个错误，0个警告" in result.stderr
    monkeypatch.setenv("LANGUAGE", "en")
    assert "content/lanting/finances/2026-Q1.yaml:1:1: error: " in run_cli(["check"], minimal).stderr


def test_every_one_of_clicks_own_messages_translated_is_one_click_says():
    # Click's words are translated by their English: one click rewords would be said in English again, unnoticed.
    import click
    said = {}
    for found in extract_from_dir(Path(click.__file__).parent, method_map=[("*.py", "python")],
                                  keywords={"_": None, "ngettext": (1, 2)}):
        said[found[2] if isinstance(found[2], str) else found[2][0]] = found[2]
    with (messages.LOCALES / "zh_CN" / "LC_MESSAGES" / "click.po").open("rb") as file:
        catalogue = [m for m in read_po(file) if m.id]
    assert catalogue
    for message in catalogue:
        english = message.id if isinstance(message.id, str) else message.id[0]
        assert english in said, english
        assert said[english] == message.id
        chinese = message.string if isinstance(message.string, str) else message.string[0]
        assert chinese and not message.fuzzy, english
        english_values = set().union(*map(_placeholders, [message.id] if isinstance(message.id, str) else message.id))
        assert _placeholders(chinese) <= english_values, english


def test_clicks_own_words_are_said_in_chinese_too(minimal, monkeypatch):
    # A secretary who left out a notice's title read "Error: Missing argument 'TITLE'." in English.
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    result = run_cli(["new", "notice", "lanting"], minimal)
    assert result.exit_code == 2
    assert "错误：缺少参数 'TITLE'" in result.output and "用法：" in result.output
    assert "没有 '--nopdf' 这个选项。 （是不是想写：'--no-pdf'？）" in run_cli(["build", "--nopdf"], minimal).output
    # (The help texts themselves are made when the command line is imported, here in English.)
    assert "选项:" in run_cli(["--help"], minimal).output
    assert "没有这一天：日数超出了该月的天数" in run_cli(["check", "--date", "2026-02-30"], minimal).output
    monkeypatch.setenv("LANGUAGE", "en")
    assert "Error: Missing argument 'TITLE'." in run_cli(["new", "notice", "lanting"], minimal).output
