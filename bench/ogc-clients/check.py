#!/usr/bin/python3
"""Standard OGC clients against a running GreenCover server with the sample data.

    /usr/bin/python3 check.py [BASE_URL] [OUT_DIR]      (defaults http://127.0.0.1:8098, /tmp/ogc-clients)

Clients: GDAL's WMS driver (GetCapabilities subdatasets, GetMap 1.3.0 and 1.1.1, TMS/XYZ mode), GDAL's WMTS
driver, OWSLib's WebMapService (1.3.0, 1.1.1) and WebMapTileService, plus a list of bad requests whose
exception codes are checked. Every image is written to OUT_DIR to look at. Prints one line per check and
exits 1 when any check failed. Needs Debian's gdal-bin, python3-gdal, python3-owslib, python3-numpy.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal
from owslib.wms import WebMapService
from owslib.wmts import WebMapTileService

gdal.UseExceptions()
BASE = (sys.argv[1] if len(sys.argv) > 1 else 'http://127.0.0.1:8098').rstrip('/')
OUT = sys.argv[2] if len(sys.argv) > 2 else '/tmp/ogc-clients'
os.makedirs(OUT, exist_ok=True)

# Zijinshan sample extent (scene EPSG:32650 x 437520..443320, y 2783020..2788440), a little inside it
SITE_3857 = (12955400.0, 2895700.0, 12961700.0, 2901600.0)
SITE_LONLAT = (116.3805, 25.1622, 116.4370, 25.2108)   # lon/lat order (CRS:84, 1.1.1 EPSG:4326)
TILE = (15, 26979, 14013)                               # z, x (col), y (row) of an XYZ tile inside the site
LAYERS = ('ndvi', 'greencover')

results = []


def check(name, ok, detail=''):
    results.append((name, bool(ok)))
    print(('PASS ' if ok else 'FAIL ') + name + ((' -- ' + detail) if detail else ''), flush=True)
    return bool(ok)


def run(args):
    p = subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, GDAL_HTTP_TIMEOUT='60', GDAL_ENABLE_WMS_CACHE='NO'))
    return p.returncode, p.stdout + p.stderr


def rgba(path_or_bytes):
    """Pixels as an (h, w, bands) uint8 array, from a file or PNG bytes."""
    mem = isinstance(path_or_bytes, bytes)
    if mem:
        gdal.FileFromMemBuffer('/vsimem/x.png', path_or_bytes)
        path_or_bytes = '/vsimem/x.png'
    ds = gdal.Open(path_or_bytes)
    ct = ds.GetRasterBand(1).GetColorTable()
    if ct is not None:  # indexed PNG: expand the palette (with its tRNS alpha)
        lut = np.array([ct.GetColorEntry(i) for i in range(ct.GetCount())], dtype=np.uint8)
        a = lut[ds.GetRasterBand(1).ReadAsArray()]
    else:
        a = np.dstack([ds.GetRasterBand(i + 1).ReadAsArray() for i in range(ds.RasterCount)])
    ds = None
    if mem:
        gdal.Unlink('/vsimem/x.png')
    return a


def drawn_mask(a):
    """Pixels that carry map colour: not transparent, not the white/black GDAL fills."""
    rgb = a[..., :3].astype(int)
    drawn = ~(np.all(rgb >= 250, axis=-1) | np.all(rgb <= 5, axis=-1))
    if a.shape[-1] == 4:
        drawn &= a[..., 3] > 0
    return drawn


def drawn_fraction(a):
    return float(drawn_mask(a).mean())


def mean_abs_diff(a, b, block=1):
    """Mean absolute RGB difference over the pixels drawn in both, after averaging block x block cells
    (nearest-neighbour maps of noisy classes sampled on slightly different grids differ pixel by pixel but
    not block by block); blocks with an undrawn pixel in either image are left out."""
    h, w = min(a.shape[0], b.shape[0]) // block * block, min(a.shape[1], b.shape[1]) // block * block

    def blocks(x):
        return x[:h, :w, :3].astype(float).reshape(h // block, block, w // block, block, 3).mean((1, 3))

    both = (drawn_mask(a)[:h, :w] & drawn_mask(b)[:h, :w]).reshape(h // block, block, w // block, block).all((1, 3))
    if not both.any():
        return float('inf')
    return float(np.abs(blocks(a) - blocks(b))[both].mean())


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type', ''), e.read()


def is_png(b):
    return b[:8] == b'\x89PNG\r\n\x1a\n'


# ---------------------------------------------------------------- OWSLib WMS: capabilities and time
wms13 = WebMapService(BASE + '/wms', version='1.3.0')
wms11 = WebMapService(BASE + '/wms', version='1.1.1')
for v, w in (('1.3.0', wms13), ('1.1.1', wms11)):
    check(f'owslib wms {v} contents list ndvi and greencover', all(l in w.contents for l in LAYERS),
          ', '.join(w.contents))
t13 = wms13['ndvi'].dimensions.get('time', {})
DATES = [d.strip() for d in t13.get('values', []) if d.strip()]
check('owslib wms 1.3.0 ndvi .dimensions[time] lists dates with a default',
      len(DATES) >= 2 and t13.get('default') == DATES[-1], f"{len(DATES)} dates, default {t13.get('default')}")
FIRST, LAST = DATES[0], DATES[-1]
gc_time = wms13['greencover'].dimensions.get('time', {})
check('owslib wms 1.3.0 greencover .dimensions[time]', FIRST in gc_time.get('values', []) and
      LAST in gc_time.get('values', []), f'{FIRST} .. {LAST}')
check('owslib wms 1.1.1 ndvi and greencover time extent (timepositions, default)',
      all(wms11[l].timepositions and wms11[l].timepositions[0] == FIRST and wms11[l].defaulttimeposition == LAST
          for l in LAYERS), f'{wms11["ndvi"].timepositions[0]} .. default {wms11["ndvi"].defaulttimeposition}')
for l in LAYERS:
    crs = set(wms13[l].crsOptions)
    check(f'owslib wms 1.3.0 {l} offers EPSG:3857, EPSG:4326, CRS:84',
          {'EPSG:3857', 'EPSG:4326', 'CRS:84'} <= crs, ' '.join(sorted(crs)))

# ---------------------------------------------------------------- OWSLib WMS: GetMap, first and last dates
# OWSLib takes x/y (lon/lat) order and swaps to lat/lon itself for 1.3.0 EPSG:4326.
VARIANTS = [('1.3.0', 'EPSG:3857', SITE_3857), ('1.3.0', 'EPSG:4326', SITE_LONLAT), ('1.3.0', 'CRS:84', SITE_LONLAT),
            ('1.1.1', 'EPSG:4326', SITE_LONLAT), ('1.1.1', 'EPSG:3857', SITE_3857)]
owslib_maps = {}
for layer in LAYERS:
    for date in (FIRST, LAST):
        for v, crs, bbox in VARIANTS:
            w = wms13 if v == '1.3.0' else wms11
            name = f'owslib_{layer}_{date}_{v}_{crs.replace(":", "")}.png'
            r = w.getmap(layers=[layer], styles=[''], srs=crs, bbox=bbox, size=(256, 240), format='image/png',
                         transparent=True, time=date)
            b = r.read()
            with open(os.path.join(OUT, name), 'wb') as f:
                f.write(b)
            frac = drawn_fraction(rgba(b)) if is_png(b) else 0
            owslib_maps[(layer, date, v, crs)] = rgba(b) if is_png(b) else None
            check(f'owslib getmap {v} {crs} {layer} TIME={date}', is_png(b) and frac > 0.5,
                  f'{len(b)} B, {frac:.0%} drawn')
for layer in LAYERS:
    a, b = owslib_maps[(layer, FIRST, '1.3.0', 'EPSG:4326')], owslib_maps[(layer, FIRST, '1.3.0', 'CRS:84')]
    c = owslib_maps[(layer, FIRST, '1.1.1', 'EPSG:4326')]
    if a is not None and b is not None and c is not None:
        d1, d2 = mean_abs_diff(a, b), mean_abs_diff(a, c)
        check(f'owslib {layer}: 1.3.0 EPSG:4326 (lat/lon) == CRS:84 == 1.1.1 EPSG:4326', d1 < 1 and d2 < 1,
              f'mean |diff| {d1:.2f}, {d2:.2f}')
    f, l = owslib_maps[(layer, FIRST, '1.3.0', 'EPSG:3857')], owslib_maps[(layer, LAST, '1.3.0', 'EPSG:3857')]
    if f is not None and l is not None:
        check(f'owslib {layer}: first and last dates differ (the site greened)', mean_abs_diff(f, l) > 5,
              f'mean |diff| {mean_abs_diff(f, l):.1f}')

# ---------------------------------------------------------------- OWSLib WMS: GetFeatureInfo and legends
for v, w, crs, bbox in (('1.3.0', wms13, 'EPSG:3857', SITE_3857), ('1.1.1', wms11, 'EPSG:4326', SITE_LONLAT)):
    for layer in LAYERS:
        for date in (FIRST, LAST):
            r = w.getfeatureinfo(layers=[layer], styles=[''], srs=crs, bbox=bbox, size=(256, 240),
                                 format='image/png', query_layers=[layer], info_format='application/json',
                                 xy=(60, 60), time=date)
            try:
                res = json.loads(r.read())['results'][0]
            except Exception as e:  # noqa: BLE001 - report any malformed answer as a failure
                res = {'error': str(e)}
            check(f'owslib getfeatureinfo {v} {crs} {layer} TIME={date}',
                  res.get('layer') == layer and res.get('date') == date and res.get('value') is not None,
                  json.dumps(res))
    r = w.getfeatureinfo(layers=['ndvi'], styles=[''], srs=crs, bbox=bbox, size=(256, 240), format='image/png',
                         query_layers=['ndvi'], info_format='text/plain', xy=(60, 60))
    txt = r.read().decode()
    check(f'owslib getfeatureinfo {v} text/plain', 'value = ' in txt, txt.splitlines()[0] if txt else '')
for layer in LAYERS:
    for sname, st in wms13[layer].styles.items():
        status, ctype, b = get(st['legend'])
        ok = status == 200 and is_png(b)
        if ok:
            a = rgba(b)
            ok = a.shape[1] == int(st['legend_width']) and a.shape[0] == int(st['legend_height'])
        with open(os.path.join(OUT, f'legend_{layer}_{sname}.png'), 'wb') as f:
            f.write(b)
        check(f'owslib legend URL {layer}/{sname}', ok, f"{status} {ctype} {len(b)} B, declared "
              f"{st['legend_width']}x{st['legend_height']}")

# ---------------------------------------------------------------- OWSLib WMTS
wmts = WebMapTileService(BASE + '/wmts')
check('owslib wmts contents list ndvi and greencover', all(l in wmts.contents for l in LAYERS), ', '.join(wmts.contents))
check('owslib wmts tile matrix sets', 'WebMercatorQuad' in wmts.tilematrixsets, ', '.join(wmts.tilematrixsets))
caps = ET.fromstring(get(BASE + '/wmts?SERVICE=WMTS&REQUEST=GetCapabilities')[2])
NS = {'w': 'http://www.opengis.net/wmts/1.0', 'ows': 'http://www.opengis.net/ows/1.1'}
for layer in LAYERS:
    el = [e for e in caps.iterfind('.//w:Layer', NS) if e.findtext('ows:Identifier', None, NS) == layer]
    dims = {d.findtext('ows:Identifier', None, NS).lower(): d for d in el[0].iterfind('w:Dimension', NS)} if el else {}
    vals = [v.text for v in dims['time'].iterfind('w:Value', NS)] if 'time' in dims else []
    check(f'wmts capabilities {layer} has the Time dimension', FIRST in vals and LAST in vals and
          dims['time'].findtext('w:Default', None, NS) == LAST, f'{len(vals)} values')
wmts_tiles = {}
for layer in LAYERS:
    for date in (FIRST, LAST):
        z, x, y = TILE
        r = wmts.gettile(layer=layer, tilematrixset='WebMercatorQuad', tilematrix=str(z), row=y, column=x,
                         format='image/png', time=date)
        b = r.read()
        with open(os.path.join(OUT, f'owslib_wmts_{layer}_{date}.png'), 'wb') as f:
            f.write(b)
        wmts_tiles[(layer, date)] = b
        check(f'owslib wmts gettile {layer} TIME={date}', is_png(b) and drawn_fraction(rgba(b)) > 0.9, f'{len(b)} B')
for layer in LAYERS:
    z, x, y = TILE
    for date in (FIRST, LAST):
        status, _, b = get(f'{BASE}/tiles/{layer}/{z}/{x}/{y}.png?time={date}')
        check(f'xyz tile == wmts tile ({layer} {date})', status == 200 and b == wmts_tiles[(layer, date)])

# ---------------------------------------------------------------- GDAL WMS driver
rc, out = run(['gdalinfo', f'WMS:{BASE}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities'])
subs = {m.group(2): m.group(1) for m in re.finditer(r'SUBDATASET_\d+_NAME=WMS:(\S*LAYERS=([\w-]+)\S*)', out)}
check('gdalinfo WMS GetCapabilities lists ndvi and greencover subdatasets', rc == 0 and all(l in subs for l in LAYERS),
      ', '.join(subs))


def translate(src, name, *extra):
    path = os.path.join(OUT, name)
    rc, out = run(['gdal_translate', '-q', '-of', 'PNG', *extra, src, path])
    if rc != 0 or not os.path.exists(path):
        return None, out.strip().splitlines()[-1:] if out.strip() else ''
    return rgba(path), ''


for layer in LAYERS:
    if layer in subs:
        a, err = translate(f'WMS:{subs[layer]}&TIME={LAST}', f'gdal_wms_subdataset_{layer}_{LAST}.png',
                           '-outsize', '512', '0')
        check(f'gdal_translate capabilities subdataset {layer} TIME={LAST} (full layer extent)',
              a is not None and a.shape[1] == 512, str(err) or f'{a.shape[1]}x{a.shape[0]}')
s3857 = ','.join(map(str, SITE_3857))
lonlat = SITE_LONLAT
latlon = ','.join(map(str, (lonlat[1], lonlat[0], lonlat[3], lonlat[2])))
xy = ','.join(map(str, lonlat))
gdal_maps = {}
for layer in LAYERS:
    for date in (FIRST, LAST):
        urls = {
            '1.3.0_EPSG3857': f'VERSION=1.3.0&REQUEST=GetMap&LAYERS={layer}&CRS=EPSG:3857&BBOX={s3857}',
            '1.3.0_EPSG4326': f'VERSION=1.3.0&REQUEST=GetMap&LAYERS={layer}&CRS=EPSG:4326&BBOX={latlon}',
            '1.3.0_CRS84': f'VERSION=1.3.0&REQUEST=GetMap&LAYERS={layer}&CRS=CRS:84&BBOX={xy}',
            '1.1.1_EPSG4326': f'VERSION=1.1.1&REQUEST=GetMap&LAYERS={layer}&SRS=EPSG:4326&BBOX={xy}',
            '1.1.1_EPSG3857': f'VERSION=1.1.1&REQUEST=GetMap&LAYERS={layer}&SRS=EPSG:3857&BBOX={s3857}',
        }
        for key, q in urls.items():
            a, err = translate(f'WMS:{BASE}/wms?SERVICE=WMS&{q}&TIME={date}', f'gdal_wms_{layer}_{date}_{key}.png',
                               '-outsize', '512', '0')
            gdal_maps[(layer, date, key)] = a
            check(f'gdal_translate WMS {key} {layer} TIME={date}', a is not None and drawn_fraction(a) > 0.5,
                  str(err) if a is None else f'{a.shape[1]}x{a.shape[0]}, {drawn_fraction(a):.0%} drawn')
for layer in LAYERS:
    a, b, c = (gdal_maps[(layer, FIRST, k)] for k in ('1.3.0_EPSG4326', '1.3.0_CRS84', '1.1.1_EPSG4326'))
    if a is not None and b is not None and c is not None:
        check(f'gdal WMS {layer}: 1.3.0 EPSG:4326 (lat/lon) == CRS:84 == 1.1.1 EPSG:4326',
              mean_abs_diff(a, b) < 1 and mean_abs_diff(a, c) < 1,
              f'mean |diff| {mean_abs_diff(a, b):.2f}, {mean_abs_diff(a, c):.2f}')

# ---------------------------------------------------------------- GDAL WMTS driver
rc, out = run(['gdalinfo', f'WMTS:{BASE}/wmts?SERVICE=WMTS&REQUEST=GetCapabilities'])
check('gdalinfo WMTS GetCapabilities lists ndvi and greencover', rc == 0 and all(
    f'layer={l},tilematrixset=WebMercatorQuad' in out for l in LAYERS))
projwin = ['-projwin', str(SITE_3857[0]), str(SITE_3857[3]), str(SITE_3857[2]), str(SITE_3857[1]), '-outsize', '512', '0']
# GDAL's WMTS driver always sends a dimension's Default (it has no option to choose another value), so the
# first date is read through a copy of the capabilities whose Default is the first date.
caps_text = get(BASE + '/wmts?SERVICE=WMTS&REQUEST=GetCapabilities')[2].decode()
first_caps = os.path.join(OUT, 'wmts_caps_default_first.xml')
with open(first_caps, 'w') as f:
    f.write(caps_text.replace(f'<Default>{LAST}</Default>', f'<Default>{FIRST}</Default>'))
for layer in LAYERS:
    for date, caps_url in ((LAST, f'{BASE}/wmts?SERVICE=WMTS&REQUEST=GetCapabilities'), (FIRST, first_caps)):
        a, err = translate(f'WMTS:{caps_url},layer={layer},tilematrixset=WebMercatorQuad',
                           f'gdal_wmts_{layer}_{date}.png', *projwin)
        ref = gdal_maps.get((layer, date, '1.3.0_EPSG3857'))
        ok = a is not None and drawn_fraction(a) > 0.5
        d = mean_abs_diff(a, ref, 16) if ok and ref is not None else float('nan')
        check(f'gdal_translate WMTS {layer} TIME={date} (looks like the WMS map)', ok and d < 3,
              str(err) if a is None else f'{a.shape[1]}x{a.shape[0]}, mean |diff| of 16 px blocks to WMS {d:.1f}')

# ---------------------------------------------------------------- GDAL WMS driver, TMS (XYZ) mode
for layer in LAYERS:
    for date in (FIRST, LAST):
        xml = os.path.join(OUT, f'xyz_{layer}_{date}.xml')
        with open(xml, 'w') as f:
            f.write(f'''<GDAL_WMS>
  <Service name="TMS"><ServerUrl>{BASE}/tiles/{layer}/${{z}}/${{x}}/${{y}}.png?time={date}</ServerUrl></Service>
  <DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>
    <LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY>
    <TileLevel>18</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow>
  <Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>
  <BandsCount>4</BandsCount>
</GDAL_WMS>
''')
        a, err = translate(xml, f'gdal_xyz_{layer}_{date}.png', *projwin)
        ref = gdal_maps.get((layer, date, '1.3.0_EPSG3857'))
        ok = a is not None and drawn_fraction(a) > 0.5
        d = mean_abs_diff(a, ref, 16) if ok and ref is not None else float('nan')
        check(f'gdal_translate TMS/XYZ {layer} TIME={date} (looks like the WMS map)', ok and d < 3,
              str(err) if a is None else f'{a.shape[1]}x{a.shape[0]}, mean |diff| of 16 px blocks to WMS {d:.1f}')

# ---------------------------------------------------------------- requests as QGIS words them
# (QGIS is not available headless here; these are the parameter spellings its WMS provider and temporal
# controller send: ISO date-times and ranges for TIME, DPI hints, FORMAT with a mode, text/html info.)
Q = (f'{BASE}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:3857&BBOX={s3857}'
     '&WIDTH=256&HEIGHT=240&TRANSPARENT=true&DPI=96&MAP_RESOLUTION=96&FORMAT_OPTIONS=dpi:96')
ref = get(f'{Q}&FORMAT=image/png&TIME={FIRST}')[2]
for what, extra in (('TIME as ISO date-time', f'&FORMAT=image/png&TIME={FIRST}T00:00:00Z'),
                    ('TIME as date-time range', f'&FORMAT=image/png&TIME={FIRST}T00:00:00Z/{FIRST}T23:59:59Z'),
                    ('FORMAT=image/png; mode=8bit', f'&FORMAT=image/png;%20mode=8bit&TIME={FIRST}')):
    status, ctype, b = get(Q + extra)
    check(f'qgis-style GetMap: {what}', status == 200 and b == ref, f'{status} {ctype} {len(b)} B')
status, ctype, b = get(Q.replace('GetMap', 'GetFeatureInfo') + f'&FORMAT=image/png&QUERY_LAYERS=ndvi'
                       f'&INFO_FORMAT=text/html&FEATURE_COUNT=10&I=60&J=60&TIME={FIRST}')
check('qgis-style GetFeatureInfo text/html', status == 200 and b'<' in b and FIRST.encode() in b, f'{status} {ctype}')

# ---------------------------------------------------------------- bad requests: codes, never a 5xx
G = (f'{BASE}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&CRS=EPSG:3857&BBOX={s3857}'
     '&WIDTH=256&HEIGHT=256&FORMAT=image/png')
FI = G.replace('GetMap', 'GetFeatureInfo') + '&LAYERS=ndvi&STYLES=&QUERY_LAYERS=ndvi&INFO_FORMAT=application/json'
T = (f'{BASE}/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&STYLE=&TILEMATRIXSET=WebMercatorQuad'
     f'&TILEMATRIX={TILE[0]}&TILEROW={TILE[2]}&TILECOL={TILE[1]}&FORMAT=image/png')
BAD = [
    ('WMS unknown layer', G + '&LAYERS=nope&STYLES=', 400, 'LayerNotDefined'),
    ('WMS unknown style', G + '&LAYERS=ndvi&STYLES=nope', 400, 'StyleNotDefined'),
    ('WMS 1.3.0 unknown CRS', G.replace('EPSG:3857', 'EPSG:999999') + '&LAYERS=ndvi&STYLES=', 400, 'InvalidCRS'),
    ('WMS 1.1.1 unknown SRS', G.replace('VERSION=1.3.0', 'VERSION=1.1.1').replace('CRS=EPSG:3857', 'SRS=EPSG:999999')
     + '&LAYERS=ndvi&STYLES=', 400, 'InvalidSRS|InvalidCRS'),
    ('WMS unsupported format', G.replace('image/png', 'image/gif') + '&LAYERS=ndvi&STYLES=', 400, 'InvalidFormat'),
    ('WMS TIME without data', G + '&LAYERS=ndvi&STYLES=&TIME=1999-01-01', 400, 'InvalidDimensionValue'),
    ('WMS TIME not a date', G + '&LAYERS=ndvi&STYLES=&TIME=yesterday', 400, 'InvalidDimensionValue'),
    ('WMS missing BBOX', G.replace(f'&BBOX={s3857}', '') + '&LAYERS=ndvi&STYLES=', 400, 'MissingParameterValue'),
    ('WMS missing LAYERS', G + '&STYLES=', 400, 'MissingParameterValue'),
    ('WMS GetFeatureInfo I outside the map', FI + '&I=300&J=10', 400, 'InvalidPoint'),
    ('WMS 1.1.1 GetFeatureInfo X < 0', FI.replace('VERSION=1.3.0', 'VERSION=1.1.1').replace('CRS=', 'SRS=')
     + '&X=-1&Y=10', 400, 'InvalidPoint'),
    ('WMS unknown operation', f'{BASE}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetStyles', 400, 'OperationNotSupported'),
    ('WMS WIDTH 5000 > 4096', G.replace('WIDTH=256', 'WIDTH=5000') + '&LAYERS=ndvi&STYLES=', 400,
     'InvalidParameterValue'),
    ('WMS HEIGHT 4097 > 4096', G.replace('HEIGHT=256', 'HEIGHT=4097') + '&LAYERS=ndvi&STYLES=', 400,
     'InvalidParameterValue'),
    ('WMS legend of unknown layer', f'{BASE}/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=nope'
     '&FORMAT=image/png', 400, 'LayerNotDefined'),
    ('WMTS unknown layer', T + '&LAYER=nope', 400, 'InvalidParameterValue'),
    ('WMTS unknown style', T.replace('STYLE=', 'STYLE=nope') + '&LAYER=ndvi', 400, 'InvalidParameterValue'),
    ('WMTS tile outside the matrix', T.replace(f'TILEROW={TILE[2]}', 'TILEROW=99999') + '&LAYER=ndvi', 400,
     'TileOutOfRange'),
    ('WMTS TIME without data', T + '&LAYER=ndvi&TIME=1999-01-01', 400, 'InvalidParameterValue'),
    ('WMTS missing TILEMATRIX', T.replace(f'&TILEMATRIX={TILE[0]}', '') + '&LAYER=ndvi', 400, 'MissingParameterValue'),
    # WMTS 1.0.0 (OGC 07-057r7, table 28) maps OperationNotSupported to HTTP 501 Not Implemented
    ('WMTS unknown operation', f'{BASE}/wmts?SERVICE=WMTS&VERSION=1.0.0&REQUEST=DescribeDomains', 501,
     'OperationNotSupported'),
    ('XYZ unknown layer', f'{BASE}/tiles/nope/{TILE[0]}/{TILE[1]}/{TILE[2]}.png', 404, 'LayerNotDefined'),
    ('XYZ tile outside the grid', f'{BASE}/tiles/ndvi/3/{TILE[1]}/{TILE[2]}.png', 404, 'TileOutOfRange'),
    ('XYZ TIME without data', f'{BASE}/tiles/ndvi/{TILE[0]}/{TILE[1]}/{TILE[2]}.png?time=1999-01-01', 400,
     'InvalidDimensionValue'),
]
for name, url, want_status, want_code in BAD:
    status, ctype, body = get(url)
    text = body.decode('utf-8', 'replace')
    m = re.search(r'(?:code|exceptionCode)="([^"]+)"|"error"\s*:\s*"([^"]+)"', text)
    code = (m.group(1) or m.group(2)) if m else None
    check(f'bad request: {name} -> {want_status} {want_code}',
          status == want_status and code is not None and re.fullmatch(want_code, code),
          f'{status} {ctype} {code}')

failed = [n for n, ok in results if not ok]
print(f'\n{len(results) - len(failed)} of {len(results)} checks passed; images in {OUT}')
sys.exit(1 if failed else 0)
