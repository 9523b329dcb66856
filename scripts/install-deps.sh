#!/usr/bin/env bash
# Installs every Debian package Veil needs to build, test and run; skips what is already there.
# Idempotent: safe to run on every build. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
    qt6-declarative-dev qt6-declarative-dev-tools qml6-module-qtquick qml6-module-qtquick-controls
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
    qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qttest xvfb
    qt6-charts-dev qml6-module-qtcharts qt6-svg-dev qt6-l10n-tools qt6-tools-dev
    libopencv-dev opencv-data libjpeg62-turbo-dev libpng-dev libwebp-dev zlib1g-dev
    libsqlite3-dev libssl-dev openssl
    postgresql-15 libpq-dev
    libbenchmark-dev libjpeg-turbo-progs
    clang-format clang libclang-rt-14-dev
    dpkg-dev desktop-file-utils appstream debootstrap
)

# npm: scripts/check-openapi.sh installs its OpenAPI validator from the npm registry. A machine that already
# has Node.js and npm (not from Debian) keeps them.
if ! command -v npm >/dev/null 2>&1; then
    packages+=(npm)
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
