"""The text inside a notice's attachment files, so that it is checked like the notice itself.

An attachment is published as it is, so an identity-card number in a list of
names attached as a spreadsheet is as public as one in the notice. Plain text
(UTF-8 or GB18030, as Chinese spreadsheet programs save CSV), PDF (pypdf),
XLSX (openpyxl) and DOCX (its XML) are read; pictures and other files are not.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".csv", ".md", ".tsv", ".json"}

Passage = tuple[int, str, str]  # (line in a text file, else 0; where else, like "page 2"; the text)


def passages(path: Path) -> list[Passage]:
    """The text of the file, line by line (or page by page, cell by cell); none for files not read."""
    readers = {".pdf": _pdf, ".xlsx": _xlsx, ".docx": _docx}
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return _text(path)
        return readers[suffix](path) if suffix in readers else []
    except Exception:  # noqa: BLE001 -- a damaged file is published as it is; WeasyPrint or the reader's app says so
        return []


def _text(path: Path) -> list[Passage]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return [(number, "", line) for number, line in enumerate(text.splitlines(), start=1)]


def _pdf(path: Path) -> list[Passage]:
    from pypdf import PdfReader  # only when a PDF is attached

    return [(0, f"page {number}", line) for number, page in enumerate(PdfReader(path).pages, start=1)
            for line in (page.extract_text() or "").splitlines()]


def _xlsx(path: Path) -> list[Passage]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(0, f"sheet {sheet.title}, cell {cell.coordinate}", str(cell.value))
                for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
                if cell.value is not None and hasattr(cell, "coordinate")]
    finally:
        book.close()


def _docx(path: Path) -> list[Passage]:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
    return [(0, f"paragraph {number}", "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)))
            for number, paragraph in enumerate(paragraphs, start=1)]
