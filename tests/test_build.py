"""The build as a whole: nothing lost on failure, content untouched, privacy kept."""

from __future__ import annotations

import errno
import os
import re
import shutil
from datetime import timedelta

import pytest
from pypdf import PdfWriter

from generator import cache, publication, write
from generator.build import BuildOptions, build, check

from tests.conftest import BUILD_DATE, PROJECT, build_site, copy_compound, edit, tree_digest
from tests.test_pdf import text

BOARD_ONLY = ["2栋3单元402", "仅张贴", "付款人：王某", "3栋1单元101"]  # the last: a unit behind on fees
BOARD_ONLY_OR_NEVER = [*BOARD_ONLY, "隐藏人", "13800001111", "13900002222"]


def _shown(path) -> str:
    return text(path) if path.suffix == ".pdf" else path.read_bytes().decode("utf-8", errors="replace")


def test_board_and_never_values_appear_in_no_web_output_not_even_its_sheets(built_minimal):
    files = [path for path in built_minimal.rglob("*") if path.is_file()]
    assert any(path.suffix == ".pdf" for path in files)
    for path in files:
        shown = _shown(path)
        for secret in BOARD_ONLY_OR_NEVER:
            assert secret not in shown, (path, secret)


def test_the_bulletin_boards_sheets_are_in_the_print_folder_with_what_only_the_board_shows(built_minimal):
    board = built_minimal.parent / "print"
    shown = "".join(_shown(path) for path in sorted(board.rglob("*.pdf")))
    assert all(value in shown for value in BOARD_ONLY)
    assert not any(secret in shown for secret in BOARD_ONLY_OR_NEVER if secret not in BOARD_ONLY)
    website = {p.relative_to(built_minimal) for p in built_minimal.rglob("*.pdf")}
    assert {p.relative_to(board) for p in board.rglob("*.pdf")} == website  # the same sheets, as each may show
    committees = "lanting/committees/committees.pdf"
    assert text(board / committees) != text(built_minimal / committees)
    assert _code_on(board / committees) == _code_on(built_minimal / committees)


def _code_on(sheet) -> str:
    return re.search(r"核验码([A-Z2-7]{4}-[A-Z2-7]{4})", text(sheet)).group(1)


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(minimal):
    assert build_site(minimal).written
    before = tree_digest(minimal / "output")
    notice = minimal / "content/lanting/notices/water-outage.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("停水通知", "停水通知（修订）") +
                      "\n联系人身份证 500227198805061234\n", encoding="utf-8")
    result = build_site(minimal)
    assert not result.written and result.diagnostics.errors
    assert tree_digest(minimal / "output") == before


def _edit_the_notice_and_break_the_boards_sheet(minimal) -> None:
    """The notice's web page and sheet change; the quarter's board sheet cannot be printed (a character no
    installed font has, in arrears that only the board shows)."""
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "停水通知", "停水通知（修订）")
    quarter = minimal / "content/lanting/finances/2026-Q1.yaml"
    quarter.write_text(quarter.read_text(encoding="utf-8").replace("3栋1单元101", "3栋1单元101\U00013000"),
                       encoding="utf-8")


def test_a_build_whose_board_sheets_fail_leaves_the_website_and_the_log_as_they_were(minimal):
    assert build_site(minimal).written
    before, log = tree_digest(minimal / "output"), minimal / "content/publication-log.jsonl"
    logged = log.read_bytes() if log.is_file() else None
    _edit_the_notice_and_break_the_boards_sheet(minimal)
    result = build_site(minimal, publish=True)
    assert not result.written and "no installed font has" in "".join(d.message for d in result.diagnostics.errors)
    assert tree_digest(minimal / "output") == before
    assert (log.read_bytes() if log.is_file() else None) == logged


