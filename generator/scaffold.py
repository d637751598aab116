"""`noticeboard new ...`: start a file from a commented template that already validates.

Never overwrites anything: an existing file is an error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import typing
import unicodedata
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from generator import load
from generator.errors import did_you_mean
from generator.messages import CHINESE, joined, language, tr
from generator.model.base import CHOICES_IN_CHINESE, MAX_SLUG, SLUG_PATTERN
from generator.model.finance import AllocationKind, Quarter
from generator.model.rules import Matter
from generator.yamlio import YamlSyntaxError, parse_yaml

NOTICE_POSTING_DAYS = 14


class ScaffoldError(Exception):
    """The file cannot be created; the message says why."""


class BadArgument(ScaffoldError):
    """What the command line names cannot be: a web address, a quarter or a compound."""


class NotWhereTheContentIs(ScaffoldError):
    """Run from a folder that holds no content folder, or from inside one: where it was run, not what the
    command line says, is wrong (and exits as `check` and `build` do there)."""


def _template(name: str) -> str:
    """The template `name`, its comments in the language spoken: scaffolds/zh_CN/ holds each with the same data
    and lines, its comments in Chinese (check finds the （…） examples to replace in scaffolds/ itself)."""
    folder = resources.files("generator").joinpath("scaffolds")
    if language() == CHINESE:
        folder = folder.joinpath(CHINESE)
    return folder.joinpath(name).read_text(encoding="utf-8")


def _create(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(_exists(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _exists(path: Path) -> str:
    return tr("%(path)s already exists; nothing was changed", path=path)


def replace_with_copy_kept(target: Path, text: str) -> Path | None:
    """Write `text` as `target` (`import ledger --force`), the file it replaces kept beside it under a name the
    build leaves out, which is returned. Written whole or not at all: a failure (a read-only folder, a full disk)
    leaves the folder as it was, and raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = target.with_name(target.name + "~") if target.exists() else None
    partial, partial_backup = (target.with_name(f".{target.name}.partial{end}") for end in ("", "~"))
    try:
        partial.write_text(text, encoding="utf-8")
        if backup:  # a copy kept before is replaced only by a whole one
            shutil.copyfile(target, partial_backup)
            os.replace(partial_backup, backup)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        partial_backup.unlink(missing_ok=True)
        raise
    return backup


def new_site(content: Path) -> list[Path]:
    """site.yaml in `content`, unless that lies inside a content folder already (run from a compound's folder,
    it made a second site there)."""
    if any((folder / load.SITE_FILE).is_file() for folder in content.absolute().parents):
        raise NotWhereTheContentIs(tr("a new site would be inside another: %(why)s",
                                      why=load.not_the_content_folder(content)))
    return [_create(content / load.SITE_FILE, _template(load.SITE_FILE))]


def content_folder(content: Path) -> Path:
    """`content`, if it is the content folder (it holds site.yaml)."""
    if not (content / load.SITE_FILE).is_file():
        raise NotWhereTheContentIs(load.not_the_content_folder(content))
    return content


def compound_folder(content: Path, compound: str) -> Path:
    folder = content_folder(content) / compound
    if (folder / "compound.yml").is_file() and not (folder / "compound.yaml").is_file():
        raise BadArgument(tr("%(folder)s holds compound.yml, and only .yaml files are read: rename it compound.yaml",
                             folder=folder))
    if not (folder / "compound.yaml").is_file():
        compounds = sorted(p.name for p in content.iterdir() if (p / "compound.yaml").is_file())
        named = [slug for slug in compounds if _name_of(content / slug) == compound.strip()]
        if named:
            raise BadArgument(tr("no compound '%(compound)s' in %(content)s: %(compound)s is the name of the compound "
                                 "in %(slug)s/, and a compound is named by its folder here: write %(slug)s",
                                 compound=compound, content=content, slug=named[0]))
        known = did_you_mean(compound, compounds) or (tr("it has %(compounds)s", compounds=joined(compounds))
                                                      if compounds else tr("it has none"))
        add = (tr("to add one, run: noticeboard new compound %(compound)s", compound=compound)
               if re.fullmatch(SLUG_PATTERN, compound)
               else tr("a compound is named by its folder, in lowercase letters, digits and hyphens (its web address)"))
        raise BadArgument(tr("no compound '%(compound)s' in %(content)s (%(known)s); %(add)s", compound=compound,
                             content=content, known=known, add=add))
    return folder


