"""Stage 2, validate: source files -> the typed site settings and compounds, plus every problem.

Checks each file against the content model, then the rules that span fields
and files: slugs that must be unique, attachments that must exist;
`finance_checks` checks the finance quarters (balances that must reconcile,
quarters that must chain), `vote_checks` the votes (their counts, and the
electorate against the compound), `screening` looks through every file's
text. Never raises for a content problem: all of them are
returned.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote


from generator import finance_checks, load, screening, vote_checks
from generator.attachment_text import RUNS_IN_A_BROWSER, TABLE_SUFFIXES, table_rows
from generator.errors import Diagnostic, Diagnostics, Location, Severity, relative_path
from generator.load import SourceFile, Sources, looks_like_a_copy, set_aside_hint
from generator.markup import Markup, Unreadable, attached_table, file_links, from_elsewhere, picture_references
from generator.messages import joined, tr
from generator.model.base import MAX_SLUG, STAND_IN_SLUG, STATIC_FOLDER, Audience, Channel, Record, dialled, is_slug
from generator.model.compound import CompoundProfile, Member, RosterGroup, Rosters, Services
from generator.model.finance import FinancePeriod, Quarter
from generator.model.notice import AttachedTable, Attachment, Notice, NoticeAttachments
from generator.model.site import Compound, SiteConfig
from generator.privacy import mask_phone, mask_phone_field
from generator.schema_errors import field_path, partial, validated
from generator.signoff import split_sign_off



def validate_site(sources: Sources) -> tuple[SiteConfig | None, Diagnostics]:
    """site.yaml (None when it is unusable), with what loading `sources` found."""
    diagnostics = Diagnostics()
    diagnostics.extend(sources.diagnostics)
    diagnostics.extend(screening.screen_unparsed([source for source in sources.unparsed if source.compound is None]))
    if sources.site is None:
        return None, diagnostics
    diagnostics.extend(screening.screen([sources.site]))
    return validated(sources.site, SiteConfig, diagnostics), diagnostics


def validate_compound(sources: Sources, slug: str, markup: Markup) -> tuple[Compound | None, Diagnostics]:
    """One compound as `load.read_compound` read it (None when its profile is unusable)."""
    diagnostics = Diagnostics()
    diagnostics.extend(sources.diagnostics)
    return _compound(slug, sources.compounds[slug], sources, markup, diagnostics), diagnostics


def _compound(slug: str, files: list[SourceFile], sources: Sources, markup: Markup,
              diagnostics: Diagnostics) -> Compound | None:
    by_kind: dict[str, list[SourceFile]] = {}
    for source in files:
        by_kind.setdefault(source.kind, []).append(source)

    def to_html(text: str) -> str:
        return sources.memo("markdown", text, lambda: markup.to_html(text))

    unread = {path: kind for path, kind in sorted(sources.unreadable.items())
              if path.is_relative_to(sources.content / slug)}
    unread_texts = [path.read_bytes().decode("utf-8", "replace") for path in unread]
    diagnostics.extend(screening.screen(files, to_html, unread_texts))
    diagnostics.extend(screening.screen_unparsed([source for source in sources.unparsed if source.compound == slug]))
    folder = Location(relative_path(sources.content / slug, sources.root))
    if not is_slug(slug) or len(slug) > MAX_SLUG:
        diagnostics.add(Diagnostic(folder, tr(
            "folder name '%(slug)s' is the compound's web address; expected at most %(most)s lowercase letters, "
            "digits and hyphens, like cuihu-garden", slug=slug, most=MAX_SLUG), hint=tr(
            "if it is not a compound (a copy, a backup), %(set_aside)s", set_aside=set_aside_hint(slug))))
    if slug == STATIC_FOLDER:
        diagnostics.add(Diagnostic(folder, tr("folder name '%(slug)s' is the web address of the site's own "
                                              "stylesheet and scripts, which the compound's pages would be mixed "
                                              "with", slug=slug),
                                   hint=tr("rename the folder, as the compound's web address, like cuihu-garden")))
    profile_path = sources.content / slug / "compound.yaml"
    if "compound" not in by_kind and profile_path not in sources.unreadable and not profile_path.exists():
        diagnostics.add(Diagnostic(Location(f"{folder.path}/compound.yaml"),
                                   tr("missing: every compound folder needs a compound.yaml profile")))
    profile = validated(by_kind["compound"][0], CompoundProfile, diagnostics) if "compound" in by_kind else None
    rosters = validated(by_kind["rosters"][0], Rosters, diagnostics) if "rosters" in by_kind else None
    if rosters:
        _check_both_sides(rosters, by_kind["rosters"][0], diagnostics)
        _check_phones_apart(rosters, by_kind["rosters"][0], diagnostics)
    services = validated(by_kind["services"][0], Services, diagnostics) if "services" in by_kind else None
    if services:
        _check_callable(services, by_kind["services"][0], diagnostics)
    if rosters:
        _check_masked_but_public(rosters, by_kind["rosters"][0], _published_in_full(profile, services), diagnostics)

    notices, attachment_files = _notices(by_kind.get("notice", []), to_html, diagnostics)
    finances = finance_checks.finances(by_kind.get("finance", []), rosters, diagnostics)
    votes = vote_checks.votes(by_kind.get("vote", []), diagnostics)
    finance_checks.check_fund_uses(by_kind.get("finance", []), votes, by_kind.get("vote", []), diagnostics)
    if profile is None:
        return None
    _check_dividend_basis(profile, finances, by_kind.get("finance", []), diagnostics)
    _check_the_compound_named(profile, rosters, by_kind["compound"][0], by_kind.get("rosters", [None])[0],
                              diagnostics)
    vote_checks.electorates(profile, votes, by_kind.get("vote", []), diagnostics)
    return Compound(slug, profile, rosters, services, notices, finances, votes, attachment_files,
                    _source_files(files, unread))


def _check_dividend_basis(profile: CompoundProfile, finances: list[FinancePeriod], sources: list[SourceFile],
                          diagnostics: Diagnostics) -> None:
    if profile.exclusive_area is not None:
        return
    by_quarter = {s.path.stem: s for s in sources}
    for period in finances:
        allocations = period.shared_revenue.allocations if period.shared_revenue else []
        for index, allocation in enumerate(allocations):
            if allocation.kind == "dividend" and allocation.basis == "area":
                diagnostics.add(by_quarter[str(period.quarter)].error_at(
                    ("shared_revenue", "allocations", index), tr(
                        "a dividend is shared by exclusive area, but compound.yaml has no exclusive_area, so no share "
                        "per m² can be shown"),
                    field=f"shared_revenue.allocations[{index + 1}]", severity=Severity.warning,
                    hint=tr("add `exclusive_area:` (m²) to compound.yaml, or `basis: household` "
                            "if the owners agreed to share it per household")))


def _check_the_compound_named(profile: CompoundProfile, rosters: Rosters | None, profile_source: SourceFile,
                              rosters_source: SourceFile | None, diagnostics: Diagnostics) -> None:
    """A committee named after the compound with a character of its name mistyped (锦秀家园业主委员会 for 锦绣家园):
    `check` passed it, and the site showed two names for one committee."""
    named = [(profile_source, ("owners_committee", "name"), getattr(profile.owners_committee, "name", None)),
             (profile_source, ("objections", "to"), getattr(profile.objections, "to", None))]
    if rosters and rosters_source:
        named += [(rosters_source, ("groups", index, "name"), group.name) for index, group in enumerate(rosters.groups)
                  if group.kind in _OVERSEES]  # the committees: a 居委会 may be named after its own place
    for source, path, text in named:
        if text and text[len(profile.name):].startswith(_COMMITTEES) and \
                _one_character_off(text[:len(profile.name)], profile.name):
            diagnostics.add(source.error_at(
                path, tr("'%(text)s' names the compound with one character other than its name, %(name)s: "
                         "residents would see two names for one committee", text=text, name=profile.name),
                field=field_path(path), severity=Severity.warning,
                hint=tr("write %(name)s", name=profile.name + text[len(profile.name):])))


# What follows the compound's name in a committee's (康宁社区居民委员会 names a place, 康宁 too, not the compound).
_COMMITTEES = ("业主委员会", "业委会", "业主大会", "业主监督委员会", "监督委员会", "监委会")


def _one_character_off(written: str, name: str) -> bool:
    return len(name) >= 3 and len(written) == len(name) and sum(a != b for a, b in zip(written, name)) == 1


def _source_files(files: list[SourceFile], unread: dict[Path, str]) -> dict[tuple[str, str], Path]:
    """Which file each printable document comes from (keys as in verification codes), including the files that
    could not be read: their documents are there, with errors of their own, not missing."""
    found = {key: path for path, kind in unread.items() if (key := _document_key(kind, path))}
    found.update({key: source.path for source in files if (key := _document_key(source.kind, source.path,
                                                                                 source.document.data))})
    return found


_DOCUMENT_OF = {"rosters": "committees", "services": "services"}


_YAML_ENDING = re.compile(r"\.ya?ml(?:\.txt)?$", re.IGNORECASE)


def _document_key(kind: str, path: Path, data: Any = None) -> tuple[str, str] | None:
    """The document a file holds; None for compound.yaml, which holds none of its own."""
    if kind in _DOCUMENT_OF:
        return _DOCUMENT_OF[kind], ""
    if kind == "notice":
        name = _notice_name(path)
        return "notice", str(data.get("slug", name)) if isinstance(data, dict) else name
    stem = _YAML_ENDING.sub("", path.name)  # 2026-Q2.yaml.txt too, its .txt hidden by Windows; 2026.05.yaml whole
    if kind == "finance":  # 2026Q2.yaml is the quarter's file, misnamed: its quarter is not missing
        quarter = Quarter.loosely(stem)
        return "finance", quarter.slug if quarter else stem.lower()
    return ("vote", stem) if kind == "vote" else None


# Notices ---------------------------------------------------------------------

def _slug_clash(first: tuple[SourceFile, Notice], then: tuple[SourceFile, Notice]) -> tuple[SourceFile, SourceFile]:
    """Of two notices of one web address, the one to report it at, and the other: the file whose `slug:` makes
    the clash, which is the one just edited, whichever comes first; of two that both set it, the later dated,
    most often a copy whose `slug:` came with the file it was made from."""
    (first_source, first_notice), (source, notice) = first, then
    if "slug" in first_source.document.data and "slug" in source.document.data:
        return (first_source, source) if first_notice.date > notice.date else (source, first_source)
    return (first_source, source) if "slug" in first_source.document.data else (source, first_source)


def _notices(sources: list[SourceFile], to_html: Callable[[str], str],
             diagnostics: Diagnostics) -> tuple[list[Notice], dict[tuple[str, str], Path]]:
    """The notices newest first, and where each one's attachments are on disk."""
    notices: list[Notice] = []
    attachment_files: dict[tuple[str, str], Path] = {}
    used: dict[str, tuple[SourceFile, Notice]] = {}
    written: dict[tuple[str, date, str], SourceFile] = {}  # each notice by its title, date and text
    for source in sources:
        notice = _notice(source, to_html, diagnostics)
        if notice is None:
            continue
        if notice.slug in used:
            clash, other = _slug_clash(used[notice.slug], (source, notice))
            message = tr("'%(slug)s' is already used by %(other)s; each notice needs its own web address",
                         slug=notice.slug, other=other.rel)
            hint = (tr("give this notice a `slug:` of its own (copied with the file it was made from?); the other's "
                       "is its web address, which residents' links and posted QR codes hold") if "slug" in
                    other.document.data else tr("rename one file, or set a different `slug:` in its front matter"))
            diagnostics.add(clash.error_at(("slug",), message, field="slug", hint=hint)
                            if "slug" in clash.document.data else
                            Diagnostic(clash.location(), message, field="slug", hint=hint))
            continue
        original = written.setdefault((notice.title, notice.date, notice.body), source)
        if original is not source:
            # Said at the one named as a copy is (停水(1).md), if one is; else which is the copy is not known.
            copy, other = ((original, source) if looks_like_a_copy(_notice_name(original.path))
                           and not looks_like_a_copy(_notice_name(source.path)) else (source, original))
            diagnostics.add(copy.error_at(("title",), tr("the same notice as %(other)s (its title, date and text): "
                                                         "it would be published twice", other=other.rel),
                                          field="title", severity=Severity.warning,
                                          hint=tr("delete the copy, or set it aside; a notice issued again needs a "
                                                  "date of its own")))
        used[notice.slug] = (source, notice)
        notices.append(notice)
        for attachment in notice.attachments:
            attachment_files[(notice.slug, attachment.file)] = source.path.parent / attachment.file
    return sorted(notices, key=lambda n: (n.date, n.slug), reverse=True), attachment_files


