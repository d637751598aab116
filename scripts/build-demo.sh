#!/usr/bin/env bash
# Sets everything up (Debian packages, .venv) and builds the demo district into output/ (the website)
# and print/ (the sheets for the bulletin board).
set -euo pipefail
cd "$(dirname "$0")/.."
NOTICEBOARD_SETUP=build bash scripts/setup.sh
.venv/bin/noticeboard build "$@"
