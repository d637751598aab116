"""Validation: every invalid-content case in tests/fixtures/invalid/ reports exactly what expected.txt says.

Each case folder holds
  overlay/      files copied over a fresh copy of tests/fixtures/minimal/ (paths relative to the site root),
  delete.txt    optional; one path per line (relative to the site root) removed from the copy first,
  expected.txt  the exact stderr of `noticeboard check` run in the copied site.

Run `pytest tests/test_validate.py --update-golden` to rewrite expected.txt from the current output;
then read every changed file: a wrong expectation is a defect, not a formality.
"""

from __future__ import annotations

import difflib
import re
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from conftest import (BUILD_DATE, FIXTURES, PROJECT, add_maintenance_fund, copy_compound, count_roof_vote_in_september,
                      edit, run_cli, write_election)
from generator import validate
from generator.build import BuildOptions, check

INVALID = FIXTURES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
HEADER = re.compile(r"^(?P<path>[^:\s][^:]*?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<severity>error|warning): ")


def make_case_site(case: Path, target: Path) -> Path:
    """A copy of the minimal site with the case's deletions and overlay applied."""
    shutil.copytree(FIXTURES / "minimal", target)
    delete = case / "delete.txt"
    if delete.is_file():
        for line in delete.read_text(encoding="utf-8").splitlines():
            if line.strip():
                path = target / line.strip()
                assert path.exists(), f"{delete}: {line.strip()} is not in the minimal fixture"
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    overlay = case / "overlay"
    if overlay.is_dir():
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return target


def headers(output: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, severity) of every diagnostic, in the order printed."""
    found = []
    for text in output.splitlines():
        match = HEADER.match(text)
        if match:
            found.append((match["path"], int(match["line"] or 0), int(match["col"] or 0), match["severity"]))
    return found


def test_there_are_invalid_cases():
    assert len(CASES) >= 18


@pytest.mark.parametrize("name", CASES)
def test_invalid_case_reports_exactly_the_expected_diagnostics(name: str, tmp_path: Path, update_golden: bool):
    case = INVALID / name
    site = make_case_site(case, tmp_path / "site")
    result = run_cli(["check"], cwd=site)
    # click >= 8.2: result.output mixes stdout and stderr; result.stderr is stderr alone.
    actual = result.stderr
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), f"{expected_file} is missing; run pytest with --update-golden, then read it"
    expected = expected_file.read_text(encoding="utf-8")

    assert result.exit_code == 1, result.output
    assert result.stdout == "", "check with errors must print nothing on stdout"
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            fromfile=f"{name}/expected.txt", tofile="noticeboard check (stderr)"))
        pytest.fail(f"stderr of `noticeboard check` differs from {name}/expected.txt:\n{diff}", pytrace=False)

    # Whatever the golden file says, these must hold for every case.
    assert "written" not in actual.splitlines()[-1], "check writes nothing: it need not say so"
    located = headers(actual)
    assert located, "no diagnostic lines found"
    assert located == sorted(located), "diagnostics are not sorted by file, line and column"
    assert all(path.startswith("content/") for path, *_ in located), "paths must be relative to the site root"
    errors = sum(1 for *_, severity in located if severity == "error")
    warnings = len(located) - errors
    summary = actual.splitlines()[-1]
    assert summary == f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}."


def test_several_errors_in_different_files_are_all_reported_in_one_run(tmp_path: Path):
    site = make_case_site(INVALID / "several-errors-at-once", tmp_path / "site")
    result = run_cli(["check"], cwd=site)
    located = headers(result.stderr)
    files = {path for path, *_ in located}
    assert len(files) >= 5, files
    assert any(count >= 2 for count in (sum(1 for p, *_ in located if p == f) for f in files)), \
        "expected at least one file with two errors, to show sorting by line within a file"
    assert located == sorted(located)


def test_the_minimal_fixture_has_no_errors_and_no_warnings():
    content = FIXTURES / "minimal" / "content"
    result = check(BuildOptions(content=content, root=content.parent, build_date=BUILD_DATE))
    assert [d.format() for d in result.diagnostics.items] == []
    assert {compound for compound, _, _ in result.codes} == {"lanting"}


def test_files_that_file_managers_editors_and_office_leave_behind_are_ignored(minimal: Path):
    lanting = minimal / "content/lanting"
    for junk in ["Thumbs.db", "desktop.ini", "notices/~$停水通知.docx", "notices/.DS_Store", "finances/Thumbs.db",
                 "notices/water-outage.md~", "notices/lift-consultation/Thumbs.db", "_draft.md"]:
        (lanting / junk).write_bytes(b"\x00\xff not content")
    result = check(BuildOptions(content=minimal / "content", root=minimal, build_date=BUILD_DATE))
    assert [d.format() for d in result.diagnostics.items] == []


def test_the_minimal_fixture_checks_clean_on_the_command_line(minimal: Path):
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == "No errors: the content is ready to build.\n"


@pytest.mark.skipif(not (PROJECT / "content" / "site.yaml").is_file(), reason="no demo content in this checkout")
def test_the_demo_content_has_no_errors():
    result = check(BuildOptions(content=PROJECT / "content", root=PROJECT, build_date=BUILD_DATE))
    assert [d.format() for d in result.diagnostics.errors] == []
    assert {compound for compound, _, _ in result.codes} == {"chenghu-yuan", "guiyuan-xincun", "kangning-li"}


# Messages that once misled: each test states the behaviour that is wanted.


def test_a_compound_profile_with_a_syntax_error_is_not_reported_as_missing(tmp_path: Path):
    site = make_case_site(INVALID / "missing-compound-profile", tmp_path / "site")
    profile = (FIXTURES / "minimal" / "content" / "lanting" / "compound.yaml").read_text(encoding="utf-8")
    broken = profile.replace('buildings: ["1", "2"], leader', 'buildings: ["1", "2", leader')
    assert broken != profile
    (site / "content" / "lanting" / "compound.yaml").write_text(broken, encoding="utf-8")
    result = run_cli(["check"], cwd=site)
    assert "not valid YAML" in result.stderr
    assert "missing:" not in result.stderr


def test_a_quarter_whose_file_cannot_be_read_is_not_also_said_to_be_unpublished(minimal: Path):
    # The warning had the secretary look for a missing file, or write the quarter again.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "opening_balance: ", "opening_balance： ")
    assert "2026-Q3.yaml:" in stderr and "not valid YAML" in stderr
    assert "not published" not in stderr
    (minimal / "content/lanting/finances/2026-Q3.yaml").unlink()
    assert "the finances for 2026-Q3 were due on" in run_cli(["check"], cwd=minimal).stderr


def test_a_quarter_whose_audit_has_an_error_is_not_also_said_to_have_no_audit(tmp_path: Path):
    site = make_case_site(INVALID / "finance-amount-error-beside-later-checks", tmp_path / "site")
    quarter = site / "content" / "lanting" / "finances" / "2026-Q2.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8").replace("date: 2026-07-05", "date: 2026-07-32"),
                       encoding="utf-8")
    result = run_cli(["check"], cwd=site)
    assert "audit.date: expected a date" in result.stderr
    assert "has no audit" not in result.stderr and "allocations add up to 700.00" in result.stderr


def test_a_notice_dated_in_the_year_9999_is_an_error_and_its_posting_is_not_counted(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("2026-11-20", "9999-12-30").replace(
        "2026-12-05", "9999-12-31"), encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "water-outage.md:3:1: error: date: expected a date from 1949 to 2099, found 9999-12-30" in result.stderr


def test_values_no_compound_has_are_errors_before_they_reach_a_page_or_a_file_name(minimal: Path):
    lanting = minimal / "content" / "lanting"
    profile = lanting / "compound.yaml"
    profile.write_text(re.sub(r"households: \d+", "households: " + "9" * 30, profile.read_text(encoding="utf-8")),
                       encoding="utf-8")
    notice = lanting / "notices" / "water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("title:", f"slug: {'a' * 300}\ntitle:", 1),
                      encoding="utf-8")
    shutil.rmtree(lanting / "votes")
    (lanting / "votes").write_text("", encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "households: expected less than or equal to 9999999, found 999" in result.stderr
    assert "water-outage.md:2:1: error: slug: expected at most 80 characters, found 300" in result.stderr
    assert "content/lanting/votes: error: 'votes' must be a folder, found a file" in result.stderr


def test_a_misspelt_phone_key_is_not_pointed_at_phone_public(tmp_path: Path):
    site = make_case_site(INVALID / "unknown-key-roster-member", tmp_path / "site")
    rosters = site / "content" / "lanting" / "rosters.yaml"
    rosters.write_text(rosters.read_text(encoding="utf-8").replace("biulding: 3栋", 'phone_nubmer: "13700003333"'),
                       encoding="utf-8")
    result = run_cli(["check"], cwd=site)
    assert "unknown field 'phone_nubmer'" in result.stderr
    assert "did you mean 'phone'?" in result.stderr
    assert "mobile number" not in result.stderr and "2 errors," in result.stderr


def test_an_identity_card_number_is_not_printed_in_full(tmp_path: Path):
    site = make_case_site(INVALID / "id-number-in-notice-body", tmp_path / "site")
    result = run_cli(["check"], cwd=site)
    assert "identity-card number (500227...)" in result.stderr
    assert "500227198805061234" not in result.output


def test_the_body_cannot_be_set_in_the_front_matter_and_is_not_offered_as_a_field(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("pinned: true", "pinned: true\nbody: 停水"),
                      encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert "body: 'body' cannot be set in the front matter; the notice's text goes below the second '---' line" \
        in result.stderr
    edit(notice, "body: 停水", "bdoy: 停水")
    result = run_cli(["check"], cwd=minimal)
    assert "unknown field 'bdoy' (expected one of: audience, title," in result.stderr
    assert "body" not in result.stderr.replace("'bdoy'", "")


_NO_TEXT = ("error: the notice has no text below its second '---' line: it would be published, and printed for the "
            "board, as a title alone")


@pytest.mark.parametrize("body", ["", "\n\n", "\u3000\u3000\n", "<!-- 正文见附件 -->\n"])
def test_a_notice_with_no_text_is_an_error_not_a_title_printed_alone(minimal: Path, body):
    # It passed `check`, and its sheet was the title, the QR code and the seal.
    notice = minimal / "content/lanting/notices/water-outage.md"
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text[:text.index("---", 3) + 4] + body, encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert f"water-outage.md:9: {_NO_TEXT}" in stderr
    assert "hint: write its text there; a notice that is its attachment says so in a line (详见附件)" in stderr
    assert "1 error" in stderr


def test_a_notice_of_a_csv_attachment_alone_has_its_table_for_text_and_one_with_other_errors_is_told_it_too(
        minimal: Path):
    notices = minimal / "content/lanting/notices"
    consultation = notices / "lift-consultation/index.md"  # its schedule.csv is shown as a table
    text = consultation.read_text(encoding="utf-8")
    consultation.write_text(text[:text.index("---", 3) + 4], encoding="utf-8")
    outage = notices / "water-outage.md"  # with a name no web address can have, the text was not checked
    text = outage.read_text(encoding="utf-8")
    outage.write_text(text[:text.index("---", 3) + 4], encoding="utf-8")
    outage.rename(notices / "停水.md")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert f"停水.md:9: {_NO_TEXT}" in stderr and "停水.md: error: slug: the file name '停水'" in stderr
    assert "index.md" not in stderr and "2 errors" in stderr, stderr


def test_a_text_signed_on_another_day_than_the_notices_date_is_a_warning_at_that_line(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n兰亭苑业主委员会\n\n2026年11月2日\n", encoding="utf-8")
    lines = notice.read_text(encoding="utf-8").splitlines()
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 0
    assert (f"content/lanting/notices/water-outage.md:{len(lines)}: warning: date: the text is signed on 2026-11-02, "
            "but the notice's date is 2026-11-20") in result.stderr


def test_a_mobile_number_in_an_attachment_is_allowed_when_the_compound_makes_it_public(minimal: Path):
    profile = minimal / "content" / "lanting" / "compound.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        '{role: 业委会主任, name: 钱二, phone: "13800001111"}',
        '{role: 业委会主任, name: 钱二, phone: "13800001111", phone_public: true}'), encoding="utf-8")
    _make_qian_ers_roster_phone_public(minimal)
    schedule = minimal / "content" / "lanting" / "notices" / "lift-consultation" / "schedule.csv"
    schedule.write_text(schedule.read_text(encoding="utf-8") + "联系,钱二 138-0000-1111\n", encoding="utf-8")
    assert run_cli(["check"], cwd=minimal).stderr == ""
    schedule.write_text(schedule.read_text(encoding="utf-8") + "联系,孙三 13800002222\n", encoding="utf-8")
    assert "a mobile number (138****2222) is written in it" in run_cli(["check"], cwd=minimal).stderr


def _make_qian_ers_roster_phone_public(site: Path) -> None:
    """As compound.yaml's making it public asks of the rosters too (residents would read two numbers)."""
    edit(site / "content/lanting/rosters.yaml", 'phone: "13800001111"}', 'phone: "13800001111", phone_public: true}')


def test_an_attachment_that_links_to_a_file_elsewhere_is_refused_and_nothing_of_it_published(minimal: Path):
    secret = minimal / "outside" / "budget.csv"
    secret.parent.mkdir()
    secret.write_text("阶段,进度\n内部,不公开\n", encoding="utf-8-sig")
    folder = minimal / "content" / "lanting" / "notices" / "lift-consultation"
    (folder / "schedule.csv").unlink()
    (folder / "schedule.csv").symlink_to(secret)
    result = run_cli(["build", "--no-pdf"], cwd=minimal)
    assert result.exit_code == 1
    assert ("content/lanting/notices/lift-consultation/index.md:7:6: error: attachments[1].file: 'schedule.csv' is a "
            "link to a file elsewhere on this computer") in result.stderr
    assert not (minimal / "output").exists()


def test_an_xml_attachment_is_refused_as_a_browser_would_run_it_as_a_page_of_the_site(minimal: Path):
    folder = minimal / "content" / "lanting" / "notices" / "lift-consultation"
    (folder / "page.xml").write_text('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
                                     encoding="utf-8")
    notice = folder / "index.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace(
        "  - {file: schedule.csv, title: 施工进度表}", "  - {file: schedule.csv, title: 施工进度表}\n"
        "  - {file: page.xml, title: 数据}"), encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1
    assert "attachments[2].file: 'page.xml' would be a web page or script of the site" in result.stderr


@pytest.mark.parametrize("name", ["javascript:alert(document.domain).png", "图#1.png", "图?2.png", "图%41.png"])
def test_an_attachment_whose_name_a_link_would_read_as_part_of_an_address_is_refused(minimal: Path, name: str):
    # javascript:….png was published as a link that ran the script; 图#1.png as a link to 图.
    folder = minimal / "content" / "lanting" / "notices" / "lift-consultation"
    Image.new("RGB", (40, 30), "white").save(folder / name, format="PNG")
    edit(folder / "index.md", "  - {file: schedule.csv, title: 施工进度表}",
         f"  - {{file: schedule.csv, title: 施工进度表}}\n  - {{file: '{name}', title: 平面图}}")
    result = run_cli(["build", "--no-pdf"], cwd=minimal)
    assert result.exit_code == 1
    assert f"attachments[2].file: '{name}' has " in result.stderr
    assert "in its name, which a link reads as part of a web address" in result.stderr
    assert not (minimal / "output").exists()


