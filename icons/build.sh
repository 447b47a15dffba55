#!/usr/bin/env bash
# Makes every icon file from the SVG master, with tools from Debian's packages:
#   librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
# Usage: bash icons/build.sh   (installs the three packages when missing and run as root)
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
command -v icotool >/dev/null || missing+=(icoutils)
command -v png2icns >/dev/null || missing+=(icnsutils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "install first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

sizes=(16 32 48 64 128 256 512 1024)
for s in "${sizes[@]}"; do
  rsvg-convert -w "$s" -h "$s" dbsync.svg -o "dbsync-$s.png"
done
# Windows: one .ico holding the sizes Explorer and the taskbar ask for
icotool -c -o dbsync.ico dbsync-16.png dbsync-32.png dbsync-48.png dbsync-64.png \
  dbsync-128.png dbsync-256.png
# macOS: png2icns takes the sizes the icns format has slots for
png2icns dbsync.icns dbsync-16.png dbsync-32.png dbsync-48.png dbsync-128.png \
  dbsync-256.png dbsync-512.png dbsync-1024.png >/dev/null
ls -l dbsync*.png dbsync.ico dbsync.icns
