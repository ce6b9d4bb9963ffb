#!/usr/bin/env bash
# Sets up a clean checkout and runs every test: the command README and .ci/run name.
# Installs what the suite needs (Chromium from Debian for the browser tests), installs npm packages without the
# downloads that fail offline (Electron's binary, onnxruntime's CUDA add-on), builds, lints and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip
if ! command -v chromium >/dev/null 2>&1; then
  echo "test:all: installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v exiftool >/dev/null 2>&1; then # the XMP tests read what Facet wrote with ExifTool
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libimage-exiftool-perl >/dev/null
fi
npm ci --no-audit --no-fund   # `prepare` builds: TypeScript, the ONNX models, the renderer bundle
npm run typecheck
npm run lint
npm test
