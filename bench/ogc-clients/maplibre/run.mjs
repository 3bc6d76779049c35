// Serves index.html and MapLibre from this folder on a loopback port of its own (a different origin from
// GreenCover's), opens it in Debian's Chromium with WebGL on SwiftShader, and prints what the map drew.
// Usage: node run.mjs GREENCOVER_BASE_URL     (exit 1 on failure)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import {chromium} from 'playwright-core';

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(here, 'node_modules/maplibre-gl/dist');
const types = {'.html': 'text/html', '.mjs': 'text/javascript', '.css': 'text/css', '.map': 'application/json'};
const server = http.createServer((req, res) => {
  const u = req.url.split('?')[0];
  if (u === '/favicon.ico') { res.writeHead(204); res.end(); return; } // the browser asks; not an error of the map
  const name = path.basename(u);
  const file = u === '/index.html' ? path.join(here, 'index.html')
      : u.startsWith('/maplibre-gl/') && fs.existsSync(path.join(dist, name)) ? path.join(dist, name) : null;
  if (!file) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, {'Content-Type': types[path.extname(name)] || 'application/octet-stream'});
  fs.createReadStream(file).pipe(res);
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const page_url = `http://127.0.0.1:${server.address().port}/index.html?base=${encodeURIComponent(base)}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
         '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
});
const errors = [];
let ok = false;
try {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text() + ' ' + (m.location().url || '')); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  page.on('response', r => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(page_url);
  const r = await page.evaluate(() => window.result);
  await page.screenshot({path: '/tmp/maplibre-greencover.png'});
  ok = r.drawn === r.total && r.sites > 0 && r.magenta > 0 && errors.length === 0;
  console.log(`${ok ? 'OK' : 'FAIL'} MapLibre GL ${await page.evaluate(() => window.maplibregl.getVersion())} from ${page_url.split('/index')[0]}`
    + ` against ${base}: TileJSON ${r.tilejson}, drawn ${r.drawn}/${r.total} sampled points, ${r.sites} sites`
    + ` (${r.magenta} outline points), console errors: ${errors.length}; screenshot /tmp/maplibre-greencover.png`);
} catch (e) {
  console.log('FAIL ' + e);
} finally {
  errors.forEach(e => console.log('  console: ' + e));
  await browser.close();
  server.close();
}
process.exit(ok ? 0 : 1);
