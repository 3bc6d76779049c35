package greencover.stac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The collection profile table: which assets of an item hold which band role, which sensor reads them, and which
 * BOA offset rule applies, with the reason recorded per scene.
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>profile</th><th>red / nir / mask</th><th>offset</th></tr>
 *   <tr><td>{@code earth-search-sentinel-2-l2a} (Earth Search v1 {@code sentinel-2-l2a})</td><td>red / nir / scl</td>
 *       <td>0 when {@code earthsearch:boa_offset_applied} is true, whatever {@code raster:bands} says (Element84 removed it);
 *       else the processing baseline (−1000 DN from 04.00)</td></tr>
 *   <tr><td>{@code earth-search-sentinel-2-c1-l2a}</td><td>red / nir / scl</td><td>the red asset's {@code raster:bands}
 *       offset over its scale (−0.1 / 0.0001 = −1000 DN); without one, the baseline. An item with −1000 DN but no
 *       {@code s2:processing_baseline} and a date before 04.00 (a reprocessed acquisition) is recorded at the
 *       collection's baseline 05.00, so the sensor applies the same offset; one whose baseline is before 04.00 is refused</td></tr>
 *   <tr><td>{@code planetary-computer-sentinel-2-l2a}</td><td>B04 / B08 / SCL</td><td>the baseline
 *       ({@code s2:processing_baseline}: −1000 DN from 04.00); hrefs need a SAS token</td></tr>
 *   <tr><td>{@code planetary-computer-landsat-c2-l2}, {@code usgs-landsat-c2l2-sr}</td><td>red / nir08 / qa_pixel</td>
 *       <td>Landsat C2 L2's fixed scale 2.75e-5 and offset −0.2</td></tr>
 * </table>
 * Optional, when the item has the asset: {@code nir08} (Earth Search) or {@code B8A} (Planetary Computer) as the
 * Sentinel-2 {@code nir08} band, {@code qa_radsat} as the Landsat {@code qa_radsat} band.
 * Any other collection: a mapping given with the request ({@code sensor}, {@code assets} by role, {@code fields}).
 */
public final class CollectionProfiles {
    public static final String ES_S2 = "earth-search-sentinel-2-l2a", ES_S2_C1 = "earth-search-sentinel-2-c1-l2a",
            PC_S2 = "planetary-computer-sentinel-2-l2a", PC_LANDSAT = "planetary-computer-landsat-c2-l2",
            USGS_LANDSAT = "usgs-landsat-c2l2-sr";
    /** The named profiles. */
    public static final List<String> NAMES = List.of(ES_S2, ES_S2_C1, PC_S2, PC_LANDSAT, USGS_LANDSAT);

    private CollectionProfiles() {}

    /** The provenance key of the item's {@link Acquisitions#key acquisition key} (platform, tile, sensing time). */
    public static final String ACQUISITION = "acquisition";

    /** A user-given mapping: the sensor id, the asset key of each band role, and the sensor's fields. */
    public record Mapping(String sensor, Map<String, String> assets, Map<String, String> fields) {}

    /** One band of the scene: its role key, the asset it comes from, its href and declared header size (0: unknown). */
    public record Band(String role, String asset, String href, int headerBytes) {}

    /**
     * What an item becomes: a sensor with its fields, the acquisition instant, a name, the bands, what identifies it
     * (collection, item id, asset hrefs and checksums) and the provenance to record (profile, item id, collection,
     * hrefs, baseline, offset rule and why, the item's CRS and grid).
     */
    public record ItemScene(String profile, String sensor, Map<String, String> fields, String acquired, String name,
                            List<Band> bands, String identity, Map<String, String> provenance) {
        /** Whether the hrefs need a Planetary Computer SAS token (the Planetary Computer profiles). */
        public boolean needsSigning() { return profile.equals(PC_S2) || profile.equals(PC_LANDSAT); }
    }

