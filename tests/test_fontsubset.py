"""One subsetting pass gives the PDF WeasyPrint's two give, byte for byte, on real sheets and fonts."""

from __future__ import annotations

import functools
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.pdf.fonts import Font

from generator import fontsubset
from tests.conftest import PROJECT

STYLE = (PROJECT / "templates/print/print.css").read_text(encoding="utf-8")
HEAD = f'<html lang="zh-CN"><head><style>{STYLE} html {{ font-family: "Noto Sans CJK SC" }}</style></head>'
SHEET = (f"{HEAD}<body><h1>关于二次供水水箱清洗的停水通知</h1><p>停水时间：<strong>2026年11月28日 9:00-17:00</strong>。</p>"
         "<table><caption>收入（元）</caption><tr><td>停车费</td><td class=\"num\">12,345.67</td></tr></table></body></html>")
# Glyphs that HarfBuzz keeps after the last one used, where WeasyPrint's second pass does what the first did not:
# the variants of ，and 。 in Noto Sans CJK (the colon and brackets every sheet has come after them), and the
# parts DejaVu Sans draws accented letters from.
AFTER_THE_LAST = {f"{HEAD}<body><p>停水，请储水。</p></body></html>": ["Noto Sans CJK SC"],
                  '<p style="font-family: DejaVu Sans">é ñ ü Å Ǻ ḗ ấ</p>': ["DejaVu Sans"]}


def _weasyprints_own():
    fontsubset.install()
    return vars(Font)["_harfbuzz_subset"].args[0]


def _pdf(html: str, subsetting) -> bytes:
    replaced = vars(Font)["_harfbuzz_subset"]
    Font._harfbuzz_subset = subsetting
    try:
        return HTML(string=html, base_url=str(Path.cwd())).write_pdf()
    finally:
        Font._harfbuzz_subset = replaced


def _counted(calls: list[str]):
    """One pass, counting each time it leaves the subsetting to WeasyPrint's two."""
    own = _weasyprints_own()

    def counting(font, to_unicode, hinting):
        calls.append(font.family)
        own(font, to_unicode, hinting)
    return functools.partialmethod(fontsubset.subset_once, counting)


@pytest.mark.parametrize("html, in_two_passes", [(SHEET, []), *AFTER_THE_LAST.items()])
def test_a_sheet_subset_in_one_pass_is_the_pdf_weasyprint_makes_in_two(html, in_two_passes):
    calls: list[str] = []
    once = _pdf(html, _counted(calls))
    assert once == _pdf(html, _weasyprints_own())
    assert calls == in_two_passes


def test_a_chinese_sheet_embeds_both_weights_of_the_cjk_font_subset_to_what_it_shows():
    fontsubset.install()
    reader = PdfReader(BytesIO(HTML(string=SHEET).write_pdf()))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    names = sorted(font["/BaseFont"].split("+", 1)[1] for font in fonts)
    assert names == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"]
    for font in fonts:
        embedded = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile3"].get_object()
        assert len(embedded.get_data()) < 1_000_000  # the whole font is 19 MB
    text = reader.pages[0].extract_text()
    assert "关于二次供水水箱清洗的停水通知" in text and "12,345.67" in text
