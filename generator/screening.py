"""The text of every content file screened for what must never be published, and for slips.

Identity-card numbers anywhere (the text, a file's name, inside an attachment),
phone numbers written into text instead of a `phone` field, duplicated keys,
dates no document can have, and example text left from `noticeboard new`. Works
on the files as read, before the content model, so that a file the model
rejects is screened all the same. Each file's text is searched whole, and its
values walked once: this runs on every file of every build.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator import attachment_text, glyphs
from generator.errors import Diagnostic, Location, Severity
from generator.load import SourceFile
from generator.markup import Unreadable
from generator.messages import tr
from generator.privacy import (digits_of, find_id_numbers, find_phone_numbers, id_prefix, is_mobile, mask_phone,
                               names_id_numbers, number_spans)
from generator.schema_errors import field_path

# Dates outside these are typing mistakes (9999-12-30), and periods counted from them would leave the calendar.
EARLIEST, LATEST = date(1949, 1, 1), date(2099, 12, 31)

# How far a value reaches, by the `audience:` above it: the web (and the board), the board only, or nowhere.
NOWHERE, BOARD, WEB = 0, 1, 2
_REACH = {"never": NOWHERE, "board": BOARD}
Value = tuple[tuple, Any, int]  # key path, value, and its reach


def screen(files: list[SourceFile], to_html: Callable[[str], str] | None = None,
           unread: Iterable[str] = ()) -> list[Diagnostic]:
    """Every problem in the text of `files` (one compound's, or site.yaml): a mobile number in the text is
    allowed where one of them gives it as a public phone, as far as that phone reaches (a phone public on the
    board only may be in a text for the board, not in one for the web). `to_html`: Markdown as published, to
    find numbers it pieces together. `unread`: the text of the compound's files that could not be read (their
    own errors say why); any number in them may be a public phone, so texts may give it until they are read."""
    values_of = {source.path: values_with_reach(source.document.data) for source in files}
    public: dict[str, int] = {number: WEB for text in unread for *_, number in find_phone_numbers(text)}
    for values in values_of.values():
        for phone, reach in _public_phones(values):
            for *_, number in find_phone_numbers(phone):
                public[number] = max(reach, public.get(number, NOWHERE))
    found = []
    for source in files:
        values = values_of[source.path]
        numbered = _numbered(values)
        found += _duplicate_keys(source) + _wide_comma_items(source) + _cut_by_comment(source)
        found += _id_numbers_in(source, numbered)
        found += _dates(source, values)
        found += _examples_in_values(source, values) + _examples_in_body(source)
        body_phones = find_phone_numbers(source.body)  # once: what Markdown pieces together is what is not here
        found += _phones_in_values(source, numbered, public) + _phones_in_body(source, body_phones, public)
        found += _phones_in_name(source)
        found += _written_apart(source, to_html, public, body_phones) if to_html and source.body.strip() else []
        found += _attachments(source, public) + _unprintable(source, values) + _control_characters(source, values)
        found += _curly_quoted(source, values)
    return found


def screen_unparsed(files: list[SourceFile]) -> list[Diagnostic]:
    """What is found without the values of `files`, which could not be read as their kind asks (not UTF-8, no
    front matter, not valid YAML): identity-card numbers, and a notice's example text left in its body. Found only
    once the file was mended, they cost another run."""
    return [found for source in files for found in _id_numbers_in(source, []) + _examples_in_body(source)]


# C0 and C1 controls but tab and line end, and the controls of writing direction.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _control_hint() -> str:
    return tr("delete it: it is invisible, and comes with text pasted from Word or a web page")


def _control_characters(source: SourceFile, values: list[Value]) -> list[Diagnostic]:
    """Control characters in published text: one like Word's line break (U+000B) makes the feed no XML, which a
    feed reader refuses whole; one of writing direction (U+202E) turns the text after it around, so that a
    title or a file's name reads as another."""
    found = [source.error_at(path, _control_message(match.group()), field=field_path(path), hint=_control_hint())
             for path, value, reach in values if reach and isinstance(value, str) and (match := _CONTROL.search(value))]
    # Lines as the file has them: splitlines() would also end one at U+000B, U+000C or U+0085.
    for number, line in enumerate(source.body.split("\n"), source.body_line):
        if match := _CONTROL.search(line):
            found.append(Diagnostic(source.location(number, match.start() + 1), _control_message(match.group()),
                                    hint=_control_hint(), source_line=source.line_text(number)))
    return found