def _name_of(folder: Path) -> str:
    data = _data(folder / "compound.yaml")
    return str(data.get("name", "")).strip() if isinstance(data, dict) else ""


def _check_web_address(slug: str) -> None:
    if not re.match(SLUG_PATTERN, slug) or len(slug) > MAX_SLUG:
        raise BadArgument(tr("'%(slug)s' cannot be a web address: use at most %(most)s lowercase letters, digits "
                             "and hyphens, like cuihu-huayuan or water-outage (in pinyin or English)", slug=slug,
                             most=MAX_SLUG))


def new_compound(content: Path, slug: str) -> list[Path]:
    _check_web_address(slug)
    folder = content_folder(content) / slug
    if folder.exists():
        raise ScaffoldError(_exists(folder))
    created = [_create(folder / name, _template(name)) for name in ("compound.yaml", "rosters.yaml", "services.yaml")]
    for sub in ("notices", "finances"):
        (folder / sub).mkdir()
    return created


def new_notice(content: Path, compound: str, title: str, slug: str | None, today: date) -> list[Path]:
    folder, slug = _new_document(content, compound, "notice", title, slug, today, "停水通知")
    until = today + timedelta(days=NOTICE_POSTING_DAYS - 1)
    text = _template("notice.md").format(title=_yaml_text(title), today=today, until=until)
    return [_create(folder / f"{slug}.md", text)]


def new_vote(content: Path, compound: str, title: str, slug: str | None, today: date) -> list[Path]:
    """A vote's file, its electorate taken from the compound's profile, its matter to choose."""
    folder, slug = _new_document(content, compound, "vote", title, slug, today, "关于…的表决")
    owners, area = _electorate(folder.parent / "compound.yaml")
    matters = "\n".join("#   " + _choice(matter, CHOICES_IN_CHINESE[matter]) for matter in typing.get_args(Matter))
    text = _template("vote.yaml").format(
        title=_yaml_text(title), matters=matters, today=today, voting_from=today - timedelta(days=NOTICE_POSTING_DAYS),
        voting_to=today - timedelta(days=1), until=today + timedelta(days=NOTICE_POSTING_DAYS - 1),
        owners=owners or 0, area=area or "0.00", electorate_note=_electorate_note(owners, area))
    folder.mkdir(exist_ok=True)
    return [_create(folder / f"{slug}.yaml", text)]


def _electorate_note(owners: int | None, area: Decimal | None) -> str:
    """The comment beside a new vote's electorate: where its figures came from, or which to write."""
    if owners and area:
        return tr("from compound.yaml: correct them if not every owner may vote")
    if area:
        return tr("compound.yaml gives no households to start from: write every owner who may vote")
    if owners:
        return tr("compound.yaml gives no exclusive_area to start from: write the exclusive area in m² (专有部分面积) "
                  "of every owner who may vote")
    return tr("compound.yaml gives no households and exclusive_area to start from: write every owner who may vote, "
              "and their exclusive area in m² (专有部分面积)")


