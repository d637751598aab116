"""The publication log: what was published when, kept so that nobody can quietly rewrite it.

`content/publication-log.jsonl` is appended to by `noticeboard publish` and
committed with the content. One JSON object per line:

    {"date": "2026-11-25", "documents": {"chenghu-yuan/finance/2026-q3": "HIWL-II7S", ...},
     "previous": "<hash of the line before; empty on the first line>", "hash": "<hash of this entry>"}

`documents` holds the documents that were new or changed since the entry
before, each with its verification code. `hash` is the SHA-256 of the entry's
date, documents and previous hash as canonical JSON, so each entry seals the
one before it: editing, removing or reordering a past line breaks the chain,
and `check` says where. A document whose code differs from the one last
logged has changed after publication, and must say what changed and why in a
`corrections` note dated on or after that publication.

Pure apart from reading and appending the log file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import Diagnostic, Location, Severity
from generator.messages import tr
from generator.model.base import Correction
from generator.model.site import Compound
from generator.verification import DocumentKey


@dataclass(frozen=True)
class LogEntry:
    line: int
    date: date
    documents: dict[str, str]
    previous: str
    hash: str


def document_id(key: DocumentKey) -> str:
    """('chenghu-yuan', 'finance', '2026-q3') -> 'chenghu-yuan/finance/2026-q3'."""
    return "/".join(part for part in key if part)


def document_names(c: Compound) -> dict[DocumentKey, str]:
    """Each document of the compound as the secretary knows it (兰亭苑 · 停水通知), by its key: what publishing
    names beside its id and code, so that the sheet to post or take down is found by its title."""
    names = {}
    for (kind, key), document in c.documents().items():
        if kind == "finance":
            what = tr("finances for %(quarter)s", quarter=document.quarter)
        elif kind == "committees":
            what = tr("committees")
        elif kind == "services":
            what = tr("services")
        else:
            what = document.title
        names[(c.slug, kind, key)] = f"{c.profile.name} · {what}"
    return names


def entry_hash(day: date, documents: dict[str, str], previous: str) -> str:
    canonical = json.dumps({"date": day.isoformat(), "documents": documents, "previous": previous},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_log(path: Path, shown_as: str) -> tuple[list[LogEntry], list[Diagnostic]]:
    """The entries of the log (none when it does not exist yet) and any line that cannot be read."""
    if not path.is_file():
        return [], []
    entries, problems = [], []
    data = path.read_bytes()
    try:
        # A byte-order mark is what Notepad adds when the log is opened and saved unchanged: the entries, and
        # their chain of hashes, are still what they were.
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as error:  # saved again by an editor, in GBK or UTF-16
        return [], [Diagnostic(Location(shown_as, data.count(b"\n", 0, error.start) + 1), tr(
                               "the log is not UTF-8 text any more; it is written by `noticeboard publish` and must "
                               "not be edited by hand"), hint=tr("restore it from version control"))]
    conflicted = next((number for number, text in enumerate(lines, start=1) if text.startswith(_CONFLICT)), 0)
    if conflicted:
        return [], [Diagnostic(Location(shown_as, conflicted), tr(
                               "a merge conflict's marker of version control (git): two copies of the content each "
                               "published, and their logs could not be joined"), hint=_forked_hint())]
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise TypeError(tr('expected an entry {"date": ..., "documents": ...}, found %(kind)s',
                                   kind=_json_kind(raw)))
            entries.append(LogEntry(number, date.fromisoformat(raw["date"]), dict(raw["documents"]),
                                    str(raw["previous"]), str(raw["hash"])))
        except KeyError as missing:
            problems.append(_not_an_entry(shown_as, number, tr("it has no %(key)s", key=missing)))
        except (ValueError, TypeError, RecursionError) as error:  # RecursionError: [[[[... nested
            # Python's own words (the JSON's, a date's) stay English; the one raised above is translated.
            problems.append(_not_an_entry(shown_as, number, str(error)))
    return entries, problems


_CONFLICT = ("<<<<<<< ", "=======", ">>>>>>> ")


def _forked_hint() -> str:
    return tr("keep the log of the copy that publishes (the office's) whole, and publish again from it; see "
              "'A district kept by several people' in the README")


def _json_kind(raw: object) -> str:
    """What a line of the log holds instead of an entry, as the message names it."""
    if isinstance(raw, bool):  # before int: True is an int too
        return tr("true or false")
    if isinstance(raw, (int, float)):
        return tr("a number")
    if isinstance(raw, str):
        return tr("a text")
    if isinstance(raw, list):
        return tr("a list")
    return tr("null")


def _not_an_entry(shown_as: str, line: int, why: str) -> Diagnostic:
    return Diagnostic(Location(shown_as, line), tr("not a publication entry (%(why)s); the log is written by "
                                                   "`noticeboard publish` and must not be edited by hand", why=why))


def chain_problems(entries: list[LogEntry], shown_as: str) -> list[Diagnostic]:
    """Where the chain of hashes is broken: the first entry that was changed, removed or moved, or that follows
    an entry another one follows already (two copies that each published, their logs joined)."""
    previous, earlier = "", {"": None}
    for entry in entries:
        if entry.hash in earlier:  # pasted again, by hand or by a merge that kept both sides' copies of it
            return [Diagnostic(Location(shown_as, entry.line), tr(
                               "the entry of %(day)s is line %(line)s's again: the log holds it twice", day=entry.date,
                               line=earlier[entry.hash].line), hint=tr(
                                   "delete this line; the log is otherwise written by `noticeboard publish` only"))]
        if entry.previous != previous and entry.previous in earlier:
            return [Diagnostic(Location(shown_as, entry.line), _follows_as_another(entry, earlier[entry.previous]),
                               hint=_forked_hint())]
        if entry.previous != previous:
            return [Diagnostic(Location(shown_as, entry.line), tr(
                               "the entry of %(day)s does not follow the one before it: an earlier entry was removed, "
                               "reordered or changed", day=entry.date), hint=_not_rewritten())]
        if entry_hash(entry.date, entry.documents, entry.previous) != entry.hash:
            return [Diagnostic(Location(shown_as, entry.line), tr(
                               "the entry of %(day)s was changed after it was written (its hash no longer matches its "
                               "content)", day=entry.date), hint=_not_rewritten())]
        previous, earlier[entry.hash] = entry.hash, entry
    return []


def _follows_as_another(entry: LogEntry, above: LogEntry | None) -> str:
    """`entry` follows `above` (None: it is a first entry), which an entry before it follows already."""
    if above is None:
        return tr("the entry of %(day)s follows no entry, as an entry above it does: two copies of the content each "
                  "published, and their logs were joined", day=entry.date)
    return tr("the entry of %(day)s follows the entry of %(above)s (line %(line)s), as an entry above it does: two "
              "copies of the content each published, and their logs were joined", day=entry.date, above=above.date,
              line=above.line)


def _not_rewritten() -> str:
    return tr("the log is a record that cannot be rewritten; restore it from version control")


def dated_back(entries: list[LogEntry], shown_as: str) -> list[Diagnostic]:
    """An entry dated before the one above it: a version would show as published before the one it replaced."""
    return [Diagnostic(Location(shown_as, later.line), tr(
                       "the entry of %(day)s is dated before the one above it, of %(above)s: the dates of a "
                       "publication log never go back", day=later.date, above=earlier.date),
                       hint=tr("it was published with an earlier --date; restore the log from version control and "
                               "publish again without --date"), severity=Severity.warning)
            for earlier, later in zip(entries, entries[1:]) if later.date < earlier.date]


def date_problems(entries: list[LogEntry], day: date, shown_as: str) -> list[Diagnostic]:
    """Publishing on `day` would log it before the last entry."""
    if not entries or day >= entries[-1].date:
        return []
    return [Diagnostic(Location(shown_as, entries[-1].line), tr(
                       "expected a publication day on or after %(last)s, the day of the log's last entry, found "
                       "%(day)s", last=entries[-1].date, day=day), field="--date",
                       hint=tr("the log records what was published when, and its dates never go back: publish "
                               "without --date, or with today's"))]


def last_published(entries: list[LogEntry]) -> dict[str, tuple[str, date]]:
    """Each document's most recently logged code and the day it was logged."""
    latest: dict[str, tuple[str, date]] = {}
    for entry in entries:
        for document, code in entry.documents.items():
            latest[document] = (code, entry.date)
    return latest


