package greencover.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.domain.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/** The column codecs the repositories share: WKT geometry, comma lists, JSON objects, and query-to-list. */
final class Rows {
    private final ObjectMapper json = new ObjectMapper();

    /** Maps the current row of a result set. */
    interface Mapper<T> { T map(ResultSet rs) throws SQLException; }

    /** Binds parameters of a statement. */
    interface Binder { void bind(PreparedStatement p) throws SQLException; }

    static <T> List<T> list(java.sql.Connection c, String sql, Binder bind, Mapper<T> map) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(map.map(rs));
                return out;
            }
        }
    }

    static String wkt(Geometry g) { return new WKTWriter().write(g); }

    static Geometry geometry(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new StoreException("corrupt geometry in catalog: " + e.getMessage(), e);
        }
    }

    static String joined(List<String> items) { return String.join(",", items); }

    static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    <T> T fromJson(String s, TypeReference<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON in catalog: " + e.getOriginalMessage(), e);
        }
    }
}
