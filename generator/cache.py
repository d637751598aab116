"""The build record: what the last build of an output folder was made from, and what it wrote.

A compound's part of the site is taken from the record instead of being built
again only when every byte it was made from is the same: its own folder, the
entries of the publication log that name its documents, and what all
compounds share (the generator's code, the libraries' versions, the
templates, site.yaml, the build date and the folders built from and into).
Its files must also still be in the output exactly as the record left them
(size and modification time), and a build that prints needs its sheets
printed as it would print them; anything else, and it is built again.
The record lives in the cache folder, never in the output, one file per
output folder, and is safe to delete: the next build is then a cold one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.load import is_hidden_name
from generator.memo import code_key, dump
from generator.units import CompoundBuild, Kept, collector_paused
from generator.write import Present

FORMAT = 3  # of the record: one of another format is no record (3: a compound names its documents)
SAME_INSTANT_NS = 2_000_000_000  # file systems with coarse times store them to 1 or 2 s


@dataclass(frozen=True)
class Keys:
    """What a build compares with the record: the key of what all compounds share, each compound's
    folder key, and the fingerprint of the sheets it prints ("" when it prints none)."""

    shared: str
    folders: dict[str, str]
    printing: str


@dataclass
class BuildRecord:
    """One build of one output folder: what it was made from, what each compound built, what it wrote."""

    key: str  # of everything the compounds share
    folders: dict[str, str]  # compound -> key of its folder
    compounds: dict[str, CompoundBuild]
    output: Present  # every file in the output after the build, with its size and time
    digests: dict[str, str]  # the sha256 of each file the build made
    inputs: Inputs | None = None  # the digests of the files read, to skip reading unchanged ones next time
    district_key: str = ""  # of what the district's own pages show

    def unchanged(self, keys: Keys, present: Present) -> bool:
        """Nothing the build reads changed, the output is as this record left it, and when the build
        prints, every compound's sheets are printed as they would be now."""
        return (keys.shared == self.key and keys.folders == self.folders and present == self.output
                and all(built.printed == keys.printing for built in self.compounds.values() if keys.printing))

    def reusable(self, keys: Keys, present: Present) -> dict[str, CompoundBuild]:
        """The compounds whose inputs and output files are as recorded, and whose sheets are printed as
        they would be now if the build prints. A build without sheets reuses a compound built with
        them: the output keeps the last printed sheets either way."""
        if keys.shared != self.key:
            return {}
        damaged = {path.split("/", 1)[0] for path, state in self.output.items() if present.get(path) != state}
        return {slug: built for slug, built in self.compounds.items()
                if keys.folders.get(slug) == self.folders.get(slug) and slug not in damaged
                and (not keys.printing or built.printed == keys.printing)}

    def kept_pages(self, keys: Keys, slugs: list[str], known: dict[str, str]) -> dict[str, Kept]:
        """The pages of each compound in `slugs` whose files are still in the output as this record left
        them, with the key of what each showed; none when what all compounds share changed."""
        if keys.shared != self.key:
            return {}
        return {slug: {file: (page_key, built.outputs[file]) for file, page_key in built.page_keys.items()
                       if known.get(file) == built.outputs[file]}
                for slug in slugs if (built := self.compounds.get(slug))}

    def district_outputs(self) -> dict[str, str]:
        """The files of the district's own pages (and static files): those no compound made."""
        made = {path for built in self.compounds.values() for path in built.outputs}
        return {path: digest for path, digest in self.digests.items() if path not in made}

    def known(self, present: Present) -> dict[str, str]:
        """The digests of output files that are still as this record left them."""
        return {path: digest for path, digest in self.digests.items() if present.get(path) == self.output.get(path)}


Signature = tuple[int, int, int, int]  # size, modification and change time (ns), inode


