"""The `noticeboard` command as a secretary uses it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import scaffold, write
from generator.build import today_for
from tests.conftest import (PROJECT, add_maintenance_fund, edit, run_cli, run_program, signalled_at_a_move,
                            tree_digest)


def test_check_on_clean_content_exits_0(minimal):
    result = run_cli(["check"], minimal)
    assert result.exit_code == 0
    assert "No errors" in result.output


def test_check_of_one_compound_reports_its_problems_and_site_yamls_not_the_other_compounds(minimal):
    shutil.copytree(minimal / "content/lanting", minimal / "content/zhuyuan")
    edit(minimal / "content/zhuyuan/compound.yaml", "52500000TEST00001X", "52500000TEST00002X")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    assert run_cli(["check"], minimal).exit_code == 1
    lanting = run_cli(["check", "lanting"], minimal)
    assert lanting.exit_code == 0 and "zhuyuan" not in lanting.output
    assert "No errors in lanting: it is ready to build." in lanting.stdout
    zhuyuan = run_cli(["check", "zhuyuan"], minimal)
    assert zhuyuan.exit_code == 1 and "content/zhuyuan/notices/water-outage.md" in zhuyuan.stderr
    edit(minimal / "content/site.yaml", "base_url:", "base_address:")
    assert "base_address" in run_cli(["check", "lanting"], minimal).stderr


def test_check_of_a_compound_named_as_a_path_says_how_to_name_it_and_does_not_pass(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    result = run_cli(["check", "lanting/"], minimal)  # a folder name completed by the shell's Tab
    assert result.exit_code == 1 and "No errors" not in result.output
    assert "no compound 'lanting/': the compounds are lanting" in result.stderr


def test_check_of_a_compound_that_is_not_there_names_those_that_are(minimal):
    result = run_cli(["check", "zhuyuan"], minimal)
    assert result.exit_code == 2 and "no compound 'zhuyuan' in content (it has lanting)" in result.output


def test_a_compound_folder_given_as_the_content_folder_is_one_error_that_names_the_right_one(minimal):
    result = run_cli(["check", "--content", "content/lanting"], minimal)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/lanting: error: this is one compound's folder, not the content folder",
        "  hint: give --content the folder that holds site.yaml and a folder for each compound (probably content)"]
    assert "1 error," in result.stderr


def test_build_reports_what_it_wrote_and_exits_0(minimal):
    result = run_cli(["build", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0, result.output
    assert "into output/ (as of 2026-11-25)" in result.output
    assert (minimal / "output/index.html").is_file()
    board_files = len([path for path in (minimal / "print").rglob("*")
                       if path.is_file() and path.name != ".noticeboard"])
    assert f"The bulletin board's sheets and board packs ({board_files} files, " in result.output
    assert "new or changed: print/.noticeboard" not in result.output  # the folder's marker is nothing to print
    again = run_cli(["build", "--date", "2026-11-25"], minimal)
    assert again.exit_code == 0 and "Nothing changed since the last build" in again.output, again.output
    assert (f"The bulletin board's sheets and board packs ({board_files} files, 0 of them new or changed since the "
            "last build)") in again.output
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "全天停水", "上午停水")
    edited = run_cli(["build", "--date", "2026-11-25"], minimal)
    files = [path for path in (minimal / "output").rglob("*") if path.is_file() and path.name != ".noticeboard"]
    sheets = sum(path.suffix == ".pdf" for path in files)
    assert f"Built {len(files)} files ({sheets} of them sheets, 1 printed anew) into output/" in edited.output
    # The board's sheet was not printed again (it shows no more than the website's, so is the same PDF), and was
    # counted "0 printed anew", though it had changed and was to be posted again.
    assert f"({board_files} files, 2 of them new or changed since the last build)" in edited.output
    assert ("  new or changed: print/lanting/board-pack.pdf\n"
            "  new or changed: print/lanting/notices/water-outage/water-outage.pdf\n") in edited.output


def test_build_with_errors_exits_1_and_says_nothing_was_written(minimal):
    (minimal / "content/site.yaml").write_text("title: x\n", encoding="utf-8")
    result = run_cli(["build"], minimal)
    assert result.exit_code == 1
    assert "Nothing was written" in result.output
    assert not (minimal / "output").exists()


def test_a_build_stopped_by_one_compounds_errors_says_how_to_build_the_others_which_keep_going_does(minimal):
    shutil.copytree(minimal / "content/lanting", minimal / "content/zhuyuan")
    edit(minimal / "content/zhuyuan/compound.yaml", "52500000TEST00001X", "52500000TEST00002X")
    assert run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).exit_code == 0
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    stopped = run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal)
    assert stopped.exit_code == 1
    assert ("To build the other compounds meanwhile (while zhuyuan stays as last built without errors), run the "
            "same command again with --keep-going.") in stopped.stderr
    kept_going = run_cli(["build", "--no-pdf", "--date", "2026-11-25", "--keep-going"], minimal)
    assert kept_going.exit_code == 1  # an error is still an error
    assert ("Held back: zhuyuan stays as last built without errors. Every other compound was built."
            in kept_going.stderr)
    assert "Built " in kept_going.stdout and "--keep-going" not in kept_going.stderr


def test_a_publish_with_a_compound_held_back_says_nothing_of_it_was_recorded(minimal):
    shutil.copytree(minimal / "content/lanting", minimal / "content/zhuyuan")
    edit(minimal / "content/zhuyuan/compound.yaml", "52500000TEST00001X", "52500000TEST00002X")
    assert run_cli(["publish", "--date", "2026-11-25"], minimal).exit_code == 0
    (minimal / "content/zhuyuan/notices/water-outage.md").unlink()  # a take-down, not to be recorded while held
    edit(minimal / "content/zhuyuan/compound.yaml", "households:", "households: 0\nhouseholds:", count=1)
    stopped = run_cli(["publish", "--date", "2026-11-25"], minimal)
    assert ("To publish the other compounds meanwhile (while zhuyuan stays as last built without errors), run "
            "the same command again with --keep-going.") in stopped.stderr
    held = run_cli(["publish", "--date", "2026-11-25", "--keep-going"], minimal)
    assert ("Nothing new to record: every document of the compounds built is as last published. Nothing of what "
            "was held back is recorded: zhuyuan stays as last built without errors.") in held.stdout


def test_a_publish_that_keep_going_could_not_hold_back_does_not_suggest_it(minimal):
    shutil.copytree(minimal / "content/lanting", minimal / "content/zhuyuan")
    edit(minimal / "content/zhuyuan/compound.yaml", "52500000TEST00001X", "52500000TEST00002X")
    assert run_cli(["publish", "--date", "2026-11-25"], minimal).exit_code == 0
    notices = minimal / "content/zhuyuan/notices"
    (notices / "power-cut.md").write_text((notices / "water-outage.md").read_text(encoding="utf-8").replace(
        "停水通知", "停电通知"), encoding="utf-8")
    assert run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).exit_code == 0  # built, not published
    edit(notices / "power-cut.md", "date: 2026-11-20", "date: 2026-11-31")
    stopped = run_cli(["publish", "--date", "2026-11-25"], minimal)
    assert stopped.exit_code == 1 and "Nothing was written" in stopped.stderr
    assert "--keep-going" not in stopped.stderr  # it would refuse: what zhuyuan's pages show was never published
    assert "To build the other compounds meanwhile" in run_cli(["build", "--no-pdf", "--date", "2026-11-25"],
                                                               minimal).stderr  # building, it can


def test_a_build_stopped_by_site_yaml_as_well_does_not_suggest_keep_going(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    edit(minimal / "content/site.yaml", "base_url:", "base_address:")
    result = run_cli(["build", "--no-pdf"], minimal)
    assert result.exit_code == 1 and "Nothing was written" in result.stderr
    assert "2026-11-31" in result.stderr and "base_address" in result.stderr
    assert "--keep-going" not in result.stderr


def test_quiet_build_prints_nothing_on_success(minimal):
    result = run_cli(["build", "--quiet", "--date", "2026-11-25"], minimal)
    assert (result.exit_code, result.output) == (0, "")


def test_a_second_build_into_the_same_output_waits_for_the_first(minimal):
    with write.exclusive(minimal / "output"):  # as a build running in another terminal holds it
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-pdf", "--date", "2026-11-25"],
                                  cwd=minimal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
        assert second.stderr.readline() == "Another build is writing into output/: waiting for it to finish...\n"
        assert second.poll() is None and not (minimal / "output").exists()
    assert second.wait(timeout=120) == 0, second.stderr.read()
    assert "Built" in second.stdout.read() and (minimal / "output/index.html").is_file()


def test_a_second_publish_from_the_same_content_waits_for_the_first_though_it_writes_elsewhere(minimal):
    # Two secretaries publishing from one shared folder, each into an output of their own, forked the log's chain.
    with write.publishing(minimal / "content"):  # as a publish running in another terminal holds it
        second = subprocess.Popen([sys.executable, "-m", "generator", "publish", "--date", "2026-11-25",
                                   "--output", "mine"], cwd=minimal, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
        assert second.stderr.readline() == ("Another build is writing into mine/ or print/, or publishing from "
                                            "content/: waiting for it to finish...\n")
        assert second.poll() is None and not (minimal / "content/publication-log.jsonl").exists()
    assert second.wait(timeout=120) == 0, second.stderr.read()
    assert (minimal / "content/publication-log.jsonl").is_file()
    assert sorted(path.name for path in (minimal / "content").iterdir()) == ["lanting", "publication-log.jsonl",
                                                                              "site.yaml"]  # no lock file


def test_python_dash_m_runs_the_same_cli(minimal):
    completed = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=minimal, capture_output=True,
                               text=True, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})
    assert completed.returncode == 0, completed.stderr
    assert "No errors" in completed.stdout


def test_a_new_compound_notice_and_quarter_validate_once_filled_in_and_appear_on_the_site(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    assert run_cli(["new", "notice", "xinyuan", "关于“楼道清理”的通知", "--slug", "corridor"], minimal).exit_code == 0
    assert run_cli(["new", "finance", "lanting", "2026-Q4"], minimal).exit_code == 0
    check = run_cli(["check"], minimal)
    assert check.exit_code == 1  # the example texts are still there
    assert "content/xinyuan/compound.yaml:3:1: error: name: '（小区名称）' is the example text" in check.stderr
    assert "content/xinyuan/compound.yaml:5:1: error: households: expected greater than 0, found 0" in check.stderr
    assert "content/xinyuan/notices/corridor.md:18:1: error: '（正文。" in check.stderr
    # It was 每周二 9:00-11:30, published as every compound's mediation hours if left.
    assert "schedule: '（例如：每周二 9:00-11:30）' is the example text" in check.stderr
    assert "hint: write the notice's text in its place\n" in check.stderr  # no comment beside the text says more
    _fill_in(minimal / "content/xinyuan")
    while_it_runs = run_cli(["build", "--no-pdf", "--date", "2026-12-31"], minimal)
    assert while_it_runs.exit_code == 0, while_it_runs.output
    assert ("content/lanting/finances/2026-Q4.yaml: warning: 2026-Q4 has not ended on the build date 2026-12-31 "
            "(it runs until 2026-12-31): its finances are left out of the site until it has") in while_it_runs.stderr
    assert not (minimal / "output/lanting/finances/2026-q4").exists()
    after_the_quarter = max(today_for(minimal / "content"), date(2027, 1, 10)).isoformat()  # its posting's first day
    check = run_cli(["check", "--date", after_the_quarter], minimal)
    assert check.exit_code == 0, check.output
    assert run_cli(["build", "--date", after_the_quarter], minimal).exit_code == 0
    home = BeautifulSoup((minimal / "output/index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("a", href="xinyuan/")
    notice = (minimal / "output/xinyuan/notices/corridor/index.html").read_text(encoding="utf-8")
    assert "关于“楼道清理”的通知" in notice
    quarter = (minimal / "output/lanting/finances/2026-q4/index.html").read_text(encoding="utf-8")
    assert "¥13,650.50" in quarter  # opens with 2026-Q3's closing balance


def test_a_new_vote_takes_its_electorate_from_the_profile_asks_for_its_matter_and_validates_once_filled_in(minimal):
    # There was no template for a vote: the README sent the secretary to generator/model/vote.py.
    result = run_cli(["new", "vote", "lanting", "关于加装电梯的表决", "--slug", "lift-vote"], minimal)
    assert result.exit_code == 0, result.output
    vote = minimal / "content/lanting/votes/lift-vote.yaml"
    assert "electorate: {owners: 200, area: 16000.00}   # from compound.yaml" in vote.read_text(encoding="utf-8")
    check = run_cli(["check"], minimal)
    assert "lift-vote.yaml:6:1: error: matter: '（事项）' is the example text" in check.stderr
    # Its hint asked for "the real text", where the matter's own error lists the choices to write.
    assert "hint: write what goes there in its place: the comment beside it says what" in check.stderr
    assert "rebuild_or_reconstruct = 改建、重建建筑物及其附属设施" in check.stderr
    edit(vote, "matter: （事项）", "matter: rebuild_or_reconstruct")
    edit(vote, "（计票人姓名）", "李四")
    edit(vote, "（监票人姓名）", "赵六")
    edit(vote, "yes: {owners: 0, area: 0.00}", "yes: {owners: 160, area: 13000.00}")
    check = run_cli(["check"], minimal)
    assert check.exit_code == 0 and "warning" not in check.stderr, check.stderr


@pytest.mark.parametrize("profile, written, electorate, note", [
    # households: 436户 was copied in as it was typed, into a file broken before anyone filled it in.
    ("households: 200", "households: 200户", "{owners: 0, area: 16000.00}",
     "compound.yaml gives no households to start from: write every owner who may vote"),
    # The comment named both figures missing when only the area was.
    ("exclusive_area: 16000.00", "", "{owners: 200, area: 0.00}", "compound.yaml gives no exclusive_area to start "
     "from: write the exclusive area in m² (专有部分面积) of every owner who may vote"),
])
def test_a_new_vote_takes_no_figure_from_a_profile_that_has_none_to_give_and_says_which(minimal, profile, written,
                                                                                        electorate, note):
    edit(minimal / "content/lanting/compound.yaml", profile, written)
    assert run_cli(["new", "vote", "lanting", "关于加装电梯的表决", "--slug", "lift-vote"], minimal).exit_code == 0
    vote = (minimal / "content/lanting/votes/lift-vote.yaml").read_text(encoding="utf-8")
    assert f"electorate: {electorate}   # {note}\n" in vote


def test_a_new_votes_election_form_is_an_election_once_its_lines_are_uncommented(minimal):
    assert run_cli(["new", "vote", "lanting", "第三届业主委员会选举", "--slug", "election"], minimal).exit_code == 0
    vote = minimal / "content/lanting/votes/election.yaml"
    text = vote.read_text(encoding="utf-8")
    decision = text[text.index("ballots:"):text.index("counting:")]
    text = text.replace(decision, "").replace("kind: decision", "kind: election").replace(
        "matter: （事项）", "matter: elect_committee").replace("（计票人姓名）", "李四").replace("（监票人姓名）", "赵六")
    text = re.sub(r"^# (ballots:|  - |seats:|candidates:)", r"\1", text, flags=re.MULTILINE)
    vote.write_text(text.replace("cast: {owners: 0, area: 0.00}", "cast: {owners: 150, area: 12000.00}").replace(
        "（姓名）, owners: 0, area: 0.00", "张三, owners: 140, area: 11000.00"), encoding="utf-8")
    check = run_cli(["check"], minimal)
    assert "election.yaml" not in check.stderr and check.exit_code == 0, check.stderr


def _fill_in(folder) -> None:
    """What a secretary does next: write the real text where `new` left examples in （…）, and the counts."""
    for file in folder.rglob("*.*"):
        text = re.sub(r"（([^（）\n]{2,})）", r"\1", file.read_text(encoding="utf-8"))
        file.write_text(text.replace("households: 0 ", "households: 436 ").replace("buildings: 0 ", "buildings: 8 "),
                        encoding="utf-8")


def test_new_dates_its_files_with_the_day_in_the_sites_time_zone(minimal, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795723200")  # 2026-11-26 20:00 UTC: already the 27th in Chongqing
    assert run_cli(["new", "notice", "lanting", "停电通知", "--slug", "power-cut"], minimal).exit_code == 0
    text = (minimal / "content/lanting/notices/power-cut.md").read_text(encoding="utf-8")
    assert "date: 2026-11-27" in text and "from: 2026-11-27" in text


def test_a_new_notice_named_by_the_day_says_to_rename_it_before_it_is_published_and_one_given_a_name_does_not(minimal):
    # 2026-11-25-notice became its web address for good, in its QR code, without a word at the moment it mattered.
    result = run_cli(["new", "notice", "lanting", "停电通知"], minimal)
    assert "created content/lanting/notices/2026-11-25-notice.md" in result.stdout
    assert ("Its file's name is its web address, which the QR code on its sheet prints: to give it one that says what "
            "it is (like water-outage), rename the file now, before it is published; never after") in result.stdout
    assert "rename the file now" not in run_cli(["new", "vote", "lanting", "表决", "--slug", "lift"], minimal).stdout


def test_new_finance_leaves_an_opening_balance_the_quarter_before_does_not_give_for_check_to_ask_for(minimal):
    # It wrote 0.00 "# the closing balance of 2026-Q3" when 2026-Q3 could not be read, and later 0.00 with a
    # comment, which check let through and the site published as the balance.
    finances = minimal / "content/lanting/finances"
    q3 = finances / "2026-Q3.yaml"
    edit(q3, "closing_balance: ", "closing_balance： ")
    assert run_cli(["new", "finance", "lanting", "2026-Q4"], minimal).exit_code == 0
    assert ("opening_balance:     # write the opening balance: the closing balance of 2026-Q3.yaml could not "
            "be read (noticeboard check says why)\n") in (finances / "2026-Q4.yaml").read_text(encoding="utf-8")
    assert run_cli(["new", "finance", "lanting", "2027-Q2"], minimal).exit_code == 0
    assert ("opening_balance:     # write the opening balance: there is no 2027-Q1.yaml to take it from\n"
            ) in (finances / "2027-Q2.yaml").read_text(encoding="utf-8")
    edit(q3, "closing_balance： ", "closing_balance: ")
    (finances / "2026-Q4.yaml").unlink()
    result = run_cli(["check"], minimal)
    assert ("content/lanting/finances/2027-Q2.yaml:4:1: error: opening_balance: expected an amount such as 1234.50, "
            "found nothing") in result.stderr


def test_a_new_quarter_carries_on_the_maintenance_fund_the_quarter_before_published(minimal):
    # Left out, the next quarter would say nothing of the fund, which check warns about once it has ended.
    add_maintenance_fund(minimal)
    assert run_cli(["new", "finance", "lanting", "2026-Q4"], minimal).exit_code == 0
    q4 = minimal / "content/lanting/finances/2026-Q4.yaml"
    assert ('maintenance_fund:       # 专项维修资金, from the account\'s statement for the quarter\n'
            '  held_by: "某区物业专项维修资金专户"\n'
            "  opening_balance: 419910.00    # its closing balance in 2026-Q3\n"
            "  closing_balance: 419910.00    # must equal opening + deposits - uses\n"
            "  deposits: []\n") in q4.read_text(encoding="utf-8")
    check = run_cli(["check", "--date", max(today_for(minimal / "content"), date(2027, 1, 11)).isoformat()], minimal)
    assert "maintenance" not in check.stderr and check.exit_code == 0, check.output


def test_an_imported_quarter_carries_on_the_maintenance_fund_too(minimal):
    add_maintenance_fund(minimal)
    (minimal / "ledger.csv").write_text("日期,凭证号,摘要,类别,收入金额,支出金额\n"
                                        "2026/10/8,记-2026-010,10月物业费,物业费,3000.00,\n", encoding="utf-8-sig")
    assert run_cli(["import", "ledger", "ledger.csv", "lanting", "2026-Q4"], minimal).exit_code == 0
    q4 = (minimal / "content/lanting/finances/2026-Q4.yaml").read_text(encoding="utf-8")
    assert "  opening_balance: 419910.00    # its closing balance in 2026-Q3\n" in q4


def test_a_compound_named_in_chinese_is_not_offered_as_a_new_folder(minimal):
    # It suggested `noticeboard new compound 兰亭苑`: a Chinese folder name, which cannot be a web address.
    result = run_cli(["pdf", "紫薇苑"], minimal)
    assert result.exit_code == 2 and "noticeboard new compound" not in result.stderr
    assert "a compound is named by its folder, in lowercase letters, digits and hyphens" in result.stderr


def test_new_never_overwrites(minimal):
    result = run_cli(["new", "finance", "lanting", "2026-Q1"], minimal)
    assert result.exit_code == 1
    assert "already exists" in result.output
    before = tree_digest(minimal / "content")
    result = run_cli(["new", "vote", "lanting", "屋面维修", "--slug", "roof-repair"], minimal)
    assert result.exit_code == 1 and "already has the web address 'roof-repair'" in result.stderr
    assert tree_digest(minimal / "content") == before


def test_a_new_notice_cannot_take_the_web_address_of_a_notice_with_attachments(minimal):
    result = run_cli(["new", "notice", "lanting", "电梯方案", "--slug", "lift-consultation"], minimal)
    assert result.exit_code == 1
    assert "already has the web address 'lift-consultation'" in result.stderr
    assert not (minimal / "content/lanting/notices/lift-consultation.md").exists()



@pytest.mark.parametrize("args, said", [
    (["new", "notice", "兰亭苑", "停水通知"], "兰亭苑 is the name of the compound in lanting/, and a compound is named "
                                            "by its folder here: write lanting"),
    (["new", "notice", "lanting", "  "], "expected the notice's title, found none"),
    (["new", "finance", "lanting", "1948-Q1"], "expected a quarter like 2026-Q1 (from 1949 to 2099), found '1948-Q1'"),
    (["new", "finance", "lanting", "2026年第四季度"], "found '2026年第四季度': write 2026-Q4"),
    (["new", "finance", "lanting", "2026 q3"], "found '2026 q3': write 2026-Q3"),
    (["new", "compound", "兰亭苑"],
     "lowercase letters, digits and hyphens, like cuihu-huayuan or water-outage (in pinyin or English)"),
    (["new", "notice", "yml", "停水通知"], "holds compound.yml, and only .yaml files are read: rename it compound.yaml"),
])
def test_new_says_what_to_write_for_a_compounds_name_an_empty_title_or_a_year_out_of_range(minimal, args, said):
    (minimal / "content/yml").mkdir()  # advised to run `new compound yml`, which then found it there already
    (minimal / "content/yml/compound.yml").write_text("name: 新苑\n", encoding="utf-8")
    before = tree_digest(minimal / "content")
    result = run_cli(args, minimal)
    assert result.exit_code != 0 and said in result.stderr, result.stderr
    assert tree_digest(minimal / "content") == before


def test_a_new_notice_cannot_take_the_web_address_of_a_notice_published_and_taken_down(minimal):
    # It was created, and check then asked for a correction note to last year's notice, dated a year back.
    assert run_cli(["publish", "--date", "2026-11-25"], minimal).exit_code == 0
    (minimal / "content/lanting/notices/water-outage.md").unlink()
    assert run_cli(["publish", "--date", "2026-11-27"], minimal).exit_code == 0  # taken down
    result = run_cli(["new", "notice", "lanting", "停水通知", "--slug", "water-outage"], minimal)
    assert result.exit_code == 1
    # The day it was published, not the day it was taken down.
    assert ("a notice published on 2026-11-25 had the web address 'water-outage', and the sheets and links that "
            "point at it would lead to the new one; nothing was changed (choose another --slug)") in result.stderr
    assert not (minimal / "content/lanting/notices/water-outage.md").exists()


@pytest.mark.parametrize("args, says", [
    (["new", "notice", "nowhere", "标题"], "no compound 'nowhere'"),
    (["new", "finance", "lanting", "2026Q3"], "expected a quarter like 2026-Q1"),
    (["new", "compound", "馨园"], "cannot be a web address"),
    (["new", "notice", "lanting", "标题", "--slug", "Water Outage"], "cannot be a web address"),
    (["import", "ledger", "ledger.csv", "lanting", "2026-Q5"], "expected a quarter like 2026-Q1"),
    (["pdf", "nowhere"], "no compound 'nowhere'")])
def test_a_mistake_on_the_command_line_exits_with_2_and_says_what_is_wrong(minimal, args, says):
    (minimal / "ledger.csv").write_text("日期,凭证号,摘要,类别,收入,支出\n", encoding="utf-8")
    result = run_cli(args, minimal)
    assert result.exit_code == 2
    assert says in result.stderr


def test_a_district_of_your_own_starts_with_new_site_then_new_compound(tmp_path):
    nothing = run_cli(["check"], tmp_path)
    assert nothing.exit_code == 1 and f"hint: there is no {tmp_path}/content: run noticeboard from the folder that " \
        "holds content/, or give --content; to start a district of your own, run: noticeboard new site" in nothing.stderr
    early = run_cli(["new", "compound", "xinyuan"], tmp_path)
    assert early.exit_code == 1 and "noticeboard new site" in early.stderr and not (tmp_path / "content").exists()
    for command in (["check", "xinyuan"], ["pdf", "xinyuan"], ["new", "notice", "xinyuan", "停水通知"]):
        elsewhere = run_cli(command, tmp_path)  # where it was run is wrong, as for `check` alone: not the command line
        assert elsewhere.exit_code == 1 and "Usage:" not in elsewhere.stderr, command
        assert f"there is no {tmp_path}/content: run noticeboard from the folder that holds content/" \
            in elsewhere.stderr
    assert run_cli(["new", "site"], tmp_path).output.startswith("created content/site.yaml\n")
    assert run_cli(["new", "compound", "xinyuan"], tmp_path).exit_code == 0
    _fill_in(tmp_path / "content")
    check = run_cli(["check"], tmp_path)
    assert check.exit_code == 0, check.output
    assert run_cli(["new", "site"], tmp_path).exit_code == 1  # never overwrites


def test_run_inside_the_content_folder_it_says_where_to_run_and_writes_nothing_there(minimal):
    content = minimal / "content"
    result = run_cli(["new", "compound", "xinyuan"], content)
    assert result.exit_code == 1 and not (content / "content").exists()
    assert f"{content}/content is inside the content folder {content}: run noticeboard from {minimal}, or give " \
        f"--content {content}" in result.stderr
    assert f"hint: {content}/content is inside the content folder" in run_cli(["check"], content).stderr
    # new site wrote content/lanting/content/site.yaml, a second site inside the first.
    site = run_cli(["new", "site"], content / "lanting")
    assert site.exit_code == 1 and not (content / "lanting/content").exists()
    assert f"a new site would be inside another: {content}/lanting/content is inside the content folder" in site.stderr


def test_a_compound_that_is_not_there_is_named_with_the_ones_that_are(minimal):
    assert "no compound 'lantign' in content (did you mean 'lanting'?)" in run_cli(
        ["new", "notice", "lantign", "标题"], minimal).stderr
    assert "no compound 'xinyuan' in content (it has lanting); to add one, run: noticeboard new compound xinyuan" \
        in run_cli(["new", "finance", "xinyuan", "2026-Q1"], minimal).stderr


LEDGERS = PROJECT / "tests/fixtures/ledgers"


def test_an_imported_ledger_becomes_a_quarter_that_builds(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    result = run_cli(["import", "ledger", str(LEDGERS / "lanting-2026-Q1.csv"), "xinyuan", "2026-Q1"], minimal)
    assert result.exit_code == 0, result.output
    assert "created content/xinyuan/finances/2026-Q1.yaml: 3 income and 4 expense lines" in result.output
    written = (minimal / "content/xinyuan/finances/2026-Q1.yaml").read_text(encoding="utf-8")
    # A new compound has no quarter before: it opens with the ledger's carried-forward balance, not 0.00.
    assert "opening_balance: 50000.00    # the balance the ledger opens with, as 2025-Q4 gives none" in written
    _fill_in(minimal / "content/xinyuan")
    # A quarter imported late is posted from that day, in the site's time zone: in China's evening the machine's
    # day (UTC) is the day before, and the quarter was not published yet on it.
    imported_on = today_for(minimal / "content").isoformat()
    assert run_cli(["check", "--date", imported_on], minimal).exit_code == 0
    assert run_cli(["build", "--no-pdf", "--date", imported_on], minimal).exit_code == 0
    page = (minimal / "output/xinyuan/finances/2026-q1/index.html").read_text(encoding="utf-8")
    assert "¥18,000.50" in page and "¥8,097.76" in page


def test_a_ledger_with_no_balance_and_no_quarter_before_leaves_both_balances_for_the_secretary(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    ledger = minimal / "ledger.csv"
    ledger.write_text("日期,凭证号,摘要,类别,收入,支出\n2026/1/5,记-1,物业费,物业费,100.00,\n"
                      "2026/1/8,记-2,电梯年检,维修,,5000.00\n", encoding="utf-8")
    result = run_cli(["import", "ledger", "ledger.csv", "xinyuan", "2026-Q1"], minimal)
    assert result.exit_code == 0, result.output
    assert "Write the opening and closing balances, add the shared revenue" in result.output
    written = (minimal / "content/xinyuan/finances/2026-Q1.yaml").read_text(encoding="utf-8")
    assert ("opening_balance:    # write the opening balance: there is no 2025-Q4.yaml to take it from\n"
            "closing_balance:    # the opening balance - 4900.00 (income less expenses)\n") in written
    assert "expected an amount such as 1234.50, found nothing" in run_cli(["check"], minimal).stderr


def test_a_ledger_with_unreadable_rows_lists_them_all_and_writes_nothing(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    result = run_cli(["import", "ledger", str(LEDGERS / "bad-rows.csv"), "xinyuan", "2026-Q1"], minimal)
    assert result.exit_code == 1
    rows = [line for line in result.stderr.splitlines() if "bad-rows.csv: row " in line]
    assert [line.split(": row ")[1].split(",")[0].split(":")[0] for line in rows] == ["3", "4", "5", "6", "7", "9", "10"]
    assert "row 3, 收入: expected an amount" in result.stderr and "壹佰元" in result.stderr
    assert "7 problems in the ledger; nothing was written" in result.stderr
    assert not (minimal / "content/xinyuan/finances/2026-Q1.yaml").exists()


def test_importing_never_replaces_a_quarter_without_force(minimal):
    target = minimal / "content/lanting/finances/2026-Q1.yaml"
    before = target.read_bytes()
    args = ["import", "ledger", str(LEDGERS / "lanting-2026-Q1.csv"), "lanting", "2026-Q1"]
    result = run_cli(args, minimal)
    assert result.exit_code == 1 and "already exists; nothing was changed" in result.stderr
    assert target.read_bytes() == before
    assert run_cli([*args, "--force"], minimal).exit_code == 0
    assert target.read_bytes() != before


def test_importing_again_keeps_the_file_it_replaces_and_its_posting_period_and_says_what_to_copy_back(minimal):
    # --force dropped the shared revenue's costs, the audit and the arrears without a copy, and posted the
    # quarter anew on the day of the import: `check` then called it late.
    target = minimal / "content/lanting/finances/2026-Q1.yaml"
    before = target.read_bytes()
    result = run_cli(["import", "ledger", str(LEDGERS / "lanting-2026-Q1.csv"), "lanting", "2026-Q1", "--force"],
                     minimal)
    assert result.exit_code == 0
    backup = target.with_name("2026-Q1.yaml~")
    assert backup.read_bytes() == before
    assert (f"The file it replaced is kept as {backup.relative_to(minimal)}, which the build leaves out; copy back "
            "from it what the ledger does not hold: shared_revenue, audit, arrears. The posting period is kept."
            ) in result.stdout
    assert "posting:\n  from: 2026-04-10\n  to: 2026-04-24\n" in target.read_text(encoding="utf-8")


def test_a_build_date_outside_the_years_content_may_have_is_a_usage_error(minimal):
    result = run_cli(["check", "--date", "9999-12-31"], minimal)
    assert result.exit_code == 2 and "expected a day from 1949 to 2099, found 9999-12-31" in result.stderr


@pytest.mark.parametrize(("given", "said"), [
    ("2026-13-01", "found '2026-13-01', which is not a day: month must be in 1..12"),
    ("2026/11/27", "found '2026/11/27'\n"),
])
def test_a_build_date_that_is_no_day_is_a_usage_error_in_the_words_of_content_files(minimal, given, said):
    result = run_cli(["check", "--date", given], minimal)
    assert result.exit_code == 2 and f"Invalid value for '--date': expected a date like 2026-11-25, {said}" in \
        result.stderr


@pytest.mark.parametrize("args, expected", [
    (["new", "finance", "lanting", "9999-Q4"],
     "expected a quarter like 2026-Q1 (from 1949 to 2099), found '9999-Q4'"),
    (["new", "notice", "lanting", "通知", "--slug", "a" * 300], "use at most 80 lowercase letters"),
    (["new", "compound", "a" * 300], "use at most 80 lowercase letters"),
    (["new", "notice", "lanting", "停水\x01通知"], "'停水\\x01通知' holds the control character U+0001"),
])
def test_new_with_an_argument_no_content_may_have_is_a_usage_error(minimal, args, expected):
    result = run_cli(args, minimal)
    assert result.exit_code == 2 and expected in result.stderr


def test_new_where_a_folder_is_a_file_says_which_and_changes_nothing(minimal):
    notices = minimal / "content/lanting/notices"
    shutil.rmtree(notices)
    notices.write_text("", encoding="utf-8")
    result = run_cli(["new", "notice", "lanting", "通知"], minimal)
    assert result.exit_code == 1 and "could not write content/lanting/notices" in result.stderr
    assert "Traceback" not in result.output and notices.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("option", ["--output", "--cache"])
def test_an_output_or_cache_folder_that_is_a_file_is_refused(minimal, option):
    (minimal / "afile").write_text("keep", encoding="utf-8")
    result = run_cli(["build", "--no-pdf", option, "afile"], minimal)
    assert result.exit_code == 1 and "afile is a file; choose a folder with " + option in result.stderr
    assert (minimal / "afile").read_text(encoding="utf-8") == "keep"


def test_a_build_without_sheets_says_the_pages_print_versions_may_be_missing_or_old(minimal):
    # A cold --no-pdf build left every page's 打印版 link leading nowhere, and said only "Built 97 files".
    result = run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal)
    assert result.exit_code == 0 and not list((minimal / "output").rglob("*.pdf"))
    assert "The sheets were not printed (--no-pdf)" in result.stdout
    assert "not printed" not in run_cli(["build", "--date", "2026-11-25"], minimal).stdout


def test_a_ledger_that_cannot_be_written_is_one_error_and_leaves_the_folder_as_it_was(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    blocked = minimal / "content/xinyuan/finances"  # a file where the folder should be: its mkdir fails
    shutil.rmtree(blocked, ignore_errors=True)
    blocked.write_text("", encoding="utf-8")
    result = run_cli(["import", "ledger", str(LEDGERS / "lanting-2026-Q1.csv"), "xinyuan", "2026-Q1"], minimal)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: could not write content/xinyuan/finances" in result.stderr and "nothing was changed" in result.stderr


def test_a_ledger_imported_again_keeps_the_file_it_replaces_and_no_partial_file(minimal):
    assert run_cli(["new", "compound", "xinyuan"], minimal).exit_code == 0
    arguments = ["import", "ledger", str(LEDGERS / "lanting-2026-Q1.csv"), "xinyuan", "2026-Q1"]
    assert run_cli(arguments, minimal).exit_code == 0
    first = (minimal / "content/xinyuan/finances/2026-Q1.yaml").read_text(encoding="utf-8")
    assert run_cli([*arguments, "--force"], minimal).exit_code == 0
    finances = minimal / "content/xinyuan/finances"
    assert sorted(path.name for path in finances.iterdir()) == ["2026-Q1.yaml", "2026-Q1.yaml~"]
    assert (finances / "2026-Q1.yaml~").read_text(encoding="utf-8") == first


def test_a_ledger_imported_again_that_cannot_be_written_keeps_the_copy_kept_before(minimal, monkeypatch):
    finances = minimal / "content/lanting/finances"
    (finances / "2026-Q3.yaml~").write_text("# kept before\n", encoding="utf-8")
    before = {path.name: path.read_bytes() for path in finances.iterdir()}

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", disk_full)
    with pytest.raises(OSError):
        scaffold.replace_with_copy_kept(finances / "2026-Q3.yaml", "opening_balance: 0.00\n")
    monkeypatch.undo()
    assert {path.name: path.read_bytes() for path in finances.iterdir()} == before


_TERMINATED_AT_THE_THIRD_MOVE = signalled_at_a_move("SIGTERM", "number == 3", """
from generator.cli import main
main(["build", "--no-pdf", "--date", "2026-11-26"])""")


def test_a_build_terminated_while_it_moves_its_files_in_puts_them_back_and_says_so(minimal):
    # SIGTERM (systemd, Docker, `timeout`) killed the build outright: the output was left half old, half new.
    assert run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).exit_code == 0
    before = tree_digest(minimal / "output")
    stopped = run_program(_TERMINATED_AT_THE_THIRD_MOVE, minimal)
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr.endswith("Stopped: output/ is as before, unless the build had already finished writing.\n")
    assert tree_digest(minimal / "output") == before


# The first sheet printed, the build is stopped; while it stops, it is signalled again, as `timeout` and systemd send
# SIGTERM to the build and then to its process group, and as a second Ctrl-C does.
_TERMINATED_TWICE = """
import os, signal, threading
from generator import pdf
sent = []
put = pdf.SheetCache.put
def put_then_stop(self, *args):
    put(self, *args)
    if not sent:
        sent.append(1)
        os.kill(os.getpid(), signal.SIGTERM)
pdf.SheetCache.put = put_then_stop
join = threading.Thread.join
def join_stopped_again(self, *args, **kwargs):
    if len(sent) == 1:
        sent.append(2)
        os.kill(os.getpid(), signal.SIGTERM)
    return join(self, *args, **kwargs)
threading.Thread.join = join_stopped_again
from generator.cli import main
main(["build", "--date", "2026-11-26"])"""


def test_a_build_terminated_twice_while_it_prints_ends_all_the_same(minimal):
    # The second signal stopped the stopping: a traceback, and the build hung for good, waiting for its workers.
    stopped = run_program(_TERMINATED_TWICE, minimal, timeout=120)
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr == ("Stopped: output/ and print/ are as before, unless the build had already finished "
                              "writing.\n")
    assert not (minimal / "output").exists()


@pytest.mark.parametrize("group", [[], ["new"], ["import"]])
def test_every_command_listed_by_help_is_described_in_full(tmp_path, group):
    # Six of them ended "...", cut by click at 45 characters: "Print only the sheets (of COMPOUND, or of all),
    # with the board...".
    listed = run_cli([*group, "--help"], tmp_path).output.split("Commands:\n")[1].splitlines()
    assert listed and all(line.strip().endswith(".") and not line.endswith("...") for line in listed), listed
