"""Figures a record computes from its fields, each computed once and remembered on the record.

Templates ask a vote whether it passed, and for its totals, on every page that lists it; each answer adds up
its ballots again, in validated Tallies. A figure is remembered with `functools.cached_property`, which keeps
it in the record's __dict__. pydantic's copies copy that __dict__, and the privacy copies (`model_copy(update=...)`)
change fields after: a copy forgets what the original remembered, so that it never shows a figure of other fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Remembering:
    """Mixed into a record whose figures are `functools.cached_property`s: its copies forget them."""

    def __copy__(self) -> Any:
        return _forgetting(super().__copy__())  # type: ignore[misc]

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        return _forgetting(super().__deepcopy__(memo))  # type: ignore[misc]


def _forgetting(record: BaseModel) -> BaseModel:
    """`record` with only its fields in its __dict__: what else is there was remembered."""
    fields = type(record).model_fields
    for name in [name for name in record.__dict__ if name not in fields]:
        del record.__dict__[name]
    return record