@pytest.mark.parametrize("compound", ["", "lanting"])
def test_printing_whose_board_sheets_fail_leaves_the_websites_sheets_as_they_were(minimal, compound):
    assert build_site(minimal).written
    before = tree_digest(minimal / "output"), tree_digest(minimal / "print")
    _edit_the_notice_and_break_the_boards_sheet(minimal)
    result = build(BuildOptions(content=minimal / "content", output=minimal / "output",
                                print_output=minimal / "print", cache=minimal / ".cache", build_date=BUILD_DATE,
                                root=minimal), only_sheets_of=compound)
    assert not result.written and "no installed font has" in "".join(d.message for d in result.diagnostics.errors)
    assert (tree_digest(minimal / "output"), tree_digest(minimal / "print")) == before
    assert not list(minimal.glob(".*.staging-*")), "staging folders must not be left behind"


def _state(minimal) -> tuple:
    """What the website, the print folder and the publication log hold."""
    log = minimal / "content/publication-log.jsonl"
    return tree_digest(minimal / "output"), tree_digest(minimal / "print"), log.read_bytes() if log.is_file() else None


def _built_then_edited(minimal) -> tuple:
    """Built, then the notice's title edited; returns the `_state` before the edit's build."""
    assert build_site(minimal).written
    before = _state(minimal)
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "停水通知", "停水通知（修订）")
    return before


def test_a_build_whose_print_folder_cannot_be_written_leaves_the_website_and_the_log_as_they_were(minimal,
                                                                                                   monkeypatch):
    before = _built_then_edited(minimal)
    moving_in, board = os.replace, f"{minimal / 'print'}{os.sep}"

    def disk_full_for_the_board(source, target):
        if str(target).startswith(board):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(source), None, str(target))  # as rename(2)
        moving_in(source, target)

    monkeypatch.setattr(os, "replace", disk_full_for_the_board)
    result = build_site(minimal, publish=True)
    monkeypatch.undo()
    assert not result.written
    [error] = [d.message for d in result.diagnostics.errors]
    assert f"No space left on device ({board}lanting/" in error  # the file in the print folder, not the staged one
    assert error.endswith("every folder it writes into is as it was")
    assert _state(minimal) == before
    assert not list(minimal.glob(".*.staging-*")), "staging folders must not be left behind"
    assert build_site(minimal).written  # and the next build knows that the last one wrote nothing
    assert "停水通知（修订）" in (minimal / "output/lanting/notices/water-outage/index.html").read_text(encoding="utf-8")


def test_a_build_the_system_stops_says_so_and_leaves_the_output_and_the_log_as_they_were(minimal, monkeypatch):
    before = _built_then_edited(minimal)
    appended = publication.append

    def disk_full(staging, path, data, digest):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(staging.folder / "0"))

    def append_then_fill_the_disk(*arguments):  # the build after the log's entry is the one that fails
        appended(*arguments)
        monkeypatch.setattr(write.Staging, "add", disk_full)

    monkeypatch.setattr(publication, "append", append_then_fill_the_disk)
    result = build_site(minimal, publish=True)
    monkeypatch.undo()
    assert not result.written
    [error] = [d.format() for d in result.diagnostics.errors]
    assert "the build stopped: No space left on device (" in error and "nothing was written, and" in error
    assert _state(minimal) == before
    assert not list(minimal.glob(".*.staging-*")), "staging folders must not be left behind"


