"""`noticeboard serve`: preview while editing.

Builds, serves the output folder on 127.0.0.1, watches content/ and templates/
(watchfiles) and rebuilds on every change: the pages first, so that the open
page reloads at once, then the sheets, which take longer to print (at start
too: the site is served before its sheets are printed). The sheets print in
the background: a change made meanwhile stops the printing, its pages are
built at once, and printing starts again, taking the sheets already printed
from the cache. Open pages reload themselves through a small
server-sent-events script that is added only to served pages, never to the
files in the output folder. A compound with errors stays as last built without
them while the others are rebuilt (`build --keep-going`), a failed rebuild keeps
the last good site, and every served page shows the errors on top until they
are fixed: the secretary may be watching the page, not the terminal; in a
district's shared folder, another secretary's typo holds back only their compound.
"""

from __future__ import annotations

import dataclasses
import html
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import watchfiles

from generator import messages
from generator.build import BuildOptions, BuildResult, build, check, held_back_summary
from generator.errors import BuildStopped, Diagnostics, Severity
from generator.load import SITE_FILE
from generator.messages import tr

EVENTS_PATH = "/__noticeboard/events"
RELOAD_SCRIPT = (f'<script>new EventSource("{EVENTS_PATH}").onmessage = function () {{ location.reload(); }};'
                 "</script>").encode()
KEEPALIVE_SECONDS = 10
QUIET_MS = 300  # no change for this long: the watcher returns, and waits again
# Shows a build's problems: (result, whether it was a whole build; False: the sheets' build after the pages).
Report = Callable[[BuildResult, bool], None]


class ServeError(Exception):
    """The preview cannot start; the message says why."""


class Generation:
    """Counts the builds that change what is served (new pages, or new errors); waiting readers wake when
    it changes. `problems`: the errors of the last build, as the terminal shows them; `headline`: what they
    stopped, said above them ('' for the whole build);
    `site_path`: base_url's path as the last build that could read site.yaml had it."""

    def __init__(self) -> None:
        self.value = 0
        self.problems = ""
        self.headline = ""
        self.site_path = ""
        self._changed = threading.Condition()

    def bump(self, problems: str = "", headline: str = "") -> None:
        with self._changed:
            self.value += 1
            self.problems, self.headline = problems, headline
            self._changed.notify_all()

    def wait_past(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.value != seen, timeout=timeout)
            return self.value


class PreviewHandler(SimpleHTTPRequestHandler):
    """The output, served from the root as from base_url's path: the 404 page, served at any address,
    links the stylesheet and the home page from that path (/bishan/static/...)."""

    def __init__(self, *args, generation: Generation, **kwargs):
        self.generation = generation
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path == EVENTS_PATH:
            self._stream_reloads()
            return
        path = Path(self.translate_path(self.path))  # without its query (?from=timeline) or fragment
        page = path / "index.html" if path.is_dir() and urlsplit(self.path).path.endswith("/") else path
        if page.suffix == ".html" and page.is_file():
            self._send_page(page.read_bytes())
        else:
            super().do_GET()

    def translate_path(self, path: str) -> str:
        site = self.generation.site_path
        if len(site) > 1 and (path.startswith(site) or urlsplit(path).path == site[:-1]):  # /bishan: a folder
            path = path[len(site) - 1:]
        return super().translate_path(path)

    def list_directory(self, path):
        """A folder without its page is a page not found, as on a web host: never a listing of its files."""
        self.send_error(404)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page answers with the site's own 404 page, as a web host does, not Python's English one."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            self._send_page(page.read_bytes(), status=404)
        elif code == 404 and self.generation.problems:  # nothing was ever built: the errors are all there is
            self._send_page(_nothing_built(), status=404)
        else:
            super().send_error(code, message, explain)

    def _send_page(self, page: bytes, status: int = 200) -> None:
        body = page.replace(b"</body>", RELOAD_SCRIPT + b"</body>")
        if self.generation.problems:
            body = body.replace(b"<body>", b"<body>" + _banner(self.generation.problems,
                                                               self.generation.headline), 1)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_reloads(self) -> None:
        seen = self.generation.value  # before the headers: a build finishing meanwhile still counts
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            while True:
                now = self.generation.wait_past(seen, KEEPALIVE_SECONDS)
                self.wfile.write(b"data: reload\n\n" if now != seen else b": waiting\n\n")
                self.wfile.flush()
                if now != seen:
                    return
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args) -> None:
        pass  # keep the terminal for build reports


def _nothing_built() -> bytes:
    """The page served before a first build succeeds, in the language the terminal speaks."""
    language = "zh-CN" if messages.language() == messages.CHINESE else "en"
    title, said = html.escape(tr("Not built yet")), html.escape(tr("Nothing has been built yet."))
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{title}</title></head><body><p>{said}</p></body>'
            f'</html>').encode()


def _banner(problems: str, headline: str) -> bytes:
    """The errors of the last build, above the page, which is the last one built without errors (but what the
    `headline` says the errors left out)."""
    what = headline or tr("The last change was not built: the site stays as last built without errors.")
    said = tr("%(what)s Fix what is listed, save, and the page reloads.", what=what)
    return (f'<div role="alert" style="background:#fff0f0;color:#600;border:3px solid #b00;padding:0.8rem;'
            f'margin:0;font-size:1rem"><p style="margin:0 0 0.5rem;font-weight:bold">{html.escape(said)}</p>'
            f'<pre style="white-space:pre-wrap;overflow-wrap:anywhere;margin:0">{html.escape(problems)}</pre>'
            f'</div>').encode()


