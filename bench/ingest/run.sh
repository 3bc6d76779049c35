#!/usr/bin/env bash
# GreenCover ingest + zonal benchmark on a generated 10980 x 10980 Sentinel-2 scene, side by side with the
# rasterio/numpy reference (ndvi_ref.py). See bench/README.md. Run from anywhere inside the repo:
#   bench/ingest/run.sh                      # everything (data generated once, reused)
#   REPEAT=3 PORT=18091 WORK=/tmp/gc-bench SHARED=../shared bench/ingest/run.sh
# Env: WORK (default /tmp/gc-bench; data/ and results/<stamp>/ go there), SHARED (default ../shared relative
# to the repo root, else ../../shared for a worktree), REPEAT (ingest runs, default 3), REF_REPEAT (ndvi_ref runs, default 3), PORT (18080-18099,
# default 18091), XMX (default 1g), BASELINE (processing baseline, default 05.09), SKIP (space-separated
# subset of: ingest ref zonal), BUILD=0 to use an existing target/greencover.jar, JAR=path to time another jar, JFR=1 to record the
# first ingest with Java Flight Recorder.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
WORK=${WORK:-/tmp/gc-bench}
# ../shared beside the main checkout; a worktree under wt/ finds it one level higher
if [[ -z "${SHARED:-}" ]]; then SHARED=../shared; [[ -d $SHARED ]] || SHARED=../../shared; fi
SHARED=$(cd "$SHARED" && pwd)
MAPBENCH=$SHARED/bench/mapserver
REPEAT=${REPEAT:-3}
REF_REPEAT=${REF_REPEAT:-3}
PORT=${PORT:-18091}
XMX=${XMX:-1g}
BASELINE=${BASELINE:-05.09}
SKIP=${SKIP:-}
N=10980
DATA=$WORK/data
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/results/$STAMP
mkdir -p "$DATA" "$OUT"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
skip() { [[ " $SKIP " == *" $1 "* ]]; }
# contention from other processes: load averages and the kernel's CPU pressure (share of time some task waited for a CPU)
busy() { echo "load $(cut -d' ' -f1-3 /proc/loadavg), cpu pressure $(awk '/some/{print $2, $3}' /proc/pressure/cpu 2>/dev/null)"; }

# ---- (a) tools --------------------------------------------------------------------------------------------
if ! /usr/bin/python3 -c 'import rasterio, numpy, shapely; from osgeo import gdal' 2>/dev/null || ! command -v gdal_translate >/dev/null; then
  log "installing gdal-bin python3-gdal python3-numpy python3-rasterio python3-shapely"
  DEBIAN_FRONTEND=noninteractive apt-get install -y gdal-bin python3-gdal python3-numpy python3-rasterio python3-shapely >"$OUT/apt.log" 2>&1
fi
if [[ -z "${JAR:-}" ]]; then
  if [[ "${BUILD:-1}" != 0 || ! -f target/greencover.jar ]]; then
    log "building target/greencover.jar"
    ./mvnw -q -B -o package -DskipTests
  fi
  JAR=$REPO/target/greencover.jar
fi

# ---- (b) scene ---------------------------------------------------------------------------------------------
SCENE=$DATA/scene_$N.tif
SCL10=$DATA/scene_${N}_scl.tif
SCL20=$DATA/scl_20m.tif
if [[ ! -f $SCENE || ! -f $SCL10 ]]; then
  log "generating the $N scene (about 60 s, 6 GB RAM)"
  /usr/bin/python3 "$MAPBENCH/make_data.py" --size $N --no-cog --out "$DATA" >"$OUT/make_data.log" 2>&1
fi
if [[ ! -f $SCL20 ]]; then
  log "deriving the 20 m SCL"
  gdal_translate -q -tr 20 20 -r nearest -co TILED=YES -co COMPRESS=DEFLATE "$SCL10" "$SCL20"
