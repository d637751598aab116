"""Reading YAML and front matter exactly, with the line of every value.

Numbers stay exact (decimals become Decimal, never float), YAML 1.1 surprises
are switched off (`no` stays text, `0236...` stays a phone number, `9:30` stays
a time of day), and every key path maps to its line so that validation errors
can point at the source. Reads text only; knows nothing of the content model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from collections.abc import Iterator
from typing import Any

import yaml

from generator.cjk import join_folded_lines, join_folded_wide
from generator.messages import tr

KeyPath = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")
_BOOL = re.compile(r"^(true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# libyaml's parser is several times faster than PyYAML's own; the rules below are the same for both.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ExactLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader with only unsurprising implicit types."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's rules for a plain scalar, without its search for path resolvers (this loader has
        none): libyaml calls this for every value."""
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return tag
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", _BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _DECIMAL, list("-+0123456789")),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", _DATE, list("0123456789")),
]:
    _ExactLoader.add_implicit_resolver(_tag, _pattern, _first)


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = loader.construct_scalar(node)
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # `!!float .inf` stays text so the model reports "expected an amount"


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except (ValueError, IndexError):  # thousands of digits, `!!int x`, or `!!int` and nothing: PyYAML reads past it
        return loader.construct_scalar(node)  # the model says what it expected


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool | str:
    try:
        return yaml.SafeLoader.construct_yaml_bool(loader, node)
    except KeyError:  # `!!bool x`, or `!!bool` and nothing
        return loader.construct_scalar(node)


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> date | str:
    text = loader.construct_scalar(node)
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text  # 2025-02-30 stays text so the model reports "expected a date"


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    folded = node.style in (None, "", ">") and node.end_mark.line > node.start_mark.line  # "" is plain in libyaml
    return _unfolded(text, node, loader.source) if folded else text


def _unfolded(text: str, node: yaml.ScalarNode, source: str) -> str:
    """A folded text with no space where a line break of the source was beside Chinese. Rebuilt from the
    source lines when YAML simply joined them; else (blank or more-indented lines) its spaces between
    Chinese characters are removed."""
    lines = source[node.start_mark.index:node.end_mark.index].split("\n")[1 if node.style == ">" else 0:]
    lines = [line.strip() for line in lines if line.strip()]
    body = text.rstrip("\n")
    if " ".join(lines) != body:
        return join_folded_wide(text)
    return join_folded_lines(lines) + text[len(body):]


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_ExactLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_ExactLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_ExactLoader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_ExactLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


class Mark(tuple):
    """A line and a column, both 1-based. A tuple, made without a call to Python code: a build notes hundreds of
    thousands of them, and reads a few."""

    __slots__ = ()
    line = property(itemgetter(0))
    column = property(itemgetter(1))


