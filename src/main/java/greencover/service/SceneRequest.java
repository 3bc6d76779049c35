package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.GdalScaling;
import greencover.core.raster.InvalidSensorFieldException;
import greencover.core.raster.RasterFormatException;
import greencover.core.raster.SensorProfile;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.service.error.InvalidInputException;
import greencover.service.error.RasterTooLargeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A validated scene upload: band inputs by role, the sensor profile its provider opened from the upload's fields,
 * the acquisition instant and date (UTC), and the name. Knows no sensor by name: the sensor id and its
 * parameters are checked by the {@link SensorProvider} found in the registry.
 */
record SceneRequest(Map<BandRole, BandInput> bands, String sensorId, SensorProfile sensor, Instant acquiredAt,
                    LocalDate date, String name) {

    static final LocalDate EARLIEST = LocalDate.of(1972, 7, 23); // Landsat 1

    static SceneRequest parse(IngestRequest r, SensorProviders sensors) {
        return parse(r, sensors, SceneRequest::redScaling);
    }

    /**
     * As {@link #parse(IngestRequest, SensorProviders)} with the red band's declared scaling from {@code redScaling}
     * (a remote band's comes from its header, read later; null before).
     */
    static SceneRequest parse(IngestRequest r, SensorProviders sensors, java.util.function.Function<BandInput, GdalScaling> redScaling) {
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
            throw new InvalidInputException("missing_field", "sensor", "sensor is required: " + String.join(", ", sensors.ids()));
        }
        Instant at = acquired(r.acquired());
        LocalDate date = at.atZone(ZoneOffset.UTC).toLocalDate();
        String name = r.name() == null || r.name().isBlank() ? null : r.name().trim();
        if (name != null && name.length() > 300) throw new InvalidInputException("invalid_field", "name", "name is longer than 300 characters");
        SensorProfile sensor;
        try {
            SensorProvider provider = sensors.parse(r.sensor());
            sensor = provider.open(r.fields() == null ? Map.of() : r.fields(), date, name, redScaling.apply(bands.get(BandRole.RED)));
        } catch (InvalidSensorFieldException e) {
            throw new InvalidInputException("invalid_field", e.field(), e.getMessage());
        }
        for (BandInput b : bands.values()) {
            if (!sensor.acceptedBands().contains(b.role())) {
                throw new InvalidInputException("invalid_band", b.field(), "band role '" + b.role().key() + "' is not a band of "
                        + sensor.id() + " (it accepts " + sensor.acceptedBands().stream().map(BandRole::key).toList() + ")");
            }
        }
        return new SceneRequest(bands, sensor.id(), sensor, at, date, name != null ? name : "scene-" + date);
    }

    /** The GDAL scale/offset the red band's file declares for it, or null; a hostile or malformed header is a 4xx. */
    private static GdalScaling redScaling(BandInput red) {
        try {
            return GdalScaling.of(red.file(), red.band(), red.field());
        } catch (RasterFormatException e) {
            if (e.reason() == RasterFormatException.Reason.TOO_LARGE) throw new RasterTooLargeException(e.field(), e.getMessage());
            throw new InvalidInputException(e.code(), e.field(), e.getMessage(), e);
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
