#!/usr/bin/env bash
# Builds this OS's installers with jpackage, from the argfiles beside this script:
#   1. the fat jar (mvn package), 2. a trimmed runtime (jlink @installer/jlink.args),
#   3. a self-contained app image (app-image.args + app-image-OS.args),
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
for t in "${types[@]}"; do
  jpackage --type "$t" @installer/package.args @installer/package-$os.args
done
ls -l target/installer