def signature(stat: os.stat_result) -> Signature:
    """What tells a file written again from the same file: its modification time can be set back (`touch -r`,
    an editor or a copy keeping it), its change time and inode cannot."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


class Inputs:
    """The sha256 of each file read to key a build. A file is read again unless its `signature` is the one
    of the last build and it was last changed well before the last build read it (a file changed in the
    same instant as it was read could keep it)."""

    def __init__(self, previous: Inputs | None = None):
        self.started_ns = time.time_ns()
        known = previous.files if previous and getattr(previous, "format", None) == FORMAT else {}
        self._trusted = {path: state for path, state in known.items()
                         if max(state[0][1:3]) < previous.started_ns - SAME_INSTANT_NS}
        self.files: dict[str, tuple[Signature, str]] = {}  # path -> (signature, sha256)

    def __getstate__(self) -> dict:
        return {"started_ns": self.started_ns, "files": self.files, "_trusted": {}, "format": FORMAT}  # for the next

    def digest(self, path: str, stat: os.stat_result) -> str:
        known, now = self._trusted.get(path), signature(stat)
        if known and known[0] == now:
            digest = known[1]
        else:
            with open(path, "rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        self.files[path] = (now, digest)
        return digest

    def shared_key(self, *parts: str | bytes | Path) -> str:
        """A key of the build's shared inputs: text and bytes as given, folders by the contents of every file in
        them (a template folder's `_partial.html` or `static/.htaccess` is used like any other file)."""
        key = hashlib.sha256(f"noticeboard build record {FORMAT}; python {sys.version}".encode())
        key.update(code_key().encode())
        for part in parts:
            if isinstance(part, Path):
                self._add_tree(key, part, left_out=lambda name: False)
            else:
                key.update(b"\0" + (part if isinstance(part, bytes) else part.encode("utf-8")))
        return key.hexdigest()

    def folder_key(self, shared: str, folder: Path, logged: str) -> str:
        """A key of one compound's folder, its part of the publication log and the shared inputs."""
        key = hashlib.sha256(f"{shared}\0{logged}".encode())
        self._add_tree(key, folder)
        return key.hexdigest()

    def _add_tree(self, key, path: Path, left_out: Callable[[str], bool] = is_hidden_name) -> None:
        """Every file under `path` but those `left_out` (by default those the content's readers leave out),
        by name and content. A link counts as one too, with where it leads (checks refuse a link in the
        content, so one put in place of a file must build again); what is neither file nor folder (a named
        pipe, which would never end) counts by its name alone, as does a folder met twice through links."""
        folders, seen = [("", os.path.abspath(path))], {_identity(os.stat(path))}
        while folders:
            prefix, folder = folders.pop()
            with os.scandir(folder) as scanned:
                entries = sorted((e for e in scanned if not left_out(e.name)), key=lambda e: e.name, reverse=True)
            for entry in entries:
                name = f"\0{prefix}{entry.name}" + (f"\0-> {os.readlink(entry.path)}" if entry.is_symlink() else "")
                if entry.is_dir():  # by name too: an empty folder in a compound is an error to report
                    key.update(_bytes(f"{name}/"))
                    if (identity := _identity(entry.stat())) not in seen:
                        seen.add(identity)
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    key.update(_bytes(f"{name}\0{self.digest(entry.path, entry.stat())}"))
                else:
                    key.update(_bytes(f"{name}\0neither file nor folder"))


def _identity(stat: os.stat_result) -> tuple[int, int]:
    """A folder whichever way it is reached (through links too): one stat, where os.path.realpath takes one for
    each part of the path."""
    return stat.st_dev, stat.st_ino


def _bytes(name: str) -> bytes:
    """A file's name (and what follows it) as the file system has it, also one that is not UTF-8 (GBK, from a zip
    made on Windows), which the build reports instead of failing on."""
    return name.encode("utf-8", "surrogateescape")


def record_file(cache: Path, output: Path) -> Path:
    return cache / "builds" / (hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:24] + ".pickle")


def load(cache: Path, output: Path) -> BuildRecord | None:
    """The record of the last build into `output`, or None when there is none (or it cannot be read, or is of
    another FORMAT: `--keep-going` keeps a compound as that record has it, with the fields of its time)."""
    try:
        with record_file(cache, output).open("rb") as file, collector_paused():
            record = pickle.load(file)
    except Exception:  # an unreadable record is no record: the build is then simply a cold one
        return None
    return record if isinstance(record, BuildRecord) and getattr(record.inputs, "format", None) == FORMAT else None


def save(cache: Path, output: Path, record: BuildRecord) -> None:
    with collector_paused():
        dump(record, record_file(cache, output))


