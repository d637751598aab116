"""Stage 5, write: the only module that changes the output folder.

It runs only after everything was rendered, so a build that fails leaves the
output exactly as it was. It then writes only the files whose bytes changed,
and removes the files the site no longer has. Each changed file is first
written beside its target under a temporary name; only when all of them are
written are they renamed into place, so a write that fails half-way (a full
disk) removes its temporary files and leaves the output as it was too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileState:
    """A file in the output as the build left it; `digest` is None for files the build only kept."""

    size: int
    mtime_ns: int
    digest: str | None = None


Present = dict[str, tuple[int, int]]  # output path -> (size, modification time in ns)


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


def publish(output: Path, wanted: dict[str, str], data: dict[str, bytes | Path], present: Present,
            known: dict[str, str], keep: Callable[[str], bool] = lambda path: False) -> dict[str, FileState]:
    """Make `output` hold exactly the files in `wanted` (path -> sha256 of its bytes), plus the files
    already there that `keep(path)` leaves alone. `data` holds the bytes (or the source file) of
    every wanted file that may need writing, `present` is what `scan` found in the output, and
    `known` the digests of files there that are unchanged since the last build recorded them.
    Returns the state of every file in the output afterwards."""
    output = output.resolve()
    changed = [path for path in wanted if path not in present or _digest(output, path, known) != wanted[path]]
    removed = [path for path in present if path not in wanted and not keep(path)]
    states = {path: FileState(*present[path], wanted.get(path)) for path in present if path not in removed}
    if changed or removed:
        _replace(output, {path: data[path] for path in changed})
        for path in removed:
            (output / path).unlink()
        _prune(output, {str(Path(path).parent) for path in removed})
    for path in changed:
        stat = (output / path).stat()
        states[path] = FileState(stat.st_size, stat.st_mtime_ns, wanted[path])
    return states


def _digest(output: Path, path: str, known: dict[str, str]) -> str:
    if path in known:
        return known[path]
    with (output / path).open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _replace(output: Path, files: dict[str, bytes | Path]) -> None:
    partials: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            target = output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            partials.append((partial, target))
            if isinstance(data, Path):
                shutil.copyfile(data, partial)
            else:
                partial.write_bytes(data)
    except BaseException:
        for partial, _ in partials:
            partial.unlink(missing_ok=True)
        raise
    for partial, target in partials:
        os.replace(partial, target)


def _prune(output: Path, folders: set[str]) -> None:
    """Remove the folders that removing files left empty, deepest first."""
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        path = output / folder
        while path != output and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent
