"""Interface language: the message catalogue and locale-aware formatting (Babel).

Every interface string lives in templates/locales/<locale>/LC_MESSAGES/messages.po.
The catalogue is compiled in memory at start-up, so no binary .mo files are kept.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations


def load_translations(templates: Path, locale: str) -> NullTranslations:
    """The catalogue for `locale`; English is the source language and needs none."""
    po = templates / "locales" / locale / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    stat = po.stat()
    return _compiled(po, locale, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _compiled(po: Path, locale: str, size: int, modified_ns: int) -> Translations:
    """Compiled once for each version of the file: `serve` makes a new renderer for every rebuild."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


class Formatter:
    """Amounts and dates as readers of `locale` expect them: ¥1,234.56, 2026年3月31日."""

    def __init__(self, locale: str):
        # Parsed once: Babel would otherwise parse the locale name on every call.
        self.locale = Locale.parse(locale)
        # Pages repeat the same amounts and dates (totals, balances, headers): each is formatted once.
        for name in ("money", "number", "area", "long_date", "short_date"):
            setattr(self, name, functools.lru_cache(maxsize=None, typed=True)(getattr(self, name)))

    def money(self, amount: Decimal) -> str:
        return format_currency(amount, "CNY", locale=self.locale)

    def number(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self.locale)

    def area(self, square_metres: Decimal) -> str:
        """Always two decimals: 28,871.90, as the property register writes it."""
        return format_decimal(square_metres, format="#,##0.00", locale=self.locale)

    def long_date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def short_date(self, day: date) -> str:
        return format_skeleton("MMMd", day, locale=self.locale)
