#!/usr/bin/env bash
# Sets up everything noticeboard needs on a Debian machine, as root or with sudo.
# Safe to run again: it installs only what is missing.
#   NOTICEBOARD_SETUP=build  (default) what building the site and PDFs needs
#   NOTICEBOARD_SETUP=test   also the browser and PDF tools the tests use
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${NOTICEBOARD_SETUP:-build}"
# Pango and HarfBuzz's subsetter for WeasyPrint (without libharfbuzz-subset0 a
# sheet takes 8-12 s instead of 0.2 s), and a CJK font so Chinese prints.
debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig)
if [ "$mode" = test ]; then
  # Chromium for the phone-viewport tests, poppler-utils to read PDFs back.
  debs+=(chromium poppler-utils)
fi
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || debs+=(python3-venv)

missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extras=""; [ "$mode" = test ] && extras="[test]"
# Reinstall only when pyproject.toml changed since the last successful install.
stamp=".venv/.installed-$mode-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  touch "$stamp"
fi

# `noticeboard` on the PATH, as its own messages name it ("then run: noticeboard check"), so that a district's
# content can be kept in a folder of its own, apart from this checkout. A file of that name that is not a link
# is someone else's, and is left alone.
link=/usr/local/bin/noticeboard
target="$PWD/.venv/bin/noticeboard"
if [ "$(readlink "$link" 2>/dev/null)" != "$target" ] && { [ ! -e "$link" ] || [ -L "$link" ]; }; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if $sudo ln -sfn "$target" "$link"; then
    echo "noticeboard is on the PATH: $link -> $target"
  else
    echo "To run noticeboard from any folder, link it onto the PATH: sudo ln -sfn '$target' '$link'"
  fi
fi