def first_published(entries: list[LogEntry]) -> dict[str, date]:
    """The day each document (by `document_id`) was first entered in the log, for the documents logged
    after their compound's first entry. Those in that entry were there before the log began: its day says
    nothing of when they were posted."""
    first: dict[str, date] = {}
    began: dict[str, LogEntry] = {}  # each compound's first entry
    logged: set[str] = set()  # a correction logs a document again, later: it was posted when first logged
    for entry in entries:
        for document in entry.documents:
            compound = document.split("/", 1)[0]
            if began.setdefault(compound, entry) is not entry and document not in logged:
                first[document] = entry.date
            logged.add(document)
    return first


def compound_parts(entries: list[LogEntry]) -> dict[str, str]:
    """Each compound's part of the log as text: the day and the codes of each entry that logged its
    documents, in order. A compound's pages and checks depend on this part of the log only."""
    parts: dict[str, list] = {}
    for entry in entries:
        logged: dict[str, dict[str, str]] = {}
        for document, code in entry.documents.items():
            logged.setdefault(document.split("/", 1)[0], {})[document] = code
        for compound, documents in logged.items():
            parts.setdefault(compound, []).append([entry.date.isoformat(), documents])
    return {compound: json.dumps(part, ensure_ascii=False, sort_keys=True) for compound, part in parts.items()}