def _new_document(content: Path, compound: str, kind: str, title: str, slug: str | None, today: date,
                  example: str) -> tuple[Path, str]:
    """The folder of a new notice or vote and its web address: `slug`, or today's date and `kind` free; one that
    a document there has, or a document of its kind published before had, is refused."""
    notice = kind == "notice"  # else a vote: a message of each, whole, for a translation to name it its way
    if not title.strip():
        raise BadArgument(tr("expected the notice's title, found none; give it in quotes: new notice COMPOUND "
                             "\"%(example)s\"", example=example) if notice else tr(
                             "expected the vote's title, found none; give it in quotes: new vote COMPOUND "
                             "\"%(example)s\"", example=example))
    folder = compound_folder(content, compound) / f"{kind}s"
    logged = _logged(content, folder.parent.name, kind)
    slug = slug or _free_slug(folder, f"{today.isoformat()}-{kind}", logged)
    _check_web_address(slug)
    if _taken(folder, slug):
        raise ScaffoldError(tr("the notice %(path)s already has the web address '%(slug)s'; nothing was changed "
                               "(choose another --slug)", path=folder / slug, slug=slug) if notice else tr(
                               "the vote %(path)s already has the web address '%(slug)s'; nothing was changed "
                               "(choose another --slug)", path=folder / slug, slug=slug))
    published = logged.get(slug)
    if published:
        raise ScaffoldError(tr("a notice published on %(published)s had the web address '%(slug)s', and the sheets "
                               "and links that point at it would lead to the new one; nothing was changed (choose "
                               "another --slug)", published=published, slug=slug) if notice else tr(
                               "a vote published on %(published)s had the web address '%(slug)s', and the sheets "
                               "and links that point at it would lead to the new one; nothing was changed (choose "
                               "another --slug)", published=published, slug=slug))
    return folder, slug


def _electorate(profile: Path) -> tuple[int | None, Decimal | None]:
    """The compound's households and exclusive area, as `compound.yaml` gives them (None for one that is not a
    positive figure: a file with errors, or 436户 typed for 436)."""
    data = _data(profile)
    data = data if isinstance(data, dict) else {}
    owners, area = data.get("households"), data.get("exclusive_area")
    owners = owners if isinstance(owners, int) and not isinstance(owners, bool) and owners > 0 else None
    area = area if isinstance(area, Decimal) and area > 0 else None
    return owners, area


def _logged(content: Path, compound: str, kind: str) -> dict[str, date]:
    """The web address of each document of `kind` of `compound` the publication log names, with the day it
    first logged it (a later entry may be the one that took it down)."""
    from generator import publication  # only when a document is named

    entries, _ = publication.read_log(content / load.LOG_FILE, "")
    prefix = f"{compound}/{kind}/"
    first: dict[str, date] = {}
    for entry in entries:
        for document in entry.documents:
            if document.startswith(prefix):
                first.setdefault(document.removeprefix(prefix), entry.date)
    return first


def _free_slug(folder: Path, wanted: str, logged: dict[str, date]) -> str:
    slug, n = wanted, 2
    while _taken(folder, slug) or slug in logged:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def _taken(folder: Path, slug: str) -> bool:
    """Whether a notice or a vote in `folder` has its web address from the name `slug` (a notice's file, or its
    folder with attachments; a vote's file)."""
    return any(path.exists() for path in (folder / f"{slug}.md", folder / slug, folder / f"{slug}.yaml"))


def _yaml_text(text: str) -> str:
    """`text` as a quoted YAML text; one with a control character (invisible, pasted along with it), which
    YAML does not allow, is refused."""
    control = next((ch for ch in text if unicodedata.category(ch) == "Cc"), None)
    if control is not None:
        raise BadArgument(tr("%(text)s holds the control character U+%(code)s; type it again without",
                             text=repr(text), code=format(ord(control), "04X")))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_QUARTER_WRITTEN = re.compile(r"([0-9]{4})\s*年?\s*[-_ ]?\s*(?:第|q)?\s*([1-4一二三四])\s*(?:季度?)?", re.IGNORECASE)


