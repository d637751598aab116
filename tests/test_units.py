"""Compounds are built alone and in parallel: the same output either way, and every problem reported."""

from __future__ import annotations

import os
import shutil
import threading
import time

from conftest import build_site, edit, tree_digest
from test_cache import district

from generator import units
from generator.build import BuildOptions, check
from generator.units import build_compound


def test_compounds_built_in_parallel_give_what_one_process_gives(minimal, tmp_path, monkeypatch):
    district(minimal, 5)
    processes = tmp_path / "processes"
    processes.mkdir()

    def noting_the_process(*arguments):
        (processes / str(os.getpid())).touch()
        # Each worker holds its first compound until the other has taken one, or for 10 s: a fixed pause
        # was too short on a busy machine, where one worker then built them all.
        deadline = time.monotonic() + 10
        while len(os.listdir(processes)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        return build_compound(*arguments)

    monkeypatch.setattr(units, "build_compound", noting_the_process)
    # Forking is only safe with no other thread running, so a build then runs in-process; a thread left by
    # an earlier test's process pool can still be ending.
    for _ in range(100):
        if threading.active_count() == 1:
            break
        time.sleep(0.05)
    assert build_site(minimal, workers=2, cache=None, pdfs=False).written
    assert len(list(processes.iterdir())) == 2 and str(os.getpid()) not in os.listdir(processes)
    parallel = tree_digest(minimal / "output")
    serial = tmp_path / "serial"
    shutil.copytree(minimal / "content", serial / "content")
    assert build_site(serial, workers=1, cache=None, pdfs=False).written
    assert tree_digest(serial / "output") == parallel
    assert {path.split("/")[0] for path in parallel} >= {"lanting", "lanting-b", "lanting-e"}


def test_check_reports_the_problems_of_every_compound_from_every_worker(minimal):
    district(minimal, 5)
    for slug in ("lanting-b", "lanting-e"):
        profile = minimal / f"content/{slug}/compound.yaml"
        edit(profile, "households:", "householdz:")
    result = check(BuildOptions(content=minimal / "content", root=minimal, workers=2))
    assert {d.location.path for d in result.diagnostics.errors} >= {"content/lanting-b/compound.yaml",
                                                                    "content/lanting-e/compound.yaml"}