def _notice(source: SourceFile, to_html: Callable[[str], str], diagnostics: Diagnostics) -> Notice | None:
    data = source.document.data
    untexted = _without_text(source, data)  # reported with its other errors, whatever they are
    diagnostics.extend(untexted)
    diagnostics.extend(_fields_in_text(source))
    if isinstance(data, dict):
        for path, field, why in _filled_in(data):
            diagnostics.add(source.error_at(path, tr("'%(key)s' cannot be set in the front matter; %(why)s",
                                                     key=path[-1], why=why), field=field))
            return None
        name = _notice_name(source.path)
        unnamed = "slug" not in data and not is_slug(name)
        if unnamed:
            hint = tr("if it is a copy, %(set_aside)s; if not, add a line like `slug: water-outage-march` to the "
                      "front matter, or rename the file with lowercase letters, digits and hyphens",
                      set_aside=set_aside_hint(name if source.path.name == "index.md" else source.path.name)) \
                if looks_like_a_copy(name) else tr("add a line like `slug: water-outage-march` to the front matter, "
                                                   "or rename the file with lowercase letters, digits and hyphens")
            diagnostics.add(Diagnostic(source.location(), tr("the file name '%(name)s' cannot be used as a web "
                                                             "address", name=name), field="slug", hint=hint))
        # Checked also when its name is wrong, so that renaming it does not bring new errors to light.
        data = {**data, "slug": data.get("slug", STAND_IN_SLUG if unnamed else name), "body": source.body}
        if unnamed:
            validated(source, Notice, diagnostics, data)
            _check_attachments(source, partial(NoticeAttachments, data), diagnostics)
            return None
    notice = validated(source, Notice, diagnostics, data)
    if notice is None:
        _check_attachments(source, partial(NoticeAttachments, data), diagnostics)
        return None
    _check_attachments(source, notice, diagnostics)
    if untexted:
        return None
    notice = _with_tables(notice, source)
    try:
        body_html = to_html(notice.body)
    except Unreadable as unreadable:
        diagnostics.add(Diagnostic(source.location(source.body_line), str(unreadable)))
        return None
    unchecked = _pictures_unchecked(source.body, body_html)
    if unchecked:
        diagnostics.add(Diagnostic(source.location(source.body_line), tr(
            "the picture '%(name)s' is written in a way that could not be checked against the attachments; expected "
            "![title](file) or <img src=\"file\" alt=\"title\">", name=unchecked[0])))
        return None
    sign_off = split_sign_off(body_html, [notice.issuer] if notice.issuer else [])
    if sign_off and sign_off.day != notice.date:
        if sign_off.names:  # a date alone may be any day the notice is about
            diagnostics.add(_signed_on_another_day(source, sign_off.day, notice.date))
        sign_off = None
    if sign_off is None:
        return notice.model_copy(update={"body_html": body_html})
    return notice.model_copy(update={"body_html": sign_off.text, "signed_by": sign_off.names})


