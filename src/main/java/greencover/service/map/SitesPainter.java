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
import java.awt.image.BufferedImage;
import java.util.List;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws site outlines (anti-aliased 2 px lines) and names (at an interior point, with a white halo) into an
 * ARGB image of a target grid.
 */
final class SitesPainter {
    static final int OUTLINE_ARGB = 0xFFE6007E;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);

    private SitesPainter() {}

    /** Paints {@code sites} over {@code img}; returns how many sites were drawn. */
    static int paint(BufferedImage img, TargetGrid t, List<MapSite> sites, CrsTransforms transforms)
            throws FactoryException {
        MathTransform mt = transforms.find(DefaultGeographicCRS.WGS84, t.crs());
        Envelope view = new Envelope(t.minX(), t.maxX(), t.minY(), t.maxY());
        double marginX = 4 * t.pixelWidth(), marginY = 4 * t.pixelHeight();
        view.expandBy(marginX, marginY);
        Graphics2D g = img.createGraphics();
        int drawn = 0;
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setFont(FONT);
            for (MapSite site : sites) {
                Geometry projected;
                try {
                    projected = JTS.transform(site.wgs84(), mt);
                } catch (Exception e) {
                    continue; // outside the domain of the target projection
                }
                if (!projected.getEnvelopeInternal().intersects(view)) continue;
                Path2D path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                appendRings(path, projected, t);
                g.setColor(new Color(OUTLINE_ARGB, true));
                g.draw(path);
                drawLabel(g, site.name(), projected, t);
                drawn++;
            }
        } finally {
            g.dispose();
        }
        return drawn;
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

    private static void drawLabel(Graphics2D g, String name, Geometry projected, TargetGrid t) {
        if (name == null || name.isBlank()) return;
        Point anchor;
        try {
            anchor = projected.getInteriorPoint();
        } catch (RuntimeException e) {
            anchor = projected.getCentroid();
        }
        if (anchor == null || anchor.isEmpty()) return;
        double px = (anchor.getX() - t.minX()) / t.pixelWidth(), py = (t.maxY() - anchor.getY()) / t.pixelHeight();
        FontMetrics fm = g.getFontMetrics();
        float x = (float) (px - fm.stringWidth(name) / 2.0), y = (float) (py + fm.getAscent() / 2.0 - 1);
        TextLayout layout = new TextLayout(name, FONT, g.getFontRenderContext());
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, y));
        g.setColor(new Color(255, 255, 255, 220));
        g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setColor(new Color(0x30, 0x30, 0x30));
        g.fill(outline);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
}
