#!/usr/bin/env bash
# Builds this OS's installers with jpackage, from the argfiles beside this script:
#   1. the fat jar (mvn package), 2. a trimmed runtime (jlink @installer/jlink.args),
#   3. a self-contained app image (app-image.args + app-image-OS.args; on Linux with the
#      start-up archive's class list, dumped into an archive by the .deb at install),
#   4. the packages from that image (package.args + package-OS.args):
#      Linux .deb (and .rpm when rpmbuild exists), Windows .msi (needs WiX 3), macOS .dmg.
# Output: target/installer/. Run from anywhere: bash installer/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)" in
  Linux*) os=linux; types=(deb); command -v rpmbuild >/dev/null && types+=(rpm) ;;
  Darwin*) os=mac; types=(dmg) ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; types=(msi) ;;
  *) echo "unsupported OS: $(uname -s)" >&2; exit 1 ;;
esac
if [ "$os" = linux ] && ! command -v fakeroot >/dev/null; then
  echo "jpackage needs fakeroot and dpkg-deb for a .deb: apt-get install fakeroot" >&2
  exit 1
fi

mvn -q -B package -DskipTests
rm -rf target/installer-input target/installer-runtime target/installer
mkdir -p target/installer-input
cp target/dbsync.jar target/installer-input/

jlink @installer/jlink.args
jpackage @installer/app-image.args @installer/app-image-$os.args
# Linux: the class list of the start-up archive (made by mvn package) goes into the image; the
# .deb's postinst dumps the archive from it where the jar has its final path (an archive
# names the jar by its path, so one dumped here would not be used once installed). Without
# it, or elsewhere, the app starts as usual, only slower.
# The package's dbsync command and menu entry are the launcher script of target/dbsync, put
# beside the jar with SQLite's native library: jpackage's own launcher asks rpm and dpkg
# which package owns it at every start (0.3 s here; docs/performance.md).
if [ "$os" = linux ]; then
  app="target/installer/DB Sync/lib/app"
  install -m 755 src/main/sh/dbsync "$app/dbsync"
  if [ -d target/sqlite-native/org/sqlite/native/Linux ]; then
    mkdir -p "$app/sqlite-native/org/sqlite/native"
    cp -r target/sqlite-native/org/sqlite/native/Linux "$app/sqlite-native/org/sqlite/native/"
  fi
  if [ -f target/dbsync.classlist ]; then
    cp target/dbsync.classlist "$app/dbsync.classlist"
  else
    echo "warning: no target/dbsync.classlist; the installed app has no start-up archive" >&2
  fi
fi
for t in "${types[@]}"; do
  jpackage --type "$t" @installer/package.args @installer/package-$os.args
done
ls -l target/installer
