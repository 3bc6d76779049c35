package greencover.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Locale;

/**
 * Draws legend images with Java2D (headless): a vertical colour bar with labelled ticks at the stops of a
 * continuous style, a column of labelled swatches for a discrete one, or a line sample for an outline layer.
 * White background, PNG output. Thread-safe.
 */
public final class LegendRenderer {
    private static final int PAD = 6, BAR_W = 18, BAR_H = 150, SWATCH = 16, ROW_H = 22;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /** Renders the legend of {@code style} as PNG. */
    public byte[] render(Style style) {
        return style.discrete() ? renderClasses(style) : renderRamp(style);
    }

    /** Renders a legend for an outline layer: a 2 px line of colour {@code argb} and {@code label}, as PNG. */
    public byte[] renderOutline(String label, int argb) {
        int w = 160, h = 2 * PAD + ROW_H;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = begin(img);
        g.setColor(new Color(argb, true));
        g.setStroke(new BasicStroke(2f));
        g.drawRect(PAD + 1, PAD + 3, SWATCH - 2, SWATCH - 2);
        g.setColor(Color.DARK_GRAY);
        g.setFont(LABEL);
        g.drawString(label, PAD + SWATCH + 6, PAD + 3 + SWATCH - 4);
        g.dispose();
        return encode(img);
    }

    private byte[] renderRamp(Style style) {
        ColorRamp ramp = style.ramp();
        double[] stops = ramp.values();
        double lo = stops[0], hi = stops[stops.length - 1];
        int titleH = 18;
        int w = 150, h = PAD + titleH + BAR_H + PAD + 6;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = begin(img);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(style.quantityName(), PAD, PAD + 12);
        int top = PAD + titleH + 3;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (int y = 0; y < BAR_H; y++) {
            double v = hi - (hi - lo) * y / (BAR_H - 1); // the top row is the highest stop, the bottom the lowest
            g.setColor(new Color(ramp.argbOf(v), true));
            g.fillRect(PAD, top + y, BAR_W, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(PAD - 1, top - 1, BAR_W + 1, BAR_H + 1);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        for (double v : stops) {
            int y = top + (int) Math.round((hi - v) / (hi - lo) * (BAR_H - 1));
            g.setColor(Color.DARK_GRAY);
            g.drawLine(PAD + BAR_W, y, PAD + BAR_W + 4, y);
            g.drawString(tick(v), PAD + BAR_W + 7, y + fm.getAscent() / 2 - 1);
        }
        g.dispose();
        return encode(img);
    }

    private byte[] renderClasses(Style style) {
        int[] colors = style.ramp().colors();
        int titleH = 18;
        int w = 190, h = PAD + titleH + colors.length * ROW_H + PAD;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = begin(img);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(style.quantityName(), PAD, PAD + 12);
        g.setFont(LABEL);
        for (int k = colors.length - 1, row = 0; k >= 0; k--, row++) { // highest class on top
            int y = PAD + titleH + row * ROW_H + 2;
            g.setColor(new Color(colors[k], true));
            g.fillRect(PAD, y, SWATCH, SWATCH);
            g.setColor(Color.GRAY);
            g.drawRect(PAD, y, SWATCH - 1, SWATCH - 1);
            g.setColor(Color.DARK_GRAY);
            g.drawString(style.classLabels().get(k), PAD + SWATCH + 6, y + SWATCH - 4);
        }
        g.dispose();
        return encode(img);
    }

    private static Graphics2D begin(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    private static String tick(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    private static byte[] encode(BufferedImage img) {
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        return PngEncoder.encode(argb, img.getWidth(), img.getHeight(), 6);
    }
}
