"""`noticeboard serve` for real: a process, HTTP on 127.0.0.1, a file edit, a reload."""

from __future__ import annotations

import contextlib
import http.client
import os
import queue
import re
import signal
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import serve
from generator.build import BuildOptions
from tests.conftest import PROJECT, copy_compound, edit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(folder: Path, port: int) -> subprocess.Popen:
    """`noticeboard serve` run as a user runs it, in `folder`, printing into a pipe."""
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"})


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_until_up(port: int, process: subprocess.Popen) -> None:
    _wait_until_served(port, process)
    _get(port, "/")


def _wait_until_served(port: int, process: subprocess.Popen) -> None:
    """Until serve answers, with a page or with an error."""
    for _ in range(100):
        assert process.poll() is None, process.stdout.read()
        try:
            _get(port, "/")
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not start")


def test_serve_rebuilds_on_change_and_tells_the_page_to_reload(minimal):
    port = _free_port()
    process = _serve(minimal, port)
    lines, told = _lines_of(process), []
    try:
        _wait_until_up(port, process)
        page = _get(port, "/lanting/notices/water-outage/")
        assert "停水通知" in page and "EventSource" in page
        # As a link shared in WeChat opens it: the page was served without its reload script.
        assert "EventSource" in _get(port, "/lanting/notices/water-outage/?from=timeline")
        assert "EventSource" not in (minimal / "output/lanting/notices/water-outage/index.html").read_text(
            encoding="utf-8"), "the reload script must never be written into output/"
        try:
            _get(port, "/lanting/notices/no-such-notice/")
            raise AssertionError("a missing page was found")
        except urllib.error.HTTPError as missing:
            not_found = missing.read().decode("utf-8")
            assert missing.code == 404 and "页面不存在" in not_found
        # The 404 page links from base_url's path (/test/), as the host serves the site: so does the preview.
        stylesheet = re.search(r'<link rel="stylesheet" href="(/test/static/site\.[0-9a-f]+\.css)">', not_found)
        assert stylesheet and "font-size" in _get(port, stylesheet[1])
        assert "停水通知" in _get(port, "/test/lanting/notices/water-outage/")
        assert "兰亭苑" in _get(port, "/test")  # redirected to /test/, as a host does
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        events.request("GET", "/__noticeboard/events")
        stream = events.getresponse()
        assert stream.getheader("Content-Type") == "text/event-stream"
        notice = minimal / "content/lanting/notices/water-outage.md"
        notice.write_text(notice.read_text(encoding="utf-8").replace("title: 停水通知", "title: 停水通知（延期）"),
                          encoding="utf-8")
        line = stream.readline()
        while line.startswith(b":") or line == b"\n":
            line = stream.readline()
        assert line == b"data: reload\n"
        assert "停水通知（延期）" in _get(port, "/lanting/notices/water-outage/")
        # The page reloads once its pages are written; its sheet is printed after.
        _read_until(lines, told, "Pages rebuilt.")
        _read_until(lines, told, "Sheets printed.")
        sheet = minimal / "output/lanting/notices/water-outage/water-outage.pdf"
        assert "停水通知（延期）" in PdfReader(sheet).pages[0].extract_text()
    finally:
        process.terminate()
        process.wait(timeout=10)
    printed = "".join(told)
    # Served before any sheet is printed; after the edit, the pages before the sheets again.
    assert printed.index("Serving http") < printed.index("Printing the sheets..."), printed
    assert printed.index("Pages rebuilt.") < printed.rindex("Printing the sheets...") < printed.rindex(
        "Sheets printed."), printed


def test_an_edit_with_errors_shows_them_on_every_served_page_until_they_are_fixed(minimal):
    port = _free_port()
    process = _serve(minimal, port)
    lines, told = _lines_of(process), []
    notice = minimal / "content/lanting/notices/water-outage.md"
    good = notice.read_text(encoding="utf-8")
    try:
        _wait_until_up(port, process)
        assert 'role="alert"' not in _get(port, "/")
        notice.write_text(good.replace("title: 停水通知", "title：停水通知（延期）"), encoding="utf-8")
        _read_until(lines, told, "1 error")
        for path in ("/lanting/notices/water-outage/", "/"):
            page = _get(port, path)
            banner = page[page.index('<div role="alert"'):page.index("</div>")]
            assert ("Not rebuilt, because of the errors below: lanting stays as last built without errors; the rest "
                    "of the site is up to date.") in banner
            assert "content/lanting/notices/water-outage.md:2:6: error:" in banner and "&lt;" not in good
        assert "<title>停水通知 · " in _get(port, "/lanting/notices/water-outage/")  # the last good page
        notice.write_text(good.replace("title: 停水通知", "title: 停水通知（延期）"), encoding="utf-8")
        _read_until(lines, told, "Pages rebuilt.")
        page = _get(port, "/lanting/notices/water-outage/")
        assert "停水通知（延期）" in page and 'role="alert"' not in page
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_one_compounds_errors_hold_back_only_that_compound_and_the_others_are_rebuilt(minimal):
    copy_compound(minimal / "content", "zhuyuan")
    told = []
    with _serving(minimal) as (port, lines):
        edit(minimal / "content/lanting/notices/water-outage.md", "title: 停水通知", "title：停水通知（延期）")
        _read_until(lines, told, "Pages rebuilt, but for what is held back: lanting stays as last built")
        assert "hint: fix its errors, then save its files: serve builds again at once" in "".join(told)
        assert "build again" not in "".join(told)  # saving is enough
        edit(minimal / "content/zhuyuan/notices/water-outage.md", "title: 停水通知", "title: 停水通知（竹苑）")
        _read_until(lines, told, "Pages rebuilt, but for what is held back: lanting stays as last built")
        page = _get(port, "/zhuyuan/notices/water-outage/")
        assert "停水通知（竹苑）" in page  # another secretary's typo holds back only their compound
        assert "Not rebuilt, because of the errors below: lanting stays as last built" in page
        assert "<title>停水通知 · " in _get(port, "/lanting/notices/water-outage/")  # as last built
        _read_until(lines, told, "Sheets printed.")
        assert "0 errors, 0 warnings" not in "".join(told)  # the pages' report said it all, the sheets' nothing