_FIELD_LINE = re.compile(r"([a-z_]+)\s*[:：]")
_FIELDS_WRITTEN = set(Notice.model_fields) - set(Notice.not_keys) - {"slug"}


def _fields_in_text(source: SourceFile) -> list[Diagnostic]:
    """Lines of a notice's text that read as its fields (`corrections: [...]` written under the text, as a hint
    was followed): published as text, while the field is missing."""
    found = []
    for number, line in enumerate(source.body.split("\n"), source.body_line):
        match = _FIELD_LINE.match(line)
        if match and match.group(1) in _FIELDS_WRITTEN:
            found.append(Diagnostic(
                source.location(number, 1), tr("this line of the notice's text reads as its field '%(field)s', "
                                               "which would be published as text and not read as the field",
                                               field=match.group(1)), severity=Severity.warning,
                source_line=line, hint=tr("move it up, between the two '---' lines, with the notice's other fields")))
    return found


def _composed(name: str) -> str:
    """A name with its accented letters each one character (NFC), as typed: a Mac's disk writes ǒ as o and ̌."""
    return unicodedata.normalize("NFC", name)


def _notice_name(path: Path) -> str:
    """The name of a notice's file, or of its folder: its web address unless it sets `slug`."""
    return path.parent.name if path.name == "index.md" else path.stem


