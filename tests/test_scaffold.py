"""What `noticeboard new ...` and `import ledger` write, on a computer set to Chinese: the comments that explain each
field are Chinese, and the data is the same, to the line, as the English files hold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.yamlio import parse_yaml
from tests.conftest import FIXTURES, add_maintenance_fund, run_cli

NEW_IN_MINIMAL = [
    ["new", "compound", "xinyuan"],
    ["new", "notice", "lanting", "停水通知", "--slug", "water-off"],
    ["new", "vote", "lanting", "关于加装电梯的表决", "--slug", "lift-vote"],
    ["new", "finance", "lanting", "2027-Q2"],  # no quarter before: the opening balance is asked for
    ["import", "ledger", str(FIXTURES / "ledgers/lanting-2026-Q1.csv"), "xinyuan", "2026-Q1"],  # shared revenue
    ["import", "ledger", "ledger.csv", "xinyuan", "2027-Q1"],  # no balance, and no quarter before
]
NEW_WITH_THE_FUND = [
    ["new", "finance", "lanting", "2026-Q4"],  # the fund carried on from 2026-Q3
    ["import", "ledger", "ledger.csv", "lanting", "2027-Q1"],  # opening with 2026-Q4's closing balance
]
NEW_SITE = [["new", "site"], ["new", "compound", "xinyuan"]]
NO_BALANCE = ("日期,凭证号,摘要,类别,收入,支出\n"
              "2027/1/5,记-1,物业费,物业费,100.00,\n2027/1/8,记-2,电梯年检,维修,,5000.00\n")


def _minimal(root: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "ledger.csv").write_text(NO_BALANCE, encoding="utf-8")


def _with_the_fund(root: Path) -> None:
    _minimal(root)
    add_maintenance_fund(root)


# Each case: how its folder is made (the minimal fixture, changed or not, or an empty one), then the commands run.
CASES = {"minimal": (_minimal, NEW_IN_MINIMAL), "fund": (_with_the_fund, NEW_WITH_THE_FUND),
         "site": (Path.mkdir, NEW_SITE)}


def _made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, language: str) -> tuple[Path, dict[str, str]]:
    """The folder the case's commands were run in with LANGUAGE=`language`, and the files they wrote."""
    prepare, commands = CASES[case]
    root = tmp_path / language
    prepare(root)
    before = {path for path in root.rglob("*") if path.is_file()}
    monkeypatch.setenv("LANGUAGE", language)
    for command in commands:
        result = run_cli(command, root)
        assert result.exit_code == 0, (command, result.output)
    return root, {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
                  for path in sorted(root.rglob("*")) if path.is_file() and path not in before}


def _comments(text: str) -> list[str]:
    """The comments of a file `new` wrote: whole lines starting with #, and what follows ' #' on a line of data."""
    found = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            found.append(line.lstrip()[1:])
        elif " #" in line:
            found.append(line[line.index(" #") + 2:])
    return found


# What a Chinese comment may hold in English: a command to type, and `text to type` in backticks.
_TO_TYPE = re.compile(r"`[^`]*`|noticeboard(?: [a-z]+)+(?: [A-Z]+)?")
# Three English words in a row, set apart by spaces only: a sentence left untranslated. A YAML key (opening_balance),
# a value (paper, 2026-Q1), a file name or a list of keys set apart by Chinese punctuation is not one.
_ENGLISH_WORDS = re.compile(r"[A-Za-z_]+(?:'[a-z]+)?(?:[ \t]+[A-Za-z_]+(?:'[a-z]+)?){2,}")


def _english(comment: str) -> list[str]:
    return _ENGLISH_WORDS.findall(_TO_TYPE.sub("", comment))


def _data(name: str, text: str) -> object:
    """What a file holds for the build: its YAML, or a notice's front matter and text."""
    if name.endswith(".md"):
        _, front, body = text.split("---\n", 2)
        return parse_yaml(front).data, body
    return parse_yaml(text).data