@pytest.mark.parametrize("when", ["moving the board's sheets in", "rendering after the log's entry"])
def test_a_build_stopped_with_ctrl_c_leaves_the_output_and_the_log_as_they_were(minimal, monkeypatch, when):
    before = _built_then_edited(minimal)
    moving_in, appended, board = os.replace, publication.append, f"{minimal / 'print'}{os.sep}"

    def interrupted_at_the_board(source, target):
        if str(target).startswith(board):
            raise KeyboardInterrupt
        moving_in(source, target)

    def interrupted(*arguments):
        raise KeyboardInterrupt

    def append_then_interrupt(*arguments):
        appended(*arguments)
        monkeypatch.setattr(write.Staging, "add", interrupted)

    if when == "moving the board's sheets in":
        monkeypatch.setattr(os, "replace", interrupted_at_the_board)
    else:
        monkeypatch.setattr(publication, "append", append_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_site(minimal, publish=True)
    monkeypatch.undo()
    assert _state(minimal) == before
    assert not list(minimal.glob(".*.staging-*")), "staging folders must not be left behind"


def test_a_build_record_that_cannot_be_kept_is_a_warning_and_the_next_build_makes_up_for_it(minimal, monkeypatch):
    assert build_site(minimal).written
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "停水通知", "停水通知（修订）")

    def disk_full(*arguments):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache, "save", disk_full)
    result = build_site(minimal, pdfs=False)
    monkeypatch.undo()
    assert result.written and not result.diagnostics.errors
    assert any("the record of this build could not be kept: No space left on device" in d.message
               for d in result.diagnostics.items)
    built = tree_digest(minimal / "output")
    edit(notice, "停水通知（修订）", "停水通知")
    assert build_site(minimal, pdfs=False).written
    assert "停水通知（修订）" not in (minimal / "output/lanting/notices/water-outage/index.html").read_text(encoding="utf-8")
    assert tree_digest(minimal / "output") != built


def test_an_output_folder_the_system_cannot_make_is_an_error_not_a_traceback(minimal):
    (minimal / "a-file").write_text("not a folder", encoding="utf-8")
    result = build_site(minimal, output=minimal / "a-file/output")
    assert not result.written
    [error] = [d.format() for d in result.diagnostics.errors]
    assert "the build stopped: " in error and "a-file/output/ and" in error and "Traceback" not in error


def test_a_template_error_also_leaves_the_output_untouched(minimal, tmp_path):
    assert build_site(minimal).written
    before = tree_digest(minimal / "output")
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    notice = templates / "web/notice.html"
    source = notice.read_text(encoding="utf-8")
    assert "<h1>{{ notice.title" in source
    notice.write_text(source.replace("<h1>{{ notice.title", "<h1>{{ notice.titel"), encoding="utf-8")
    result = build_site(minimal, templates=templates)
    assert not result.written
    messages = [d.format() for d in result.diagnostics.errors]
    assert any("templates/web/notice.html:" in m and "titel" in m and "/lanting/notices/water-outage/" in m
               for m in messages), messages
    assert tree_digest(minimal / "output") == before


def test_a_mistake_in_a_template_every_page_uses_is_one_error(minimal, tmp_path):
    # It was reported once for each page: 75 times the same lines, and a count of 75 errors.
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    base = templates / "base.html"
    edit(base, "<body>", "<body>{% if %}", 1)
    result = build_site(minimal, templates=templates)
    assert not result.written
    [error] = [d.format() for d in result.diagnostics.errors]
    assert "templates/base.html:" in error and "while rendering" not in error, error


def test_a_build_never_modifies_content(minimal):
    content = minimal / "content"
    before = tree_digest(content)
    times = {p: p.stat().st_mtime_ns for p in content.rglob("*")}
    assert build_site(minimal).written
    assert tree_digest(content) == before
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*")} == times


def test_output_holds_exactly_what_the_site_consists_of(minimal):
    assert build_site(minimal).written
    stale = minimal / "output/lanting/notices/old-notice/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    (minimal / "content/lanting/notices/water-outage.md").unlink()
    assert build_site(minimal).written
    assert not stale.exists()
    assert not (minimal / "output/lanting/notices/water-outage").exists()
    assert not list(minimal.glob(".output.staging-*")), "staging folders must not be left behind"


@pytest.mark.parametrize("output", [".", "content", "content/lanting/site"])
def test_an_output_folder_that_holds_or_lies_in_the_content_is_refused(minimal, output):
    before = tree_digest(minimal)
    result = build_site(minimal, output=minimal / output)
    assert not result.written
    errors = [d.format() for d in result.diagnostics.errors]
    assert any(e.startswith(f"{output}: error: the output folder ") and "content" in e for e in errors), errors
    assert tree_digest(minimal) == before


