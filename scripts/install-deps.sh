#!/bin/sh
# Installs the Debian packages mtvm's build, tests and scripts need, and only
# those that are missing, so a warm machine pays nothing.
set -e
PKGS="build-essential binutils pkg-config clang libclang-rt-14-dev lua5.4 luajit
      libipt-dev libelf-dev libjansson-dev check
      python3 python3-numpy python3-matplotlib bzip2"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
