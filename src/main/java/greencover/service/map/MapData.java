package greencover.service.map;

import java.util.List;

/**
 * What the map renderer reads: the stored scenes (ordered by date, then id) and sites, and a version
 * number that changes whenever either changes (ingest, delete), used to key caches.
 */
public interface MapData {
    List<MapScene> scenes();

    List<MapSite> sites();

    long version();
}
