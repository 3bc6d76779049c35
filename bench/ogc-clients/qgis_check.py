#!/usr/bin/python3
"""QGIS itself (PyQGIS, headless) against a running GreenCover server on the samples.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/ogc-clients/qgis_check.py [BASE]

BASE defaults to $BASE or http://127.0.0.1:8080. Needs Debian's qgis and python3-qgis (QGIS 3.22 on bookworm).
Each check prints PASS or FAIL with what it saw; the exit status is the number of failures. What it checks is the
"Done when" list of issue 11:

- the WMS-T layers framed on a site (zijinshan-dump:ndvi, veliki-krivelj-tailings:ndvi) and the global ndvi layer
  over Zijinshan, added with the URI QGIS's WMS source dialog writes (type=wmst, styles= empty), render a
  non-blank map at every frame of a yearly temporal-controller animation over the layer's own range, in the
  provider's default interval handling ("match start of range" sends the frame start as TIME);
- "Zoom to layer" (the layer's extent) frames one site, not both regions;
- the layer's legend (GetLegendGraphic through the default style's LegendURL) is fetched as an image, and a print
  layout's legend item draws it (its colour ramp, not only the layer's name);
- identify answers in the Feature (GeoJSON), HTML and Text views;
- index.tif and the time-series CSV open by URL through GDAL's /vsicurl/ (what "Add Raster/Vector Layer -> HTTP" uses);
- the sites layer (GeoJSON from /api/v1/sites) loads with every site.
"""
import os
import sys
import json
import urllib.request
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsRasterLayer, QgsVectorLayer, QgsMapSettings, QgsMapRendererSequentialJob,
                       QgsTemporalNavigationObject, QgsDateTimeRange, QgsInterval, QgsUnitTypes, QgsRaster,
                       QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsPointXY, QgsRectangle,
                       QgsLayerTreeLayer, QgsLayerTreeModel, QgsRasterDataProviderTemporalCapabilities, Qgis)
from qgis.PyQt.QtCore import QSize, Qt, QEventLoop, QTimer
from qgis.PyQt.QtGui import QColor, QImage, QPixmap

BASE = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BASE", "http://127.0.0.1:8080")).rstrip("/")
WMS = BASE + "/wms"
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))
    if not ok:
        failures += 1


def wait(ms):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec_()


def capabilities():
    with urllib.request.urlopen(WMS + "?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities") as r:
        root = ET.fromstring(r.read())
    ns = {"w": "http://www.opengis.net/wms"}
    dims = {}
    for layer in root.iter("{http://www.opengis.net/wms}Layer"):
        name = layer.find("w:Name", ns)
        dim = layer.find("w:Dimension[@name='time']", ns)
        if name is not None and dim is not None:
            dims[name.text] = dim.text.strip()
    return dims


def wmst_layer(name, dims):
    # the URI QGIS 3.22's WMS source select writes for a layer with a time dimension
    uri = ("allowTemporalUpdates=true&crs=EPSG:3857&dpiMode=7&format=image/png&layers=" + name + "&styles="
           + "&temporalSource=provider&timeDimensionExtent=" + dims[name] + "&type=wmst&url=" + WMS)
    return QgsRasterLayer(uri, name, "wms")


def drawn_pixels(img):
    n = 0
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            if QColor(img.pixel(x, y)).alpha() > 0:
                n += 1
    return n


def animate(layer, label):
    caps = layer.dataProvider().temporalCapabilities()
    method = caps.intervalHandlingMethod()
    rng = caps.availableTemporalRange()
    nav = QgsTemporalNavigationObject()
    nav.setTemporalExtents(rng)
    nav.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalYears))
    frames = nav.totalFrameCount()
    ms = QgsMapSettings()
    ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    ms.setLayers([layer])
    ms.setOutputSize(QSize(256, 256))
    ms.setBackgroundColor(QColor(0, 0, 0, 0))
    ms.setExtent(layer.extent())  # "Zoom to layer"
    ms.setIsTemporal(True)
    blank = []
    counts = []
    for k in range(frames):
        frame = nav.dateTimeRangeForFrameNumber(k)
        ms.setTemporalRange(frame)
        job = QgsMapRendererSequentialJob(ms)
        job.start()
        job.waitForFinished()
        n = drawn_pixels(job.renderedImage())
        counts.append(n)
        if n == 0:
            blank.append(frame.begin().toString(Qt.ISODate))
    check(label + ": every yearly frame draws", frames > 0 and not blank,
          "%d frames from %s to %s, interval handling %s, drawn pixels (of 16384 sampled) per frame %s%s"
          % (frames, rng.begin().toString(Qt.ISODate), rng.end().toString(Qt.ISODate), method_name(method), counts,
             (", blank at " + ", ".join(blank)) if blank else ""))


