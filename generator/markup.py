"""Markdown to safe HTML, configured once.

Raw HTML in content is sanitised (no script, no event handlers, no
`javascript:` URLs, no images or frames from other hosts). A line break inside
a Chinese paragraph is removed, because browsers and WeasyPrint would both show
it as a space.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote

import markdown
import nh3
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from generator.cjk import join_wide_lines
from generator.messages import tr
from generator.model.base import dialled
from generator.privacy import find_phone_numbers
from generator.signoff import sign_off_start

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align", "colspan", "rowspan", "class"},
    "th": {"align", "colspan", "rowspan", "scope", "class"},
    "abbr": {"title"},
    "caption": {"class"},
    "tr": {"class"},
    "div": {"class"},
}
_OWN_CLASSES = {("td", "num"), ("th", "num"), ("div", "table-wrap"), ("caption", "sr-only"), ("tr", "total")}
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class _KeepSignOffLines(Treeprocessor):
    """The lines a text ends with when it is signed (the issuers' names, each on a line of its own, then the
    date) stay lines: joined as the lines of a sentence are, two names would read as one."""

    def run(self, root: etree.Element) -> None:
        last = root[-1] if len(root) and _plain_paragraph(root[-1]) else None
        if last is None:
            return
        if "\n" in _last_lines(last):
            _break(last, max(sign_off_start(_last_lines(last).split("\n")), 1))
        elif not len(last) and len(root) > 1 and _plain_paragraph(root[-2]) and "\n" in _last_lines(root[-2]):
            # The date alone, under a paragraph of the names (a blank line between them, as often written).
            if sign_off_start(_last_lines(root[-2]).split("\n") + [last.text]) == 0:
                _break(root[-2], 1)


def _plain_paragraph(element: etree.Element) -> bool:
    """A paragraph of text and line breaks only (those kept apart by `_LinesKeptApart`: 1、… 2、…)."""
    return element.tag == "p" and bool(element.text) and all(child.tag == "br" for child in element)


def _last_lines(paragraph: etree.Element) -> str:
    """The text after the paragraph's last line break: the lines that may end it with a sign-off."""
    return (paragraph[-1].tail or "").lstrip("\n") if len(paragraph) else paragraph.text or ""


def _break(paragraph: etree.Element, first: int) -> None:
    """The lines after the paragraph's last line break, from `first` on, each after a line break of its own."""
    lines = _last_lines(paragraph).split("\n")
    kept = "\n".join(lines[:first])
    if len(paragraph):
        paragraph[-1].tail = kept
    else:
        paragraph.text = kept
    for line in lines[first:]:
        etree.SubElement(paragraph, "br").tail = line


class _JoinWideLines(Treeprocessor):
    """Each piece of text is joined with the characters around it in reading order, so that a break
    right after **bold** or a [link] is seen between the two Chinese characters it separates."""

    def run(self, root: etree.Element) -> None:
        pieces: list[tuple[etree.Element, str]] = []
        _text_pieces(root, pieces)
        texts = [getattr(element, side) or "" for element, side in pieces]
        befores, afters = _neighbours(texts)
        for (element, side), text, before, after in zip(pieces, texts, befores, afters):
            if "\n" in text:  # the characters around a text matter only beside a break of its own
                joined = join_wide_lines(before + text + after)
                setattr(element, side, joined[len(before):len(joined) - len(after)])


def _neighbours(texts: list[str]) -> tuple[list[str], list[str]]:
    """For each text, the last character of the nearest non-empty text before it, and the first character of the
    nearest one after it ('' for none)."""
    befores, last = [], ""
    for text in texts:
        befores.append(last)
        last = text[-1:] or last
    afters, first = [], ""
    for text in reversed(texts):
        afters.append(first)
        first = text[:1] or first
    return befores, afters[::-1]


def _text_pieces(element: etree.Element, pieces: list[tuple[etree.Element, str]]) -> None:
    """(element, "text" or "tail") in reading order, added to `pieces`, leaving out what is inside <pre> and
    <code>. A list passed down, not generators nested as deep as the tree: each piece went up through all."""
    if element.tag not in ("pre", "code"):
        pieces.append((element, "text"))
        for child in element:
            _text_pieces(child, pieces)
    pieces.append((element, "tail"))