def _filled_in(data: dict) -> list[tuple[tuple, str, str]]:
    """The keys of the front matter that only the generator fills in: (where, the field, where its content goes)."""
    found = [((key,), key, why) for key, why in Notice.not_keys.items() if key in data]
    attachments = data.get("attachments")
    for index, item in enumerate(attachments if isinstance(attachments, list) else []):
        found += [(("attachments", index, key), f"attachments[{index + 1}].{key}", why)
                  for key, why in Attachment.not_keys.items() if isinstance(item, dict) and key in item]
    return found


def _without_text(source: SourceFile, data: Any) -> list[Diagnostic]:
    """A notice with nothing to read: no text below its front matter but comments, and no CSV attachment, whose
    table its page and sheet would show. `new` writes a text, so this is a paste forgotten or lost."""
    listed = data.get("attachments") if isinstance(data, dict) else None
    tables = any(isinstance(a, dict) and Path(str(a.get("file", ""))).suffix.lower() in TABLE_SUFFIXES
                 for a in listed) if isinstance(listed, list) else False
    if tables or _HTML_COMMENT.sub("", source.body).strip():
        return []
    return [Diagnostic(source.location(source.body_line), tr("the notice has no text below its second '---' line: "
                                                             "it would be published, and printed for the board, as a "
                                                             "title alone"),
                       hint=tr("write its text there; a notice that is its attachment says so in a line (详见附件)"))]


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def _with_tables(notice: Notice, source: SourceFile) -> Notice:
    """The notice with each of its CSV attachments' tables."""
    files = {path.name: path for path in source.attachments if path.is_file() and not path.is_symlink()}
    attachments = [_with_table(attachment, files.get(attachment.file)) for attachment in notice.attachments]
    changed = any(after is not before for after, before in zip(attachments, notice.attachments))
    return notice.model_copy(update={"attachments": attachments}) if changed else notice


