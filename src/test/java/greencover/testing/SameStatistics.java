package greencover.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;

/** Compares two per-site statistics objects of the REST API field by field, as the read-in-place tests need. */
public final class SameStatistics {
    private SameStatistics() {}

    /**
     * Every number of {@code a} (nested objects such as {@code classAreasM2} too) within {@code tolerance} of
     * {@code b}'s, every other value equal, the same fields on both sides; but for {@code sceneId} (another server,
     * another id).
     */
    public static void assertSame(JsonNode a, JsonNode b, double tolerance) { compare(a, b, "", tolerance); }

    /**
     * The statistics {@code s} hold the hand-computed {@code expected} values: each key a JSON pointer into {@code s}
     * ({@code mean}, {@code classAreasM2/dense}), or {@code "a / b"} (blanks around the slash) for the ratio of two of
     * them ({@code "classAreasM2/dense / validAreaM2"}), each value {value, tolerance}.
     */
    public static void assertValues(JsonNode s, java.util.Map<String, double[]> expected) {
        expected.forEach((key, v) -> {
            String[] parts = key.split(" / ");
            double x = s.at("/" + parts[0]).asDouble(Double.NaN);
            if (parts.length == 2) x /= s.at("/" + parts[1]).asDouble(Double.NaN);
            assertThat(x).as(key).isCloseTo(v[0], within(v[1]));
        });
    }

    /** {@code value} with {@code tolerance}, for {@link #assertValues}. */
    public static double[] near(double value, double tolerance) { return new double[] {value, tolerance}; }

    private static void compare(JsonNode a, JsonNode b, String path, double tolerance) {
        assertThat(b).as(path).isNotNull();
        if (a.isObject()) {
            a.fieldNames().forEachRemaining(k -> {
                if (!(path.isEmpty() && k.equals("sceneId"))) compare(a.get(k), b.get(k), path + "/" + k, tolerance);
            });
            assertThat(b.size()).as(path + " fields").isEqualTo(a.size());
        } else if (a.isNumber()) {
            assertThat(b.isNumber()).as(path).isTrue();
            assertThat(a.asDouble()).as(path).isCloseTo(b.asDouble(), within(tolerance));
        } else {
            assertThat(a).as(path).isEqualTo(b);
        }
    }
}