_HEADING = re.compile(r"h[1-6]")


class _FitHeadings(Treeprocessor):
    """The body's top heading level becomes <h2>, under the page's own <h1> title."""

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if _HEADING.fullmatch(e.tag)]
        if not headings:
            return
        shift = 2 - min(int(h.tag[1]) for h in headings)
        for heading in headings:
            heading.tag = f"h{min(int(heading.tag[1]) + shift, 6)}"


class _CaptionTables(Treeprocessor):
    """Give each table a caption for screen readers from the heading or the short lead-in line just before
    it (施工安排如下：). Only for them: that text is shown already, and a visible caption printed it twice. A
    longer paragraph is no name: cut short, it named a table by half a sentence, read out again after the
    whole; the table is then named by its header row."""

    def run(self, root: etree.Element) -> None:
        previous = None
        for element in list(root):
            if element.tag == "table" and previous is not None and element.find("caption") is None:
                caption = etree.Element("caption")
                caption.text = previous
                caption.set("class", "sr-only")
                element.insert(0, caption)
            lead = "".join(element.itertext()).strip().rstrip("：:")
            previous = lead if lead and (_HEADING.fullmatch(element.tag) or (
                element.tag == "p" and len(lead) <= CAPTION_LENGTH)) else None


CAPTION_LENGTH = 30  # a lead-in line longer than this is a paragraph, not a table's name


# A cell that holds a figure: an amount, a count, a share (¥31,590.00, 1,476, 75.5%, 84户, 约 31,600.00).
_FIGURE = re.compile(r"(?:约|共|计)?\s*[¥￥]?[-+]?[0-9][0-9,，]*(?:\.[0-9]+)?\s*(?:%|％|元|户|人|件|次|㎡|平方米)?")
# The first cell of a row that adds up the rows above it.
_TOTAL = re.compile(r"(?:合\s*计|总\s*计|小\s*计|共\s*计|total)[:：]?", re.IGNORECASE)


class _FigureCells(Treeprocessor):
    """Cells that hold a figure are marked `num`: set right, like the finance tables', and never broken
    across lines (31,/590 reads as two numbers); so is the heading of a column of figures. A row of totals
    (合计) is marked `total`, and set as the finance tables set theirs, its first cell the row's heading."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            rows = [list(row) for row in table.iter("tr")]
            for row, cells in zip(table.iter("tr"), rows):
                for cell in cells:
                    if cell.tag == "td" and _FIGURE.fullmatch("".join(cell.itertext()).strip()):
                        cell.set("class", "num")
                if cells and cells[0].tag == "td" and _TOTAL.fullmatch("".join(cells[0].itertext()).strip()):
                    row.set("class", "total")
                    cells[0].tag = "th"  # the row's name, as a screen reader announces each of its figures
                    cells[0].set("scope", "row")
            body = [row for row in rows if row and row[0].tag == "td"]
            for index, heading in enumerate(rows[0] if rows and rows[0][0].tag == "th" else []):
                if body and all(len(row) > index and row[index].get("class") == "num" for row in body):
                    heading.set("class", "num")


def attached_table(title: str, heading: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
                   short_columns: tuple[bool, ...]) -> str:
    """A CSV attachment's table as HTML, its figures and totals marked as a notice's own tables' are. Each cell
    is named by its column (`data-label`): a phone shows a table of more than three columns a card a row. A
    column of a few characters a cell (`short_columns`) is kept on one line."""
    table = etree.Element("table", {"class": "attached cards-on-phones" if len(heading) > 3 else "attached"})
    etree.SubElement(table, "caption").text = title
    heading_row = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for name in heading:
        etree.SubElement(heading_row, "th", {"scope": "col"}).text = name
    body = etree.SubElement(table, "tbody")
    for row in rows:
        cells = etree.SubElement(body, "tr")
        for name, cell, short in zip(heading, row, short_columns):
            attributes = ({"data-label": name} if name else {}) | ({"class": "nowrap"} if short else {})
            etree.SubElement(cells, "td", attributes).text = cell
    _FigureCells().run(table)
    return etree.tostring(table, encoding="unicode", method="html")


class _ScrollingTables(Treeprocessor):
    """Each table in a box of its own, which scrolls sideways when the table is wider than the screen, as
    the site's other tables do."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, table in enumerate(list(parent)):
                if table.tag == "table":
                    box = etree.Element("div", {"class": "table-wrap"})
                    box.tail, table.tail = table.tail, None
                    parent.remove(table)
                    box.append(table)
                    parent.insert(index, box)


