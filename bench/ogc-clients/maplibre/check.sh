#!/usr/bin/env bash
# MapLibre GL (npm) in Debian's headless Chromium against a running GreenCover on the samples:
#   BASE=http://127.0.0.1:8080 bench/ogc-clients/maplibre/check.sh
# Needs node, npm and chromium; installs maplibre-gl and playwright-core into this folder's node_modules.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/maplibre-gl ] && [ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --no-package-lock --silent
node run.mjs "${BASE:-http://127.0.0.1:8080}"
