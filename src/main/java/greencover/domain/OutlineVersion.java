package greencover.domain;

import java.time.Instant;
import java.time.LocalDate;
import org.locationtech.jts.geom.Geometry;

/**
 * One version of a site's outline: valid from {@code validFrom} (inclusive) until the next version's, in WGS84
 * (x = longitude), as given in the request, with the inner buffer in metres that is left out of the statistics
 * (the mixed pixels along the edge; 0 for none). The site's own outline is the version before the first of these.
 */
public record OutlineVersion(String siteId, LocalDate validFrom, Geometry wgs84, String geometryAsGiven, double innerBufferM,
                             Instant createdAt) {}
