#!/usr/bin/env bash
# A .deb from the PyInstaller one-dir build (run packaging/build.sh first):
#   /opt/iljeong/                                 the bundle (iljeong + _internal/)
#   /usr/bin/iljeong -> /opt/iljeong/iljeong
#   /usr/share/applications/iljeong.desktop
#   /usr/share/icons/hicolor/{256x256,scalable}/apps/iljeong.{png,svg}
# Output: dist/iljeong_<version>_<arch>.deb (the path is the last line printed).
# DEB_COMPRESS=xz makes a smaller file (about 1.5 min more on 2 cores); gzip is the default.
# The icon cache and the desktop database are refreshed by dpkg triggers of
# hicolor-icon-theme and desktop-file-utils, so no maintainer scripts are needed.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/iljeong
[ -x "$bundle/iljeong" ] || { echo "deb: $bundle/iljeong is missing; run packaging/build.sh" >&2; exit 1; }
for f in resources/iljeong.desktop resources/icons/iljeong.png resources/icons/iljeong.svg; do
  [ -f "$f" ] || { echo "deb: $f is missing" >&2; exit 1; }
done
command -v dpkg-deb >/dev/null || { echo "deb: dpkg-deb not found (Debian/Ubuntu only)" >&2; exit 1; }

version=$(awk -F'"' '/^version *=/ { print $2; exit }' pyproject.toml)
[ -n "$version" ] || { echo "deb: no version in pyproject.toml" >&2; exit 1; }
arch=$(dpkg --print-architecture)
glibc=$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')  # no `| head`: pipefail + SIGPIPE
stage=build/deb/iljeong_${version}_${arch}
out=dist/iljeong_${version}_${arch}.deb
maintainer="$(git config user.name 2>/dev/null || echo iljeong) <$(git config user.email 2>/dev/null || echo root@localhost)>"
started=$(date +%s)

rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/256x256/apps" "$stage/usr/share/icons/hicolor/scalable/apps" \
  "$stage/usr/share/doc/iljeong"
cp -a "$bundle" "$stage/opt/iljeong"
ln -s /opt/iljeong/iljeong "$stage/usr/bin/iljeong"
install -m 0644 resources/iljeong.desktop "$stage/usr/share/applications/iljeong.desktop"
install -m 0644 resources/icons/iljeong.png "$stage/usr/share/icons/hicolor/256x256/apps/iljeong.png"
install -m 0644 resources/icons/iljeong.svg "$stage/usr/share/icons/hicolor/scalable/apps/iljeong.svg"
cat > "$stage/usr/share/doc/iljeong/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: iljeong
License: MIT
Comment: /opt/iljeong/_internal bundles Python, Qt (PySide6, LGPLv3) and the Python
 packages iljeong depends on, each under its own licence.
EOF
chmod -R u+rwX,go+rX,go-w "$stage"

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<EOF
Package: iljeong
Version: ${version}
Section: utils
Priority: optional
Architecture: ${arch}
Maintainer: ${maintainer}
Installed-Size: ${installed_kb}
Depends: libc6 (>= ${glibc}), libegl1, libgl1, libopengl0, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xkb1, fonts-nanum | fonts-noto-cjk
Recommends: tesseract-ocr, tesseract-ocr-kor, xclip | wl-clipboard
Suggests: gnome-keyring | kwalletmanager
Description: local-first desktop calendar assistant (일정)
 Type "11월 24일 검진 07:40~12시 인천 연수구 갯벌로156" or drop a screenshot of an
 invitation; iljeong proposes the event, asks one short confirmation and saves it.
 Works offline on a local SQLite store; Google Calendar and a central sync service
 are optional mirrors. Korean and English. Reading screenshots uses tesseract
 (tesseract-ocr-kor for Korean).
EOF

mkdir -p dist
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-gzip}" --build "$stage" "$out" >/dev/null
rm -rf "$stage"
echo "deb: $(du -h "$out" | cut -f1) in $(( $(date +%s) - started )) s (installed ${installed_kb} kB)"
echo "$out"
