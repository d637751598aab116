from __future__ import annotations

import re

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
    return set(re.findall(r"%\((\w+)\)s|\{(\w+)\}", text))


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