def _quarter_as_people_write_it(period: str) -> str:
    """2026年第四季度, 2026 Q4, 2026-4 -> 2026-Q4; '' when `period` is not written so."""
    written = _QUARTER_WRITTEN.fullmatch(unicodedata.normalize("NFKC", period).strip())
    if not written:
        return ""
    return f"{written[1]}-Q{'一二三四'.index(written[2]) + 1 if written[2] in '一二三四' else written[2]}"


def new_finance(content: Path, compound: str, period: str, today: date) -> list[Path]:
    quarter = Quarter.parse(period)
    if quarter is None or not 1949 <= quarter.year <= 2099:  # the years a content file's dates may have
        meant = _quarter_as_people_write_it(period)
        usable = meant and meant != period and 1949 <= int(meant[:4]) <= 2099
        raise BadArgument(tr("expected a quarter like 2026-Q1 (from 1949 to 2099), found '%(period)s': write "
                             "%(meant)s", period=period, meant=meant) if usable else tr(
                             "expected a quarter like 2026-Q1 (from 1949 to 2099), found '%(period)s'", period=period))
    folder = compound_folder(content, compound) / "finances"
    posting_from, posting_to = finance_posting(quarter, today)
    opening, opening_note = previous_closing(folder, quarter)
    text = _template("finance.yaml").format(
        period=quarter, opening_note=opening_note, opening="" if opening is None else f"{opening:.2f}",
        first_day=quarter.first_day, year=quarter.year, posting_from=posting_from, posting_to=posting_to,
        fund=fund_yaml(folder, quarter), shared_revenue=shared_revenue_example(), audit=audit_example(posting_from))
    return [_create(folder / f"{quarter}.yaml", text)]


# The examples a new quarter's file holds, commented out, their comments in the language spoken; `import ledger`
# writes them as well.
def allocations_example() -> str:
    kinds = _choices(typing.get_args(AllocationKind))
    return "\n".join([
        "#   allocations:           # " + tr("must add up to gross - costs; kind: %(kinds)s", kinds=kinds),
        "#     - {kind: fee_subsidy, amount: 0.00}",
        "#     - {kind: dividend, amount: 0.00, basis: household, households: （户数）}  # "
        + tr("by area: area: （专有面积）; the count or area as of this quarter, kept with it")])


def shared_revenue_example() -> str:
    return ("# shared_revenue:\n#   sources:\n"
            "#     - {source: 地面停车位, gross: 0.00, costs: 0.00, cost_note: （成本说明）}\n" + allocations_example())


def _choices(values: tuple[str, ...]) -> str:
    """As model.base.named_choices names them, in the language spoken: 'dividend (业主分红), reserve (留存备用) or other
    (其他)', and 'dividend（业主分红）、reserve（留存备用）或 other（其他）' in Chinese."""
    named = [_choice(value, CHOICES_IN_CHINESE[value].split("、")[0]) for value in values]
    return tr("%(choices)s or %(last)s", choices=joined(named[:-1]), last=named[-1]) if len(named) > 1 else named[0]


def _choice(value: str, meaning: str) -> str:
    return tr("%(choice)s (%(meaning)s)", choice=value, meaning=meaning)


def audit_example(posting_from: date) -> str:
    return f"# audit:\n#   by: [（监委会成员姓名）]\n#   date: {posting_from}\n#   opinion: （审计意见）"


def finance_posting(quarter: Quarter, today: date) -> tuple[date, date]:
    """A quarter's posting period as first written: from ten days after the quarter ends, or from today
    for a quarter written later, as a posting cannot have started before its file existed."""
    start = max(quarter.last_day + timedelta(days=10), today)
    return start, start + timedelta(days=NOTICE_POSTING_DAYS)


