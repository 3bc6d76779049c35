package greencover.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal STAC API item search (POST {@code /search}, following {@code rel=next} links, GET or POST as they say), for
 * the job's driver. The server has no search client of its own yet; when it has one, this class should give way to it.
 * Each item is returned as its own JSON document (the work unit then needs no second fetch).
 */
final class StacSearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGES = 10_000;

    private StacSearch() {}

    static List<String> items(String api, List<String> collections, double[] bbox, String datetime, Double maxCloud) {
        ObjectNode body = JSON.createObjectNode();
        if (!collections.isEmpty()) collections.forEach(body.putArray("collections")::add);
        if (bbox != null) for (double v : bbox) body.withArray("bbox").add(v);
        if (datetime != null) body.put("datetime", datetime);
        if (maxCloud != null) body.putObject("query").putObject("eo:cloud_cover").put("lte", maxCloud);
        body.put("limit", 100);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
        URI next = URI.create(api.endsWith("/") ? api + "search" : api + "/search");
        String method = "POST";
        JsonNode nextBody = body;
        List<String> out = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES && next != null; page++) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(60)).header("Accept", "application/geo+json");
            if (method.equals("POST")) {
                rb.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(nextBody.toString()));
            } else {
                rb.GET();
            }
            JsonNode res;
            try {
                HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new JobFailedException("the STAC search at " + next + " answered " + r.statusCode() + ": "
                            + r.body().substring(0, Math.min(300, r.body().length())));
                }
                res = JSON.readTree(r.body());
            } catch (java.io.IOException e) {
                throw new JobFailedException("the STAC search at " + next + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobFailedException("the STAC search was interrupted", e);
            }
            for (JsonNode f : res.path("features")) out.add(f.toString());
            next = null;
            for (JsonNode l : res.path("links")) {
                if (!"next".equals(l.path("rel").asText())) continue;
                next = URI.create(l.path("href").asText());
                method = l.path("method").asText("GET").toUpperCase(java.util.Locale.ROOT);
                if (method.equals("POST")) {
                    ObjectNode merged = l.path("merge").asBoolean(false) ? body.deepCopy() : JSON.createObjectNode();
                    if (l.has("body")) merged.setAll((ObjectNode) l.get("body"));
                    nextBody = merged.isEmpty() ? body : merged;
                }
            }
            if (res.path("features").isEmpty()) break;
        }
        return out;
    }
}
