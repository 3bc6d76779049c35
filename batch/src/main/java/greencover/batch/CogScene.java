package greencover.batch;

import greencover.app.Services;
import greencover.core.raster.BandRole;
import greencover.core.raster.SensorParameter;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.service.BandInput;
import greencover.service.IngestRequest;
import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A scene given as bare COG band files, without a STAC item: one line of {@code key=value} words separated by blanks,
 * with the names of the {@code ingest} command's options (and of the upload's form fields) without their dashes:
 *
 * <pre>sensor=sentinel2-l2a acquired=2023-06-01T03:12:00Z red=https://host/B04.tif nir=/data/B08.tif mask=file:/data/SCL.tif name=S2B_MSIL2A_... processing-baseline=05.09</pre>
 *
 * <ul>
 *   <li>one word per band role ({@code red}, {@code nir}, {@code mask}, {@code blue}, {@code green}, {@code swir1},
 *       {@code nir08}, {@code qa_radsat}), each a single-band GeoTIFF (ideally a COG): {@code ingest --file --bands}'s
 *       one file of several bands is refused, since a scene read in place is read again, for a site added later, from
 *       band 1 of each recorded href;</li>
 *   <li>{@code sensor} and {@code acquired} (required), {@code name} (the product name, from which the sensor may read
 *       its baseline and platform, as for an upload);</li>
 *   <li>the sensor's fields, dashed as the {@code ingest} options ({@code processing-baseline}, {@code offset-applied},
 *       {@code scale}, {@code mask-values}, ...) or as the form fields ({@code processingBaseline}).</li>
 * </ul>
 * A location is an {@code http:}, {@code https:} or {@code file:} URL, or a local path (made absolute where the line is
 * read, so on a cluster it must be the same path on every executor). The scene is ingested by
 * {@link SceneService#ingestRemote}, the server's windowed read of scenes where they live (the one a STAC item goes
 * through): only the window the sites need is read through {@code RemoteRasters}, nothing is copied, and the scene
 * records its hrefs and fields as its source ({@code kind=cog}), so a site added later is read again from there. Its
 * identity is its sensor, date, fields and band locations: a re-run finds it stored before any fetch.
 */
record CogScene(String sensor, String acquired, String name, Map<String, URI> bands, Map<String, String> fields) {
    /** The mark of a COG scene among the job's work items (which are STAC item URLs or JSON otherwise). */
    static final String PREFIX = "cog-scene ";

    private static final Set<String> RESERVED = Set.of("sensor", "acquired", "name", "file", "bands");

    /** Whether a work item is a COG scene. */
    static boolean isWork(String item) { return item.startsWith(PREFIX); }

    /**
     * The work item of line {@code line}: the line as read here, local paths made absolute {@code file:} URLs, so
     * that an executor reads what the driver was given.
     */
    static String work(String line) { return PREFIX + parse(line, "--cogs").canonical(); }

    /** The scene as one line, in a fixed order: sensor, acquired, name, fields, then the bands by role. */
    String canonical() {
        StringBuilder b = new StringBuilder("sensor=").append(sensor).append(" acquired=").append(acquired);
        if (name != null) b.append(" name=").append(name);
        for (var f : fields.entrySet()) b.append(' ').append(f.getKey()).append('=').append(f.getValue());
        for (var e : bands.entrySet()) b.append(' ').append(e.getKey()).append('=').append(e.getValue());
        return b.toString();
    }

    /** Whether a band is read from a local file. */
    boolean local() { return bands.values().stream().anyMatch(u -> "file".equalsIgnoreCase(u.getScheme())); }

    private static String normalised(String line) { return line.trim().replaceAll("\\s+", " "); }

