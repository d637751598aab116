"""Stage 1, load: find the content files and parse them, nothing more.

Each file becomes a SourceFile holding its parsed YAML (with line marks) and,
for Markdown, its body. Files that cannot be read or parsed become diagnostics.
Validation against the content model happens in `validate`, not here.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Diagnostic, Diagnostics, Location, Severity, did_you_mean, relative_path
from generator.memo import Memo
from generator.messages import joined, tr
from generator.yamlio import KeyPath, MissingFrontMatter, YamlDocument, YamlSyntaxError, parse_yaml, split_front_matter

SITE_FILE = "site.yaml"
LOG_FILE = "publication-log.jsonl"  # read by `publication`, written only by `noticeboard publish`
COMPOUND_FILES = {"compound.yaml": "compound", "rosters.yaml": "rosters", "services.yaml": "services"}
COMPOUND_FOLDERS = ("notices", "finances", "votes")


@dataclass
class SourceFile:
    """A parsed content file. `rel` is its path as the user sees it."""

    path: Path
    rel: str
    kind: str
    compound: str | None
    text: str
    document: YamlDocument
    body: str = ""
    body_line: int = 0
    attachments: list[Path] = field(default_factory=list)

    def location(self, line: int = 0, column: int = 0) -> Location:
        return Location(self.rel, line, column)

    def line_text(self, line: int) -> str:
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    @functools.cached_property
    def _lines(self) -> list[str]:  # split once: a file with a thousand mistakes quotes a thousand lines
        return self.text.split("\n")  # as lines are counted: splitlines() would also end one at U+000B or U+0085

    def error_at(self, path: KeyPath, message: str, field: str = "", hint: str = "",
                 severity: Severity = Severity.error) -> Diagnostic:
        """A problem located where `path` (or its nearest parent) is written in the file; else at line 1."""
        mark = self.document.mark_for(path)
        line, column = (mark.line, mark.column) if mark else (1, 0)
        return Diagnostic(self.location(line, column), message, field=field, hint=hint, severity=severity,
                          source_line=self.line_text(line))


@dataclass
class Sources:
    root: Path
    content: Path
    site: SourceFile | None = None
    compound_folders: list[str] = field(default_factory=list)
    compounds: dict[str, list[SourceFile]] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    unreadable: dict[Path, str] = field(default_factory=dict)  # each file that could not be read, and its kind
    # Of those, each whose text could be read, but not its values: it is still searched for what needs none.
    unparsed: list[SourceFile] = field(default_factory=list)
    memo: Memo = field(default_factory=Memo)  # parsed files remembered by their text


def read_site(content: Path, root: Path) -> Sources:
    """site.yaml and what else lies at the top of `content`; compound folders are listed in
    `compound_folders`, not read. Paths in messages are relative to `root`."""
    sources = Sources(root, content)
    if not content.is_dir():
        sources.diagnostics.add(Diagnostic(Location(relative_path(content, root)), tr("content folder not found"),
                                           hint=not_the_content_folder(content)))
        return sources
    site_path = content / SITE_FILE
    if not site_path.is_file() and (content / "compound.yaml").is_file():
        sources.diagnostics.add(Diagnostic(
            Location(relative_path(content, root)), tr("this is one compound's folder, not the content folder"),
            hint=tr("give --content the folder that holds site.yaml and a folder for each compound (probably "
                    "%(folder)s)", folder=relative_path(content.resolve().parent, root))))
        return sources
    if site_path.is_file():
        sources.site = _read(site_path, "site", None, sources)
    else:
        sources.diagnostics.add(Diagnostic(Location(relative_path(site_path, root)),
                                           tr("missing: the site settings file"), hint=not_the_content_folder(content)))
    for entry in _entries(content, sources):
        if entry.is_dir():
            sources.compound_folders.append(entry.name)
        elif entry.name not in (SITE_FILE, LOG_FILE):
            _unexpected(entry, [SITE_FILE, LOG_FILE], sources)
    return sources


def not_the_content_folder(content: Path) -> str:
    """What to do when `content` is not the content folder (the folder holding site.yaml)."""
    within = next((folder for folder in content.absolute().parents if (folder / SITE_FILE).is_file()), None)
    if within is not None:
        return tr("%(folder)s is inside the content folder %(content)s: run noticeboard from %(parent)s, or give "
                  "--content %(content)s", folder=content.absolute(), content=within, parent=within.parent)
    if content.is_dir():
        return tr("%(folder)s holds no %(site)s: run noticeboard from the folder that holds content/, or give "
                  "--content; to start a district of your own, run: noticeboard new site", folder=content.absolute(),
                  site=SITE_FILE)
    return tr("there is no %(folder)s: run noticeboard from the folder that holds content/, or give --content; to "
              "start a district of your own, run: noticeboard new site", folder=content.absolute())


def read_compound(content: Path, root: Path, slug: str, memo: Memo | None = None) -> Sources:
    """Every file of one compound folder, and nothing else."""
    sources = Sources(root, content, memo=memo or Memo())
    sources.compounds[slug] = _read_compound(content / slug, sources)
    return sources


def is_hidden(path: Path) -> bool:
    return is_hidden_name(path.name)


_SYSTEM_FILES = {"thumbs.db", "ehthumbs.db", "desktop.ini"}  # Windows Explorer leaves them in folders it shows


def is_hidden_name(name: str) -> bool:
    """Editors' backups and temporary files (Office's ~$ lock files among them), the files a file manager
    leaves behind, and what the user set aside with a leading '_'."""
    return name.startswith((".", "_", "~")) or name.endswith("~") or name.lower() in _SYSTEM_FILES


def _read_compound(folder: Path, sources: Sources) -> list[SourceFile]:
    files: list[SourceFile] = []
    for entry in _entries(folder, sources):
        if entry.is_file() and entry.name in COMPOUND_FILES:
            files.append(_read(entry, COMPOUND_FILES[entry.name], folder.name, sources))
        elif entry.is_dir() and entry.name == "notices":
            files.extend(_read_notices(entry, folder.name, sources))
        elif entry.is_dir() and entry.name == "finances":
            files.extend(_read_yaml_folder(entry, "finance", folder.name, sources, tr("finance files are named like "
                                                                                      "2026-Q1.yaml")))
        elif entry.is_dir() and entry.name == "votes":
            files.extend(_read_yaml_folder(entry, "vote", folder.name, sources, tr("a vote is a .yaml file named "
                                                                                   "like roof-repair-2026.yaml")))
        else:
            _unexpected(entry, [*COMPOUND_FILES, *COMPOUND_FOLDERS], sources)
    return [f for f in files if f is not None]


def _read_notices(folder: Path, compound: str, sources: Sources) -> list[SourceFile]:
    notices = []
    for entry in _entries(folder, sources):
        if entry.is_file() and entry.suffix == ".md":
            notices.append(_read(entry, "notice", compound, sources))
        elif entry.is_dir() and (entry / "index.md").is_file():
            notice = _read(entry / "index.md", "notice", compound, sources)
            if notice:
                notice.attachments = sorted(p for p in entry.iterdir() if p.is_file() and p.name != "index.md"
                                            and not is_hidden(p) and not _named_in_another_encoding(p, sources))
            notices.append(notice)
        else:
            expected = tr("a notice is a .md file, or a folder holding index.md and its attachments")
            _unexpected(entry, [], sources, expected, _notice_file_hint(entry))
    return notices


def _read_yaml_folder(folder: Path, kind: str, compound: str, sources: Sources, expected: str) -> list[SourceFile]:
    files = []
    for entry in _entries(folder, sources):
        if entry.is_file() and entry.suffix == ".yaml":
            files.append(_read(entry, kind, compound, sources))
        else:
            if entry.is_file() and entry.name.lower().endswith((".yml", ".yaml", ".yml.txt", ".yaml.txt")):
                sources.unreadable[entry] = kind  # its quarter or vote is there, with this error: not missing
            _unexpected(entry, [], sources, expected)
    return files


def _entries(folder: Path, sources: Sources) -> list[Path]:
    """What of `folder` is read, in order, leaving out what the user hid or set aside. A link is reported and
    left out (a build publishes only what lies in the content folder, and a link may lead anywhere on the
    computer), and so is what is neither a file nor a folder: reading a named pipe would never end."""
    entries = []
    for entry in sorted(folder.iterdir()):
        if is_hidden(entry) or _named_in_another_encoding(entry, sources):
            continue
        if entry.is_symlink():
            sources.diagnostics.add(Diagnostic(
                Location(relative_path(entry, sources.root)), tr(
                    "'%(name)s' is a link to %(target)s, and a build publishes only what lies in the content folder",
                    name=entry.name, target=os.readlink(entry)),
                hint=tr("copy the folder here in place of the link") if entry.is_dir() else
                tr("copy the file here in place of the link")))
        elif not (entry.is_file() or entry.is_dir()):
            sources.diagnostics.add(Diagnostic(Location(relative_path(entry, sources.root)), tr(
                "'%(name)s' is neither a file nor a folder (a named pipe or a device), and cannot be read",
                name=entry.name), hint=tr("delete it")))
        else:
            entries.append(entry)
    return entries


def _named_in_another_encoding(entry: Path, sources: Sources) -> bool:
    """A file or folder whose name is not UTF-8, reported (and then left out): most often GBK, as a zip made on
    Chinese Windows stores its names, which no web address and no name in a content file can match."""
    name = os.fsencode(entry.name)
    try:
        name.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    shown = name.decode("gb18030", errors="replace")
    sources.diagnostics.add(Diagnostic(
        Location(f"{relative_path(entry.parent, sources.root)}/{shown}"), tr(
            "the name '%(name)s' (read as GBK, in which a zip made on Windows writes names) is not UTF-8: it cannot be "
            "published, nor listed by its name", name=shown),
        hint=tr("rename it, typing its name again (or unpack the zip with a tool that reads GBK names)")))
    return True


def _notice_file_hint(entry: Path) -> str:
    """What a file in notices/ that is no notice may be meant as: a notice with another ending (停水.MD, 停水.txt),
    or a notice's attachment put beside it."""
    # Notepad saves 停水.md as 停水.md.txt when "Save as type" says text, and Windows Explorer hides the .txt.
    if (entry / "index.md.txt").is_file():
        return tr("its index.md.txt ends in .txt (Windows hides the ending, and Notepad adds it): rename it index.md.")
    if not entry.is_file():
        return ""
    if entry.name.lower().endswith(".md.txt"):
        return _hidden_txt(entry)
    if entry.suffix.lower() in (".md", ".markdown", ".txt"):
        return tr("if it is a notice, rename it %(name)s.md: only files ending in .md are read.", name=entry.stem)
    return tr("if it is a notice's attachment, make the notice a folder, notices/<name>/index.md, and put the file "
              "beside index.md.")


