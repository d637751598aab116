"""Parsed files remembered by their text: the same result as parsing, and never a wrong one."""

from __future__ import annotations

import importlib.metadata
import errno
import os
import pickle
import re
import time
from datetime import timedelta

from conftest import BUILD_DATE, build_site, tree_digest

from generator import memo
from generator.memo import Memo, library_versions
from generator.yamlio import parse_yaml

TEXT = "title: 停水\nfee: 12.50\n"


def test_a_remembered_result_is_the_result_and_is_made_only_once(tmp_path):
    made = []

    def parse():
        made.append(TEXT)
        return parse_yaml(TEXT)

    memo = Memo(tmp_path, "lanting")
    first = memo("yaml", TEXT, parse)
    first.data["fee"] = "changed after it was remembered"
    memo.save()
    again = Memo(tmp_path, "lanting")
    assert again("yaml", TEXT, parse) == parse_yaml(TEXT) and len(made) == 1
    assert again("yaml", "title: 停电\n", lambda: "other") == "other"  # another text is another result


def test_a_damaged_file_only_means_parsing_again(tmp_path):
    memo = Memo(tmp_path, "lanting")
    memo("yaml", TEXT, lambda: parse_yaml(TEXT))
    memo.save()
    memo.file.write_bytes(b"damaged")
    assert Memo(tmp_path, "lanting")("yaml", TEXT, lambda: parse_yaml(TEXT)) == parse_yaml(TEXT)


def test_only_what_the_last_build_used_is_kept(tmp_path):
    memo = Memo(tmp_path, "lanting")
    memo("yaml", TEXT, lambda: parse_yaml(TEXT))
    memo.save()
    later = Memo(tmp_path, "lanting")
    later("yaml", "title: 停电\n", lambda: parse_yaml("title: 停电\n"))
    later.save()
    made = []
    Memo(tmp_path, "lanting")("yaml", TEXT, lambda: made.append(1) or parse_yaml(TEXT))
    assert made == [1]


def test_builds_with_and_without_remembered_files_are_identical(minimal):
    assert build_site(minimal, cache=minimal / ".cache", pdfs=False).written
    assert (minimal / ".cache/memo/lanting.pickle").is_file()
    remembered = tree_digest(minimal / "output")
    (minimal / ".cache/builds").rename(minimal / ".cache/old-records")  # a build that must use the memo
    assert build_site(minimal, cache=minimal / ".cache", pdfs=False).written
    assert tree_digest(minimal / "output") == remembered
    assert build_site(minimal, cache=None, pdfs=False).written
    assert tree_digest(minimal / "output") == remembered


def test_a_compound_folder_name_too_long_for_a_file_name_still_gets_its_memo(tmp_path):
    memo = Memo(tmp_path, "a" * 250)
    assert memo("step", "text", lambda: 1) == 1
    memo.save()
    assert Memo(tmp_path, "a" * 250)("step", "text", lambda: 2) == 1


def test_a_compound_folder_name_that_is_not_utf8_still_gets_its_memo(tmp_path):
    name = os.fsdecode(b"\xff\xfe-" + b"a" * 120)
    memo = Memo(tmp_path, name)
    assert memo("step", "text", lambda: 1) == 1
    memo.save()


def test_what_is_remembered_is_kept_under_the_version_of_every_library_the_generator_runs_on():
    found = {name.lower().replace("_", "-") for name in library_versions()}
    required = [need for need in importlib.metadata.requires("noticeboard") if "extra ==" not in need]
    # And those they require: MarkupSafe escapes every page, but only Jinja requires it.
    assert f"markupsafe-{importlib.metadata.version('markupsafe')}.dist-info" in found
    for requirement in required:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group().lower().replace("_", "-")
        assert f"{name}-{importlib.metadata.version(name)}.dist-info" in found


def test_the_generators_key_counts_its_scaffolds_as_its_code(tmp_path, monkeypatch):
    # Only *.py counted: a release adding example texts `check` looks for let old results stand.
    (tmp_path / "scaffolds").mkdir()
    (tmp_path / "check.py").write_text("EXAMPLES = 'scaffolds'", encoding="utf-8")
    (tmp_path / "scaffolds/notice.md").write_text("停水时间：（星期三）", encoding="utf-8")
    monkeypatch.setattr(memo, "PACKAGE", tmp_path)
    before = memo.code_key.__wrapped__()
    (tmp_path / "scaffolds/notice.md").write_text("停水时间：（星期四）", encoding="utf-8")
    assert memo.code_key.__wrapped__() != before


def test_a_memo_that_cannot_be_kept_fails_nothing_and_leaves_no_partial_file(tmp_path, monkeypatch):
    # On a full disk the whole build failed, blaming the output folder, and left a partial file for good.
    memo = Memo(tmp_path, "lanting")
    memo("yaml", TEXT, lambda: parse_yaml(TEXT))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(pickle, "dump", full)
    memo.save()
    assert [path.name for path in memo.file.parent.iterdir()] == []


def test_partial_files_that_killed_builds_left_go_once_stale_and_a_running_builds_stays(tmp_path):
    target = tmp_path / "memo" / "lanting.pickle"
    target.parent.mkdir()
    killed, writing = target.with_name(".lanting.pickle.4242"), target.with_name(".lanting.pickle.4343")
    other = target.with_name(".zhuyuan.pickle.4242")  # another compound's: its own save deals with it
    for partial in (killed, writing, other):
        partial.write_bytes(b"half a pickle")
    two_hours_ago = time.time() - 2 * 3600
    for partial in (killed, other):
        os.utime(partial, (two_hours_ago, two_hours_ago))
    memo.dump({"kept": 1}, target)
    assert pickle.loads(target.read_bytes()) == {"kept": 1}
    assert sorted(path.name for path in target.parent.iterdir()) == sorted([target.name, writing.name, other.name])


def test_a_build_deletes_the_memos_of_compounds_gone_a_month_and_every_stale_partial_file(minimal):
    # A compound whose files never changed again kept a killed build's partial file for good, and a compound
    # renamed or removed its memo.
    folder = minimal / ".cache" / "memo"
    folder.mkdir(parents=True)
    gone, just_gone = folder / "zhuyuan.pickle", folder / "meiyuan.pickle"
    killed, writing = folder / ".lanting.pickle.4242", folder / ".lanting.pickle.4343"
    for path in (gone, just_gone, killed, writing):
        path.write_bytes(b"a pickle")
    for path, days in ((gone, 31), (just_gone, 29), (killed, 1)):
        then = time.time() - days * 24 * 3600
        os.utime(path, (then, then))
    assert build_site(minimal, cache=minimal / ".cache", pdfs=False).written
    # Another content folder may share the cache: a memo that no build used for a month is one no build needs.
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [just_gone.name, writing.name, "lanting.pickle", "_catalogue.pickle"])


def test_a_memo_used_as_it_is_is_dated_by_its_use_so_that_no_build_of_another_content_prunes_it(minimal, tmp_path):
    # One cache, two content folders: building one deleted the other's memos, in use every day but unchanged.
    assert build_site(minimal, cache=tmp_path / "cache", pdfs=False).written
    memo_file = tmp_path / "cache/memo/lanting.pickle"
    month_ago = time.time() - 31 * 24 * 3600
    os.utime(memo_file, (month_ago, month_ago))
    next_day = BUILD_DATE + timedelta(days=1)  # every compound built again, every file read from the memo
    assert build_site(minimal, next_day, cache=tmp_path / "cache", pdfs=False).written
    assert memo_file.stat().st_mtime > time.time() - 60
