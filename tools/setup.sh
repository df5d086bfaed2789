#!/usr/bin/env bash
# Set up a development machine: Debian libraries Qt needs, a Python 3.12+ virtual
# environment in .venv, and the project in it (editable). `--test` adds the test tools and
# what the end-to-end tests drive (Xvfb, xdotool, ImageMagick). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

debs=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0
      libxkbcommon0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
      libpulse0)  # libpulse0: QtMultimedia (video pages) links it, though the kiosk plays no sound
[ "$with_tests" = 1 ] && debs+=(xvfb xdotool imagemagick fonts-dejavu-core fonts-noto-cjk binutils poppler-utils)
# minisign: tests/test_remote.py signs and verifies bundles with the standard tool too
[ "$with_tests" = 1 ] && debs+=(minisign)
# promtool, from Prometheus itself, checks the kiosk's metrics and the alert rules (tests/test_metrics.py)
[ "$with_tests" = 1 ] && debs+=(prometheus)
# chromium: tests/test_review.py looks at the `kiosk review` page in a real browser (headless)
[ "$with_tests" = 1 ] && debs+=(chromium)
# gettext: tests/test_po.py checks every PO file `kiosk content export` writes with msgfmt --check
[ "$with_tests" = 1 ] && debs+=(gettext)
# ffmpeg: the video tests and `kiosk bench` make their own small clips (tests/clips.py)
[ "$with_tests" = 1 ] && debs+=(ffmpeg)

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
elif command -v apt-get >/dev/null; then
  echo "setup: not root; make sure these Debian packages are installed: ${debs[*]}" >&2
fi

# Python 3.12 or newer (PySide6 6.12 on 3.11 aborts with none_dealloc after a while).
python=""
for candidate in python3.13 python3.12 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "setup: Python 3.12 or newer is needed" >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "setup: ready ($(.venv/bin/python --version), .venv)"
