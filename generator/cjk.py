"""Line breaks between Chinese characters, which readers must never see as spaces.

Chinese is written without spaces, so a line break inside a Chinese sentence
of the source is a soft wrap, not a word gap. Browsers and WeasyPrint would
show it as a space; these rules remove it.
"""

from __future__ import annotations

import re

WIDE = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
# Full-width punctuation (。，、；：！？（）《》…) never wants a space beside it.
PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_BREAK_BETWEEN_WIDE = re.compile(
    rf"(?<=[{WIDE}])[ \t]*\n[ \t]*(?=[{WIDE}])|(?<=[{PUNCTUATION}])[ \t]*\n[ \t]*(?=\S)"
    rf"|(?<=\S)[ \t]*\n[ \t]*(?=[{PUNCTUATION}])")
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<=[{WIDE}]) (?=[{WIDE}])|(?<=[{PUNCTUATION}]) | (?=[{PUNCTUATION}])")


def join_wide_lines(text: str) -> str:
    """Remove a line break between two Chinese characters, or next to Chinese punctuation."""
    return _BREAK_BETWEEN_WIDE.sub("", text) if "\n" in text else text  # most texts have none: no search


def join_folded_wide(text: str) -> str:
    """YAML folds a wrapped line into a space; remove it between Chinese characters."""
    return _SPACE_BETWEEN_WIDE.sub("", text) if " " in text else text
