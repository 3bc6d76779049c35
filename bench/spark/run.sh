#!/usr/bin/env bash
# The Spark batch job's bench, one sitting (greencover.batch.BatchBench; method and results in bench/spark/README.md):
# ITEMS full-size Sentinel-2 L2A-style items (FullSizeStac, written once under $WORK/stac and reused) x 20 sites over
# the Zijinshan dump, served by a range server on loopback; each mode into a fresh PostgreSQL catalog after a warm-up
# pass: the job on local[1], local[2], a standalone cluster of 2 Workers x 1 core, and a greencover.jar server's
# POST /api/v1/imports of the same items. Prints one table (wall, items/s, (item x site)/s, CPU time per process)
# and the scaling efficiency (items/s local[2]) / (2 x items/s local[1]).
#   bench/spark/run.sh                             # ITEMS=48 WARMUP=8 ROUNDS=1, all four modes
#   ITEMS=8 WARMUP=2 bench/spark/run.sh            # a quick check of the script
# Env: WORK (/tmp/gc-spark-bench; about 234 MB per item), ITEMS (48), WARMUP (8), ROUNDS (1: local[1] and local[2]
# alternate this many times), MODES (local1,local2,cluster,server), CATALOG (postgres, or h2 for the local modes and
# the server), RANGE_PORT (18197), BUILD=0 to reuse the jars already built.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
WORK=${WORK:-/tmp/gc-spark-bench}
mkdir -p "$WORK"
if [[ "${BUILD:-1}" != 0 || ! -f target/greencover.jar || ! -f batch/target/greencover-batch.jar || ! -f batch/target/bench-classpath.txt ]]; then
  ./mvnw -q -B -o package -DskipTests
  # the job jar, target/spark-home/jars (the Maven jars as a SPARK_HOME for the Master and Workers) and the bench's class path
  ./mvnw -q -B -o -f batch/pom.xml package dependency:copy-dependencies@spark-home dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
FLAGS=$(sed -n 's:.*<spark.module.flags>\(.*\)</spark.module.flags>.*:\1:p' batch/pom.xml)
{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), memory: $(free -g | awk '/Mem:/{print $2}') GB"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); postgresql: $(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null || echo '?')"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src batch bench || echo ' (with uncommitted changes)')"
  echo "settings: ITEMS=${ITEMS:-48} WARMUP=${WARMUP:-8} ROUNDS=${ROUNDS:-1} MODES=${MODES:-local1,local2,cluster,server} CATALOG=${CATALOG:-postgres}"
} | tee "$WORK/machine.txt"
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
java -Xmx2g $FLAGS -Djava.awt.headless=true \
  -cp "batch/target/test-classes:batch/target/classes:$(cat batch/target/bench-classpath.txt)" \
  -Dbench.work="$WORK" -Dbench.items="${ITEMS:-48}" -Dbench.warmup="${WARMUP:-8}" -Dbench.rounds="${ROUNDS:-1}" \
  -Dbench.modes="${MODES:-local1,local2,cluster,server}" -Dbench.catalog="${CATALOG:-postgres}" \
  -Dbench.rangePort="${RANGE_PORT:-18197}" -Dbench.serverJar=target/greencover.jar -Dbench.sites=sample-tiles/sites.geojson \
  -Dgreencover.batch.jar="$REPO/batch/target/greencover-batch.jar" -Dgreencover.spark.home="$REPO/batch/target/spark-home" \
  -Dgreencover.spark.flags="$FLAGS" \
  greencover.batch.BatchBench 2>"$WORK/bench.log" | tee "$WORK/run.log"
echo "log: $WORK/bench.log"
