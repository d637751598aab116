import re
import subprocess

from fontTools.ttLib import TTCollection, TTFont

from generator import glyphs
from generator.pdf import SheetJob, SheetRenderer


def test_what_is_taken_as_printable_without_asking_is_in_the_cjk_font_setup_installs():
    path = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True).stdout
    font = TTCollection(path).fonts[0] if path.endswith(".ttc") else TTFont(path)
    assert "Noto Sans CJK" in font["name"].getDebugName(4)
    has = font.getBestCmap()
    common = re.compile(f"[{glyphs.COMMON}]")
    taken = [code for code in range(0x20, 0x10000) if common.match(chr(code))]
    assert len(taken) > 21000 and [hex(code) for code in taken if code not in has] == []


def test_a_character_no_font_has_is_found_and_others_are_not():
    text = "停水通知——“请”…①㎡ m² × ※ 😀 \u200b❤\ufe0f 张𠀀师傅 🔥"
    assert glyphs.unprintable(text) == "𠀀🔥"
    assert glyphs.unprintable("因二次供水设施检修，小区将于11月28日全天停水。") == ""


def test_the_characters_found_are_those_weasyprint_prints_as_empty_boxes(tmp_path):
    text = "停水😀 ①²—“” 张𠀀 🔥 📢 ✔ ☎ ⚠ \u200b"
    job = SheetJob("x.pdf", f"<p style='font-family: \"Noto Sans CJK SC\"'>{text}</p>", tmp_path.as_uri() + "/",
                   (str(tmp_path),), "x.md")
    printed = SheetRenderer().render(job)
    assert set(printed.missing) == set(glyphs.unprintable(text)) == set("𠀀🔥📢")
