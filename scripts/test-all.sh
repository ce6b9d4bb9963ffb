#!/usr/bin/env bash
# Sets up a clean checkout and runs every test: the command README and .ci/run name.
# Installs what the suite needs (Chromium for the browser tests, ExifTool for the XMP tests, both Debian's; a current
# Node LTS when the system's is older), installs npm packages under npm's strict install-script policy without the
# downloads that fail offline (Electron's binary; onnxruntime's CUDA add-on is denied in package.json), builds,
# lints, tests, then runs the engine's tests on the other Node LTS lines.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# npm 11 warns about a dependency install script that allowScripts does not decide; the next major skips it
# silently. Strict turns that into a failed install here, so an undecided package can never land.
export npm_config_strict_allow_scripts=true
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl) # the XMP tests read Facet's output with it
if [ ${#missing[@]} -gt 0 ]; then
  echo "test:all: installing Debian's ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
source scripts/node-lts.sh
use_supported_node
echo "test:all: Node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund   # `prepare` builds: TypeScript, the ONNX models, the renderer bundle
npm run typecheck
npm run lint
npm test
bash scripts/test-node-lines.sh
