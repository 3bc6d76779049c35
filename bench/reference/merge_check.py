#!/usr/bin/python3
"""GreenCover's same-date merge and permanent water against an independent reference (issue 9, the cases
products_check.py does not cover): split products, mixed sensors on one date, and water.

    BASE=http://127.0.0.1:8099 GREENCOVER_TOKEN=... /usr/bin/python3 bench/reference/merge_check.py [OUT_DIR]

The server should be empty (serve --no-samples). The reference implements the README's "Statistics: definitions"
rules itself, in numpy over GDAL-written GeoTIFFs, with exact per-pixel coverage weights from shapely (the weights()
and ground_area() helpers of exact_stats.py; no GreenCover code):

  * classes, first match wins: no data (DN 0, SCL 0/1 or > 11, QA bit 0) > cloud (SCL 8/9/10, QA bits 1-3) >
    shadow (SCL 2/3, QA bit 4) > snow (SCL 11, QA bit 5) > water (SCL 6, QA bit 7) > valid;
    Sentinel-2 reflectance DN / 10000 (baseline 02.14 declared: no offset), Landsat C2 L2 DN * 0.0000275 - 0.2,
    negatives clamped to 0;
  * same-date merge: the site is rasterised on the grid of the first scene in priority (finer sensor, then newer
    baseline, then the larger clear area over the site); each cell of that grid takes, of the scenes' pixels
    containing its centre, the one whose class ranks highest (clear = valid or water 4 > snow 3 > shadow 2 >
    cloud 1 > no data 0; outside a scene is no data), the first in priority among equal ranks;
  * permanent water: a pixel classed valid whose centre lies inside the site's permanentWater counts as water;
  * fractions = class area / site area in the grid; clearFraction = valid + water; mean and greenFraction over
    valid pixels (area-weighted); validAreaM2 = validFraction x siteAreaM2 (the site's ellipsoidal area).

Cases (fixed seed 9, random smooth NDVI fields, EPSG:32650, site lon 116.400-116.412, lat 25.180-25.191):

  1. split products: one Sentinel-2 date delivered as two products on one 10 m lattice, A = the full grid with no
     data east of a strip, B = a cropped raster from the strip eastwards (its own origin); over the 300 m overlap
     strip A has a cloud patch where B is clear and B a cloud and a shadow patch where A is clear (same DNs where
     both see the ground, as real split products). Uploaded A then B (one date) and B then A (another date, the
     files tagged differently so their scene ids differ): the date's timeseries point against the union rule,
     and the two orders against each other (1e-9).
  2. mixed sensors on one date: a Sentinel-2 (10 m) with cloud over ~45 % of the site and a shadow band, and a
     Landsat 8 C2 L2 (30 m, its lattice shifted 12 m so no 10 m cell centre falls on a 30 m edge) with its own
     field, clear but for a shadow patch and a cloud patch inside the Sentinel-2 cloud; harmonize=none (no nir08,
     so no HLS). Where both are clear the finer Sentinel-2 wins; Landsat shadow beats Sentinel-2 cloud; both cloud
     stays cloud. Both upload orders (two dates).
  3. water: a site with a permanentWater pentagon over its western part; the Sentinel-2 SCL calls the pond bare
     soil (5) with some water (6) and a cloud patch (9) on it, and the land vegetation/bare soil with a few
     water (6) pixels: validFraction, waterFraction, clearFraction, cloudFraction, mean over land, greenFraction,
     validAreaM2, siteAreaM2; and the same site without the declaration (only SCL 6 is water).

Each case also checks that it tells the rule from a wrong one: the reference run with the first scene given winning
whatever its class ("upload-order", split products, both orders), with data beating class ("no-rank") or the
coarser sensor first ("coarser-first", mixed sensors), and without the declaration (water) must move some
statistic by more than 0.002.

Compared: mean and every fraction within 0.002, areas within 0.2 % (the issue's bounds). Prints one line per check
and exits 1 when one fails. Needs Debian's python3-gdal, python3-numpy, python3-shapely.
"""
import json
import os
import sys

import numpy as np
from osgeo import gdal, osr
from shapely.geometry import Point, shape
from shapely.prepared import prep

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import greencover_api  # noqa: E402  (the HTTP calls shared with products_check.py)
from exact_stats import ground_area, to_scene_crs, weights  # noqa: E402  (GDAL/shapely helpers, no GreenCover code)

