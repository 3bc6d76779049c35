#!/usr/bin/env bash
# Builds the GreenCover image and runs it with no network access beyond this machine's loopback, then checks it:
#   - the base image is a Debian bookworm made here with debootstrap and `docker import` (no registry pull);
#   - Maven itself and every artifact come from this machine's ~/.m2, served on loopback as the build's only
#     repository (the wrapper's MVNW_REPOURL and a settings.xml mirror of '*');
#   - the container runs as a non-root user, its HEALTHCHECK turns healthy, /health answers 200, JAVA_OPTS reaches
#     the JVM, and a tile is byte-identical to the same tile from the jar run directly on this machine.
# Needs: a running Docker engine, debootstrap (root), python3, and a ~/.m2 that has built the project once
# (`./mvnw -B package` fills it). Usage: bench/docker/verify.sh [WORK_DIR]   (not part of CI)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=${1:-$(mktemp -d /tmp/greencover-docker.XXXXXX)}
mkdir -p "$WORK"
BASE=greencover-base:bookworm
IMAGE=greencover:verify
NAME=greencover-verify-$$
fails=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
step() { echo "== $*"; }
cleanup() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  [ -n "${MIRROR_PID:-}" ] && kill "$MIRROR_PID" 2>/dev/null || true
  [ -n "${JAR_PID:-}" ] && kill "$JAR_PID" 2>/dev/null || true
}
trap cleanup EXIT