def _hidden_txt(path: Path) -> str:
    """A file named 停水.md.txt or 2026-Q1.yaml.txt: Notepad added the .txt, and Windows hides it."""
    return tr("its name ends in .txt (Windows hides the ending, and Notepad adds it): rename it %(name)s.",
              name=path.stem)


def _or_else(guess: str, hint: str) -> str:
    """A guess at what the file is meant as, then the hint for when it is not."""
    return tr("%(guess)s If not, %(hint)s", guess=guess, hint=hint)


def _unexpected(path: Path, known: list[str], sources: Sources, expected: str = "", lead: str = "") -> None:
    """`lead`: what the file may be meant as, before the hint to set it aside."""
    rel = relative_path(path, sources.root)
    if path.name in known:  # `notices` as a file, or `compound.yaml` as a folder
        message = tr("'%(name)s' must be a file, found a folder", name=path.name) if path.is_dir() else \
            tr("'%(name)s' must be a folder, found a file", name=path.name)
        hint = ""
    else:
        expected = expected or tr("expected one of: %(names)s", names=joined(known))
        message = tr("unrecognised folder '%(name)s'; %(expected)s", name=path.name, expected=expected) \
            if path.is_dir() else tr("unrecognised file '%(name)s'; %(expected)s", name=path.name, expected=expected)
        hint = set_aside_hint(path.name)
        if lead:
            hint = _or_else(lead, hint)
        guess = did_you_mean(path.name, known) or (
            tr("rename it %(name)s.yaml: only .yaml files are read.", name=path.stem)
            if path.suffix.lower() in (".yml", ".yaml") else "") or (
            _hidden_txt(path) if path.name.lower().endswith((".yaml.txt", ".yml.txt")) else "")
        if guess:
            hint = _or_else(guess, hint)
    sources.diagnostics.add(Diagnostic(Location(rel), message, hint=hint))