def test_errors_before_anything_was_built_are_shown_in_place_of_the_site(minimal):
    edit(minimal / "content/site.yaml", "title: 测试区", "title：测试区")
    port = _free_port()
    process = _serve(minimal, port)
    try:
        _wait_until_served(port, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
            raise AssertionError("a page was served though nothing could be built")
    except urllib.error.HTTPError as missing:
        page = missing.read().decode("utf-8")
        assert missing.code == 404 and "Nothing has been built yet." in page
        assert "content/site.yaml:1:6: error:" in page
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_compound_with_errors_before_it_was_ever_built_stays_off_the_site_with_its_errors_on_top(minimal):
    edit(minimal / "content/lanting/notices/water-outage.md", "title: 停水通知", "title：停水通知")
    with _serving(minimal) as (port, _):
        home = _get(port, "/")
        assert "lanting/" not in home[home.index("</div>"):]  # not listed: it was never built
        assert "Not rebuilt, because of the errors below: lanting stays off the site until its errors" in home
        assert "content/lanting/notices/water-outage.md:2:6: error:" in home


@contextlib.contextmanager
def _serving(folder: Path) -> Iterator[tuple[int, queue.Queue]]:
    """`noticeboard serve` in `folder`, up: its port and the lines it prints; stopped afterwards."""
    port = _free_port()
    process = _serve(folder, port)
    try:
        lines = _lines_of(process)
        _wait_until_up(port, process)
        yield port, lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_sheets_build_reports_only_what_the_pages_build_did_not(minimal):
    overdue = date(2027, 3, 1)  # the 2026 Q4 disclosure is late by then: a warning in every build
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=overdue, root=minimal, cache=minimal / ".cache")
    reported = []
    pages = serve._build_pages(options, lambda result, *_: reported.append(result), serve.Generation())
    assert pages.written and pages.diagnostics.warnings
    serve._print_sheets(options, lambda result, *_: reported.append(result), pages, lambda: False)
    assert (minimal / "output/lanting/notices/water-outage/water-outage.pdf").is_file()
    assert [r.diagnostics.items for r in reported] == [pages.diagnostics.items, []]


def test_sheets_that_cannot_be_printed_are_shown_on_the_pages_served_and_said_for_what_they_are(minimal, capsys):
    # The terminal said "Nothing was written; the output folder is unchanged" of pages just rewritten, and the
    # page served showed no problem while its sheet kept an older code.
    notice = minimal / "content/lanting/notices/water-outage.md"
    edit(notice, "category: 通知", "category: 通知𠀀")
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=date(2026, 11, 25), root=minimal, cache=minimal / ".cache")
    reported, generation = [], serve.Generation()
    pages = serve._build_pages(options, lambda result, whole: reported.append((result, whole)), serve.Generation())
    assert pages.written
    serve._print_sheets(options, lambda result, whole: reported.append((result, whole)), pages, lambda: False,
                        generation)
    assert [whole for _, whole in reported] == [True, False]
    assert "no installed font has 𠀀" in generation.problems
    assert generation.headline.startswith("The sheets were not printed again, because of the errors below")
    assert "The pages are up to date, but the sheets were not printed again" in capsys.readouterr().out


