"""The publication log: a chain nobody can quietly rewrite, and corrections for changes."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest
from bs4 import BeautifulSoup

from generator.build import BuildOptions, build
from generator.publication import LogEntry, append, entry_hash
from tests.conftest import (FIXTURES, build_site, copy_compound, edit, read_page, run_cli, run_program,
                            signalled_at_a_move, tree_digest)

LOG = "content/publication-log.jsonl"
NOTICE = "content/lanting/notices/water-outage.md"


def _publish(site, day: str):
    return run_cli(["publish", "--date", day], site)


def _edit_notice(site, old: str, new: str) -> None:
    edit(site / NOTICE, old, new)


def _entries(site) -> list[dict]:
    return [json.loads(line) for line in (site / LOG).read_text(encoding="utf-8").splitlines()]


def test_publish_records_every_document_once_then_only_changes(minimal):
    result = _publish(minimal, "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "Recorded in content/publication-log.jsonl: 8 new; keep the log with the content" in result.output
    first = _entries(minimal)
    assert len(first) == 1 and first[0]["previous"] == "" and len(first[0]["documents"]) == 8
    again = _publish(minimal, "2026-11-26")
    assert "Nothing new to record" in again.output and len(_entries(minimal)) == 1


def test_publishing_on_a_day_before_the_logs_last_entry_is_refused_and_leaves_the_log_as_it_was(minimal):
    # The entry was appended after a later one: the verify page then called the current version published four
    # days before the one it replaced.
    assert _publish(minimal, "2026-11-29").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    log = (minimal / LOG).read_bytes()
    result = _publish(minimal, "2026-11-25")
    assert result.exit_code == 1
    assert (f"{LOG}:1: error: --date: expected a publication day on or after 2026-11-29, the day of the log's last "
            "entry, found 2026-11-25") in result.stderr
    assert (minimal / LOG).read_bytes() == log


@pytest.mark.parametrize("line, why", [
    ("1", 'expected an entry {"date": ..., "documents": ...}, found a number'),
    ("[]", 'expected an entry {"date": ..., "documents": ...}, found a list'),
    ("null", 'expected an entry {"date": ..., "documents": ...}, found null'),
    ('{"documents": {}}', "it has no 'date'"),
])
def test_a_log_line_that_is_no_entry_says_what_it_is_in_words(minimal, line, why):
    # It said "('int' object is not subscriptable)".
    (minimal / LOG).write_text(line + "\n", encoding="utf-8")
    stderr = run_cli(["check"], minimal).stderr
    assert f"{LOG}:1: error: not a publication entry ({why}); the log is written by" in stderr


def test_logs_of_two_copies_that_each_published_joined_are_named_so_not_an_entry_changed(minimal):
    # Both lines kept after a merge, the log was "removed, reordered or changed", and the hint said to restore
    # from version control, which held nothing else; with git's markers left in, it was "not a publication entry".
    assert _publish(minimal, "2026-11-25").exit_code == 0
    first = _entries(minimal)[0]
    branches = []
    for day, code in ((date(2026, 11, 26), "ABCD-EFGH"), (date(2026, 11, 27), "IJKL-MNOP")):
        documents = {"lanting/notice/water-outage": code}
        branches.append(json.dumps({"date": day.isoformat(), "documents": documents, "previous": first["hash"],
                                    "hash": entry_hash(day, documents, first["hash"])}, ensure_ascii=False))
    shared = (minimal / LOG).read_text(encoding="utf-8")
    (minimal / LOG).write_text(shared + "\n".join(branches) + "\n", encoding="utf-8")
    joined = run_cli(["check", "--date", "2026-11-28"], minimal).stderr
    assert (f"{LOG}:3: error: the entry of 2026-11-27 follows the entry of 2026-11-25 (line 1), as an entry above it "
            "does: two copies of the content each published, and their logs were joined") in joined
    assert ("hint: keep the log of the copy that publishes (the office's) whole, and publish again from it; see 'A "
            "district kept by several people' in the README") in joined
    (minimal / LOG).write_text(f"{shared}<<<<<<< HEAD\n{branches[0]}\n=======\n{branches[1]}\n>>>>>>> secretary\n",
                               encoding="utf-8")
    conflicted = run_cli(["check", "--date", "2026-11-28"], minimal).stderr
    assert (f"{LOG}:2: error: a merge conflict's marker of version control (git): two copies of the content each "
            "published, and their logs could not be joined") in conflicted
    assert conflicted.count(f"{LOG}:") == 1


def test_an_entry_pasted_twice_is_named_so_not_two_copies_joined(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    log = (minimal / LOG).read_text(encoding="utf-8")
    (minimal / LOG).write_text(log + log.splitlines()[-1] + "\n", encoding="utf-8")
    stderr = run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    assert (f"{LOG}:2: error: the entry of 2026-11-25 is line 1's again: the log holds it twice") in stderr
    assert "two copies" not in stderr


def test_a_log_whose_dates_go_back_is_a_warning_at_the_entry(minimal):
    assert _publish(minimal, "2026-11-29").exit_code == 0
    first = _entries(minimal)[0]
    day, documents = date(2026, 11, 25), {"lanting/notice/water-outage": "ABCD-EFGH"}
    append(minimal / LOG, LogEntry(2, day, documents, first["hash"], entry_hash(day, documents, first["hash"])))
    assert (f"{LOG}:2: warning: the entry of 2026-11-25 is dated before the one above it, of 2026-11-29: the dates "
            "of a publication log never go back") in run_cli(["check"], minimal).stderr


def test_a_document_first_published_after_its_posting_period_ended_is_a_warning_before_and_after(minimal):
    # A notice written ahead and published late said only that the time to object was over.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    late = minimal / "content/lanting/notices/gas-check.md"
    late.write_text((minimal / NOTICE).read_text(encoding="utf-8").replace(
        "posting: {from: 2026-11-20, to: 2026-12-05}", "posting: {from: 2026-11-01, to: 2026-11-15}"), encoding="utf-8")
    stderr = run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    assert ("gas-check.md:5:1: warning: posting: its posting period ended on 2026-11-15, and it is not published yet: "
            "published on 2026-11-26, residents would have no day to object") in stderr
    assert "hint: give it a posting period that starts on the day it is published, such as {from: 2026-11-26, " \
           "to: 2026-12-10}" in stderr
    assert stderr.count("its posting period ended") == 1  # not the documents there before the log began
    assert _publish(minimal, "2026-11-26").exit_code == 0
    assert ("gas-check.md:5:1: warning: posting: first published on 2026-11-26, after its posting period had ended "
            "on 2026-11-15") in run_cli(["check", "--date", "2026-11-27"], minimal).stderr


def test_a_document_first_published_too_far_into_its_posting_period_is_a_warning(minimal):
    # A notice copied with the old one's dates: published on the 28th, its 7 days from the 24th left 3 to object.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    copy = minimal / "content/lanting/notices/gas-check.md"
    copy.write_text((minimal / NOTICE).read_text(encoding="utf-8").replace("停水通知", "燃气安全检查通知").replace(
        "date: 2026-11-20", "date: 2026-11-24").replace(
        "posting: {from: 2026-11-20, to: 2026-12-05}", "posting: {from: 2026-11-24, to: 2026-12-01}"), encoding="utf-8")
    stderr = run_cli(["check", "--date", "2026-11-28"], minimal).stderr
    assert ("gas-check.md:5:1: warning: posting: its posting period began on 2026-11-24, and it is not published yet: "
            "published on 2026-11-28, residents would have it until 2026-12-01 only, less than the 7 days a posting "
            "runs") in stderr
    assert "hint: give it a posting period that starts on the day it is published, such as {from: 2026-11-28, " \
           "to: 2026-12-07}" in stderr
    assert stderr.count("posting period began") == 1  # the others were published in their periods
    assert "posting period began" not in run_cli(["check", "--date", "2026-11-24"], minimal).stderr  # on its day
    assert _publish(minimal, "2026-11-28").exit_code == 0
    # Published, it cannot be posted longer without a correction of its own: said once, before, not for ever.
    assert "posting" not in run_cli(["check", "--date", "2026-11-29"], minimal).stderr


def test_a_build_says_how_many_documents_publishing_would_record(minimal):
    # Built and put online unpublished, a changed notice's verify page gave its new version no day, and the log
    # never had it: the build said nothing.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    assert "since the last publication" not in run_cli(["build", "--no-pdf", "--date", "2026-11-25"], minimal).output
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    result = run_cli(["build", "--no-pdf", "--date", "2026-11-26"], minimal)
    assert result.exit_code == 0, result.output
    assert ("1 document is new, changed or taken down since the last publication in content/publication-log.jsonl: "
            "`noticeboard publish` records them, before output/ goes online (run by whoever keeps the log)."
            ) in result.output


def test_a_published_document_changed_without_a_note_is_an_error(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{NOTICE}:2:1: error: corrections: changed after it was published on 2026-11-25 (code ")
    assert "has no correction note dated 2026-11-25 or later" in result.stderr
    # Dated the day the change is made, as the note must be; it gave the day of the last publication.
    # Where the line goes, too: written under a notice's text, it was published as text.
    hint = run_cli(["check", "--date", "2026-11-28"], minimal).stderr
    assert ("hint: say what changed and why, in a line among the notice's fields, between its two '---' lines: "
            "corrections: [{date: 2026-11-28, note: ...}]") in hint
    # Published before 2026-11-27, when codes began to read line endings and masks otherwise: the hint says so.
    assert ("if nobody changed it, its code may have changed with noticeboard's versions of 2026-11-27 or 2026-11-28"
            in result.stderr)


def test_a_notice_copied_with_the_correction_notes_of_the_one_it_was_made_from_is_an_error(minimal):
    # The copy's page showed 更正说明 of a change to what nobody had read, and the revisions page listed it.
    assert _publish(minimal, "2026-11-20").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-24, note: 停水时间改为上午。}\n")
    assert _publish(minimal, "2026-11-25").exit_code == 0
    copy = minimal / "content/lanting/notices/gas-check.md"
    copy.write_text((minimal / NOTICE).read_text(encoding="utf-8").replace("停水通知", "燃气安全检查通知").replace(
        "上午停水", "入户检查燃气"), encoding="utf-8")
    result = run_cli(["check", "--date", "2026-11-26"], minimal)
    assert result.exit_code == 1
    assert ("gas-check.md:7:1: error: corrections: has 1 correction note (the first dated 2026-11-24), but it was "
            "never published: the publication log does not know it") in result.stderr
    assert "hint: copied from another document? Delete its corrections lines" in result.stderr
    assert "water-outage.md" not in result.stderr


def test_correction_notes_are_not_questioned_in_a_compound_the_log_does_not_keep(minimal):
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-24, note: 停水时间改为上午。}\n")
    assert "never published" not in run_cli(["check", "--date", "2026-11-26"], minimal).stderr


def test_correction_notes_dated_before_the_compounds_log_began_are_not_questioned(minimal):
    # An older notice, corrected on paper, added once the log had begun: its real history was to be deleted.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    older = minimal / "content/lanting/notices/gas-check.md"
    older.write_text((minimal / NOTICE).read_text(encoding="utf-8").replace("停水通知", "燃气安全检查通知").replace(
        "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-21, note: 检查时间改为上午。}\n"),
        encoding="utf-8")
    assert "never published" not in run_cli(["check", "--date", "2026-11-26"], minimal).stderr


@pytest.mark.parametrize("line_end, file_end", [
    (b"\r\n", b"\r\n\r\n  \r\n"),  # Windows
    (b"\r", b"\r"),  # an old Mac's
    (b"\r\r\n", b"\x1a"),  # converted twice, ended with MS-DOS's end-of-file mark
])
def test_a_notice_saved_again_with_other_line_endings_or_blank_lines_at_its_end_is_not_a_change(
        minimal, line_end, file_end):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    code = read_page(minimal / "output/lanting/notices/water-outage/index.html").select_one(".code").get_text()
    path = minimal / NOTICE
    path.write_bytes(path.read_bytes().replace(b"\n", line_end) + file_end)
    result = run_cli(["build", "--no-pdf", "--date", "2026-11-26"], minimal)
    assert result.exit_code == 0, result.output
    assert read_page(minimal / "output/lanting/notices/water-outage/index.html").select_one(".code").get_text() == code


def test_a_correction_note_dated_before_a_publication_that_had_the_document_unchanged_is_a_warning(minimal):
    # Dated back four months, a change made today read as an old one on the pages, the revisions page and the
    # feed, which never showed it again; the log, on the verify page alone, said otherwise.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    services = minimal / "content/lanting/services.yaml"
    edit(services, "每餐12元", "每餐13元")
    services.write_text(services.read_text(encoding="utf-8") + "corrections:\n  - {date: 2026-12-10, note: 午餐涨价。}\n",
                        encoding="utf-8")
    assert _publish(minimal, "2026-12-10").exit_code == 0  # the notice had not changed then
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    result = run_cli(["check", "--date", "2026-12-20"], minimal)
    assert result.exit_code == 0, result.stderr
    assert (f"{NOTICE}:8:6: warning: corrections[1].date: 2026-11-26 is before the publication of 2026-12-10, which "
            "published this document as it was before this change: residents would read the change as made then"
            ) in result.stderr
    assert "hint: date the note the day the change is made: 2026-12-20" in result.stderr
    _edit_notice(minimal, "{date: 2026-11-26,", "{date: 2026-12-20,")
    assert "is before the publication" not in run_cli(["check", "--date", "2026-12-20"], minimal).stderr


def test_a_change_to_a_document_published_since_2026_11_28_is_not_put_down_to_those_versions(minimal):
    assert _publish(minimal, "2026-11-28").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    result = run_cli(["check", "--date", "2026-11-29"], minimal)
    assert "changed after it was published on 2026-11-28" in result.stderr
    assert "if nobody changed it" not in result.stderr


def test_a_change_without_a_note_is_reported_in_the_same_run_as_an_error_in_another_file(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    services = minimal / "content/lanting/services.yaml"
    edit(services, "provider:", "provdier:", 1)
    (minimal / "content/lanting/notices/lift-consultation/schedule.csv").unlink()  # a second error, of a notice
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert f"{NOTICE}:2:1: error: corrections: changed after it was published on 2026-11-25" in result.stderr
    assert "unknown field 'provdier'" in result.stderr and "'schedule.csv' not found" in result.stderr
    assert "no longer in the content" not in result.stderr  # services.yaml has an error: it is not gone
    assert "3 errors," in result.stderr  # provdier unknown (not also provider missing: one mistake)


def test_an_attachment_replaced_after_publication_is_a_change_that_needs_a_note(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    notice = "content/lanting/notices/lift-consultation/index.md"
    schedule = minimal / "content/lanting/notices/lift-consultation/schedule.csv"
    schedule.write_bytes(schedule.read_bytes() + "施工,2026-05\n".encode())
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{notice}:2:1: error: corrections: changed after it was published on 2026-11-25")
    assert result.stderr.count(": error:") == 1  # the notice alone: nothing else shows the file


def test_a_correction_note_allows_the_change_and_shows_on_the_page_the_sheet_and_the_revisions(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    result = _publish(minimal, "2026-11-26")
    assert result.exit_code == 0, result.output
    entries = _entries(minimal)
    assert list(entries[1]["documents"]) == ["lanting/notice/water-outage"]
    assert entries[1]["previous"] == entries[0]["hash"]
    # It said only how many documents it recorded: not which, nor that the sheet on the board was now old; then
    # which by its id alone, where the secretary looks for the sheet by its title.
    was, now = (entry["documents"]["lanting/notice/water-outage"] for entry in entries)
    assert (f"  changed: 兰亭苑 · 停水通知 (lanting/notice/water-outage, code {now}, was {was}): post its new sheet, "
            "from print/, in place of the old one") in result.output
    page = read_page(minimal / "output/lanting/notices/water-outage/index.html").get_text()
    assert "2026年11月26日：停水时间改为上午。" in page
    revisions = BeautifulSoup((minimal / "output/lanting/revisions/index.html").read_text(encoding="utf-8"),
                              "html.parser")
    assert "停水通知" in revisions.select_one("ul.list").get_text()
    from tests.test_pdf import text

    assert "2026年11月26日：停水时间改为上午。" in text(minimal / "output/lanting/notices/water-outage/water-outage.pdf")


def test_each_change_needs_its_own_note_also_two_on_one_day(minimal):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    assert _publish(minimal, "2026-11-26").exit_code == 0
    _edit_notice(minimal, "上午停水", "下午停水")  # the same day again: the note of the morning's change is no note of this
    result = _publish(minimal, "2026-11-26")
    assert result.exit_code == 1 and len(_entries(minimal)) == 2
    assert f"{NOTICE}:7:1: error: corrections: changed after it was published on 2026-11-26 (code " in result.stderr
    assert ("has 1 correction note dated 2026-11-25 or later for 2 changes: the one published since then, and "
            "this one") in result.stderr
    _edit_notice(minimal, "note: 停水时间改为上午。}", "note: 停水时间改为上午。}\n  - {date: 2026-11-26, note: 又改为下午。}")
    assert _publish(minimal, "2026-11-26").exit_code == 0 and len(_entries(minimal)) == 3


def test_publishing_builds_again_only_the_compounds_its_entry_names(minimal, tmp_path):
    copy_compound(minimal / "content", "lanting-b")
    assert _publish(minimal, "2026-11-26").exit_code == 0  # the same day: the build date is an input of every page
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    built = []  # how many compounds each of the two builds built
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=date(2026, 11, 26), root=minimal, cache=minimal / ".noticeboard-cache",
                           publish=True)
    result = build(options, lambda done, total: built.append(total))
    assert result.published and list(result.published.documents) == ["lanting/notice/water-outage"]
    assert set(built) == {1}  # lanting, for its edit and then for its entry; never lanting-b
    verify = (minimal / "output/lanting/verify/index.html").read_text(encoding="utf-8")
    assert "2026年11月26日" in verify
    shutil.copytree(minimal / "content", tmp_path / "cold/content")
    assert build_site(tmp_path / "cold", date(2026, 11, 26), cache=tmp_path / "cold/.cache").written
    assert tree_digest(minimal / "output") == tree_digest(tmp_path / "cold/output")


def test_publishing_what_was_built_before_builds_again_what_the_log_now_shows(minimal, tmp_path):
    # The log's part of a compound is in its key: the build before publishing left the content as it is, and
    # only the log's new entry can tell the next build that the verification page has something new to show.
    day, cache = date(2026, 11, 26), minimal / ".noticeboard-cache"
    assert build_site(minimal, day, cache=cache, pdfs=False).written
    assert build_site(minimal, day, cache=cache, pdfs=False, publish=True).published
    shutil.copytree(minimal / "content", tmp_path / "cold/content")
    assert build_site(tmp_path / "cold", day, cache=tmp_path / "cold/.cache", pdfs=False).written
    assert tree_digest(minimal / "output") == tree_digest(tmp_path / "cold/output")


# Corrected the next day, or on the day the log began, when both versions said 2026年11月20日公示 and a resident
# could not tell when the corrected sheet went up: each version is dated by its own entry.
@pytest.mark.parametrize("corrected", ["2026-11-26", "2026-11-25"])
def test_the_verify_page_knows_current_and_superseded_codes(minimal, corrected):
    assert _publish(minimal, "2026-11-25").exit_code == 0
    old = _entries(minimal)[0]["documents"]["lanting/notice/water-outage"]
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", f"pinned: true\ncorrections:\n  - {{date: {corrected}, note: 改为上午。}}\n")
    assert _publish(minimal, corrected).exit_code == 0
    new = _entries(minimal)[1]["documents"]["lanting/notice/water-outage"]
    soup = read_page(minimal / "output/lanting/verify/index.html")
    rows = {tr.select_one(".code").get_text(): tr.get_text(" ", strip=True) for tr in soup.select("#codes tbody tr")}
    day = f"2026年11月{corrected[-2:]}日公示"
    assert "当前版本" in rows[new] and "停水通知" in rows[new] and day in rows[new]
    # Posted before the log began (its first entry), on the day its posting started, as the calendar has it:
    # it said the day the log began.
    assert "旧版本" in rows[old] and "2026年11月20日公示" in rows[old]


def test_without_a_publication_log_the_verify_page_dates_each_document_by_its_posting(built_minimal):
    # Every row said only 当前版本: when the sheet in hand was posted went unsaid.
    soup = read_page(built_minimal / "lanting/verify/index.html")
    rows = [tr.get_text("", strip=True) for tr in soup.select("#codes tbody tr")]
    assert any(row.endswith("停水通知当前版本（2026年11月20日公示）") for row in rows), rows
    assert any(row.endswith("组织机构当前版本") for row in rows), rows  # no posting period: no day


def test_without_a_publication_log_a_corrected_documents_current_version_is_dated_by_its_correction(minimal):
    # The corrected text was said to be posted on the notice's first day, two days before it was written.
    edit(minimal / "content/lanting/notices/water-outage.md", "\n---\n",
         "\ncorrections: [{date: 2026-11-22, note: 停水时间改为上午。}]\n---\n")
    assert build_site(minimal).written
    rows = [tr.get_text("", strip=True) for tr in read_page(minimal / "output/lanting/verify/index.html")
            .select("#codes tbody tr")]
    assert any(row.endswith("停水通知当前版本（2026年11月22日公示）") for row in rows), rows


def _rewrite_log(site, change) -> None:
    entries = _entries(site)
    change(entries)
    (site / LOG).write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")


def _two_entries(site) -> None:
    assert _publish(site, "2026-11-25").exit_code == 0
    _edit_notice(site, "全天停水", "上午停水")
    _edit_notice(site, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 改为上午。}\n")
    assert _publish(site, "2026-11-26").exit_code == 0


def test_rewriting_a_past_entry_is_detected_where_it_happened(minimal):
    _two_entries(minimal)
    _rewrite_log(minimal, lambda e: e[0]["documents"].update({"lanting/finance/2026-q1": "AAAA-AAAA"}))
    result = run_cli(["check", "--date", "2026-11-26"], minimal)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{LOG}:1: error: the entry of 2026-11-25 was changed after it was "
                                             "written (its hash no longer matches its content)")
    assert "1 error" in result.stderr


def test_reordering_entries_breaks_the_chain(minimal):
    _two_entries(minimal)
    _rewrite_log(minimal, lambda e: e.reverse())
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert f"{LOG}:1: error: the entry of 2026-11-26 does not follow the one before it" in result.stderr


def test_removing_an_entry_breaks_the_chain(minimal):
    _two_entries(minimal)
    _rewrite_log(minimal, lambda e: e.pop(0))
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1
    assert f"{LOG}:1: error: the entry of 2026-11-26 does not follow the one before it" in result.stderr


def test_a_log_saved_by_notepad_with_a_byte_order_mark_still_reads(minimal):
    # It was 'not a publication entry (Unexpected UTF-8 BOM ...)'.
    _two_entries(minimal)
    log = minimal / LOG
    log.write_bytes(b"\xef\xbb\xbf" + log.read_bytes())
    result = run_cli(["check"], minimal)
    assert result.exit_code == 0 and "publication" not in result.stderr, result.stderr


def test_a_line_that_is_not_an_entry_is_reported(minimal):
    (minimal / LOG).write_text('{"date": "2026-11-25"}\n', encoding="utf-8")
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1 and f"{LOG}:1: error: not a publication entry" in result.stderr


def test_a_document_logged_after_it_was_due_counts_as_late_whatever_posting_date_its_file_says(minimal):
    quarter = minimal / "content/lanting/finances/2026-Q3.yaml"
    text = quarter.read_text(encoding="utf-8")  # posted from 2026-10-10, due by 2026-10-30
    quarter.unlink()
    assert _publish(minimal, "2026-10-05").exit_code == 0  # the log begins: these were posted before it
    quarter.write_text(text, encoding="utf-8")
    published = _publish(minimal, "2026-11-25")
    assert published.exit_code == 0, published.output
    assert ("content/lanting/finances/2026-Q3.yaml: warning: the finances for 2026-Q3 were posted on 2026-11-25, "
            "after they were due on 2026-10-30") in published.stderr
    assert "2026-Q2" not in published.stderr  # in the log's first entry: its file's date stands
    calendar = read_page(minimal / "output/lanting/calendar/index.html").get_text(" ", strip=True)
    assert "2026年11月25日" in calendar


def test_a_correction_logged_later_does_not_make_a_document_of_the_first_entry_late(minimal):
    # The correction's day was taken as the day the quarter was first posted: the site said it came late.
    assert _publish(minimal, "2026-10-15").exit_code == 0  # the log begins, the quarter in it
    quarter = minimal / "content/lanting/finances/2026-Q3.yaml"
    text = quarter.read_text(encoding="utf-8")
    quarter.write_text(text.replace("posting: {from: 2026-10-10", "corrections: [{date: 2026-11-25, note: 更正摘要。}]"
                                    "\nposting: {from: 2026-10-10"), encoding="utf-8")
    published = _publish(minimal, "2026-11-25")
    assert published.exit_code == 0, published.output
    assert "2026-Q3" not in published.stderr
    calendar = read_page(minimal / "output/lanting/calendar/index.html").get_text(" ", strip=True)
    assert "2026年第三季度财务公示 按时公示" in calendar and "逾期后已公示" not in calendar


@pytest.mark.parametrize("line", ['{"date": "\xff"}'.encode("latin-1"), '{"date": "停"}'.encode("utf-16"),
                                  b"[" * 100000 + b"]" * 100000])
def test_a_log_saved_in_another_encoding_or_nested_without_end_is_an_error_at_its_line(minimal, line):
    (minimal / "content/publication-log.jsonl").write_bytes(b"\n" + line + b"\n")
    result = run_cli(["check"], minimal)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"content/publication-log.jsonl:[12]: error: (the log is not UTF-8|not a publication entry)",
                     result.stderr)


def test_the_code_of_a_document_taken_down_is_said_to_be_taken_down_not_unknown(minimal):
    # Its code vanished from the verify page: a resident holding its sheet was told no document had it.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    log = (minimal / LOG).read_text(encoding="utf-8")
    code = re.search(r'"lanting/notice/water-outage": "([A-Z0-9-]+)"', log).group(1)
    (minimal / NOTICE).unlink()
    result = run_cli(["build", "--no-pdf", "--date", "2026-11-26"], minimal)
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((minimal / "output/lanting/verify/index.html").read_text(encoding="utf-8"), "html.parser")
    row = page.find("tr", attrs={"data-code": code.replace("-", "")})
    # Named by its kind only: its file's name (water-outage) may be why it was taken down. Posted before the log
    # began, on a day it no longer says: not dated by the day the log began, as if posted then.
    assert row is not None and row.get_text("", strip=True) == f"{code}公告已撤下，不再公示"


def test_a_published_document_renamed_is_told_to_take_its_name_back(minimal):
    # Renamed, a notice was taken down and published anew: its QR codes led nowhere, its verify page said it was
    # taken down, and the calendar had it posted the day of the rename.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    (minimal / NOTICE).rename(minimal / "content/lanting/notices/tingshui-tongzhi.md")
    warned = run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    assert ("hint: if it was renamed as 'lanting/notice/tingshui-tongzhi', which was never published, give that file "
            "its old name back: residents' links and the QR codes on its posted sheets hold it; if it was taken down "
            "on purpose, run noticeboard publish to record that") in warned


def test_publishing_records_a_document_taken_down_and_check_stops_warning_of_it(minimal):
    # Publishing said there was nothing new, and every build after warned of the document for ever.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    code = re.search(r'"lanting/notice/water-outage": "([A-Z0-9-]+)"', (minimal / LOG).read_text("utf-8")).group(1)
    (minimal / NOTICE).unlink()
    warned = run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    # Recorded then, though posted on 2026-11-20: the day the log began.
    assert ("'lanting/notice/water-outage' was recorded as published on 2026-11-25 and is no longer in the content"
            in warned)
    assert "hint: if it was taken down on purpose, run noticeboard publish to record that" in warned
    result = _publish(minimal, "2026-11-26")
    assert result.exit_code == 0, result.output
    # It said "Recorded 1 new or changed documents" of a take-down.
    assert "Recorded in content/publication-log.jsonl: 1 taken down;" in result.output
    assert f"  taken down: lanting/notice/water-outage (code {code}): take its sheet off the board" in result.output
    assert _entries(minimal)[-1]["documents"] == {"lanting/notice/water-outage": ""}
    assert "no longer in the content" not in run_cli(["check", "--date", "2026-11-27"], minimal).stderr
    page = BeautifulSoup((minimal / "output/lanting/verify/index.html").read_text(encoding="utf-8"), "html.parser")
    row = page.find("tr", attrs={"data-code": code.replace("-", "")})
    assert row is not None and row.get_text("", strip=True) == f"{code}公告已于2026年11月26日撤下，不再公示"
    # Put back, it is published anew: no correction note is asked for.
    shutil.copy(FIXTURES / "minimal" / NOTICE, minimal / NOTICE)
    assert "error" not in run_cli(["check", "--date", "2026-11-28"], minimal).stderr
    assert "  new: 兰亭苑 · 停水通知 (lanting/notice/water-outage, code " in _publish(minimal, "2026-11-28").output


def test_the_code_of_a_notice_for_the_board_only_is_said_to_be_on_the_board_only_not_taken_down(minimal):
    # Its sheet's code was unknown to the verify page, and once published it read as taken down.
    _edit_notice(minimal, "pinned: true\n", "pinned: true\naudience: board\n")
    assert _publish(minimal, "2026-11-25").exit_code == 0
    code = re.search(r'"lanting/notice/water-outage": "([A-Z0-9-]+)"', (minimal / LOG).read_text("utf-8")).group(1)
    page = BeautifulSoup((minimal / "output/lanting/verify/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.find_all("tr", attrs={"data-code": code.replace("-", "")})
    # Not dated by the day the log began: it was posted on 2026-11-20, which the page does not say of it.
    assert [row.get_text("", strip=True) for row in rows] == [f"{code}公告仅在公告栏张贴，不在网上公示"]
    assert "water-outage" not in page.get_text()  # nothing of it is told online but that it exists


def test_a_compound_folder_renamed_after_publishing_is_one_warning_that_names_the_new_folder(minimal):
    # Each of its documents was a warning of its own, and nothing said its web address had changed.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    (minimal / "content/lanting").rename(minimal / "content/lanting-yuan")
    warned = run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    assert warned.count("is no longer in the content") == 1
    assert ("warning: the compound 'lanting', 8 of whose documents were published (the last on 2026-11-25), is no "
            "longer in the content: its pages go, and the QR codes on its posted sheets lead nowhere") in warned
    assert "if it is lanting-yuan renamed, give that folder its name back" in warned


def test_publishing_without_a_published_compounds_folder_stops_unless_it_is_named_to_take_down(minimal):
    # Published from a copy holding one compound (to preview it), the log recorded every other compound's
    # documents as taken down, for good, and the office that copied the log in was told of nothing.
    copy_compound(minimal / "content", "lanting-b")
    assert _publish(minimal, "2026-11-25").exit_code == 0
    shutil.rmtree(minimal / "content/lanting-b")
    before = (minimal / LOG).read_bytes()
    result = _publish(minimal, "2026-11-26")
    assert result.exit_code == 1 and (minimal / LOG).read_bytes() == before
    assert ("error: the compound 'lanting-b', 8 of whose documents were published (the last on 2026-11-25), is no "
            "longer in the content: its pages go, and the QR codes on its posted sheets lead nowhere; publishing "
            "would record all 8 as taken down") in result.stderr
    assert ("hint: if it left the site on purpose, run noticeboard publish --take-down lanting-b; if this copy of the "
            "content holds some compounds only, publish from the whole content") in result.stderr
    assert "warning: the compound 'lanting-b'" in run_cli(["check", "--date", "2026-11-26"], minimal).stderr
    wrong = run_cli(["publish", "--date", "2026-11-26", "--take-down", "lanting-c"], minimal)
    assert wrong.exit_code == 1 and "error: --take-down lanting-c: no compound 'lanting-c' was ever published" \
        in wrong.stderr
    present = run_cli(["publish", "--date", "2026-11-26", "--take-down", "lanting"], minimal)
    assert present.exit_code == 1 and "error: --take-down lanting: its folder is in the content" in present.stderr
    taken = run_cli(["publish", "--date", "2026-11-26", "--take-down", "lanting-b"], minimal)
    assert taken.exit_code == 0, taken.output
    assert taken.output.count("taken down: lanting-b/") == 8
    assert "lanting-b" not in run_cli(["check", "--date", "2026-11-27"], minimal).stderr


_KILLED_ONCE_LOGGED = """
import os, signal
from generator import publication
logged = publication.append
def append(*args):
    logged(*args)
    os.kill(os.getpid(), signal.SIGKILL)