def test_a_print_folder_inside_the_output_is_refused_as_it_would_publish_the_boards_sheets(minimal):
    result = build_site(minimal, print_output=minimal / "output/print")
    assert not result.written
    assert [d.format() for d in result.diagnostics.errors] == [
        "output/print: error: the print folder is inside the output folder (" + str(minimal / "output") +
        "); choose a folder outside it with --print-output"]
    assert not (minimal / "output").exists()


def test_a_cache_folder_inside_the_content_is_refused_as_it_keeps_what_the_board_alone_may_show(minimal):
    # Its memos and the board's sheets went into the compound's folder, which secretaries send on by WeChat.
    before = tree_digest(minimal / "content")
    result = build_site(minimal, cache=minimal / "content/lanting/_cache")
    assert not result.written
    assert [d.format() for d in result.diagnostics.errors] == [
        "content/lanting/_cache: error: the cache folder is inside the content (" + str(minimal / "content") +
        "), and would keep copies of what the board alone may show there; choose a folder outside it with --cache"]
    assert tree_digest(minimal / "content") == before
    # `check` keeps the content as read alone, which the content holds already: it checks as ever, and says so.
    edit(minimal / "content/lanting/finances/2026-Q3.yaml", "closing_balance: 13650.50", "closing_balance: 13650.00")
    checked = check(BuildOptions(content=minimal / "content", root=minimal, cache=minimal / "content/_cache"))
    assert [d.field for d in checked.diagnostics.errors] == ["closing_balance"]


def test_a_folder_holding_files_a_build_did_not_make_is_refused_until_emptied(minimal, tmp_path):
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "wedding.jpg").write_bytes(b"\xff\xd8 not ours")
    result = build_site(minimal, output=mine)
    assert not result.written
    [error] = [d.format() for d in result.diagnostics.errors]
    assert "already holds files that noticeboard did not make (wedding.jpg)" in error
    assert [p.name for p in mine.iterdir()] == ["wedding.jpg"]
    (mine / "wedding.jpg").unlink()
    assert build_site(minimal, output=mine).written


def test_an_output_folder_a_build_made_is_built_again_with_its_cache_deleted(minimal):
    assert build_site(minimal, cache=minimal / ".cache").written
    (minimal / "output/lanting/notices/stray.html").write_text("stray", encoding="utf-8")
    shutil.rmtree(minimal / ".cache")
    assert build_site(minimal, cache=minimal / ".cache").written  # the marker says the folder is the build's own
    assert (minimal / "output/.noticeboard").is_file()
    assert not (minimal / "output/lanting/notices/stray.html").exists()


def test_two_builds_give_identical_output(minimal, tmp_path):
    assert build_site(minimal).written
    first = tree_digest(minimal / "output")
    assert build_site(minimal).written
    assert tree_digest(minimal / "output") == first


def test_the_demo_district_builds(tmp_path):
    if not (PROJECT / "content/site.yaml").is_file():
        return
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    result = build_site(tmp_path)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    assert len(list((tmp_path / "output").rglob("index.html"))) > 40


def test_files_that_did_not_change_are_carried_over_not_rewritten(minimal):
    assert build_site(minimal, pdfs=False).written
    unrelated = minimal / "output/lanting/services/index.html"
    edited = minimal / "output/lanting/notices/water-outage/index.html"
    before = (unrelated.stat().st_ino, edited.read_bytes())
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "全天停水", "上午停水")
    assert build_site(minimal, pdfs=False).written
    assert unrelated.stat().st_ino == before[0]
    assert edited.read_bytes() != before[1] and "上午停水" in edited.read_text(encoding="utf-8")


