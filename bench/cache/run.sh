#!/bin/bash
# Reads under writes: wrk reads cached XYZ tiles of one date while one ingest per second adds scenes of other
# dates over the same ground, against the same reads with no writes, in one sitting (README "Caches").
#
#   bench/cache/run.sh
#
# Env (defaults in brackets):
#   JAR [<repo>/target/greencover.jar]   WORK [/tmp/gc-cache-bench] (wiped: data/, ingest files, results)
#   PORT [18097]  DURATION [20] (seconds per phase)  CONCURRENCY [8]  THREADS [2]
#   TIME [2024-08-15] (the date read: a Zijinshan sample date)  ZOOMS ["12 13 14 15"]
#   INGEST_PERIOD [1] (seconds between ingest starts)  ROUNDS [2] (read-only and under-ingests phases alternate,
#   after one warm-up phase; the medians are reported)
# Needs: java 17, wrk, curl, python3, gdal_translate (gdal-bin: makes each ingested file distinct).
# The server loads the bundled samples; each ingest is the Zijinshan 2024-08-15 scene (580 x 542, three files)
# re-encoded with a metadata item of its own (so its content hash is new) and acquired on its own date from
# 2015-07-02 on (before the first sample date): same footprint as the tiles read, other dates.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-$ROOT/target/greencover.jar}; WORK=${WORK:-/tmp/gc-cache-bench}; PORT=${PORT:-18097}
DURATION=${DURATION:-20}; CONCURRENCY=${CONCURRENCY:-8}; THREADS=${THREADS:-2}; TIME=${TIME:-2024-08-15}
ZOOMS=${ZOOMS:-"12 13 14 15"}; INGEST_PERIOD=${INGEST_PERIOD:-1}; ROUNDS=${ROUNDS:-2}
TOKEN=bench-cache-token; BASE=http://127.0.0.1:$PORT
SRC=$ROOT/sample-tiles/scenes/S2A_MSIL2A_20240815T025651_N0511_R032_T50RMN_20240815T080936
for t in java wrk curl python3 gdal_translate; do command -v $t > /dev/null || { echo "missing $t"; exit 2; }; done
[ -f "$JAR" ] || { echo "missing $JAR (./mvnw -q -B -o package -DskipTests)"; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK/ingest"
GC_PID=; LOOP_PID=
cleanup() {
  [ -n "$LOOP_PID" ] && kill "$LOOP_PID" 2> /dev/null || true
  if [ -n "$GC_PID" ]; then kill "$GC_PID" 2> /dev/null || true; wait "$GC_PID" 2> /dev/null || true; fi
}
trap cleanup EXIT

GREENCOVER_TOKEN=$TOKEN java -Xmx1g -jar "$JAR" serve --port "$PORT" --data "$WORK/data" --samples "$ROOT/sample-tiles" \
  > "$WORK/serve.log" 2>&1 &
GC_PID=$!
for _ in $(seq 240); do curl -sf "$BASE/health" > /dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$BASE/health" > /dev/null || { echo "GreenCover did not start"; tail -20 "$WORK/serve.log"; exit 2; }

# ---- the tiles read: every XYZ tile of ZOOMS over the Zijinshan dump site, at TIME ----
curl -sf "$BASE/api/v1/sites/zijinshan-dump" > "$WORK/site.json"
python3 - "$WORK/site.json" "$TIME" $ZOOMS > "$WORK/paths.txt" <<'PY'
import json, math, sys
site = json.load(open(sys.argv[1])); time = sys.argv[2]; zooms = [int(z) for z in sys.argv[3:]]
pts = []
def walk(c):
    if isinstance(c[0], (int, float)): pts.append(c)
    else:
        for x in c: walk(x)
walk(site["geometry"]["coordinates"])
lon0, lon1 = min(p[0] for p in pts), max(p[0] for p in pts)
lat0, lat1 = min(p[1] for p in pts), max(p[1] for p in pts)
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
for z in zooms:
    xa, ya = tile(lon0, lat1, z); xb, yb = tile(lon1, lat0, z)
    for x in range(xa, xb + 1):
        for y in range(ya, yb + 1):
            print(f"/tiles/ndvi/{z}/{x}/{y}.png?time={time}")
PY
N=$(wc -l < "$WORK/paths.txt")
cat > "$WORK/paths.lua" <<LUA
paths = {}
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
while read -r p; do curl -sf -o /dev/null "$BASE$p"; done < "$WORK/paths.txt"   # fills the cache

# ---- the ingest files: distinct bytes per ingest ----
COUNT=$(( ROUNDS * DURATION / INGEST_PERIOD + 5 ))
for k in $(seq 1 "$COUNT"); do
  for b in B04 B08 SCL; do
    gdal_translate -q -mo "BENCH_COPY=$k" "$SRC/$b.tif" "$WORK/ingest/$b-$k.tif"
  done
done

metric() { curl -sf "$BASE/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
run_wrk() {  # $1 = label
  local h0 m0 out
  h0=$(metric greencover_map_cache_hits_total); m0=$(metric greencover_map_cache_misses_total)
  out=$(wrk -t"$THREADS" -c"$CONCURRENCY" -d"${DURATION}s" --latency -s "$WORK/paths.lua" "$BASE")
  echo "$out" > "$WORK/wrk-$1.txt"
  RPS=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  P99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  HITS=$(( $(metric greencover_map_cache_hits_total) - h0 )); MISSES=$(( $(metric greencover_map_cache_misses_total) - m0 ))
  NON2XX=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-22s %10s req/s  p99 %8s  cache hits %8d misses %6d  non-2xx %s\n' "$1" "$RPS" "$P99" "$HITS" "$MISSES" "${NON2XX:-0}"
}

echo "# $N tiles (z $ZOOMS, time=$TIME), $CONCURRENCY connections, $THREADS wrk threads, ${DURATION}s per phase"
echo "# load before: $(uptime)"
run_wrk warm-up > /dev/null

NEXT=1
ingest_loop() {  # ingests files NEXT.. one per INGEST_PERIOD until killed
  local k=$NEXT start
  while [ "$k" -le "$COUNT" ]; do
    start=$(date +%s.%N)
    date_k=$(date -u -d "2015-07-01 + $k days" +%Y-%m-%d)
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      -F sensor=sentinel2-l2a -F acquired="${date_k}T02:56:51Z" -F processingBaseline=05.11 \
      -F red=@"$WORK/ingest/B04-$k.tif" -F nir=@"$WORK/ingest/B08-$k.tif" -F mask=@"$WORK/ingest/SCL-$k.tif" \
      "$BASE/api/v1/scenes")
    echo "$code $(date +%s.%N) $start $k" >> "$WORK/ingests.txt"
    k=$((k + 1))
    rest=$(python3 -c "import time; print(max(0, $INGEST_PERIOD - (time.time() - $start)))" 2> /dev/null || echo 0)
    sleep "$rest"
  done
}
: > "$WORK/ingests.txt"; : > "$WORK/phases.txt"
for round in $(seq "$ROUNDS"); do
  run_wrk "read-only-$round"; echo "ro $RPS 0" >> "$WORK/phases.txt"
  ingest_loop & LOOP_PID=$!
  sleep 0.2
  T0=$(date +%s.%N)
  run_wrk "under-ingests-$round"
  T1=$(date +%s.%N)
  kill "$LOOP_PID" 2> /dev/null || true; wait "$LOOP_PID" 2> /dev/null || true; LOOP_PID=
  DONE=$(awk -v a="$T0" -v b="$T1" '$1 == 201 && $2 >= a && $2 <= b' "$WORK/ingests.txt" | wc -l)
  echo "rw $RPS $DONE" >> "$WORK/phases.txt"
  NEXT=$(( $(awk 'END {print $4 + 0}' "$WORK/ingests.txt") + 1 ))
  sleep 2 # an ingest still running when the phase ended finishes before the next read-only phase
done
echo "# load after: $(uptime)"
OTHER=$(awk '$1 != 201' "$WORK/ingests.txt" | wc -l)
python3 - "$WORK/phases.txt" "$DURATION" "$OTHER" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
dur, other = float(sys.argv[2]), int(sys.argv[3])
ro = statistics.median(float(r[1]) for r in rows if r[0] == "ro")
rw = statistics.median(float(r[1]) for r in rows if r[0] == "rw")
done = sum(int(r[2]) for r in rows if r[0] == "rw"); phases = sum(1 for r in rows if r[0] == "rw")
print(f"reads under writes: {rw:.0f} req/s = {100 * rw / ro:.0f} % of read-only {ro:.0f} req/s (medians); "
      f"{done} ingests answered 201 during {phases} x {dur:.0f} s ({done / (phases * dur):.2f}/s), {other} not 201")
PY
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); results in $WORK"
