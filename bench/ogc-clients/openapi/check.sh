#!/bin/bash
# openapi-typescript against GreenCover's OpenAPI document: fetch /api/v1/openapi.json from a running server,
# generate TypeScript types (generated/greencover.d.ts), and compile them with tsc --noEmit together with
# client.ts, a typed openapi-fetch client that calls the API. Exits non-zero when a step fails.
#
#   bench/ogc-clients/openapi/check.sh                         # starts its own server (port 8097, empty data dir)
#   BASE=http://127.0.0.1:8080 bench/ogc-clients/openapi/check.sh   # or use a running server
#
# Env: BASE (empty = start one), PORT [8097], JAR [target/greencover.jar]. Needs node and npm (Node 18+);
# npm installs the pinned openapi-typescript, typescript and openapi-fetch into this folder's node_modules.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../../.." && pwd)
PORT=${PORT:-8097}; JAR=${JAR:-$ROOT/target/greencover.jar}; BASE=${BASE:-}
for tool in node npm curl; do command -v "$tool" > /dev/null || { echo "missing $tool"; exit 2; }; done
PID=; DATA=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
}
trap cleanup EXIT
if [ -z "$BASE" ]; then
  [ -f "$JAR" ] || { echo "missing $JAR (./mvnw -q -B -o package -DskipTests)"; exit 2; }
  DATA=$(mktemp -d /tmp/openapi-check-data.XXXXXX)
  BASE=http://127.0.0.1:$PORT
  (cd "$DATA" && exec java -jar "$JAR" serve --port "$PORT" --data "$DATA/data" --no-samples > "$DATA/serve.log" 2>&1) &
  PID=$!
  for _ in $(seq 120); do
    curl -sf "$BASE/health" > /dev/null 2>&1 && break
    kill -0 "$PID" 2> /dev/null || { cat "$DATA/serve.log"; exit 2; }
    sleep 1
  done
  echo "started GreenCover on $BASE (pid $PID)"
fi
cd "$HERE"
npm install --no-audit --no-fund --loglevel=error
mkdir -p generated
curl -sf "$BASE/api/v1/openapi.json" -o generated/openapi.json
echo "fetched $BASE/api/v1/openapi.json ($(wc -c < generated/openapi.json) bytes)"
# a default makes a member optional in a request, not present in every object (openapi-typescript's other reading)
npx --no-install openapi-typescript generated/openapi.json --default-non-nullable false -o generated/greencover.d.ts
npx --no-install tsc --version
npx --no-install tsc --noEmit -p tsconfig.json
echo "OK: the generated types ($(wc -l < generated/greencover.d.ts) lines) and client.ts compile with tsc --noEmit"
