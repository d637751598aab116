"""Pure, slow steps remembered on disk by their input: YAML text to data, Markdown to HTML.

A result is kept under the sha256 of the step, its input text, and the
generator's code with its libraries' versions, so what is found can only be
what the step would give again. It pays when a compound is built again after
one of its files, a template or the build date changed: its other files are
not parsed again. The results live in the cache folder (`memo/`, a file per
compound), never in the output; a damaged one is made again, and deleting
them all is safe.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


STALE_PARTIAL = 3600  # seconds: writing a cache file takes seconds; a partial one an hour old is a killed build's


def dump(value: object, target: Path) -> None:
    """`value` pickled into `target`, whole or not at all (nothing is left of it when writing fails), and the
    partial files of `target` that builds killed while writing it left behind deleted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        with partial.open("wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _delete_older(target.parent.glob(f".{glob.escape(target.name)}.*"), STALE_PARTIAL, _is_partial)


def _is_partial(path: Path) -> bool:
    return path.name.startswith(".") and path.suffix[1:].isdigit()  # .<name>.<the writer's pid>


def _delete_older(paths: Iterable[Path], seconds: float, which: Callable[[Path], bool]) -> None:
    stale = time.time() - seconds
    for path in paths:
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to delete: the next build tries again
            if which(path) and path.stat().st_mtime < stale:
                path.unlink()


UNUSED_FOR = 30 * 24 * 3600  # seconds, as the sheets' cache: one cache folder may serve two content folders


def prune(cache: Path, names: Collection[str]) -> None:
    """Delete what no build will read: the memo files of names not in `names` (a compound's folder renamed or
    removed, or one of another content folder built with this cache) that no build used for a month, and any
    partial file a killed build left an hour ago or more (`dump` deletes only those of the file it writes, and a
    compound whose files never change again is never written)."""
    folder = cache / "memo"
    if not folder.is_dir():
        return
    kept = {_file(cache, name).name for name in names}
    files = list(folder.iterdir())
    _delete_older(files, STALE_PARTIAL, _is_partial)
    _delete_older(files, UNUSED_FOR, lambda path: path.suffix == ".pickle" and path.name not in kept)


class Memo:
    """Remembers the results of one compound in one file, `cache`/memo/<name>.pickle (one file a
    compound: creating files is slow on some disks). With no cache folder every step simply runs."""

    def __init__(self, cache: Path | None = None, name: str = ""):
        self.file = _file(cache, name) if cache else None
        self._kept: dict[str, bytes] | None = None  # as read from the file
        self._used: dict[str, bytes] = {}  # what this build asked for: all that `save` keeps

    def __call__(self, step: str, text: str, make: Callable[[], T]) -> T:
        """What `make()` returns for `text`, made once and then read back."""
        if self.file is None:
            return make()
        key = hashlib.sha256(f"{code_key()}\0{step}\0{text}".encode()).hexdigest()
        kept = self._used.get(key) or self._read().get(key)
        if kept is not None:
            try:
                value = pickle.loads(kept)
                self._used[key] = kept
                return value
            except Exception:  # noqa: BLE001 -- a damaged result is made again
                pass
        value = make()
        self._used[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)  # now, before anyone changes it
        return value

    def save(self) -> None:
        """Keep what this build used, and only that, so the file holds no results of old texts. One that cannot
        be kept (a full disk) is left out: the next build only parses the files again, and must not fail for it."""
        if self.file is None:
            return
        if self._used.keys() == self._read().keys():
            with contextlib.suppress(OSError):  # used as it is: dated now, as `prune` goes by the day it was last used
                os.utime(self.file)
            return
        with contextlib.suppress(OSError):
            dump(self._used, self.file)

    def _read(self) -> dict[str, bytes]:
        if self._kept is None:
            try:
                with self.file.open("rb") as file:
                    self._kept = pickle.load(file)
            except Exception:  # noqa: BLE001 -- missing or damaged: nothing is remembered
                self._kept = {}
        return self._kept


def _file(cache: Path, name: str) -> Path:
    # A folder's name can be as long as a file system allows: the file's name is made to fit.
    encoded = os.fsencode(name)  # as the file system has it, which may not be UTF-8
    short = name if len(encoded) <= 100 else f"{name[:20]}-{hashlib.sha256(encoded).hexdigest()[:16]}"
    return cache / "memo" / f"{short}.pickle"


@functools.cache  # the code a process runs does not change while it runs
def code_key() -> str:
    """The generator's own files (its code and the scaffolds whose example texts `check` looks for) and the
    versions of the libraries it runs on."""
    digest = hashlib.sha256()
    for file in sorted(path for path in PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts):
        digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    for library in library_versions():
        digest.update(f"{library};".encode())
    return digest.hexdigest()


@functools.cache  # as the code: what a process imported does not change while it runs
def library_versions() -> tuple[str, ...]:
    """Each library installed, as the name of the first metadata folder of it on Python's path tells it
    (`jinja2-3.1.6.dist-info`): the one Python imports. All of them, not only those the generator requires:
    theirs (MarkupSafe escapes every page) change its output as much. With the list of them, that takes about
    8 ms, where asking importlib.metadata for each library's version, which parses its metadata, took 20."""
    found: dict[str, str] = {}
    for folder in sys.path:
        if os.path.isdir(folder):
            for entry in os.scandir(folder):
                if entry.name.endswith((".dist-info", ".egg-info")):
                    project = _project(entry.name.removesuffix(".dist-info").removesuffix(".egg-info").split("-")[0])
                    found.setdefault(project, entry.name)
    return tuple(sorted(found.values()))


def _project(name: str) -> str:
    """A project's name as requirements and metadata folders both spell it: `PyYAML`, `pyyaml`; `chinese-calendar`,
    `chinese_calendar`."""
    return re.sub(r"[-_.]+", "_", name).lower()