def test_a_balance_below_zero_is_a_warning_that_points_at_the_opening_balance(minimal: Path):
    q1 = minimal / "content" / "lanting" / "finances" / "2026-Q1.yaml"
    q1.write_text(q1.read_text(encoding="utf-8").replace("opening_balance: 10000.00", "opening_balance: -5000.00")
                  .replace("closing_balance: 12150.50", "closing_balance: -2849.50"), encoding="utf-8")
    result = run_cli(["check"], minimal)
    assert ("content/lanting/finances/2026-Q1.yaml:1:1: warning: opening_balance: is below zero (-5,000.00), which no "
            "account can hold") in result.stderr
    assert "2026-Q1.yaml:2:1: warning: closing_balance: is below zero (-2,849.50)" in result.stderr


def test_a_text_cut_short_by_a_hash_is_a_warning_but_a_note_after_a_value_is_not(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("title: 停水通知", "title: 停水通知 #2栋"),
                      encoding="utf-8")
    q1 = minimal / "content" / "lanting" / "finances" / "2026-Q1.yaml"
    q1.write_text(q1.read_text(encoding="utf-8").replace("opening_balance: 10000.00",
                                                         "opening_balance: 10000.00  # 上季度结转"), encoding="utf-8")
    result = run_cli(["check"], minimal)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "content/lanting/notices/water-outage.md:2:1: warning: title: the text ends before ' #': YAML reads '#' after "
        "a space, and all that follows it on the line, as a comment, so only '停水通知' is published")
    assert "1 warning" in result.stderr and "2026-Q1.yaml" not in result.stderr


def test_a_copy_or_a_backup_folder_in_the_content_is_an_error_that_says_how_to_keep_it_aside(minimal: Path):
    content = minimal / "content"
    shutil.copytree(content / "lanting", content / "备份")
    shutil.copy(content / "lanting/finances/2026-Q3.yaml", content / "lanting/finances/2026-Q3 - 副本.yaml")
    (content / "lanting/notes.txt").write_text("备忘", encoding="utf-8")
    stderr = run_cli(["check"], minimal).stderr
    assert "hint: if it is a copy, to keep it there but out of the site, put '_' in front of its name: " \
           "_2026-Q3 - 副本.yaml" in stderr
    assert "hint: if it is not a compound (a copy, a backup), to keep it there but out of the site, put '_' in " \
           "front of its name: _备份" in stderr
    assert "put '_' in front of its name: _notes.txt" in stderr
    for name in ("备份", "lanting/finances/2026-Q3 - 副本.yaml", "lanting/notes.txt"):
        (content / name).rename((content / name).with_name("_" + (content / name).name))
    assert run_cli(["check"], minimal).exit_code == 0


def test_a_quarter_misnamed_is_an_error_saying_to_rename_it_and_not_also_reported_missing(minimal: Path):
    # 2026Q2.yaml was also reported as the missing file of 2026-Q2, and its quarter as not published.
    finances = minimal / "content" / "lanting" / "finances"
    (finances / "2026-Q2.yaml").rename(finances / "2026Q2.yaml")
    stderr = run_cli(["check"], minimal).stderr
    assert "2026Q2.yaml: error: expected a file name like 2026-Q1.yaml, found '2026Q2.yaml'" in stderr
    assert "hint: rename it 2026-Q2.yaml" in stderr
    assert "no finance file for 2026-Q2" not in stderr and "not published" not in stderr, stderr


@pytest.mark.parametrize("name, hint", [
    # These were "if it is a copy, ...", and their quarter reported not published.
    ("2026-04", "a quarter's figures are kept in one file, and month 4 is in 2026-Q2: rename it 2026-Q2.yaml, or "
                "move its lines into that file"),
    ("2026年5月", "a quarter's figures are kept in one file, and month 5 is in 2026-Q2: rename it 2026-Q2.yaml"),
    ("2026.05", "a quarter's figures are kept in one file, and month 5 is in 2026-Q2: rename it 2026-Q2.yaml"),
    # It was told to be 2026-Q2.yaml only, though a secretary naming files by month means April.
    ("2026-2", "rename it 2026-Q2.yaml if it holds 2026-Q2; if it holds month 2 alone, its lines go in 2026-Q1.yaml, "
               "as a quarter's figures are kept in one file"),
])
def test_a_quarter_named_after_a_month_is_told_which_quarters_file_it_is_and_not_reported_missing(minimal: Path, name,
                                                                                                  hint):
    finances = minimal / "content" / "lanting" / "finances"
    (finances / "2026-Q2.yaml").rename(finances / f"{name}.yaml")
    stderr = run_cli(["check"], minimal).stderr
    assert f"{name}.yaml: error: expected a file name like 2026-Q1.yaml, found '{name}.yaml'" in stderr
    assert f"hint: {hint}" in stderr
    assert "no finance file for 2026-Q2" not in stderr and "not published" not in stderr, stderr


def test_a_quarter_saved_as_yml_is_an_error_saying_to_rename_it_and_not_also_reported_unpublished(minimal: Path):
    finances = minimal / "content" / "lanting" / "finances"
    (finances / "2026-Q3.yaml").rename(finances / "2026-Q3.yml")
    stderr = run_cli(["check"], minimal).stderr
    assert "hint: rename it 2026-Q3.yaml: only .yaml files are read. If not," in stderr
    assert "not published" not in stderr and stderr.endswith("1 error, 0 warnings.\n")


def test_a_quarter_with_no_audit_is_warned_about_at_the_audit_its_template_left_commented_out(minimal: Path):
    # It was placed at the file's first key, quoting `opening_balance:` as if that were the mistake.
    assert run_cli(["new", "finance", "lanting", "2026-Q4"], minimal).exit_code == 0
    quarter = minimal / "content/lanting/finances/2026-Q4.yaml"
    line = quarter.read_text(encoding="utf-8").splitlines().index("# audit:") + 1
    stderr = run_cli(["check", "--date", "2027-02-01"], minimal).stderr
    assert (f"content/lanting/finances/2026-Q4.yaml:{line}: warning: audit: 2026-Q4 has no audit by the supervision "
            "committee yet\n") in stderr
    edit(quarter, "# audit:", "  #  audit:")
    assert f"2026-Q4.yaml:{line}: warning: audit:" in run_cli(["check", "--date", "2027-02-01"], minimal).stderr
    edit(quarter, "  #  audit:", "#")
    stderr = run_cli(["check", "--date", "2027-02-01"], minimal).stderr
    assert "content/lanting/finances/2026-Q4.yaml: warning: audit: 2026-Q4 has no audit" in stderr


def test_a_csv_attachment_excel_would_show_garbled_is_a_warning(minimal: Path):
    schedule = minimal / "content" / "lanting" / "notices" / "lift-consultation" / "schedule.csv"
    schedule.write_bytes(schedule.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 0
    assert ("content/lanting/notices/lift-consultation/schedule.csv: warning: this CSV file is UTF-8 without a "
            "byte-order mark, and Excel shows its Chinese garbled") in result.stderr
    schedule.write_bytes(schedule.read_text(encoding="utf-8").encode("gbk"))
    assert run_cli(["check"], cwd=minimal).stderr == ""


def test_a_text_attachment_a_browser_may_show_garbled_is_a_warning(minimal: Path):
    # Served as text/plain without a charset, the canteen's menu read 'åº·å®é‡Œ' on a phone.
    folder = minimal / "content" / "lanting" / "notices" / "lift-consultation"
    (folder / "menu.txt").write_bytes("每周菜谱：周一 青菜豆腐".encode())
    edit(folder / "index.md", "  - {file: schedule.csv, title: 施工进度表}\n",
         "  - {file: schedule.csv, title: 施工进度表}\n  - {file: menu.txt, title: 菜谱}\n")
    assert ("lift-consultation/menu.txt: warning: this text file is UTF-8 without a byte-order mark, and a phone's "
            "browser may show its Chinese garbled") in run_cli(["check"], cwd=minimal).stderr
    (folder / "menu.txt").write_bytes("\ufeff每周菜谱：周一 青菜豆腐".encode())
    assert run_cli(["check"], cwd=minimal).stderr == ""


def test_an_attachment_whose_name_is_written_with_an_audience_is_screened_too(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "lift-consultation" / "index.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace(
        "{file: schedule.csv, title: 施工进度表}", "{file: {value: schedule.csv, audience: web}, title: 施工进度表}"),
        encoding="utf-8")
    schedule = notice.with_name("schedule.csv")
    schedule.write_text(schedule.read_text(encoding="utf-8-sig") + "张三,13812345678,110101199003071234\n",
                        encoding="utf-8-sig")
    result = run_cli(["check"], cwd=minimal)
    assert "identity-card number (110101...)" in result.stderr and "mobile number (138****5678)" in result.stderr


