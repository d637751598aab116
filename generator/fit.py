"""A second, tighter layout for a sheet that came out on two pages, its second holding little; and one
for a sheet whose table was too wide for the paper.

print.css lays a sheet out as `html.fit` with tighter line and paragraph
spacing, as GB/T 9704 allows, at the same font sizes; `pdf` prints it so when
that saves the second sheet. Whether it may is estimated from the first
layout's boxes, as laying a sheet out again costs as much as the first time.
"""

from __future__ import annotations


# What goes on after a sheet's text: the end of the text is kept with them (print.css).
_CLOSING_PARTS = {"objection", "closing"}
# By how much of its text's height a sheet's second page may overflow the first page's room and still fit
# on one laid out as `html.fit`: on the demo, such sheets fitted up to 0.32, and none did from 0.42.
FIT_SAVES = 0.36


def may_fit_on_one_page(document) -> bool:
    """Whether a sheet that came out on two pages may fit on one laid out as `html.fit`: when its second
    page holds not much more than the room left on the first and what the tighter lines could save. Only
    estimated, as laying a sheet out again costs as much as the first time; a two-page notice is the
    common case, and the one most often posted."""
    if len(document.pages) != 2:
        return False
    first, second = (_blocks(page) for page in document.pages)
    room = document.pages[0]._page_box.height - sum(box.margin_height() for box in first)
    text = sum(box.margin_height() for box in first + second if not _is_closing_part(box))
    return sum(box.margin_height() for box in second) - room <= FIT_SAVES * text


def _blocks(page) -> list:
    """The top-level blocks of the sheet's body on `page`. WeasyPrint has no public API for what a page
    holds: its box tree is read (html > body > blocks)."""
    html_box = page._page_box.children[0]
    return list(html_box.children[0].children) if html_box.children else []


def _is_closing_part(box) -> bool:
    return box.element is not None and bool(set((box.element.get("class") or "").split()) & _CLOSING_PARTS)


def too_wide(document) -> bool:
    """Whether a table of the sheet is wider than the paper's room for text, its figures kept whole: then it is
    laid out as `html.wide`, where they break at the edge, rather than lose its last columns off the paper."""
    return any(_wider_than_room(page._page_box) for page in document.pages)


def _wider_than_room(page_box) -> bool:
    room = page_box.position_x + page_box.margin_left + page_box.width  # the right edge of the text
    boxes = list(page_box.children)
    while boxes:
        box = boxes.pop()
        if type(box).__name__ == "TableBox":
            if box.position_x + box.margin_width() > room + 0.5:
                return True
        else:
            boxes.extend(getattr(box, "children", ()))
    return False


def laid_out_as(page: str, classes: list[str]) -> str:
    """The sheet as print.css lays it out for `html.fit` (tighter lines and spaces, font sizes unchanged) or
    `html.wide` (figures in a notice's tables broken at the paper's edge)."""
    return page.replace("<html", f'<html class="{" ".join(classes)}"', 1) if classes else page
