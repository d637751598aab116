"""Embedding a sheet's fonts in one HarfBuzz subsetting pass instead of WeasyPrint's two.

WeasyPrint 70 subsets each font a sheet uses twice: first keeping the glyphs used at their
numbers (RETAIN_GIDS), then keeping every glyph up to the last one used, to drop the glyphs
after it. The first pass usually ends at the last glyph used already, so the second changes
nothing; but the Chinese glyphs of Noto Sans CJK lie near the end of its 65,000, and walking
the 63,000 glyphs before them takes the second pass about 47 ms for each font (regular, bold)
of each sheet: more than a third of writing a sheet's PDF. `subset_once` does the first pass
with the second's flags, and leaves the subsetting to WeasyPrint whenever the first pass kept
a glyph after the last one used, where the second pass would change the font: a part an accented
letter is drawn from, or a variant HarfBuzz keeps with a character (of ，and 。 in Noto Sans
CJK; the colon and brackets that every sheet has come after those). tests/test_fontsubset.py
compares the PDFs with WeasyPrint's own, byte for byte.
"""

from __future__ import annotations

import functools

_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@functools.cache
def install() -> None:
    """Make WeasyPrint subset fonts with `subset_once` in this process, where HarfBuzz does the subsetting."""
    from weasyprint.pdf.fonts import Font
    from weasyprint.text.ffi import harfbuzz

    if not hasattr(Font, "_harfbuzz_subset") or not harfbuzz.hb_version_atleast(4, 1, 0):
        return  # another WeasyPrint, or the fontTools fallback: nothing of this applies
    Font._harfbuzz_subset = functools.partialmethod(subset_once, Font._harfbuzz_subset)


def subset_once(font, weasyprint_subset, to_unicode: dict[int, str], hinting: bool) -> None:
    """`font` with only the glyphs in `to_unicode` (glyph id -> text), kept at their ids, as WeasyPrint's
    `weasyprint_subset` (the method replaced) would make it."""
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset as hb
    from weasyprint.text.fonts import get_hb_object_data

    last = max(to_unicode)
    wanted = ffi.gc(hb.hb_subset_input_create_or_fail(), hb.hb_subset_input_destroy)
    _add(harfbuzz, ffi, hb.hb_subset_input_glyph_set(wanted), sorted(to_unicode))
    _add(harfbuzz, ffi, hb.hb_subset_input_set(wanted, hb.HB_SUBSET_SETS_DROP_TABLE_TAG),
         [harfbuzz.hb_tag_from_string(name, -1) for name in _DROPPED_TABLES])
    flags = hb.HB_SUBSET_FLAGS_RETAIN_GIDS | hb.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | \
        hb.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= hb.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= hb.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    hb.hb_subset_input_set_flags(wanted, flags)
    face = ffi.gc(hb.hb_subset_or_fail(font.hb_face, wanted), harfbuzz.hb_face_destroy)
    data = get_hb_object_data(face) if face else None
    if not data or harfbuzz.hb_face_get_glyph_count(face) != last + 1:
        weasyprint_subset(font, to_unicode, hinting)
        return
    font.file_content = data


def _add(harfbuzz, ffi, target, values: list[int]) -> None:
    harfbuzz.hb_set_add_sorted_array(target, ffi.new(f"hb_codepoint_t[{len(values)}]", values), len(values))
