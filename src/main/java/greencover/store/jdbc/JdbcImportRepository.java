package greencover.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.domain.SiteWatch;
import greencover.domain.StacImport;
import greencover.domain.StoreException;
import greencover.store.ImportRepository;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Imports in {@code stac_imports} and watches in {@code site_watches} (schema steps 10 and 11), each row's state a
 * JSON document; the items each import is done with in {@code stac_import_items} (step 24), written with the import's
 * document in one transaction. Written on connections of their own, outside the catalog's units of work, so progress never bumps
 * the catalog version (which map caches and ETags follow).
 */
final class JdbcImportRepository implements ImportRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource pool;

    JdbcImportRepository(DataSource pool) { this.pool = pool; }

    private interface Work<T> { T run(Connection c) throws SQLException; }

    private <T> T run(String what, Work<T> w) {
        try (Connection c = pool.getConnection()) {
            return w.run(c);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Connection c, String delete, String insert, String key, Binder insertBinder) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement d = c.prepareStatement(delete); PreparedStatement p = c.prepareStatement(insert)) {
            d.setString(1, key);
            d.executeUpdate();
            insertBinder.bind(p);
            p.executeUpdate();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private interface Binder { void bind(PreparedStatement p) throws SQLException; }

    @Override
    public void save(StacImport i) {
        String doc = write(importDoc(i));
        run("store import " + i.id(), c -> {
            replace(c, "DELETE FROM stac_imports WHERE id = ?", "INSERT INTO stac_imports (id, status, created_at, doc) VALUES (?, ?, ?, ?)",
                    i.id(), p -> {
                        p.setString(1, i.id());
                        p.setString(2, i.status());
                        p.setTimestamp(3, Timestamp.from(i.createdAt()));
                        p.setString(4, doc);
                    });
            return null;
        });
    }

    @Override
    public void saveProgress(StacImport i, StacImport.Done d) {
        String doc = write(importDoc(i));
        run("store the progress of import " + i.id(), c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement n = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM stac_import_items WHERE import_id = ?");
                 PreparedStatement item = c.prepareStatement("INSERT INTO stac_import_items (import_id, seq, item_key, outcome, bytes_read) "
                         + "VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement del = c.prepareStatement("DELETE FROM stac_imports WHERE id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO stac_imports (id, status, created_at, doc) VALUES (?, ?, ?, ?)")) {
                n.setString(1, i.id());
                int seq;
                try (ResultSet rs = n.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1) + 1;
                }
                item.setString(1, i.id());
                item.setInt(2, seq);
                item.setString(3, d.key());
                item.setString(4, d.outcome());
                item.setLong(5, d.bytesRead());
                item.executeUpdate();
                del.setString(1, i.id());
                del.executeUpdate();
                ins.setString(1, i.id());
                ins.setString(2, i.status());
                ins.setTimestamp(3, Timestamp.from(i.createdAt()));
                ins.setString(4, doc);
                ins.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
            return null;
        });
    }

    @Override
    public List<StacImport.Done> done(String id) {
        return run("read the items of import " + id, c -> Rows.list(c, "SELECT item_key, outcome, bytes_read FROM stac_import_items "
                + "WHERE import_id = ? ORDER BY seq", p -> p.setString(1, id), rs -> new StacImport.Done(rs.getString(1), rs.getString(2), rs.getLong(3))));
    }

    @Override
    public Optional<StacImport> find(String id) {
        return run("read import " + id, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT doc FROM stac_imports WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(importOf(read(rs.getString(1)))) : Optional.<StacImport>empty();
                }
            }
        });
    }

    @Override
    public List<StacImport> all() {
        return run("list imports", c -> Rows.list(c, "SELECT doc FROM stac_imports ORDER BY created_at DESC, id DESC", p -> { },
                rs -> importOf(read(rs.getString(1)))));
    }

    @Override
    public void saveWatch(SiteWatch w) {
        String doc = write(watchDoc(w));
        run("store the watch of site " + w.siteId(), c -> {
            replace(c, "DELETE FROM site_watches WHERE site_id = ?", "INSERT INTO site_watches (site_id, doc) VALUES (?, ?)", w.siteId(), p -> {
                p.setString(1, w.siteId());
                p.setString(2, doc);
            });
            return null;
        });
    }

    @Override
    public Optional<SiteWatch> watch(String siteId) {
        return run("read the watch of site " + siteId, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT doc FROM site_watches WHERE site_id = ?")) {
                p.setString(1, siteId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(watchOf(read(rs.getString(1)))) : Optional.<SiteWatch>empty();
                }
            }
        });
    }

    @Override
    public boolean deleteWatch(String siteId) {
        return run("delete the watch of site " + siteId, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM site_watches WHERE site_id = ?")) {
                p.setString(1, siteId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<SiteWatch> watches() {
        return run("list watches", c -> Rows.list(c, "SELECT doc FROM site_watches ORDER BY site_id", p -> { }, rs -> watchOf(read(rs.getString(1)))));
    }

    /** Leases in {@code leases (name, owner, expires_ms)} (schema step 27), times as epoch milliseconds (no time zone). */
    @Override
    public boolean takeLease(String name, String owner, Instant now, Instant until) {
        return run("take the lease " + name, c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE leases SET owner = ?, expires_ms = ? WHERE name = ? AND (owner = ? OR expires_ms <= ?)")) {
                u.setString(1, owner);
                u.setLong(2, until.toEpochMilli());
                u.setString(3, name);
                u.setString(4, owner);
                u.setLong(5, now.toEpochMilli());
                if (u.executeUpdate() > 0) return true;
            }
            try (PreparedStatement i = c.prepareStatement("INSERT INTO leases (name, owner, expires_ms) VALUES (?, ?, ?)")) {
                i.setString(1, name);
                i.setString(2, owner);
                i.setLong(3, until.toEpochMilli());
                return i.executeUpdate() > 0;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) return false; // another server inserted it first: it holds the lease
                throw e;
            }
        });
    }

    @Override
    public boolean renewLease(String name, String owner, Instant until) {
        return run("renew the lease " + name, c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE leases SET expires_ms = ? WHERE name = ? AND owner = ?")) {
                u.setLong(1, until.toEpochMilli());
                u.setString(2, name);
                u.setString(3, owner);
                return u.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void releaseLease(String name, String owner) {
        run("release the lease " + name, c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM leases WHERE name = ? AND owner = ?")) {
                d.setString(1, name);
                d.setString(2, owner);
                return d.executeUpdate();
            }
        });
    }

    private static ObjectNode importDoc(StacImport i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", i.id());
        StacImport.Spec s = i.spec();
        ObjectNode spec = n.putObject("spec");
        spec.put("stacApi", s.stacApi());
        strings(spec.putArray("collections"), s.collections());
        if (s.sites() != null) strings(spec.putArray("sites"), s.sites());
        if (s.bbox() != null) {
            ArrayNode b = spec.putArray("bbox");
            s.bbox().forEach(b::add);
        }
        spec.put("datetime", s.datetime());
        if (s.maxCloud() != null) spec.put("maxCloud", s.maxCloud());
        spec.put("profile", s.profile());
        spec.put("limit", s.limit());
        n.put("status", i.status());
        StacImport.Counts k = i.items();
        n.putObject("items").put("found", k.found()).put("ingested", k.ingested()).put("duplicate", k.duplicate())
                .put("skipped", k.skipped()).put("failed", k.failed());
        n.put("bytesRead", i.bytesRead());
        ArrayNode errors = n.putArray("errors");
        for (StacImport.ItemError e : i.errors()) errors.addObject().put("item", e.item()).put("error", e.error());
        n.put("createdAt", text(i.createdAt()));
        n.put("startedAt", text(i.startedAt()));
        n.put("finishedAt", text(i.finishedAt()));
        n.put("watchSite", i.watchSite());
        return n;
    }

    private static StacImport importOf(JsonNode n) {
        JsonNode s = n.path("spec");
        List<Double> bbox = null;
        if (s.path("bbox").isArray()) {
            bbox = new ArrayList<>();
            for (JsonNode d : s.path("bbox")) bbox.add(d.asDouble());
        }
        StacImport.Spec spec = new StacImport.Spec(s.path("stacApi").asText(), strings(s.path("collections")),
                s.path("sites").isArray() ? strings(s.path("sites")) : null, bbox, s.path("datetime").asText(null),
                s.path("maxCloud").isNumber() ? s.path("maxCloud").asDouble() : null, s.path("profile").asText(null), s.path("limit").asInt());
        JsonNode k = n.path("items");
        List<StacImport.ItemError> errors = new ArrayList<>();
        for (JsonNode e : n.path("errors")) errors.add(new StacImport.ItemError(e.path("item").asText(null), e.path("error").asText()));
        return new StacImport(n.path("id").asText(), spec, n.path("status").asText(), new StacImport.Counts(k.path("found").asInt(),
                k.path("ingested").asInt(), k.path("duplicate").asInt(), k.path("skipped").asInt(), k.path("failed").asInt()),
                n.path("bytesRead").asLong(), errors, instant(n.path("createdAt")), instant(n.path("startedAt")), instant(n.path("finishedAt")),
                n.path("watchSite").asText(null));
    }

    private static ObjectNode watchDoc(SiteWatch w) {
        ObjectNode n = JSON.createObjectNode();
        n.put("siteId", w.siteId());
        n.put("stacApi", w.stacApi());
        strings(n.putArray("collections"), w.collections());
        if (w.maxCloud() != null) n.put("maxCloud", w.maxCloud());
        n.put("every", w.every().toString());
        n.put("from", w.from());
        n.put("profile", w.profile());
        n.put("createdAt", text(w.createdAt()));
        n.put("lastPollAt", text(w.lastPollAt()));
        n.put("lastImportId", w.lastImportId());
        return n;
    }

    private static SiteWatch watchOf(JsonNode n) {
        return new SiteWatch(n.path("siteId").asText(), n.path("stacApi").asText(), strings(n.path("collections")),
                n.path("maxCloud").isNumber() ? n.path("maxCloud").asDouble() : null, Duration.parse(n.path("every").asText()),
                n.path("from").asText(null), n.path("profile").asText(null), instant(n.path("createdAt")), instant(n.path("lastPollAt")),
                n.path("lastImportId").asText(null));
    }

    private static void strings(ArrayNode a, List<String> values) { values.forEach(a::add); }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : a) out.add(v.asText());
        return out;
    }

    private static String text(Instant t) { return t == null ? null : t.toString(); }

    private static Instant instant(JsonNode n) { return n.isTextual() ? Instant.parse(n.asText()) : null; }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new StoreException("a stored import or watch is not JSON: " + e.getMessage(), e);
        }
    }
}
