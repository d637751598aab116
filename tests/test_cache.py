"""The build record: warm and incremental builds give exactly what a cold build gives, and touch no more."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import time
from datetime import date
from pathlib import Path

from conftest import BUILD_DATE, build_site, copy_compound, edit, tree_digest

from generator import cache, render
from generator.build import BuildOptions, build

NOTICE = "content/lanting-c/notices/water-outage.md"


def district(root: Path, compounds: int = 4) -> Path:
    """The minimal site with its compound copied into `compounds` compounds: lanting, lanting-b, ..."""
    for letter in "bcdefgh"[:compounds - 1]:
        copy_compound(root / "content", f"lanting-{letter}")
    return root


def edit_notice(root: Path, old: str = "全天停水", new: str = "上午停水") -> None:
    edit(root / NOTICE, old, new)


def times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def built(root: Path, **options) -> dict[str, str]:
    result = build_site(root, cache=root / ".cache", **options)
    assert result.written, [d.format() for d in result.diagnostics.errors]
    return tree_digest(root / "output")


def cold(root: Path, tmp_path: Path, **options) -> dict[str, str]:
    """The same content built from scratch elsewhere, without any build record."""
    fresh = tmp_path / "cold"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(root / "content", fresh / "content")
    return built(fresh, **options)


def test_a_build_with_nothing_changed_gives_the_same_output_and_touches_no_file(minimal):
    first = built(minimal)
    before = times(minimal / "output")
    assert built(minimal) == first
    assert times(minimal / "output") == before


def test_cold_warm_and_incremental_builds_give_identical_trees(minimal, tmp_path):
    district(minimal)
    built(minimal)
    assert built(minimal) == cold(minimal, tmp_path)  # warm
    edit_notice(minimal)
    (minimal / "content/lanting-b/services.yaml").unlink()
    shutil.rmtree(minimal / "content/lanting-d")
    incremental = built(minimal)
    assert incremental == cold(minimal, tmp_path)
    assert not any(path.startswith(("lanting-d/", "lanting-b/services/")) for path in incremental)


def test_one_edited_notice_rebuilds_one_compound_and_rewrites_only_the_files_that_show_it(minimal):
    district(minimal)
    built(minimal)
    before = times(minimal / "output")
    edit_notice(minimal)
    compounds_built = []
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=BUILD_DATE, root=minimal, cache=minimal / ".cache")
    result = build(options, lambda done, total: compounds_built.append(total))
    assert result.written and set(compounds_built) == {1}
    rewritten = {path for path, time in times(minimal / "output").items() if before.get(path) != time}
    # The notice's page and sheet, the feed that carries its text, the board pack it is posted in, the page
    # listing the verification codes (its code changed with its text), and the district's feed, which gives its
    # summary (edited too); nothing of other compounds.
    assert rewritten == {"lanting-c/notices/water-outage/index.html", "lanting-c/notices/water-outage/water-outage.pdf",
                         "lanting-c/feed.xml", "lanting-c/board-pack.pdf", "lanting-c/verify/index.html",
                         "feed.xml"}, rewritten


def test_an_attachment_replaced_by_a_link_to_the_same_bytes_is_refused_by_the_next_build(minimal, tmp_path):
    # "Nothing changed since the last build", where check and a cold build refused the link.
    built(minimal)
    attachment = minimal / "content/lanting/notices/lift-consultation/schedule.csv"
    shutil.copy(attachment, tmp_path / "schedule.csv")
    attachment.unlink()
    attachment.symlink_to(tmp_path / "schedule.csv")
    result = build_site(minimal, cache=minimal / ".cache", pdfs=False)
    assert not result.written and not result.up_to_date
    assert "'schedule.csv' is a link to a file elsewhere" in "\n".join(d.format() for d in result.diagnostics.sorted())


def test_an_edit_of_any_kind_of_document_gives_the_tree_a_cold_build_gives(minimal, tmp_path):
    district(minimal)
    built(minimal)
    content = minimal / "content"
    edit(content / "lanting/compound.yaml", "name: 兰亭苑\n", "name: 兰亭新苑\n")  # shown on every page
    edit(content / "lanting-b/finances/2026-Q3.yaml", "7月物业费", "七月物业费")
    edit(content / "lanting-c/votes/roof-repair.yaml", "拟使用专项维修资金", "拟动用专项维修资金")
    edit(content / "lanting-d/notices/lift-consultation/index.md", "施工进度表", "施工进度安排表")
    assert built(minimal) == cold(minimal, tmp_path)
    # A correction to a compound's newest notice, which stays first: only its date on the district's pages changes.
    corrected = "\ncorrections: [{date: 2026-11-24, note: 改期。}]\n---\n"
    edit(content / "lanting-b/notices/water-outage.md", "\n---\n", corrected, 1)
    assert built(minimal) == cold(minimal, tmp_path)
    # A notice taken off the board early, its title and dates as they were: 张贴中 goes from the district's home.
    edit(content / "lanting-c/notices/water-outage.md", "to: 2026-12-05}", "to: 2026-11-21}")
    assert built(minimal) == cold(minimal, tmp_path)


def test_an_edited_notice_renders_again_only_the_pages_that_show_it(minimal, monkeypatch):
    district(minimal, 2)
    built(minimal, pdfs=False, workers=1)
    rendered = []
    render_page = render.Renderer.render_page
    monkeypatch.setattr(render.Renderer, "render_page",
                        lambda self, page, site: rendered.append(page.path) or render_page(self, page, site))
    edit(minimal / "content/lanting-b/notices/water-outage.md", "全天停水", "上午停水")
    built(minimal, pdfs=False, workers=1)
    # The notice's own page and the pages given the whole compound (lists, home, feed, calendar, codes);
    # not the pages of its other documents, and nothing of the other compound.
    assert "lanting-b/notices/water-outage/" in rendered and "lanting-b/notices/" in rendered
    assert not [path for path in rendered if path.startswith(("lanting-b/notices/lift-consultation/",
                                                               "lanting-b/finances/2026", "lanting-b/votes/roof",
                                                               "lanting/"))], rendered


def test_an_output_file_changed_by_hand_is_built_again(minimal):
    first = built(minimal)
    page = minimal / "output/lanting/services/index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (minimal / "output/lanting/feed.xml").unlink()
    (minimal / "output/lanting/stray.html").write_text("not part of the site", encoding="utf-8")
    assert built(minimal) == first


def test_a_changed_template_rebuilds_the_pages_that_use_it(minimal, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).parent.parent / "templates", templates)
    built(minimal, templates=templates, pdfs=False)
    base = templates / "base.html"
    edit(base, '<main id="main">', '<main id="main" class="x">')
    built(minimal, templates=templates, pdfs=False)
    pages = list((minimal / "output").rglob("*.html"))
    assert pages and all('class="x"' in page.read_text(encoding="utf-8") for page in pages)


def test_template_files_named_as_content_leaves_out_are_inputs_too(minimal, tmp_path):
    # A partial set aside as `_extra.html` is loaded all the same, and `static/_headers` is published.
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).parent.parent / "templates", templates)
    (templates / "partials/_extra.html").write_text("<p>extra v1</p>", encoding="utf-8")
    base = templates / "base.html"
    edit(base, '<main id="main">', '<main id="main">{% include "partials/_extra.html" %}')
    built(minimal, templates=templates, pdfs=False)
    (templates / "partials/_extra.html").write_text("<p>extra v2</p>", encoding="utf-8")
    (templates / "static/_headers").write_text("/*\n  X-Frame-Options: DENY\n", encoding="utf-8")
    built(minimal, templates=templates, pdfs=False)
    assert "extra v2" in (minimal / "output/index.html").read_text(encoding="utf-8")
    assert (minimal / "output/static/_headers").is_file()


def test_a_deleted_or_unreadable_record_only_makes_the_next_build_a_cold_one(minimal):
    first = built(minimal)
    record = cache.record_file(minimal / ".cache", minimal / "output")
    assert record.is_file()
    record.write_bytes(b"not a record")
    assert built(minimal) == first
    shutil.rmtree(minimal / ".cache")
    assert built(minimal) == first


def test_a_record_an_older_noticeboard_made_is_no_record(minimal, monkeypatch):
    # Its compounds lack the fields added since: `--keep-going` kept one of them as last built, and stopped on one.
    folder, output = minimal / ".cache", minimal / "output"
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    assert build_site(minimal, pdfs=False, cache=folder).written
    with cache.record_file(folder, output).open("rb") as file:
        record = pickle.load(file)
    for compound in record.compounds.values():
        del compound.names
    cache.save(folder, output, record)
    monkeypatch.undo()
    assert cache.load(folder, output) is None
    edit(minimal / "content/lanting/notices/water-outage.md", "title: 停水通知", "titel: 停水通知")
    result = build_site(minimal, pdfs=False, cache=folder, keep_going=True)
    assert not result.written and result.diagnostics.errors


def test_a_failed_incremental_build_changes_nothing_and_the_next_one_recovers(minimal, tmp_path):
    district(minimal, 2)
    built(minimal)
    before = tree_digest(minimal / "output"), times(minimal / "output")
    notice = minimal / "content/lanting-b/notices/water-outage.md"
    original = notice.read_text(encoding="utf-8")
    notice.write_text(original.replace("title: 停水通知", "title: [停水通知"), encoding="utf-8")
    assert not build_site(minimal, cache=minimal / ".cache").written
    assert (tree_digest(minimal / "output"), times(minimal / "output")) == before
    notice.write_text(original.replace("全天停水", "上午停水"), encoding="utf-8")
    assert built(minimal) == cold(minimal, tmp_path)


def test_warnings_are_reported_again_when_nothing_changed(minimal):
    overdue = date(2027, 3, 1)  # the 2026 Q4 disclosure is late by then
    warned = build_site(minimal, overdue, cache=minimal / ".cache", pdfs=False)
    again = build_site(minimal, overdue, cache=minimal / ".cache", pdfs=False)
    assert warned.diagnostics.warnings
    assert [d.format() for d in again.diagnostics.sorted()] == [d.format() for d in warned.diagnostics.sorted()]


def test_sheets_printed_alone_are_noticed_by_the_next_build(minimal, tmp_path):
    district(minimal, 2)
    built(minimal)
    notice = minimal / "content/lanting-b/notices/water-outage.md"
    edit(notice, "全天停水", "上午停水")
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=BUILD_DATE, root=minimal, cache=minimal / ".cache")
    assert build(options, only_sheets_of="lanting-b").written  # sheets anew, pages still old
    assert built(minimal) == cold(minimal, tmp_path)


def test_a_build_without_sheets_and_the_next_with_them_build_only_the_edited_compound(minimal, tmp_path):
    # What `serve` does after an edit: the pages first, then the sheets.
    district(minimal)
    built(minimal)
    edit_notice(minimal)
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=BUILD_DATE, root=minimal, cache=minimal / ".cache")
    compounds_built: list[int] = []
    pages = build(dataclasses.replace(options, pdfs=False), lambda done, total: compounds_built.append(total))
    assert pages.written and set(compounds_built) == {1}
    assert "上午停水" in (minimal / "output/lanting-c/notices/water-outage/index.html").read_text(encoding="utf-8")
    assert (minimal / "output/lanting-c/notices/water-outage/water-outage.pdf").is_file()  # the last printed
    compounds_built.clear()
    sheets = build(options, lambda done, total: compounds_built.append(total))
    assert sheets.written and set(compounds_built) == {1} and sheets.sheets_rendered == 1
    assert tree_digest(minimal / "output") == cold(minimal, tmp_path)


def test_a_build_without_sheets_removes_the_sheets_of_what_was_deleted(minimal, tmp_path):
    district(minimal, compounds=2)
    built(minimal)
    shutil.rmtree(minimal / "content/lanting-b")
    (minimal / "content/lanting/notices/water-outage.md").unlink()
    built(minimal, pdfs=False)
    sheets = {path for path in tree_digest(minimal / "output") if path.endswith(".pdf")}
    assert sheets and not [path for path in sheets if path.startswith("lanting-b/") or "water-outage" in path]
    assert built(minimal) == cold(minimal, tmp_path)  # and the next build with sheets is as a cold one


def test_a_file_rewritten_with_its_size_and_time_set_back_is_read_again(minimal, tmp_path):
    # An editor or a copy that keeps the time: the page kept the old text, and its verification code.
    built(minimal, pdfs=False)
    # A file is trusted by its size and times only once they are older than a build by more than a file system's
    # coarsest time: the build after this wait keeps a record that trusts the notice (the test did not reach
    # that far, and read the notice again whatever its times).
    time.sleep(cache.SAME_INSTANT_NS / 1e9 + 0.2)
    edit(minimal / "content/lanting/notices/lift-consultation/index.md", "现征询", "现再次征询")
    built(minimal, pdfs=False)
    notice = minimal / "content/lanting/notices/water-outage.md"
    before = notice.stat()
    edit(notice, "全天停水", "半天停水")
    os.utime(notice, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert notice.stat().st_size == before.st_size
    assert built(minimal, pdfs=False) == cold(minimal, tmp_path, pdfs=False)
    assert "半天停水" in (minimal / "output/lanting/notices/water-outage/index.html").read_text(encoding="utf-8")


def test_an_empty_folder_added_to_a_compound_is_reported_as_a_cold_build_reports_it(minimal):
    # Folders were no part of a compound's key: the warm build said nothing and published.
    built(minimal, pdfs=False)
    (minimal / "content/lanting/备份").mkdir()
    result = build_site(minimal, cache=minimal / ".cache", pdfs=False)
    assert "unrecognised folder '备份'" in "\n".join(d.format() for d in result.diagnostics.items)
