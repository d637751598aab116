"""Writing the output: changed files only, staged beside the output, and nothing at all on failure."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from generator import write
from tests.conftest import run_program, signalled_at_a_move


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def output(tmp_path: Path) -> Path:
    folder = tmp_path / "output"
    (folder / "a").mkdir(parents=True)
    (folder / "a/index.html").write_bytes(b"old a")
    (folder / "b.html").write_bytes(b"same")
    (folder / "gone/deep").mkdir(parents=True)
    (folder / "gone/deep/x.html").write_bytes(b"no longer part of the site")
    return folder


def test_only_changed_files_are_written_and_removed_files_leave_no_empty_folder(output):
    present = write.scan(output)
    untouched = (output / "b.html").stat().st_mtime_ns
    staging = write.Staging(output, present, {})
    wanted = {"a/index.html": sha(b"new a"), "b.html": sha(b"same"), "c/new.html": sha(b"c")}
    for path, data in (("a/index.html", b"new a"), ("b.html", b"same"), ("c/new.html", b"c")):
        staging.add(path, data, sha(data))
    assert not (output / "c").exists(), "nothing reaches the output before commit"
    after = staging.commit(wanted)
    assert {p: (output / p).read_bytes() for p in wanted} == {"a/index.html": b"new a", "b.html": b"same",
                                                              "c/new.html": b"c"}
    assert (output / "b.html").stat().st_mtime_ns == untouched
    assert not (output / "gone").exists()
    assert after == write.scan(output)
    assert not staging.folder.exists() or not any(staging.folder.rglob("*.html"))


def test_a_discarded_staging_leaves_the_output_exactly_as_it_was(output):
    before = write.scan(output)
    staging = write.Staging(output, before, {})
    staging.add("a/index.html", b"half-way", sha(b"half-way"))
    staging.discard()
    assert write.scan(output) == before and (output / "a/index.html").read_bytes() == b"old a"
    assert not staging.folder.exists()


def test_kept_files_stay(output):
    staging = write.Staging(output, write.scan(output), {})
    staging.commit({"b.html": sha(b"same"), "a/index.html": sha(b"old a")}, keep=lambda path: path.startswith("gone/"))
    assert (output / "gone/deep/x.html").is_file()


def test_a_file_that_nothing_rendered_is_refused_rather_than_silently_missing(output):
    staging = write.Staging(output, write.scan(output), {})
    with pytest.raises(RuntimeError, match="nothing was rendered"):
        staging.commit({"never-rendered.html": sha(b"x")})


def test_a_first_build_fills_an_output_folder_that_does_not_exist_yet(tmp_path):
    output = tmp_path / "new-output"
    staging = write.Staging(output, write.scan(output), {})
    files = {"index.html": b"home", "a/index.html": b"a", "a/b/index.html": b"b", "a/b/c.pdf": b"c", "d/e/f.xml": b"f"}
    for path, data in files.items():
        staging.add(path, data, sha(data))
    after = staging.commit({path: sha(data) for path, data in files.items()})
    staging.discard()
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()} == files
    assert after == write.scan(output)
    assert not staging.folder.exists()


def _listing(folder: Path) -> dict[str, bytes | None]:
    """Every file under `folder` with its bytes, and every folder (None)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def test_a_commit_that_fails_half_way_puts_back_everything_it_had_changed(output):
    (output / "z/in-the-way").mkdir(parents=True)  # a folder where a file is to go
    before, listing = write.scan(output), _listing(output)
    staging = write.Staging(output, before, {})
    files = {"a/index.html": b"new a", "c/d/new.html": b"c", "z/in-the-way": b"z"}
    for path, data in files.items():
        staging.add(path, data, sha(data))
    with pytest.raises(IsADirectoryError):
        staging.commit({**{path: sha(data) for path, data in files.items()}, "b.html": sha(b"same")})
    assert write.scan(output) == before and _listing(output) == listing  # times too: gone/deep/x.html came back


def test_a_commit_is_rolled_back_as_a_whole_when_another_folder_cannot_be_written(output):
    before, listing = write.scan(output), _listing(output)
    staging = write.Staging(output, before, {})
    files = {"a/index.html": b"new a", "b.html": b"same", "c/d/new.html": b"c"}
    for path, data in files.items():
        staging.add(path, data, sha(data))
    staging.commit({path: sha(data) for path, data in files.items()})
    assert not (output / "gone").exists() and (output / "c/d/new.html").is_file()
    assert staging.rollback() == []
    assert write.scan(output) == before and _listing(output) == listing


def test_a_file_the_site_no_longer_has_makes_way_for_a_folder_of_its_name(output):
    staging = write.Staging(output, write.scan(output), {})
    staging.add("b.html/index.html", b"now a folder", sha(b"now a folder"))
    staging.add("gone", b"now a file", sha(b"now a file"))
    staging.commit({"b.html/index.html": sha(b"now a folder"), "gone": sha(b"now a file")})
    assert (output / "b.html/index.html").read_bytes() == b"now a folder"
    assert (output / "gone").read_bytes() == b"now a file"