# The names a copy is given: by Windows (停水 - 副本, 停水 - Copy), WeChat or a browser (停水(1), 停水（2）), a Mac
# (停水 copy 2), or by hand (停水副本, 停水-备份).
_COPY_NAME = re.compile(r"(?:[(（]\d+[)）]|(?:[ _-]*(?:副本|备份)|[ _-]+copy)(?:[ _-]*[(（]?\d+[)）]?)?)$", re.IGNORECASE)


def looks_like_a_copy(name: str) -> bool:
    """Whether a file or folder's name (without its ending) is one a copy is given."""
    return bool(_COPY_NAME.search(name))


def set_aside_hint(name: str) -> str:
    """What to do with a copy or a folder kept beside the content (2026-Q3 - 副本.yaml, 备份, 新建文件夹)."""
    return tr("to keep it there but out of the site, put '_' in front of its name: _%(name)s", name=name)


def _not_utf8(byte: str, encoding: str | None) -> str:
    """The problem of a file that is not UTF-8, `byte` the first that tells, `encoding` what it is (if known)."""
    if encoding == "utf-16":
        return tr("expected UTF-8 text, found byte %(byte)s: the file is in UTF-16, which Notepad calls 'Unicode'",
                  byte=byte)
    if encoding == "gb18030":
        return tr("expected UTF-8 text, found byte %(byte)s: the file is in GBK, the Chinese encoding older Windows "
                  "programs save in", byte=byte)
    return tr("expected UTF-8 text, found byte %(byte)s", byte=byte)