def test_a_text_nested_deeper_than_markdown_can_read_is_an_error_at_its_first_line(minimal: Path):
    notice = minimal / "content" / "lanting" / "notices" / "water-outage.md"
    front, _, _ = notice.read_text(encoding="utf-8").partition("\n---\n")
    nested = "\n".join("  " * depth + "- 项" for depth in range(600))
    notice.write_text(f"{front}\n---\n{nested}\n", encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "water-outage.md:9: error: the text nests lists or quotes hundreds of levels deep" in result.stderr


def test_some_buildings_deciding_a_matter_of_the_whole_compound_is_a_warning(minimal: Path):
    # 45 of 256 households hired the manager for the whole compound, and the page said 通过, with no word.
    stderr = _check(minimal, "votes/roof-repair.yaml", "matter: use_maintenance_fund\n",
                    "matter: hire_or_fire_manager\nscope: 1-3栋\n")
    assert ("roof-repair.yaml:4:1: warning: scope: only the owners of 1-3栋 voted, but item (四) of Civil Code art. "
            "278 is decided by the owners of the whole compound") in stderr


def test_a_summary_or_note_that_words_the_result_against_the_count_is_a_warning(minimal: Path):
    # The page's lead said 方案通过 and, a few lines below, 表决结果：未通过.
    stderr = _check(minimal, "votes/roof-repair.yaml", "约8万元维修。", "约8万元维修，方案未通过。")
    assert ("roof-repair.yaml:4:1: warning: summary: says '未通过', but the count makes the result passed") in stderr
    stderr = _check(minimal, "votes/roof-repair.yaml", "yes: {owners: 90, area: 7300.00}",
                    "yes: {owners: 9, area: 730.00}\n    no: {owners: 101, area: 8070.00}")
    assert "says '未通过'" not in stderr
    stderr = _check(minimal, "votes/roof-repair.yaml", "supervised_by: [李四]}",
                    "supervised_by: [李四], notes: 经统计，表决通过。}")
    assert "counting.notes: says '表决通过', but the count makes the result not passed" in stderr
    assert "业主通过" not in _check(minimal, "votes/roof-repair.yaml", "经统计，表决通过。", "业主通过纸质方式投票。")


def test_a_summary_is_not_judged_by_a_rule_easier_than_the_laws(minimal: Path):
    # The rule was refused, and the summary's 未通过, right by the law, was called wrong by the very same rule.
    _check(minimal, "votes/roof-repair.yaml", "yes: {owners: 90, area: 7300.00}", "yes: {owners: 30, area: 2400.00}")
    stderr = _check(minimal, "votes/roof-repair.yaml", "约8万元维修。", "约8万元维修，方案未通过。\nthresholds:\n  basis: "
                    "《物业管理条例》第十二条\n  participation: {ratio: 1/4, inclusive: true}")
    assert "thresholds.participation: the participation rule is easier to meet than Civil Code art. 278's" in stderr
    assert "says '未通过'" not in stderr and "1 error, 0 warnings." in stderr


def test_an_electorate_other_than_the_compounds_is_a_warning_unless_the_vote_names_its_buildings(minimal: Path):
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    text = vote.read_text(encoding="utf-8")
    vote.write_text(text.replace("{owners: 200, area: 16000.00}", "{owners: 210, area: 15000.00}"), encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 0
    assert ("content/lanting/votes/roof-repair.yaml:8:14: warning: electorate.owners: the electorate has 210 owners, "
            "more than the 200 households compound.yaml gives") in result.stderr
    assert ("content/lanting/votes/roof-repair.yaml:8:27: warning: electorate.area: the electorate's area is "
            "15,000.00 m², but compound.yaml gives the compound's exclusive area as 16,000.00 m² "
            "(difference -1,000.00)") in result.stderr
    vote.write_text(text.replace("{owners: 200, area: 16000.00}", "{owners: 160, area: 15000.00}\nscope: 1-3栋"),
                    encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    assert (result.exit_code, result.stderr) == (0, "")
    vote.write_text(text.replace("{owners: 200, area: 16000.00}", "{owners: 160, area: 16500.00}\nscope: 1-3栋"),
                    encoding="utf-8")
    assert "(difference 500.00)" in run_cli(["check"], cwd=minimal).stderr


def _check(site: Path, path: str, old: str, new: str) -> str:
    file = site / "content/lanting" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    return run_cli(["check"], cwd=site).stderr


def test_a_mobile_number_yaml_reads_as_a_number_is_screened_as_the_text_it_is_published_as(minimal: Path):
    stderr = _check(minimal, "services.yaml", "price: 每餐12元", "price: 13912345678")
    assert "services.yaml:12:5: error: services[2].price: a mobile number (139****5678) is written" in stderr


def test_an_identity_card_number_yaml_joins_from_two_lines_is_found(minimal: Path):
    stderr = _check(minimal, "services.yaml", "price: 每餐12元", "price: 身份证110101\n      199003071234")
    assert "services.yaml:12:5: error: services[2].price: found what looks like an identity-card number" in stderr


def test_a_key_left_without_a_value_is_an_error_though_the_field_may_be_left_out(minimal: Path):
    # `issuer:` left to fill in later was read as no issuer: the sheet was sealed in the committee's name, unsaid.
    stderr = _check(minimal, "notices/water-outage.md", "summary: 11月28日全天停水。", "summary:\nissuer:")
    assert "water-outage.md:7:1: error: summary: expected text, found nothing" in stderr
    assert "water-outage.md:8:1: error: issuer: expected text, found nothing" in stderr
    assert "2 errors," in stderr


def test_a_passport_number_is_an_error_quoted_by_its_first_letter_alone(minimal: Path):
    stderr = _check(minimal, "services.yaml", "price: 每餐12元", "price: 每餐12元，登记护照号：E12345612")
    assert ("services.yaml:12:24: error: found what looks like an identity-card number (E...); "
            "identity-card numbers must never be published") in stderr
    assert "E12345612" not in stderr


def test_a_phone_public_on_the_board_only_may_not_be_written_in_a_text_for_the_web(minimal: Path):
    _check(minimal, "compound.yaml", '{role: 业委会主任, name: 钱二, phone: "13800001111"}',
           '{role: 业委会主任, name: 钱二, phone: "13800001111", phone_public: true, audience: board}')
    # As the rosters give it too: in full on the board, as the contact's is, and not on the web.
    edit(minimal / "content/lanting/rosters.yaml", 'phone: "13800001111"}',
         'phone: {value: "13800001111", audience: board}, phone_public: true}')
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", "\n---\n请联系钱二13800001111。\n")
    assert "water-outage.md:9:6: error: a mobile number (138****1111) is written in the text" in stderr
    stderr = _check(minimal, "notices/water-outage.md", "category: 通知", "category: 通知\naudience: board")
    assert "138****1111" not in stderr


def test_while_the_profile_cannot_be_read_a_phone_it_makes_public_is_not_said_to_be_written_in_a_text(
        minimal: Path):
    # The hint would have the secretary delete the hotline from a correct notice.
    _check(minimal, "compound.yaml", '{role: 业委会主任, name: 钱二, phone: "13800001111"}',
           '{role: 业委会主任, name: 钱二, phone: "13800001111", phone_public: true}')
    _make_qian_ers_roster_phone_public(minimal)
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", "\n---\n请联系钱二13800001111。\n")
    assert stderr == ""
    stderr = _check(minimal, "compound.yaml", "households: ", "households： ")  # a full-width colon
    assert "compound.yaml" in stderr and "138****1111" not in stderr and "water-outage.md" not in stderr
    stderr = _check(minimal, "notices/water-outage.md", "请联系钱二", "或联系孙三13800002222，请联系钱二")
    assert "water-outage.md:9:6: error: a mobile number (138****2222) is written in the text" in stderr


def test_a_contacts_phone_in_chinese_quotes_is_an_error_at_its_line_not_a_link_with_the_quotes(minimal: Path):
    stderr = _check(minimal, "compound.yaml", 'phone: "023-41560000", phone_public: true, hours',
                    'phone: “023-41560000”, phone_public: true, hours')
    assert "compound.yaml:22:" in stderr and "contacts[2].phone: expected a phone number residents can dial" in stderr
    assert "hint: remove the quotation marks around the number" in stderr


@pytest.mark.parametrize("old,new,where", [
    ("date: 2026-10-08", "date: 2026-10-01", "roof-repair.yaml:5:1: error: date: counting date (2026-10-01) is before"),
    ("posting: {from: 2026-10-09", "posting: {from: 2026-10-07",
     "roof-repair.yaml:7:11: error: posting.from: posting starts (2026-10-07) before the votes were counted"),
    ("electorate: {owners: 200", "electorate: {owners: 100",
     "roof-repair.yaml:8:14: error: electorate.owners: participating owners (150) exceed the electorate (100)"),
    ("    no: {owners: 5, area: 380.00}\n", "",
     "roof-repair.yaml:14:5: error: ballots[2]: ballot channel 'online': expected 'yes' and 'no'")])
def test_a_votes_figures_that_disagree_are_an_error_at_the_field_that_says_so(minimal: Path, old, new, where):
    # They were all reported at the title, on line 1, naming no field.
    stderr = _check(minimal, "votes/roof-repair.yaml", old, new)
    assert where in stderr and stderr.count(where) == 1 and "1 error," in stderr


def test_every_disagreement_in_a_votes_figures_is_reported_in_one_run_with_its_other_errors(minimal: Path):
    # One at a time, and only once the vote's other fields were right: a secretary fixed them in turns.
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    text = vote.read_text(encoding="utf-8")
    for old, new in [("date: 2026-10-08", "date: 2026-10-01"), ("from: 2026-10-09", "from: 2026-09-30"),
                     ("owners: 200", "owners: 100"), ("matter: use_maintenance_fund", "matter: roof")]:
        text = text.replace(old, new)
    vote.write_text(text, encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    for where in ["roof-repair.yaml:3:1: error: matter: expected one of",
                  "roof-repair.yaml:5:1: error: date: counting date (2026-10-01) is before voting closed",
                  "roof-repair.yaml:7:11: error: posting.from: posting starts (2026-09-30) before the votes were",
                  "roof-repair.yaml:8:14: error: electorate.owners: participating owners (150) exceed the electorate"]:
        assert where in stderr
    assert "4 errors" in stderr


def test_a_closing_front_matter_line_typed_in_chinese_mode_is_pointed_at(minimal: Path):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", "\n——\n")
    assert ("water-outage.md:8: error: expected a line '---' closing the front matter that line 1 opens, found '——'"
            in stderr and "hint: type the line as three hyphens '---' with the input method in English mode" in stderr)


def test_check_reports_a_character_no_font_has_where_it_is_written(minimal: Path):
    # `check` said the content was ready, and the build then stopped when it printed the sheet: an error where
    # the sheet always prints the text (a title, a notice's text), a warning where it may.
    _check(minimal, "notices/water-outage.md", "title: 停水通知", "title: 停水通知🔥")
    _check(minimal, "notices/water-outage.md", "summary: 11月28日全天停水。", "summary: 11月28日全天停水🔥")
    stderr = _check(minimal, "notices/water-outage.md", "请各位业主提前储水。", "请各位业主提前储水。联系张𠀀师傅")
    assert ("water-outage.md:2:1: error: title: no installed font has 🔥 (U+1F525): the sheet prints this text, "
            "with an empty box in its place, so the build stops there" in stderr)
    assert "water-outage.md:10:14: error: no installed font has 𠀀 (U+20000): the sheet prints this text" in stderr
    assert ("water-outage.md:7:1: warning: summary: no installed font has 🔥 (U+1F525): a printed sheet that shows "
            "this text has an empty box in its place" in stderr)
    assert "2 errors, 1 warning" in stderr


@pytest.mark.parametrize("written, hint", [("by: 周五、钱二", "[周五, 钱二]"), ("by: 周五，钱二", "[周五, 钱二]"),
                                           ("by: 周五 钱二", "[周五, 钱二]"), ("by: 周五　钱二", "[周五, 钱二]"),
                                           ("by: 周五", "[周五]")])
def test_a_list_written_as_a_sentence_lists_its_items_is_given_as_a_list_in_the_hint(minimal: Path, written, hint):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "by: [周五]", written)
    assert "error: audit.by: expected a list (lines starting with '- ')" in stderr
    assert f"hint: write it as a list, the items between [ ] and set apart by the ASCII comma: {hint}" in stderr


def test_a_quarter_written_in_chinese_is_given_as_it_is_written_in_the_hint(minimal: Path):
    stderr = _check(minimal, "services.yaml", "{period: 2026-Q2,", "{period: 2026年第二季度,")
    assert "error: mediation[1].period: expected a quarter like 2026-Q1, found '2026年第二季度'" in stderr
    assert "hint: write 2026-Q2" in stderr


def test_a_ledger_row_pasted_from_a_spreadsheet_is_told_apart_with_the_fields_to_write(minimal: Path):
    # "expected a mapping" alone: jargon, and no pointer to the {date: …} form or to `import ledger`.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "{date: 2026-08-01, category: 保洁, description: 保洁服务费, "
                    "amount: 500.00, voucher: 记-2026-007}", "2026-08-01\t保洁\t保洁服务费\t500.00\t记-2026-007")
    assert ("error: expenses[1]: expected a mapping (lines of 'key: value'), found a row pasted from a spreadsheet, "
            "its cells apart by tabs") in stderr
    assert ("hint: write each cell after its field's name, as {date: …, category: …, description: …, amount: …, "
            "voucher: …}; or import the whole ledger from its spreadsheet with `noticeboard import ledger`") in stderr


def test_a_posting_left_out_is_given_with_an_example(minimal: Path):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting: {from: 2026-10-10, to: 2026-10-24}\n", "")
    assert "error: posting: required field is missing" in stderr
    assert "hint: add the days its sheet is on the board, as posting: {from: 2026-10-10, to: 2026-10-24}" in stderr


def test_a_yaml_file_wrapped_in_a_notices_dashes_is_told_to_lose_them(minimal: Path):
    # The hint said a bracket, brace or quote may not be closed.
    services = minimal / "content/lanting/services.yaml"
    services.write_text(f"---\n{services.read_text(encoding='utf-8')}---\n", encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "services.yaml:19:1: error: not valid YAML: but found another document" in stderr
    assert ("hint: a line of --- divides a file into documents, and this file is one: delete the --- lines") in stderr
    assert "bracket" not in stderr


@pytest.mark.parametrize("written", ["closing_balance:", "closing_balance: ~"])
def test_a_closing_balance_left_blank_is_worked_out_in_its_hint_to_check_against_the_statement(minimal: Path,
                                                                                              written):
    # As `new finance` leaves it: the figure came only after writing a guess (0), one run later.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "closing_balance: 13650.50", written)
    assert "2026-Q3.yaml:2:1: error: closing_balance: expected an amount such as 1234.50, found nothing" in stderr
    assert ("hint: opening 11,150.50 + income 3,000.00 - expenses 500.00 = 13,650.50: check it against the closing "
            "balance of the bank statement, and if they agree, write closing_balance: 13650.50") in stderr


@pytest.mark.parametrize("amount,field", [("3,000.00", "000.00"), ("3,600.00", "600.00")])
def test_an_amount_with_a_thousands_comma_inside_braces_is_pointed_at_with_why(minimal: Path, amount, field):
    # 3,600.00 made a key YAML reads as a number: the message quoted Decimal('600.00') at the line's start.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00", f"amount: {amount}")
    assert f"2026-Q3.yaml:4:69: error: income[1].{field}: unknown field '{field}'" in stderr
    assert (f"hint: inside {{…}} a comma separates the fields, so {amount} is read as 3 and a field '{field}': write "
            f"it without ¥ and commas: {amount.replace(',', '')}") in stderr
    assert "Decimal" not in stderr


@pytest.mark.parametrize("amount,read,rest,figure", [("¥8,640.00", "¥8", "640.00", "8640.00"),
                                                     ("4,500元", "4", "500元", "4500"),
                                                     ("10800,00", "10800", "00", "10800.00")])
def test_an_amount_typed_with_a_comma_inside_braces_is_given_whole_in_the_hint_of_both_its_errors(
        minimal: Path, amount, read, rest, figure):
    # The hint said to write 8 for ¥8,640.00, and the other error quoted a made-up 49,600.00.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00", f"amount: {amount}")
    hints = [line for line in stderr.splitlines() if line.startswith("  hint: inside {…}")]
    assert len(hints) == (2 if read.startswith("¥") else 1)
    assert all(f"so {amount} is read as {read} and a field '{rest}': " in hint and hint.endswith(f"{figure}")
               for hint in hints), hints


@pytest.mark.parametrize("path,old,new,where", [
    ("notices/water-outage.md", "title: 停水通知", 'title: ""', "water-outage.md:2:1: error: title: expected text, "
                                                                 'found an empty text ("")'),
    ("rosters.yaml", "name: 钱二", "name: \"　\"", "rosters.yaml:5:10: error: groups[1].members[1].name: expected "
                                                   "text, found only spaces"),
    ("votes/roof-repair.yaml", "counted_by: [钱二]", 'counted_by: [钱二, ""]',
     "roof-repair.yaml:17:29: error: counting.counted_by[2]: expected text, found an empty text"),
    ("finances/2026-Q3.yaml", "description: 7月物业费", 'description: ""',
     "2026-Q3.yaml:4:39: error: income[1].description: expected text")])
def test_text_left_empty_is_an_error_as_it_would_publish_an_empty_heading_or_name(minimal: Path, path, old, new,
                                                                                where):
    # "" passed, where a key left without a value did not: the page showed <h1></h1>, a card without a name.
    stderr = _check(minimal, path, old, new)
    assert where in stderr and "hint: write what it should say" in stderr


def test_a_correction_note_must_say_something(minimal: Path):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting: {from: 2026-10-10",
                    "corrections: [{date: 2026-11-25, note: ...}]\nposting: {from: 2026-10-10")
    assert "2026-Q3.yaml:11:34: error: corrections[1].note: expected what changed and why, found '...'" in stderr


def test_shared_revenue_in_the_ledger_without_a_shared_revenue_section_is_an_error(minimal: Path):
    # It passed, and the finances page showed the owners' shared revenue of the quarter as 0.00.
    quarter = minimal / "content/lanting/finances/2026-Q3.yaml"
    text = quarter.read_text(encoding="utf-8").replace("closing_balance: 13650.50", "closing_balance: 13850.50")
    quarter.write_text(text.replace("expenses:", "  - {date: 2026-08-05, category: 共有收益-停车, description: 7月停车费, "
                                    "amount: 200.00, voucher: 记-2026-008}\nexpenses:"), encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("2026-Q3.yaml:1:1: error: shared_revenue: the ledger has income of category 共有收益… (200.00), but no "
            "shared_revenue: says where it came from") in stderr and "1 error," in stderr


def test_a_list_item_joined_by_a_full_width_comma_is_a_warning_at_the_item(minimal: Path):
    stderr = _check(minimal, "votes/roof-repair.yaml", "counted_by: [钱二]", "counted_by: [钱二，李四]")
    assert ("roof-repair.yaml:17:25: warning: counting.counted_by[1]: '钱二，李四' is one item of the list: inside "
            "[...] items are separated by the ASCII comma ','") in stderr


@pytest.mark.parametrize("written,what", [('"物业费　"', "a space around it"), ("“物业费”", "quotation marks")])
def test_a_category_with_a_space_or_quotes_around_it_is_an_error(minimal: Path, written, what):
    # It passed, and the page listed two 物业费 with different totals; a notice's, a category of its own.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "category: 物业费", f"category: {written}")
    assert f"2026-Q3.yaml:4:24: error: income[1].category: expected the category without {what}" in stderr
    assert "hint: write 物业费: the site groups by category" in stderr
    stderr = _check(minimal, "notices/water-outage.md", "category: 通知", f"category: {written.replace('物业费', '通知')}")
    assert f"water-outage.md:4:1: error: category: expected the category without {what}" in stderr


@pytest.mark.parametrize("dash", ["－", "—", "–", "‐"])
def test_a_category_whose_parts_are_joined_by_another_dash_than_the_hyphen_is_an_error(minimal: Path, dash):
    # 共有收益－停车 beside 共有收益-停车 was shown as two categories, each with its own total.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "category: 物业费", f"category: 物业费{dash}1栋")
    assert (f"2026-Q3.yaml:4:24: error: income[1].category: expected the hyphen '-' between the parts of the category, "
            f"found '物业费{dash}1栋'") in stderr
    assert "hint: write 物业费-1栋: the site groups by category" in stderr



@pytest.mark.parametrize("written", ["物业　费", "物业 费", "物业费 - 1栋"])
def test_a_chinese_category_with_a_space_inside_is_an_error(minimal: Path, written):
    # 物业　费 passed, and the page listed it apart from 物业费, each with its own total.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "category: 物业费", f"category: {written}")
    assert ("2026-Q3.yaml:4:24: error: income[1].category: expected a Chinese category without spaces, found "
            f"'{written}'") in stderr
    assert f"hint: write {written.replace(' ', '').replace('　', '')}: the site groups by category" in stderr


def test_a_category_in_latin_words_keeps_its_spaces(minimal: Path):
    assert _check(minimal, "finances/2026-Q3.yaml", "category: 物业费", "category: Property fee") == ""


def test_a_category_carrying_an_invisible_character_is_an_error(minimal: Path):
    # 维修 with a zero-width space pasted from WeChat passed, and the page showed two 维修 with their own totals.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "category: 物业费", "category: \"物业费\\u200b\"")
    assert ("2026-Q3.yaml:4:24: error: income[1].category: expected the category without invisible characters, "
            "found '物业费<U+200B>'") in stderr
    assert "hint: type the category again" in stderr

def test_a_mediation_quarter_given_twice_is_an_error_at_the_second(minimal: Path):
    # It passed, and the services page listed 2026年第二季度 twice with two success rates.
    stderr = _check(minimal, "services.yaml", "{period: 2026-Q3, received: 0", "{period: 2026-Q2, received: 0")
    assert ("services.yaml:17:6: error: mediation[2].period: 2026-Q2 is given already, in item 1; expected each "
            "quarter once") in stderr


def test_a_contacts_phone_may_be_for_the_board_only(minimal: Path):
    assert _check(minimal, "compound.yaml", 'name: 钱二, phone: "13800001111"}',
                  'name: 钱二, phone: {value: "13800001111", audience: board}}') == ""


def test_a_count_in_full_width_digits_is_named_so(minimal: Path):
    # The hint said to write the number without quotes, where there were none.
    stderr = _check(minimal, "compound.yaml", "households: ", "households: ４")
    assert "households: expected a whole number, found the text '４" in stderr and "in full-width digits" in stderr
    assert "hint: write it in half-width digits, with the input method in English mode: 4" in stderr


def test_a_correction_dated_after_the_build_date_is_a_warning_at_its_line(minimal: Path):
    # A mistyped year passed, and the page showed 更正说明 2027年11月25日.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting: {from: 2026-10-10",
                    "corrections: [{date: 2027-11-25, note: 更正摘要。}]\nposting: {from: 2026-10-10")
    assert ("2026-Q3.yaml:11:16: warning: corrections[1].date: the correction is dated 2027-11-25, after the build "
            "date") in stderr


def test_check_warns_that_a_print_font_is_not_installed(minimal: Path):
    # check said the content was ready; the build stopped when it printed.
    site = minimal / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "print: {font: 宋体}\n", encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    line = len(site.read_text(encoding="utf-8").splitlines())
    assert (f"content/site.yaml:{line}:9: warning: print.font: the font '宋体' is not installed on this machine: "
            "the build stops when it prints the sheets") in stderr


def test_a_copied_vote_file_is_a_warning_as_its_result_would_be_published_twice(minimal: Path):
    votes = minimal / "content/lanting/votes"
    (votes / "roof-repair-v2.yaml").write_bytes((votes / "roof-repair.yaml").read_bytes())
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("roof-repair.yaml:1:1: warning: title: the same vote as content/lanting/votes/roof-repair-v2.yaml (its "
            "title, counted on 2026-10-08): its result would be published twice") in stderr


@pytest.mark.parametrize("notes, copied", [
    ("8月20日在物业办公室当众开箱计票。", True),  # another vote's: this one was held from 2026-09-20 to 2026-10-06
    ("2025年10月8日在物业办公室当众开箱计票。", True),  # the day, a year before
    ("１０月８日在物业办公室当众开箱计票。", False),  # the counting day, in full-width digits
    ("10月8日计票，结果10月9日起张贴，9月1日的预告作废。", False),  # one day of this vote's is enough
    ("在物业办公室当众开箱计票。", False),  # no day named
    # A day cited in a clause of its own, not the count's: the rules the assembly adopted.
    ("按2025年6月1日业主大会表决通过的议事规则第十二条，同意户数和面积均达到四分之三以上计票。", False),
])
def test_notes_on_a_count_that_name_only_days_outside_the_vote_are_a_warning(minimal: Path, notes: str,
                                                                              copied: bool):
    # Copied with another vote's file, they were published as this count's: 纸质票8月7日...当众开箱计票.
    edit(minimal / "content/lanting/votes/roof-repair.yaml", "counting: {counted_by: [钱二], supervised_by: [李四]}",
         f"counting: {{counted_by: [钱二], supervised_by: [李四], notes: {notes}}}")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert (f"roof-repair.yaml:17:51: warning: counting.notes: the notes on the count say it was held on {notes[:5]}"
            in stderr) is copied, stderr
    assert ("but this vote was held from 2026-09-20 to 2026-10-06, counted on 2026-10-08 and posted until "
            "2026-10-19: were they copied from another vote's?" in stderr) is copied


def test_a_vote_copied_from_another_with_its_count_kept_is_reported_at_the_later_one(minimal: Path):
    # Title and dates changed, count left: the old vote's result was published as the new vote's, 通过 and all.
    votes = minimal / "content/lanting/votes"
    copied = (votes / "roof-repair.yaml").read_text(encoding="utf-8").replace(
        "维修1栋屋面", "更换2栋电梯").replace("2026-10-08", "2026-11-20").replace(
        "{from: 2026-09-20, to: 2026-10-06}", "{from: 2026-11-01, to: 2026-11-18}").replace(
        "{from: 2026-10-09, to: 2026-10-19}", "{from: 2026-11-21, to: 2026-12-01}")
    (votes / "lift-2.yaml").write_text(copied, encoding="utf-8")
    result = run_cli(["check"], cwd=minimal)
    # A small electorate voting as one, twice, counts alike: a warning only, unless the notes say one count.
    assert result.exit_code == 0 and ("lift-2.yaml:9:1: warning: ballots: every figure of the count is "
                                      "roof-repair.yaml's, a vote held from 2026-09-20 to 2026-10-06: was the file "
                                      "copied from that vote's? The old result would be published as this vote's"
                                      ) in result.stderr
    assert result.stderr.count("every figure of the count") == 1
    notes = "counting: {counted_by: [钱二], supervised_by: [李四], notes: 9月20日起在物业办公室当众开箱计票。}"
    for vote in ("roof-repair.yaml", "lift-2.yaml"):
        edit(votes / vote, "counting: {counted_by: [钱二], supervised_by: [李四]}", notes)
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1 and ("lift-2.yaml:9:1: error: ballots: every figure of the count is "
                                      "roof-repair.yaml's, a vote held from 2026-09-20 to 2026-10-06, and so are the "
                                      "notes on the count: was the file copied") in result.stderr
    edit(votes / "lift-2.yaml", "no: {owners: 5, area: 380.00}", "no: {owners: 6, area: 380.00}")
    assert "every figure of the count" not in run_cli(["check"], cwd=minimal).stderr


def test_votes_held_together_may_count_alike(minimal: Path):
    votes = minimal / "content/lanting/votes"
    text = (votes / "roof-repair.yaml").read_text(encoding="utf-8")
    (votes / "roof-repair-2.yaml").write_text(text.replace("1栋屋面", "2栋屋面"), encoding="utf-8")
    assert "every figure of the count" not in run_cli(["check"], cwd=minimal).stderr


def test_a_picture_named_in_other_letter_case_than_its_file_is_named_so(minimal: Path):
    # "not beside the notice, put the file next to index.md": the file was there, as IMG_2041.JPG.
    notice = minimal / "content/lanting/notices/lift-consultation"
    (notice / "IMG_2041.JPG").write_bytes(b"\xff\xd8\xff\xe0")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "征询业主意见。\n", "征询业主意见。\n\n![现场](IMG_2041.jpg)\n")
    assert "error: the picture 'IMG_2041.jpg' is not beside the notice" in stderr
    assert "hint: the file beside it is written IMG_2041.JPG: write the name as the file has it" in stderr


@pytest.mark.parametrize("tag, picture", [('<img alt=">" src="arrears.png">', "arrears.png"),
                                          ('<img alt=">" src="/\\evil.example/pixel.png">',
                                           "/\\evil.example/pixel.png"),
                                          ('<img alt=">" src="../../../secret.png">', "../../../secret.png")])
def test_a_picture_whose_tag_holds_a_closing_bracket_in_quotes_is_checked_all_the_same(minimal: Path, tag, picture):
    # alt=">" hid the picture from the checks: a board-only picture went into the website's sheet, a file of
    # another folder into both sheets, and /\evil.example made phones load a picture from another host.
    folder = minimal / "content/lanting/notices/lift-consultation"
    Image.new("RGB", (40, 30), "white").save(folder / "arrears.png", format="PNG")
    edit(folder / "index.md", "  - {file: schedule.csv, title: 施工进度表}",
         "  - {file: schedule.csv, title: 施工进度表}\n  - {file: arrears.png, title: 欠费, audience: board}")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "现征询业主意见。", f"现征询业主意见。\n\n{tag}\n")
    assert f"error: the picture '{picture}' " in stderr


def test_a_control_character_in_a_title_or_a_text_is_an_error_at_its_line(minimal: Path):
    # Word's line break (U+000B) made the feed no XML, which a reader refuses whole; U+202E turned a title around.
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "title: 停水通知", 'title: "停水\\b通知"')
    notice.write_text(notice.read_text(encoding="utf-8") + "请注意\x0b事项。\n停水\u202e知通\n", encoding="utf-8")
    lines = notice.read_text(encoding="utf-8").count("\n")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanting/notices/water-outage.md:2:1: error: title: a control character, U+0008, is in the "
            "text") in stderr
    assert (f"content/lanting/notices/water-outage.md:{lines - 1}:4: error: a control character, U+000B, is in the "
            "text") in stderr
    assert (f"content/lanting/notices/water-outage.md:{lines}:3: error: a control character of writing direction, "
            "U+202E, is in the text") in stderr
    assert f"  {lines} | 停水\u202e知通" in stderr


def test_a_value_wrapped_whole_in_curly_quotes_is_a_warning_with_the_value_without_them(minimal: Path):
    # Word and WeChat turn "…" curly; the quotes were then published on every page and sheet.
    edit(minimal / "content/lanting/notices/water-outage.md", "title: 停水通知", "title: “停水通知”")
    edit(minimal / "content/lanting/compound.yaml", "name: 兰亭苑", "name: ‘兰亭苑’")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanting/notices/water-outage.md:2:1: warning: title: the text is wrapped in “”, which the page "
            "and the sheet show as part of it: “停水通知”") in stderr
    assert "hint: write 停水通知 without them (the quotes YAML reads are the straight ones" in stderr
    assert "content/lanting/compound.yaml:1:1: warning: name: the text is wrapped in ‘’" in stderr
    edit(minimal / "content/lanting/notices/water-outage.md", "title: “停水通知”", "title: “停水”和“停电”通知")
    edit(minimal / "content/lanting/compound.yaml", "name: ‘兰亭苑’", "name: “兰亭”苑")
    assert "wrapped in" not in run_cli(["check"], cwd=minimal).stderr


def test_a_committee_named_with_a_character_of_the_compounds_name_mistyped_is_a_warning(minimal: Path):
    # 兰亭园业主委员会 beside 兰亭苑: check said nothing, and the site showed two names for one committee.
    edit(minimal / "content/lanting/compound.yaml", "  name: 兰亭苑业主委员会", "  name: 兰亭园业主委员会")
    edit(minimal / "content/lanting/rosters.yaml", "  - name: 兰亭苑业主委员会", "  - name: 兰婷苑业主委员会")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("compound.yaml:11:3: warning: owners_committee.name: '兰亭园业主委员会' names the compound with one character "
            "other than its name, 兰亭苑: residents would see two names for one committee") in stderr
    assert "hint: write 兰亭苑业主委员会" in stderr
    assert "rosters.yaml:2:5: warning: groups[1].name: '兰婷苑业主委员会' names the compound" in stderr
    edit(minimal / "content/lanting/compound.yaml", "  name: 兰亭园业主委员会", "  name: 兰亭苑业委会")
    edit(minimal / "content/lanting/rosters.yaml", "  - name: 兰婷苑业主委员会", "  - name: 测试区第一业主委员会")
    edit(minimal / "content/lanting/compound.yaml", "name: 兰亭苑\n", "name: 兰亭苑\nobjections: {to: 兰亭社区居民委员会}\n")
    assert "names the compound" not in run_cli(["check"], cwd=minimal).stderr  # a place named as the compound is


def test_a_picture_the_checks_of_the_source_did_not_find_is_an_error_before_it_is_published():
    assert validate._pictures_unchecked("", '<p><img alt="&gt;" src="./a%20plan.png"></p>') == ["a plan.png"]
    assert validate._pictures_unchecked("![plan](a%20plan.png)", '<p><img alt="plan" src="a%20plan.png"></p>') == []


def test_a_link_in_the_text_to_a_file_not_published_beside_the_notice_is_an_error(minimal: Path):
    # check said nothing, and the page linked to a file that is not there (or not published).
    notice = minimal / "content/lanting/notices/lift-consultation"
    (notice / "extra.pdf").write_bytes(b"%PDF-1.4\n")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "现征询业主意见。",
                    "现征询业主意见，见[下载](missing-file.pdf)、[附件](./extra.pdf)、[进度](schedule.csv)和[停水](../water-outage/)。")
    assert ("index.md:9:24: error: the text links to 'missing-file.pdf', which is not beside the notice, so the link "
            "would be dead") in stderr
    assert ("index.md:9:47: error: the text links to 'extra.pdf', which is not listed under attachments, so the link "
            "would be dead") in stderr and "hint: add it: attachments: [{file: extra.pdf, title: ...}]" in stderr
    assert "2 errors, 0 warnings" in stderr  # the link to the listed file and to another page are right


def test_a_file_saved_in_utf16_is_named_so_as_notepad_names_it(minimal: Path):
    rosters = minimal / "content/lanting/rosters.yaml"
    rosters.write_bytes(rosters.read_text(encoding="utf-8").encode("utf-16"))
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "rosters.yaml:1: error: expected UTF-8 text, found byte 0xff: the file is in UTF-16, which Notepad calls" \
           " 'Unicode'" in stderr


def test_a_slug_set_to_another_notices_name_is_reported_at_the_line_that_sets_it(minimal: Path):
    # The file that comes first set it: the error went to the other, untouched, and named no line.
    stderr = _check(minimal, "notices/lift-consultation/index.md", "---\ntitle: ", "---\nslug: water-outage\ntitle: ")
    assert ("lift-consultation/index.md:2:1: error: slug: 'water-outage' is already used by "
            "content/lanting/notices/water-outage.md") in stderr and "water-outage.md:" not in stderr


def test_a_slug_copied_with_a_notice_is_reported_at_the_copy_not_at_the_notice_it_was_made_from(minimal: Path):
    # Reported at the published notice, whose `slug:` the secretary then changed: its web address and QR codes too.
    notices = minimal / "content/lanting/notices"
    edit(notices / "water-outage.md", "---\ntitle: ", "---\nslug: water-outage-nov\ntitle: ")
    (notices / "a-water-outage-dec.md").write_text((notices / "water-outage.md").read_text(encoding="utf-8").replace(
        "date: 2026-11-20", "date: 2026-11-24").replace("11月28日", "12月3日"), encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("a-water-outage-dec.md:2:1: error: slug: 'water-outage-nov' is already used by "
            "content/lanting/notices/water-outage.md") in stderr and "water-outage.md:2" not in stderr
    assert ("hint: give this notice a `slug:` of its own (copied with the file it was made from?); the other's is its "
            "web address, which residents' links and posted QR codes hold") in stderr


def test_a_key_in_capitals_is_offered_in_small_letters(minimal: Path):
    stderr = _check(minimal, "votes/roof-repair.yaml", "    no: {owners: 20", "    NO: {owners: 20")
    assert "unknown field 'NO'" in stderr and "hint: did you mean 'no'?" in stderr


def test_a_mobile_number_in_a_file_name_is_an_error_as_the_name_is_the_web_address(minimal: Path):
    notices = minimal / "content/lanting/notices"
    (notices / "water-outage.md").rename(notices / "13912345678.md")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanting/notices/139****5678.md: error: a mobile number (139****5678) is in the file's name, "
            "which is published in full as the web address") in stderr
    assert "13912345678" not in stderr
    assert "hint: rename the file without it" in stderr


def test_an_attachment_named_with_a_phone_number_is_to_be_renamed_not_masked(minimal: Path):
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "schedule.csv").rename(folder / "13912345678.csv")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "file: schedule.csv", "file: 13912345678.csv")
    assert "attachments[1].file: a mobile number (139****5678) is written in the text" in stderr
    assert "hint: rename the file without it: its name is published" in stderr


