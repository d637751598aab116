"""The build, stage by stage. The order below is the order of execution.

load -> validate -> privacy -> site -> render -> write. Nothing is written
unless every earlier stage succeeded; content is only ever read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator import load, privacy, render, site, validate, write
from generator.errors import Diagnostics
from generator.model.base import Channel

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PROJECT_ROOT / "templates"

Progress = Callable[[int, int], None]


@dataclass
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("output")
    templates: Path = DEFAULT_TEMPLATES
    build_date: date | None = None
    root: Path = field(default_factory=Path.cwd)


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: bool = False
    files: int = 0
    build_date: date | None = None


def build_date_for(timezone: str, given: date | None) -> date:
    """The day the site is built for: --date, else SOURCE_DATE_EPOCH, else today in the site's zone."""
    if given:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), ZoneInfo(timezone)) if epoch else datetime.now(ZoneInfo(timezone))
    return moment.date()


def check(options: BuildOptions) -> BuildResult:
    """Load and validate only."""
    sources = load.read_sources(options.content, options.root)
    _, diagnostics = validate.validate(sources)
    return BuildResult(diagnostics)


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    sources = load.read_sources(options.content, options.root)
    district, diagnostics = validate.validate(sources)
    if district is None or diagnostics.errors:
        return BuildResult(diagnostics)
    day = build_date_for(district.config.timezone, options.build_date)
    web = privacy.publishable(district, Channel.web)
    static = sorted(p for p in (options.templates / "static").iterdir() if p.is_file())
    website = site.assemble(web, day, static)
    renderer = render.Renderer(options.templates, district.config, options.root)
    files, problems = render.render_site(website, renderer, progress)
    diagnostics.extend(problems)
    if diagnostics.errors:
        return BuildResult(diagnostics, build_date=day)
    copies = {c.path: c.source for c in website.copies}
    write.publish(options.output, files, copies)
    return BuildResult(diagnostics, written=True, files=len(files) + len(copies), build_date=day)
