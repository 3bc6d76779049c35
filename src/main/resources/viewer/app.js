/*
 * GreenCover viewer: a Leaflet map of the server's layers (XYZ tiles from /tiles), a date slider over each
 * layer's TIME values, site outlines from /api/v1/sites and, for a clicked site, a Chart.js time series from
 * /api/v1/sites/{id}/timeseries with its Theil–Sen trend line, Sen's 95 % band, the mean's 95 % intervals as error bars,
 * the reference site's mean and the target's date.
 *
 * No external base map is loaded unless one is configured: on the server with the GREENCOVER_BASEMAP environment
 * variable (served as window.GREENCOVER_BASEMAP by /viewer/config.js), or per page with ?basemap=<url template>
 * (e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png").
 */
(function () {
  'use strict';

  // NDVI and its derived layers first; the other index layers follow in the server's (registry) order.
  var PREFERRED = ['ndvi', 'fvc', 'greencover', 'ndvi-change'];
  var MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;
  var SITE_STYLE = { color: '#1d4ed8', weight: 2, opacity: 0.9, fillOpacity: 0.03 };
  var ACTIVE_STYLE = { color: '#0f172a', weight: 3, opacity: 1, fillOpacity: 0.03 };

  var el = function (id) { return document.getElementById(id); };
  var ui = {
    layer: el('layer'), style: el('style'), date: el('date'), dateLabel: el('date-label'),
    datePrev: el('date-prev'), dateNext: el('date-next'), dateTicks: el('date-ticks'), inView: el('dates-in-view'),
    dateFirst: el('date-first'), dateLast: el('date-last'), dateCount: el('date-count'),
    composite: el('composite'), opacity: el('opacity'), opacityLabel: el('opacity-label'),
    layerMessage: el('layer-message'), sites: el('sites'),
    panel: el('site-panel'), siteTitle: el('site-title'), siteClose: el('site-close'),
    seriesIndex: el('series-index'), chart: el('chart'), trend: el('trend'), csv: el('csv'),
    report: el('report'), alerts: el('alerts'), alertsEmpty: el('alerts-empty')
  };

  var state = {
    layers: [], layer: null, tiles: null, sitesLayer: null, siteLayers: {}, features: [], siteFeature: null,
    chart: null, seriesRequest: 0, dates: [], sceneBoxes: null, indices: []
  };

  var map = L.map('map', { zoomControl: true, worldCopyJump: true }).setView([20, 40], 2);
  L.control.scale({ imperial: false }).addTo(map);
  var basemap = new URLSearchParams(window.location.search).get('basemap') || window.GREENCOVER_BASEMAP;
  if (basemap && /^(https?:\/\/|\/)/.test(basemap)) {
    L.tileLayer(basemap, { maxZoom: 20, attribution: 'Base map: ' + hostOf(basemap) }).addTo(map);
  }
  map.createPane('index');
  map.getPane('index').style.zIndex = 350;

  var legend = createLegend().addTo(map);

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

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  function percent(v) {
    return finite(v) ? (v * 100).toFixed(1) + ' %' : '–';
  }

  function firstSentence(text) {
    var m = /^(.+?[.!?])(\s|$)/.exec(text || '');
    return m ? m[1] : (text || '');
  }

  /* ---------------------------------------------------------------- legend */

  function createLegend() {
    var Legend = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        var div = L.DomUtil.create('div', 'legend-control');
        div.style.display = 'none';
        this.title = L.DomUtil.create('div', 'legend-title', div);
        this.img = L.DomUtil.create('img', '', div);
        this.img.alt = 'Legend';
        this.img.addEventListener('error', function () { div.style.display = 'none'; });
        this.img.addEventListener('load', function () { div.style.display = ''; });
        this.div = div;
        L.DomEvent.disableClickPropagation(div);
        return div;
      },
      show: function (src, title) {
        if (!src) { this.div.style.display = 'none'; this.img.removeAttribute('src'); return; }
        this.title.textContent = title || '';
        if (this.img.getAttribute('src') !== src) this.img.src = src;
        else this.div.style.display = '';
      }
    });
    return new Legend();
  }

  /* ---------------------------------------------------------------- layers */

  function loadLayers() {
    return getJson('/api/v1/layers').then(function (body) {
      var layers = (body && body.layers) || [];
      setIndices((body && body.indices) || []);
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
      if (!state.features.length) fitToLayer(layers[0]);
      selectLayer(layers[0].name);
    });
  }

  /** Fills the time-series index list from the server's registry ({key, title} per index). */
  function setIndices(indices) {
    var current = ui.seriesIndex.value;
    state.indices = indices.map(function (ix) { return ix.key; });
    ui.seriesIndex.innerHTML = '';
    indices.forEach(function (ix) { option(ui.seriesIndex, ix.key, ix.key.toUpperCase()).title = ix.title || ix.key; });
    if (current && state.indices.indexOf(current) >= 0) ui.seriesIndex.value = current;
  }

  function rank(name) {
    var i = PREFERRED.indexOf(name);
    return i < 0 ? PREFERRED.length : i;
  }

  function setControlsEnabled(on) {
    [ui.layer, ui.style, ui.date, ui.datePrev, ui.dateNext, ui.composite, ui.opacity].forEach(function (c) {
      c.disabled = !on;
    });
  }

  function selectLayer(name) {
    var layer = state.layers.find(function (l) { return l.name === name; });
    if (!layer) return;
    state.layer = layer;
    ui.layer.value = name;
    ui.style.innerHTML = '';
    (layer.styles || []).forEach(function (s) {
      var title = s.title || s.name;
      option(ui.style, s.name, title.replace(/\s*\(.*\)\s*$/, '') || title).title = title;
    });
    ui.style.disabled = (layer.styles || []).length < 2;
    var current = currentDate();
    state.dates = [];
    refreshDates(current || layer.defaultDate);
    ui.composite.disabled = !(layer.dates || []).length;
    ui.layerMessage.textContent = (layer.dates || []).length ? firstSentence(layer.abstract)
        : 'No scenes yet: ingest one (POST /api/v1/scenes or the ingest command) to see this layer.';
    ui.layerMessage.title = layer.abstract || '';
    if (state.indices.indexOf(name) >= 0 && ui.seriesIndex.value !== name) {
      ui.seriesIndex.value = name;
      if (state.siteFeature) loadSeries();
    }
    updateTiles();
  }

  function currentDate() {
    var dates = state.dates;
    return dates.length ? dates[Number(ui.date.value)] || dates[dates.length - 1] : null;
  }

  function currentTime() {
    var date = currentDate();
    return date && ui.composite.value ? date.slice(0, 4) : date;
  }

  /** Whether some scene of {@code date} overlaps the map view (true while the scene list is unknown). */
  function coversView(date, view) {
    if (!state.sceneBoxes) return true;
    return (state.sceneBoxes[date] || []).some(function (b) { return view.intersects(b); });
  }

  /**
   * Offers on the slider the layer's dates (only those with a scene in view when that box is ticked and any date
   * has one), keeping {@code prefer} or else the nearest date; returns whether the selected date changed.
   */
  function refreshDates(prefer) {
    var layer = state.layer;
    var all = (layer && layer.dates) || [];
    var before = currentDate();
    prefer = prefer || before;
    var dates = all;
    if (ui.inView.checked && all.length) {
      var view = map.getBounds();
      var seen = all.filter(function (d) { return coversView(d, view); });
      if (seen.length) dates = seen;
    }
    state.dates = dates;
    var i = dates.indexOf(prefer);
    if (i < 0 && prefer && dates.length) {
      var t = Date.parse(prefer);
      i = 0;
      dates.forEach(function (d, k) { if (Math.abs(Date.parse(d) - t) < Math.abs(Date.parse(dates[i]) - t)) i = k; });
    }
    if (i < 0) i = dates.length - 1;
    ui.date.max = String(Math.max(0, dates.length - 1));
    ui.date.value = String(Math.max(0, i));
    ui.date.disabled = dates.length < 2;
    ui.dateTicks.innerHTML = '';
    dates.forEach(function (d, k) { option(ui.dateTicks, String(k), d); });
    ui.dateFirst.textContent = dates.length ? dates[0] : '';
    ui.dateLast.textContent = dates.length > 1 ? dates[dates.length - 1] : '';
    ui.dateCount.textContent = !all.length ? 'no dates' : dates.length === all.length
        ? all.length + (all.length === 1 ? ' date' : ' dates') : dates.length + ' of ' + all.length + ' dates';
    ui.dateCount.title = dates.length === all.length ? '' : 'Dates with a scene in the map view';
    updateDateButtons();
    return currentDate() !== before;
  }

  function tileUrl() {
    var q = [];
    var time = currentTime();
    if (time) q.push('time=' + encodeURIComponent(time));
    if (ui.style.value) q.push('style=' + encodeURIComponent(ui.style.value));
    if (ui.composite.value && time) q.push('composite=' + encodeURIComponent(ui.composite.value));
    return '/tiles/' + encodeURIComponent(state.layer.name) + '/{z}/{x}/{y}.png' + (q.length ? '?' + q.join('&') : '');
  }

  function updateDateButtons() {
    var i = Number(ui.date.value);
    var n = state.dates.length;
    ui.datePrev.disabled = ui.date.disabled || i <= 0;
    ui.dateNext.disabled = ui.date.disabled || i >= n - 1;
  }

  function updateTiles() {
    var layer = state.layer;
    if (!layer) return;
    var time = currentTime();
    var label = ui.composite.value === 'max' ? ' (max)' : ui.composite.value ? ' (latest)' : '';
    ui.dateLabel.textContent = time ? time + label : 'none';
    updateDateButtons();
    if (state.chart) state.chart.draw();
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
    var legendTitle = (layer.title || layer.name) + (style && style.name !== layer.name ? ' · ' + style.name : '');
    legend.show(style && style.legend, legendTitle);
  }

  function stepDate(delta) {
    var n = state.dates.length;
    var i = Math.min(n - 1, Math.max(0, Number(ui.date.value) + delta));
    if (String(i) === ui.date.value) return;
    ui.date.value = String(i);
    updateTiles();
  }

  ui.layer.addEventListener('change', function () { selectLayer(ui.layer.value); });
  ui.style.addEventListener('change', updateTiles);
  ui.date.addEventListener('input', updateTiles);
  ui.datePrev.addEventListener('click', function () { stepDate(-1); });
  ui.dateNext.addEventListener('click', function () { stepDate(1); });
  ui.composite.addEventListener('change', updateTiles);
  ui.inView.addEventListener('change', function () { if (state.layer && refreshDates()) updateTiles(); });
  map.on('moveend', function () { if (state.layer && refreshDates()) updateTiles(); });
  ui.opacity.addEventListener('input', function () {
    ui.opacityLabel.textContent = ui.opacity.value + '%';
    if (state.tiles) state.tiles.setOpacity(Number(ui.opacity.value) / 100);
  });

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

  function siteId(f) {
    return String(f.id != null ? f.id : (f.properties && f.properties.id));
  }

  function siteName(f) {
    return (f.properties && f.properties.name) || siteId(f);
  }

  function groupOf(f) {
    var p = f.properties || {};
    return String(p.country || p.region || p.admin || 'Sites');
  }

  function areaOf(f) {
    var p = f.properties || {};
    if (finite(p.areaM2)) return p.areaM2;
    if (finite(p.area_km2)) return p.area_km2 * 1e6;
    var b = L.geoJSON(f).getBounds();
    return b.isValid() ? (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth()) * 1e10 : 0;
  }

  function boundsOf(features) {
    var b = L.latLngBounds([]);
    features.forEach(function (f) { b.extend(L.geoJSON(f).getBounds()); });
    return b;
  }

  /** Padding that keeps fitted bounds clear of the time-series panel when it is open. */
  function fitOptions(maxZoom) {
    var bottom = ui.panel.hidden ? 30 : ui.panel.offsetHeight + 24 + 16;
    return { paddingTopLeft: [30, 30], paddingBottomRight: [30, bottom], maxZoom: maxZoom };
  }

  function fitSites(features, maxZoom) {
    var b = boundsOf(features);
    if (b.isValid()) map.fitBounds(b, fitOptions(maxZoom));
  }

  /** Pans or zooms out only when the site is not wholly visible above the panel. */
  function ensureVisible(f) {
    var b = L.geoJSON(f).getBounds();
    if (!b.isValid()) return;
    var size = map.getSize();
    var bottom = ui.panel.hidden ? size.y : size.y - ui.panel.offsetHeight - 24;
    var visible = L.latLngBounds(map.containerPointToLatLng([0, bottom]), map.containerPointToLatLng([size.x, 0]));
    if (!visible.contains(b)) map.fitBounds(b, fitOptions(map.getZoom()));
  }

  function loadSites() {
    return getJson('/api/v1/sites').then(function (fc) {
      var features = (fc && Array.isArray(fc.features)) ? fc.features : [];
      state.features = features;
      ui.sites.innerHTML = '';
      if (!features.length) {
        var li = document.createElement('li');
        li.className = 'empty';
        li.textContent = 'No sites yet.';
        ui.sites.appendChild(li);
        return;
      }
      state.sitesLayer = L.geoJSON(fc, {
        style: function () { return SITE_STYLE; },
        onEachFeature: function (f, lyr) {
          var props = f.properties || {};
          var latest = props.latest || {};
          var id = siteId(f);
          state.siteLayers[id] = lyr;
          var tip = document.createElement('span');   // text, never HTML: names come from uploads
          tip.className = 'site-tip';
          tip.textContent = siteName(f) + (latest.greenFraction != null
              ? ' · green ' + percent(latest.greenFraction) + (latest.date ? ' (' + latest.date + ')' : '') : '');
          lyr.bindTooltip(tip, { sticky: true, direction: 'top', offset: [0, -8] });
          lyr.on('add', function () {
            var path = lyr.getElement && lyr.getElement();
            if (path) {
              path.setAttribute('data-site', id);
              path.classList.add('site-outline');
            }
          });
          lyr.on('click', function (e) {
            L.DomEvent.stopPropagation(e);
            openSite(f, false);
          });
        }
      }).addTo(map);
      renderSiteList(features);
      var largest = features.reduce(function (a, b) { return areaOf(b) > areaOf(a) ? b : a; });
      var group = groupOf(largest);
      fitSites(features.filter(function (f) { return groupOf(f) === group; }), 15);
    });
  }

  function renderSiteList(features) {
    var groups = {};
    features.forEach(function (f) { (groups[groupOf(f)] = groups[groupOf(f)] || []).push(f); });
    var names = Object.keys(groups).sort();
    names.forEach(function (g) {
      var members = groups[g].slice().sort(function (a, b) { return siteName(a).localeCompare(siteName(b)); });
      if (names.length > 1) {
        var head = document.createElement('li');
        head.className = 'group';
        head.title = 'Zoom to the sites in ' + g;
        var t = document.createElement('span');
        t.textContent = g;
        var n = document.createElement('span');
        n.textContent = members.length + (members.length === 1 ? ' site' : ' sites');
        head.appendChild(t);
        head.appendChild(n);
        head.addEventListener('click', function () { fitSites(members, 15); });
        ui.sites.appendChild(head);
      }
      members.forEach(function (f) {
        var latest = (f.properties && f.properties.latest) || {};
        var li = document.createElement('li');
        li.className = 'site';
        li.dataset.id = siteId(f);
        var name = document.createElement('span');
        name.className = 'name';
        name.textContent = siteName(f);
        name.title = siteName(f);
        var gf = document.createElement('span');
        gf.className = 'gf';
        gf.textContent = percent(latest.greenFraction);
        gf.title = latest.date ? 'Green fraction on ' + latest.date : 'No statistics yet';
        li.appendChild(name);
        li.appendChild(gf);
        li.addEventListener('click', function () { openSite(f, true); });
        ui.sites.appendChild(li);
      });
    });
  }

  function fitToLayer(layer) {
    var b = layer && layer.bounds;
    if (b && b.length === 4 && (b[2] - b[0]) < 90) {
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
    }
  }

  /* ----------------------------------------------------------- time series */

  function openSite(feature, zoom) {
    state.siteFeature = feature;
    var id = siteId(feature);
    Array.prototype.forEach.call(ui.sites.querySelectorAll('li.site'), function (li) {
      li.classList.toggle('active', li.dataset.id === id);
    });
    Object.keys(state.siteLayers).forEach(function (k) {
      state.siteLayers[k].setStyle(k === id ? ACTIVE_STYLE : SITE_STYLE);
    });
    ui.panel.hidden = false;
    ui.siteTitle.textContent = siteName(feature);
    ui.siteTitle.title = siteName(feature);
    map.invalidateSize();
    if (zoom) fitSites([feature], 16);
    else ensureVisible(feature);
    loadSeries();
  }

  function closeSite() {
    ui.panel.hidden = true;
    state.siteFeature = null;
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    Array.prototype.forEach.call(ui.sites.querySelectorAll('li.site'), function (li) { li.classList.remove('active'); });
    Object.keys(state.siteLayers).forEach(function (k) { state.siteLayers[k].setStyle(SITE_STYLE); });
  }

  function loadSeries() {
    var f = state.siteFeature;
    if (!f) return;
    var index = ui.seriesIndex.value;
    var base = '/api/v1/sites/' + encodeURIComponent(siteId(f)) + '/timeseries?index=' + encodeURIComponent(index);
    ui.csv.href = base + '&format=csv';
    ui.csv.setAttribute('download', siteId(f) + '-' + index + '.csv');
    ui.report.href = '/api/v1/sites/' + encodeURIComponent(siteId(f)) + '/report';
    ui.trend.textContent = 'Loading…';
    var request = ++state.seriesRequest;
    getJson(base).then(function (series) {
      if (request === state.seriesRequest) drawSeries(series, index.toUpperCase());
    });
  }

  function isLow(p) {
    return (p.quality && p.quality !== 'ok') || (finite(p.cloudFraction) && p.cloudFraction > 0.5);
  }

  function timeOf(p) { return Date.parse(String(p.date).slice(0, 10) + 'T00:00:00Z'); }

  function median(values) {
    var s = values.slice().sort(function (a, b) { return a - b; });
    var n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * The Theil–Sen line over the points' time span: slope from the server (per year); intercept from the server
   * (interceptValue at startDate) when given, else the median of y - slope * t over the good-quality points.
   */
  function trendLine(points, trend, valueOf) {
    if (!trend || !finite(trend.slopePerYear) || points.length < 2) return [];
    var slope = trend.slopePerYear;
    var t0 = timeOf(points[0]);
    var t1 = timeOf(points[points.length - 1]);
    var tRef;
    var a;
    if (finite(trend.interceptValue) && trend.startDate && isFinite(timeOf({ date: trend.startDate }))) {
      tRef = timeOf({ date: trend.startDate });
      a = trend.interceptValue;
    } else {
      var good = points.filter(function (p) { return !isLow(p) && finite(valueOf(p)); });
      if (!good.length) good = points.filter(function (p) { return finite(valueOf(p)); });
      if (!good.length) return [];
      tRef = t0;
      a = median(good.map(function (p) { return valueOf(p) - slope * (timeOf(p) - t0) / MS_PER_YEAR; }));
    }
    var at = function (t) { return a + slope * (t - tRef) / MS_PER_YEAR; };
    return [{ x: t0, y: at(t0) }, { x: t1, y: at(t1) }];
  }

  function formatP(p) {
    if (!finite(p)) return '';
    return p < 0.001 ? 'p < 0.001' : 'p = ' + p.toFixed(3);
  }

  function signed(v, digits) { return (v >= 0 ? '+' : '−') + Math.abs(v).toFixed(digits); }

  function metricLabel(metric, indexLabel) {
    var m = String(metric || 'greenFraction').toLowerCase();
    if (m.indexOf('green') >= 0) return 'green fraction';
    if (m === 'mean') return 'mean ' + indexLabel;
    return m + ' ' + indexLabel;
  }

  function slopeText(trend, onGreen) {
    return onGreen ? signed(trend.slopePerYear * 100, 1) + ' pts/yr' : signed(trend.slopePerYear, 3) + '/yr';
  }

  function drawSeries(series, indexLabel) {
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    var points = (series && Array.isArray(series.points)) ? series.points.slice() : [];
    points = points.filter(function (p) { return p && p.date && isFinite(timeOf(p)); });
    points.sort(function (a, b) { return timeOf(a) - timeOf(b); });
    ui.panel.classList.toggle('empty', !points.length);
    if (!points.length) {
      ui.trend.textContent = series ? 'No observations for this site yet: no ingested scene covers it.'
          : 'Time series unavailable.';
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
    var edge = function (color) {
      return function (c) { return c.raw && c.raw.low ? '#dc2626' : color; };
    };
    var radius = function (r) {
      return function (c) { return c.raw && c.raw.low ? r + 2 : r; };
    };
    var datasets = [
      { label: 'Green fraction (%)', data: gf, yAxisID: 'y', borderColor: '#2e7d32', backgroundColor: fill('#2e7d32'),
        pointBorderColor: edge('#2e7d32'), pointStyle: pointStyle, pointRadius: radius(4), pointHoverRadius: 6,
        pointBorderWidth: 1.5, borderWidth: 2, tension: 0 },
      { label: 'Mean ' + indexLabel, data: mean, yAxisID: 'y1', borderColor: '#b45309', backgroundColor: fill('#b45309'),
        pointBorderColor: edge('#b45309'), pointStyle: pointStyle, pointRadius: radius(3), pointHoverRadius: 5,
        pointBorderWidth: 1.5, borderWidth: 1.5, borderDash: [5, 3], tension: 0 }
    ];
    if (line.length) {
      datasets.push({ label: 'Theil–Sen trend of ' + metricLabel(metric, indexLabel) + ' (' + slopeText(trend, onGreen)
          + (finite(trend.mannKendallP) ? ', ' + formatP(trend.mannKendallP) : '') + ')',
        data: line, yAxisID: onGreen ? 'y' : 'y1', borderColor: '#111827', backgroundColor: '#111827',
        borderWidth: 2, pointRadius: 0, pointHoverRadius: 0, borderDash: [2, 3], pointStyle: 'line' });
    }
    var band = trendBand(points, trend, onGreen ? 100 : 1);
    if (band.length) {   // Sen's 95 % slope interval: the lines of its slopes through the pivot, filled between
      datasets.push({ label: 'Trend 95 % band (Sen 1968)', data: band[0], yAxisID: onGreen ? 'y' : 'y1', borderColor: 'rgba(17,24,39,0.25)',
        backgroundColor: 'rgba(17,24,39,0.08)', borderWidth: 1, pointRadius: 0, pointHoverRadius: 0, pointStyle: 'rect', fill: false });
      datasets.push({ label: '', data: band[1], yAxisID: onGreen ? 'y' : 'y1', borderColor: 'rgba(17,24,39,0.25)',
        backgroundColor: 'rgba(17,24,39,0.08)', borderWidth: 1, pointRadius: 0, pointHoverRadius: 0, fill: '-1', bandEdge: true });
    }
    var reference = series.reference;
    if (reference && Array.isArray(reference.points) && reference.points.length) {
      datasets.push({ label: 'Reference ' + reference.site + ': mean ' + indexLabel, yAxisID: 'y1',
        data: reference.points.filter(function (r) { return finite(r.referenceMean); })
            .map(function (r) { return { x: timeOf({ date: r.date }), y: r.referenceMean, ref: r }; }),
        borderColor: '#2563eb', backgroundColor: '#2563eb', pointStyle: 'rectRot', pointRadius: 3, borderWidth: 1.5,
        borderDash: [1, 2], tension: 0 });
    }
    var hasLow = points.some(isLow);
    var span = Math.max(timeOf(points[points.length - 1]) - timeOf(points[0]), 90 * 864e5);
    var xMin = timeOf(points[0]) - span * 0.03;
    var xMax = timeOf(points[points.length - 1]) + span * 0.03;
    if (hasLow) {   // legend entry only: explains the hollow red triangles
      datasets.push({ label: 'Cloudy / low valid fraction', data: [], borderColor: '#dc2626', backgroundColor: '#ffffff',
        pointStyle: 'triangle', pointRadius: 5, borderWidth: 1.5, showLine: false });
    }
    state.chart = new Chart(ui.chart, {
      type: 'line',
      plugins: [dateMarker, errorBars],
      data: { datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'nearest', intersect: false },
        layout: { padding: { top: 0, right: 4, bottom: 0, left: 0 } },
        scales: {
          x: { type: 'linear', min: xMin, max: xMax, afterBuildTicks: function (axis) { axis.ticks = yearTicks(xMin, xMax); },
               ticks: { autoSkip: true, maxRotation: 0, callback: function (v) { return new Date(v).getUTCFullYear(); } },
               grid: { color: '#eef1ec' } },
          y: { position: 'left', min: 0, max: 100, title: { display: true, text: 'Green fraction (%)', color: '#2e7d32' },
               ticks: { color: '#2e7d32' }, grid: { color: '#eef1ec' } },
          y1: { position: 'right', title: { display: true, text: 'Mean ' + indexLabel, color: '#b45309' },
                ticks: { color: '#b45309' }, grid: { drawOnChartArea: false } }
        },
        plugins: {
          legend: { position: 'top', align: 'start',
                    labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, font: { size: 11.5 }, padding: 12,
                              filter: function (item, data) { return !data.datasets[item.datasetIndex].bandEdge; } } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? isoDate(items[0].parsed.x) : ''; },
            afterLabel: function (item) {
              var p = item.raw && item.raw.p;
              if (!p) return '';
              var u = p.uncertainty;
              var lines = [(p.quality ? 'quality ' + p.quality : '') +
                  (finite(p.validFraction) ? ', valid ' + percent(p.validFraction) : '') +
                  (finite(p.cloudFraction) ? ', cloud ' + percent(p.cloudFraction) : '')];
              if (u && finite(u.lower95)) {
                lines.push('mean 95 % interval ' + u.lower95.toFixed(4) + ' – ' + u.upper95.toFixed(4)
                    + ' (effective n ' + Math.round(u.effectiveN) + ')');
              }
              if (finite(p.relativeIndex)) lines.push('relative to reference ' + p.relativeIndex.toFixed(3));
              return lines.concat(provenanceLines(p));
            }
          } }
        }
      }
    });
    ui.trend.textContent = trendText(trend, onGreen, indexLabel, points.length) +
        (hasLow ? ' Hollow red triangles: cloudy or low valid fraction, left out of the trend.' : '') +
        referenceText(reference) + targetText(series.target);
  }

  /** The lines of the slope interval's limits through the trend's pivot, over the points' span: [lower, upper]. */
  function trendBand(points, trend, scale) {
    if (!trend || !finite(trend.slopeLowerPerYear) || !finite(trend.slopeUpperPerYear) || !finite(trend.pivotValue)
        || !trend.pivotDate || points.length < 2) return [];
    var tp = timeOf({ date: trend.pivotDate });
    var t0 = timeOf(points[0]);
    var t1 = timeOf(points[points.length - 1]);
    var line = function (slope) {
      return [t0, t1].map(function (t) { return { x: t, y: scale * (trend.pivotValue + slope * (t - tp) / MS_PER_YEAR) }; });
    };
    return [line(trend.slopeLowerPerYear), line(trend.slopeUpperPerYear)];
  }

  function referenceText(reference) {
    if (!reference) return '';
    var t = reference.relativeTrend;
    var last = reference.points && reference.points.length ? reference.points[reference.points.length - 1] : null;
    return ' Relative to reference ' + reference.site + (last && finite(last.relativeIndex)
        ? ': ' + last.relativeIndex.toFixed(2) + ' on ' + last.date : '') + (t && finite(t.slopePerYear)
        ? ', trend ' + signed(t.slopePerYear, 3) + '/yr' + (finite(t.mannKendallP) ? ' (' + formatP(t.mannKendallP) + ')' : '') : '') + '.';
  }

  function targetText(target) {
    if (!target) return '';
    var what = target.metric === 'greenFraction' ? 'green fraction ' + Math.round(target.value * 100) + ' %'
        : 'mean ' + target.value;
    if (target.status === 'reached') return ' Target ' + what + ': reached on ' + target.reachedOn + '.';
    if (target.status === 'projected') {
      return ' Target ' + what + ': projected ' + target.projectedDate + ' (95 %: ' + (target.projectedDateLow || '?') + ' – '
          + (target.projectedDateHigh || 'open') + ').';
    }
    return ' Target ' + what + ': not projected (' + target.reason + ').';
  }

  /** A Chart.js plugin drawing each mean point's 95 % interval (its uncertainty) as a vertical bar. */
  var errorBars = {
    id: 'errorBars',
    afterDatasetsDraw: function (chart) {
      var meta = chart.getDatasetMeta(1);
      var y = chart.scales.y1;
      if (!meta || meta.hidden || !y) return;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#b45309';
      ctx.lineWidth = 1;
      meta.data.forEach(function (el, i) {
        var raw = chart.data.datasets[1].data[i];
        var u = raw && raw.p && raw.p.uncertainty;
        if (!u || !finite(u.lower95) || !finite(u.upper95)) return;
        var top = y.getPixelForValue(u.upper95), bottom = y.getPixelForValue(u.lower95);
        ctx.beginPath();
        ctx.moveTo(el.x, top); ctx.lineTo(el.x, bottom);
        ctx.moveTo(el.x - 3, top); ctx.lineTo(el.x + 3, top);
        ctx.moveTo(el.x - 3, bottom); ctx.lineTo(el.x + 3, bottom);
        ctx.stroke();
      });
      ctx.restore();
    }
  };

  /** Where a point's scenes came from: 'collection · item id' per STAC scene, 'upload' otherwise. */
  function provenanceLines(p) {
    if (!p.provenance || !p.provenance.length) return [];
    return p.provenance.map(function (s) {
      return s.kind === 'stac' ? 'from ' + (s.collection || '?') + ' · ' + s.itemId : 'from an upload (' + s.sceneId + ')';
    });
  }

  /**
   * The import panel: the newest import (or the id typed in), its status, item counts and bytes, polled every 2 s
   * from GET /api/v1/imports/{id} until it finishes.
   */
  var importPanel = (function () {
    var box = document.getElementById('import-status');
    var input = document.getElementById('import-id');
    if (!box || !input) return null;
    var timer = null;
    function render(i) {
      if (!i) { box.textContent = 'No import.'; return; }
      var k = i.items || {};
      var done = (k.ingested || 0) + (k.duplicate || 0) + (k.skipped || 0) + (k.failed || 0);
      var total = k.found || 0;
      box.innerHTML = '';
      var head = document.createElement('div');
      head.textContent = i.id + ': ' + i.status;
      var bar = document.createElement('progress');
      bar.max = Math.max(total, 1);
      bar.value = Math.min(done, bar.max);
      var counts = document.createElement('div');
      counts.className = 'muted';
      counts.textContent = done + '/' + total + ' items (' + (k.ingested || 0) + ' new, ' + (k.duplicate || 0) + ' stored, '
          + (k.skipped || 0) + ' skipped, ' + (k.failed || 0) + ' failed), ' + ((i.bytesRead || 0) / 1048576).toFixed(1) + ' MiB';
      box.appendChild(head);
      box.appendChild(bar);
      box.appendChild(counts);
      (i.errors || []).slice(0, 3).forEach(function (e) {
        var d = document.createElement('div');
        d.className = 'muted';
        d.textContent = (e.item || 'search') + ': ' + e.error;
        box.appendChild(d);
      });
    }
    function follow(id) {
      if (timer) clearTimeout(timer);
      getJson('/api/v1/imports/' + encodeURIComponent(id)).then(function (i) {
        render(i);
        if (i && ['done', 'failed', 'cancelled'].indexOf(i.status) < 0) timer = setTimeout(function () { follow(id); }, 2000);
      });
    }
    input.addEventListener('change', function () { if (input.value.trim()) follow(input.value.trim()); });
    getJson('/api/v1/imports').then(function (all) {
      var newest = all && all.imports && all.imports[0];
      if (newest) { input.value = newest.id; follow(newest.id); } else render(null);
    });
    return { follow: follow };
  })();

  function trendText(trend, onGreen, indexLabel, count) {
    if (!trend || !finite(trend.slopePerYear)) return count + ' observations; too few for a trend.';
    var n = finite(trend.n) ? ' over ' + trend.n + ' observations' : '';
    var p = finite(trend.mannKendallP) ? ' (Mann–Kendall ' + formatP(trend.mannKendallP) + ')' : '';
    return 'Theil–Sen trend of ' + metricLabel(trend.metric, indexLabel) + ': ' + slopeText(trend, onGreen) + p + n + '.';
  }

  function isoDate(ms) { return new Date(ms).toISOString().slice(0, 10); }

  /** A Chart.js plugin drawing a vertical line at the map's current date. */
  var dateMarker = {
    id: 'dateMarker',
    beforeDatasetsDraw: function (chart) {
      var date = currentDate();
      var x = chart.scales.x;
      var area = chart.chartArea;
      if (!date || !x || !area) return;
      var t = Date.parse(date + 'T00:00:00Z');
      if (t < x.min || t > x.max) return;
      var px = x.getPixelForValue(t);
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = 'rgba(29, 78, 216, 0.55)';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = '11px system-ui, sans-serif';
      var w = ctx.measureText(date).width + 8;
      var left = px > area.right - w - 4 ? px - w - 3 : px + 3;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.fillRect(left, area.bottom - 17, w, 15);
      ctx.fillStyle = 'rgba(29, 78, 216, 0.9)';
      ctx.textBaseline = 'middle';
      ctx.fillText(date, left + 4, area.bottom - 9.5);
      ctx.restore();
    }
  };

  /** Chart ticks on 1 January of each year within [min, max] (UTC milliseconds). */
  function yearTicks(min, max) {
    var ticks = [];
    for (var y = new Date(min).getUTCFullYear(); y <= new Date(max).getUTCFullYear(); y++) {
      var t = Date.UTC(y, 0, 1);
      if (t >= min && t <= max) ticks.push({ value: t });
    }
    return ticks;
  }

  ui.seriesIndex.addEventListener('change', loadSeries);
  ui.siteClose.addEventListener('click', closeSite);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !ui.panel.hidden) closeSite();
  });

  function loadScenes() {
    return getJson('/api/v1/scenes').then(function (body) {
      var scenes = body && Array.isArray(body.scenes) ? body.scenes : null;
      if (!scenes) return;   // unknown: every date is offered
      var boxes = {};
      scenes.forEach(function (s) {
        var b = s.bboxWgs84;
        if (!s.date || !Array.isArray(b) || b.length !== 4) return;
        (boxes[s.date] = boxes[s.date] || []).push(L.latLngBounds([[b[1], b[0]], [b[3], b[2]]]));
      });
      state.sceneBoxes = boxes;
    });
  }

  /** The alerts panel: open alerts first, then the latest cleared ones; a click opens the site. */
  function loadAlerts() {
    return getJson('/api/v1/alerts').then(function (body) {
      var alerts = body && Array.isArray(body.alerts) ? body.alerts : [];
      alerts.sort(function (a, b) { return (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1); });
      ui.alerts.textContent = '';
      ui.alertsEmpty.hidden = alerts.length > 0;
      alerts.slice(0, 30).forEach(function (a) {
        var li = document.createElement('li');
        li.className = 'alert ' + a.state;
        li.dataset.site = a.site;
        li.dataset.rule = a.rule;
        var head = document.createElement('div');
        var feature = state.features.find(function (f) { return siteId(f) === a.site; });
        head.textContent = (feature ? siteName(feature) : a.site) + ' · ' + a.rule + (a.state === 'open' ? ' (open)' : ' (cleared)');
        var detail = document.createElement('div');
        detail.className = 'muted';
        detail.textContent = (a.observedOn ? a.observedOn + ': ' : '') + a.detail;
        li.appendChild(head);
        li.appendChild(detail);
        li.title = 'Opened ' + a.openedAt + (a.clearedAt ? ', cleared ' + a.clearedAt : '');
        if (feature) li.addEventListener('click', function () { openSite(feature, true); });
        ui.alerts.appendChild(li);
      });
    });
  }

  // Sites first: the view is fitted to them before any tile is requested.
  Promise.all([loadSites(), loadScenes()]).then(function () { loadAlerts(); return loadLayers(); });
})();
