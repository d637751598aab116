"""Stage 4b, pdf: sheets (HTML) -> PDF bytes with WeasyPrint.

- Resources are confined: a sheet may load `data:` URLs and files inside the
  content and template folders, nothing else (no other file, no network). Any
  other URL stops the build with an error naming it.
- A character that no installed font has stops the build with an error naming
  the characters and the file, instead of printing empty boxes.
- A sheet whose HTML, fonts and WeasyPrint version are unchanged since the last
  build is taken from the cache (`.noticeboard-cache/`, safe to delete); the
  rest are rendered in worker processes across the cores.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import html
import logging
import mimetypes
import os
import re
import signal
import subprocess
import threading
import time
import warnings
from collections.abc import Callable, Generator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import fit, fontsubset, glyphs, messages, qr
from generator.errors import BuildStopped, Diagnostic, Location
from generator.memo import library_versions
from generator.messages import tr

MISSING_GLYPH = ".notdef glyph rendered"
_LOCAL_REFERENCE = re.compile(r'(?:src|href)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#|/)([^"]+)"')
PARALLEL_FROM = 3  # fewer sheets than this render faster in-process than with worker start-up


@dataclass(frozen=True)
class SheetJob:
    path: str
    html: str
    base_url: str
    roots: tuple[str, ...]
    source: str  # as shown in messages
    file: Path | None = None  # the source itself, to point at a character no font has
    # The stylesheet every sheet shares (print.css), given apart from the HTML so that a process parses it once.
    stylesheet: Path | None = None


@dataclass(frozen=True)
class SheetResult:
    path: str
    pdf: bytes | None = None
    missing: str = ""
    blocked: str = ""


def environment_problems(font: str) -> list[str]:
    """What would make sheets slow or unreadable on this machine, with the fix."""
    from weasyprint.text import ffi

    problems = []
    if ffi.harfbuzz_subset is None:
        problems.append(tr("libharfbuzz-subset0 is not installed: every sheet would take 8-12 s instead of 0.2 s. "
                           "Install it with `apt-get install libharfbuzz-subset0` (scripts/setup.sh does)."))
    if not _fc(["fc-list", ":lang=zh-cn", "family"]):
        problems.append(tr("no installed font covers Chinese, so sheets would print empty boxes. Install one with "
                           "`apt-get install fonts-noto-cjk` (scripts/setup.sh does)."))
    elif not glyphs.font_installed(font):
        problems.append(tr("the font '%(font)s' named in site.yaml (print.font) is not installed; "
                           "`fc-list :lang=zh-cn family` lists the Chinese fonts that are.", font=font))
    return problems


def _fc(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except FileNotFoundError:
        return ""


# The system's libraries that lay out, shape and subset a sheet's text: upgraded, they may print it otherwise.
# Listed by /sbin/ldconfig, as ctypes finds libraries: by its full path, as a user's PATH often lacks /sbin, and
# a build whose PATH has it would otherwise print every sheet again after one whose PATH has not.
_SYSTEM_LIBRARIES = ("libpango-1.0.so", "libpangoft2-1.0.so", "libharfbuzz.so", "libharfbuzz-subset.so",
                     "libfontconfig.so")


def fingerprint(font: str) -> str:
    """Everything besides a sheet's HTML that decides its bytes: the renderer (WeasyPrint, the libraries it and
    this module use, those of the system it calls), the font file and how this module prints."""
    font_file = _fc(["fc-match", "-f", "%{file}", font])
    files = [font_file] + [line.rpartition(" => ")[2] for line in _fc(["/sbin/ldconfig", "-p"]).splitlines()
                           if line.strip().startswith(_SYSTEM_LIBRARIES)]
    identity = "; ".join(f"{file}:{stat.st_size}:{stat.st_mtime_ns}" if (stat := _stat(file)) else file
                         for file in sorted(set(files)))
    return f"{'; '.join(library_versions())}; {identity}; {_printing_code()}"


def _stat(file: str) -> os.stat_result | None:
    try:
        return os.stat(file)
    except OSError:
        return None


def _printing_code() -> str:
    """How this module, fit.py, qr.py and fontsubset.py print: a sheet printed otherwise is printed again."""
    modules = (__file__, fit.__file__, qr.__file__, fontsubset.__file__)
    return hashlib.sha256(b"".join(Path(file).read_bytes() for file in modules)).hexdigest()[:16]


def _path_of(file_url: str) -> Path:
    # Imported here, only when printing: urllib.request brings http.client and ssl, some 18 ms
    # that every other command would pay at start.
    from urllib.request import url2pathname
    return Path(url2pathname(urlsplit(file_url).path))


def _file_of(reference: str) -> str:
    """The file a relative URL in the HTML names, as WeasyPrint finds it: `my%20photo.png?v=2` is `my photo.png`."""
    return unquote(urlsplit(html.unescape(reference)).path)


# A cached sheet no build has used for so long is deleted: the cache holds about what the site prints, not every
# version of every sheet ever printed.
UNUSED_FOR = 30 * 24 * 3600  # seconds
# What the cache writes, and so may delete: a sheet, and the part of one that a build killed while writing it left.
_CACHED_NAME = re.compile(r"(?:pack-)?[0-9a-f]{64}\.pdf|\.(?:pack-)?[0-9a-f]{64}\.[0-9]+")


class SheetCache:
    """PDF bytes by the hash of everything that decides them."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint

    def key(self, job: SheetJob) -> str:
        digest = hashlib.sha256("\0".join([self.fingerprint, job.base_url, *job.roots, job.html]).encode("utf-8"))
        if job.stylesheet:
            digest.update(job.stylesheet.read_bytes())
        # A picture can change while the HTML that shows it does not: its bytes count too.
        folder = _path_of(job.base_url)
        for reference in sorted(set(_LOCAL_REFERENCE.findall(job.html))):
            path = folder / _file_of(reference)
            digest.update(path.read_bytes() if path.is_file() else b"missing")
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pdf"
        try:
            found = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):  # a cache it may read but not write is used all the same
            os.utime(path)  # used now, so not pruned
        return found

    def prune(self) -> None:
        """Delete the sheets (and board packs) no build has used for `UNUSED_FOR`."""
        if self.folder is None or not self.folder.is_dir():
            return
        before = time.time() - UNUSED_FOR
        for entry in os.scandir(self.folder):
            if _CACHED_NAME.fullmatch(entry.name) and entry.is_file() and entry.stat().st_mtime < before:
                Path(entry.path).unlink(missing_ok=True)

    def put(self, key: str, pdf: bytes) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{key}.{os.getpid()}"
        partial.write_bytes(pdf)
        os.replace(partial, self.folder / f"{key}.pdf")