def method_name(m):
    names = {QgsRasterDataProviderTemporalCapabilities.MatchUsingWholeRange: "MatchUsingWholeRange",
             QgsRasterDataProviderTemporalCapabilities.MatchExactUsingStartOfRange: "MatchExactUsingStartOfRange",
             QgsRasterDataProviderTemporalCapabilities.MatchExactUsingEndOfRange: "MatchExactUsingEndOfRange",
             QgsRasterDataProviderTemporalCapabilities.FindClosestMatchToStartOfRange: "FindClosestMatchToStartOfRange",
             QgsRasterDataProviderTemporalCapabilities.FindClosestMatchToEndOfRange: "FindClosestMatchToEndOfRange"}
    return names.get(m, str(m))


def zoom_to_layer(layer, label, lon, lat):
    to_wgs84 = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    e = to_wgs84.transformBoundingBox(layer.extent())
    ok = e.contains(QgsPointXY(lon, lat)) and e.width() < 1 and e.height() < 1
    check(label + ": zoom to layer frames the site", ok, "extent %.4f,%.4f,%.4f,%.4f (lon/lat)"
          % (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()))


def legend(layer, label):
    # as the layer tree shows it: a model over the project's tree; the WMS legend node fetches GetLegendGraphic
    # (the default style's LegendURL) asynchronously and then shows the image
    QgsProject.instance().addMapLayer(layer)
    root = QgsProject.instance().layerTreeRoot()
    model = QgsLayerTreeModel(root)
    tree_layer = root.findLayer(layer.id())
    nodes = model.layerLegendNodes(tree_layer)
    img = None
    for _ in range(100):
        for n in nodes:
            d = n.data(Qt.DecorationRole)
            if isinstance(d, QPixmap):
                d = d.toImage()
            if isinstance(d, QImage) and not d.isNull() and d.width() > 20 and d.height() > 20:
                img = d
        if img is not None:
            break
        wait(100)
    kinds = ",".join(type(n).__name__ for n in nodes)
    check(label + ": legend appears in the layer tree", img is not None,
          "legend nodes %s%s" % (kinds, ", image %dx%d px" % (img.width(), img.height()) if img is not None else ""))