class _DialledPhones(Treeprocessor):
    """A phone number written in the text (拨打023-41562219核实) is a link that dials it, as the site's other
    phones are: an elderly reader taps it rather than copy it. Only public numbers are let into a published
    text (`screening`)."""

    def run(self, root: etree.Element) -> None:
        _link_phones(root)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    if sum(map(str.isdigit, text)) < 10:  # fewer than any number it finds has (ten)
        return []
    return [(start, stop) for start, stop, _ in find_phone_numbers(text)]


def _link_phones(element: etree.Element) -> None:
    """Each phone number in the text under `element` in a link; nothing inside a link or code is touched, nor
    a table's caption for screen readers."""
    if element.tag in ("a", "pre", "code", "caption"):
        return
    children = list(element)
    for child in children:
        _link_phones(child)
    element.text, links = _phone_links(element.text)
    for index, link in enumerate(links):
        element.insert(index, link)
    for child in children:
        child.tail, links = _phone_links(child.tail)
        if links:  # where the child is now, after the links put before it
            at = list(element).index(child) + 1
            for index, link in enumerate(links):
                element.insert(at + index, link)


def _phone_links(text: str | None) -> tuple[str | None, list[etree.Element]]:
    """`text` up to its first phone number, and a link for each number with the text after it as its tail."""
    found = _phone_spans(text) if text else []
    if not found:
        return text, []
    links = []
    for index, (start, stop) in enumerate(found):
        link = etree.Element("a", {"href": f"tel:{dialled(text[start:stop])}"})
        link.text = text[start:stop]
        link.tail = text[stop:found[index + 1][0] if index + 1 < len(found) else len(text)]
        links.append(link)
    return text[:found[0][0]], links


def ends_with_table(html: str) -> bool:
    """Whether a text's last block is a table (as `_ScrollingTables` boxes it): a sheet may then break between
    it and what follows."""
    return bool(_ENDS_WITH_TABLE.search(html))


_ENDS_WITH_TABLE = re.compile(r"</table>\s*</div>\s*\Z")


def from_elsewhere(reference: str) -> bool:
    """Whether a link or a picture's address points to another site (or scheme), not to a file beside the text."""
    return bool(_EXTERNAL.match(reference.strip()))


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # Images must be files beside the notice: nothing loaded from other hosts (/\\host/x.png is one to a
    # browser), nor from another folder of the computer into a sheet.
    if tag == "img" and attribute == "src" and not _FILE_BESIDE.fullmatch(
            re.split(r"[?#]", unquote(value.strip()).removeprefix("./"))[0]):
        return None
    if attribute == "class":  # the site's own marks, for figures and tables: nothing else a text could style
        return value if (tag, value) in _OWN_CLASSES else None
    return value


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)


def _join_outside_pre(html: str) -> str:
    # Raw HTML blocks in content skip the tree processors; fix them here too.
    parts = _PRE.split(html)
    return "".join(part if part.lower().startswith("<pre") else join_wide_lines(part) for part in parts)


# The inline patterns python-markdown has, by name, and what each needs to match: \ ` * _ [ ! < & or two
# spaces before a line break. tests/test_markup.py fails when a version of it brings others.
INLINE_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                   "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")
_INLINE_SYNTAX = re.compile(r"[\\`*_\[!<&]|  \n")