def confined_fetcher(roots: tuple[str, ...]):
    """A WeasyPrint URL fetcher that serves `data:` URLs and files under `roots`, and
    stops the render (a FatalURLFetchingError, returned as the second value) on anything else."""
    fetcher, blocked = _fetcher_classes()
    return fetcher([Path(r).resolve() for r in roots]), blocked


@functools.cache
def _fetcher_classes():
    """Defined on first use, once, so that importing this module does not import WeasyPrint."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Blocked(FatalURLFetchingError):
        pass

    class ConfinedFetcher(URLFetcher):
        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols={"data", "file"}, fail_on_errors=True)
            self.roots = roots

        def fetch(self, url: str, headers: dict | None = None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            # Said in a worker too, in the language its build speaks (see `_start_worker`).
            if scheme != "file":
                raise Blocked(tr("%(url)s (sheets load nothing from the network)", url=url))
            path = _path_of(url).resolve()  # resolves .. and symlinks
            if not any(path.is_relative_to(root) for root in self.roots):
                raise Blocked(tr("%(url)s (outside the content and templates folders)", url=url))
            if not path.is_file():
                raise Blocked(tr("%(url)s (no such file)", url=url))
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return ConfinedFetcher, Blocked


class _GlyphWatcher(logging.Handler):
    """WeasyPrint only logs a missing glyph; collect them to fail the sheet."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(MISSING_GLYPH) and record.args:
            self.missing.append(str(record.args[0]))


