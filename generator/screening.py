"""The text of every content file screened for what must never be published, and for slips.

Identity-card numbers anywhere (the text, a file's name, inside an attachment),
mobile numbers written into text instead of a `phone` field, duplicated keys,
dates no document can have, and example text left from `noticeboard new`. Works
on the files as read, before the content model, so that a file the model
rejects is screened all the same.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from generator import attachment_text
from generator.errors import Diagnostic, Location
from generator.load import SourceFile
from generator.privacy import find_id_numbers, find_mobile_numbers, mask_id_numbers, mask_phone
from generator.schema_errors import field_path


def file_checks(source: SourceFile) -> list[Diagnostic]:
    """Duplicated keys, identity-card numbers (in the text and the file's name), impossible dates and
    example text left from `noticeboard new`."""
    found = []
    for path, mark in source.document.duplicate_keys:
        found.append(Diagnostic(source.location(mark.line, mark.column),
                                f"'{path[-1]}' appears twice in the same mapping; the first value would be lost",
                                field=field_path(path), source_line=source.line_text(mark.line)))
    for number, line in enumerate(source.text.splitlines(), start=1):
        found += _id_numbers(line, source.location(number), source_line=mask_id_numbers(line))
    found += _id_numbers(source.rel, source.location(), "in the file's name: ")
    values = list(_leaves(source.document.data))
    found += [source.error_at(path, f"expected a date from {EARLIEST.year} to {LATEST.year}, found {value}",
                              field=field_path(path))
              for path, value in values if isinstance(value, date) and not EARLIEST <= value <= LATEST]
    found += [source.error_at(path, _LEFT_OVER.format(example), field=field_path(path), hint=_LEFT_OVER_HINT)
              for path, value in values if isinstance(value, str) for example in _examples_in(value)]
    for offset, line in enumerate(source.body.splitlines()):
        found += [Diagnostic(source.location(source.body_line + offset, line.index(example) + 1),
                             _LEFT_OVER.format(example), hint=_LEFT_OVER_HINT, source_line=line)
                  for example in _examples_in(line)]
    return found


_LEFT_OVER = "'{}' is the example text that `noticeboard new` wrote; it would be published as it is"
_LEFT_OVER_HINT = "write the real text in its place (the comment beside it says what goes there)"


@functools.cache
def _examples() -> tuple[str, ...]:
    """The （…） texts that the files `noticeboard new` writes ask to replace."""
    folder = resources.files("generator").joinpath("scaffolds")
    found = {example for file in folder.iterdir() if file.is_file()
             for example in re.findall(r"（[^（）\n]{2,}）", file.read_text(encoding="utf-8"))}
    return tuple(sorted(found))


def _examples_in(text: str) -> list[str]:
    return [example for example in _examples() if example in text]


# Dates outside these are typing mistakes (9999-12-30), and periods counted from them would leave the calendar.
EARLIEST, LATEST = date(1949, 1, 1), date(2099, 12, 31)


def _id_numbers(text: str, where: Location, what: str = "", source_line: str = "") -> list[Diagnostic]:
    """An error for each identity-card number in `text` (a line of `where` when `source_line` is given)."""
    return [Diagnostic(dataclasses.replace(where, column=start + 1) if source_line else where,
                       f"{what}found what looks like an identity-card number ({text[start:start + 6]}...); "
                       "identity-card numbers must never be published", source_line=source_line,
                       hint="remove it; keep such records off the site's content folder")
            for start, _ in find_id_numbers(text)]


def phones_in_text(files: list[SourceFile]) -> list[Diagnostic]:
    """A mobile number written into text (not as someone's `phone`) would be published in full: an error,
    unless the compound gives the same number as a public phone somewhere."""
    public = {number for source in files for phone in _public_phones(source.document.data)
              for *_, number in find_mobile_numbers(phone)}
    found = []
    for source in files:
        texts = [(path, value) for path, value in _leaves(source.document.data, published_only=True)
                 if isinstance(value, str) and path[-1:] != ("phone",)]
        for path, text in texts:
            found += [source.error_at(path, _PHONE_IN_TEXT.format(mask_phone(number)), field=field_path(path),
                             hint=_PHONE_HINT)
                      for *_, number in find_mobile_numbers(text) if number not in public]
        for offset, line in enumerate(source.body.splitlines()):
            found += [Diagnostic(source.location(source.body_line + offset, start + 1),
                                 _PHONE_IN_TEXT.format(mask_phone(number)), hint=_PHONE_HINT,
                                 source_line=line[:start] + mask_phone(number) + line[end:])
                      for start, end, number in find_mobile_numbers(line) if number not in public]
    return found


_PHONE_IN_TEXT = ("a mobile number ({}) is written in the text, where it would be published in full; phone "
                  "numbers are published masked unless marked public")
_PHONE_HINT = ("if everyone may call it, also give it as a contact's phone with `phone_public: true` in "
               "compound.yaml; otherwise remove it, or write it masked: 138****5678")


def _public_phones(data: Any) -> list[str]:
    """The phones marked `phone_public: true` anywhere in a file's data."""
    if isinstance(data, list):
        return [phone for item in data for phone in _public_phones(item)]
    if not isinstance(data, dict):
        return []
    own = [str(data["phone"])] if data.get("phone_public") is True and data.get("phone") else []
    return own + [phone for value in data.values() for phone in _public_phones(value)]


def _leaves(data: Any, path: tuple = (), published_only: bool = False) -> Iterator[tuple[tuple, Any]]:
    """Every value in a file's data with its key path (with `published_only`, but what is marked
    `audience: never`)."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _leaves(item, path + (index,), published_only)
    elif isinstance(data, dict):
        if not (published_only and data.get("audience") == "never"):
            for key, value in data.items():
                yield from _leaves(value, path + (key,), published_only)
    else:
        yield path, data




def attachment_checks(path: Path, shown_as: str) -> list[Diagnostic]:
    """Identity-card numbers in an attachment's name or in the text inside it."""
    found = _id_numbers(shown_as, Location(shown_as), "in the attachment's name: ")
    for line, place, text in attachment_text.passages(path):
        found += _id_numbers(text, Location(shown_as, line), f"in the attachment{', ' + place if place else ''}: ",
                             source_line=mask_id_numbers(text))
    return found
