"""Convergence of two GreenCover servers on one PostgreSQL catalog: the time from a write's answer on A to B serving it.

Each write is one small generic GeoTIFF (bench/faults/tiffs.py, a different seed each) POSTed to A; from the moment
A's 201 arrives, B is polled on a kept-alive connection, as fast as B answers, until it serves the write: by default
(--probe tile) until the ETag of B's tile /tiles/ndvi/0/0/0.png?time=<the write's date> differs from the one B gave
just before the write (the ETag is a digest of the scenes that go into the tile as B's catalog snapshot, refreshed on
each version B learns, has them, and B renders it from the rasters it reads from the bucket); with --probe list until
B's GET /api/v1/scenes lists the new id (the list is read from the catalog on every request, so it shows the commit
itself, not B's caches). Prints one JSON line per phase with every delay (ms), the median and the p99 (nearest rank), and the
median round trip of one poll of B (a delay includes the last one: B answering its scene list).

    python3 converge.py --a http://127.0.0.1:PA --b http://127.0.0.1:PB --token T --writes 50 --phase notify [--start-seed 0]
"""
import argparse
import http.client
import json
import math
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'faults'))
import tiffs  # noqa: E402

SITE = {"type": "Feature", "id": "bench-site", "properties": {"name": "Bench site"},
        "crs": {"type": "name", "properties": {"name": "EPSG:32650"}},
        "geometry": {"type": "Polygon", "coordinates": [[[438000, 2784000], [440000, 2784000], [440000, 2786000],
                                                         [438000, 2786000], [438000, 2784000]]]}}


def conn(base):
    u = urllib.parse.urlparse(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def request(c, method, path, body=None, headers=None):
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    return r.status, r.read()


def lists(c, sid):
    st, body = request(c, 'GET', '/api/v1/scenes')
    if st != 200:
        return False
    doc = json.loads(body)
    items = doc.get('scenes', doc.get('features', doc)) if isinstance(doc, dict) else doc
    return any((s.get('id') or s.get('properties', {}).get('id')) == sid for s in items)


def tile_etag(c, day):
    c.request('HEAD', '/tiles/ndvi/0/0/0.png?time=' + day)
    r = c.getresponse()
    r.read()
    return r.getheader('ETag') if r.status == 200 else None


def pct(sorted_ms, p):
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--a', required=True)
    ap.add_argument('--b', required=True)
    ap.add_argument('--token', required=True)
    ap.add_argument('--writes', type=int, default=50)
    ap.add_argument('--phase', default='notify')
    ap.add_argument('--start-seed', type=int, default=0)
    ap.add_argument('--site', action='store_true', help='create the site first')
    ap.add_argument('--bound-s', type=float, default=60.0)
    ap.add_argument('--probe', choices=['tile', 'list'], default='tile')
    ap.add_argument('--warmup', type=int, default=1, help='writes before the measured ones (not counted): the first render of a JVM is slow')
    args = ap.parse_args()
    auth = {'Authorization': 'Bearer ' + args.token}
    a, b = conn(args.a), conn(args.b)
    if args.site:
        st, body = request(a, 'POST', '/api/v1/sites', json.dumps(SITE).encode(), dict(auth, **{'Content-Type': 'application/geo+json'}))
        if st not in (200, 201):
            sys.exit('site: %d %s' % (st, body[:300]))
    delays, polls = [], []
    for i in range(-args.warmup, args.writes):
        seed = args.start_seed + args.warmup + i
        data = tiffs.scene(width=64, height=64, seed=seed)
        day = 1 + seed % 28
        month = 1 + (seed // 28) % 12
        acquired = '2021-%02d-%02d' % (month, day)
        before = tile_etag(b, acquired) if args.probe == 'tile' else None
        q = {'sensor': 'generic', 'scale': '0.0001', 'offset': '0', 'acquired': acquired,
             'name': 'bench-%d' % seed, 'bands': 'red,nir'}
        st, body = request(a, 'POST', '/api/v1/scenes?' + urllib.parse.urlencode(q), data, dict(auth, **{'Content-Type': 'image/tiff'}))
        t0 = time.perf_counter()
        if st != 201:
            sys.exit('write %d: %d %s' % (i, st, body[:300]))
        sid = json.loads(body)['scene']['id']
        while True:
            tp = time.perf_counter()
            found = lists(b, sid) if args.probe == 'list' else tile_etag(b, acquired) not in (None, before)
            if i >= 0:
                polls.append((time.perf_counter() - tp) * 1000)
            if found:
                break
            if time.perf_counter() - t0 > args.bound_s:
                sys.exit('write %d: B did not serve %s within %.0f s' % (i, sid, args.bound_s))
        if i >= 0:
            delays.append((time.perf_counter() - t0) * 1000)
    s = sorted(delays)
    print(json.dumps({'phase': args.phase, 'probe': args.probe, 'writes': len(s), 'median_ms': round(pct(s, 50), 1), 'p99_ms': round(pct(s, 99), 1),
                      'max_ms': round(s[-1], 1), 'min_ms': round(s[0], 1),
                      'polls': len(polls), 'poll_median_ms': round(pct(sorted(polls), 50), 1), 'delays_ms': [round(d, 1) for d in delays]}))


if __name__ == '__main__':
    main()
