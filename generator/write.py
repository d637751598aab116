"""Stage 5, write: the only module that changes the output folder.

Everything is written into a staging folder beside the output first; only
when all of it is there is the staging folder swapped into place. A build
that fails at any point before the swap leaves the output exactly as it was.
Files whose bytes did not change are hard-linked from the old output rather
than written again, and when nothing changed at all the output is not touched.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable
from pathlib import Path


def publish(output: Path, files: dict[str, bytes], copies: dict[str, Path],
            keep: Callable[[str], bool] = lambda path: False) -> None:
    """Make `output` hold exactly `files` (path -> bytes) and `copies` (path -> source file),
    plus those files already there that `keep(path)` says to leave alone."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    existing = _files_in(output)
    if _unchanged(existing, files, copies, keep):
        return  # nothing to do: the output already is exactly this
    try:
        for path, data in files.items():
            _place(staging / path, existing.get(path), lambda target, data=data: target.write_bytes(data),
                   lambda old, data=data: old.read_bytes() == data)
        for path, source in copies.items():
            _place(staging / path, existing.get(path), lambda target, source=source: shutil.copyfile(source, target),
                   lambda old, source=source: filecmp.cmp(old, source, shallow=False))
        for path, old in existing.items():
            if path not in files and path not in copies and keep(path):
                _place(staging / path, old, lambda target, old=old: shutil.copyfile(old, target), lambda _: True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def _unchanged(existing: dict[str, Path], files: dict[str, bytes], copies: dict[str, Path],
               keep: Callable[[str], bool]) -> bool:
    wanted = set(files) | set(copies)
    if any(path not in wanted and not keep(path) for path in existing) or not wanted <= set(existing):
        return False
    return (all(existing[path].read_bytes() == data for path, data in files.items())
            and all(filecmp.cmp(existing[path], source, shallow=False) for path, source in copies.items()))


def _files_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def _place(target: Path, old: Path | None, make: Callable[[Path], object], same: Callable[[Path], bool]) -> None:
    """Put the file in the staging tree; an unchanged file is hard-linked from the old
    output instead of written again, so it keeps its bytes on disk and its time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if old is not None and same(old):
        try:
            os.link(old, target)
            return
        except OSError:
            pass  # a file system without hard links: write it
    make(target)