def test_an_attachment_that_cannot_be_read_is_an_error_as_it_would_be_published_unchecked(minimal: Path):
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "名单.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "attachments:\n",
                    "attachments:\n  - {file: 名单.doc, title: 名单}\n")
    assert ("content/lanting/notices/lift-consultation/名单.doc: error: a .doc file cannot be read, so it cannot be "
            "checked for identity-card or phone numbers, and an attachment is published as it is") in stderr
    stderr = _check(minimal, "notices/lift-consultation/index.md", "{file: 名单.doc, title: 名单}",
                    "{file: 名单.doc, title: 名单, audience: never}")
    assert "名单.doc" not in stderr  # published nowhere: it may stay as it is


@pytest.mark.parametrize("written", ["139**1234**5678", "`139`12345678", "<span>139</span>12345678",
                                     "139&nbsp;1234&nbsp;5678", "&#49;3912345678", "139\\-1234\\-5678", "139<!-- -->12345678", "139 1234\t5678",
                                     '<abbr title="&#49;3912345678">他</abbr>', "![&#49;3912345678](a.png)",
                                     "[呼叫](tel:%31%33%39%31%32%33%34%35%36%37%38)"])
def test_a_mobile_number_the_published_text_pieces_together_is_an_error(minimal: Path, written: str):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", f"\n---\n请联系{written}。\n")
    assert "error: a mobile number (139****5678) is" in stderr
    assert "13912345678" not in stderr


@pytest.mark.parametrize("written", ["身份证110101**19900307**1234。", '<abbr title="&#x31;10101199003071234">证</abbr>'])
def test_an_identity_card_number_the_published_text_or_its_tags_piece_together_is_an_error(minimal: Path,
                                                                                            written: str):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", f"\n---\n{written}\n")
    assert ("water-outage.md:9: error: an identity-card number (110101...) is in the text as published, pieced "
            "together from parts written apart") in stderr


def test_a_number_pieced_together_is_reported_at_the_line_where_its_pieces_begin(minimal: Path):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n",
                    "\n---\n第一段。\n\n第二段，\n请联系139**1234**5678，或身份证110101**19900307**\n1234。\n"
                    "\n第三段，请联系&#49;&#x33;8 0000 1111。\n")
    assert "water-outage.md:12: error: a mobile number (139****5678) is in the text as published" in stderr
    assert "water-outage.md:12: error: an identity-card number (110101...) is in the text as published" in stderr
    assert "water-outage.md:15: error: a mobile number (138****1111) is in the text as published" in stderr


def test_figures_in_neighbouring_table_cells_are_not_pieced_together(minimal: Path):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n",
                    "\n---\n| 户数 | 编号 |\n| --- | --- |\n| 13 | 912345678 |\n| 110101 | 199003071234 |\n\n")
    assert "error" not in stderr, stderr


def test_shared_revenue_the_ledger_received_is_checked_against_the_gross_or_the_net_declared(minimal: Path):
    finance = minimal / "content/lanting/finances/2026-Q3.yaml"
    shared = ("shared_revenue:\n  sources:\n    - {source: 地面停车, gross: 1000.00, costs: 200.00, cost_note: 收费员补贴}\n"
              "  allocations:\n    - {kind: reserve, amount: 800.00}\n")

    def check_with(received: str, declared: str) -> str:
        line = (f"  - {{date: 2026-07-31, category: 共有收益-停车, description: 7月停车费, amount: {received}, "
                "voucher: 记-2026-008}\n")
        closing = f"closing_balance: {Decimal('13650.50') + Decimal(received)}"
        finance.write_text(original.replace("expenses:\n", line + "expenses:\n").replace("closing_balance: 13650.50",
                                                                                   closing) + declared, "utf-8")
        return run_cli(["check"], cwd=minimal).stderr

    original = finance.read_text(encoding="utf-8")
    assert "but no shared_revenue: says where it came from" in check_with("1200.00", "")  # nothing declared
    assert ("warning: shared_revenue.sources: the ledger's income lines of category 共有收益… add up to 1,200.00, but "
            "the shared revenue's gross is 1,000.00 and its net 800.00 (difference to the gross 200.00)"
            ) in check_with("1200.00", shared)
    assert check_with("1000.00", shared) == check_with("800.00", shared) == ""


def test_costs_above_a_sources_gross_are_an_error_at_the_costs(minimal: Path):
    # Nothing tested it: a negative net, the owners' money, would have been published without a word.
    stderr = _check(minimal, "finances/2026-Q1.yaml", "gross: 1500.50, costs: 300.00", "gross: 1500.50, costs: 1600.00")
    assert ("2026-Q1.yaml:10:39: error: shared_revenue.sources[1].costs: costs 1,600.00 exceed gross income "
            "1,500.50") in stderr


def test_net_shared_revenue_without_allocations_is_a_warning_with_the_amount_to_allocate(minimal: Path):
    # The owners' 6,000.00 was published as earned, with nothing on where it went, and `check` said nothing.
    finance = minimal / "content/lanting/finances/2026-Q3.yaml"
    finance.write_text(finance.read_text(encoding="utf-8") + "shared_revenue:\n  sources:\n"
                       "    - {source: 电梯广告, gross: 6000.00, costs: 0.00}\n", encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("2026-Q3.yaml:12:1: warning: shared_revenue.allocations: the net shared revenue of 6,000.00 is not "
            "allocated: the page would show what the owners earned, but not where it went") in stderr
    assert "hint: add allocations: adding up to 6,000.00, each with its kind" in stderr


def test_a_landline_in_the_text_is_an_error_unless_the_compound_makes_it_public(minimal: Path):
    stderr = _check(minimal, "notices/water-outage.md", "\n---\n", "\n---\n李阿姨家中电话 023-4156 1234。\n")
    assert "water-outage.md:9:9: error: a phone number (023****1234) is written in the text" in stderr
    stderr = _check(minimal, "notices/water-outage.md", "023-4156 1234", "023-41560000")
    assert stderr == ""  # the property management office's phone, public in compound.yaml


_FUND_USE = """maintenance_fund:
  held_by: 某区物业专项维修资金专户
  opening_balance: 500000.00
  closing_balance: 420000.00
  uses:
    - {date: 2026-09-25, project: 1栋屋面维修, amount: 80000.00, vote: roof-repair}
posting:"""


def test_a_use_of_the_maintenance_fund_that_a_vote_counted_before_it_approved_passes_check(minimal: Path):
    count_roof_vote_in_september(minimal)
    assert _check(minimal, "finances/2026-Q3.yaml", "posting:", _FUND_USE) == ""


@pytest.mark.parametrize("old,new,problem", [
    ("matter: use_maintenance_fund", "matter: rebuild_or_reconstruct",
     "'roof-repair' was a vote on rebuild_or_reconstruct, not on using the maintenance fund"),
    ("yes: {owners: 90, area: 7300.00}", "yes: {owners: 30, area: 2300.00}",
     "the owners did not approve it: 'roof-repair' (关于使用专项维修资金维修1栋屋面的表决) did not pass"),
])
def test_a_use_of_the_maintenance_fund_needs_a_vote_on_using_it_that_passed(minimal: Path, old: str, new: str,
                                                                           problem: str):
    count_roof_vote_in_september(minimal)
    _check(minimal, "votes/roof-repair.yaml", old, new)
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting:", _FUND_USE)
    assert f"finances/2026-Q3.yaml:16:61: error: maintenance_fund.uses[1].vote: {problem}\n" in stderr


def test_shared_revenue_allotted_to_the_maintenance_fund_of_a_compound_that_never_shows_the_fund_is_a_warning(
        minimal: Path):
    # Owners saw money go to the fund every quarter, and never the fund's balance (Civil Code art. 281).
    stderr = _check(minimal, "finances/2026-Q1.yaml", "- {kind: fee_subsidy, amount: 800.50}",
                    "- {kind: maintenance_fund, amount: 800.50}")
    assert ("finances/2026-Q1.yaml:12:7: warning: shared_revenue.allocations[1]: allots 800.50 to the maintenance "
            "fund, and no quarter publishes the fund's account: owners would see money go to it, never its "
            "balance") in stderr
    assert "hint: add the maintenance_fund: section, from the account's statement for the quarter" in stderr
    add_maintenance_fund(minimal)
    assert "no quarter publishes the fund's account" not in run_cli(["check"], cwd=minimal).stderr


def test_the_maintenance_fund_opens_each_quarter_with_what_it_closed_the_last_with(minimal: Path):
    fund = "maintenance_fund: {{held_by: 某区专户, opening_balance: {0}, closing_balance: {0}}}\nposting:"
    _check(minimal, "finances/2026-Q2.yaml", "posting:", fund.format("500000.00"))
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting:", fund.format("499000.00"))
    assert ("2026-Q3.yaml:11:35: error: maintenance_fund.opening_balance: expected 500,000.00, the fund's closing "
            "balance of 2026-Q2, found 499,000.00 (difference -1,000.00)") in stderr
    stderr = _check(minimal, "finances/2026-Q3.yaml", fund.format("499000.00"), "posting:")
    assert ("2026-Q3.yaml:1:1: warning: maintenance_fund: 2026-Q2 published the maintenance fund, and 2026-Q3 says "
            "nothing of it") in stderr


def test_a_mistyped_opening_of_the_maintenance_fund_is_one_error_saying_which_figure_to_mend(minimal: Path):
    # Its closing balance, right, was also called off, by the opening's 1,000.00: mending both as told made it wrong.
    fund = "maintenance_fund: {{held_by: 某区专户, opening_balance: {0}, closing_balance: {1}}}\nposting:"
    _check(minimal, "finances/2026-Q2.yaml", "posting:", fund.format("500000.00", "500000.00"))
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting:", fund.format("499000.00", "500000.00"))
    assert ("2026-Q3.yaml:11:35: error: maintenance_fund.opening_balance: expected 500,000.00, the fund's closing "
            "balance of 2026-Q2, found 499,000.00 (difference -1,000.00)") in stderr
    assert "hint: the closing balance follows from the right opening already: mend the opening alone, to 500,000.00"\
        in stderr
    assert "closing_balance: does not" not in stderr and "1 error," in stderr
    # One that follows from neither is worked out from the opening the account's figures give.
    stderr = _check(minimal, "finances/2026-Q3.yaml", fund.format("499000.00", "500000.00"),
                    fund.format("499000.00", "500500.00"))
    assert ("error: maintenance_fund.closing_balance: does not reconcile: opening 500,000.00 (as 2026-Q2's figures "
            "work out) + deposits 0.00 - uses 0.00 = 500,000.00, but the file says 500,500.00 (difference 500.00)"
            ) in stderr


@pytest.mark.parametrize("path,old,new,where", [
    ("notices/water-outage.md", "title: 停水通知", "title: {value: 停水通知, audience: board}",
     "notices/water-outage.md:2:1: error: title: 'title' cannot be given an audience of its own"),
    ("rosters.yaml", "      - name: 孙三", "      - name: {value: 孙三, audience: never}",
     "rosters.yaml:6:9: error: groups[1].members[2].name: 'name' cannot be given an audience of its own"),
])
def test_a_title_or_name_cannot_be_withheld_on_its_own(minimal: Path, path: str, old: str, new: str, where: str):
    # The page showed the notice under "None", and the member as a card with no name.
    stderr = _check(minimal, path, old, new)
    assert where in stderr and "withhold the whole entry instead" in stderr, stderr


def test_the_owners_committees_term_cannot_end_before_it_starts(minimal: Path):
    stderr = _check(minimal, "compound.yaml", "  name: 兰亭苑业主委员会\n",
                    "  name: 兰亭苑业主委员会\n  term_start: 2026-01-04\n  term_end: 2021-01-03\n")
    assert ("compound.yaml:13:3: error: owners_committee.term_end: 'term_end' (2021-01-03) is before 'term_start' "
            "(2026-01-04)") in stderr


def test_a_member_pasted_twice_into_a_group_is_an_error_at_the_copy(minimal: Path):
    stderr = _check(minimal, "rosters.yaml", "      - name: 孙三\n", "      - {name: 孙三, role: 委员}\n      - name: 孙三\n")
    assert ("rosters.yaml:7:9: error: groups[1].members[3].name: '孙三' is listed twice in this group (委员); list "
            "each member once, with one role") in stderr, stderr


def test_a_member_listed_twice_in_a_group_with_two_roles_is_an_error_at_the_second(minimal: Path):
    # It passed, and the page listed 孙三 twice, as 主任 and as 委员: two people to a reader.
    stderr = _check(minimal, "rosters.yaml", "      - name: 孙三\n", "      - {name: 孙三, role: 主任}\n      - name: 孙三\n")
    assert ("groups[1].members[3].name: '孙三' is listed twice in this group (as 主任, and as 委员); list each member "
            "once, with one role") in stderr, stderr


def test_a_supervisor_who_is_also_on_the_owners_committee_is_a_warning(minimal: Path):
    # The owners' committee's chair sat on the supervision committee and signed the audit of his own accounts.
    stderr = _check(minimal, "rosters.yaml", "      - {name: 周五, role: 委员}", "      - {name: 钱二, role: 委员}")
    assert ("rosters.yaml:15:10: warning: groups[2].members[2].name: '钱二' is also on the owners' committee "
            "(兰亭苑业主委员会), which 兰亭苑业主监督委员会 oversees: they would check their own work") in stderr, stderr


def test_a_members_entry_copied_with_another_persons_phone_is_a_warning_at_the_copy(minimal: Path):
    # A new member's entry, copied from the predecessor's, kept the predecessor's phone: the board sent
    # residents' calls to someone no longer in the post.
    stderr = _check(minimal, "rosters.yaml", "      - {name: 李四, role: 主任}",
                    '      - {name: 李四, role: 主任, phone: "138 0000 1111"}\n      - {name: 赵六, role: 委员, '
                    'phone: "13800001111", phone_public: true}\n      - {name: 周七, role: 委员, '
                    'phone: "+86 138-0000-1111（8:00-20:00）"}')
    assert ("rosters.yaml:14:30: warning: groups[2].members[1].phone: '李四' is given the phone of '钱二' "
            "(兰亭苑业主委员会), 138 **** 1111: is it an entry copied from theirs, with the phone left as it was?"
            ) in stderr, stderr
    assert ("hint: give 李四's own phone; if the two do share one, give a household's under one of them only, and an "
            "office's line everyone may call with 'phone_public: true'") in stderr
    assert "'周七' is given the phone of '钱二'" in stderr  # the same number, written otherwise
    assert stderr.count("is given the phone of") == 2  # not 赵六's: one everyone may call is shared by design
    assert not re.search("0000[ -]?1111", stderr)  # masked, as the phone is on the web


def test_a_members_phone_masked_in_the_rosters_but_public_in_compound_yaml_is_a_warning(minimal: Path):
    # The services sheet printed 13800007065 in full, the committees sheet 138****7065: two numbers, to a resident.
    stderr = _check(minimal, "compound.yaml", '{role: 业委会主任, name: 钱二, phone: "13800001111"}',
                    '{role: 业委会主任, name: 钱二, phone: "138-0000-1111", phone_public: true}')
    assert ("rosters.yaml:5:110: warning: groups[1].members[1].phone: 钱二's phone is masked here (138****1111), "
            "but compound.yaml publishes it in full: residents would read two numbers") in stderr, stderr
    assert ("hint: write 'phone_public: true' beside its phone, as the number is public already; if it is not to be "
            "published, take 'phone_public: true' off it in compound.yaml") in stderr
    _make_qian_ers_roster_phone_public(minimal)
    assert "residents would read two numbers" not in run_cli(["check"], cwd=minimal).stderr
    # One compound.yaml shows on the board alone is printed in full beside the committees sheet's masked one.
    edit(minimal / "content/lanting/compound.yaml", '"138-0000-1111", phone_public: true}',
         '"138-0000-1111", phone_public: true, audience: board}')
    edit(minimal / "content/lanting/rosters.yaml", '"13800001111", phone_public: true}', '"13800001111"}')
    assert ("钱二's phone is masked here (138****1111), but compound.yaml publishes it in full on the board: "
            "residents would read two numbers") in run_cli(["check"], cwd=minimal).stderr
    # One it never publishes is nowhere beside it.
    edit(minimal / "content/lanting/compound.yaml", "audience: board}", "audience: never}")
    assert run_cli(["check"], cwd=minimal).stderr == ""


def test_one_person_in_two_groups_with_one_phone_is_no_copy(minimal: Path):
    stderr = _check(minimal, "rosters.yaml", "      - {name: 李四, role: 主任}",
                    '      - {name: 李四, role: 主任}\n      - {name: 钱二, role: 委员, phone: "13800001111"}')
    assert "phone of" not in stderr and "they would check their own work" in stderr, stderr


def test_two_extensions_of_one_office_line_are_two_phones(minimal: Path):
    stderr = _check(minimal, "rosters.yaml", "      - {name: 李四, role: 主任}",
                    '      - {name: 李四, role: 主任, phone: "023-41562208-801"}\n'
                    '      - {name: 赵六, role: 委员, phone: "023-41562208-802"}')
    assert "phone of" not in stderr and "error" not in stderr.replace("0 errors", ""), stderr


def test_a_candidate_listed_twice_is_reported_at_the_second_listing(minimal: Path):
    write_election(minimal, ["{name: 甲, owners: 120, area: 9600.00}", '{name: "甲　", owners: 87, area: 7000.00}'], 2)
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "votes/election.yaml:12:6: error: candidates[2].name: candidate '甲' appears more than once" in stderr, stderr


def test_a_count_nobody_took_part_in_or_supervised_by_its_counter_is_a_warning(minimal: Path):
    stderr = _check(minimal, "votes/roof-repair.yaml", "counting: {counted_by: [钱二], supervised_by: [李四]}",
                    "counting: {counted_by: [钱二], supervised_by: [李四, 钱二]}")
    assert ("roof-repair.yaml:17:50: warning: counting.supervised_by[2]: '钱二' both counted the ballots and "
            "supervised the count") in stderr, stderr
    vote = minimal / "content/lanting/votes/roof-repair.yaml"
    text = vote.read_text(encoding="utf-8")
    vote.write_text(text[:text.index("ballots:")] + "ballots:\n  - channel: paper\n    yes: {owners: 0, area: 0.00}\n"
                    "    no: {owners: 0, area: 0.00}\n" + text[text.index("counting:"):], encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "roof-repair.yaml:9:1: warning: ballots: nobody took part in this vote" in stderr, stderr


def test_a_period_line_in_a_finance_file_is_one_error_and_the_rest_of_the_file_is_still_checked(minimal: Path):
    # It was the only error reported: the closing balance that did not reconcile went unchecked.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "opening_balance: 11150.50\nclosing_balance: 13650.50",
                    "period: 2026-Q3\nopening_balance: 11150.50\nclosing_balance: 13650.45")
    assert "2026-Q3.yaml:1:1: error: period: the quarter comes from the file name; remove this line" in stderr
    assert "closing_balance" in stderr and "-0.05" in stderr and "2 errors," in stderr


def test_a_wrong_opening_balance_is_one_error_and_the_closing_is_worked_out_from_the_right_one(minimal: Path):
    # The closing balance, right, was also called off by the opening's 0.10; mending both as told made it wrong.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "opening_balance: 11150.50", "opening_balance: 11150.60")
    assert ("2026-Q3.yaml:1:1: error: opening_balance: expected 11,150.50, the closing balance of 2026-Q2, found "
            "11,150.60 (difference 0.10)") in stderr
    assert ("hint: the closing balance follows from the right opening already: mend the opening alone, to "
            "11,150.50") in stderr
    assert "closing_balance" not in stderr and "1 error," in stderr
    # One worked out from the wrong opening is not a second error: the opening's says what it becomes.
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "closing_balance: 13650.50", "closing_balance: 13650.60")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("hint: the closing balance was worked out from this opening: with the opening mended, to 11,150.50, it "
            "is 13,650.50") in stderr
    assert "closing_balance" not in stderr and "1 error," in stderr
    # One that follows from neither is worked out from the opening the file should have.
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "closing_balance: 13650.60", "closing_balance: 13650.70")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("closing_balance: does not reconcile: opening 11,150.50 (as 2026-Q2's figures work out) + income "
            "3,000.00 - expenses 500.00 = 13,650.50, but the file says 13,650.70 (difference 0.20)") in stderr


