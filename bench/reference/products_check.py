#!/usr/bin/python3
"""GreenCover against exact_stats.py on scenes written by GDAL the way real products arrive (issue 9, items 3-5):
Web Mercator, two UTM zones, ESRI:102025, UTM on a user-defined datum, and offset-applied Sentinel-2 (stated by
--offset-applied, by the file's GDAL scale/offset, and a wrong declaration that must warn).

    BASE=http://127.0.0.1:8098 GREENCOVER_TOKEN=... /usr/bin/python3 bench/reference/products_check.py [OUT_DIR]

The server should be empty (serve --no-samples); the script posts one site and one scene per case. Each scene is
a random field (seed 9) over the site lon 116.40-116.42, lat 25.18-25.20 with 30 m pixels: red/NIR DNs giving NDVI
0.05-0.85 and an SCL with vegetation, bare soil and a cloud patch. For each case the server's upload answer is
compared with exact_stats.py (GDAL/OGR + shapely, no GreenCover code): mean and every fraction within 0.002,
areas within 0.2 % (the issue's acceptance bounds). Prints one line per check; exits 1 when one fails.
Needs Debian's python3-gdal, python3-numpy, python3-shapely.
"""
import json
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import greencover_api  # noqa: E402  (the HTTP calls shared with merge_check.py)

gdal.UseExceptions()
BASE = os.environ.get("BASE", "http://127.0.0.1:8098").rstrip("/")
TOKEN = os.environ.get("GREENCOVER_TOKEN", "")
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/products-check"
HERE = os.path.dirname(os.path.abspath(__file__))
LON1, LON2, LAT1, LAT2 = 116.40, 116.42, 25.18, 25.20
SITE = {"type": "Feature", "id": "dump", "properties": {"name": "Dump", "greenThreshold": 0.3},
        "geometry": {"type": "Polygon", "coordinates": [[[LON1, LAT1], [LON2, LAT1], [LON2, LAT2], [LON1, LAT2], [LON1, LAT1]]]}}
CASES = [  # name, CRS, acquired, fields, (GDAL offset of the red/nir files or None), DNs carry the +1000 offset
    ("mercator", "EPSG:3857", "2020-06-01", {}, None, False),
    ("utm50", "EPSG:32650", "2020-06-02", {}, None, False),
    ("utm51", "EPSG:32651", "2020-06-03", {}, None, False),
    ("esri102025", "ESRI:102025", "2020-06-04", {}, None, False),
    ("utm-local-datum", "+proj=utm +zone=50 +ellps=intl +towgs84=-146.4,-507.3,-232.3 +units=m +no_defs", "2020-06-05", {}, None, False),
    ("offset-applied-field", "EPSG:32650", "2024-06-01", {"processingBaseline": "05.10", "offsetApplied": "true"}, None, False),
    ("offset-in-file", "EPSG:32650", "2024-06-02", {"processingBaseline": "05.10"}, -0.1, True),
    ("offset-free-in-file", "EPSG:32650", "2024-06-03", {"processingBaseline": "05.10"}, 0.0, False),
]
FRACTIONS = ("validFraction", "cloudFraction", "waterFraction", "nodataFraction", "greenFraction")
AREAS = ("siteAreaM2", "validAreaM2", "greenAreaM2")
failures = 0


def check(name, ok, detail=""):
    global failures
    failures += 0 if ok else 1
    print(("PASS " if ok else "FAIL ") + name + ((" -- " + detail) if detail else ""), flush=True)


def request(method, path, body=None, ctype=None):
    return greencover_api.request(BASE, TOKEN, method, path, body, ctype, timeout=120)


def write(path, srs, gt, array, offset=None):
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, gdal.GDT_UInt16)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform(gt)
    band = ds.GetRasterBand(1)
    band.WriteArray(array)
    if offset is not None:
        band.SetScale(0.0001)
        band.SetOffset(offset)
    ds = None