# Word and WeChat turn the straight quotes of "…" into these; YAML takes them for text, and publishes them.
_CURLY_PAIRS = {"“": "”", "‘": "’"}


def _curly_quoted(source: SourceFile, values: list[Value]) -> list[Diagnostic]:
    """Text wrapped whole in curly quotes: “锦绣家园” copied through Word, shown on every page and sheet with
    them. A category's are an error of the model already; “甲”和“乙” is quoted inside, not wrapped."""
    return [source.error_at(path, tr("the text is wrapped in %(quotes)s, which the page and the sheet show as part "
                                     "of it: %(text)s", quotes=value[0] + value[-1], text=value),
                            field=field_path(path), severity=Severity.warning,
                            hint=tr("write %(text)s without them (the quotes YAML reads are the straight ones, \"…\", "
                                    "which Word and WeChat turn curly)", text=value[1:-1]))
            for path, value, reach in values if reach and isinstance(value, str) and path[-1:] != ("category",)
            and len(value) > 2 and _CURLY_PAIRS.get(value[0]) == value[-1]
            and value[0] not in value[1:-1] and value[-1] not in value[1:-1]]


def _control_message(character: str) -> str:
    code = f"{ord(character):04X}"
    if character >= "\u202a":
        return tr("a control character of writing direction, U+%(code)s, is in the text", code=code)
    return tr("a control character, U+%(code)s, is in the text", code=code)


def _unprintable(source: SourceFile, values: list[Value]) -> list[Diagnostic]:
    """Characters no installed font has, in text that may be printed. An error in a title and a notice's text,
    which its sheet always prints, so that `check` never calls ready what the build stops at; elsewhere a
    warning: which other values a sheet shows is known only when it is printed, and the build stops there
    with an error if one does."""
    texts = [(path, value) for path, value, reach in values if reach and isinstance(value, str)]
    body = source.body if _reach(source.document.data) else ""
    if not glyphs.unprintable("\n".join(value for _, value in texts) + body):
        return []  # the usual case, settled in one pass
    found = [source.error_at(path, _unprintable_message(missing, path == ("title",)), field=field_path(path),
                             hint=glyphs.hint(), severity=Severity.error if path == ("title",) else Severity.warning)
             for path, value in texts if (missing := glyphs.unprintable(value))]
    for number, line in enumerate(body.splitlines(), source.body_line):
        if missing := glyphs.unprintable(line):
            found.append(Diagnostic(source.location(number, line.index(missing[0]) + 1),
                                    _unprintable_message(missing, True), hint=glyphs.hint(),
                                    source_line=source.line_text(number)))
    return found


def _unprintable_message(missing: str, always_printed: bool) -> str:
    if always_printed:
        return tr("no installed font has %(characters)s: the sheet prints this text, with an empty box in its place, "
                  "so the build stops there", characters=glyphs.named(missing))
    return tr("no installed font has %(characters)s: a printed sheet that shows this text has an empty box in its "
              "place, and the build stops when it prints one", characters=glyphs.named(missing))


def _attachments(source: SourceFile, public: dict[str, int]) -> list[Diagnostic]:
    """Identity-card numbers in the name of each attachment the notice lists and in the text inside it;
    mobile numbers in the text of those it publishes (a file cannot be published masked), and a CSV that
    Excel would show garbled."""
    reaches = _listed_attachments(source.document.data)
    found = []
    for path in source.attachments:
        if path.name not in reaches:
            continue  # not published; the notice's check says so
        shown_as = Path(source.rel).with_name(path.name).as_posix()
        found += _id_numbers(shown_as, Location(shown_as), _in_the_attachments_name)
        try:
            read = attachment_text.passages(path)
        except attachment_text.Unreadable as unreadable:
            if reaches[path.name]:  # one published nowhere may stay as it is
                found.append(Diagnostic(Location(shown_as), tr(
                    "%(unreadable)s, so it cannot be checked for identity-card or phone numbers, and an attachment is "
                    "published as it is", unreadable=str(unreadable)), hint=unreadable.hint or (
                        _damaged_hint() if unreadable.damaged else _unreadable_hint())))
            continue
        naming = any(names_id_numbers(text) for _, _, text in read)
        reach = reaches[path.name]
        for line, place, text in read:
            where = Location(shown_as, line)
            within = functools.partial(_in_the_attachment, place)
            # What its pages no longer show an earlier version still has: deleting it again would keep it too.
            earlier = attachment_text.earlier_version_hint() if attachment_text.earlier_version() in place else ""
            found += _id_numbers(text, where, within, source_line=text, in_a_text_naming_them=naming,
                                 hint=earlier)
            found += [Diagnostic(Location(shown_as, line, start + 1), within(_phone_in_file(number)),
                                 hint=earlier or _phone_in_file_hint(number), source_line=text)
                      for start, _, number in find_phone_numbers(text) if public.get(number, NOWHERE) < reach]
        found += _wrapped_numbers(read, shown_as, naming, public, reach)
        garbled = _GARBLED.get(path.suffix.lower())
        if reaches[path.name] and garbled and _garbled_in_excel(path.read_bytes()):
            message, hint = garbled()
            found.append(Diagnostic(Location(shown_as), message, hint=hint, severity=Severity.warning))
    return found


