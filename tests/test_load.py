"""Reading the content folder: what is read, and what is refused before anything is read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import run_cli


def _outside(minimal: Path) -> Path:
    """A notice's folder outside the content folder, holding what must never be published."""
    outside = minimal.parent / "outside" / "secret"
    shutil.copytree(minimal / "content/lanting/notices/lift-consultation", outside)
    (outside / "schedule.csv").write_text("\ufeff阶段,进度\nSECRET-OUTSIDE-DATA,1\n", encoding="utf-8")
    return outside


def test_a_linked_compound_notice_folder_or_notice_is_refused_and_nothing_of_it_published(minimal: Path):
    # Each was followed: files from anywhere on the computer were published, a CSV of them among them.
    outside = _outside(minimal)
    (minimal / "content/lanting/notices/waibu").symlink_to(outside)
    (minimal / "content/lanting/notices/outside.md").symlink_to(outside / "index.md")
    shutil.copytree(minimal / "content/lanting", minimal / "outside/compound")
    (minimal / "content/waibu-li").symlink_to(minimal / "outside/compound")
    result = run_cli(["build", "--no-pdf"], cwd=minimal)
    assert result.exit_code == 1
    for link, to in (("lanting/notices/waibu", outside), ("lanting/notices/outside.md", outside / "index.md"),
                     ("waibu-li", minimal / "outside/compound")):
        assert (f"content/{link}: error: '{Path(link).name}' is a link to {to}, and a build publishes only what lies "
                "in the content folder") in result.stderr
    assert "copy the folder here in place of the link" in result.stderr
    assert not (minimal / "output").exists()


def test_a_named_pipe_or_a_link_to_a_folder_above_is_reported_not_read_for_ever(minimal: Path):
    # The build hung on a named pipe for ever, and a link to .. stopped it with "free some disk space".
    os.mkfifo(minimal / "content/lanting/junk")
    os.mkfifo(minimal / "content/lanting/notices/lift-consultation/pipe.csv")
    (minimal / "content/lanting/loop").symlink_to("..")
    result = run_cli(["build", "--no-pdf"], cwd=minimal)
    assert result.exit_code == 1
    assert ("content/lanting/junk: error: 'junk' is neither a file nor a folder (a named pipe or a device), and "
            "cannot be read") in result.stderr
    assert "content/lanting/loop: error: 'loop' is a link to .., and a build publishes" in result.stderr
    assert "disk space" not in result.stderr


def test_a_file_cut_short_and_padded_with_nul_bytes_is_one_error_that_says_so(minimal: Path):
    notice = minimal / "content/lanting/notices/water-outage.md"
    lines = notice.read_text(encoding="utf-8").count("\n")
    notice.write_bytes(notice.read_bytes() + b"\0" * 4096)
    stderr = run_cli(["check"], cwd=minimal).stderr
    assert stderr.startswith(f"content/lanting/notices/water-outage.md:{lines + 1}: error: the file ends in 4096 NUL "
                             "bytes, as a copy cut short does")
    assert "1 error," in stderr


def test_a_file_whose_txt_ending_windows_hides_is_told_to_be_renamed_without_it(minimal: Path):
    lanting = minimal / "content/lanting"
    (lanting / "notices/water-outage.md").rename(lanting / "notices/water-outage.md.txt")
    (lanting / "finances/2026-Q3.yaml").rename(lanting / "finances/2026-Q3.yaml.txt")
    folder = lanting / "notices/lift-consultation"
    (folder / "index.md").rename(folder / "index.md.txt")
    stderr = run_cli(["check"], cwd=minimal).stderr
    hidden = "ends in .txt (Windows hides the ending, and Notepad adds it)"
    assert f"hint: its name {hidden}: rename it water-outage.md. If not," in stderr
    assert f"hint: its name {hidden}: rename it 2026-Q3.yaml. If not," in stderr
    assert f"hint: its index.md.txt {hidden}: rename it index.md. If not," in stderr
    assert "the finances for 2026-Q3 were due" not in stderr  # its quarter is there, misnamed


def test_a_name_not_written_in_utf8_is_an_error_that_reads_it_as_gbk_not_a_crash(minimal: Path):
    # Unpacked from a zip made on Windows: the build stopped with a traceback, and check named '\udcbd\udcf8...'.
    notice = os.fsencode(minimal / "content/lanting/notices/lift-consultation")
    with open(notice + b"/" + "进度.csv".encode("gbk"), "wb") as file:
        file.write(b"a,b\n")
    os.mkdir(os.fsencode(minimal / "content/lanting") + b"/" + "说明".encode("gbk"))
    for command in (["check"], ["build", "--no-pdf", "--date", "2026-11-25"]):
        result = run_cli(command, minimal)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert ("content/lanting/notices/lift-consultation/进度.csv: error: the name '进度.csv' (read as GBK, in which "
                "a zip made on Windows writes names) is not UTF-8: it cannot be published, nor listed by its name"
                ) in result.stderr
        assert "content/lanting/说明: error: the name '说明'" in result.stderr
        assert not any("\udc80" <= character <= "\udcff" for character in result.stderr)
