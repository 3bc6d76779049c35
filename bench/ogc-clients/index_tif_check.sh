#!/bin/bash
# GDAL reads each scene's index.tif the way the README documents it: band 1 declares no data -32768 and scale
# 0.0001 / offset 0, band 2 is the pixel class band, and `gdalinfo -stats` sees only valid pixels: the share of
# pixels it counts (STATISTICS_VALID_PERCENT) equals the share of band 2's pixels with class 0 (valid), which
# gdalinfo's histogram of band 2 counts independently, the scaled minimum is >= -1 (no class code read as an
# index, the defect of issue 9: -3.27) and the scaled maximum <= 1. Exits 1 when a check fails.
#
#   BASE=http://127.0.0.1:8098 bench/ogc-clients/index_tif_check.sh     # a running server with scenes
#
# Env: BASE [http://127.0.0.1:8098], INDEX [ndvi], MAX_SCENES [5], OUT [/tmp/index-tif-check]. Needs gdal-bin, curl.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:8098}; INDEX=${INDEX:-ndvi}; MAX=${MAX_SCENES:-5}; OUT=${OUT:-/tmp/index-tif-check}
mkdir -p "$OUT"
curl -sf "$BASE/api/v1/scenes" > "$OUT/scenes.json" || { echo "no server at $BASE"; exit 2; }
ids=$(python3 -c 'import json,sys; print(" ".join(s["id"] for s in json.load(open(sys.argv[1]))["scenes"][:int(sys.argv[2])]))' "$OUT/scenes.json" "$MAX")
[ -n "$ids" ] || { echo "the server has no scenes"; exit 2; }
fail=0
for id in $ids; do
  f="$OUT/$id.tif"
  curl -sf "$BASE/api/v1/scenes/$id/index.tif?index=$INDEX" -o "$f"
  rm -f "$f.aux.xml"
  gdalinfo -json -stats -hist "$f" > "$OUT/$id.json"
  rm -f "$f.aux.xml"
  python3 - "$OUT/$id.json" "$id" <<'EOF' || fail=1
import json, sys
info, sid = json.load(open(sys.argv[1])), sys.argv[2]
b1, b2 = info['bands'][0], info['bands'][1]
ok = True
def check(name, cond, detail=''):
    global ok
    ok &= bool(cond)
    print(('PASS ' if cond else 'FAIL ') + sid + ' ' + name + ((' -- ' + detail) if detail else ''))
check('band 1 no data -32768', b1.get('noDataValue') == -32768, str(b1.get('noDataValue')))
check('band 1 scale 0.0001, offset 0', abs(b1.get('scale', 1) - 1e-4) < 1e-12 and b1.get('offset', 0) == 0,
      f"scale {b1.get('scale')} offset {b1.get('offset')}")
md = b1.get('metadata', {}).get('', {})
valid_pct = float(md.get('STATISTICS_VALID_PERCENT', 'nan'))
# band 2: class codes 0..5; gdalinfo's histogram of band 2 (Byte or Int16) gives the count of code 0
h = b2.get('histogram') or {}
counts, lo, hi = h.get('buckets', []), h.get('min'), h.get('max')
width = (hi - lo) / len(counts) if counts else 0
zero = sum(c for i, c in enumerate(counts) if lo + i * width <= 0 < lo + (i + 1) * width) if counts else -1
total = info['size'][0] * info['size'][1]
check('band 1 valid share = band 2 class-0 share', counts and abs(valid_pct / 100 - zero / total) < 1e-3,
      f'{valid_pct:.3f} % valid in band 1, {100 * zero / total:.3f} % class 0 in band 2')
scaled_min = b1.get('minimum', 0) * b1.get('scale', 1) + b1.get('offset', 0)
scaled_max = b1.get('maximum', 0) * b1.get('scale', 1) + b1.get('offset', 0)
check('band 1 scaled range within [-1, 1]', valid_pct == 0 or (scaled_min >= -1 and scaled_max <= 1),
      f'min {scaled_min:.4f} max {scaled_max:.4f} mean {b1.get("mean", 0) * b1.get("scale", 1):.4f}')
sys.exit(0 if ok else 1)
EOF
done
exit $fail
