#!/bin/bash
# Standard OGC clients (GDAL WMS/WMTS/TMS drivers, OWSLib WMS 1.3.0/1.1.1 and WMTS) against GreenCover with
# the sample data, plus the bad-request exception codes. Exits non-zero when any check fails.
#
#   bench/ogc-clients/check.sh                    # starts its own server (port 8099, fresh data dir) and stops it
#   BASE=http://127.0.0.1:8098 bench/ogc-clients/check.sh   # use a server already serving the samples
#
# Env: BASE (server to test; empty = start one), PORT [8099], JAR [target/greencover.jar], OUT [/tmp/ogc-clients]
# Needs (Debian): apt-get install -y gdal-bin python3-gdal python3-owslib python3-numpy
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
PORT=${PORT:-8099}; JAR=${JAR:-$ROOT/target/greencover.jar}; OUT=${OUT:-/tmp/ogc-clients}
BASE=${BASE:-}
for tool in gdalinfo gdal_translate /usr/bin/python3; do
  command -v "$tool" > /dev/null || { echo "missing $tool (apt-get install gdal-bin python3-gdal python3-owslib)"; exit 2; }
done
PID=
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; fi; }
trap cleanup EXIT
if [ -z "$BASE" ]; then
  [ -f "$JAR" ] || { echo "missing $JAR (./mvnw -q -B -o package -DskipTests)"; exit 2; }
  DATA=$(mktemp -d /tmp/ogc-clients-data.XXXXXX)
  BASE=http://127.0.0.1:$PORT
  (cd "$ROOT" && exec java -jar "$JAR" serve --port "$PORT" --data "$DATA" > "$DATA/serve.log" 2>&1) &
  PID=$!
  for _ in $(seq 120); do
    curl -sf "$BASE/health" > /dev/null 2>&1 && break
    kill -0 "$PID" 2> /dev/null || { cat "$DATA/serve.log"; exit 2; }
    sleep 1
  done
  echo "started GreenCover on $BASE (pid $PID, data $DATA)"
fi
curl -sf "$BASE/health" > /dev/null || { echo "no server at $BASE"; exit 2; }
/usr/bin/python3 "$HERE/check.py" "$BASE" "$OUT"
