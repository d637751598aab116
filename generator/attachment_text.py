"""The text inside a notice's attachment files, so that it is checked like the notice itself.

An attachment is published as it is, so an identity-card number in a list of
names attached as a spreadsheet is as public as one in the notice. Plain text
(UTF-8, UTF-16 or GB18030, as Chinese spreadsheet programs save CSV), PDF
(pypdf, with its metadata, notes on its pages, form fields, bookmarks, attached
files and earlier versions), XLSX (openpyxl: cells, sheet names, comments,
properties; charts, drawings and links from its XML) and DOCX (its XML: body,
headers, footers, notes, comments, properties, drawings, links), with the files
embedded in them, are read. Pictures are not; any other file cannot be checked, and
is `Unreadable`.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import logging
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.messages import tr

TEXT_SUFFIXES = {".txt", ".csv", ".md", ".tsv", ".json", ".yaml", ".yml"}
# Pictures, sound and video: not read (the README says never to attach a photo of an identity card).
PICTURE_SUFFIXES = {".png", ".jpg", ".jpeg", ".jfif", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif",
                    ".avif"}
SOUND_SUFFIXES, VIDEO_SUFFIXES = {".mp3", ".m4a", ".wav", ".amr"}, {".mp4", ".mov", ".m4v"}
MEDIA_SUFFIXES = PICTURE_SUFFIXES | SOUND_SUFFIXES | VIDEO_SUFFIXES
# Never published: validation refuses them. XML too: a browser shows an .xml file in XHTML's namespace as a
# page of the site, and runs its scripts.
RUNS_IN_A_BROWSER = {".html", ".htm", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".svg", ".js", ".mjs"}

Passage = tuple[int, str, str]  # (line in a text file, else 0; where else, like "page 2"; the text)


class Unreadable(Exception):
    """A file that is published as it is, but whose text cannot be read to check it: of a kind that is never
    read, or `damaged` (or locked with a password), though of a kind that is."""

    def __init__(self, message: str, damaged: bool = False, hint: str = ""):
        super().__init__(message)
        self.damaged = damaged
        self.hint = hint


def passages(path: Path) -> list[Passage]:
    """The text of the file, line by line (or page by page, cell by cell); none for a picture, a sound or a
    video."""
    readers = {".pdf": _pdf, ".xlsx": _xlsx, ".docx": _docx}
    suffix = path.suffix.lower()
    if suffix in MEDIA_SUFFIXES or suffix in RUNS_IN_A_BROWSER:
        return []
    if suffix not in TEXT_SUFFIXES and suffix not in readers:
        raise Unreadable(tr("a %(suffix)s file cannot be read", suffix=suffix) if suffix
                         else tr("a file without an extension cannot be read"))
    if suffix in (".xlsx", ".docx") and (unpacked := xml_unpacked(path)) > MAX_XML_UNPACKED:
        raise Unreadable(tr("its text unpacks to %(size)s MB, more than any document holds (a file made to stall "
                            "whatever opens it?)", size=unpacked // 2**20), damaged=True)
    try:
        with _quiet("pypdf"):  # it logs what it finds wrong in a file; the message below says it once
            return _text(path) if suffix in TEXT_SUFFIXES else readers[suffix](path)
    except Unreadable:
        raise
    except Exception as error:  # noqa: BLE001 -- damaged, or locked with a password: whatever the reader says
        raise Unreadable(tr("it could not be read: %(error)s", error=error or type(error).__name__),
                         damaged=True) from None


MAX_XML_UNPACKED = 64 * 2**20  # a workbook of 200,000 cells unpacks to some 20 MB


def xml_unpacked(path: Path) -> int:
    """How many bytes the XML inside a .xlsx or .docx unpacks to, as its archive says (0 when it is no archive,
    which its reader then reports): a megabyte can unpack to a gigabyte, which reading would take all memory for."""
    try:
        with zipfile.ZipFile(path) as archive:
            # The .rels parts too, whose links are read: 400 MB of them in a 1 MB .docx ran check for minutes.
            return sum(member.file_size for member in archive.infolist()
                       if member.filename.endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError):
        return 0


def _text(path: Path) -> list[Passage]:
    text = decoded(path.read_bytes())
    lines = [(number, "", line) for number, line in enumerate(text.splitlines(), start=1)]
    return lines + _read_as_a_table(text, TABLE_SUFFIXES.get(path.suffix.lower()))


def _read_as_a_table(text: str, delimiter: str | None) -> list[Passage]:
    """What a CSV or TSV file's lines do not give, read as the table under the attachment's title shows it, at the
    line each row starts on: a cell broken over lines (Alt+Enter in Excel) whole (139 1111 0101), and a form's row
    of boxes one digit each."""
    if delimiter is None:
        return []
    reader, found = csv.reader(io.StringIO(text), delimiter=delimiter), []
    try:
        for row in reader:
            first_line = reader.line_num - sum(cell.count("\n") for cell in row)
            found += [(first_line, "", whole) for cell in row if (whole := whole_cell(cell)) != cell]
            found += [(first_line, "", boxes) for boxes in _boxes(row)]
    except csv.Error:
        return []
    return found


# Digits on lines of their own in a row, and the pieces a number is broken into to be read: a mobile's 3-4-4 or 7-4,
# an identity card's 6-8-4, 6-12 or 6-4-4-4 (its last character may be X).
_DIGITS_OVER_LINES = re.compile(r"[0-9０-９]+(?:[ \t]*\r?\n[ \t]*[0-9０-９]+)*[XxＸｘ]?")
_PIECES_OF_A_NUMBER = {(3, 4, 4), (7, 4), (6, 8, 4), (6, 12), (6, 4, 4, 4)}


def whole_cell(text: str) -> str:
    """A spreadsheet's cell with a number broken over its lines joined again (110101⏎199003075555, 139⏎1111⏎0101),
    as its cell shows it, broken by Alt+Enter to be read. Other digits a line each are left apart: two phones
    (13912345678⏎13987654321), a room and a phone (3栋302⏎139...), rooms or amounts (1302⏎1502⏎802)."""
    def joined(run: re.Match) -> str:
        pieces = run.group().split()
        return "".join(pieces) if tuple(map(len, pieces)) in _PIECES_OF_A_NUMBER else run.group()
    return _DIGITS_OVER_LINES.sub(joined, text)


def decoded(data: bytes) -> str:
    """A text file's text, in whichever of the encodings Chinese programs save text in it is."""
    try:
        return data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A table larger than this is left to be downloaded: a phone's screen, or a sheet, shows a few hundred cells well.
