package greencover.service.map;

/** STUB (to be replaced by the renderer branch): a named style of a layer. */
public record MapStyle(String name, String title) {}