class SheetRenderer:
    """Renders sheets in this process, sharing one font configuration."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.rendered = 0
        # Pillow's warning of a picture of many pixels reached the secretary's terminal as a Python warning;
        # `check` says it in words, at the picture.
        warnings.filterwarnings("ignore", message="Image size .* could be decompression bomb")
        self.stylesheets: dict[tuple[Path, bytes], object] = {}  # parsed, by file and bytes
        fontsubset.install()

    def render(self, job: SheetJob) -> SheetResult:
        from weasyprint import HTML
        from weasyprint.logger import LOGGER

        fetcher, blocked = confined_fetcher(job.roots)
        watcher = _GlyphWatcher()
        LOGGER.addHandler(watcher)
        page = qr.fill(job.html)
        try:
            stylesheets = [self._stylesheet(job.stylesheet, fetcher)] if job.stylesheet else []

            def laid_out(html: str):
                return HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render(
                    font_config=self.fonts, stylesheets=stylesheets)
            document, classes = laid_out(page), []
            if fit.too_wide(document):
                classes.append("wide")
                document = laid_out(fit.laid_out_as(page, classes))
            if fit.may_fit_on_one_page(document):
                fitted = laid_out(fit.laid_out_as(page, [*classes, "fit"]))
                document = fitted if len(fitted.pages) < len(document.pages) else document
            pdf = document.write_pdf()
        except blocked as error:
            return SheetResult(job.path, blocked=str(error))
        finally:
            LOGGER.removeHandler(watcher)
            self.rendered += 1
            if self.rendered % 10 == 0:
                gc.collect()  # WeasyPrint's layout leaves cycles; keeps long builds' memory flat
        if watcher.missing:
            return SheetResult(job.path, missing="".join(dict.fromkeys(watcher.missing)))
        return SheetResult(job.path, pdf)

    def _stylesheet(self, path: Path, fetcher):
        """The stylesheet at `path`, parsed once (about 28 ms for print.css) for all the sheets of this process.
        Given apart from the document, it is a user stylesheet, not an author's: the same to every rule the
        sheets have, since no author's rule is written to lose against it."""
        from weasyprint import CSS

        text = path.read_bytes()
        if (path, text) not in self.stylesheets:
            self.stylesheets[path, text] = CSS(string=text.decode("utf-8"), base_url=path.parent.as_uri() + "/",
                                               url_fetcher=fetcher, font_config=self.fonts)
        return self.stylesheets[path, text]


_worker: SheetRenderer | None = None


def _start_worker(parent: int, language: str) -> None:
    global _worker
    # Started anew ("spawn"), a worker would speak its environment's language, not the one its build was told.
    messages.use(language)
    # Ctrl+C is the parent's to act on (it stops printing and drops what is being printed): a worker
    # interrupted in the middle of a sheet would only send back a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # So is SIGTERM, which systemd and `timeout` send to the whole process group: a worker it ended broke the
    # parent's pool in the middle of stopping (a traceback from `serve`). Once the parent is gone, it leaves.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # The parent's pid as it gave it: one killed while this worker was still starting has left it to init.
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _worker = SheetRenderer()


def _exit_with_parent(parent: int) -> None:
    """A worker whose build was killed (say, `serve` stopped with SIGTERM) would finish its sheet and then
    wait for ever to hand it over, keeping the terminal or pipe it inherited open: it leaves instead."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _render_in_worker(job: SheetJob) -> SheetResult:
    assert _worker is not None
    return _worker.render(job)


Printed = tuple[dict[str, bytes], list[Diagnostic], int]


def render_sheets(jobs: list[SheetJob], cache: SheetCache, workers: int, renderer: SheetRenderer | None = None,
                  ready: Callable[[], list[Diagnostic]] = lambda: [],
                  stopped: Callable[[], bool] = lambda: False) -> Printed:
    """PDF bytes by output path, problems found, and how many sheets were actually rendered.
    `ready` is asked first when any sheet must be printed anew; its problems stop the printing.
    `stopped` is asked after each sheet printed: when it says so, BuildStopped is raised."""
    pdfs: dict[str, bytes] = {}
    keys = {job.path: cache.key(job) for job in jobs}
    todo = []
    for job in jobs:
        cached = cache.get(keys[job.path])
        if cached is None:
            todo.append(job)
        else:
            pdfs[job.path] = cached
    unready = ready() if todo else []
    if unready:
        return pdfs, unready, 0
    problems = []
    results = _printed(todo, workers, renderer)
    try:
        for job, result in zip(todo, results):
            if result.pdf is not None:
                pdfs[job.path] = result.pdf
                cache.put(keys[job.path], result.pdf)  # at once: a printing stopped later keeps it
            else:
                problems.append(_problem(job, result))
            if stopped():
                raise BuildStopped
    finally:
        results.close()
    return pdfs, problems, len(todo)


def _printed(todo: list[SheetJob], workers: int, renderer: SheetRenderer | None
             ) -> Generator[SheetResult, None, None]:
    """Each sheet's result in the order of `todo`, as soon as it is printed."""
    if len(todo) < PARALLEL_FROM or workers <= 1:
        renderer = renderer or SheetRenderer()
        yield from (renderer.render(job) for job in todo)
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=get_context("spawn"),
                               initializer=_start_worker, initargs=(os.getpid(), messages.language()))
    try:
        yield from pool.map(_render_in_worker, todo)
    finally:
        # When stopped early: the sheets not yet begun are not printed, and the ones being printed are
        # left to finish on their own (their results are dropped), so that the pages are built at once.
        pool.shutdown(wait=False, cancel_futures=True)