def test_a_pdf_attachment_taken_off_a_notice_goes_from_the_site_in_a_build_without_sheets(minimal):
    # Kept as though it were a sheet: the withdrawn list of owners stayed online, linked from nowhere.
    folder = minimal / "content/lanting/notices/lift-consultation"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(folder / "list.pdf")
    edit(folder / "index.md", "  - {file: schedule.csv, title: 施工进度表}\n",
         "  - {file: schedule.csv, title: 施工进度表}\n  - {file: list.pdf, title: 业主名单}\n")
    assert build_site(minimal, pdfs=False).written
    published = minimal / "output/lanting/notices/lift-consultation/list.pdf"
    assert published.is_file()
    edit(folder / "index.md", "  - {file: list.pdf, title: 业主名单}\n", "")
    (folder / "list.pdf").unlink()
    assert build_site(minimal, pdfs=False).written
    assert not published.exists()


def _two_compounds_one_broken(minimal) -> dict[str, str]:
    """lanting and its copy zhuyuan built; then lanting's notice edited, and zhuyuan's notice edited and given a
    date that does not exist. Returns zhuyuan's files in the output and the print folder as built."""
    copy_compound(minimal / "content", "zhuyuan")
    assert build_site(minimal).written
    before = {**tree_digest(minimal / "output/zhuyuan"), **_prefixed(tree_digest(minimal / "print/zhuyuan"))}
    edit(minimal / "content/lanting/notices/water-outage.md", "停水通知", "停水通知（修订）")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "停水通知", "停水通知（竹苑）")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    return before


def _prefixed(digests: dict[str, str]) -> dict[str, str]:
    return {f"print/{path}": digest for path, digest in digests.items()}


def _zhuyuan_as_built(minimal) -> dict[str, str]:
    return {**tree_digest(minimal / "output/zhuyuan"), **_prefixed(tree_digest(minimal / "print/zhuyuan"))}


def _notice_title(minimal, compound: str) -> str:
    return (minimal / f"output/{compound}/notices/water-outage/index.html").read_text(encoding="utf-8")


def test_keep_going_holds_back_a_compound_with_errors_as_last_built_and_builds_the_others(minimal):
    before = _two_compounds_one_broken(minimal)
    assert not build_site(minimal).written  # without it, one compound's error stops the district
    result = build_site(minimal, keep_going=True)
    assert result.written and result.held_back == ["zhuyuan"]
    assert any("2026-11-31" in error.format() and "zhuyuan" in error.format() for error in result.diagnostics.errors)
    assert any(w.message.startswith("held back") for w in result.diagnostics.warnings)
    assert "停水通知（修订）" in _notice_title(minimal, "lanting")
    assert _zhuyuan_as_built(minimal) == before  # pages, sheets and board sheets exactly as they were
    home = (minimal / "output/index.html").read_text(encoding="utf-8")
    assert 'href="zhuyuan/"' in home  # still on the district's home page


def test_a_compound_held_back_loses_what_no_build_made_in_its_folder_as_any_build_removes_it(minimal):
    before = _two_compounds_one_broken(minimal)
    (minimal / "output/zhuyuan/stray.html").write_text("copied in by hand", encoding="utf-8")
    assert build_site(minimal, keep_going=True).held_back == ["zhuyuan"]
    assert _zhuyuan_as_built(minimal) == before


def test_a_compound_held_back_is_checked_again_by_every_build_and_built_once_mended(minimal):
    before = _two_compounds_one_broken(minimal)
    assert build_site(minimal, keep_going=True).held_back == ["zhuyuan"]
    again = build_site(minimal, keep_going=True)  # the record must not take the held back compound as up to date
    assert again.written and again.held_back == ["zhuyuan"] and again.diagnostics.errors
    assert _zhuyuan_as_built(minimal) == before
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-31", "date: 2026-11-20")
    mended = build_site(minimal)
    assert mended.written and not mended.diagnostics.errors and not mended.held_back
    assert "停水通知（竹苑）" in _notice_title(minimal, "zhuyuan")


def test_keep_going_leaves_out_a_compound_never_built_with_errors_and_builds_the_others(minimal):
    assert build_site(minimal).written
    copy_compound(minimal / "content", "zhuyuan")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    edit(minimal / "content/lanting/notices/water-outage.md", "停水通知", "停水通知（修订）")
    result = build_site(minimal, keep_going=True)
    assert result.written and result.held_back == ["zhuyuan"]
    assert any("not on the site until its errors are fixed" in w.message for w in result.diagnostics.warnings)
    assert not (minimal / "output/zhuyuan").exists() and not (minimal / "print/zhuyuan").exists()
    assert "zhuyuan" not in (minimal / "output/index.html").read_text(encoding="utf-8")
    assert "停水通知（修订）" in _notice_title(minimal, "lanting")