publication.append = append
from generator.cli import main
main(["publish", "--date", "2026-11-25"])
"""


def test_a_publish_killed_before_it_wrote_its_files_has_its_log_entry_taken_back_by_the_next_build(minimal):
    # The log said the documents were published; the output did not have them, and publishing again said
    # "Nothing new to record", never listing the sheets to post.
    killed = run_program(_KILLED_ONCE_LOGGED, minimal)
    assert killed.returncode == -9 and (minimal / LOG).is_file()
    again = _publish(minimal, "2026-11-25")
    assert again.exit_code == 0, again.output
    assert (f"{LOG}: warning: the last publish was stopped (killed, or the machine went down) before it had written "
            "its files: its entry in the log was taken back\n  hint: publish again") in again.stderr
    assert "Recorded in content/publication-log.jsonl: 8 new;" in again.output and len(_entries(minimal)) == 1
    assert list(minimal.glob(".output.publishing-*")) == []


_KILLED_AT_THE_PRINT_FOLDER = signalled_at_a_move("SIGKILL", '"/print/" in str(target)', """
from generator.cli import main
main(["publish", "--date", "2026-11-26"])""")


def test_a_publish_killed_between_its_two_folders_is_undone_in_both_and_its_entry_taken_back(minimal):
    # The website was written, the print folder not: the next build put back the print folder only, and kept
    # the entry, so the new sheets were never listed to post and the website showed what the board did not.
    assert _publish(minimal, "2026-11-25").exit_code == 0
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "\n---\n", "\ncorrections: [{date: 2026-11-26, note: 改为上午停水。}]\n---\n")
    before = {folder: tree_digest(minimal / folder) for folder in ("output", "print")}
    log = (minimal / LOG).read_bytes()
    killed = run_program(_KILLED_AT_THE_PRINT_FOLDER, minimal)
    assert killed.returncode == -9 and (minimal / LOG).read_bytes() != log
    assert tree_digest(minimal / "output") != before["output"]  # written before the print folder was begun
    recovered = run_cli(["check"], minimal)
    assert "put back" not in recovered.stderr  # `check` writes nothing, and puts nothing back
    again = _publish(minimal, "2026-11-26")
    assert "output: warning: the last build into this folder was stopped while it moved its files in" in again.stderr
    assert "its entry in the log was taken back" in again.stderr
    assert "changed: 兰亭苑 · 停水通知 (lanting/notice/water-outage, code" in again.output


def test_publishing_names_each_document_it_records_by_its_compound_and_title(minimal, monkeypatch):
    # It named them by id (lanting/finance/2026-q1): the secretary finds a sheet on the board by its title.
    result = _publish(minimal, "2026-11-25")
    for name, document in [("兰亭苑 · 停水通知", "lanting/notice/water-outage"),
                           ("兰亭苑 · finances for 2026-Q1", "lanting/finance/2026-q1"),
                           ("兰亭苑 · 关于使用专项维修资金维修1栋屋面的表决", "lanting/vote/roof-repair"),
                           ("兰亭苑 · committees", "lanting/committees"), ("兰亭苑 · services", "lanting/services")]:
        assert f"  new: {name} ({document}, code " in result.output
    _edit_notice(minimal, "全天停水", "上午停水")
    _edit_notice(minimal, "pinned: true\n", "pinned: true\ncorrections:\n  - {date: 2026-11-26, note: 停水时间改为上午。}\n")
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    assert "  更改：兰亭苑 · 停水通知（lanting/notice/water-outage，核验码" in _publish(minimal, "2026-11-26").output