def _problem(job: SheetJob, result: SheetResult) -> Diagnostic:
    if result.missing:
        line, column, text = _first_of(result.missing, job.file)
        return Diagnostic(Location(job.source, line, column), tr(
            "no installed font has %(characters)s; the sheet /%(sheet)s would print empty boxes",
            characters=glyphs.named(result.missing), sheet=job.path), hint=glyphs.hint(), source_line=text)
    return Diagnostic(Location(job.source), tr("the sheet /%(sheet)s refers to %(blocked)s; a sheet may only use files "
                                               "inside the content and templates folders", sheet=job.path,
                                               blocked=result.blocked),
                      hint=tr("put the file beside the notice and refer to it by its name"))


def _first_of(characters: str, file: Path | None) -> tuple[int, int, str]:
    """Line, column and text of the first line of `file` with one of `characters` (0, 0, "" for none: the
    character may come from elsewhere, such as site.yaml's title)."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines() if file else []
    except (OSError, UnicodeDecodeError):
        lines = []
    for number, text in enumerate(lines, 1):
        columns = [text.index(ch) for ch in characters if ch in text]
        if columns:
            return number, min(columns) + 1, text
    return 0, 0, ""


def pack_key(members: list[bytes]) -> str:
    """The cache key of the board pack merged from `members`: their bytes, and how this module merges them."""
    digests = b"".join(hashlib.sha256(member).digest() for member in members)
    merged_by = f"{_printing_code()}; {'; '.join(library_versions())}"  # pypdf merges them
    return "pack-" + hashlib.sha256(merged_by.encode() + digests).hexdigest()


def merge(pdfs: list[bytes]) -> bytes:
    """One PDF holding the given ones in order, each keeping its own page numbers."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(BytesIO(data)))
    _tag_subsets_apart(writer)
    # Printed on both sides of the paper, one notice's last page and the next one's first shared a sheet, which a
    # board cannot show both of: the print dialog is asked to start at one side (PDF 1.7, 12.2, /Duplex).
    writer.create_viewer_preferences().duplex = NameObject("/Simplex")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _tag_subsets_apart(writer) -> None:
    """WeasyPrint tags a font's subset by the font, not by the glyphs it holds: every sheet's Noto subset is
    ABCDEF+Noto-Sans-CJK-SC, each with other glyphs. Merged, one pack held eight subsets of one name, which
    PDF forbids (ISO 32000-1, 9.6.4) and a printer that keeps fonts by name would print with the wrong glyphs.
    Each subset is tagged anew from its own bytes."""
    from pypdf.generic import NameObject

    renamed: set[int] = set()  # a sheet's pages share its fonts: each is tagged once
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for reference in fonts.values():
            font = reference.get_object()
            if id(font) in renamed:
                continue
            renamed.add(id(font))
            parts = [font, *(part.get_object() for part in font.get("/DescendantFonts", []))]
            descriptor = next((part["/FontDescriptor"].get_object() for part in parts if "/FontDescriptor" in part),
                              None)
            program = next((descriptor[key] for key in ("/FontFile", "/FontFile2", "/FontFile3")
                            if descriptor is not None and key in descriptor), None)
            if program is None or "+" not in str(font.get("/BaseFont", "")):
                continue
            digest = hashlib.sha256(program.get_object().get_data()).digest()
            tag = "".join(chr(65 + byte % 26) for byte in digest[:6])
            name = NameObject(f"/{tag}+{str(font['/BaseFont']).split('+', 1)[1]}")
            for part in parts:
                part[NameObject("/BaseFont")] = name
            descriptor[NameObject("/FontName")] = name
