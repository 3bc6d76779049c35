#!/usr/bin/env bash
# The Spark batch job's bench (README "Batch job on Spark"): ITEMS generated items of SIZE x SIZE 10 m pixels over 20
# sites, through the job on local[1] and local[2] (greencover.batch.BatchBench); prints items/s, (item x site)/s and
# the scaling efficiency. Usage: bench/spark/run.sh [ITEMS] [SIZE]   (defaults 48 2048; SIZE a multiple of 512)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -f batch/pom.xml test -Dtest=BatchBench -Dgroups=bench -Dunit.excludedGroups=spark-cluster -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.items="${1:-48}" -Dbench.size="${2:-2048}" 2>&1 | grep '^BENCH' || true