def _in_the_attachment(place: str, problem: str) -> str:
    """A problem found in the text inside an attachment, at `place` in it (page 2) when it is known."""
    if place:
        return tr("in the attachment, %(place)s: %(problem)s", place=place, problem=problem)
    return tr("in the attachment: %(problem)s", problem=problem)


def _in_the_attachments_name(problem: str) -> str:
    return tr("in the attachment's name: %(problem)s", problem=problem)


def _wrapped_numbers(read: list[attachment_text.Passage], shown_as: str, naming: bool, public: dict[str, int],
                     reach: int) -> list[Diagnostic]:
    """The numbers that lines run on give (`_lines_run_on`), each once, at the line it starts on; phones but those
    public as far as the file reaches."""
    wrapped: dict[tuple[int, str, str], tuple[str, str]] = {}  # each number the pieces give: message, hint
    for line, place, joined, breaks, named in _lines_run_on(read):
        wrapped |= {(line, place, digits_of(joined[start:end])): (_id_number(id_prefix(joined[start:end])),
                                                                  _id_hint())
                    for start, end in find_id_numbers(joined, naming) if _crosses(start, end, breaks)}
        wrapped |= {(line, place, number): (_phone_in_file(number), _phone_in_file_hint(number))
                    for start, end, number in (find_phone_numbers(joined) if named else [])
                    if _crosses(start, end, breaks) and public.get(number, NOWHERE) < reach}
    return [Diagnostic(Location(shown_as, line), _over_several_lines(place, message), hint=hint)
            for (line, place, _), (message, hint) in wrapped.items()]


def _over_several_lines(place: str, problem: str) -> str:
    if place:
        return tr("in the attachment, %(place)s, written over several lines: %(problem)s", place=place,
                  problem=problem)
    return tr("in the attachment, written over several lines: %(problem)s", problem=problem)


def _lines_run_on(read: list[attachment_text.Passage]) -> Iterator[tuple[int, str, str, list[int], bool]]:
    """Lines of one place that may be a number wrapped: a narrow cell of a PDF's table wraps an identity-card
    number into pieces of one width (500227 / 198503 / 07230X), and a text file may break one where a notice's
    text would be joined again (身份证号码：500227⏎198503072308). Each line ending in a digit, with the digits that
    start the few lines after it, as many as its last digits or (the last) fewer, or any number of them after a
    line that names a number (身份证, 电话): (line, place, the lines joined, where they join, whether it names one).
    Cells side by side follow each other (500227 / 198503 / 072308 / 1371 / 1112 / 302), so such lines are tried
    from each line."""
    for start, (line, place, text) in enumerate(read):
        width = len(text) - len(text.rstrip(_DIGITS))
        named = bool(_NUMBER_NAMED.search(text))
        joined, breaks = text.strip(), []
        for _, next_place, following in read[start + 1:start + _MOST_WRAPPED_LINES] if width else ():
            following = following.strip()
            piece = _PIECE.match(following)
            if next_place != place or not piece or len(piece.group()) > width and (breaks or not named):
                break
            breaks.append(len(joined))
            joined += piece.group()
            yield line, place, joined, list(breaks), named
            if len(piece.group()) < width or piece.end() < len(following) or piece.group()[-1] in "Xx":
                break


