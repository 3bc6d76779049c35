#!/usr/bin/env python3
"""GreenCover fault script: starts the server jar on loopback, injects faults, prints one table row per check.

Run through bench/faults/run.sh (it checks the jar and wrk). Standard library only.
"""
import argparse
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tiffs  # noqa: E402

TOKEN = 'faults-' + uuid.uuid4().hex
AUTH = {'Authorization': 'Bearer ' + TOKEN}
ARGS = None
WORK = None
SAMPLES = None
ROWS = []          # (check, trials, expected, observed, ok)
NOTES = []
T_START = time.time()
LOAD0 = os.getloadavg()[0]


def log(msg):
    print('[%6.1fs] %s' % (time.time() - T_START, msg), file=sys.stderr, flush=True)


def row(check, trials, expected, observed, ok):
    status = 'PASS' if ok is True else ('FAIL' if ok is False else ok)
    ROWS.append((check, str(trials), expected, observed, status))
    log('%s: %s | %s | %s' % (status, check, observed, expected))


# ---------------------------------------------------------------- HTTP


def http_req(method, url, body=None, headers=None, timeout=120):
    """(status, headers, body); status 0 when the connection failed (refused, reset, timeout)."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        try:
            data = e.read()
        except Exception:
            data = b''
        return e.code, e.headers, data
    except (urllib.error.URLError, ConnectionError, socket.timeout, http.client.HTTPException, OSError) as e:
        return 0, {}, str(e).encode()


def get_json(url):
    st, _, b = http_req('GET', url)
    if st != 200:
        return st, None
    return st, json.loads(b)


def multipart(fields, files):
    """(body, content type) of a multipart/form-data body; files: name -> bytes."""
    boundary = 'faults' + uuid.uuid4().hex
    out = bytearray()
    for k, v in fields.items():
        out += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v)).encode()
    for k, data in files.items():
        out += ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s.tif"\r\n'
                'Content-Type: image/tiff\r\n\r\n' % (boundary, k, k)).encode()
        out += data + b'\r\n'
    out += ('--%s--\r\n' % boundary).encode()
    return bytes(out), 'multipart/form-data; boundary=' + boundary


# ---------------------------------------------------------------- server


def cds_archive():
    return WORK / 'greencover.jsa'


def fast_jvm():
    """JVM flags for the servers that are started and killed many times: C1 only and a class-data archive of the
    template server (start-up plus the first map read: ~25 s -> ~5 s on a loaded 2-core machine). The overload
    and mixed-load checks measure with the default JIT."""
    f = ['-XX:TieredStopAtLevel=1']
    if cds_archive().exists():
        f.append('-XX:SharedArchiveFile=' + str(cds_archive()))
    return f


def cds_jvm():
    return ['-XX:SharedArchiveFile=' + str(cds_archive())] if cds_archive().exists() else []


class Server:
    """One `serve` process on 127.0.0.1 and a random port, its output in WORK/<name>.log."""
    count = 0

    def __init__(self, data, name='server', xmx='768m', extra=(), env=None, jvm=None):
        self.data, self.name, self.xmx, self.extra, self.env = Path(data), name, xmx, list(extra), env or {}
        self.jvm = fast_jvm() if jvm is None else list(jvm)
        self.proc = None
        self.port = None
        self.logpath = WORK / (name + '.log')
        self.log_from = 0

    @property
    def base(self):
        return 'http://127.0.0.1:%d' % self.port

    def cmd(self, extra=(), jvm=True):
        return (['java', '-Xmx' + self.xmx] + (self.jvm if jvm else []) + ['-jar', str(ARGS.jar), 'serve', '--port', '0',
                '--data', str(self.data), '--no-samples'] + self.extra + list(extra))

    def start(self, timeout=90):
        """Starts and waits for the 'serving on' line; False (and the process reaped) when it exits first."""
        Server.count += 1
        env = dict(os.environ, GREENCOVER_TOKEN=TOKEN, **self.env)
        self.log_from = self.logpath.stat().st_size if self.logpath.exists() else 0
        logf = open(self.logpath, 'ab')
        logf.write(('\n===== start %s %s\n' % (time.strftime('%H:%M:%S'), ' '.join(self.cmd()))).encode())
        logf.flush()
        self.log_from = logf.tell()
        self.proc = subprocess.Popen(self.cmd(), stdout=logf, stderr=subprocess.STDOUT, env=env,
                                     stdin=subprocess.DEVNULL, cwd=str(WORK))
        logf.close()
        t0 = time.time()
        while time.time() - t0 < timeout:
            m = re.search(r'serving on http://localhost:(\d+)/', self.log())
            if m:
                self.port = int(m.group(1))
                self.started_s = time.time() - t0
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        self.kill9()
        return False

    def log(self):
        with open(self.logpath, 'rb') as f:
            f.seek(self.log_from)
            return f.read().decode('utf-8', 'replace')

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        if self.alive():
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def get(self, path, **kw):
        return http_req('GET', self.base + path, **kw)


def run_refused(cmd, timeout=60):
    """Runs a second `serve` that should be refused: (rc or None if it kept running, output lines)."""
    env = dict(os.environ, GREENCOVER_TOKEN=TOKEN)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
                         cwd=str(WORK))
    try:
        out, _ = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        rc = None
    lines = [l for l in out.decode('utf-8', 'replace').splitlines() if l.strip()]
    return rc, lines


# ---------------------------------------------------------------- data


class Samples:
    """The bundled sample scenes and sites (sample-tiles/manifest.json)."""

    def __init__(self, root):
        self.dir = root / 'sample-tiles'
        m = json.loads((self.dir / 'manifest.json').read_text())
        self.scenes = m['scenes']
        self.sites = json.loads((self.dir / m.get('sites', 'sites.geojson')).read_text())
        self.ids = {}       # product name -> scene id (content hash based: the same bytes give the same id)
        self.meta = {}      # scene id -> scene JSON
        self._files = {}

    def files(self, s):
        if s['name'] not in self._files:
            self._files[s['name']] = {role: (self.dir / p).read_bytes() for role, p in s['files'].items()}
        return self._files[s['name']]

    def upload(self, s):
        fields = {'sensor': s['sensor'], 'acquired': s['acquired'], 'name': s['name']}
        for k, v in s.items():
            if k not in ('name', 'sensor', 'acquired', 'crs', 'files') and not isinstance(v, (dict, list)):
                fields[k] = str(v)
        return multipart(fields, self.files(s))

    def template_scenes(self):
        """The scenes of the template data directory: all 20, or the 11 of Zijinshan in a quick run."""
        return self.zijinshan() if ARGS.quick else self.scenes

    def zijinshan(self):
        return [s for s in self.scenes if s['crs'] == 'EPSG:32650']

    def site(self, sid):
        return next(f for f in self.sites['features'] if (f.get('id') or f['properties'].get('id')) == sid)


def ingest_sample(srv, s, timeout=120):
    body, ctype = SAMPLES.upload(s)
    st, _, b = http_req('POST', srv.base + '/api/v1/scenes', body, dict(AUTH, **{'Content-Type': ctype}), timeout)
    if st in (200, 201):
        sc = json.loads(b)['scene']
        SAMPLES.ids[s['name']] = sc['id']
        SAMPLES.meta[sc['id']] = sc
    return st, b


def generic_query(acquired, name, extra=None):
    q = {'sensor': 'generic', 'scale': '0.0001', 'offset': '0', 'acquired': acquired, 'name': name, 'bands': 'red,nir'}
    q.update(extra or {})
    return '/api/v1/scenes?' + urllib.parse.urlencode(q)


def ingest_tiff(srv, data, acquired, name, extra=None, timeout=120):
    return http_req('POST', srv.base + generic_query(acquired, name, extra), data,
                    dict(AUTH, **{'Content-Type': 'image/tiff'}), timeout)


def post_site(srv, sid, geometry_of='zijinshan-dump', timeout=120):
    f = SAMPLES.site(geometry_of)
    feat = {'type': 'Feature', 'id': sid, 'geometry': f['geometry'], 'properties': {'id': sid, 'name': sid}}
    return http_req('POST', srv.base + '/api/v1/sites', json.dumps(feat).encode(),
                    dict(AUTH, **{'Content-Type': 'application/geo+json'}), timeout)


def tree_files(d):
    """{relative path: size} of every regular file under d."""
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = Path(root) / f
            try:
                out[str(p.relative_to(d))] = p.stat().st_size
            except FileNotFoundError:
                pass
    return out


def scene_files(d):
    """The files of an instance that another must never delete: scene folders and upload spools in tmp/."""
    return {k: v for k, v in tree_files(d).items() if k.startswith('scenes/') or k.startswith('tmp/')}


def plant_upload(d, name):
    """A spooled upload as Jetty leaves it in tmp/ (of a request in progress, or of a crash)."""
    p = d / 'tmp' / name
    p.mkdir(parents=True, exist_ok=True)
    (p / 'part').write_bytes(b'\1' * 1000)


def tmp_bytes(d):
    """Bytes in tmp/ and in scenes/.tmp-* (upload spools and unfinished assemblies)."""
    n = sum(tree_files(d / 'tmp').values()) if (d / 'tmp').exists() else 0
    sd = d / 'scenes'
    if sd.exists():
        for e in sd.iterdir():
            if e.name.startswith('.tmp'):
                n += sum(tree_files(e).values()) if e.is_dir() else e.stat().st_size
    return n


def consistency(srv, d):
    """Problems between the catalog (GET /api/v1/scenes) and the scene folders: a row without its files, an orphan."""
    st, js = get_json(srv.base + '/api/v1/scenes')
    if st != 200:
        return ['GET /api/v1/scenes answered %s' % st], {}
    rows = {s['id']: s for s in js['scenes']}
    problems = []
    sd = d / 'scenes'
    folders = {e.name for e in sd.iterdir() if e.is_dir() and not e.name.startswith('.')} if sd.exists() else set()
    for sid, s in rows.items():
        if sid not in folders:
            problems.append('row %s has no folder' % sid)
            continue
        for idx in s.get('indices', []):
            f = sd / sid / (idx + '.tif')
            if not f.exists() or f.stat().st_size == 0:
                problems.append('row %s misses %s.tif' % (sid, idx))
        src = sd / sid / 'source'
        if not src.is_dir() or not any(src.iterdir()):
            problems.append('row %s has no source files' % sid)
    for f in folders - set(rows):
        problems.append('orphan folder %s' % f)
    return problems, rows


def lonlat_tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def merc(lon, lat):
    return lon * 20037508.342789244 / 180, math.log(math.tan((90 + lat) * math.pi / 360)) * 6378137.0


def status_counts(sts):
    c = {}
    for s in sts:
        c[s] = c.get(s, 0) + 1
    return ', '.join('%s×%d' % (k if k else 'conn-error', v) for k, v in sorted(c.items()))


def err_code(body):
    try:
        return json.loads(body).get('error', '?')
    except Exception:
        return body[:40].decode('utf-8', 'replace')


def is_5xx(s):
    return 500 <= s <= 599 and s not in (503, 507)


def oom_lines(text):
    """OutOfMemoryErrors thrown in the server: one 'java.lang.OutOfMemoryError' line per logged stack trace."""
    return len(re.findall(r'java\.lang\.OutOfMemoryError', text))


# ---------------------------------------------------------------- template data directory


def make_template():
    """A data directory with the sample sites and scenes, built over HTTP once and copied for each check."""
    t = WORK / 'template'
    if (t / '.done').exists():
        return t
    shutil.rmtree(t, ignore_errors=True)
    cds_archive().unlink(missing_ok=True)
    srv = Server(t, 'template', jvm=['-XX:TieredStopAtLevel=1', '-XX:ArchiveClassesAtExit=' + str(cds_archive())])
    if not srv.start():
        raise SystemExit('the server did not start:\n' + srv.log()[-3000:])
    try:
        st, _, b = http_req('POST', srv.base + '/api/v1/sites', json.dumps(SAMPLES.sites).encode(),
                            dict(AUTH, **{'Content-Type': 'application/geo+json'}))
        if st != 201:
            raise SystemExit('POST sites: %s %s' % (st, b[:300]))
        t0 = time.time()
        for s in SAMPLES.template_scenes():
            st, b = ingest_sample(srv, s)
            if st != 201:
                raise SystemExit('ingest %s: %s %s' % (s['name'], st, b[:300]))
        for sc in list(SAMPLES.meta.values())[:2]:   # map classes into the class-data archive too
            srv.get(tile_path(sc, 12))
            srv.get(tile_path(sc, 12, ''))
        log('template: %d sites, %d scenes in %.1f s' % (len(SAMPLES.sites['features']), len(SAMPLES.ids),
                                                          time.time() - t0))
    finally:
        srv.stop()
    (t / '.done').write_text(json.dumps({'ids': SAMPLES.ids, 'meta': SAMPLES.meta}))
    return t


def load_template_ids(t):
    j = json.loads((t / '.done').read_text())
    SAMPLES.ids.update(j['ids'])
    SAMPLES.meta.update(j['meta'])


def copy_template(name):
    d = WORK / name
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(WORK / 'template', d, symlinks=True)
    (d / '.done').unlink()
    return d


# ---------------------------------------------------------------- check: kill -9


class Op:
    """One write sent on its own connection; the response (or the failure) recorded with its time."""

    def __init__(self, srv, method, path, body, headers, kill_after_response=None):
        self.srv, self.method, self.path, self.body, self.headers = srv, method, path, body, headers
        self.kill_after_response = kill_after_response
        self.sent = threading.Event()
        self.status = None
        self.body_out = b''
        self.t_sent = self.t_resp = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def _run(self):
        try:
            c = http.client.HTTPConnection('127.0.0.1', self.srv.port, timeout=120)
            c.request(self.method, self.path, self.body, self.headers)
            self.t_sent = time.time()
            self.sent.set()
            r = c.getresponse()
            self.t_resp = time.time()
            self.status = r.status
            if self.kill_after_response is not None:
                if self.kill_after_response > 0:
                    time.sleep(self.kill_after_response)
                self.srv.kill9()
            try:
                self.body_out = r.read()
            except Exception:
                pass
        except Exception as e:  # reset by the kill: not acknowledged
            self.error = repr(e)
            self.sent.set()


def check_kill9():
    d = copy_template('kill9')
    srv = Server(d, 'kill9')
    rnd = random.Random(ARGS.seed)
    if ARGS.quick:
        moments = ['0', '20', '100', 'resp', 'resp+r']
    else:
        moments = ['0', '5', '10', '20', '50', '100', '200', '400', 'resp', 'resp+r']
    ops = ['delete', 'ingest', 'site']
    plan = [(op, m) for m in moments for op in ops]
    if not ARGS.quick:
        plan += [(op, 'rand') for op in ops for _ in range(2)]
    # model: scene id -> 'present' | 'absent' (acknowledged or verified) ; sites the same
    scenes = {sid: 'present' for sid in SAMPLES.meta}
    by_id = {SAMPLES.ids[s['name']]: s for s in SAMPLES.template_scenes()}
    sites_acked = set()
    lat = {'delete': [], 'ingest': [], 'site': []}
    stats = dict(trials=0, acked=0, lost=0, back=0, tmp_max=0, tmp_before_max=0, problems=[], refused_start=0,
                 incomplete_sites=0, reupload_fail=0, per_op={o: [0, 0] for o in ops})
    pending = None   # (op, key) of the last unacknowledged write

    def ref_points(s):
        st, js = get_json(s.base + '/api/v1/sites/zijinshan-dump/timeseries')
        return [(p['date'], p.get('sceneIds')) for p in js['points']] if js else None

    def verify(s):
        nonlocal pending
        stats['tmp_max'] = max(stats['tmp_max'], tmp_bytes(d))
        probs, rows = consistency(s, d)
        stats['problems'] += probs
        for sid, state in scenes.items():
            if pending and pending[1] == sid:
                continue   # its last write was not acknowledged: either state is right
            st, _, _ = s.get('/api/v1/scenes/' + sid)
            if state == 'present' and st != 200:
                stats['lost'] += 1
                stats['problems'].append('acknowledged scene %s missing (%s)' % (sid, st))
            if state == 'absent' and st != 404:
                stats['back'] += 1
                stats['problems'].append('deleted scene %s back (%s)' % (sid, st))
        ref = ref_points(s)
        for sid in sites_acked:
            st, js = get_json(s.base + '/api/v1/sites/%s/timeseries' % sid)
            if st != 200:
                stats['lost'] += 1
                stats['problems'].append('acknowledged site %s missing (%s)' % (sid, st))
            elif [(p['date'], p.get('sceneIds')) for p in js['points']] != ref:
                stats['incomplete_sites'] += 1
                stats['problems'].append('site %s: time series differs from zijinshan-dump' % sid)
        if pending:   # the unacknowledged write: either state, then redo it ("re-upload") so the model is known
            op, key = pending
            pending = None
            if op == 'ingest':
                st, _ = ingest_sample(s, by_id[key])
                if st not in (200, 201):
                    stats['reupload_fail'] += 1
                scenes[key] = 'present' if st in (200, 201) else scenes[key]
            elif op == 'delete':
                st, _, _ = http_req('DELETE', s.base + '/api/v1/scenes/' + key, headers=AUTH)
                if st in (204, 404):
                    scenes[key] = 'absent'
                else:
                    stats['reupload_fail'] += 1
            elif op == 'site':
                st, js = get_json(s.base + '/api/v1/sites/%s/timeseries' % key)
                if st == 200:
                    if [(p['date'], p.get('sceneIds')) for p in js['points']] != ref:
                        stats['incomplete_sites'] += 1
                        stats['problems'].append('unacknowledged site %s present but incomplete' % key)
                    sites_acked.add(key)
                else:
                    st, _, _ = post_site(s, key)
                    if st == 201:
                        sites_acked.add(key)
                    else:
                        stats['reupload_fail'] += 1

    warm = tile_path(SAMPLES.meta[SAMPLES.ids[SAMPLES.zijinshan()[-1]['name']]], 12, '')

    def start():
        t0 = time.time()
        if not srv.start():
            stats['refused_start'] += 1
            stats['problems'].append('restart failed: ' + srv.log()[-400:].replace('\n', ' '))
            return False
        t1 = time.time()
        srv.get(warm)   # a map read sets up GeoTools' CRS database before the write is timed
        if ARGS.verbose:
            log('  start %.1f s, warm-up read %.1f s' % (t1 - t0, time.time() - t1))
        return True

    if not start():
        row('kill -9 during writes', 0, 'server restarts', 'did not start', False)
        return
    deadline = time.time() + (100 if ARGS.quick else 420)
    nsite = 0
    for op, moment in plan:
        if time.time() > deadline:
            NOTES.append('kill -9: time budget reached after %d trials' % stats['trials'])
            break
        t0 = time.time()
        verify(srv)
        if ARGS.verbose:
            log('  verify %.1f s' % (time.time() - t0))
        # choose the write
        if op == 'ingest':
            absent = [k for k, v in scenes.items() if v == 'absent']
            if not absent:   # make one absent first (acknowledged delete, not a trial)
                k = rnd.choice([k for k, v in scenes.items() if v == 'present'])
                http_req('DELETE', srv.base + '/api/v1/scenes/' + k, headers=AUTH)
                scenes[k] = 'absent'
                absent = [k]
            key = rnd.choice(absent)
            body, ctype = SAMPLES.upload(by_id[key])
            req = ('POST', '/api/v1/scenes', body, dict(AUTH, **{'Content-Type': ctype}))
        elif op == 'delete':
            key = rnd.choice([k for k, v in scenes.items() if v == 'present'])
            req = ('DELETE', '/api/v1/scenes/' + key, None, AUTH)
        else:
            nsite += 1
            key = 'fault-site-%d' % nsite
            f = SAMPLES.site('zijinshan-dump')
            feat = {'type': 'Feature', 'id': key, 'geometry': f['geometry'], 'properties': {'id': key}}
            req = ('POST', '/api/v1/sites', json.dumps(feat).encode(),
                   dict(AUTH, **{'Content-Type': 'application/geo+json'}))
        typical = sorted(lat[op])[len(lat[op]) // 2] if lat[op] else 0.3
        if moment == 'resp':
            delay, after = None, 0
        elif moment == 'resp+r':
            delay, after = None, rnd.uniform(0.001, 0.3)
        elif moment == 'rand':
            delay, after = rnd.uniform(0.5, 1.5) * typical, None
        else:
            delay, after = int(moment) / 1000.0, None
        o = Op(srv, *req, kill_after_response=after).start()
        o.sent.wait(120)
        if delay is not None:
            time.sleep(delay)
            srv.kill9()
        o.thread.join(130)
        srv.kill9()
        stats['trials'] += 1
        if ARGS.verbose:
            log('  trial %d: %s at %s: status %s after %s s' % (stats['trials'], op, moment, o.status,
                '%.2f' % (o.t_resp - o.t_sent) if o.t_resp else '-'))
        ok_status = {'ingest': (201, 200), 'delete': (204,), 'site': (201,)}[op]
        acked = o.status in ok_status
        if o.t_resp and o.t_sent:
            lat[op].append(o.t_resp - o.t_sent)
        stats['per_op'][op][0] += 1
        if acked:
            stats['acked'] += 1
            stats['per_op'][op][1] += 1
            if op == 'ingest':
                scenes[key] = 'present'
            elif op == 'delete':
                scenes[key] = 'absent'
            else:
                sites_acked.add(key)
        else:
            pending = (op, key)
        if o.status is not None and not acked and o.status >= 500:
            stats['problems'].append('%s answered %s' % (op, o.status))
        if not start():
            break
    # a crashed upload: a slow body cut off by kill -9 leaves a spooled file behind
    crashed = 0
    for i in range(2 if ARGS.quick else 3):
        body, ctype = multipart({'sensor': 'generic', 'acquired': '2013-01-%02d' % (i + 1), 'bands': 'red,nir'},
                                {'file': tiffs.scene(1160, 1084, seed=300 + i)})   # 5 MB: Jetty spools it to tmp/
        c = socket.create_connection(('127.0.0.1', srv.port))
        head = ('POST /api/v1/scenes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
                'Content-Type: %s\r\nContent-Length: %d\r\n\r\n' % (TOKEN, ctype, len(body) + 10_000_000)).encode()
        c.sendall(head + body[:len(body) * 3 // 4])
        t0 = time.time()
        while time.time() - t0 < 5 and tmp_bytes(d) == 0:
            time.sleep(0.05)
        stats['tmp_before_max'] = max(stats['tmp_before_max'], tmp_bytes(d))
        srv.kill9()
        c.close()
        crashed += 1
        if not start():
            break
        verify(srv)
    verify(srv)
    srv.stop()
    per = ', '.join('%s %d/%d' % (k, v[1], v[0]) for k, v in stats['per_op'].items())
    row('kill -9 around writes (ingest, delete, site backfill): acknowledged writes lost',
        stats['trials'], '0 lost, ≥ 30 trials (full run)',
        '%d lost of %d acknowledged (%s acked/trials); delays %s' % (stats['lost'], stats['acked'], per,
                                                                      ','.join(moments) + (',rand' if not ARGS.quick else '')),
        stats['lost'] == 0 and (ARGS.quick or stats['trials'] >= 30))
    row('kill -9: deleted scenes back after restart', stats['per_op']['delete'][0], '0',
        '%d back of %d acknowledged deletes' % (stats['back'], stats['per_op']['delete'][1]), stats['back'] == 0)
    row('kill -9: bytes left in tmp/ and scenes/.tmp-* after recovery', stats['trials'] + crashed, '0 bytes',
        '%d bytes max after restart (crashed uploads left %d bytes before the restart)' % (
            stats['tmp_max'], stats['tmp_before_max']), stats['tmp_max'] == 0)
    cons = [p for p in stats['problems'] if 'orphan' in p or 'has no' in p or 'misses' in p or 'incomplete' in p
            or 'differs' in p]
    row('kill -9: catalog and files consistent after restart (rows have files, no orphans, sites complete)',
        stats['trials'] + crashed + 1, '0 problems, every restart serves',
        '%d problems, %d failed restarts, %d redo failures%s' % (
            len(cons), stats['refused_start'], stats['reupload_fail'], (': ' + '; '.join(cons[:3])) if cons else ''),
        not cons and stats['refused_start'] == 0 and stats['reupload_fail'] == 0)
    other = [p for p in stats['problems'] if p not in cons]
    if other:
        NOTES.append('kill -9 details: ' + '; '.join(other[:6]))


# ---------------------------------------------------------------- check: two instances


def check_two_instances():
    d = copy_template('two')
    a = Server(d, 'two-a')
    if not a.start():
        row('second serve on the same --data', 0, 'refused', 'first did not start', False)
        return
    sid = next(iter(SAMPLES.meta))
    plant_upload(d, 'MultiPart-of-a-running-upload')
    before = scene_files(d)
    rc, lines = run_refused(a.cmd(jvm=False))
    h, _, _ = a.get('/health')
    sc, _, _ = a.get('/api/v1/scenes/' + sid)
    after = scene_files(d)
    deleted = len(set(before) - set(after))
    ok = rc not in (0, None) and len(lines) == 1 and h == 200 and sc == 200 and deleted == 0
    row('second serve on the same --data while the first runs', 1,
        'refused (exit ≠ 0, one line), first keeps serving, 0 files deleted (scenes/, tmp/)',
        'exit %s, %d line(s): "%s"; first: /health %s, scene %s; %d of %d files deleted' % (
            rc, len(lines), (lines[0] if lines else '')[:110], h, sc, deleted, len(before)), ok)
    other = WORK / 'two-other-catalog'
    shutil.rmtree(other, ignore_errors=True)
    jdbc = ['--jdbc-url', 'jdbc:h2:file:%s/greencover' % other]
    rc1, lines1 = run_refused(a.cmd(jdbc, jvm=False))
    h1, _, _ = a.get('/health')
    after1 = scene_files(d)
    a.stop()
    plant_upload(d, 'MultiPart-of-a-running-upload')   # a stop may leave it: the next own start removes it
    rc2, lines2 = run_refused(a.cmd(jdbc, jvm=False))
    after2 = scene_files(d)
    deleted1 = len(set(before) - set(after1))
    deleted2 = len(set(before) - set(after2))
    restart = a.start()
    st, js = get_json(a.base + '/api/v1/scenes') if restart else (0, None)
    n_rows = len(js['scenes']) if js else 0
    a.stop()
    ok = (rc1 not in (0, None) and rc2 not in (0, None) and deleted1 == 0 and deleted2 == 0 and h1 == 200
          and n_rows == len(SAMPLES.meta))
    row('second serve with the same --data and another --jdbc-url (first running, then stopped)', 2,
        'refused both times, 0 files of the other catalog deleted (scenes/, tmp/)',
        'running: exit %s "%s"; stopped: exit %s, %d line(s) "%s"; %d + %d files deleted; first again: %d/%d scenes' % (
            rc1, (lines1[-1] if lines1 else '')[:70], rc2, len(lines2), (lines2[-1] if lines2 else '')[:90],
            deleted1, deleted2, n_rows, len(SAMPLES.meta)), ok)


# ---------------------------------------------------------------- check: shared PostgreSQL catalog


def free_port():
    with socket.socket() as so:
        so.bind(('127.0.0.1', 0))
        return so.getsockname()[1]


class Postgres:
    """A throw-away PostgreSQL cluster (initdb as the postgres user) on a free loopback port."""

    def __init__(self, d):
        self.dir = d
        self.bin = next((Path(p) for p in sorted(Path('/usr/lib/postgresql').glob('*/bin'), reverse=True)
                         if (Path(p) / 'initdb').exists()), None) if Path('/usr/lib/postgresql').exists() else None
        self.port = free_port()
        self.as_user = ['runuser', '-u', 'postgres', '--'] if os.geteuid() == 0 else []

    def run(self, *cmd):
        return subprocess.run(self.as_user + list(cmd), capture_output=True, text=True, timeout=120)

    def start(self):
        if self.bin is None:
            return 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin'
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, 'postgres')
        r = self.run(str(self.bin / 'initdb'), '-D', str(self.dir / 'data'), '-U', 'gc', '--auth=trust', '-E', 'UTF8')
        if r.returncode:
            return 'initdb failed: ' + r.stderr.strip()[-120:]
        r = self.run(str(self.bin / 'pg_ctl'), '-D', str(self.dir / 'data'), '-l', str(self.dir / 'log'), '-w', '-o',
                     '-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off' % (self.port, self.dir), 'start')
        if r.returncode:
            return 'pg_ctl start failed: ' + r.stderr.strip()[-120:]
        r = self.run(str(self.bin / 'createdb'), '-h', '127.0.0.1', '-p', str(self.port), '-U', 'gc', 'greencover')
        return None if r.returncode == 0 else 'createdb failed: ' + r.stderr.strip()[-120:]

    def stop(self):
        if self.bin is not None and (self.dir / 'data').exists():
            self.run(str(self.bin / 'pg_ctl'), '-D', str(self.dir / 'data'), '-m', 'immediate', '-w', 'stop')

    def flags(self):
        return ['--jdbc-url', 'jdbc:postgresql://127.0.0.1:%d/greencover' % self.port, '--jdbc-user', 'gc',
                '--jdbc-password', 'unused']


def check_shared():
    pg = Postgres(WORK / 'pg')
    why = pg.start()
    if why:
        pg.stop()
        row('shared PostgreSQL catalog: restarts of B during A\'s ingests', 0, '0 broken, 0 deleted',
            'SKIPPED: ' + why, 'SKIP')
        return
    try:
        _shared(pg)
    finally:
        pg.stop()


def _shared(pg):
    d = WORK / 'shared'
    shutil.rmtree(d, ignore_errors=True)
    a = Server(d, 'shared-a', extra=pg.flags())
    b = Server(d, 'shared-b', extra=pg.flags())
    if not a.start() or not b.start():
        row('shared PostgreSQL catalog', 0, '', 'servers did not start: ' + (a.log() + b.log())[-300:], False)
        a.kill9(), b.kill9()
        return
    ingest_tiff(a, tiffs.scene(64, 64, 77), '2012-12-31', 'shared-warm-up')
    offsets = [0.2, 1.0, 2.0] if ARGS.quick else [0.2, 0.8, 1.5, 2.2, 3.0]
    results, deleted, acked = [], 0, []
    for k, off in enumerate(offsets):
        body, ctype = multipart({'sensor': 'generic', 'acquired': '2012-01-%02d' % (k + 1), 'bands': 'red,nir',
                                 'name': 'shared-%d' % k, 'scale': '0.0001'}, {'file': tiffs.scene(1160, 542, seed=600 + k)})
        chunks = [body[i:i + (256 << 10)] for i in range(0, len(body), 256 << 10)]

        def slow():
            for c in chunks:     # ~2.5 MB in ~2.5 s: B restarts while A is spooling and then assembling the scene
                yield c
                time.sleep(0.25)
        before = scene_files(d)
        o = Op(a, 'POST', '/api/v1/scenes', slow(), dict(AUTH, **{'Content-Type': ctype,
                                                                  'Content-Length': str(len(body))})).start()
        time.sleep(off)
        b.kill9()
        b.start()
        o.thread.join(180)
        after = scene_files(d)
        # files of A's earlier scenes and of its upload in flight that B's start-up removed
        deleted += len([f for f in before if f not in after and not f.startswith('tmp/')])
        results.append(o.status)
        if o.status == 201:
            acked.append(json.loads(o.body_out)['scene']['id'])
    missing = [sid for sid in acked if a.get('/api/v1/scenes/' + sid)[0] != 200
               or not (d / 'scenes' / sid / 'ndvi.tif').exists()]
    probs, _ = consistency(a, d)
    a.stop(), b.stop()
    row('shared PostgreSQL catalog: B killed and restarted during each of A\'s ingests (same --data)', len(offsets),
        'every ingest 201 with its files, 0 files of A deleted',
        'A\'s ingests %s; %d acknowledged without files; %d files deleted; %d consistency problems' % (
            status_counts(results), len(missing), deleted, len(probs)),
        all(s == 201 for s in results) and not missing and deleted == 0 and not probs)


# ---------------------------------------------------------------- check: damaged scene


def tile_for(scene, z):
    b = scene['bboxWgs84']
    return lonlat_tile((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, z)


def tile_path(scene, z=13, time_=None):
    x, y = tile_for(scene, z)
    p = '/tiles/ndvi/%d/%d/%d.png' % (z, x, y)
    return p + ('?time=' + scene['date'] if time_ is None else ('?time=' + time_ if time_ else ''))


def check_damage():
    d = copy_template('damage')
    zs = [SAMPLES.meta[SAMPLES.ids[s['name']]] for s in SAMPLES.zijinshan()]
    trunc, removed, live = zs[0], zs[1], zs[2]
    others = zs[3:] + [SAMPLES.meta[SAMPLES.ids[s['name']]] for s in SAMPLES.template_scenes() if s['crs'] != 'EPSG:32650']
    srv = Server(d, 'damage')
    srv.start()
    good = {o['id']: srv.get(tile_path(o))[2] for o in others}
    srv.stop()
    f = d / 'scenes' / trunc['id'] / 'ndvi.tif'
    with open(f, 'r+b') as fh:
        fh.truncate(f.stat().st_size // 3)
    shutil.rmtree(d / 'scenes' / removed['id'])
    started = srv.start()
    if not started:
        row('damaged scenes (truncated ndvi.tif, removed folder)', 1, '/health 200', 'server did not start: '
            + srv.log()[-200:].replace('\n', ' '), False)
        return
    ep = {p: srv.get(p)[0] for p in ['/health', '/api/v1/sites', '/api/v1/layers', '/metrics', '/api/v1/scenes',
                                     '/wms?SERVICE=WMS&REQUEST=GetCapabilities',
                                     '/wmts/1.0.0/WMTSCapabilities.xml',
                                     '/api/v1/sites/zijinshan-dump/timeseries']}
    served = sum(1 for o in others if srv.get(tile_path(o)) [0] == 200 and srv.get(tile_path(o))[2] == good[o['id']])
    dmg_sts = []
    for sc in (trunc, removed):
        for p in (tile_path(sc), tile_path(sc, 12, ''), '/api/v1/scenes/%s/index.tif' % sc['id'],
                  '/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:4326&BBOX=%f,%f,%f,%f'
                  '&WIDTH=256&HEIGHT=256&FORMAT=image/png&TIME=%s' % (sc['bboxWgs84'][1], sc['bboxWgs84'][0],
                                                                     sc['bboxWgs84'][3], sc['bboxWgs84'][2], sc['date'])):
            dmg_sts.append(srv.get(p)[0])
    reported = []
    for sc in (trunc, removed):
        st, _, b = srv.get('/api/v1/scenes/' + sc['id'])
        reported.append('damaged' in b.decode('utf-8', 'replace').lower())
    _, _, hb = srv.get('/health')
    health_warns = 'damaged' in hb.decode('utf-8', 'replace').lower()
    # a file truncated while the server runs (after it was mapped by a tile read)
    srv.get(tile_path(live))
    f = d / 'scenes' / live['id'] / 'ndvi.tif'
    with open(f, 'r+b') as fh:
        fh.truncate(f.stat().st_size // 3)
    live_sts = [srv.get(tile_path(live, z))[0] for z in (11, 12, 13, 14)]
    live_sts += [srv.get(tile_path(live, z, ''))[0] for z in (11, 12, 13, 14)]
    h2 = srv.get('/health')[0]
    served2 = sum(1 for o in others if srv.get(tile_path(o))[2] == good[o['id']])
    alive = srv.alive()
    log_txt = srv.log()
    srv.stop()
    bad_ep = {k: v for k, v in ep.items() if v != 200}
    sts = dmg_sts + live_sts
    row('damaged scenes (ndvi.tif truncated, folder removed, both before start): service stays up', len(ep) + len(others),
        '/health and every listed endpoint 200, all other scenes\' tiles unchanged',
        'endpoints not 200: %s; other scenes served unchanged %d/%d' % (bad_ep or 'none', served, len(others)),
        not bad_ep and served == len(others))
    row('damaged scenes: requests touching them', len(dmg_sts), '0 × 5xx',
        status_counts(dmg_sts), not any(s >= 500 for s in dmg_sts))
    row('damaged scenes: reported as damaged (scene JSON, readiness warning)', 2,
        'both scenes say damaged, /health warns', 'scene JSON says damaged: %d/2, /health mentions it: %s' % (
            sum(reported), 'yes' if health_warns else 'no'), all(reported) and health_warns)
    row('ndvi.tif truncated while serving: its tiles, /health, other scenes', len(live_sts) + 1 + len(others),
        '0 × 5xx, /health 200, process alive, others unchanged',
        'its tiles %s; /health %s; alive %s; others unchanged %d/%d; %d InternalError/SIGBUS lines' % (
            status_counts(live_sts), h2, alive, served2, len(others),
            len(re.findall(r'InternalError|SIGBUS', log_txt))),
        not any(s >= 500 or s == 0 for s in live_sts) and h2 == 200 and alive and served2 == len(others))


# ---------------------------------------------------------------- check: full disk


def check_full_disk():
    mnt = WORK / 'disk'
    mnt.mkdir(exist_ok=True)
    size_mb = 48
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=%dm' % size_mb, 'tmpfs', str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        row('full disk', 0, '0 × 5xx, 0 lost', 'SKIPPED: cannot mount a tmpfs (%s)' % r.stderr.strip()[:80], 'SKIP')
        return
    try:
        _full_disk(mnt, size_mb)
    finally:
        subprocess.run(['umount', '-l', str(mnt)], capture_output=True)


def _full_disk(mnt, size_mb):
    d = mnt / 'data'
    # the free-space reserve (--min-free-mb, default 256 MiB) is larger than this tmpfs, so with the default every
    # write would be refused up front (507) and the disk never fills; a 1 MiB reserve lets the check fill it for real
    srv = Server(d, 'disk', extra=['--min-free-mb', '1'] + list(ARGS.disk_flags))
    if not srv.start():
        row('full disk', 0, 'server starts', 'did not start: ' + srv.log()[-300:], False)
        return
    http_req('POST', srv.base + '/api/v1/sites', json.dumps(SAMPLES.sites).encode(),
             dict(AUTH, **{'Content-Type': 'application/geo+json'}))
    acked_scenes, acked_sites, sts = [], [], []
    fill_sts = []
    codes = {}
    i = 0
    refused_in_row = 0
    t0 = time.time()
    while refused_in_row < 3 and i < 60 and time.time() - t0 < 120:
        i += 1
        data = tiffs.scene(580, 542, seed=1000 + i)
        st, _, b = ingest_tiff(srv, data, '2015-%02d-%02d' % (1 + i // 28, 1 + i % 28), 'disk-%d' % i)
        fill_sts.append(st)
        if st != 201:
            codes['%s %s' % (st, err_code(b))] = 1 + codes.get('%s %s' % (st, err_code(b)), 0)
        if st == 201:
            acked_scenes.append(json.loads(b)['scene']['id'])
            refused_in_row = 0
        else:
            refused_in_row += 1
        if i % 3 == 0:
            sid = 'disk-site-%d' % i
            st, _, _ = post_site(srv, sid)
            fill_sts.append(st)
            if st == 201:
                acked_sites.append(sid)
    free_after_fill = shutil.disk_usage(mnt).free
    # take the rest: 0 bytes free
    filler = mnt / 'filler'
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b'\0' * block)
            except OSError:
                pass
    finally:
        os.close(fd)
    free0 = shutil.disk_usage(mnt).free
    z = SAMPLES.meta[SAMPLES.ids[SAMPLES.zijinshan()[0]['name']]] if SAMPLES.meta else None
    read_paths = ['/health', '/api/v1/scenes', '/api/v1/sites', '/api/v1/sites/zijinshan-dump/timeseries',
                  '/wms?SERVICE=WMS&REQUEST=GetCapabilities']
    if acked_scenes:
        st, js = get_json(srv.base + '/api/v1/scenes/' + acked_scenes[0])
        if js:
            read_paths += [tile_path(js, z) + '&k=%d' % z for z in (11, 12, 13, 14)]
    read_sts = [srv.get(p)[0] for p in read_paths]
    write0 = []
    st, _, b = ingest_tiff(srv, tiffs.scene(580, 542, seed=5000), '2014-06-01', 'disk-at-0')
    write0.append(st)
    ingest0 = '%s %s' % (st, err_code(b))
    st, _, _ = post_site(srv, 'disk-site-at-0')
    write0.append(st)
    if st == 201:
        acked_sites.append('disk-site-at-0')
    if acked_scenes:
        victim = acked_scenes.pop()
        st, _, _ = http_req('DELETE', srv.base + '/api/v1/scenes/' + victim, headers=AUTH)
        write0.append(st)
        if st != 204:
            acked_scenes.append(victim)
    # free the space: writes work again without a restart
    filler.unlink()
    time.sleep(0.5)
    again = [srv.get(p)[0] for p in read_paths[:4]]   # reads after the failed writes, then writes
    for k in range(2):
        st, _, b = ingest_tiff(srv, tiffs.scene(290, 271, seed=7000 + k), '2014-07-%02d' % (k + 1), 'disk-again-%d' % k)
        again.append(st)
        if st == 201:
            acked_scenes.append(json.loads(b)['scene']['id'])
    st, _, _ = post_site(srv, 'disk-site-again')
    again.append(st)
    if st == 201:
        acked_sites.append('disk-site-again')
    srv_log = srv.log()
    srv.kill9()
    restarted = srv.start()
    lost = []
    probs = []
    if restarted:
        for sid in acked_scenes:
            if srv.get('/api/v1/scenes/' + sid)[0] != 200:
                lost.append(sid)
        for sid in acked_sites:
            if srv.get('/api/v1/sites/' + sid)[0] != 200:
                lost.append(sid)
        probs, _ = consistency(srv, d)
        srv_log += srv.log()
        srv.stop()
    all_w = fill_sts + write0 + again
    n5 = sum(1 for s in all_w + read_sts if is_5xx(s) or s == 0)
    row('full disk (tmpfs %d MB): ingests and site POSTs until full' % size_mb, len(fill_sts),
        '0 × 5xx (507/503 when full)', '%s (%s); %d kB free at the end' % (
            status_counts(fill_sts), ', '.join('%s ×%d' % kv for kv in codes.items()), free_after_fill // 1024),
        not any(is_5xx(s) or s == 0 for s in fill_sts) and any(s in (507, 503) for s in fill_sts))
    row('full disk: reads at 0 bytes free', len(read_sts), 'all 200',
        '%s (free: %d bytes)' % (status_counts(read_sts), free0), all(s == 200 for s in read_sts))
    row('full disk: writes at 0 bytes free (ingest, site, delete)', len(write0), '507/503 or success, 0 × 5xx',
        '%s (ingest: %s)' % (status_counts(write0), ingest0), not any(is_5xx(s) or s == 0 for s in write0))
    row('full disk: reads and writes after freeing space, same process', len(again), '200 / 201 each',
        status_counts(again), all(s in (200, 201) for s in again))
    row('full disk: acknowledged writes after kill -9 and restart', len(acked_scenes) + len(acked_sites),
        '0 lost, catalog and files consistent',
        'restarted: %s; %d lost; %d consistency problems%s; %d OutOfMemoryError, %d InternalError' % (
            restarted, len(lost), len(probs), (' (' + probs[0] + ')') if probs else '', oom_lines(srv_log),
            len(re.findall('InternalError', srv_log))),
        restarted and not lost and not probs)
    del n5


# ---------------------------------------------------------------- check: hostile rasters


def check_hostile():
    d = WORK / 'hostile'
    shutil.rmtree(d, ignore_errors=True)
    srv = Server(d, 'hostile', xmx='512m')
    if not srv.start():
        row('hostile rasters', 0, '4xx', 'server did not start', False)
        return
    # one valid upload first, so that GeoTools' one-time CRS set-up (seconds on a loaded machine) is not timed
    st, _, b = ingest_tiff(srv, tiffs.scene(64, 64, 99), '2023-12-31', 'hostile-warm-up')
    if st == 201:
        http_req('DELETE', srv.base + '/api/v1/scenes/' + json.loads(b)['scene']['id'], headers=AUTH)
    results = []
    for i, (kind, desc, data, extra) in enumerate(tiffs.hostile()):
        t0 = time.time()
        st, _, b = ingest_tiff(srv, data, '2024-01-%02d' % (i + 1), 'hostile-' + kind, extra, timeout=120)
        dt = time.time() - t0
        try:
            err = json.loads(b).get('error', '?')
        except Exception:
            err = b[:40].decode('utf-8', 'replace')
        results.append((kind, desc, len(data), st, dt, err))
    health = srv.get('/health')[0]
    _, js = get_json(srv.base + '/api/v1/scenes')
    stored = len(js['scenes']) if js else -1
    text = srv.log()
    srv.stop()
    for kind, desc, n, st, dt, err in results:
        row('hostile TIFF: %s (%s, %d B)' % (kind, desc, n), 1, '4xx in < 10 s',
            '%s %s in %.2f s' % (st, err, dt), 400 <= st < 500 and dt < 10)
    row('hostile TIFFs: server afterwards', len(results), '/health 200, 0 scenes stored, 0 OutOfMemoryError',
        '/health %s, %d scenes stored, %d OutOfMemoryError' % (health, stored, oom_lines(text)),
        health == 200 and stored == 0 and oom_lines(text) == 0)


# ---------------------------------------------------------------- check: overload


def check_overload():
    d = copy_template('overload')
    srv = Server(d, 'overload', xmx=ARGS.overload_xmx, extra=['--tile-cache-mb', '64'], jvm=cds_jvm())
    if not srv.start():
        row('overload', 0, '', 'server did not start', False)
        return
    zs = [SAMPLES.meta[SAMPLES.ids[s['name']]] for s in SAMPLES.zijinshan()]
    b = zs[0]['bboxWgs84']
    x0, y0 = merc(b[0] - 0.05, b[1] - 0.05)
    x1, y1 = merc(b[2] + 0.05, b[3] + 0.05)
    dates = sorted(z['date'] for z in zs)
    rounds = [16, 32]
    for n in rounds:
        sts, retry, times = [], [], []
        lock = threading.Lock()

        def one(k):
            # a different TIME each, so that no two requests share a cache entry
            t = '%s/%s' % (dates[0], dates[-1 - (k % (len(dates) - 1))]) if k % 2 else dates[k % len(dates)]
            p = ('/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:3857'
                 '&BBOX=%f,%f,%f,%f&WIDTH=4096&HEIGHT=4096&FORMAT=image/png&TIME=%s&k=%d-%d' % (x0, y0, x1, y1, t, n, k))
            t0 = time.time()
            st, h, _ = srv.get(p, timeout=300)
            with lock:
                sts.append(st)
                times.append(time.time() - t0)
                if st == 503:
                    retry.append(bool(h.get('Retry-After')))
        ths = [threading.Thread(target=one, args=(k,)) for k in range(n)]
        t0 = time.time()
        for t in ths:
            t.start()
        for t in ths:
            t.join(400)
        wall = time.time() - t0
        h = srv.get('/health')[0]
        text = srv.log()
        n5 = sum(1 for s in sts if is_5xx(s) or s == 0)
        row('overload: %d concurrent 4096² GetMaps, -Xmx%s' % (n, ARGS.overload_xmx), n,
            '0 × 5xx, 0 OutOfMemoryError, 503s carry Retry-After',
            '%s in %.0f s; 503 with Retry-After %d/%d; OOM lines so far %d; /health %s' % (
                status_counts(sts), wall, sum(retry), len(retry), oom_lines(text), h),
            n5 == 0 and oom_lines(text) == 0 and all(retry) and h == 200)
    srv.stop()


# ---------------------------------------------------------------- check: stale tiles


def check_stale():
    d = copy_template('stale')
    srv = Server(d, 'stale')
    if not srv.start():
        row('stale tiles', 0, '', 'server did not start', False)
        return
    zs = sorted((SAMPLES.meta[SAMPLES.ids[s['name']]] for s in SAMPLES.zijinshan()), key=lambda s: s['date'])
    latest = zs[-1]
    src = next(s for s in SAMPLES.template_scenes() if SAMPLES.ids[s['name']] == latest['id'])
    paths = {'tile time=D': tile_path(latest, 13), 'tile latest': tile_path(latest, 13, ''),
             'tile time=D z12 @2x': tile_path(latest, 12).replace('.png', '@2x.png'),
             'wms time=D': '/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:4326'
                           '&BBOX=%f,%f,%f,%f&WIDTH=300&HEIGHT=300&FORMAT=image/png&TIME=%s' % (
                               latest['bboxWgs84'][1], latest['bboxWgs84'][0], latest['bboxWgs84'][3],
                               latest['bboxWgs84'][2], latest['date'])}
    with_, without = {}, {}
    for k, p in paths.items():   # read twice so the answer is cached before the write
        srv.get(p)
        st, h, b = srv.get(p)
        with_[k] = (b, h.get('ETag'), st)
    cycles = 2 if ARGS.quick else 5
    stale, checks, errors, etag304 = 0, 0, [], 0
    for c in range(cycles):
        st, _, _ = http_req('DELETE', srv.base + '/api/v1/scenes/' + latest['id'], headers=AUTH)
        if st != 204:
            errors.append('delete %s' % st)
            break
        for k, p in paths.items():
            st, h, b = srv.get(p)   # 200 with no data, or 400 "no data for TIME" for a date left without scenes
            checks += 1
            if st not in (200, 400):
                errors.append('%s after delete: %s' % (k, st))
            if c == 0:
                without[k] = (st, b)
                if st == 200 and b == with_[k][0]:
                    stale += 1
            elif (st, b) != without[k]:
                stale += 1
            if with_[k][1]:
                st2, _, _ = srv.get(p, headers={'If-None-Match': with_[k][1]})
                checks += 1
                if st2 == 304:
                    etag304 += 1
        st, _ = ingest_sample(srv, src)
        if st != 201:
            errors.append('ingest %s' % st)
            break
        for k, p in paths.items():
            st, h, b = srv.get(p)
            checks += 1
            if (st, b) != (with_[k][2], with_[k][0]):
                stale += 1
    srv.stop()
    row('stale reads right after a write returns (delete, re-ingest of the latest date; XYZ, @2x, WMS, ETag)',
        checks, '0 stale answers',
        '%d stale, %d old-ETag 304s over %d cycles%s' % (stale, etag304, cycles,
                                                        ('; errors: ' + ', '.join(errors[:3])) if errors else ''),
        stale == 0 and etag304 == 0 and not errors)


# ---------------------------------------------------------------- check: mixed load (wrk)


def wrk(base, paths, seconds, conns=8):
    lua = WORK / 'paths.lua'
    lua.write_text('paths = {%s}\ni = 0\nrequest = function()\n  i = i %% #paths + 1\n'
                   '  return wrk.format("GET", paths[i])\nend\n' % ','.join(json.dumps(p) for p in paths))
    r = subprocess.run(['wrk', '-t2', '-c%d' % conns, '-d%ds' % seconds, '-s', str(lua), base],
                       capture_output=True, text=True)
    m = re.search(r'Requests/sec:\s+([\d.]+)', r.stdout)
    non2xx = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', r.stdout)
    return (float(m.group(1)) if m else 0.0), (int(non2xx.group(1)) if non2xx else 0), r.stdout


def check_mixed():
    if not shutil.which('wrk'):
        row('reads under writes (wrk)', 0, '≥ 0.5', 'SKIPPED: wrk not installed', 'SKIP')
        return
    d = copy_template('mixed')
    srv = Server(d, 'mixed', xmx='1g', jvm=cds_jvm())
    if not srv.start():
        row('reads under writes', 0, '', 'server did not start', False)
        return
    paths = []
    for s in SAMPLES.template_scenes():
        sc = SAMPLES.meta[SAMPLES.ids[s['name']]]
        for z in (12, 13, 14):
            x, y = tile_for(sc, z)
            for dx in (-1, 0, 1):   # dated tiles: an ingest of another date must not invalidate them
                paths.append('/tiles/ndvi/%d/%d/%d.png?time=%s' % (z, x + dx, y, sc['date']))
    paths = sorted(set(paths))
    random.Random(1).shuffle(paths)
    secs = 6 if ARGS.quick else 15
    for p in paths:                                               # every tile once: into the cache
        srv.get(p)
    wrk(srv.base, paths, 3 if ARGS.quick else 5)                  # warm-up of the JIT
    ingest_tiff(srv, tiffs.scene(290, 271, seed=8999), '2014-12-31', 'mixed-warm-up')   # GeoTools set-up
    ro, ro_bad, _ = wrk(srv.base, paths, secs)
    stop = threading.Event()
    wsts = []

    def writer():
        k = 0
        while not stop.is_set():
            t0 = time.time()
            k += 1
            st, _, _ = ingest_tiff(srv, tiffs.scene(290, 271, seed=9000 + k), '2015-%02d-%02d' % (1 + k // 28, 1 + k % 28),
                                   'mixed-%d' % k)
            wsts.append(st)
            stop.wait(max(0.0, 1.0 - (time.time() - t0)))
    w = threading.Thread(target=writer)
    w.start()
    mixed, mixed_bad, _ = wrk(srv.base, paths, secs)
    stop.set()
    w.join(120)
    srv.stop()
    ratio = mixed / ro if ro else 0
    row('reads under writes: cached tile throughput with 1 ingest/s vs read-only (wrk -t2 -c8, %d s)' % secs,
        len(wsts), 'ratio ≥ 0.5, writes 201',
        '%.0f vs %.0f req/s = %.2f; non-2xx reads %d/%d; ingests %s' % (mixed, ro, ratio, ro_bad, mixed_bad,
                                                                       status_counts(wsts)),
        ratio >= 0.5 and all(s == 201 for s in wsts))


# ---------------------------------------------------------------- main

CHECKS = [('kill9', check_kill9), ('two', check_two_instances), ('shared', check_shared), ('damage', check_damage), ('disk', check_full_disk),
          ('hostile', check_hostile), ('overload', check_overload), ('stale', check_stale), ('mixed', check_mixed)]


def table():
    out = ['| check | trials | expected | observed | result |', '|---|---|---|---|---|']
    for r in ROWS:
        out.append('| ' + ' | '.join(c.replace('|', '\\|') for c in r) + ' |')
    return '\n'.join(out)


def main():
    global ARGS, WORK, SAMPLES
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--jar', type=Path, required=True)
    p.add_argument('--root', type=Path, required=True)
    p.add_argument('--work', type=Path, default=Path(os.environ.get('WORK', '/tmp/gc-faults')))
    p.add_argument('--only', default=os.environ.get('ONLY', ''), help='comma-separated: ' + ','.join(c for c, _ in CHECKS))
    p.add_argument('--results', nargs='?', const='bench/faults/RESULTS.md', default=None,
                   help='also write the table to this file (default bench/faults/RESULTS.md)')
    p.add_argument('--verbose', '-v', action='store_true', default=os.environ.get('VERBOSE') == '1')
    p.add_argument('--quick', action='store_true', default=os.environ.get('QUICK') == '1')
    p.add_argument('--seed', type=int, default=int(os.environ.get('SEED', '12')))
    p.add_argument('--overload-xmx', default=os.environ.get('OVERLOAD_XMX', '768m'))
    p.add_argument('--disk-flag', dest='disk_flags', action='append', default=[],
                   help='extra serve flag for the full-disk server (repeatable)')
    ARGS = p.parse_args()
    WORK = ARGS.work
    WORK.mkdir(parents=True, exist_ok=True)
    for f in WORK.glob('*.log'):
        f.unlink()
    SAMPLES = Samples(ARGS.root)
    only = set(filter(None, ARGS.only.split(',')))
    t = WORK / 'template'
    if (t / '.done').exists():
        shutil.rmtree(t)   # always rebuilt: the jar may have changed
    selected = [(n, f) for n, f in CHECKS if not only or n in only]
    if any(n not in ('shared', 'hostile') for n, _ in selected):
        make_template()
        load_template_ids(t)
    for name, fn in selected:
        t0 = time.time()
        try:
            fn()
        except Exception as e:  # a broken check is a FAIL row, the others still run
            import traceback
            traceback.print_exc()
            row(name, 0, '(check ran)', 'script error: %r' % e, False)
        log('%s took %.0f s' % (name, time.time() - t0))
    commit = subprocess.run(['git', '-C', str(ARGS.root), 'rev-parse', '--short', 'HEAD'], capture_output=True,
                            text=True).stdout.strip()
    head = ('Fault script `bench/faults/run.sh`%s on commit %s, %s UTC, %.0f s wall, %d cores, load average %.1f at '
            'the start and %.1f at the end.' % (
                ' (QUICK=1)' if ARGS.quick else '', commit or '?', time.strftime('%Y-%m-%d %H:%M', time.gmtime(T_START)),
                time.time() - T_START, os.cpu_count(), LOAD0, os.getloadavg()[0]))
    text = head + '\n\n' + table() + '\n'
    if NOTES:
        text += '\nNotes:\n' + ''.join('- %s\n' % n for n in NOTES)
    fails = sum(1 for r in ROWS if r[4] == 'FAIL')
    text += '\n%d checks: %d PASS, %d FAIL, %d SKIP.\n' % (len(ROWS), sum(1 for r in ROWS if r[4] == 'PASS'), fails,
                                                          sum(1 for r in ROWS if r[4] == 'SKIP'))
    print(text)
    if ARGS.results:
        out = Path(ARGS.results)
        if not out.is_absolute():
            out = ARGS.root / out
        out.write_text('# Fault script results\n\n' + text)
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