    /** The profile an item gets without one named: by collection id and, for {@code sentinel-2-l2a}, by its keys. */
    public static String detect(StacItem item) {
        String c = item.collection() == null ? "" : item.collection().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "sentinel-2-l2a" -> item.properties().containsKey("earthsearch:boa_offset_applied") || item.assets().containsKey("red")
                    ? ES_S2 : item.assets().containsKey("B04") ? PC_S2 : null;
            case "sentinel-2-c1-l2a" -> ES_S2_C1;
            case "landsat-c2-l2" -> PC_LANDSAT;
            case "landsat-c2l2-sr" -> USGS_LANDSAT;
            default -> null;
        };
    }

    /**
     * The scene of {@code item} under {@code profile} (null: {@link #detect detected}) or {@code mapping} (for other
     * collections; it outranks a profile).
     *
     * @throws StacException {@code unknown_collection} when neither applies, {@code missing_band} when an asset is
     *         missing, {@code invalid_stac_item} for a missing date or an offset the profile cannot read
     */
    public static ItemScene resolve(StacItem item, String profile, Mapping mapping) {
        if (mapping != null) return custom(item, mapping);
        String p = profile != null ? profile.trim().toLowerCase(Locale.ROOT) : detect(item);
        if (p == null) {
            throw new StacException("unknown_collection", "collectionProfile", "collection '" + item.collection() + "' has no built-in profile ("
                    + String.join(", ", NAMES) + "); name one as collectionProfile, or give a mapping {\"sensor\", \"assets\": {\"red\": key, \"nir\": key, \"mask\": key}}");
        }
        Map<String, String> prov = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        List<Band> bands;
        String sensor;
        switch (p) {
            case ES_S2, ES_S2_C1, PC_S2 -> {
                sensor = "sentinel2-l2a";
                bands = p.equals(PC_S2) ? bands(item, "B04", "B08", "SCL") : bands(item, "red", "nir", "scl");
                String baseline = item.text("s2:processing_baseline");
                if (baseline != null) fields.put("processingBaseline", baseline);
                int offset;
                String rule, why;
                Object flag = item.properties().get("earthsearch:boa_offset_applied");
                Double bandsOffset = rasterOffsetDn(item.assets().get(bands.get(0).asset()));
                if (p.equals(ES_S2) && Boolean.TRUE.equals(flag)) {
                    offset = 0;
                    rule = "earthsearch:boa_offset_applied";
                    why = "earthsearch:boa_offset_applied is true: Element84 removed the offset from the pixels"
                            + (bandsOffset != null && bandsOffset != 0 ? " (raster:bands' offset " + bandsOffset.intValue() + " DN is ignored)" : "");
                } else if (p.equals(ES_S2_C1) && bandsOffset != null) {
                    offset = (int) Math.round(bandsOffset);
                    if (offset != 0 && offset != -1000) {
                        throw new StacException("invalid_stac_item", "the red asset's raster:bands offset is " + offset + " DN; Sentinel-2 L2A's is -1000 or 0");
                    }
                    rule = "raster:bands";
                    why = "the red asset's raster:bands offset over its scale is " + offset + " DN (truthful in this collection)";
                    if (offset == -1000 && baselineRuleOffset(baseline, item.id(), item.text("datetime")) == 0) {
                        // the sensor would take "no offset" from the baseline, the name or the date: say which baseline holds
                        if (baseline != null) {
                            throw new StacException("invalid_stac_item", "the red asset's raster:bands offset is -1000 DN but its "
                                    + "s2:processing_baseline " + baseline + " is before 04.00, which has no offset: the item contradicts itself");
                        }
                        baseline = C1_BASELINE_FLOOR;
                        fields.put("processingBaseline", baseline);
                        why += "; the item gives no s2:processing_baseline and its date is before 04.00 (2022-01-25), so the "
                                + "collection's own, " + C1_BASELINE_FLOOR + " or later (ESA's Collection-1 reprocessing), is recorded";
                    }
                } else {
                    offset = baselineOffset(baseline, item.id());
                    rule = "baseline";
                    why = "processing baseline " + (baseline == null ? "(none: from the item id and date)" : baseline)
                            + (offset == 0 ? " is before 04.00: no offset" : " is 04.00 or later: -1000 DN")
                            + (p.equals(ES_S2) ? " (earthsearch:boa_offset_applied is " + flag + ")" : "");
                }
                fields.put("offsetApplied", offset == 0 ? "true" : "false");
                prov.put("offsetDn", Integer.toString(offset));
                prov.put("offsetRule", rule);
                prov.put("offsetReason", why);
                if (baseline != null) prov.put("processingBaseline", baseline);
            }
            case PC_LANDSAT, USGS_LANDSAT -> {
                sensor = "landsat-c2l2";
                bands = bands(item, "red", "nir08", "qa_pixel");
                prov.put("offsetRule", "landsat-c2l2");
                prov.put("offsetReason", "Landsat Collection 2 Level-2 surface reflectance: scale 2.75e-5, offset -0.2");
            }
            default -> throw new StacException("unknown_collection", "collectionProfile", "collectionProfile '" + profile + "' is not one of "
                    + String.join(", ", NAMES));
        }
        optionalBands(item, p, bands);
        return scene(item, p, sensor, fields, bands, prov);
    }

    /**
     * The optional bands of a profile, added when the item has their asset: Sentinel-2 B8A as {@code nir08} (Earth
     * Search {@code nir08}, Planetary Computer {@code B8A}; it makes the scene harmonisable, HLS), Landsat QA_RADSAT as
     * {@code qa_radsat} (saturated red/NIR pixels are no data). They are left out of the item's identity
     * ({@link #OPTIONAL_ROLES}): the item id already names the product, so an item read before they were taken stays
     * the same scene.
     */
    private static void optionalBands(StacItem item, String profile, List<Band> bands) {
        String key = switch (profile) {
            case ES_S2, ES_S2_C1 -> "nir08";
            case PC_S2 -> "B8A";
            case PC_LANDSAT, USGS_LANDSAT -> "qa_radsat";
            default -> null;
        };
        String role = profile.equals(PC_LANDSAT) || profile.equals(USGS_LANDSAT) ? "qa_radsat" : "nir08";
        StacItem.Asset a = key == null ? null : item.assets().get(key);
        if (a != null && a.href() != null && !a.href().isBlank()) bands.add(band(item, role, key));
    }

    /** Band roles that do not enter an item's identity (see {@link #optionalBands}). */
    static final List<String> OPTIONAL_ROLES = List.of("nir08", "qa_radsat");

    private static ItemScene custom(StacItem item, Mapping m) {
        if (m.sensor() == null || m.sensor().isBlank()) throw new StacException("missing_field", "collectionProfile", "a mapping needs a sensor");
        List<Band> bands = new ArrayList<>();
        for (var e : m.assets().entrySet()) bands.add(band(item, e.getKey(), e.getValue()));
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("offsetRule", "mapping");
        prov.put("offsetReason", "the sensor's own rule with the fields given in the mapping");
        return scene(item, "mapping", m.sensor(), new LinkedHashMap<>(m.fields() == null ? Map.of() : m.fields()), bands, prov);
    }

    private static ItemScene scene(StacItem item, String profile, String sensor, Map<String, String> fields, List<Band> bands,
                                   Map<String, String> prov) {
        String acquired = item.text("datetime");
        if (acquired == null) acquired = item.text("start_datetime");
        if (acquired == null) throw new StacException("invalid_stac_item", "the STAC item " + item.id() + " has no datetime");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kind", "stac");
        p.put("profile", profile);
        p.put("itemId", item.id());
        if (item.collection() != null) p.put("collection", item.collection());
        String acquisition = Acquisitions.key(item); // one scene per acquisition across imports (SceneService)
        if (acquisition != null) {
            p.put(ACQUISITION, acquisition);
            p.putAll(Acquisitions.Processing.of(item).fields());
        }
        StringBuilder identity = new StringBuilder(item.collection() + "|" + item.id());
        for (Band b : bands) {
            String unsigned = unsigned(b.href());
            p.put("href." + b.role(), unsigned);
            p.put("asset." + b.role(), b.asset());
            declaredGrid(item, b, p);
            if (OPTIONAL_ROLES.contains(b.role())) continue;
            identity.append('|').append(b.role()).append('=').append(unsigned);
            Object sum = item.assets().get(b.asset()).fields().get("file:checksum");
            if (sum != null) identity.append('#').append(sum);
        }
        String crs = itemCrs(item, bands.get(0).asset());
        if (crs != null) p.put("itemCrs", crs);
        p.putAll(prov);
        return new ItemScene(profile, sensor, fields, acquired, item.id(), bands, identity.toString(), p);
    }

    /**
     * Records the grid the item declares for band {@code b}'s asset: {@code proj:transform} (its first six terms) and
     * {@code proj:shape}, on the asset first, then the item, with the asset's CRS ({@link #itemCrs}), under
     * {@code projTransform.<role>}, {@code projShape.<role>} and {@code projCrs.<role>} (read by the ingest).
     */
    private static void declaredGrid(StacItem item, Band b, Map<String, String> p) {
        Map<String, Object> a = item.assets().get(b.asset()).fields();
        Object t = a.containsKey("proj:transform") ? a.get("proj:transform") : item.properties().get("proj:transform");
        Object s = a.containsKey("proj:shape") ? a.get("proj:shape") : item.properties().get("proj:shape");
        if (!(t instanceof List<?> tl) || tl.size() < 6 || !(s instanceof List<?> sl) || sl.size() != 2) return;
        StringBuilder tr = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (!(tl.get(i) instanceof Number n)) return;
            tr.append(i == 0 ? "" : ",").append(n.doubleValue());
        }
        if (!(sl.get(0) instanceof Number rows) || !(sl.get(1) instanceof Number cols)) return;
        p.put("projTransform." + b.role(), tr.toString());
        p.put("projShape." + b.role(), rows.intValue() + "," + cols.intValue());
        String crs = itemCrs(item, b.asset());
        if (crs != null) p.put("projCrs." + b.role(), crs);
    }

    /** The item's CRS: {@code proj:code} before {@code proj:epsg}, on the asset first, then the item. */
    public static String itemCrs(StacItem item, String asset) {
        Map<String, Object> a = item.assets().containsKey(asset) ? item.assets().get(asset).fields() : Map.of();
        for (Map<String, Object> m : List.of(a, item.properties())) {
            Object code = m.get("proj:code");
            if (code != null) return code.toString();
            Object epsg = m.get("proj:epsg");
            if (epsg instanceof Number n) return "EPSG:" + n.intValue();
        }
        return null;
    }

    private static List<Band> bands(StacItem item, String red, String nir, String mask) {
        List<Band> out = new ArrayList<>();
        out.add(band(item, "red", red));
        out.add(band(item, "nir", nir));
        if (item.assets().containsKey(mask)) out.add(band(item, "mask", mask));
        return out;
    }

    private static Band band(StacItem item, String role, String key) {
        StacItem.Asset a = item.assets().get(key);
        if (a == null || a.href() == null || a.href().isBlank()) {
            throw new StacException("missing_band", "stacItem", "the STAC item " + item.id() + " has no asset '" + key + "' for the "
                    + role + " band (assets: " + item.assets().keySet() + ")");
        }
        Object h = a.fields().get("file:header_size");
        int header = h instanceof Number n && n.longValue() > 0 && n.longValue() < (16 << 20) ? n.intValue() : 0;
        return new Band(role, key, a.href(), header);
    }

    /** The offset of an asset's first {@code raster:bands} entry in DN (offset / scale), or null when it declares none. */
    static Double rasterOffsetDn(StacItem.Asset a) {
        if (a == null || !(a.fields().get("raster:bands") instanceof List<?> l) || l.isEmpty() || !(l.get(0) instanceof Map<?, ?> b)) return null;
        if (!(b.get("offset") instanceof Number off)) return null;
        double scale = b.get("scale") instanceof Number s ? s.doubleValue() : 1;
        if (!(scale > 0)) return null;
        return off.doubleValue() / scale;
    }

    /** The baseline of every {@code sentinel-2-c1-l2a} product: ESA's Collection-1 reprocessing is 05.00 or later. */
    static final String C1_BASELINE_FLOOR = "05.00";

    /**
     * The offset the Sentinel-2 sensor's own baseline rule gives (its order: the {@code processingBaseline} field, the
     * name's {@code _Nxxyy_}, the acquisition date against 2022-01-25): −1000 or 0.
     */
    static int baselineRuleOffset(String baseline, String name, String acquired) {
        if (baseline != null && !baseline.isBlank()) return baselineOffset(baseline, name);
        java.util.regex.Matcher n = java.util.regex.Pattern.compile("_N(\\d{2})(\\d{2})(?=[_.]|$)").matcher(name.toUpperCase(Locale.ROOT));
        if (n.find()) return Integer.parseInt(n.group(1)) >= 4 ? -1000 : 0;
        return acquired != null && acquired.length() >= 10 && acquired.substring(0, 10).compareTo("2022-01-25") < 0 ? 0 : -1000;
    }

    /** −1000 from baseline 04.00 (or, without one, from 2022-01-25 by the item id's date), else 0. */
    static int baselineOffset(String baseline, String id) {
        if (baseline != null) {
            String b = baseline.trim().replace("N", "");
            try {
                double v = b.contains(".") ? Double.parseDouble(b) : Integer.parseInt(b) / 100.0;
                return v >= 4.0 ? -1000 : 0;
            } catch (NumberFormatException e) {
                throw new StacException("invalid_stac_item", "s2:processing_baseline '" + baseline + "' is not a baseline like 05.09");
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(20\\d\\d)(\\d\\d)(\\d\\d)").matcher(id);
        if (m.find()) return m.group().compareTo("20220125") >= 0 ? -1000 : 0;
        throw new StacException("invalid_stac_item", "the item has no s2:processing_baseline and its id carries no date");
    }

    /** {@code href} without its query (a signature) or fragment. */
    public static String unsigned(String href) {
        int q = href.indexOf('?'), f = href.indexOf('#');
        int cut = q < 0 ? f : f < 0 ? q : Math.min(q, f);
        return cut < 0 ? href : href.substring(0, cut);
    }
}
