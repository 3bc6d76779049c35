#!/usr/bin/python3
"""Independent exact zonal NDVI statistics of one site over one scene, for by-hand cross-checks of GreenCover.

Uses only GDAL/OGR, numpy and shapely (Debian: apt-get install -y python3-gdal python3-numpy python3-shapely),
none of GreenCover's code. Not run by the tests.

Run (from the repository root), either with a scene of sample-tiles/manifest.json:

    /usr/bin/python3 bench/reference/exact_stats.py --manifest sample-tiles/manifest.json \
        --scene S2B_MSIL2A_20231029T025651_N0509_R032_T50RMN_20231029T065636 \
        --sites sample-tiles/sites.geojson --site zijinshan-dump

or with explicit files:

    /usr/bin/python3 bench/reference/exact_stats.py --sensor sentinel2-l2a --red B04.tif --nir B08.tif \
        --mask SCL.tif --baseline 05.09 --sites sites.geojson --site my-site [--threshold 0.45] [--mode center]

Rules (the published ones):
  * Sentinel-2 L2A: reflectance = (DN + offset) / 10000. The offset is decided by the first rule that speaks:
    --offset-applied true (0) / false (the baseline's); else the red file's GDAL scale/offset when it is
    Sentinel-2's (scale 0.0001 with offset -0.1 -> -1000, or 0 -> 0); else -1000 when the processing baseline
    is >= 04.00 (baseline from --baseline, else the _Nxxyy_ of --name, else the date: >= 2022-01-25 means 04.00);
    DN 0 = no data; SCL 0/1 no data, 2, 3, 8, 9, 10 cloud, 11 snow, 6 water, anything above 11 no data.
  * Landsat C2 L2: reflectance = DN * 0.0000275 - 0.2; DN 0 no data; QA_PIXEL bit 0 fill -> no data,
    bits 1-4 cloud, bit 5 snow, bit 7 water. Priority no data > cloud > snow > water > valid.
  * Negative reflectances are clamped to 0 (DOMAIN 2.2). NDVI in double precision.
  * A mask on another grid of the same CRS is resampled by nearest neighbour: each band pixel takes the mask
    pixel containing its centre; band pixels outside the mask are no data.
  * The site (GeoJSON, WGS84 unless a legacy "crs" member names an EPSG code) is transformed vertex by vertex
    to the scene CRS (any CRS GDAL reads: EPSG, ESRI, user-defined GeoKeys). Exact mode: a pixel weighs area(site & cell) (shapely); centre mode: a pixel weighs its
    full area when the site contains its centre.
  * Ground areas: siteAreaM2 = the site's ellipsoidal area, computed in a Lambert azimuthal equal-area projection
    of the WGS84 ellipsoid centred on the site (an equal-area map keeps ellipsoidal areas; not GeographicLib, so
    independent of GreenCover's method). Class fractions = class area in the scene grid / the site's area in the
    scene grid (site outside the scene counts as no data; under the centre rule the covered area is the
    denominator when it is larger); validAreaM2, greenAreaM2 = grid area x siteAreaM2 / site grid area.
    mean/std = area-weighted over valid pixels; quantiles = lower weighted quantiles; greenFraction = valid area
    with NDVI >= threshold / valid area; fvc = mean of clamp((ndvi - soil) / (veg - soil), 0, 1).
"""
import argparse
import json
import math
import os
import re
import sys
from datetime import date

import numpy as np
from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.geometry import Point, box, shape
from shapely.prepared import prep