def test_printing_stops_when_asked_and_printing_again_takes_the_sheets_it_printed_from_the_cache(minimal, capsys):
    options = BuildOptions(content=minimal / "content", output=minimal / "output", print_output=minimal / "print",
                           build_date=date(2026, 11, 25), root=minimal, cache=minimal / ".cache", workers=1)
    reported = []
    pages = serve._build_pages(options, lambda result, *_: reported.append(result), serve.Generation())
    printer = serve.SheetPrinter(options, lambda result, *_: reported.append(result))
    printer.start(pages)
    printed_early = _sheets_in(minimal / ".cache", until=lambda found: found)
    assert printer.stop(), "stopped before it had printed every sheet"  # as an edit does
    told = capsys.readouterr().out
    assert "Printing the sheets..." in told and "Sheets printed." not in told, told
    assert not list((minimal / "output").rglob("*.pdf")), "a stopped printing writes nothing into the output"
    # A sheet printed again is written anew, as another file; one taken from the cache is only touched.
    kept = {path: path.stat().st_ino for path in _sheets_in(minimal / ".cache")}
    assert len(printed_early) <= len(kept) < 8

    printer.start(pages)
    for _ in range(1200):
        told += capsys.readouterr().out
        if "Sheets printed." in told:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the sheets were not printed: {told}")
    assert not printer.stop(), "it had finished"
    assert len(list((minimal / "output").rglob("*.pdf"))) == 9  # 8 sheets and the board pack
    assert {path: path.stat().st_ino for path in kept} == kept, "the sheets printed before were printed again"


def _sheets_in(cache, until=lambda found: True) -> list:
    for _ in range(1200):
        found = sorted(cache.glob("*.pdf"))
        if until(found):
            return found
        time.sleep(0.01)
    raise AssertionError("no sheet was printed")


def test_an_edit_while_the_district_prints_shows_at_once_and_printing_starts_again(tmp_path):
    """The demo district's 48 sheets take several seconds to print: the edit lands while they do."""
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    port = _free_port()
    process = _serve(tmp_path, port)
    lines, told = _lines_of(process), []
    try:
        _read_until(lines, told, "Printing the sheets...")
        notice = tmp_path / "content/chenghu-yuan/notices/tingshui-tongzhi.md"
        notice.write_text(notice.read_text(encoding="utf-8").replace("title: 2栋、3栋停水通知",
                                                                     "title: 2栋、3栋停水通知（更正）"),
                          encoding="utf-8")
        _read_until(lines, told, "Pages rebuilt.")
        assert "停水通知（更正）" in _get(port, "/chenghu-yuan/notices/tingshui-tongzhi/")
        _read_until(lines, told, "Printing the sheets...")
    finally:
        process.terminate()
        process.wait(timeout=30)
    printed = "".join(told)
    assert "Sheets printed." not in printed, "the first printing should still have been running"
    assert printed.index("Printing stopped: the content changed") < printed.index("Pages rebuilt."), printed


@pytest.mark.parametrize("printing", [0, 2], ids=["at once", "two seconds later"])
def test_a_killed_serve_leaves_no_printing_worker_behind(tmp_path, printing):
    """Else a worker finishes its sheet and waits for ever to hand it over, keeping serve's output open. A
    worker still starting when serve was killed took init for the parent to outlive."""
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    process = _serve(tmp_path, _free_port())
    told, closed = [], threading.Event()

    def read() -> None:
        told.extend(process.stdout)
        closed.set()
    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 120
    while not any("Printing the sheets..." in line for line in told):
        assert time.monotonic() < deadline and process.poll() is None, "".join(told)
        time.sleep(0.1)
    time.sleep(printing)
    process.kill()
    process.wait(timeout=10)
    assert closed.wait(timeout=20), "a printing worker outlived serve"


def test_serve_stopped_by_sigterm_to_its_process_group_stops_cleanly_while_printing(tmp_path):
    # systemd and `timeout` signal the whole group: the printing workers died, and the pool they broke
    # printed a traceback from the printing thread.
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(_free_port())],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"}, start_new_session=True)
    lines, told = _lines_of(process), []
    _read_until(lines, told, "Printing the sheets...")
    time.sleep(1)
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    time.sleep(0.5)
    while not lines.empty():
        told.append(lines.get())
    assert "Traceback" not in "".join(told), "".join(told)


def _lines_of(process: subprocess.Popen) -> queue.Queue:
    """What the process prints, line by line, as it prints it."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    return lines


def _read_until(lines: queue.Queue, told: list[str], text: str, seconds: float = 120) -> None:
    """Take the lines printed until one holds `text`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            told.append(lines.get(timeout=max(deadline - time.monotonic(), 0.01)))
        except queue.Empty:
            raise AssertionError(f"'{text}' never came: {''.join(told)}") from None
        if text in told[-1]:
            return


def test_a_port_in_use_is_said_at_once_without_a_traceback_and_without_building(minimal):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve(minimal, port)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 1
    assert f"Error: cannot serve on 127.0.0.1:{port} (Address already in use)" in output
    assert "Traceback" not in output and not (minimal / "output").exists()


def test_serve_run_from_inside_a_compound_says_where_to_run_and_writes_nothing(minimal):
    # It wrote output/ and a lock into the compound's folder, and ended in a traceback from the file watcher.
    compound = minimal / "content/lanting"
    before = sorted(p.name for p in compound.iterdir())
    process = _serve(compound, _free_port())
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1 and "Traceback" not in output
    assert f"is inside the content folder {minimal / 'content'}: run noticeboard from {minimal}" in output
    assert "Error: nothing to serve: content/ is not a content folder" in output
    assert sorted(p.name for p in compound.iterdir()) == before