    /**
     * Reads one scene line.
     *
     * @param where names the line in messages (e.g. {@code --cogs scene 3})
     * @throws IllegalArgumentException naming the word that is wrong
     */
    static CogScene parse(String line, String where) {
        String l = normalised(line.startsWith(PREFIX) ? line.substring(PREFIX.length()) : line);
        Map<String, String> words = new LinkedHashMap<>();
        for (String w : l.split(" ")) {
            int eq = w.indexOf('=');
            if (eq <= 0 || eq == w.length() - 1) throw new IllegalArgumentException(where + ": '" + w + "' is not key=value");
            String k = w.substring(0, eq);
            if (words.put(k, w.substring(eq + 1)) != null) throw new IllegalArgumentException(where + ": '" + k + "' is given twice");
        }
        Map<String, String> sensorFields = sensorFields();
        Map<String, URI> bands = new TreeMap<>();
        Map<String, String> fields = new TreeMap<>();
        for (var e : words.entrySet()) {
            String k = e.getKey();
            if (RESERVED.contains(k)) continue;
            BandRole role = role(k);
            if (role != null) {
                put(bands, role, location(e.getValue(), where, k), where);
            } else if (sensorFields.containsKey(k)) {
                fields.put(sensorFields.get(k), e.getValue());
            } else {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (band roles " + roles() + ", sensor, acquired, name, "
                        + "file with bands, or a sensor field: " + new TreeSet<>(sensorFields.keySet()) + ")");
            }
        }
        if (words.containsKey("file") || words.containsKey("bands")) {
            // a scene read in place records one href per role and is read again (for a site added later) from band 1 of
            // each: a file of several bands would then be read wrong
            throw new IllegalArgumentException(where + ": file= with bands= (one file of several bands) cannot be read in place; "
                    + "give one single-band COG per role (red=... nir=...)");
        }
        for (String need : new String[] {"sensor", "acquired"}) {
            if (!words.containsKey(need)) throw new IllegalArgumentException(where + ": " + need + "= is required");
        }
        for (String need : new String[] {"red", "nir"}) {
            if (!bands.containsKey(need)) throw new IllegalArgumentException(where + ": band " + need + "= is required");
        }
        return new CogScene(words.get("sensor"), words.get("acquired"), words.get("name"), bands, fields);
    }

    private static void put(Map<String, URI> bands, BandRole role, URI at, String where) {
        if (bands.put(role.key(), at) != null) throw new IllegalArgumentException(where + ": band " + role.key() + " is given twice");
    }

    private static BandRole role(String key) {
        try {
            return BandRole.parse(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> roles() {
        return java.util.Arrays.stream(BandRole.values()).map(BandRole::key).toList();
    }

    /** Each sensor field by its spellings: the form field ({@code processingBaseline}) and the option ({@code processing-baseline}). */
    private static Map<String, String> sensorFields() {
        Map<String, String> m = new TreeMap<>();
        for (SensorProvider p : SensorProviders.defaults().all()) {
            for (SensorParameter q : p.parameters()) {
                m.put(q.name(), q.name());
                m.put(q.name().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT), q.name());
            }
        }
        return m;
    }

    /** A URL as given ({@code http:}, {@code https:}, {@code file:}) or a local path as an absolute {@code file:} URL. */
    private static URI location(String v, String where, String key) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:") || lower.startsWith("file:")) {
            try {
                URI u = new URI(v);
                if (!lower.startsWith("file:") && u.getHost() == null) throw new java.net.URISyntaxException(v, "no host");
                return u;
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(where + ": " + key + " '" + v + "' is not a URL");
            }
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException(where + ": " + key + " '" + v + "' is neither a local path nor an http, https or file URL");
        }
        return Path.of(v).toAbsolutePath().normalize().toUri();
    }

    /** The server's ingest request of this scene: its bands read where they live. */
    IngestRequest request() {
        List<BandInput> in = new ArrayList<>();
        for (var e : bands.entrySet()) in.add(BandInput.remote(BandRole.parse(e.getKey()), e.getValue(), 0, e.getKey(), 0));
        return new IngestRequest(in, sensor, acquired, name, fields);
    }

    /** What identifies the scene: its sensor, acquisition, name, fields and band locations. */
    String identity() {
        StringBuilder b = new StringBuilder("cog|").append(sensor).append('|').append(acquired).append('|').append(name == null ? "" : name);
        for (var f : fields.entrySet()) b.append('|').append(f.getKey()).append('=').append(f.getValue());
        for (var e : bands.entrySet()) b.append('|').append(e.getKey()).append('=').append(e.getValue());
        return b.toString();
    }

    /** Its recorded source: {@code kind=cog} and each band's href (what a later re-read of the scene reads). */
    Map<String, String> source() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", "cog");
        for (var e : bands.entrySet()) m.put("href." + e.getKey(), SceneService.unsigned(e.getValue()));
        return m;
    }

    /**
     * Ingests the scene of work item {@code work} into {@code svc}'s catalog.
     *
     * @throws InvalidInputException as an upload or a STAC item is refused ({@code no_site_in_scene}, a source's codes,
     *         every upload check's)
     */
    static SceneService.IngestResult ingest(Services svc, String work) {
        CogScene c = parse(work, "cog scene");
        return svc.scenes().ingestRemote(new SceneService.RemoteIngest(c.request(), c.identity(), c.source()), null);
    }
}