MOST_ROWS_SHOWN, MOST_COLUMNS_SHOWN = 200, 10


def table_rows(path: Path) -> list[list[str]] | None:
    """The rows of a CSV or TSV file (the first its heading), every row as wide as the widest, blank ones left
    out; None when it is of another kind, has no row under its heading or is too large to show."""
    delimiter = TABLE_SUFFIXES.get(path.suffix.lower())
    if delimiter is None:
        return None
    text = decoded(path.read_bytes())
    if _CONTROL_CHARACTER.search(text):  # no spreadsheet program writes them; no page may show them
        return None
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:  # a cell longer than any a table shows
        return None
    rows = [row for row in rows if any(row)]
    # Above the heading: Excel's line naming the separator (sep=,), and a title in one cell of its own, which
    # the attachment's title, the table's caption, gives.
    while len(rows) > 1 and (rows[0][0].lower().startswith("sep=") and not any(rows[0][1:])
                             or sum(map(bool, rows[0])) == 1 < sum(map(bool, rows[1]))):
        rows = rows[1:]
    width = max((len(row) for row in rows), default=0)
    if len(rows) < 2 or len(rows) > MOST_ROWS_SHOWN + 1 or width > MOST_COLUMNS_SHOWN:
        return None
    return [row + [""] * (width - len(row)) for row in rows]


def _pdf(path: Path) -> list[Passage]:
    from pypdf import PdfReader  # only when a PDF is attached

    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError(tr("it is locked with a password"))
    found = _pages(reader)
    found += _earlier_versions(data, {text for _, _, text in found})
    found += [(0, tr("a bookmark"), title) for title in _bookmarks(reader.outline)]
    found += _embedded({name: content for name, contents in reader.attachments.items()
                        for content in contents[:1]})
    # Notes and comments stuck on a page, and a form's filled-in fields: a PDF viewer shows them too.
    notes = [(number, note.get_object()) for number, page in enumerate(reader.pages, start=1)
             for note in page.get("/Annots") or []]
    found += [(0, tr("a note on page %(number)s", number=number), str(value)) for number, note in notes
              for key in ("/Contents", "/T", "/V") if (value := note.get(key))]
    # And where a link leads (tel:139..., mailto:...): a viewer dials it, or shows it, from words that do not say it.
    found += [(0, tr("a link on page %(number)s", number=number), target) for number, note in notes
              if (target := _link_target(note))]
    found += [(0, tr("its form field %(name)s", name=name), str(field["/V"]))
              for name, field in (reader.get_fields() or {}).items() if field.get("/V")]
    return found + [(0, tr("its %(property)s", property=key.lstrip("/")), str(value))
                    for key, value in (reader.metadata or {}).items()]


def _link_target(note: Any) -> str:
    action = note.get("/A")
    target = action.get_object().get("/URI") if action is not None else None
    return str(target) if target else ""