def test_a_closing_balance_off_and_the_next_quarters_as_well_are_each_worked_out_from_the_ledgers(minimal: Path):
    # Q3's closing was worked out from Q2's mistyped closing (11,510.50): mending both as told left Q3 off by 360.
    _check(minimal, "finances/2026-Q2.yaml", "closing_balance: 11150.50", "closing_balance: 11510.50")
    stderr = _check(minimal, "finances/2026-Q3.yaml", "closing_balance: 13650.50", "closing_balance: 13650.70")
    assert ("2026-Q2.yaml:2:1: error: closing_balance: does not reconcile: opening 12,150.50 + income 3,000.00 - "
            "expenses 4,000.00 = 11,150.50, but the file says 11,510.50 (difference 360.00)") in stderr
    assert ("hint: this opening is what the figures of 2026-Q2 and the quarters before it work out to: it is "
            "2026-Q2's closing balance that is off") in stderr
    assert ("2026-Q3.yaml:2:1: error: closing_balance: does not reconcile: opening 11,150.50 + income 3,000.00 - "
            "expenses 500.00 = 13,650.50, but the file says 13,650.70 (difference 0.20)") in stderr


def test_a_quarters_line_mistyped_with_its_closing_worked_out_from_it_is_offered_beside_mending_the_next_opening(
        minimal: Path):
    # Q2's expense mistyped 180 too high and its closing worked out from it; Q3's opening, from the bank, is right.
    # The hint said only to mend Q3's opening and closing: two wrong balances published.
    _check(minimal, "finances/2026-Q2.yaml", "amount: 4000.00", "amount: 4180.00")
    stderr = _check(minimal, "finances/2026-Q2.yaml", "closing_balance: 11150.50", "closing_balance: 10970.50")
    assert ("2026-Q3.yaml:1:1: error: opening_balance: expected 10,970.50, the closing balance of 2026-Q2, found "
            "11,150.50 (difference 180.00)") in stderr
    assert ("; but if this opening was copied from the bank statement, it is right: 2026-Q2's closing balance, worked "
            "out from its figures, is then 180.00 too low, and one of them (or of a quarter before it) is mistyped"
            ) in stderr


def test_a_wrong_opening_the_next_quarters_carried_on_says_what_to_mend_in_them_too(minimal: Path):
    # Q2's opening was mistyped, and Q3 took Q2's closing on: mending Q2 as told, the next run found Q3 off.
    _check(minimal, "finances/2026-Q2.yaml", "opening_balance: 12150.50\nclosing_balance: 11150.50",
           "opening_balance: 12510.50\nclosing_balance: 11510.50")
    stderr = _check(minimal, "finances/2026-Q3.yaml", "opening_balance: 11150.50\nclosing_balance: 13650.50",
                    "opening_balance: 11510.50\nclosing_balance: 14010.50")
    assert ("2026-Q2.yaml:1:1: error: opening_balance: expected 12,150.50, the closing balance of 2026-Q1, found "
            "12,510.50 (difference 360.00)") in stderr
    assert ("hint: the closing balance was worked out from this opening: with the opening mended, to 12,150.50, it "
            "is 11,150.50; 2026-Q3 took it on: mend its opening to 11,150.50 and its closing to 13,650.50 too"
            ) in stderr
    assert "1 error," in stderr


def test_a_field_without_its_colon_inside_braces_gets_the_field_written_right_as_its_hint(minimal: Path):
    # The hint asked "did you mean 'amount'?", of a field that reads as 'amount' already.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00", "amount 3000.00")
    assert "unknown field 'amount 3000.00'" in stderr
    assert "hint: a colon is missing after the key: write amount: 3000.00" in stderr


def test_a_full_width_colon_inside_braces_is_one_error_a_field_saying_how_to_write_it(minimal: Path):
    # Written with a Chinese input method, as the correction hint's {date: …, note: …} invites: "from" was also
    # reported missing, beside a field the secretary could see she wrote, and no hint said what was wrong.
    stderr = _check(minimal, "notices/water-outage.md", "posting: {from: 2026-11-20, to: 2026-12-05}",
                    "posting: {from：2026-11-20, to：2026-12-05}")
    assert ("water-outage.md:5:11: error: posting.from：2026-11-20: unknown field 'from：2026-11-20' (expected one "
            "of: from, to)") in stderr
    assert ("hint: the colon after 'from' is a full-width colon (：), typed with a Chinese input method, so YAML read "
            "it and the value as one name: write from: 2026-11-20") in stderr
    assert "hint: the colon after 'to' is a full-width colon" in stderr
    assert "required field is missing" not in stderr and "2 errors," in stderr


@pytest.mark.parametrize("written", ["catagory: 通知", "category 通知", "category\u00a0: 通知"])
def test_a_required_field_written_misspelt_is_one_error_at_its_line_not_also_a_missing_field(minimal: Path,
                                                                                              written):
    # It was also "category: required field is missing", at the title's line.
    stderr = _check(minimal, "notices/water-outage.md", "category: 通知", written)
    assert "water-outage.md:4:" in stderr
    assert "required field is missing" not in stderr
    assert "1 error" in stderr


@pytest.mark.parametrize("written, code", [("households\u00a0: ", "00A0"), ("\u00a0households: ", "00A0"),
                                           ("\u200bhouseholds: ", "200B")])
def test_an_invisible_character_in_a_fields_name_or_value_is_named(minimal: Path, written, code):
    # Each message quoted text that looked exactly like what was expected. A name at the level it belongs to is
    # not one indented wrongly, whatever comes before it.
    stderr = _check(minimal, "compound.yaml", "households: ", written)
    assert (f"hint: the name carries an invisible character (U+{code}), pasted with the text: delete the name and "
            "type it again") in stderr
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00", "amount: 3000.00\u200b")
    assert "income[1].amount: expected an amount such as 1234.50, found '3000.00<U+200B>'" in stderr


@pytest.mark.parametrize("path, old, new, key", [
    ("notices/water-outage.md", "title: 停水通知", "标题: 停水通知", "title"),
    ("finances/2026-Q3.yaml", "amount: 500.00", "金额: 500.00", "amount"),
    ("finances/2026-Q3.yaml", "description: 保洁服务费", "摘要: 保洁服务费", "description"),  # a ledger's 摘要
    ("notices/water-outage.md", "summary: 11月28日全天停水。", "摘要: 11月28日全天停水。", "summary"),  # a notice's
])
def test_a_key_written_in_chinese_is_told_its_english_name_as_one_error(minimal: Path, path, old, new, key):
    # 标题: was "unknown field" with no hint, and title "required field is missing" besides.
    stderr = _check(minimal, path, old, new)
    assert f"hint: keys are written in English: write {key}: in its place" in stderr
    assert "required field is missing" not in stderr and "1 error" in stderr, stderr


@pytest.mark.parametrize("space, name", [("\u00a0", "no-break space"), ("\u3000", "ideographic space")])
def test_a_line_indented_with_pasted_spaces_yaml_does_not_count_is_named(minimal: Path, space, name):
    # Pasted from WeChat: the message listed the top level's fields and quoted a line that looked right, no hint.
    stderr = _check(minimal, "compound.yaml", "  registration:", space * 2 + "registration:")
    assert f"compound.yaml:12:1: error: {space * 2}registration: unknown field" in stderr
    assert (f"hint: the line is indented with {name} characters (U+{ord(space):04X}), pasted with the text, which "
            "YAML does not count as indentation: delete them and indent the line with ordinary spaces") in stderr


@pytest.mark.parametrize("path, old, new, error, hint", [
    # Each was "expected a mapping (lines of 'key: value')", or "expected greater than 0", with no hint.
    ("finances/2026-Q3.yaml", "posting: {from: 2026-10-10, to: 2026-10-24}", "posting: 2026-10-10至2026-10-24",
     "11:1: error: posting: expected a mapping (lines of 'key: value'), found '2026-10-10至2026-10-24'",
     "write it as {from: 2026-10-10, to: 2026-10-24}"),
    ("votes/roof-repair.yaml", "posting: {from: 2026-10-09, to: 2026-10-19}",
     "posting: 2026年10月9日-2026年10月19日", "7:1: error: posting: expected a mapping",
     "write it as {from: 2026-10-09, to: 2026-10-19}"),
    ("finances/2026-Q3.yaml", "amount: 500.00", "amount: -500.00",
     "6:58: error: expenses[1].amount: expected greater than 0, found -500.00",
     "write it without the minus sign: the list a line is in says which way the money went, and money paid back is "
     "a line of the other list"),
])
def test_a_period_written_as_one_text_or_an_amount_written_negative_is_told_how_to_write_it(minimal: Path, path, old,
                                                                                            new, error, hint):
    stderr = _check(minimal, path, old, new)
    assert f"{Path(path).name}:{error}" in stderr
    assert f"hint: {hint}" in stderr