gdal.UseExceptions()
VALID, CLOUD, SNOW, WATER, NODATA = 0, 1, 2, 3, 4


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--manifest", help="sample manifest.json (with --scene)")
    p.add_argument("--scene", help="scene name in the manifest")
    p.add_argument("--sensor", choices=["sentinel2-l2a", "landsat-c2l2"])
    p.add_argument("--red")
    p.add_argument("--nir")
    p.add_argument("--mask", help="SCL (Sentinel-2) or QA_PIXEL (Landsat)")
    p.add_argument("--baseline", help="Sentinel-2 processing baseline, e.g. 05.09 or N0509")
    p.add_argument("--name", help="product name (its _Nxxyy_ gives the baseline)")
    p.add_argument("--acquired", help="acquisition date YYYY-MM-DD (last resort for the baseline)")
    p.add_argument("--offset-applied", choices=["true", "false"], help="Sentinel-2: the DNs already have the BOA offset removed")
    p.add_argument("--sites", required=True, help="GeoJSON Feature or FeatureCollection")
    p.add_argument("--site", help="feature id (or properties.id); default: the only feature")
    p.add_argument("--threshold", type=float, help="green threshold (default: properties.greenThreshold or 0.3)")
    p.add_argument("--ndvi-soil", type=float, help="default: properties.ndviSoil or 0.2")
    p.add_argument("--ndvi-veg", type=float, help="default: properties.ndviVeg or 0.86")
    p.add_argument("--mode", choices=["exact", "center"], default="exact")
    a = p.parse_args()
    if a.manifest:
        if not a.scene:
            p.error("--manifest needs --scene")
        with open(a.manifest) as f:
            m = json.load(f)
        base = os.path.dirname(os.path.abspath(a.manifest))
        sc = next((s for s in m["scenes"] if s["name"] == a.scene), None)
        if sc is None:
            p.error("scene %s is not in %s" % (a.scene, a.manifest))
        a.sensor = a.sensor or sc["sensor"]
        a.red = a.red or os.path.join(base, sc["files"]["red"])
        a.nir = a.nir or os.path.join(base, sc["files"]["nir"])
        if "mask" in sc["files"]:
            a.mask = a.mask or os.path.join(base, sc["files"]["mask"])
        a.baseline = a.baseline or sc.get("processingBaseline")
        a.name = a.name or sc["name"]
        a.acquired = a.acquired or sc.get("acquired")
    if not (a.sensor and a.red and a.nir):
        p.error("give --sensor, --red and --nir (or --manifest and --scene)")
    return a


def s2_offset(baseline, name, acquired):
    """(offset DN, baseline, rule) by field, product name, then date."""
    if baseline:
        t = baseline.strip().upper()
        m = re.fullmatch(r"N(\d{2})(\d{2})", t)
        pb = int(m.group(1)) + int(m.group(2)) / 100.0 if m else float(t)
        rule = "field"
    else:
        m = re.search(r"_N(\d{2})(\d{2})(?=[_.]|$)", (name or "").upper())
        if m:
            pb, rule = int(m.group(1)) + int(m.group(2)) / 100.0, "name"
        elif acquired:
            pb, rule = (4.0 if date.fromisoformat(acquired[:10]) >= date(2022, 1, 25) else 2.99), "date"
        else:
            sys.exit("cannot decide the Sentinel-2 processing baseline: give --baseline, --name or --acquired")
    return (-1000 if pb >= 4.0 else 0), pb, rule


def read_band(path):
    """(DNs, geotransform, SRS, (scale, offset) the band declares or None)."""
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0 or gt[5] >= 0:
        sys.exit(path + ": only north-up rasters")
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    b = ds.GetRasterBand(1)
    scale, offset = b.GetScale(), b.GetOffset()
    declared = None if scale in (None, 1.0) and offset in (None, 0.0) else (scale or 1.0, offset or 0.0)
    return b.ReadAsArray().astype(np.int64), gt, srs, declared


def srs_label(srs):
    code = srs.GetAuthorityCode(None)
    return (srs.GetAuthorityName(None) + ":" + code) if code else "user-defined: " + (srs.GetName() or "?")


def ground_area(site_wgs84):
    """The site's ellipsoidal area (m²) in a Lambert azimuthal equal-area projection of WGS84 centred on it."""
    c = site_wgs84.centroid
    laea = osr.SpatialReference()
    laea.ImportFromProj4("+proj=laea +lat_0=%.9f +lon_0=%.9f +datum=WGS84 +units=m +no_defs" % (c.y, c.x))
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    for r in (laea, wgs):
        r.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = ogr.CreateGeometryFromWkb(site_wgs84.wkb)
    g = g.Segmentize(0.0005) or g  # follow the edges (~50 m steps) as the equal-area map bends them
    g.Transform(osr.CoordinateTransformation(wgs, laea))
    return wkb.loads(bytes(g.ExportToWkb())).area


def resample_nearest(mask, mgt, shape_, gt):
    """The mask on the band grid: each band pixel takes the mask pixel containing its centre (0 outside)."""
    h, w = shape_
    cx = gt[0] + (np.arange(w) + 0.5) * gt[1]
    cy = gt[3] + (np.arange(h) + 0.5) * gt[5]
    mc = np.floor((cx - mgt[0]) / mgt[1]).astype(np.int64)
    mr = np.floor((cy - mgt[3]) / mgt[5]).astype(np.int64)
    out = np.zeros((h, w), dtype=np.int64)
    okc = (mc >= 0) & (mc < mask.shape[1])
    okr = (mr >= 0) & (mr < mask.shape[0])
    out[np.ix_(okr, okc)] = mask[np.ix_(mr[okr], mc[okc])]
    return out