def test_a_template_error_is_not_a_compounds_to_hold_back_and_stops_the_build(minimal, tmp_path):
    assert build_site(minimal).written
    before = tree_digest(minimal / "output")
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    edit(templates / "web/notice.html", "{{", "{{ broken(", count=1)
    result = build_site(minimal, keep_going=True, templates=templates)
    assert not result.written and not result.held_back and not result.could_hold_back
    assert any("templates/web/notice.html" in error.location.path for error in result.diagnostics.errors)
    assert tree_digest(minimal / "output") == before


def test_only_a_compound_with_pages_held_back_keeps_the_old_static_files(minimal, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    assert build_site(minimal, templates=templates).written
    copy_compound(minimal / "content", "zhuyuan")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    stylesheet = templates / "static/site.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.new { color: black; }\n", encoding="utf-8")
    assert build_site(minimal, keep_going=True, templates=templates).held_back == ["zhuyuan"]  # never built
    assert len(list((minimal / "output/static").glob("site.*.css"))) == 1


def test_keep_going_keeps_no_files_of_a_compound_that_no_build_made_and_writes_nothing(minimal):
    assert build_site(minimal).written
    copy_compound(minimal / "content", "zhuyuan")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    (minimal / "output/zhuyuan").mkdir()
    (minimal / "output/zhuyuan/index.html").write_text("copied in by hand", encoding="utf-8")
    before = tree_digest(minimal / "output")
    result = build_site(minimal, keep_going=True)
    assert not result.written and not result.held_back
    assert any("cannot be kept as last built" in error.message and "output/zhuyuan/ holds files" in error.message
               for error in result.diagnostics.errors)
    assert tree_digest(minimal / "output") == before


def test_keep_going_cannot_hold_back_a_compound_whose_files_changed_since_and_names_one(minimal):
    _two_compounds_one_broken(minimal)
    page = minimal / "output/zhuyuan/services/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    result = build_site(minimal, keep_going=True)
    assert not result.written
    assert any("output/zhuyuan/services/index.html is no longer as its last build without errors left it"
               in error.message for error in result.diagnostics.errors)


def _broken_then_restyled(minimal, tmp_path):
    """`_two_compounds_one_broken`, then a copy of the templates with the stylesheet changed; returns its folder."""
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    _two_compounds_one_broken(minimal)
    stylesheet = templates / "static/site.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.held { color: black; }\n", encoding="utf-8")
    return templates


def test_a_compound_held_back_under_other_templates_site_yaml_and_date_is_built_whole_once_mended(minimal, tmp_path):
    templates = _broken_then_restyled(minimal, tmp_path)
    edit(minimal / "content/site.yaml", "测试区小区公开栏", "测试区小区公示栏")
    later = BUILD_DATE + timedelta(days=1)
    assert build_site(minimal, later, keep_going=True, templates=templates).held_back == ["zhuyuan"]
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-31", "date: 2026-11-20")
    assert build_site(minimal, later, templates=templates).written
    cold = tmp_path / "cold"
    shutil.copytree(minimal / "content", cold / "content")
    assert build_site(cold, later, templates=templates, cache=cold / ".cache").written
    for folder in ("output", "print"):
        assert tree_digest(minimal / folder) == tree_digest(cold / folder), folder


