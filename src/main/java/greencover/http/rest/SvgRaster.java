package greencover.http.rest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Draws {@link SeriesChart}'s SVG with Java2D into a PNG, for the PDF report (openhtmltopdf draws no SVG without its
 * Batik module). It knows exactly the shapes that chart writes: {@code line}, {@code polyline}, {@code polygon},
 * {@code rect}, {@code circle} and {@code text} with {@code fill}, {@code fill-opacity}, {@code stroke},
 * {@code stroke-width}, {@code stroke-dasharray}, {@code text-anchor} and the root's {@code font-size}; colours are
 * {@code #rrggbb}, {@code #rgb} or {@code none}. Anything else in the SVG is left out.
 */
final class SvgRaster {
    private SvgRaster() {}

    /** The SVG drawn {@code scale} times its own size (for print sharpness), as PNG bytes. */
    static byte[] png(String svg, int scale) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg))).getDocumentElement();
        } catch (Exception ex) {
            throw new IllegalStateException("the chart's SVG does not parse: " + ex.getMessage(), ex);
        }
        int w = (int) Math.ceil(num(root, "width", 800)), h = (int) Math.ceil(num(root, "height", 300));
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(scale, scale);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Font font = new Font("DejaVu Sans", Font.PLAIN, 1).deriveFont((float) num(root, "font-size", 10));
            g.setFont(font);
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element el) draw(g, el);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * An {@code img} element holding the SVG as a PNG data URI, {@code widthMm} wide on the page with the SVG's
     * proportions (openhtmltopdf lays an image out at its given size, so it is sized to the A4 text width).
     */
    static String img(String svg, String alt, double widthMm) {
        int at = svg.indexOf("<svg");
        if (at < 0) return svg; // "no observation" paragraph
        int end = svg.lastIndexOf("</svg>") + "</svg>".length();
        String before = svg.substring(0, at), after = svg.substring(end);
        String one = svg.substring(at, end);
        byte[] png = png(one, 2);
        double ratio;
        try {
            BufferedImage i = ImageIO.read(new java.io.ByteArrayInputStream(png));
            ratio = (double) i.getHeight() / i.getWidth();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return before + "<img class=\"chart\" alt=\"" + SiteReport.e(alt) + "\" style=\""
                + String.format(java.util.Locale.ROOT, "width: %.1fmm; height: %.1fmm", widthMm, widthMm * ratio)
                + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"/>" + after;
    }

    private static void draw(Graphics2D g, Element el) {
        switch (el.getTagName()) {
            case "line" -> paint(g, el, new Line2D.Double(num(el, "x1", 0), num(el, "y1", 0), num(el, "x2", 0), num(el, "y2", 0)), false);
            case "polyline" -> paint(g, el, points(el.getAttribute("points"), false), false);
            case "polygon" -> paint(g, el, points(el.getAttribute("points"), true), true);
            case "rect" -> paint(g, el, new Rectangle2D.Double(num(el, "x", 0), num(el, "y", 0), num(el, "width", 0), num(el, "height", 0)), true);
            case "circle" -> {
                double r = num(el, "r", 0);
                paint(g, el, new Ellipse2D.Double(num(el, "cx", 0) - r, num(el, "cy", 0) - r, 2 * r, 2 * r), true);
            }
            case "text" -> {
                String s = el.getTextContent();
                Color fill = color(el.getAttribute("fill"), 1);
                g.setColor(fill == null ? Color.BLACK : fill);
                double x = num(el, "x", 0), y = num(el, "y", 0);
                double width = g.getFontMetrics().getStringBounds(s, g).getWidth();
                String anchor = el.getAttribute("text-anchor");
                if (anchor.equals("end")) x -= width;
                else if (anchor.equals("middle")) x -= width / 2;
                g.drawString(s, (float) x, (float) y);
            }
            default -> { }
        }
    }

    /** Fills (SVG's default fill is black, for closed shapes only), then strokes (default none). */
    private static void paint(Graphics2D g, Element el, Shape shape, boolean closed) {
        if (closed) {
            String f = el.getAttribute("fill");
            Color fill = f.isEmpty() ? Color.BLACK : color(f, num(el, "fill-opacity", 1));
            if (fill != null) {
                g.setColor(fill);
                g.fill(shape);
            }
        }
        Color stroke = color(el.getAttribute("stroke"), num(el, "stroke-opacity", 1));
        if (stroke != null) {
            float width = (float) num(el, "stroke-width", 1);
            String dash = el.getAttribute("stroke-dasharray");
            float[] pattern = null;
            if (!dash.isBlank() && !dash.equals("none")) {
                String[] parts = dash.trim().split("[,\\s]+");
                pattern = new float[parts.length];
                for (int i = 0; i < parts.length; i++) pattern[i] = Float.parseFloat(parts[i]);
            }
            g.setColor(stroke);
            g.setStroke(pattern == null ? new BasicStroke(width) : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, pattern, 0f));
            g.draw(shape);
        }
    }

    private static Path2D points(String list, boolean close) {
        Path2D.Double p = new Path2D.Double();
        String[] xy = list.trim().split("[,\\s]+");
        for (int i = 0; i + 1 < xy.length; i += 2) {
            double x = Double.parseDouble(xy[i]), y = Double.parseDouble(xy[i + 1]);
            if (i == 0) p.moveTo(x, y);
            else p.lineTo(x, y);
        }
        if (close) p.closePath();
        return p;
    }

    private static double num(Element el, String attr, double dflt) {
        String v = el.getAttribute(attr).trim();
        if (v.isEmpty()) return dflt;
        try {
            return Double.parseDouble(v.endsWith("px") ? v.substring(0, v.length() - 2) : v);
        } catch (NumberFormatException ex) {
            return dflt;
        }
    }

    /** {@code #rrggbb} or {@code #rgb} with an opacity; null for none or an empty value. */
    private static Color color(String v, double opacity) {
        if (v == null || v.isEmpty() || v.equals("none")) return null;
        if (v.matches("#[0-9a-fA-F]{3}")) v = "#" + v.charAt(1) + v.charAt(1) + v.charAt(2) + v.charAt(2) + v.charAt(3) + v.charAt(3);
        if (!v.matches("#[0-9a-fA-F]{6}")) return Color.BLACK;
        int rgb = Integer.parseInt(v.substring(1), 16);
        int a = (int) Math.round(255 * Math.max(0, Math.min(1, opacity)));
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, a);
    }
}