class _QuickInline(InlineProcessor):
    """python-markdown tries every inline pattern on every piece of text in turn, with a call or two for
    each; a piece in which none could match (most of a Chinese notice) is left as it is at once. That
    took 30 % off the time of converting the synthetic district's notices, to the same HTML."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N803 -- its name
        if patternIndex == 0 and not _INLINE_SYNTAX.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


# A list item's first line, as python-markdown knows one: its indentation, then its marker and a space.
_LIST_ITEM = re.compile(r" *(?:[-*+]|[0-9]+\.) ")
_NESTED = 2  # an item indented this much more than the one above is in it (CommonMark reads `- ` so)


class _NestedListIndent(Preprocessor):
    """A list's items and paragraphs re-indented by four spaces for each level they are nested at, which
    python-markdown needs: editors (and CommonMark) nest with two or three (`  - 子项`, `   1. 子项`), and
    python-markdown read those as items of the list above, their nesting lost. Lines are only re-indented,
    never added or removed, so that a problem's line is still the line in the file."""

    def run(self, lines: list[str]) -> list[str]:
        markers: list[int] = []  # the indentation of each open item's marker, outermost first
        after_blank = False
        result = []
        for line in lines:
            item = _LIST_ITEM.match(line)
            indent = len(line) - len(line.lstrip(" "))
            if item or (markers and after_blank and line.strip()):
                while markers and indent < markers[-1] + _NESTED:
                    markers.pop()  # an item of an outer list, or a paragraph of an outer item (or of none)
                if item or markers:
                    line = " " * (4 * len(markers)) + line[indent:]
                if item:
                    markers.append(indent)
            after_blank = not line.strip()
            result.append(line)
        return result


# How a line that starts a line of its own begins, as Chinese notices are written and Word and WeChat paste
# them: numbered (1、 2. 3）), with a Chinese numeral (一、 （二）), a circled or bracketed number (① ⑴ ⒈), or a
# bullet (• ● ▪ ■ ◆ ★ ※ ▶ and the like).
_POINT = re.compile(r" {0,3}(?:[0-9]{1,2}(?:[、)）]|[.．](?![0-9]))|[一二三四五六七八九十]{1,3}[、.．]|[(（][0-9一二三四五六七八九十]{1,3}[)）]"
                    r"|[\u2460-\u249b\u2776-\u2793]|[•●○◎◆◇■□▪▫★☆※►▶➤✓✔·])")
# A clause (第三条) or a label with what it labels (时间：11月28日) starts one too, but only after a sentence's end or
# another such line: in prose wrapped by hand, …根据议事规则⏎第3项的规定 and …通知⏎如下：are one sentence.
_CLAUSE_OR_LABEL = re.compile(r" {0,3}(?:第[0-9一二三四五六七八九十百]{1,4}[条项款章节部分]|[\u4e00-\u9fff]{1,6}[：:][ \t]*\S)")
_SENTENCE_END = re.compile(r"[。；！？：:;!?][ \t]*$")
# A list that starts right under a paragraph's line, as CommonMark lets one (its numbers from 1).
_LIST_UNDER_TEXT = re.compile(r" {0,3}(?:[-*+]|1[.)]) \S")
# Not a paragraph's first line; one indented by four spaces is (see _converter).
_NOT_TEXT = re.compile(r" {0,3}(?:[-*+] |[0-9]+[.)] |\||#|>|```|~~~)")
# A table's row at the margin, right under a list's line: not indented under its item, it ends the list.
_ROW_AT_THE_MARGIN = re.compile(r"\|")
_TABLE_OR_HEADING = re.compile(r" {0,3}[|#]|```|~~~")


