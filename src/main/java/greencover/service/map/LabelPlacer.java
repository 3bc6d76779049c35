package greencover.service.map;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Places map labels without overlap: a label goes to the first of its candidate boxes that, grown by a padding,
 * meets no label placed before it; when every candidate meets one, the label is dropped.
 */
final class LabelPlacer {
    private final double paddingPx;
    private final List<Rectangle2D> placed = new ArrayList<>();

    /** A placer keeping labels at least {@code paddingPx} apart. */
    LabelPlacer(double paddingPx) {
        if (!(paddingPx >= 0)) throw new IllegalArgumentException("paddingPx must be >= 0 but was " + paddingPx);
        this.paddingPx = paddingPx;
    }

    /** Places the first candidate box clear of all placed labels and returns it; null when none is clear. */
    Rectangle2D place(List<Rectangle2D> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        for (Rectangle2D c : candidates) {
            Rectangle2D grown = new Rectangle2D.Double(c.getX() - paddingPx, c.getY() - paddingPx,
                    c.getWidth() + 2 * paddingPx, c.getHeight() + 2 * paddingPx);
            boolean clear = true;
            for (Rectangle2D p : placed) {
                if (grown.intersects(p)) {
                    clear = false;
                    break;
                }
            }
            if (clear) {
                placed.add(c);
                return c;
            }
        }
        return null;
    }

    /**
     * Shortens a site name for a map label: drops a trailing parenthetical remark ("Open pit (context)" → "Open pit")
     * and cuts what is still longer than {@code maxChars} at a word boundary, ending it with "…".
     */
    static String shorten(String name, int maxChars) {
        if (maxChars < 2) throw new IllegalArgumentException("maxChars must be >= 2 but was " + maxChars);
        if (name == null) return "";
        String s = name.strip().replaceAll("\\s+", " ");
        int paren = s.indexOf(" (");
        if (paren >= 3) s = s.substring(0, paren);
        if (s.length() <= maxChars) return s;
        String cut = s.substring(0, maxChars - 1);
        int space = cut.lastIndexOf(' ');
        if (s.charAt(maxChars - 1) != ' ' && space >= maxChars / 2) cut = cut.substring(0, space);   // whole words
        cut = cut.replaceAll("[\\s\\-/,;:.]+$", "");
        return cut + "…";
    }
}