def compound_corrections(c: Compound) -> dict[DocumentKey, list[Correction]]:
    """Each printable document's correction notes, by the key of its verification code."""
    return {(c.slug, kind, key): document.corrections for (kind, key), document in c.documents().items()}


def change_problems(entries: list[LogEntry], codes: dict[DocumentKey, str], compound: Compound,
                    source_of: dict[DocumentKey, str], shown_as: str, today: date, complete: bool = True
                    ) -> list[Diagnostic]:
    """The compound's published documents that changed without a correction note, or vanished (unless the
    compound is not `complete`: its documents with errors are left out). `codes` are the current codes; the
    hint dates the note `today`, the day the change is made, which it says."""
    current = {document_id(key): key for key in codes}
    notes = compound_corrections(compound)
    days = _publication_days(entries)
    problems = []
    for document, (code, published) in sorted(last_published(entries).items()):
        if not document.startswith(compound.slug + "/"):
            continue
        key = current.get(document)
        if key is None:
            if complete and code != TAKEN_DOWN:
                kind = document.rsplit("/", 1)[0] + "/"
                problems.append(_vanished(document, published, shown_as, [
                    other for other in current if other.startswith(kind) and other not in days]))
        elif codes[key] != code and code != TAKEN_DOWN:  # put back after it was taken down: published anew
            problem = _unnoted(notes.get(key, []), days[document])
            if not problem and entries:
                problems += _backdated(notes[key], entries[-1].date, source_of[key], today)
            if problem:
                hint = _correction_hint(key[1], today)
                problems.append(Diagnostic(
                    Location(source_of[key]), tr("changed after it was published on %(published)s (code %(code)s, "
                                                 "now %(now)s), and %(problem)s", published=published, code=code,
                                                 now=codes[key], problem=problem), field="corrections",
                    hint=_codes_changed(hint) if published < _CODES_CHANGED_ON else hint))
    return problems + _corrected_before_published(days, codes, notes, compound.slug, source_of)


def _backdated(notes: list[Correction], last_published: date, source: str, today: date) -> list[Diagnostic]:
    """The note of a change dated before the last publication, which published the document as it was before it
    (else the log would have its new code): dated back, a change made now reads as an old one on the pages, the
    revisions page and the feed."""
    newest = max(range(len(notes)), key=lambda index: notes[index].date)
    if notes[newest].date >= last_published or today < last_published:  # a build dated back: it cannot tell
        return []
    return [Diagnostic(Location(source), tr(
                       "%(day)s is before the publication of %(published)s, which published this document as it was "
                       "before this change: residents would read the change as made then", day=notes[newest].date,
                       published=last_published), field=f"corrections[{newest + 1}].date", severity=Severity.warning,
                       hint=tr("date the note the day the change is made: %(today)s", today=today))]


def _correction_hint(kind: str, today: date) -> str:
    """Where a document of `kind` takes its correction note, and the line to write there."""
    if kind == "notice":
        return tr("say what changed and why, in a line among the notice's fields, between its two '---' lines: "
                  "corrections: [{date: %(today)s, note: ...}]", today=today)
    return tr("say what changed and why, in a line at the left edge, among the file's other keys: "
              "corrections: [{date: %(today)s, note: ...}]", today=today)