def _other_encoding(data: bytes) -> str | None:
    """What a file that is not UTF-8 holds, when it can tell: most often Chinese saved by an older Windows program,
    in GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("gb18030")  # GBK, and the rare characters of names GBK lacks (䶮)
    except UnicodeDecodeError:
        return None
    return "gb18030"


_BLANK_LINES_AT_END = re.compile(r"\n\s*\Z")
_LINE_END = re.compile(r"\r*\n|\r")


def _unparsed(sources: Sources, source: SourceFile) -> None:
    sources.unreadable[source.path] = source.kind
    sources.unparsed.append(source)


def _read(path: Path, kind: str, compound: str | None, sources: Sources) -> SourceFile | None:
    rel = relative_path(path, sources.root)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Read as far as it can be all the same: searched for identity-card numbers in this run, its lines quoted.
        encoding = _other_encoding(data)
        _unparsed(sources, SourceFile(path, rel, kind, compound, data.decode(encoding or "utf-8", "replace"),
                                      YamlDocument(None)))
        line = data[: exc.start].count(b"\n") + 1
        sources.diagnostics.add(Diagnostic(
            Location(rel, line), _not_utf8(f"0x{data[exc.start]:02x}", encoding),
            hint=tr("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")))
        return None
    # Windows line endings (Notepad's, or git's on Windows), old Macs' and those converted twice (\r\r\n) are the
    # same text: saved again with them, a published notice must keep its verification code. So is MS-DOS's
    # end-of-file mark, which old editors still write.
    text = (_LINE_END.sub("\n", text) if "\r" in text else text).removesuffix("\x1a")
    if text.endswith("\0"):
        _unparsed(sources, SourceFile(path, rel, kind, compound, text, YamlDocument(None)))
        sources.diagnostics.add(Diagnostic(
            Location(rel, text.count("\n") + 1), tr(
                "the file ends in %(n)s NUL bytes, as a copy cut short does (a USB stick pulled out too soon, a full "
                "disk)", n=len(text) - len(text.rstrip(chr(0)))),
            hint=tr("copy it again from where it came; or open it, check that its text is whole, and delete what "
                    "follows the text")))
        return None
    body, body_line, yaml_text, offset = "", 0, text, 0
    if kind == "notice":
        try:
            yaml_text, body, body_line = split_front_matter(text)
            body = _BLANK_LINES_AT_END.sub("\n", body)  # nothing a reader sees, so nothing the code covers
        except MissingFrontMatter as missing:
            _unparsed(sources, SourceFile(path, rel, kind, compound, text, YamlDocument(None)))
            sources.diagnostics.add(Diagnostic(
                Location(rel, missing.line), _no_front_matter(missing, text), hint=missing.hint,
                source_line=missing.found or ""))
            return None
        offset = 1
    try:
        document = sources.memo("yaml", f"{offset}\0{yaml_text}", lambda: parse_yaml(yaml_text, line_offset=offset))
    except YamlSyntaxError as exc:
        source = SourceFile(path, rel, kind, compound, text, YamlDocument(None), body, body_line)
        _unparsed(sources, source)
        sources.diagnostics.add(Diagnostic(
            source.location(exc.line, exc.column), tr("not valid YAML: %(problem)s", problem=exc.problem),
            source_line=source.line_text(exc.line), hint=exc.hint))
        for line, column, hint in exc.more:
            sources.diagnostics.add(Diagnostic(source.location(line, column), tr("not valid YAML either"),
                                               source_line=source.line_text(line), hint=hint))
        return None
    return SourceFile(path, rel, kind, compound, text, document, body, body_line)


def _no_front_matter(missing: MissingFrontMatter, text: str) -> str:
    """What the fence was expected as (the message of `missing`), and what was found in its place."""
    if missing.found is None:
        return tr("%(problem)s, found none", problem=missing.message) if text else \
            tr("%(problem)s, found an empty file", problem=missing.message)
    if missing.found == "":
        return tr("%(problem)s, found an empty line", problem=missing.message)
    return tr("%(problem)s, found '%(found)s'", problem=missing.message, found=missing.found)
