"""Diagnostics: content problems as located values, collected and reported together; and
BuildStopped, the one way a build ends early on purpose.

Nothing here prints; the CLI decides how and where to show diagnostics.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generator.messages import tr
from generator.privacy import mask_id_numbers, mask_phone_numbers


class BuildStopped(Exception):
    """The build was asked to stop (`serve` asks when the content changes while it prints the sheets). The
    output is left as it was; the sheets printed until then are in the cache, so the next build starts
    printing where this one stopped."""


class Severity(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, which field, and what was expected and found."""

    location: Location
    message: str
    field: str = ""
    hint: str = ""
    severity: Severity = Severity.error
    source_line: str = ""

    def format(self) -> str:
        """The problem as the secretary reads it, with every identity-card number hidden and every mobile number
        masked: a path or a line quoted for a problem may hold them, and this text is shown, copied and pasted."""
        what = tr("%(field)s: %(problem)s", field=self.field, problem=self.message) if self.field else self.message
        said = tr("error: %(problem)s", problem=what) if self.severity is Severity.error else \
            tr("warning: %(problem)s", problem=what)
        lines = [f"{self.location}: {said}"]
        if self.source_line and self.location.line:
            number = str(self.location.line)
            # Masked before it is cut, so that no part of a number is left too short to be found.
            quoted, column = excerpt(mask_phone_numbers(mask_id_numbers(self.source_line)), self.location.column)
            lines.append(f"  {number} | {quoted}")
            if column:
                lines.append(f"  {' ' * len(number)} | {' ' * display_width(quoted[: column - 1])}^")
        if self.hint:
            lines.append("  " + tr("hint: %(hint)s", hint=self.hint))
        return mask_phone_numbers(mask_id_numbers("\n".join(lines)))


@dataclass
class Diagnostics:
    """Collects diagnostics from every stage so that one run reports them all, each once: a mistake in a
    template that every page uses is one problem, not one a page."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        given, self.items = self.items, []
        self.extend(given)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def extend(self, diagnostics: Diagnostics | list[Diagnostic]) -> None:
        for diagnostic in diagnostics.items if isinstance(diagnostics, Diagnostics) else diagnostics:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.warning]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location, d.field, d.message))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return tr("%(errors)s, %(warnings)s",
                  errors=tr("1 error") if errors == 1 else tr("%(n)s errors", n=errors),
                  warnings=tr("1 warning") if warnings == 1 else tr("%(n)s warnings", n=warnings))

    def __bool__(self) -> bool:
        return bool(self.items)


def display_width(text: str) -> int:
    """Terminal cells: a Chinese character takes two."""
    return sum(_cells(ch) for ch in text)


def _cells(character: str) -> int:
    return 2 if unicodedata.east_asian_width(character) in "WF" else 1


# Terminal cells. A paragraph is often one line, which would wrap many times and leave the caret far from
# what it points at; a line of YAML a little wider than the terminal is better quoted whole.
LONGEST_QUOTED, QUOTED_WIDTH = 160, 120


def excerpt(line: str, column: int) -> tuple[str, int]:
    """`line`, when longer than LONGEST_QUOTED cells, cut to about QUOTED_WIDTH around `column` (1-based,
    0 for none) with '…' where it was cut; and the column in what is left."""
    if display_width(line) <= LONGEST_QUOTED:
        return line, column
    at = max(column - 1, 0)
    start, width = at, 0
    while start > 0 and width + _cells(line[start - 1]) <= QUOTED_WIDTH // 3:
        start -= 1
        width += _cells(line[start])
    end = at
    while end < len(line) and width + _cells(line[end]) <= QUOTED_WIDTH:
        width += _cells(line[end])
        end += 1
    before, after = ("…" if start > 0 else ""), ("…" if end < len(line) else "")
    return before + line[start:end] + after, (at - start + len(before) + 1 if column else 0)


def did_you_mean(word: str, choices: list[str]) -> str:
    """A hint naming the closest valid choice, or '' when none is close."""
    meant = closest(word, choices)
    return tr("did you mean '%(meant)s'?", meant=meant) if meant else ""


def closest(word: str, choices: list[str]) -> str | None:
    """The valid choice `word` most likely misspells, or None when none is close."""
    # 'phone_nubmer' means 'phone', not the closer-spelt flag 'phone_public'.
    head = word.split("_")[0]
    if "_" in word and head in choices:
        return head
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    same_letters = [choice for choice in choices if choice.lower() == word.lower()]  # NO: for no:
    return (same_letters or close)[0] if same_letters or close else None


def relative_path(path: Path, root: Path) -> str:
    """The path as the user knows it: relative to the site root when inside it."""
    try:
        return (_resolved(path.parent) / path.name).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()


@functools.lru_cache(maxsize=4096)
def _resolved(folder: Path) -> Path:
    # Resolving costs a system call per path component; a build asks for the same few folders thousands of times.
    return folder.resolve()