docker info >/dev/null 2>&1 || { echo "FAIL no Docker engine answers (start dockerd first)"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

step "base image $BASE"
if docker image inspect "$BASE" >/dev/null 2>&1; then
  echo "reusing $BASE"
else
  command -v debootstrap >/dev/null || { echo "FAIL debootstrap missing (apt-get install debootstrap)"; exit 2; }
  # the Debian mirror apt uses here (one-line .list or deb822 .sources), else deb.debian.org
  MIRROR_URL=$( { grep -hoE '^deb +(\[[^]]*\] +)?https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
                  | awk '{print $NF}'; grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'; } \
               | grep -v security | head -1 || true)
  [ -n "$MIRROR_URL" ] || MIRROR_URL=http://deb.debian.org/debian
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jdk-headless,ca-certificates,curl bookworm "$WORK/rootfs" "$MIRROR_URL" \
    > "$WORK/debootstrap.log" 2>&1 || { echo "FAIL debootstrap (see $WORK/debootstrap.log)"; exit 2; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$WORK/rootfs" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$BASE" >/dev/null
  rm -rf "$WORK/rootfs"
  echo "imported $BASE"
fi

step "Maven repository on loopback"
WRAPPER_DIST=$(ls -d "$HOME"/.m2/wrapper/dists/apache-maven-3.9.9/*/ 2>/dev/null | head -1 || true)
[ -n "$WRAPPER_DIST" ] || { ./mvnw -q -v >/dev/null; WRAPPER_DIST=$(ls -d "$HOME"/.m2/wrapper/dists/apache-maven-3.9.9/*/ | head -1); }
OVERLAY=$WORK/overlay/org/apache/maven/apache-maven/3.9.9
mkdir -p "$OVERLAY"
# the wrapper asks for the .zip where unzip exists and the .tar.gz otherwise: both, rebuilt from its own unpacked copy
if [ ! -s "$OVERLAY/apache-maven-3.9.9-bin.tar.gz" ]; then
  rm -rf "$WORK/zip" && mkdir -p "$WORK/zip" && cp -r "$WRAPPER_DIST" "$WORK/zip/apache-maven-3.9.9"
  rm -f "$WORK/zip/apache-maven-3.9.9/mvnw.url"
  (cd "$WORK/zip" && python3 -m zipfile -c "$OVERLAY/apache-maven-3.9.9-bin.zip" apache-maven-3.9.9 \
     && tar -czf "$OVERLAY/apache-maven-3.9.9-bin.tar.gz" apache-maven-3.9.9)
fi
MIRROR_PORT=$(free_port)
# serves the overlay (the wrapper's Maven zip) over ~/.m2/repository; a local repository keeps remote metadata as
# maven-metadata-central.xml, so maven-metadata.xml falls back to it; every request is logged for the check below
python3 - "$MIRROR_PORT" "$WORK/overlay" "$HOME/.m2/repository" > "$WORK/mirror.log" 2>&1 <<'PY' &
import http.server, os, sys
port, roots = int(sys.argv[1]), sys.argv[2:]
class H(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self): self.serve(False)
    def do_GET(self): self.serve(True)
    def serve(self, body):
        rel = os.path.normpath(self.path.split('?')[0]).lstrip('/')
        names = [rel] + ([rel[:-len('maven-metadata.xml')] + 'maven-metadata-central.xml'] if rel.endswith('maven-metadata.xml') else [])
        for root in roots:
            for n in names:
                p = os.path.join(root, n)
                if os.path.isfile(p):
                    data = open(p, 'rb').read()
                    self.send_response(200); self.send_header('Content-Length', str(len(data))); self.end_headers()
                    if body: self.wfile.write(data)
                    return
        self.send_response(404); self.send_header('Content-Length', '0'); self.end_headers()
http.server.ThreadingHTTPServer(('127.0.0.1', port), H).serve_forever()
PY
MIRROR_PID=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$MIRROR_PORT/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip" && break; sleep 0.2; done
echo "mirror on http://127.0.0.1:$MIRROR_PORT"

step "docker build (network: this machine's loopback only, for the mirror)"
start=$(date +%s)
if docker build --network host --build-arg BUILD_IMAGE=$BASE --build-arg RUN_IMAGE=$BASE \
     --build-arg MAVEN_MIRROR=http://127.0.0.1:$MIRROR_PORT -t "$IMAGE" . > "$WORK/build.log" 2>&1; then
  pass "image built offline in $(( $(date +%s) - start )) s"
else
  tail -30 "$WORK/build.log"; fail "docker build (see $WORK/build.log)"; exit 1
fi
outside=$(grep -ciE 'repo\.maven|repo1\.maven|maven\.org|central' "$WORK/build.log" || true)
[ "$outside" = 0 ] && pass "the build log names no remote repository" || fail "the build log mentions a remote URL $outside times"
echo "mirror served $(grep -c '" 200 ' "$WORK/mirror.log" || true) files"

step "image settings"
user=$(docker image inspect -f '{{.Config.User}}' "$IMAGE")
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] && pass "runs as user $user" || fail "runs as root"
docker image inspect -f '{{json .Config.Healthcheck}}' "$IMAGE" | grep -q /health && pass "HEALTHCHECK probes /health" || fail "no HEALTHCHECK"
docker run --rm --entrypoint id "$IMAGE" -u | grep -qv '^0$' && pass "id -u inside is not 0" || fail "id -u inside is 0"

step "run"
PORT=$(free_port)
docker run -d --name "$NAME" -p 127.0.0.1:$PORT:8080 -e JAVA_OPTS='-XX:MaxRAMPercentage=60 -Dgreencover.verify=1' \
  --health-interval=2s --health-start-period=120s "$IMAGE" >/dev/null
status=starting
for _ in $(seq 120); do
  status=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
  [ "$status" = healthy ] && break
  [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ] || break
  sleep 1
done
[ "$status" = healthy ] && pass "container healthy" || { docker logs "$NAME" | tail -20; fail "container $status"; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")
[ "$code" = 200 ] && pass "/health 200" || fail "/health $code"
docker top "$NAME" | grep -q 'MaxRAMPercentage=60 -Dgreencover.verify=1' && pass "JAVA_OPTS reaches the JVM" || fail "JAVA_OPTS not on the java command line"

step "a tile from the container next to the jar run here"
JAR_PORT=$(free_port)
[ -f target/greencover.jar ] || ./mvnw -q -B package -DskipTests
mkdir -p "$WORK/jar-data"
java -jar target/greencover.jar serve --host 127.0.0.1 --port "$JAR_PORT" --data "$WORK/jar-data" > "$WORK/jar.log" 2>&1 &
JAR_PID=$!
for _ in $(seq 120); do curl -fs -o /dev/null "http://127.0.0.1:$JAR_PORT/health" && break; sleep 1; done
tile=$(curl -fs "http://127.0.0.1:$JAR_PORT/tiles/ndvi/tilejson.json" | python3 -c '
import json, math, sys
lon, lat, _ = json.load(sys.stdin)["center"]; z = 14
n = 2 ** z; x = int((lon + 180) / 360 * n)
y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
print(f"{z}/{x}/{y}")')
curl -fs -D "$WORK/tile-docker.h" -o "$WORK/tile-docker.png" "http://127.0.0.1:$PORT/tiles/ndvi/$tile.png" || true
curl -fs -o "$WORK/tile-jar.png" "http://127.0.0.1:$JAR_PORT/tiles/ndvi/$tile.png" || true
if grep -qi '^content-type: image/png' "$WORK/tile-docker.h" 2>/dev/null && [ -s "$WORK/tile-docker.png" ]; then
  pass "tile $tile: 200 image/png, $(stat -c %s "$WORK/tile-docker.png") bytes"
else
  fail "tile $tile from the container"
fi
cmp -s "$WORK/tile-docker.png" "$WORK/tile-jar.png" && pass "tile $tile identical to the jar's" || fail "tile $tile differs from the jar's"

echo "== $([ $fails = 0 ] && echo ALL PASSED || echo "$fails FAILED")  (work dir $WORK)"
[ $fails = 0 ]
