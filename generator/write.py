"""Stage 5, write: the only module that changes the output folder.

Everything is written into a staging folder beside the output first; only
when all of it is there is the staging folder swapped into place. A build
that fails at any point before the swap leaves the output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def publish(output: Path, files: dict[str, bytes], copies: dict[str, Path]) -> None:
    """Replace `output` with exactly `files` (path -> bytes) and `copies` (path -> source)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    retired = output.parent / f".{output.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for path, data in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path, source in copies.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
