"""Interface language: the message catalogue and locale-aware formatting (Babel).

Every string of the site's pages lives in templates/locales/<locale>/LC_MESSAGES/messages.po (the command
line's, in generator/locales/: see `messages`). A catalogue is compiled when it is first needed (and the site's
is remembered in the cache folder, as `memo` does for parsed YAML), so no binary .mo files are kept in the
project.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_currency_symbol
from babel.support import NullTranslations, Translations

from generator.memo import Memo

CURRENCY = "CNY"


def N_(message: str) -> str:  # noqa: N802 -- the name pybabel looks for
    """A message written in Python, marked for the catalogue; it is translated where it is shown."""
    return message
CATALOGUE_MEMO = "_catalogue"  # a name no compound's memo has: slugs have no underscore


def load_translations(templates: Path, locale: str, cache: Path | None = None) -> NullTranslations:
    """The catalogue for `locale`; English is the source language and needs none. `cache`: the folder
    where the compiled catalogue is remembered, as compiling it costs some 25 ms at every start."""
    return catalogue(templates / "locales" / locale / "LC_MESSAGES" / "messages.po", locale, cache)


def catalogue(po: Path, locale: str, cache: Path | None = None) -> NullTranslations:
    """The catalogue of the file `po`, compiled; none (the messages as written) when there is no such file."""
    if not po.is_file():
        return NullTranslations()
    return _compiled(po.read_bytes(), locale, cache)


@functools.lru_cache(maxsize=8)
def _compiled(po: bytes, locale: str, cache: Path | None) -> Translations:
    """Compiled once for each version of the file: `serve` makes a new renderer for every rebuild."""
    memo = Memo(cache, CATALOGUE_MEMO)
    compiled = memo("compile messages.po", f"{locale}\0{po.decode('utf-8')}", lambda: _mo(po, locale))
    memo.save()
    return Translations(BytesIO(compiled))


def _mo(po: bytes, locale: str) -> bytes:
    compiled = BytesIO()
    write_mo(compiled, read_po(BytesIO(po), locale=locale))
    return compiled.getvalue()


def _unsigned_zero(value: Decimal | int) -> Decimal | int:
    """A zero without its sign: Decimal keeps one (-0.00, a difference negated), Babel writes it (-¥0.00), which
    reads as a debt of nothing; and the formatters remember by value, so -0.00 and 0 would show as whichever came
    first."""
    return abs(value) if value == 0 else value


class Formatter:
    """Amounts and dates as readers of `locale` expect them: ¥1,234.56, 2026年3月31日."""

    def __init__(self, locale: str):
        # Parsed once: Babel would otherwise parse the locale name on every call.
        self.locale = Locale.parse(locale)
        # Babel's format_currency looks up the currency's plural names for every amount, which took a third
        # of a ledger page's rendering; the symbol is looked up once and put in the locale's pattern instead.
        self._money_pattern = self.locale.currency_formats["standard"]
        self._currency_symbol = get_currency_symbol(CURRENCY, self.locale)
        # Pages repeat the same amounts and dates (totals, balances, headers): each is formatted once.
        for name in ("money", "number", "area", "long_date", "short_date"):
            setattr(self, name, functools.lru_cache(maxsize=None, typed=True)(getattr(self, name)))

    def money(self, amount: Decimal) -> str:
        """The locale's currency pattern with its own two decimals, which are the yuan's (to the fen)."""
        return self._money_pattern.apply(_unsigned_zero(amount), self.locale).replace("¤", self._currency_symbol)

    def rate(self, amount: Decimal) -> str:
        """An amount a unit, with the decimals it has beyond the fen (¥0.0796 a m²)."""
        return self._money_pattern.apply(_unsigned_zero(amount), self.locale, decimal_quantization=False).replace(
            "¤", self._currency_symbol)

    def number(self, value: Decimal | int) -> str:
        return format_decimal(_unsigned_zero(value), locale=self.locale)

    def area(self, square_metres: Decimal) -> str:
        """Always two decimals: 28,871.90, as the property register writes it."""
        return format_decimal(_unsigned_zero(square_metres), format="#,##0.00", locale=self.locale)

    def long_date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def short_date(self, day: date) -> str:
        return format_skeleton("MMMd", day, locale=self.locale)

    def fraction(self, share: Fraction) -> str:
        """A rule's ratio as the law writes it: 三分之二 in Chinese (Babel spells out no numbers), 2/3
        in other languages; one written as a decimal that is no simple fraction (0.667), and all of it (1),
        as a percentage."""
        if share.denominator == 1 or share.denominator >= 100:
            return format_percent(Decimal(share.numerator) / share.denominator, format="#,##0.##%", locale=self.locale)
        if self.locale.language == "zh":
            return f"{_chinese_count(share.denominator)}分之{_chinese_count(share.numerator)}"
        return f"{share.numerator}/{share.denominator}"


_DIGITS = "零一二三四五六七八九"


def _chinese_count(number: int) -> str:
    """1 to 99 in Chinese numerals: 三, 十二, 二十, 四十五."""
    tens, units = divmod(number, 10)
    return ((_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (_DIGITS[units] if units else "")) or "零"