@pytest.mark.parametrize("file, written, error", [
    ("services.yaml", "", "services.yaml:1: error: expected a mapping (lines of 'key: value'), found nothing"),
    ("services.yaml", "services: []\n", "services.yaml:1:1: error: services: expected at least 1 item, found none"),
    ("rosters.yaml", "", "rosters.yaml:1: error: expected a mapping (lines of 'key: value'), found nothing"),
])
def test_a_file_a_compound_may_do_without_left_empty_is_told_to_be_deleted(minimal: Path, file, written, error):
    # "found nothing", or "expected at least 1 item", and no word that a compound may have none.
    (minimal / "content/lanting" / file).write_text(written, encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert error in stderr
    kind = "services" if file == "services.yaml" else "committee or group"
    assert f"hint: a compound with no {kind} to list leaves {file} out: delete the file" in stderr


def test_a_negative_arrear_is_not_told_to_go_in_another_list(minimal: Path):
    # An arrear has no other list, as a ledger's income has its expenses.
    stderr = _check(minimal, "finances/2026-Q1.yaml", "amount: 960.00}", "amount: -960.00}")
    assert "arrears[1].amount: expected greater than 0, found -960.00" in stderr
    assert "other list" not in stderr


@pytest.mark.parametrize("written, hint", [
    ("amount: 3000,00, voucher: 记-2026-006}", "hint: inside {…} a comma separates the fields, so 3000,00 is read "
                                             "as 3000 and a field '00': the decimal point is '.', not ',': write "
                                             "3000.00"),
    ("amount: 3000．00, voucher: 记-2026-006}", "hint: write it without ¥ and commas, in half-width characters: 3000.00"),
    ("amount: 3000。00, voucher: 记-2026-006}", "hint: write it without ¥ and commas, in half-width characters: 3000.00"),
    ("amount: 0.3万元, voucher: 记-2026-006}", "hint: write it in yuan, without 万: 3000.00"),
    ("amount: 0.3万, voucher: 记-2026-006}", "hint: write it in yuan, without 万: 3000.00"),
])
def test_an_amount_typed_with_a_decimal_comma_or_a_full_width_point_gets_the_amount_as_its_hint(minimal: Path,
                                                                                                 written, hint):
    # 10800,00 got the hint 1080000; 28500．00 and 18897。50 got none.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00, voucher: 记-2026-006}", written)
    assert hint in stderr


@pytest.mark.parametrize("written, hint", [
    ("2026.12.5", "hint: write it as 2026-12-05"), ("2026年12月5日", "hint: write it as 2026-12-05"),
    ("2026/12/5", "hint: write it as 2026-12-05"), ("2026-12-5", "hint: write it as 2026-12-05"),
    ("20261205", "hint: write it as 2026-12-05"), ("２０２６年１２月５日", "hint: write it as 2026-12-05"),
])
def test_a_date_written_as_people_write_dates_gets_it_written_as_expected_as_its_hint(minimal: Path, written, hint):
    # An amount with ¥ got the amount to write; a date like 2026.12.5 got no hint at all.
    stderr = _check(minimal, "notices/water-outage.md", "to: 2026-12-05}", f"to: {written}}}")
    assert "posting.to: expected a date like 2026-03-31, found " in stderr
    assert hint in stderr


@pytest.mark.parametrize("path, old, new, said", [
    ("rosters.yaml", "kind: supervision_committee", "kind: 监督委员会",
     "hint: write supervision_committee (业主监督委员会、监委会)"),
    ("votes/roof-repair.yaml", "matter: use_maintenance_fund", "matter: 改建重建",
     "hint: write rebuild_or_reconstruct (改建、重建建筑物及其附属设施)"),
    ("votes/roof-repair.yaml", "matter: use_maintenance_fund", "matter: 其他",
     "hint: the choices in Chinese: rules_of_procedure = 制定和修改业主大会议事规则; "),
    ("rosters.yaml", "party_member: true", "party_member: 是", "hint: write true"),
    ("compound.yaml", "phone_public: true, hours", "phone_public: 不公开, hours", "hint: write false"),
    ("notices/water-outage.md", "pinned: true", "pinned: true\naudience: 仅张贴", "hint: write board (仅张贴、只张贴)"),
])
def test_a_fixed_choice_written_in_chinese_gets_the_value_to_write(minimal: Path, path, old, new, said):
    # The message listed the English values alone: which one is 加装电梯, or 监督委员会?
    stderr = _check(minimal, path, old, new)
    assert said in stderr
    assert "hint: the choices in Chinese: \n" not in stderr  # a choice without Chinese names gave an empty list


def test_an_attachment_put_beside_a_notice_file_is_told_to_go_in_the_notices_folder(minimal: Path):
    # It was "not found beside the notice (the folder holds: no other files)", and the file itself got the hint
    # to set it aside with '_', the opposite of what the secretary meant.
    (minimal / "content/lanting/notices/电梯 方案.docx").write_bytes(b"PK")
    stderr = _check(minimal, "notices/water-outage.md", "pinned: true\n",
                    "pinned: true\nattachments:\n  - {file: 电梯 方案.docx, title: 方案}\n")
    assert ("water-outage.md:8:6: error: attachments[1].file: '电梯 方案.docx' lies in notices/ beside "
            "water-outage.md, but a notice's attachments lie in a folder of its own") in stderr
    assert ("hint: make the notice a folder: move water-outage.md to notices/water-outage/index.md, and "
            "电梯 方案.docx into notices/water-outage/") in stderr
    assert ("hint: if it is a notice's attachment, make the notice a folder, notices/<name>/index.md, and put the "
            "file beside index.md. If not, to keep it there") in stderr


def test_an_attachment_listed_by_a_notice_written_as_one_file_is_not_said_to_be_missing_from_a_folder(
        minimal: Path):
    # "(the folder holds: no other files)", of notices/, which holds other notices: there is no such folder.
    stderr = _check(minimal, "notices/water-outage.md", "pinned: true\n",
                    "pinned: true\nattachments:\n  - {file: 检查安排.csv, title: 检查安排}\n")
    assert ("water-outage.md:8:6: error: attachments[1].file: '检查安排.csv' not found: water-outage.md is a notice "
            "written as one file, which has no folder of attachments") in stderr
    assert ("hint: a notice with attachments is a folder: notices/<name>/index.md with the files next to "
            "index.md") in stderr


def test_every_full_width_colon_of_a_file_is_reported_in_one_run(minimal: Path):
    # YAML stops at the first: the secretary fixed one, ran check, and met the next.
    _check(minimal, "services.yaml", "    place: 小区活动室", "    place：小区活动室")
    stderr = _check(minimal, "services.yaml", "    offers: 老年人午餐", "    offers：老年人午餐")
    assert "services.yaml:6:10: error: not valid YAML: could not find expected ':'" in stderr
    assert "services.yaml:10:11: error: not valid YAML either\n  10 |     offers：老年人午餐" in stderr
    assert "2 errors, 0 warnings" in stderr


def test_a_notice_saved_with_another_ending_is_told_to_be_renamed_not_to_be_an_attachment(minimal: Path):
    (minimal / "content/lanting/notices/water-outage.md").rename(minimal / "content/lanting/notices/water-outage.MD")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("hint: if it is a notice, rename it water-outage.md: only files ending in .md are read. If not, to keep "
            "it there") in stderr and "notice's attachment" not in stderr


def test_a_date_written_as_people_write_dates_that_is_no_day_says_so(minimal: Path):
    stderr = _check(minimal, "notices/water-outage.md", "to: 2026-12-05}", "to: 2026.2.30}")
    assert "posting.to: expected a date like 2026-03-31, found '2026.2.30', which is not a day" in stderr
    assert "hint: write it as" not in stderr


def test_a_count_written_with_its_unit_gets_the_number_alone_as_its_hint(minimal: Path):
    stderr = _check(minimal, "compound.yaml", "households: 200", "households: 200户")
    assert "households: expected a whole number, found '200户'" in stderr
    assert "hint: write the number alone, without '户': 200" in stderr
    stderr = _check(minimal, "compound.yaml", "households: 200户", "households: 2万")
    assert "households: expected a whole number, found '2万'" in stderr and "write the number alone" not in stderr


@pytest.mark.parametrize("written", ["16,000.00㎡", "16000.00平方米"])
def test_an_area_written_with_its_unit_is_called_an_area_and_gets_the_figure_alone_as_its_hint(minimal: Path,
                                                                                               written):
    # It was called "an amount", and got no hint.
    stderr = _check(minimal, "compound.yaml", "exclusive_area: 16000.00", f"exclusive_area: {written}")
    assert f"exclusive_area: expected an area in square metres, such as 1234.56, found '{written}'" in stderr
    assert "hint: write it without its unit and commas: 16000.00" in stderr


def test_an_amount_written_alone_with_a_decimal_comma_gets_the_amount_as_its_hint(minimal: Path):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "  - {date: 2026-07-10, category: 物业费, description: 7月物业费, "
                    "amount: 3000.00, voucher: 记-2026-006}", "  - date: 2026-07-10\n    category: 物业费\n"
                    "    description: 7月物业费\n    amount: 3000,00\n    voucher: 记-2026-006")
    assert "hint: the decimal point is '.', not ',': write 3000.00" in stderr


@pytest.mark.parametrize("written, found", [("31_50.00", "'31_50.00'"), ('"3_000.00"', "'3_000.00'"),
                                             ("3e3", "'3e3'")])
def test_an_amount_in_a_shape_no_one_reads_as_written_is_an_error(minimal: Path, written, found):
    # Decimal() read 31_50.00 (YAML's digit separator) as 3150.00, and 3e3 as 3000: both were published.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00, voucher: 记-2026-006}",
                    f"amount: {written}, voucher: 记-2026-006}}")
    assert f"amount: expected an amount such as 1234.50, found {found}" in stderr


def test_an_amount_with_a_digit_separator_gets_it_without_as_its_hint(minimal: Path):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "amount: 3000.00, voucher: 记-2026-006}",
                    "amount: 3_000.00, voucher: 记-2026-006}")
    assert "hint: write the amount in digits and one '.', without '_': 3000.00 if that is meant" in stderr


def test_an_area_in_quotes_is_read_only_when_plain(minimal: Path):
    stderr = _check(minimal, "compound.yaml", "exclusive_area: 16000.00", 'exclusive_area: "16_000.00"')
    assert "exclusive_area: expected an area in square metres, such as 1234.56, found '16_000.00'" in stderr
    assert "error" not in _check(minimal, "compound.yaml", '"16_000.00"', '"16000.00"')


@pytest.mark.parametrize("broken", ["date: 2026/10/8", "posting: {from: 2026-10-09, to: 2026年10月19日}",
                                    "kind: 表决"])
def test_a_votes_figures_are_checked_together_when_its_dates_or_its_kind_have_errors(minimal: Path, broken):
    # Only the date's (or the kind's) error was reported: the turnout above the electorate waited for the next run.
    _check(minimal, "votes/roof-repair.yaml", "yes: {owners: 90,", "yes: {owners: 190,")
    field = broken.split(":")[0]
    written = {"date": "date: 2026-10-08", "posting": "posting: {from: 2026-10-09, to: 2026-10-19}",
               "kind": "kind: decision"}[field]
    stderr = _check(minimal, "votes/roof-repair.yaml", written, broken)
    assert f"error: {field}" in stderr
    assert "participating owners (250) exceed the electorate (200)" in stderr


def test_an_arrear_on_the_web_that_names_more_than_a_unit_is_a_warning(minimal: Path):
    # The owner's name was published with the debt on the open web, without a word.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "{unit: 3栋1单元101,",
         "{unit: 3栋1单元101 张建国, audience: web,")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("2026-Q1.yaml:19:6: warning: arrears[1].unit: an arrear published on the web names more than a unit: "
            "'3栋1单元101 张建国' (a name?)") in stderr
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "3栋1单元101 张建国", "3栋1单元101")
    assert "arrears" not in run_cli(["check"], cwd=minimal).stderr


def test_a_unit_on_the_boards_arrears_list_named_in_a_text_for_the_web_is_an_error(minimal: Path):
    # The arrears list is for the board only, and a ledger line published the same unit's debt on the web.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "description: 1月物业费,", "description: 1月物业费（含3栋1单元101补缴）,")
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "账实相符。", "账实相符。3栋1单元101欠费4个月，已催缴。")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("2026-Q1.yaml:4:39: error: income[1].description: names 3栋1单元101, a unit whose arrears are for the "
            "board only, and this text is published on the web") in stderr
    assert "2026-Q1.yaml:17:3: error: audit.opinion: names 3栋1单元101, a unit whose arrears" in stderr
    assert ("hint: leave the unit out of it (补缴欠费), or mark the text for the board: {value: …, audience: board}"
            in stderr)
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "opinion: 经审核", "opinion: {audience: board, value: 经审核")
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "已催缴。", "已催缴。}")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "audit.opinion" not in stderr and "1 error," in stderr
    # Named for a repair at its door, or as part of another unit's number, it says nothing of a debt.
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "1月物业费（含3栋1单元101补缴）", "3栋1单元101门前下水道疏通")
    edit(minimal / "content/lanting/finances/2026-Q1.yaml", "description: 停车费", "description: 13栋1单元1011补缴停车费")
    assert "names 3栋1单元101" not in run_cli(["check"], cwd=minimal).stderr


def test_an_audit_dated_after_the_posting_began_is_a_warning(minimal: Path):
    stderr = _check(minimal, "finances/2026-Q3.yaml", "posting: {from: 2026-10-10,", "posting: {from: 2026-10-02,")
    assert "audit.date: the audit is dated 2026-10-05, after the posting began on 2026-10-02" in stderr


def test_a_ledger_line_entered_twice_is_a_warning_at_the_second(minimal: Path):
    # Pasted twice, it passed, and its amount was counted twice in the totals.
    line = "  - {date: 2026-08-01, category: 保洁, description: 保洁服务费, amount: 500.00, voucher: 记-2026-007}\n"
    stderr = _check(minimal, "finances/2026-Q3.yaml", line, line * 2)
    assert ("2026-Q3.yaml:7:5: warning: expenses[2]: the same line as expenses[1] (date, category, description, "
            "amount and voucher): is it entered twice? Its 500.00 is counted twice") in stderr


def test_a_quarter_whose_ledger_is_mostly_the_last_ones_but_for_the_dates_is_a_warning(minimal: Path):
    # Last quarter's file copied for this one: with its dates changed, its lines were published again as new.
    for quarter, month in (("2026-Q2", "05"), ("2026-Q3", "08")):
        edit(minimal / f"content/lanting/finances/{quarter}.yaml", "expenses:\n", f"""  - {{date: 2026-{month}-03, \
category: 停车费, description: 临时停车费, amount: 100.00, voucher: 记-9}}
expenses:
  - {{date: 2026-{month}-04, category: 维修, description: 更换楼道灯泡, amount: 100.00, voucher: 记-10}}
""")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("2026-Q3.yaml:5:5: warning: income[2]: 2 of its 4 ledger lines are 2026-Q2's but for their dates "
            "(category, description, amount and voucher): was the file copied from that quarter's, and its lines not "
            "replaced?") in stderr
    assert "hint: enter 2026-Q3's own lines from its vouchers" in stderr and "2026-Q2.yaml:5" not in stderr
    # Vouchers numbered afresh each month (记-1 again) are no copy: the lines differ all the same.
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "更换楼道灯泡", "更换电梯按钮")
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "voucher: 记-2026-006}", "voucher: 记-2026-004}")
    assert "ledger lines are" not in run_cli(["check"], cwd=minimal).stderr


def test_a_picture_too_heavy_for_a_phone_is_a_warning_at_its_place(minimal: Path):
    # A 12000 x 9000 scan passed without a word, and Pillow's own warning reached the terminal as Python's.
    from PIL import Image
    notice = minimal / "content/lanting/notices/lift-consultation"
    Image.new("1", (12000, 9000)).save(notice / "scan.png")
    _check(minimal, "notices/lift-consultation/index.md", "attachments:\n",
           "attachments:\n  - {file: scan.png, title: 图纸}\n")
    index = notice / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![图纸](scan.png)\n", encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "warning: the picture 'scan.png' is" in stderr and "12000 x 9000 pixels: residents' phones" in stderr
    assert "hint: save it smaller, under 2 MB" in stderr and "DecompressionBomb" not in stderr
    # One of more pixels than Pillow opens at all (a 389 KB PNG of 20000 x 20000) was let pass without a word.
    Image.new("1", (20000, 20000)).save(notice / "scan.png")
    assert "20000 x 20000 pixels: residents' phones" in run_cli(["check"], cwd=minimal).stderr


def test_a_folder_inside_a_notices_folder_is_a_warning_and_an_attachment_listed_in_it_is_pointed_next_to_index(
        minimal: Path):
    # The folder was silently left out; an attachment listed in it was "not found beside the notice".
    photos = minimal / "content/lanting/notices/lift-consultation/照片"
    photos.mkdir()
    (photos / "a.txt").write_text("现场照片说明", encoding="utf-8")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "attachments:\n",
                    "attachments:\n  - {file: 照片/a.txt, title: 说明}\n")
    assert "warning: the folder '照片' inside the notice's folder is not published, nor anything in it" in stderr
    assert ("hint: an attachment lies next to index.md, not in a folder of its own: move it there and write its "
            "name alone, a.txt") in stderr