def _pages(reader: Any, earlier: bool = False) -> list[Passage]:
    return [(0, tr("page %(number)s, %(earlier)s", number=number, earlier=earlier_version()) if earlier else
             tr("page %(number)s", number=number), line) for number, page in enumerate(reader.pages, start=1)
            for line in (page.extract_text() or "").splitlines()]


_END_OF_VERSION = re.compile(rb"%%EOF")


def earlier_version() -> str:
    """How the place of a line that only an earlier version of a PDF keeps ends, in the language the place is in."""
    return tr("in an earlier version the file keeps")


# Deleting it again and saving would add one more version: a new PDF keeps what its pages show now, and no more.
def earlier_version_hint() -> str:
    return tr("its pages no longer show it, but the file keeps what they showed before: print it to a new PDF "
              "(打印 -> 另存为 PDF) and attach that")


def _earlier_versions(data: bytes, lines: set[str]) -> list[Passage]:
    """The lines of the versions a PDF saved over itself keeps (as Acrobat's Save appends the changes): what was
    deleted from its pages is in the file still, for anyone to read. Those of its pages now are not repeated; a
    part that is no whole PDF (a fast web view's first part) is left out."""
    from pypdf import PdfReader

    found = []
    for end in [match.end() for match in _END_OF_VERSION.finditer(data)][:-1]:
        try:
            found += [passage for passage in _pages(PdfReader(io.BytesIO(data[:end])), earlier=True)
                      if passage[2] not in lines]
        except Exception:  # noqa: BLE001,S112 -- not a whole PDF
            continue
    return found


def _bookmarks(outline: list) -> Iterator[str]:
    for item in outline:
        if isinstance(item, list):
            yield from _bookmarks(item)
        else:
            yield str(item.title)


def _embedded_hint() -> str:
    return tr("print it to a new PDF (打印 -> 另存为 PDF), which leaves out what is embedded in it, or attach the "
              "embedded file on its own")


def _embedded(files: dict[str, bytes]) -> list[Passage]:
    """The text of the files embedded in a file (a PDF's attached files, an Office file's objects, as the workbook
    of a Word chart), each read as an attachment is: they are published inside it."""
    found: list[Passage] = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (name, content) in enumerate(files.items()):
            inner = Path(folder) / str(number) / Path(name).name
            inner.parent.mkdir()
            inner.write_bytes(content)
            try:
                found += [(0, tr("%(name)s, a file embedded in it, %(place)s", name=name, place=place) if place
                           else tr("%(name)s, a file embedded in it", name=name), text)
                          for _, place, text in passages(inner)]
            except Unreadable as unreadable:
                raise Unreadable(tr("it holds a file embedded in it, %(name)s, and %(unreadable)s", name=name,
                                    unreadable=unreadable), unreadable.damaged, _embedded_hint()) from None
    return found


def _xlsx(path: Path) -> list[Passage]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        sheet.reset_dimensions()  # read every cell, not only those the file says it has: some write A1 alone
    try:
        rows = [(sheet.title, [cell for cell in row if cell.value is not None and hasattr(cell, "coordinate")])
                for sheet in book.worksheets for row in sheet.iter_rows()]
        cells = [(0, tr("sheet %(sheet)s, cell %(cell)s", sheet=title, cell=cell.coordinate),
                  whole_cell(_cell_text(cell.value)))
                 for title, row in rows for cell in row]  # joined in place: the cell's lines are read nowhere else
        cells += [(0, tr("sheet %(sheet)s, row %(row)s", sheet=title, row=row[0].row), boxes) for title, row in rows
                  for boxes in _boxes([_cell_text(cell.value) for cell in row])]
        names = [(0, tr("a sheet's name"), sheet.title) for sheet in book.worksheets]
    finally:
        book.close()
    return cells + names + _office_extras(path) + _office_embedded(path)


