package greencover.cli.samples;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the sample generator produces: a list of regions (one UTM extent each) and their scene plans.
 * {@link #standard()} is the bundled {@code sample-tiles/} set; tests build smaller ones.
 *
 * @param regions the regions, in output order (the manifest is sorted by date regardless)
 */
public record SampleConfig(List<Region> regions) {

    public SampleConfig {
        regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("regions must not be empty");
        }
    }

    /**
     * One region: an extent in a UTM zone covering some sites, imaged on several dates.
     *
     * @param key            short name used in logs (e.g. "zijinshan")
     * @param epsg           EPSG code of the UTM zone (32650, 32634)
     * @param tile           Sentinel-2 MGRS tile, without the T (e.g. "50RMN")
     * @param relativeOrbit  relative orbit number 1..143
     * @param sensingTime    UTC sensing time of day as HHMMSS (e.g. "025651")
     * @param extentSiteIds  ids of the sites whose bounding box (plus margin) is the extent
     * @param marginM        margin around the sites' bounding box in metres
     * @param landscape      the land-cover model
     * @param scenes         acquisitions, any order
     */
    public record Region(String key, int epsg, String tile, int relativeOrbit, String sensingTime,
                         List<String> extentSiteIds, double marginM, Landscape landscape, List<Scene> scenes) {
        public Region {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(tile, "tile");
            Objects.requireNonNull(landscape, "landscape");
            extentSiteIds = List.copyOf(Objects.requireNonNull(extentSiteIds, "extentSiteIds"));
            scenes = List.copyOf(Objects.requireNonNull(scenes, "scenes"));
            if (epsg < 32601 || epsg > 32760) {
                throw new IllegalArgumentException("epsg must be a WGS84 UTM code but was " + epsg);
            }
            if (relativeOrbit < 1 || relativeOrbit > 143) {
                throw new IllegalArgumentException("relativeOrbit must be in 1..143 but was " + relativeOrbit);
            }
            if (sensingTime == null || !sensingTime.matches("\\d{6}")) {
                throw new IllegalArgumentException("sensingTime must be HHMMSS but was " + sensingTime);
            }
            if (extentSiteIds.isEmpty()) {
                throw new IllegalArgumentException("extentSiteIds must not be empty");
            }
            if (!(marginM >= 0)) {
                throw new IllegalArgumentException("marginM must be non-negative but was " + marginM);
            }
            if (scenes.isEmpty()) {
                throw new IllegalArgumentException("scenes must not be empty");
            }
        }
    }

    /**
     * One planned acquisition.
     *
     * @param acquired      acquisition date (UTC)
     * @param cloudSiteId   site over which the cloud share is controlled, or null for a clear scene
     * @param cloudFraction share (0..1) of that site masked by cloud, cirrus or cloud shadow (SCL 3/8/9/10)
     * @param snowFraction  share (0..1) of the whole scene under snow (SCL 11), 0 for none
     * @param nodataCorner  whether the north-east corner is outside the swath (DN 0, SCL 0)
     */
    public record Scene(LocalDate acquired, String cloudSiteId, double cloudFraction, double snowFraction,
                        boolean nodataCorner) {
        public Scene {
            Objects.requireNonNull(acquired, "acquired");
            if (!(cloudFraction >= 0 && cloudFraction < 1)) {
                throw new IllegalArgumentException("cloudFraction must be in [0, 1) but was " + cloudFraction);
            }
            if (cloudFraction > 0 && cloudSiteId == null) {
                throw new IllegalArgumentException("cloudSiteId is required when cloudFraction > 0");
            }
            if (!(snowFraction >= 0 && snowFraction < 1)) {
                throw new IllegalArgumentException("snowFraction must be in [0, 1) but was " + snowFraction);
            }
        }

        /** A cloud-free, snow-free acquisition. */
        public static Scene clear(LocalDate acquired) {
            return new Scene(acquired, null, 0, 0, false);
        }

        /** An acquisition with {@code fraction} of site {@code siteId} masked by cloud, cirrus or cloud shadow. */
        public static Scene cloudy(LocalDate acquired, String siteId, double fraction) {
            return new Scene(acquired, siteId, fraction, 0, false);
        }
    }

    /** The bundled set: 11 Zijinshan scenes 2016–2025 and 9 Bor scenes 2019–2025. */
    public static SampleConfig standard() {
        List<Scene> zijinshan = new ArrayList<>();
        zijinshan.add(Scene.clear(LocalDate.of(2016, 11, 3)));
        zijinshan.add(Scene.clear(LocalDate.of(2017, 12, 18)));
        zijinshan.add(Scene.cloudy(LocalDate.of(2018, 10, 24), "zijinshan-dump", 0.20));
        zijinshan.add(Scene.cloudy(LocalDate.of(2019, 8, 6), "zijinshan-dump", 0.35));
        zijinshan.add(Scene.clear(LocalDate.of(2020, 11, 8)));
        zijinshan.add(Scene.cloudy(LocalDate.of(2021, 7, 22), "zijinshan-dump", 0.65));
        zijinshan.add(Scene.clear(LocalDate.of(2021, 12, 28)));
        zijinshan.add(Scene.clear(LocalDate.of(2022, 11, 13)));
        zijinshan.add(Scene.cloudy(LocalDate.of(2023, 10, 29), "zijinshan-dump", 0.10));
        zijinshan.add(Scene.clear(LocalDate.of(2024, 8, 15)));
        zijinshan.add(new Scene(LocalDate.of(2025, 11, 18), null, 0, 0, true));

        List<Scene> bor = new ArrayList<>();
        bor.add(Scene.clear(LocalDate.of(2019, 7, 14)));
        bor.add(new Scene(LocalDate.of(2020, 1, 22), null, 0, 0.25, false));
        bor.add(Scene.cloudy(LocalDate.of(2020, 8, 17), "veliki-krivelj-tailings", 0.25));
        bor.add(Scene.clear(LocalDate.of(2021, 8, 22)));
        bor.add(new Scene(LocalDate.of(2022, 2, 10), "bor-old-flotation-tailings", 0.15, 0.30, false));
        bor.add(Scene.cloudy(LocalDate.of(2022, 7, 19), "bor-old-flotation-tailings", 0.30));
        bor.add(Scene.clear(LocalDate.of(2023, 6, 24)));
        bor.add(Scene.cloudy(LocalDate.of(2024, 8, 27), "bor-rth-tailings", 0.70));
        bor.add(Scene.clear(LocalDate.of(2025, 7, 12)));

        return new SampleConfig(List.of(
                new Region("zijinshan", 32650, "50RMN", 32, "025651",
                        List.of("zijinshan-dump", "zijinshan-open-pit"), 300, Landscape.zijinshan(), zijinshan),
                new Region("bor", 32634, "34TEP", 7, "092029",
                        List.of("bor-rth-tailings", "bor-old-flotation-tailings", "veliki-krivelj-tailings"), 300,
                        Landscape.bor(), bor)));
    }
}