def print_layout_legend(layer, label):
    # a print layout with one legend item over the project's layers, exported to an image the way "Export as Image"
    # does; the WMS legend graphic arrives asynchronously, so export until its colours show (up to 10 s)
    from qgis.core import QgsPrintLayout, QgsLayoutItemLegend, QgsLayoutExporter, QgsLayoutPoint, QgsLayoutSize
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    item = QgsLayoutItemLegend(layout)
    item.setAutoUpdateModel(False)
    item.model().rootGroup().removeAllChildren()
    item.model().rootGroup().addLayer(layer)
    item.attemptMove(QgsLayoutPoint(10, 10, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(120, 150, QgsUnitTypes.LayoutMillimeters))
    item.setResizeToContents(True)
    layout.addLayoutItem(item)
    coloured, img = 0, None
    for _ in range(20):
        item.updateLegend()
        img = QgsLayoutExporter(layout).renderPageToImage(0, QSize(800, 1131))
        coloured = 0
        for y in range(0, img.height(), 2):
            for x in range(0, img.width() // 2, 2):
                c = QColor(img.pixel(x, y))
                if c.saturation() > 80 and c.value() > 40:
                    coloured += 1
        if coloured > 50:
            break
        wait(500)
    path = "/tmp/qgis-layout-legend-%s.png" % layer.name().replace(":", "_").replace(" ", "_")
    img.save(path)
    check(label + ": legend appears in a print layout", coloured > 50,
          "%d coloured pixels sampled in the exported page (%s)" % (coloured, path))


def identify(layer, label):
    p = layer.extent().center()
    for fmt, fname in ((QgsRaster.IdentifyFormatFeature, "Feature"), (QgsRaster.IdentifyFormatHtml, "HTML"),
                       (QgsRaster.IdentifyFormatText, "Text")):
        res = layer.dataProvider().identify(p, fmt, layer.extent(), 256, 256)
        results = res.results() if res.isValid() else {}
        text = ""
        ok = res.isValid() and len(results) > 0
        for v in results.values():
            if fname == "Feature":
                # a list of QgsFeatureStore: each holds the GeoJSON features QGIS parsed
                feats = [f for store in v for f in store.features()]
                ok = ok and len(feats) > 0
                if feats:
                    f = feats[0]
                    text = "%d feature(s), fields %s, value %s, time %s" % (
                        len(feats), [fl.name() for fl in f.fields()][:6], f["value"], f["time"])
            else:
                text = str(v)[:90].replace("\n", " ")
        check(label + ": identify, %s view" % fname, ok, text if ok else res.error().summary())


def by_url():
    with urllib.request.urlopen(BASE + "/api/v1/scenes") as r:
        scenes = json.load(r)
    scenes = scenes.get("scenes", scenes) if isinstance(scenes, dict) else scenes
    sid = scenes[0]["id"]
    tif = QgsRasterLayer("/vsicurl/" + BASE + "/api/v1/scenes/" + sid + "/index.tif", "index.tif", "gdal")
    check("index.tif opens by URL (/vsicurl/)", tif.isValid(),
          "%s: %d x %d px, %s" % (sid, tif.width(), tif.height(), tif.crs().authid()) if tif.isValid() else tif.error().summary())
    csv = QgsVectorLayer("CSV:/vsicurl/" + BASE + "/api/v1/sites/zijinshan-dump/timeseries?format=csv", "timeseries", "ogr")
    check("time-series CSV opens by URL", csv.isValid() and csv.featureCount() > 0,
          "%d rows, first columns %s" % (csv.featureCount(), [f.name() for f in csv.fields()][:5]) if csv.isValid() else "invalid")


def sites():
    layer = QgsVectorLayer(BASE + "/api/v1/sites", "sites", "ogr")
    names = sorted(f["id"] if "id" in [x.name() for x in f.fields()] else str(f.id()) for f in layer.getFeatures()) if layer.isValid() else []
    check("sites layer loads", layer.isValid() and layer.featureCount() > 0,
          "%d features, %s, geometry %s: %s" % (layer.featureCount(), layer.crs().authid(),
                                               QgsWkbTypes_name(layer), names) if layer.isValid() else "invalid")


def QgsWkbTypes_name(layer):
    from qgis.core import QgsWkbTypes
    return QgsWkbTypes.displayString(layer.wkbType())


def main():
    qgs = QgsApplication([], False)
    qgs.initQgis()
    print("QGIS %s against %s" % (Qgis.QGIS_VERSION, BASE))
    dims = capabilities()
    # (layer, label, a point of the site in lon/lat for zoom to layer)
    targets = [("zijinshan-dump:ndvi", "Zijinshan dump", 116.40, 25.19),
               ("veliki-krivelj-tailings:ndvi", "Bor, Veliki Krivelj tailings", None, None)]
    for name, label, lon, lat in targets:
        layer = wmst_layer(name, dims)
        check(label + ": WMS-T layer from the capabilities is valid", layer.isValid(),
              "temporal: %s, %d dates" % (layer.temporalProperties().isActive(), len(dims[name].split(","))))
        if not layer.isValid():
            continue
        if lon is None:
            c = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()) \
                .transformBoundingBox(layer.extent()).center()
            lon, lat = c.x(), c.y()
        animate(layer, label)
        zoom_to_layer(layer, label, lon, lat)
        legend(layer, label)
        print_layout_legend(layer, label)
        identify(layer, label)
    # the layer over all the data, over Zijinshan (whose dates span the whole catalog)
    glob = wmst_layer("ndvi", dims)
    zij = wmst_layer("zijinshan-dump:ndvi", dims)
    glob_extent = zij.extent()
    glob.setExtent(glob_extent)
    animate(glob, "ndvi (all data) over Zijinshan")
    by_url()
    sites()
    print("%d failure(s)" % failures)
    qgs.exitQgis()
    return failures


if __name__ == "__main__":
    sys.exit(main())