def _corrected_before_published(days: dict[str, list[date]], codes: dict[DocumentKey, str],
                                notes: dict[DocumentKey, list[Correction]], slug: str,
                                source_of: dict[DocumentKey, str]) -> list[Diagnostic]:
    """Correction notes on a document never published, in a compound the log keeps: most often copied with
    the file the document was made from, they would tell residents of a change to what nobody had read. Notes
    dated before the compound's log began are left alone: an older notice, corrected on paper, added since."""
    began = min((logged[0] for document, logged in days.items() if document.startswith(slug + "/")), default=None)
    if began is None:
        return []  # its documents were never logged: the log says nothing of what was published
    found = []
    for key in sorted(codes):
        since = [note for note in notes.get(key, []) if note.date >= began]
        if since and document_id(key) not in days:
            first = min(n.date for n in since)
            found.append(Diagnostic(
                Location(source_of[key]), tr(
                    "has 1 correction note (the first dated %(first)s), but it was never published: the publication "
                    "log does not know it, and a correction tells residents what changed in what they had read",
                    first=first) if len(since) == 1 else tr(
                    "has %(count)s correction notes (the first dated %(first)s), but it was never published: the "
                    "publication log does not know it, and a correction tells residents what changed in what they "
                    "had read", count=len(since), first=first),
                field="corrections", hint=tr(
                    "copied from another document? Delete its corrections lines. Or was it published from another "
                    "copy of the content? See 'A district kept by several people' in the README")))
    return found


# Codes of the versions of these days read a notice's line endings and mask local phone numbers otherwise (README,
# "Logs begun before 2026-11-27"): a document published before may have a new code with nobody having changed it.
_CODES_CHANGED_ON = date(2026, 11, 28)


def _codes_changed(hint: str) -> str:
    return tr("%(hint)s; if nobody changed it, its code may have changed with noticeboard's versions of 2026-11-27 "
              "or 2026-11-28 (see 'Logs begun before 2026-11-27' in the README)", hint=hint)


def _publication_days(entries: list[LogEntry]) -> dict[str, list[date]]:
    """The days each document was logged: first published, then each time it had changed."""
    days: dict[str, list[date]] = {}
    for entry in entries:
        for document in entry.documents:
            days.setdefault(document, []).append(entry.date)
    return days


def _unnoted(notes: list[Correction], published: list[date]) -> str:
    """What is missing for a change since the document's last publication to have a correction note of its
    own ('' if nothing): a note dated on or after that day, besides the one each change published before
    needed. Dates alone cannot tell two changes of one day apart, so the notes are counted too."""
    if not any(note.date >= published[-1] for note in notes):
        return tr("has no correction note dated %(day)s or later", day=published[-1])
    noted = sum(note.date >= published[0] for note in notes)
    if noted >= len(published):
        return ""
    # "the one" change published since the first publication, or "the 2"; `noted` is 1 at least, but for a log
    # whose dates go back (a warning of its own).
    if noted == 1 and len(published) == 2:
        return tr("has 1 correction note dated %(day)s or later for 2 changes: the one published since then, and "
                  "this one", day=published[0])
    if noted == 1:
        return tr("has 1 correction note dated %(day)s or later for %(changes)s changes: the %(earlier)s published "
                  "since then, and this one", day=published[0], changes=len(published), earlier=len(published) - 1)
    if len(published) == 2:
        return tr("has %(noted)s correction notes dated %(day)s or later for 2 changes: the one published since "
                  "then, and this one", noted=noted, day=published[0])
    return tr("has %(noted)s correction notes dated %(day)s or later for %(changes)s changes: the %(earlier)s "
              "published since then, and this one", noted=noted, day=published[0], changes=len(published),
              earlier=len(published) - 1)


