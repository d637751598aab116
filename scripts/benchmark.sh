#!/usr/bin/env bash
# Sets up noticeboard and the generators it is measured against, then runs benchmarks/run.py with the
# arguments given (say, --sizes 10,100). Safe to run again: it installs only what is missing.
# Pelican and MkDocs go into benchmarks/.venv, apart from the project's .venv: Pelican pins an older
# Pygments. Hugo is Debian's.
set -euo pipefail
cd "$(dirname "$0")/.."
NOTICEBOARD_SETUP=build bash scripts/setup.sh

if ! command -v hugo >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian package: hugo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends hugo >/dev/null
fi

[ -x benchmarks/.venv/bin/python ] || python3 -m venv benchmarks/.venv
stamp="benchmarks/.venv/.installed-$(sha256sum benchmarks/requirements.txt | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  benchmarks/.venv/bin/python -m pip install -q --upgrade pip
  benchmarks/.venv/bin/python -m pip install -q -r benchmarks/requirements.txt
  touch "$stamp"
fi

# The benchmark reads noticeboard's synthetic notices with PyYAML and its sheets with pypdf, both
# installed with noticeboard.
exec .venv/bin/python benchmarks/run.py --competitors-python benchmarks/.venv/bin/python "$@"