def _with_table(attachment: Attachment, file: Path | None) -> Attachment:
    rows = table_rows(file) if file else None
    if rows is None:
        return attachment
    table = AttachedTable(tuple(rows[0]), tuple(map(tuple, rows[1:])))
    html = attached_table(attachment.title, table.heading, table.rows, table.short_columns)
    return attachment.model_copy(update={"table": dataclasses.replace(table, html=html)})


def _pictures_unchecked(body: str, body_html: str) -> list[str]:
    """The pictures the published text shows that the checks of its source did not find (a way of writing a
    tag they do not know): each would be published unchecked, a board-only file among them."""
    checked = {name for *_, name in picture_references(body)}
    published = (unquote(html.unescape(src).strip()).removeprefix("./")
                 for src in _PUBLISHED_PICTURE.findall(body_html))
    return [name for name in published if name not in checked]


_PUBLISHED_PICTURE = re.compile(r'<img [^>]*?src="([^"]*)"')  # as nh3 writes a tag: every value in double quotes


def _signed_on_another_day(source: SourceFile, signed: date, day: date) -> Diagnostic:
    lines = source.body.rstrip().splitlines()
    line = source.body_line + len(lines) - 1
    return Diagnostic(source.location(line), tr("the text is signed on %(signed)s, but the notice's date is %(day)s",
                                                signed=signed.isoformat(), day=day.isoformat()),
                      field="date", severity=Severity.warning, source_line=source.line_text(line),
                      hint=tr("make them the same day: the sheet prints its seal with `date`, so it would show both"))


def _alike_hint(beside: str, listed: str) -> str:
    """Why `beside`, which looks like the attachment `listed`, is not it."""
    if _composed(beside) == _composed(listed):
        return tr("'%(beside)s' beside it looks the same, but its accented letters are written another way (as a "
                  "Mac writes them): rename the file, typing its name anew", beside=beside)
    return tr("'%(beside)s' beside it differs only in capitals, which Windows shows alike but a web server does not: "
              "write the name as the file has it, %(beside)s", beside=beside)


def _check_attachments(source: SourceFile, notice: Notice | NoticeAttachments | None,
                       diagnostics: Diagnostics) -> None:
    if notice is None:
        return  # its attachments themselves have errors, reported already
    present = {p.name for p in source.attachments}
    linked = {p.name for p in source.attachments if p.is_symlink()}
    listed = set()
    in_folder = source.path.name == "index.md"
    for index, attachment in enumerate(notice.attachments):
        listed.add(attachment.file)
        refused = _refused_attachment(attachment.file, notice.slug, attachment.file in linked)
        if refused:
            diagnostics.add(source.error_at(("attachments", index, "file"), refused,
                                            field=f"attachments[{index + 1}].file"))
        if attachment.file not in present and not in_folder and (source.path.parent / attachment.file).is_file():
            diagnostics.add(source.error_at(
                ("attachments", index, "file"), tr("'%(file)s' lies in notices/ beside %(notice)s, but a notice's "
                                                   "attachments lie in a folder of its own", file=attachment.file,
                                                   notice=source.path.name),
                field=f"attachments[{index + 1}].file",
                hint=tr("make the notice a folder: move %(notice)s to notices/%(stem)s/index.md, and %(file)s into "
                        "notices/%(stem)s/", notice=source.path.name, stem=source.path.stem, file=attachment.file)))
        elif attachment.file not in present:
            beside = joined(sorted(present)) or tr("no other files")
            alike = [name for name in present if _composed(name).casefold() == _composed(attachment.file).casefold()]
            listed.update(alike)  # the file meant, which is one mistake, not also one left unlisted
            hint = (tr("a notice with attachments is a folder: notices/<name>/index.md with the files next to "
                       "index.md") if not in_folder else
                    tr("an attachment lies next to index.md, not in a folder of its own: move it there and write its "
                       "name alone, %(name)s", name=Path(attachment.file).name) if "/" in attachment.file
                    else _alike_hint(alike[0], attachment.file) if alike else "")
            problem = (tr("'%(file)s' not found beside the notice (the folder holds: %(beside)s)",
                          file=attachment.file, beside=beside) if in_folder else
                       tr("'%(file)s' not found: %(notice)s is a notice written as one file, which has no folder of "
                          "attachments", file=attachment.file, notice=source.path.name))
            diagnostics.add(source.error_at(("attachments", index, "file"), problem,
                                            field=f"attachments[{index + 1}].file", hint=hint))
    shown = _check_pictures(source, {a.file: a.audience for a in notice.attachments}, present, diagnostics)
    shown |= _check_links(source, listed, present, diagnostics)
    for name in sorted(present - listed - shown):
        diagnostics.add(Diagnostic(source.location(), tr("'%(name)s' lies beside the notice but is not listed "
                                                         "under attachments, so it will not be published", name=name),
                                   severity=Severity.warning))
    if source.path.name == "index.md":
        for folder in sorted(p.name for p in source.path.parent.iterdir() if p.is_dir() and not load.is_hidden(p)):
            diagnostics.add(Diagnostic(source.location(), tr("the folder '%(folder)s' inside the notice's folder is "
                                                             "not published, nor anything in it", folder=folder),
                                       severity=Severity.warning,
                                       hint=tr("attachments lie next to index.md: move the files there and list them "
                                               "under attachments")))


