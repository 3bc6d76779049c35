package greencover.cli.samples;

import java.util.List;

/**
 * A site polygon projected to UTM: its id, name and rings (first the exterior, then holes), each ring
 * as interleaved easting,northing pairs in metres with the closing vertex repeated.
 */
record SiteOutline(String id, String name, List<double[]> rings) {

    SiteOutline {
        rings = List.copyOf(rings);
    }

    /** Bounding box as {minX, minY, maxX, maxY}. */
    double[] bounds() {
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double[] ring : rings) {
            for (int i = 0; i < ring.length; i += 2) {
                minX = Math.min(minX, ring[i]);
                maxX = Math.max(maxX, ring[i]);
                minY = Math.min(minY, ring[i + 1]);
                maxY = Math.max(maxY, ring[i + 1]);
            }
        }
        return new double[] {minX, minY, maxX, maxY};
    }
}
