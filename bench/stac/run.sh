#!/usr/bin/env bash
# GreenCover's windowed STAC import against GDAL's /vsicurl/ reads of the same windows and today's whole-file upload,
# on a local STAC API of full-size 10980 x 10980 Sentinel-2 L2A-style items over the Zijinshan dump, served over
# loopback by a range server that counts requests and bytes (greencover.bench.StacBench; see bench/stac/README.md).
#   bench/stac/run.sh                                # 24 items, all uploaded whole too
#   ITEMS=24 WHOLE=6 WORK=/tmp/gc-stac bench/stac/run.sh
# Env: WORK (default /tmp/gc-stac-bench: items under stac/, written once and reused, about 240 MB each), ITEMS (24),
# WHOLE (items also uploaded whole, default ITEMS), RANGE_PORT (18097), PORT (18098), BUILD=0 to reuse target/.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
WORK=${WORK:-/tmp/gc-stac-bench}
ITEMS=${ITEMS:-24}
WHOLE=${WHOLE:-$ITEMS}
RANGE_PORT=${RANGE_PORT:-18097}
PORT=${PORT:-18098}
mkdir -p "$WORK"
command -v gdal_translate >/dev/null || { echo "gdal_translate is missing: apt-get install gdal-bin" >&2; exit 1; }
if [[ "${BUILD:-1}" != 0 || ! -f target/greencover.jar ]]; then
  ./mvnw -q -B -o package -DskipTests
fi
if [[ ! -f target/test-classpath.txt || pom.xml -nt target/test-classpath.txt ]]; then
  ./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
fi
{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other processes run meanwhile)"
  echo "java: $(java -version 2>&1 | head -1); $(gdalinfo --version)"
  echo "git: $(git rev-parse --short HEAD)"
} | tee "$WORK/machine.txt"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" greencover.bench.StacBench \
  "$WORK" target/greencover.jar "$ITEMS" "$WHOLE" "$RANGE_PORT" "$PORT" sample-tiles/sites.geojson | tee "$WORK/run.log"
echo "results: $WORK/results.md"
