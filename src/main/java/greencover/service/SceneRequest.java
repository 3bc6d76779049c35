package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.BaselineDecision;
import greencover.core.raster.GenericSensor;
import greencover.core.raster.SensorProfile;
import greencover.core.raster.SensorProfiles;
import greencover.core.raster.SensorSettings;
import greencover.core.raster.Sentinel2L2A;
import greencover.service.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A validated scene upload: band inputs by role, the sensor profile with its decided conversion, the
 * acquisition instant and date (UTC), and the name.
 */
record SceneRequest(Map<BandRole, BandInput> bands, String sensorId, SensorProfile sensor, Instant acquiredAt,
                    LocalDate date, String name, String baseline, String baselineRule, int offsetDn) {

    static final LocalDate EARLIEST = LocalDate.of(1972, 7, 23); // Landsat 1

    static SceneRequest parse(IngestRequest r) {
        if (r.bands() == null || r.bands().isEmpty()) {
            throw new InvalidInputException("missing_field", "file", "no image given: send 'file' with 'bands', or one part per band role (red, nir, ...)");
        }
        Map<BandRole, BandInput> bands = SceneService.byRole(r.bands());
        for (BandRole need : new BandRole[] {BandRole.RED, BandRole.NIR}) {
            if (!bands.containsKey(need)) {
                throw new InvalidInputException("missing_band", need.key(), "band '" + need.key() + "' is required (roles given: "
                        + bands.keySet().stream().map(BandRole::key).toList() + ")");
            }
        }
        if (r.sensor() == null || r.sensor().isBlank()) {
            throw new InvalidInputException("missing_field", "sensor", "sensor is required: sentinel2-l2a, landsat-c2l2 or generic");
        }
        Instant at = acquired(r.acquired());
        LocalDate date = at.atZone(ZoneOffset.UTC).toLocalDate();
        String name = r.name() == null || r.name().isBlank() ? null : r.name().trim();
        if (name != null && name.length() > 300) throw new InvalidInputException("invalid_field", "name", "name is longer than 300 characters");
        String sensorId;
        try {
            sensorId = SensorProfiles.parseId(r.sensor());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid_field", "sensor", e.getMessage());
        }
        SensorSettings settings = switch (sensorId) {
            case GenericSensor.ID -> genericSettings(r);
            case Sentinel2L2A.ID -> SensorSettings.sentinel2(blankToNull(r.processingBaseline()), name, date);
            default -> SensorSettings.none();
        };
        SensorProfile sensor;
        try {
            sensor = SensorProfiles.of(sensorId, settings);
        } catch (IllegalArgumentException e) { // the only setting of a known sensor that can still be wrong
            throw new InvalidInputException("invalid_field", "processingBaseline", e.getMessage());
        }
        if (sensor instanceof Sentinel2L2A s2) {
            BaselineDecision d = s2.baseline();
            return new SceneRequest(bands, sensorId, sensor, at, date, nameOr(name, date),
                    String.format(java.util.Locale.ROOT, "%05.2f", d.baseline()), d.rule(), d.offsetDn());
        }
        return new SceneRequest(bands, sensorId, sensor, at, date, nameOr(name, date), null, null, 0);
    }

    /** The generic sensor's fields, each checked under its own name: scale (default 1), offset (0), nodata, maskValues. */
    private static SensorSettings genericSettings(IngestRequest r) {
        double scale = number(r.scale(), "scale", 1.0);
        double offset = number(r.offset(), "offset", 0.0);
        if (!(scale != 0) || !Double.isFinite(scale)) throw new InvalidInputException("invalid_field", "scale", "scale must be a non-zero number");
        Integer nodata = r.nodata() == null || r.nodata().isBlank() ? null : (int) number(r.nodata(), "nodata", 0);
        int[] mask = null;
        if (r.maskValues() != null && !r.maskValues().isBlank()) {
            String[] parts = r.maskValues().split(",");
            mask = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    mask[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("invalid_field", "maskValues", "maskValues must be comma-separated integers but has '" + parts[i].trim() + "'");
                }
            }
        }
        return SensorSettings.generic(scale, offset, nodata, mask);
    }

    private static String nameOr(String name, LocalDate date) { return name != null ? name : "scene-" + date; }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

    private static double number(String s, String field, double dflt) {
        if (s == null || s.isBlank()) return dflt;
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid_field", field, field + " must be a number but was '" + s + "'");
        }
    }

    /** Parses an ISO date (UTC midnight), a date-time with offset, or a local date-time taken as UTC. */
    static Instant acquired(String s) {
        if (s == null || s.isBlank()) {
            throw new InvalidInputException("missing_field", "acquired", "acquired is required (ISO date like 2024-06-01 or date-time like 2024-06-01T03:12:00Z)");
        }
        String t = s.trim();
        Instant at;
        try {
            if (t.length() == 10) at = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            else if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) at = OffsetDateTime.parse(t).toInstant();
            else at = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("invalid_field", "acquired", "acquired '" + s + "' is not an ISO date or date-time");
        }
        LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
        if (d.isBefore(EARLIEST) || d.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
            throw new InvalidInputException("invalid_field", "acquired", "acquired " + d + " is outside " + EARLIEST + " .. today");
        }
        return at;
    }
}
