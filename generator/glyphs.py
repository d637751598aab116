"""Which characters no installed font has: a printed sheet shows an empty box for each.

WeasyPrint finds a character's glyph in the sheet's font, else in any font
fontconfig knows (as `fc-list` lists them), so a character is printable when
one of them has it. Asked of fontconfig itself (the library WeasyPrint reads
fonts with) through ctypes: once a process, about 20 ms, and only for text
with a character beyond those Noto Sans CJK has for certain (`COMMON`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re
import unicodedata
from collections.abc import Callable

from generator import messages
from generator.messages import tr

# What Noto Sans CJK SC has (tests/test_glyphs.py reads its file to be sure), so that a machine set up by
# scripts/setup.sh prints it: ASCII and Latin-1, the dashes, quotes and ellipses, ‰ ′ ″ ※, Roman numerals,
# arrows, ①-⑳, ★☆, ㈠-㈩, ㎡, the CJK punctuation, the common Chinese characters and the full-width forms.
# Text made of these alone, as most is, needs no question to fontconfig.
COMMON = (r"\t\n\r\x20-\x7e\xa0-\xff\u2010-\u2016\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2025-\u2027\u2030"
          r"\u2032\u2033\u203b\u2160-\u216b\u2190-\u2199\u2460-\u2473\u2605\u2606\u3220-\u3229\u33a1"
          r"\u3000-\u303f\u4e00-\u9fa5\uff01-\uff5e")
_COMMON = re.compile(f"[{COMMON}]+")


def unprintable(text: str) -> str:
    """The characters of `text` that no installed font has, each once, in order."""
    rest = _COMMON.sub("", text)
    if not rest:
        return ""
    has = _font_has()
    return "".join(ch for ch in dict.fromkeys(rest) if not _invisible(ch) and not has(ord(ch)))


def _invisible(character: str) -> bool:
    """Control and format characters (a zero-width space) and variation selectors (the one after an emoji)
    take no glyph."""
    code = ord(character)
    return unicodedata.category(character) in ("Cc", "Cf") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


def font_installed(family: str) -> bool:
    """Whether fontconfig knows a font of `family` (as `fc-list FAMILY` would list it)."""
    fc, config = _fontconfig()
    pattern = fc.FcNameParse(family.replace("-", "\\-").replace(":", "\\:").encode())
    return bool(pattern) and fc.FcFontList(config, pattern, fc.FcObjectSetBuild(b"family", None)).contents.nfont > 0


@functools.cache
def _fontconfig() -> tuple[ctypes.CDLL, int]:
    """fontconfig, with its functions typed, and its configuration with the installed fonts."""
    fc = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    for name, result, arguments in [
            ("FcInitLoadConfigAndFonts", ctypes.c_void_p, []),
            ("FcPatternCreate", ctypes.c_void_p, []),
            ("FcNameParse", ctypes.c_void_p, [ctypes.c_char_p]),
            ("FcObjectSetBuild", ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_void_p]),
            ("FcFontList", ctypes.POINTER(_FontSet), [ctypes.c_void_p] * 3),
            ("FcPatternGetCharSet", ctypes.c_int,
             [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)]),
            ("FcCharSetCreate", ctypes.c_void_p, []),
            ("FcCharSetMerge", ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]),
            ("FcCharSetHasChar", ctypes.c_int, [ctypes.c_void_p, ctypes.c_uint32])]:
        getattr(fc, name).restype, getattr(fc, name).argtypes = result, arguments
    return fc, fc.FcInitLoadConfigAndFonts()


@functools.cache
def _font_has() -> Callable[[int], bool]:
    """Whether any installed font has a code point: the union of every font's character set."""
    fc, config = _fontconfig()
    fonts = fc.FcFontList(config, fc.FcPatternCreate(), fc.FcObjectSetBuild(b"charset", None)).contents
    union = fc.FcCharSetCreate()
    for index in range(fonts.nfont):
        charset = ctypes.c_void_p()
        if fc.FcPatternGetCharSet(fonts.fonts[index], b"charset", 0, ctypes.byref(charset)) == 0:  # FcResultMatch
            fc.FcCharSetMerge(union, charset, None)
    return lambda code: bool(fc.FcCharSetHasChar(union, code))


def named(characters: str) -> str:
    """'🔥 (U+1F525), 𠀀 (U+20000)': each character with its code point, which says what it is when a
    terminal cannot show it."""
    return messages.joined([f"{ch} (U+{ord(ch):04X})" for ch in characters])


def hint() -> str:
    """What to do about a character no installed font has."""
    return tr("write the character differently, or install a font that has it and name it as print.font in "
              "site.yaml")