def vanished_compounds(entries: list[LogEntry], compounds: set[str], shown_as: str, publishing: bool = False,
                       taken_down: Collection[str] = ()) -> list[Diagnostic]:
    """Compounds with published documents whose folder is no longer in the content: one warning each, which
    names the folders the log does not know, one of which may be it renamed. When `publishing`, an error but
    for those `taken_down` names: publishing would record every document of each as taken down, for good,
    which a copy of the content holding some compounds only (to preview one) did for all the others."""
    published: dict[str, list[date]] = {}
    for document, (code, day) in last_published(entries).items():
        if code != TAKEN_DOWN:
            published.setdefault(document.split("/", 1)[0], []).append(day)
    logged = {document.split("/", 1)[0] for entry in entries for document in entry.documents}
    unlogged = sorted(compounds - logged)
    found = []
    for slug, days in sorted(published.items()):
        if slug in compounds or slug in taken_down:
            continue
        hint = tr("if it left the site on purpose, run noticeboard publish --take-down %(slug)s", slug=slug)
        if unlogged:
            hint = tr("%(hint)s; if it is %(folders)s renamed, give that folder its name back, as residents' links "
                      "and the QR codes on its posted sheets hold it", hint=hint, folders=_or(unlogged))
        found.append(Diagnostic(
            Location(shown_as), tr(
                "the compound '%(slug)s', %(count)s of whose documents were published (the last on %(last)s), is no "
                "longer in the content: its pages go, and the QR codes on its posted sheets lead nowhere; publishing "
                "would record all %(count)s as taken down", slug=slug, count=len(days), last=max(days))
            if publishing else tr(
                "the compound '%(slug)s', %(count)s of whose documents were published (the last on %(last)s), is no "
                "longer in the content: its pages go, and the QR codes on its posted sheets lead nowhere", slug=slug,
                count=len(days), last=max(days)),
            severity=Severity.error if publishing else Severity.warning,
            hint=tr("%(hint)s; if this copy of the content holds some compounds only, publish from the whole "
                    "content", hint=hint) if publishing else hint))
    return found + [Diagnostic(Location(shown_as), tr(
        "--take-down %(slug)s: its folder is in the content", slug=slug) if slug in compounds else tr(
        "--take-down %(slug)s: no compound '%(slug)s' was ever published", slug=slug),
        hint=tr("give the folder name of a compound that was published and is no longer in the content"))
        for slug in sorted(set(taken_down)) if slug in compounds or slug not in logged]


def _or(names: list[str]) -> str:
    """a or b or c: the names one of which is meant."""
    return tr(" or ").join(names)


def _vanished(document: str, published: date, shown_as: str, unpublished: list[str]) -> Diagnostic:
    """`unpublished`: the documents of its kind the log does not know, one of which may be it renamed."""
    names = _or(list(map(repr, sorted(unpublished))))
    if not unpublished:
        hint = tr("if it was taken down on purpose, run noticeboard publish to record that")
    elif len(unpublished) == 1:
        hint = tr("if it was renamed as %(names)s, which was never published, give that file its old name back: "
                  "residents' links and the QR codes on its posted sheets hold it; if it was taken down on purpose, "
                  "run noticeboard publish to record that", names=names)
    else:
        hint = tr("if it was renamed as %(names)s, which were never published, give that file its old name back: "
                  "residents' links and the QR codes on its posted sheets hold it; if it was taken down on purpose, "
                  "run noticeboard publish to record that", names=names)
    return Diagnostic(Location(shown_as), tr("'%(document)s' was recorded as published on %(published)s and is no "
                                             "longer in the content", document=document, published=published),
                      severity=Severity.warning, hint=hint)


# A document's code in the entry that records it taken down: its file left the content.
TAKEN_DOWN = ""


def next_entry(entries: list[LogEntry], codes: dict[DocumentKey, str], day: date) -> LogEntry | None:
    """The entry that publishing on `day` appends: new and changed documents, and those taken down since
    (with the code TAKEN_DOWN); None if there are none."""
    logged = last_published(entries)
    changed = {document_id(key): code for key, code in sorted(codes.items())
               if logged.get(document_id(key), ("",))[0] != code}
    current = {document_id(key) for key in codes}
    changed |= {document: TAKEN_DOWN for document, (code, _) in sorted(logged.items())
                if code != TAKEN_DOWN and document not in current}
    if not changed:
        return None
    previous = entries[-1].hash if entries else ""
    line = entries[-1].line + 1 if entries else 1
    return LogEntry(line, day, changed, previous, entry_hash(day, changed, previous))


def append(path: Path, entry: LogEntry) -> None:
    with path.open("a", encoding="utf-8") as log:
        log.write(log_line(entry))


def log_line(entry: LogEntry) -> str:
    """The entry as the log holds it: a line of JSON."""
    record = {"date": entry.date.isoformat(), "documents": entry.documents, "previous": entry.previous,
              "hash": entry.hash}
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
