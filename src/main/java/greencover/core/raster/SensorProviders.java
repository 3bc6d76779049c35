package greencover.core.raster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable registry of {@link SensorProvider}s by id. The ids of {@link #defaults()} are part of the public
 * API (the {@code sensor} field of an upload); services, the HTTP layer and the command line read the sensor list
 * and each sensor's parameters from the registry they are given.
 */
public final class SensorProviders {
    private static final SensorProviders DEFAULTS = builtIn();

    private final Map<String, SensorProvider> byId;

    private SensorProviders(List<SensorProvider> providers) {
        Map<String, SensorProvider> m = new LinkedHashMap<>();
        for (SensorProvider p : providers) {
            if (m.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException("sensor id " + p.id() + " is already registered");
            }
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    /** The built-in sensors, in the order of {@code builtIn()}. */
    public static SensorProviders defaults() { return DEFAULTS; }

    /** The built-in sensors in documentation order; one line per sensor. */
    private static SensorProviders builtIn() {
        List<SensorProvider> all = new ArrayList<>();
        all.add(new Sentinel2L2AProvider());
        all.add(new LandsatC2L2());
        all.add(new GenericSensorProvider());
        all.add(new Sentinel2L2AHarmonized());
        return new SensorProviders(all);
    }

    /**
     * A new registry holding these providers plus {@code provider}.
     *
     * @throws IllegalArgumentException naming the id when it is already registered
     */
    public SensorProviders with(SensorProvider provider) {
        Objects.requireNonNull(provider, "provider");
        List<SensorProvider> all = new ArrayList<>(byId.values());
        all.add(provider);
        return new SensorProviders(all);
    }

    /** All ids in registration order. */
    public List<String> ids() { return List.copyOf(byId.keySet()); }

    /** All providers in registration order. */
    public List<SensorProvider> all() { return List.copyOf(byId.values()); }

    /**
     * The provider of {@code id}, ignoring case and surrounding blanks.
     *
     * @throws InvalidSensorFieldException naming {@code sensor} and the accepted ids when missing or unknown
     */
    public SensorProvider parse(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidSensorFieldException("sensor", "sensor is required: " + String.join(", ", byId.keySet()));
        }
        SensorProvider p = byId.get(id.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InvalidSensorFieldException("sensor", "sensor: unknown sensor '" + id + "'; accepted values are "
                    + String.join(", ", byId.keySet()));
        }
        return p;
    }
}
