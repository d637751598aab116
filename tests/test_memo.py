"""Parsed files remembered by their text: the same result as parsing, and never a wrong one."""

from __future__ import annotations

from conftest import build_site, tree_digest

from generator.markup import Markup
from generator.memo import Memo
from generator.yamlio import parse_yaml


def test_a_remembered_result_is_the_result_and_is_made_only_once(tmp_path):
    memo = Memo(tmp_path)
    text = "title: 停水\nfee: 12.50\n"
    made = []

    def parse():
        made.append(text)
        return parse_yaml(text)

    first, second = memo("yaml", text, parse), memo("yaml", text, parse)
    assert len(made) == 1
    assert first == second == parse_yaml(text) and str(second.data["fee"]) == "12.50"
    assert memo("yaml", "title: 停电\n", lambda: "other") == "other"  # another text is another result


def test_a_damaged_result_is_made_again(tmp_path):
    markup = Markup(Memo(tmp_path))
    html = markup.to_html("**注意**安全")
    for kept in (tmp_path / "memo").iterdir():
        kept.write_bytes(b"damaged")
    assert markup.to_html("**注意**安全") == html == Markup().to_html("**注意**安全")


def test_builds_with_and_without_remembered_files_are_identical(minimal):
    assert build_site(minimal, cache=minimal / ".cache", pdfs=False).written
    assert any((minimal / ".cache/memo").iterdir())
    remembered = tree_digest(minimal / "output")
    assert build_site(minimal, cache=None, pdfs=False).written
    assert tree_digest(minimal / "output") == remembered
