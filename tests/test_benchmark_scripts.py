"""The benchmark scripts, run as a reader of the README runs them, on small inputs: the figures in the README
come from them, and a change to the build they use once broke one silently (it is only run by hand)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import PROJECT

FIGURE = r"\d+\.\d+"


def _run(*arguments: str) -> str:
    finished = subprocess.run([sys.executable, *arguments], cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


def _row(output: str, name: str) -> str:
    rows = [line for line in output.splitlines() if line.strip().startswith(name)]
    assert len(rows) == 1, (name, output)
    return rows[0]


def test_run_measures_a_one_compound_district_and_names_the_generators_it_skipped(tmp_path):
    output = _run("benchmarks/run.py", "--sizes", "1", "--pdf-sample", "1", "--work", str(tmp_path),
                  "--competitors-python", str(tmp_path / "no-python"))
    pages = sum(1 for _ in (tmp_path / "1/output").rglob("*.html"))
    assert pages > 40
    assert f"1 compounds, seed 1: noticeboard, {pages} pages" in output
    for name in ("cold build (--no-pdf) (median of 3)", "nothing changed (median of 3)",
                 "one notice edited (median of 3)"):
        assert re.search(rf"{FIGURE} s +{FIGURE} +page +{FIGURE} s +\d+ MiB$", _row(output, name)), name
    assert re.search(rf"{FIGURE} s +{FIGURE} +page$", _row(output, "one notice edited, in a running process"))
    sheets = re.search(rf"PDF cold cache \(1 compounds, (\d+) sheets\) +{FIGURE} s", output)
    assert sheets and int(sheets.group(1)) > 20, output
    assert re.search(rf"PDF warm cache \(same sheets\) +{FIGURE} s", output)
    libraries = _row(output, "python-markdown + PyYAML + Jinja2 alone")  # the project's own Python runs it
    assert re.search(rf"alone [\d.]+/[\d.]+/[\d.]+ +{FIGURE} s +{FIGURE} +page +{FIGURE} s +\d+ MiB +{FIGURE}$",
                     libraries), libraries
    for name in ("pelican", "mkdocs (flat nav)"):  # that Python does not exist
        assert f"skipping {name}: not installed (bash scripts/benchmark.sh installs it)" in output
    assert not (tmp_path / ".trash").exists()  # emptied at the end


def test_sheets_prints_the_demo_and_prints_again_only_the_sheet_of_the_notice_it_changes():
    output = _run("benchmarks/sheets.py")
    sheets = re.search(r"demo district: (\d+) sheets \((\d+) A4 pages\), \d+ cores", output)
    assert sheets and 0 < int(sheets.group(1)) <= int(sheets.group(2)), output
    assert re.search(rf"cold, 1 worker +{FIGURE} s +\d+ ms per sheet, \d+ ms per printed page", output)
    assert re.search(rf"nothing changed +{FIGURE} s +0 sheets printed anew", output)
    assert re.search(rf"one notice changed +{FIGURE} s +1 sheet printed anew", output)
