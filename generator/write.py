"""Stage 5, write: the only module that writes into the output folder (`serve` only makes it, empty, to serve
from before a first build succeeds).

A file whose bytes changed is written, as soon as it is rendered, into a
staging folder beside the output (so that writing overlaps rendering). Only
once everything rendered are the staged files renamed into the output, and
the files the site no longer has removed: a build that fails leaves the
output exactly as it was, and a build that changed nothing does not touch it.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO

from generator import messages
from generator.messages import tr

Present = dict[str, tuple[int, int]]  # output path -> (size, modification time in ns)

# Left in every output folder a build made: a build removes every file the site does not have, so it
# only builds into a folder that is new, empty, or marked as one of its own.
MARKER = ".noticeboard"
MARKER_TEXT = b"This folder is the output of noticeboard: every build replaces the files in it.\n"


def output_problem(output: Path, name: str, option: str, others: dict[str, Path],
                   built_before: bool) -> str | None:
    """Why a build must not write into `output` (its `name`, and the `option` that sets it), if it must
    not: it would remove or publish one of `others` (content, templates, ...; by name, as the messages say
    them, in the language spoken), or remove files that no build made. `built_before`: the cache has a record of a build into it (made before builds
    left the marker)."""
    target = output.resolve()
    if target.exists() and not target.is_dir():
        return tr("the %(name)s %(folder)s is a file; choose a folder with %(option)s", name=name,
                  folder=output, option=option)
    for other, path in others.items():
        source = path.resolve()
        if target == source or target in source.parents:
            return tr("the %(name)s holds the %(other)s (%(folder)s), and a build removes every file there that it "
                      "does not make; choose another %(option)s", name=name, other=other,
                      folder=path, option=option)
        if source in target.parents:
            return tr("the %(name)s is inside the %(other)s (%(folder)s); choose a folder outside it with "
                      "%(option)s", name=name, other=other, folder=path, option=option)
    if built_before or not target.is_dir() or (target / MARKER).is_file():
        return None
    found = sorted(p.name for p in target.iterdir())
    if not found:
        return None
    listed = messages.joined(found[:3])
    return tr("the %(name)s already holds files that noticeboard did not make (%(found)s), and a build removes every "
              "file there that it does not make; choose a new or empty folder with %(option)s, or empty this one "
              "yourself", name=name,
              found=tr("%(listed)s, ...", listed=listed) if len(found) > 3 else listed, option=option)


def scan(output: Path) -> Present:
    """Every file in the output folder with its size and modification time."""
    present: Present = {}
    folders = [("", str(output))] if output.is_dir() else []
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    stat = entry.stat()
                    present[prefix + entry.name] = (stat.st_size, stat.st_mtime_ns)
    return present


@contextlib.contextmanager
def exclusive(output: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Only one build writes into `output` at a time (say, `serve` and a build from another
    terminal): a second one calls `waiting`, then waits until the first has finished."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    # Beside the output, like the staging folder; kept, as removing a lock file others may hold is racy.
    with open(output.parent / f".{output.name}.lock", "a") as lock:
        _hold(lock, waiting)
        yield  # closing the file releases the lock, also when the build fails


@contextlib.contextmanager
def publishing(content: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Only one `publish` at a time reads and appends to the publication log of `content` (two secretaries
    publishing from one shared folder, into outputs of their own, forked its chain): held on the folder itself,
    which makes no file in the content."""
    folder = os.open(content, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # NFS locks no folder (EBADF): publish as before, by agreement (README)
            _hold(folder, waiting)
        yield
    finally:
        os.close(folder)  # which releases the lock


def _hold(lock: IO | int, waiting: Callable[[], None]) -> None:
    """An exclusive lock on `lock` (a file, or a folder's descriptor); while another holds it, `waiting` is
    called, and this waits until it is let go."""
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        waiting()
        fcntl.flock(lock, fcntl.LOCK_EX)


class Staging:
    """Changed files are written into a folder beside the output as soon as they are rendered, and
    moved into the output only by `commit`, after everything rendered. `present` is what `scan`
    found in the output, `known` the digests of files there that are as the last build recorded them."""

    def __init__(self, output: Path, present: Present, known: dict[str, str]):
        self.output = output.resolve()
        self.folder = _staging_folder(self.output, os.getpid())
        self.present = present
        self.known = known
        self.staged: dict[str, str] = {}  # path -> sha256 of what was staged, in the order staged
        self._folders: set[str] = set()  # where staged files go, made if missing
        self._created: list[str] = []  # of those, the folders that were missing (and their parents)
        self.not_restored: list[str] = []  # by `rollback`
        self._changed: list[tuple[str, str | None]] = []  # by `commit`: output file, its old version set aside
        self._rolled_back = True  # False while `rollback` runs: stopped then, it leaves copies to put back
        self.after: Present | None = None  # the output as `commit` left it: None until it has moved every file

    def add(self, path: str, data: bytes | Path, digest: str) -> None:
        """Stage `data` (bytes, or a file to copy) for `path`, unless the output holds exactly that already."""
        if path in self.present and self._digest(path) == digest:
            return
        if not self.staged:
            self.folder.mkdir(parents=True, exist_ok=True)
        # Flat, numbered: creating folders is slow on some disks, and the output needs its own anyway.
        target = os.path.join(self.folder, str(len(self.staged)))
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            with open(target, "wb") as file:
                file.write(data)
        self.staged[path] = digest

    def commit(self, wanted: dict[str, str], keep: Callable[[str], bool] = lambda path: False) -> Present:
        """Make the output hold exactly `wanted` (path -> sha256), and the files already there that `keep`
        leaves alone. Returns what `scan` would find in the output afterwards. The files it replaces or
        removes are set aside in the staging folder until `discard`, for `rollback`; when one cannot be
        moved in or removed (a folder where a file goes, a disk error), the rest is rolled back at once."""
        missing = [path for path in wanted if path not in self.staged and path not in self.present]
        if missing:
            raise RuntimeError(f"nothing was rendered for {missing[:3]}")
        removed = [path for path in self.present if path not in wanted and not keep(path)]
        after = dict(self.present)
        write_durably(self.folder / _PLAN, json.dumps(
            {"removed": removed, "staged": [[path, path in self.present] for path in self.staged]}, ensure_ascii=False))
        try:
            # Removed first: a file may have to make way for a folder of the same name, or the other way round.
            for path in removed:
                self._set_aside(path, os.path.join(self.output, path), keep_in_place=False)
                del after[path]
            _prune(self.output, {os.path.dirname(path) for path in removed})
            for number, path in enumerate(self.staged):
                target = self._made(os.path.join(self.output, path))
                self._set_aside(path, target, keep_in_place=True)
                os.replace(os.path.join(self.folder, str(number)), target)
                stat = os.stat(target)
                after[path] = (stat.st_size, stat.st_mtime_ns)
            self.after = after  # inside: a Ctrl-C landing after it is rolled back as well, and unsets it
        except BaseException:  # an error of the system, or Ctrl-C
            self.rollback()
            raise
        return after

    def rollback(self) -> list[str]:
        """Undo `commit`: remove the files it added and the folders it made for them, then put back the files
        it replaced or removed (a folder made where one of those was must go first). Returns the files it could
        not put back, one that fails not stopping the others; `discard` then keeps their copies, as it does all
        of them when this is stopped itself (a second Ctrl-C): the next build's `recover` puts them back."""
        self._rolled_back, self.after = False, None
        for target, aside in self._changed:
            if aside is None and os.path.lexists(target):
                with contextlib.suppress(OSError):
                    os.unlink(target)
        for folder in sorted(self._created, key=lambda f: f.count(os.sep), reverse=True):
            with contextlib.suppress(OSError):  # not empty: a file in it could not be removed
                os.rmdir(folder)
        for target, aside in reversed(self._changed):
            try:
                if aside and not (os.path.lexists(target) and os.path.samefile(aside, target)):  # else never replaced
                    os.makedirs(os.path.dirname(target), exist_ok=True)  # removing it may have pruned its folder
                    os.replace(aside, target)
            except OSError:
                self.not_restored.append(os.path.relpath(target, self.output))
        self._changed = []
        self._rolled_back = True
        return self.not_restored

    def _set_aside(self, path: str, target: str, keep_in_place: bool) -> None:
        """Note that `target` is about to change, keeping its present version (if the output has one) in the
        staging folder: as a second name of the same file while it stays in place until it is replaced, so
        that a reader of the site never finds it missing."""
        if path not in self.present:
            self._changed.append((target, None))
            return
        os.makedirs(self.folder, exist_ok=True)
        aside = os.path.join(self.folder, f"old-{len(self._changed)}")
        try:
            if keep_in_place:
                os.link(target, aside)
        except OSError:  # a file system without hard links (FAT, on a USB stick)
            keep_in_place = False
        if not keep_in_place:
            os.replace(target, aside)
        self._changed.append((target, aside))

    def discard(self) -> None:
        if self._rolled_back and not self.not_restored:  # else it holds the only copies of files set aside
            shutil.rmtree(self.folder, ignore_errors=True)

    def _digest(self, path: str) -> str:
        if path in self.known:
            return self.known[path]
        with open(os.path.join(self.output, path), "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()

    def _made(self, target: str) -> str:
        """`target`, its folder created."""
        folder = os.path.dirname(target)
        if folder not in self._folders:
            self._make(folder)
        return target

    def _make(self, folder: str) -> None:
        """`folder` and those above it that are missing, each noted for `rollback`. Tried at once: a cold build
        makes thousands, nearly all in a folder that is there, which this makes with one call."""
        self._created.append(folder)  # before it is made: stopped in between, `rollback` finds none to remove
        try:
            os.mkdir(folder)
        except FileNotFoundError:  # the folder above is missing too, and is made first
            self._created.pop()
            self._make(os.path.dirname(folder))
            self._created.append(folder)
            os.mkdir(folder)
        except FileExistsError:
            self._created.pop()
            if not os.path.isdir(folder):
                raise
        self._folders.add(folder)


# In a staging folder: what `commit` is about to do, written before it begins. A build killed while it moved
# its files in (kill -9, a power cut) left the output half old and half new, the old files set aside.
_PLAN = "plan.json"


def _staging_folder(output: Path, pid: int | str) -> Path:
    return output.parent / f".{output.name}.staging-{pid}"


def write_durably(path: Path, text: str) -> None:
    """`text` in `path` whole or not at all, and on the disk before anything done after: a power cut leaves
    no empty or half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def mark_path(output: Path, name: str) -> Path:
    """This process's mark `.<output>.<name>-<pid>` beside `output` (see `marks_left`)."""
    output = output.resolve()
    return output.parent / f".{output.name}.{name}-{os.getpid()}"


def marks_left(output: Path, name: str) -> dict[str, Path]:
    """The marks `name` beside `output` that builds stopped before they could remove theirs left, by the pid in
    their names. Call this holding the output's lock: no other build is under way, whatever is there was left."""
    output = output.resolve()
    return {mark.name.rpartition("-")[2]: mark
            for mark in output.parent.glob(f".{glob.escape(output.name)}.{glob.escape(name)}-*")}


def remove_partials(output: Path) -> None:
    """What `write_durably` left half-written beside `output`, killed while it wrote a mark."""
    output = output.resolve()
    for partial in output.parent.glob(f"..{glob.escape(output.name)}.*.partial"):
        partial.unlink(missing_ok=True)


def recover(output: Path, written: Collection[str] = ()) -> tuple[bool, list[Path]]:
    """Undo what a build killed while it moved its files into `output` had moved, unless its pid is in `written`
    (it had moved every file of every folder it writes, and said so), and remove the staging folders of builds
    killed before they could discard theirs (tens of MB with sheets). Returns whether anything was undone, and
    the staging folders kept as their plan cannot be read. Call this holding the output's lock: whatever is
    there was left."""
    output = output.resolve()
    undone, kept = False, []
    for folder in output.parent.glob(f".{glob.escape(output.name)}.staging-*"):
        if folder.name.rpartition("-")[2] not in written and (folder / _PLAN).exists():
            plan = _plan(folder)
            if plan is None:  # written whole before the first move: not to guess at, nor to throw away
                kept.append(folder)
                continue
            undone = _undo(output, folder, *plan) or undone
        shutil.rmtree(folder, ignore_errors=True)
    return undone, kept


def _plan(folder: Path) -> tuple[list[str], list[tuple[str, bool]]] | None:
    try:
        plan = json.loads((folder / _PLAN).read_text(encoding="utf-8"))
        return plan["removed"], [(path, had) for path, had in plan["staged"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _undo(output: Path, folder: Path, removed: list[str], staged: list[tuple[str, bool]]) -> bool:
    """Put the output back as it was before a commit: the files it removed or replaced are `old-<n>` in `folder`,
    numbered in the order it went through them (the removed, then the staged); a staged file `<n>` still there
    was never moved in. Run again after being stopped itself, it puts back what is left to put back. Returns
    whether it changed anything."""
    changed = False
    for number, (path, had) in reversed(list(enumerate(staged))):
        target, aside = output / path, folder / f"old-{len(removed) + number}"
        if aside.exists():
            os.replace(aside, target)
            changed = True
        elif not had and not (folder / str(number)).exists():  # moved in, where the output had nothing
            # Gone already, or (put back by an undo stopped before) a folder, or a file where its folder was.
            with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                target.unlink()
                changed = True
    _prune(output, {os.path.dirname(path) for path, _ in staged})  # the folders made for what was moved in
    for number, path in enumerate(removed):
        aside = folder / f"old-{number}"
        if aside.exists():
            (output / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(aside, output / path)
            changed = True
    return changed


def _prune(output: Path, folders: set[str]) -> None:
    """Remove the folders that removing files left empty, deepest first."""
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        path = output / folder
        while path != output and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent
