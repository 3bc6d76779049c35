#!/bin/bash
# Side-by-side tile benchmark: GreenCover vs MapServer 8 on the same 10980 x 10980 scene, with the shared
# peer scripts (MapServer from Debian behind nginx, wrk on one seeded random tile sequence for every server).
#
#   bench/tiles/run.sh
#
# Env (defaults in brackets):
#   SHARED [<repo>/../shared]         folder holding bench/mapserver (the shared peer scripts)
#   PEERBENCH [/tmp/peerbench]        writable folder for the peer's data/, run/, results/
#   SCENE_SRC []                      folder that already holds scene_10980.tif (+ _scl, _ndvi, VRTs) from
#                                     make_data.py --size 10980 (seed 42): linked instead of regenerated
#   GC_DATA [/tmp/gc-tiles-bench]     GreenCover data directory (the scene is ingested once)
#   JAR [<repo>/target/greencover.jar]  PORT [8098]  MS_PORT [8088]
#   DURATION [20s] WARMUP [5s] CONCURRENCY [8] SEED [1]
# Needs (Debian): gdal-bin python3-gdal python3-rasterio python3-shapely cgi-mapserver mapserver-bin wrk
#   spawn-fcgi nginx-light. The machine should be otherwise idle: the script waits for known CPU-heavy
#   benchmark processes to end and holds /tmp/bench.lock while it measures.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}; PEER=$SHARED/bench/mapserver
[ -f "$PEER/bench_wms.sh" ] || { echo "no $PEER/bench_wms.sh: set SHARED to the folder holding bench/mapserver"; exit 2; }
export PEERBENCH=${PEERBENCH:-/tmp/peerbench}
GC_DATA=${GC_DATA:-/tmp/gc-tiles-bench}; JAR=${JAR:-$ROOT/target/greencover.jar}
PORT=${PORT:-8098}; MS_PORT=${MS_PORT:-8088}
DURATION=${DURATION:-20s}; WARMUP=${WARMUP:-5s}; CONCURRENCY=${CONCURRENCY:-8}; SEED=${SEED:-1}
PY=/usr/bin/python3
mkdir -p "$PEERBENCH/results"; LOG=$PEERBENCH/results/tiles-$(date +%Y%m%d-%H%M%S).log
exec > >(tee -a "$LOG") 2>&1   # the whole run, load lines included, also goes to $LOG
[ -f "$JAR" ] || { echo "missing $JAR (./mvnw -q -B -o package -DskipTests)"; exit 2; }

# ---- the scene (make_data.py, seed 42) ----
D=$PEERBENCH/data; mkdir -p "$D"
if [ ! -f "$D/scene_10980.tif" ]; then
  if [ -n "${SCENE_SRC:-}" ]; then
    for f in "$SCENE_SRC"/scene_10980*; do ln -sf "$f" "$D/$(basename "$f")"; done
  else
    (cd "$PEER" && $PY make_data.py --size 10980)
  fi
fi
# make_mapfile.py wants the COG variant's VRT for its ndvi_cog layer (not measured here): alias it if absent
[ -e "$D/scene_10980_cog_ndvi_live.vrt" ] || ln -sf scene_10980_ndvi_live.vrt "$D/scene_10980_cog_ndvi_live.vrt"
gdalinfo "$D/scene_10980.tif" | grep -q "Size is 10980, 10980" || { echo "incomplete $D/scene_10980.tif"; exit 2; }

# ---- the same PNG deflate level on both: ours is PngEncoder.DEFAULT_LEVEL ----
LEVEL=$(sed -n 's/.*int DEFAULT_LEVEL = \([0-9]\);.*/\1/p' "$ROOT/src/main/java/greencover/core/render/PngEncoder.java")
echo "PNG deflate level: $LEVEL (GreenCover PngEncoder.DEFAULT_LEVEL; MapServer FORMATOPTION COMPRESSION=$LEVEL)"

# ---- GreenCover: ingest once (DN = reflectance x 10000 without offset: a pre-04.00 baseline) ----
if [ ! -f "$GC_DATA/.ingested-scene_10980" ]; then
  java -Xmx2g -jar "$JAR" ingest --data "$GC_DATA" --sensor sentinel2-l2a --acquired 2024-10-01 \
    --processing-baseline 02.12 --file "$D/scene_10980.tif" --bands red,nir
  touch "$GC_DATA/.ingested-scene_10980"
fi

GC_PID=
cleanup() {
  if [ -n "$GC_PID" ]; then kill "$GC_PID" 2> /dev/null || true; wait "$GC_PID" 2> /dev/null || true; fi
  [ -s "$PEERBENCH/run/nginx.pid" ] && (cd "$PEER" && ./stop.sh > /dev/null 2>&1) || true
}
trap cleanup EXIT
start_gc() {  # $1 = tile cache MB (0 = off)
  java -Xmx1g -jar "$JAR" serve --port "$PORT" --data "$GC_DATA" --no-samples --tile-cache-mb "$1" \
    > "$PEERBENCH/greencover-serve.log" 2>&1 &
  GC_PID=$!
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null 2>&1 && return; sleep 0.5; done
  echo "GreenCover did not start"; cat "$PEERBENCH/greencover-serve.log"; exit 2
}
stop_gc() { kill "$GC_PID"; wait "$GC_PID" 2> /dev/null || true; GC_PID=; }
quiet() {  # wait until no other CPU-heavy benchmark runs
  while pgrep -f "greencover.jar ingest|ndvi_ref.py|ZonalBench|make_data.py" > /dev/null; do
    echo "waiting for other benchmarks: $(pgrep -af 'greencover.jar ingest|ndvi_ref.py|ZonalBench|make_data.py' | cut -c1-80 | head -2)"
    sleep 10
  done
}

(cd "$PEER" && PNG_COMPRESSION=$LEVEL PORT=$MS_PORT ./start.sh)
start_gc 0
MS="/wms?SERVICE=WMS&VERSION=1.3.0&STYLES=&CRS=EPSG:3857&BBOX={minx},{miny},{maxx},{maxy}&WIDTH=256&HEIGHT=256&FORMAT=image/png&TRANSPARENT=TRUE&REQUEST=GetMap"
TARGETS="mapserver_ndvi_pre http://127.0.0.1:$MS_PORT $MS&LAYERS=ndvi_pre
greencover_uncached http://127.0.0.1:$PORT /tiles/ndvi/{z}/{x}/{y}.png
mapserver_ndvi http://127.0.0.1:$MS_PORT $MS&LAYERS=ndvi"
quiet
echo "# load before: $(uptime)"
(cd "$PEER" && TARGETS="$TARGETS" LAYERS=ndvi CONCURRENCY="$CONCURRENCY" DURATION="$DURATION" WARMUP="$WARMUP" \
  SEED="$SEED" flock /tmp/bench.lock ./bench_wms.sh)
echo "# load after: $(uptime)"

# ---- cached: z10-13 (740 tiles, about 25 MB) fit the 256 MB cache; a long warm-up renders them all ----
stop_gc
start_gc 256
quiet
echo "# load before: $(uptime)"
(cd "$PEER" && TARGETS="greencover_cached http://127.0.0.1:$PORT /tiles/ndvi/{z}/{x}/{y}.png" LAYERS=ndvi ZMAX=13 \
  CONCURRENCY="$CONCURRENCY" DURATION="$DURATION" WARMUP=15s SEED="$SEED" flock /tmp/bench.lock ./bench_wms.sh)
echo "# load after: $(uptime)"
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