def _check_links(source: SourceFile, listed: set[str], present: set[str], diagnostics: Diagnostics) -> set[str]:
    """Each file the text links to must be beside the notice and listed under attachments, or the link
    is dead on the page; returns the names of those found beside it."""
    found = set()
    for line, column, name in file_links(source.body):
        if name in present:
            found.add(name)
        if name in listed:
            continue
        problem, hint = ((tr("the text links to '%(name)s', which is not listed under attachments, so the link "
                             "would be dead", name=name), tr("add it: attachments: [{file: %(name)s, title: ...}]",
                                                             name=name)) if name in present else
                         (tr("the text links to '%(name)s', which is not beside the notice, so the link would be "
                             "dead", name=name), tr("put the file next to index.md, and list it under attachments")))
        number = source.body_line + line - 1
        diagnostics.add(Diagnostic(source.location(number, column), problem, hint=hint,
                                   source_line=source.line_text(number)))
    return found


def _check_pictures(source: SourceFile, audiences: dict[str, Audience], present: set[str],
                    diagnostics: Diagnostics) -> set[str]:
    """Each picture the text shows must be a file beside the notice, listed under attachments for the web
    (`audiences`: each listed file's), so that the page, the sheet and the verification code have it.
    Returns the names of those found beside it."""
    found = set()
    for line, column, name in picture_references(source.body):
        problem, hint = "", ""
        if from_elsewhere(name):
            problem = tr("the picture '%(name)s' is on another site, and pages show no pictures from elsewhere",
                         name=name)
            hint = tr("save the picture beside the notice and list it under attachments")
        elif name not in present:
            problem = tr("the picture '%(name)s' is not beside the notice", name=name)
            other_case = [file for file in present if file.lower() == name.lower()]
            beside = (tr("put the file next to index.md, and list it under attachments") if source.path.name ==
                      "index.md" else tr("a notice with pictures is a folder: notices/<name>/index.md with the files "
                                         "next to it"))
            hint = (tr("the file beside it is written %(file)s: write the name as the file has it",
                       file=other_case[0]) if other_case else beside)
        elif name not in audiences:
            problem = tr("the picture '%(name)s' is shown in the text but not listed under attachments", name=name)
            hint = tr("add it: attachments: [{file: %(name)s, title: ...}], so that it is published with the page",
                      name=name)
        elif audiences[name] is not Audience.web:
            problem = tr("the picture '%(name)s' is shown in the text, but its attachment is for audience "
                         "'%(audience)s', so the web page would show it broken", name=name,
                         audience=audiences[name].value)
            hint = tr("a picture in the text is published with it: leave out its attachment's audience")
        if name in present:
            found.add(name)
        severity = Severity.error
        if not problem and name in present:
            problem, severity = _too_heavy(source.path.parent / name), Severity.warning
            hint = _smaller() if problem else ""
        if problem:
            where = source.location(source.body_line + line - 1, column)
            diagnostics.add(Diagnostic(where, problem, hint=hint, source_line=source.line_text(where.line),
                                       severity=severity))
    return found


_HEAVY_BYTES, _HEAVY_PIXELS = 5_000_000, 25_000_000


def _smaller() -> str:
    return tr("save it smaller, under 2 MB and about 2000 pixels across, as a phone's 'share' or any editor does")


