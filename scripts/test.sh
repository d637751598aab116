#!/usr/bin/env bash
# Sets everything up, browser and PDF tools included, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
NOTICEBOARD_SETUP=test bash scripts/setup.sh
.venv/bin/python -m pytest "$@"