@pytest.mark.parametrize("case", CASES)
def test_files_made_in_chinese_explain_themselves_in_chinese_and_hold_what_the_english_ones_hold(
        tmp_path, monkeypatch, case):
    english_root, english = _made(tmp_path, monkeypatch, case, "en")
    chinese_root, chinese = _made(tmp_path, monkeypatch, case, "zh_CN")
    assert chinese.keys() == english.keys() and chinese
    for name, text in chinese.items():
        comments = _comments(text)
        assert any(re.search("[\u4e00-\u9fff]", comment) for comment in comments), name
        assert [(comment, _english(comment)) for comment in comments if _english(comment)] == [], name
        assert any(_english(comment) for comment in _comments(english[name])), name  # the check finds English
        # Each line where it was in English, the data of each the same: check's line numbers point alike.
        assert len(text.splitlines()) == len(english[name].splitlines()), name
        assert _data(name, text) == _data(name, english[name]), name
    # check finds the same in both: each example text left, by file, line and field.
    for language in ("en", "zh_CN"):
        monkeypatch.setenv("LANGUAGE", language)
        said = [run_cli(["check"], root) for root in (english_root, chinese_root)]
        assert said[0].exit_code == said[1].exit_code
        assert _without_quoted_lines(said[0].stderr) == _without_quoted_lines(said[1].stderr)
    # And the Chinese files, checked in Chinese, say the same problems as the English ones in English.
    monkeypatch.setenv("LANGUAGE", "en")
    english_problems = _problems(run_cli(["check"], english_root).stderr)
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    chinese_problems = _problems(run_cli(["check"], chinese_root).stderr)
    in_chinese = {"error": "错误", "warning": "警告"}
    assert chinese_problems == [(where, in_chinese[kind], field) for where, kind, field in english_problems[:-1]] + [
        english_problems[-1]]
    assert len(chinese_problems) > 1


def _without_quoted_lines(said: str) -> str:
    """What check says, without the lines of the files it quotes (their comments are in each file's language)."""
    return re.sub(r"^ *[0-9]+ \| .*\n", "", said, flags=re.MULTILINE)


def _problems(said: str) -> list[tuple[str, ...]]:
    """Each problem check reports: where (file:line:column), its kind (error, 错误...) and its field, if it names one;
    then how many errors and warnings it counted."""
    problems = re.findall(r"^(content/[^:\s]+(?::[0-9]+)*):? (error|warning|错误|警告)[:：] ?"
                          r"(?:([a-z_][\w.\[\]]*)[:：])?", said, flags=re.MULTILINE)
    counted = re.findall(r"^([0-9]+) ?(?:errors?|个错误)[,，] ?([0-9]+) ?(?:warnings?|个警告)", said,
                         flags=re.MULTILINE)
    return problems + counted


def test_a_file_made_in_chinese_says_where_its_figures_come_from_in_chinese(tmp_path, monkeypatch):
    _, made = _made(tmp_path, monkeypatch, "minimal", "zh_CN")
    compound = made["content/xinyuan/compound.yaml"]
    assert compound.startswith("# 小区基本情况。以 # 开头的行是写给您看的说明。\n")
    assert "households: 0        # 户数：请把 0 换成实际户数\n" in compound
    assert ("electorate: {owners: 200, area: 16000.00}   # 取自 compound.yaml：如果不是每位业主都有表决权，请改正\n"
            in made["content/lanting/votes/lift-vote.yaml"])
    assert "opening_balance:     # 请填写期初余额：没有2027-Q1.yaml，无从取得\n" in made[
        "content/lanting/finances/2027-Q2.yaml"]
    imported = made["content/xinyuan/finances/2026-Q1.yaml"]
    assert imported.startswith("# 2026-Q1的财务，从lanting-2026-Q1.csv导入。\n# 发布前请核对：\n")
    assert "opening_balance: 50000.00    # 收支明细开头的余额，因为2025-Q4没有期末余额\n" in imported
    assert "closing_balance:    # 期初余额 - 4900.00（收入减支出）\n" in made["content/xinyuan/finances/2027-Q1.yaml"]
