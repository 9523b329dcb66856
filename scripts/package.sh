#!/usr/bin/env bash
# Builds the Debian package build/default/veil_<version>_amd64.deb (CPack; runtime dependencies from
# dpkg-shlibdeps plus the QML modules and data loaded by name). Usage: scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --parallel "$(nproc)"
(cd build/default && cpack -G DEB >/dev/null)
ls build/default/veil_*_amd64.deb