def scene(name, crs, offset, carries, rng):
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(wgs, srs)
    pts = [ct.TransformPoint(lon, lat)[:2] for lon in np.linspace(LON1 - 0.01, LON2 + 0.01, 9)
           for lat in np.linspace(LAT1 - 0.01, LAT2 + 0.01, 9)]
    px = 30.0
    x0 = np.floor(min(p[0] for p in pts) / px) * px
    y1 = np.ceil(max(p[1] for p in pts) / px) * px
    w = int(np.ceil((max(p[0] for p in pts) - x0) / px))
    h = int(np.ceil((y1 - min(p[1] for p in pts)) / px))
    gt = (x0, px, 0, y1, 0, -px)
    # smooth random NDVI field 0.05..0.85 (block means of noise), red reflectance 0.03..0.12
    noise = rng.random((h // 8 + 2, w // 8 + 2))
    field = np.kron(noise, np.ones((8, 8)))[:h, :w]
    ndvi = 0.05 + 0.8 * field
    red_r = 0.03 + 0.09 * rng.random((h, w))
    nir_r = red_r * (1 + ndvi) / (1 - ndvi)
    add = 1000 if carries else 0
    red = np.round(red_r * 10000).astype(np.uint16) + add
    nir = np.round(np.minimum(nir_r, 0.9) * 10000).astype(np.uint16) + add
    scl = np.where(field > 0.35, 4, 5).astype(np.uint16)
    scl[h // 5: h // 5 + h // 6, w // 3: w // 3 + w // 4] = 9  # a cloud patch
    files = {}
    for role, arr, off in (("red", red, offset), ("nir", nir, offset), ("mask", scl, None)):
        files[role] = os.path.join(OUT, "%s-%s.tif" % (name, role))
        write(files[role], srs, gt, arr, off)
    return files


def main():
    os.makedirs(OUT, exist_ok=True)
    site_path = os.path.join(OUT, "site.geojson")
    with open(site_path, "w") as f:
        json.dump(SITE, f)
    status, body = request("POST", "/api/v1/sites", json.dumps(SITE).encode(), "application/json")
    if status not in (200, 201, 409):
        sys.exit("cannot create the site: %s %s" % (status, body))
    rng = np.random.default_rng(9)
    for name, crs, acquired, fields, offset, carries in CASES:
        files = scene(name, crs, offset, carries, rng)
        data, ctype = greencover_api.multipart(dict(fields, sensor="sentinel2-l2a", acquired=acquired), files)
        status, body = request("POST", "/api/v1/scenes", data, ctype)
        check("%s: upload 201" % name, status == 201, "%s %s" % (status, "" if status == 201 else body))
        if status != 201:
            continue
        served = body["statistics"][0]
        args = ["--sensor", "sentinel2-l2a", "--red", files["red"], "--nir", files["nir"], "--mask", files["mask"],
                "--acquired", acquired, "--sites", site_path]
        if "processingBaseline" in fields:
            args += ["--baseline", fields["processingBaseline"]]
        if "offsetApplied" in fields:
            args += ["--offset-applied", fields["offsetApplied"]]
        ref = json.loads(subprocess.run(["/usr/bin/python3", os.path.join(HERE, "exact_stats.py")] + args,
                                        check=True, capture_output=True, text=True).stdout)
        st = ref["statistics"]
        check("%s: offset %s by %s (reference %s by %s)" % (name, body["scene"].get("offsetDn"), body["scene"].get("offsetRule"),
              ref["scene"]["offsetDn"], ref["scene"]["offsetRule"]), body["scene"].get("offsetDn") == ref["scene"]["offsetDn"])
        d = abs(served["mean"] - st["mean"])
        check("%s: mean %.4f vs %.4f" % (name, served["mean"], st["mean"]), d <= 0.002, "diff %.2e" % d)
        worst = max(abs((served.get(k) or 0) - (st.get(k) or 0)) for k in FRACTIONS)
        check("%s: fractions within 0.002" % name, worst <= 0.002, "worst diff %.2e (valid %.4f, cloud %.4f)"
              % (worst, served["validFraction"], served["cloudFraction"]))
        rel = max(abs(served[k] - st[k]) / st[k] for k in AREAS if st[k])
        check("%s: areas within 0.2 %%" % name, rel <= 0.002, "siteAreaM2 %.0f vs %.0f, worst relative diff %.2e"
              % (served["siteAreaM2"], st["siteAreaM2"], rel))
    # a wrong declaration on offset-free DNs: the baseline's -1000 DN subtracted again must warn
    files = scene("wrong-declaration", "EPSG:32650", None, False, rng)
    data, ctype = greencover_api.multipart({"sensor": "sentinel2-l2a", "acquired": "2024-06-04", "processingBaseline": "05.10"}, files)
    status, body = request("POST", "/api/v1/scenes", data, ctype)
    warned = status == 201 and any(w.startswith("offset-contradicted") for w in body.get("warnings", []))
    check("wrong-declaration: offset-contradicted warning", warned, "%s %s" % (status, (body or {}).get("warnings")))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