@dataclass
class YamlDocument:
    """Parsed data plus where each key path starts in the file."""

    data: Any
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    duplicate_keys: list[tuple[KeyPath, Mark]] = field(default_factory=list)
    # Items of a [...] list with a full-width comma or 、 in them: [停水停电，安全提示] is one item, not two.
    wide_comma_items: list[KeyPath] = field(default_factory=list)
    # Texts written without quotes and cut short by a '#' (title: 停水通知 #2栋): YAML read the rest as a comment.
    cut_by_comment: list[KeyPath] = field(default_factory=list)

    def __getstate__(self) -> dict[str, Any]:
        # The marks as their paths, lines and columns apart, which pickle writes with no call for each: `memo`
        # keeps every file's document, and took twice as long with the marks as they are.
        marks = self.marks.values()
        return {**self.__dict__, "marks": (list(self.marks), list(map(itemgetter(0), marks)),
                                           list(map(itemgetter(1), marks)))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        paths, lines, columns = state["marks"]
        self.__dict__.update(state, marks=dict(zip(paths, map(Mark, zip(lines, columns)))))

    def mark_for(self, path: KeyPath) -> Mark | None:
        """The mark of the path, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:end]))
            if mark:
                return mark
        return None


class YamlSyntaxError(Exception):
    """The text is not valid YAML; carries the position PyYAML reported. `more`: the typing mistakes after it
    that are mistakes whatever comes before them (a full-width colon, a tab), each (line, column, hint): the
    parser stops at the first, and a secretary who typed one with a Chinese input method typed several."""

    def __init__(self, problem: str, line: int, column: int, hint: str = "",
                 more: list[tuple[int, int, str]] | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column
        self.hint = hint
        self.more = more or []


def parse_yaml(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document; line_offset shifts marks (for front matter)."""
    loader = _ExactLoader(text)
    loader.source = text  # for folded texts, which are joined again from their lines
    document = YamlDocument(None)
    try:
        node = loader.get_single_node()
        if node is not None:
            document.data = _Reader(loader, document, line_offset, "&" in text, "#" in text).read(node, ())
    except yaml.reader.ReaderError as exc:
        # libyaml gives the position in bytes of UTF-8, which each Chinese character before it puts off by two;
        # the character itself is not allowed anywhere, so its first place is where it is.
        position = text.find(chr(exc.character))
        position = exc.position if position < 0 else position
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        problem = tr("control character U+%(code)s is not allowed in YAML", code=format(exc.character, "04X"))
        raise YamlSyntaxError(problem, line + line_offset, column, tr(
            "it is invisible in most editors and often comes with pasted text: delete it, or retype the text around "
            "it")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        up_to = (mark.line + 1) if mark else len(text.splitlines())
        typo = _no_colon(exc, text) or _typing_mistake(text, up_to) or _misindented(text.splitlines(), up_to)
        if typo:  # where the parser lost its way is usually a line or two after it
            (line, column), hint = typo
            line += line_offset
        else:
            lines = text.splitlines()
            hint = _quoting_hint(lines[mark.line]) if mark and mark.line < len(lines) else ""
            hint = hint or _hint(exc, line_offset)
        more = [(number + line_offset, at, what) for (number, at), what in _typing_mistakes(text)
                if number + line_offset > line]
        raise YamlSyntaxError(_describe(exc), line, column, hint, more) from None
    finally:
        loader.dispose()
    return document


_WIDE_COMMA = re.compile("[，、]")
# `{period: 2026-Q3，received: 14}`: a full-width comma before a key inside braces does not end the field.
_WIDE_COMMA_BEFORE_KEY = re.compile(r"\{.*?(，)[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*:")
# Keys are plain ASCII words: one followed by a full-width colon was typed with a Chinese input method on.
_WIDE_COLON_KEY = re.compile(r"^[ \t]*(?:- +)?[A-Za-z_][A-Za-z0-9_]*[ \t]*(：)")
_WIDE_OR_TAB_INDENT = re.compile(r"^ *([\t\u3000])")
# `households:436`: without the space after the colon YAML reads the whole line as one text, and stumbles later.
_NO_SPACE_AFTER_COLON = re.compile(r"^[ \t]*(?:- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)(:)(?P<value>[^\s:/].{0,20})")
# `income: []` (the template's empty list) left in place when the items were written under it.
_EMPTY_THEN_ITEMS = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*): *(?P<empty>\[\]|\{\}) *(?:#.*)?$")


# `district 测试区`: a key and its value with no colon between, which YAML reports on the line after.
_KEY_WITHOUT_COLON = re.compile(r"^[ \t]*(?:- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?P<value>[^\s:#][^:]*)$")


def _no_colon(exc: yaml.MarkedYAMLError, text: str) -> tuple[tuple[int, int], str] | None:
    """The line a key was started on that has no colon after it: YAML only notices on the next line, as the
    start of a key that does not end (a simple key), or as a text going on there that meets a colon."""
    lines = text.splitlines()
    if exc.problem == "could not find expected ':'" and exc.context_mark:
        number = exc.context_mark.line
    elif (exc.problem or "").startswith("mapping values are not allowed") and exc.problem_mark:
        before = [n for n in range(exc.problem_mark.line) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
        number = before[-1] if before else -1
    else:
        return None
    missing = _KEY_WITHOUT_COLON.match(lines[number]) if 0 <= number < len(lines) else None
    if not missing:
        return None
    return (number + 1, missing.end("key") + 1), tr("a colon is missing after the key: write %(key)s: %(value)s",
                                                    key=missing["key"], value=missing["value"].strip())


def _ends_value(value: str) -> bool:
    """Whether a key's value written on its line is whole there: a list or mapping in brackets, or a text in
    quotes, is; a plain text may go on, on the lines under it."""
    return value.startswith(("[", "{", '"', "'"))


def _typing_mistake(text: str, up_to: int) -> tuple[tuple[int, int], str] | None:
    """The first line up to line `up_to` with a mistake that Chinese keyboards and word processors make,
    with its position and what to do about it."""
    return next((found for found in _typing_mistakes(text) if found[0][0] <= up_to), None)


def _typing_mistakes(text: str) -> Iterator[tuple[tuple[int, int], str]]:
    """Each line with a mistake that Chinese keyboards and word processors make, with its position and what
    to do about it; not the lines of a text that goes on under its key (written under it with | or >, or
    carried on from its line), where 　　 may begin a paragraph and 注意：may begin a sentence."""
    lines = text.splitlines()
    for number, line, _ in _outside_texts(lines):
        empty = _EMPTY_THEN_ITEMS.match(line)
        colon = _WIDE_COLON_KEY.match(line)
        wide_comma = _WIDE_COMMA_BEFORE_KEY.search(line)
        cramped = _NO_SPACE_AFTER_COLON.match(line)
        indent = _WIDE_OR_TAB_INDENT.match(line)
        if empty and _items_follow(lines[number:], empty.start("key")):
            yield (number, empty.start("empty") + 1), tr("'%(empty)s' says this is empty, but items are written "
                                                         "under it: remove it", empty=empty.group("empty"))
        elif colon:
            yield (number, colon.start(1) + 1), tr("the key is followed by a full-width colon '：'; YAML needs the "
                                                   "ASCII colon ':' and a space after it")
        elif wide_comma:
            yield (number, wide_comma.start(1) + 1), tr("inside {…} the fields are separated by the ASCII comma ','; "
                                                       "this one is the full-width '，'")
        elif cramped:
            yield (number, cramped.start(2) + 1), tr("put a space after the colon: %(key)s: %(value)s",
                                                     key=cramped["key"], value=cramped["value"])
        elif indent:
            yield (number, indent.start(1) + 1), (tr("the line is indented with a tab; indent with spaces only")
                                                  if indent.group(1) == "\t" else
                                                  tr("the line is indented with a full-width space; indent with "
                                                     "spaces only"))


# A line that starts a key: `  name: value`, `- name: value`, or `name:` opening a block; with its value, if any.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?[A-Za-z_][A-Za-z0-9_]*[ \t]*:(?:[ \t]+(?P<value>[^#\s][^#]*?))?"
                       r"[ \t]*(?:#.*)?$")
_BLOCK_TEXT = re.compile(r"[>|][-+0-9]*")  # a value that is a text written on the lines under its key


def _outside_texts(lines: list[str]) -> Iterator[tuple[int, str, re.Match | None]]:
    """Each line (numbered from 1) with its key, if it starts one; but not the lines of a text that goes on under
    its key, written under it with | or >, or carried on from the key's line. A key indented under a plain text
    is a key misplaced, not the text's: it is not left out."""
    text_under, plain = -1, False  # the column of the key whose text the lines below are, and how it is written
    for number, line in enumerate(lines, start=1):
        key = _KEY_LINE.match(line)
        inside = text_under >= 0 and (not line.strip() or len(line) - len(line.lstrip(" ")) > text_under)
        if inside and not (plain and key):
            continue
        text_under = -1
        if key and key["value"] and (_BLOCK_TEXT.fullmatch(key["value"]) or not _ends_value(key["value"])):
            text_under = len(key["indent"]) + len(key["dash"] or "")
            plain = not _BLOCK_TEXT.fullmatch(key["value"])
        yield number, line, key


def _misindented(lines: list[str], up_to: int) -> tuple[tuple[int, int], str] | None:
    """The first key up to line `up_to` indented where no mapping is: deeper than a key that has its value, or
    back to a column between two levels. YAML only says that it lost its way, often a line or two later."""
    columns: list[int] = []  # where the keys of the mappings this line may belong to start, outermost first
    last, last_column, opens = 0, 0, False  # the last key's line and column, and whether it opened a block
    for number, _, key in _outside_texts(lines[:up_to]):
        if not key:
            continue
        column = len(key["indent"]) + len(key["dash"] or "")
        if columns and column > columns[-1] and not (opens or key["dash"]):
            return (number, column + 1), tr("this key is indented more than the one on line %(line)s, which has its "
                                            "value already: the keys of one mapping start in the same column",
                                            line=last)
        while columns and columns[-1] > column:
            columns.pop()
        if columns and columns[-1] < column < last_column:
            return (number, column + 1), tr("this key is indented less than the one on line %(line)s but more than "
                                            "the mapping it belongs to: the keys of one mapping start in the same "
                                            "column", line=last)
        if not columns or columns[-1] < column:
            columns.append(column)
        last, last_column, opens = number, column, key["value"] is None
    return None


def _items_follow(lines: list[str], indent: int) -> bool:
    """Whether the next line with something on it is a list item or a key, indented more than `indent` (or a
    list item as indented as it)."""
    following = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    depth = len(following) - len(following.lstrip(" "))
    return depth > indent or (depth == indent and following.lstrip().startswith("- "))


def _describe(exc: yaml.MarkedYAMLError) -> str:
    said = exc.problem or exc.context
    return _in_our_words(said) if said else tr("not valid YAML")


def _in_our_words(said: str) -> str:
    """libyaml's or PyYAML's English words for a problem, in the language spoken (in English: the same words);
    words of theirs not known here as they are."""
    if said in (known := _parser_words()):
        return known[said]
    if tag := re.fullmatch(r"could not determine a constructor for the tag (.+)", said):
        return tr("could not determine a constructor for the tag %(tag)s", tag=tag[1])
    if node := re.fullmatch(r"(?P<expected>expected a [a-z0-9 ]+), but found (?P<found>\w+)", said):
        found = _node_words().get(node["found"], node["found"])
        if node["expected"] == "expected a scalar node":
            return tr("expected a scalar node, but found %(found)s", found=found)
        if node["expected"] == "expected a sequence node":
            return tr("expected a sequence node, but found %(found)s", found=found)
        if node["expected"] == "expected a mapping node":
            return tr("expected a mapping node, but found %(found)s", found=found)
        if node["expected"] == "expected a sequence":  # an ordered map's or pairs' (!!omap, !!pairs)
            return tr("expected a sequence, but found %(found)s", found=found)
        if node["expected"] == "expected a mapping of length 1":
            return tr("expected a mapping of length 1, but found %(found)s", found=found)
    if base64 := re.fullmatch(r"failed to (?P<what>decode base64 data|convert base64 data into ascii): (?P<why>.*)",
                              said, re.DOTALL):
        return tr("failed to decode base64 data: %(reason)s", reason=base64["why"]) \
            if base64["what"].startswith("decode") else \
            tr("failed to convert base64 data into ascii: %(reason)s", reason=base64["why"])
    return said


def _node_words() -> dict[str, str]:
    """The kinds of YAML node, as PyYAML names the one it found."""
    return {"scalar": tr("scalar"), "sequence": tr("sequence"), "mapping": tr("mapping")}


def _parser_words() -> dict[str, str]:
    """What libyaml (and PyYAML's composer and constructor) say of a problem, in the language spoken: their words
    are English, and the keys here, as they say them."""
    return {
        "block sequence entries are not allowed in this context":
            tr("block sequence entries are not allowed in this context"),
        "but found another document": tr("but found another document"),
        "could not find expected ':'": tr("could not find expected ':'"),
        "could not find expected directive name": tr("could not find expected directive name"),
        "did not find URI escaped octet": tr("did not find URI escaped octet"),
        "did not find expected '!'": tr("did not find expected '!'"),
        "did not find expected ',' or ']'": tr("did not find expected ',' or ']'"),
        "did not find expected ',' or '}'": tr("did not find expected ',' or '}'"),
        "did not find expected '-' indicator": tr("did not find expected '-' indicator"),
        "did not find expected <document start>": tr("did not find expected <document start>"),
        "did not find expected alphabetic or numeric character":
            tr("did not find expected alphabetic or numeric character"),
        "did not find expected comment or line break": tr("did not find expected comment or line break"),
        "did not find expected digit or '.' character": tr("did not find expected digit or '.' character"),
        "did not find expected hexdecimal number": tr("did not find expected hexdecimal number"),
        "did not find expected key": tr("did not find expected key"),
        "did not find expected node content": tr("did not find expected node content"),
        "did not find expected tag URI": tr("did not find expected tag URI"),
        "did not find expected version number": tr("did not find expected version number"),
        "did not find expected whitespace": tr("did not find expected whitespace"),
        "did not find expected whitespace or line break": tr("did not find expected whitespace or line break"),
        "did not find the expected '>'": tr("did not find the expected '>'"),
        "exceeded maximum nesting depth": tr("exceeded maximum nesting depth"),
        "found a tab character that violates indentation": tr("found a tab character that violates indentation"),
        "found a tab character where an indentation space is expected":
            tr("found a tab character where an indentation space is expected"),
        "found an indentation indicator equal to 0": tr("found an indentation indicator equal to 0"),
        "found character that cannot start any token": tr("found character that cannot start any token"),
        "found duplicate %TAG directive": tr("found duplicate %TAG directive"),
        "found duplicate %YAML directive": tr("found duplicate %YAML directive"),
        "found extremely long version number": tr("found extremely long version number"),
        "found incompatible YAML document": tr("found incompatible YAML document"),
        "found invalid Unicode character escape code": tr("found invalid Unicode character escape code"),
        "found undefined alias": tr("found undefined alias"),
        "found undefined tag handle": tr("found undefined tag handle"),
        "found unexpected ':'": tr("found unexpected ':'"),
        "found unexpected document indicator": tr("found unexpected document indicator"),
        "found unexpected end of stream": tr("found unexpected end of stream"),
        "found unexpected non-alphabetical character": tr("found unexpected non-alphabetical character"),
        "found unhashable key": tr("found unhashable key"),
        "found unknown directive name": tr("found unknown directive name"),
        "found unknown escape character": tr("found unknown escape character"),
        "mapping keys are not allowed in this context": tr("mapping keys are not allowed in this context"),
        "mapping values are not allowed in this context": tr("mapping values are not allowed in this context"),
        "second occurrence": tr("second occurrence"),  # of an anchor (&name) written twice
    }


_KEY_AND_TEXT = re.compile(r"^[ \t]*(?:- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):[ \t]+(?P<text>[^#\s].*?)[ \t]*$")
# How a text that YAML reads as something else begins: a list, a mapping, a quote that ends before the text
# does, an alias, anchor or tag, or a character YAML keeps for itself.
_NOT_PLAIN_TEXT = re.compile(r"""\[.*\]\S|\{.*\}\S|"[^"]*"[^\s"]|'[^']*'[^\s']|[*&!@`%|>]""")


def _quoting_hint(line: str) -> str:
    """For a line `key: text` that YAML cannot read as written (通知: 明天停水, [紧急]停水通知, "停水"通知,
    @全体业主), the same line with the text in quotes."""
    written = _KEY_AND_TEXT.match(line)
    if not written:
        return ""
    text = written.group("text")
    if not (_NOT_PLAIN_TEXT.match(text) or ": " in text):
        return ""
    quoted = "'" + text.replace("'", "''") + "'"
    if len(quoted) > _HINT_TEXT:  # a summary of 2,000 characters: its start shows where the quotes go
        quoted = quoted[:_HINT_TEXT - 2] + "…'"
    if _NOT_PLAIN_TEXT.match(text):
        return tr("a text that starts with %(start)s as this one does must be in quotes: %(line)s",
                  start=repr(text[0]), line=line[:written.start("text")] + quoted)
    return tr("a text with ': ' in it must be in quotes: %(line)s", line=line[:written.start("text")] + quoted)


_HINT_TEXT = 60


def _hint(exc: yaml.MarkedYAMLError, line_offset: int) -> str:
    """Where the construct the parser was inside began: usually the real mistake."""
    start, end = exc.context_mark, exc.problem_mark
    if exc.problem == "but found another document":  # a notice's --- lines, copied around a YAML file's text
        return tr("a line of --- divides a file into documents, and this file is one: delete the --- lines (only a "
                  "notice's .md file has them, around its front matter)")
    if not (exc.context and start and end) or start.line == end.line:
        return ""
    what = _doing_words().get(exc.context, exc.context.removeprefix("while "))
    return tr("this started on line %(line)s (%(what)s); a bracket, brace or quote there may not be closed",
              line=start.line + 1 + line_offset, what=what)


def _doing_words() -> dict[str, str]:
    """What libyaml (and PyYAML's composer and constructor) was doing when it lost its way, their English words
    the keys, as a hint says it in the language spoken."""
    return {
        "while parsing a flow sequence": tr("reading the list opened by '['"),
        "while parsing a flow mapping": tr("reading the mapping opened by '{'"),
        "while scanning a quoted scalar": tr("reading the text opened by a quote"),
        "while parsing a %TAG directive": tr("parsing a %TAG directive"),
        "while parsing a block collection": tr("parsing a block collection"),
        "while parsing a block mapping": tr("parsing a block mapping"),
        "while parsing a block node": tr("parsing a block node"),
        "while parsing a flow node": tr("parsing a flow node"),
        "while parsing a node": tr("parsing a node"),
        "while parsing a quoted scalar": tr("parsing a quoted scalar"),
        "while parsing a tag": tr("parsing a tag"),
        "while parsing a tag directive": tr("parsing a tag directive"),
        "while scanning a %TAG directive": tr("scanning a %TAG directive"),
        "while scanning a %YAML directive": tr("scanning a %YAML directive"),
        "while scanning a block scalar": tr("scanning a block scalar"),
        "while scanning a directive": tr("scanning a directive"),
        "while scanning a plain scalar": tr("scanning a plain scalar"),
        "while scanning a simple key": tr("scanning a simple key"),
        "while scanning a tag": tr("scanning a tag"),
        "while scanning a tag directive": tr("scanning a tag directive"),
        "while scanning an alias": tr("scanning an alias"),
        "while scanning an anchor": tr("scanning an anchor"),
        "while scanning for the next token": tr("scanning for the next token"),
        "while increasing block level": tr("increasing block level"),
        "while increasing flow level": tr("increasing flow level"),
        "while constructing a mapping": tr("constructing a mapping"),
        "while constructing an ordered map": tr("constructing an ordered map"),
        "while constructing pairs": tr("constructing pairs"),
        "found duplicate anchor; first occurrence": tr("found duplicate anchor; first occurrence"),
    }


_PLAIN = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# A comment right after a text, its '#' before a word (#2栋, #101室) as a number is written, not a note ('# ...').
_COMMENT_CUTTING = re.compile(r"[ \t]+#[^\s#]")
_SCALARS = [f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp", "str")]


MAX_VALUES = 100_000  # a year's ledger of a large compound has some ten thousand


class _Reader:
    """Builds the data and notes every key path's mark in one pass over the parsed nodes, calling
    PyYAML's constructor for each value: the same data as PyYAML's own pass plus a second one for
    the marks, in about a fifth less time per file (a build reads thousands)."""

    def __init__(self, loader: _ExactLoader, document: YamlDocument, offset: int, anchored: bool, hashed: bool):
        self.loader = loader
        self.hashed = hashed  # a '#' in the text: a comment, or a text cut short by one
        self.document = document
        self.offset = offset
        self.scalars = {tag: loader.yaml_constructors[tag] for tag in _SCALARS}
        # With no anchor (&) in the text there is no alias either, and nothing of what follows to keep.
        self.anchored = anchored
        self.seen: dict[int, Any] = {}  # an anchored node, read once and shared by its aliases, as PyYAML does
        self.reading: set[int] = set()  # the nodes being read: an alias to one of them would never end
        self.values = 0  # values read so far, those that aliases stand for counted as often as they are used
        self.sizes: dict[int, int] = {}  # how many values an anchored node stands for

    def read(self, node: yaml.Node, path: KeyPath) -> Any:
        marks = self.document.marks
        if path not in marks:
            marks[path] = _mark(node.start_mark, self.offset)
        if not self.anchored:
            return self._value(node, path)
        if id(node) in self.seen:  # an alias
            self.values += self.sizes[id(node)]
            if self.values > MAX_VALUES:  # "billion laughs": a few lines of aliases that stand for billions
                raise self._refused(path, tr("aliases stand for more values than a content file could hold"))
            _walk(node, path, self.document, self.offset)
            return self.seen[id(node)]
        if id(node) in self.reading:
            raise self._refused(path, tr("an alias stands for the value it is part of, which would never end"))
        self.reading.add(id(node))
        before = self.values = self.values + 1
        value = self.seen[id(node)] = self._value(node, path)
        self.sizes[id(node)] = self.values - before + 1
        self.reading.discard(id(node))
        return value

    def _value(self, node: yaml.Node, path: KeyPath) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag in self.scalars:
            value = self.scalars[node.tag](self.loader, node)
            if self.hashed and not node.style and isinstance(value, str) and _COMMENT_CUTTING.match(
                    self.loader.source, node.end_mark.index):
                self.document.cut_by_comment.append(path)
        elif isinstance(node, yaml.SequenceNode) and node.tag in _PLAIN:
            value = [self.read(item, path + (index,)) for index, item in enumerate(node.value)]
            if node.flow_style:  # its plain items: a quoted one says the comma is meant
                self.document.wide_comma_items += [
                    path + (index,) for index, item in enumerate(node.value)
                    if isinstance(item, yaml.ScalarNode) and not item.style and _WIDE_COMMA.search(item.value)]
        elif isinstance(node, yaml.MappingNode) and node.tag in _PLAIN and all(
                isinstance(key, yaml.ScalarNode) and key.tag in self.scalars for key, _ in node.value):
            value = self._mapping(node, path)
        else:  # explicit tags (!!set, !!binary, ...) and complex keys: PyYAML's own rules and errors
            value = self.loader.construct_object(node, deep=True)
            _walk(node, path, self.document, self.offset)
        return value

    def _refused(self, path: KeyPath, problem: str) -> YamlSyntaxError:
        mark = self.document.marks[path]
        return YamlSyntaxError(problem, mark.line, mark.column, tr("write the values out instead of '*' aliases"))

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        data: dict = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key_path = _note_key(key_node, path, seen, self.document, self.offset)
            data[self.scalars[key_node.tag](self.loader, key_node)] = self.read(value_node, key_path)
        return data


def _walk(node: yaml.Node, path: KeyPath, document: YamlDocument, offset: int) -> None:
    """The marks of a node read some other way."""
    document.marks.setdefault(path, _mark(node.start_mark, offset))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            _walk(value_node, _note_key(key_node, path, seen, document, offset), document, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), document, offset)


def _note_key(key_node: yaml.Node, path: KeyPath, seen: set[str], document: YamlDocument, offset: int) -> KeyPath:
    """Mark where a key is written, and note it if the mapping had it already."""
    key = str(key_node.value)
    key_path, mark = path + (key,), _mark(key_node.start_mark, offset)
    if key in seen:
        document.duplicate_keys.append((key_path, mark))
    seen.add(key)
    document.marks[key_path] = mark
    return key_path


def _mark(mark: yaml.Mark, offset: int) -> Mark:
    return Mark((mark.line + 1 + offset, mark.column + 1))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


_FENCE = re.compile(r"---[ \t]*")
# What an input method types for "---" in Chinese mode (——, －－－, ———), or a fence one hyphen short or long.
_FENCE_LOOKALIKE = re.compile(r"[ \t]*[-—－―─━‐‑‒–ー~～]{2,}[ \t]*")


class MissingFrontMatter(Exception):
    """A Markdown file does not start with a --- fenced YAML block: the line where the fence was expected or
    looks mistyped, what is on it (None: the file ends first), and a hint."""

    def __init__(self, line: int, message: str, found: str | None, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.message, self.found, self.hint = line, message, found, hint


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split Markdown into (front matter, body, line where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise _missing_fence(text.splitlines())
    front = match.group(1)
    body_line = text[: match.end()].count("\n") + 1
    return front, text[match.end():], body_line


def _missing_fence(lines: list[str]) -> MissingFrontMatter:
    first = lines[0] if lines else None
    if first is None or not _FENCE.fullmatch(first):
        return MissingFrontMatter(1, tr("expected front matter: the file must start with a line '---', the notice's "
                                        "fields, and another '---'"), first, _fence_hint(first or ""))
    for number, line in enumerate(lines[1:], 2):
        if _FENCE_LOOKALIKE.fullmatch(line):
            return MissingFrontMatter(number, tr("expected a line '---' closing the front matter that line 1 opens"),
                                      line, _fence_hint(line))
    return MissingFrontMatter(1, tr("expected another line '---' after the notice's fields, closing the front "
                                    "matter that this line opens"), None,
                              tr("add a line '---' between the last field and the notice's text"))


def _fence_hint(line: str) -> str:
    if not _FENCE_LOOKALIKE.fullmatch(line):
        return ""
    if set(line.strip()) == {"-"}:
        return tr("write exactly three hyphens: '---'")
    return tr("type the line as three hyphens '---' with the input method in English mode: '——' and '－－－' are "
              "other characters")
