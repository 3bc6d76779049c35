/*
 * GreenCover viewer: a Leaflet map of the server's layers (XYZ tiles from /tiles), a date slider over each
 * layer's TIME values, site outlines from /api/v1/sites and, for a clicked site, a Chart.js time series from
 * /api/v1/sites/{id}/timeseries with its Theil–Sen trend line.
 *
 * No external base map is loaded unless one is configured with ?basemap=<url template> or
 * window.GREENCOVER_BASEMAP (e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png").
 */
(function () {
  'use strict';

  var PREFERRED = ['ndvi', 'fvc', 'greencover', 'ndvi-change', 'savi', 'msavi2', 'evi', 'ndmi'];
  var INDICES = ['ndvi', 'savi', 'msavi2', 'evi', 'ndmi'];
  var MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

  var el = function (id) { return document.getElementById(id); };
  var ui = {
    layer: el('layer'), style: el('style'), date: el('date'), dateLabel: el('date-label'),
    composite: el('composite'), opacity: el('opacity'), opacityLabel: el('opacity-label'),
    legend: el('legend'), layerMessage: el('layer-message'), sites: el('sites'),
    panel: el('site-panel'), siteTitle: el('site-title'), siteClose: el('site-close'),
    seriesIndex: el('series-index'), chart: el('chart'), trend: el('trend'), csv: el('csv')
  };

  var state = { layers: [], layer: null, tiles: null, sitesLayer: null, siteFeature: null, chart: null };

  var map = L.map('map', { zoomControl: true, worldCopyJump: true }).setView([0, 0], 2);
  L.control.scale({ imperial: false }).addTo(map);
  var basemap = new URLSearchParams(window.location.search).get('basemap') || window.GREENCOVER_BASEMAP;
  if (basemap) {
    L.tileLayer(basemap, { maxZoom: 20, attribution: 'Base map: ' + hostOf(basemap) }).addTo(map);
  }
  map.createPane('index');
  map.getPane('index').style.zIndex = 350;

  function hostOf(url) {
    try { return new URL(url.replace(/[{}]/g, '')).host; } catch (e) { return 'custom'; }
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(url + ' answered ' + r.status);
      return r.json();
    }).catch(function (e) {
      console.warn(e.message || e);
      return null;
    });
  }

  function option(select, value, text) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
    return o;
  }

  function percent(v) {
    return typeof v === 'number' && isFinite(v) ? (v * 100).toFixed(1) + ' %' : '–';
  }

  /* ---------------------------------------------------------------- layers */

  function loadLayers() {
    return getJson('/api/v1/layers').then(function (body) {
      var layers = (body && body.layers) || [];
      layers = layers.filter(function (l) { return l.name !== 'sites'; });
      layers.sort(function (a, b) { return rank(a.name) - rank(b.name); });
      state.layers = layers;
      ui.layer.innerHTML = '';
      layers.forEach(function (l) { option(ui.layer, l.name, l.title || l.name); });
      if (!layers.length) {
        ui.layerMessage.textContent = 'No map layers yet: ingest a scene to see vegetation maps.';
        setControlsEnabled(false);
        return;
      }
      setControlsEnabled(true);
      selectLayer(layers[0].name);
    });
  }

  function rank(name) {
    var i = PREFERRED.indexOf(name);
    return i < 0 ? PREFERRED.length : i;
  }

  function setControlsEnabled(on) {
    [ui.layer, ui.style, ui.date, ui.composite, ui.opacity].forEach(function (c) { c.disabled = !on; });
  }

  function selectLayer(name) {
    var layer = state.layers.find(function (l) { return l.name === name; });
    if (!layer) return;
    state.layer = layer;
    ui.layer.value = name;
    ui.style.innerHTML = '';
    (layer.styles || []).forEach(function (s) { option(ui.style, s.name, s.title || s.name); });
    ui.style.disabled = !(layer.styles || []).length;
    var dates = layer.dates || [];
    ui.date.max = String(Math.max(0, dates.length - 1));
    var def = dates.indexOf(layer.defaultDate);
    ui.date.value = String(def >= 0 ? def : Math.max(0, dates.length - 1));
    ui.date.disabled = dates.length < 2;
    ui.composite.disabled = !dates.length;
    ui.layerMessage.textContent = layer.abstract || '';
    if (INDICES.indexOf(name) >= 0) ui.seriesIndex.value = name;
    updateTiles();
  }

  function currentTime() {
    var layer = state.layer;
    var dates = (layer && layer.dates) || [];
    if (!dates.length) return null;
    var date = dates[Number(ui.date.value)] || dates[dates.length - 1];
    return ui.composite.value ? date.slice(0, 4) : date;
  }

  function tileUrl() {
    var q = [];
    var time = currentTime();
    if (time) q.push('time=' + encodeURIComponent(time));
    if (ui.style.value) q.push('style=' + encodeURIComponent(ui.style.value));
    if (ui.composite.value && time) q.push('composite=' + encodeURIComponent(ui.composite.value));
    return '/tiles/' + encodeURIComponent(state.layer.name) + '/{z}/{x}/{y}.png' + (q.length ? '?' + q.join('&') : '');
  }

  function updateTiles() {
    var layer = state.layer;
    if (!layer) return;
    var time = currentTime();
    ui.dateLabel.textContent = time ? (ui.composite.value ? time + ' (' + ui.composite.value + ')' : time) : 'none';
    var opacity = Number(ui.opacity.value) / 100;
    ui.opacityLabel.textContent = ui.opacity.value + '%';
    if (state.tiles) {
      state.tiles.setUrl(tileUrl());
      state.tiles.setOpacity(opacity);
    } else {
      state.tiles = L.tileLayer(tileUrl(), {
        pane: 'index', opacity: opacity, maxZoom: 20, maxNativeZoom: 18, crossOrigin: true,
        attribution: 'GreenCover'
      }).addTo(map);
    }
    var style = (layer.styles || []).find(function (s) { return s.name === ui.style.value; });
    if (style && style.legend) {
      ui.legend.src = style.legend;
      ui.legend.hidden = false;
    } else {
      ui.legend.hidden = true;
    }
  }

  ui.layer.addEventListener('change', function () { selectLayer(ui.layer.value); });
  ui.style.addEventListener('change', updateTiles);
  ui.date.addEventListener('input', updateTiles);
  ui.composite.addEventListener('change', updateTiles);
  ui.opacity.addEventListener('input', function () {
    ui.opacityLabel.textContent = ui.opacity.value + '%';
    if (state.tiles) state.tiles.setOpacity(Number(ui.opacity.value) / 100);
  });
  ui.legend.addEventListener('error', function () { ui.legend.hidden = true; });

  /* ----------------------------------------------------------- point query */

  map.on('click', function (e) {
    var layer = state.layer;
    if (!layer || !layer.queryable) return;
    var size = map.getSize();
    var b = map.getBounds();
    var sw = L.CRS.EPSG3857.project(b.getSouthWest());
    var ne = L.CRS.EPSG3857.project(b.getNorthEast());
    var p = map.latLngToContainerPoint(e.latlng);
    var q = {
      SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetFeatureInfo', LAYERS: layer.name, QUERY_LAYERS: layer.name,
      STYLES: ui.style.value || '', CRS: 'EPSG:3857', BBOX: [sw.x, sw.y, ne.x, ne.y].join(','),
      WIDTH: size.x, HEIGHT: size.y, I: Math.floor(p.x), J: Math.floor(p.y), INFO_FORMAT: 'application/json'
    };
    var time = currentTime();
    if (time) q.TIME = time;
    if (ui.composite.value && time) q.COMPOSITE = ui.composite.value;
    var url = '/wms?' + Object.keys(q).map(function (k) { return k + '=' + encodeURIComponent(q[k]); }).join('&');
    getJson(url).then(function (body) {
      var results = (body && body.results) || [];
      if (!results.length) return;
      L.popup({ className: 'info-popup' }).setLatLng(e.latlng).setContent(infoTable(results[0])).openOn(map);
    });
  });

  function infoTable(result) {
    var table = document.createElement('table');
    flatten(result, '', function (k, v) {
      var tr = table.insertRow();
      var th = document.createElement('th');
      th.textContent = k;
      tr.appendChild(th);
      tr.insertCell().textContent = typeof v === 'number' ? +v.toFixed(4) : String(v);
    });
    return table;
  }

  function flatten(value, prefix, out) {
    if (value !== null && typeof value === 'object') {
      Object.keys(value).forEach(function (k) {
        flatten(value[k], prefix ? prefix + '.' + k : k, out);
      });
    } else {
      out(prefix, value === null ? '' : value);
    }
  }

  /* ----------------------------------------------------------------- sites */

  function loadSites() {
    return getJson('/api/v1/sites').then(function (fc) {
      var features = (fc && Array.isArray(fc.features)) ? fc.features : [];
      ui.sites.innerHTML = '';
      if (!features.length) {
        var li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'No sites yet.';
        ui.sites.appendChild(li);
        fitToLayer();
        return;
      }
      state.sitesLayer = L.geoJSON(fc, {
        style: function () { return { color: '#1d4ed8', weight: 2, fillOpacity: 0.04 }; },
        onEachFeature: function (f, lyr) {
          var props = f.properties || {};
          var latest = props.latest || {};
          var tip = document.createElement('span');   // text, never HTML: names come from uploads
          tip.textContent = (props.name || siteId(f)) + (latest.greenFraction != null
              ? ' · green ' + percent(latest.greenFraction) : '');
          lyr.bindTooltip(tip, { sticky: true });
          lyr.on('click', function (e) {
            L.DomEvent.stopPropagation(e);
            openSite(f);
          });
        }
      }).addTo(map);
      features.forEach(function (f) {
        var props = f.properties || {};
        var latest = props.latest || {};
        var li = document.createElement('li');
        li.dataset.id = siteId(f);
        var name = document.createElement('span');
        name.textContent = props.name || siteId(f);
        var gf = document.createElement('span');
        gf.className = 'gf';
        gf.textContent = percent(latest.greenFraction);
        gf.title = latest.date ? 'Green fraction on ' + latest.date : 'No statistics yet';
        li.appendChild(name);
        li.appendChild(gf);
        li.addEventListener('click', function () {
          var bounds = L.geoJSON(f).getBounds();
          if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
          openSite(f);
        });
        ui.sites.appendChild(li);
      });
      var bounds = state.sitesLayer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    });
  }

  function fitToLayer() {
    var b = state.layer && state.layer.bounds;
    if (b && b.length === 4 && (b[2] - b[0]) < 90) {
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
    }
  }

  function siteId(f) {
    return String(f.id != null ? f.id : (f.properties && f.properties.id));
  }

  /* ----------------------------------------------------------- time series */

  function openSite(feature) {
    state.siteFeature = feature;
    var id = siteId(feature);
    Array.prototype.forEach.call(ui.sites.children, function (li) {
      li.classList.toggle('active', li.dataset.id === id);
    });
    ui.panel.hidden = false;
    ui.siteTitle.textContent = (feature.properties && feature.properties.name) || id;
    loadSeries();
  }

  function loadSeries() {
    var f = state.siteFeature;
    if (!f) return;
    var index = ui.seriesIndex.value;
    var base = '/api/v1/sites/' + encodeURIComponent(siteId(f)) + '/timeseries?index=' + encodeURIComponent(index);
    ui.csv.href = base + '&format=csv';
    ui.csv.setAttribute('download', siteId(f) + '-' + index + '.csv');
    ui.trend.textContent = 'Loading…';
    getJson(base).then(function (series) {
      drawSeries(series, index.toUpperCase());
    });
  }

  function isLow(p) {
    return (p.quality && p.quality !== 'ok') || (typeof p.cloudFraction === 'number' && p.cloudFraction > 0.5);
  }

  function timeOf(p) { return Date.parse(String(p.date).slice(0, 10) + 'T00:00:00Z'); }

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  function median(values) {
    var s = values.slice().sort(function (a, b) { return a - b; });
    var n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * The Theil–Sen line over the points' time span: slope from the server (per year), intercept as the median of
   * y - slope * t (t in years since the first point), computed on the good-quality points (all when none).
   */
  function trendLine(points, trend, valueOf) {
    if (!trend || !finite(trend.slopePerYear) || points.length < 2) return [];
    var t0 = timeOf(points[0]);
    var good = points.filter(function (p) { return !isLow(p) && finite(valueOf(p)); });
    if (!good.length) good = points.filter(function (p) { return finite(valueOf(p)); });
    if (!good.length) return [];
    var slope = trend.slopePerYear;
    var a = median(good.map(function (p) { return valueOf(p) - slope * (timeOf(p) - t0) / MS_PER_YEAR; }));
    var t1 = timeOf(points[points.length - 1]);
    return [{ x: t0, y: a }, { x: t1, y: a + slope * (t1 - t0) / MS_PER_YEAR }];
  }

  function drawSeries(series, indexLabel) {
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    var points = (series && Array.isArray(series.points)) ? series.points.slice() : [];
    points = points.filter(function (p) { return p && p.date && isFinite(timeOf(p)); });
    points.sort(function (a, b) { return timeOf(a) - timeOf(b); });
    if (!points.length) {
      ui.trend.textContent = series ? 'No observations for this site yet.' : 'Time series unavailable.';
      return;
    }
    var gf = points.filter(function (p) { return finite(p.greenFraction); })
        .map(function (p) { return { x: timeOf(p), y: p.greenFraction * 100, low: isLow(p), p: p }; });
    var mean = points.filter(function (p) { return finite(p.mean); })
        .map(function (p) { return { x: timeOf(p), y: p.mean, low: isLow(p), p: p }; });
    var trend = series.trend;
    var metric = trend && trend.metric ? String(trend.metric) : 'greenFraction';
    var onGreen = metric.toLowerCase().indexOf('green') >= 0;
    var line = trendLine(points, trend, function (p) { return onGreen ? p.greenFraction : p.mean; });
    if (onGreen) line = line.map(function (q) { return { x: q.x, y: q.y * 100 }; });

    var pointStyle = function (c) { return c.raw && c.raw.low ? 'triangle' : 'circle'; };
    var fill = function (color) {
      return function (c) { return c.raw && c.raw.low ? '#ffffff' : color; };
    };
    var datasets = [
      { label: 'Green fraction (%)', data: gf, yAxisID: 'y', borderColor: '#2e7d32', backgroundColor: fill('#2e7d32'),
        pointStyle: pointStyle, pointRadius: 4, borderWidth: 1.5, tension: 0 },
      { label: 'Mean ' + indexLabel, data: mean, yAxisID: 'y1', borderColor: '#b45309', backgroundColor: fill('#b45309'),
        pointStyle: pointStyle, pointRadius: 3, borderWidth: 1.5, borderDash: [4, 3], tension: 0 }
    ];
    if (line.length) {
      datasets.push({ label: 'Theil–Sen trend', data: line, yAxisID: onGreen ? 'y' : 'y1', borderColor: '#111827',
        borderWidth: 2, pointRadius: 0, borderDash: [2, 2] });
    }
    state.chart = new Chart(ui.chart, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: function (v) { return isoDate(v); } } },
          y: { position: 'left', min: 0, max: 100, title: { display: true, text: 'Green %' } },
          y1: { position: 'right', title: { display: true, text: indexLabel }, grid: { drawOnChartArea: false } }
        },
        plugins: {
          legend: { labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? isoDate(items[0].parsed.x) : ''; },
            afterLabel: function (item) {
              var p = item.raw && item.raw.p;
              if (!p) return '';
              return (p.quality ? 'quality ' + p.quality : '') +
                  (finite(p.validFraction) ? ', valid ' + percent(p.validFraction) : '') +
                  (finite(p.cloudFraction) ? ', cloud ' + percent(p.cloudFraction) : '');
            }
          } }
        }
      }
    });
    ui.trend.textContent = trendText(trend, onGreen) + ' Hollow triangles: low valid fraction or cloudy.';
  }

  function trendText(trend, onGreen) {
    if (!trend || !finite(trend.slopePerYear)) return 'No trend (too few observations).';
    var slope = onGreen ? (trend.slopePerYear * 100).toFixed(2) + ' points/yr'
        : trend.slopePerYear.toFixed(4) + '/yr';
    var p = finite(trend.mannKendallP) ? ', Mann–Kendall p = ' + trend.mannKendallP.toFixed(3) : '';
    var n = finite(trend.n) ? ', n = ' + trend.n : '';
    return 'Trend of ' + (trend.metric || 'green fraction') + ': ' + slope + p + n + '.';
  }

  function isoDate(ms) { return new Date(ms).toISOString().slice(0, 10); }

  ui.seriesIndex.addEventListener('change', loadSeries);
  ui.siteClose.addEventListener('click', function () {
    ui.panel.hidden = true;
    state.siteFeature = null;
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    Array.prototype.forEach.call(ui.sites.children, function (li) { li.classList.remove('active'); });
  });

  loadLayers().then(loadSites);
})();