fi
# the 20 m grid must share the 10 m grid's corners: 10980 * 10 / 20 = 5490
read -r W20 H20 < <(/usr/bin/python3 -c "from osgeo import gdal; d=gdal.Open('$SCL20'); print(d.RasterXSize, d.RasterYSize)")
/usr/bin/python3 - "$SCENE" "$SCL20" <<'PY'
import sys
from osgeo import gdal
a, b = (gdal.Open(p).GetGeoTransform() for p in sys.argv[1:3])
d = gdal.Open(sys.argv[2])
assert (d.RasterXSize, d.RasterYSize) == (5490, 5490), (d.RasterXSize, d.RasterYSize)
assert a[0] == b[0] and a[3] == b[3] and b[1] == 20 and b[5] == -20, (a, b)
PY
log "scene $SCENE ($(du -h "$SCENE" | cut -f1)); SCL 20 m $SCL20 ${W20}x${H20}, corners aligned"

# ---- (c) sites ---------------------------------------------------------------------------------------------
SITES=$DATA/sites.geojson
[[ -f $SITES ]] || /usr/bin/python3 bench/ingest/make_sites.py --scene "$SCENE" --out "$SITES" | tee -a "$OUT/run.log"

# ---- machine -----------------------------------------------------------------------------------------------
{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem: $(free -g | awk '/Mem:/{print $2" GB"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "git: $(git rev-parse --short HEAD) $(git status --porcelain | grep -q . && echo dirty || echo clean)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" | tee -a "$OUT/run.log"

# ---- (d) GreenCover ingest ---------------------------------------------------------------------------------
add_sites() {   # $1 = data dir: start the server, POST the sites, stop it
  local gc=$1 pid
  java -Xmx$XMX -jar "$JAR" serve --no-samples --data "$gc" --port "$PORT" >"$gc.serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/api/v1/sites" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { cat "$gc.serve.log"; return 1; }
    sleep 0.5
  done
  curl -fsS -X POST -H "Authorization: Bearer $(cat "$gc/token")" -H 'Content-Type: application/geo+json' \
       --data-binary @"$SITES" "http://127.0.0.1:$PORT/api/v1/sites" -o "$gc.sites.json" -w '%{http_code}\n' >>"$OUT/run.log"
  kill $pid; wait $pid 2>/dev/null || true
}

if ! skip ingest; then
  for i in $(seq 1 "$REPEAT"); do
    GC=$WORK/gc-$i
    rm -rf "$GC" "$GC".*
    add_sites "$GC"
    sync
    JOPTS=(-Xmx$XMX)
    if [[ "${JFR:-0}" == 1 && $i == 1 ]]; then JOPTS+=(-XX:StartFlightRecording=filename=$OUT/ingest.jfr,settings=profile); fi
    log "ingest run $i/$REPEAT ($(busy))"
    /usr/bin/time -v -o "$OUT/ingest_$i.time" java "${JOPTS[@]}" -Dorg.slf4j.simpleLogger.log.greencover.service=debug -jar "$JAR" ingest --data "$GC" \
      --sensor sentinel2-l2a --acquired 2024-10-01 --processing-baseline "$BASELINE" \
      --file "$SCENE" --bands red,nir --mask "$SCL20" >"$OUT/ingest_$i.log" 2>&1
    tr '\r' '\n' <"$OUT/ingest_$i.log" | sed 's/^\[#* *\][^[]*//' | grep -v '^$' | tail -25 >>"$OUT/run.log"
    grep -ao 'DEBUG .*' "$OUT/ingest_$i.log" | sed 's/^DEBUG greencover.service.SceneService - /  /' | tee -a "$OUT/phases.log"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/ingest_$i.time")
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/ingest_$i.time")
    cpu=$(awk -F': ' '/Percent of CPU/{print $2}' "$OUT/ingest_$i.time")
    cpus=$(awk -F': ' '/User time|System time/{s += $2} END {printf "%.1f", s}' "$OUT/ingest_$i.time")
    echo "$i $wall $rss $(cut -d' ' -f1 /proc/loadavg) $cpu $cpus" >>"$OUT/ingest.tsv"
    log "  wall $wall, max RSS $((rss / 1024)) MB, CPU $cpu = ${cpus} s user+sys ($(busy))"
    rm -rf "$GC" "$GC".*
  done
fi

# ---- (e) rasterio reference --------------------------------------------------------------------------------
if ! skip ref; then
  log "ndvi_ref.py without SCL ($(busy))"
  /usr/bin/python3 "$MAPBENCH/ndvi_ref.py" --scene "$SCENE" "$SITES" --full-scene --repeat "$REF_REPEAT" \
    --json "$OUT/ndvi_ref.json" >"$OUT/ndvi_ref.log" 2>&1
  log "ndvi_ref.py with SCL (10 m) ($(busy))"
  /usr/bin/python3 "$MAPBENCH/ndvi_ref.py" --scene "$SCENE" "$SITES" --full-scene --repeat "$REF_REPEAT" \
    --scl "$SCL10" --json "$OUT/ndvi_ref_scl.json" >"$OUT/ndvi_ref_scl.log" 2>&1
fi

# ---- (f) zonal micro-benchmark -----------------------------------------------------------------------------
if ! skip zonal; then
  if [[ ! -f target/test-classpath.txt || pom.xml -nt target/test-classpath.txt ]]; then
    ./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
  fi
  ./mvnw -q -B -o test-compile
  log "ZonalBench ($(busy))"
  java -Xmx$XMX -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" greencover.bench.ZonalBench 7 80 \
    >"$OUT/zonal.log" 2>&1
fi

# ---- summary -----------------------------------------------------------------------------------------------
/usr/bin/python3 - "$OUT" <<'PY' | tee "$OUT/summary.txt"
import json, os, re, statistics, sys
out = sys.argv[1]
def sec(t):  # h:mm:ss or m:ss.ss
    p = [float(x) for x in t.split(':')]
    return sum(v * 60 ** (len(p) - 1 - i) for i, v in enumerate(p))
print(open(os.path.join(out, 'machine.txt')).read().strip())
rows = []
if os.path.exists(os.path.join(out, 'ingest.tsv')):
    runs = [l.split() for l in open(os.path.join(out, 'ingest.tsv'))]
    walls = [sec(r[1]) for r in runs]; rss = [int(r[2]) / 1024 for r in runs]
    loads = ' '.join(r[3] for r in runs); cpus = ' '.join(r[4] if len(r) > 4 else '?' for r in runs)
    cpu_s = [float(r[5]) for r in runs if len(r) > 5]
    rows.append(('GreenCover ingest wall (s), 2 cores, -Xmx1g', f'best {min(walls):.1f}, median {statistics.median(walls):.1f}',
                 f'target <= 20 s; {len(walls)} runs: ' + ' '.join(f'{w:.1f}' for w in walls) + f'; load1 after {loads}; CPU {cpus}'))
    rows.append(('GreenCover ingest max RSS (MB)', f'max {max(rss):.0f}, median {statistics.median(rss):.0f}', ''))
    if cpu_s: rows.append(('GreenCover ingest CPU time user+sys (s)', f'best {min(cpu_s):.1f}, median {statistics.median(cpu_s):.1f}', ''))
def zonal():
    p = os.path.join(out, 'zonal.log')
    if not os.path.exists(p): return
    m = re.search(r'best ([\d.]+) Mpx/s, median ([\d.]+) Mpx/s', open(p).read())
    w = re.search(r'window (.*)', open(p).read())
    if m: rows.append(('GreenCover exact zonal (ZonalBench, 1 thread)', f'best {m[1]}, median {m[2]} Mpx/s',
                       f'target >= 100; {w[1] if w else ""}'))
zonal()
for name, label in (('ndvi_ref.json', 'no SCL'), ('ndvi_ref_scl.json', 'SCL 10 m')):
    p = os.path.join(out, name)
    if not os.path.exists(p): continue
    res = json.load(open(p))['results']
    full = [r for r in res if r['feature'] == 'FULL_SCENE'][0]
    cen = [r for r in res if r['rule'] == 'center']
    px = sum(r['window_pixels'] for r in cen); t = sum(r['wall_s_best'] for r in cen)
    rows.append((f'rasterio ndvi_ref full scene ({label})', f"{full['window_px_per_s'] / 1e6:.1f} Mpx/s",
                 f"best {full['wall_s_best']:.2f} s, median {full['wall_s_median']:.2f} s, read only {full['read_s_best']:.2f} s"))
    rows.append((f'rasterio ndvi_ref 20 sites, center ({label})', f"{px / t / 1e6:.1f} Mpx/s",
                 f"{px / 1e6:.1f} Mpx of windows in {t:.2f} s (sum of best per site)"))
w = max(len(r[0]) for r in rows) if rows else 0
print()
for r in rows: print(f'{r[0]:<{w}}  {r[1]:<28}  {r[2]}')
PY
log "results in $OUT"
