"""What the command line says, in its user's language: English, or Chinese on a computer set to Chinese.

Every problem, hint and report is written in English in the code, inside `tr()`, and translated from
generator/locales/zh_CN/LC_MESSAGES/noticeboard.po (the site's own pages have their catalogue under
templates/); click's own words, from click.po beside it. The language is the computer's, read as gettext
reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then Windows' own setting: a secretary whose computer is set to Chinese reads Chinese, with nothing to set.
`LANGUAGE=en` asks for English.

A message with values names them, `tr("found %(found)s", found=text)`, so that a translation can put them
where its own word order wants them; a literal % in such a message is written %%.
"""

from __future__ import annotations

import functools
import locale
import os
from collections.abc import Iterable
from pathlib import Path

from babel.support import NullTranslations

from generator.i18n import catalogue

LOCALES = Path(__file__).resolve().parent / "locales"
ENGLISH, CHINESE = "en", "zh_CN"


def language_of_environment(environ: dict[str, str] | None = None) -> str:
    """The language the computer is set to, as far as this tool speaks it."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):  # LANGUAGE may list several, zh_CN:en; the first is the one preferred
            return _spoken(environ[name].split(":")[0])
    return _spoken(locale.getlocale()[0] or "")  # Windows sets no variable: 'Chinese (Simplified)_China'


def _spoken(name: str) -> str:
    return CHINESE if name.lower().startswith(("zh", "chinese")) else ENGLISH


_language = language_of_environment()


def use(language: str) -> None:
    """Speak `language` (ENGLISH or CHINESE) from now on, in this process and the workers it forks."""
    global _language
    _language = language


def language() -> str:
    return _language


def tr(message: str, /, **values: object) -> str:
    """`message` in the language spoken, its %(name)s filled with `values`."""
    translated = _catalogue(_language, "noticeboard").gettext(message)
    return translated % values if values else translated


def click_gettext(message: str) -> str:
    """One of click's own messages (Usage:, Missing argument) in the language spoken, from click.po."""
    return _catalogue(_language, "click").gettext(message)


def click_ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue(_language, "click").ngettext(singular, plural, count)


def joined(items: list[str]) -> str:
    """Items named one after another: a, b, c in English, a、b、c in Chinese."""
    return tr(", ").join(items)


def clauses(parts: Iterable[str]) -> str:
    """Clauses one after another: a; b in English, a；b in Chinese."""
    return tr("; ").join(parts)


@functools.cache
def _catalogue(language: str, domain: str) -> NullTranslations:
    return catalogue(LOCALES / language / "LC_MESSAGES" / f"{domain}.po", language)  # English has none