def test_a_file_that_made_way_for_a_folder_comes_back_when_the_commit_is_rolled_back(output):
    before, listing = write.scan(output), _listing(output)
    staging = write.Staging(output, before, {})
    staging.add("b.html/index.html", b"now a folder", sha(b"now a folder"))
    staging.add("gone", b"now a file", sha(b"now a file"))
    staging.commit({"b.html/index.html": sha(b"now a folder"), "gone": sha(b"now a file"),
                    "a/index.html": sha(b"old a")})
    assert staging.rollback() == []
    assert write.scan(output) == before and _listing(output) == listing


def test_what_a_rollback_cannot_put_back_is_named_and_its_copy_kept(output, monkeypatch):
    staging = write.Staging(output, write.scan(output), {})
    staging.add("a/index.html", b"new a", sha(b"new a"))
    staging.commit({"a/index.html": sha(b"new a"), "b.html": sha(b"same")})
    moving, removed = os.replace, str(output / "gone/deep/x.html")

    def failing_for_the_removed_file(source, target):
        if str(target) == removed:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(source), None, str(target))
        moving(source, target)

    monkeypatch.setattr(os, "replace", failing_for_the_removed_file)
    assert staging.rollback() == ["gone/deep/x.html"]
    monkeypatch.undo()
    assert (output / "a/index.html").read_bytes() == b"old a"
    staging.discard()
    assert [p.read_bytes() for p in staging.folder.iterdir() if p.name.startswith("old-")] == [
        b"no longer part of the site"]


def test_the_staging_folder_of_a_build_killed_before_it_ended_is_removed_by_the_next(output):
    # Killed with its sheets staged, a build left tens of MB beside the output for ever. The next holds the
    # output's lock: whatever staging folder is there was left, whichever process now has that number.
    for pid in (os.getpid(), 999999):
        abandoned = output.parent / f".{output.name}.staging-{pid}"
        abandoned.mkdir()
        (abandoned / "0").write_bytes(b"a sheet")
        (abandoned / ".plan.json.partial").write_bytes(b"")  # cut short: nothing had moved yet
    before = _files(output)
    assert write.recover(output) == (False, [])  # nothing to put back: killed before they moved anything in
    assert list(output.parent.glob(".output.staging-*")) == [] and _files(output) == before
    # A plan there but unreadable is not guessed at: the files set aside with it are kept, and said to be.
    damaged = output.parent / f".{output.name}.staging-3"
    damaged.mkdir()
    (damaged / "plan.json").write_bytes(b"{")
    assert write.recover(output) == (False, [damaged]) and damaged.is_dir()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


_COMMIT = """
from generator import write
output = Path(sys.argv[1])
staging = write.Staging(output, write.scan(output), {})
for path, data in [("a/index.html", b"new a"), ("new/page.html", b"new"), ("b.html", b"changed")]:
    staging.add(path, data, path)
staging.commit({"a/index.html": "a/index.html", "new/page.html": "new/page.html", "b.html": "b.html"})"""
_RECOVER = """
from generator import write
write.recover(Path(sys.argv[1]))"""


def test_a_build_killed_while_it_moved_its_files_in_is_undone_by_the_next(output):
    # kill -9 (or a power cut) in the middle of the moves left the output half old and half new, and the
    # next build threw away the old files it had set aside.
    before = _files(output)
    killed = run_program(signalled_at_a_move("SIGKILL", "number == 3", _COMMIT), output.parent, str(output))
    assert killed.returncode == -9
    assert _files(output) not in (before, {})  # gone/ removed and a/ replaced; new/ and b.html not yet
    # The build that puts them back is killed itself after putting back a/: the next one finishes the job,
    # and does not take the a/ put back for one the killed build had moved in.
    killed = run_program(signalled_at_a_move("SIGKILL", "number == 2", _RECOVER), output.parent, str(output))
    assert killed.returncode == -9 and (output / "a/index.html").read_bytes() == b"old a"
    assert write.recover(output) == (True, [])
    assert _files(output) == before
    assert sorted(path.name for path in output.iterdir()) == ["a", "b.html", "gone"]  # no folder made for new/
    assert list(output.parent.glob(".output.staging-*")) == []
    assert write.recover(output) == (False, [])


def test_an_undo_stopped_after_putting_back_a_folder_where_a_file_was_moved_in_is_done_again(output):
    # The file gone/ had replaced the folder gone/, and an undo stopped after putting the folder back: the next
    # undo took the folder for the file moved in, and failed on it ("Is a directory") in every build after.
    staging = output.parent / f".{output.name}.staging-7"
    staging.mkdir()
    (staging / "plan.json").write_text(json.dumps({"removed": ["gone/deep/x.html"], "staged": [["gone", False]]}))
    before = _files(output)
    assert write.recover(output) == (False, []) and _files(output) == before


def test_publishing_goes_on_where_the_file_system_locks_no_folder(tmp_path, monkeypatch):
    # On NFS, flock on a folder fails with EBADF: every publish stopped with "Bad file descriptor".
    def no_folder_locks(descriptor, operation):
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(write.fcntl, "flock", no_folder_locks)
    with write.publishing(tmp_path):
        (tmp_path / "publication-log.jsonl").write_text("{}\n")
    assert (tmp_path / "publication-log.jsonl").is_file()