def previous_closing(folder: Path, quarter: Quarter) -> tuple[Decimal | None, str]:
    """The closing balance of the quarter before, which this quarter opens with, and the comment that says
    where it comes from: None when it cannot be known, with a comment that says so."""
    previous = folder / f"{quarter.previous()}.yaml"
    unknown = None
    if not previous.is_file():
        return unknown, tr("write the opening balance: there is no %(file)s to take it from", file=previous.name)
    data = _previous_data(folder, quarter)
    closing = data.get("closing_balance") if isinstance(data, dict) else None
    if not isinstance(closing, (Decimal, int)):
        return unknown, tr("write the opening balance: the closing balance of %(file)s could not be read "
                           "(noticeboard check says why)", file=previous.name)
    return Decimal(closing), closing_balance_of(quarter.previous())


def closing_balance_of(quarter: Quarter) -> str:
    """The comment beside an opening balance taken from the quarter before."""
    return tr("the closing balance of %(quarter)s", quarter=quarter)


def _previous_data(folder: Path, quarter: Quarter) -> object:
    """What the quarter before's file holds; None when it is missing or cannot be read."""
    return _data(folder / f"{quarter.previous()}.yaml")


def _data(path: Path) -> object:
    try:
        return parse_yaml(path.read_text(encoding="utf-8")).data
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        return None


# What `import ledger` writes from the ledger; the rest of a quarter's file was written by hand.
_FROM_THE_LEDGER = ("opening_balance", "closing_balance", "income", "expenses", "posting")


def replaced_parts(path: Path) -> tuple[tuple[date, date] | None, list[str]]:
    """Of a finance file that a ledger imported again replaces: its posting period, which the new file keeps
    (importing again does not post the quarter anew), and the sections written by hand, which it cannot."""
    data = _data(path)
    if not isinstance(data, dict):
        return None, []
    posting = data.get("posting")
    dates = (posting.get("from"), posting.get("to")) if isinstance(posting, dict) else ()
    kept = dates if len(dates) == 2 and all(isinstance(day, date) for day in dates) else None
    return kept, [key for key in data if isinstance(key, str) and key not in _FROM_THE_LEDGER]


# The comments of the maintenance_fund: section, commented out as an example or carried on.
def _fund_is() -> str:
    return tr("专项维修资金, from the account's statement for the quarter")


def _fund_closes() -> str:
    return tr("must equal opening + deposits - uses")


def _fund_uses() -> str:
    return tr("each with `vote:` (the file name of the vote in votes/) or `emergency:` (why)")


def _fund_example(quarter: Quarter) -> str:
    return "\n".join([
        f"# maintenance_fund:       # {_fund_is()}",
        "#   held_by: （专户名称）",
        "#   opening_balance: 0.00",
        f"#   closing_balance: 0.00  # {_fund_closes()}",
        "#   deposits:",
        f"#     - {{date: {quarter.first_day}, source: 专户结息, amount: 0.00}}",
        f"#   uses:                  # {_fund_uses()}",
        f"#     - {{date: {quarter.first_day}, project: （维修项目）, amount: 0.00, vote: （表决文件名）}}"])


def fund_yaml(folder: Path, quarter: Quarter) -> str:
    """The quarter's maintenance_fund: section as a new file starts it: carried on from the quarter before,
    which published it (it is published every quarter once it is), opening with its closing balance; else
    an example, commented out."""
    data = _previous_data(folder, quarter)
    fund = data.get("maintenance_fund") if isinstance(data, dict) else None
    closing = fund.get("closing_balance") if isinstance(fund, dict) else None
    if not isinstance(closing, (Decimal, int)) or not isinstance(fund.get("held_by"), str):
        return _fund_example(quarter)
    return "\n".join([
        f"maintenance_fund:       # {_fund_is()}",
        f"  held_by: {json.dumps(fund['held_by'], ensure_ascii=False)}",
        f"  opening_balance: {Decimal(closing):.2f}    # "
        + tr("its closing balance in %(quarter)s", quarter=quarter.previous()),
        f"  closing_balance: {Decimal(closing):.2f}    # {_fund_closes()}",
        "  deposits: []",
        f"  uses: []                # {_fund_uses()}"])