def _cell_text(value: object) -> str:
    """A cell as its digits when it holds a whole number: an identity-card number typed as a number is kept as a
    float, and read as 1.101011990030712e+17 it was never found."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _docx(path: Path) -> list[Passage]:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = _word_paragraphs(xml)
    body = [(0, tr("paragraph %(number)s", number=number), text) for number, text in enumerate(paragraphs, start=1)]
    boxes = [(0, tr("paragraph %(number)s", number=number), joined) for number, joined in _boxed_runs(paragraphs)]
    return body + boxes + _office_extras(path) + _office_embedded(path)


# A form's row of boxes, one digit each (公民身份号码 and 18 boxes; a phone's 11): read one by one, no number is whole.
_FEWEST_BOXES = 11


def _boxes(cells: list[str]) -> list[str]:
    """Each run of `_FEWEST_BOXES` cells or more of one character each in a row, joined by spaces after the cell
    before them when it names a number (公民身份号码, 联系电话). A row of figures a digit each (a month's tonnes
    of water, 电话报修（次）) names none."""
    return [joined for _, joined in _boxed_runs(cells)]


def _boxed_runs(texts: list[str]) -> Iterator[tuple[int, str]]:
    """Each run of `_FEWEST_BOXES` texts or more of one character (a row's cells; Word's table cells, which are
    paragraphs), joined by spaces after the text before it (an empty cell or two apart: a label over merged cells),
    when that names a number; with the run's first text's number, from 1."""
    texts = [text.strip() for text in texts]
    start = None
    for index, text in enumerate([*texts, ""]):
        if len(text) == 1:
            start = index if start is None else start
            continue
        if start is not None and index - start >= _FEWEST_BOXES:
            label = next((before for before in reversed(texts[max(start - 3, 0):start]) if before), "")
            if _NAMES_A_NUMBER.search(label):
                yield start + 1, " ".join([label, *texts[start:index]])
        start = None


# What a form's label for such boxes ends with: 公民身份号码, 联系电话, 手机号; not 电话报修（次）.
_NAMES_A_NUMBER = re.compile(r"(?:号码|电话|手机|手机号|联系方式|身份证号|证件号)[ \u3000:：]*$")


def _office_embedded(path: Path) -> list[Passage]:
    with zipfile.ZipFile(path) as archive:
        return _embedded({name.rpartition("/")[2]: archive.read(name) for name in archive.namelist()
                          if _OFFICE_EMBEDDED.fullmatch(name)})


_OFFICE_EMBEDDED = re.compile(r"(?:word|xl|ppt)/embeddings/[^/]+")


def _word_paragraphs(xml: str) -> list[str]:
    """The text of each paragraph, also of those inside another one (a text box's), and of what follows them."""
    # A line break (Shift+Enter) and a tab set what follows apart, as they do on the page: dropped, they ran a
    # phone into the date after it (13912345678⏎2026年...), and figures a line each into a phone (1302⏎1502⏎802).
    xml = _WORD_BREAK.sub("\n", _WORD_TAB.sub("\t", xml.replace("</w:p>", "\n")))
    return [text for text in text_of(xml).splitlines() if text.strip()]


_WORD_BREAK, _WORD_TAB = re.compile(r"<w:(?:br|cr)\b[^>]*/>"), re.compile(r"<w:tab\b[^>]*/>")
# What an Office file holds beside its body or its cells: (where, the parts, the pieces of each part, or
# None for Word's paragraphs). Made when a file is read, as `where` is said in the language spoken then.
def _extras() -> list[tuple[str, re.Pattern, re.Pattern | None]]:
    return [
        (tr("a header, footer, note or comment"),
         re.compile(r"word/(?:header|footer)\d*\.xml|word/(?:foot|end)notes\.xml|word/comments\.xml"), None),
        (tr("a header or footer"), re.compile(r"xl/worksheets/sheet\d+\.xml"),
         re.compile(r"<(odd|even|first)(Header|Footer)>.*?</\1\2>", re.DOTALL)),
        (tr("a comment"), re.compile(r"xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml"),
         re.compile(r"<comment .*?</comment>", re.DOTALL)),
        (tr("its properties"), re.compile(r"docProps/[^/]+\.xml"), re.compile(r"<[^/>][^>]*>[^<]+</[^>]+>")),
        (tr("a chart or a drawing"), re.compile(r"(?:xl|word)/(?:charts|drawings)/[^/]+\.xml"),
         re.compile(r"<a:t>.*?</a:t>", re.DOTALL)),
        # The words a picture is described by (替换文字), which Word shows in its pane and a screen reader reads out.
        (tr("a picture's description"),
         re.compile(r"word/document\.xml|word/(?:header|footer)\d*\.xml|xl/drawings/[^/]+\.xml"),
         re.compile(r'\b(?:descr|title)="[^"]*"')),
        (tr("a link"), re.compile(r"(?:xl/worksheets|word)/_rels/[^/]+\.rels"), re.compile(r'Target="[^"]*"')),
    ]


def _office_extras(path: Path) -> list[Passage]:
    found = []
    extras = _extras()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            for where, parts, pieces in extras:
                if parts.fullmatch(name):
                    xml = archive.read(name).decode("utf-8")
                    texts = _word_paragraphs(xml) if pieces is None else [text_of(piece.group())
                                                                            for piece in pieces.finditer(xml)]
                    found += [(0, where, text) for text in texts]
    return found


def text_of(xml: str) -> str:
    """The text of a piece of XML or HTML: its tags left out, its character references read."""
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