_DIGITS = "0123456789０１２３４５６７８９"
_PIECE = re.compile("[0-9０-９]+[Xx]?")  # the digits a line starts with; an identity-card number may end in X
# A phone is looked for in lines joined so only after its name: a column of amounts (1500 / 2300 / 800) is wrapped
# cells' shape, and makes a mobile number.
_NUMBER_NAMED = re.compile(r"身份证|证件|电话|手机|联系|热线|[Tt]el")
_MOST_WRAPPED_LINES = 6  # 18 digits in a cell three characters wide


def _crosses(start: int, end: int, breaks: list[int]) -> bool:
    return any(start < at < end for at in breaks)


# Text in UTF-8 without a byte-order mark, by who reads it garbled: Excel reads a CSV in the system's code page, and
# a browser a text file served without its charset (as most web servers serve one) in its locale's.
# Each suffix's message and hint.
_GARBLED: dict[str, Callable[[], tuple[str, str]]] = {
    ".csv": lambda: (tr("this CSV file is UTF-8 without a byte-order mark, and Excel shows its Chinese garbled to "
                        "whoever downloads it"),
                     tr("in Excel, save it as 'CSV UTF-8 (逗号分隔)'; or in Notepad, as 'UTF-8 with BOM'")),
    ".txt": lambda: (tr("this text file is UTF-8 without a byte-order mark, and a phone's browser may show its "
                        "Chinese garbled when the site's server does not name its encoding (most do not)"),
                     tr("in Notepad, save it as 'UTF-8 with BOM'; or attach it as PDF")),
}


def _unreadable_hint() -> str:
    return tr("save it as PDF (or DOCX, XLSX or text), which phones open too, and attach that")


def _damaged_hint() -> str:
    return tr("open it in the program that made it and save it again, without a password; or attach it in another "
              "of those kinds")


def _garbled_in_excel(data: bytes) -> bool:
    """UTF-8 with Chinese but no byte-order mark: Excel reads such a CSV in the system's code page."""
    if data.startswith(b"\xef\xbb\xbf") or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False  # GBK, say: Chinese Excel reads it as it is
    return True


def _listed_attachments(data: Any) -> dict[str, int]:
    """The files a notice's front matter lists as attachments, as written, each with how far it reaches. Read
    before the model, so that a notice with other errors is screened too."""
    listed = data.get("attachments") if isinstance(data, dict) else None
    found = {}
    for item in listed if isinstance(listed, list) else []:
        file = item.get("file") if isinstance(item, dict) else None
        marked = file if isinstance(file, dict) else {"value": file}  # {value: ..., audience: ...}, as any text
        if isinstance(marked.get("value"), str):
            found[marked["value"]] = min(_reach(data), _reach(item), _reach(marked))
    return found


def _reach(mapping: Any) -> int:
    """How far a mapping's `audience:` lets it reach; an audience the model rejects (or none) is taken as the web."""
    audience = mapping.get("audience") if isinstance(mapping, dict) else None
    return _REACH.get(audience, WEB) if isinstance(audience, str) else WEB


