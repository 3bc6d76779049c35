package greencover.service.map;

import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.TargetGrid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws site outlines (anti-aliased 2 px lines) and short names (white halo) into an ARGB image of a target grid.
 * A name sits at an interior point of its site (a ring-shaped site gets it on the ring, not in the hole), or at an
 * interior point of the site's upper or lower third when that spot is taken; a name that would overlap one already
 * drawn is dropped. Smaller sites are labelled first, and sites just outside the image take part in the placement,
 * so that neighbouring tiles agree on which labels are drawn.
 */
final class SitesPainter {
    static final int OUTLINE_ARGB = 0xFFE6007E;
    static final int LABEL_MAX_CHARS = 32;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    /** How far beyond the image (in pixels) sites still take part in label placement: about two long labels. */
    private static final double LABEL_REACH_PX = 512;
    private static final double LABEL_PADDING_PX = 3;

    private SitesPainter() {}

    /** A site projected to the target CRS, with its area in target units² (for the labelling order). */
    private record Projected(MapSite site, Geometry geometry, double area) {}

    /** Paints {@code sites} over {@code img}; returns how many site outlines were drawn. */
    static int paint(BufferedImage img, TargetGrid t, List<MapSite> sites, CrsTransforms transforms)
            throws FactoryException {
        MathTransform mt = transforms.find(DefaultGeographicCRS.WGS84, t.crs());
        Envelope view = new Envelope(t.minX(), t.maxX(), t.minY(), t.maxY());
        view.expandBy(4 * t.pixelWidth(), 4 * t.pixelHeight());
        Envelope near = new Envelope(view);
        near.expandBy(LABEL_REACH_PX * t.pixelWidth(), LABEL_REACH_PX * t.pixelHeight());
        List<Projected> nearby = new ArrayList<>();
        for (MapSite site : sites) {
            Geometry projected;
            try {
                projected = JTS.transform(site.wgs84(), mt);
            } catch (Exception e) {
                continue; // outside the domain of the target projection
            }
            if (projected.getEnvelopeInternal().intersects(near)) nearby.add(new Projected(site, projected, projected.getArea()));
        }
        Graphics2D g = img.createGraphics();
        int drawn = 0;
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(OUTLINE_ARGB, true));
            for (Projected p : nearby) {
                if (!p.geometry().getEnvelopeInternal().intersects(view)) continue;
                Path2D path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                appendRings(path, p.geometry(), t);
                g.draw(path);
                drawn++;
            }
            nearby.sort(Comparator.comparingDouble(Projected::area).thenComparing(p -> p.site().id(),
                    Comparator.nullsFirst(Comparator.naturalOrder())));
            g.setFont(FONT);
            LabelPlacer placer = new LabelPlacer(LABEL_PADDING_PX);
            Rectangle2D image = new Rectangle2D.Double(0, 0, img.getWidth(), img.getHeight());
            for (Projected p : nearby) {
                String name = p.site().name() == null || p.site().name().isBlank() ? p.site().id() : p.site().name();
                String text = LabelPlacer.shorten(name, LABEL_MAX_CHARS);
                if (text.isEmpty()) continue;
                FontMetrics fm = g.getFontMetrics();
                double w = fm.stringWidth(text), h = fm.getAscent() + fm.getDescent();
                List<Rectangle2D> boxes = new ArrayList<>();
                for (Point anchor : anchors(p.geometry())) {
                    double px = (anchor.getX() - t.minX()) / t.pixelWidth(), py = (t.maxY() - anchor.getY()) / t.pixelHeight();
                    boxes.add(new Rectangle2D.Double(px - w / 2, py - h / 2, w, h));
                }
                Rectangle2D box = placer.place(boxes);
                if (box != null && box.intersects(image)) drawLabel(g, text, box.getX(), box.getY() + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return drawn;
    }

    /**
     * Label anchors in order of preference: an interior point of the site, then interior points of its parts in the
     * upper and the lower third of its envelope.
     */
    static List<Point> anchors(Geometry geom) {
        List<Point> out = new ArrayList<>(3);
        addInteriorPoint(out, geom);
        Envelope e = geom.getEnvelopeInternal();
        if (e.getHeight() > 0 && e.getWidth() > 0) {
            double third = e.getHeight() / 3;
            GeometryFactory f = geom.getFactory();
            for (Envelope band : List.of(new Envelope(e.getMinX(), e.getMaxX(), e.getMaxY() - third, e.getMaxY()),
                    new Envelope(e.getMinX(), e.getMaxX(), e.getMinY(), e.getMinY() + third))) {
                try {
                    addInteriorPoint(out, geom.intersection(f.toGeometry(band)));
                } catch (RuntimeException ex) {
                    // an invalid outline: keep the anchors found so far
                }
            }
        }
        return out;
    }

    private static void addInteriorPoint(List<Point> out, Geometry g) {
        if (g == null || g.isEmpty()) return;
        Point p;
        try {
            p = g.getInteriorPoint();
        } catch (RuntimeException e) {
            p = g.getCentroid();
        }
        if (p != null && !p.isEmpty() && Double.isFinite(p.getX()) && Double.isFinite(p.getY())) out.add(p);
    }

    private static void appendRings(Path2D path, Geometry geom, TargetGrid t) {
        for (int k = 0; k < geom.getNumGeometries(); k++) {
            Geometry part = geom.getGeometryN(k);
            if (part instanceof Polygon poly) {
                appendLine(path, poly.getExteriorRing(), t);
                for (int h = 0; h < poly.getNumInteriorRing(); h++) appendLine(path, poly.getInteriorRingN(h), t);
            } else if (part instanceof LineString line) {
                appendLine(path, line, t);
            }
        }
    }

    private static void appendLine(Path2D path, LineString line, TargetGrid t) {
        Coordinate[] cs = line.getCoordinates();
        double sx = 1 / t.pixelWidth(), sy = 1 / t.pixelHeight();
        for (int i = 0; i < cs.length; i++) {
            double px = (cs[i].x - t.minX()) * sx, py = (t.maxY() - cs[i].y) * sy;
            if (i == 0) path.moveTo(px, py);
            else path.lineTo(px, py);
        }
    }

    /** Draws {@code text} with its baseline starting at ({@code x}, {@code baseline}): dark fill, white halo. */
    private static void drawLabel(Graphics2D g, String text, double x, double baseline) {
        TextLayout layout = new TextLayout(text, FONT, g.getFontRenderContext());
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, baseline));
        g.setColor(new Color(255, 255, 255, 220));
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setColor(new Color(0x30, 0x30, 0x30));
        g.fill(outline);
    }
}
