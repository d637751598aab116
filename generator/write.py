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
    existing = _files_in(output)
    unchanged = {path for path, data in files.items() if path in existing and existing[path].read_bytes() == data}
    unchanged |= {path for path, source in copies.items()
                  if path in existing and filecmp.cmp(existing[path], source, shallow=False)}
    kept = {path for path in existing if path not in files and path not in copies and keep(path)}
    if unchanged | kept == set(existing) and len(unchanged) == len(files) + len(copies):
        return  # the output already is exactly this
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for path in unchanged | kept:
            _link_or_copy(existing[path], staging / path)
        for path, data in files.items():
            if path not in unchanged:
                _parent(staging / path).write_bytes(data)
        for path, source in copies.items():
            if path not in unchanged:
                shutil.copyfile(source, _parent(staging / path))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def _parent(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _link_or_copy(old: Path, target: Path) -> None:
    """An unchanged file is hard-linked from the old output, keeping its bytes on disk and its time."""
    try:
        os.link(old, _parent(target))
    except OSError:
        shutil.copyfile(old, target)  # a file system without hard links


def _files_in(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