def test_a_compound_held_back_keeps_the_sheets_a_build_without_them_left_beside_its_pages(minimal):
    copy_compound(minimal / "content", "zhuyuan")
    assert build_site(minimal).written
    edit(minimal / "content/zhuyuan/compound.yaml", "兰亭苑", "竹苑")
    assert build_site(minimal, pdfs=False).written  # its record now lists its pages, not its sheets
    sheets = {path: digest for path, digest in tree_digest(minimal / "output/zhuyuan").items()
              if path.endswith(".pdf")}
    assert sheets
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    assert build_site(minimal, keep_going=True).held_back == ["zhuyuan"]
    assert {path: digest for path, digest in tree_digest(minimal / "output/zhuyuan").items()
            if path.endswith(".pdf")} == sheets


def test_a_print_folder_that_cannot_hold_back_a_compound_stops_the_build_and_says_what_can(minimal):
    _two_compounds_one_broken(minimal)
    shutil.rmtree(minimal / "print")
    before = tree_digest(minimal / "output")
    result = build_site(minimal, keep_going=True)
    assert not result.written and not result.held_back
    assert not any("held back" in diagnostic.message for diagnostic in result.diagnostics.items)
    [refusal] = [error for error in result.diagnostics.errors if "cannot be kept" in error.message]
    assert refusal.message.startswith("this compound has errors, and cannot be kept as last built: print/zhuyuan/")
    assert "is missing, not as its last build without errors left it" in refusal.message
    assert "build --no-pdf --keep-going updates the website alone" in refusal.hint
    assert tree_digest(minimal / "output") == before


def _add_power_cut(compound) -> None:
    """A new notice, made from the compound's notice of a water outage."""
    notices = compound / "notices"
    (notices / "power-cut.md").write_text((notices / "water-outage.md").read_text(encoding="utf-8").replace(
        "停水通知", "停电通知"), encoding="utf-8")


def test_publishing_with_a_compound_held_back_records_only_the_others(minimal):
    copy_compound(minimal / "content", "zhuyuan")
    assert build_site(minimal, publish=True).written
    log = minimal / "content/publication-log.jsonl"
    _add_power_cut(minimal / "content/lanting")
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    result = build_site(minimal, publish=True, keep_going=True)
    assert result.written and result.held_back == ["zhuyuan"]
    assert list(publication.read_log(log, "")[0][-1].documents) == ["lanting/notice/power-cut"]
    [held] = [w for w in result.diagnostics.warnings if w.message.startswith("held back")]
    assert "none of its changes were recorded in the publication log" in held.message
    assert held.hint == "fix its errors, then publish again"


def test_publishing_cannot_hold_back_a_compound_whose_last_build_was_never_published(minimal):
    copy_compound(minimal / "content", "zhuyuan")
    assert build_site(minimal, publish=True).written
    _add_power_cut(minimal / "content/zhuyuan")
    assert build_site(minimal).written  # built, not published
    log = minimal / "content/publication-log.jsonl"
    logged = log.read_bytes()
    edit(minimal / "content/zhuyuan/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    result = build_site(minimal, publish=True, keep_going=True)
    assert not result.written
    assert any("its pages as last built were never published" in error.message for error in result.diagnostics.errors)
    assert log.read_bytes() == logged


def test_pages_held_back_keep_their_stylesheet_when_the_templates_change_it(minimal, tmp_path):
    templates = _broken_then_restyled(minimal, tmp_path)
    assert build_site(minimal, keep_going=True, templates=templates).held_back == ["zhuyuan"]
    for compound in ("lanting", "zhuyuan"):
        page = minimal / f"output/{compound}/index.html"
        [link] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert (page.parent / link).is_file(), (compound, link)


def test_keep_going_says_nothing_was_held_back_when_another_compound_stops_the_build(minimal):
    _two_compounds_one_broken(minimal)
    edit(minimal / "content/lanting/notices/water-outage.md", "date: 2026-11-20", "date: 2026-11-31")
    page = minimal / "output/lanting/services/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- edited by hand -->", encoding="utf-8")
    result = build_site(minimal, keep_going=True)
    assert not result.written and not result.held_back
    assert not any("held back" in diagnostic.message for diagnostic in result.diagnostics.items)
    assert any("lanting" in error.format() and "cannot be kept as last built" in error.message
               for error in result.diagnostics.errors)