def test_two_compounds_of_one_name_are_a_warning_at_the_second(minimal: Path):
    # A folder copied as another compound was listed twice on the district's home page, the two alike.
    shutil.copytree(minimal / "content/lanting", minimal / "content/lanting-copy")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanting-copy/compound.yaml:1: warning: name: the same name as the compound in 'lanting' "
            "('兰亭苑'): residents could not tell them apart on the district's pages") in stderr


def test_a_compound_copied_with_another_committees_registration_is_a_warning_at_the_copy(minimal: Path):
    # Renamed and readdressed, the copy's home page showed the other compound's committee, registration and phones.
    # A warning: the 一期 and 二期 of one property management area share their one committee.
    shutil.copytree(minimal / "content/lanting", minimal / "content/lanxi")
    edit(minimal / "content/lanxi/compound.yaml", "name: 兰亭苑", "name: 兰溪花园")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanxi/compound.yaml:12: warning: owners_committee.registration.number: the owners' committee's "
            "registration number 52500000TEST00001X is also that of the committee of 'lanting': was one folder "
            "copied from the other?") in stderr
    assert "content/lanting/compound.yaml" not in stderr
    edit(minimal / "content/lanxi/compound.yaml", "52500000TEST00001X", "52500000TEST00002X")
    assert "registration number" not in run_cli(["check"], cwd=minimal).stderr


def test_a_compound_folder_named_as_the_sites_own_static_folder_is_an_error(minimal: Path):
    # Its pages were mixed into the folder of the site's stylesheet.
    copy_compound(minimal / "content", "static")
    edit(minimal / "content/static/compound.yaml", "name: 兰亭苑", "name: 兰亭苑二期")
    result = run_cli(["check"], cwd=minimal)
    assert result.exit_code == 1
    assert ("content/static: error: folder name 'static' is the web address of the site's own stylesheet and "
            "scripts") in result.stderr


def test_a_service_that_asks_to_be_phoned_on_a_masked_number_is_warned(minimal: Path):
    stderr = _check(minimal, "services.yaml", 'phone: "13900002222"', 'phone: "13900002222"\n    notes: 订餐请提前打电话。')
    assert ("services.yaml:13:5: warning: services[2].phone: 孝心食堂 asks residents to phone ('打电话'), but its "
            "phone is published masked (139****2222), so no one can") in stderr
    assert "write 'phone_public: true' under it" in stderr


def test_a_service_that_phones_residents_itself_is_not_warned(minimal: Path):
    stderr = _check(minimal, "services.yaml", 'phone: "13900002222"', 'phone: "13900002222"\n    notes: 高温天每天电话问候。')
    assert "services.yaml" not in stderr


def test_an_old_identity_card_number_in_a_csv_attachments_column_headed_so_is_an_error(minimal: Path):
    schedule = minimal / "content" / "lanting" / "notices" / "lift-consultation" / "schedule.csv"
    schedule.write_text('姓名,身份证号码,楼栋\n张三,510202650307123,1栋\n李四,="510202650307124",2栋\n',
                        encoding="utf-8-sig")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("content/lanting/notices/lift-consultation/schedule.csv:2:4: error: in the attachment: found what looks "
            "like an identity-card number (510202...)") in stderr
    assert "schedule.csv:3:6: error: in the attachment: found what looks like an identity-card number" in stderr
    assert "650307123" not in stderr  # not even in the line quoted


def test_numbers_that_an_attachment_wraps_over_lines_are_found_joined_again(minimal: Path):
    # A PDF's narrow table cells, as Word exports them, wrapped each number into pieces on lines of their own; and a
    # text file broke them at a line's end. Each line was checked on its own, and both were published.
    import weasyprint

    folder = minimal / "content/lanting/notices/lift-consultation"
    cell = '<td style="width: {}em; word-break: break-all">{}</td>'
    weasyprint.HTML(string="<table><tr><th>姓名</th><th>身份证号</th><th>电话</th></tr><tr><td>张三</td>"
                    + cell.format(4, "500227198503072308") + cell.format(3, "13711112302") + "</tr></table>"
                    ).write_pdf(folder / "mingdan.pdf")
    (folder / "tongzhi.txt").write_text("张三身份证号：500227198503\n072301，电话 137 1111\n2303。\n", encoding="utf-8-sig")
    stderr = _check(minimal, "notices/lift-consultation/index.md", "{file: schedule.csv, title: 施工进度表}",
                    "{file: schedule.csv, title: 施工进度表}\n  - {file: mingdan.pdf, title: 名单}\n"
                    "  - {file: tongzhi.txt, title: 通知}")
    assert ("lift-consultation/mingdan.pdf: error: in the attachment, page 1, written over several lines: found what "
            "looks like an identity-card number (500227...)") in stderr
    assert "lift-consultation/tongzhi.txt:1: error: in the attachment, written over several lines: found what" in stderr
    assert ("tongzhi.txt:2: error: in the attachment, written over several lines: a mobile number (137****2303)"
            in stderr)
    assert "3 errors," in stderr  # a mobile number a cell wraps is joined again only after what names it (电话)
    # Ending in X, the last piece is one; after what names it, the first may be the shorter; as in a text file.
    weasyprint.HTML(string="<table><tr><th>身份证号</th></tr><tr>" + cell.format(4, "50022719850307230X")
                    + "</tr></table>").write_pdf(folder / "mingdan.pdf")
    (folder / "tongzhi.txt").write_text("电话138\n12345678\n身份证号码：500227\n198503072308\n", encoding="utf-8-sig")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("mingdan.pdf: error: in the attachment, page 1, written over several lines: found what looks like an "
            "identity-card number (500227...)") in stderr
    assert ("tongzhi.txt:1: error: in the attachment, written over several lines: a mobile number (138****5678)"
            in stderr)
    assert "tongzhi.txt:3: error: in the attachment, written over several lines: found what looks like" in stderr
    assert "3 errors," in stderr


def test_a_number_an_earlier_version_of_a_pdf_attachment_keeps_is_to_be_printed_out_of_it(minimal: Path):
    # Deleting it again, as the hint said, and saving adds one more version: the number stays in the file.
    import weasyprint
    from pypdf import PdfWriter

    folder = minimal / "content/lanting/notices/lift-consultation"
    weasyprint.HTML(string="<p>张三 身份证110101199003071234</p>").write_pdf(folder / "mingdan.pdf")
    weasyprint.HTML(string="<p>名单见公告栏</p>").write_pdf(folder / "blank.pdf")
    writer = PdfWriter(folder / "mingdan.pdf", incremental=True)
    writer.pages[0].replace_contents(PdfWriter(clone_from=folder / "blank.pdf").pages[0].get_contents())
    writer.write(folder / "mingdan.pdf")
    (folder / "blank.pdf").unlink()
    stderr = _check(minimal, "notices/lift-consultation/index.md", "{file: schedule.csv, title: 施工进度表}",
                    "{file: schedule.csv, title: 施工进度表}\n  - {file: mingdan.pdf, title: 名单}")
    assert ("mingdan.pdf: error: in the attachment, page 1, in an earlier version the file keeps: found what looks "
            "like an identity-card number (110101...)") in stderr
    assert ("hint: its pages no longer show it, but the file keeps what they showed before: print it to a new PDF"
            in stderr)


def test_figures_in_columns_of_an_attachment_are_not_joined_into_numbers(minimal: Path):
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "zhichu.txt").write_text("金额\n138.00\n1200.50\n户数\n138\n12\n345\n6789\n本月支出（元）：\n1500\n2300\n800\n",
                                       encoding="utf-8-sig")
    assert _check(minimal, "notices/lift-consultation/index.md", "{file: schedule.csv, title: 施工进度表}",
                  "{file: schedule.csv, title: 施工进度表}\n  - {file: zhichu.txt, title: 支出}") == ""


def test_an_attachments_table_cannot_be_written_in_the_front_matter(minimal: Path):
    stderr = _check(minimal, "notices/lift-consultation/index.md", "{file: schedule.csv, title: 施工进度表}",
                    "{file: schedule.csv, title: 施工进度表, table: [[阶段, 日期]]}")
    assert ("index.md:7:40: error: attachments[1].table: 'table' cannot be set in the front matter; a CSV attachment "
            "is shown as a table read from its file") in stderr


@pytest.mark.parametrize("copy", ["water-outage(1).md", "water-outage - 副本.md", "water-outage copy 2.md"])
def test_a_notice_copied_beside_itself_is_told_to_be_set_aside(minimal: Path, copy):
    notices = minimal / "content/lanting/notices"
    shutil.copyfile(notices / "water-outage.md", notices / copy)
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert f"hint: if it is a copy, to keep it there but out of the site, put '_' in front of its name: _{copy}; " \
           "if not, add a line like `slug:" in stderr


def test_a_copy_of_a_notice_given_a_web_address_of_its_own_is_warned_as_published_twice(minimal: Path):
    notices = minimal / "content/lanting/notices"
    shutil.copyfile(notices / "water-outage.md", notices / "water-outage-copy.md")
    stderr = run_cli(["check"], cwd=minimal).stderr
    # Said at the copy, though its name comes first
    assert ("content/lanting/notices/water-outage-copy.md:2:1: warning: title: the same notice as "
            "content/lanting/notices/water-outage.md (its title, date and text): it would be published twice"
            ) in stderr
    edit(notices / "water-outage-copy.md", "date: 2026-11-20", "date: 2026-11-21")  # issued again: not a copy
    assert "published twice" not in run_cli(["check"], cwd=minimal).stderr


def test_an_audit_signed_before_the_supervision_committee_now_listed_began_is_not_checked_against_it(minimal: Path):
    # Once a new committee was elected, every past quarter warned that its signers were not on it, for good.
    stderr = _check(minimal, "rosters.yaml", "{name: 李四, role: 主任}\n      - {name: 周五, role: 委员}",
                    "{name: 吴六, role: 主任, term_start: 2026-05-01}\n      - {name: 郑七, role: 委员, "
                    "term_start: 2026-05-01}")
    assert "finances/2026-Q1.yaml" not in stderr  # audited on 2026-04-05, by the committee before
    assert ("finances/2026-Q2.yaml:8:8: warning: audit.by[1]: '李四' is not on the supervision committee in "
            "rosters.yaml") in stderr


def test_an_audit_signed_before_the_roster_was_last_corrected_is_not_checked_against_it(minimal: Path):
    # A supervisor who resigned, removed from the roster with a note, made every quarter they had audited warn.
    rosters = minimal / "content/lanting/rosters.yaml"
    edit(rosters, "      - {name: 周五, role: 委员}\n", "")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "finances/2026-Q3.yaml:8:8: warning: audit.by[1]: '周五' is not on the supervision committee" in stderr
    rosters.write_text(rosters.read_text(encoding="utf-8")
                       + "corrections:\n  - {date: 2026-10-20, note: 周五辞任监督委员会委员。}\n", encoding="utf-8")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "'周五' is not on the supervision committee" not in stderr  # audited 2026-10-05, before the change
    edit(rosters, "{date: 2026-10-20,", "{date: 2026-10-01,")
    assert "finances/2026-Q3.yaml:8:8: warning: audit.by[1]: '周五'" in run_cli(["check"], cwd=minimal).stderr


def test_an_audit_signed_by_a_member_of_the_owners_committee_is_an_error(minimal: Path):
    # The committee's chairman signing the audit of its own accounts was a warning, and the page called it the
    # supervision committee's audit.
    stderr = _check(minimal, "finances/2026-Q3.yaml", "by: [周五]", "by: [钱二]")
    assert ("finances/2026-Q3.yaml:8:8: error: audit.by[1]: '钱二' is on the owners' committee, whose accounts this "
            "audit checks: it must be signed by the supervision committee") in stderr


def test_an_attachment_listed_in_other_capitals_than_its_file_is_told_so_and_not_also_unlisted(minimal: Path):
    # Windows shows schedule.CSV as schedule.csv; the web server would not have served it, and the file was also
    # "not listed".
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "schedule.csv").rename(folder / "schedule.CSV")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "error: attachments[1].file: 'schedule.csv' not found beside the notice" in stderr
    assert ("hint: 'schedule.CSV' beside it differs only in capitals, which Windows shows alike but a web server does "
            "not: write the name as the file has it, schedule.CSV") in stderr
    assert "not listed" not in stderr and "1 error" in stderr, stderr


def test_an_attachment_whose_name_a_mac_wrote_decomposed_is_told_why_it_is_not_found(minimal: Path):
    folder = minimal / "content/lanting/notices/lift-consultation"
    (folder / "schedule.csv").rename(folder / unicodedata.normalize("NFD", "shīgōng.csv"))
    stderr = _check(minimal, "notices/lift-consultation/index.md", "{file: schedule.csv,", "{file: shīgōng.csv,")
    assert "error: attachments[1].file: 'shīgōng.csv' not found beside the notice" in stderr
    assert "beside it looks the same, but its accented letters are written another way (as a Mac writes them)" in stderr


def test_a_file_whose_yaml_cannot_be_read_is_still_screened_for_what_needs_no_values(minimal: Path):
    # Found only after its YAML was mended, an identity-card number cost the secretary a second run.
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "pinned: true", "pinned: true\n  bad: [")
    edit(notice, "请各位业主提前储水。", "请各位业主提前储水。联系人身份证500227198503072301。\n（一句话摘要）")
    services = minimal / "content/lanting/services.yaml"
    edit(services, "price: 每餐12元", "price: 每餐12元\n  bad: [ 110101199003071234")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert "water-outage.md:7:3: error: not valid YAML" in stderr
    assert "water-outage.md:11:17: error: found what looks like an identity-card number (500227...)" in stderr
    assert "water-outage.md:12:1: error: '（一句话摘要）' is the example text" in stderr
    assert "services.yaml:13:10: error: found what looks like an identity-card number (110101...)" in stderr


@pytest.mark.parametrize("encoding, named", [("gbk", "GBK"), ("utf-16", "UTF-16")])
def test_a_file_not_in_utf8_or_without_front_matter_is_still_searched_for_identity_card_numbers(
        minimal: Path, encoding, named):
    services = minimal / "content/lanting/services.yaml"
    edit(services, "price: 每餐12元", "price: 每餐12元，联系人身份证110101199003071234")
    services.write_bytes(services.read_text(encoding="utf-8").encode(encoding))
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "---\n", "", count=1)
    edit(notice, "请各位业主提前储水。", "请各位业主提前储水。身份证号500227198503072301。")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert re.search(rf"services.yaml:\d+: error: expected UTF-8 text, found byte 0x..: the file is in {named}", stderr)
    assert "services.yaml:12:24: error: found what looks like an identity-card number (110101...)" in stderr
    assert "  12 |     price: 每餐12元，联系人身份证110101************" in stderr
    assert "water-outage.md:1: error: expected front matter" in stderr
    assert "water-outage.md:9:15: error: found what looks like an identity-card number (500227...)" in stderr


def test_a_field_written_below_a_notices_front_matter_is_told_to_go_between_its_dashes(minimal):
    # Following the hint `corrections: [{date: ..., note: ...}]`, a secretary wrote it under the text: it was
    # published as a line of text, and the same error came back, saying the notice had no correction note.
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "请各位业主提前储水。", "请各位业主提前储水。\n\ncorrections： [{date: 2026-11-25, note: 改正日期}]")
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert ("water-outage.md:12:1: warning: this line of the notice's text reads as its field 'corrections', which "
            "would be published as text and not read as the field") in stderr
    assert "hint: move it up, between the two '---' lines, with the notice's other fields" in stderr
    edit(notice, "corrections： [", "其他说明：[")
    assert "reads as its field" not in run_cli(["check"], cwd=minimal).stderr