class _LinesKeptApart(Preprocessor):
    """A paragraph's line that starts as a numbered point, a bullet or a label starts a line of its own, a Markdown
    list or a table right under a paragraph's line is a list or a table (a table at the margin right under a list's
    too), and a line of text right under a table is a paragraph: python-markdown joined the first ones to the line
    above (1、第一条2、第二条, 时间：…地点：…, 说明：- 甲- 乙) and showed the tables as their text. Lines are never added or removed,
    so that a problem's line is still the line in the file: a paragraph or a table is ended by a line break added to
    its last line."""

    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        # In a paragraph's lines; in those or a list's; in a table's; in a ``` block; the line above stood apart.
        in_paragraph = in_text = in_table = fenced = apart = in_list = False
        in_row = re.compile(r" {0,3}\|").match
        for line in lines:
            point, clause = bool(_POINT.match(line)), bool(_CLAUSE_OR_LABEL.match(line))
            own = point or clause and (apart or bool(result) and bool(_SENTENCE_END.search(result[-1])))
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif (in_paragraph and (_LIST_UNDER_TEXT.match(line) or in_row(line)
                                    or in_list and _LIST_ITEM.match(line))) or (
                    in_table and line.strip() and not in_row(line)) or (
                    in_text and not in_paragraph and not in_table and _ROW_AT_THE_MARGIN.match(line)):
                result[-1] += "\n"
            elif in_text and own and not result[-1].endswith("  ") and (
                    in_paragraph or not _LIST_ITEM.match(line)):  # a list's next item is one already
                result[-1] = result[-1].rstrip() + "  "
            apart = own or (point or clause) and not in_text  # standing apart, or first in its paragraph
            starts_block = not in_text  # else it goes on with the paragraph, or the list item, above
            # In a list until a paragraph at the margin: its items' paragraphs are indented (1. 甲⏎⏎    续⏎2. 乙).
            in_list = bool(_LIST_ITEM.match(line)) or in_list and not (line[:1].strip() and starts_block)
            in_table = not fenced and in_row(line)
            in_text = not fenced and bool(line.strip()) and not _TABLE_OR_HEADING.match(line)
            in_paragraph = in_text and (not (_NOT_TEXT.match(line) or _LIST_ITEM.match(line)) if starts_block
                                        else in_paragraph) and not _LIST_UNDER_TEXT.match(line)
            result.append(line)
        return result


def _converter() -> markdown.Markdown:
    # fenced_code: text laid out as written between ``` lines (a table of readings typed with spaces); without
    # it, its lines were joined into one paragraph.
    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    # Searched for every element written out, and for each line of raw HTML: as a list, all fifty were compared.
    converter.block_level_elements = frozenset(converter.block_level_elements)
    # After tabs are expanded (normalize_whitespace, 30) and raw HTML set aside (html_block, 20).
    converter.preprocessors.register(_LinesKeptApart(converter), "lines_kept_apart", 16)
    converter.preprocessors.register(_NestedListIndent(converter), "nested_list_indent", 15)
    # Text indented by four spaces is a paragraph with its first line indented, as Chinese is written, not
    # code: shown as code, it ran off the phone's screen in a typewriter face, its **bold** shown as typed.
    converter.parser.blockprocessors.deregister("code")
    converter.treeprocessors.register(_QuickInline(converter), "inline", 20)  # in place of python-markdown's own
    # After inline processing (priority 20), so text nodes are final.
    converter.treeprocessors.register(_KeepSignOffLines(converter), "keep_sign_off_lines", 6)
    converter.treeprocessors.register(_JoinWideLines(converter), "join_wide_lines", 5)
    converter.treeprocessors.register(_FitHeadings(converter), "fit_headings", 4)
    converter.treeprocessors.register(_CaptionTables(converter), "caption_tables", 3)
    converter.treeprocessors.register(_FigureCells(converter), "figure_cells", 2)
    converter.treeprocessors.register(_ScrollingTables(converter), "scrolling_tables", 1)
    converter.treeprocessors.register(_DialledPhones(converter), "dialled_phones", 0)
    return converter


class Unreadable(Exception):
    """A text that python-markdown cannot read, or not in reasonable time; the message says why."""


# Python-markdown reads these in a time that grows with their square: 20,000 '[' left open took 40 s, and as many
# tags left open two minutes. A notice's text has a few dozen.
MOST_BRACKETS, MOST_UNCLOSED_TAGS = 2000, 1000