def _too_heavy(path: Path) -> str:
    """A picture a phone on a mobile plan would load whole with the page, and the sheet carry whole: a camera's
    original of 40 MB, or a scan of 12000 x 9000 pixels, which takes a gigabyte to print."""
    from PIL import Image  # only for notices with pictures

    size, limit = path.stat().st_size, Image.MAX_IMAGE_PIXELS
    try:
        # Its size only, read from its header: Pillow refuses to open the very largest, which were then let pass.
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as picture:
            width, height = picture.size
    except OSError:
        width = height = 0  # not a picture Pillow reads: the page shows what the browser can
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    if size > _HEAVY_BYTES or width * height > _HEAVY_PIXELS:
        megabytes = f"{size / 1_000_000:.1f}"
        if width:
            return tr("the picture '%(name)s' is %(megabytes)s MB, %(width)s x %(height)s pixels: residents' phones "
                      "would load all of it with the page, and its sheet would carry all of it", name=path.name,
                      megabytes=megabytes, width=width, height=height)
        return tr("the picture '%(name)s' is %(megabytes)s MB: residents' phones would load all of it with the page, "
                  "and its sheet would carry all of it", name=path.name, megabytes=megabytes)
    return ""


_READ_AS_ADDRESS = ':#?%\\'


def _refused_attachment(name: str, slug: str, linked: bool) -> str:
    """Why a file cannot be published as the notice's attachment, or ''. `linked`: the file is a symbolic
    link, which may lead anywhere on the computer (a build reads only what lies in the content folder)."""
    if linked:
        return tr("'%(name)s' is a link to a file elsewhere on this computer, and a build publishes only files that "
                  "lie in the content folder; copy the file here in place of the link", name=name)
    if name in ("index.html", f"{slug}.pdf"):
        return tr("'%(name)s' has the name of the notice's own page or sheet in the output; rename the file",
                  name=name)
    read_apart = "".join(sorted(set(name) & set(_READ_AS_ADDRESS)))
    if read_apart:
        # javascript:x.png would even be a link that runs a script on the site.
        return tr("'%(name)s' has %(characters)s in its name, which a link reads as part of a web address, not of "
                  "the name: the link would open something else, or nothing; rename the file without it", name=name,
                  characters=" ".join(read_apart))
    if Path(name).suffix.lower() in RUNS_IN_A_BROWSER:
        return tr("'%(name)s' would be a web page or script of the site, run by every reader's browser; attach it as "
                  "a PDF or a picture instead", name=name)
    return ""


# Who oversees whom: a member of the later group who is also in the earlier would check their own work (the
# supervision committee audits the owners' committee's accounts; the owners' committee oversees the manager).
_OVERSEES = {"supervision_committee": ("owners_committee", "property_staff"), "owners_committee": ("property_staff",)}


def _members(rosters: Rosters) -> Iterator[tuple[tuple, str, RosterGroup, Member]]:
    """Each member, with the key path and the field name that locate it (groups[1].members[2]), and its group."""
    for group_index, group in enumerate(rosters.groups):
        for index, member in enumerate(group.members):
            yield ("groups", group_index, "members", index), f"groups[{group_index + 1}].members[{index + 1}]", \
                group, member


def _check_both_sides(rosters: Rosters, source: SourceFile, diagnostics: Diagnostics) -> None:
    seated = {(group.kind, member.name.strip()): group.name for group in rosters.groups for member in group.members}
    for path, field, group, member in _members(rosters):
        name = member.name.strip()
        for overseen in _OVERSEES.get(group.kind, ()):
            if (overseen, name) in seated:
                diagnostics.add(source.error_at(
                    (*path, "name"), _on_both_sides(name, overseen, seated[overseen, name], group.name),
                    severity=Severity.warning, field=f"{field}.name"))


def _on_both_sides(name: str, overseen: str, overseen_name: str, overseer_name: str) -> str:
    if overseen == "owners_committee":
        return tr("'%(name)s' is also on the owners' committee (%(overseen)s), which %(overseer)s oversees: they "
                  "would check their own work", name=name, overseen=overseen_name, overseer=overseer_name)
    return tr("'%(name)s' is also on the property manager's staff (%(overseen)s), which %(overseer)s oversees: they "
              "would check their own work", name=name, overseen=overseen_name, overseer=overseer_name)


