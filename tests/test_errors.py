from generator.errors import QUOTED_WIDTH, Diagnostic, Location, display_width


def quoted(line: str, column: int) -> list[str]:
    return Diagnostic(Location("notice.md", 9, column), "a problem", source_line=line).format().splitlines()[1:]


def under(cell: int, text: str) -> str:
    """What `text` shows from terminal cell `cell` on."""
    return next(text[index:] for index in range(len(text)) if display_width(text[:index]) == cell)


def test_a_long_line_is_quoted_around_the_column_with_the_caret_under_it():
    # A paragraph is often one line: quoted whole, it wrapped in the terminal and the caret pointed elsewhere.
    line = "因二次供水设施检修，" * 20 + "停水时间" + "，请各位业主提前储水" * 10
    text, caret = quoted(line, line.index("停水时间") + 1)
    assert text.startswith("  9 | …") and text.endswith("…") and display_width(text) <= QUOTED_WIDTH + 8
    assert under(caret.index("^"), text).startswith("停水时间")


def test_a_short_line_is_quoted_whole():
    assert quoted("title: 停水通知", 8) == ["  9 | title: 停水通知", "    |        ^"]


def test_a_number_at_the_edge_of_what_is_quoted_is_masked_before_the_line_is_cut():
    line = "，" * 80 + "身份证号500227199001011234" + "。" * 80
    text, _ = quoted(line, 81)
    assert "500227****" in text and "19900101" not in text and "1990" not in text
    # Cut inside the number: what is left of it no longer reads as one, so it is masked before the line is cut.
    cut_inside = "，" * 115 + "500227199001011234" + "。" * 80
    text, _ = quoted(cut_inside, 81)
    assert text.endswith("…") and "500227" in text and "1990" not in text