def values_with_reach(data: Any) -> list[Value]:
    """Every plain value of a file's data, with its key path and how far it reaches (`audience:` above it)."""
    found: list[Value] = []
    stack: list[Value] = [((), data, WEB)]
    while stack:
        path, value, reach = stack.pop()
        if isinstance(value, dict):
            reach = min(reach, _reach(value))
            stack.extend((path + (key,), item, reach) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((path + (index,), item, reach) for index, item in enumerate(value))
        else:
            found.append((path, value, reach))
    return found


def _numbered(values: list[Value]) -> list[Value]:
    """The values that may hold a phone or identity-card number, as text: a few of a file's thousands."""
    return [(path, text, reach) for path, value, reach in values if (text := _text(value))]


def _text(value: Any) -> str | None:
    """A value as the model publishes it, when it is text with digits enough for a phone number (ten, a
    landline's) or more: an unquoted 13912345678 is read as a number, and published as text all the same.
    Most values have fewer, and need no search."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and len(_DIGIT.findall(value)) >= 10 else None


_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def _wide_comma_items(source: SourceFile) -> list[Diagnostic]:
    return [source.error_at(path, tr("'%(item)s' is one item of the list: inside [...] items are separated by the "
                                     "ASCII comma ','", item=_item(source.document.data, path)),
                            field=field_path(path), severity=Severity.warning,
                            hint=tr("if these are several items, write the commas between them as ',' (with the "
                                    "input method in English mode)"))
            for path in source.document.wide_comma_items]


def _cut_by_comment(source: SourceFile) -> list[Diagnostic]:
    return [source.error_at(path, tr("the text ends before ' #': YAML reads '#' after a space, and all that follows "
                                     "it on the line, as a comment, so only '%(published)s' is published",
                                     published=_item(source.document.data, path)),
                            field=field_path(path), severity=Severity.warning,
                            hint=tr("put the whole text in quotes: \"...\""))
            for path in source.document.cut_by_comment]


def _item(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _duplicate_keys(source: SourceFile) -> list[Diagnostic]:
    return [Diagnostic(source.location(mark.line, mark.column),
                       tr("'%(key)s' appears twice in the same mapping; the first value would be lost", key=path[-1]),
                       field=field_path(path), source_line=source.line_text(mark.line))
            for path, mark in source.document.duplicate_keys]


def _id_numbers_in(source: SourceFile, numbered: list[Value]) -> list[Diagnostic]:
    """In the whole text (front matter and body alike); in the values, which YAML may have joined from
    several lines or written with escapes; and in the file's name."""
    found, seen = [], set()
    for start, end in find_id_numbers(source.text):
        line, column = _line_and_column(source.text, start)
        seen.add(digits_of(source.text[start:end]))
        found.append(Diagnostic(source.location(line, column), _id_number(id_prefix(source.text[start:end])),
                                source_line=source.line_text(line), hint=_id_hint()))
    for path, text, _ in numbered:
        found += [source.error_at(path, _id_number(id_prefix(number)), field=field_path(path), hint=_id_hint())
                  for number in sorted(_ids(text) - seen)]
    return found + _id_numbers(source.rel, source.location(), _in_the_files_name)


def _in_the_files_name(problem: str) -> str:
    return tr("in the file's name: %(problem)s", problem=problem)


def _phones_in_name(source: SourceFile) -> list[Diagnostic]:
    """A file's name is published in full, as the web address."""
    return [Diagnostic(source.location(), _phone_in_name(number), hint=_rename_hint())
            for *_, number in find_phone_numbers(source.rel)]


def _phone_in_name(number: str) -> str:
    if is_mobile(number):
        return tr("a mobile number (%(number)s) is in the file's name, which is published in full as the web address",
                  number=mask_phone(number))
    return tr("a phone number (%(number)s) is in the file's name, which is published in full as the web address",
              number=mask_phone(number))


def _id_numbers(text: str, where: Location, within: Callable[[str], str] | None = None, source_line: str = "",
                in_a_text_naming_them: bool = False, hint: str = "") -> list[Diagnostic]:
    """An error for each identity-card number in `text` (a line of `where` when `source_line` is given), said
    `within` where it was found (in the file's name) when that is given."""
    return [Diagnostic(Location(where.path, where.line, start + 1) if source_line else where,
                       (within or str)(_id_number(id_prefix(text[start:end]))), source_line=source_line,
                       hint=hint or _id_hint())
            for start, end in find_id_numbers(text, in_a_text_naming_them)]


def _id_number(prefix: str) -> str:
    return tr("found what looks like an identity-card number (%(prefix)s...); identity-card numbers must never be "
              "published", prefix=prefix)


def _id_hint() -> str:
    return tr("remove it; keep such records off the site's content folder")


def _dates(source: SourceFile, values: list[Value]) -> list[Diagnostic]:
    return [source.error_at(path, tr("expected a date from %(earliest)s to %(latest)s, found %(found)s",
                                     earliest=EARLIEST.year, latest=LATEST.year, found=value),
                            field=field_path(path))
            for path, value, _ in values if isinstance(value, date) and not EARLIEST <= value <= LATEST]


def _examples_in_values(source: SourceFile, values: list[Value]) -> list[Diagnostic]:
    return [source.error_at(path, _left_over(example), field=field_path(path), hint=_left_over_hint())
            for path, value, _ in values if isinstance(value, str) and "（" in value
            for example in _examples().findall(value)]


def _examples_in_body(source: SourceFile) -> list[Diagnostic]:
    found = []
    for match in _examples().finditer(source.body) if "（" in source.body else ():
        line, column = _line_and_column(source.body, match.start())
        found.append(Diagnostic(source.location(source.body_line + line - 1, column),
                                _left_over(match.group()), hint=tr("write the notice's text in its place"),
                                source_line=source.line_text(source.body_line + line - 1)))
    return found


def _left_over(example: str) -> str:
    return tr("'%(example)s' is the example text that `noticeboard new` wrote; it would be published as it is",
              example=example)


def _left_over_hint() -> str:
    # Not "the real text": some are choices (a vote's matter), which the comment beside them lists.
    return tr("write what goes there in its place: the comment beside it says what")


@functools.cache
def _examples() -> re.Pattern:
    """The （…） texts that the files `noticeboard new` writes ask to replace."""
    folder = resources.files("generator").joinpath("scaffolds")
    found = {example for file in folder.iterdir() if file.is_file()
             for example in re.findall(r"（[^（）\n]{2,}）", file.read_text(encoding="utf-8"))}
    return re.compile("|".join(map(re.escape, sorted(found, key=len, reverse=True))))


def _phones_in_values(source: SourceFile, numbered: list[Value], public: dict[str, int]) -> list[Diagnostic]:
    return [source.error_at(path, _phone_in_text(number), field=field_path(path),
                            hint=_rename_hint() if "file" in path[-2:] else _phone_hint(number))
            for path, text, reach in numbered if reach and not _phone_field(path)
            for *_, number in find_phone_numbers(text) if public.get(number, NOWHERE) < reach]


def _phone_field(path: tuple) -> bool:
    """A `phone` (or its value, when it has an audience of its own), which is published masked; or a misspelt
    one (`phone_nubmer`), which is reported as an unknown field already: the same number again as "written in
    the text" would only confuse."""
    field = path[-2] if len(path) > 1 and path[-1] == "value" else path[-1] if path else ""
    return str(field).startswith("phone")


def _phones_in_body(source: SourceFile, body_phones: list[tuple[int, int, str]],
                    public: dict[str, int]) -> list[Diagnostic]:
    found = []
    reach = _reach(source.document.data)
    for start, _, number in body_phones:
        if public.get(number, NOWHERE) >= reach:
            continue
        line, column = _line_and_column(source.body, start)
        found.append(Diagnostic(source.location(source.body_line + line - 1, column),
                                _phone_in_text(number), hint=_phone_hint(number),
                                source_line=source.line_text(source.body_line + line - 1)))
    return found


def _written_apart(source: SourceFile, to_html: Callable[[str], str], public: dict[str, int],
                   body_phones: list[tuple[int, int, str]]) -> list[Diagnostic]:
    """Numbers that the published text joins from pieces written apart (139**1234**5678, 139<span>1234...,
    &#49;39...); those written whole are reported at their line already."""
    try:
        shown = _text_shown(to_html(source.body))
    except Unreadable:
        return []  # the notice's check says why
    if number_spans(shown) == number_spans(source.body) and not _ONE_GAP.search(shown):
        return []  # its numbers are written as they are shown: the checks of the text have read them
    reach = _reach(source.document.data)
    phones = {number for *_, number in body_phones}
    pieced_phones = [number for number in dict.fromkeys(number for *_, number in find_phone_numbers(shown))
                     if number not in phones and public.get(number, NOWHERE) < reach]
    # The body's own identity-card numbers matter only when the published text holds some: most often none, as the
    # tel: link of a phone, which sends most notices this far, holds no more than the text.
    pieced_ids = _ids(shown)
    if pieced_ids:
        pieced_ids -= {digits_of(source.body[start:end]) for start, end in find_id_numbers(source.body)}
    if not pieced_phones and not pieced_ids:
        return []
    lines = _digit_lines(source.body)
    found = [Diagnostic(_where(source, lines, number), _phone_written_apart(number), hint=_phone_hint(number))
             for number in pieced_phones]
    return found + [Diagnostic(_where(source, lines, number), tr(
        "an identity-card number (%(prefix)s...) is in the text as published, pieced together from parts written "
        "apart (by Markdown marks, HTML tags or character codes), and would be published in full",
        prefix=id_prefix(number)), hint=_id_hint()) for number in sorted(pieced_ids)]


def _digit_lines(body: str) -> tuple[str, list[int]]:
    """Every digit of `body` in order, also those written as character references (&#49;), with the line
    (counted from 0) each is on."""
    digits, lines = [], []
    for index, line in enumerate(body.splitlines()):
        found = digits_of(html.unescape(line))
        digits.append(found)
        lines += [index] * len(found)
    return "".join(digits), lines


def _where(source: SourceFile, digit_lines: tuple[str, list[int]], number: str) -> Location:
    """The line on which the pieces of `number` (its plain digits) begin, read past the markup between them;
    the body's first line when they cannot be found there."""
    digits, lines = digit_lines
    start = digits.find(number)
    return source.location(source.body_line + (lines[start] if start >= 0 else 0))


# One space or line break between two digits: where YAML or Markdown joined two lines, or anyone split a number.
_ONE_GAP = re.compile(r"(?<=[0-9\uff10-\uff19])(?: |[ \t]*\r?\n[ \t]*)(?=[0-9\uff10-\uff19])")


def _ids(text: str) -> set[str]:
    """The identity-card numbers in `text`, also those split anywhere by a line break (110101⏎199003071234)."""
    return {digits_of(written[start:end]) for written in {text, _ONE_GAP.sub("", text)}
            for start, end in find_id_numbers(written)}


def _text_shown(published: str) -> str:
    """The text a reader sees: a block's end as a paragraph break, a line break as one, other tags as nothing;
    then what the page also gives away in its tags, each as a paragraph: a tooltip (title), a picture's alt
    text, a link's address (tel:%31%33%39... dials a mobile number), their character codes and %-escapes read."""
    text = re.sub(r"<br\s*/?>", "\n", published)
    shown = attachment_text.text_of(re.sub(r"</(?:p|li|td|th|tr|h[1-6]|div|blockquote|pre|dd|dt|caption)>",
                                           "\n\n", text))
    given = [unquote(html.unescape(value)) if name == "href" else html.unescape(value)
             for name, value in _ATTRIBUTE.findall(published)]
    return "\n\n".join([shown, *given])


_ATTRIBUTE = re.compile(r'\s(title|alt|href)="([^"]*)"')




def _phone_written_apart(number: str) -> str:
    if is_mobile(number):
        return tr("a mobile number (%(number)s) is in the text as published, pieced together from parts written "
                  "apart (by Markdown marks, HTML tags or character codes), and would be published in full",
                  number=mask_phone(number))
    return tr("a phone number (%(number)s) is in the text as published, pieced together from parts written apart "
              "(by Markdown marks, HTML tags or character codes), and would be published in full",
              number=mask_phone(number))


def _phone_in_text(number: str) -> str:
    if is_mobile(number):
        return tr("a mobile number (%(number)s) is written in the text, where it would be published in full; phone "
                  "numbers are published masked unless marked public", number=mask_phone(number))
    return tr("a phone number (%(number)s) is written in the text, where it would be published in full; phone "
              "numbers are published masked unless marked public", number=mask_phone(number))


def _phone_in_file(number: str) -> str:
    if is_mobile(number):
        return tr("a mobile number (%(number)s) is written in it, and a file is published as it is, so in full",
                  number=mask_phone(number))
    return tr("a phone number (%(number)s) is written in it, and a file is published as it is, so in full",
              number=mask_phone(number))


def _phone_in_file_hint(number: str) -> str:
    return tr("remove it from the file, or write it masked (%(masked)s); a number everyone may call is allowed when "
              "compound.yaml gives it as a contact's phone with `phone_public: true`", masked=mask_phone(number))


def _rename_hint() -> str:
    return tr("rename the file without it: its name is published")


def _phone_hint(number: str) -> str:
    return tr("if everyone may call it, also give it as a contact's phone with `phone_public: true` in "
              "compound.yaml; otherwise remove it, or write it masked: %(masked)s", masked=mask_phone(number))


def _public_phones(values: list[Value]) -> list[tuple[str, int]]:
    """The phones marked `phone_public: true` anywhere in a file's values, each with how far it reaches."""
    phones = [(path[:-1] + ("phone",), reach) for path, value, reach in values
              if value is True and path[-1:] == ("phone_public",)]
    if not phones:
        return []  # most files: no value is looked up
    by_path = {path: (value, reach) for path, value, reach in values}
    return [(str(by_path[path][0]), min(reach, by_path[path][1])) for path, reach in phones
            if by_path.get(path, ("",))[0]]


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
