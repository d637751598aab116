"""Pure, slow steps remembered on disk by their input: YAML text to data, Markdown to HTML.

A result is kept under the sha256 of the step, its input text, and the
generator's code with its libraries' versions, so what is found can only be
what the step would give again. It pays when a compound is built again after
one of its files, a template or the build date changed: its other files are
not parsed again. The results live in the cache folder (`memo/`), never in the
output; a damaged one is made again, and deleting them all is safe.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent


class Memo:
    """Remembers in `cache`/memo; with no cache folder, every step simply runs."""

    def __init__(self, cache: Path | None = None):
        self.folder = cache / "memo" if cache else None

    def __call__(self, step: str, text: str, make: Callable[[], T]) -> T:
        """What `make()` returns for `text`, made once and then read back."""
        if self.folder is None:
            return make()
        path = self.folder / hashlib.sha256(f"{code_key()}\0{step}\0{text}".encode()).hexdigest()
        try:
            with path.open("rb") as file:
                return pickle.load(file)
        except Exception:  # noqa: BLE001 -- missing or damaged: made again
            pass
        value = make()
        self._keep(path, value)
        return value

    def _keep(self, path: Path, value: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        with partial.open("wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)


@functools.cache  # the code a process runs does not change while it runs
def code_key() -> str:
    """The generator's own source and the versions of the libraries it runs on."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*.py")):
        digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    for requirement in importlib.metadata.requires("noticeboard") or []:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement).group()
        if "extra ==" not in requirement:
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
    return digest.hexdigest()
