#!/bin/bash
# Fault script: kill -9 around writes, two processes on one data directory, damaged scenes, a full disk,
# hostile TIFFs, concurrent 4096² GetMaps, stale reads after writes and reads under writes (wrk).
# Starts target/greencover.jar on 127.0.0.1 (random ports) and prints a markdown table, one row per check.
#
#   ./mvnw -q -B package -DskipTests && bench/faults/run.sh [--results [FILE]] [--only kill9,two,...]
#
# Env: QUICK=1 (fewer trials, ~2-3 min instead of ~10), JAR, WORK [/tmp/gc-faults], ONLY, SEED [12],
#      OVERLOAD_XMX [768m]. The full-disk check mounts a tmpfs (needs root; skipped with a note otherwise).
#      wrk is installed with apt-get when missing and root (else the mixed-load check is skipped).
# Exit status: 0 when every row passes, 1 when one fails, 2 when it cannot run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-$ROOT/target/greencover.jar}
[ -f "$JAR" ] || { echo "missing $JAR: build it first with ./mvnw -q -B package -DskipTests"; exit 2; }
command -v java > /dev/null || { echo "java not found"; exit 2; }
command -v python3 > /dev/null || { echo "python3 not found"; exit 2; }
if ! command -v wrk > /dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get install -y -q wrk > /dev/null 2>&1 || { apt-get update -q > /dev/null 2>&1 && apt-get install -y -q wrk > /dev/null 2>&1; }) \
    || echo "could not install wrk: the mixed-load check will be skipped" >&2
fi
exec python3 "$HERE/faults.py" --jar "$JAR" --root "$ROOT" "$@"