gdal.UseExceptions()
BASE = os.environ.get("BASE", "http://127.0.0.1:8099").rstrip("/")
TOKEN = os.environ.get("GREENCOVER_TOKEN", "")
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/merge-check"
LON1, LON2, LAT1, LAT2 = 116.400, 116.412, 25.180, 25.191
EPSG = 32650
THRESHOLD = 0.45
NODATA, CLOUD, SHADOW, SNOW, WATER, VALID = 0, 1, 2, 3, 4, 5  # codes of this script
RANK = {VALID: 4, WATER: 4, SNOW: 3, SHADOW: 2, CLOUD: 1, NODATA: 0}
failures = 0


def check(name, ok, detail=""):
    global failures
    failures += 0 if ok else 1
    print(("PASS " if ok else "FAIL ") + name + ((" -- " + detail) if detail else ""), flush=True)


def request(method, path, body=None, ctype=None):
    return greencover_api.request(BASE, TOKEN, method, path, body, ctype, timeout=180)


def utm():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write(path, gt, array, tag):
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, gdal.GDT_UInt16)
    ds.SetProjection(utm().ExportToWkt())
    ds.SetGeoTransform(gt)
    ds.SetMetadataItem("MERGE_CHECK", tag)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None


def site_feature(fid, extra=None):
    props = {"name": fid, "greenThreshold": THRESHOLD}
    props.update(extra or {})
    return {"type": "Feature", "id": fid, "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [[[LON1, LAT1], [LON2, LAT1], [LON2, LAT2], [LON1, LAT2], [LON1, LAT1]]]}}


def site_extent_utm(margin):
    s = to_scene_crs(site_feature("x")["geometry"], 4326, utm())
    minx, miny, maxx, maxy = s.bounds
    return minx - margin, miny - margin, maxx + margin, maxy + margin


def grid(px, shift, margin):
    """A north-up grid of px metres over the site (+ margin), its lattice at multiples of px plus shift."""
    minx, miny, maxx, maxy = site_extent_utm(margin)
    x0 = np.floor((minx - shift) / px) * px + shift
    y1 = np.ceil((maxy - shift) / px) * px + shift
    w = int(np.ceil((maxx - x0) / px))
    h = int(np.ceil((y1 - miny) / px))
    return (x0, px, 0.0, y1, 0.0, -px), (h, w)


def smooth(rng, shape_, block):
    h, w = shape_
    noise = rng.random((h // block + 2, w // block + 2))
    return np.kron(noise, np.ones((block, block)))[:h, :w]


def bands_from_ndvi(rng, ndvi, scale, offset):
    """Red/NIR DNs of a sensor (reflectance = DN * scale + offset) giving about ndvi."""
    red_r = 0.03 + 0.09 * rng.random(ndvi.shape)
    nir_r = np.minimum(red_r * (1 + ndvi) / (1 - ndvi), 0.9)
    return (np.round((red_r - offset) / scale).astype(np.uint16), np.round((nir_r - offset) / scale).astype(np.uint16))


# ---------------------------------------------------------------- the reference rules

def classify_s2(red, nir, scl):
    cls = np.full(red.shape, VALID, dtype=np.int8)
    cls[scl == 6] = WATER
    cls[scl == 11] = SNOW
    cls[np.isin(scl, [2, 3])] = SHADOW
    cls[np.isin(scl, [8, 9, 10])] = CLOUD
    cls[(scl <= 1) | (scl > 11) | (red == 0) | (nir == 0)] = NODATA
    return cls


def classify_landsat(red, nir, qa):
    cls = np.full(red.shape, VALID, dtype=np.int8)
    cls[(qa & (1 << 7)) != 0] = WATER
    cls[(qa & (1 << 5)) != 0] = SNOW
    cls[(qa & (1 << 4)) != 0] = SHADOW
    cls[(qa & 0b1110) != 0] = CLOUD
    cls[((qa & 1) != 0) | (red == 0) | (nir == 0)] = NODATA
    return cls


def ndvi_of(red, nir, scale, offset):
    rr = np.maximum(red.astype(np.float64) * scale + offset, 0)
    nr = np.maximum(nir.astype(np.float64) * scale + offset, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (nr - rr) / (nr + rr)


class Scene:
    """One scene as the reference sees it: grid, classes, NDVI and its place in the priority."""

    def __init__(self, sensor, gt, red, nir, mask):
        self.sensor, self.gt = sensor, gt
        if sensor == "sentinel2-l2a":
            self.cls, self.ndvi, self.pixel = classify_s2(red, nir, mask), ndvi_of(red, nir, 1e-4, 0.0), 10
        else:
            self.cls, self.ndvi, self.pixel = classify_landsat(red, nir, mask), ndvi_of(red, nir, 0.0000275, -0.2), 30
        self.cls[(self.cls == VALID) & ~np.isfinite(self.ndvi)] = NODATA

    def sample(self, xs, ys):
        """Class and NDVI of the pixel containing each point (no data outside)."""
        c = np.floor((xs - self.gt[0]) / self.gt[1]).astype(np.int64)
        r = np.floor((ys - self.gt[3]) / self.gt[5]).astype(np.int64)
        inside = (c >= 0) & (c < self.cls.shape[1]) & (r >= 0) & (r < self.cls.shape[0])
        cls = np.full(xs.shape, NODATA, dtype=np.int8)
        ndvi = np.full(xs.shape, np.nan)
        cls[inside] = self.cls[r[inside], c[inside]]
        ndvi[inside] = self.ndvi[r[inside], c[inside]]
        return cls, ndvi


def apply_water(cls, gt, pond_utm):
    if pond_utm is None:
        return cls
    h, w = cls.shape
    p = prep(pond_utm)
    out = cls.copy()
    for r in range(h):
        for c in range(w):
            if out[r, c] == VALID and p.contains(Point(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5])):
                out[r, c] = WATER
    return out


def reference(scenes, site_geojson, pond_geojson=None, variant=None):
    """The merged date's statistics by the documented rules (variant: a wrong rule, to show that the case tells
    them apart: "coarser-first" puts the coarser sensor first, "no-rank" lets the first scene in priority with data
    win whatever its class, "upload-order" lets the first scene given with data win whatever its class)."""
    site = to_scene_crs(site_geojson, 4326, utm())
    pond = to_scene_crs(pond_geojson, 4326, utm()) if pond_geojson else None
    for s in scenes:
        s.cls = apply_water(s.cls, s.gt, pond)
    # priority: finer sensor, (one baseline here), then the larger clear area over the site
    def clear_area(s):
        wt = weights(site, s.gt, s.cls.shape, "exact")
        return float(wt[np.isin(s.cls, [VALID, WATER])].sum())
    order = sorted(scenes, key=lambda s: ((-s.pixel if variant == "coarser-first" else s.pixel), -clear_area(s)))
    if variant == "upload-order":
        order = list(scenes)
    ref = order[0]
    # the first scene's lattice extended over the site
    px = ref.gt[1]
    minx, miny, maxx, maxy = site.bounds
    x0 = ref.gt[0] + np.floor((minx - ref.gt[0]) / px) * px
    y1 = ref.gt[3] - np.floor((ref.gt[3] - maxy) / px) * px
    w, h = int(np.ceil((maxx - x0) / px)), int(np.ceil((y1 - miny) / px))
    gt = (x0, px, 0.0, y1, 0.0, -px)
    xs, ys = np.meshgrid(x0 + (np.arange(w) + 0.5) * px, y1 - (np.arange(h) + 0.5) * px)
    best_cls = np.full((h, w), NODATA, dtype=np.int8)
    best_ndvi = np.full((h, w), np.nan)
    best_rank = np.full((h, w), -1)
    for s in order:  # strictly higher rank replaces: the earlier in priority keeps equal ranks
        cls, ndvi = s.sample(xs, ys)
        rank = np.vectorize(RANK.get)(cls) if variant not in ("no-rank", "upload-order") else (cls != NODATA).astype(int)
        better = rank > best_rank
        best_cls[better], best_ndvi[better], best_rank[better] = cls[better], ndvi[better], rank[better]
    wt = weights(site, gt, (h, w), "exact")
    total = site.area
    area = {k: float(wt[best_cls == k].sum()) for k in (NODATA, CLOUD, SHADOW, SNOW, WATER, VALID)}
    area[NODATA] += max(0.0, total - float(wt.sum()))
    valid = (best_cls == VALID) & (wt > 0)
    va = float(wt[valid].sum())
    site_ground = ground_area(to_scene_crs(site_geojson, 4326, None))
    return {"validFraction": area[VALID] / total, "waterFraction": area[WATER] / total,
            "cloudFraction": area[CLOUD] / total, "shadowFraction": area[SHADOW] / total,
            "snowFraction": area[SNOW] / total, "nodataFraction": area[NODATA] / total,
            "clearFraction": (area[VALID] + area[WATER]) / total,
            "mean": float((wt[valid] * best_ndvi[valid]).sum() / va) if va else None,
            "greenFraction": float(wt[valid & (best_ndvi >= THRESHOLD)].sum() / va) if va else None,
            "siteAreaM2": site_ground, "validAreaM2": area[VALID] / total * site_ground,
            "sceneGrid": "%s %dx%d" % (ref.sensor, w, h)}


# ---------------------------------------------------------------- server side

FRACTIONS = ("validFraction", "clearFraction", "waterFraction", "cloudFraction", "shadowFraction", "nodataFraction",
             "greenFraction", "mean")
AREAS = ("siteAreaM2", "validAreaM2")


def upload(name, sensor, acquired, gt, red, nir, mask, tag, extra=None):
    files = {}
    for role, arr in (("red", red), ("nir", nir), ("mask", mask)):
        files[role] = os.path.join(OUT, "%s-%s-%s.tif" % (name, tag, role))
        write(files[role], gt, arr, tag)
    fields = {"sensor": sensor, "acquired": acquired}
    fields.update(extra or {})
    data, ctype = greencover_api.multipart(fields, files)
    status, body = request("POST", "/api/v1/scenes", data, ctype)
    check("%s (%s): upload 201" % (name, tag), status == 201, "" if status == 201 else "%s %s" % (status, body))


def post_site(feature):
    status, body = request("POST", "/api/v1/sites", json.dumps(feature).encode(), "application/json")
    if status not in (200, 201):
        sys.exit("cannot create site %s: %s %s" % (feature["id"], status, body))


def point(site_id, day, query=""):
    status, body = request("GET", "/api/v1/sites/%s/timeseries%s" % (site_id, query))
    if status != 200:
        return None, "%s %s" % (status, body)
    p = next((p for p in body["points"] if p["date"] == day), None)
    return p, None if p else "no point on %s" % day


def compare(name, served, ref):
    for k in FRACTIONS:
        s, r = served.get(k), ref.get(k)
        ok = s is not None and r is not None and abs(s - r) <= 0.002
        check("%s: %s %s vs reference %.4f" % (name, k, "None" if s is None else "%.4f" % s, r), ok,
              "" if s is None else "diff %.1e" % abs(s - r))
    for k in AREAS:
        s, r = served.get(k), ref[k]
        rel = abs(s - r) / r if s is not None else float("inf")
        check("%s: %s %.0f vs reference %.0f" % (name, k, s or -1, r), rel <= 0.002, "relative diff %.1e" % rel)


def discriminates(name, ref, make_scenes, geometry, variant):
    """The case would fail under a wrong rule: some statistic moves by more than the 0.002 bound."""
    wrong = reference(make_scenes(), geometry, None, variant)
    worst = max(abs((wrong[k] or 0) - (ref[k] or 0)) for k in FRACTIONS)
    check("%s: a %s rule would fail here" % (name, variant), worst > 0.002,
          "it moves a statistic by %.4f (mean %.4f, validFraction %.4f)" % (worst, wrong["mean"], wrong["validFraction"]))


def same_points(name, a, b):
    worst = max(abs((a.get(k) or 0) - (b.get(k) or 0)) for k in FRACTIONS + AREAS)
    check("%s: both upload orders give one point" % name, worst <= 1e-9 * max(1.0, a.get("siteAreaM2") or 1),
          "worst difference %.1e" % worst)


# ---------------------------------------------------------------- the cases

def split_products(rng):
    gt, (h, w) = grid(10.0, 0.0, 200.0)
    field = smooth(rng, (h, w), 6)
    red, nir = bands_from_ndvi(rng, 0.05 + 0.8 * field, 1e-4, 0.0)
    scl = np.where(field > 0.4, 4, 5).astype(np.uint16)
    scl[rng.random((h, w)) < 0.02] = 8
    cut0, cut1 = int(w * 0.45), int(w * 0.45) + 30  # overlap strip, 300 m
    a_scl, a_red, a_nir = scl.copy(), red.copy(), nir.copy()
    a_scl[:, cut1:] = 0
    a_red[:, cut1:] = 0
    a_nir[:, cut1:] = 0
    a_scl[h // 4: h // 2, cut0: cut0 + 20] = 9  # A cloudy where B is clear
    b_scl, b_red, b_nir = scl[:, cut0:].copy(), red[:, cut0:].copy(), nir[:, cut0:].copy()
    b_scl[h // 2 + 10: h // 2 + 40, 5:30] = 9   # B cloudy where A is clear
    b_scl[h // 8: h // 8 + 12, 0:30] = 3        # B shadow where A is clear
    b_gt = (gt[0] + cut0 * 10.0, 10.0, 0.0, gt[3], 0.0, -10.0)
    feature = site_feature("split")
    post_site(feature)
    make = lambda: [Scene("sentinel2-l2a", gt, a_red, a_nir, a_scl), Scene("sentinel2-l2a", b_gt, b_red, b_nir, b_scl)]
    ref = reference(make(), feature["geometry"])
    discriminates("split products", ref, make, feature["geometry"], "upload-order")
    discriminates("split products (B first)", ref, lambda: make()[::-1], feature["geometry"], "upload-order")
    extra = {"processingBaseline": "02.14"}
    for day, order in (("2020-07-01", "AB"), ("2020-07-02", "BA")):
        for part in order:
            if part == "A":
                upload("split-A", "sentinel2-l2a", day, gt, a_red, a_nir, a_scl, order, extra)
            else:
                upload("split-B", "sentinel2-l2a", day, b_gt, b_red, b_nir, b_scl, order, extra)
    pts = []
    for day, order in (("2020-07-01", "A then B"), ("2020-07-02", "B then A")):
        p, err = point("split", day)
        check("split products %s: a point on %s" % (order, day), p is not None, err or "")
        if p:
            check("split products %s: one point of two scenes" % order, len(p.get("sceneIds", [])) == 2, str(p.get("sceneIds")))
            compare("split products %s" % order, p, ref)
            pts.append(p)
    if len(pts) == 2:
        same_points("split products", pts[0], pts[1])
    return ref


def mixed_sensors(rng):
    s_gt, (sh, sw) = grid(10.0, 0.0, 150.0)
    l_gt, (lh, lw) = grid(30.0, 12.0, 150.0)
    s_field = smooth(rng, (sh, sw), 9)
    s_red, s_nir = bands_from_ndvi(rng, 0.05 + 0.8 * s_field, 1e-4, 0.0)
    scl = np.where(s_field > 0.4, 4, 5).astype(np.uint16)
    scl[: int(sh * 0.45), :] = 9                       # the northern ~45 % cloudy
    scl[int(sh * 0.55): int(sh * 0.62), :] = 3         # a shadow band
    l_field = smooth(rng, (lh, lw), 3)
    l_red, l_nir = bands_from_ndvi(rng, 0.1 + 0.7 * l_field, 0.0000275, -0.2)
    qa = np.full((lh, lw), 21824, dtype=np.uint16)    # clear land (bit 6)
    qa[2: lh // 6, lw // 5: lw // 2] = 0b0000000000010000 | (1 << 6)  # shadow under the S2 cloud
    qa[lh // 5: lh // 3, lw // 2: lw - 2] = 0b0000000000001000        # cloud under the S2 cloud
    feature = site_feature("mixed")
    post_site(feature)
    make = lambda: [Scene("sentinel2-l2a", s_gt, s_red, s_nir, scl), Scene("landsat-c2l2", l_gt, l_red, l_nir, qa)]
    ref = reference(make(), feature["geometry"])
    for variant in ("no-rank", "coarser-first"):
        discriminates("mixed sensors", ref, make, feature["geometry"], variant)
    for day, order in (("2021-06-01", "SL"), ("2021-06-02", "LS")):
        for part in order:
            if part == "S":
                upload("mixed-S2", "sentinel2-l2a", day, s_gt, s_red, s_nir, scl, order, {"processingBaseline": "02.14"})
            else:
                upload("mixed-L8", "landsat-c2l2", day, l_gt, l_red, l_nir, qa, order)
    pts = []
    for day, order in (("2021-06-01", "S2 then Landsat"), ("2021-06-02", "Landsat then S2")):
        p, err = point("mixed", day, "?harmonize=none")
        check("mixed sensors %s: a point on %s" % (order, day), p is not None, err or "")
        if p:
            sensors = p.get("sensor")
            check("mixed sensors %s: both sensors, mixed-sensor" % order,
                  "landsat" in str(sensors) and "sentinel2" in str(sensors) and "mixed-sensor" in p.get("qualityReasons", []),
                  "%s %s" % (sensors, p.get("qualityReasons")))
            compare("mixed sensors %s" % order, p, ref)
            pts.append(p)
    if len(pts) == 2:
        same_points("mixed sensors", pts[0], pts[1])
    return ref


def water(rng):
    gt, (h, w) = grid(10.0, 0.0, 100.0)
    field = smooth(rng, (h, w), 5)
    red, nir = bands_from_ndvi(rng, 0.1 + 0.75 * field, 1e-4, 0.0)
    pond = {"type": "Polygon", "coordinates": [[[116.3995, 25.1795], [116.4055, 25.1795], [116.4068, 25.1850],
                                                [116.4040, 25.1915], [116.3995, 25.1915], [116.3995, 25.1795]]]}
    pond_utm = prep(to_scene_crs(pond, 4326, utm()))
    xs = gt[0] + (np.arange(w) + 0.5) * 10.0
    ys = gt[3] - (np.arange(h) + 0.5) * 10.0
    in_pond = np.array([[pond_utm.contains(Point(x, y)) for x in xs] for y in ys])
    # pond water is dark, turbid: NIR below red
    red[in_pond] = np.round(600 + 200 * rng.random(in_pond.sum())).astype(np.uint16)
    nir[in_pond] = np.round(300 + 200 * rng.random(in_pond.sum())).astype(np.uint16)
    scl = np.where(field > 0.45, 4, 5).astype(np.uint16)
    scl[in_pond] = np.where(rng.random(in_pond.sum()) < 0.25, 6, 5)
    scl[(~in_pond) & (rng.random((h, w)) < 0.03)] = 6   # a few mask-water pixels on land
    scl[h // 6: h // 3, w // 8: w // 3] = 9              # a cloud over part of the pond
    declared, plain = site_feature("pond", {"permanentWater": pond}), site_feature("pond-plain")
    post_site(declared)
    post_site(plain)
    upload("water", "sentinel2-l2a", "2022-05-01", gt, red, nir, scl, "W", {"processingBaseline": "02.14"})
    for feature, pw, label in ((declared, pond, "water, permanentWater declared"), (plain, None, "water, no declaration")):
        ref = reference([Scene("sentinel2-l2a", gt, red, nir, scl)], feature["geometry"], pw)
        p, err = point(feature["id"], "2022-05-01")
        check("%s: a point" % label, p is not None, err or "")
        if p:
            compare(label, p, ref)
            if pw:
                plain_ref = reference([Scene("sentinel2-l2a", gt, red, nir, scl)], feature["geometry"])
                check("%s: ignoring the declaration would fail here" % label,
                      abs(plain_ref["mean"] - ref["mean"]) > 0.002 and abs(plain_ref["validFraction"] - ref["validFraction"]) > 0.002,
                      "mean %.4f, validFraction %.4f without it" % (plain_ref["mean"], plain_ref["validFraction"]))
            print("     %s: valid %.4f water %.4f clear %.4f mean %.4f" % (label, ref["validFraction"], ref["waterFraction"],
                                                                      ref["clearFraction"], ref["mean"]))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(9)
    r1 = split_products(rng)
    print("     split reference: valid %.4f cloud %.4f shadow %.4f nodata %.4f mean %.4f green %.4f (%s)"
          % (r1["validFraction"], r1["cloudFraction"], r1["shadowFraction"], r1["nodataFraction"], r1["mean"],
             r1["greenFraction"], r1["sceneGrid"]))
    r2 = mixed_sensors(rng)
    print("     mixed reference: valid %.4f cloud %.4f shadow %.4f mean %.4f green %.4f (%s)"
          % (r2["validFraction"], r2["cloudFraction"], r2["shadowFraction"], r2["mean"], r2["greenFraction"], r2["sceneGrid"]))
    water(rng)
    print("%d failure(s)" % failures)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
