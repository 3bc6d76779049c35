package greencover.service.map;

/** A style offered by a map layer: its name (the STYLES parameter value) and a human-readable title. */
public record MapStyle(String name, String title) {}
