"""Verification codes: one short code per document version, on its page and its sheet.

The code is derived from the document's content, not from the bytes of a PDF
or a page, so the posted sheet and the page online carry the same code exactly
when they say the same thing. It is derived from what the website shows, never
from what only the bulletin board shows: a published hash of a flat number or
an amount owed could be reversed by trying every possible one. How it is
computed:

1. Take the document as the website shows it (entries and fields marked
   `board` or `never` left out, phones masked; for a document that is on the
   bulletin board only, as the board shows it), as JSON: keys sorted, no
   spaces, UTF-8, amounts as text with their two decimals, dates as YYYY-MM-DD.
   A notice's Markdown source counts (with \n line endings, and no blank
   lines at its end: `load.py`), not the HTML made from it, and each
   of its attachments counts with the SHA-256 of the file's bytes (`sha256`
   beside its `file` and `title`), so a file swapped after publication
   changes the notice's code.
2. Wrap it as {"compound": <folder name>, "kind": <notice|finance|vote|
   committees|services>, "document": <that JSON>}.
3. SHA-256 of those bytes; the first 40 bits in base32 (RFC 4648, letters A-Z
   and digits 2-7, no 0/1/8/9), written as two groups of four: `K7QW-3MZD`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from generator.model.site import Compound

DocumentKey = tuple[str, str, str]  # (compound slug, kind, key within the compound)


def code_for(compound: str, kind: str, document: Any) -> str:
    canonical = json.dumps({"compound": compound, "kind": kind, "document": document},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    letters = base64.b32encode(digest[:5]).decode("ascii")
    return f"{letters[:4]}-{letters[4:]}"


def _canonical(value: Any) -> str:
    """A value JSON has no type for, as text that does not depend on how it was typed: 8750, 8750.0 and
    8750.00 are one amount."""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent >= -2 else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"a verification code cannot include a {type(value).__name__}")  # decide how, here


def _dump(model: Any, exclude: set[str] | None = None) -> Any:
    return model.model_dump(mode="python", by_alias=True, exclude=exclude)


_MADE_FROM_BODY = {"body_html", "signed_by"}  # the code covers the text they are made from, `body`


def compound_codes(board: Compound, web: Compound, attachments: dict[Path, str]) -> dict[DocumentKey, str]:
    """Codes for every printable document of one compound (`board` and `web`: the compound as each
    channel shows it); `attachments` holds the sha256 of each attachment file."""
    codes = {}
    online = web.documents()
    for (kind, key), document in board.documents().items():
        shown = web if (kind, key) in online else board
        data = _dump(online.get((kind, key), document), _MADE_FROM_BODY if kind == "notice" else None)
        if kind == "notice":
            for attachment in data["attachments"]:
                attachment["sha256"] = attachments[shown.attachment_files[(key, attachment["file"])]]
        if kind == "committees":  # the sheet prints the party organisation with the rosters
            data = {"rosters": data, "party": _dump(shown.profile.party) if shown.profile.party else None}
        codes[(board.slug, kind, key)] = code_for(board.slug, kind, data)
    return codes
