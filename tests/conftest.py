"""Shared fixtures: fixture sites copied into tmp_path, inline mini-sites, and builds."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

os.environ["LANGUAGE"] = "en"  # the tests read what the command line says in English (test_messages: in Chinese)

from generator import messages  # noqa: E402 -- after the language is set, which importing it reads
from generator.build import BuildOptions, BuildResult, build  # noqa: E402
from generator.cli import main  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).parent.parent
BUILD_DATE = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def built_on_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run without --date are for BUILD_DATE, noon in Chongqing, not for the day the tests run: the
    fixtures' postings end, and what `check` says of them changes, as the calendar moves on."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.combine(BUILD_DATE, time(12), ZoneInfo(
        "Asia/Shanghai")).timestamp())))
    messages.use(messages.ENGLISH)  # as a command run in Chinese by the test before left it


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy tests/fixtures/<name> into a fresh folder and return that folder."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture
def minimal(site_copy) -> Path:
    return site_copy("minimal")


def edit(path: Path, old: str, new: str, count: int = -1) -> None:
    """Replace `old` in the file (its first `count` times; every time by default), which must hold it: a
    fixture changed under a test fails it, not passes it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def copy_compound(content: Path, to: str) -> Path:
    """The minimal fixture's compound copied as the compound `to`, its owners' committee registered apart (a
    registration number two committees share is an error)."""
    shutil.copytree(content / "lanting", content / to)
    edit(content / to / "compound.yaml", "52500000TEST00001X", f"52500000TEST-{to}")
    return content / to


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


_SHARED_CACHE: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def shared_sheet_cache(tmp_path_factory) -> Path:
    """Printed sheets are cached by everything that decides their bytes, so tests can share them."""
    folder = tmp_path_factory.mktemp("sheet-cache")
    _SHARED_CACHE.append(folder)
    return folder


def build_site(root: Path, day: date = BUILD_DATE, **options) -> BuildResult:
    options.setdefault("cache", _SHARED_CACHE[0] if _SHARED_CACHE else root / ".cache")
    options.setdefault("output", root / "output")
    options.setdefault("print_output", root / "print")
    return build(BuildOptions(content=root / "content", build_date=day, root=root, **options))


def read_page(path: Path) -> BeautifulSoup:
    """A built page as a reader sees its text: a date, or a title's last characters, kept on one line by a span
    of its own, runs on with the text around it (get_text(" ") would set it apart with spaces)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for unbroken in soup.select("span.date, span.nowrap"):
        unbroken.unwrap()
    soup.smooth()
    return soup


def write_election(site: Path, candidates: list[str], seats: int, thresholds: str = "") -> None:
    """votes/election.yaml in the minimal fixture: 150 of its 200 owners (12,000 of 16,000 m²) voted, for
    `candidates` (each a YAML flow mapping, from line 11 of the file)."""
    listed = "".join(f"  - {candidate}\n" for candidate in candidates)
    (site / "content/lanting/votes/election.yaml").write_text(
        "title: 兰亭苑业主委员会补选\nkind: election\nmatter: elect_committee\ndate: 2026-10-08\n"
        "voting: {from: 2026-09-20, to: 2026-10-06}\nposting: {from: 2026-10-09, to: 2026-10-19}\n"
        "electorate: {owners: 200, area: 16000.00}\n"
        "ballots:\n  - {channel: paper, cast: {owners: 150, area: 12000.00}}\n"
        f"candidates:\n{listed}seats: {seats}\ncounting: {{counted_by: [钱二], supervised_by: [李四]}}\n{thresholds}",
        encoding="utf-8")


def count_roof_vote_in_september(site: Path) -> None:
    """The minimal fixture's vote on using the maintenance fund, counted in 2026-Q3 instead of after it."""
    vote = site / "content/lanting/votes/roof-repair.yaml"
    edit(vote, "date: 2026-10-08", "date: 2026-09-20")
    edit(vote, "voting: {from: 2026-09-20, to: 2026-10-06}", "voting: {from: 2026-09-01, to: 2026-09-15}")
    edit(vote, "posting: {from: 2026-10-09, to: 2026-10-19}", "posting: {from: 2026-09-21, to: 2026-10-05}")


def add_maintenance_fund(site: Path) -> None:
    """The minimal fixture's 2026-Q3 with a maintenance fund: a deposit, a use the roof vote approved, and an
    emergency use."""
    count_roof_vote_in_september(site)
    edit(site / "content/lanting/finances/2026-Q3.yaml", "posting:", """maintenance_fund:
  held_by: 某区物业专项维修资金专户
  opening_balance: 500000.00
  closing_balance: 419910.00
  deposits:
    - {date: 2026-09-21, source: 专户季度结息, amount: 1910.00}
  uses:
    - {date: 2026-09-25, project: 1栋屋面维修, amount: 80000.00, vote: roof-repair}
    - {date: 2026-08-02, project: 2栋电梯主机抢修, amount: 2000.00, emergency: 电梯困人，主机烧毁}
posting:""")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def signalled_at_a_move(signal_name: str, move: str, then: str) -> str:
    """A Python program that runs `then` with each `os.replace` counted: the one for which `move` (an expression of
    `number`, counted from 1, and `target`) holds sends this process `signal_name` first, as the system kills or
    stops a build at that moment."""
    return f"""
import os, signal, sys
from pathlib import Path
moves, replace = [], os.replace
def signalled(source, target):
    moves.append(target)
    number = len(moves)
    if {move}:
        os.kill(os.getpid(), signal.{signal_name})
    replace(source, target)
os.replace = signalled
{then}
"""


def run_program(program: str, cwd: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """`program` run by a Python of its own in `cwd`, as a user's command runs, with what it prints captured."""
    return subprocess.run([sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"}, timeout=timeout)


def run_cli(args: list[str], cwd: Path) -> Result:
    """Run the `noticeboard` command in `cwd` and capture what it prints."""
    with contextlib.chdir(cwd):
        return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory) -> Path:
    """The minimal fixture built once, for tests that only read its output."""
    root = tmp_path_factory.mktemp("built") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    result = build_site(root)
    assert result.written, [d.format() for d in result.diagnostics.items]
    return root / "output"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the expected.txt of every invalid-content case from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
