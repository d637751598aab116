"""The benchmark's synthetic district: the figures in the README are only worth something if it is content
a secretary could have written, which `check` passes with nothing to say."""

from __future__ import annotations

import random
import sys
from decimal import Decimal

from generator.build import BuildOptions, check
from tests.conftest import BUILD_DATE, PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))
from make_district import LOWEST_BALANCE, finance, make_compound, quarters, write_district  # noqa: E402


def test_the_synthetic_district_passes_check_without_errors_or_warnings(tmp_path):
    content = write_district(tmp_path, compounds=3, seed=1)
    result = check(BuildOptions(content=content, root=tmp_path, build_date=BUILD_DATE, cache=None, workers=1))
    assert [d.format() for d in result.diagnostics.sorted()] == []


def test_the_synthetic_district_is_the_same_for_the_same_seed(tmp_path):
    first = write_district(tmp_path / "a", compounds=2, seed=7)
    second = write_district(tmp_path / "b", compounds=2, seed=7)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_no_quarter_closes_below_what_an_account_keeps():
    # At 100 compounds six quarters closed below zero, and `check` warned of them.
    rng = random.Random(1)
    for index in range(100):
        compound, balance = make_compound(rng, index), Decimal("40000.00")
        for quarter in quarters():
            balance = finance(rng, compound, quarter, balance)["closing_balance"]
            assert balance >= LOWEST_BALANCE, (compound.slug, quarter)
