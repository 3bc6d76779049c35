#!/bin/bash
# Multi-instance convergence: two GreenCover servers on one PostgreSQL 15 catalog with their scene files in one
# S3-compatible bucket (S3Proxy), 50 writes on A, the time from each write's answer on A to B serving it (the ETag of
# B's tile changes: see converge.py; a short extra run polls B's scene list instead, which reads the catalog directly).
# Phase "notify": B follows LISTEN/NOTIFY. Phase "poll": B's listening session is terminated and B kept from
# reconnecting (its role is NOLOGIN), so B sees writes by its fallback poll (GREENCOVER_VERSION_POLL_MS, 1000 here).
# Everything on 127.0.0.1, random ports, in $WORK (deleted at the end).
#
#   ./mvnw -q -B package -DskipTests && ./mvnw -q -B generate-test-resources && bench/multi/run.sh
#
# Env: KEEP=1 (keep $WORK and its logs), WRITES [50], POLL_MS [1000], WORK [/tmp/gc-multi-bench], JAR, S3PROXY_JAR, PGBIN [/usr/lib/postgresql/15/bin]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-$ROOT/target/greencover.jar}
S3PROXY_JAR=${S3PROXY_JAR:-$ROOT/target/s3proxy/s3proxy.jar}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WORK=${WORK:-/tmp/gc-multi-bench}
WRITES=${WRITES:-50}; POLL_MS=${POLL_MS:-1000}
[ -f "$JAR" ] || { echo "missing $JAR: ./mvnw -q -B package -DskipTests"; exit 2; }
[ -f "$S3PROXY_JAR" ] || { echo "missing $S3PROXY_JAR: ./mvnw -q -B generate-test-resources"; exit 2; }
[ -x "$PGBIN/initdb" ] || { echo "no $PGBIN/initdb (apt-get install postgresql-15)"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
AS=(); [ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
rm -rf "$WORK"; mkdir -p "$WORK"/pg "$WORK"/blobs; chmod 777 "$WORK"; [ ${#AS[@]} -gt 0 ] && chown postgres "$WORK/pg"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop > /dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
PGPORT=$(free_port); S3PORT=$(free_port); PA=$(free_port); PB=$(free_port)
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U greencover --auth=trust -E UTF8 --no-sync > "$WORK/initdb.log" 2>&1
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" start > /dev/null
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U greencover -d postgres -qtA)
"${PSQL[@]}" -c "CREATE DATABASE gc" -c "CREATE ROLE gc_b LOGIN SUPERUSER"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/blobs
CONF
mkdir -p "$WORK/blobs/gc-bench"   # the filesystem backend's bucket is a folder
java -Xmx256m -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$S3PORT) 2>/dev/null && break; sleep 0.1; done
TOKEN=bench-token
serve() { # name port user poll
  env GREENCOVER_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/gc" GREENCOVER_JDBC_USER="$3" GREENCOVER_TOKEN=$TOKEN \
      GREENCOVER_VERSION_POLL_MS="$4" GREENCOVER_SCENE_STORE=s3://gc-bench/gc GREENCOVER_S3_ENDPOINT=http://127.0.0.1:$S3PORT \
      AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1 \
      java -Xmx512m -jar "$JAR" serve --host 127.0.0.1 --port "$2" --data "$WORK/data-$1" --no-samples > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
serve a "$PA" greencover 60000
serve b "$PB" gc_b "$POLL_MS"
for p in "$PA" "$PB"; do
  for _ in $(seq 1 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/health/ready")" = 200 ] && break; sleep 0.1; done
done
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), S3Proxy $(unzip -p "$S3PROXY_JAR" META-INF/MANIFEST.MF | awk -F': ' '/Implementation-Version/{print $2}' | tr -d '\r')"
python3 "$HERE/converge.py" --a "http://127.0.0.1:$PA" --b "http://127.0.0.1:$PB" --token $TOKEN --writes "$WRITES" --phase notify --site
python3 "$HERE/converge.py" --a "http://127.0.0.1:$PA" --b "http://127.0.0.1:$PB" --token $TOKEN --writes 10 --phase notify --probe list --start-seed 500
# cut B's listener and keep B from reconnecting: B now follows by its poll every POLL_MS
"${PSQL[@]}" -c "ALTER ROLE gc_b NOLOGIN" \
    -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'gc_b' AND application_name LIKE 'greencover-listener-%'" > /dev/null
for _ in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PB/health/ready")" = 503 ] && break; sleep 0.1; done
python3 "$HERE/converge.py" --a "http://127.0.0.1:$PA" --b "http://127.0.0.1:$PB" --token $TOKEN --writes "$WRITES" --phase "poll-${POLL_MS}ms" --start-seed 1000
"${PSQL[@]}" -c "ALTER ROLE gc_b LOGIN"