def classify(sensor, red, nir, mask):
    cls = np.full(red.shape, VALID, dtype=np.int8)
    if mask is not None:
        if sensor == "sentinel2-l2a":
            cls[np.isin(mask, [2, 3, 8, 9, 10])] = CLOUD
            cls[mask == 11] = SNOW
            cls[mask == 6] = WATER
            cls[(mask <= 1) | (mask > 11)] = NODATA
        else:
            water = (mask & (1 << 7)) != 0
            snow = (mask & (1 << 5)) != 0
            cloud = (mask & 0b11110) != 0
            cls[water] = WATER
            cls[snow] = SNOW
            cls[cloud] = CLOUD
            cls[(mask & 1) != 0] = NODATA
    cls[(red == 0) | (nir == 0)] = NODATA
    return cls


def load_site(path, site_id):
    with open(path) as f:
        doc = json.load(f)
    feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    if site_id is None:
        if len(feats) != 1:
            sys.exit("the GeoJSON has %d features: choose one with --site" % len(feats))
        feat = feats[0]
    else:
        feat = next((f for f in feats if f.get("id") == site_id or f.get("properties", {}).get("id") == site_id), None)
        if feat is None:
            sys.exit("no feature with id " + site_id)
    crs = feat.get("crs") or doc.get("crs")
    epsg = 4326
    if crs:
        m = re.search(r"EPSG:{1,2}(\d{4,5})$", crs["properties"]["name"].upper())
        if m:
            epsg = int(m.group(1))
    return feat, epsg


def to_scene_crs(geojson_geometry, from_epsg, dst):
    """The site in the SRS dst (None: WGS84 longitude/latitude)."""
    g = ogr.CreateGeometryFromJson(json.dumps(geojson_geometry))
    src = osr.SpatialReference()
    src.ImportFromEPSG(from_epsg)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if dst is None:
        dst = osr.SpatialReference()
        dst.ImportFromEPSG(4326)
        dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if not src.IsSame(dst):
        g.Transform(osr.CoordinateTransformation(src, dst))
    return wkb.loads(bytes(g.ExportToWkb()))


def weights(site, gt, shape_, mode):
    """Per-pixel covered area (m²) over the whole grid: exact intersection areas or centre-in-polygon areas."""
    h, w = shape_
    px, py = gt[1], -gt[5]
    a = np.zeros((h, w))
    minx, miny, maxx, maxy = site.bounds
    c0, c1 = max(0, int(math.floor((minx - gt[0]) / px))), min(w - 1, int(math.floor((maxx - gt[0]) / px)))
    r0, r1 = max(0, int(math.floor((gt[3] - maxy) / py))), min(h - 1, int(math.floor((gt[3] - miny) / py)))
    whole = prep(site)
    for r in range(r0, r1 + 1):
        ytop = gt[3] - r * py
        ybot = ytop - py
        if mode == "center":
            for c in range(c0, c1 + 1):
                if whole.contains(Point(gt[0] + (c + 0.5) * px, ytop - 0.5 * py)):
                    a[r, c] = px * py
            continue
        strip = site.intersection(box(gt[0] + c0 * px, ybot, gt[0] + (c1 + 1) * px, ytop))
        if strip.is_empty:
            continue
        ps = prep(strip)
        for c in range(c0, c1 + 1):
            cell = box(gt[0] + c * px, ybot, gt[0] + (c + 1) * px, ytop)
            if ps.contains(cell):
                a[r, c] = px * py
            elif ps.intersects(cell):
                a[r, c] = strip.intersection(cell).area
    return a


def lower_quantile(values, wts, p):
    order = np.argsort(values, kind="stable")
    v, cum = values[order], np.cumsum(wts[order])
    k = int(np.searchsorted(cum, p * cum[-1] * (1 - 1e-12)))
    return float(v[min(k, len(v) - 1)])