class Markup:
    """A reusable Markdown converter (python-markdown instances are stateful)."""

    def __init__(self) -> None:
        self._md = _converter()

    def to_html(self, source: str) -> str:
        """The text as HTML, cleaned; raises Unreadable for a text it cannot read."""
        _refuse_endless(source)
        try:
            html = self._md.reset().convert(source)
        except RecursionError:  # it reads nested blocks by recursion
            self._md = _converter()  # this one stopped half-way, and reset() does not undo all it left behind
            raise Unreadable(tr("the text nests lists or quotes hundreds of levels deep, more than can be read; "
                                "expected a few levels at most")) from None
        return nh3.clean(
            _join_outside_pre(html),
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            attribute_filter=_keep_attribute,
            link_rel="noopener noreferrer",
        )


def _refuse_endless(source: str) -> None:
    """Only what is slow is counted: a '[' no ']' closes, and a tag ('<' and a letter, '/' or '!') no '>' ends; a
    list of a thousand [3号楼] and a table of a thousand rows are read in a moment, as is 用水量<5吨."""
    brackets, unclosed = source.count("[") - source.count("]"), len(_TAG_START.findall(source)) - source.count(">")
    if brackets > MOST_BRACKETS:
        raise Unreadable(tr("the text opens %(count)s more '[' than it closes with ']', which would take minutes to "
                            "read; a notice's text has a few dozen at most: was a whole file pasted in?",
                            count=format(brackets, ",")))
    if unclosed > MOST_UNCLOSED_TAGS:
        raise Unreadable(tr("the text opens %(count)s more tags with '<' than it closes with '>', which would take "
                            "minutes to read; a notice's text has a few dozen at most: was a whole file pasted in?",
                            count=format(unclosed, ",")))


_TAG_START = re.compile(r"<[A-Za-z/!]")


# The ways a Markdown text shows a picture: ![text](file "title") or ![text](<file name>); <img src="file">;
# and by a label, ![text][label], ![label][] or ![label], with the label defined on a line of its own.
# A link to a file beside the notice: a name with an extension, no folder, scheme or fragment.
_INLINE_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))")
_HTML_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_FILE_BESIDE = re.compile(r"[^/\\:#?]+\.[A-Za-z0-9]{1,5}")


def file_links(text: str) -> list[tuple[int, int, str]]:
    """The files beside the notice that a Markdown text links to: (line, column, file name), both counted
    from 1, as `picture_references` gives pictures."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        links = [(match.start(), match.group(1) if match.group(1) is not None else match.group(2))
                 for match in _INLINE_LINK.finditer(line)]
        links += [(match.start(), match.group(1)) for match in _HTML_LINK.finditer(line)]
        found += [(number, start + 1, name) for start, target in links
                  if _FILE_BESIDE.fullmatch(name := unquote(target.strip()).removeprefix("./"))]
    return sorted(found)


_INLINE_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))")
# A quoted value is read whole: alt=">" ends no tag, and must not hide the src after it.
# Up to the next '<' at most: 20,000 '<img ' without a '>' were read again from each, which took minutes.
_HTML_PICTURE = re.compile(r"<img\b(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_LABELLED_PICTURE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\]|(?![(\[]))")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(?:<([^>]*)>|(\S+))", re.MULTILINE)


def picture_references(text: str) -> list[tuple[int, int, str]]:
    """The pictures a Markdown text shows: (line, column, as referred to), both counted from 1; `./` and
    %-escapes are undone, so that the reference is a file's name or a web address."""
    defined = {match.group(1).strip().lower(): match.group(2) or match.group(3) for match in _DEFINITION.finditer(text)}
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _INLINE_PICTURE.finditer(line):
            found.append((number, match.start() + 1, match.group(1) if match.group(1) is not None else match.group(2)))
        for match in _LABELLED_PICTURE.finditer(line):
            label = (match.group(2) or match.group(1)).strip().lower()
            if label in defined:
                found.append((number, match.start() + 1, defined[label]))
    # A tag may run over lines (<img⏎src="scan.png">): read in the whole text, or it went unchecked, and the sheet
    # printed a file that was never listed.
    for match in _HTML_PICTURE.finditer(text):
        start = match.start()
        found.append((text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start), match.group(1)))
    return sorted((line, column, unquote(reference.strip()).removeprefix("./")) for line, column, reference in found)
