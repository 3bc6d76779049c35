package greencover.stac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One item per acquisition: items of the same platform, tile and sensing time are one acquisition however often it
 * was reprocessed and in whichever collections it appears (Earth Search's {@code sentinel-2-l2a} and
 * {@code sentinel-2-c1-l2a} hold the same Sentinel-2 take). The newest processing is kept: the higher
 * {@code s2:processing_baseline}, then the later {@code updated}, then {@code created}, then the later item id.
 *
 * <p>The tile is {@code s2:mgrs_tile}, else {@code mgrs:utm_zone} + {@code mgrs:latitude_band} +
 * {@code mgrs:grid_square}, else {@code landsat:wrs_path}/{@code landsat:wrs_row}, else {@code grid:code}; the
 * sensing time is {@code datetime} to the second. An item without a platform or tile is its own acquisition.
 */
public final class Acquisitions {
    private Acquisitions() {}

    /** The acquisition key of {@code item}, or null when it cannot be told (no platform, tile or time). */
    public static String key(StacItem item) {
        String platform = item.text("platform");
        String time = item.text("datetime");
        String tile = tile(item);
        if (platform == null || time == null || tile == null) return null;
        String t = time.length() >= 19 ? time.substring(0, 19) : time;
        return platform.toLowerCase(Locale.ROOT) + "|" + tile.toUpperCase(Locale.ROOT).replaceFirst("^T", "").replaceFirst("^MGRS-", "") + "|" + t;
    }

    private static String tile(StacItem item) {
        String s2 = item.text("s2:mgrs_tile");
        if (s2 != null) return s2;
        String zone = item.text("mgrs:utm_zone"), band = item.text("mgrs:latitude_band"), square = item.text("mgrs:grid_square");
        if (zone != null && band != null && square != null) return zone + band + square;
        String path = item.text("landsat:wrs_path"), row = item.text("landsat:wrs_row");
        if (path != null && row != null) return "WRS" + path + "/" + row;
        return item.text("grid:code");
    }

    /** Whether {@code a} is a newer processing than {@code b} of the same acquisition. */
    public static boolean newer(StacItem a, StacItem b) { return Processing.of(a).compareTo(Processing.of(b)) > 0; }

    /**
     * How recent one processing of an acquisition is, in the order of the class comment: the processing baseline
     * (-1 without one), then {@code updated}, then {@code created} (empty when absent), then the item id. It is recorded
     * with a scene read from the item ({@link #fields}), so an item met in a later import or watch poll is compared with
     * the stored scene of its acquisition ({@link #of(Map)}).
     */
    public record Processing(double baseline, String updated, String created, String itemId) implements Comparable<Processing> {
        /** The source keys a processing is recorded under. */
        public static final String BASELINE = "processing.baseline", UPDATED = "processing.updated", CREATED = "processing.created";

        /** The processing of {@code item}. */
        public static Processing of(StacItem item) {
            return new Processing(parseBaseline(item.text("s2:processing_baseline")), text(item, "updated"), text(item, "created"), item.id());
        }

        /** The processing recorded in a scene's source ({@link #fields} and {@code itemId}). */
        public static Processing of(Map<String, String> source) {
            String b = source.get(BASELINE);
            return new Processing(b == null ? -1 : parseBaseline(b), source.getOrDefault(UPDATED, ""), source.getOrDefault(CREATED, ""),
                    source.getOrDefault("itemId", ""));
        }

        /** The entries to record with a scene (the item id is recorded as {@code itemId} already). */
        public Map<String, String> fields() {
            Map<String, String> m = new LinkedHashMap<>();
            if (baseline >= 0) m.put(BASELINE, Double.toString(baseline));
            if (!updated.isEmpty()) m.put(UPDATED, updated);
            if (!created.isEmpty()) m.put(CREATED, created);
            return m;
        }

        @Override
        public int compareTo(Processing o) {
            int c = Double.compare(baseline, o.baseline);
            if (c == 0) c = updated.compareTo(o.updated);
            if (c == 0) c = created.compareTo(o.created);
            if (c == 0) c = itemId.compareTo(o.itemId);
            return c;
        }
    }

    private static double parseBaseline(String b) {
        if (b == null) return -1;
        try {
            return Double.parseDouble(b.replace("N", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(StacItem i, String k) {
        String v = i.text(k);
        return v == null ? "" : v;
    }

    /** The indices into {@code items} that are kept, in their order: the newest processing of each acquisition. */
    public static List<Integer> newest(List<StacItem> items) {
        Map<String, Integer> best = new LinkedHashMap<>();
        List<Integer> unkeyed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String k = key(items.get(i));
            if (k == null) {
                unkeyed.add(i);
                continue;
            }
            Integer at = best.get(k);
            if (at == null || newer(items.get(i), items.get(at))) best.put(k, i);
        }
        List<Integer> out = new ArrayList<>(best.values());
        out.addAll(unkeyed);
        out.sort(Integer::compare);
        return out;
    }
}