def _check_phones_apart(rosters: Rosters, source: SourceFile, diagnostics: Diagnostics) -> None:
    """A phone of one person given for another: most often an entry copied from a predecessor's, its phone left
    as it was, so that the board sends residents' calls to someone no longer in the post. A line everyone may
    call (`phone_public`: an office's, a duty phone) is shared by design."""
    first: dict[str, tuple[str, str]] = {}  # the number dialled -> the name given with it first, and its group
    for path, field, group, member in _members(rosters):
        if not member.phone or member.phone_public:
            continue
        name = member.name.strip()
        other, where = first.setdefault(_number(member.phone), (name, group.name))
        if other != name:
            diagnostics.add(source.error_at(
                (*path, "phone"), tr("'%(name)s' is given the phone of '%(other)s' (%(group)s), %(phone)s: is it an "
                                     "entry copied from theirs, with the phone left as it was?", name=name,
                                     other=other, group=where, phone=mask_phone(member.phone)),
                severity=Severity.warning, field=f"{field}.phone",
                hint=tr("give %(name)s's own phone; if the two do share one, give a household's under one of them "
                        "only, and an office's line everyone may call with 'phone_public: true'", name=name)))


def _number(phone: str) -> str:
    """A phone as a tap-to-call link dials it (an extension apart), +86 or not: one number however written."""
    return dialled(phone).removeprefix("+86")


def _published_in_full(profile: CompoundProfile | None, services: Services | None
                       ) -> dict[str, tuple[str, set[Channel]]]:
    """Each number compound.yaml or services.yaml publishes in full (`phone_public`), as dialled, with its file and
    where it shows it."""
    holders = [("compound.yaml", holder) for holder in (profile.property_manager, profile.objections,
                                                        *profile.contacts) if holder] if profile else []
    holders += [("services.yaml", service) for service in services.services] if services else []
    return {_number(holder.phone): (file, _phone_shown_on(holder)) for file, holder in holders
            if holder.phone and holder.phone_public and _phone_shown_on(holder)}


def _phone_shown_on(record: Record) -> set[Channel]:
    """Where a record's phone is shown: where both the record and its phone reach."""
    audience, phone = getattr(record, "audience", Audience.web), record.field_audiences().get("phone", Audience.web)
    return {channel for channel in Channel if audience.reaches(channel) and phone.reaches(channel)}


def _check_masked_but_public(rosters: Rosters, source: SourceFile, public: dict[str, tuple[str, set[Channel]]],
                             diagnostics: Diagnostics) -> None:
    """A member's phone masked in the rosters that another file publishes in full where the member is shown too:
    the committees sheet masked what the services sheet printed, and residents took them for two numbers."""
    for path, field, _, member in _members(rosters):
        number = _number(member.phone) if member.phone else ""
        file, shown = public.get(number, ("", set()))
        both = shown & _phone_shown_on(member)
        if both and not member.phone_public:
            diagnostics.add(source.error_at(
                (*path, "phone"), _masked_but_public(member.name.strip(), mask_phone_field(member.phone), file,
                                                     Channel.web in both),
                severity=Severity.warning, field=f"{field}.phone",
                hint=tr("write 'phone_public: true' beside its phone, as the number is public already; if it is not "
                        "to be published, take 'phone_public: true' off it in %(file)s", file=file)))


def _masked_but_public(name: str, masked: str, file: str, online: bool) -> str:
    if online:
        return tr("%(name)s's phone is masked here (%(masked)s), but %(file)s publishes it in full: residents would "
                  "read two numbers", name=name, masked=masked, file=file)
    return tr("%(name)s's phone is masked here (%(masked)s), but %(file)s publishes it in full on the board: residents "
              "would read two numbers", name=name, masked=masked, file=file)


# How a service's text asks residents to phone it; its own calls to them (每天电话问候) are not asked for.
_ASKS_TO_PHONE = re.compile("打电话|拨打|致电|来电|电话(?:登记|预约|预订|订餐|报名|联系|咨询|告知)")


def _check_callable(services: Services, source: SourceFile, diagnostics: Diagnostics) -> None:
    """A service that asks to be phoned on a number published masked cannot be phoned."""
    for index, service in enumerate(services.services):
        texts = (service.offers, service.schedule, service.price, service.notes)
        asking = next((found.group() for text in texts if text for found in [_ASKS_TO_PHONE.search(text)] if found),
                      None)
        if service.phone and not service.phone_public and asking:
            diagnostics.add(source.error_at(
                ("services", index, "phone"), tr("%(provider)s asks residents to phone ('%(asking)s'), but its phone "
                                                 "is published masked (%(phone)s), so no one can",
                                                 provider=service.provider, asking=asking,
                                                 phone=mask_phone(service.phone)),
                severity=Severity.warning, field=f"services[{index + 1}].phone",
                hint=tr("if its owner agrees to its being published (a duty phone, an office's line), write "
                        "'phone_public: true' under it; else give one that may be published")))


# Votes -----------------------------------------------------------------------
