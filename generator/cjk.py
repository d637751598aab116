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
# A break (and the spaces around it) with a Chinese character or full-width punctuation on either side:
# 建于\n2003年 and XY\n物业 are one word run; only a break between two Latin words or numbers is a space.
_BREAK_BESIDE_WIDE = re.compile(rf"(?<=[{WIDE}])[ \t]*\n[ \t]*(?=\S)|(?<=\S)[ \t]*\n[ \t]*(?=[{WIDE}])")
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<=[{WIDE}]) (?=[{WIDE}])|(?<=[{PUNCTUATION}]) | (?=[{PUNCTUATION}])")


def join_wide_lines(text: str) -> str:
    """Remove a line break next to a Chinese character or Chinese punctuation."""
    return _BREAK_BESIDE_WIDE.sub("", text) if "\n" in text else text  # most texts have none: no search


def join_folded_lines(lines: list[str]) -> str:
    """Lines of one paragraph as YAML folds them, but with no space where a line break was beside Chinese."""
    return join_wide_lines("\n".join(lines)).replace("\n", " ")


def join_folded_wide(text: str) -> str:
    """Text YAML has folded already: remove a space between Chinese characters or next to Chinese punctuation."""
    return _SPACE_BETWEEN_WIDE.sub("", text) if " " in text else text