def main():
    a = parse_args()
    red, gt, srs, red_scaling = read_band(a.red)
    nir, ngt, nsrs, _ = read_band(a.nir)
    if nir.shape != red.shape or ngt != gt or not nsrs.IsSame(srs):
        sys.exit("red and nir must share one grid")
    mask = None
    if a.mask:
        m, mgt, msrs, _ = read_band(a.mask)
        if not msrs.IsSame(srs):
            sys.exit("the mask is in another CRS")
        mask = m if (m.shape == red.shape and mgt == gt) else resample_nearest(m, mgt, red.shape, gt)
    info = {"sensor": a.sensor, "crs": srs_label(srs), "width": red.shape[1], "height": red.shape[0], "pixelSizeM": gt[1]}
    if a.sensor == "sentinel2-l2a":
        off, pb, rule = s2_offset(a.baseline, a.name, a.acquired)
        offset_rule = "baseline"
        if a.offset_applied is not None:
            off, offset_rule = (0 if a.offset_applied == "true" else off), "offsetApplied"
        elif red_scaling and abs(red_scaling[0] - 1e-4) < 1e-12 and min(abs(red_scaling[1]), abs(red_scaling[1] + 0.1)) < 1e-9:
            off, offset_rule = (0 if abs(red_scaling[1]) < 1e-9 else -1000), "file"
        info.update(processingBaseline="%05.2f" % pb, baselineRule=rule, offsetDn=off, offsetRule=offset_rule)
        rr, nr = (red + off) / 10000.0, (nir + off) / 10000.0
    else:
        rr, nr = red * 0.0000275 - 0.2, nir * 0.0000275 - 0.2
    rr, nr = np.maximum(rr, 0), np.maximum(nr, 0)
    cls = classify(a.sensor, red, nir, mask)
    with np.errstate(invalid="ignore", divide="ignore"):
        ndvi = (nr - rr) / (nr + rr)
    cls[(cls == VALID) & ~np.isfinite(ndvi)] = NODATA

    feat, site_epsg = load_site(a.sites, a.site)
    props = feat.get("properties") or {}
    t = a.threshold if a.threshold is not None else props.get("greenThreshold", 0.3)
    soil = a.ndvi_soil if a.ndvi_soil is not None else props.get("ndviSoil", 0.2)
    veg = a.ndvi_veg if a.ndvi_veg is not None else props.get("ndviVeg", 0.86)
    site = to_scene_crs(feat["geometry"], site_epsg, srs)
    site_area = site.area
    site_ground = ground_area(to_scene_crs(feat["geometry"], site_epsg, None))
    to_ground = site_ground / site_area if site_area > 0 else 1.0
    wt = weights(site, gt, red.shape, a.mode)

    class_area = [float(wt[cls == k].sum()) for k in range(5)]
    observed = sum(class_area[:4])
    total = max(site_area, observed + class_area[NODATA])
    valid = cls == VALID
    w, v = wt[valid & (wt > 0)], ndvi[valid & (wt > 0)]
    out = {"site": feat.get("id") or props.get("id"), "mode": a.mode, "scene": info}
    stats = {}
    if w.size:
        va = w.sum()
        mean = float((w * v).sum() / va)
        green = float(w[v >= t].sum())
        stats.update(mean=mean, std=math.sqrt(max(0.0, float((w * v * v).sum() / va) - mean * mean)),
                     min=float(v.min()), max=float(v.max()), median=lower_quantile(v, w, 0.5),
                     p10=lower_quantile(v, w, 0.1), p90=lower_quantile(v, w, 0.9),
                     fvc=float((w * np.clip((v - soil) / (veg - soil), 0, 1)).sum() / va))
    else:
        green = 0.0
        stats.update(mean=None, std=None, min=None, max=None, median=None, p10=None, p90=None, fvc=None)
    stats.update(siteAreaM2=site_ground, validAreaM2=class_area[VALID] * to_ground, validFraction=class_area[VALID] / total,
                 cloudFraction=class_area[CLOUD] / total, snowFraction=class_area[SNOW] / total,
                 waterFraction=class_area[WATER] / total, nodataFraction=(total - observed) / total,
                 greenAreaM2=green * to_ground, greenFraction=(green / class_area[VALID]) if class_area[VALID] > 0 else None,
                 threshold=t, ndviSoil=soil, ndviVeg=veg,
                 siteGridAreaM2=site_area, coveredInSceneM2=float(wt.sum()) * to_ground,
                 outsideSceneM2=max(0.0, site_area - float(wt.sum())) * to_ground if a.mode == "exact" else None)
    out["statistics"] = stats
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