def _held_back_headline(pages: BuildResult) -> str:
    """What the banner says above the errors of a build that held compounds back ('' if it held none back)."""
    return tr("Not rebuilt, because of the errors below: %(held)s; the rest of the site is up to date.",
              held=held_back_summary(pages)) if pages.held_back else ""


def _problems(result: BuildResult) -> str:
    """The errors the terminal shows of a build ('' if it has none)."""
    return "\n".join(d.format() for d in result.diagnostics.sorted() if d.severity is Severity.error)


def serve(options: BuildOptions, port: int, report: Report,
          stop: threading.Event | None = None) -> None:
    """Serve until interrupted (or until `stop` is set). The pages are served as soon as they are
    built; the sheets, which take minutes for a whole district, are printed after that."""
    options = dataclasses.replace(options, keep_going=True, serving=True)
    if not (options.content / SITE_FILE).is_file():  # run from another folder: say where to run, write nothing
        report(check(options), True)
        raise ServeError(tr("nothing to serve: %(content)s/ is not a content folder", content=options.content))
    generation = Generation()
    handler = partial(PreviewHandler, directory=str(options.output.resolve()), generation=generation)
    try:  # before building, which takes a while for a district, so that a taken port is said at once
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise ServeError(tr("cannot serve on 127.0.0.1:%(port)s (%(reason)s): is another preview running? Stop it, "
                            "or choose another port with --port", port=port, reason=error.strerror)) from None
    server.daemon_threads = True
    pages = _build_pages(options, report, generation)
    if _problems(pages):
        generation.bump(_problems(pages), _held_back_headline(pages))
    options.output.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(tr("Serving http://127.0.0.1:%(port)s/ - edit files under %(content)s/ and the page reloads. Ctrl+C "
             "stops.", port=port, content=options.content), flush=True)
    printer = SheetPrinter(options, report, generation)
    to_print = pages if pages.written and options.pdfs else None  # the pages whose sheets are to print next
    try:
        # Watching starts before the first sheets are printed, so that an edit made meanwhile is not missed;
        # the first quiet moment starts printing them.
        for changes in watchfiles.watch(options.content, options.templates, stop_event=stop,
                                        yield_on_timeout=True, rust_timeout=QUIET_MS):
            if changes:
                if printer.stop():
                    print(tr("Printing stopped: the content changed. It starts again after the pages are "
                             "rebuilt."), flush=True)
                pages = _rebuild(options, report, generation)
                to_print = pages if pages.written and options.pdfs else None
            if to_print:
                printer.start(to_print)
                to_print = None
    except KeyboardInterrupt:
        pass
    finally:
        printer.stop()
        server.shutdown()


def _rebuild(options: BuildOptions, report: Report, generation: Generation) -> BuildResult:
    """The pages, and the open pages reload as soon as they are written. The sheets are printed after
    that, in a build of their own: if they fail, the output holds the new pages and the last printed
    sheets, as after `build --no-pdf`."""
    pages = _build_pages(options, report, generation)
    problems = _problems(pages)
    if problems != generation.problems or (pages.written and not pages.up_to_date):  # saved unchanged: no reload
        generation.bump(problems, _held_back_headline(pages))
    if pages.written:
        print(tr("Pages rebuilt, but for what is held back: %(held)s.", held=held_back_summary(pages))
              if pages.held_back else tr("Pages rebuilt."), flush=True)
    return pages


def _build_pages(options: BuildOptions, report: Report, generation: Generation) -> BuildResult:
    """A build without sheets, reported at once."""
    pages = build(dataclasses.replace(options, pdfs=False))
    report(pages, True)
    generation.site_path = pages.site_path or generation.site_path
    return pages


class SheetPrinter:
    """Prints the sheets in a thread of its own, so that the watcher sees the changes made meanwhile."""

    def __init__(self, options: BuildOptions, report: Report, generation: Generation | None = None):
        self.options = options
        self.report = report
        self.generation = generation
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unfinished = False

    def start(self, pages: BuildResult) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._print, args=(pages,), daemon=True)
        self._thread.start()

    def stop(self) -> bool:
        """Stop the printing after the compound or sheet at hand and wait for it; True if it had not finished."""
        if self._thread is None:
            return False
        self._stop.set()
        self._thread.join()
        self._thread = None
        return self._unfinished

    def _print(self, pages: BuildResult) -> None:
        self._unfinished = False
        try:
            _print_sheets(self.options, self.report, pages, self._stop.is_set, self.generation)
        except BuildStopped:
            self._unfinished = True


def _print_sheets(options: BuildOptions, report: Report, pages: BuildResult, stopped: Callable[[], bool],
                  generation: Generation | None = None) -> None:
    """A build with sheets after `pages`: only the problems `pages` did not report are reported. When it
    fails, the pages served show why (`generation`), as they do for the pages' own problems."""
    print(tr("Printing the sheets..."), flush=True)
    sheets = build(options, stopped=stopped)
    reported = {diagnostic.format() for diagnostic in pages.diagnostics.items}
    report(dataclasses.replace(sheets, held_back=[], diagnostics=Diagnostics(  # said with the pages
        [diagnostic for diagnostic in sheets.diagnostics.items if diagnostic.format() not in reported])), False)
    if sheets.written:
        print(tr("Sheets printed."), flush=True)
        return
    print(tr("The pages are up to date, but the sheets were not printed again: the last printed ones stay, and a "
             "sheet may show another code than its page until this is fixed."), flush=True)
    if generation is not None and _problems(sheets):
        generation.bump(_problems(sheets), tr("The sheets were not printed again, because of the errors below: the "
                                              "pages are up to date, and their sheets as last printed."))
