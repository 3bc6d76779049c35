#!/usr/bin/python3
"""Write 20 irregular benchmark site polygons over the synthetic 10980 x 10980 scene of
../shared/bench/mapserver/make_data.py (EPSG:32650, 10 m, centred on the Zijinshan mine, 116.40E 25.18N).

The polygons are GeoJSON (EPSG:4326 lon/lat), one Feature per site with a slug id (in 'id' and
properties.id) and properties.name, so the same file feeds GreenCover (POST /api/v1/sites) and
ndvi_ref.py. Areas range from 0.1 km2 to 30 km2; every third site has a hole; three sites cross the
scene edge (west near the top, north-east corner, south). Interior sites keep clear of the west no-data
wedge so that every site has valid pixels (ndvi_ref.py cannot print a site without any). Vertices are
placed in UTM metres and projected to lon/lat.

  /usr/bin/python3 make_sites.py --scene scene_10980.tif --out sites.geojson [--seed 7]
"""
import argparse, json, math, random
from osgeo import gdal, osr
from shapely.geometry import Polygon
from shapely import affinity

gdal.UseExceptions()
AREAS_KM2 = [0.1, 0.2, 0.35, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0, 4.0,
             5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 18.0, 22.0, 26.0, 30.0]
EDGE_SITES = {10: ('west', 0.0, 0.04), 12: ('northeast', 1.0, 0.0), 17: ('south', 0.6, 1.0)}  # index -> (edge, fx, fy)
WEDGE = 0.06   # make_data.py's no-data wedge on the west side: columns < 2 * WEDGE * row are no data


def star(rng, cx, cy, r, n, jag):
    """irregular star-shaped ring (valid: radius > 0 at every angle)"""
    pts, rad = [], r
    for i in range(n):
        a = 2 * math.pi * i / n
        rad = min(1.3 * r, max(0.55 * r, rad + rng.uniform(-jag, jag) * r))
        wob = 1 + 0.15 * math.sin(3 * a + rng.uniform(0, 0.3))
        pts.append((cx + rad * wob * math.cos(a), cy + rad * wob * math.sin(a)))
    return pts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scene', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=7)
    a = ap.parse_args()
    ds = gdal.Open(a.scene)
    ulx, px, _, uly, _, py = ds.GetGeoTransform()
    W, H = ds.RasterXSize, ds.RasterYSize
    minx, maxx, miny, maxy = ulx, ulx + W * px, uly + H * py, uly
    utm = osr.SpatialReference(); utm.ImportFromWkt(ds.GetProjection())
    wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(utm, wgs)
    rng = random.Random(a.seed)
    feats = []
    for i, area_km2 in enumerate(AREAS_KM2):
        r = math.sqrt(area_km2 * 1e6 / math.pi)
        if i in EDGE_SITES:   # centre on the edge: roughly half the site lies outside the scene
            _, fx, fy = EDGE_SITES[i]
            cx, cy = minx + fx * (maxx - minx), maxy - fy * (maxy - miny)
        else:                 # anywhere inside, at least r + 1 km from the edges and from the no-data wedge
            m = r * 1.4 + 1000
            while True:
                cx, cy = rng.uniform(minx + m, maxx - m), rng.uniform(miny + m, maxy - m)
                bottom_row = (maxy - (cy - m)) / abs(py)
                if cx - m > minx + 2 * WEDGE * bottom_row * px:
                    break
        n = rng.choice([12, 24, 48, 96, 200])
        shell = star(rng, cx, cy, r, n, 0.08)
        holes = []
        if i % 3 == 2:
            hr = 0.25 * r
            holes.append([(cx + 0.1 * r + hr * math.cos(-2 * math.pi * k / 16),
                           cy + hr * math.sin(-2 * math.pi * k / 16)) for k in range(16)])
        p = Polygon(shell, holes)
        p = affinity.scale(p, math.sqrt(area_km2 * 1e6 / p.area), math.sqrt(area_km2 * 1e6 / p.area), origin=(cx, cy))
        assert p.is_valid, i
        def ring(coords):
            out = [list(map(lambda v: round(v, 7), tr.TransformPoint(x, y)[:2])) for x, y in coords]
            out[-1] = out[0]
            return out
        sid = f'site-{i + 1:02d}'
        edge = EDGE_SITES.get(i, ('inside',))[0]
        feats.append({'type': 'Feature', 'id': sid,
                      'properties': {'id': sid, 'name': sid, 'area_km2_utm': round(p.area / 1e6, 4), 'edge': edge,
                                     'holes': len(holes), 'vertices': n},
                      'geometry': {'type': 'Polygon',
                                   'coordinates': [ring(p.exterior.coords)] + [ring(h.coords) for h in p.interiors]}})
    with open(a.out, 'w') as f:
        json.dump({'type': 'FeatureCollection', 'features': feats}, f, indent=1)
    print(f'wrote {len(feats)} sites to {a.out}: ' + ', '.join(f"{x['id']} {x['properties']['area_km2_utm']}km2"
                                                                 f"{'/' + x['properties']['edge'] if x['properties']['edge'] != 'inside' else ''}"
                                                                 for x in feats))


if __name__ == '__main__':
    main()
